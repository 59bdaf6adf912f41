//! `tinygen experiments`: the whole GAN-vs-NCE study in one command.
//!
//! Per seed `0..K`: one GAN run of 200 epochs with `d_steps = g_steps = 1`, sampled at 10,
//! 30, 50, 100 and 200 epochs (exact snapshots, see
//! [`crate::commands::gan::run_with_snapshots`]); GAN runs of 200 epochs with
//! `(d_steps, g_steps)` = (10, 1), (1, 10), (10, 10); NCE with the rejection and the
//! threshold sampler. The runs are independent and run in parallel, longest first. Every
//! run's N points are evaluated against the true law with one shared reference and one set
//! of floors, then plotted; the tables, figures and `report.md` go to `--out`.
//!
//! The study's pieces live in [`crate::studies::experiments`] ([`jobs`](crate::studies::experiments::jobs),
//! [`training`](crate::studies::experiments::training), [`baselines`](crate::studies::experiments::baselines),
//! [`evaluation`](crate::studies::experiments::evaluation), [`grids`](crate::studies::experiments::grids)); this runs the
//! jobs and writes the outputs.

use crate::cli::ExperimentsArgs;
use crate::commands::eval;
use crate::failure::{Failure, Outcome};
use crate::metrics::DEFAULT_NOISE;
use crate::progress;
use crate::studies::experiments::baselines::baseline_runs;
use crate::studies::experiments::evaluation::evaluate_and_plot;
use crate::studies::experiments::grids::write_figures;
use crate::studies::experiments::jobs::{nce_config, Job};
use crate::studies::experiments::text::{self, Context};
use crate::studies::experiments::training::{run_job, JobOutput};
use crate::studies::experiments::{
    cpu_time, epochs_csv, metrics_table, JobTime, EPOCHS_DIR, METRICS_CSV, METRICS_MD, REPORT,
    SAMPLERS, SCATTER_DIR,
};
use crate::render::table::{prepare_out_dir, write_text};
use rayon::prelude::*;
use std::time::{Duration, Instant};
use tinygen::models::jobs::{Streams, TRAINING_POINTS};
use tinygen::{DataSet, GanConfig, NceConfig};

/// Seed of the metrics' reference sample (its floors use [`eval::floor_seed`] of it).
pub const REFERENCE_SEED: u64 = crate::DEFAULT_SEED;

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
            let mut points = vec![[0.0f32; 2]; TRAINING_POINTS];
            DataSet::Moons
                .sample_into(&mut points, &mut Streams::new(seed).data)
                .map(|()| points)
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
