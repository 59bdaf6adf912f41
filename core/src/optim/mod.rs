//! Optimizers, and [`Learner`]: a model with its gradients and optimizer state.

mod adam;
mod sgd;

pub use adam::{Adam, AdamConfig};
pub use sgd::{Sgd, SgdConfig};

use crate::{Error, Params};

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
