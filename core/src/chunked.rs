//! Backprop over several examples at once, with the bits of one example at a time.

use crate::mlp2::times;
use crate::{Mlp2, Mlp2Trace};

/// How many examples [`Mlp2::backward_chunk`] takes at once.
pub const CHUNK: usize = 8;

impl<const I: usize, const H1: usize, const H2: usize, const O: usize> Mlp2<I, H1, H2, O> {
    /// Adds the parameter gradients of up to [`CHUNK`] examples to `grads`, with exactly the
    /// bits of calling [`Mlp2::backward`] on each in turn.
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
        grads: &mut Self,
    ) {
        let n = traces.len().min(dys.len()).min(CHUNK);
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
        self.hidden1.input_gradients(&d1)
    }

    /// The pre-activation gradients `(δ₁, δ₂, δ₃)` of up to [`CHUNK`] examples (0 past them).
    /// Each layer's input gradients are taken for all examples at once
    /// ([`crate::Dense::input_gradients`]), with the bits of one example at a time.
    #[inline(always)]
    #[allow(clippy::type_complexity)]
    fn deltas(
        &self,
        traces: &[Mlp2Trace<I, H1, H2, O>],
        dys: &[[f32; O]],
    ) -> ([[f32; H1]; CHUNK], [[f32; H2]; CHUNK], [[f32; O]; CHUNK]) {
        let n = traces.len().min(dys.len()).min(CHUNK);
        let mut d3 = [[0.0; O]; CHUNK];
        for k in 0..n {
            d3[k] = times(&dys[k], &traces[k].slopes.2);
        }
        let mut d2 = self.output.input_gradients(&d3);
        for k in 0..n {
            d2[k] = times(&d2[k], &traces[k].slopes.1);
        }
        let mut d1 = self.hidden2.input_gradients(&d2);
        for k in 0..n {
            d1[k] = times(&d1[k], &traces[k].slopes.0);
        }
        (d1, d2, d3)
    }
}

/// Collects `(trace, ∂L/∂y)` pairs and backpropagates them [`CHUNK`] at a time; the sum it
/// leaves in the gradient is bit for bit that of one [`Mlp2::backward`] per example.
#[derive(Clone, Debug)]
pub struct ChunkedBackward<const I: usize, const H1: usize, const H2: usize, const O: usize> {
    traces: [Mlp2Trace<I, H1, H2, O>; CHUNK],
    dys: [[f32; O]; CHUNK],
    len: usize,
}

impl<const I: usize, const H1: usize, const H2: usize, const O: usize>
    ChunkedBackward<I, H1, H2, O>
{
    /// No pending examples.
    pub const EMPTY: Self = ChunkedBackward {
        traces: [Mlp2Trace::ZERO; CHUNK],
        dys: [[0.0; O]; CHUNK],
        len: 0,
    };

    /// Queues one example; backpropagates the queue into `grads` once it holds [`CHUNK`].
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn push(
        &mut self,
        model: &Mlp2<I, H1, H2, O>,
        trace: &Mlp2Trace<I, H1, H2, O>,
        dy: [f32; O],
        grads: &mut Mlp2<I, H1, H2, O>,
    ) {
        self.traces[self.len] = *trace;
        self.queue(model, dy, grads);
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
    pub fn queue(
        &mut self,
        model: &Mlp2<I, H1, H2, O>,
        dy: [f32; O],
        grads: &mut Mlp2<I, H1, H2, O>,
    ) {
        self.dys[self.len] = dy;
        self.len += 1;
        if self.len == CHUNK {
            self.flush(model, grads);
        }
    }

    /// Backpropagates whatever is queued (call before an optimizer step).
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn flush(&mut self, model: &Mlp2<I, H1, H2, O>, grads: &mut Mlp2<I, H1, H2, O>) {
        if self.len > 0 {
            model.backward_chunk(&self.traces[..self.len], &self.dys[..self.len], grads);
            self.len = 0;
        }
    }
}
