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
use crate::models::cores::{Cores, OneCore};
use crate::models::gan::{Gan, GanConfig, GanEpochStats};
use crate::models::nce::{Nce, NceConfig, NceEpochStats, RefitStats, Updates};
use crate::nn::params::Params;

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
/// ([`Nce::refit_output`]) on the same stream, and returns what the refit did. `order` holds
/// the minibatch order and must have one entry per point.
///
/// With `config.restarts` above 1 it trains that many classifiers in turn, each initialised
/// and trained on where the streams left off, and keeps the one whose last epoch had the
/// lowest loss (the first of equals; a loss that is not a number never wins). One classifier
/// is what a single restart gives, bit for bit.
///
/// The kept classifier then trains the fine-tune phase ([`NceConfig::fine_tune`]), if it has
/// epochs, on the same stream, before the refit.
///
/// `on_epoch(epoch, stats)` is called after every epoch (epochs count from 1 in each
/// restart and in the fine-tune phase; `stats.restart` and `stats.fine_tune` say which).
#[cfg_attr(feature = "inline-hot", inline(always))]
#[cfg_attr(not(feature = "inline-hot"), inline)]
pub fn train_nce<const D: usize, const H: usize>(
    nce: &mut Nce<D, H>,
    config: NceConfig,
    data: &[[f32; D]],
    order: &mut [u32],
    streams: &mut Streams,
    on_epoch: impl FnMut(usize, NceEpochStats),
) -> Result<RefitStats, Error> {
    train_nce_using(nce, config, data, order, streams, on_epoch, &mut OneCore)
}

/// [`train_nce`], each classifier update run by `updates` (such as
/// [`Split`](crate::models::cores::Split) over two cores): the same bits whichever runs them.
#[cfg_attr(feature = "inline-hot", inline(always))]
#[cfg_attr(not(feature = "inline-hot"), inline)]
pub fn train_nce_using<const D: usize, const H: usize>(
    nce: &mut Nce<D, H>,
    config: NceConfig,
    data: &[[f32; D]],
    order: &mut [u32],
    streams: &mut Streams,
    mut on_epoch: impl FnMut(usize, NceEpochStats),
    updates: &mut impl Updates<D, H>,
) -> Result<RefitStats, Error> {
    if config.restarts > 1 {
        train_restarts(nce, config, data, order, streams, &mut on_epoch, updates)?;
    } else {
        train_classifier(nce, config, data, order, streams, 0, &mut on_epoch, updates)?;
    }
    if config.fine_tune.epochs > 0 {
        fine_tune(nce, data, order, streams, &mut on_epoch, updates)?;
    }
    updates.refit(nce, data, &mut streams.train)
}

/// The fine-tune phase of [`train_nce`] on the kept classifier ([`Nce::begin_fine_tune`]).
#[cfg_attr(feature = "inline-hot", inline(always))]
#[cfg_attr(not(feature = "inline-hot"), inline)]
fn fine_tune<const D: usize, const H: usize>(
    nce: &mut Nce<D, H>,
    data: &[[f32; D]],
    order: &mut [u32],
    streams: &mut Streams,
    on_epoch: &mut impl FnMut(usize, NceEpochStats),
    updates: &mut impl Updates<D, H>,
) -> Result<(), Error> {
    nce.begin_fine_tune()?;
    train_phase(nce, data, order, streams, 0, on_epoch, updates)?;
    Ok(())
}

/// One classifier of [`train_nce`], restart number `restart`: reset, then every epoch.
/// Returns the last epoch's statistics.
#[allow(clippy::too_many_arguments)]
#[cfg_attr(feature = "inline-hot", inline(always))]
#[cfg_attr(not(feature = "inline-hot"), inline)]
fn train_classifier<const D: usize, const H: usize>(
    nce: &mut Nce<D, H>,
    config: NceConfig,
    data: &[[f32; D]],
    order: &mut [u32],
    streams: &mut Streams,
    restart: usize,
    on_epoch: &mut impl FnMut(usize, NceEpochStats),
    updates: &mut impl Updates<D, H>,
) -> Result<NceEpochStats, Error> {
    nce.reset(config, data, &mut streams.init)?;
    train_phase(nce, data, order, streams, restart, on_epoch, updates)
}

