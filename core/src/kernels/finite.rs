//! Whether every element of a slice is finite, in the loop shape each target runs fastest.

use crate::kernels::lanes::BLOCKED;

/// True when no element of `xs` is NaN or infinite.
///
/// With vector units every element is compared (no early exit, so the loop vectorises). On a
/// Cortex-M4F a compare costs the compare, a flag transfer and a select, about nine
/// instructions an element with the loop; there the check sums `x · 0` instead, which is ±0
/// for a finite `x` and NaN for anything else, so the sum is 0 exactly when every element is
/// finite: a load and one multiply-add an element. An optimizer step checks its gradient and
/// its parameters this way, so that is two passes over the model per update.
#[cfg_attr(feature = "inline-hot", inline(always))]
#[cfg_attr(not(feature = "inline-hot"), inline)]
pub(crate) fn all_finite(xs: &[f32]) -> bool {
    if BLOCKED {
        by_comparisons(xs)
    } else {
        by_zero_products(xs)
    }
}

#[inline(always)]
fn by_comparisons(xs: &[f32]) -> bool {
    xs.iter().fold(true, |finite, x| finite & x.is_finite())
}

/// Four at a time, written out: the firmware's `opt-level = "s"` does not unroll. One copy,
/// not inlined: it is called once per tensor, and the firmware's flash is nearly full.
#[inline(never)]
fn by_zero_products(xs: &[f32]) -> bool {
    let mut sum = 0.0f32;
    let quads = xs.chunks_exact(4);
    let rest = quads.remainder();
    for quad in quads {
        if let [a, b, c, d] = *quad {
            sum += a * 0.0;
            sum += b * 0.0;
            sum += c * 0.0;
            sum += d * 0.0;
        }
    }
    for &x in rest {
        sum += x * 0.0;
    }
    sum == 0.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_any_nan_or_infinity_at_any_position() {
        for len in 0..11 {
            let finite: [f32; 10] = [
                1.0,
                -0.0,
                0.0,
                f32::MAX,
                -f32::MAX,
                f32::MIN_POSITIVE,
                f32::from_bits(1),
                -3.5e-30,
                1e30,
                -2.0,
            ];
            let xs = &finite[..len];
            assert!(
                all_finite(xs) && by_comparisons(xs) && by_zero_products(xs),
                "{xs:?}"
            );
            for at in 0..len {
                for bad in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY, -f32::NAN] {
                    let mut ys = finite;
                    ys[at] = bad;
                    let ys = &ys[..len];
                    assert!(
                        !all_finite(ys) && !by_comparisons(ys) && !by_zero_products(ys),
                        "{ys:?}"
                    );
                }
            }
        }
    }
}
