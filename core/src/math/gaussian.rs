//! A Gaussian in `D` dimensions, stored by its Cholesky factor: the noise distribution of NCE.

// Triangular matrix code reads best with explicit indices.
#![allow(clippy::needless_range_loop)]

use crate::error::Error;
use crate::math::rng::Rng;
use crate::math::sqrt::sqrt;

/// Below this share of a coordinate's variance left unexplained by the coordinates before it,
/// a fitted covariance counts as singular: the data lie (up to rounding) on a hyperplane, and
/// `q` would put all its mass there.
const SINGULAR_SHARE: f32 = 1e-6;

/// `N(mean, L Lᵀ)`, stored by its lower-triangular Cholesky factor `L`.
///
/// # Generics
/// - `D`: the dimension.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Gaussian<const D: usize> {
    /// The mean.
    pub mean: [f32; D],
    /// `L`, row by row: `cholesky[i][j]` for `j ≤ i`; the entries above the diagonal are 0.
    pub cholesky: [[f32; D]; D],
}

impl<const D: usize> Gaussian<D> {
    /// The standard normal `N(0, I)`.
    pub const STANDARD: Self = {
        let mut cholesky = [[0.0; D]; D];
        let mut i = 0;
        while i < D {
            cholesky[i][i] = 1.0;
            i += 1;
        }
        Gaussian {
            mean: [0.0; D],
            cholesky,
        }
    };

    /// All zeros: a placeholder for a `static` (not a distribution).
    pub const ZERO: Self = Gaussian {
        mean: [0.0; D],
        cholesky: [[0.0; D]; D],
    };

    /// The Gaussian with the sample mean and (biased, 1/n) covariance of `points`.
    ///
    /// Fails when there are fewer than `D + 1` points or the covariance is singular (the
    /// points lie on a line, a plane, … or are all one point).
    pub fn fit(points: &[[f32; D]]) -> Result<Self, Error> {
        if points.len() <= D {
            return Err(Error::invalid(
                "data",
                "needs more points than dimensions to fit the noise",
            ));
        }
        let n = points.len() as f32;
        let mut mean = [0.0f32; D];
        for p in points {
            for (m, &x) in mean.iter_mut().zip(p) {
                *m += x;
            }
        }
        for m in &mut mean {
            *m /= n;
        }
        // The lower triangle of the sum of outer products, each element summed in point order.
        let mut cov = [[0.0f32; D]; D];
        for p in points {
            for i in 0..D {
                let di = p[i] - mean[i];
                for j in 0..=i {
                    cov[i][j] += di * (p[j] - mean[j]);
                }
            }
        }
        for (i, row) in cov.iter_mut().enumerate() {
            for c in &mut row[..=i] {
                *c /= n;
            }
        }
        Ok(Gaussian {
            mean,
            cholesky: cholesky(&cov)?,
        })
    }

    /// The same Gaussian with every standard deviation times `k`: `L` scaled by `k`, so the
    /// covariance by `k²`. `k = 1` returns it bit for bit.
    pub fn widened(mut self, k: f32) -> Self {
        for row in &mut self.cholesky {
            for c in row {
                *c *= k;
            }
        }
        self
    }

    /// One draw `mean + L·n`, `n ~ N(0, I)`, the `D` standard normals drawn in order.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn sample(&self, rng: &mut Rng) -> [f32; D] {
        let mut n = [0.0f32; D];
        for n in &mut n {
            *n = rng.gaussian();
        }
        self.transform(&n)
    }

    /// `mean + L·n` for standard normals `n`.
    #[inline(always)]
    fn transform(&self, n: &[f32; D]) -> [f32; D] {
        let mut x = [0.0f32; D];
        for (i, (x, row)) in x.iter_mut().zip(&self.cholesky).enumerate() {
            // `((L_i0·n_0 + L_i1·n_1) + …)`, then the mean: the same sum on every target.
            let mut s = row[0] * n[0];
            for j in 1..=i {
                s += row[j] * n[j];
            }
            *x = self.mean[i] + s;
        }
        x
    }

    /// `out.len()` draws, those of as many [`Gaussian::sample`] calls in turn (the standard
    /// normals come from [`Rng::fill_gaussian`], a block at a time).
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn sample_into(&self, rng: &mut Rng, out: &mut [[f32; D]]) {
        rng.fill_gaussian(out.as_flattened_mut());
        for x in out.iter_mut() {
            *x = self.transform(x);
        }
    }

    /// `ln q(x)`.
    pub fn log_density(&self, x: &[f32; D]) -> f32 {
        // Solve L·u = x − mean; then ln q = −|u|²/2 − Σ ln L_ii − (D/2)·ln 2π.
        let mut u = [0.0f32; D];
        let mut log_det = 0.0f32;
        for i in 0..D {
            let mut s = x[i] - self.mean[i];
            for j in 0..i {
                s -= self.cholesky[i][j] * u[j];
            }
            u[i] = s / self.cholesky[i][i];
            log_det += libm::logf(self.cholesky[i][i]);
        }
        let norm2: f32 = u.iter().map(|u| u * u).sum();
        -0.5 * norm2 - log_det - 0.5 * D as f32 * libm::logf(core::f32::consts::TAU)
    }

    /// True when every parameter is finite and `L`'s diagonal is positive: a distribution.
    pub fn is_valid(&self) -> bool {
        self.mean.iter().all(|m| m.is_finite())
            && self.cholesky.iter().enumerate().all(|(i, row)| {
                row.iter().all(|l| l.is_finite())
                    && row[i] > 0.0
                    && row[i + 1..].iter().all(|&l| l == 0.0)
            })
    }
}

