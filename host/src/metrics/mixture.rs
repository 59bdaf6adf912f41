//! Quality of points against a Gaussian mixture (the ring and grid benchmarks), by the
//! VEEGAN and PacGAN protocol.
//!
//! - **high_quality**: share of points within 3 standard deviations of their nearest mean.
//! - **modes**: components that are the nearest mean of at least one high-quality point.
//! - **reverse_kl**: `KL(p ‖ u) = Σ p_k ln(K·p_k)`, with `p_k` the share of all points whose
//!   nearest mean is component `k` and `u` the uniform weights `1/K` of the true mixture: 0 when
//!   the points spread evenly over the modes, `ln K` when they all sit at one.

use tinygen::Mixture;

/// The mixture metrics of a set of points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MixtureMetrics {
    /// Points evaluated.
    pub n: usize,
    /// Components with at least one high-quality point.
    pub modes: usize,
    /// Components of the mixture.
    pub components: usize,
    /// Share of points within 3σ of their nearest mean.
    pub high_quality: f64,
    /// `KL(p ‖ uniform)` of the nearest-mean shares.
    pub reverse_kl: f64,
}

impl MixtureMetrics {
    /// One JSON object, keys in the order of the fields.
    pub fn to_json(&self, data: &str) -> String {
        format!(
            "{{\"n\":{},\"data\":\"{data}\",\"modes\":{},\"components\":{},\"high_quality\":{},\"reverse_kl\":{}}}",
            self.n, self.modes, self.components, self.high_quality, self.reverse_kl
        )
    }
}

/// The metrics of `points` against `mixture`.
pub fn evaluate(mixture: Mixture, points: &[[f32; 2]]) -> MixtureMetrics {
    let k = mixture.components();
    let means: Vec<[f64; 2]> = (0..k).map(|c| mixture.mean(c).map(f64::from)).collect();
    let limit = 3.0 * f64::from(mixture.std());
    let mut nearest_count = vec![0usize; k];
    let mut captured = vec![false; k];
    let mut high = 0usize;
    for p in points {
        let p = p.map(f64::from);
        let (best, d2) = means
            .iter()
            .map(|m| (p[0] - m[0]).powi(2) + (p[1] - m[1]).powi(2))
            .enumerate()
            .fold(
                (0, f64::INFINITY),
                |a, (i, d)| if d < a.1 { (i, d) } else { a },
            );
        nearest_count[best] += 1;
        if d2.sqrt() <= limit {
            high += 1;
            captured[best] = true;
        }
    }
    let n = points.len();
    let reverse_kl = nearest_count
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n as f64;
            p * (k as f64 * p).ln()
        })
        .sum();
    MixtureMetrics {
        n,
        modes: captured.iter().filter(|&&c| c).count(),
        components: k,
        high_quality: if n == 0 { 0.0 } else { high as f64 / n as f64 },
        reverse_kl,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tinygen::Rng;

    #[test]
    fn true_draws_score_all_modes_sharp_and_even() {
        for m in [Mixture::Ring, Mixture::Grid] {
            let mut points = vec![[0.0f32; 2]; 25_000];
            m.sample_into(&mut points, &mut Rng::seed_from(3));
            let s = evaluate(m, &points);
            assert_eq!(s.modes, m.components());
            assert!(s.high_quality > 0.98, "{s:?}");
            assert!(s.reverse_kl < 0.01, "{s:?}");
        }
    }

    #[test]
    fn one_mode_scores_one_mode_and_ln_k() {
        let points = vec![Mixture::Ring.mean(2); 100];
        let s = evaluate(Mixture::Ring, &points);
        assert_eq!((s.modes, s.high_quality), (1, 1.0));
        assert!((s.reverse_kl - 8f64.ln()).abs() < 1e-12);
        let far = evaluate(Mixture::Ring, &[[5.0, 5.0]]);
        assert_eq!((far.modes, far.high_quality), (0, 0.0));
    }
}
