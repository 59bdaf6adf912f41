//! How many cores a classifier update runs on. NCE's classifier and the GAN's discriminator
//! are both an `Mlp2` with one output trained by binary cross-entropy on a minibatch of
//! labelled examples, so both take the same two strategies: [`OneCore`] and [`Split`], the
//! two implementations of [`Cores`].

use crate::error::Error;
use crate::nn::chunked::train_bce;
use crate::nn::fork::Fork;
use crate::nn::mlp2::Mlp2;
use crate::nn::split_backward::{train_split_bce, TracedChunk};

/// Runs the backward pass of one classifier update. Every implementation gives the same bits
/// and takes the same random draws; they differ in how many cores do the work, and in how much
/// memory.
pub trait Cores<const D: usize, const H: usize> {
    /// Adds to `grads` the BCE gradients of `count` examples, example `i` being `input(i) =
    /// (x, label)`, and calls `seen(logit, label, L)` for each in order of `i`
    /// ([`train_bce`]).
    fn train_bce(
        &mut self,
        model: &Mlp2<D, H, H, 1>,
        grads: &mut Mlp2<D, H, H, 1>,
        count: usize,
        input: impl FnMut(usize) -> ([f32; D], f32),
        seen: impl FnMut(&[f32; 1], f32, f32),
    ) -> Result<(), Error>;
}

/// One core, a chunk of examples at a time, no workspace.
#[derive(Clone, Copy, Debug, Default)]
pub struct OneCore;

impl<const D: usize, const H: usize> Cores<D, H> for OneCore {
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    fn train_bce(
        &mut self,
        model: &Mlp2<D, H, H, 1>,
        grads: &mut Mlp2<D, H, H, 1>,
        count: usize,
        input: impl FnMut(usize) -> ([f32; D], f32),
        seen: impl FnMut(&[f32; 1], f32, f32),
    ) -> Result<(), Error> {
        train_bce(model, grads, count, input, seen);
        Ok(())
    }
}

/// The backward pass shared between the two sides of a [`Fork`], a window of
/// `workspace.len()` chunks at a time ([`train_split_bce`]), with the bits of [`OneCore`].
#[derive(Debug)]
pub struct Split<'w, F, const D: usize, const H: usize> {
    /// Room for the window's traces.
    pub workspace: &'w mut [TracedChunk<D, H, H, 1>],
    /// The two workers.
    pub fork: &'w F,
}

impl<F: Fork, const D: usize, const H: usize> Cores<D, H> for Split<'_, F, D, H> {
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    fn train_bce(
        &mut self,
        model: &Mlp2<D, H, H, 1>,
        grads: &mut Mlp2<D, H, H, 1>,
        count: usize,
        input: impl FnMut(usize) -> ([f32; D], f32),
        seen: impl FnMut(&[f32; 1], f32, f32),
    ) -> Result<(), Error> {
        train_split_bce(model, grads, self.workspace, self.fork, count, input, seen)
    }
}
