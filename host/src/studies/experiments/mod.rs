//! The results of `tinygen experiments`: runs, their settings and statuses, the rules that
//! turn metrics into answers (mode collapse, a fooled discriminator, which model wins), the
//! metrics tables, the figures ([`figures`], [`grids`]) and the written report ([`text`]);
//! and how the runs are made: the jobs ([`jobs`]), running them ([`training`]), the
//! baselines ([`baselines`]) and each run's evaluation and plot ([`evaluation`]).

pub mod baselines;
pub mod evaluation;
pub mod figures;
pub mod grids;
pub mod jobs;
pub mod text;
pub mod training;

use crate::commands::nce::NceReport;
use crate::metrics::Metrics;
use crate::render::table::{sig, Table};
use tinygen::{GanEpochStats, SamplerKind};

/// The GAN's epoch counts, taken as snapshots of one run with `d_steps = g_steps = 1`.
pub const SNAPSHOT_EPOCHS: [usize; 5] = [10, 30, 50, 100, 200];
/// Epochs of the runs with other `(d_steps, g_steps)`.
pub const STEP_EPOCHS: usize = 200;
/// The other `(d_steps, g_steps)` settings, trained for [`STEP_EPOCHS`] epochs.
pub const STEP_SETTINGS: [(usize, usize); 3] = [(10, 1), (1, 10), (10, 10)];
/// Both NCE samplers, rejection first.
pub const SAMPLERS: [SamplerKind; 2] = [SamplerKind::Rejection, SamplerKind::Threshold];

/// A run is mode-collapsed when fewer than this share of its points is on the outer moon …
pub const UPPER_LOW: f64 = 0.2;
/// … or more than this share …
pub const UPPER_HIGH: f64 = 0.8;
/// … or when it covers at most this many of the 20 arc bins.
pub const MAX_COLLAPSED_COVERAGE: u32 = 10;
/// The collapse rule in words, as stated in the report.
pub const COLLAPSE_RULE: &str = "a run is **mode-collapsed** when `upper_fraction < 0.2` or \
     `upper_fraction > 0.8` (one moon lost or nearly so; ideal 0.5), or `arc_coverage ≤ 10` \
     of 20 bins (at least half of the arcs' length holds fewer than a quarter of the points \
     the true law puts there)";

/// The discriminator counts as fooled when its mean output on generated points is within
/// this distance of 0.5 (a coin flip).
pub const FOOLED_TOLERANCE: f64 = 0.05;

/// What one run trained.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    /// The GAN after `epochs` epochs with `d_steps` and `g_steps` updates per minibatch.
    Gan {
        /// Epochs trained.
        epochs: usize,
        /// Discriminator updates per minibatch.
        d_steps: usize,
        /// Generator updates per minibatch.
        g_steps: usize,
    },
    /// NCE (default configuration) with this sampler.
    Nce(SamplerKind),
    /// A reference sampler, trained on nothing, that puts the numbers in perspective.
    Baseline(Baseline),
}

/// The reference samplers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Baseline {
    /// NCE's proposal `q` alone: the Gaussian fitted to the seed's training data. A sampler
    /// that learned nothing from its classifier draws exactly this.
    Proposal,
    /// A fresh i.i.d. sample of the true law: what a perfect generator scores.
    TrueLaw,
}

/// Both baselines, in table order.
pub const BASELINES: [Baseline; 2] = [Baseline::Proposal, Baseline::TrueLaw];

impl Setting {
    /// Every setting, in table order: the snapshots by ascending epochs, the other
    /// `(d_steps, g_steps)`, then NCE.
    pub fn all() -> Vec<Setting> {
        let snapshots = SNAPSHOT_EPOCHS.iter().map(|&epochs| Setting::Gan {
            epochs,
            d_steps: 1,
            g_steps: 1,
        });
        let steps = STEP_SETTINGS.iter().map(|&(d, g)| Setting::Gan {
            epochs: STEP_EPOCHS,
            d_steps: d,
            g_steps: g,
        });
        let nce = SAMPLERS.iter().map(|&s| Setting::Nce(s));
        let baselines = BASELINES.iter().map(|&b| Setting::Baseline(b));
        snapshots.chain(steps).chain(nce).chain(baselines).collect()
    }

