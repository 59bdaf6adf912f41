//! One GAN run on the host: train (through [`crate::run::dispatch`]) and sample, at one or
//! several epoch counts of the same run.

use crate::failure::{Failure, Outcome};
use crate::output::format_lines;
use crate::run::dispatch::train_gan;
use crate::training_data::{DataSource, TrainingSet};
use tinygen::models::jobs::{Streams, GAN_WIDTH};
use tinygen::{Gan, GanConfig, GanEpochStats};

/// Generated points.
pub type Points = Vec<[f32; 2]>;

/// Trains on the seed's built-in two moons for each epoch count in `snapshots` (ascending; the
/// last is the run's length) and returns `n` samples at each, from one run: training to 10
/// epochs is exactly the first 10 epochs of training to 200, since nothing depends on the
/// total.
pub fn run_with_snapshots(
    config: GanConfig,
    seed: u64,
    snapshots: &[usize],
    n: usize,
    on_epoch: impl FnMut(usize, GanEpochStats),
) -> Outcome<(Vec<Points>, Vec<GanEpochStats>)> {
    let data = TrainingSet::of(&DataSource::default(), seed)?;
    let (taken, epochs, _) =
        run_on::<GAN_WIDTH>(config, &data.points, seed, snapshots, n, on_epoch)?;
    Ok((taken, epochs))
}

/// A trained GAN of hidden width `H`.
pub type TrainedGan<const H: usize> = Box<Gan<2, H>>;

/// [`run_with_snapshots`] on `data` (drawn from the data stream of `seed` when built in) and
/// at hidden width `H`, also returning the trained GAN.
pub fn run_on<const H: usize>(
    config: GanConfig,
    data: &[[f32; 2]],
    seed: u64,
    snapshots: &[usize],
    n: usize,
    mut on_epoch: impl FnMut(usize, GanEpochStats),
) -> Outcome<(Vec<Points>, Vec<GanEpochStats>, TrainedGan<H>)> {
    let last = *snapshots
        .last()
        .ok_or_else(|| Failure::Usage("no epochs to train".into()))?;
    let mut streams = Streams::new(seed);
    let mut taken = Vec::with_capacity(snapshots.len());
    let mut epochs = Vec::with_capacity(last);
    let sample_rng = streams.sample.clone();
    let mut result = Ok(());
    let mut gan: Box<Gan<2, H>> = Box::new(Gan::ZERO);
    let config = GanConfig {
        epochs: last,
        ..config
    };
    train_gan(&mut gan, config, data, &mut streams, |epoch, gan, stats| {
        epochs.push(stats);
        on_epoch(epoch, stats);
        if snapshots.contains(&epoch) && result.is_ok() {
            // Each snapshot draws from the same sample stream, as a separate run would.
            let mut rng = sample_rng.clone();
            let points: Vec<_> = (0..n).map(|_| gan.sample(&mut rng)).collect();
            result = format_lines(&points).map(|_| ());
            taken.push(points);
        }
    })?;
    result?;
    Ok((taken, epochs, gan))
}
