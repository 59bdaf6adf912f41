//! Scalar math and random numbers: the core's own `exp` and `sqrt` (vectorisable, the same bits
//! on every target), the seeded [`Rng`], and the [`Gaussian`] of any dimension.

pub mod exp;
pub(crate) mod gaussian;
pub(crate) mod rng;
pub mod sqrt;

pub use gaussian::Gaussian;
pub use rng::Rng;
