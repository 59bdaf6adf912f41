//! Refitting the classifier's output layer after training, on many fresh noise draws.
//!
//! Training sees `ν` noise draws per data point per epoch, each through a small step of Adam,
//! so the trained ratio carries the Monte Carlo error of those few negatives: on two moons it
//! is what leaves one moon with a few percent more mass than the other. With the hidden layers
//! frozen, the NCE loss is a logistic regression in the output layer's weights and bias,
//! convex and cheap to minimise by Newton's method over the training points and `K` fresh
//! noise draws. Over 100 unseen moons seeds the largest imbalance fell about as `1/√K`
//! (`docs/measurements.md`, "Quality"). A ridge `λ/2·‖w − w_trained‖²` keeps the weights
//! from running off where the features cannot tell data from noise.
//!
//! Every sum runs in one fixed order in `f32` and every function is the core's own, so the
//! host, the firmware and the browser refit to the same bits. [`Nce::refit_output`] does not
//! keep the noise draws: each pass draws them again from a copy of the same stream, so memory
//! stays that of one chunk, at the cost of recomputing their features. A host with memory to
//! spare keeps them ([`Nce::refit_output_keeping`]), for the same bits.

// Matrix code: `a[i][j]` with the loop's own `i` and `j` reads as the formula does.
#![allow(clippy::needless_range_loop)]

mod kept;
mod newton;

pub use kept::KeptFeatures;

use crate::error::Error;
use crate::kernels::lanes::BLOCKED;
use crate::kernels::CHUNK;
use crate::math::ln::ln;
use crate::math::rng::Rng;
use crate::nn::chunk_trace::ChunkTrace;
use crate::nn::dense::Dense;
use crate::nn::loss::bce_with_logits;

use super::{input, Nce, NceConfig};
use newton::newton_step;

/// The most noise draws a refit may ask for: a pass over 10 million draws takes about a
/// second on a desktop core, and a refit makes up to a few dozen.
pub const MAX_REFIT_NOISE: usize = 10_000_000;

/// Points per partial sum of the loss and gradient: summing blocks of this many, then the
/// blocks, keeps the rounding error of a sum over millions of points near that of a thousand.
const BLOCK: usize = 1024;

/// Noise draws behind the Hessian: the first this many of a pass, weighted to stand for all
/// of them. The Hessian only sets the step, which the loss over every draw then accepts or
/// halves, and a pass that skips it for the rest costs a forward pass and the gradient, about
/// a third of what the Hessian would add.
const HESSIAN_DRAWS: usize = 16_384;

/// The most Newton steps; from the trained weights the default refit takes 3 to 5.
const MAX_NEWTON_STEPS: usize = 12;

/// The most times a step is halved before the refit stops where it is.
const MAX_HALVINGS: usize = 5;

/// The refit stops when a full Newton step would lower the loss by less than this (half the
/// Newton decrement, in nats summed over all points): well below what moves a sample.
const TOLERANCE: f32 = 1e-2;

/// The NCE loss over the refit's points at one output layer, with its gradient and Hessian
/// with respect to the layer's `H` weights `w` and its bias `b`.
struct Quadratic<const H: usize> {
    loss: f32,
    grad_w: [f32; H],
    grad_b: f32,
    /// `∂²L/∂w_i∂w_j` for `j ≥ i`; the strict lower triangle, never summed into, takes the
    /// Cholesky factor when a step is solved.
    hess_ww: [[f32; H]; H],
    hess_wb: [f32; H],
    hess_bb: f32,
}

impl<const H: usize> Quadratic<H> {
    const ZERO: Self = Quadratic {
        loss: 0.0,
        grad_w: [0.0; H],
        grad_b: 0.0,
        hess_ww: [[0.0; H]; H],
        hess_wb: [0.0; H],
        hess_bb: 0.0,
    };
}

/// The loss and gradient of one block of points, summed from zero in the points' order.
#[derive(Clone, Copy)]
struct Block<const H: usize> {
    loss: f32,
    grad_w: [f32; H],
    grad_b: f32,
}

impl<const H: usize> Block<H> {
    const ZERO: Self = Block {
        loss: 0.0,
        grad_w: [0.0; H],
        grad_b: 0.0,
    };

