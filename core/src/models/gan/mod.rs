//! A generative adversarial network, in the classic "GAN in 50 lines" set-up.

pub(crate) mod config;
mod stats;

pub use config::{GanConfig, MAX_STEPS};
pub use stats::{GanEpochStats, GAN_EPOCH_CSV_HEADER};

use crate::data::batches::{check_batch, Batches};
use crate::error::{check_loss, Error};
use crate::kernels::CHUNK;
use crate::math::rng::Rng;
use crate::models::cores::{Cores, OneCore};
use crate::nn::activation::{sigmoid, Activation};
use crate::nn::chunk_trace::ChunkTrace;
use crate::nn::chunked::{bce_of_logit, losses_of_chunk, BackwardWeights};
use crate::nn::mlp2::Mlp2;
use crate::nn::optim::{Adam, Learner};
use crate::nn::params::Params;

/// The dimension of the generator's latent input `z ~ N(0, I)`.
pub const LATENT: usize = 2;

/// The generator: latent `z` → point, LATENT→H→H→D with ELU, sigmoid, and a linear output.
pub type Generator<const D: usize, const H: usize> = Mlp2<LATENT, H, H, D>;
/// The discriminator: point → logit, D→H→H→1 with ELU, ELU; the output sigmoid lives in the
/// loss ([`bce_with_logits`](crate::nn::loss::bce_with_logits)), so the network itself ends
/// linearly.
pub type Discriminator<const D: usize, const H: usize> = Mlp2<D, H, H, 1>;

/// The generator's activations.
pub const GENERATOR_ACTIVATIONS: [Activation; 3] =
    [Activation::ELU, Activation::Sigmoid, Activation::Identity];
/// The discriminator's activations (the logit is linear; `D(x) = σ(logit)`).
pub const DISCRIMINATOR_ACTIVATIONS: [Activation; 3] =
    [Activation::ELU, Activation::ELU, Activation::Identity];

/// A generator and a discriminator, each with its own Adam.
///
/// # Generics
/// - `D`: the dimension of a point.
/// - `H`: hidden width of both networks.
#[derive(Clone, Debug)]
pub struct Gan<const D: usize, const H: usize> {
    config: GanConfig,
    /// The generator with its training state.
    pub generator: Learner<Generator<D, H>, Adam<Generator<D, H>>>,
    /// The discriminator with its training state.
    pub discriminator: Learner<Discriminator<D, H>, Adam<Discriminator<D, H>>>,
}

impl<const D: usize, const H: usize> Gan<D, H> {
    /// Checks `config` and initialises both networks from `rng`.
    pub fn new(config: GanConfig, rng: &mut Rng) -> Result<Self, Error> {
        let mut gan = Self::ZERO;
        gan.reset(config, rng)?;
        Ok(gan)
    }

    /// All zeros and an invalid configuration: a placeholder for a `static` (it sits in
    /// `.bss`), made usable by [`Gan::reset`].
    pub const ZERO: Self = Gan {
        config: GanConfig::ZERO,
        generator: Learner::ZERO,
        discriminator: Learner::ZERO,
    };

    /// [`Gan::new`] in place: the same checks and the same random draws (G first, then D),
    /// without second copies of the networks on the stack.
    pub fn reset(&mut self, config: GanConfig, rng: &mut Rng) -> Result<(), Error> {
        config.validate()?;
        self.config = config;
        let (g, d) = (&mut self.generator, &mut self.discriminator);
        g.model.init_in_place(GENERATOR_ACTIVATIONS, rng);
        d.model.init_in_place(DISCRIMINATOR_ACTIVATIONS, rng);
        g.grads.zero();
        d.grads.zero();
        g.optimizer.reset(config.g_adam)?;
        d.optimizer.reset(config.d_adam)
    }

    /// The configuration.
    pub fn config(&self) -> GanConfig {
        self.config
    }

