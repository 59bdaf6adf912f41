//! One run of the study (a setting at a seed), how it ended, the GAN's per-epoch trace,
//! the output files' names and the jobs' times.

use super::settings::Setting;
use crate::metrics::Metrics;
use crate::run::nce::NceReport;
use tinygen::{GanConfig, GanEpochStats};

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Trained and sampled; its metrics are data.
    Completed,
    /// A loss, a parameter or a generated point became NaN or infinite.
    Diverged {
        /// The epoch that diverged, when training itself did.
        epoch: Option<usize>,
        /// The error.
        why: String,
    },
    /// Trained, but no samples could be drawn (e.g. the sampler rejected everything).
    Failed(String),
}

impl Status {
    /// The short table cell.
    pub fn cell(&self) -> String {
        match self {
            Status::Completed => "ok".into(),
            Status::Diverged { epoch: Some(e), .. } => format!("diverged at epoch {e}"),
            Status::Diverged { epoch: None, .. } => "diverged".into(),
            Status::Failed(_) => "failed".into(),
        }
    }

    /// The long description (for the report), safe in a table cell.
    pub fn detail(&self) -> String {
        let text = match self {
            Status::Completed => "ok".to_string(),
            Status::Diverged { why, .. } => format!("{}: {why}", self.cell()),
            Status::Failed(why) => format!("failed: {why}"),
        };
        text.replace([',', '|'], ";")
    }
}

/// One run: a setting at a seed.
#[derive(Clone, Debug)]
pub struct Run {
    /// What was trained.
    pub setting: Setting,
    /// The seed of data, initialisation, training and sampling.
    pub seed: u64,
    /// How it ended.
    pub status: Status,
    /// The generated points (empty unless the run completed).
    pub points: Vec<[f32; 2]>,
    /// Quality metrics of `points` (set once evaluated).
    pub metrics: Option<Metrics>,
    /// GAN: the statistics of its last epoch.
    pub gan_final: Option<GanEpochStats>,
    /// NCE: sampler counts and held-out accuracy.
    pub nce: Option<NceReport>,
    /// The scatter plot, relative to the output folder.
    pub plot: Option<String>,
}

impl Run {
    /// The metrics of a completed run (`None` for a diverged or failed one).
    pub fn completed(&self) -> Option<&Metrics> {
        match self.status {
            Status::Completed => self.metrics.as_ref(),
            _ => None,
        }
    }
}

/// The per-epoch statistics of one GAN training run (all its snapshots share them).
#[derive(Clone, Debug, PartialEq)]
pub struct GanTrace {
    /// The run's configuration (`epochs`: the run's length).
    pub config: GanConfig,
    /// The seed.
    pub seed: u64,
    /// `epochs[e]` describes epoch `e + 1`; a diverged run stops at its last finite epoch.
    pub epochs: Vec<GanEpochStats>,
    /// The epoch in which training diverged.
    pub diverged_at: Option<usize>,
}

impl GanTrace {
    /// Its CSV file, relative to the output folder.
    pub fn file(&self) -> String {
        format!(
            "{EPOCHS_DIR}/gan_d{}_g{}_seed{}.csv",
            self.config.d_steps, self.config.g_steps, self.seed
        )
    }
}

/// The folder of the per-run scatter plots, in the output folder.
pub const SCATTER_DIR: &str = "scatter";
/// The folder of the per-epoch CSVs, in the output folder.
pub const EPOCHS_DIR: &str = "epochs";
/// The metrics table as CSV.
pub const METRICS_CSV: &str = "metrics.csv";
/// The metrics table as Markdown.
pub const METRICS_MD: &str = "metrics.md";
/// The report.
pub const REPORT: &str = "report.md";

/// How long one training job took.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct JobTime {
    /// Wall time on its thread (includes waiting for a core on a busy machine).
    pub wall: std::time::Duration,
    /// CPU time of its thread, when the system tells (Linux).
    pub cpu: Option<std::time::Duration>,
}

/// CPU time (user + system) from a Linux `/proc/…/stat` file: `/proc/thread-self/stat` for
/// the calling thread, `/proc/self/stat` for the process. `None` where there is no such file.
pub fn cpu_time(stat_file: &str) -> Option<std::time::Duration> {
    let text = std::fs::read_to_string(stat_file).ok()?;
    parse_cpu_time(&text)
}

/// utime + stime (fields 14 and 15, in clock ticks of 1/100 s, Linux's fixed `USER_HZ`)
/// of a `stat` line.
fn parse_cpu_time(stat: &str) -> Option<std::time::Duration> {
    // The command name (field 2) may hold spaces; the fields after it start at field 3.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(std::time::Duration::from_millis(ticks * 10))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_time_of_a_stat_line() {
        let stat = "11677 (my (odd) cmd) R 11675 11675 28778 0 -1 4194304 103 0 0 0 250 7 0 0 \
                    20 0 1 0";
        assert_eq!(
            parse_cpu_time(stat),
            Some(std::time::Duration::from_millis(2570))
        );
        assert_eq!(parse_cpu_time("garbage"), None);
        if cfg!(target_os = "linux") {
            assert!(cpu_time("/proc/thread-self/stat").is_some());
        }
    }
}
