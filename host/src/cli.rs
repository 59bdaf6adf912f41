//! The command line: `tinygen` alone is the main job (NCE samples); subcommands run the rest.
//!
//! The options that several commands share are declared once, as groups flattened into each
//! command: [`SeedArgs`], [`SamplesArgs`], [`DataArgs`], [`OutputArgs`] (with [`QuietArgs`])
//! and [`StudyArgs`]. Every default is the core's ([`NceConfig::DEFAULT`],
//! [`GanConfig::DEFAULT`]) or the study's own, and `--help` shows it.

mod groups;

pub use groups::{
    DataArgs, Experiments, NceDim, OutputArgs, Pacgan, QuietArgs, Relu, SamplesArgs, SeedArgs,
    StudyArgs, StudyDefaults,
};

use crate::studies;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use tinygen::models::jobs::GAN_WIDTH;
use tinygen::models::nce::FineTune;
use tinygen::{DataSet, GanConfig, NceConfig};

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
    /// Train a GAN and print its samples; its per-epoch statistics go to stderr (or --log).
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
    #[command(flatten)]
    #[allow(missing_docs)]
    pub samples: SamplesArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub data: DataArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub seed: SeedArgs,
    /// Training epochs.
    #[arg(long, value_name = "EPOCHS", help = nce_epochs_help())]
    pub epochs: Option<usize>,
    /// Noise points per data point, ν.
    #[arg(long, value_name = "NOISE_RATIO", help = nce_noise_ratio_help())]
    pub noise_ratio: Option<usize>,
    /// Classifiers trained from fresh initialisations; the lowest final loss is kept.
    #[arg(long, value_name = "COUNT", help = nce_restarts_help())]
    pub restarts: Option<usize>,
    /// Data points per minibatch.
    #[arg(long, value_name = "BATCH_SIZE", help = nce_batch_help())]
    pub batch_size: Option<usize>,
    /// Adam learning rate (it falls linearly to 0.1 % of this over the epochs).
    #[arg(long, value_name = "LR", help = nce_lr_help(), allow_negative_numbers = true)]
    pub lr: Option<f32>,
    /// Epochs of the fine-tune phase: the kept classifier trains on at a larger ν.
    #[arg(long, value_name = "EPOCHS", help = nce_fine_tune_epochs_help())]
    pub fine_tune_epochs: Option<usize>,
    /// ν of the fine-tune phase, which the sampler then uses too.
    #[arg(long, value_name = "NOISE_RATIO", default_value_t = FineTune::OFF.noise_ratio)]
    pub fine_tune_noise_ratio: usize,
    /// Adam learning rate at the start of the fine-tune phase (it falls like --lr's).
    #[arg(long, value_name = "LR", default_value_t = FineTune::OFF.lr, allow_negative_numbers = true)]
    pub fine_tune_lr: f32,
    /// Noise distribution q.
    #[arg(long, value_enum, default_value_t = NoiseArg::Fitted)]
    pub noise: NoiseArg,
    /// The Gaussian noise's standard deviations times this.
    #[arg(long, value_name = "FACTOR", default_value_t = NceConfig::DEFAULT.noise_width,
          help = nce_noise_width_help())]
    pub noise_width: f32,
    /// Fresh noise draws for refitting the output layer after training (0: no refit).
    #[arg(long, value_name = "DRAWS", help = nce_refit_noise_help())]
    pub refit_noise: Option<usize>,
    /// The refit's ridge on the output weights' distance from the trained ones.
    #[arg(long, value_name = "LAMBDA", help = nce_refit_ridge_help(), allow_negative_numbers = true)]
    pub refit_ridge: Option<f32>,
    /// How to turn the classifier into a sampler.
    #[arg(long, value_enum, default_value_t = SamplerArg::Rejection)]
    pub sampler: SamplerArg,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub output: OutputArgs,
}

/// `--epochs` of NCE: its default depends on the data.
fn nce_epochs_help() -> String {
    format!(
        "Training epochs [default: {}; {} on ring and grid]",
        NceConfig::DEFAULT.epochs,
        NceConfig::for_data_set(DataSet::Ring).epochs
    )
}

