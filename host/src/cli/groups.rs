//! The option groups that several commands share, declared once and flattened into each
//! command. The generic groups give their defaults as `default_value` strings: clap's
//! `default_value_t` keeps its text in one `static` shared by every instance of a generic
//! type, so the first instance's default would show, and apply, everywhere.

use crate::studies::{self, Defaults, Plan};
use crate::training_data::{parse_data_source, DataSource};
use clap::Args;
use std::marker::PhantomData;
use std::path::PathBuf;

/// `--seed`, with default `DEFAULT` (42 unless a study says otherwise).
#[derive(Args, Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedArgs<const DEFAULT: u64 = { crate::DEFAULT_SEED }> {
    /// Seed of every random draw: the same seed gives the same lines. A study runs seeds
    /// SEED, SEED+1, …, SEED+SEEDS−1.
    #[arg(long, default_value = DEFAULT.to_string())]
    pub seed: u64,
}

/// The most points one `-n` may ask for. The points are kept in memory until printed, and on
/// the mixtures, whose samplers accept one proposal in one to three thousand, ten million
/// take about an hour on the ring; beyond that a typo would run for days and then exhaust
/// the memory.
pub const MAX_SAMPLES: usize = 10_000_000;

/// `-n`, with default `DEFAULT` (100 unless a study says otherwise).
#[derive(Args, Debug, Clone, Copy, PartialEq, Eq)]
pub struct SamplesArgs<const DEFAULT: usize = { crate::DEFAULT_SAMPLES }> {
    /// Number of points to draw (per run in a study).
    #[arg(
        short = 'n',
        long = "samples",
        default_value = DEFAULT.to_string(),
        value_parser = parse_samples,
        help = samples_help()
    )]
    pub samples: usize,
}

/// `-n`'s help line, its bound taken from [`MAX_SAMPLES`].
fn samples_help() -> String {
    format!("Number of points to draw (per run in a study), 1 to {MAX_SAMPLES}")
}

/// A count for `-n`: 1 to [`MAX_SAMPLES`].
fn parse_samples(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if (1..=MAX_SAMPLES).contains(&n) => Ok(n),
        Ok(_) => Err(format!("must be 1 to {MAX_SAMPLES}")),
        Err(e) => Err(e.to_string()),
    }
}

/// `--data` of the training commands.
#[derive(Args, Debug, Clone)]
pub struct DataArgs {
    /// Training data: moons, ring, grid, or a file of `x1,x2` lines.
    #[arg(long, default_value = "moons", value_parser = parse_data_source)]
    pub data: DataSource,
}

/// `--quiet`.
#[derive(Args, Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietArgs {
    /// No diagnostics or progress bar on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

/// What a training command writes besides its samples.
#[derive(Args, Debug, Clone)]
pub struct OutputArgs {
    /// Also draw the samples over the training data into this .png or .svg file.
    #[arg(long)]
    pub plot: Option<PathBuf>,
    /// Write the per-epoch statistics to this CSV file.
    #[arg(long)]
    pub log: Option<PathBuf>,
    /// Write the trained model to this file (see docs/model-file.md).
    #[arg(long)]
    pub save: Option<PathBuf>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub quiet: QuietArgs,
}

impl OutputArgs {
    /// True when `--quiet` was given.
    pub fn quiet(&self) -> bool {
        self.quiet.quiet
    }
}

/// A study's defaults, as its options show them.
pub trait StudyDefaults {
    /// The study's output folder, first seed and seed count.
    const DEFAULTS: Defaults;
}

/// Where a study writes and how many seeds it runs (its first seed is `--seed`).
#[derive(Args, Debug, Clone)]
pub struct StudyArgs<S: StudyDefaults + Clone + Send + Sync + 'static> {
    /// Folder for the tables, figures and report (created if missing).
    #[arg(long, default_value = S::DEFAULTS.out)]
    pub out: PathBuf,
    /// Seeds per setting: the runs use seeds SEED, SEED+1, …, SEED+SEEDS−1.
    #[arg(long, default_value = S::DEFAULTS.seeds.to_string())]
    pub seeds: u64,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub quiet: QuietArgs,
    #[arg(skip)]
    #[allow(missing_docs)]
    pub study: PhantomData<S>,
}

impl<S: StudyDefaults + Clone + Send + Sync + 'static> StudyArgs<S> {
    /// The study's plan, its runs starting at seed `first_seed`.
    pub fn plan(&self, first_seed: u64) -> Plan {
        Plan {
            out: self.out.clone(),
            first_seed,
            seeds: self.seeds,
            quiet: self.quiet.quiet,
        }
    }
}

/// The defaults of `tinygen experiments`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Experiments;
impl StudyDefaults for Experiments {
    const DEFAULTS: Defaults = studies::experiments::DEFAULTS;
}

/// The defaults of `tinygen pacgan`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pacgan;
impl StudyDefaults for Pacgan {
    const DEFAULTS: Defaults = studies::pacgan::DEFAULTS;
}

/// The defaults of `tinygen relu`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Relu;
impl StudyDefaults for Relu {
    const DEFAULTS: Defaults = studies::relu::DEFAULTS;
}

/// The defaults of `tinygen nce-dim`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NceDim;
impl StudyDefaults for NceDim {
    const DEFAULTS: Defaults = studies::nce_dim::DEFAULTS;
}
