//! # tinygen
//!
//! Trains small neural networks — MLPs, a GAN and a noise-contrastive-estimation sampler —
//! on a microcontroller or a host, from one `no_std`, allocation-free core.
//!
//! Every size is a const generic, so a model's memory is `size_of` of its type, known at
//! compile time. Exponentials and square roots are the core's own ([`exp`], [`sqrt`]), the
//! other transcendental functions are `libm`'s, and no sum is reordered per target, so the
//! host and a Cortex-M4F give bit-identical results for the same seed.
//!
//! The pieces, bottom up: [`Activation`]s, the [`Dense`] layer, the [`Mlp1`] and [`Mlp2`]
//! networks, [`loss`] functions, optimizers ([`Sgd`], [`Adam`]) with a [`Learner`] that holds
//! a model's training state, the seeded [`Rng`], the [`make_moons`] data with [`Batches`],
//! the [`dead`]-unit analysis, and [`format_point`] for output lines.

#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod activation;
mod batches;
mod chunk_trace;
mod chunked;
pub mod dead;
mod dense;
mod error;
pub mod exp;
mod format;
mod lanes;
pub mod loss;
mod matvec;
mod mlp1;
mod mlp2;
mod moons;
pub mod optim;
mod params;
mod rng;
mod row_sums;
pub mod sqrt;

pub use activation::{
    elu, elu_derivative, relu, relu_derivative, sigmoid, sigmoid_derivative_from_output,
    tanh_derivative_from_output, Activation,
};
pub use batches::Batches;
pub use chunk_trace::{ChunkLayers, ChunkTrace};
pub use chunked::{BackwardWeights, ChunkedBackward, CHUNK};
pub use dense::Dense;
pub use error::Error;
pub use format::{format_point, Line};
pub use mlp1::{Mlp1, Mlp1Trace};
pub use mlp2::{Mlp2, Mlp2Trace};
pub use moons::{make_moons, make_moons_into, Dataset};
pub use optim::{Adam, AdamConfig, Learner, Optimizer, Sgd, SgdConfig};
pub use params::Params;
pub use rng::Rng;

pub mod gan;
mod gaussian;
pub mod nce;

pub use gan::{Gan, GanConfig, GanEpochStats};
pub use gaussian::Gaussian2;
pub use nce::{
    MinibatchStats, Nce, NceConfig, NceEpochStats, NoiseKind, Sampler, SamplerKind, SamplerStats,
};
pub mod pipeline;
