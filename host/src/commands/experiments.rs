//! `tinygen experiments`: the whole GAN-vs-NCE study in one command.
//!
//! Per seed `0..K`: one GAN run of 200 epochs with `d_steps = g_steps = 1`, sampled at 10,
//! 30, 50, 100 and 200 epochs (exact snapshots, see [`gan::run_with_snapshots`]); GAN runs
//! of 200 epochs with `(d_steps, g_steps)` = (10, 1), (1, 10), (10, 10); NCE with the
//! rejection and the threshold sampler. The runs are independent and run in parallel,
//! longest first. Every run's N points are evaluated against the true law with one shared
//! reference and one set of floors, then plotted; the tables, figures and `report.md` go
//! to `--out`.

use crate::cli::ExperimentsArgs;
use crate::commands::{eval, gan, sample};
use crate::failure::{Failure, Outcome};
use crate::metrics::{MetricsError, MoonsLaw, DEFAULT_NOISE};
use crate::report::figures::{self, Cell};
use crate::report::text::{self, Context};
use crate::report::{
    cpu_time, epochs_csv, metrics_table, Baseline, GanTrace, JobTime, Run, Setting, Status,
    BASELINES, EPOCHS_DIR, METRICS_CSV, METRICS_MD, REPORT, SAMPLERS, SCATTER_DIR, SNAPSHOT_EPOCHS,
    STEP_EPOCHS, STEP_SETTINGS,
};
use crate::studies::table::{prepare_out_dir, write_text};
use crate::{plot, progress};
use indicatif::ProgressBar;
use rand_core::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;
use std::path::Path;
use std::time::{Duration, Instant};
use tinygen::pipeline::{Streams, DATA_NOISE, TRAINING_POINTS};
use tinygen::{make_moons, GanConfig, GanEpochStats, Gaussian2, NceConfig, Rng, SamplerKind};

/// The calling thread's `stat` file (Linux).
const THREAD_STAT: &str = "/proc/thread-self/stat";

/// Seed of the metrics' reference sample (its floors use [`eval::floor_seed`] of it).
pub const REFERENCE_SEED: u64 = crate::DEFAULT_SEED;

/// One independent training run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Job {
    /// A GAN trained to the last of `snapshots` epochs, sampled at each of them.
    Gan {
        /// Discriminator updates per minibatch.
        d_steps: usize,
        /// Generator updates per minibatch.
        g_steps: usize,
        /// Epoch counts to sample at, ascending.
        snapshots: &'static [usize],
        /// The seed.
        seed: u64,
    },
    /// NCE with the default configuration and this sampler.
    Nce {
        /// The sampler.
        sampler: SamplerKind,
        /// The seed.
        seed: u64,
    },
}

/// The NCE configuration of the study: the default with `sampler`.
pub fn nce_config(sampler: SamplerKind) -> NceConfig {
    NceConfig {
        sampler,
        ..NceConfig::default()
    }
}

/// The GAN configuration of the study: the default with these steps.
pub fn gan_config(d_steps: usize, g_steps: usize) -> GanConfig {
    GanConfig {
        d_steps,
        g_steps,
        ..GanConfig::default()
    }
}

impl Job {
    /// Every job of seeds `0..seeds`, longest first.
    pub fn all(seeds: u64) -> Vec<Job> {
        let mut jobs = Vec::new();
        for seed in 0..seeds {
            jobs.push(Job::Gan {
                d_steps: 1,
                g_steps: 1,
                snapshots: &SNAPSHOT_EPOCHS,
                seed,
            });
            for &(d_steps, g_steps) in &STEP_SETTINGS {
                jobs.push(Job::Gan {
                    d_steps,
                    g_steps,
                    snapshots: &[STEP_EPOCHS],
                    seed,
                });
            }
            for &sampler in &SAMPLERS {
                jobs.push(Job::Nce { sampler, seed });
            }
        }
        // Stable: equal costs keep seed order.
        jobs.sort_by_key(|j| std::cmp::Reverse(j.cost()));
        jobs
    }

