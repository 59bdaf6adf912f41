//! Two pieces of work that may run at the same time: the seam through which a host lends
//! the core a second core, while the core itself stays single-threaded and `no_std`.

/// Runs two closures, possibly at the same time, and returns when both are done. The core
/// only ever hands it work whose result does not depend on which runs first, so every
/// implementation gives the same bits.
pub trait Fork: Sync {
    /// Runs `a` and `b`; returns when both have finished.
    fn join(&self, a: impl FnOnce() + Send, b: impl FnOnce() + Send);

    /// How many of `total` like pieces of work the first side should take so that both sides
    /// finish together: half, rounded up, unless the implementation has learned otherwise
    /// from its [`Fork::join_shared`] calls (two cores need not run a half equally fast: the
    /// second one reads the model and the inputs from the first one's cache). The split
    /// never changes a number.
    #[inline(always)]
    fn first_share(&self, total: usize) -> usize {
        total.div_ceil(2)
    }

    /// [`Fork::join`] for work divided as [`Fork::first_share`] said, so that the
    /// implementation may see which side finished first and move the share.
    #[inline(always)]
    fn join_shared(&self, a: impl FnOnce() + Send, b: impl FnOnce() + Send) {
        self.join(a, b)
    }
}

/// The [`Fork`] of one core: `a`, then `b`.
#[derive(Clone, Copy, Debug, Default)]
pub struct InTurn;

impl Fork for InTurn {
    #[inline(always)]
    fn join(&self, a: impl FnOnce() + Send, b: impl FnOnce() + Send) {
        a();
        b();
    }
}
