//! `e^x` and `e^x − 1` from `+`, `*` and bit operations only.
//!
//! Activations evaluate tens of thousands of exponentials per minibatch; a scalar
//! `libm::expf` call costs more than all the multiply-adds around it. These versions are
//! straight-line code in one fixed order, so the compiler can vectorise them across units, and
//! since IEEE-754 `+` and `*` round the same everywhere (Rust never fuses them into FMAs), a
//! host and a Cortex-M4F get the same bits.
//!
//! Accuracy against `libm` is measured by `cargo run --release --example exp_accuracy` over
//! every `f32` from −104 to 89 (the figure is in `README.md`) and checked on a stride of
//! inputs by a unit test. Results underflow to subnormals and 0, and overflow to `+∞`, like
//! libm's; NaN gives NaN.

/// `log₂ e`.
const LOG2_E: f32 = core::f32::consts::LOG2_E;
/// `ln 2` split Cody–Waite style: `LN2_HI` has few bits, so `k·LN2_HI` is exact for |k| ≤ 2¹⁵.
const LN2_HI: f32 = 0.693_359_4;
const LN2_LO: f32 = -2.121_944_4e-4;
/// Adding then subtracting `1.5·2²³` rounds a float of magnitude < 2²² to an integer.
const ROUNDER: f32 = 12_582_912.0;
/// Inputs are clamped to this range first, so the exponent arithmetic stays in range; `e^x`
/// rounds to 0 below it and overflows to `+∞` above it anyway.
const LOWEST: f32 = -104.0;
const HIGHEST: f32 = 89.0;

/// `e^r − 1` for `|r| ≤ ln2/2`: Taylor to degree 7 in Horner form (truncation < 6e-9).
#[inline(always)]
fn expm1_reduced(r: f32) -> f32 {
    let p = 1.0 / 5040.0;
    let p = 1.0 / 720.0 + r * p;
    let p = 1.0 / 120.0 + r * p;
    let p = 1.0 / 24.0 + r * p;
    let p = 1.0 / 6.0 + r * p;
    let p = 0.5 + r * p;
    let p = 1.0 + r * p;
    r * p
}

/// `2^k` for `−75 ≤ k ≤ 65`, built in the exponent field.
#[inline(always)]
fn pow2(k: i32) -> f32 {
    f32::from_bits(((k + 127) as u32) << 23)
}

/// `e^x`: `x = k·ln 2 + r` with integer `k` and `|r| ≤ ln2/2`, then
/// `e^x = 2^k₁·(2^k₂·(e^r − 1) + 2^k₂)` with `k = k₁ + k₂` split in halves, so neither power
/// of two over- or underflows and the result rounds to 0, a subnormal or `+∞` as it should.
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    exp_with_reduced(x).0
}

/// `x = k·ln 2 + r`: the reduced argument `r` (`|r| ≤ ln2/2`) and the integer `k`, for `x`
/// within `LOWEST..=HIGHEST`.
#[inline(always)]
fn reduce(x: f32) -> (f32, i32) {
    let shifted = x * LOG2_E + ROUNDER;
    let k_float = shifted - ROUNDER;
    let r = (x - k_float * LN2_HI) - k_float * LN2_LO;
    // The low bits of `shifted` hold k.
    (
        r,
        (shifted.to_bits() as i32).wrapping_sub(ROUNDER.to_bits() as i32),
    )
}

/// Below this in magnitude, `k = 0`, so `e^x − 1` is the reduced polynomial itself.
const NEAR_ZERO: f32 = 0.346_573_6;

/// `(e^x, e^r − 1)` with `r` the reduced argument of [`exp`]. When `|x| < ln2/2`, `k = 0`
/// and `r = x` exactly, so the second value is then `e^x − 1` without cancellation.
#[inline(always)]
fn exp_with_reduced(x: f32) -> (f32, f32) {
    // `if`s rather than `max`/`min`, which would turn NaN into a number.
    let x = if x < LOWEST { LOWEST } else { x };
    let x = if x > HIGHEST { HIGHEST } else { x };
    let (r, k) = reduce(x);
    let k1 = k >> 1;
    let s2 = pow2(k - k1);
    let p = expm1_reduced(r);
    ((s2 * p + s2) * pow2(k1), p)
}

/// `e^x − 1`, accurate near 0 (no cancellation for small `|x|`).
#[inline(always)]
pub fn exp_m1(x: f32) -> f32 {
    exp_and_exp_m1(x).1
}

/// `(e^x, e^x − 1)` from one exponential: [`exp`] and [`exp_m1`] with the same bits as
/// calling both, for ELU, whose value needs `e^x − 1` and whose derivative needs `e^x`.
/// Below `ln2/2` in magnitude, `e^x − 1` is the reduced polynomial itself (`r = x` there);
/// elsewhere it is `e^x − 1`, where the subtraction loses nothing that matters.
#[inline(always)]
pub fn exp_and_exp_m1(x: f32) -> (f32, f32) {
    let (e, p) = exp_with_reduced(x);
    let m1 = if x > -NEAR_ZERO && x < NEAR_ZERO {
        p
    } else {
        e - 1.0
    };
    (e, m1)
}

