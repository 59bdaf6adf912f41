//! Minibatches: a fresh shuffle of the training set every epoch, cut into equal pieces.

use crate::error::{nonzero, Error};
use crate::math::rng::Rng;

/// The visiting order of a training set of `order.len()` examples, kept in memory the caller
/// owns (a `static` array on a microcontroller, a `Vec` on a host).
///
/// Each epoch calls [`Batches::shuffle`], then [`Batches::iter`] cuts the permutation into
/// minibatches of `batch_size` indices: `len / batch_size` of them, plus one shorter
/// remainder batch when `batch_size` does not divide `len`.
#[derive(Debug)]
pub struct Batches<'a> {
    order: &'a mut [u32],
    batch_size: usize,
}

impl<'a> Batches<'a> {
    /// The identity order over `order.len()` examples, written into `order`; `batch_size`
    /// must be in `1..=order.len()`.
    pub fn new(order: &'a mut [u32], batch_size: usize) -> Result<Self, Error> {
        let batches = Self::resume(order, batch_size)?;
        for (i, o) in batches.order.iter_mut().enumerate() {
            *o = i as u32;
        }
        Ok(batches)
    }

    /// The order already in `order` (written by [`Batches::new`] and shuffled since), kept as
    /// it is: for a caller that trains an epoch per call and cannot hold the borrow in between
    /// (the browser's sessions), so that the next [`Batches::shuffle`] continues the very
    /// sequence one long-lived `Batches` would give. Checks `batch_size` as `new` does.
    pub fn resume(order: &'a mut [u32], batch_size: usize) -> Result<Self, Error> {
        nonzero("batch size", batch_size)?;
        if batch_size > order.len() {
            return Err(Error::invalid(
                "batch size",
                "must not exceed the number of training examples",
            ));
        }
        if u32::try_from(order.len()).is_err() {
            return Err(Error::invalid("data", "too many training examples"));
        }
        Ok(Batches { order, batch_size })
    }

    /// How many examples an epoch visits.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// True when there are no examples (never: `new` needs at least one).
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The minibatch size.
    pub fn batch_size(&self) -> usize {
        self.batch_size
    }

    /// Reshuffles the order: call once per epoch.
    pub fn shuffle(&mut self, rng: &mut Rng) {
        rng.shuffle(self.order);
    }

    /// The minibatches of the current order, as slices of example indices.
    pub fn iter(&self) -> core::slice::Chunks<'_, u32> {
        self.order.chunks(self.batch_size)
    }

    /// Fails unless the order covers exactly `len` examples: a training set and its order must
    /// have the same length, so that every index is in bounds.
    pub(crate) fn check_covers(&self, len: usize) -> Result<(), Error> {
        if self.order.len() == len {
            Ok(())
        } else {
            Err(Error::invalid(
                "batches",
                "the order must have one entry per training example",
            ))
        }
    }
}

/// An error if an index of `batch` is outside `data`: the check every minibatch update
/// (NCE's classifier, the GAN's discriminator) makes before it reads its points.
pub(crate) fn check_batch<const D: usize>(data: &[[f32; D]], batch: &[u32]) -> Result<(), Error> {
    match batch.iter().any(|&i| i as usize >= data.len()) {
        true => Err(Error::invalid(
            "batch",
            "an index is outside the training data",
        )),
        false => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizes(b: &Batches) -> heapless::Vec<usize, 16> {
        b.iter().map(<[u32]>::len).collect()
    }

    #[test]
    fn batch_sizes() {
        let mut order = [0u32; 10];
        assert_eq!(sizes(&Batches::new(&mut order, 3).unwrap()), [3, 3, 3, 1]);
        assert_eq!(sizes(&Batches::new(&mut order, 5).unwrap()), [5, 5]);
        assert_eq!(sizes(&Batches::new(&mut order, 10).unwrap()), [10]);
        assert_eq!(sizes(&Batches::new(&mut order, 1).unwrap()), [1; 10]);
        assert_eq!(Batches::new(&mut order, 4).unwrap().batch_size(), 4);
        assert_eq!(Batches::new(&mut order[..7], 4).unwrap().len(), 7);
    }

    #[test]
    fn bad_batch_sizes_are_rejected() {
        let mut order = [0u32; 10];
        for size in [0, 11, usize::MAX] {
            assert!(matches!(
                Batches::new(&mut order, size),
                Err(Error::InvalidConfig {
                    name: "batch size",
                    ..
                })
            ));
        }
        assert!(Batches::new(&mut [], 1).is_err());
    }

    #[test]
    fn every_index_once_per_epoch() {
        let mut storage = [0u32; 23];
        let mut batches = Batches::new(&mut storage, 4).unwrap();
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

    #[test]
    fn resuming_continues_the_same_shuffles() {
        let mut rng = Rng::seed_from(5);
        let mut kept = [0u32; 23];
        let mut long_lived = Batches::new(&mut kept, 4).unwrap();
        let mut resumed = [0u32; 23];
        Batches::new(&mut resumed, 4).unwrap();
        let mut rng2 = rng.clone();
        for _ in 0..4 {
            long_lived.shuffle(&mut rng);
            let mut again = Batches::resume(&mut resumed, 4).unwrap();
            again.shuffle(&mut rng2);
            assert!(long_lived.iter().eq(again.iter()));
        }
        assert!(Batches::resume(&mut resumed, 0).is_err());
        assert!(Batches::resume(&mut resumed, 24).is_err());
    }
}
