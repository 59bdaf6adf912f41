//! Refitting the classifier's output layer after training, on many fresh noise draws.
//!
//! Training sees `ν` noise draws per data point per epoch, each through a small step of Adam,
//! so the trained ratio carries the Monte Carlo error of those few negatives: on two moons it
//! is what leaves one moon with a few percent more mass than the other. With the hidden layers
//! frozen, the NCE loss is a logistic regression in the output layer's weights and bias,
//! convex and cheap to minimise by Newton's method over the training points and `K` fresh
//! noise draws. Over 100 unseen moons seeds the largest imbalance fell about as `1/√K`
//! (README.md, "Quality"). A ridge `λ/2·‖w − w_trained‖²` keeps the weights from running
//! off where the features cannot tell data from noise.
//!
//! Every sum runs in one fixed order in `f32` and every function is the core's own, so the
//! host, the firmware and the browser refit to the same bits. The noise draws are not kept:
//! each pass draws them again from a copy of the same stream, so memory stays that of one
//! chunk, at the cost of recomputing their features.

// Matrix code: `a[i][j]` with the loop's own `i` and `j` reads as the formula does.
#![allow(clippy::needless_range_loop)]

use crate::error::Error;
use crate::kernels::lanes::BLOCKED;
use crate::kernels::CHUNK;
use crate::math::ln::ln;
use crate::math::rng::Rng;
use crate::math::sqrt::sqrt;
use crate::nn::chunk_trace::ChunkTrace;
use crate::nn::dense::Dense;
use crate::nn::loss::bce_with_logits;

use super::{input, Nce, NceConfig};

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

/// Added to the diagonal, relative to its mean, so that the factorisation survives features
/// that are nearly collinear; raised tenfold while it fails.
const DAMPING: f32 = 1e-6;

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

