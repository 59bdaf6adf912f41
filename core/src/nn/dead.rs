//! Dead-unit analysis: which ReLU units can never fire on the training set.
//!
//! Unit `r` of a layer is *dead* on a data set when `W_r·x + b_r ≤ 0` for every input `x` in
//! it. Then `relu'(z_r) = 0` for every example, so the unit's gradient is 0 in every
//! minibatch, whatever the shuffling and the batch size, and SGD never moves it again.

use crate::nn::dense::Dense;
use crate::nn::mlp1::Mlp1;
use crate::nn::mlp2::Mlp2;

/// For each unit of `layer`, how many of `inputs` give it a positive pre-activation `z_r > 0`.
pub fn active_counts<const I: usize, const O: usize>(
    layer: &Dense<I, O>,
    inputs: &[[f32; I]],
) -> [u32; O] {
    let mut counts = [0; O];
    for x in inputs {
        count_positive(&layer.forward(x), &mut counts);
    }
    counts
}

/// Units whose count is 0: dead on this data set.
pub fn dead_units<const O: usize>(counts: &[u32; O]) -> [bool; O] {
    counts.map(|c| c == 0)
}

/// How many units are dead.
pub fn dead_count<const O: usize>(counts: &[u32; O]) -> usize {
    counts.iter().filter(|&&c| c == 0).count()
}

fn count_positive<const O: usize>(z: &[f32; O], counts: &mut [u32; O]) {
    for (c, &z) in counts.iter_mut().zip(z) {
        if z > 0.0 {
            *c += 1;
        }
    }
}

impl<const I: usize, const H: usize, const O: usize> Mlp1<I, H, O> {
    /// [`active_counts`] of the hidden layer over `inputs`.
    pub fn hidden_active_counts(&self, inputs: &[[f32; I]]) -> [u32; H] {
        active_counts(&self.hidden, inputs)
    }
}

impl<const I: usize, const H1: usize, const H2: usize, const O: usize> Mlp2<I, H1, H2, O> {
    /// [`active_counts`] of both hidden layers over `inputs`; the second layer sees the first
    /// layer's activations, as in training.
    pub fn hidden_active_counts(&self, inputs: &[[f32; I]]) -> ([u32; H1], [u32; H2]) {
        let mut first = [0; H1];
        let mut second = [0; H2];
        let [f1, _, _] = self.activations;
        for x in inputs {
            let z1 = self.hidden1.forward(x);
            count_positive(&z1, &mut first);
            count_positive(&self.hidden2.forward(&f1.apply_all(&z1)), &mut second);
        }
        (first, second)
    }
}
