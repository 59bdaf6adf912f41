//! Optimizers, and [`Learner`]: a model with its gradients and optimizer state.

mod adam;
mod sgd;

pub use adam::{Adam, AdamConfig};
pub use sgd::{Sgd, SgdConfig};

use crate::error::Error;
use crate::nn::params::Params;

/// Updates parameters from their gradient.
pub trait Optimizer<M: Params> {
    /// One update of `params` from the (already averaged) gradient `grads`.
    fn step(&mut self, params: &mut M, grads: &M);
}

/// A model, the sum of its per-example gradients, and its optimizer: everything one network
/// needs to train, and so its whole training memory is `size_of::<Learner<M, O>>()`.
#[derive(Clone, Debug)]
pub struct Learner<M, O> {
    /// The parameters.
    pub model: M,
    /// The gradient accumulated since the last step.
    pub grads: M,
    /// The optimizer and its state.
    pub optimizer: O,
}

impl<M: Params> Learner<M, Adam<M>> {
    /// All-zero parameters, gradient and Adam state: a placeholder for a `static`, made usable
    /// by initialising the model and calling `optimizer.reset`.
    pub const ZERO: Self = Learner {
        model: M::ZERO,
        grads: M::ZERO,
        optimizer: Adam::ZERO,
    };
}

impl<M: Params, O: Optimizer<M>> Learner<M, O> {
    /// Wraps `model` with zero gradients.
    pub fn new(model: M, optimizer: O) -> Self {
        Learner {
            grads: model.zeros_like(),
            model,
            optimizer,
        }
    }

    /// One minibatch update. `grads` holds the *sum* of `batch_size` per-example gradients; it
    /// is divided by `batch_size` (making it their mean), applied, and zeroed for the next step.
    ///
    /// Fails, leaving the model as it was, if the gradient is not finite; fails after the
    /// update if a parameter became non-finite.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn step(&mut self, batch_size: usize) -> Result<(), Error> {
        self.grads.divide_by(batch_size as f32);
        if !self.grads.is_finite() {
            self.grads.zero();
            return Err(Error::Diverged { stage: "gradient" });
        }
        self.optimizer.step(&mut self.model, &self.grads);
        self.grads.zero();
        if self.model.is_finite() {
            Ok(())
        } else {
            Err(Error::Diverged {
                stage: "parameters",
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::dense::Dense;

    fn p<const O: usize>(w: [f32; O], b: [f32; O]) -> Dense<1, O> {
        Dense { w: [w], b }
    }

    fn learner<const O: usize>(
        model: Dense<1, O>,
        lr: f32,
    ) -> Learner<Dense<1, O>, Sgd<Dense<1, O>>> {
        let sgd = SgdConfig { lr, momentum: 0.0 }.build(&model).unwrap();
        Learner::new(model, sgd)
    }

    #[test]
    fn step_applies_the_mean_and_zeroes_the_gradient() {
        let mut l = learner(p([1.0, 2.0], [0.0, 0.0]), 1.0);
        assert_eq!(l.grads, Dense::zeros());
        l.grads = p([4.0, -8.0], [2.0, 0.0]);
        l.step(4).unwrap();
        assert_eq!(l.model, p([0.0, 4.0], [-0.5, 0.0]));
        assert_eq!(l.grads, Dense::zeros());
    }

    #[test]
    fn non_finite_gradient_fails_and_leaves_the_model() {
        let model = p([1.0], [0.0]);
        let mut l = learner(model.clone(), 0.01);
        l.grads.b[0] = f32::NAN;
        assert_eq!(l.step(1), Err(Error::Diverged { stage: "gradient" }));
        assert_eq!(l.model, model);
        assert_eq!(l.grads, Dense::zeros());

        let mut l = learner(model, f32::MAX);
        l.grads.w[0][0] = -f32::MAX;
        let diverged = Error::Diverged {
            stage: "parameters",
        };
        assert_eq!(l.step(1), Err(diverged));
    }
}
