//! Scalar math and random numbers: the core's own `exp` and `sqrt` (vectorisable, the same bits
//! on every target), the seeded [`Rng`], and the noise distributions of NCE: the [`Gaussian`] and the [`UniformBox`]
//! of any dimension.

pub mod exp;
pub(crate) mod gaussian;
pub mod ln;
pub(crate) mod noise;
pub(crate) mod rng;
pub mod sqrt;
pub mod turns;
pub(crate) mod uniform_box;

pub use gaussian::Gaussian;
pub use noise::Noise;
pub use rng::Rng;
pub use uniform_box::UniformBox;
