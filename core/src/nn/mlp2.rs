//! A multilayer perceptron with two hidden layers.

use crate::kernels::delta::delta;
use crate::kernels::matvec::rows_computed;
use crate::kernels::CHUNK;
use crate::math::rng::Rng;
use crate::nn::activation::Activation;
use crate::nn::chunk_trace::ChunkTrace;
use crate::nn::dense::Dense;
use crate::nn::params::Params;

/// `y = f₃(W₃ f₂(W₂ f₁(W₁ x + b₁) + b₂) + b₃)`.
///
/// # Generics
/// - `I`: inputs, `H1` and `H2`: hidden units, `O`: outputs.
///
/// Its gradient is another `Mlp2` (whose activations are ignored). Backprop runs one example
/// at a time through [`Mlp2::forward_trace`] and [`Mlp2::backward`]; summing those per-example
/// gradients and dividing by the batch size gives the minibatch gradient.
#[derive(Clone, Debug, PartialEq)]
pub struct Mlp2<const I: usize, const H1: usize, const H2: usize, const O: usize> {
    /// Input to first hidden layer.
    pub hidden1: Dense<I, H1>,
    /// First to second hidden layer.
    pub hidden2: Dense<H1, H2>,
    /// Second hidden layer to output.
    pub output: Dense<H2, O>,
    /// `[first hidden, second hidden, output]` activations.
    pub activations: [Activation; 3],
}

/// Everything the backward pass of an [`Mlp2`] needs from the forward pass.
#[derive(Clone, Copy, Debug)]
pub struct Mlp2Trace<const I: usize, const H1: usize, const H2: usize, const O: usize> {
    /// The input.
    pub x: [f32; I],
    /// First hidden activations.
    pub a1: [f32; H1],
    /// Second hidden activations.
    pub a2: [f32; H2],
    /// The output `y`.
    pub y: [f32; O],
    /// `f₁'(z₁)`, `f₂'(z₂)` and `f₃'(z₃)`, computed with the activations so the backward
    /// pass needs no transcendental function.
    pub slopes: ([f32; H1], [f32; H2], [f32; O]),
}

impl<const I: usize, const H1: usize, const H2: usize, const O: usize> Mlp2Trace<I, H1, H2, O> {
    /// An all-zero trace, to fill a buffer of traces.
    pub const ZERO: Self = Mlp2Trace {
        x: [0.0; I],
        a1: [0.0; H1],
        a2: [0.0; H2],
        y: [0.0; O],
        slopes: ([0.0; H1], [0.0; H2], [0.0; O]),
    };
}

impl<const I: usize, const H1: usize, const H2: usize, const O: usize> Mlp2<I, H1, H2, O> {
    /// A freshly initialised network (see [`Dense::init`]).
    pub fn init(activations: [Activation; 3], rng: &mut Rng) -> Self {
        let mut net = Self::ZERO;
        net.init_in_place(activations, rng);
        net
    }

    /// [`Mlp2::init`] without building a second network on the stack.
    pub fn init_in_place(&mut self, activations: [Activation; 3], rng: &mut Rng) {
        self.hidden1.init_in_place(rng);
        self.hidden2.init_in_place(rng);
        self.output.init_in_place(rng);
        self.activations = activations;
    }

    /// The output for input `x` (no trace, no derivatives).
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn forward(&self, x: &[f32; I]) -> [f32; O] {
        let [f1, f2, f3] = self.activations;
        let a1 = f1.apply_all(&self.hidden1.forward(x));
        let a2 = f2.apply_all(&self.hidden2.forward(&a1));
        f3.apply_all(&self.output.forward(&a2))
    }