    /// Adds one point with features `f` and `(loss, ∂loss/∂logit)`.
    #[inline(always)]
    fn add(&mut self, f: &[f32; H], (loss, dz): (f32, f32)) {
        self.loss += loss;
        for (g, &x) in self.grad_w.iter_mut().zip(f) {
            *g += dz * x;
        }
        self.grad_b += dz;
    }
}

impl<const H: usize> Quadratic<H> {
    /// Adds a block's loss and gradient.
    #[inline(always)]
    fn add_block(&mut self, block: &Block<H>) {
        self.loss += block.loss;
        for (g, b) in self.grad_w.iter_mut().zip(&block.grad_w) {
            *g += *b;
        }
        self.grad_b += block.grad_b;
    }
}

/// The running sums of one pass: the Hessian straight into the total (its rounding only
/// slows Newton down), the loss and gradient through blocks of [`BLOCK`] points (their
/// rounding would move the minimum).
struct Sums<'a, const H: usize> {
    total: &'a mut Quadratic<H>,
    block: Block<H>,
    in_block: usize,
    /// How much each point's curvature counts in the Hessian; 0 leaves it out.
    hessian_weight: f32,
}

impl<const H: usize> Sums<'_, H> {
    /// Adds one point with features `f`, logit `s` and label `y`.
    #[inline(always)]
    fn add(&mut self, f: &[f32; H], s: f32, y: f32) {
        self.add_scored(f, bce_with_logits(s, y), y);
    }

    /// [`Sums::add`] given the point's `(loss, ∂loss/∂logit)` from [`bce_with_logits`].
    #[inline(always)]
    fn add_scored(&mut self, f: &[f32; H], (loss, dz): (f32, f32), y: f32) {
        self.block.add(f, (loss, dz));
        if self.hessian_weight > 0.0 {
            // σ(1 − σ) with σ = dz + y.
            let curvature = self.hessian_weight * ((dz + y) * (1.0 - y - dz));
            let t = &mut *self.total;
            for i in 0..H {
                let ci = curvature * f[i];
                for j in i..H {
                    t.hess_ww[i][j] += ci * f[j];
                }
                t.hess_wb[i] += ci;
            }
            t.hess_bb += curvature;
        }
        self.in_block += 1;
        if self.in_block == BLOCK {
            self.flush();
        }
    }

    /// Adds the block's loss and gradient to the total.
    fn flush(&mut self) {
        self.total.add_block(&self.block);
        self.block = Block::ZERO;
        self.in_block = 0;
    }
}

/// What a refit ([`Nce::refit_output`]) did.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct RefitStats {
    /// Passes over the data and noise draws (each one the cost of a forward pass).
    pub passes: u32,
    /// Newton steps taken.
    pub steps: u32,
    /// The NCE loss (summed, with the ridge) at the trained output layer, and at the refitted one.
    pub loss: (f32, f32),
}

/// The output layer's weights and bias, as the refit moves them.
#[derive(Clone, Copy)]
struct OutputLayer<const H: usize> {
    w: [f32; H],
    b: f32,
}

impl<const D: usize, const H: usize> Nce<D, H> {
    /// Sets the refit's noise draws and ridge ([`NceConfig::refit_noise`],
    /// [`NceConfig::refit_ridge`]), checked: for a caller that trains with the refit off and
    /// refits apart, e.g. to measure the two on a device.
    pub fn set_refit(&mut self, draws: usize, ridge: f32) -> Result<(), Error> {
        let config = NceConfig {
            refit_noise: draws,
            refit_ridge: ridge,
            ..self.config
        };
        config.validate()?;
        self.config = config;
        Ok(())
    }