/// The Cholesky factor of the covariance whose lower triangle is `cov`:
/// `L_ij = (C_ij − Σ_{k<j} L_ik·L_jk) / L_jj`, `L_ii = √(C_ii − Σ_{k<i} L_ik²)`.
fn cholesky<const D: usize>(cov: &[[f32; D]; D]) -> Result<[[f32; D]; D], Error> {
    let singular = Error::invalid(
        "data",
        "covariance is singular (the points lie on a line or are all equal)",
    );
    let mut l = [[0.0f32; D]; D];
    for i in 0..D {
        for j in 0..=i {
            let mut s = cov[i][j];
            for k in 0..j {
                s -= l[i][k] * l[j][k];
            }
            if i == j {
                if !(cov[i][i] > 0.0 && s > SINGULAR_SHARE * cov[i][i] && s.is_finite()) {
                    return Err(singular);
                }
                l[i][i] = sqrt(s);
            } else {
                l[i][j] = s / l[j][j];
                if !l[i][j].is_finite() {
                    return Err(singular);
                }
            }
        }
    }
    Ok(l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_recovers_a_known_covariance() {
        // x = m + L n for a fixed L: the fit's L L^T is close to the true covariance.
        let truth = Gaussian::<3> {
            mean: [1.0, -2.0, 0.5],
            cholesky: [[2.0, 0.0, 0.0], [0.5, 1.0, 0.0], [-0.3, 0.2, 0.4]],
        };
        let mut rng = Rng::seed_from(3);
        let mut points = [[0.0f32; 3]; 4000];
        for p in &mut points {
            *p = truth.sample(&mut rng);
        }
        let fit = Gaussian::fit(&points).unwrap();
        for i in 0..3 {
            assert!(libm::fabsf(fit.mean[i] - truth.mean[i]) < 0.1, "{fit:?}");
            for j in 0..=i {
                assert!(
                    libm::fabsf(fit.cholesky[i][j] - truth.cholesky[i][j]) < 0.06,
                    "{fit:?}"
                );
            }
        }
        assert!(fit.is_valid());
    }

    #[test]
    fn widening_scales_every_deviation_and_one_changes_nothing() {
        let g = Gaussian::<2> {
            mean: [1.0, -2.0],
            cholesky: [[2.0, 0.0], [0.5, 1.5]],
        };
        assert_eq!(g.widened(1.0), g);
        let wide = g.widened(1.5);
        assert_eq!(wide.mean, g.mean);
        assert_eq!(wide.cholesky, [[3.0, 0.0], [0.75, 2.25]]);
        // The same standard normals land 1.5 times as far from the mean, where the density
        // is lower by the Jacobian 1.5², so the log-densities differ by exactly 2·ln 1.5.
        let (mut a, mut b) = (Rng::seed_from(9), Rng::seed_from(9));
        for _ in 0..100 {
            let (x, y) = (g.sample(&mut a), wide.sample(&mut b));
            for i in 0..2 {
                let (near, far) = (x[i] - g.mean[i], y[i] - g.mean[i]);
                assert!(libm::fabsf(far - 1.5 * near) <= 1e-5 * (1.0 + libm::fabsf(far)));
            }
            let ln_jacobian = g.log_density(&x) - wide.log_density(&y);
            assert!(
                libm::fabsf(ln_jacobian - 2.0 * libm::logf(1.5)) < 1e-4,
                "{ln_jacobian}"
            );
        }
    }

    #[test]
    fn singular_and_tiny_data_are_refused() {
        let same = [[1.0f32, 2.0]; 10];
        assert!(matches!(
            Gaussian::fit(&same),
            Err(Error::InvalidConfig { name: "data", .. })
        ));
        let line: [[f32; 2]; 10] = core::array::from_fn(|i| [i as f32, 2.0 * i as f32 + 1.0]);
        assert!(Gaussian::fit(&line).is_err());
        assert!(Gaussian::fit(&[[0.0f32, 1.0], [1.0, 0.0]]).is_err());
        assert!(Gaussian::<2>::fit(&[]).is_err());
        assert!(Gaussian::fit(&[[0.0f32, 0.0], [1.0, 0.0], [0.0, 1.0]]).is_ok());
    }

    #[test]
    fn log_density_of_the_standard_normal() {
        let q = Gaussian::<2>::STANDARD;
        let expected = -libm::logf(core::f32::consts::TAU);
        assert!(libm::fabsf(q.log_density(&[0.0, 0.0]) - expected) < 1e-6);
        assert!(libm::fabsf(q.log_density(&[1.0, 1.0]) - (expected - 1.0)) < 1e-6);
    }
}