/// `--noise-ratio` of NCE: its default depends on the data.
fn nce_noise_ratio_help() -> String {
    format!(
        "Noise points per data point, ν [default: {}; {} on ring and grid]",
        NceConfig::DEFAULT.noise_ratio,
        NceConfig::for_data_set(DataSet::Ring).noise_ratio
    )
}

/// `--lr` of NCE: its default depends on the data.
fn nce_lr_help() -> String {
    format!(
        "Adam learning rate; it falls linearly to 0.1 % of this over the epochs [default: {}; {} \
         on grid]",
        NceConfig::DEFAULT.adam.lr,
        NceConfig::for_data_set(DataSet::Grid).adam.lr
    )
}

/// `--restarts` of NCE: its default depends on the data.
fn nce_restarts_help() -> String {
    format!(
        "Classifiers trained from fresh initialisations, one after another; the one with the \
         lowest final-epoch loss is kept [default: {}; {} on grid; at most {}]",
        NceConfig::DEFAULT.restarts,
        NceConfig::for_data_set(DataSet::Grid).restarts,
        tinygen::models::nce::MAX_RESTARTS
    )
}

/// `--noise-width` of NCE: its limit is the core's.
fn nce_noise_width_help() -> String {
    format!(
        "The Gaussian noise's standard deviations times this (fitted or standard, not box; at \
         most {})",
        tinygen::models::nce::MAX_NOISE_WIDTH
    )
}

/// `--refit-noise` of NCE: its default depends on the data.
fn nce_refit_noise_help() -> String {
    format!(
        "Fresh noise draws for refitting the output layer after training (0: no refit) \
         [default: {}; {} on ring and grid]",
        NceConfig::DEFAULT.refit_noise,
        NceConfig::for_data_set(DataSet::Ring).refit_noise
    )
}

/// `--refit-ridge` of NCE: its default depends on the data.
fn nce_refit_ridge_help() -> String {
    format!(
        "The refit's ridge on the output weights' distance from the trained ones \
         [default: {}; {} on grid]",
        NceConfig::DEFAULT.refit_ridge,
        NceConfig::for_data_set(DataSet::Grid).refit_ridge
    )
}

/// `--fine-tune-epochs` of NCE: its default depends on the data.
fn nce_fine_tune_epochs_help() -> String {
    format!(
        "Epochs of the fine-tune phase, in which the kept classifier trains on at ν = \
         --fine-tune-noise-ratio before the refit (0: none) [default: {}; {} on grid]",
        NceConfig::DEFAULT.fine_tune.epochs,
        NceConfig::for_data_set(DataSet::Grid).fine_tune.epochs
    )
}

/// `--batch-size` of NCE: a small file trains in one batch.
fn nce_batch_help() -> String {
    format!(
        "Data points per minibatch [default: {}, or all points of a smaller file]",
        NceConfig::DEFAULT.batch_size
    )
}

/// Options of `tinygen gan`.
#[derive(Args, Debug, Clone)]
pub struct GanArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub samples: SamplesArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub data: DataArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub seed: SeedArgs,
    /// Training epochs (passes over the training points).
    #[arg(long, default_value_t = GanConfig::DEFAULT.epochs)]
    pub epochs: usize,
    /// Discriminator updates per minibatch.
    #[arg(long, default_value_t = GanConfig::DEFAULT.d_steps)]
    pub d_steps: usize,
    /// Generator updates per minibatch.
    #[arg(long, default_value_t = GanConfig::DEFAULT.g_steps)]
    pub g_steps: usize,
    /// Adam learning rate of both networks.
    #[arg(long, default_value_t = GanConfig::DEFAULT.d_adam.lr, allow_negative_numbers = true)]
    pub lr: f32,
    /// Minibatch size.
    #[arg(long, default_value_t = GanConfig::DEFAULT.batch_size)]
    pub batch_size: usize,
    /// Hidden width of G and D: 16, 32 or 50 (16 is what the firmware trains).
    #[arg(long, default_value_t = GAN_WIDTH, value_parser = parse_gan_width)]
    pub width: usize,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub output: OutputArgs,
}

