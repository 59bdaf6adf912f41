//! A 2-D Gaussian: the noise distribution of NCE.

use crate::{Error, Rng};

/// `N(mean, L Lᵀ)` in two dimensions, stored by its Cholesky factor `L` (lower triangular).
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Gaussian2 {
    /// The mean.
    pub mean: [f32; 2],
    /// `[l11, l21, l22]` of `L = [[l11, 0], [l21, l22]]`.
    pub cholesky: [f32; 3],
}

impl Gaussian2 {
    /// The standard normal `N(0, I)`.
    pub const STANDARD: Gaussian2 = Gaussian2 {
        mean: [0.0, 0.0],
        cholesky: [1.0, 0.0, 1.0],
    };

    /// The Gaussian with the sample mean and (biased, 1/n) covariance of `points`.
    ///
    /// Fails when there are fewer than two points or the covariance is singular.
    pub fn fit(points: &[[f32; 2]]) -> Result<Self, Error> {
        if points.len() < 2 {
            return Err(Error::invalid(
                "data",
                "needs at least 2 points to fit noise",
            ));
        }
        let n = points.len() as f32;
        let mut mean = [0.0f32; 2];
        for p in points {
            mean[0] += p[0];
            mean[1] += p[1];
        }
        mean = [mean[0] / n, mean[1] / n];
        let (mut sxx, mut sxy, mut syy) = (0.0f32, 0.0f32, 0.0f32);
        for p in points {
            let (dx, dy) = (p[0] - mean[0], p[1] - mean[1]);
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }
        let (cxx, cxy, cyy) = (sxx / n, sxy / n, syy / n);
        let l11 = crate::sqrt::sqrt(cxx);
        let l21 = cxy / l11;
        let rest = cyy - l21 * l21;
        if !(l11 > 0.0 && rest > 0.0 && l21.is_finite()) {
            return Err(Error::invalid("data", "covariance is singular"));
        }
        Ok(Gaussian2 {
            mean,
            cholesky: [l11, l21, crate::sqrt::sqrt(rest)],
        })
    }

    /// One draw `mean + L·n`, `n ~ N(0, I)`.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn sample(&self, rng: &mut Rng) -> [f32; 2] {
        let (n0, n1) = (rng.gaussian(), rng.gaussian());
        let [l11, l21, l22] = self.cholesky;
        [
            self.mean[0] + l11 * n0,
            self.mean[1] + (l21 * n0 + l22 * n1),
        ]
    }
}
