//! One NCE run on the host: train (through [`crate::run::dispatch`]), check that the
//! classifier learned, sample, and measure held-out accuracy.

use crate::failure::Outcome;
use crate::run::dispatch::{sample_nce, train_nce};
use crate::training_data::{DataSource, TrainingSet};
use tinygen::models::jobs::{check_learned, Streams, NCE_WIDTH};
use tinygen::models::nce::{RefitStats, SamplerStats};
use tinygen::{Nce, NceConfig, Rng};

/// What an NCE run produced besides its points.
#[derive(Clone, Copy, Debug)]
pub struct NceReport {
    /// The sampler's counts.
    pub sampler: SamplerStats,
    /// The rejection bound M at the end (0 for the threshold sampler).
    pub bound: f32,
    /// Held-out accuracy on fresh data points.
    pub data_accuracy: f32,
    /// Held-out accuracy on fresh noise points.
    pub noise_accuracy: f32,
    /// What the output-layer refit did.
    pub refit: RefitStats,
    /// How many threads trained the classifier (1, or 2 with a helper thread).
    pub threads: usize,
}

/// A trained NCE run: its samples, what else it measured, and the model.
pub struct NceRun {
    /// The samples, in order.
    pub points: Vec<[f32; 2]>,
    /// Sampler counts and held-out accuracies.
    pub report: NceReport,
    /// The trained sampler.
    pub nce: Box<Nce<2, NCE_WIDTH>>,
}

/// Trains with `config` and `seed` on two moons and draws `n` samples; `on_epoch` sees
/// each epoch.
pub fn run(
    config: NceConfig,
    seed: u64,
    n: usize,
    on_epoch: impl FnMut(usize, tinygen::NceEpochStats),
) -> Outcome<(Vec<[f32; 2]>, NceReport)> {
    let data = TrainingSet::of(&DataSource::default(), seed)?;
    let run = run_on(config, &data, seed, n, on_epoch)?;
    Ok((run.points, run.report))
}

/// Trains with `config` and `seed` on `data` and draws `n` samples after checking that
/// the classifier learned; `on_epoch` sees each epoch.
pub fn run_on(
    config: NceConfig,
    data: &TrainingSet,
    seed: u64,
    n: usize,
    mut on_epoch: impl FnMut(usize, tinygen::NceEpochStats),
) -> Outcome<NceRun> {
    let mut streams = Streams::new(seed);
    let data_set = data.data_set;
    let data = &data.points;
    let mut nce: Box<Nce<2, NCE_WIDTH>> = Box::new(Nce::ZERO);
    let (refit, threads) = train_nce(&mut nce, config, data, &mut streams, &mut on_epoch)?;
    check_learned(&nce, data, seed)?;
    let (points, sampler_stats, bound) = sample_nce(&nce, n, &mut streams.sample)?;
    // Held-out accuracy uses streams of its own, so it never changes the samples: fresh
    // points of a built-in set, or the file's own points.
    let mut held_out_rng = Rng::seed_from(seed ^ 0x4E43_455F_4845_4C44);
    let held_out = match data_set {
        Some(d) => {
            let mut fresh = vec![[0.0f32; 2]; data.len()];
            d.sample_into(&mut fresh, &mut held_out_rng)?;
            fresh
        }
        None => data.clone(),
    };
    let (data_accuracy, noise_accuracy) = nce.held_out_accuracy(&held_out, &mut held_out_rng);
    let report = NceReport {
        sampler: sampler_stats,
        bound,
        data_accuracy,
        noise_accuracy,
        refit,
        threads,
    };
    Ok(NceRun {
        points,
        report,
        nce,
    })
}