/// Options of `tinygen experiments`.
#[derive(Args, Debug, Clone)]
pub struct ExperimentsArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub seed: SeedArgs<{ studies::experiments::DEFAULTS.first_seed }>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub samples: SamplesArgs<{ studies::experiments::SAMPLES }>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub study: StudyArgs<Experiments>,
}

/// Options of `tinygen relu`.
#[derive(Args, Debug, Clone)]
pub struct ReluArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub seed: SeedArgs<{ studies::relu::DEFAULTS.first_seed }>,
    /// Training epochs per run.
    #[arg(long, default_value_t = studies::relu::EPOCHS)]
    pub epochs: usize,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub study: StudyArgs<Relu>,
}

/// Options of `tinygen nce-dim`.
#[derive(Args, Debug, Clone)]
pub struct NceDimArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub seed: SeedArgs<{ studies::nce_dim::DEFAULTS.first_seed }>,
    /// Training epochs per run.
    #[arg(long, default_value_t = NceConfig::DEFAULT.epochs)]
    pub epochs: usize,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub study: StudyArgs<NceDim>,
}

/// Options of `tinygen pacgan`.
#[derive(Args, Debug, Clone)]
pub struct PacganArgs {
    /// The mixture: ring, grid, or both.
    #[arg(long, value_enum, default_value_t = MixtureArg::Both)]
    pub data: MixtureArg,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub seed: SeedArgs<{ studies::pacgan::DEFAULTS.first_seed }>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub samples: SamplesArgs<{ studies::pacgan::SAMPLES }>,
    /// Train every model this many epochs instead of its default (a quick look; the
    /// protocol uses the defaults).
    #[arg(long)]
    pub epochs: Option<usize>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub study: StudyArgs<Pacgan>,
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
    pub data: DataSet,
    /// Noise σ of the true two-moons law.
    #[arg(long, default_value_t = crate::metrics::DEFAULT_NOISE, allow_negative_numbers = true)]
    pub sigma: f64,
    /// Seed of the reference sample and of the floors.
    #[command(flatten)]
    pub seed: SeedArgs,
}

/// Options of `tinygen sample`.
#[derive(Args, Debug, Clone)]
pub struct SampleArgs {
    /// The model file (an NCE sampler or a GAN generator).
    #[arg(long)]
    pub model: PathBuf,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub samples: SamplesArgs,
    /// The training seed gives the lines training printed.
    #[command(flatten)]
    pub seed: SeedArgs,
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
fn parse_data_set(text: &str) -> Result<DataSet, String> {
    DataSet::from_name(text).ok_or_else(|| "expected moons, ring or grid".into())
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn help_shows_the_cores_defaults() {
        let mut cli = Cli::command();
        let gan = cli
            .find_subcommand_mut("gan")
            .unwrap()
            .render_long_help()
            .to_string();
        assert!(gan.contains("[default: 100]"), "{gan}");
        assert!(gan.contains("[default: 0.001]"), "{gan}");
        let nce = Cli::command().render_help().to_string();
        assert!(
            nce.contains("[default: 300; 720 on ring and grid]"),
            "{nce}"
        );
        assert!(nce.contains("[default: 0.04; 0.02 on grid]"), "{nce}");
        assert!(
            nce.contains("[default: 1; 16 on grid; at most 32]"),
            "{nce}"
        );
    }

    #[test]
    fn studies_run_seed_to_seed_plus_seeds() {
        let cli = Cli::try_parse_from(["tinygen", "relu", "--seed", "7", "--seeds", "2"]).unwrap();
        let Some(Command::Relu(args)) = cli.command else {
            panic!("not relu")
        };
        let plan = args.study.plan(args.seed.seed);
        assert_eq!(plan.seed_range().collect::<Vec<_>>(), [7, 8]);
        assert_eq!(plan.out, PathBuf::from("relu-study"));
        let cli = Cli::try_parse_from(["tinygen", "experiments"]).unwrap();
        let Some(Command::Experiments(args)) = cli.command else {
            panic!("not experiments")
        };
        assert_eq!(
            (args.seed.seed, args.study.seeds, args.samples.samples),
            (0, 3, 1000)
        );
    }
}
