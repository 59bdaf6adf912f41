//! Minibatches: a fresh shuffle of the training set every epoch, cut into equal pieces.

use crate::error::{nonzero, Error};
use crate::Rng;

/// The visiting order of `N` training examples.
///
/// Each epoch calls [`Batches::shuffle`], then [`Batches::iter`] cuts the permutation into
/// minibatches of `batch_size` indices: `N / batch_size` of them, plus one shorter
/// remainder batch when `batch_size` does not divide `N`.
#[derive(Clone, Debug)]
pub struct Batches<const N: usize> {
    order: [u32; N],
    batch_size: usize,
}

impl<const N: usize> Batches<N> {
    /// The identity order; `batch_size` must be in `1..=N`.
    pub fn new(batch_size: usize) -> Result<Self, Error> {
        nonzero("batch size", batch_size)?;
        if batch_size > N {
            return Err(Error::invalid(
                "batch size",
                "must not exceed the number of training examples",
            ));
        }
        let mut order = [0; N];
        for (i, o) in order.iter_mut().enumerate() {
            *o = i as u32;
        }
        Ok(Batches { order, batch_size })
    }

    /// The minibatch size.
    pub fn batch_size(&self) -> usize {
        self.batch_size
    }

    /// Reshuffles the order: call once per epoch.
    pub fn shuffle(&mut self, rng: &mut Rng) {
        rng.shuffle(&mut self.order);
    }

    /// The minibatches of the current order, as slices of example indices.
    pub fn iter(&self) -> core::slice::Chunks<'_, u32> {
        self.order.chunks(self.batch_size)
    }
}
