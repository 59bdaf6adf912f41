//! # tinygen
//!
//! Trains small neural networks — MLPs, a GAN and a noise-contrastive-estimation sampler —
//! on a microcontroller, a host or in a browser, from one `no_std`, allocation-free core.
//!
//! Every size is a const generic, so a model's memory is `size_of` of its type, known at
//! compile time. Exponentials and square roots are the core's own ([`math::exp`],
//! [`math::sqrt`]), the other transcendental functions are `libm`'s, and no sum is reordered
//! per target, so the host and a Cortex-M4F give bit-identical results for the same seed.
//!
//! ## Train your own network
//!
//! This is `core/examples/sensor_classifier.rs` (`cargo run -p tinygen --example
//! sensor_classifier`): a 3→16→16→1 MLP learns a labelled sensor log with Adam in micrograd's
//! four phases — forward, loss, backward, update — and is saved as a model file.
//!
//! ```
#![doc = include_str!("../examples/sensor_classifier.rs")]
//! ```
//!
//! ## The modules, bottom up
//!
//! - [`math`]: the seeded [`Rng`], `exp`, `sqrt`, the noise distributions ([`Gaussian`] and
//!   the uniform box) of any dimension;
//! - [`nn`]: [`Activation`]s, the [`Dense`] layer, the [`Mlp1`] and [`Mlp2`] networks,
//!   [`nn::loss`] functions, optimizers ([`Sgd`], [`Adam`]) with a [`Learner`] that holds a
//!   model's training state, and the [`nn::dead`]-unit analysis;
//! - [`data`]: the built-in [`DataSet`]s (two moons, the ring and grid mixtures), minibatch
//!   [`Batches`] and [`format_point`] for output lines;
//! - [`models`]: [`Nce`] and [`Gan`] for points of any dimension, and the [`models::jobs`]
//!   that train them end to end;
//! - [`model_file`]: trained models as bytes, written and read in caller memory, specified in
//!   `docs/model-file.md`;
//! - [`kernels`]: the chunked products under the layers (internal but for [`kernels::CHUNK`]).

#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

// Only for `f32::sqrt` (see `math::sqrt`); nothing allocates.
#[cfg(feature = "std")]
extern crate std;

pub mod data;
mod error;
pub mod kernels;
pub mod math;
pub mod model_file;
pub mod models;
pub mod nn;

pub use data::{format_point, make_moons, Batches, DataSet, Mixture};
pub use error::Error;
pub use math::{Gaussian, Rng};
pub use models::gan::{Gan, GanConfig, GanEpochStats, GAN_EPOCH_CSV_HEADER};
pub use models::nce::{Nce, NceConfig, NceEpochStats, NoiseKind, Sampler, SamplerKind};
pub use nn::{
    Activation, Adam, AdamConfig, Dense, Learner, Mlp1, Mlp2, Optimizer, Params, Sgd, SgdConfig,
};
