//! Seeded random numbers: uniform and Gaussian draws, shuffling.

use rand_core::{Rng as _, SeedableRng};
use rand_xoshiro::Xoshiro128PlusPlus;

use crate::kernels::lanes::BLOCKED;

/// Box–Muller pairs [`Rng::fill_gaussian`] computes side by side.
const GAUSSIAN_PAIRS: usize = 16;

/// A seeded `Xoshiro128++` generator (32-bit state words, so it is fast on a Cortex-M4F).
///
/// The same seed gives the same stream on every target, and every derived draw is computed
/// with the core's own single-precision functions, so the host, the microcontroller and the
/// browser see identical numbers.
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
    /// next call. `ln`, `sin` and `cos` are the core's ([`crate::math::ln`],
    /// [`crate::math::turns`]): libm's run in double precision, software on a Cortex-M4F.
    pub fn gaussian(&mut self) -> f32 {
        if let Some(g) = self.spare_gaussian.take() {
            return g;
        }
        let u1 = 1.0 - self.uniform();
        let u2 = self.uniform();
        let radius = crate::math::sqrt::sqrt_scalar(-2.0 * crate::math::ln::ln(u1));
        let (sin, cos) = crate::math::turns::sin_cos_turns(u2);
        self.spare_gaussian = Some(radius * sin);
        radius * cos
    }

    /// Fills `out` with standard normal draws: the values, in the order, and the state after,
    /// of `out.len()` calls of [`Rng::gaussian`]. The uniforms come one by one from the stream
    /// as before; the logarithms, roots, sines and cosines of up to 16 pairs
    /// are then taken side by side, which a vector unit does at once (a tenth of the main
    /// job's time went to one draw at a time). Without vector units it draws one at a time.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn fill_gaussian(&mut self, out: &mut [f32]) {
        if !BLOCKED {
            // Without vector units (a Cortex-M4F) the blocks only add loads and stores.
            for g in out {
                *g = self.gaussian();
            }
            return;
        }
        let mut k = 0;
        if !out.is_empty() {
            if let Some(g) = self.spare_gaussian.take() {
                out[0] = g;
                k = 1;
            }
        }
        while k < out.len() {
            let pairs = (out.len() - k).div_ceil(2).min(GAUSSIAN_PAIRS);
            // Every lane is computed, so the loops have a constant length. Unused lanes hold
            // u₁ = 1 (radius 0): finite work, never read.
            let mut u1 = [1.0f32; GAUSSIAN_PAIRS];
            let mut u2 = [0.0f32; GAUSSIAN_PAIRS];
            for (u1, u2) in u1.iter_mut().zip(&mut u2).take(pairs) {
                *u1 = 1.0 - self.uniform();
                *u2 = self.uniform();
            }
            // One simple loop per step: LLVM vectorises each, not one loop doing all three.
            let mut radius = [0.0f32; GAUSSIAN_PAIRS];
            for (r, &u1) in radius.iter_mut().zip(&u1) {
                *r = -2.0 * crate::math::ln::ln(u1);
            }
            for r in &mut radius {
                // `sqrt` has `sqrt_scalar`'s bits for every x ≥ 0 and vectorises.
                *r = crate::math::sqrt::sqrt(*r);
            }
            let mut cos = [0.0f32; GAUSSIAN_PAIRS];
            let mut sin = [0.0f32; GAUSSIAN_PAIRS];
            for p in 0..GAUSSIAN_PAIRS {
                let (s, c) = crate::math::turns::sin_cos_turns(u2[p]);
                cos[p] = radius[p] * c;
                sin[p] = radius[p] * s;
            }
            for p in 0..pairs {
                out[k] = cos[p];
                k += 1;
                if k < out.len() {
                    out[k] = sin[p];
                    k += 1;
                } else {
                    self.spare_gaussian = Some(sin[p]);
                }
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream() {
        let (mut a, mut b) = (Rng::seed_from(7), Rng::seed_from(7));
        for _ in 0..1000 {
            assert_eq!(a.next_u32(), b.next_u32());
            assert_eq!(a.gaussian().to_bits(), b.gaussian().to_bits());
            assert_eq!(a.below(10), b.below(10));
        }
        let (mut a, mut c) = (Rng::seed_from(7), Rng::seed_from(8));
        let same = (0..100).filter(|_| a.next_u32() == c.next_u32()).count();
        assert!(same < 5, "seeds 7 and 8 agree on {same} of 100 draws");
    }

    #[test]
    fn uniform_is_in_unit_interval_on_the_2_pow_24_grid() {
        let mut rng = Rng::seed_from(1);
        let mut sum = 0.0f64;
        for _ in 0..100_000 {
            let u = rng.uniform();
            assert!((0.0..1.0).contains(&u), "{u}");
            let scaled = u * 16_777_216.0;
            assert_eq!(scaled, libm::floorf(scaled));
            sum += f64::from(u);
        }
        let mean = sum / 100_000.0;
        assert!((mean - 0.5).abs() < 0.01, "mean {mean}");
        for _ in 0..1000 {
            let v = rng.uniform_in(-3.0, 5.0);
            assert!((-3.0..5.0).contains(&v), "{v}");
        }
    }

    #[test]
    fn gaussian_has_mean_0_and_variance_1() {
        let mut rng = Rng::seed_from(2);
        let n = 100_000;
        let (mut sum, mut sum_sq) = (0.0f64, 0.0f64);
        for _ in 0..n {
            let g = f64::from(rng.gaussian());
            assert!(g.is_finite());
            sum += g;
            sum_sq += g * g;
        }
        let mean = sum / f64::from(n);
        let var = sum_sq / f64::from(n) - mean * mean;
        // Standard errors: 0.003 for the mean, 0.0045 for the variance.
        assert!(mean.abs() < 0.02, "mean {mean}");
        assert!((var - 1.0).abs() < 0.03, "variance {var}");
    }

    #[test]
    fn fill_gaussian_gives_the_draws_and_state_of_one_at_a_time() {
        // Lengths around the block size, odd and even, starting with and without a spare.
        for start_with_spare in [false, true] {
            for len in [0, 1, 2, 3, 15, 16, 31, 32, 33, 64, 101] {
                let mut one = Rng::seed_from(len as u64 + 7);
                if start_with_spare {
                    one.gaussian();
                }
                let mut block = one.clone();
                let mut got = [0.0f32; 101];
                block.fill_gaussian(&mut got[..len]);
                for (i, g) in got[..len].iter().enumerate() {
                    let expected = one.gaussian();
                    assert_eq!(g.to_bits(), expected.to_bits(), "len {len}, draw {i}");
                }
                // The same state after: the next draws agree too.
                for _ in 0..3 {
                    assert_eq!(block.gaussian().to_bits(), one.gaussian().to_bits());
                }
            }
        }
    }

    #[test]
    fn fill_gaussian_agrees_over_a_long_stream() {
        let mut one = Rng::seed_from(99);
        let mut block = Rng::seed_from(99);
        let mut buf = [0.0f32; 37];
        for _ in 0..3000 {
            block.fill_gaussian(&mut buf);
            for g in buf {
                assert_eq!(g.to_bits(), one.gaussian().to_bits());
            }
        }
    }

    #[test]
    fn below_n_is_less_than_n_and_covers_it() {
        let mut rng = Rng::seed_from(3);
        for n in [1, 2, 3, 7, 10, 1000, (1 << 31) + 1, u32::MAX] {
            for _ in 0..10_000 {
                assert!(rng.below(n) < n);
            }
        }
        let mut seen = [false; 6];
        for _ in 0..1000 {
            seen[rng.below(6) as usize] = true;
        }
        assert_eq!(seen, [true; 6]);
    }

    #[test]
    fn shuffle_is_a_permutation_and_fork_is_deterministic() {
        let mut rng = Rng::seed_from(4);
        let mut items = [0u32; 50];
        for (i, v) in items.iter_mut().enumerate() {
            *v = i as u32;
        }
        rng.shuffle(&mut items);
        assert_ne!(items[..10], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        let mut sorted = items;
        sorted.sort_unstable();
        for (i, &v) in sorted.iter().enumerate() {
            assert_eq!(v, i as u32);
        }
        let (mut a, mut b) = (Rng::seed_from(5), Rng::seed_from(5));
        let (mut fa, mut fb) = (a.fork(), b.fork());
        for _ in 0..100 {
            assert_eq!(fa.next_u32(), fb.next_u32());
        }
        let parent: [u32; 4] = core::array::from_fn(|_| a.next_u32());
        let child: [u32; 4] = core::array::from_fn(|_| fa.next_u32());
        assert_ne!(parent, child);
    }
}
