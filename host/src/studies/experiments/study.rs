//! The whole GAN-vs-NCE study in one call.
//!
//! Per seed: one GAN run of 200 epochs with `d_steps = g_steps = 1`, sampled at 10, 30, 50,
//! 100 and 200 epochs (exact snapshots, see [`crate::run::gan::run_with_snapshots`]); GAN
//! runs of 200 epochs with `(d_steps, g_steps)` = (10, 1), (1, 10), (10, 10); NCE with the
//! rejection and the threshold sampler. The runs are independent and run in parallel,
//! longest first. Every run's N points are evaluated against the true law with one shared
//! reference and one set of floors, then plotted; the tables, figures and `report.md` go to
//! the plan's folder.
use super::baselines::baseline_runs;
use super::evaluation::evaluate_and_plot;
use super::grids::write_figures;
use super::jobs::{nce_config, Job};
use super::report::{self, Context};
use super::training::{run_job, JobOutput};
use super::{
    cpu_time, epochs_csv, metrics_table, JobTime, EPOCHS_DIR, METRICS_CSV, METRICS_MD, REPORT,
    SAMPLERS, SCATTER_DIR,
};
use crate::failure::{Failure, Outcome};
use crate::metrics::DEFAULT_NOISE;
use crate::progress;
use crate::render::table::{prepare_out_dir, write_text};
use crate::run::reference::reference_and_floors;
use crate::studies::Plan;
use rayon::prelude::*;
use std::time::{Duration, Instant};
use tinygen::models::jobs::{Streams, TRAINING_POINTS};
use tinygen::{DataSet, GanConfig, NceConfig};

/// Seed of the metrics' reference sample (its floors use [`crate::run::reference::floor_seed`] of it).
pub const REFERENCE_SEED: u64 = crate::DEFAULT_SEED;

/// Runs the study of `plan` with `samples` points per run and writes its outputs.
pub fn study(plan: &Plan, samples: usize) -> Outcome {
    let start = Instant::now();
    if plan.seeds == 0 || samples == 0 {
        return Err(Failure::Usage(
            "invalid seeds or samples: must be at least 1".into(),
        ));
    }
    for sampler in SAMPLERS {
        nce_config(sampler).validate()?;
    }
    let out = plan.out.as_path();
    prepare_out_dir(out)?;
    crate::output::create_dir(&out.join(SCATTER_DIR))?;
    crate::output::create_dir(&out.join(EPOCHS_DIR))?;

    let jobs = Job::all(plan.seed_range());
    let total: usize = jobs.iter().map(Job::epochs).sum();
    let bar = progress::bar(total as u64, "epochs", plan.quiet);
    let n = samples;
    // The metrics' reference and floors are built while the first runs train; the runs
    // are pulled one at a time from the longest-first list as threads become free.
    let (prepared, trained) = rayon::join(
        || reference_and_floors(DEFAULT_NOISE, REFERENCE_SEED, n),
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

    let real: Vec<Vec<[f32; 2]>> = plan
        .seed_range()
        .map(|seed| {
            let mut points = vec![[0.0f32; 2]; TRAINING_POINTS];
            DataSet::Moons
                .sample_into(&mut points, &mut Streams::new(seed).data)
                .map(|()| points)
        })
        .collect::<Result<_, _>>()?;
    runs.extend(baseline_runs(plan.first_seed, &real, n)?);
    runs.sort_by_key(|r| (r.setting.order(), r.seed));
    traces.sort_by_key(|t| (t.config.d_steps, t.config.g_steps, t.seed));
    runs.par_iter_mut().try_for_each(|run| {
        let seed_real = &real[run.seed.wrapping_sub(plan.first_seed) as usize];
        evaluate_and_plot(run, &reference, &floors, seed_real, out)
    })?;
    let evaluated_at = start.elapsed();

    for t in &traces {
        write_text(&out.join(t.file()), &epochs_csv(&t.epochs))?;
    }
    write_figures(out, &runs, &traces, plan.first_seed, &real)?;
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
            "tinygen experiments --out {} --seed {} --seeds {} -n {}",
            out.display(),
            plan.first_seed,
            plan.seeds,
            n
        ),
        first_seed: plan.first_seed,
        seeds: plan.seeds,
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
    write_text(&report_path, &report::report(&context, &runs, &traces))?;
    if !plan.quiet {
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
        let plan = Plan {
            out: file.join("sub"),
            first_seed: 0,
            seeds: 1,
            quiet: true,
        };
        let start = Instant::now();
        assert!(matches!(study(&plan, 10), Err(Failure::Usage(_))));
        assert!(start.elapsed() < Duration::from_secs(1));
        std::fs::remove_file(&file).unwrap();
    }
}