    /// Refits the classifier's output layer (see the module's documentation) by damped
    /// Newton on the NCE loss over `data` and `config.refit_noise` fresh noise draws from
    /// `rng`, with the ridge `config.refit_ridge`. Does nothing when `refit_noise` is 0.
    ///
    /// Fails if the loss at the trained weights is not finite; a step that does not lower the
    /// loss is halved, and the refit stops where it is when halving does not help.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn refit_output(&mut self, data: &[[f32; D]], rng: &mut Rng) -> Result<RefitStats, Error> {
        // Chunks where vector units share the work; one point at a time on a Cortex-M4F, whose
        // stack then holds no chunk of activations (the branch is decided at compile time).
        if BLOCKED {
            let mut chunk = ChunkTrace::ZERO;
            self.refit_with(data, rng, &mut Recompute(Some(&mut chunk)))
        } else {
            self.refit_with(data, rng, &mut Recompute(None))
        }
    }

    /// [`Nce::refit_output`], each pass's points added by `pass`.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    fn refit_with(
        &mut self,
        data: &[[f32; D]],
        rng: &mut Rng,
        pass: &mut impl Pass<D, H>,
    ) -> Result<RefitStats, Error> {
        let draws = self.config.refit_noise;
        let mut stats = RefitStats::default();
        if draws == 0 || data.is_empty() {
            return Ok(stats);
        }
        let ridge = self.config.refit_ridge;
        // With K draws for N points the Bayes logit is ln(N·p/(K·q)); the classifier's is
        // ln(p/(ν·q)).
        let shift = ln(draws as f32 / (data.len() * self.config.noise_ratio) as f32);
        let stream = rng.fork();
        let output = &self.classifier.model.output;
        let trained = OutputLayer {
            w: core::array::from_fn(|j| output.w[j][0]),
            b: output.b[0],
        };
        let mut q = Quadratic::ZERO;
        let mut here = trained;
        self.refit_pass(data, &stream, pass, &here, &trained, shift, &mut q);
        stats.passes = 1;
        stats.loss = (q.loss, q.loss);
        if !q.loss.is_finite() {
            return Err(Error::Diverged {
                stage: "output-layer refit",
            });
        }
        for _ in 0..MAX_NEWTON_STEPS {
            let Some((step, decrement)) = newton_step(&mut q, ridge) else {
                break;
            };
            if decrement <= 2.0 * TOLERANCE {
                break;
            }
            let before = q.loss;
            let mut scale = 1.0f32;
            let mut moved = false;
            for _ in 0..=MAX_HALVINGS {
                let trial = OutputLayer {
                    w: core::array::from_fn(|j| here.w[j] + scale * step.w[j]),
                    b: here.b + scale * step.b,
                };
                self.refit_pass(data, &stream, pass, &trial, &trained, shift, &mut q);
                stats.passes += 1;
                if q.loss < before {
                    here = trial;
                    stats.steps += 1;
                    stats.loss.1 = q.loss;
                    moved = true;
                    break;
                }
                scale *= 0.5;
            }
            if !moved {
                break;
            }
        }
        let output = &mut self.classifier.model.output;
        for (row, &w) in output.w.iter_mut().zip(&here.w) {
            row[0] = w;
        }
        output.b[0] = here.b;
        Ok(stats)
    }

    /// The loss, gradient and Hessian at `layer` over `data` (label 1) and the refit's noise
    /// draws from a copy of `stream` (label 0), into `q`. The ridge is in the loss and
    /// gradient, not the Hessian.
    #[allow(clippy::too_many_arguments)]
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    fn refit_pass(
        &self,
        data: &[[f32; D]],
        stream: &Rng,
        pass: &mut impl Pass<D, H>,
        layer: &OutputLayer<H>,
        trained: &OutputLayer<H>,
        shift: f32,
        q: &mut Quadratic<H>,
    ) {
        *q = Quadratic::ZERO;
        let logits = Dense::<H, 1> {
            w: core::array::from_fn(|j| [layer.w[j]]),
            b: [layer.b - shift],
        };
        let mut sums = Sums {
            total: q,
            block: Block::ZERO,
            in_block: 0,
            hessian_weight: 1.0,
        };
        pass.add_points(self, data, stream, &logits, &mut sums);
        if sums.in_block > 0 {
            sums.flush();
        }
        let mut penalty = 0.0f32;
        for j in 0..H {
            let d = layer.w[j] - trained.w[j];
            penalty += d * d;
            q.grad_w[j] += self.config.refit_ridge * d;
        }
        q.loss += 0.5 * self.config.refit_ridge * penalty;
    }
}

/// How a refit pass finds its points' features: computed on every pass ([`Recompute`]) or
/// kept from the first ([`kept::Kept`]). Both give the same bits.
trait Pass<const D: usize, const H: usize> {
    /// Adds to `sums` the points of `data` (label 1), then `nce.config.refit_noise` noise
    /// draws from a copy of `stream` (label 0), each point's logit from `logits`.
    fn add_points(
        &mut self,
        nce: &Nce<D, H>,
        data: &[[f32; D]],
        stream: &Rng,
        logits: &Dense<H, 1>,
        sums: &mut Sums<'_, H>,
    );
}

