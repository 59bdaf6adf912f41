//! The hyper-parameters of NCE: noise, sampler, classifier training.

use super::fine_tune::{linear_lr, FineTune};
use super::refit::MAX_REFIT_NOISE;
use crate::data::data_set::DataSet;
use crate::error::{at_most, nonzero, positive, Error};
use crate::nn::optim::AdamConfig;

/// The most epochs a configuration may ask for: a typo such as `--epochs 1000000000` is
/// refused instead of running for days.
pub const MAX_EPOCHS: usize = 100_000;

/// The largest `ν`: each data point brings `ν` noise points, so the cost of an epoch grows
/// with `1 + ν`.
pub const MAX_NOISE_RATIO: usize = 1000;

/// The most classifiers one configuration may train ([`NceConfig::restarts`]): each costs a
/// whole training.
pub const MAX_RESTARTS: usize = 32;

/// The most noise draws the rejection sampler's bound may look at
/// ([`NceConfig::bound_pool`]).
pub const MAX_BOUND_POOL: usize = 10_000_000;

/// The widest [`NceConfig::noise_width`]: past it the noise's draws would almost all miss
/// the data. A whole number, so that the refusal quotes it as the other limits are quoted.
pub const MAX_NOISE_WIDTH: usize = 100;

/// Which noise distribution `q` to contrast the data with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum NoiseKind {
    /// A Gaussian with the data's mean and covariance (the default).
    Fitted,
    /// The standard normal `N(0, I)`.
    Standard,
    /// The uniform distribution on the data's bounding box, widened by
    /// [`NceConfig::box_margin`] of its extent on every side.
    Box,
}

/// How to turn the classifier into a sampler over `q`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum SamplerKind {
    /// Accept `x ~ q` with probability `r(x)/M` (the default; exact for a perfect classifier).
    Rejection,
    /// Accept `x ~ q` when `c(x) > 0.5` (the homework's simpler variant; not exact).
    Threshold,
}

/// NCE hyper-parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct NceConfig {
    /// Passes over the data; default 300 ([`NceConfig::for_data_set`]: 720 for the mixtures).
    pub epochs: usize,
    /// `ν`, noise points per data point; default 4 ([`NceConfig::for_data_set`]: 16 for the
    /// mixtures).
    pub noise_ratio: usize,
    /// Classifiers trained from independent initialisations, one after another; the one with
    /// the lowest final-epoch NCE loss is kept and refitted. Default 1
    /// ([`NceConfig::for_data_set`]: 16 for the grid, whose worst seeds are bad
    /// initialisations that the loss ranks).
    pub restarts: usize,
    /// Data points per minibatch (each comes with `ν` times as many noise points); default 40.
    pub batch_size: usize,
    /// The classifier's Adam; default lr 4e-2 ([`NceConfig::for_data_set`]: 2e-2 for the grid).
    pub adam: AdamConfig,
    /// The learning rate falls linearly over the epochs from `adam.lr` to
    /// `adam.lr · final_lr_fraction`; default 0.001. 1 keeps it constant.
    pub final_lr_fraction: f32,
    /// The noise distribution; default fitted to the data.
    pub noise: NoiseKind,
    /// For [`NoiseKind::Box`]: how far the box reaches beyond the data, as a share of the
    /// data's extent on each side; default 0.1.
    pub box_margin: f32,
    /// For the Gaussian noises: their standard deviations times this, along every axis of the
    /// fitted covariance; default 1. A wider Gaussian puts relatively more draws on the
    /// data's outer parts, where a fitted one is thin. [`NoiseKind::Box`] refuses any other
    /// width than 1: it has [`NceConfig::box_margin`] instead.
    pub noise_width: f32,
    /// The sampler; default rejection.
    pub sampler: SamplerKind,
    /// Noise draws used to find the rejection bound `M`; default 4096.
    pub bound_pool: usize,
    /// The sampler gives up after this many proposals per requested sample; default 100 000.
    pub max_proposals_per_sample: u32,
    /// Fresh noise draws for refitting the output layer after training
    /// ([`crate::Nce::refit_output`]); 0 skips the refit. Default 262 144.
    pub refit_noise: usize,
    /// The refit's ridge `λ` on the output weights' distance from the trained ones; default 1.
    pub refit_ridge: f32,
    /// More epochs for the kept classifier at a larger `ν`, before the refit; default none
    /// ([`NceConfig::for_data_set`]: 60 epochs at `ν` = 128 for the grid).
    pub fine_tune: FineTune,
}

