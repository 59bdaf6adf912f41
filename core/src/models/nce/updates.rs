//! How a classifier update and the refit run: on one core, or shared with a second one
//! ([`Cores`]), the refit keeping its features or not ([`KeepingRefit`]).

use super::{KeptFeatures, MinibatchStats, Nce, RefitStats};
use crate::error::Error;
use crate::math::rng::Rng;
use crate::models::cores::Cores;
use crate::nn::fork::Fork;

/// Runs the classifier updates of an [`Nce`], and its refit. Every implementation gives the
/// same bits and takes the same random draws; they differ in how many cores do the work, and
/// in how much memory.
pub trait Updates<const D: usize, const H: usize> {
    /// One update on the minibatch `batch` of `data`, as [`Nce::train_minibatch`].
    fn update(
        &mut self,
        nce: &mut Nce<D, H>,
        data: &[[f32; D]],
        batch: &[u32],
        rng: &mut Rng,
    ) -> Result<MinibatchStats, Error>;

    /// The refit after training, as [`Nce::refit_output`].
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    fn refit(
        &mut self,
        nce: &mut Nce<D, H>,
        data: &[[f32; D]],
        rng: &mut Rng,
    ) -> Result<RefitStats, Error> {
        nce.refit_output(data, rng)
    }
}

/// Each update's backward pass run by the [`Cores`], the refit on the calling thread.
impl<C: Cores<D, H>, const D: usize, const H: usize> Updates<D, H> for C {
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    fn update(
        &mut self,
        nce: &mut Nce<D, H>,
        data: &[[f32; D]],
        batch: &[u32],
        rng: &mut Rng,
    ) -> Result<MinibatchStats, Error> {
        nce.train_minibatch_with(data, batch, rng, self)
    }
}

/// The updates of `updates`, and a refit that keeps its points' features in `kept`, the first
/// pass shared between the two sides of `fork` ([`Nce::refit_output_keeping`]).
#[derive(Debug)]
pub struct KeepingRefit<'k, U, F, const D: usize, const H: usize> {
    /// Runs the updates.
    pub updates: U,
    /// Room for the refit's rows.
    pub kept: KeptFeatures<'k, D, H>,
    /// The two workers of the refit's first pass.
    pub fork: &'k F,
}

impl<U: Updates<D, H>, F: Fork, const D: usize, const H: usize> Updates<D, H>
    for KeepingRefit<'_, U, F, D, H>
{
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    fn update(
        &mut self,
        nce: &mut Nce<D, H>,
        data: &[[f32; D]],
        batch: &[u32],
        rng: &mut Rng,
    ) -> Result<MinibatchStats, Error> {
        self.updates.update(nce, data, batch, rng)
    }

    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    fn refit(
        &mut self,
        nce: &mut Nce<D, H>,
        data: &[[f32; D]],
        rng: &mut Rng,
    ) -> Result<RefitStats, Error> {
        nce.refit_output_keeping(data, rng, &mut self.kept, self.fork)
    }
}