/// Every epoch of the classifier's current phase ([`Nce::phase_epochs`]), its minibatch
/// order started afresh; returns the last epoch's statistics. The one place the jobs train
/// an epoch: without `inline-hot` (the M4F) it is never inlined, so that the restarts and the
/// fine-tune phase share one copy of the training code in flash.
#[cfg_attr(feature = "inline-hot", inline(always))]
#[cfg_attr(not(feature = "inline-hot"), inline(never))]
fn train_phase<const D: usize, const H: usize>(
    nce: &mut Nce<D, H>,
    data: &[[f32; D]],
    order: &mut [u32],
    streams: &mut Streams,
    restart: usize,
    on_epoch: &mut impl FnMut(usize, NceEpochStats),
    updates: &mut impl Updates<D, H>,
) -> Result<NceEpochStats, Error> {
    let mut batches = Batches::new(order, nce.config.batch_size)?;
    let mut last = NceEpochStats::default();
    for epoch in 1..=nce.phase_epochs() {
        let rng = &mut streams.train;
        last = nce.train_scheduled_epoch_with(epoch, data, &mut batches, rng, updates)?;
        last.restart = restart;
        on_epoch(epoch, last);
    }
    Ok(last)
}

/// Whether a restart whose last epoch's loss is `loss` replaces the one kept so far, whose
/// loss is `best` ([`train_nce`]): a lower loss wins, the first of equals stays, and a loss
/// that is not finite never wins (while any finite one beats a NaN).
pub fn beats(loss: f32, best: f32) -> bool {
    loss.is_finite() && (best.is_nan() || loss < best)
}

/// The restarts of [`train_nce`]: every classifier trained, the best one's weights put back.
/// With `inline-hot` it is inlined like the rest of the job, so that it runs in the host's
/// dispatched copy for the CPU's vector unit; without it (the M4F) it is never inlined, so
/// that the copy of the best weights takes stack only when restarting.
#[cfg_attr(feature = "inline-hot", inline(always))]
#[cfg_attr(not(feature = "inline-hot"), inline(never))]
fn train_restarts<const D: usize, const H: usize>(
    nce: &mut Nce<D, H>,
    config: NceConfig,
    data: &[[f32; D]],
    order: &mut [u32],
    streams: &mut Streams,
    on_epoch: &mut impl FnMut(usize, NceEpochStats),
    updates: &mut impl Updates<D, H>,
) -> Result<(), Error> {
    let first = train_classifier(nce, config, data, order, streams, 0, on_epoch, updates)?;
    let mut best = first.loss;
    let mut kept = nce.classifier.model.clone();
    for restart in 1..config.restarts {
        let last = train_classifier(
            nce, config, data, order, streams, restart, on_epoch, updates,
        )?;
        if beats(last.loss, best) {
            best = last.loss;
            kept.clone_from(&nce.classifier.model);
        }
    }
    let c = &mut nce.classifier;
    c.model.clone_from(&kept);
    c.grads.zero();
    c.optimizer.reset(config.adam)
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
    on_epoch: impl FnMut(usize, &Gan<D, H>, GanEpochStats),
) -> Result<(), Error> {
    train_gan_using(gan, config, data, order, streams, on_epoch, &mut OneCore)
}

