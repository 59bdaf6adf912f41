//! The host side of tinygen: the CLI's commands, quality metrics, plots and studies.

pub mod cli;
pub mod commands;
pub mod failure;
pub mod metrics;
pub mod model_files;
pub mod output;
pub mod points_file;
pub mod progress;
pub mod render;
pub mod run;
pub mod studies;
pub mod training_data;

/// The seed every command uses unless `--seed` says otherwise.
pub const DEFAULT_SEED: u64 = 42;

/// The points a command draws unless `-n` says otherwise.
pub const DEFAULT_SAMPLES: usize = 100;