    /// Epochs trained (the progress bar counts these).
    pub fn epochs(&self) -> usize {
        match self {
            Job::Gan { snapshots, .. } => snapshots.last().copied().unwrap_or(0),
            Job::Nce { sampler, .. } => nce_config(*sampler).epochs,
        }
    }

    /// The kind of job, in the report's time table.
    pub fn label(&self) -> String {
        match self {
            Job::Gan {
                d_steps,
                g_steps,
                snapshots,
                ..
            } if snapshots.len() > 1 => format!(
                "GAN d{d_steps} g{g_steps}, {} epochs, {} snapshots",
                self.epochs(),
                snapshots.len()
            ),
            Job::Gan {
                d_steps, g_steps, ..
            } => format!("GAN d{d_steps} g{g_steps}, {} epochs", self.epochs()),
            Job::Nce { sampler, .. } => format!(
                "NCE {}, {} epochs",
                crate::report::sampler_name(*sampler),
                self.epochs()
            ),
        }
    }

    /// Relative cost, for scheduling: network updates per minibatch times epochs (an NCE
    /// epoch, with ν noise points per data point, costs about two GAN updates).
    pub fn cost(&self) -> usize {
        match self {
            Job::Gan {
                d_steps, g_steps, ..
            } => (d_steps + g_steps) * self.epochs(),
            Job::Nce { .. } => 2 * self.epochs(),
        }
    }
}

/// What a job produced: its runs (one per snapshot for the GAN) and, for the GAN, its
/// per-epoch statistics.
pub struct JobOutput {
    /// The runs, not yet evaluated.
    pub runs: Vec<Run>,
    /// The GAN's per-epoch statistics.
    pub trace: Option<GanTrace>,
    /// Time the job took on its thread.
    pub time: JobTime,
}

/// A run with no metrics yet.
fn new_run(setting: Setting, seed: u64, status: Status, points: Vec<[f32; 2]>) -> Run {
    Run {
        setting,
        seed,
        status,
        points,
        metrics: None,
        gan_final: None,
        nce: None,
        plot: None,
    }
}

/// Runs `job`, advancing `bar` by one per epoch. A run that diverges or fails is recorded
/// as such; only a configuration error (a bug) makes this fail.
pub fn run_job(job: Job, n: usize, bar: &ProgressBar) -> Outcome<JobOutput> {
    let start = Instant::now();
    let cpu_start = cpu_time(THREAD_STAT);
    let mut output = match job {
        Job::Gan {
            d_steps,
            g_steps,
            snapshots,
            seed,
        } => run_gan(gan_config(d_steps, g_steps), snapshots, seed, n, bar),
        Job::Nce { sampler, seed } => run_nce(sampler, seed, n, bar),
    }?;
    output.time = JobTime {
        wall: start.elapsed(),
        cpu: cpu_time(THREAD_STAT)
            .zip(cpu_start)
            .map(|(end, start)| end.saturating_sub(start)),
    };
    Ok(output)
}