    /// One generated point `G(z)`, `z ~ N(0, I)`.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn sample(&self, rng: &mut Rng) -> [f32; D] {
        generate(&self.generator.model, rng)
    }

    /// One epoch: for each minibatch of the freshly shuffled `data`, `d_steps` discriminator
    /// updates (each on the real minibatch, label 1, plus a fresh fake one, label 0), then
    /// `g_steps` generator updates (each on fresh `z`, non-saturating loss, label 1).
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn train_epoch(
        &mut self,
        data: &[[f32; D]],
        batches: &mut Batches,
        rng: &mut Rng,
    ) -> Result<GanEpochStats, Error> {
        self.train_epoch_with(data, batches, rng, &mut OneCore)
    }

    /// [`Gan::train_epoch`], each discriminator update's backward pass run by `cores` (such as
    /// [`Split`](crate::models::cores::Split) over two cores): the same bits whichever runs them.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn train_epoch_with(
        &mut self,
        data: &[[f32; D]],
        batches: &mut Batches,
        rng: &mut Rng,
        cores: &mut impl Cores<D, H>,
    ) -> Result<GanEpochStats, Error> {
        batches.check_covers(data.len())?;
        let mut sums = GanEpochStats::default();
        let (mut d_updates, mut g_updates) = (0u32, 0u32);
        batches.shuffle(rng);
        for batch in batches.iter() {
            for _ in 0..self.config.d_steps {
                let s = self.discriminator_step_with(data, batch, rng, cores)?;
                sums.d_real += s.d_real;
                sums.d_fake += s.d_fake;
                sums.d_loss += s.d_loss;
                d_updates += 1;
            }
            for _ in 0..self.config.g_steps {
                sums.g_loss += self.generator_step(rng)?;
                g_updates += 1;
            }
        }
        let (d, g) = (d_updates.max(1) as f32, g_updates.max(1) as f32);
        Ok(GanEpochStats {
            d_real: sums.d_real / d,
            d_fake: sums.d_fake / d,
            d_loss: sums.d_loss / d,
            g_loss: sums.g_loss / g,
        })
    }

    /// One discriminator update; returns its batch's mean `D(real)`, `D(fake)` and loss.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn discriminator_step(
        &mut self,
        data: &[[f32; D]],
        batch: &[u32],
        rng: &mut Rng,
    ) -> Result<GanEpochStats, Error> {
        self.discriminator_step_with(data, batch, rng, &mut OneCore)
    }

    /// [`Gan::discriminator_step`] with its backward pass run by `cores` (such as
    /// [`Split`](crate::models::cores::Split) over two cores): the same bits, the same random
    /// draws.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn discriminator_step_with(
        &mut self,
        data: &[[f32; D]],
        batch: &[u32],
        rng: &mut Rng,
        cores: &mut impl Cores<D, H>,
    ) -> Result<GanEpochStats, Error> {
        check_batch(data, batch)?;
        let d = &mut self.discriminator;
        let mut sums = DiscriminatorSums::default();
        let mut examples = DiscriminatorExamples::new(data, batch, &self.generator.model);
        cores.train_bce(
            &d.model,
            &mut d.grads,
            examples.count(),
            #[inline(always)]
            |i| examples.example(i, rng),
            #[inline(always)]
            |y, label, l| sums.add(y, label, l),
        )?;
        sums.finish(d, batch.len())
    }

    /// One generator update on `batch_size` fresh latents; returns the mean generator loss.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    // The closure around `bce_of_logit` is on purpose (see `ChunkedBackward::train`).
    #[allow(clippy::redundant_closure)]
    pub fn generator_step(&mut self, rng: &mut Rng) -> Result<f32, Error> {
        let d = &self.discriminator.model;
        let g = &mut self.generator;
        let n = self.config.batch_size;
        let mut loss = 0.0;
        let mut g_chunk = ChunkTrace::ZERO;
        let mut d_chunk = ChunkTrace::ZERO;
        let mut dys = [[0.0]; CHUNK];
        let mut losses = [0.0; CHUNK];
        let d_backward = BackwardWeights::of(d);
        let g_backward = BackwardWeights::of(&g.model);
        let mut done = 0;
        while done < n {
            // A chunk of examples: forward through G then D, then D's input gradients and
            // G's backprop for all of them at once (the sums keep the per-example order).
            let m = (n - done).min(CHUNK);
            latents(rng, &mut g_chunk.x[..m]);
            g.model.forward_chunk(&mut g_chunk, m);
            d_chunk.x = g_chunk.y;
            d.forward_chunk(&mut d_chunk, m);
            losses_of_chunk(
                &d_chunk.y[..m],
                &[1.0; CHUNK][..m],
                &mut dys[..m],
                &mut losses[..m],
                #[inline(always)]
                |y, label| bce_of_logit(y, label),
            );
            for &l in &losses[..m] {
                loss += l;
            }
            let dx = d_backward.input_gradient_chunk(&mut d_chunk, &dys, m);
            g_backward.backward_chunk(&mut g_chunk, &dx, m, &mut g.grads);
            done += m;
        }
        check_loss(loss / n as f32, "generator loss")?;
        g.step(n)?;
        Ok(loss / n as f32)
    }

    /// True when every parameter of both networks is finite.
    pub fn is_finite(&self) -> bool {
        self.generator.model.is_finite() && self.discriminator.model.is_finite()
    }
}

