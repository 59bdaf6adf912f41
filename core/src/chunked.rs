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
    pub fn backward_chunk(
        &self,
        traces: &[Mlp2Trace<I, H1, H2, O>],
        dys: &[[f32; O]],
        grads: &mut Self,
    ) {
        let n = traces.len().min(dys.len()).min(CHUNK);
        let mut d1 = [[0.0; H1]; CHUNK];
        let mut d2 = [[0.0; H2]; CHUNK];
        let mut d3 = [[0.0; O]; CHUNK];
        for k in 0..n {
            let t = &traces[k];
            let (s1, s2, s3) = &t.slopes;
            d3[k] = times(&dys[k], s3);
            d2[k] = times(&self.output.input_gradient(&d3[k]), s2);
            d1[k] = times(&self.hidden2.input_gradient(&d2[k]), s1);
        }
        let x: [&[f32; I]; CHUNK] = core::array::from_fn(|k| &traces[k.min(n - 1)].x);
        let a1: [&[f32; H1]; CHUNK] = core::array::from_fn(|k| &traces[k.min(n - 1)].a1);
        let a2: [&[f32; H2]; CHUNK] = core::array::from_fn(|k| &traces[k.min(n - 1)].a2);
        grads.output.accumulate_many(&a2[..n], &d3[..n]);
        grads.hidden2.accumulate_many(&a1[..n], &d2[..n]);
        grads.hidden1.accumulate_many(&x[..n], &d1[..n]);
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
    #[inline]
    pub fn push(
        &mut self,
        model: &Mlp2<I, H1, H2, O>,
        trace: &Mlp2Trace<I, H1, H2, O>,
        dy: [f32; O],
        grads: &mut Mlp2<I, H1, H2, O>,
    ) {
        self.traces[self.len] = *trace;
        self.dys[self.len] = dy;
        self.len += 1;
        if self.len == CHUNK {
            self.flush(model, grads);
        }
    }

    /// Backpropagates whatever is queued (call before an optimizer step).
    #[inline]
    pub fn flush(&mut self, model: &Mlp2<I, H1, H2, O>, grads: &mut Mlp2<I, H1, H2, O>) {
        if self.len > 0 {
            model.backward_chunk(&self.traces[..self.len], &self.dys[..self.len], grads);
            self.len = 0;
        }
    }
}
