//! Adam, in PyTorch's formulation.

use super::Optimizer;
use crate::error::Error;
use crate::error::{positive, unit_interval};
use crate::kernels::lanes::BLOCKED;
use crate::nn::params::Params;

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

impl AdamConfig {
    /// The defaults as a constant.
    pub const DEFAULT: AdamConfig = AdamConfig {
        lr: 1e-3,
        beta1: 0.9,
        beta2: 0.999,
        eps: 1e-8,
    };

    /// Every field 0: an invalid placeholder for state that is reset before use.
    pub(crate) const ZERO: AdamConfig = AdamConfig {
        lr: 0.0,
        beta1: 0.0,
        beta2: 0.0,
        eps: 0.0,
    };

    /// Checks every field.
    pub fn validate(&self) -> Result<(), Error> {
        positive("lr", self.lr)?;
        unit_interval("beta1", self.beta1)?;
        unit_interval("beta2", self.beta2)?;
        positive("eps", self.eps)?;
        Ok(())
    }
}

impl Default for AdamConfig {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl AdamConfig {
    /// Checks the configuration and builds an optimizer for parameters shaped like `like`.
    pub fn build<M: Params>(self, _like: &M) -> Result<Adam<M>, Error> {
        let mut adam = Adam::ZERO;
        adam.reset(self)?;
        Ok(adam)
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

impl<M: Params> Adam<M> {
    /// An optimizer with all-zero state and an all-zero (invalid) configuration: a placeholder
    /// for a `static`, made usable by [`Adam::reset`].
    pub const ZERO: Self = Adam {
        config: AdamConfig::ZERO,
        m: M::ZERO,
        v: M::ZERO,
        beta1_t: 0.0,
        beta2_t: 0.0,
    };

    /// Checks `config` and starts over from step 0 with zero moments, in place.
    pub fn reset(&mut self, config: AdamConfig) -> Result<(), Error> {
        config.validate()?;
        self.config = config;
        self.m.zero();
        self.v.zero();
        self.beta1_t = 1.0;
        self.beta2_t = 1.0;
        Ok(())
    }
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
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
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
        let bias2_sqrt = crate::math::sqrt::sqrt(1.0 - self.beta2_t);
        for k in 0..M::TENSORS {
            let p = params.tensor_mut(k);
            let g = grads.tensor(k);
            let m = self.m.tensor_mut(k);
            let v = self.v.tensor_mut(k);
            for (((p, &g), m), v) in p.iter_mut().zip(g).zip(m).zip(v) {
                *m = beta1 * *m + (1.0 - beta1) * g;
                *v = beta2 * *v + (1.0 - beta2) * g * g;
                // Branch-free where lanes vectorise; one value at a time, the scalar form
                // skips the scaling for the common magnitudes (same bits either way).
                let root = if BLOCKED {
                    crate::math::sqrt::sqrt(*v)
                } else {
                    crate::math::sqrt::sqrt_scalar(*v)
                };
                let denom = root / bias2_sqrt + eps;
                *p -= step_size * (*m / denom);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::dense::Dense;

    /// Parameters (or gradients) with weights `w` and zero biases.
    fn p<const O: usize>(w: [f32; O]) -> Dense<1, O> {
        Dense {
            w: [w],
            b: [0.0; O],
        }
    }

    fn adam<const O: usize>(lr: f32) -> Adam<Dense<1, O>> {
        let config = AdamConfig {
            lr,
            ..AdamConfig::default()
        };
        config.build(&p([0.0; O])).unwrap()
    }

    fn rejected(config: AdamConfig, name: &str) -> bool {
        let result = config.build(&p([0.0]));
        matches!(result, Err(Error::InvalidConfig { name: n, .. }) if n == name)
    }

    #[test]
    fn invalid_configs_are_rejected() {
        let ok = AdamConfig::default();
        for lr in [0.0, -1e-3, f32::NAN, f32::INFINITY] {
            assert!(rejected(AdamConfig { lr, ..ok }, "lr"), "lr = {lr}");
        }
        for beta in [1.0, -0.1, 1.5, f32::NAN] {
            assert!(
                rejected(AdamConfig { beta1: beta, ..ok }, "beta1"),
                "{beta}"
            );
            assert!(
                rejected(AdamConfig { beta2: beta, ..ok }, "beta2"),
                "{beta}"
            );
        }
        for eps in [0.0, -1e-8, f32::NAN, f32::INFINITY] {
            assert!(rejected(AdamConfig { eps, ..ok }, "eps"), "eps = {eps}");
        }
        assert_eq!(ok.build(&p([0.0])).unwrap().config(), ok);
    }

    /// PyTorch's first Adam step moves every parameter by ≈ lr·sign(g), whatever |g| (for
    /// |g| ≫ ε), and leaves a parameter with g = 0 where it is.
    #[test]
    fn first_step_is_lr_times_sign() {
        let lr = 0.01;
        let g = [1e-3, -1e-3, 1.0, -5.0, 1e3, 0.0];
        let start = [0.5, -0.5, 0.0, 2.0, -3.0, 0.25];
        let mut params = p(start);
        adam(lr).step(&mut params, &p(g));
        for k in 0..6 {
            let moved = params.w[0][k] - start[k];
            let expected = -lr * if g[k] == 0.0 { 0.0 } else { g[k].signum() };
            let error = libm::fabsf(moved - expected);
            assert!(error <= 1e-4 * lr, "g = {}: moved {moved}", g[k]);
        }
        assert_eq!(params.b, [0.0; 6]);
    }

    #[test]
    fn second_step_matches_formula() {
        let mut params = p([1.0]);
        let mut opt = adam(0.1);
        opt.step(&mut params, &p([0.5]));
        opt.step(&mut params, &p([-2.0]));
        let (lr, b1, b2, eps) = (0.1f64, 0.9f64, 0.999f64, 1e-8f64);
        let (mut theta, mut m, mut v) = (1.0f64, 0.0f64, 0.0f64);
        for (t, g) in [(1, 0.5), (2, -2.0)] {
            m = b1 * m + (1.0 - b1) * g;
            v = b2 * v + (1.0 - b2) * g * g;
            let m_hat = m / (1.0 - libm::pow(b1, t as f64));
            let v_hat = v / (1.0 - libm::pow(b2, t as f64));
            theta -= lr * m_hat / (libm::sqrt(v_hat) + eps);
        }
        let got = f64::from(params.w[0][0]);
        assert!(libm::fabs(got - theta) < 1e-5, "{got} vs {theta}");
    }
}