    /// Position in [`Setting::all`].
    pub fn order(&self) -> usize {
        Setting::all()
            .iter()
            .position(|s| s == self)
            .unwrap_or(usize::MAX)
    }

    /// The name in tables and figures (no commas or pipes).
    pub fn label(&self) -> String {
        match self {
            Setting::Gan {
                epochs,
                d_steps,
                g_steps,
            } => format!("GAN {epochs} ep d{d_steps} g{g_steps}"),
            Setting::Nce(s) => format!("NCE {}", sampler_name(*s)),
            Setting::Baseline(Baseline::Proposal) => "baseline: q alone".into(),
            Setting::Baseline(Baseline::TrueLaw) => "baseline: true law".into(),
        }
    }

    /// The file-name stem.
    pub fn slug(&self) -> String {
        match self {
            Setting::Gan {
                epochs,
                d_steps,
                g_steps,
            } => format!("gan_e{epochs:03}_d{d_steps}_g{g_steps}"),
            Setting::Nce(s) => format!("nce_{}", sampler_name(*s)),
            Setting::Baseline(Baseline::Proposal) => "baseline_q".into(),
            Setting::Baseline(Baseline::TrueLaw) => "baseline_true_law".into(),
        }
    }

    /// True for GAN settings.
    pub fn is_gan(&self) -> bool {
        matches!(self, Setting::Gan { .. })
    }
}

/// `rejection` or `threshold`.
pub fn sampler_name(s: SamplerKind) -> &'static str {
    match s {
        SamplerKind::Rejection => "rejection",
        SamplerKind::Threshold => "threshold",
    }
}

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
    /// Discriminator updates per minibatch.
    pub d_steps: usize,
    /// Generator updates per minibatch.
    pub g_steps: usize,
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
            self.d_steps, self.g_steps, self.seed
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

/// Median of the finite values among `values` (mean of the middle two for an even count);
/// `None` when there are none.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    Some(if v.len() % 2 == 1 {
        v[m]
    } else {
        0.5 * (v[m - 1] + v[m])
    })
}

/// Smallest and largest finite value.
pub fn range(values: &[f64]) -> Option<(f64, f64)> {
    values
        .iter()
        .filter(|x| x.is_finite())
        .fold(None, |acc, &x| match acc {
            None => Some((x, x)),
            Some((lo, hi)) => Some((f64::min(lo, x), f64::max(hi, x))),
        })
}

/// Why `m` counts as mode-collapsed under [`COLLAPSE_RULE`], or `None`.
pub fn collapse_reason(m: &Metrics) -> Option<String> {
    let mut reasons = Vec::new();
    if m.upper_fraction < UPPER_LOW {
        reasons.push(format!(
            "upper_fraction {:.3} < {UPPER_LOW}",
            m.upper_fraction
        ));
    }
    if m.upper_fraction > UPPER_HIGH {
        reasons.push(format!(
            "upper_fraction {:.3} > {UPPER_HIGH}",
            m.upper_fraction
        ));
    }
    if m.arc_coverage <= MAX_COLLAPSED_COVERAGE {
        reasons.push(format!(
            "arc_coverage {}/20 ≤ {MAX_COLLAPSED_COVERAGE}",
            m.arc_coverage
        ));
    }
    (!reasons.is_empty()).then(|| reasons.join(" and "))
}

/// True when `m` meets [`COLLAPSE_RULE`].
pub fn is_collapsed(m: &Metrics) -> bool {
    collapse_reason(m).is_some()
}

/// True when a mean `D(G(z))` of `d_fake` counts as a fooled discriminator.
pub fn is_fooled(d_fake: f64) -> bool {
    (d_fake - 0.5).abs() <= FOOLED_TOLERANCE
}

