//! Backprop over several examples at once, with the bits of one example at a time.

use crate::kernels::lanes::BLOCKED;
use crate::kernels::CHUNK;
use crate::nn::chunk_trace::ChunkTrace;
use crate::nn::dense::Dense;
use crate::nn::loss::bce_with_logits;
use crate::nn::mlp2::{times, Mlp2};

/// The weights backprop reads, stored output-major (see [`Dense::input_gradient_chunk`]), so
/// that every input gradient runs over independent inputs the way the forward pass runs over
/// independent outputs. Built once per optimizer step and used for every example until the
/// next one.
#[derive(Clone, Debug)]
pub struct BackwardWeights<const I: usize, const H1: usize, const H2: usize, const O: usize> {
    hidden1: [[f32; I]; H1],
    hidden2: [[f32; H1]; H2],
    output: [[f32; H2]; O],
}

impl<const I: usize, const H1: usize, const H2: usize, const O: usize>
    BackwardWeights<I, H1, H2, O>
{
    /// The backward weights of `model` as it is now.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn of(model: &Mlp2<I, H1, H2, O>) -> Self {
        BackwardWeights {
            hidden1: model.hidden1.transposed(),
            hidden2: model.hidden2.transposed(),
            output: model.output.transposed(),
        }
    }

    /// Adds the parameter gradients of the first `n ≤ CHUNK` examples of `t` (after
    /// [`Mlp2::forward_chunk`]) to `grads`, given their `dys = ∂L/∂y`, with exactly the bits
    /// of calling [`Mlp2::backward`] on each in turn (on the model these weights came from).
    ///
    /// Each example's deltas depend only on the model, so they are computed first; then every
    /// gradient element takes its examples' terms in order while it stays in a register,
    /// instead of being loaded and stored once per example.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn backward_chunk(
        &self,
        t: &mut ChunkTrace<I, H1, H2, O>,
        dys: &[[f32; O]; CHUNK],
        n: usize,
        grads: &mut Mlp2<I, H1, H2, O>,
    ) {
        let n = n.min(CHUNK);
        if n == 0 {
            return;
        }
        self.deltas(t, dys, n);
        let (d1, d2, d3) = &t.work;
        grads.output.accumulate_many(&t.a2[..n], &d3[..n]);
        grads.hidden2.accumulate_many(&t.a1[..n], &d2[..n]);
        grads.hidden1.accumulate_many(&t.x[..n], &d1[..n]);
    }

    /// `∂L/∂x` of the first `n ≤ CHUNK` examples of `t` (after [`Mlp2::forward_chunk`]), bit
    /// for bit [`Mlp2::input_gradient`] of each (the rows from `n` on are 0). A GAN's
    /// generator update needs exactly this from the discriminator.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn input_gradient_chunk(
        &self,
        t: &mut ChunkTrace<I, H1, H2, O>,
        dys: &[[f32; O]; CHUNK],
        n: usize,
    ) -> [[f32; I]; CHUNK] {
        let n = n.min(CHUNK);
        self.deltas(t, dys, n);
        let mut dx = [[0.0; I]; CHUNK];
        Dense::input_gradient_chunk(&self.hidden1, &t.work.0, &mut dx, n);
        for dx in &mut dx[n..] {
            *dx = [0.0; I];
        }
        dx
    }

    /// The pre-activation gradients `(δ₁, δ₂, δ₃)` of the first `n` rows of `t`, into `t.work`
    /// (a few rows past them may get values nobody reads).
    #[inline(always)]
    pub(crate) fn deltas(
        &self,
        t: &mut ChunkTrace<I, H1, H2, O>,
        dys: &[[f32; O]; CHUNK],
        n: usize,
    ) {
        let (d1, d2, d3) = &mut t.work;
        let (s1, s2, s3) = &t.slopes;
        for ((d3, dy), s3) in d3.iter_mut().zip(dys).zip(s3) {
            *d3 = times(dy, s3);
        }
        Dense::deltas_below_chunk(&self.output, d3, s2, d2, n);
        Dense::deltas_below_chunk(&self.hidden2, d2, s1, d1, n);
    }
}

/// Trains on examples [`CHUNK`] at a time, leaving in the gradient bit for bit the sum of one
/// [`Mlp2::forward_trace`] and [`Mlp2::backward`] per example.
///
/// [`ChunkedBackward::train`] takes a chunk of inputs, runs their forward passes together
/// ([`Mlp2::forward_chunk`]), asks the caller's loss for each example's `∂L/∂y` and `L`, in
/// order, backpropagates them together ([`BackwardWeights::backward_chunk`]) and shows the
/// caller each example's loss, in order.
///
/// It holds the [`BackwardWeights`] of the model it was made for: make a new one after every
/// optimizer step.
#[derive(Clone, Debug)]
pub struct ChunkedBackward<const I: usize, const H1: usize, const H2: usize, const O: usize> {
    weights: BackwardWeights<I, H1, H2, O>,
    chunk: ChunkTrace<I, H1, H2, O>,
    labels: [f32; CHUNK],
    dys: [[f32; O]; CHUNK],
}

