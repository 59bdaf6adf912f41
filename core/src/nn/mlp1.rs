//! A multilayer perceptron with one hidden layer.

use crate::math::rng::Rng;
use crate::nn::activation::Activation;
use crate::nn::dense::Dense;
use crate::nn::params::Params;

/// `y = f_out(W₂ f_h(W₁ x + b₁) + b₂)`.
///
/// # Generics
/// - `I`: inputs, `H`: hidden units, `O`: outputs.
///
/// Its gradient is another `Mlp1` (whose activations are ignored). Backprop runs one example
/// at a time through [`Mlp1::forward_trace`] and [`Mlp1::backward`]; summing those per-example
/// gradients and dividing by the batch size gives the minibatch gradient.
#[derive(Clone, Debug, PartialEq)]
pub struct Mlp1<const I: usize, const H: usize, const O: usize> {
    /// Input to hidden.
    pub hidden: Dense<I, H>,
    /// Hidden to output.
    pub output: Dense<H, O>,
    /// `[hidden activation, output activation]`.
    pub activations: [Activation; 2],
}

/// Everything the backward pass of an [`Mlp1`] needs from the forward pass.
#[derive(Clone, Debug)]
pub struct Mlp1Trace<const I: usize, const H: usize, const O: usize> {
    /// The input.
    pub x: [f32; I],
    /// Hidden pre-activations `W₁x + b₁`.
    pub z1: [f32; H],
    /// Hidden activations.
    pub a1: [f32; H],
    /// Output pre-activations.
    pub z2: [f32; O],
    /// The output `y`.
    pub y: [f32; O],
}

impl<const I: usize, const H: usize, const O: usize> Mlp1<I, H, O> {
    /// A freshly initialised network (see [`Dense::init`]).
    pub fn init(hidden: Activation, output: Activation, rng: &mut Rng) -> Self {
        let mut net = Self::ZERO;
        net.hidden.init_in_place(rng);
        net.output.init_in_place(rng);
        net.activations = [hidden, output];
        net
    }

    /// The output for input `x`.
    pub fn forward(&self, x: &[f32; I]) -> [f32; O] {
        self.forward_trace(x).y
    }

    /// The forward pass, keeping what [`Mlp1::backward`] needs.
    pub fn forward_trace(&self, x: &[f32; I]) -> Mlp1Trace<I, H, O> {
        let z1 = self.hidden.forward(x);
        let a1 = self.activations[0].apply_all(&z1);
        let z2 = self.output.forward(&a1);
        let y = self.activations[1].apply_all(&z2);
        Mlp1Trace {
            x: *x,
            z1,
            a1,
            z2,
            y,
        }
    }

    /// Adds this example's `∂L/∂θ` to `grads`, given `dy = ∂L/∂y`, and returns `∂L/∂x`.
    pub fn backward(&self, t: &Mlp1Trace<I, H, O>, dy: &[f32; O], grads: &mut Self) -> [f32; I] {
        let d2 = self.activations[1].backward(&t.z2, &t.y, dy);
        let da1 = self.output.backward(&t.a1, &d2, &mut grads.output);
        let d1 = self.activations[0].backward(&t.z1, &t.a1, &da1);
        self.hidden.backward(&t.x, &d1, &mut grads.hidden)
    }
}

impl<const I: usize, const H: usize, const O: usize> Params for Mlp1<I, H, O> {
    const TENSORS: usize = 4;
    const ZERO: Self = Mlp1 {
        hidden: Dense::ZERO,
        output: Dense::ZERO,
        activations: [Activation::Identity; 2],
    };

    fn tensor(&self, k: usize) -> &[f32] {
        match k {
            0 | 1 => self.hidden.tensor(k),
            _ => self.output.tensor(k - 2),
        }
    }

    fn tensor_mut(&mut self, k: usize) -> &mut [f32] {
        match k {
            0 | 1 => self.hidden.tensor_mut(k),
            _ => self.output.tensor_mut(k - 2),
        }
    }
}