/// The running sums of one pass: the Hessian straight into the total (its rounding only
/// slows Newton down), the loss and gradient through a block (their rounding would move the
/// minimum).
struct Sums<'a, const H: usize> {
    total: &'a mut Quadratic<H>,
    loss: f32,
    grad_w: [f32; H],
    grad_b: f32,
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
        self.loss += loss;
        for (g, &x) in self.grad_w.iter_mut().zip(f) {
            *g += dz * x;
        }
        self.grad_b += dz;
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
        let t = &mut *self.total;
        t.loss += self.loss;
        for (g, b) in t.grad_w.iter_mut().zip(&mut self.grad_w) {
            *g += *b;
            *b = 0.0;
        }
        t.grad_b += self.grad_b;
        self.loss = 0.0;
        self.grad_b = 0.0;
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
            self.refit_with(data, rng, Some(&mut chunk))
        } else {
            self.refit_with(data, rng, None)
        }
    }

    /// [`Nce::refit_output`], through `trace` if given.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    fn refit_with(
        &mut self,
        data: &[[f32; D]],
        rng: &mut Rng,
        mut trace: Option<&mut ChunkTrace<D, H, H, 1>>,
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
        self.refit_pass(data, &stream, &mut trace, &here, &trained, shift, &mut q);
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
                self.refit_pass(data, &stream, &mut trace, &trial, &trained, shift, &mut q);
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
        trace: &mut Option<&mut ChunkTrace<D, H, H, 1>>,
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
            loss: 0.0,
            grad_w: [0.0; H],
            grad_b: 0.0,
            in_block: 0,
            hessian_weight: 1.0,
        };
        for points in data.chunks(CHUNK) {
            self.refit_points(trace, points, 1.0, &logits, &mut sums);
        }
        let mut rng = stream.clone();
        let mut drawn = [[0.0f32; D]; CHUNK];
        let draws = self.config.refit_noise;
        let in_hessian = draws.min(HESSIAN_DRAWS);
        let mut done = 0;
        while done < draws {
            // No chunk straddles the last of the Hessian's draws, so each has one weight.
            let end = if done < in_hessian { in_hessian } else { draws };
            let n = (end - done).min(CHUNK);
            sums.hessian_weight = if done < in_hessian {
                draws as f32 / in_hessian as f32
            } else {
                0.0
            };
            self.noise.sample_into(&mut rng, &mut drawn[..n]);
            self.refit_points(trace, &drawn[..n], 0.0, &logits, &mut sums);
            done += n;
        }
        sums.flush();
        let mut penalty = 0.0f32;
        for j in 0..H {
            let d = layer.w[j] - trained.w[j];
            penalty += d * d;
            q.grad_w[j] += self.config.refit_ridge * d;
        }
        q.loss += 0.5 * self.config.refit_ridge * penalty;
    }

    /// Adds `points` (at most [`CHUNK`]), all labelled `label`, to `sums`, with the logits of
    /// the output layer `logits`: a chunk at a time through `trace` if given, else one point
    /// at a time (the same bits; see [`crate::nn::Mlp2::forward_chunk`]).
    #[inline(always)]
    fn refit_points(
        &self,
        trace: &mut Option<&mut ChunkTrace<D, H, H, 1>>,
        points: &[[f32; D]],
        label: f32,
        logits: &Dense<H, 1>,
        sums: &mut Sums<'_, H>,
    ) {
        let model = &self.classifier.model;
        match trace {
            Some(t) => {
                let n = points.len();
                for (x, p) in t.x.iter_mut().zip(points) {
                    *x = input(&self.noise, p);
                }
                model.hidden_chunk(t, n);
                logits.forward_chunk(&t.a2, &mut t.work.2, n);
                // The losses first, in a loop of their own that vector units share; then the
                // sums, in the points' order.
                let mut scored = [(0.0f32, 0.0f32); CHUNK];
                for (score, z) in scored[..n].iter_mut().zip(&t.work.2) {
                    *score = bce_with_logits(z[0], label);
                }
                for (f, &score) in t.a2[..n].iter().zip(&scored) {
                    sums.add_scored(f, score, label);
                }
            }
            None => {
                let [f1, f2, _] = model.activations;
                for p in points {
                    let a1 = f1.apply_all(&model.hidden1.forward(&input(&self.noise, p)));
                    let a2 = f2.apply_all(&model.hidden2.forward(&a1));
                    sums.add(&a2, logits.forward(&a2)[0], label);
                }
            }
        }
    }
}

/// The Newton step `−(∇²L + λI_w)⁻¹ ∇L` at `q` and its decrement `−∇L·step`, or `None` if
/// the damped Hessian cannot be factored. The bias is eliminated first (its diagonal entry,
/// the summed curvature, is positive), leaving an `H × H` Cholesky factorisation, written into
/// the lower triangle of `q.hess_ww` that the sums leave unused (no second matrix on a
/// device's stack).
fn newton_step<const H: usize>(q: &mut Quadratic<H>, ridge: f32) -> Option<(OutputLayer<H>, f32)> {
    let bb = q.hess_bb;
    if bb.is_nan() || bb <= 0.0 {
        return None;
    }
    let mut mean_diagonal = 0.0f32;
    for i in 0..H {
        mean_diagonal += q.hess_ww[i][i] + ridge;
    }
    mean_diagonal /= H as f32;
    let mut damping = DAMPING * mean_diagonal;
    let mut diagonal = [0.0f32; H];
    for _ in 0..6 {
        if cholesky(q, ridge + damping, &mut diagonal) {
            let r: [f32; H] = core::array::from_fn(|i| q.grad_w[i] - q.hess_wb[i] * q.grad_b / bb);
            let step_w = solve(&q.hess_ww, &diagonal, r);
            let mut wb = 0.0f32;
            for i in 0..H {
                wb += q.hess_wb[i] * step_w[i];
            }
            let step_b = -(q.grad_b + wb) / bb;
            let mut decrement = -q.grad_b * step_b;
            for i in 0..H {
                decrement -= q.grad_w[i] * step_w[i];
            }
            return Some((
                OutputLayer {
                    w: step_w,
                    b: step_b,
                },
                decrement,
            ));
        }
        damping *= 10.0;
    }
    None
}

