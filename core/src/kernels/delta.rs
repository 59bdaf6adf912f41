//! Backprop's pre-activation gradient `δ = upstream · f'(z)`, with its tiniest values set to 0.
//!
//! A classifier trained against wide noise drives some hidden units far below zero on far
//! noise points (pre-activations of −100 and less on the ring and the grid). Their ELU slopes,
//! and the deltas and weight-gradient terms made from them, are then subnormal `f32`s, and an
//! Intel core runs every vector multiply that reads or makes one through a microcode assist:
//! a 2,500-point ring run took 16.5 s on a Xeon where it takes 4.4 s with subnormals flushed
//! by the processor. Setting the deltas below [`DELTA_FLOOR`] to 0, the same way on every
//! target, removes nearly all of that work and changes no sum such a delta would join: an
//! update's gradient terms are many orders of magnitude larger, and Adam's `ε` dwarfs the
//! rest. The dead-unit study's one-hidden-layer network ([`crate::nn::Mlp1`]) keeps the exact
//! product, since what tiny gradients do is its subject.

/// `2⁻⁶⁴ ≈ 5.4·10⁻²⁰`: a delta below it in magnitude becomes 0. Its products with inputs and
/// weights of magnitude above `2⁻⁶²` stay normal numbers.
pub const DELTA_FLOOR: f32 = 1.0 / 18_446_744_073_709_551_616.0;

/// `upstream · slope`, or 0 if that is smaller than [`DELTA_FLOOR`] in magnitude (NaN stays
/// NaN).
#[inline(always)]
pub fn delta(upstream: f32, slope: f32) -> f32 {
    let d = upstream * slope;
    if d.abs() < DELTA_FLOOR {
        0.0
    } else {
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_floor_is_two_to_the_minus_64() {
        assert_eq!(DELTA_FLOOR, f32::from_bits((127 - 64) << 23));
    }

    #[test]
    fn deltas_below_the_floor_become_zero_and_the_rest_keep_their_bits() {
        assert_eq!(delta(1.0, f32::from_bits(1)).to_bits(), 0);
        assert_eq!(delta(-1.0, DELTA_FLOOR.next_down()).to_bits(), 0);
        assert_eq!(delta(-1.0, DELTA_FLOOR), -DELTA_FLOOR);
        assert_eq!(delta(3.0, 0.25), 0.75);
        assert_eq!(delta(1e-10, 1e-10), 0.0);
        assert_eq!(delta(1e-10, 1e-8), 1e-10 * 1e-8);
        assert!(delta(f32::NAN, 1.0).is_nan());
        assert_eq!(delta(f32::INFINITY, 1.0), f32::INFINITY);
    }
}
