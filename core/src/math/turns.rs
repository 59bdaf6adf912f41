//! `sin` and `cos` of a fraction of a turn, `2π·u`, from `+`, `*` and bit operations: the
//! angle of a Box–Muller draw.
//!
//! `libm::sincosf` works in double precision, which a Cortex-M4F runs in software (see
//! [`crate::math::ln`]). Taking the angle in turns makes the range reduction exact: `4u` and
//! its nearest integer are exact in `f32`, so only the last quarter turn is approximated.

/// `(sin 2πu, cos 2πu)` for `0 ≤ u < 1` (any finite `u` works; large ones lose precision),
/// within about 2 ulp of the exact values away from their zeros (checked against `f64`).
#[inline(always)]
pub fn sin_cos_turns(u: f32) -> (f32, f32) {
    // 4u = q + t with integer q and |t| ≤ 1/2: the angle is q quarter turns plus t·π/2.
    let four_u = 4.0 * u;
    let rounded = four_u + ROUNDER - ROUNDER;
    let t = four_u - rounded;
    let quadrant = (rounded as i32) & 3;
    let a = t * core::f32::consts::FRAC_PI_2;
    let a2 = a * a;
    // Taylor series to a⁹ and a¹⁰ for |a| ≤ π/4: truncation below 3·10⁻⁸ relative.
    let s = -1.0 / 362_880.0;
    let s = 1.0 / 5040.0 + a2 * s;
    let s = -1.0 / 120.0 + a2 * s;
    let s = 1.0 / 6.0 + a2 * s;
    let sin = a - a * (a2 * s);
    let c = -1.0 / 3_628_800.0;
    let c = 1.0 / 40_320.0 + a2 * c;
    let c = -1.0 / 720.0 + a2 * c;
    let c = 1.0 / 24.0 + a2 * c;
    let c = 0.5 - a2 * c;
    let cos = 1.0 - a2 * c;
    // Quadrants 0–3 give (sin, cos), (cos, −sin), (−sin, −cos), (−cos, sin): a swap on odd
    // ones and sign flips, written as selects and sign-bit masks so a loop of them vectorises.
    let (s, c) = if quadrant & 1 != 0 {
        (cos, sin)
    } else {
        (sin, cos)
    };
    let sin_sign = ((quadrant as u32) & 2) << 30;
    let cos_sign = (((quadrant + 1) as u32) & 2) << 30;
    (
        f32::from_bits(s.to_bits() ^ sin_sign),
        f32::from_bits(c.to_bits() ^ cos_sign),
    )
}

/// Adding then subtracting `1.5·2²³` rounds a float of magnitude < 2²² to an integer.
const ROUNDER: f32 = 12_582_912.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_to_f64_on_every_uniform_draw_stride() {
        let mut worst = 0.0f64;
        let mut k = 0u32;
        while k < 1 << 24 {
            let u = k as f32 / 16_777_216.0;
            let (s, c) = sin_cos_turns(u);
            let angle = core::f64::consts::TAU * f64::from(u);
            // Absolute error against 1 (the values' scale): a few f32 ulps of 1.
            worst = worst.max((f64::from(s) - libm::sin(angle)).abs());
            worst = worst.max((f64::from(c) - libm::cos(angle)).abs());
            k += 13;
        }
        assert!(worst < 2.0e-7, "worst absolute error {worst}");
        assert_eq!(sin_cos_turns(0.0), (0.0, 1.0));
        assert_eq!(sin_cos_turns(0.25), (1.0, -0.0));
    }
}
