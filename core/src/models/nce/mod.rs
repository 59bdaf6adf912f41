//! Noise-contrastive estimation: learn `p/q` with a classifier, then sample through it.
//!
//! A classifier `c(x)` is trained to tell data (label 1) from `ν` times as many draws of a
//! known noise distribution `q` (label 0). The Bayes-optimal classifier is
//! `c = p / (p + νq)`, so the density ratio is `r(x) = p(x)/q(x) = ν·c/(1−c) = ν·e^logit`.
//! Drawing `x ~ q` and accepting it with probability `r(x)/M` (`M ≥ max r`) then gives exact
//! samples of `p` — as exact as the classifier.

pub(crate) mod config;
pub(crate) mod fine_tune;
pub(crate) mod refit;
pub(crate) mod sampler;
pub(crate) mod updates;

pub use config::{
    NceConfig, NoiseKind, SamplerKind, MAX_BOUND_POOL, MAX_EPOCHS, MAX_NOISE_RATIO,
    MAX_NOISE_WIDTH, MAX_RESTARTS,
};
pub use fine_tune::FineTune;
pub use refit::{KeptFeatures, RefitStats, MAX_REFIT_NOISE};
pub use sampler::{Proposal, Sampler, SamplerStats};
pub use updates::{KeepingRefit, Updates};

use crate::data::batches::{check_batch, Batches};
use crate::error::{check_loss, Error};
use crate::kernels::lanes::BLOCKED;
use crate::kernels::CHUNK;
use crate::math::gaussian::Gaussian;
use crate::math::ln::ln_cold;
use crate::math::noise::Noise;
use crate::math::rng::Rng;
use crate::math::uniform_box::UniformBox;
use crate::models::cores::{Cores, OneCore};
use crate::nn::activation::Activation;
use crate::nn::mlp2::Mlp2;
use crate::nn::optim::{Adam, Learner};
use crate::nn::params::Params;

/// How far above chance the held-out accuracies must sum for [`Nce::check_learned`]. A
/// trained default classifier sums to about 1.5 on two moons; one that answers "noise"
/// everywhere (`tinygen --lr 10`) sums to 1.
pub const LEARNED_MARGIN: f32 = 0.05;

/// The data-vs-noise classifier: point → logit, D→H→H→1 with ELU, ELU, linear output.
pub type Classifier<const D: usize, const H: usize> = Mlp2<D, H, H, 1>;

/// The classifier's activations.
pub const CLASSIFIER_ACTIVATIONS: [Activation; 3] =
    [Activation::ELU, Activation::ELU, Activation::Identity];

/// One epoch of classifier training.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct NceEpochStats {
    /// Mean binary cross-entropy over data and noise points.
    pub loss: f32,
    /// Share of the epoch's data and noise points classified right (`logit > 0` ⇔ data).
    pub accuracy: f32,
    /// Which of the [`NceConfig::restarts`] classifiers this epoch trained (from 0).
    pub restart: usize,
    /// Whether the epoch belongs to the fine-tune phase ([`NceConfig::fine_tune`]) of the
    /// kept classifier.
    pub fine_tune: bool,
}

/// What one classifier update ([`Nce::train_minibatch`]) saw.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MinibatchStats {
    /// Sum of the BCE losses of its data and noise points.
    pub loss_sum: f32,
    /// How many of them were classified right.
    pub correct: u32,
    /// How many points: `batch × (1 + ν)`.
    pub examples: u32,
}

/// The NCE model: the noise distribution and the classifier with its training state.
///
/// # Generics
/// - `D`: the dimension of a point.
/// - `H`: hidden width of the classifier.
#[derive(Clone, Debug)]
pub struct Nce<const D: usize, const H: usize> {
    pub(crate) config: NceConfig,
    /// The noise distribution `q`.
    pub noise: Noise<D>,
    /// The classifier with its Adam state.
    pub classifier: Learner<Classifier<D, H>, Adam<Classifier<D, H>>>,
    /// Whether the classifier is in its fine-tune phase ([`Nce::begin_fine_tune`]), whose
    /// epochs follow the phase's own schedule.
    pub(crate) fine_tuning: bool,
}

