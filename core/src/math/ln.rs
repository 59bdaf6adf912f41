//! `ln x` from `+`, `*`, one division and bit operations, for the Box–Muller transform.
//!
//! `libm::logf` evaluates in double precision, which a Cortex-M4F's single-precision FPU runs
//! in software: a Gaussian draw cost about 2 600 instructions there, more than all of a
//! noise point's classifier arithmetic. This one stays in `f32` and gives the same bits on every
//! target.

/// `ln 2` split Cody–Waite style: `e·LN2_HI` is exact for the exponents of normal floats.
const LN2_HI: f32 = 0.693_359_4;
const LN2_LO: f32 = -2.121_944_4e-4;

/// `ln x` for a normal, finite `x > 0`, within about 2 ulp (checked against `f64` by the
/// tests). Not for zero, subnormals, negative numbers, infinities or NaN, which its callers
/// never pass.
///
/// Method: `x = 2^e · m` with `m ∈ [√½, √2)`, then `ln m = 2·atanh(s)` with
/// `s = (m − 1)/(m + 1)`, `|s| ≤ 0.172`, summed to `s⁹` (truncation below `3·10⁻⁹`).
#[inline(always)]
pub fn ln(x: f32) -> f32 {
    let bits = x.to_bits();
    let mut e = ((bits >> 23) & 0xFF) as i32 - 127;
    let mut m = f32::from_bits((bits & 0x007F_FFFF) | 0x3F80_0000);
    if m > core::f32::consts::SQRT_2 {
        m *= 0.5;
        e += 1;
    }
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let q = 2.0 / 9.0;
    let q = 2.0 / 7.0 + s2 * q;
    let q = 2.0 / 5.0 + s2 * q;
    let q = 2.0 / 3.0 + s2 * q;
    let ln_m = 2.0 * s + s * (s2 * q);
    let e = e as f32;
    e * LN2_HI + (e * LN2_LO + ln_m)
}

/// [`ln`] out of line, for cold call sites (once a run): each inlined copy of [`ln`] costs a
/// Cortex-M4F about 160 bytes of flash, more than a call.
#[inline(never)]
pub fn ln_cold(x: f32) -> f32 {
    ln(x)
}

/// `ln(1 + x)` for `0 ≤ x ≤ 1` (and NaN for NaN), accurate where `1 + x` rounds: with
/// `u = 1 + x` rounded, `ln(1 + x) = ln u · x / (u − 1)` cancels the rounding to first order
/// (Goldberg's method), and `u = 1` returns `x` itself. For the logistic loss's `ln(1 + e^{−|z|})`,
/// from the exponential the sigmoid already took: no `f64` and no calls, unlike `libm::log1pf`.
#[inline(always)]
pub fn ln_1p(x: f32) -> f32 {
    let u = 1.0 + x;
    if u == 1.0 {
        x
    } else {
        ln(u) * (x / (u - 1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ulps(a: f32, b: f64) -> f64 {
        let b32 = b as f32;
        let ulp = f32::from_bits(b32.abs().to_bits() + 1) - b32.abs();
        ((f64::from(a) - b) / f64::from(ulp)).abs()
    }

    #[test]
    fn within_two_ulp_of_f64_on_box_mullers_inputs_and_beyond() {
        let mut worst = 0.0f64;
        // Every 97th multiple of 2⁻²⁴ in (0, 1] (the uniform draws), then a stride up to 1e30.
        let mut k = 1u32;
        while k <= 1 << 24 {
            let x = k as f32 / 16_777_216.0;
            if x != 1.0 {
                worst = worst.max(ulps(ln(x), libm::log(f64::from(x))));
            }
            k += 97;
        }
        let mut x = 1.000_1f32;
        while x < 1e30 {
            worst = worst.max(ulps(ln(x), libm::log(f64::from(x))));
            x *= 1.013;
        }
        assert!(worst <= 2.0, "worst {worst} ulp");
        assert_eq!(ln(1.0), 0.0);
    }

    #[test]
    fn ln_1p_within_three_ulp_of_f64_on_0_to_1() {
        let mut worst = 0.0f64;
        // Every 61st multiple of 2⁻²⁴ in [0, 1], then x down to the smallest normal.
        let mut k = 0u32;
        while k <= 1 << 24 {
            let x = k as f32 / 16_777_216.0;
            if x != 0.0 {
                worst = worst.max(ulps(ln_1p(x), libm::log1p(f64::from(x))));
            }
            k += 61;
        }
        let mut x = 1e-3f32;
        while x > f32::MIN_POSITIVE {
            worst = worst.max(ulps(ln_1p(x), libm::log1p(f64::from(x))));
            x *= 0.917;
        }
        assert!(worst <= 3.0, "worst {worst} ulp");
        assert_eq!(ln_1p(0.0), 0.0);
        assert_eq!(ln_1p(1e-30), 1e-30);
        assert!(ln_1p(f32::NAN).is_nan());
    }
}
