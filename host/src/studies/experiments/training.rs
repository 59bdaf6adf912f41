//! Running one job: training, sampling, and recording divergence or failure as a run's
//! status rather than as an error.

use super::jobs::{nce_config, Job};
use super::{cpu_time, GanTrace, JobTime, Run, Setting, Status};
use crate::failure::{Failure, Outcome};
use crate::run::{gan, nce};
use indicatif::ProgressBar;
use std::time::Instant;
use tinygen::{GanConfig, GanEpochStats, SamplerKind};

/// The calling thread's `stat` file (Linux).
const THREAD_STAT: &str = "/proc/thread-self/stat";

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
pub(super) fn new_run(setting: Setting, seed: u64, status: Status, points: Vec<[f32; 2]>) -> Run {
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
            config,
            snapshots,
            seed,
        } => run_gan(config, snapshots, seed, n, bar),
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
    let last = snapshots.last().copied().unwrap_or(0);
    let mut epochs: Vec<GanEpochStats> = Vec::with_capacity(last);
    let first = gan::run_with_snapshots(config, seed, snapshots, n, |_, s| {
        epochs.push(s);
        bar.inc(1);
    });
    let setting = |epochs: usize| Setting::Gan(GanConfig { epochs, ..config });
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
            config: GanConfig {
                epochs: last,
                ..config
            },
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
    let result = nce::run(config, seed, n, |_, _| {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::studies::experiments::settings::BASE_GAN;

    #[test]
    fn a_snapshot_is_exactly_a_shorter_run() {
        let config = BASE_GAN;
        let (both, stats) = gan::run_with_snapshots(config, 5, &[2, 4], 50, |_, _| {}).unwrap();
        let (short, short_stats) = gan::run_with_snapshots(config, 5, &[2], 50, |_, _| {}).unwrap();
        assert_eq!(both[0], short[0], "bit for bit");
        assert_eq!(stats[..2], short_stats[..]);
        assert_ne!(both[0], both[1]);
    }

    #[test]
    fn a_diverged_gan_keeps_its_earlier_snapshots_and_is_never_data() {
        // A learning rate large enough to blow up after a few finite epochs. Searched over a
        // geometric range and several seeds so that a change of the core's numbers keeps a
        // candidate (the first that works is used).
        let lrs = (0..40).map(|k| 10f32.powf(0.5 * k as f32 - 2.0));
        let candidates = lrs.flat_map(|lr| (0..4u64).map(move |seed| (lr, seed)));
        let found = candidates.into_iter().find_map(|(lr, seed)| {
            let mut config = BASE_GAN;
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
}
