//! Stochastic gradient descent with optional momentum.

use super::Optimizer;
use crate::error::{positive, unit_interval};
use crate::{Error, Params};

/// Hyper-parameters of [`Sgd`].
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct SgdConfig {
    /// Learning rate; default 0.01. Must be finite and > 0.
    pub lr: f32,
    /// Momentum μ; default 0 (plain SGD). Must be in `[0, 1)`.
    pub momentum: f32,
}

impl Default for SgdConfig {
    fn default() -> Self {
        SgdConfig {
            lr: 0.01,
            momentum: 0.0,
        }
    }
}

impl SgdConfig {
    /// Checks the configuration and builds an optimizer for parameters shaped like `like`.
    pub fn build<M: Params>(self, like: &M) -> Result<Sgd<M>, Error> {
        positive("lr", self.lr)?;
        unit_interval("momentum", self.momentum)?;
        Ok(Sgd {
            config: self,
            velocity: like.zeros_like(),
        })
    }
}

/// SGD in PyTorch's form: `v ← μ·v + g`, `θ ← θ − lr·v` (with μ = 0, simply `θ ← θ − lr·g`).
///
/// With μ = 0 a parameter whose gradient is exactly 0 is left bit for bit unchanged.
#[derive(Clone, Debug)]
pub struct Sgd<M> {
    config: SgdConfig,
    velocity: M,
}

impl<M> Sgd<M> {
    /// The configuration this optimizer was built with.
    pub fn config(&self) -> SgdConfig {
        self.config
    }
}

impl<M: Params> Optimizer<M> for Sgd<M> {
    fn step(&mut self, params: &mut M, grads: &M) {
        let SgdConfig { lr, momentum } = self.config;
        for k in 0..M::TENSORS {
            let p = params.tensor_mut(k);
            let g = grads.tensor(k);
            if momentum == 0.0 {
                for (p, &g) in p.iter_mut().zip(g) {
                    *p -= lr * g;
                }
            } else {
                let v = self.velocity.tensor_mut(k);
                for ((p, &g), v) in p.iter_mut().zip(g).zip(v) {
                    *v = momentum * *v + g;
                    *p -= lr * *v;
                }
            }
        }
    }
}