impl<const I: usize, const H1: usize, const H2: usize, const O: usize>
    ChunkedBackward<I, H1, H2, O>
{
    /// Ready to train `model` as it is now.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn new(model: &Mlp2<I, H1, H2, O>) -> Self {
        ChunkedBackward {
            weights: BackwardWeights::of(model),
            chunk: ChunkTrace::ZERO,
            labels: [0.0; CHUNK],
            dys: [[0.0; O]; CHUNK],
        }
    }

    /// Adds the gradients of `count` examples to `grads`. Example `i` is `input(i) = (x,
    /// label)`; `loss(y, label)` returns its `(∂L/∂y, L)`; `seen(y, label, L)` is then shown
    /// it, for the caller's statistics. `input` and `seen` are called in order of `i`, a
    /// chunk at a time: the chunk's inputs, then its losses, its `seen`, its backward pass.
    ///
    /// `loss` is a pure function of one example. With vector units it is called in a loop of
    /// its own, apart from the statistics that sum its results in order, so that the loop
    /// vectorises (the logistic loss four times as fast, with the same bits).
    ///
    /// The chunk pipeline appears once in the machine code. Callers pass their closures as
    /// `#[inline(always)] |…| …`, and `loss` is `Copy` so that it is handed on by value: in a
    /// training loop inlined whole into one function (the host's AVX2 copy), LLVM otherwise
    /// left a closure out of line (or the shim that calls one through a reference), compiled
    /// without AVX2.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn train(
        &mut self,
        model: &Mlp2<I, H1, H2, O>,
        grads: &mut Mlp2<I, H1, H2, O>,
        count: usize,
        mut input: impl FnMut(usize) -> ([f32; I], f32),
        loss: impl Fn(&[f32; O], f32) -> ([f32; O], f32) + Copy,
        mut seen: impl FnMut(&[f32; O], f32, f32),
    ) {
        let mut done = 0;
        while done < count {
            let n = (count - done).min(CHUNK);
            let t = &mut self.chunk;
            for (k, (x, label)) in t.x[..n].iter_mut().zip(&mut self.labels).enumerate() {
                (*x, *label) = input(done + k);
            }
            model.forward_chunk(t, n);
            // Without vector units the split gains nothing, and one loop with no array of
            // losses saves 96 B of a Cortex-M4F's flash, where the NCE firmware is nearly
            // full (see the footprint table `firmware/check.sh` prints).
            if BLOCKED {
                let mut losses = [0.0; CHUNK];
                losses_of_chunk(
                    &t.y[..n],
                    &self.labels[..n],
                    &mut self.dys[..n],
                    &mut losses[..n],
                    loss,
                );
                for ((y, &label), &l) in t.y[..n].iter().zip(&self.labels).zip(&losses) {
                    seen(y, label, l);
                }
            } else {
                for ((dy, y), &label) in self.dys.iter_mut().zip(&t.y[..n]).zip(&self.labels) {
                    let (gradient, l) = loss(y, label);
                    *dy = gradient;
                    seen(y, label, l);
                }
            }
            self.weights.backward_chunk(t, &self.dys, n, grads);
            done += n;
        }
    }
}

/// `(dys[k], losses[k]) = loss(&ys[k], labels[k])` for each `k`, over slices of one length,
/// so that the loop carries no bounds checks and a chunk of 16 is two vectors of 8 (indexed
/// by `k`, LLVM left the second 8 to its scalar tail).
#[inline(always)]
pub(crate) fn losses_of_chunk<const O: usize>(
    ys: &[[f32; O]],
    labels: &[f32],
    dys: &mut [[f32; O]],
    losses: &mut [f32],
    loss: impl Fn(&[f32; O], f32) -> ([f32; O], f32),
) {
    for (((dy, l), y), &label) in dys.iter_mut().zip(losses).zip(ys).zip(labels) {
        (*dy, *l) = loss(y, label);
    }
}

/// The logistic loss of a one-output classifier's logit `y[0]` against `label`, as
/// [`ChunkedBackward::train`] asks for it: `(∂L/∂y, L)`.
#[inline(always)]
pub(crate) fn bce_of_logit(y: &[f32; 1], label: f32) -> ([f32; 1], f32) {
    let (l, dz) = bce_with_logits(y[0], label);
    ([dz], l)
}

/// [`ChunkedBackward::train`] for a one-output classifier trained by binary cross-entropy on
/// its logit: NCE's classifier and the GAN's discriminator take the same update, so it lives
/// here once (its two-worker twin is
/// [`train_split_bce`](crate::nn::split_backward::train_split_bce)). `seen(logit, label, L)`
/// is called for each example in order of `i`.
#[inline(always)]
// The closure around `bce_of_logit` is on purpose (see `ChunkedBackward::train`).
#[allow(clippy::redundant_closure)]
pub fn train_bce<const I: usize, const H1: usize, const H2: usize>(
    model: &Mlp2<I, H1, H2, 1>,
    grads: &mut Mlp2<I, H1, H2, 1>,
    count: usize,
    input: impl FnMut(usize) -> ([f32; I], f32),
    seen: impl FnMut(&[f32; 1], f32, f32),
) {
    ChunkedBackward::new(model).train(
        model,
        grads,
        count,
        input,
        #[inline(always)]
        |y, label| bce_of_logit(y, label),
        seen,
    );
}
