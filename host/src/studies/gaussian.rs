//! A `D`-dimensional Gaussian fitted to data, in `f64`: the NCE noise `q` beyond two
//! dimensions (the core's [`tinygen::Gaussian2`] is 2-D only).

// Matrix code reads best with explicit indices.
#![allow(clippy::needless_range_loop)]

use crate::failure::{Failure, Outcome};
use tinygen::Rng;

/// `N(mean, L Lᵀ)` in `D` dimensions, stored by its lower-triangular Cholesky factor `L`.
#[derive(Clone, Debug, PartialEq)]
pub struct GaussianD<const D: usize> {
    /// The mean.
    pub mean: [f64; D],
    /// `l[i][j]`, zero above the diagonal.
    pub l: [[f64; D]; D],
}

/// The Cholesky factor `L` (lower triangular, positive diagonal) of a symmetric matrix,
/// `A = L Lᵀ`; `None` unless `A` is positive definite (to rounding).
pub fn cholesky<const D: usize>(a: &[[f64; D]; D]) -> Option<[[f64; D]; D]> {
    let mut l = [[0.0; D]; D];
    for i in 0..D {
        for j in 0..=i {
            let mut s = a[i][j];
            for k in 0..j {
                s -= l[i][k] * l[j][k];
            }
            if i == j {
                // Relative tolerance: a pivot this small means the matrix is singular.
                if !s.is_finite() || s <= 1e-12 * a[i][i].abs() {
                    return None;
                }
                l[i][i] = s.sqrt();
            } else {
                l[i][j] = s / l[j][j];
            }
        }
    }
    Some(l)
}

impl<const D: usize> GaussianD<D> {
    /// The sample mean and biased (`1/n`) covariance of `points`, as
    /// [`tinygen::Gaussian2::fit`] does in 2-D. Fails on fewer than `D + 1` points or a
    /// singular covariance.
    pub fn fit(points: &[[f32; D]]) -> Outcome<Self> {
        if points.len() <= D {
            return Err(Failure::Usage(format!(
                "a {D}-d Gaussian needs more than {D} points to fit"
            )));
        }
        let n = points.len() as f64;
        let mut mean = [0.0; D];
        for p in points {
            for (m, &x) in mean.iter_mut().zip(p) {
                *m += f64::from(x);
            }
        }
        mean.iter_mut().for_each(|m| *m /= n);
        let mut cov = [[0.0; D]; D];
        for p in points {
            let d: [f64; D] = core::array::from_fn(|i| f64::from(p[i]) - mean[i]);
            for i in 0..D {
                for j in 0..=i {
                    cov[i][j] += d[i] * d[j];
                }
            }
        }
        for i in 0..D {
            for j in 0..=i {
                cov[i][j] /= n;
                cov[j][i] = cov[i][j];
            }
        }
        let l = cholesky(&cov)
            .ok_or_else(|| Failure::Run(format!("the data's {D}-d covariance is singular")))?;
        Ok(GaussianD { mean, l })
    }

    /// The covariance `L Lᵀ`.
    pub fn covariance(&self) -> [[f64; D]; D] {
        let mut c = [[0.0; D]; D];
        for i in 0..D {
            for j in 0..D {
                c[i][j] = (0..=i.min(j)).map(|k| self.l[i][k] * self.l[j][k]).sum();
            }
        }
        c
    }

    /// One draw `mean + L·n`, `n ~ N(0, I)` from the core's generator, rounded to `f32`.
    pub fn sample(&self, rng: &mut Rng) -> [f32; D] {
        let n: [f64; D] = core::array::from_fn(|_| f64::from(rng.gaussian()));
        core::array::from_fn(|i| {
            let s: f64 = (0..=i).map(|k| self.l[i][k] * n[k]).sum();
            (self.mean[i] + s) as f32
        })
    }

