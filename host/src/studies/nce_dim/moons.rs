//! Two moons beyond two dimensions, and the exact density of the two-moons law.
//!
//! The `d`-dimensional data of `tinygen nce-dim` is a product of `d/2` independent
//! two-moons draws: coordinates `(2k, 2k+1)` of every point come from draw `k`.

use crate::failure::{Failure, Outcome};
use crate::metrics::nearest_arc;
use crate::studies::nce_dim::run::ln_q;
use std::f64::consts::PI;
use tinygen::data::sample_moons;
use tinygen::{Gaussian, Rng};

/// `n` points in `D` dimensions (`D` even, ≥ 2): pair `k` of coordinates is the `k`-th of
/// `D/2` independent two-moons draws ([`sample_moons`]), each from its own fork of `rng`.
///
/// Forks are taken in pair order, so the first pairs are the same whatever `D` is.
pub fn product_moons<const D: usize>(
    n: usize,
    noise: f32,
    rng: &mut Rng,
) -> Outcome<Vec<[f32; D]>> {
    if D == 0 || !D.is_multiple_of(2) {
        return Err(Failure::Usage(format!(
            "product moons need an even dimension, not {D}"
        )));
    }
    let mut points = vec![[0.0f32; D]; n];
    let mut pair_points = vec![[0.0f32; 2]; n];
    for pair in 0..D / 2 {
        let mut fork = rng.fork();
        sample_moons(&mut pair_points, noise, &mut fork)?;
        for (p, m) in points.iter_mut().zip(&pair_points) {
            p[2 * pair] = m[0];
            p[2 * pair + 1] = m[1];
        }
    }
    Ok(points)
}

/// The Euclidean distance from `p` to the nearer of the two noiseless moon arcs (the
/// metrics' exact [`nearest_arc`]).
pub fn distance_to_moons(p: [f32; 2]) -> f64 {
    nearest_arc([f64::from(p[0]), f64::from(p[1])]).distance
}

/// True when every coordinate pair of `x` lies within `tolerance` of a moon arc.
pub fn on_moons(x: &[f32], tolerance: f64) -> bool {
    x.chunks_exact(2)
        .all(|p| distance_to_moons([p[0], p[1]]) <= tolerance)
}

/// The density of the two-moons *law* (not of a finite sample): a fair choice of moon,
/// `t ~ U[0, π]` on its arc, plus `N(0, σ²I)` noise. The integral over `t` is a midpoint
/// sum over `steps` values per moon.
#[derive(Clone, Debug)]
pub struct MoonsDensity {
    centres: Vec<(f64, f64)>,
    sigma: f64,
}

impl MoonsDensity {
    /// The law with noise `sigma > 0`; `steps` values of `t` per moon (spacing `π/steps`
    /// should be well below `sigma`).
    pub fn new(sigma: f64, steps: usize) -> Self {
        let mut centres = Vec::with_capacity(2 * steps);
        for k in 0..steps {
            let t = PI * (k as f64 + 0.5) / steps as f64;
            let (s, c) = t.sin_cos();
            centres.push((c, s));
            centres.push((1.0 - c, 0.5 - s));
        }
        MoonsDensity { centres, sigma }
    }

    /// `p(x)`. Centres farther than 9σ contribute below `e^(−40)` of the peak and are skipped.
    pub fn density(&self, x: f64, y: f64) -> f64 {
        let s2 = self.sigma * self.sigma;
        let cutoff = 81.0 * s2;
        let mut sum = 0.0;
        for &(cx, cy) in &self.centres {
            let r2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
            if r2 < cutoff {
                sum += (-0.5 * r2 / s2).exp();
            }
        }
        sum / (self.centres.len() as f64 * 2.0 * PI * s2)
    }

