//! Adam, in PyTorch's formulation.

use super::Optimizer;
use crate::error::{positive, unit_interval};
use crate::{Error, Params};

/// Hyper-parameters of [`Adam`].
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct AdamConfig {
    /// Learning rate; default 1e-3. Must be finite and > 0.
    pub lr: f32,
    /// Decay of the first moment β₁; default 0.9. Must be in `[0, 1)`.
    pub beta1: f32,
    /// Decay of the second moment β₂; default 0.999. Must be in `[0, 1)`.
    pub beta2: f32,
    /// ε added to `√v̂`; default 1e-8. Must be finite and > 0.
    pub eps: f32,
}

impl Default for AdamConfig {
    fn default() -> Self {
        AdamConfig {
            lr: 1e-3,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
        }
    }
}

impl AdamConfig {
    /// Checks the configuration and builds an optimizer for parameters shaped like `like`.
    pub fn build<M: Params>(self, like: &M) -> Result<Adam<M>, Error> {
        positive("lr", self.lr)?;
        unit_interval("beta1", self.beta1)?;
        unit_interval("beta2", self.beta2)?;
        positive("eps", self.eps)?;
        Ok(Adam {
            config: self,
            m: like.zeros_like(),
            v: like.zeros_like(),
            beta1_t: 1.0,
            beta2_t: 1.0,
        })
    }
}

/// Adam with bias-corrected moments, as PyTorch computes it. At step `t`:
///
/// `m ← β₁m + (1−β₁)g`, `v ← β₂v + (1−β₂)g²`,
/// `θ ← θ − (lr / (1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε)`.
///
/// `β₁ᵗ` and `β₂ᵗ` are kept as running products, so no `powf` is needed.
#[derive(Clone, Debug)]
pub struct Adam<M> {
    config: AdamConfig,
    m: M,
    v: M,
    beta1_t: f32,
    beta2_t: f32,
}

impl<M> Adam<M> {
    /// The configuration this optimizer was built with.
    pub fn config(&self) -> AdamConfig {
        self.config
    }

    /// Changes the learning rate (for a schedule); the moments are kept.
    pub fn set_lr(&mut self, lr: f32) {
        self.config.lr = lr;
    }
}

impl<M: Params> Optimizer<M> for Adam<M> {
    fn step(&mut self, params: &mut M, grads: &M) {
        let AdamConfig {
            lr,
            beta1,
            beta2,
            eps,
        } = self.config;
        self.beta1_t *= beta1;
        self.beta2_t *= beta2;
        let step_size = lr / (1.0 - self.beta1_t);
        let bias2_sqrt = libm::sqrtf(1.0 - self.beta2_t);
        for k in 0..M::TENSORS {
            let p = params.tensor_mut(k);
            let g = grads.tensor(k);
            let m = self.m.tensor_mut(k);
            let v = self.v.tensor_mut(k);
            for (((p, &g), m), v) in p.iter_mut().zip(g).zip(m).zip(v) {
                *m = beta1 * *m + (1.0 - beta1) * g;
                *v = beta2 * *v + (1.0 - beta2) * g * g;
                let denom = libm::sqrtf(*v) / bias2_sqrt + eps;
                *p -= step_size * (*m / denom);
            }
        }
    }
}
