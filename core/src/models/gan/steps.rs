//! How a discriminator update runs: on one core ([`OneCore`]), or shared with a second one
//! ([`Split`]).

use super::{Gan, GanEpochStats};
use crate::error::Error;
use crate::math::rng::Rng;
use crate::models::cores::{OneCore, Split};
use crate::nn::fork::Fork;

/// Runs the discriminator updates of a [`Gan`]. Every implementation gives the same bits and
/// takes the same random draws; they differ in how many cores do the work.
pub trait DiscriminatorSteps<const D: usize, const H: usize> {
    /// One update on the minibatch `batch` of `data`, as [`Gan::discriminator_step`].
    fn step(
        &mut self,
        gan: &mut Gan<D, H>,
        data: &[[f32; D]],
        batch: &[u32],
        rng: &mut Rng,
    ) -> Result<GanEpochStats, Error>;
}

impl<const D: usize, const H: usize> DiscriminatorSteps<D, H> for OneCore {
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    fn step(
        &mut self,
        gan: &mut Gan<D, H>,
        data: &[[f32; D]],
        batch: &[u32],
        rng: &mut Rng,
    ) -> Result<GanEpochStats, Error> {
        gan.discriminator_step(data, batch, rng)
    }
}

impl<F: Fork, const D: usize, const H: usize> DiscriminatorSteps<D, H> for Split<'_, F, D, H> {
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    fn step(
        &mut self,
        gan: &mut Gan<D, H>,
        data: &[[f32; D]],
        batch: &[u32],
        rng: &mut Rng,
    ) -> Result<GanEpochStats, Error> {
        gan.discriminator_step_split(data, batch, rng, self.workspace, self.fork)
    }
}