/// The lowest input of [`exp_and_exp_m1_of_negative`]. Above it, `e^x` is far from the
/// subnormals, so a single power of two scales it exactly.
pub const NEGATIVE_FLOOR: f32 = -64.0;

/// [`exp_and_exp_m1`] of `NEGATIVE_FLOOR ≤ x < 0`, with the same bits and less work, for
/// processors that run one element at a time and pay for every instruction: no clamps, one
/// power of two instead of two (every value is a normal `f32`, where scaling by `2^k` is
/// exact, so `2^k·p + 2^k` rounds as the split form does), and one comparison for the
/// near-zero case. A unit test compares the two on every `f32` of the range.
#[inline(always)]
pub fn exp_and_exp_m1_of_negative(x: f32) -> (f32, f32) {
    let (r, k) = reduce(x);
    let scale = pow2(k);
    let p = expm1_reduced(r);
    let e = scale * p + scale;
    (e, if x > -NEAR_ZERO { p } else { e - 1.0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ulps(a: f32, b: f32) -> u32 {
        let key = |x: f32| {
            let i = x.to_bits() as i32;
            if i < 0 {
                i32::MIN.wrapping_sub(i)
            } else {
                i
            }
        };
        key(a).wrapping_sub(key(b)).unsigned_abs()
    }

    #[test]
    fn exp_matches_libm_within_two_ulp_on_a_stride_of_the_range() {
        let mut worst = 0;
        let mut bits = (-87.3f32).to_bits();
        // Normal results only (subnormals are checked in `edges`): walk the negative floats
        // from −87.3 up to 0, then the positives.
        while bits > 0x8000_0000 {
            let x = f32::from_bits(bits);
            worst = worst.max(ulps(exp(x), libm::expf(x)));
            bits -= 997;
        }
        let mut bits = 0u32;
        while f32::from_bits(bits) < 88.72 {
            let x = f32::from_bits(bits);
            worst = worst.max(ulps(exp(x), libm::expf(x)));
            bits += 997;
        }
        assert!(worst <= 2, "worst error {worst} ulp");
    }

    #[test]
    fn exp_m1_is_accurate_near_zero() {
        for &x in &[1e-7f32, -1e-7, 1e-3, -1e-3, 0.3, -0.3, 0.5, -2.0, -20.0] {
            let want = libm::expm1f(x);
            assert!(ulps(exp_m1(x), want) <= 3, "x={x}: {} vs {want}", exp_m1(x));
        }
    }

    #[test]
    fn the_negative_shortcut_has_the_bits_of_the_general_form_on_every_input() {
        // Every f32 from −0's successor down to NEGATIVE_FLOOR: 1.1e9 inputs, too many for an
        // unoptimised test run, so a stride of 61 here; `cargo test --release -- --ignored`
        // walks them all (see below).
        let lowest = NEGATIVE_FLOOR.to_bits();
        let mut bits = 0x8000_0001u32;
        while bits <= lowest {
            let x = f32::from_bits(bits);
            let (e, m1) = exp_and_exp_m1_of_negative(x);
            let (want_e, want_m1) = exp_and_exp_m1(x);
            assert_eq!(
                (e.to_bits(), m1.to_bits()),
                (want_e.to_bits(), want_m1.to_bits()),
                "x = {x:e}"
            );
            bits += 61;
        }
    }

    #[test]
    #[ignore = "1.1e9 inputs: run with --release"]
    fn the_negative_shortcut_has_the_bits_of_the_general_form_on_all_inputs() {
        let mut differ = 0u64;
        for bits in 0x8000_0001u32..=NEGATIVE_FLOOR.to_bits() {
            let x = f32::from_bits(bits);
            let (e, m1) = exp_and_exp_m1_of_negative(x);
            let (want_e, want_m1) = exp_and_exp_m1(x);
            differ +=
                u64::from(e.to_bits() != want_e.to_bits() || m1.to_bits() != want_m1.to_bits());
        }
        assert_eq!(differ, 0);
    }

    #[test]
    fn edges() {
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(-110.0), 0.0);
        assert_eq!(exp(100.0), f32::INFINITY);
        assert!(exp(88.72) < f32::INFINITY);
        let tiny = exp(-100.0);
        assert!(tiny > 0.0 && tiny < f32::MIN_POSITIVE);
        assert!((tiny / libm::expf(-100.0) - 1.0).abs() < 0.01);
        assert!(exp(f32::NAN).is_nan());
        assert!(exp_m1(f32::NAN).is_nan());
        assert_eq!(exp_m1(-1e30), -1.0);
        assert_eq!(exp_m1(0.0), 0.0);
    }
}
