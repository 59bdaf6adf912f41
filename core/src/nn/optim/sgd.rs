//! Stochastic gradient descent with optional momentum.

use super::Optimizer;
use crate::error::Error;
use crate::error::{positive, unit_interval};
use crate::nn::params::Params;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::dense::Dense;

    /// A one-weight, one-bias layer.
    fn p(w: f32, b: f32) -> Dense<1, 1> {
        Dense { w: [[w]], b: [b] }
    }

    fn sgd(lr: f32, momentum: f32) -> Result<Sgd<Dense<1, 1>>, Error> {
        SgdConfig { lr, momentum }.build(&p(0.0, 0.0))
    }

    fn rejected(result: Result<Sgd<Dense<1, 1>>, Error>, name: &str) -> bool {
        matches!(result, Err(Error::InvalidConfig { name: n, .. }) if n == name)
    }

    #[test]
    fn invalid_configs_are_rejected() {
        for lr in [0.0, -0.0, -0.1, f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
            assert!(rejected(sgd(lr, 0.0), "lr"), "lr = {lr}");
        }
        for momentum in [1.0, 1.5, -0.1, -1e-9, f32::NAN, f32::INFINITY] {
            assert!(rejected(sgd(0.1, momentum), "momentum"), "{momentum}");
        }
        assert!(SgdConfig::default().build(&p(0.0, 0.0)).is_ok());
        assert_eq!(sgd(0.1, 0.9).unwrap().config().momentum, 0.9);
    }

    #[test]
    fn plain_and_momentum_steps() {
        let grads = p(2.0, -4.0);
        let mut params = p(1.0, 1.0);
        let mut plain = sgd(0.5, 0.0).unwrap();
        plain.step(&mut params, &grads);
        assert_eq!(params, p(0.0, 3.0));

        // v₁ = g, v₂ = μ·v₁ + g = 1.5·g.
        let mut params = p(1.0, 1.0);
        let mut heavy = sgd(0.5, 0.5).unwrap();
        heavy.step(&mut params, &grads);
        assert_eq!(params, p(0.0, 3.0));
        heavy.step(&mut params, &grads);
        assert_eq!(params, p(-1.5, 6.0));
    }
}
