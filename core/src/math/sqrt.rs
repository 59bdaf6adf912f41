//! A correctly rounded `√x`: the hardware's where the standard library is linked, else one
//! from `+`, `*` and bit operations only.
//!
//! Adam takes a square root per parameter per step. IEEE-754 defines `√x` as correctly
//! rounded, so every correctly rounded method gives the same bits as the hardware. Without
//! `std` (the firmware) there is no `f32::sqrt`, and `libm::sqrtf` is a software loop on a
//! Cortex-M4F and an opaque `sqrtss` (inline assembly) on x86 that the compiler can neither
//! vectorise nor re-encode for AVX; [`sqrt_portable`] is straight-line code that vectorises.
//! It was checked against `libm::sqrtf` on every non-negative `f32` (`cargo run --release -p
//! tinygen-host --example sqrt_exact`) and matches all of them. With the `std` feature (the
//! host, the browser) [`sqrt`] is `f32::sqrt`, which LLVM vectorises to `vsqrtps` or
//! `f32x4.sqrt`: in an Adam step about five times as fast as the portable form on AVX2.

/// `2^k` for `−126 ≤ k ≤ 127`, exactly.
const fn pow2(k: i32) -> f32 {
    f32::from_bits(((k + 127) as u32) << 23)
}

/// Inputs below this are scaled up by [`UP`] first, so no intermediate becomes subnormal.
const SMALL: f32 = pow2(-50);
const UP: f32 = pow2(100);
const UP_BACK: f32 = pow2(-50);
/// Inputs above this are scaled down by [`DOWN`] first, so `rh²` cannot overflow.
const BIG: f32 = pow2(64);
const DOWN: f32 = pow2(-64);
const DOWN_BACK: f32 = pow2(32);

/// `√x` for `SMALL ≤ x ≤ BIG`, where no intermediate under- or overflows: [`sqrt`]'s method
/// without its scaling and special cases.
#[inline(always)]
fn moderate_root(x: f32) -> f32 {
    let half = 0.5 * x;
    let mut y = f32::from_bits(0x5f37_5a86_u32.wrapping_sub(x.to_bits() >> 1));
    y = y * (1.5 - half * y * y);
    y = y * (1.5 - half * y * y);
    y = y * (1.5 - half * y * y);
    let r = x * y;
    let c = r * 4097.0;
    let high = c - (c - r);
    let low = r - high;
    let residual = ((x - high * high) - 2.0 * high * low) - low * low;
    r + residual * (0.5 * y)
}

/// Whether `SMALL ≤ x ≤ BIG`, from the bits (two integer instructions; both are positive, so
/// their bit patterns order like their values, and negatives and NaNs land outside).
#[inline(always)]
fn is_moderate(x: f32) -> bool {
    x.to_bits().wrapping_sub(SMALL.to_bits()) <= BIG.to_bits() - SMALL.to_bits()
}

/// `√x`, correctly rounded (the IEEE-754 result); `√−0 = −0`, `√+∞ = +∞`, and NaN for
/// negative `x` or NaN. With `std` it is the hardware's `f32::sqrt`, whose NaNs may carry
/// other bits than [`sqrt_portable`]'s; every other result is the same.
#[inline(always)]
pub fn sqrt(x: f32) -> f32 {
    #[cfg(feature = "std")]
    {
        x.sqrt()
    }
    #[cfg(not(feature = "std"))]
    {
        sqrt_portable(x)
    }
}

/// [`sqrt`] without the standard library, from `+`, `*` and bit operations: branch-free, so
/// a loop of it vectorises.
///
/// Method: three Newton steps for `1/√x` from a bit-trick seed give `r ≈ √x` within a few
/// ulp. The residual `x − r²` is then computed almost exactly by splitting `r` into two
/// 12-bit halves (Veltkamp), whose products are exact in `f32`, and one correction
/// `r + (x − r²)/(2r)` lands on the correctly rounded value.
#[inline(always)]
pub fn sqrt_portable(x: f32) -> f32 {
    let small = x < SMALL;
    let big = x > BIG;
    let xs = if small {
        x * UP
    } else if big {
        x * DOWN
    } else {
        x
    };
    let r = moderate_root(xs);
    let r = if small {
        r * UP_BACK
    } else if big {
        r * DOWN_BACK
    } else {
        r
    };
    if x > 0.0 && x < f32::INFINITY {
        r
    } else if x == 0.0 || x == f32::INFINITY {
        x
    } else {
        f32::NAN
    }
}