impl<const D: usize, const H: usize> Nce<D, H> {
    /// Checks `config`, fits `q` to `data` if asked, and initialises the classifier.
    pub fn new(config: NceConfig, data: &[[f32; D]], rng: &mut Rng) -> Result<Self, Error> {
        let mut nce = Self::ZERO;
        nce.reset(config, data, rng)?;
        Ok(nce)
    }

    /// All zeros and an invalid configuration: a placeholder for a `static` (it sits in
    /// `.bss`), made usable by [`Nce::reset`].
    pub const ZERO: Self = Nce {
        config: NceConfig::ZERO,
        noise: Noise::Gaussian(Gaussian::ZERO),
        classifier: Learner::ZERO,
        fine_tuning: false,
    };

    /// [`Nce::new`] in place: the same checks and the same random draws, without a second
    /// copy of the model on the stack.
    pub fn reset(
        &mut self,
        config: NceConfig,
        data: &[[f32; D]],
        rng: &mut Rng,
    ) -> Result<(), Error> {
        config.validate()?;
        self.noise = match config.noise {
            NoiseKind::Fitted => Noise::Gaussian(Gaussian::fit(data)?.widened(config.noise_width)),
            NoiseKind::Standard => Noise::Gaussian(Gaussian::STANDARD.widened(config.noise_width)),
            NoiseKind::Box => Noise::Uniform(UniformBox::fit(data, config.box_margin)?),
        };
        self.config = config;
        self.fine_tuning = false;
        let c = &mut self.classifier;
        c.model.init_in_place(CLASSIFIER_ACTIVATIONS, rng);
        c.grads.zero();
        c.optimizer.reset(config.adam)
    }

    /// The configuration.
    pub fn config(&self) -> NceConfig {
        self.config
    }

    /// The learning rate of epoch `epoch` (counting from 1) of the linear schedule: the main
    /// one, or in the fine-tune phase the phase's ([`FineTune::scheduled_lr`]).
    pub fn scheduled_lr(&self, epoch: usize) -> f32 {
        match self.fine_tuning {
            false => self.config.scheduled_lr(epoch),
            true => self
                .config
                .fine_tune
                .scheduled_lr(self.config.final_lr_fraction, epoch),
        }
    }

    /// How many epochs the current phase has: [`NceConfig::epochs`], or in the fine-tune
    /// phase the phase's.
    pub fn phase_epochs(&self) -> usize {
        match self.fine_tuning {
            false => self.config.epochs,
            true => self.config.fine_tune.epochs,
        }
    }

