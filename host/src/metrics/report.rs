//! The metrics record, its JSON rendering and the error type.

use std::fmt;

/// Quality of one set of generated points against the true two-moons law.
/// See the [module docs](super) for the definitions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metrics {
    /// Number of evaluated points.
    pub n: usize,
    /// Points in the pairwise terms (energy, MMD²): `n`, or a seeded random subsample of
    /// [`super::subsample::PAIRWISE_LIMIT`] when `n` is larger.
    pub pairwise_points: usize,
    /// Energy distance (V-statistic) to the reference sample.
    pub energy_distance: f64,
    /// Median energy distance of 20 i.i.d. true samples of size `n`.
    pub energy_floor: f64,
    /// `energy_distance / energy_floor`; about 1 for a perfect generator.
    pub energy_ratio: f64,
    /// RBF MMD² (V-statistic, `h = 0.2`) to the reference sample.
    pub mmd2: f64,
    /// Median MMD² of 20 i.i.d. true samples of size `n`.
    pub mmd2_floor: f64,
    /// `mmd2 / mmd2_floor`; about 1 for a perfect generator.
    pub mmd2_ratio: f64,
    /// Share of points whose nearest curve is the outer moon (ideal 0.5).
    pub upper_fraction: f64,
    /// Covered `t`-bins out of 20 (10 per moon).
    pub arc_coverage: u32,
    /// Share of points within 3σ of the nearest curve.
    pub on_manifold: f64,
}

/// The distribution statistics of a set of points against a reference sample of the true law,
/// each over its i.i.d. floor (see the [module docs](super)).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Energy {
    /// Points in the pairwise terms (all, or a seeded subsample).
    pub pairwise_points: usize,
    /// Energy distance (V-statistic) to the reference sample.
    pub energy_distance: f64,
    /// Median energy distance of 20 i.i.d. true samples of size `pairwise_points`.
    pub energy_floor: f64,
    /// `energy_distance / energy_floor`; about 1 for a perfect generator.
    pub energy_ratio: f64,
    /// RBF MMD² (V-statistic, `h = 0.2`) to the reference sample.
    pub mmd2: f64,
    /// Median MMD² of 20 i.i.d. true samples of size `pairwise_points`.
    pub mmd2_floor: f64,
    /// `mmd2 / mmd2_floor`; about 1 for a perfect generator.
    pub mmd2_ratio: f64,
}

/// A JSON number, or `null` for NaN/±∞ (which JSON cannot represent).
pub fn json_number(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        "null".to_string()
    }
}

impl Metrics {
    /// The metrics as a one-line JSON object with stable keys, in the order
    /// `n, energy_distance, energy_floor, energy_ratio, mmd2, mmd2_floor,
    /// mmd2_ratio, upper_fraction, arc_coverage, on_manifold, pairwise_points`. Numbers use
    /// Rust's shortest round-trip formatting; a non-finite value (only
    /// possible for a ratio whose floor is 0) is written as `null`.
    pub fn to_json(&self) -> String {
        format!(
            concat!(
                "{{\"n\":{},\"energy_distance\":{},\"energy_floor\":{},",
                "\"energy_ratio\":{},\"mmd2\":{},\"mmd2_floor\":{},",
                "\"mmd2_ratio\":{},\"upper_fraction\":{},\"arc_coverage\":{},",
                "\"on_manifold\":{},\"pairwise_points\":{}}}"
            ),
            self.n,
            json_number(self.energy_distance),
            json_number(self.energy_floor),
            json_number(self.energy_ratio),
            json_number(self.mmd2),
            json_number(self.mmd2_floor),
            json_number(self.mmd2_ratio),
            json_number(self.upper_fraction),
            self.arc_coverage,
            json_number(self.on_manifold),
            self.pairwise_points,
        )
    }
}

/// Why points could not be evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricsError {
    /// No points (every metric would be 0/0).
    Empty,
    /// A coordinate is NaN or infinite (e.g. a diverged generator).
    NonFinite {
        /// Index of the first offending point.
        index: usize,
    },
    /// The reference is not of the two moons, whose shape metrics were asked for.
    NotMoons,
    /// The floors were computed for a different sample size; the floor of a
    /// V-statistic depends on `n`, so the ratio would be meaningless.
    FloorSizeMismatch {
        /// Size the floors were computed for.
        floors_n: usize,
        /// Number of points given.
        n: usize,
    },
}

impl fmt::Display for MetricsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MetricsError::Empty => {
                write!(f, "cannot evaluate metrics of an empty point set (n = 0)")
            }
            MetricsError::NonFinite { index } => {
                write!(f, "point {index} has a non-finite coordinate")
            }
            MetricsError::NotMoons => {
                write!(f, "the two-moons metrics need a two-moons reference")
            }
            MetricsError::FloorSizeMismatch { floors_n, n } => write!(
                f,
                "floors were computed for n = {floors_n} but {n} points were given"
            ),
        }
    }
}

impl std::error::Error for MetricsError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_has_all_keys_in_order() {
        let m = Metrics {
            n: 1000,
            pairwise_points: 1000,
            energy_distance: 0.0025,
            energy_floor: 0.002,
            energy_ratio: 1.25,
            mmd2: 1e-4,
            mmd2_floor: 2e-4,
            mmd2_ratio: 0.5,
            upper_fraction: 0.5,
            arc_coverage: 20,
            on_manifold: 0.99,
        };
        assert_eq!(
            m.to_json(),
            "{\"n\":1000,\"energy_distance\":0.0025,\"energy_floor\":0.002,\
             \"energy_ratio\":1.25,\"mmd2\":0.0001,\"mmd2_floor\":0.0002,\
             \"mmd2_ratio\":0.5,\"upper_fraction\":0.5,\"arc_coverage\":20,\
             \"on_manifold\":0.99,\"pairwise_points\":1000}"
        );
        let inf = Metrics {
            energy_ratio: f64::INFINITY,
            ..m
        };
        assert!(inf.to_json().contains("\"energy_ratio\":null,"));
    }

    #[test]
    fn empty_error_message_mentions_n_zero() {
        assert!(MetricsError::Empty.to_string().contains("n = 0"));
    }
}
