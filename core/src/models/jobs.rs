//! The end-to-end training jobs, shared by the host CLI, the firmware and the browser so that
//! all of them run the very same sequence of random draws and floating-point operations.
//!
//! A job trains on points the caller owns: [`train_nce`] and [`train_gan`] take the data as a
//! slice and its minibatch order as a second one. [`NceJob`] and [`GanJob`] bundle both with
//! the model for a built-in data set, so that a microcontroller can keep the whole job in one
//! `static`.

use crate::data::batches::Batches;
use crate::data::data_set::DataSet;
use crate::error::Error;
use crate::math::rng::Rng;
use crate::models::gan::{Gan, GanConfig, GanEpochStats};
use crate::models::nce::{Nce, NceConfig, NceEpochStats, RefitStats};

/// Training points drawn from a built-in data set unless asked otherwise: 1000, as in the
/// classic set-up.
pub const TRAINING_POINTS: usize = 1000;

/// Hidden width of the default NCE classifier (D→32→32→1).
pub const NCE_WIDTH: usize = 32;

/// Hidden width of the default GAN's networks (2→50→50→D and D→50→50→1).
pub const GAN_WIDTH: usize = 50;

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

/// Resets `nce` for `data` (its noise fitted, its classifier initialised from `streams.init`),
/// trains it for `config.epochs` epochs on `streams.train` and then refits its output layer
/// ([`Nce::refit_output`]) on a stream forked from there, and returns what the refit did. `order` holds the minibatch
/// order and must have one entry per point.
///
/// `on_epoch(epoch, stats)` is called after every epoch (epochs count from 1).
#[cfg_attr(feature = "inline-hot", inline(always))]
#[cfg_attr(not(feature = "inline-hot"), inline)]
pub fn train_nce<const D: usize, const H: usize>(
    nce: &mut Nce<D, H>,
    config: NceConfig,
    data: &[[f32; D]],
    order: &mut [u32],
    streams: &mut Streams,
    mut on_epoch: impl FnMut(usize, NceEpochStats),
) -> Result<RefitStats, Error> {
    nce.reset(config, data, &mut streams.init)?;
    let mut batches = Batches::new(order, config.batch_size)?;
    for epoch in 1..=config.epochs {
        let stats = nce.train_scheduled_epoch(epoch, data, &mut batches, &mut streams.train)?;
        on_epoch(epoch, stats);
    }
    nce.refit_output(data, &mut streams.train)
}

/// Resets `gan` (G, then D, initialised from `streams.init`) and trains it on `data` for
/// `config.epochs` epochs on `streams.train`. `order` holds the minibatch order and must have
/// one entry per point.
///
/// `on_epoch(epoch, &gan, stats)` is called after every epoch (epochs count from 1), so a
/// caller can take snapshots along the way.
#[cfg_attr(feature = "inline-hot", inline(always))]
#[cfg_attr(not(feature = "inline-hot"), inline)]
pub fn train_gan<const D: usize, const H: usize>(
    gan: &mut Gan<D, H>,
    config: GanConfig,
    data: &[[f32; D]],
    order: &mut [u32],
    streams: &mut Streams,
    mut on_epoch: impl FnMut(usize, &Gan<D, H>, GanEpochStats),
) -> Result<(), Error> {
    gan.reset(config, &mut streams.init)?;
    let mut batches = Batches::new(order, config.batch_size)?;
    for epoch in 1..=config.epochs {
        let stats = gan.train_epoch(data, &mut batches, &mut streams.train)?;
        on_epoch(epoch, gan, stats);
    }
    Ok(())
}

/// The salt of the random stream behind [`check_learned`], so that checking never changes
/// the samples.
pub const LEARNED_CHECK_SALT: u64 = 0x004C_4541_524E_4544; // "LEARNED"

/// [`Nce::check_learned`] on the training `data`, with noise from a stream of its own derived
/// from `seed`: the check every target makes before it prints samples, so that a classifier
/// that learned nothing never has its noise printed as data, and all targets agree on it.
pub fn check_learned<const D: usize, const H: usize>(
    nce: &Nce<D, H>,
    data: &[[f32; D]],
    seed: u64,
) -> Result<(f32, f32), Error> {
    nce.check_learned(data, &mut Rng::seed_from(seed ^ LEARNED_CHECK_SALT))
}

/// Everything the NCE job trains on and with, for `N` points of a built-in data set. It can
/// live in a `static` ([`NceJob::ZERO`] sits in `.bss`), so a microcontroller needs no stack
/// for it.
#[derive(Clone, Debug)]
pub struct NceJob<const H: usize, const N: usize = TRAINING_POINTS> {
    /// The training data.
    pub data: [[f32; 2]; N],
    /// The model.
    pub nce: Nce<2, H>,
    /// The minibatch order.
    order: [u32; N],
}

impl<const H: usize, const N: usize> NceJob<H, N> {
    /// An untrained, all-zero job.
    pub const ZERO: Self = NceJob {
        data: [[0.0; 2]; N],
        nce: Nce::ZERO,
        order: [0; N],
    };

    /// Draws fresh `data_set` points from `streams.data` and trains NCE on them ([`train_nce`]),
    /// in place.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn train(
        &mut self,
        data_set: DataSet,
        config: NceConfig,
        streams: &mut Streams,
        on_epoch: impl FnMut(usize, NceEpochStats),
    ) -> Result<RefitStats, Error> {
        data_set.sample_into(&mut self.data, &mut streams.data)?;
        train_nce(
            &mut self.nce,
            config,
            &self.data,
            &mut self.order,
            streams,
            on_epoch,
        )
    }
}

/// Everything the GAN job trains on and with; like [`NceJob`], it can live in a `static`.
#[derive(Clone, Debug)]
pub struct GanJob<const H: usize, const N: usize = TRAINING_POINTS> {
    /// The training data.
    pub data: [[f32; 2]; N],
    /// The model.
    pub gan: Gan<2, H>,
    /// The minibatch order.
    order: [u32; N],
}

impl<const H: usize, const N: usize> GanJob<H, N> {
    /// An untrained, all-zero job.
    pub const ZERO: Self = GanJob {
        data: [[0.0; 2]; N],
        gan: Gan::ZERO,
        order: [0; N],
    };

    /// Draws fresh `data_set` points from `streams.data` and trains a GAN on them
    /// ([`train_gan`]), in place.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn train(
        &mut self,
        data_set: DataSet,
        config: GanConfig,
        streams: &mut Streams,
        on_epoch: impl FnMut(usize, &Gan<2, H>, GanEpochStats),
    ) -> Result<(), Error> {
        data_set.sample_into(&mut self.data, &mut streams.data)?;
        train_gan(
            &mut self.gan,
            config,
            &self.data,
            &mut self.order,
            streams,
            on_epoch,
        )
    }
}