/// [`train_gan`], each discriminator update's backward pass run by `cores` (such as
/// [`Split`](crate::models::cores::Split) over two cores): the same bits whichever runs them.
#[cfg_attr(feature = "inline-hot", inline(always))]
#[cfg_attr(not(feature = "inline-hot"), inline)]
pub fn train_gan_using<const D: usize, const H: usize>(
    gan: &mut Gan<D, H>,
    config: GanConfig,
    data: &[[f32; D]],
    order: &mut [u32],
    streams: &mut Streams,
    mut on_epoch: impl FnMut(usize, &Gan<D, H>, GanEpochStats),
    cores: &mut impl Cores<D, H>,
) -> Result<(), Error> {
    gan.reset(config, &mut streams.init)?;
    let mut batches = Batches::new(order, config.batch_size)?;
    for epoch in 1..=config.epochs {
        let stats = gan.train_epoch_with(data, &mut batches, &mut streams.train, cores)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::cores::Split;
    use crate::models::nce::{Classifier, FineTune, KeepingRefit, KeptFeatures};
    use crate::models::test_moons::moons_on_streams;
    use crate::nn::fork::InTurn;
    use crate::nn::split_backward::TracedChunk;

    #[test]
    fn the_lowest_finite_loss_wins_and_the_first_of_equals_stays() {
        assert!(beats(0.1, 0.2));
        assert!(!beats(0.2, 0.1));
        assert!(!beats(0.1, 0.1));
        assert!(beats(0.3, f32::NAN));
        assert!(!beats(f32::NAN, 0.3));
        assert!(!beats(f32::NAN, f32::NAN));
        assert!(!beats(f32::INFINITY, f32::NAN));
    }

    /// Three restarts are three single trainings one after another on the continuing
    /// streams, and the classifier kept is the one whose last epoch had the lowest loss.
    #[test]
    fn restarts_keep_the_best_of_single_trainings_in_turn() {
        let (data, mut streams) = moons_on_streams::<120>(11);
        let single = NceConfig {
            epochs: 3,
            refit_noise: 0,
            ..NceConfig::DEFAULT
        };
        let mut order = [0u32; 120];
        let mut in_turn = streams.clone();
        let singles: [(f32, Classifier<2, 8>); 3] = [0; 3].map(|_| {
            let mut nce = Nce::ZERO;
            let mut loss = f32::NAN;
            train_nce(&mut nce, single, &data, &mut order, &mut in_turn, |_, s| {
                loss = s.loss
            })
            .unwrap();
            (loss, nce.classifier.model)
        });
        let best = (1..3).fold(0, |b, i| {
            if beats(singles[i].0, singles[b].0) {
                i
            } else {
                b
            }
        });
        assert_ne!(
            best, 2,
            "the test needs a seed whose last restart is not the best"
        );
        assert_ne!(singles[best].1, singles[2].1);

        let restarts = NceConfig {
            restarts: 3,
            ..single
        };
        let mut nce: Nce<2, 8> = Nce::ZERO;
        let mut seen = [0usize; 3];
        train_nce(
            &mut nce,
            restarts,
            &data,
            &mut order,
            &mut streams,
            |_, s| seen[s.restart] += 1,
        )
        .unwrap();
        assert_eq!(seen, [3, 3, 3]);
        assert_eq!(nce.classifier.model, singles[best].1);
    }

    /// The fine-tune phase trains the kept classifier on, after every restart, on the same
    /// stream: the job is the restarts, then `begin_fine_tune` and the phase's epochs.
    #[test]
    fn the_fine_tune_phase_follows_the_restarts_on_the_same_stream() {
        let (data, mut streams) = moons_on_streams::<120>(12);
        let restarts = NceConfig {
            epochs: 3,
            restarts: 2,
            refit_noise: 0,
            ..NceConfig::DEFAULT
        };
        let mut order = [0u32; 120];
        let mut by_hand: Nce<2, 8> = Nce::ZERO;
        let mut hand_streams = streams.clone();
        train_nce(
            &mut by_hand,
            restarts,
            &data,
            &mut order,
            &mut hand_streams,
            |_, _| {},
        )
        .unwrap();
        let phase = FineTune {
            epochs: 2,
            noise_ratio: 16,
            lr: 1e-3,
        };
        by_hand.config.fine_tune = phase;
        by_hand.begin_fine_tune().unwrap();
        assert_eq!(by_hand.phase_epochs(), 2);
        assert_eq!(by_hand.scheduled_lr(1), 1e-3);
        let mut batches = Batches::new(&mut order, restarts.batch_size).unwrap();
        for epoch in 1..=2 {
            by_hand
                .train_scheduled_epoch(epoch, &data, &mut batches, &mut hand_streams.train)
                .unwrap();
        }

        let mut job: Nce<2, 8> = Nce::ZERO;
        let (mut seen, mut count) = ([(false, 0); 8], 0);
        let config = NceConfig {
            fine_tune: phase,
            ..restarts
        };
        train_nce(&mut job, config, &data, &mut order, &mut streams, |e, s| {
            seen[count] = (s.fine_tune, e);
            count += 1;
        })
        .unwrap();
        assert_eq!(job.classifier.model, by_hand.classifier.model);
        assert_eq!(job.config().noise_ratio, 16);
        assert_eq!(count, 2 * 3 + 2);
        assert_eq!(&seen[6..], &[(true, 1), (true, 2)]);
        assert!(seen[..6].iter().all(|&(tuned, _)| !tuned));
    }

    /// A job whose updates are split between two workers ([`Split`], here taking turns on
    /// one core), and whose refit keeps its features ([`KeepingRefit`]), has every bit of the
    /// one-core job: restarts, fine-tune phase and refit, the epochs' statistics and the
    /// streams left behind, whatever the window's size.
    #[test]
    fn split_updates_give_the_bits_of_one_core() {
        fn check<const H: usize>(chunks: usize) {
            let (data, streams) = moons_on_streams::<120>(13);
            let config = NceConfig {
                epochs: 3,
                restarts: 2,
                refit_noise: 512,
                fine_tune: FineTune {
                    epochs: 2,
                    noise_ratio: 9,
                    lr: 1e-3,
                },
                ..NceConfig::DEFAULT
            };
            let mut order = [0u32; 120];
            let (mut one, mut split): (Nce<2, H>, Nce<2, H>) = (Nce::ZERO, Nce::ZERO);
            let (mut one_streams, mut split_streams) = (streams.clone(), streams);
            let mut one_epochs = [NceEpochStats::default(); 8];
            let mut split_epochs = one_epochs;
            let (mut k, mut j) = (0, 0);
            let one_refit = train_nce(
                &mut one,
                config,
                &data,
                &mut order,
                &mut one_streams,
                |_, s| {
                    one_epochs[k] = s;
                    k += 1;
                },
            )
            .unwrap();
            let mut workspace = [TracedChunk::ZERO; 4];
            let (mut points, mut features) = ([[0.0; 2]; 120 + 512], [[0.0; H]; 120 + 512]);
            let mut updates = KeepingRefit {
                updates: Split {
                    workspace: &mut workspace[..chunks],
                    fork: &InTurn,
                },
                kept: KeptFeatures {
                    points: &mut points,
                    features: &mut features,
                },
                fork: &InTurn,
            };
            let split_refit = train_nce_using(
                &mut split,
                config,
                &data,
                &mut order,
                &mut split_streams,
                |_, s| {
                    split_epochs[j] = s;
                    j += 1;
                },
                &mut updates,
            )
            .unwrap();
            assert_eq!(
                split.classifier.model, one.classifier.model,
                "H {H}, {chunks} chunks"
            );
            assert_eq!(split_refit, one_refit);
            assert_eq!((j, split_epochs), (k, one_epochs));
            assert_eq!(split_streams.train.next_u32(), one_streams.train.next_u32());
        }
        for chunks in [1, 3, 4] {
            check::<8>(chunks);
            check::<32>(chunks);
        }
    }

    /// Discriminator updates shared with a second worker give the one-core GAN run: both
    /// networks, every epoch's statistics and the stream left behind, for windows smaller and
    /// larger than an update's examples and a last chunk cut short.
    #[test]
    fn split_discriminator_steps_give_the_bits_of_one_core() {
        fn check<const H: usize>(chunks: usize) {
            let (data, streams) = moons_on_streams::<120>(14);
            let config = GanConfig {
                epochs: 2,
                d_steps: 2,
                batch_size: 30,
                ..GanConfig::DEFAULT
            };
            let mut order = [0u32; 120];
            let (mut one, mut split): (Gan<2, H>, Gan<2, H>) = (Gan::ZERO, Gan::ZERO);
            let (mut one_streams, mut split_streams) = (streams.clone(), streams);
            let (mut one_epochs, mut split_epochs) =
                ([GanEpochStats::default(); 2], [GanEpochStats::default(); 2]);
            train_gan(
                &mut one,
                config,
                &data,
                &mut order,
                &mut one_streams,
                |e, _, s| {
                    one_epochs[e - 1] = s;
                },
            )
            .unwrap();
            let mut workspace = [TracedChunk::ZERO; 5];
            let mut cores = Split {
                workspace: &mut workspace[..chunks],
                fork: &InTurn,
            };
            train_gan_using(
                &mut split,
                config,
                &data,
                &mut order,
                &mut split_streams,
                |e, _, s| split_epochs[e - 1] = s,
                &mut cores,
            )
            .unwrap();
            assert_eq!(
                split.discriminator.model, one.discriminator.model,
                "H {H}, {chunks} chunks"
            );
            assert_eq!(
                split.generator.model, one.generator.model,
                "H {H}, {chunks} chunks"
            );
            assert_eq!(split_epochs, one_epochs, "H {H}, {chunks} chunks");
            assert_ne!(one_epochs[1], GanEpochStats::default());
            assert_eq!(split_streams.train.next_u32(), one_streams.train.next_u32());
        }
        for chunks in [1, 3, 5] {
            check::<8>(chunks);
            check::<50>(chunks);
        }
    }
}
