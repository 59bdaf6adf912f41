//! The whole dead-ReLU study: every run, then its tables, summary and figure.

use super::{
    divergence_list, epochs_table, panels, runs_table, summary_table, train_run, Hidden, Run,
    BATCH_SIZE, BLOW_UP_LOSS, DATA_NOISE, LEARNING_RATES, POINTS, WIDTH,
};
use crate::failure::{Failure, Outcome};
use crate::progress;
use crate::render::chart;
use crate::render::table::{prepare_out_dir, write_text};
use crate::studies::Plan;
use rayon::prelude::*;
use std::time::Instant;

/// Runs the study of `plan` with `epochs` epochs per run and writes its outputs.
pub fn study(plan: &Plan, epochs: usize) -> Outcome {
    if epochs == 0 || plan.seeds == 0 {
        return Err(Failure::Usage(
            "invalid epochs or seeds: must be at least 1".into(),
        ));
    }
    prepare_out_dir(&plan.out)?;
    let start = Instant::now();
    let jobs: Vec<(Hidden, f32, u64)> = Hidden::ALL
        .iter()
        .flat_map(|&h| {
            LEARNING_RATES.iter().flat_map(move |&lr| {
                (0..plan.seeds).map(move |s| (h, lr, plan.first_seed.wrapping_add(s)))
            })
        })
        .collect();
    let bar = progress::bar((jobs.len() * epochs) as u64, "relu epochs", plan.quiet);
    let runs = jobs
        .par_iter()
        .map(|&(h, lr, seed)| train_run(h, lr, seed, epochs, || bar.inc(1)))
        .collect::<Outcome<Vec<Run>>>()?;
    bar.finish_and_clear();
    let trained = start.elapsed();

    let summary = summary_table(&runs);
    let intro = format!(
        "Dead hidden units of a 2→{WIDTH}→{WIDTH}→1 classifier (BCE on the logit) trained with \
         plain SGD (batch {BATCH_SIZE}, {} epochs) on {POINTS} two-moons points (noise \
         {DATA_NOISE}) with their labels; {} seeds ({}..={}) per row, each seed the same data, \
         initial weights and batch order for ReLU and ELU. A unit is counted dead when its \
         pre-activation is ≤ 0 on every training point. Final values after the last epoch: \
         mean over the runs that did not diverge [smallest–largest].\n",
        epochs,
        plan.seeds,
        plan.first_seed,
        plan.first_seed.wrapping_add(plan.seeds - 1),
    );
    let files = [
        ("epochs.csv", epochs_table(&runs).csv()),
        ("runs.csv", runs_table(&runs).csv()),
        (
            "summary.md",
            format!(
                "# Dead ReLU units vs learning rate\n\n{intro}\n{}\n{NOTES}\n## Diverged runs\n\n\
                 A run diverges when a gradient, parameter or the loss becomes NaN or infinite \
                 (non-finite), or when its mean training loss exceeds {BLOW_UP_LOSS}; it is \
                 stopped there.\n\n{}",
                summary.markdown(),
                match divergence_list(&runs) {
                    list if list.is_empty() => "None.\n".to_string(),
                    list => list,
                }
            ),
        ),
    ];
    for (name, text) in &files {
        write_text(&plan.out.join(name), text)?;
    }
    let figure = panels(&runs, epochs);
    let caption = format!(
        "Dead hidden units (no positive pre-activation on the training set), plain SGD, {} \
         seeds",
        plan.seeds
    );
    for name in ["dead_units.png", "dead_units.svg"] {
        chart::draw(&plan.out.join(name), &caption, &figure, 2, (1400, 1000))?;
    }
    if !plan.quiet {
        eprintln!(
            "relu: {} runs trained in {:.1?}; wrote epochs.csv, runs.csv, summary.md, \
             dead_units.png and dead_units.svg to {}",
            runs.len(),
            trained,
            plan.out.display()
        );
    }
    crate::output::print_stdout(&format!("{intro}\n{}", summary.markdown()))
}

/// What the table does and does not say, appended to the Markdown summary.
const NOTES: &str = "\
A first-layer ReLU unit counted dead stays dead: its gradient is exactly 0 on every \
minibatch, so plain SGD never changes its weights again (checked bit for bit in the unit \
tests). A second-layer unit sees the first layer's outputs, which keep moving, so it can \
come back. For ELU, the same count only says that the unit sits on its negative side for \
every training point; its gradient α·e^z is still positive, so it keeps learning. Runs that \
diverged (a non-finite gradient, parameter or loss) are listed in the last column and left \
out of the means and the plot's bold lines.\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_flags_and_paths_are_usage_errors_before_any_training() {
        let file = std::env::temp_dir().join(format!("tinygen-relu-{}", std::process::id()));
        std::fs::write(&file, "not a folder").unwrap();
        let plan = |out: std::path::PathBuf, seeds: u64| Plan {
            out,
            first_seed: 1,
            seeds,
            quiet: true,
        };
        for (bad, epochs) in [
            (plan(file.join("sub"), 1), 1),
            (plan(file.clone(), 1), 0),
            (plan(file.clone(), 0), 1),
        ] {
            assert!(
                matches!(study(&bad, epochs), Err(Failure::Usage(_))),
                "{bad:?}, {epochs} epochs"
            );
        }
        std::fs::remove_file(&file).unwrap();
    }
}
