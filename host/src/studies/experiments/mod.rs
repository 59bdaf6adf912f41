//! The results of `tinygen experiments`: runs, their settings and statuses, the rules that
//! turn metrics into answers (mode collapse, a fooled discriminator, which model wins), the
//! metrics tables, the figures ([`figures`], [`grids`]) and the written report ([`report`](mod@report));
//! and how the runs are made: the jobs ([`jobs`]), running them ([`training`]), the
//! baselines ([`baselines`]) and each run's evaluation and plot ([`evaluation`]).

pub mod baselines;
pub mod evaluation;
pub mod figures;
pub mod grids;
pub mod jobs;
pub mod numbers;
pub mod report;
pub mod runs;
pub mod settings;
pub mod study;
pub mod tables;
pub mod training;
pub mod verdicts;

#[cfg(test)]
pub(crate) mod test_runs;

pub use crate::metrics::median;
pub use numbers::short;
pub use runs::{
    cpu_time, GanTrace, JobTime, Run, Status, EPOCHS_DIR, METRICS_CSV, METRICS_MD, REPORT,
    SCATTER_DIR,
};
pub use settings::{
    gan, sampler_name, Baseline, Setting, BASELINES, BASE_GAN, SAMPLERS, SNAPSHOT_EPOCHS,
    STEP_EPOCHS, STEP_SETTINGS,
};
pub use tables::{epochs_csv, metrics_table};
pub use verdicts::{
    best_gan, collapse_reason, is_collapsed, is_fooled, range, values, winner, Better, Compared,
    Summary, Winner, COLLAPSE_RULE, COMPARED, FOOLED_TOLERANCE, MAX_COLLAPSED_COVERAGE, UPPER_HIGH,
    UPPER_LOW,
};

pub use study::study;

/// The study's output folder and seeds unless the command line says otherwise.
pub const DEFAULTS: crate::studies::Defaults = crate::studies::Defaults {
    out: "experiments",
    first_seed: 0,
    seeds: 3,
};
/// Points generated (and evaluated) per run, unless the command line says otherwise.
pub const SAMPLES: usize = 1000;
