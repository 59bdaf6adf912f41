//! The command line: `tinygen` alone is the main job (NCE samples); subcommands run the rest.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Train small generative models on two moons, the ring and grid mixtures or your own points:
/// NCE (default), a GAN, and the studies.
///
/// With no subcommand, trains the default NCE sampler and prints exactly N points as
/// `x1,x2` lines on stdout (diagnostics go to stderr).
#[derive(Parser, Debug)]
#[command(name = "tinygen", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// The study or job to run; none runs the NCE main job.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Options of the NCE main job.
    #[command(flatten)]
    pub nce: NceArgs,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// The NCE main job (same as no subcommand).
    Nce(NceArgs),
    /// Train a GAN on two moons and print its samples.
    Gan(GanArgs),
    /// Reproduce the whole GAN-vs-NCE study: plots, metrics tables and a report.
    Experiments(ExperimentsArgs),
    /// The dead-ReLU study: share of dead hidden units, ReLU vs ELU, over learning rates.
    Relu(ReluArgs),
    /// Why NCE fails in high dimension: acceptance rate and classifier accuracy vs d.
    NceDim(NceDimArgs),
    /// The mode-collapse benchmark on the ring and grid mixtures (PacGAN protocol): GAN vs NCE.
    Pacgan(PacganArgs),
    /// Read `x1,x2` lines (stdin by default) and print quality metrics as JSON.
    Eval(EvalArgs),
    /// Draw points from a saved NCE sampler or GAN generator, without training.
    Sample(SampleArgs),
    /// Print what a model file holds.
    Inspect(InspectArgs),
    /// Rebuild a model file from a device's decoded log (its `model:` hex lines).
    ImportModel(ImportModelArgs),
}

/// Noise distribution for NCE.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoiseArg {
    /// Gaussian fitted to the data's mean and covariance.
    Fitted,
    /// The standard normal N(0, I).
    Standard,
    /// Uniform over the data's bounding box, widened by a margin.
    Box,
}

/// Sampler for NCE.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SamplerArg {
    /// Accept x ~ q with probability r(x)/M.
    Rejection,
    /// Accept x ~ q when the classifier says "data" (c(x) > 0.5).
    Threshold,
}