/// Trains the GAN `config` for `seed` and samples it at each of `snapshots`.
pub fn run_gan(
    config: GanConfig,
    snapshots: &[usize],
    seed: u64,
    n: usize,
    bar: &ProgressBar,
) -> Outcome<JobOutput> {
    let (d_steps, g_steps) = (config.d_steps, config.g_steps);
    let last = snapshots.last().copied().unwrap_or(0);
    let mut epochs: Vec<GanEpochStats> = Vec::with_capacity(last);
    let first = gan::run_with_snapshots(config, seed, snapshots, n, |_, s| {
        epochs.push(s);
        bar.inc(1);
    });
    let setting = |e: usize| Setting::Gan {
        epochs: e,
        d_steps,
        g_steps,
    };
    let (taken, diverged_at, why) = match first {
        Ok((points, _)) => (snapshots.iter().copied().zip(points).collect(), None, None),
        Err(Failure::Usage(m)) => return Err(Failure::Usage(m)),
        Err(Failure::Run(why)) => {
            let done = epochs.len();
            bar.inc((last - done) as u64);
            // The snapshots before the failure are valid: the same training, repeated up
            // to them (it is deterministic), recovers their points. Should a snapshot's
            // points themselves be non-finite, drop the latest until the rest succeed.
            let mut keep: Vec<usize> = snapshots.iter().copied().filter(|&e| e <= done).collect();
            let mut taken = Vec::new();
            while !keep.is_empty() {
                match gan::run_with_snapshots(config, seed, &keep, n, |_, _| {}) {
                    Ok((points, _)) => {
                        taken = keep.iter().copied().zip(points).collect();
                        break;
                    }
                    Err(Failure::Run(_)) => {
                        keep.pop();
                    }
                    Err(usage) => return Err(usage),
                }
            }
            let at = (done < last).then_some(done + 1);
            (taken, at, Some(why))
        }
    };
    let taken: Vec<(usize, Vec<[f32; 2]>)> = taken;
    let runs = snapshots
        .iter()
        .map(|&e| match taken.iter().position(|(t, _)| *t == e) {
            Some(i) => {
                let mut run = new_run(setting(e), seed, Status::Completed, taken[i].1.clone());
                run.gan_final = epochs.get(e - 1).copied();
                run
            }
            None => new_run(
                setting(e),
                seed,
                Status::Diverged {
                    epoch: diverged_at.filter(|&at| at <= e),
                    why: why.clone().unwrap_or_default(),
                },
                Vec::new(),
            ),
        })
        .collect();
    Ok(JobOutput {
        runs,
        trace: Some(GanTrace {
            d_steps,
            g_steps,
            seed,
            epochs,
            diverged_at,
        }),
        time: JobTime::default(),
    })
}

fn run_nce(sampler: SamplerKind, seed: u64, n: usize, bar: &ProgressBar) -> Outcome<JobOutput> {
    let config = nce_config(sampler);
    let mut done = 0;
    let result = sample::run(config, seed, n, |_, _| {
        done += 1;
        bar.inc(1);
    });
    let setting = Setting::Nce(sampler);
    let run = match result {
        Ok((points, report)) => {
            let mut run = new_run(setting, seed, Status::Completed, points);
            run.nce = Some(report);
            run
        }
        Err(failure) => {
            bar.inc((config.epochs - done) as u64);
            let why = failure.to_string();
            // The configuration was checked up front, so any failure is the run's own:
            // training only fails by diverging; sampling can also give up.
            let status = if done < config.epochs {
                Status::Diverged {
                    epoch: Some(done + 1),
                    why,
                }
            } else if why.contains("diverged") {
                Status::Diverged { epoch: None, why }
            } else {
                Status::Failed(why)
            };
            new_run(setting, seed, status, Vec::new())
        }
    };
    Ok(JobOutput {
        runs: vec![run],
        trace: None,
        time: JobTime::default(),
    })
}

/// The baselines of every seed: NCE's proposal q alone (the Gaussian fitted to the seed's
/// training data) and a fresh i.i.d. sample of the true law, `n` points each.
pub fn baseline_runs(real: &[Vec<[f32; 2]>], n: usize) -> Outcome<Vec<Run>> {
    let law = MoonsLaw::new(DEFAULT_NOISE);
    let mut runs = Vec::new();
    for (seed, data) in real.iter().enumerate() {
        let seed = seed as u64;
        let q = Gaussian2::fit(data)?;
        let mut rng = Rng::seed_from(seed ^ 0x5F71_5F61_6C6F_6E65); // "_q_alone"
        let points = (0..n).map(|_| q.sample(&mut rng)).collect();
        runs.push(new_run(
            Setting::Baseline(Baseline::Proposal),
            seed,
            Status::Completed,
            points,
        ));
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed ^ 0x5472_7565_4C61_7721); // "TrueLaw!"
        let points = law
            .sample(n, &mut rng)
            .iter()
            .map(|p| [p[0] as f32, p[1] as f32])
            .collect();
        runs.push(new_run(
            Setting::Baseline(Baseline::TrueLaw),
            seed,
            Status::Completed,
            points,
        ));
    }
    Ok(runs)
}

/// The title of a run's plot.
fn title(run: &Run) -> String {
    format!("{}, seed {}", run.setting.label(), run.seed)
}