/// The points of a pass whose noise draws come again from the stream, their features computed
/// again: through a chunk's trace if given, else one point at a time.
struct Recompute<'t, const D: usize, const H: usize>(Option<&'t mut ChunkTrace<D, H, H, 1>>);

impl<const D: usize, const H: usize> Pass<D, H> for Recompute<'_, D, H> {
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    fn add_points(
        &mut self,
        nce: &Nce<D, H>,
        data: &[[f32; D]],
        stream: &Rng,
        logits: &Dense<H, 1>,
        sums: &mut Sums<'_, H>,
    ) {
        for points in data.chunks(CHUNK) {
            self.add_chunk(nce, points, 1.0, logits, sums);
        }
        let mut rng = stream.clone();
        let mut drawn = [[0.0f32; D]; CHUNK];
        let draws = nce.config.refit_noise;
        let mut done = 0;
        while done < draws {
            let (n, weight) = noise_chunk(done, draws);
            sums.hessian_weight = weight;
            nce.noise.sample_into(&mut rng, &mut drawn[..n]);
            self.add_chunk(nce, &drawn[..n], 0.0, logits, sums);
            done += n;
        }
    }
}

/// The chunk of a pass's `draws` noise draws that starts at draw `done`: how many draws (at
/// most [`CHUNK`]), and how much their curvature counts in the Hessian. The first
/// [`HESSIAN_DRAWS`] stand for all the draws and the rest are left out; no chunk straddles the
/// two, so each has one weight.
#[inline(always)]
fn noise_chunk(done: usize, draws: usize) -> (usize, f32) {
    let in_hessian = draws.min(HESSIAN_DRAWS);
    let (end, weight) = match done < in_hessian {
        true => (in_hessian, draws as f32 / in_hessian as f32),
        false => (draws, 0.0),
    };
    ((end - done).min(CHUNK), weight)
}

/// Adds `n` points with features `features` (rows `0..n`), all labelled `label`, by `add`
/// (given each point's features and `(loss, ∂loss/∂logit)`), with the logits of `logits`,
/// through `z`.
#[inline(always)]
fn add_features<const H: usize>(
    features: &[[f32; H]; CHUNK],
    n: usize,
    label: f32,
    logits: &Dense<H, 1>,
    z: &mut [[f32; 1]; CHUNK],
    mut add: impl FnMut(&[f32; H], (f32, f32)),
) {
    logits.forward_chunk(features, z, n);
    // The losses first, in a loop of their own that vector units share; then the sums, in
    // the points' order.
    let mut scored = [(0.0f32, 0.0f32); CHUNK];
    for (score, z) in scored[..n].iter_mut().zip(&*z) {
        *score = bce_with_logits(z[0], label);
    }
    for (f, &score) in features[..n].iter().zip(&scored) {
        add(f, score);
    }
}

