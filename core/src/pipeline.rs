//! The two end-to-end jobs on two moons, shared by the host CLI and the firmware so that both
//! run the very same sequence of random draws and floating-point operations.

use crate::{make_moons_into, Batches, Dataset, Error, Gan, GanConfig, GanEpochStats, Nce};
use crate::{NceConfig, NceEpochStats, Rng};

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

/// Everything the NCE job trains on and with. It can live in a `static` ([`NceJob::ZERO`]
/// sits in `.bss`), so a microcontroller needs no stack for it.
#[derive(Clone, Debug)]
pub struct NceJob<const H: usize> {
    /// The training data.
    pub data: Dataset<TRAINING_POINTS>,
    /// The model.
    pub nce: Nce<H>,
    /// The minibatch order.
    pub batches: Batches<TRAINING_POINTS>,
}

impl<const H: usize> NceJob<H> {
    /// An untrained, all-zero job.
    pub const ZERO: Self = NceJob {
        data: Dataset::ZERO,
        nce: Nce::ZERO,
        batches: Batches::ZERO,
    };

    /// Draws fresh two-moons data from `streams.data` and trains NCE on it, in place.
    ///
    /// `on_epoch(epoch, stats)` is called after every epoch (epochs count from 1).
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn train(
        &mut self,
        config: NceConfig,
        streams: &mut Streams,
        mut on_epoch: impl FnMut(usize, NceEpochStats),
    ) -> Result<(), Error> {
        make_moons_into(&mut self.data, DATA_NOISE, &mut streams.data)?;
        self.nce
            .reset(config, &self.data.points, &mut streams.init)?;
        self.batches.reset(config.batch_size)?;
        for epoch in 1..=config.epochs {
            let stats = self.nce.train_scheduled_epoch(
                epoch,
                &self.data.points,
                &mut self.batches,
                &mut streams.train,
            )?;
            on_epoch(epoch, stats);
        }
        Ok(())
    }
}

/// [`NceJob::train`] on the stack, returning the trained model.
#[cfg_attr(feature = "inline-hot", inline(always))]
#[cfg_attr(not(feature = "inline-hot"), inline)]
pub fn train_nce<const H: usize>(
    config: NceConfig,
    streams: &mut Streams,
    on_epoch: impl FnMut(usize, NceEpochStats),
) -> Result<Nce<H>, Error> {
    let mut job = NceJob::ZERO;
    job.train(config, streams, on_epoch)?;
    Ok(job.nce)
}

/// Everything the GAN job trains on and with; like [`NceJob`], it can live in a `static`.
#[derive(Clone, Debug)]
pub struct GanJob<const H: usize> {
    /// The training data.
    pub data: Dataset<TRAINING_POINTS>,
    /// The model.
    pub gan: Gan<H>,
    /// The minibatch order.
    pub batches: Batches<TRAINING_POINTS>,
}

impl<const H: usize> GanJob<H> {
    /// An untrained, all-zero job.
    pub const ZERO: Self = GanJob {
        data: Dataset::ZERO,
        gan: Gan::ZERO,
        batches: Batches::ZERO,
    };

    /// Draws fresh two-moons data from `streams.data` and trains a GAN on it for `epochs`
    /// epochs, in place.
    ///
    /// `on_epoch(epoch, &gan, stats)` is called after every epoch (epochs count from 1), so a
    /// caller can take snapshots along the way.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn train(
        &mut self,
        config: GanConfig,
        epochs: usize,
        streams: &mut Streams,
        mut on_epoch: impl FnMut(usize, &Gan<H>, GanEpochStats),
    ) -> Result<(), Error> {
        crate::error::nonzero("epochs", epochs)?;
        make_moons_into(&mut self.data, DATA_NOISE, &mut streams.data)?;
        self.gan.reset(config, &mut streams.init)?;
        self.batches.reset(config.batch_size)?;
        for epoch in 1..=epochs {
            let stats =
                self.gan
                    .train_epoch(&self.data.points, &mut self.batches, &mut streams.train)?;
            on_epoch(epoch, &self.gan, stats);
        }
        Ok(())
    }
}

/// [`GanJob::train`] on the stack, returning the trained model.
#[cfg_attr(feature = "inline-hot", inline(always))]
#[cfg_attr(not(feature = "inline-hot"), inline)]
pub fn train_gan<const H: usize>(
    config: GanConfig,
    epochs: usize,
    streams: &mut Streams,
    on_epoch: impl FnMut(usize, &Gan<H>, GanEpochStats),
) -> Result<Gan<H>, Error> {
    let mut job = GanJob::ZERO;
    job.train(config, epochs, streams, on_epoch)?;
    Ok(job.gan)
}
