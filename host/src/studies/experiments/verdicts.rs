//! The rules that turn metrics into answers: the medians per setting, mode collapse, a
//! fooled discriminator, and which model wins a metric.

use super::runs::Run;
use super::settings::Setting;
use crate::metrics::{median, Metrics};
use crate::run::nce::NceReport;
use tinygen::GanEpochStats;

/// A run is mode-collapsed when fewer than this share of its points is on the outer moon …
pub const UPPER_LOW: f64 = 0.2;
/// … or more than this share …
pub const UPPER_HIGH: f64 = 0.8;
/// … or when it covers at most this many of the 20 arc bins.
pub const MAX_COLLAPSED_COVERAGE: u32 = 10;
/// The collapse rule in words, as stated in the report.
pub const COLLAPSE_RULE: &str = "a run is **mode-collapsed** when `upper_fraction < 0.2` or \
     `upper_fraction > 0.8` (one moon lost or nearly so; ideal 0.5), or `arc_coverage ≤ 10` \
     of 20 bins (at least half of the arcs' length holds fewer than a quarter of the points \
     the true law puts there)";

/// The discriminator counts as fooled when its mean output on generated points is within
/// this distance of 0.5 (a coin flip).
pub const FOOLED_TOLERANCE: f64 = 0.05;

/// Smallest and largest finite value.
pub fn range(values: &[f64]) -> Option<(f64, f64)> {
    values
        .iter()
        .filter(|x| x.is_finite())
        .fold(None, |acc, &x| match acc {
            None => Some((x, x)),
            Some((lo, hi)) => Some((f64::min(lo, x), f64::max(hi, x))),
        })
}

/// Why `m` counts as mode-collapsed under [`COLLAPSE_RULE`], or `None`.
pub fn collapse_reason(m: &Metrics) -> Option<String> {
    let mut reasons = Vec::new();
    if m.upper_fraction < UPPER_LOW {
        reasons.push(format!(
            "upper_fraction {:.3} < {UPPER_LOW}",
            m.upper_fraction
        ));
    }
    if m.upper_fraction > UPPER_HIGH {
        reasons.push(format!(
            "upper_fraction {:.3} > {UPPER_HIGH}",
            m.upper_fraction
        ));
    }
    if m.arc_coverage <= MAX_COLLAPSED_COVERAGE {
        reasons.push(format!(
            "arc_coverage {}/20 ≤ {MAX_COLLAPSED_COVERAGE}",
            m.arc_coverage
        ));
    }
    (!reasons.is_empty()).then(|| reasons.join(" and "))
}

/// True when `m` meets [`COLLAPSE_RULE`].
pub fn is_collapsed(m: &Metrics) -> bool {
    collapse_reason(m).is_some()
}

/// True when a mean `D(G(z))` of `d_fake` counts as a fooled discriminator.
pub fn is_fooled(d_fake: f64) -> bool {
    (d_fake - 0.5).abs() <= FOOLED_TOLERANCE
}

/// The medians of one setting over its completed runs.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// The setting.
    pub setting: Setting,
    /// Runs of the setting.
    pub runs: usize,
    /// Runs that completed (the medians are over these).
    pub completed: usize,
    /// Completed runs that meet the collapse rule.
    pub collapsed: usize,
    /// The median of each metric of [`COMPARED`], in its order.
    pub metrics: [Option<f64>; COMPARED.len()],
    /// Median final mean `D(x)` on real points (GAN).
    pub d_real: Option<f64>,
    /// Median final mean `D(G(z))` (GAN).
    pub d_fake: Option<f64>,
    /// Median final discriminator loss (GAN).
    pub d_loss: Option<f64>,
    /// Median final generator loss (GAN).
    pub g_loss: Option<f64>,
    /// Median acceptance rate (NCE).
    pub acceptance: Option<f64>,
    /// Median held-out accuracy on data points (NCE).
    pub data_accuracy: Option<f64>,
    /// Median held-out accuracy on noise points (NCE).
    pub noise_accuracy: Option<f64>,
}

impl Summary {
    /// The median `energy_ratio`, the headline metric ([`COMPARED`]`[0]`).
    pub fn energy_ratio(&self) -> Option<f64> {
        self.metrics[0]
    }

    /// The medians of `setting` over the completed ones among `runs` (others are ignored).
    pub fn of(setting: Setting, runs: &[Run]) -> Summary {
        let all: Vec<&Run> = runs.iter().filter(|r| r.setting == setting).collect();
        let done: Vec<(&Run, &Metrics)> = all
            .iter()
            .filter_map(|r| r.completed().map(|m| (*r, m)))
            .collect();
        let med = |f: &dyn Fn(&Run, &Metrics) -> Option<f64>| {
            let v: Vec<f64> = done.iter().filter_map(|(r, m)| f(r, m)).collect();
            median(&v)
        };
        let gan = |f: fn(&GanEpochStats) -> f32| {
            move |r: &Run, _: &Metrics| r.gan_final.as_ref().map(|s| f64::from(f(s)))
        };
        let nce = |f: fn(&NceReport) -> f32| {
            move |r: &Run, _: &Metrics| r.nce.as_ref().map(|s| f64::from(f(s)))
        };
        Summary {
            setting,
            runs: all.len(),
            completed: done.len(),
            collapsed: done.iter().filter(|(_, m)| is_collapsed(m)).count(),
            metrics: COMPARED.map(|(_, _, _, get)| med(&|_, m| Some(get(m)))),
            d_real: med(&gan(|s| s.d_real)),
            d_fake: med(&gan(|s| s.d_fake)),
            d_loss: med(&gan(|s| s.d_loss)),
            g_loss: med(&gan(|s| s.g_loss)),
            acceptance: med(&nce(|s| s.sampler.acceptance_rate())),
            data_accuracy: med(&nce(|s| s.data_accuracy)),
            noise_accuracy: med(&nce(|s| s.noise_accuracy)),
        }
    }
}

