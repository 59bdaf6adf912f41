//! `tinygen nce-dim`: why NCE with rejection sampling stalls in high dimension, measured.
//!
//! The `d`-dimensional data is a product of `d/2` independent two-moons draws (noise 0.05).
//! For each `d`, the core's [`Nce`](tinygen::Nce)`<d, 32>` runs as the 2-D main job does,
//! with the core's default configuration ([`NceConfig::default`]: `ν`, epochs, batch size, Adam
//! and its schedule): a Gaussian `q` fitted to the data's mean and full covariance, a
//! `d`→32→32→1 ELU classifier trained with BCE against `ν` fresh `q` draws per data point, and
//! then the core's rejection sampler (bound `M` = the largest `r(x) = ν·e^logit` over a pool of
//! `q` draws, raised whenever a proposal exceeds it), run until 1000 acceptances or 100 000
//! proposals, one proposal at a time ([`tinygen::Sampler::propose`]), instantiated for every
//! `D` through the generic [`run()`].
//!
//! Because the data's law is known, so is the true ratio `p/q`: `p` is a product of
//! two-moons densities ([`MoonsDensity`](crate::studies::nce_dim::moons::MoonsDensity)) and `q` a Gaussian. Each run therefore also
//! measures what a perfect classifier would do (the Bayes rule `p/q > ν`) and the true
//! `ln p/q` on held-out data. For independent pairs and a `q` that (nearly) factorises over
//! them, `sup p/q` is the product of the pairs' suprema, so an exact rejection sampler from
//! `q` accepts `a₂^(d/2)` of its proposals, `a₂` being the 2-D rate. Two references are
//! drawn: `a₂` measured in 2-D, and the exact `a₂ = 1/sup(p₂/q₂)` computed numerically.
//!
//! The study is split into: [`run`](mod@run) (one run, and the dimensions studied), [`summary`]
//! (per-dimension summaries), [`tables`], [`figure`] and [`explanation`](mod@explanation) (the report).

pub mod explanation;
pub mod figure;
pub mod moons;
pub mod run;
pub mod study;
pub mod summary;
pub mod tables;

pub use explanation::explanation;
pub use figure::panels;
pub use run::{run, DimRun, Job, DIMENSIONS};
pub use summary::{summarise, DimSummary};
pub use tables::{diagnostics_table, runs_table, summary_table};

pub use study::study;

/// The study's output folder and seeds unless the command line says otherwise (epochs: the
/// core's NCE default).
pub const DEFAULTS: crate::studies::Defaults = crate::studies::Defaults {
    out: "nce-dim",
    first_seed: crate::DEFAULT_SEED,
    seeds: 3,
};

use crate::failure::Outcome;
use tinygen::data::MOONS_NOISE;
use tinygen::NceConfig;

/// Proposals the sampler may use per run.
pub const MAX_PROPOSALS: usize = 100_000;
/// The sampler stops counting after this many acceptances.
pub const TARGET_ACCEPTED: u64 = 1000;
/// A coordinate pair is "on the moons" within this distance of an arc: 3σ of the data noise.
pub const ON_MOONS_TOLERANCE: f64 = 3.0 * MOONS_NOISE as f64;
/// Held-out data points per run (each with `ν` held-out noise draws).
pub const HELD_OUT: usize = 1000;

/// The core's NCE default with `epochs` epochs, checked.
pub fn config(epochs: usize) -> Outcome<NceConfig> {
    let c = NceConfig {
        epochs,
        ..NceConfig::default()
    };
    c.validate()?;
    Ok(c)
}
