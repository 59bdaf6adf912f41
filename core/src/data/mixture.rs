//! The two Gaussian mixtures of the mode-collapse literature (VEEGAN, PacGAN): eight modes on a
//! ring and twenty-five on a grid.

use crate::math::rng::Rng;
use core::f32::consts::TAU;

/// An equal-weight mixture of isotropic 2-D Gaussians with a common standard deviation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Mixture {
    /// PacGAN's 2D-ring: 8 components, means `(cos 2πk/8, sin 2πk/8)`, standard deviation 0.01.
    Ring,
    /// PacGAN's 2D-grid: 25 components, means `(2i − 4, 2j − 4)` for `i, j ∈ 0..5`, standard
    /// deviation 0.05.
    Grid,
}

impl Mixture {
    /// How many components.
    pub const fn components(self) -> usize {
        match self {
            Mixture::Ring => 8,
            Mixture::Grid => 25,
        }
    }

    /// The standard deviation of every component, in each coordinate.
    pub const fn std(self) -> f32 {
        match self {
            Mixture::Ring => 0.01,
            Mixture::Grid => 0.05,
        }
    }

    /// The mean of component `k < components()` (the grid counts `k = 5i + j`).
    pub fn mean(self, k: usize) -> [f32; 2] {
        match self {
            Mixture::Ring => {
                let (s, c) = libm::sincosf(TAU * k as f32 / 8.0);
                [c, s]
            }
            Mixture::Grid => [(2 * (k / 5)) as f32 - 4.0, (2 * (k % 5)) as f32 - 4.0],
        }
    }

    /// One draw: a component uniformly at random, then its Gaussian.
    pub fn sample(self, rng: &mut Rng) -> [f32; 2] {
        let k = rng.below(self.components() as u32) as usize;
        let [mx, my] = self.mean(k);
        let std = self.std();
        let (nx, ny) = (rng.gaussian(), rng.gaussian());
        [mx + std * nx, my + std * ny]
    }

    /// Fills `points` with i.i.d. draws.
    pub fn sample_into(self, points: &mut [[f32; 2]], rng: &mut Rng) {
        for p in points {
            *p = self.sample(rng);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn means_are_the_papers() {
        let ring = Mixture::Ring;
        assert_eq!(ring.mean(0), [1.0, 0.0]);
        let [x, y] = ring.mean(3);
        let expected = (
            -core::f32::consts::FRAC_1_SQRT_2,
            core::f32::consts::FRAC_1_SQRT_2,
        );
        assert!(libm::fabsf(x - expected.0) < 1e-6 && libm::fabsf(y - expected.1) < 1e-6);
        let grid = Mixture::Grid;
        assert_eq!(grid.mean(0), [-4.0, -4.0]);
        assert_eq!(grid.mean(7), [-2.0, 0.0]);
        assert_eq!(grid.mean(24), [4.0, 4.0]);
    }

    #[test]
    fn draws_sit_near_their_means_and_hit_every_component() {
        for mixture in [Mixture::Ring, Mixture::Grid] {
            let mut rng = Rng::seed_from(1);
            let mut hits = [0u32; 25];
            for _ in 0..5000 {
                let p = mixture.sample(&mut rng);
                let (k, d2) = (0..mixture.components())
                    .map(|k| {
                        let m = mixture.mean(k);
                        (
                            k,
                            (p[0] - m[0]) * (p[0] - m[0]) + (p[1] - m[1]) * (p[1] - m[1]),
                        )
                    })
                    .fold((0, f32::MAX), |a, b| if b.1 < a.1 { b } else { a });
                let sigmas = libm::sqrtf(d2) / mixture.std();
                assert!(
                    sigmas < 6.0,
                    "{mixture:?}: a draw {sigmas} std from its mean"
                );
                hits[k] += 1;
            }
            let expected = 5000 / mixture.components() as u32;
            for &h in &hits[..mixture.components()] {
                assert!(
                    h > expected * 2 / 3 && h < expected * 4 / 3,
                    "{mixture:?}: {hits:?}"
                );
            }
        }
    }
}
