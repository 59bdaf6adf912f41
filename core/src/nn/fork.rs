//! Two pieces of work that may run at the same time: the seam through which a host lends
//! the core a second core, while the core itself stays single-threaded and `no_std`.

/// Runs two closures, possibly at the same time, and returns when both are done. The core
/// only ever hands it work whose result does not depend on which runs first, so every
/// implementation gives the same bits.
pub trait Fork: Sync {
    /// Runs `a` and `b`; returns when both have finished.
    fn join(&self, a: impl FnOnce() + Send, b: impl FnOnce() + Send);
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
