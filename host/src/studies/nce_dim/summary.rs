//! The runs of each dimension, summarised, with the two 2-D references.

use super::run::DimRun;
use crate::render::table::sig;

/// The runs of one dimension, summarised: acceptance pooled over seeds, the rest averaged
/// (bounds geometrically).
#[derive(Clone, Debug, Default)]
pub struct DimSummary {
    /// Dimension.
    pub d: usize,
    /// Runs that trained to the end.
    pub runs: usize,
    /// Runs that diverged.
    pub diverged: usize,
    /// Classifier's held-out accuracy on data.
    pub data_accuracy: f64,
    /// Classifier's held-out accuracy on noise.
    pub noise_accuracy: f64,
    /// Bayes rule's held-out accuracy on data.
    pub bayes_data_accuracy: f64,
    /// Bayes rule's held-out accuracy on noise.
    pub bayes_noise_accuracy: f64,
    /// All acceptances.
    pub accepted: u64,
    /// All proposals.
    pub proposals: u64,
    /// Mean of [`DimRun::acceptance_data_bound`].
    pub acceptance_data_bound: f64,
    /// Mean of [`DimRun::mean_ratio_q`].
    pub mean_ratio_q: f64,
    /// Geometric mean of the pool bounds.
    pub pool_bound: f64,
    /// Geometric mean of the final bounds.
    pub final_bound: f64,
    /// Geometric mean of the data bounds.
    pub data_bound: f64,
    /// Mean true `ln p/q` on held-out data.
    pub true_log_ratio_data: f64,
    /// Mean learned `ln r` on held-out data.
    pub learned_log_ratio_data: f64,
    /// Share of all accepted samples on the moons (None when nothing was accepted).
    pub on_moons_accepted: Option<f64>,
    /// Mean share of held-out data on the moons.
    pub on_moons_data: f64,
    /// Mean share of `q` draws on the moons.
    pub on_moons_q: f64,
    /// `a₂^(d/2)` with the measured 2-D acceptance.
    pub reference_measured: f64,
    /// `a₂^(d/2)` with the exact 2-D acceptance.
    pub reference_exact: f64,
}

impl DimSummary {
    /// Pooled acceptance rate (0 when nothing was accepted).
    pub fn acceptance(&self) -> f64 {
        self.accepted as f64 / self.proposals.max(1) as f64
    }

    /// The acceptance as text: `< 1/proposals` when nothing was accepted.
    pub fn acceptance_text(&self) -> String {
        if self.runs == 0 {
            "—".into()
        } else if self.accepted == 0 {
            format!("< {}", sig(1.0 / self.proposals.max(1) as f64, 1))
        } else {
            sig(self.acceptance(), 2)
        }
    }

    /// The share of accepted samples on the moons, as text.
    pub fn on_moons_accepted_text(&self) -> String {
        self.on_moons_accepted
            .map_or("— (none accepted)".into(), percent)
    }
}

/// `0.953` as `95 %`, small shares with two significant digits (`0.12 %`).
pub(super) fn percent(v: f64) -> String {
    if v >= 0.1 || v == 0.0 {
        format!("{:.0} %", 100.0 * v)
    } else {
        format!("{} %", sig(100.0 * v, 2))
    }
}

fn geometric_mean(values: impl Iterator<Item = f64>) -> f64 {
    let (mut sum, mut n) = (0.0, 0usize);
    for v in values {
        sum += v.ln();
        n += 1;
    }
    (sum / n as f64).exp()
}

/// Summaries per dimension, with the two references from the d = 2 runs.
pub fn summarise(runs: &[DimRun]) -> Vec<DimSummary> {
    let done = |d: usize| -> Vec<&DimRun> {
        runs.iter()
            .filter(|r| r.d == d && r.diverged.is_none())
            .collect()
    };
    let two = done(2);
    let a2_measured = two.iter().map(|r| r.accepted).sum::<u64>() as f64
        / two.iter().map(|r| r.proposals).sum::<u64>().max(1) as f64;
    let a2_exact = geometric_mean(two.iter().filter_map(|r| r.exact_a2));
    let mut dims: Vec<usize> = runs.iter().map(|r| r.d).collect();
    dims.sort_unstable();
    dims.dedup();
    dims.into_iter()
        .map(|d| {
            let ok = done(d);
            let half = d as f64 / 2.0;
            let mut s = DimSummary {
                d,
                runs: ok.len(),
                diverged: runs.iter().filter(|r| r.d == d).count() - ok.len(),
                reference_measured: a2_measured.powf(half),
                reference_exact: a2_exact.powf(half),
                ..DimSummary::default()
            };
            if ok.is_empty() {
                return s;
            }
            let n = ok.len() as f64;
            let mean = |f: fn(&DimRun) -> f64| ok.iter().map(|r| f(r)).sum::<f64>() / n;
            let accepted: u64 = ok.iter().map(|r| r.accepted).sum();
            let on_accepted: f64 = ok
                .iter()
                .filter_map(|r| r.on_moons_accepted.map(|v| v * r.accepted as f64))
                .sum();
            s.data_accuracy = mean(|r| r.data_accuracy);
            s.noise_accuracy = mean(|r| r.noise_accuracy);
            s.bayes_data_accuracy = mean(|r| r.bayes_data_accuracy);
            s.bayes_noise_accuracy = mean(|r| r.bayes_noise_accuracy);
            s.accepted = accepted;
            s.proposals = ok.iter().map(|r| r.proposals).sum();
            s.acceptance_data_bound = mean(|r| r.acceptance_data_bound);
            s.mean_ratio_q = mean(|r| r.mean_ratio_q);
            s.pool_bound = geometric_mean(ok.iter().map(|r| r.pool_bound));
            s.final_bound = geometric_mean(ok.iter().map(|r| r.final_bound));
            s.data_bound = geometric_mean(ok.iter().map(|r| r.data_bound));
            s.true_log_ratio_data = mean(|r| r.true_log_ratio_data);
            s.learned_log_ratio_data = mean(|r| r.learned_log_ratio_data);
            s.on_moons_accepted = (accepted > 0).then(|| on_accepted / accepted as f64);
            s.on_moons_data = mean(|r| r.on_moons_data);
            s.on_moons_q = mean(|r| r.on_moons_q);
            s
        })
        .collect()
}