    /// The forward pass, keeping what [`Mlp2::backward`] needs.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn forward_trace(&self, x: &[f32; I]) -> Mlp2Trace<I, H1, H2, O> {
        let mut t = Mlp2Trace::ZERO;
        self.forward_trace_into(x, &mut t);
        t
    }

    /// [`Mlp2::forward_trace`] written into `t`, for callers that keep traces in a buffer.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn forward_trace_into(&self, x: &[f32; I], t: &mut Mlp2Trace<I, H1, H2, O>) {
        let [f1, f2, f3] = self.activations;
        t.x = *x;
        let (s1, s2, s3) = &mut t.slopes;
        f1.apply_with_derivative(&self.hidden1.forward(x), &mut t.a1, s1);
        f2.apply_with_derivative(&self.hidden2.forward(&t.a1), &mut t.a2, s2);
        f3.apply_with_derivative(&self.output.forward(&t.a2), &mut t.y, s3);
    }

    /// [`Mlp2::forward_trace_into`] of the inputs `t.x[k]`, `k < n ≤ CHUNK`, all at once (see
    /// [`Dense::forward_chunk`]), with the bits of one call per example. On targets with
    /// vector units a few rows past `n` may be computed too (and are never read), so the
    /// products take four examples at a time.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn forward_chunk(&self, t: &mut ChunkTrace<I, H1, H2, O>, n: usize) {
        self.chunk_pass::<true>(t, n);
    }

    /// The outputs `t.y` of [`Mlp2::forward_chunk`] alone, with the same bits: no
    /// derivatives are kept, for examples that will not be backpropagated (a GAN's fakes in a
    /// discriminator update).
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn forward_chunk_outputs(&self, t: &mut ChunkTrace<I, H1, H2, O>, n: usize) {
        self.chunk_pass::<false>(t, n);
    }

    /// The second hidden layer's activations `t.a2` of [`Mlp2::forward_chunk`] alone, with
    /// the same bits: the features an output layer reads, for refitting that layer.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn hidden_chunk(&self, t: &mut ChunkTrace<I, H1, H2, O>, n: usize) {
        self.hidden_pass::<false>(t, n);
    }

    /// [`Mlp2::forward_chunk`], keeping the derivatives if `SLOPES`. Each layer's `z` goes
    /// to the chunk's working array, and its activations from there to their own.
    #[inline(always)]
    fn chunk_pass<const SLOPES: bool>(&self, t: &mut ChunkTrace<I, H1, H2, O>, n: usize) {
        self.hidden_pass::<SLOPES>(t, n);
        let rows = rows_computed(n);
        let f3 = self.activations[2];
        let (_, _, z3) = &mut t.work;
        let (_, _, s3) = &mut t.slopes;
        self.output.forward_chunk(&t.a2, z3, n);
        activate::<SLOPES, _>(f3, z3[..rows].as_flattened(), &mut t.y, s3);
    }

    /// The two hidden layers of [`Mlp2::chunk_pass`]: `t.a1` and `t.a2` (and their slopes if
    /// `SLOPES`) from `t.x`.
    #[inline(always)]
    fn hidden_pass<const SLOPES: bool>(&self, t: &mut ChunkTrace<I, H1, H2, O>, n: usize) {
        let rows = rows_computed(n);
        let [f1, f2, _] = self.activations;
        let (z1, z2, _) = &mut t.work;
        let (s1, s2, _) = &mut t.slopes;
        self.hidden1.forward_chunk(&t.x, z1, n);
        activate::<SLOPES, _>(f1, z1[..rows].as_flattened(), &mut t.a1, s1);
        self.hidden2.forward_chunk(&t.a1, z2, n);
        activate::<SLOPES, _>(f2, z2[..rows].as_flattened(), &mut t.a2, s2);
    }

    /// Adds this example's `∂L/∂θ` to `grads`, given `dy = ∂L/∂y`, and returns `∂L/∂x`.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn backward(
        &self,
        t: &Mlp2Trace<I, H1, H2, O>,
        dy: &[f32; O],
        grads: &mut Self,
    ) -> [f32; I] {
        let (s1, s2, s3) = &t.slopes;
        let d3 = times(dy, s3);
        let da2 = self.output.backward(&t.a2, &d3, &mut grads.output);
        let d2 = times(&da2, s2);
        let da1 = self.hidden2.backward(&t.a1, &d2, &mut grads.hidden2);
        let d1 = times(&da1, s1);
        self.hidden1.backward(&t.x, &d1, &mut grads.hidden1)
    }

    /// `∂L/∂x` alone, given `dy = ∂L/∂y`; no parameter gradient is computed. A GAN's
    /// generator update needs exactly this from the discriminator.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn input_gradient(&self, t: &Mlp2Trace<I, H1, H2, O>, dy: &[f32; O]) -> [f32; I] {
        let (s1, s2, s3) = &t.slopes;
        let d3 = times(dy, s3);
        let da2 = self.output.input_gradient(&d3);
        let d2 = times(&da2, s2);
        let da1 = self.hidden2.input_gradient(&d2);
        let d1 = times(&da1, s1);
        self.hidden1.input_gradient(&d1)
    }
}

impl<const I: usize, const H1: usize, const H2: usize, const O: usize> Params
    for Mlp2<I, H1, H2, O>
{
    const TENSORS: usize = 6;
    const ZERO: Self = Mlp2 {
        hidden1: Dense::ZERO,
        hidden2: Dense::ZERO,
        output: Dense::ZERO,
        activations: [Activation::Identity; 3],
    };

    fn tensor(&self, k: usize) -> &[f32] {
        match k {
            0 | 1 => self.hidden1.tensor(k),
            2 | 3 => self.hidden2.tensor(k - 2),
            _ => self.output.tensor(k - 4),
        }
    }

    fn tensor_mut(&mut self, k: usize) -> &mut [f32] {
        match k {
            0 | 1 => self.hidden1.tensor_mut(k),
            2 | 3 => self.hidden2.tensor_mut(k - 2),
            _ => self.output.tensor_mut(k - 4),
        }
    }
}

/// `upstream ⊙ slope`: the gradient with respect to a layer's pre-activation, with values too
/// small to matter set to 0 ([`delta`]; they would be subnormal numbers, slow on Intel cores).
#[inline(always)]
pub(crate) fn times<const N: usize>(upstream: &[f32; N], slope: &[f32; N]) -> [f32; N] {
    let mut deltas = [0.0; N];
    for ((d, &u), &s) in deltas.iter_mut().zip(upstream).zip(slope) {
        *d = delta(u, s);
    }
    deltas
}

/// `a = f(z)` for the rows of a chunk laid end to end in `z`, and `slopes = f'(z)` if `SLOPES`.
#[inline(always)]
fn activate<const SLOPES: bool, const N: usize>(
    f: Activation,
    z: &[f32],
    a: &mut [[f32; N]; CHUNK],
    slopes: &mut [[f32; N]; CHUNK],
) {
    if SLOPES {
        f.apply_with_derivative_flat(z, a.as_flattened_mut(), slopes.as_flattened_mut());
    } else {
        f.apply_flat(z, a.as_flattened_mut());
    }
}