impl Default for NceConfig {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl NceConfig {
    /// The defaults as a constant, for two moons and a user's own points. Swept over 100 seeds the
    /// tuning never saw (`docs/measurements.md`): the learning rate falling to 0.1 % of its start
    /// removes most of the seed-to-seed spread of the sampled mass (the worst energy ratio over 50
    /// seeds fell from 44 to 4.6 at 180 epochs), and 300 epochs sharpen the ratio enough for the
    /// worst seed's on-manifold share to reach 0.97. The output-layer refit on 262 144 noise draws
    /// took the moons' misses from 10 to 6 of 200 unseen seeds (no seed's outer-moon share left
    /// 0.465–0.543) and the ring's from 5 of 20 to none, for about 0.12 s of the main job.
    pub const DEFAULT: NceConfig = NceConfig {
        epochs: 300,
        noise_ratio: 4,
        restarts: 1,
        batch_size: 40,
        adam: AdamConfig {
            lr: 4e-2,
            ..AdamConfig::DEFAULT
        },
        final_lr_fraction: 0.001,
        noise: NoiseKind::Fitted,
        box_margin: 0.1,
        noise_width: 1.0,
        sampler: SamplerKind::Rejection,
        bound_pool: 4096,
        max_proposals_per_sample: 100_000,
        refit_noise: 1 << 18,
        refit_ridge: 1.0,
        fine_tune: FineTune::OFF,
    };

    /// Every number 0: an invalid placeholder, replaced by [`Nce::reset`].
    pub(crate) const ZERO: NceConfig = NceConfig {
        epochs: 0,
        noise_ratio: 0,
        restarts: 0,
        batch_size: 0,
        adam: AdamConfig::ZERO,
        final_lr_fraction: 0.0,
        noise: NoiseKind::Fitted,
        box_margin: 0.0,
        noise_width: 0.0,
        sampler: SamplerKind::Rejection,
        bound_pool: 0,
        max_proposals_per_sample: 0,
        refit_noise: 0,
        refit_ridge: 0.0,
        fine_tune: FineTune::ZERO,
    };
}

impl NceConfig {
    /// The default for a built-in data set: [`NceConfig::DEFAULT`], with 720 epochs and ν = 16 for
    /// the ring and grid mixtures, whose components (standard deviation 0.01 and 0.05) need a much
    /// sharper ratio than the moons. On the ring, 300 epochs give 80–87 % high-quality samples and
    /// 720 epochs 94–97 % (8 seeds). ν = 16 gives each narrow peak four times the noise draws that
    /// fix its height: over 20 unseen seeds it took the ring's worst reverse KL from 0.22 to 0.069
    /// and worst high-quality share from 0.76 to 0.93, and the grid's median high-quality share
    /// from 0.41 to 0.71 (`docs/measurements.md`, "Quality"). The ring refits on 2²⁰ noise draws,
    /// as the grid does (below): over 120 seeds, 60 of them never seen before the choice, it
    /// lowered the reverse KL on 114 (median 0.020 → 0.010, worst 0.080 → 0.045) and took the seeds
    /// missing a goal from 5 to 0, for a high-quality share a little lower (median 0.976 → 0.973)
    /// and about 0.5 s more of a 6 s run. The grid also trains several classifiers and keeps the
    /// one with the lowest loss ([`NceConfig::restarts`]), since its worst seeds were bad
    /// initialisations, and trains at lr 0.02: four restarts took its median high-quality share
    /// over 3000–3019 and 4000–4019 from 0.81 and 0.63 to 0.96 and 0.95 (worst 0.13 → 0.73 and
    /// 0.79); eight took the worst over 5000–5019 and 6000–6019 from 0.59 and 0.80 to 0.86 and
    /// 0.92. The kept classifier then has a fine-tune phase ([`FineTune`]: 60 epochs, lr 0.002),
    /// which calibrates the heights of the peaks: at ν = 64 it took the grid's seeds meeting every
    /// goal from 63 to 66 of those 80 and from 15 to 16 of 7000–7019, with a lower reverse KL on 61
    /// of the 80; ν = 128 lowered it on 81 of 120 more ([`FineTune::OFF`]). Its refit takes 2²⁰
    /// noise draws, four times the default, since most of the grid's misses were peaks' heights
    /// off by a reverse KL just over its goal: over 120 seeds it lowered
    /// the reverse KL on 109 (median 0.035 → 0.026, worst 0.105 → 0.091) and took the seeds meeting
    /// every goal from 99 to 112, for a high-quality share a little lower (median 0.962 → 0.957).
    /// With four times the draws in its sum the ridge pulled less already; a quarter of it, λ =
    /// 0.25, raised the high-quality share on 111 of the same 120 seeds (a little: median 0.957 →
    /// 0.958, worst 0.832 → 0.840) and took the seeds meeting every goal to 113. Six of the seven
    /// left missed on the high-quality share (skirts around the peaks), which the phase and the
    /// refit cannot sharpen: sixteen restarts instead of eight took every share over 0.90 (worst
    /// 0.840 → 0.904) and the seeds meeting every goal to 119 of 120, for 1.9× the run's time (42 s
    /// against 22 s on an Intel Xeon's two cores, a release build without LTO).
    pub const fn for_data_set(data: DataSet) -> NceConfig {
        match data {
            DataSet::Moons => Self::DEFAULT,
            DataSet::Ring => Self::MIXTURES,
            DataSet::Grid => NceConfig {
                restarts: 16,
                adam: AdamConfig {
                    lr: 2e-2,
                    ..AdamConfig::DEFAULT
                },
                fine_tune: FineTune {
                    epochs: 60,
                    ..FineTune::OFF
                },
                refit_ridge: 0.25,
                ..Self::MIXTURES
            },
        }
    }

