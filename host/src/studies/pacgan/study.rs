//! Runs the benchmark: every (data set, seed, method) in parallel, longest first; scores each
//! run against the mixture; writes the tables, the scatter grids and a report.

use super::methods::Method;
use super::published;
use super::summary::{runs_table, table, Scored};
use crate::failure::{Failure, Outcome};
use crate::metrics::mixture;
use crate::progress;
use crate::render::scatter::{scatter_grid, Cell};
use crate::render::table::{prepare_out_dir, write_text};
use crate::run::reference::floor_seed;
use crate::studies::Plan;
use crate::training_data::{DataSource, TrainingSet};
use rayon::prelude::*;
use std::time::Instant;
use tinygen::DataSet;

/// What the study runs.
#[derive(Clone, Debug)]
pub struct StudySettings {
    /// The output folder and the seeds (per mixture and method).
    pub plan: Plan,
    /// The mixtures (ring, grid).
    pub data: Vec<DataSet>,
    /// Samples per run.
    pub samples: usize,
    /// Training epochs of every model instead of its default (a quick look; the protocol
    /// uses the defaults).
    pub epochs: Option<usize>,
}

/// The tables of the study.
pub const RUNS_CSV: &str = "runs.csv";
/// The report with the benchmark tables.
pub const REPORT: &str = "report.md";

/// Seed of the mixtures' reference samples (the floors use [`floor_seed`] of it).
const REFERENCE_SEED: u64 = crate::DEFAULT_SEED;

/// Scatter plots of at most this many seeds per grid.
const GRID_SEEDS: u64 = 5;

/// Runs the study, writes its outputs and, unless quiet, prints the report on stderr.
pub fn study(settings: &StudySettings) -> Outcome {
    let report = run(settings)?;
    if !settings.plan.quiet {
        eprint!("{report}");
        eprintln!("written to {}", settings.plan.out.display());
    }
    Ok(())
}

/// Runs the study and writes its outputs; returns the report's text.
pub fn run(settings: &StudySettings) -> Outcome<String> {
    let start = Instant::now();
    let plan = &settings.plan;
    if plan.seeds == 0 || settings.samples == 0 {
        return Err(Failure::Usage(
            "invalid seeds or samples: must be at least 1".into(),
        ));
    }
    if settings.data.iter().any(|d| d.mixture().is_none()) {
        return Err(Failure::Usage(
            "the benchmark runs on the ring and grid mixtures".into(),
        ));
    }
    let epochs = settings.epochs;
    for &data in &settings.data {
        for method in Method::ALL {
            method.validate(data, epochs)?;
        }
    }
    prepare_out_dir(&plan.out)?;

    let mut jobs: Vec<(DataSet, Method, u64)> = Vec::new();
    for &data in &settings.data {
        for method in Method::ALL {
            for seed in plan.seed_range() {
                jobs.push((data, method, seed));
            }
        }
    }
    jobs.sort_by_key(|&(data, method, _)| std::cmp::Reverse(method.cost(data, epochs)));
    let total: usize = jobs.iter().map(|&(d, m, _)| m.epochs(d, epochs)).sum();
    let bar = progress::bar(total as u64, "epochs", plan.quiet);
    let n = settings.samples;
    let references = settings
        .data
        .par_iter()
        .map(|&data| {
            let reference = mixture::reference(data.mixture().expect("checked"), REFERENCE_SEED);
            let floors = reference
                .floors_for(n, floor_seed(REFERENCE_SEED))
                .map_err(|e| Failure::Run(e.to_string()))?;
            Ok((data, reference, floors))
        })
        .collect::<Outcome<Vec<_>>>()?;
    let mut runs = jobs
        .par_iter()
        .map(|&(data, method, seed)| {
            let trained = method.run(data, seed, n, epochs, || bar.inc(1));
            let (_, reference, floors) = references
                .iter()
                .find(|(d, _, _)| *d == data)
                .expect("a reference per data set");
            let mix = data.mixture().expect("checked");
            Ok(match trained {
                Ok(t) => (
                    Scored {
                        data,
                        method,
                        seed,
                        result: mixture::evaluate(mix, &t.points, reference, floors)
                            .map_err(|e| e.to_string()),
                        d_final: t.d_final,
                        acceptance: t.acceptance,
                    },
                    t.points,
                ),
                Err(Failure::Run(why)) => (
                    Scored {
                        data,
                        method,
                        seed,
                        result: Err(why),
                        d_final: None,
                        acceptance: None,
                    },
                    Vec::new(),
                ),
                Err(usage) => return Err(usage),
            })
        })
        .collect::<Outcome<Vec<(Scored, Vec<[f32; 2]>)>>>()?;
    bar.finish_and_clear();
    runs.sort_by_key(|(r, _)| {
        (
            r.data.name(),
            Method::ALL.iter().position(|&m| m == r.method),
            r.seed,
        )
    });
    let trained_at = start.elapsed();

    let scored: Vec<Scored> = runs.iter().map(|(s, _)| s.clone()).collect();
    write_text(&plan.out.join(RUNS_CSV), &runs_table(&scored).csv())?;
    let mut figures = Vec::new();
    for &data in &settings.data {
        figures.push(write_grid(settings, data, &runs)?);
    }
    let report = report_text(settings, &scored, &figures, trained_at.as_secs_f64());
    write_text(&plan.out.join(REPORT), &report)?;
    Ok(report)
}