impl<const D: usize, const H: usize> Recompute<'_, D, H> {
    /// Adds `points` (at most [`CHUNK`]), all labelled `label`, to `sums`, with the logits of
    /// the output layer `logits`: a chunk at a time through the trace if there is one, else one
    /// point at a time (the same bits; see [`crate::nn::Mlp2::forward_chunk`]).
    #[inline(always)]
    fn add_chunk(
        &mut self,
        nce: &Nce<D, H>,
        points: &[[f32; D]],
        label: f32,
        logits: &Dense<H, 1>,
        sums: &mut Sums<'_, H>,
    ) {
        let model = &nce.classifier.model;
        match &mut self.0 {
            Some(t) => {
                let n = points.len();
                for (x, p) in t.x.iter_mut().zip(points) {
                    *x = input(&nce.noise, p);
                }
                model.hidden_chunk(t, n);
                add_features(
                    &t.a2,
                    n,
                    label,
                    logits,
                    &mut t.work.2,
                    #[inline(always)]
                    |f, score| sums.add_scored(f, score, label),
                );
            }
            None => {
                let [f1, f2, _] = model.activations;
                for p in points {
                    let a1 = f1.apply_all(&model.hidden1.forward(&input(&nce.noise, p)));
                    let a2 = f2.apply_all(&model.hidden2.forward(&a1));
                    sums.add(&a2, logits.forward(&a2)[0], label);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::jobs::{train_nce, Streams};
    use crate::models::test_moons::moons_on_streams;
    use crate::nn::fork::{Fork, InTurn};
    extern crate std;

    /// 150 moons points and a classifier of width `H` trained on them for two epochs, not
    /// refitted, from `seed`; with the streams where training left them.
    fn trained_classifier<const H: usize>(seed: u64) -> (Nce<2, H>, [[f32; 2]; 150], Streams) {
        let (data, mut streams) = moons_on_streams::<150>(seed);
        let config = NceConfig {
            epochs: 2,
            refit_noise: 0,
            ..NceConfig::DEFAULT
        };
        let mut order = [0u32; 150];
        let mut nce = Nce::ZERO;
        train_nce(&mut nce, config, &data, &mut order, &mut streams, |_, _| {}).unwrap();
        (nce, data, streams)
    }

    /// The chunked path of vector units and the one-point-at-a-time path of a Cortex-M4F
    /// refit to the same bits (the host's other tests run the first only).
    #[test]
    fn both_paths_refit_to_the_same_bits() {
        let (mut trained, data, streams) = trained_classifier::<8>(5);
        // 17,000 draws: past the Hessian's 16,384, and not a whole number of chunks.
        trained.set_refit(17_000, 1.0).unwrap();
        let [chunked, one_by_one] = [true, false].map(|chunked| {
            let mut nce = trained.clone();
            let mut chunk = ChunkTrace::ZERO;
            let mut pass = Recompute(chunked.then_some(&mut chunk));
            let stats = nce
                .refit_with(&data, &mut streams.train.clone(), &mut pass)
                .unwrap();
            (stats, nce.classifier.model.output)
        });
        assert!(chunked.0.steps >= 1, "{:?}", chunked.0);
        assert_eq!(chunked, one_by_one);
    }

    /// Runs `b`, then `a`: the other order of [`InTurn`].
    struct Backwards;

    impl Fork for Backwards {
        fn join(&self, a: impl FnOnce() + Send, b: impl FnOnce() + Send) {
            b();
            a();
        }
    }

    /// A refit that keeps its features has the bits of one that computes them again, whichever
    /// side of the fork runs first, and leaves the stream where it leaves it; with too little
    /// room it refits without keeping them.
    #[test]
    fn keeping_the_features_refits_to_the_same_bits() {
        let (trained, data, streams) = trained_classifier::<16>(8);
        let refit = |draws: usize, rows: usize, backwards: bool| {
            let mut nce = trained.clone();
            nce.set_refit(draws, 1.0).unwrap();
            let mut rng = streams.train.clone();
            let mut kept_any = false;
            let stats = match rows {
                0 => nce.refit_output(&data, &mut rng),
                _ => {
                    let mut points = std::vec![[0.0f32; 2]; rows];
                    let mut features = std::vec![[0.0f32; 16]; rows];
                    let mut kept = KeptFeatures {
                        points: &mut points,
                        features: &mut features,
                    };
                    let stats = match backwards {
                        true => nce.refit_output_keeping(&data, &mut rng, &mut kept, &Backwards),
                        false => nce.refit_output_keeping(&data, &mut rng, &mut kept, &InTurn),
                    };
                    kept_any = features.iter().any(|f| f.iter().any(|&a| a != 0.0));
                    stats
                }
            };
            let refitted = (stats.unwrap(), nce.classifier.model.output, rng.next_u32());
            (refitted, kept_any)
        };
        // Draws past the Hessian's 16,384 and not a whole number of chunks; fewer; and enough
        // for the other side of the fork to sum rows, in three rounds, the last cut short.
        for draws in [17_000, 300, 150_000] {
            let (recomputed, _) = refit(draws, 0, false);
            assert!(recomputed.0.steps >= 1, "{:?}", recomputed.0);
            let needed = KeptFeatures::<2, 16>::rows(150, draws);
            for (rows, backwards) in [(needed, false), (needed, true), (needed + 9, false)] {
                let (refitted, kept) = refit(draws, rows, backwards);
                assert_eq!(refitted, recomputed, "{draws} draws, {rows} rows");
                assert!(kept, "{draws} draws, {rows} rows: nothing kept");
            }
            assert_eq!(refit(draws, needed - 1, false), (recomputed, false));
        }
    }
}