/// Options of the NCE sampler.
#[derive(Args, Debug, Clone)]
pub struct NceArgs {
    /// Number of points to print.
    #[arg(short = 'n', long = "samples", default_value_t = 100)]
    pub samples: usize,
    /// Training data: moons, ring, grid, or a file of `x1,x2` lines.
    #[arg(long, default_value = "moons", value_parser = crate::training_data::parse_data_source)]
    pub data: crate::training_data::DataSource,
    /// Seed of every random draw.
    #[arg(long, default_value_t = crate::DEFAULT_SEED)]
    pub seed: u64,
    /// Training epochs (default: the core's).
    #[arg(long)]
    pub epochs: Option<usize>,
    /// Noise points per data point, ν (default: the core's).
    #[arg(long)]
    pub noise_ratio: Option<usize>,
    /// Data points per minibatch (default: the core's).
    #[arg(long)]
    pub batch_size: Option<usize>,
    /// Adam learning rate (default: the core's).
    #[arg(long, allow_negative_numbers = true)]
    pub lr: Option<f32>,
    /// Noise distribution q.
    #[arg(long, value_enum, default_value_t = NoiseArg::Fitted)]
    pub noise: NoiseArg,
    /// How to turn the classifier into a sampler.
    #[arg(long, value_enum, default_value_t = SamplerArg::Rejection)]
    pub sampler: SamplerArg,
    /// Also draw the samples over the training data into this .png or .svg file.
    #[arg(long)]
    pub plot: Option<PathBuf>,
    /// Write per-epoch loss and accuracy to this CSV file.
    #[arg(long)]
    pub log: Option<PathBuf>,
    /// Write the trained model to this file (see docs/model-file.md).
    #[arg(long)]
    pub save: Option<PathBuf>,
    /// No diagnostics on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Options of `tinygen gan`.
#[derive(Args, Debug, Clone)]
pub struct GanArgs {
    /// Training data: moons, ring, grid, or a file of `x1,x2` lines.
    #[arg(long, default_value = "moons", value_parser = crate::training_data::parse_data_source)]
    pub data: crate::training_data::DataSource,
    /// Training epochs (passes over the 1000 training points).
    #[arg(long, default_value_t = 100)]
    pub epochs: usize,
    /// Discriminator updates per minibatch.
    #[arg(long, default_value_t = 1)]
    pub d_steps: usize,
    /// Generator updates per minibatch.
    #[arg(long, default_value_t = 1)]
    pub g_steps: usize,
    /// Seed of every random draw.
    #[arg(long, default_value_t = crate::DEFAULT_SEED)]
    pub seed: u64,
    /// Number of generated points to print.
    #[arg(short = 'n', long = "samples", default_value_t = 100)]
    pub samples: usize,
    /// Adam learning rate of both networks.
    #[arg(long, default_value_t = 1e-3, allow_negative_numbers = true)]
    pub lr: f32,
    /// Minibatch size.
    #[arg(long, default_value_t = 100)]
    pub batch_size: usize,
    /// Hidden width of G and D: 16, 32 or 50 (16 is what the firmware trains).
    #[arg(long, default_value_t = 50, value_parser = parse_gan_width)]
    pub width: usize,
    /// Draw the generated points over the real data into this .png or .svg file.
    #[arg(long)]
    pub plot: Option<PathBuf>,
    /// Write the per-epoch statistics to this CSV file instead of stderr.
    #[arg(long)]
    pub log: Option<PathBuf>,
    /// Write the trained generator to this file (see docs/model-file.md).
    #[arg(long)]
    pub save: Option<PathBuf>,
    /// No diagnostics on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Options of `tinygen experiments`.
#[derive(Args, Debug, Clone)]
pub struct ExperimentsArgs {
    /// Folder for plots, tables and the report (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    /// Seeds per setting (0..K).
    #[arg(long, default_value_t = 3)]
    pub seeds: u64,
    /// Points generated per run (and evaluated).
    #[arg(short = 'n', long = "samples", default_value_t = 1000)]
    pub samples: usize,
    /// No progress bar or summary on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Options of `tinygen relu`.
#[derive(Args, Debug, Clone)]
pub struct ReluArgs {
    /// Folder for the table and the plot (created if missing).
    #[arg(long, default_value = "relu-study")]
    pub out: PathBuf,
    /// Training epochs per run.
    #[arg(long, default_value_t = 50)]
    pub epochs: usize,
    /// Seed of every random draw; the runs use seeds SEED, SEED+1, …
    #[arg(long, default_value_t = crate::DEFAULT_SEED)]
    pub seed: u64,
    /// Runs (seeds) per activation and learning rate.
    #[arg(long, default_value_t = 5)]
    pub seeds: u64,
    /// No diagnostics or progress bar on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Options of `tinygen nce-dim`.
#[derive(Args, Debug, Clone)]
pub struct NceDimArgs {
    /// Folder for the table and the plot (created if missing).
    #[arg(long, default_value = "nce-dim")]
    pub out: PathBuf,
    /// Seed of every random draw; the runs use seeds SEED, SEED+1, …
    #[arg(long, default_value_t = crate::DEFAULT_SEED)]
    pub seed: u64,
    /// Runs (seeds) per dimension.
    #[arg(long, default_value_t = 3)]
    pub seeds: u64,
    /// Training epochs per run (default: the core's NCE default).
    #[arg(long)]
    pub epochs: Option<usize>,
    /// No diagnostics or progress bar on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Options of `tinygen pacgan`.
#[derive(Args, Debug, Clone)]
pub struct PacganArgs {
    /// The mixture: ring, grid, or both.
    #[arg(long, value_enum, default_value_t = MixtureArg::Both)]
    pub data: MixtureArg,
    /// Folder for the tables, figures and report (created if missing).
    #[arg(long, default_value = "pacgan-study")]
    pub out: PathBuf,
    /// The first seed; the runs use seeds SEED, SEED+1, …
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Runs (seeds) per mixture and model.
    #[arg(long, default_value_t = crate::studies::pacgan::DEFAULT_SEEDS)]
    pub seeds: u64,
    /// Samples per run.
    #[arg(short = 'n', long = "samples", default_value_t = crate::studies::pacgan::SAMPLES)]
    pub samples: usize,
    /// Train every model this many epochs instead of its default (a quick look).
    #[arg(long)]
    pub epochs: Option<usize>,
    /// No progress bar or report on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

/// The mixtures of `tinygen pacgan`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum MixtureArg {
    /// 8 Gaussians on the unit circle, σ 0.01.
    Ring,
    /// 25 Gaussians at (2i−4, 2j−4), σ 0.05.
    Grid,
    /// Both.
    Both,
}

/// Options of `tinygen eval`.
#[derive(Args, Debug, Clone)]
pub struct EvalArgs {
    /// File of `x1,x2` lines; stdin when absent or `-`.
    pub file: Option<PathBuf>,
    /// The law to score against: moons (energy distance, MMD, arcs), or ring or grid
    /// (modes, high-quality share, reverse KL).
    #[arg(long, default_value = "moons", value_parser = parse_data_set)]
    pub data: tinygen::DataSet,
    /// Noise σ of the true two-moons process.
    #[arg(long, default_value_t = 0.05, allow_negative_numbers = true)]
    pub noise: f64,
    /// Seed of the reference sample and of the floors.
    #[arg(long, default_value_t = crate::DEFAULT_SEED)]
    pub seed: u64,
}

/// Options of `tinygen sample`.
#[derive(Args, Debug, Clone)]
pub struct SampleArgs {
    /// The model file (an NCE sampler or a GAN generator).
    #[arg(long)]
    pub model: PathBuf,
    /// Number of points to print.
    #[arg(short = 'n', long = "samples", default_value_t = 100)]
    pub samples: usize,
    /// Seed of the draws; the training seed gives the lines training printed.
    #[arg(long, default_value_t = crate::DEFAULT_SEED)]
    pub seed: u64,
}

/// Options of `tinygen inspect`.
#[derive(Args, Debug, Clone)]
pub struct InspectArgs {
    /// The model file.
    pub file: PathBuf,
}

/// Options of `tinygen import-model`.
#[derive(Args, Debug, Clone)]
pub struct ImportModelArgs {
    /// The device's decoded log (defmt-print output); stdin when `-`.
    pub log: PathBuf,
    /// The model file to write.
    #[arg(short, long)]
    pub output: PathBuf,
}

/// A built-in data set's name.
fn parse_data_set(text: &str) -> Result<tinygen::DataSet, String> {
    tinygen::DataSet::from_name(text).ok_or_else(|| "expected moons, ring or grid".into())
}

/// The GAN widths compiled in: 16 (the firmware's), 32, and 50 (the classic set-up's).
fn parse_gan_width(text: &str) -> Result<usize, String> {
    match text {
        "16" => Ok(16),
        "32" => Ok(32),
        "50" => Ok(50),
        _ => Err("the GAN is built for widths 16, 32 and 50".into()),
    }
}