    /// One pass over the shuffled `data` at the learning rate the schedule gives `epoch`.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn train_scheduled_epoch(
        &mut self,
        epoch: usize,
        data: &[[f32; D]],
        batches: &mut Batches,
        rng: &mut Rng,
    ) -> Result<NceEpochStats, Error> {
        self.train_scheduled_epoch_with(epoch, data, batches, rng, &mut OneCore)
    }

    /// [`Nce::train_scheduled_epoch`], each update run by `updates`.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn train_scheduled_epoch_with(
        &mut self,
        epoch: usize,
        data: &[[f32; D]],
        batches: &mut Batches,
        rng: &mut Rng,
        updates: &mut impl Updates<D, H>,
    ) -> Result<NceEpochStats, Error> {
        let lr = self.scheduled_lr(epoch);
        self.classifier.optimizer.set_lr(lr);
        self.train_epoch_with(data, batches, rng, updates)
    }

    /// One pass over the shuffled `data` at the optimizer's current learning rate. Each
    /// minibatch of data points gets `ν` times as many fresh noise draws, and the update
    /// follows the mean BCE over all of them. `batches` must order exactly `data`.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn train_epoch(
        &mut self,
        data: &[[f32; D]],
        batches: &mut Batches,
        rng: &mut Rng,
    ) -> Result<NceEpochStats, Error> {
        self.train_epoch_with(data, batches, rng, &mut OneCore)
    }

    /// [`Nce::train_epoch`], each update run by `updates`.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn train_epoch_with(
        &mut self,
        data: &[[f32; D]],
        batches: &mut Batches,
        rng: &mut Rng,
        updates: &mut impl Updates<D, H>,
    ) -> Result<NceEpochStats, Error> {
        batches.check_covers(data.len())?;
        let (mut loss, mut correct, mut seen) = (0.0f32, 0u32, 0u32);
        batches.shuffle(rng);
        for batch in batches.iter() {
            let step = updates.update(self, data, batch, rng)?;
            loss += step.loss_sum;
            correct += step.correct;
            seen += step.examples;
        }
        Ok(NceEpochStats {
            loss: loss / seen as f32,
            accuracy: correct as f32 / seen as f32,
            restart: 0,
            fine_tune: self.fine_tuning,
        })
    }

    /// One classifier update: each data point of `batch` (label 1) followed by `ν` fresh
    /// noise draws (label 0), backpropagated in that order, then one optimizer step on their
    /// mean gradient. An index of `batch` outside `data` is an error.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn train_minibatch(
        &mut self,
        data: &[[f32; D]],
        batch: &[u32],
        rng: &mut Rng,
    ) -> Result<MinibatchStats, Error> {
        self.train_minibatch_with(data, batch, rng, &mut OneCore)
    }

    /// [`Nce::train_minibatch`] with its backward pass run by `cores` (such as
    /// [`Split`](crate::models::cores::Split) over two cores): the same bits, the same random
    /// draws.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn train_minibatch_with(
        &mut self,
        data: &[[f32; D]],
        batch: &[u32],
        rng: &mut Rng,
        cores: &mut impl Cores<D, H>,
    ) -> Result<MinibatchStats, Error> {
        check_batch(data, batch)?;
        let c = &mut self.classifier;
        let mut stats = MinibatchStats::default();
        let mut examples = Examples::new(&self.noise, data, batch, self.config.noise_ratio);
        cores.train_bce(
            &c.model,
            &mut c.grads,
            examples.count(),
            #[inline(always)]
            |i| examples.example(i, rng),
            #[inline(always)]
            |y, label, l| stats.add(y, label, l),
        )?;
        self.finish_update(stats)
    }

    /// The end of an update whose gradient is summed: checks the mean loss, then takes one
    /// optimizer step on the mean gradient.
    #[inline(always)]
    fn finish_update(&mut self, stats: MinibatchStats) -> Result<MinibatchStats, Error> {
        check_loss(
            stats.loss_sum / stats.examples.max(1) as f32,
            "classifier loss",
        )?;
        self.classifier.step(stats.examples as usize)?;
        Ok(stats)
    }

    /// The classifier's logit at `x`: `ln(c/(1−c)) = ln(r(x)/ν)`.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn logit(&self, x: &[f32; D]) -> f32 {
        self.classifier.model.forward(&input(&self.noise, x))[0]
    }

    /// The density-ratio estimate `r(x) = ν·c(x)/(1 − c(x)) = ν·e^logit` where the classifier
    /// is trusted ([`Nce::trusts`]), 0 beyond: the sampler's model is `q·r`, so points
    /// beyond are never drawn.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn ratio(&self, x: &[f32; D]) -> f32 {
        self.trusted_logit(x)
            .map_or(0.0, |logit| self.ratio_of_logit(logit))
    }

    /// `ν·e^logit`.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub(crate) fn ratio_of_logit(&self, logit: f32) -> f32 {
        self.config.noise_ratio as f32 * libm::expf(logit)
    }

    /// The logit at `x` where the sampler trusts the classifier ([`Nce::trusts`]), else
    /// `None`; `x` is standardized once for both.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub(crate) fn trusted_logit(&self, x: &[f32; D]) -> Option<f32> {
        let u = input(&self.noise, x);
        trusted(&self.noise, &u).then(|| self.classifier.model.forward(&u)[0])
    }

    /// Whether `x` lies where the sampler trusts the classifier: for Gaussian noise within
    /// `‖L⁻¹(x − mean)‖² ≤ 2D + 16` ([`trusted_radius_sq`]), everywhere in a box.
    pub fn trusts(&self, x: &[f32; D]) -> bool {
        trusted(&self.noise, &input(&self.noise, x))
    }

    /// A sampler of the configured kind; the rejection sampler first finds its bound `M` as
    /// the largest `r(x)` over `bound_pool` noise draws.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn sampler(&self, rng: &mut Rng) -> Sampler<'_, D, H> {
        let bound = match self.config.sampler {
            SamplerKind::Rejection => (0..self.config.bound_pool)
                .map(|_| self.ratio(&self.noise.sample(rng)))
                .fold(0.0f32, f32::max),
            SamplerKind::Threshold => 0.0,
        };
        Sampler::new(self, bound)
    }

    /// Checks that the classifier learned to tell data from noise: calling a point data where
    /// its ratio `r(x)` exceeds 1 (the boundary at equal odds, so that the verdict does not
    /// depend on `ν`), its accuracy on `data` (label 1) and on `ν` fresh noise draws per
    /// point (label 0) must sum to more than chance (a constant answer scores exactly 1) by
    /// [`LEARNED_MARGIN`]. Returns the two accuracies.
    ///
    /// The classifier's own boundary, `r(x) = ν`, would do at the `ν` it trained with, but a
    /// fine-tune phase at `ν' = 64` ([`NceConfig::fine_tune`]) on the moons leaves `r` below
    /// 64 nearly everywhere, which is right, and would fail a classifier that learned.
    pub fn check_learned(&self, data: &[[f32; D]], rng: &mut Rng) -> Result<(f32, f32), Error> {
        let equal_odds = -ln_cold(self.config.noise_ratio as f32);
        let (on_data, on_noise) = self.accuracy_at(equal_odds, data, rng);
        if on_data + on_noise > 1.0 + LEARNED_MARGIN {
            Ok((on_data, on_noise))
        } else {
            Err(Error::NotLearned)
        }
    }

    /// Classifier accuracy on fresh held-out points: every point of `held_out` (label 1) and
    /// `ν` fresh noise draws per point (label 0). Returns `(accuracy on data, on noise)`.
    pub fn held_out_accuracy(&self, held_out: &[[f32; D]], rng: &mut Rng) -> (f32, f32) {
        self.accuracy_at(0.0, held_out, rng)
    }

    /// [`Nce::held_out_accuracy`] with the boundary at logit `boundary` instead of 0.
    fn accuracy_at(&self, boundary: f32, held_out: &[[f32; D]], rng: &mut Rng) -> (f32, f32) {
        let data_right = held_out.iter().filter(|x| self.logit(x) > boundary).count();
        let noise_draws = held_out.len() * self.config.noise_ratio;
        let noise_right = (0..noise_draws)
            .filter(|_| self.logit(&self.noise.sample(rng)) <= boundary)
            .count();
        (
            data_right as f32 / held_out.len().max(1) as f32,
            noise_right as f32 / noise_draws.max(1) as f32,
        )
    }
}

