//! Runs with made-up metrics, for the tests of the rules, tables and report.

use super::runs::{Run, Status};
use super::settings::Setting;
use crate::metrics::Metrics;
use tinygen::GanEpochStats;

/// Metrics with the given shape values (the distances are irrelevant to the rules).
pub(crate) fn metrics(upper: f64, coverage: u32, energy: f64) -> Metrics {
    Metrics {
        n: 1000,
        pairwise_points: 1000,
        energy_distance: energy * 1e-3,
        energy_floor: 1e-3,
        energy_ratio: energy,
        mmd2: energy * 1e-4,
        mmd2_floor: 1e-4,
        mmd2_ratio: energy,
        upper_fraction: upper,
        arc_coverage: coverage,
        on_manifold: 0.99,
    }
}

pub(crate) fn run(setting: Setting, seed: u64, m: Option<Metrics>) -> Run {
    Run {
        setting,
        seed,
        status: match m {
            Some(_) => Status::Completed,
            None => Status::Diverged {
                epoch: Some(7),
                why: "training diverged: non-finite value in generator loss".into(),
            },
        },
        points: Vec::new(),
        metrics: m,
        gan_final: setting.is_gan().then_some(GanEpochStats {
            d_real: 0.6,
            d_fake: 0.4,
            d_loss: 1.3,
            g_loss: 0.9,
        }),
        nce: None,
        plot: m.map(|_| format!("scatter/{}_seed{seed}.png", setting.slug())),
    }
}
