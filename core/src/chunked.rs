//! Backprop over several examples at once, with the bits of one example at a time.

use crate::mlp2::times;
use crate::{Dense, Mlp2, Mlp2Trace};

/// How many examples [`ChunkedBackward`] backpropagates at once.
pub const CHUNK: usize = 8;

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

    /// Adds the parameter gradients of up to [`CHUNK`] examples to `grads`, with exactly the
    /// bits of calling [`Mlp2::backward`] on each in turn (on the model these weights came
    /// from).
    ///
    /// Each example's deltas depend only on the model, so they are computed first; then every
    /// gradient element takes its examples' terms in order while it stays in a register,
    /// instead of being loaded and stored once per example.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn backward_chunk(
        &self,
        traces: &[Mlp2Trace<I, H1, H2, O>],
        dys: &[[f32; O]],
        grads: &mut Mlp2<I, H1, H2, O>,
    ) {
        let n = traces.len().min(dys.len()).min(CHUNK);
        if n == 0 {
            return;
        }
        let (d1, d2, d3) = self.deltas(traces, dys);
        let x: [&[f32; I]; CHUNK] = core::array::from_fn(|k| &traces[k.min(n - 1)].x);
        let a1: [&[f32; H1]; CHUNK] = core::array::from_fn(|k| &traces[k.min(n - 1)].a1);
        let a2: [&[f32; H2]; CHUNK] = core::array::from_fn(|k| &traces[k.min(n - 1)].a2);
        grads.output.accumulate_many(&a2[..n], &d3[..n]);
        grads.hidden2.accumulate_many(&a1[..n], &d2[..n]);
        grads.hidden1.accumulate_many(&x[..n], &d1[..n]);
    }

    /// `∂L/∂x` of up to [`CHUNK`] examples, bit for bit [`Mlp2::input_gradient`] of each (the
    /// entries past the examples given are 0). A GAN's generator update needs exactly this
    /// from the discriminator.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn input_gradient_chunk(
        &self,
        traces: &[Mlp2Trace<I, H1, H2, O>],
        dys: &[[f32; O]],
    ) -> [[f32; I]; CHUNK] {
        let n = traces.len().min(dys.len()).min(CHUNK);
        let (d1, _, _) = self.deltas(traces, dys);
        let mut dx = [[0.0; I]; CHUNK];
        Dense::input_gradient_chunk(&self.hidden1, &d1.each_ref(), &mut dx);
        for dx in &mut dx[n..] {
            *dx = [0.0; I];
        }
        dx
    }

    /// The pre-activation gradients `(δ₁, δ₂, δ₃)` of up to [`CHUNK`] examples (0 past them).
    #[inline(always)]
    #[allow(clippy::type_complexity)]
    fn deltas(
        &self,
        traces: &[Mlp2Trace<I, H1, H2, O>],
        dys: &[[f32; O]],
    ) -> ([[f32; H1]; CHUNK], [[f32; H2]; CHUNK], [[f32; O]; CHUNK]) {
        let n = traces.len().min(dys.len()).min(CHUNK);
        let (traces, dys) = (&traces[..n], &dys[..n]);
        let mut d3 = [[0.0; O]; CHUNK];
        for ((d3, t), dy) in d3.iter_mut().zip(traces).zip(dys) {
            *d3 = times(dy, &t.slopes.2);
        }
        // Each upstream gradient becomes the layer's δ in place (no copies of the chunk).
        let mut d2 = [[0.0; H2]; CHUNK];
        Dense::input_gradient_chunk(&self.output, &d3.each_ref(), &mut d2);
        to_deltas(
            &mut d2,
            traces,
            #[inline(always)]
            |t| &t.slopes.1,
        );
        let mut d1 = [[0.0; H1]; CHUNK];
        Dense::input_gradient_chunk(&self.hidden2, &d2.each_ref(), &mut d1);
        to_deltas(
            &mut d1,
            traces,
            #[inline(always)]
            |t| &t.slopes.0,
        );
        (d1, d2, d3)
    }
}

/// `upstream[k] ⊙ slope(traces[k])` in place for the examples given, 0 past them.
#[inline(always)]
fn to_deltas<T, const N: usize>(
    upstream: &mut [[f32; N]; CHUNK],
    traces: &[T],
    slope: impl Fn(&T) -> &[f32; N],
) {
    for (k, u) in upstream.iter_mut().enumerate() {
        match traces.get(k) {
            Some(t) => *u = times(u, slope(t)),
            None => *u = [0.0; N],
        }
    }
}

/// Trains on examples [`CHUNK`] at a time, leaving in the gradient bit for bit the sum of one
/// [`Mlp2::forward_trace`] and [`Mlp2::backward`] per example.
///
/// [`ChunkedBackward::train`] takes a chunk of inputs, runs their forward passes together
/// ([`Mlp2::forward_chunk`]), asks the caller's loss for each example's `∂L/∂y`, in order, and
/// backpropagates them together ([`BackwardWeights::backward_chunk`]).
///
/// It holds the [`BackwardWeights`] of the model it was made for: make a new one after every
/// optimizer step.
#[derive(Clone, Debug)]
pub struct ChunkedBackward<const I: usize, const H1: usize, const H2: usize, const O: usize> {
    weights: BackwardWeights<I, H1, H2, O>,
    traces: [Mlp2Trace<I, H1, H2, O>; CHUNK],
    labels: [f32; CHUNK],
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
            traces: [Mlp2Trace::ZERO; CHUNK],
            labels: [0.0; CHUNK],
        }
    }

    /// Adds the gradients of `count` examples to `grads`. Example `i` is `input(i) = (x,
    /// label)`; `loss(y, label)` returns its `∂L/∂y`. Both are called in order of `i`, a chunk
    /// of inputs before that chunk's losses.
    ///
    /// The chunk pipeline appears once in the machine code. Callers pass their closures as
    /// `#[inline(always)] |…| …`: in a training loop inlined whole into one function (the
    /// host's AVX2 copy), LLVM otherwise left a big closure out of line, compiled without
    /// AVX2.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn train(
        &mut self,
        model: &Mlp2<I, H1, H2, O>,
        grads: &mut Mlp2<I, H1, H2, O>,
        count: usize,
        mut input: impl FnMut(usize) -> ([f32; I], f32),
        mut loss: impl FnMut(&[f32; O], f32) -> [f32; O],
    ) {
        let mut done = 0;
        while done < count {
            let n = (count - done).min(CHUNK);
            for (k, (t, label)) in self.traces[..n]
                .iter_mut()
                .zip(&mut self.labels)
                .enumerate()
            {
                (t.x, *label) = input(done + k);
            }
            model.forward_chunk(&mut self.traces, n);
            let mut dys = [[0.0; O]; CHUNK];
            for ((dy, t), &label) in dys.iter_mut().zip(&self.traces[..n]).zip(&self.labels) {
                *dy = loss(&t.y, label);
            }
            self.weights
                .backward_chunk(&self.traces[..n], &dys[..n], grads);
            done += n;
        }
    }
}