/// Which way a metric is better.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Better {
    /// Smaller is better.
    Lower,
    /// Larger is better.
    Higher,
    /// Closer to this value is better.
    CloserTo(f64),
}

/// Who wins a comparison of two values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Winner {
    /// The first value is better.
    First,
    /// The second value is better.
    Second,
    /// Equally good.
    Tie,
}

/// Compares `a` and `b` on a metric where `better` says what is better.
pub fn winner(better: Better, a: f64, b: f64) -> Winner {
    let (score_a, score_b) = match better {
        Better::Lower => (a, b),
        Better::Higher => (-a, -b),
        Better::CloserTo(t) => ((a - t).abs(), (b - t).abs()),
    };
    match score_a.total_cmp(&score_b) {
        std::cmp::Ordering::Less => Winner::First,
        std::cmp::Ordering::Greater => Winner::Second,
        std::cmp::Ordering::Equal => Winner::Tie,
    }
}

/// A metric compared between NCE and the GAN: name, direction, ideal value, and how to
/// read it from [`Metrics`].
pub type Compared = (&'static str, Better, &'static str, fn(&Metrics) -> f64);

/// Every metric of the comparison, in the order of the tables' columns.
pub const COMPARED: [Compared; 5] = [
    ("energy_ratio", Better::Lower, "≈ 1", |m| m.energy_ratio),
    ("mmd2_ratio", Better::Lower, "≈ 1", |m| m.mmd2_ratio),
    ("upper_fraction", Better::CloserTo(0.5), "0.5", |m| {
        m.upper_fraction
    }),
    ("arc_coverage", Better::Higher, "20", |m| {
        f64::from(m.arc_coverage)
    }),
    ("on_manifold", Better::Higher, "≈ 0.995", |m| {
        m.on_manifold
    }),
];

/// `f` of every completed run of `setting`, by seed.
pub fn values(runs: &[Run], setting: Setting, f: fn(&Metrics) -> f64) -> Vec<f64> {
    let mut mine: Vec<&Run> = runs.iter().filter(|r| r.setting == setting).collect();
    mine.sort_by_key(|r| r.seed);
    mine.iter().filter_map(|r| r.completed().map(f)).collect()
}

/// The GAN setting with the lowest median `energy_ratio` among those with a completed run.
pub fn best_gan(summaries: &[Summary]) -> Option<&Summary> {
    summaries
        .iter()
        .filter(|s| s.setting.is_gan())
        .filter_map(|s| s.energy_ratio().map(|e| (s, e)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(s, _)| s)
}

#[cfg(test)]
mod tests {
    use super::super::test_runs::{metrics, run};
    use super::*;
    use crate::studies::experiments::settings::gan;
    use tinygen::SamplerKind;

    #[test]
    fn range_of_finite_values() {
        assert_eq!(range(&[2.0, f64::NAN, -1.0, 5.0]), Some((-1.0, 5.0)));
        assert_eq!(range(&[]), None);
    }

    #[test]
    fn collapse_rule_boundaries() {
        assert!(!is_collapsed(&metrics(0.5, 20, 1.0)));
        assert!(
            !is_collapsed(&metrics(0.2, 11, 1.0)),
            "0.2 and 11 are allowed"
        );
        assert!(!is_collapsed(&metrics(0.8, 11, 1.0)));
        assert!(is_collapsed(&metrics(0.199, 20, 1.0)));
        assert!(is_collapsed(&metrics(0.801, 20, 1.0)));
        assert!(
            is_collapsed(&metrics(0.5, 10, 1.0)),
            "10/20 bins is collapse"
        );
        assert!(is_collapsed(&metrics(1.0, 0, 1.0)));
        let why = collapse_reason(&metrics(0.95, 9, 1.0)).unwrap();
        assert!(why.contains("upper_fraction 0.950 > 0.8"), "{why}");
        assert!(why.contains("arc_coverage 9/20"), "{why}");
    }

    #[test]
    fn fooled_and_winner_rules() {
        assert!(is_fooled(0.5) && is_fooled(0.46) && is_fooled(0.54));
        assert!(!is_fooled(0.44) && !is_fooled(0.56) && !is_fooled(0.1));
        assert_eq!(winner(Better::Lower, 1.0, 2.0), Winner::First);
        assert_eq!(winner(Better::Higher, 1.0, 2.0), Winner::Second);
        assert_eq!(winner(Better::CloserTo(0.5), 0.45, 0.6), Winner::First);
        assert_eq!(winner(Better::CloserTo(0.5), 0.4, 0.6), Winner::Tie);
        assert_eq!(winner(Better::Higher, 20.0, 20.0), Winner::Tie);
    }

    #[test]
    fn best_gan_is_lowest_median_energy_ratio() {
        assert_eq!(COMPARED[0].0, "energy_ratio");
        let a = Setting::Gan(gan(10, 1, 1));
        let b = Setting::Gan(gan(200, 1, 1));
        let nce = Setting::Nce(SamplerKind::Rejection);
        let runs = vec![
            run(a, 0, Some(metrics(0.5, 20, 9.0))),
            run(b, 0, Some(metrics(0.5, 20, 2.0))),
            run(nce, 0, Some(metrics(0.5, 20, 1.0))),
        ];
        let sums: Vec<Summary> = [a, b, nce].iter().map(|&s| Summary::of(s, &runs)).collect();
        assert_eq!(best_gan(&sums).unwrap().setting, b);
    }
}
