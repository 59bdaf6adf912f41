//! Quality of points against a Gaussian mixture (the ring and grid benchmarks), by the
//! VEEGAN and PacGAN protocol.
//!
//! - **high_quality**: share of points within 3 standard deviations of their nearest mean.
//! - **modes**: components that are the nearest mean of at least one high-quality point.
//! - **reverse_kl**: `KL(p ‖ u) = Σ p_k ln(K·p_k)` (with `0·ln 0 = 0`), `p_k` the share of the
//!   high-quality points whose nearest mean is component `k`, `u` the mixture's weights `1/K`:
//!   0 when the sharp points spread evenly over the modes, `ln K` when they all sit at one;
//!   undefined (JSON `null`) without a high-quality point.
//! - **energy_ratio** (and MMD²): as for the moons, against a reference sample of the mixture
//!   over the median of 20 i.i.d. draws of the same size ([`super::Reference`]).

use super::law::Law;
use super::reference::{Floors, Reference, REFERENCE_SIZE};
use super::report::{json_number, Energy, MetricsError};
use tinygen::Mixture;

/// The mode metrics of a set of points, which need no reference sample.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Modes {
    /// Points evaluated.
    pub n: usize,
    /// Components with at least one high-quality point.
    pub modes: usize,
    /// Components of the mixture.
    pub components: usize,
    /// Share of points within 3σ of their nearest mean.
    pub high_quality: f64,
    /// `KL(p ‖ uniform)` of the high-quality points' nearest-mean shares (NaN without one).
    pub reverse_kl: f64,
}

/// All mixture metrics of a set of points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MixtureMetrics {
    /// Modes, high-quality share and reverse KL.
    pub modes: Modes,
    /// Energy distance and MMD² over their i.i.d. floors.
    pub energy: Energy,
}

impl MixtureMetrics {
    /// One JSON object: `n, data, modes, components, high_quality, reverse_kl, energy_distance,
    /// energy_floor, energy_ratio, mmd2, mmd2_floor, mmd2_ratio, pairwise_points`.
    pub fn to_json(&self, data: &str) -> String {
        let (m, e) = (&self.modes, &self.energy);
        format!(
            concat!(
                "{{\"n\":{},\"data\":\"{}\",\"modes\":{},\"components\":{},",
                "\"high_quality\":{},\"reverse_kl\":{},\"energy_distance\":{},",
                "\"energy_floor\":{},\"energy_ratio\":{},\"mmd2\":{},\"mmd2_floor\":{},",
                "\"mmd2_ratio\":{},\"pairwise_points\":{}}}"
            ),
            m.n,
            data,
            m.modes,
            m.components,
            json_number(m.high_quality),
            json_number(m.reverse_kl),
            json_number(e.energy_distance),
            json_number(e.energy_floor),
            json_number(e.energy_ratio),
            json_number(e.mmd2),
            json_number(e.mmd2_floor),
            json_number(e.mmd2_ratio),
            e.pairwise_points,
        )
    }
}

/// The reference sample of `mixture` ([`REFERENCE_SIZE`] points, from `seed`).
pub fn reference(mixture: Mixture, seed: u64) -> Reference {
    Reference::of(Law::Mixture(mixture), REFERENCE_SIZE, seed)
}

/// Every mixture metric of `points`; `reference` must be of `mixture` and `floors` from its
/// [`Reference::floors_for`] `points.len()`.
pub fn evaluate(
    mixture: Mixture,
    points: &[[f32; 2]],
    reference: &Reference,
    floors: &Floors,
) -> Result<MixtureMetrics, MetricsError> {
    let energy = reference.energy(points, floors)?;
    Ok(MixtureMetrics {
        modes: modes(mixture, points),
        energy,
    })
}

/// The mode metrics of `points` against `mixture`.
pub fn modes(mixture: Mixture, points: &[[f32; 2]]) -> Modes {
    let k = mixture.components();
    let means: Vec<[f64; 2]> = (0..k).map(|c| mixture.mean(c).map(f64::from)).collect();
    let limit = 3.0 * f64::from(mixture.std());
    let mut high_per_mode = vec![0usize; k];
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
        if d2.sqrt() <= limit {
            high_per_mode[best] += 1;
        }
    }
    let n = points.len();
    let high: usize = high_per_mode.iter().sum();
    let reverse_kl = if high == 0 {
        f64::NAN
    } else {
        high_per_mode
            .iter()
            .filter(|&&c| c > 0)
            .map(|&c| {
                let p = c as f64 / high as f64;
                p * (k as f64 * p).ln()
            })
            .sum()
    };
    Modes {
        n,
        modes: high_per_mode.iter().filter(|&&c| c > 0).count(),
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
            let s = modes(m, &points);
            assert_eq!(s.modes, m.components());
            assert!(s.high_quality > 0.98, "{s:?}");
            assert!(s.reverse_kl < 0.01, "{s:?}");
        }
    }

    #[test]
    fn one_mode_scores_one_mode_and_ln_k() {
        let points = vec![Mixture::Ring.mean(2); 100];
        let s = modes(Mixture::Ring, &points);
        assert_eq!((s.modes, s.high_quality), (1, 1.0));
        assert!((s.reverse_kl - 8f64.ln()).abs() < 1e-12);
        let far = modes(Mixture::Ring, &[[5.0, 5.0]]);
        assert_eq!((far.modes, far.high_quality), (0, 0.0));
        assert!(far.reverse_kl.is_nan());
    }

    #[test]
    fn reverse_kl_counts_only_high_quality_points() {
        // Half the points sharp at mode 0, half far off but nearest mode 1: the sharp points
        // all sit at one mode, so the reverse KL is ln 8, not that of a 50/50 split.
        let mut points = vec![Mixture::Ring.mean(0); 50];
        let [x, y] = Mixture::Ring.mean(1);
        points.extend(vec![[1.5 * x, 1.5 * y]; 50]);
        let s = modes(Mixture::Ring, &points);
        assert_eq!((s.modes, s.high_quality), (1, 0.5));
        assert!((s.reverse_kl - 8f64.ln()).abs() < 1e-12);
    }

    #[test]
    fn true_draws_score_near_their_energy_floor() {
        let m = Mixture::Grid;
        let reference = reference(m, 1);
        let mut points = vec![[0.0f32; 2]; 1000];
        m.sample_into(&mut points, &mut Rng::seed_from(4));
        let floors = reference.floors_for(points.len(), 2).unwrap();
        let s = evaluate(m, &points, &reference, &floors).unwrap();
        assert!(s.energy.energy_ratio < 4.0, "{s:?}");
        let collapsed = vec![m.mean(12); 1000];
        let c = evaluate(m, &collapsed, &reference, &floors).unwrap();
        assert!(c.energy.energy_ratio > 100.0, "{c:?}");
    }
}