/// The grid cells of `settings` (columns) by seed (rows).
fn cells<'a>(runs: &'a [Run], settings: &[Setting], real: &'a [Vec<[f32; 2]>]) -> Vec<Cell<'a>> {
    let mut out = Vec::new();
    for (seed, real) in real.iter().enumerate() {
        for &setting in settings {
            if let Some(r) = runs
                .iter()
                .find(|r| r.setting == setting && r.seed == seed as u64)
            {
                let ok = r.completed().is_some();
                out.push(Cell {
                    title: if ok {
                        title(r)
                    } else {
                        format!("{}: {}, no samples", title(r), r.status.cell())
                    },
                    real,
                    generated: ok.then_some(r.points.as_slice()),
                });
            }
        }
    }
    out
}

/// Writes the grids and the D chart.
fn write_figures(out: &Path, runs: &[Run], traces: &[GanTrace], real: &[Vec<[f32; 2]>]) -> Outcome {
    let snapshots: Vec<Setting> = SNAPSHOT_EPOCHS
        .iter()
        .map(|&epochs| Setting::Gan {
            epochs,
            d_steps: 1,
            g_steps: 1,
        })
        .collect();
    let steps: Vec<Setting> = std::iter::once((1, 1))
        .chain(STEP_SETTINGS)
        .map(|(d_steps, g_steps)| Setting::Gan {
            epochs: STEP_EPOCHS,
            d_steps,
            g_steps,
        })
        .collect();
    let nce: Vec<Setting> = SAMPLERS
        .iter()
        .map(|&s| Setting::Nce(s))
        .chain(BASELINES.iter().map(|&b| Setting::Baseline(b)))
        .collect();
    let grids = [
        (
            figures::EPOCHS_GRID,
            "GAN d_steps 1, g_steps 1: snapshots of one run by epochs (rows: seeds)",
            snapshots,
        ),
        (
            figures::STEPS_GRID,
            "GAN after 200 epochs by (d_steps, g_steps) (rows: seeds)",
            steps,
        ),
        (
            figures::NCE_GRID,
            "NCE: rejection and threshold samplers; NCE's proposal q alone; the true law (rows: seeds)",
            nce,
        ),
    ];
    let d_settings: Vec<(usize, usize)> = std::iter::once((1, 1)).chain(STEP_SETTINGS).collect();
    let chart = || figures::d_over_epochs(&out.join(figures::D_CHART), traces, &d_settings);
    let (grids_done, chart_done) = rayon::join(
        || {
            grids.par_iter().try_for_each(|(file, caption, settings)| {
                let cells = cells(runs, settings, real);
                figures::scatter_grid(&out.join(file), caption, &cells, settings.len(), (340, 240))
            })
        },
        chart,
    );
    grids_done.and(chart_done)
}

/// Evaluates a run's points and draws its scatter plot (a completed run only).
fn evaluate_and_plot(
    run: &mut Run,
    reference: &crate::metrics::Reference,
    floors: &crate::metrics::Floors,
    real: &[[f32; 2]],
    out: &Path,
) -> Outcome {
    if run.status != Status::Completed {
        return Ok(());
    }
    match reference.evaluate(&run.points, floors) {
        Ok(m) => run.metrics = Some(m),
        Err(MetricsError::NonFinite { index }) => {
            run.status = Status::Diverged {
                epoch: None,
                why: format!("generated point {index} is NaN or infinite"),
            };
            run.points.clear();
            return Ok(());
        }
        Err(e) => return Err(Failure::Run(e.to_string())),
    }
    let file = format!("{SCATTER_DIR}/{}_seed{}.png", run.setting.slug(), run.seed);
    plot::scatter(&out.join(&file), &title(run), real, &run.points)?;
    run.plot = Some(file);
    Ok(())
}

