//! The studies, each in one shape: a folder with its settings and constants
//! (`mod.rs`), one run (`run.rs`, or the jobs of `experiments`), its tables and figures, and
//! `study.rs`, which runs a [`Plan`] and writes the outputs. [`experiments`]: GAN vs NCE on
//! two moons; [`relu`]: dead ReLU units; [`nce_dim`]: NCE in high dimension; [`pacgan`]: mode collapse on the
//! ring and grid mixtures, GAN vs NCE.

pub mod experiments;
pub mod nce_dim;
pub mod pacgan;
pub mod relu;

use std::path::PathBuf;

/// Where a study writes, which seeds it runs, and whether it reports on stderr.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// Folder for the tables, figures and report (created if missing).
    pub out: PathBuf,
    /// The first seed.
    pub first_seed: u64,
    /// Seeds per setting: the runs use `first_seed, first_seed + 1, …`.
    pub seeds: u64,
    /// No progress bar or summary on stderr.
    pub quiet: bool,
}

impl Plan {
    /// The seeds `first_seed..first_seed + seeds` (wrapping past `u64::MAX`).
    pub fn seed_range(&self) -> impl Iterator<Item = u64> + Clone {
        let first = self.first_seed;
        (0..self.seeds).map(move |k| first.wrapping_add(k))
    }

    /// The last seed.
    pub fn last_seed(&self) -> u64 {
        self.first_seed.wrapping_add(self.seeds.saturating_sub(1))
    }
}

/// A study's defaults, shown in its `--help`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Defaults {
    /// The output folder.
    pub out: &'static str,
    /// The first seed.
    pub first_seed: u64,
    /// Seeds per setting.
    pub seeds: u64,
}
