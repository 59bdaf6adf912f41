//! Seeded random numbers: uniform and Gaussian draws, shuffling.

use rand_core::{Rng as _, SeedableRng};
use rand_xoshiro::Xoshiro128PlusPlus;

/// A seeded `Xoshiro128++` generator (32-bit state words, so it is fast on a Cortex-M4F).
///
/// The same seed gives the same stream on every target, and every derived draw is computed
/// with `libm`, so the host and the microcontroller see identical numbers.
#[derive(Clone, Debug)]
pub struct Rng {
    inner: Xoshiro128PlusPlus,
    /// The second Box–Muller value, waiting to be returned.
    spare_gaussian: Option<f32>,
}

impl Rng {
    /// A generator seeded from `seed` (expanded with SplitMix64, as `rand_core` does).
    pub fn seed_from(seed: u64) -> Self {
        Rng {
            inner: Xoshiro128PlusPlus::seed_from_u64(seed),
            spare_gaussian: None,
        }
    }

    /// A new generator whose stream is independent of this one's continuation.
    pub fn fork(&mut self) -> Self {
        let seed = (u64::from(self.next_u32()) << 32) | u64::from(self.next_u32());
        Rng::seed_from(seed)
    }

    /// 32 random bits.
    #[inline]
    pub fn next_u32(&mut self) -> u32 {
        self.inner.next_u32()
    }

    /// Uniform in `[0, 1)`, on the grid of multiples of 2⁻²⁴ (every value exact in `f32`).
    #[inline]
    pub fn uniform(&mut self) -> f32 {
        (self.next_u32() >> 8) as f32 * (1.0 / 16_777_216.0)
    }

    /// Uniform in `[lo, hi)`.
    #[inline]
    pub fn uniform_in(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * self.uniform()
    }

    /// A standard normal draw, by the Box–Muller transform:
    /// `√(−2 ln u₁)·(cos 2πu₂, sin 2πu₂)` with `u₁ ∈ (0, 1]`. The sine half is kept for the
    /// next call.
    pub fn gaussian(&mut self) -> f32 {
        if let Some(g) = self.spare_gaussian.take() {
            return g;
        }
        let u1 = 1.0 - self.uniform();
        let u2 = self.uniform();
        let radius = libm::sqrtf(-2.0 * libm::logf(u1));
        let (sin, cos) = libm::sincosf(core::f32::consts::TAU * u2);
        self.spare_gaussian = Some(radius * sin);
        radius * cos
    }

    /// Uniform integer in `[0, n)` for `n ≥ 1`, without modulo bias (Lemire's method).
    pub fn below(&mut self, n: u32) -> u32 {
        debug_assert!(n > 0);
        let threshold = n.wrapping_neg() % n;
        loop {
            let product = u64::from(self.next_u32()) * u64::from(n);
            if (product as u32) >= threshold {
                return (product >> 32) as u32;
            }
        }
    }

    /// Fisher–Yates shuffle: every permutation equally likely.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u32 + 1) as usize;
            items.swap(i, j);
        }
    }
}
