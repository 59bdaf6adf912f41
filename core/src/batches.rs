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
        let mut batches = Self::ZERO;
        batches.reset(batch_size)?;
        Ok(batches)
    }

    /// All indices 0 and batch size 0: a placeholder for a `static`, made usable by
    /// [`Batches::reset`].
    pub const ZERO: Self = Batches {
        order: [0; N],
        batch_size: 0,
    };

    /// Back to the identity order with a new `batch_size` (in `1..=N`), in place.
    pub fn reset(&mut self, batch_size: usize) -> Result<(), Error> {
        nonzero("batch size", batch_size)?;
        if batch_size > N {
            return Err(Error::invalid(
                "batch size",
                "must not exceed the number of training examples",
            ));
        }
        for (i, o) in self.order.iter_mut().enumerate() {
            *o = i as u32;
        }
        self.batch_size = batch_size;
        Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn sizes<const N: usize>(b: &Batches<N>) -> heapless::Vec<usize, 16> {
        b.iter().map(<[u32]>::len).collect()
    }

    #[test]
    fn batch_sizes() {
        assert_eq!(sizes(&Batches::<10>::new(3).unwrap()), [3, 3, 3, 1]);
        assert_eq!(sizes(&Batches::<10>::new(5).unwrap()), [5, 5]);
        assert_eq!(sizes(&Batches::<10>::new(10).unwrap()), [10]);
        assert_eq!(sizes(&Batches::<10>::new(1).unwrap()), [1; 10]);
        assert_eq!(Batches::<10>::new(4).unwrap().batch_size(), 4);
    }

    #[test]
    fn bad_batch_sizes_are_rejected() {
        for size in [0, 11, usize::MAX] {
            assert!(matches!(
                Batches::<10>::new(size),
                Err(Error::InvalidConfig {
                    name: "batch size",
                    ..
                })
            ));
        }
    }

    #[test]
    fn every_index_once_per_epoch() {
        let mut batches = Batches::<23>::new(4).unwrap();
        let identity: [u32; 23] = core::array::from_fn(|i| i as u32);
        let mut rng = Rng::seed_from(11);
        let mut previous = identity;
        for epoch in 0..5 {
            let mut order = [0u32; 23];
            let mut n = 0;
            for batch in batches.iter() {
                order[n..n + batch.len()].copy_from_slice(batch);
                n += batch.len();
            }
            assert_eq!(n, 23);
            if epoch == 0 {
                assert_eq!(order, identity);
            } else {
                assert_ne!(order, previous, "epoch {epoch} did not reshuffle");
            }
            previous = order;
            order.sort_unstable();
            assert_eq!(order, identity);
            batches.shuffle(&mut rng);
        }
    }
}
