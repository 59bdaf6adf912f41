//! Backprop over several examples at once, with the bits of one example at a time.

use crate::mlp2::times;
use crate::{Dense, Mlp2, Mlp2Trace};

/// How many examples [`ChunkedBackward`] backpropagates at once.
pub const CHUNK: usize = 8;

/// The weights backprop reads, stored output-major (see [`Dense::input_gradient_with`]), so
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
        let (d1, _, _) = self.deltas(traces, dys);
        let mut dx = [[0.0; I]; CHUNK];
        for (dx, d1) in dx.iter_mut().zip(&d1).take(traces.len().min(dys.len())) {
            *dx = Dense::input_gradient_with(&self.hidden1, d1);
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
        let mut d1 = [[0.0; H1]; CHUNK];
        let mut d2 = [[0.0; H2]; CHUNK];
        let mut d3 = [[0.0; O]; CHUNK];
        for (k, (t, dy)) in traces.iter().zip(dys).take(CHUNK).enumerate() {
            let (s1, s2, s3) = &t.slopes;
            d3[k] = times(dy, s3);
            d2[k] = times(&Dense::input_gradient_with(&self.output, &d3[k]), s2);
            d1[k] = times(&Dense::input_gradient_with(&self.hidden2, &d2[k]), s1);
        }
        (d1, d2, d3)
    }
}

/// Collects `(trace, ∂L/∂y)` pairs and backpropagates them [`CHUNK`] at a time; the sum it
/// leaves in the gradient is bit for bit that of one [`Mlp2::backward`] per example.
///
/// It holds the [`BackwardWeights`] of the model it was made for: make a new one after every
/// optimizer step.
#[derive(Clone, Debug)]
pub struct ChunkedBackward<const I: usize, const H1: usize, const H2: usize, const O: usize> {
    weights: BackwardWeights<I, H1, H2, O>,
    traces: [Mlp2Trace<I, H1, H2, O>; CHUNK],
    dys: [[f32; O]; CHUNK],
    len: usize,
}

impl<const I: usize, const H1: usize, const H2: usize, const O: usize>
    ChunkedBackward<I, H1, H2, O>
{
    /// An empty queue for `model` as it is now.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn new(model: &Mlp2<I, H1, H2, O>) -> Self {
        ChunkedBackward {
            weights: BackwardWeights::of(model),
            traces: [Mlp2Trace::ZERO; CHUNK],
            dys: [[0.0; O]; CHUNK],
            len: 0,
        }
    }

    /// Queues one example; backpropagates the queue into `grads` once it holds [`CHUNK`].
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn push(
        &mut self,
        trace: &Mlp2Trace<I, H1, H2, O>,
        dy: [f32; O],
        grads: &mut Mlp2<I, H1, H2, O>,
    ) {
        self.traces[self.len] = *trace;
        self.queue(dy, grads);
    }

    /// Runs the forward pass of `x` straight into the queue's next slot and returns its
    /// trace, so that no trace is copied; [`ChunkedBackward::queue`] then queues it with its
    /// `∂L/∂y`.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn forward(
        &mut self,
        model: &Mlp2<I, H1, H2, O>,
        x: &[f32; I],
    ) -> &Mlp2Trace<I, H1, H2, O> {
        let slot = &mut self.traces[self.len];
        model.forward_trace_into(x, slot);
        slot
    }

    /// Queues the trace [`ChunkedBackward::forward`] just wrote, with `dy = ∂L/∂y`;
    /// backpropagates the queue into `grads` once it holds [`CHUNK`].
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn queue(&mut self, dy: [f32; O], grads: &mut Mlp2<I, H1, H2, O>) {
        self.dys[self.len] = dy;
        self.len += 1;
        if self.len == CHUNK {
            self.flush(grads);
        }
    }

    /// Backpropagates whatever is queued (call before an optimizer step).
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn flush(&mut self, grads: &mut Mlp2<I, H1, H2, O>) {
        if self.len > 0 {
            self.weights
                .backward_chunk(&self.traces[..self.len], &self.dys[..self.len], grads);
            self.len = 0;
        }
    }
}