/// The squared radius, in the standard deviations of a Gaussian `q`, within which the sampler
/// trusts the classifier: `2D + 16` (4.5 standard deviations in 2-D), which holds all but
/// about 10⁻⁴ of `q`'s mass in any dimension and every point of the built-in data sets (the
/// grid's corners sit at 2). Training draws almost no noise beyond it, so nothing stops the
/// ELU logit from growing outward there: on one grid seed `r` reached 10¹⁹ five standard
/// deviations out, and a proposal landing there raised the rejection bound until the
/// sampler gave up. A box has no tails, so all of it is trusted.
pub const fn trusted_radius_sq(d: usize) -> f32 {
    (2 * d + 16) as f32
}

/// [`trusted_radius_sq`] for `u`, a point already in the noise's coordinates.
#[cfg_attr(feature = "inline-hot", inline(always))]
#[cfg_attr(not(feature = "inline-hot"), inline)]
fn trusted<const D: usize>(noise: &Noise<D>, u: &[f32; D]) -> bool {
    match noise {
        Noise::Gaussian(_) => u.iter().map(|v| v * v).sum::<f32>() <= trusted_radius_sq(D),
        Noise::Uniform(_) => true,
    }
}

/// What the classifier reads for the point `x`: `x` in the noise's own coordinates
/// ([`Noise::standardize`]), so that the classifier sees inputs of unit scale whatever the
/// data's scale and shape. Over 100 seeds on two moons this raised the worst on-manifold share
/// from 0.92 to 0.97 at equal training (`docs/measurements.md`, "Quality of the NCE main job").
#[cfg_attr(feature = "inline-hot", inline(always))]
#[cfg_attr(not(feature = "inline-hot"), inline)]
fn input<const D: usize>(noise: &Noise<D>, x: &[f32; D]) -> [f32; D] {
    noise.standardize(x)
}

