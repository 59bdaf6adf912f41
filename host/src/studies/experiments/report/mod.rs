//! `report.md`: for each question, the answer the measured numbers give. Every number and
//! every verdict in it is computed from the runs; only the definitions are fixed text.

mod figures;
mod header;
mod medians;
mod question_a;
mod question_b;
mod question_c;

use super::numbers::{list, secs, spread, v};
use super::*;
use crate::metrics::{FLOOR_DRAWS, REFERENCE_SIZE};
use crate::render::table::{sig, Table};
use std::time::Duration;
use tinygen::{GanConfig, GanEpochStats, NceConfig, SamplerKind};

use figures::figures_section;
use header::header;
use medians::summary_section;
pub use question_a::d_verdict;
use question_a::question_a;
use question_b::question_b;
use question_c::question_c;

/// What the report says about how the runs were made.
#[derive(Clone, Debug)]
pub struct Context {
    /// The command line, as run.
    pub command: String,
    /// The first seed.
    pub first_seed: u64,
    /// Seeds per setting (`first_seed..first_seed + seeds`).
    pub seeds: u64,
    /// Points generated and evaluated per run.
    pub samples: usize,
    /// Threads the runs were spread over.
    pub threads: usize,
    /// Wall time of the whole command up to writing the report.
    pub wall: Duration,
    /// Wall time of each phase.
    pub phases: Vec<(String, Duration)>,
    /// CPU time of the whole command up to writing the report, when known.
    pub cpu: Option<Duration>,
    /// Per kind of training job, the time of each of its runs.
    pub job_times: Vec<(String, Vec<JobTime>)>,
    /// Noise σ of the true law the metrics compare with.
    pub noise: f64,
    /// Seed of the metrics' reference sample.
    pub reference_seed: u64,
    /// The GAN's configuration apart from the steps.
    pub gan: GanConfig,
    /// NCE's configuration apart from the sampler.
    pub nce: NceConfig,
}

/// The final D statistics of the completed runs of `setting`.
pub(super) fn finals(runs: &[Run], setting: Setting, f: fn(&GanEpochStats) -> f32) -> Vec<f64> {
    let mut mine: Vec<&Run> = runs.iter().filter(|r| r.setting == setting).collect();
    mine.sort_by_key(|r| r.seed);
    mine.iter()
        .filter(|r| r.completed().is_some())
        .filter_map(|r| r.gan_final.as_ref().map(|s| f64::from(f(s))))
        .collect()
}

/// The whole report.
pub fn report(ctx: &Context, runs: &[Run], traces: &[GanTrace]) -> String {
    let sums: Vec<Summary> = Setting::all()
        .into_iter()
        .map(|s| Summary::of(s, runs))
        .filter(|s| s.runs > 0)
        .collect();
    let mut out = String::new();
    out.push_str(&header(ctx, runs));
    out.push_str(&summary_section(&sums));
    out.push_str(&question_a(runs, &sums));
    out.push_str(&question_b(runs, &sums));
    out.push_str(&question_c(runs, &sums));
    out.push_str(&figures_section(runs, traces));
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_runs::{metrics, run};
    use super::*;

    fn context() -> Context {
        Context {
            command: "tinygen experiments --out x".into(),
            first_seed: 0,
            seeds: 2,
            samples: 1000,
            threads: 2,
            wall: Duration::from_millis(12_340),
            phases: vec![("training".into(), Duration::from_secs(12))],
            cpu: Some(Duration::from_secs(20)),
            job_times: vec![(
                "GAN".into(),
                vec![JobTime {
                    wall: Duration::from_secs(3),
                    cpu: Some(Duration::from_secs(2)),
                }],
            )],
            noise: 0.05,
            reference_seed: 42,
            gan: GanConfig::default(),
            nce: NceConfig::default(),
        }
    }

    #[test]
    fn answers_follow_the_numbers() {
        let snap = |epochs| Setting::Gan(gan(epochs, 1, 1));
        let nce = Setting::Nce(SamplerKind::Rejection);
        let mut runs = vec![
            run(snap(10), 0, Some(metrics(0.95, 8, 30.0))),
            run(snap(10), 1, Some(metrics(0.9, 9, 25.0))),
            run(snap(200), 0, Some(metrics(0.5, 20, 3.0))),
            run(snap(200), 1, None),
            run(nce, 0, Some(metrics(0.5, 20, 1.2))),
            run(nce, 1, Some(metrics(0.48, 20, 1.1))),
        ];
        runs[2].gan_final = Some(GanEpochStats {
            d_real: 0.51,
            d_fake: 0.49,
            d_loss: 1.38,
            g_loss: 0.7,
        });
        let text = report(&context(), &runs, &[]);
        assert!(
            text.contains("**Wall time of the whole command: 12.3 s**"),
            "{text}"
        );
        assert!(text.contains("D ends fooled in 1 of 2 GAN settings: GAN 200 ep d1 g1"));
        assert!(
            text.contains("Not fooled: GAN 10 ep d1 g1 (D(G(z)) = 0.40)"),
            "{text}"
        );
        assert!(text.contains("- GAN 10 ep d1 g1, seed 0: upper_fraction 0.950 > 0.8"));
        assert!(text.contains("most of its completed runs: GAN 10 ep d1 g1 (2/2)"));
        assert!(text.contains("**GAN 200 ep d1 g1**"), "best GAN: {text}");
        assert!(text.contains("NCE (rejection) wins on"), "{text}");
        assert!(text.contains("- GAN 200 ep d1 g1, seed 1: diverged at epoch 7"));
        assert!(text.contains("seed 1: diverged at epoch 7 (no plot)"));
        assert!(!text.contains("NaN"));
    }

    #[test]
    fn failed_nce_is_said_not_hidden() {
        let snap = Setting::Gan(gan(200, 1, 1));
        let nce = Setting::Nce(SamplerKind::Rejection);
        let mut failed = run(nce, 0, None);
        failed.status = Status::Failed(
            "sampling stalled: every proposal up to max_proposals_per_sample was rejected".into(),
        );
        let runs = vec![run(snap, 0, Some(metrics(0.5, 20, 3.0))), failed];
        let text = report(&context(), &runs, &[]);
        assert!(
            text.contains("No: NCE (rejection) produced no samples in any seed"),
            "{text}"
        );
    }

    #[test]
    fn verdicts() {
        assert!(d_verdict(0.5, 0.5).starts_with("fooled"));
        assert!(d_verdict(0.7, 0.52).contains("still rates real points higher"));
        assert!(d_verdict(0.9, 0.1).starts_with("not fooled"));
        assert_eq!(list(&["a".into(), "b".into(), "c".into()]), "a, b and c");
        assert_eq!(list(&[]), "none");
    }
}