    /// What the ring and the grid share (see [`NceConfig::for_data_set`]): 720 epochs, ν = 16
    /// and the refit on 2²⁰ draws. The ring takes it as it is.
    const MIXTURES: NceConfig = NceConfig {
        epochs: 720,
        noise_ratio: 16,
        refit_noise: 1 << 20,
        ..Self::DEFAULT
    };

    /// The learning rate of epoch `epoch` (counting from 1): `adam.lr` falling linearly to
    /// `adam.lr · final_lr_fraction` at the last epoch.
    pub fn scheduled_lr(&self, epoch: usize) -> f32 {
        linear_lr(self.adam.lr, self.final_lr_fraction, epoch, self.epochs)
    }

    /// Checks every field.
    pub fn validate(&self) -> Result<(), Error> {
        nonzero("epochs", self.epochs)?;
        at_most("epochs", self.epochs, MAX_EPOCHS)?;
        nonzero("noise ratio", self.noise_ratio)?;
        at_most("noise ratio", self.noise_ratio, MAX_NOISE_RATIO)?;
        nonzero("restarts", self.restarts)?;
        at_most("restarts", self.restarts, MAX_RESTARTS)?;
        nonzero("batch size", self.batch_size)?;
        nonzero("bound pool", self.bound_pool)?;
        at_most("bound pool", self.bound_pool, MAX_BOUND_POOL)?;
        nonzero("max proposals", self.max_proposals_per_sample as usize)?;
        self.adam.validate()?;
        positive("final lr fraction", self.final_lr_fraction)?;
        positive("box margin", self.box_margin)?;
        positive("noise width", self.noise_width)?;
        if self.noise_width > MAX_NOISE_WIDTH as f32 {
            return Err(Error::TooLarge {
                name: "noise width",
                max: MAX_NOISE_WIDTH,
            });
        }
        if self.noise == NoiseKind::Box && self.noise_width != 1.0 {
            return Err(Error::invalid(
                "noise width",
                "must be 1 with the box noise",
            ));
        }
        at_most("refit noise", self.refit_noise, MAX_REFIT_NOISE)?;
        if !(self.refit_ridge.is_finite() && self.refit_ridge >= 0.0) {
            return Err(Error::invalid("refit ridge", "must be finite and >= 0"));
        }
        self.fine_tune.validate()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A width is refused when it is not a positive number up to its limit, and on the box,
    /// which would otherwise ignore it without a word.
    #[test]
    fn noise_width_is_checked_and_refused_on_the_box() {
        let with = |noise, noise_width| NceConfig {
            noise,
            noise_width,
            ..NceConfig::DEFAULT
        };
        for noise in [NoiseKind::Fitted, NoiseKind::Standard] {
            for ok in [1e-3, 1.0, 1.15, MAX_NOISE_WIDTH as f32] {
                assert_eq!(with(noise, ok).validate(), Ok(()), "{noise:?} {ok}");
            }
            for bad in [0.0, -1.0, f32::NAN, f32::INFINITY] {
                assert_eq!(
                    with(noise, bad).validate(),
                    Err(Error::invalid("noise width", "must be finite and > 0")),
                    "{noise:?} {bad}"
                );
            }
        }
        assert_eq!(with(NoiseKind::Box, 1.0).validate(), Ok(()));
        for width in [0.5, 2.0] {
            assert!(matches!(
                with(NoiseKind::Box, width).validate(),
                Err(Error::InvalidConfig {
                    name: "noise width",
                    ..
                })
            ));
        }
    }
}