impl MinibatchStats {
    /// Counts one example: its output `y`, label and loss.
    #[inline(always)]
    fn add(&mut self, y: &[f32; 1], label: f32, loss: f32) {
        self.loss_sum += loss;
        self.correct += u32::from((y[0] > 0.0) == (label > 0.5));
        self.examples += 1;
    }
}

/// The examples of one classifier update, in order: each data point of the batch (label 1)
/// followed by its `ν` fresh noise draws (label 0), all in the classifier's coordinates.
struct Examples<'a, const D: usize> {
    noise: &'a Noise<D>,
    data: &'a [[f32; D]],
    batch: &'a [u32],
    per_point: usize,
    /// With vector units, the noise points are drawn a chunk at a time in the order the
    /// examples use them, and no more than the minibatch uses: the stream, and so every
    /// number, is that of a draw per example.
    drawn: [[f32; D]; CHUNK],
    next: usize,
    filled: usize,
    noise_left: usize,
}

impl<'a, const D: usize> Examples<'a, D> {
    #[inline(always)]
    fn new(noise: &'a Noise<D>, data: &'a [[f32; D]], batch: &'a [u32], ratio: usize) -> Self {
        Examples {
            noise,
            data,
            batch,
            per_point: ratio + 1,
            drawn: [[0.0; D]; CHUNK],
            next: 0,
            filled: 0,
            noise_left: batch.len() * ratio,
        }
    }

    /// How many examples: `batch × (1 + ν)`.
    #[inline(always)]
    fn count(&self) -> usize {
        self.batch.len() * self.per_point
    }

    /// Example `i`, asked for in order of `i`, and its label.
    #[inline(always)]
    fn example(&mut self, i: usize, rng: &mut Rng) -> ([f32; D], f32) {
        let noise = self.noise;
        if i.is_multiple_of(self.per_point) {
            (
                input(noise, &self.data[self.batch[i / self.per_point] as usize]),
                1.0,
            )
        } else if !BLOCKED {
            // One at a time costs a Cortex-M4F fewer instructions than blocks.
            (input(noise, &noise.sample(rng)), 0.0)
        } else {
            if self.next == self.filled {
                self.filled = self.noise_left.min(CHUNK);
                noise.sample_into(rng, &mut self.drawn[..self.filled]);
                self.noise_left -= self.filled;
                self.next = 0;
            }
            self.next += 1;
            (input(noise, &self.drawn[self.next - 1]), 0.0)
        }
    }
}