/// The examples of one discriminator update: the minibatch's real points (label 1), then as
/// many fakes (label 0), generated a chunk at a time when the first of them is asked for
/// (the same bits as one by one, and the same draws).
struct DiscriminatorExamples<'a, const D: usize, const H: usize> {
    data: &'a [[f32; D]],
    batch: &'a [u32],
    generator: &'a Generator<D, H>,
    fakes: ChunkTrace<LATENT, H, H, D>,
}

impl<'a, const D: usize, const H: usize> DiscriminatorExamples<'a, D, H> {
    #[inline(always)]
    fn new(data: &'a [[f32; D]], batch: &'a [u32], generator: &'a Generator<D, H>) -> Self {
        DiscriminatorExamples {
            data,
            batch,
            generator,
            fakes: ChunkTrace::ZERO,
        }
    }

    /// How many examples: twice the minibatch.
    #[inline(always)]
    fn count(&self) -> usize {
        2 * self.batch.len()
    }

    /// Example `i`, asked for in order of `i`, and its label.
    #[inline(always)]
    fn example(&mut self, i: usize, rng: &mut Rng) -> ([f32; D], f32) {
        let n = self.batch.len();
        if i < n {
            return (self.data[self.batch[i] as usize], 1.0);
        }
        let k = (i - n) % CHUNK;
        if k == 0 {
            let m = (2 * n - i).min(CHUNK);
            latents(rng, &mut self.fakes.x[..m]);
            self.generator.forward_chunk_outputs(&mut self.fakes, m);
        }
        (self.fakes.y[k], 0.0)
    }
}

/// What a discriminator update sums over its examples, in their order.
#[derive(Default)]
struct DiscriminatorSums {
    d_real: f32,
    d_fake: f32,
    loss: f32,
}

impl DiscriminatorSums {
    /// Adds an example with logit `y`, label `label` and loss `l`.
    #[inline(always)]
    fn add(&mut self, y: &[f32; 1], label: f32, l: f32) {
        if label > 0.5 {
            self.d_real += sigmoid(y[0]);
        } else {
            self.d_fake += sigmoid(y[0]);
        }
        self.loss += l;
    }

    /// Checks the mean loss, takes the optimizer step on the mean gradient of the `n`
    /// real points' update, and returns the means.
    #[inline(always)]
    fn finish<const D: usize, const H: usize>(
        self,
        d: &mut Learner<Discriminator<D, H>, Adam<Discriminator<D, H>>>,
        n: usize,
    ) -> Result<GanEpochStats, Error> {
        let mean = |sum: f32| sum / n as f32;
        check_loss(mean(self.loss), "discriminator loss")?;
        d.step(n)?;
        Ok(GanEpochStats {
            d_real: mean(self.d_real),
            d_fake: mean(self.d_fake),
            d_loss: mean(self.loss),
            g_loss: 0.0,
        })
    }
}

/// One point `G(z)`, `z ~ N(0, I)`, of a generator alone (for example one loaded from a model
/// file, without the optimiser state a whole [`Gan`] carries).
#[cfg_attr(feature = "inline-hot", inline(always))]
#[cfg_attr(not(feature = "inline-hot"), inline)]
pub fn generate<const D: usize, const H: usize>(
    generator: &Generator<D, H>,
    rng: &mut Rng,
) -> [f32; D] {
    generator.forward(&latent(rng))
}

/// `out.len()` latent draws, those of as many [`latent`] calls in turn, a block of standard
/// normals at a time ([`Rng::fill_gaussian`]).
#[cfg_attr(feature = "inline-hot", inline(always))]
#[cfg_attr(not(feature = "inline-hot"), inline)]
fn latents(rng: &mut Rng, out: &mut [[f32; LATENT]]) {
    rng.fill_gaussian(out.as_flattened_mut());
}

/// A latent draw `z ~ N(0, I)`, its coordinates drawn in order.
#[cfg_attr(feature = "inline-hot", inline(always))]
#[cfg_attr(not(feature = "inline-hot"), inline)]
fn latent(rng: &mut Rng) -> [f32; LATENT] {
    let mut z = [0.0; LATENT];
    for z in &mut z {
        *z = rng.gaussian();
    }
    z
}
