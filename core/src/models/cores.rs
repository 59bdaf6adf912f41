//! How many cores a classifier update runs on. NCE's classifier ([`Updates`]) and the GAN's
//! discriminator ([`DiscriminatorSteps`]) take the same two strategies, since both train an
//! `Mlp2` with one output on a minibatch of labelled examples; each trait implements them
//! beside its model.
//!
//! [`Updates`]: crate::models::nce::Updates
//! [`DiscriminatorSteps`]: crate::models::gan::DiscriminatorSteps

use crate::nn::split_backward::TracedChunk;

/// One core, a chunk of examples at a time, no workspace: [`Nce::train_minibatch`] and
/// [`Gan::discriminator_step`].
///
/// [`Nce::train_minibatch`]: crate::Nce::train_minibatch
/// [`Gan::discriminator_step`]: crate::Gan::discriminator_step
#[derive(Clone, Copy, Debug, Default)]
pub struct OneCore;

/// The backward pass shared between the two sides of a [`Fork`](crate::nn::fork::Fork), a
/// window of `workspace.len()` chunks at a time: [`Nce::train_minibatch_split`] and
/// [`Gan::discriminator_step_split`], with the bits of [`OneCore`].
///
/// [`Nce::train_minibatch_split`]: crate::Nce::train_minibatch_split
/// [`Gan::discriminator_step_split`]: crate::Gan::discriminator_step_split
#[derive(Debug)]
pub struct Split<'w, F, const D: usize, const H: usize> {
    /// Room for the window's traces.
    pub workspace: &'w mut [TracedChunk<D, H, H, 1>],
    /// The two workers.
    pub fork: &'w F,
}