/// `√x` of one lone value, with the bits of [`sqrt`] for every `x ≥ 0` (a NaN result may carry
/// other bits). With `std` it is [`sqrt`], the hardware's root. Without it, where `libm` uses
/// the hardware instruction (x86's `sqrtss`, aarch64's `fsqrt`), that is one instruction
/// instead of a chain of Newton steps, and IEEE-754 rounds it correctly too; elsewhere (a
/// Cortex-M4F) it is the portable root. For scalar callers such as a Box–Muller draw; a loop
/// over many values should call [`sqrt`], which vectorises.
#[inline(always)]
pub fn sqrt_scalar(x: f32) -> f32 {
    if cfg!(feature = "std") {
        sqrt(x)
    } else if cfg!(any(target_arch = "x86_64", target_arch = "aarch64")) {
        libm::sqrtf(x)
    } else if is_moderate(x) {
        // The common case, without the scaling and the special cases: about half of the
        // instructions on a Cortex-M4F (Adam takes one root per parameter per step).
        moderate_root(x)
    } else {
        sqrt_portable(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_libm_on_a_stride_of_every_non_negative_float() {
        let mut bits = 0u32;
        while bits <= f32::INFINITY.to_bits() {
            let x = f32::from_bits(bits);
            assert_eq!(
                sqrt_portable(x).to_bits(),
                libm::sqrtf(x).to_bits(),
                "x = {x:e}"
            );
            bits += 251;
        }
    }

    #[test]
    fn the_scalar_form_has_the_same_bits() {
        let mut bits = 0u32;
        while bits <= f32::INFINITY.to_bits() {
            let x = f32::from_bits(bits);
            assert_eq!(
                sqrt_scalar(x).to_bits(),
                sqrt_portable(x).to_bits(),
                "x = {x:e}"
            );
            bits += 251;
        }
        assert_eq!(sqrt_scalar(-0.0).to_bits(), (-0.0f32).to_bits());
        assert!(sqrt_scalar(-1.0).is_nan());
    }

    #[test]
    fn the_moderate_shortcut_has_the_bits_of_the_general_form() {
        // Every input on a stride, and the edges; the ignored test below walks all of them.
        let mut bits = 0u32;
        while bits <= f32::INFINITY.to_bits() + 4 {
            let x = f32::from_bits(bits);
            let moderate = (SMALL..=BIG).contains(&x);
            assert_eq!(is_moderate(x), moderate, "x = {x:e}");
            assert!(!is_moderate(-x) && !is_moderate(f32::NAN));
            if moderate {
                assert_eq!(
                    moderate_root(x).to_bits(),
                    sqrt_portable(x).to_bits(),
                    "x = {x:e}"
                );
            }
            bits += if bits.abs_diff(SMALL.to_bits()) < 4 || bits.abs_diff(BIG.to_bits()) < 4 {
                1
            } else {
                241
            };
        }
    }

    #[test]
    #[ignore = "every input from 2^-50 to 2^64: run with --release"]
    fn the_moderate_shortcut_has_the_bits_of_the_general_form_on_all_inputs() {
        let differ = (SMALL.to_bits()..=BIG.to_bits())
            .filter(|&b| {
                moderate_root(f32::from_bits(b)).to_bits()
                    != sqrt_portable(f32::from_bits(b)).to_bits()
            })
            .count();
        assert_eq!(differ, 0);
    }

    #[test]
    #[cfg(feature = "std")]
    fn the_standard_librarys_root_has_the_portable_bits() {
        let mut bits = 0u32;
        while bits <= f32::INFINITY.to_bits() {
            let x = f32::from_bits(bits);
            assert_eq!(sqrt(x).to_bits(), sqrt_portable(x).to_bits(), "x = {x:e}");
            bits += 251;
        }
        assert_eq!(sqrt(-0.0).to_bits(), (-0.0f32).to_bits());
        assert!(sqrt(-1.0).is_nan() && sqrt(f32::NAN).is_nan());
    }

    #[test]
    fn edges() {
        assert_eq!(sqrt_portable(0.0).to_bits(), 0.0f32.to_bits());
        assert_eq!(sqrt_portable(-0.0).to_bits(), (-0.0f32).to_bits());
        assert_eq!(sqrt_portable(f32::INFINITY), f32::INFINITY);
        assert!(sqrt_portable(-1.0).is_nan());
        assert!(sqrt_portable(f32::NEG_INFINITY).is_nan());
        assert!(sqrt_portable(f32::NAN).is_nan());
        assert_eq!(sqrt_portable(4.0), 2.0);
        assert_eq!(
            sqrt_portable(f32::from_bits(1)),
            libm::sqrtf(f32::from_bits(1))
        );
        assert_eq!(sqrt_portable(f32::MAX), libm::sqrtf(f32::MAX));
        // The scaling thresholds themselves and their neighbours.
        for t in [SMALL, BIG] {
            for x in [
                f32::from_bits(t.to_bits() - 1),
                t,
                f32::from_bits(t.to_bits() + 1),
            ] {
                assert_eq!(sqrt_portable(x), libm::sqrtf(x), "x = {x:e}");
            }
        }
    }
}