    /// `ln q(x)`.
    pub fn ln_density(&self, x: &[f64; D]) -> f64 {
        // Solve L y = x − mean by forward substitution; then ln q = −|y|²/2 − ln det L − …
        let mut y = [0.0; D];
        for i in 0..D {
            let s: f64 = (0..i).map(|k| self.l[i][k] * y[k]).sum();
            y[i] = (x[i] - self.mean[i] - s) / self.l[i][i];
        }
        let ln_det_l: f64 = (0..D).map(|i| self.l[i][i].ln()).sum();
        let sq: f64 = y.iter().map(|v| v * v).sum();
        -0.5 * sq - ln_det_l - 0.5 * D as f64 * (2.0 * std::f64::consts::PI).ln()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIGMA: [[f64; 4]; 4] = [
        [2.0, 0.6, -0.3, 0.0],
        [0.6, 1.0, 0.2, 0.1],
        [-0.3, 0.2, 0.5, -0.05],
        [0.0, 0.1, -0.05, 0.3],
    ];

    #[test]
    fn cholesky_reconstructs_the_matrix() {
        let l = cholesky(&SIGMA).unwrap();
        let g = GaussianD { mean: [0.0; 4], l };
        let c = g.covariance();
        for i in 0..4 {
            for j in 0..4 {
                assert!((c[i][j] - SIGMA[i][j]).abs() < 1e-12);
                if j > i {
                    assert_eq!(l[i][j], 0.0);
                }
            }
        }
        assert!(cholesky(&[[1.0, 2.0], [2.0, 1.0]]).is_none(), "indefinite");
        assert!(cholesky(&[[1.0, 1.0], [1.0, 1.0]]).is_none(), "singular");
    }

    #[test]
    fn fit_recovers_a_known_mean_and_covariance() {
        let truth = GaussianD {
            mean: [1.0, -2.0, 0.5, 3.0],
            l: cholesky(&SIGMA).unwrap(),
        };
        let mut rng = Rng::seed_from(7);
        let points: Vec<[f32; 4]> = (0..200_000).map(|_| truth.sample(&mut rng)).collect();
        let fit = GaussianD::fit(&points).unwrap();
        let c = fit.covariance();
        for i in 0..4 {
            // Standard error of a mean is √(σ²/n) ≤ 0.0032; of a covariance ≤ ~0.0065.
            assert!((fit.mean[i] - truth.mean[i]).abs() < 0.015, "mean {i}");
            for j in 0..4 {
                assert!(
                    (c[i][j] - SIGMA[i][j]).abs() < 0.03,
                    "cov[{i}][{j}] = {} vs {}",
                    c[i][j],
                    SIGMA[i][j]
                );
            }
        }
    }

    #[test]
    fn fit_matches_the_core_in_two_dimensions() {
        let data = tinygen::make_moons::<500>(0.05, &mut Rng::seed_from(3)).unwrap();
        let ours = GaussianD::<2>::fit(&data.points).unwrap();
        let core = tinygen::Gaussian2::fit(&data.points).unwrap();
        let [l11, l21, l22] = core.cholesky;
        let close = |a: f64, b: f32| (a - f64::from(b)).abs() < 1e-4;
        assert!(close(ours.mean[0], core.mean[0]) && close(ours.mean[1], core.mean[1]));
        assert!(close(ours.l[0][0], l11) && close(ours.l[1][0], l21) && close(ours.l[1][1], l22));
    }

    #[test]
    fn density_is_normalised_in_one_and_two_dimensions() {
        let g1 = GaussianD {
            mean: [0.3],
            l: [[0.7]],
        };
        let h = 1e-3;
        let total: f64 = (-8000..8000)
            .map(|k| g1.ln_density(&[k as f64 * h]).exp() * h)
            .sum();
        assert!((total - 1.0).abs() < 1e-6);
        let g2 = GaussianD {
            mean: [0.0, 0.0],
            l: cholesky(&[[1.0, 0.5], [0.5, 2.0]]).unwrap(),
        };
        // At the mean, q = 1/(2π √det Σ), det Σ = 1.75.
        let expected = -(2.0 * std::f64::consts::PI * 1.75f64.sqrt()).ln();
        assert!((g2.ln_density(&[0.0, 0.0]) - expected).abs() < 1e-12);
    }

    #[test]
    fn too_few_or_degenerate_points_are_refused() {
        assert!(GaussianD::<3>::fit(&[[0.0; 3]; 3]).is_err());
        let line: Vec<[f32; 2]> = (0..10).map(|i| [i as f32, 2.0 * i as f32]).collect();
        assert!(GaussianD::<2>::fit(&line).is_err());
    }
}