/// `S(i, j)` for `i ≤ j`: the Hessian of the weights with the bias eliminated,
/// `A_ww − a_wb·a_wbᵀ / a_bb`, read from the upper triangle, plus `shift` on the diagonal.
#[inline(always)]
fn schur<const H: usize>(q: &Quadratic<H>, i: usize, j: usize, shift: f32) -> f32 {
    let v = q.hess_ww[i][j] - q.hess_wb[i] * q.hess_wb[j] / q.hess_bb;
    if i == j {
        v + shift
    } else {
        v
    }
}

/// Factors `S + shift·I = L·Lᵀ` ([`schur`]): `L`'s strict lower triangle into that of
/// `q.hess_ww`, its diagonal into `diagonal`; false if a pivot is not positive.
fn cholesky<const H: usize>(q: &mut Quadratic<H>, shift: f32, diagonal: &mut [f32; H]) -> bool {
    for j in 0..H {
        let mut pivot = schur(q, j, j, shift);
        for k in 0..j {
            pivot -= q.hess_ww[j][k] * q.hess_ww[j][k];
        }
        if pivot.is_nan() || pivot <= 0.0 {
            return false;
        }
        let d = sqrt(pivot);
        diagonal[j] = d;
        for i in j + 1..H {
            let mut v = schur(q, j, i, shift);
            for k in 0..j {
                v -= q.hess_ww[i][k] * q.hess_ww[j][k];
            }
            q.hess_ww[i][j] = v / d;
        }
    }
    true
}

/// `−(L·Lᵀ)⁻¹ r` for `L` with strict lower triangle in `l` and diagonal `diagonal`.
fn solve<const H: usize>(l: &[[f32; H]; H], diagonal: &[f32; H], r: [f32; H]) -> [f32; H] {
    let mut y = r;
    for i in 0..H {
        for k in 0..i {
            y[i] -= l[i][k] * y[k];
        }
        y[i] /= diagonal[i];
    }
    for i in (0..H).rev() {
        for k in i + 1..H {
            y[i] -= l[k][i] * y[k];
        }
        y[i] /= diagonal[i];
    }
    y.map(|v| -v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::data_set::DataSet;
    use crate::models::jobs::{train_nce, Streams};

    /// The chunked path of vector units and the one-point-at-a-time path of a Cortex-M4F
    /// refit to the same bits (the host's other tests run the first only).
    #[test]
    fn both_paths_refit_to_the_same_bits() {
        let mut streams = Streams::new(5);
        let mut data = [[0.0f32; 2]; 150];
        DataSet::Moons
            .sample_into(&mut data, &mut streams.data)
            .unwrap();
        let config = NceConfig {
            epochs: 2,
            refit_noise: 0,
            ..NceConfig::DEFAULT
        };
        let mut order = [0u32; 150];
        let mut trained: Nce<2, 8> = Nce::ZERO;
        train_nce(
            &mut trained,
            config,
            &data,
            &mut order,
            &mut streams,
            |_, _| {},
        )
        .unwrap();
        // 17,000 draws: past the Hessian's 16,384, and not a whole number of chunks.
        trained.set_refit(17_000, 1.0).unwrap();
        let [chunked, one_by_one] = [true, false].map(|chunked| {
            let mut nce = trained.clone();
            let mut chunk = ChunkTrace::ZERO;
            let trace = chunked.then_some(&mut chunk);
            let stats = nce
                .refit_with(&data, &mut streams.train.clone(), trace)
                .unwrap();
            (stats, nce.classifier.model.output)
        });
        assert!(chunked.0.steps >= 1, "{:?}", chunked.0);
        assert_eq!(chunked, one_by_one);
    }
}