    /// `ln p` of a product of independent pairs: the sum of `ln p(pair)` over the coordinate
    /// pairs of `x` (`−∞` as soon as one pair is beyond the density's reach).
    pub fn ln_density_pairs(&self, x: &[f32]) -> f64 {
        let mut sum = 0.0;
        for pair in x.chunks_exact(2) {
            let p = self.density(f64::from(pair[0]), f64::from(pair[1]));
            if p <= 0.0 {
                return f64::NEG_INFINITY;
            }
            sum += p.ln();
        }
        sum
    }

    /// `M = sup p/q` for a 2-D Gaussian `q`, and where it is attained: a grid of step
    /// σ/5 over the band within 6σ of the arcs, then a fine grid (step σ/100) around the
    /// best few grid points. An exact rejection sampler from `q` accepts a share `1/M`.
    pub fn sup_ratio(&self, q: &Gaussian<2>) -> (f64, [f64; 2]) {
        let ratio = |x: f64, y: f64| {
            let p = self.density(x, y);
            if p > 0.0 {
                p.ln() - ln_q(q, &[x, y])
            } else {
                f64::NEG_INFINITY
            }
        };
        let h = self.sigma / 5.0;
        let band = 6.0 * self.sigma;
        let mut coarse = Vec::new();
        let (nx, ny) = ((3.0 + 2.0 * band) / h, (1.5 + 2.0 * band) / h);
        for i in 0..=nx.ceil() as usize {
            for j in 0..=ny.ceil() as usize {
                let (x, y) = (-1.0 - band + i as f64 * h, -0.5 - band + j as f64 * h);
                if distance_to_moons([x as f32, y as f32]) <= band {
                    coarse.push((ratio(x, y), x, y));
                }
            }
        }
        coarse.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut best = (f64::NEG_INFINITY, 0.0, 0.0);
        for &(_, cx, cy) in coarse.iter().take(4) {
            let fine = self.sigma / 100.0;
            for i in -100..=100 {
                for j in -100..=100 {
                    let (x, y) = (cx + i as f64 * fine, cy + j as f64 * fine);
                    let r = ratio(x, y);
                    if r > best.0 {
                        best = (r, x, y);
                    }
                }
            }
        }
        (best.0.exp(), [best.1, best.2])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tinygen::make_moons;

    #[test]
    fn product_pairs_are_independent_moons_with_the_right_marginals() {
        let pts = product_moons::<6>(4000, 0.05, &mut Rng::seed_from(11)).unwrap();
        let n = pts.len() as f64;
        let mean = |c: usize| pts.iter().map(|p| f64::from(p[c])).sum::<f64>() / n;
        let var = |c: usize| {
            let m = mean(c);
            pts.iter()
                .map(|p| (f64::from(p[c]) - m).powi(2))
                .sum::<f64>()
                / n
        };
        // The law's marginals: E x = 0.5, E y = 0.25, and E x² = ½·E cos² t + ½·E (1 − cos t)²
        // = ½·½ + ½·3/2 = 1, so Var x = 1 − 0.25 + σ² = 0.7525.
        for pair in 0..3 {
            let (x, y) = (2 * pair, 2 * pair + 1);
            assert!((mean(x) - 0.5).abs() < 0.01, "mean x of pair {pair}");
            assert!((mean(y) - 0.25).abs() < 0.01, "mean y of pair {pair}");
            let expected_var_x = 0.5 + 0.25 + 0.0025;
            assert!((var(x) - expected_var_x).abs() < 0.01, "var x: {}", var(x));
            // Every point of every pair lies near a moon arc (6σ would be a 1e-8 event).
            assert!(pts.iter().all(|p| distance_to_moons([p[x], p[y]]) < 0.3));
        }
        // Different pairs are independent: correlations near 0 (s.e. 1/√4000 ≈ 0.016).
        for (a, b) in [(0, 2), (1, 3), (0, 5), (3, 4)] {
            let (ma, mb) = (mean(a), mean(b));
            let cov = pts
                .iter()
                .map(|p| (f64::from(p[a]) - ma) * (f64::from(p[b]) - mb))
                .sum::<f64>()
                / n;
            let corr = cov / (var(a) * var(b)).sqrt();
            assert!(corr.abs() < 0.06, "corr({a},{b}) = {corr}");
        }
        // Within a pair the coordinates are dependent: Cov(x, y) = ½(½ − 2/π) − 0.125 ≈ −0.19.
        let within = pts
            .iter()
            .map(|p| (f64::from(p[0]) - mean(0)) * (f64::from(p[1]) - mean(1)))
            .sum::<f64>()
            / n;
        assert!(within < -0.05, "within-pair covariance {within}");
    }

    #[test]
    fn first_pairs_do_not_depend_on_the_dimension() {
        let a = product_moons::<2>(100, 0.05, &mut Rng::seed_from(5)).unwrap();
        let b = product_moons::<8>(100, 0.05, &mut Rng::seed_from(5)).unwrap();
        assert!(a.iter().zip(&b).all(|(a, b)| a[..] == b[..2]));
        // And pair 0 is exactly a make_moons draw.
        let m = make_moons::<100>(0.05, &mut Rng::seed_from(5).fork()).unwrap();
        assert!(a.iter().zip(&m.points).all(|(a, m)| a == m));
    }

    #[test]
    fn odd_dimensions_are_refused() {
        assert!(product_moons::<3>(10, 0.05, &mut Rng::seed_from(1)).is_err());
    }

    #[test]
    fn distances_to_the_arcs() {
        assert!(distance_to_moons([0.0, 1.0]) < 1e-7);
        assert!(distance_to_moons([1.0, -0.5]) < 1e-7);
        assert!((distance_to_moons([0.0, 1.2]) - 0.2).abs() < 1e-6);
        // Below the outer arc's right tip and left of the inner arc: nearest is a tip.
        assert!((distance_to_moons([-1.0, -0.3]) - 0.3).abs() < 1e-6);
        assert!(on_moons(&[0.0, 1.0, 2.0, 0.5], 0.01));
        assert!(!on_moons(&[0.0, 1.0, 3.0, 3.0], 0.01));
    }

    #[test]
    fn the_density_is_normalised_and_peaks_on_the_arcs() {
        let law = MoonsDensity::new(0.05, 1000);
        let h = 0.01;
        let mut total = 0.0;
        for i in 0..=400 {
            for j in 0..=250 {
                total += law.density(-1.5 + i as f64 * h, -1.0 + j as f64 * h) * h * h;
            }
        }
        assert!((total - 1.0).abs() < 1e-3, "integral {total}");
        // On the middle of an arc, p ≈ ½ · (1/π) · 1/(√(2π)σ) (arc speed 1).
        let on_arc = 0.5 / PI / ((2.0 * PI).sqrt() * 0.05);
        assert!((law.density(0.0, 1.0) / on_arc - 1.0).abs() < 0.01);
        // A product's log-density is the sum over its pairs.
        let both = law.ln_density_pairs(&[0.0, 1.0, 1.0, -0.5]);
        let sum = law.density(0.0, 1.0).ln() + law.density(1.0, -0.5).ln();
        assert!((both - sum).abs() < 1e-12);
        assert_eq!(
            law.ln_density_pairs(&[0.0, 1.0, 9.0, 9.0]),
            f64::NEG_INFINITY
        );
    }

    #[test]
    fn sup_ratio_bounds_the_ratio_at_data_points() {
        let law = MoonsDensity::new(0.05, 1000);
        let data = make_moons::<1000>(0.05, &mut Rng::seed_from(2)).unwrap();
        let q = Gaussian::<2>::fit(&data.points).unwrap();
        let (m, at) = law.sup_ratio(&q);
        assert!(m > 1.0 && m.is_finite());
        for p in data.points.iter().step_by(7) {
            let (x, y) = (f64::from(p[0]), f64::from(p[1]));
            let r = law.density(x, y) / ln_q(&q, &[x, y]).exp();
            assert!(r <= m * (1.0 + 1e-9), "p/q = {r} > M = {m} at {p:?}");
        }
        assert!(distance_to_moons([at[0] as f32, at[1] as f32]) < 0.1);
    }
}