/// `tinygen experiments`.
pub fn main(args: &ExperimentsArgs) -> Outcome {
    let start = Instant::now();
    if args.seeds == 0 || args.samples == 0 {
        return Err(Failure::Usage(
            "invalid seeds or samples: must be at least 1".into(),
        ));
    }
    for sampler in SAMPLERS {
        nce_config(sampler).validate()?;
    }
    let out = args.out.as_path();
    prepare_out_dir(out)?;
    crate::output::create_dir(&out.join(SCATTER_DIR))?;
    crate::output::create_dir(&out.join(EPOCHS_DIR))?;

    let jobs = Job::all(args.seeds);
    let total: usize = jobs.iter().map(Job::epochs).sum();
    let bar = progress::bar(total as u64, "epochs", args.quiet);
    let n = args.samples;
    // The metrics' reference and floors are built while the first runs train; the runs
    // are pulled one at a time from the longest-first list as threads become free.
    let (prepared, trained) = rayon::join(
        || eval::reference_and_floors(DEFAULT_NOISE, REFERENCE_SEED, n),
        || {
            jobs.iter()
                .par_bridge()
                .map(|&job| run_job(job, n, &bar).map(|output| (job, output)))
                .collect::<Outcome<Vec<(Job, JobOutput)>>>()
        },
    );
    bar.finish_and_clear();
    let (reference, floors) = prepared?;
    let mut runs = Vec::new();
    let mut traces = Vec::new();
    let mut job_times: Vec<(String, Vec<JobTime>)> = Vec::new();
    // par_bridge finishes in any order; the report's order is restored by sorting below.
    let mut trained = trained?;
    trained.sort_by_key(|(job, _)| std::cmp::Reverse(job.cost()));
    for (job, output) in trained {
        runs.extend(output.runs);
        traces.extend(output.trace);
        let label = job.label();
        match job_times.iter_mut().find(|(l, _)| *l == label) {
            Some((_, times)) => times.push(output.time),
            None => job_times.push((label, vec![output.time])),
        }
    }
    let trained_at = start.elapsed();

    let real: Vec<Vec<[f32; 2]>> = (0..args.seeds)
        .map(|seed| {
            make_moons::<TRAINING_POINTS>(DATA_NOISE, &mut Streams::new(seed).data)
                .map(|d| d.points.to_vec())
        })
        .collect::<Result<_, _>>()?;
    runs.extend(baseline_runs(&real, n)?);
    runs.sort_by_key(|r| (r.setting.order(), r.seed));
    traces.sort_by_key(|t| (t.d_steps, t.g_steps, t.seed));
    runs.par_iter_mut().try_for_each(|run| {
        let seed_real = &real[run.seed as usize];
        evaluate_and_plot(run, &reference, &floors, seed_real, out)
    })?;
    let evaluated_at = start.elapsed();

    for t in &traces {
        write_text(&out.join(t.file()), &epochs_csv(&t.epochs))?;
    }
    write_figures(out, &runs, &traces, &real)?;
    let figures_at = start.elapsed();

    write_text(&out.join(METRICS_CSV), &metrics_table(&runs, true).csv())?;
    write_text(
        &out.join(METRICS_MD),
        &format!(
            "# Metrics per run\n\nOne row per run, then the median of each setting over its \
             completed runs. Diverged or failed runs have no values.\n\n{}",
            metrics_table(&runs, false).markdown()
        ),
    )?;
    let context = Context {
        command: format!(
            "tinygen experiments --out {} --seeds {} -n {}",
            out.display(),
            args.seeds,
            n
        ),
        seeds: args.seeds,
        samples: n,
        threads: rayon::current_num_threads(),
        wall: start.elapsed(),
        cpu: cpu_time("/proc/self/stat"),
        phases: phases(trained_at, evaluated_at, figures_at, start.elapsed()),
        job_times,
        noise: DEFAULT_NOISE,
        reference_seed: REFERENCE_SEED,
        gan: GanConfig::default(),
        nce: NceConfig::default(),
    };
    let report_path = out.join(REPORT);
    write_text(&report_path, &text::report(&context, &runs, &traces))?;
    if !args.quiet {
        let bad = runs.iter().filter(|r| r.completed().is_none()).count();
        eprintln!(
            "experiments: {} runs ({} diverged or failed) in {:.1?}; report: {}",
            runs.len(),
            bad,
            start.elapsed(),
            report_path.display()
        );
    }
    Ok(())
}

