//! The two end-to-end jobs on two moons, shared by the host CLI and the firmware so that both
//! run the very same sequence of random draws and floating-point operations.

use crate::{make_moons, Batches, Error, Gan, GanConfig, GanEpochStats, Nce, NceConfig};
use crate::{NceEpochStats, Rng};

/// Training points in every job: 1000, as in the classic set-up.
pub const TRAINING_POINTS: usize = 1000;

/// Hidden width of the default NCE classifier (2→32→32→1).
pub const NCE_WIDTH: usize = 32;

/// Hidden width of the default GAN's networks (2→50→50→2 and 2→50→50→1).
pub const GAN_WIDTH: usize = 50;

/// The noise of the training data's two moons.
pub const DATA_NOISE: f32 = 0.05;

/// The random streams of one job, all derived from its seed, so that changing e.g. the number
/// of epochs does not change the training data.
#[derive(Clone, Debug)]
pub struct Streams {
    /// Draws the training data.
    pub data: Rng,
    /// Initialises the networks.
    pub init: Rng,
    /// Shuffles minibatches and draws noise or latents during training.
    pub train: Rng,
    /// Draws the output samples.
    pub sample: Rng,
}

impl Streams {
    /// The four streams of `seed`.
    pub fn new(seed: u64) -> Self {
        let mut root = Rng::seed_from(seed);
        Streams {
            data: root.fork(),
            init: root.fork(),
            train: root.fork(),
            sample: root.fork(),
        }
    }
}

/// Trains NCE on fresh two-moons data drawn from `streams.data`.
///
/// `on_epoch(epoch, stats)` is called after every epoch (epochs count from 1).
pub fn train_nce<const H: usize>(
    config: NceConfig,
    streams: &mut Streams,
    mut on_epoch: impl FnMut(usize, NceEpochStats),
) -> Result<Nce<H>, Error> {
    let data = make_moons::<TRAINING_POINTS>(DATA_NOISE, &mut streams.data)?;
    let mut nce = Nce::<H>::new(config, &data.points, &mut streams.init)?;
    let mut batches = Batches::new(config.batch_size)?;
    for epoch in 1..=config.epochs {
        let stats =
            nce.train_scheduled_epoch(epoch, &data.points, &mut batches, &mut streams.train)?;
        on_epoch(epoch, stats);
    }
    Ok(nce)
}

/// Trains a GAN for `epochs` epochs on fresh two-moons data drawn from `streams.data`.
///
/// `on_epoch(epoch, &gan, stats)` is called after every epoch (epochs count from 1), so a
/// caller can take snapshots along the way.
pub fn train_gan<const H: usize>(
    config: GanConfig,
    epochs: usize,
    streams: &mut Streams,
    mut on_epoch: impl FnMut(usize, &Gan<H>, GanEpochStats),
) -> Result<Gan<H>, Error> {
    crate::error::nonzero("epochs", epochs)?;
    let data = make_moons::<TRAINING_POINTS>(DATA_NOISE, &mut streams.data)?;
    let mut gan = Gan::<H>::new(config, &mut streams.init)?;
    let mut batches = Batches::new(config.batch_size)?;
    for epoch in 1..=epochs {
        let stats = gan.train_epoch(&data.points, &mut batches, &mut streams.train)?;
        on_epoch(epoch, &gan, stats);
    }
    Ok(gan)
}