/// The medians of one setting over its completed runs.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// The setting.
    pub setting: Setting,
    /// Runs of the setting.
    pub runs: usize,
    /// Runs that completed (the medians are over these).
    pub completed: usize,
    /// Completed runs that meet the collapse rule.
    pub collapsed: usize,
    /// Median `energy_ratio`.
    pub energy_ratio: Option<f64>,
    /// Median `mmd2_ratio`.
    pub mmd2_ratio: Option<f64>,
    /// Median `upper_fraction`.
    pub upper_fraction: Option<f64>,
    /// Median `arc_coverage`.
    pub arc_coverage: Option<f64>,
    /// Median `on_manifold`.
    pub on_manifold: Option<f64>,
    /// Median final mean `D(x)` on real points (GAN).
    pub d_real: Option<f64>,
    /// Median final mean `D(G(z))` (GAN).
    pub d_fake: Option<f64>,
    /// Median final discriminator loss (GAN).
    pub d_loss: Option<f64>,
    /// Median final generator loss (GAN).
    pub g_loss: Option<f64>,
    /// Median acceptance rate (NCE).
    pub acceptance: Option<f64>,
    /// Median held-out accuracy on data points (NCE).
    pub data_accuracy: Option<f64>,
    /// Median held-out accuracy on noise points (NCE).
    pub noise_accuracy: Option<f64>,
}

impl Summary {
    /// The medians of `setting` over the completed ones among `runs` (others are ignored).
    pub fn of(setting: Setting, runs: &[Run]) -> Summary {
        let all: Vec<&Run> = runs.iter().filter(|r| r.setting == setting).collect();
        let done: Vec<(&Run, &Metrics)> = all
            .iter()
            .filter_map(|r| r.completed().map(|m| (*r, m)))
            .collect();
        let med = |f: &dyn Fn(&Run, &Metrics) -> Option<f64>| {
            let v: Vec<f64> = done.iter().filter_map(|(r, m)| f(r, m)).collect();
            median(&v)
        };
        let gan = |f: fn(&GanEpochStats) -> f32| {
            move |r: &Run, _: &Metrics| r.gan_final.as_ref().map(|s| f64::from(f(s)))
        };
        let nce = |f: fn(&NceReport) -> f32| {
            move |r: &Run, _: &Metrics| r.nce.as_ref().map(|s| f64::from(f(s)))
        };
        Summary {
            setting,
            runs: all.len(),
            completed: done.len(),
            collapsed: done.iter().filter(|(_, m)| is_collapsed(m)).count(),
            energy_ratio: med(&|_, m| Some(m.energy_ratio)),
            mmd2_ratio: med(&|_, m| Some(m.mmd2_ratio)),
            upper_fraction: med(&|_, m| Some(m.upper_fraction)),
            arc_coverage: med(&|_, m| Some(f64::from(m.arc_coverage))),
            on_manifold: med(&|_, m| Some(m.on_manifold)),
            d_real: med(&gan(|s| s.d_real)),
            d_fake: med(&gan(|s| s.d_fake)),
            d_loss: med(&gan(|s| s.d_loss)),
            g_loss: med(&gan(|s| s.g_loss)),
            acceptance: med(&nce(|s| s.sampler.acceptance_rate())),
            data_accuracy: med(&nce(|s| s.data_accuracy)),
            noise_accuracy: med(&nce(|s| s.noise_accuracy)),
        }
    }
}

/// Which way a metric is better.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Better {
    /// Smaller is better.
    Lower,
    /// Larger is better.
    Higher,
    /// Closer to this value is better.
    CloserTo(f64),
}

/// Who wins a comparison of two values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Winner {
    /// The first value is better.
    First,
    /// The second value is better.
    Second,
    /// Equally good.
    Tie,
}

/// Compares `a` and `b` on a metric where `better` says what is better.
pub fn winner(better: Better, a: f64, b: f64) -> Winner {
    let (score_a, score_b) = match better {
        Better::Lower => (a, b),
        Better::Higher => (-a, -b),
        Better::CloserTo(t) => ((a - t).abs(), (b - t).abs()),
    };
    match score_a.total_cmp(&score_b) {
        std::cmp::Ordering::Less => Winner::First,
        std::cmp::Ordering::Greater => Winner::Second,
        std::cmp::Ordering::Equal => Winner::Tie,
    }
}

/// A metric compared between NCE and the GAN: name, direction, ideal value, and how to
/// read it from [`Metrics`].
pub type Compared = (&'static str, Better, &'static str, fn(&Metrics) -> f64);

