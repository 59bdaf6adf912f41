//! The noise distribution `q` of NCE: one of a few simple, fixed distributions.

// Triangular solves read best with explicit indices.
#![allow(clippy::needless_range_loop)]

use crate::math::gaussian::Gaussian;
use crate::math::rng::Rng;
use crate::math::uniform_box::UniformBox;

/// A noise distribution `q` in `D` dimensions.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Noise<const D: usize> {
    /// A Gaussian (fitted to the data, or the standard normal).
    Gaussian(Gaussian<D>),
    /// The uniform distribution on a box (around the data).
    Uniform(UniformBox<D>),
}

impl<const D: usize> Noise<D> {
    /// One draw.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn sample(&self, rng: &mut Rng) -> [f32; D] {
        match self {
            Noise::Gaussian(g) => g.sample(rng),
            Noise::Uniform(u) => u.sample(rng),
        }
    }

    /// `out.len()` draws, those of as many [`Noise::sample`] calls in turn; a Gaussian's
    /// standard normals are drawn a block at a time ([`Gaussian::sample_into`]).
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn sample_into(&self, rng: &mut Rng, out: &mut [[f32; D]]) {
        match self {
            Noise::Gaussian(g) => g.sample_into(rng, out),
            Noise::Uniform(u) => {
                for x in out {
                    *x = u.sample(rng);
                }
            }
        }
    }

    /// `x` in the noise's own coordinates: `L⁻¹(x − mean)` for a Gaussian, the box mapped onto
    /// `[−1, 1]^D` for a uniform box. The classifier reads points this way, so that its input
    /// has the same scale whatever the data's.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn standardize(&self, x: &[f32; D]) -> [f32; D] {
        let mut u = [0.0f32; D];
        match self {
            Noise::Gaussian(g) => {
                for i in 0..D {
                    let mut s = x[i] - g.mean[i];
                    for j in 0..i {
                        s -= g.cholesky[i][j] * u[j];
                    }
                    u[i] = s / g.cholesky[i][i];
                }
            }
            Noise::Uniform(b) => {
                for i in 0..D {
                    u[i] = 2.0 * (x[i] - b.lo[i]) / (b.hi[i] - b.lo[i]) - 1.0;
                }
            }
        }
        u
    }

    /// `ln q(x)`.
    pub fn log_density(&self, x: &[f32; D]) -> f32 {
        match self {
            Noise::Gaussian(g) => g.log_density(x),
            Noise::Uniform(u) => u.log_density(x),
        }
    }

    /// True when the parameters describe a distribution.
    pub fn is_valid(&self) -> bool {
        match self {
            Noise::Gaussian(g) => g.is_valid(),
            Noise::Uniform(u) => u.is_valid(),
        }
    }
}