/// The scatter grid of `data`: one column per method, one row per seed (the first
/// [`GRID_SEEDS`]); returns the file name.
fn write_grid(
    settings: &StudySettings,
    data: DataSet,
    runs: &[(Scored, Vec<[f32; 2]>)],
) -> Outcome<String> {
    let real: Vec<(u64, Vec<[f32; 2]>)> = settings
        .plan
        .seed_range()
        .take(GRID_SEEDS as usize)
        .map(|seed| TrainingSet::of(&DataSource::BuiltIn(data), seed).map(|set| (seed, set.points)))
        .collect::<Outcome<_>>()?;
    let mut cells = Vec::new();
    for (seed, real) in &real {
        for method in Method::ALL {
            if let Some((s, points)) = runs
                .iter()
                .find(|(s, _)| s.data == data && s.method == method && s.seed == *seed)
            {
                let title = match &s.result {
                    Ok(m) => format!(
                        "{}, seed {seed}: {} modes, {:.0} % hq",
                        method.label(),
                        m.modes.modes,
                        100.0 * m.modes.high_quality
                    ),
                    Err(_) => format!("{}, seed {seed}: failed, no samples", method.label()),
                };
                cells.push(Cell {
                    title,
                    real,
                    generated: s.result.is_ok().then_some(points.as_slice()),
                });
            }
        }
    }
    let file = format!("{}_grid.png", data.name());
    scatter_grid(
        &settings.plan.out.join(&file),
        &format!(
            "{}: samples (red) over the training data (grey), rows: seeds",
            data.name()
        ),
        &cells,
        Method::ALL.len(),
        (520, 400),
    )?;
    Ok(file)
}

/// The report: the protocol, one table per mixture, the figures.
fn report_text(
    settings: &StudySettings,
    runs: &[Scored],
    figures: &[String],
    seconds: f64,
) -> String {
    let mut text = String::from("# The mode-collapse benchmark: ring and grid\n\n");
    text.push_str(&format!(
        "Each run trains on 1000 i.i.d. points of the mixture and draws {} samples; seeds {}..{}; \
         {} epochs. A sample is high quality within 3 standard deviations of its nearest mean; \
         a mode is found when a high-quality sample is nearest to it; the reverse KL compares \
         the high-quality samples' shares per mode with the uniform weights (PacGAN, VEEGAN). \
         Values are mean ± standard error over the completed runs; the worst seed has the \
         fewest modes, the lowest high-quality share and the highest reverse KL (each on its \
         own). Rows marked *published* are the papers' figures, cited, not our runs. Training \
         took {seconds:.1} s.\n",
        settings.samples,
        settings.plan.first_seed,
        settings.plan.last_seed(),
        settings
            .epochs
            .map_or("each model's default".to_string(), |e| e.to_string()),
    ));
    for (data, figure) in settings.data.iter().zip(figures) {
        let published: &[published::Published] = match data {
            DataSet::Grid => &published::GRID,
            _ => &published::RING,
        };
        text.push_str(&format!(
            "\n## {}\n\n{}\n![{} samples]({figure})\n",
            data.name(),
            table(runs, *data, published).markdown(),
            data.name(),
        ));
    }
    text.push_str(&format!("\nEvery run: `{RUNS_CSV}`.\n"));
    text
}