/// Every metric of the comparison.
pub const COMPARED: [Compared; 5] = [
    ("energy_ratio", Better::Lower, "≈ 1", |m| m.energy_ratio),
    ("mmd2_ratio", Better::Lower, "≈ 1", |m| m.mmd2_ratio),
    ("upper_fraction", Better::CloserTo(0.5), "0.5", |m| {
        m.upper_fraction
    }),
    ("arc_coverage", Better::Higher, "20", |m| {
        f64::from(m.arc_coverage)
    }),
    ("on_manifold", Better::Higher, "≈ 0.995", |m| {
        m.on_manifold
    }),
];

/// `f` of every completed run of `setting`, by seed.
pub fn values(runs: &[Run], setting: Setting, f: fn(&Metrics) -> f64) -> Vec<f64> {
    let mut mine: Vec<&Run> = runs.iter().filter(|r| r.setting == setting).collect();
    mine.sort_by_key(|r| r.seed);
    mine.iter().filter_map(|r| r.completed().map(f)).collect()
}

/// The GAN setting with the lowest median `energy_ratio` among those with a completed run.
pub fn best_gan(summaries: &[Summary]) -> Option<&Summary> {
    summaries
        .iter()
        .filter(|s| s.setting.is_gan())
        .filter_map(|s| s.energy_ratio.map(|e| (s, e)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(s, _)| s)
}

/// A table value: full precision for CSV, 3 significant digits for Markdown.
fn num(x: Option<f64>, precise: bool) -> String {
    match x {
        Some(v) if precise => format!("{v}"),
        Some(v) => short(v),
        None => String::new(),
    }
}

/// `x` for reading: whole numbers as such (`20`, `0`), others with 3 significant digits.
pub fn short(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e6 {
        format!("{x:.0}")
    } else {
        sig(x, 3)
    }
}

/// The metrics table: one row per run, then a median row per setting (over its completed
/// runs). `precise` gives the CSV flavour (full precision, setting parameters in columns);
/// otherwise the Markdown flavour (3 significant digits, a link to each plot).
pub fn metrics_table(runs: &[Run], precise: bool) -> Table {
    let mut header = vec!["setting"];
    if precise {
        header.extend(["model", "epochs", "d_steps", "g_steps", "sampler"]);
    }
    header.extend([
        "seed",
        "status",
        "energy_ratio",
        "mmd2_ratio",
        "upper_fraction",
        "arc_coverage",
        "on_manifold",
        "collapsed",
        "d_real",
        "d_fake",
        "d_loss",
        "g_loss",
        "acceptance",
        "heldout_data_acc",
        "heldout_noise_acc",
        "plot",
    ]);
    let mut t = Table::new(&header);
    for setting in Setting::all() {
        let mut mine: Vec<&Run> = runs.iter().filter(|r| r.setting == setting).collect();
        if mine.is_empty() {
            continue;
        }
        mine.sort_by_key(|r| r.seed);
        let lead = |seed: String| {
            let mut row = vec![setting.label()];
            if precise {
                let (model, e, d, g, s) = match setting {
                    Setting::Gan {
                        epochs,
                        d_steps,
                        g_steps,
                    } => (
                        "gan",
                        epochs.to_string(),
                        d_steps.to_string(),
                        g_steps.to_string(),
                        String::new(),
                    ),
                    Setting::Nce(s) => (
                        "nce",
                        String::new(),
                        String::new(),
                        String::new(),
                        sampler_name(s).to_string(),
                    ),
                    Setting::Baseline(b) => (
                        match b {
                            Baseline::Proposal => "baseline_q",
                            Baseline::TrueLaw => "baseline_true_law",
                        },
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                    ),
                };
                row.extend([model.to_string(), e, d, g, s]);
            }
            row.push(seed);
            row
        };
        for r in &mine {
            let mut row = lead(r.seed.to_string());
            row.push(if precise {
                r.status.detail()
            } else {
                r.status.cell()
            });
            let m = r.completed();
            let f = |x: Option<f64>| num(x, precise);
            let g = |pick: fn(&GanEpochStats) -> f32| {
                f(m.and(r.gan_final.as_ref()).map(|s| f64::from(pick(s))))
            };
            let n =
                |pick: fn(&NceReport) -> f32| f(m.and(r.nce.as_ref()).map(|s| f64::from(pick(s))));
            row.extend([
                f(m.map(|m| m.energy_ratio)),
                f(m.map(|m| m.mmd2_ratio)),
                f(m.map(|m| m.upper_fraction)),
                m.map_or(String::new(), |m| m.arc_coverage.to_string()),
                f(m.map(|m| m.on_manifold)),
                m.map_or(String::new(), |m| {
                    if is_collapsed(m) { "yes" } else { "no" }.to_string()
                }),
                g(|s| s.d_real),
                g(|s| s.d_fake),
                g(|s| s.d_loss),
                g(|s| s.g_loss),
                n(|s| s.sampler.acceptance_rate()),
                n(|s| s.data_accuracy),
                n(|s| s.noise_accuracy),
                match (&r.plot, precise) {
                    (Some(p), true) => p.clone(),
                    (Some(p), false) => format!("[png]({p})"),
                    (None, _) => String::new(),
                },
            ]);
            t.row(row);
        }
        let s = Summary::of(setting, runs);
        let f = |x: Option<f64>| num(x, precise);
        let mut row = lead("median".into());
        row.extend([
            format!("{}/{} completed", s.completed, s.runs),
            f(s.energy_ratio),
            f(s.mmd2_ratio),
            f(s.upper_fraction),
            f(s.arc_coverage),
            f(s.on_manifold),
            format!("{}/{}", s.collapsed, s.completed),
            f(s.d_real),
            f(s.d_fake),
            f(s.d_loss),
            f(s.g_loss),
            f(s.acceptance),
            f(s.data_accuracy),
            f(s.noise_accuracy),
            String::new(),
        ]);
        t.row(row);
    }
    t
}

/// The per-epoch statistics of one GAN training run as CSV.
pub fn epochs_csv(epochs: &[GanEpochStats]) -> String {
    let mut t = Table::new(&["epoch", "d_real", "d_fake", "d_loss", "g_loss"]);
    for (i, s) in epochs.iter().enumerate() {
        t.row(vec![
            (i + 1).to_string(),
            format!("{}", s.d_real),
            format!("{}", s.d_fake),
            format!("{}", s.d_loss),
            format!("{}", s.g_loss),
        ]);
    }
    t.csv()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Metrics with the given shape values (the distances are irrelevant to the rules).
    pub(crate) fn metrics(upper: f64, coverage: u32, energy: f64) -> Metrics {
        Metrics {
            n: 1000,
            energy_distance: energy * 1e-3,
            energy_floor: 1e-3,
            energy_ratio: energy,
            mmd2: energy * 1e-4,
            mmd2_floor: 1e-4,
            mmd2_ratio: energy,
            upper_fraction: upper,
            arc_coverage: coverage,
            on_manifold: 0.99,
        }
    }

    pub(crate) fn run(setting: Setting, seed: u64, m: Option<Metrics>) -> Run {
        Run {
            setting,
            seed,
            status: match m {
                Some(_) => Status::Completed,
                None => Status::Diverged {
                    epoch: Some(7),
                    why: "training diverged: non-finite value in generator loss".into(),
                },
            },
            points: Vec::new(),
            metrics: m,
            gan_final: setting.is_gan().then_some(GanEpochStats {
                d_real: 0.6,
                d_fake: 0.4,
                d_loss: 1.3,
                g_loss: 0.9,
            }),
            nce: None,
            plot: m.map(|_| format!("scatter/{}_seed{seed}.png", setting.slug())),
        }
    }

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

    #[test]
    fn median_of_odd_even_and_empty() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&[7.0]), Some(7.0));
        assert_eq!(median(&[]), None);
        // Non-finite values are not data.
        assert_eq!(median(&[f64::NAN, 1.0, f64::INFINITY, 3.0]), Some(2.0));
        assert_eq!(median(&[f64::NAN]), None);
        assert_eq!(range(&[2.0, f64::NAN, -1.0, 5.0]), Some((-1.0, 5.0)));
        assert_eq!(range(&[]), None);
    }

    #[test]
    fn collapse_rule_boundaries() {
        assert!(!is_collapsed(&metrics(0.5, 20, 1.0)));
        assert!(
            !is_collapsed(&metrics(0.2, 11, 1.0)),
            "0.2 and 11 are allowed"
        );
        assert!(!is_collapsed(&metrics(0.8, 11, 1.0)));
        assert!(is_collapsed(&metrics(0.199, 20, 1.0)));
        assert!(is_collapsed(&metrics(0.801, 20, 1.0)));
        assert!(
            is_collapsed(&metrics(0.5, 10, 1.0)),
            "10/20 bins is collapse"
        );
        assert!(is_collapsed(&metrics(1.0, 0, 1.0)));
        let why = collapse_reason(&metrics(0.95, 9, 1.0)).unwrap();
        assert!(why.contains("upper_fraction 0.950 > 0.8"), "{why}");
        assert!(why.contains("arc_coverage 9/20"), "{why}");
    }

    #[test]
    fn fooled_and_winner_rules() {
        assert!(is_fooled(0.5) && is_fooled(0.46) && is_fooled(0.54));
        assert!(!is_fooled(0.44) && !is_fooled(0.56) && !is_fooled(0.1));
        assert_eq!(winner(Better::Lower, 1.0, 2.0), Winner::First);
        assert_eq!(winner(Better::Higher, 1.0, 2.0), Winner::Second);
        assert_eq!(winner(Better::CloserTo(0.5), 0.45, 0.6), Winner::First);
        assert_eq!(winner(Better::CloserTo(0.5), 0.4, 0.6), Winner::Tie);
        assert_eq!(winner(Better::Higher, 20.0, 20.0), Winner::Tie);
    }

    #[test]
    fn summary_uses_completed_runs_only() {
        let s = Setting::Gan {
            epochs: 200,
            d_steps: 10,
            g_steps: 1,
        };
        let runs = vec![
            run(s, 0, Some(metrics(0.5, 20, 1.0))),
            run(s, 1, Some(metrics(0.9, 20, 3.0))),
            run(s, 2, None),
        ];
        let sum = Summary::of(s, &runs);
        assert_eq!((sum.runs, sum.completed, sum.collapsed), (3, 2, 1));
        assert_eq!(sum.energy_ratio, Some(2.0));
        assert_eq!(sum.upper_fraction, Some(0.7));
        assert_eq!(sum.d_fake, Some(f64::from(0.4f32)));
        assert_eq!(sum.acceptance, None);
        let md = metrics_table(&runs, false).markdown();
        assert!(md.contains("diverged at epoch 7"), "{md}");
        assert!(md.contains("2/3 completed"), "{md}");
        let csv = metrics_table(&runs, true).csv();
        assert!(!csv.contains("NaN") && !csv.contains("inf"), "{csv}");
        // A diverged run has no values, only its status.
        let diverged = csv.lines().find(|l| l.contains("diverged")).unwrap();
        assert!(diverged.contains(",,,,,"), "{diverged}");
    }

    #[test]
    fn best_gan_is_lowest_median_energy_ratio() {
        let a = Setting::Gan {
            epochs: 10,
            d_steps: 1,
            g_steps: 1,
        };
        let b = Setting::Gan {
            epochs: 200,
            d_steps: 1,
            g_steps: 1,
        };
        let nce = Setting::Nce(SamplerKind::Rejection);
        let runs = vec![
            run(a, 0, Some(metrics(0.5, 20, 9.0))),
            run(b, 0, Some(metrics(0.5, 20, 2.0))),
            run(nce, 0, Some(metrics(0.5, 20, 1.0))),
        ];
        let sums: Vec<Summary> = [a, b, nce].iter().map(|&s| Summary::of(s, &runs)).collect();
        assert_eq!(best_gan(&sums).unwrap().setting, b);
    }

    #[test]
    fn settings_are_in_report_order_with_unique_names() {
        let all = Setting::all();
        assert_eq!(all.len(), 12);
        let epochs: Vec<usize> = all
            .iter()
            .filter_map(|s| match s {
                Setting::Gan {
                    epochs,
                    d_steps: 1,
                    g_steps: 1,
                } => Some(*epochs),
                _ => None,
            })
            .collect();
        assert_eq!(epochs, SNAPSHOT_EPOCHS);
        let mut slugs: Vec<String> = all.iter().map(|s| s.slug()).collect();
        slugs.dedup();
        assert_eq!(slugs.len(), 12);
        assert!(all.iter().all(|s| !s.label().contains(',')));
        assert_eq!(all[3].order(), 3);
    }
}
