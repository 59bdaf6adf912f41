//! The host side of tinygen: the CLI's commands, quality metrics, plots and studies.

pub mod cli;
pub mod commands;
pub mod dispatch;
pub mod failure;
pub mod metrics;
pub mod output;
pub mod plot;
pub mod progress;
pub mod report;
pub mod studies;

/// The seed every command uses unless `--seed` says otherwise.
pub const DEFAULT_SEED: u64 = 42;