/// The phases' wall times from the times each ended.
fn phases(
    trained: Duration,
    evaluated: Duration,
    figures: Duration,
    tables: Duration,
) -> Vec<(String, Duration)> {
    vec![
        (
            "training all runs, with the metrics reference built alongside".into(),
            trained,
        ),
        (
            "evaluating and drawing the per-run plots".into(),
            evaluated.saturating_sub(trained),
        ),
        (
            "per-epoch CSVs and figures".into(),
            figures.saturating_sub(evaluated),
        ),
        ("tables".into(), tables.saturating_sub(figures)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_is_exactly_a_shorter_run() {
        let config = gan_config(1, 1);
        let (both, stats) = gan::run_with_snapshots(config, 5, &[2, 4], 50, |_, _| {}).unwrap();
        let (short, short_stats) = gan::run_with_snapshots(config, 5, &[2], 50, |_, _| {}).unwrap();
        assert_eq!(both[0], short[0], "bit for bit");
        assert_eq!(stats[..2], short_stats[..]);
        assert_ne!(both[0], both[1]);
    }

    #[test]
    fn jobs_are_longest_first_and_cover_every_setting() {
        let jobs = Job::all(3);
        assert_eq!(jobs.len(), 18);
        assert!(jobs.windows(2).all(|w| w[0].cost() >= w[1].cost()));
        assert!(matches!(
            jobs[0],
            Job::Gan {
                d_steps: 10,
                g_steps: 10,
                ..
            }
        ));
        let settings: usize = jobs
            .iter()
            .map(|j| match j {
                Job::Gan { snapshots, .. } => snapshots.len(),
                Job::Nce { .. } => 1,
            })
            .sum();
        assert_eq!(settings, 30, "10 settings × 3 seeds");
    }

    #[test]
    fn a_diverged_gan_keeps_its_earlier_snapshots_and_is_never_data() {
        // Huge learning rates that let a few epochs end finite before diverging (found by
        // search; the first that still does so is used, so core changes keep this valid).
        let candidates = [(2e11f32, 2u64), (3e11, 6), (1e11, 2), (3e11, 3), (5e11, 6)];
        let found = candidates.iter().find_map(|&(lr, seed)| {
            let mut config = gan_config(1, 1);
            config.g_adam.lr = lr;
            config.d_adam.lr = lr;
            let mut done = 0;
            let r = gan::run_with_snapshots(config, seed, &[30], 4, |_, _| done += 1);
            (r.is_err() && done >= 2).then_some((config, seed, done))
        });
        let (config, seed, done) = found.expect("no candidate diverges after epoch 2; add one");
        let snapshots = [1, 2, done + 1, done + 3];
        let bar = ProgressBar::hidden();
        let out = run_gan(config, &snapshots, seed, 10, &bar).unwrap();
        assert_eq!(
            bar.position(),
            (done + 3) as u64,
            "the bar counts every epoch"
        );
        let trace = out.trace.unwrap();
        assert_eq!(
            (trace.diverged_at, trace.epochs.len()),
            (Some(done + 1), done)
        );
        for r in &out.runs[..2] {
            assert_eq!(r.status, Status::Completed);
            assert!(r.points.iter().flatten().all(|x| x.is_finite()));
        }
        for r in &out.runs[2..] {
            assert_eq!(r.status.cell(), format!("diverged at epoch {}", done + 1));
            assert!(r.points.is_empty() && r.completed().is_none());
        }
        // A recovered snapshot is exactly the one a run of its length gives.
        let (alone, _) = gan::run_with_snapshots(config, seed, &[2], 10, |_, _| {}).unwrap();
        assert_eq!(out.runs[1].points, alone[0]);
        assert_eq!(out.runs[1].gan_final, Some(trace.epochs[1]));
    }

    #[test]
    fn bad_out_dir_is_a_usage_error_before_training() {
        let file = std::env::temp_dir().join(format!("tinygen-exp-{}", std::process::id()));
        std::fs::write(&file, "x").unwrap();
        let args = ExperimentsArgs {
            out: file.join("sub"),
            seeds: 1,
            samples: 10,
            quiet: true,
        };
        let start = Instant::now();
        assert!(matches!(main(&args), Err(Failure::Usage(_))));
        assert!(start.elapsed() < Duration::from_secs(1));
        std::fs::remove_file(&file).unwrap();
    }
}
