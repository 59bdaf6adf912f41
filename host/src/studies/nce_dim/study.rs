//! The whole NCE-in-high-dimension study: every run, then its tables, summary and figure.

use super::{
    config, diagnostics_table, explanation, panels, runs_table, summarise, summary_table, DimRun,
    Job, DIMENSIONS, HELD_OUT, MAX_PROPOSALS, ON_MOONS_TOLERANCE, TARGET_ACCEPTED,
};
use crate::failure::{Failure, Outcome};
use crate::progress;
use crate::render::chart;
use crate::render::table::{prepare_out_dir, sig, write_text};
use crate::studies::Plan;
use indicatif::ProgressBar;
use rayon::prelude::*;
use std::time::Instant;
use tinygen::data::MOONS_NOISE as DATA_NOISE;
use tinygen::models::jobs::{NCE_WIDTH, TRAINING_POINTS};

/// Runs the study of `plan` with `epochs` epochs per run and writes its outputs.
pub fn study(plan: &Plan, epochs: usize) -> Outcome {
    if plan.seeds == 0 {
        return Err(Failure::Usage("invalid seeds: must be at least 1".into()));
    }
    let config = config(epochs)?;
    prepare_out_dir(&plan.out)?;
    let start = Instant::now();
    // Largest dimensions first: they take longest, so the two cores finish together.
    let mut jobs: Vec<(usize, Job, u64)> = DIMENSIONS
        .iter()
        .flat_map(|&(d, job)| {
            (0..plan.seeds).map(move |s| (d, job, plan.first_seed.wrapping_add(s)))
        })
        .collect();
    jobs.sort_by_key(|&(d, _, s)| (std::cmp::Reverse(d), s));
    let bar: ProgressBar = progress::bar(
        (jobs.len() * config.epochs) as u64,
        "nce-dim epochs",
        plan.quiet,
    );
    let tick = || bar.inc(1);
    let mut runs = jobs
        .par_iter()
        .map(|&(_, job, seed)| job(&config, seed, &tick))
        .collect::<Outcome<Vec<DimRun>>>()?;
    bar.finish_and_clear();
    runs.sort_by_key(|r| (r.d, r.seed));
    let elapsed = start.elapsed();

    let summary = summarise(&runs);
    let intro = format!(
        "NCE in d dimensions: data = product of d/2 independent two-moons pairs (noise \
         {DATA_NOISE}, {TRAINING_POINTS} points), q = Gaussian fitted to the data's mean and \
         full covariance, classifier d→{NCE_WIDTH}→{NCE_WIDTH}→1 (ELU), ν = {}, {} epochs, \
         batch {}, Adam {} decaying to {} %. Rejection sampler: M = largest r(x) = ν·e^logit \
         over {} q draws, raised when exceeded, run until {TARGET_ACCEPTED} acceptances or \
         {MAX_PROPOSALS} proposals. {} seed(s) per d ({}..={}); acceptance pooled over seeds, \
         the rest averaged. Held-out: {HELD_OUT} fresh data points and {} fresh q draws per run.\n",
        config.noise_ratio,
        config.epochs,
        config.batch_size,
        config.adam.lr,
        config.final_lr_fraction * 100.0,
        config.bound_pool,
        plan.seeds,
        plan.first_seed,
        plan.first_seed.wrapping_add(plan.seeds - 1),
        HELD_OUT * config.noise_ratio,
    );
    let main_table = summary_table(&summary).markdown();
    let explanation = explanation(&summary);
    let markdown = format!(
        "# Why not NCE in high dimension\n\n{intro}\n{main_table}\n{explanation}\n\
         ## Bounds and calibration\n\n{}\n\
         Notes. \"On the moons\": every coordinate pair within {} (3σ of the data noise) of a \
         moon arc. The Bayes rule and the true ln p/q use the exact density of the product of \
         two-moons laws (noise {DATA_NOISE}; each arc's t integrated by a 1000-point midpoint \
         sum) and the fitted q. \"Acceptance with M ≥ max r on data\" is mean min(r/M, 1) over \
         {MAX_PROPOSALS} q draws with M = max(final M, largest learned r on held-out data). \
         The exact a₂ is 1/sup(p₂/q₂) for the two-moons law and the Gaussian fitted to the 2-D \
         data, found on a grid (geometric mean over seeds); for d > 2, a₂^(d/2) treats the \
         fitted q as a product over the pairs, which holds up to the small sample \
         correlations between pairs. Per-run numbers are in runs.csv.\n",
        diagnostics_table(&summary).markdown(),
        sig(ON_MOONS_TOLERANCE, 2),
    );
    write_text(&plan.out.join("runs.csv"), &runs_table(&runs).csv())?;
    write_text(&plan.out.join("summary.md"), &markdown)?;
    let caption = format!(
        "NCE on a product of d/2 two-moons pairs, q fitted Gaussian ({} seed(s) per d)",
        plan.seeds
    );
    let figure = panels(&summary);
    for name in ["acceptance.png", "acceptance.svg"] {
        chart::draw(&plan.out.join(name), &caption, &figure, 3, (2100, 700))?;
    }
    if !plan.quiet {
        eprintln!(
            "nce-dim: {} runs in {:.1?}; wrote runs.csv, summary.md, acceptance.png and \
             acceptance.svg to {}",
            runs.len(),
            elapsed,
            plan.out.display()
        );
    }
    crate::output::print_stdout(&format!("{intro}\n{main_table}\n{explanation}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_flags_and_paths_are_usage_errors_before_any_training() {
        let file = std::env::temp_dir().join(format!("tinygen-nce-dim-{}", std::process::id()));
        std::fs::write(&file, "not a folder").unwrap();
        let plan = |out: std::path::PathBuf, seeds: u64| Plan {
            out,
            first_seed: 1,
            seeds,
            quiet: true,
        };
        let epochs = tinygen::NceConfig::DEFAULT.epochs;
        assert!(matches!(
            study(&plan(file.join("sub"), 1), epochs),
            Err(Failure::Usage(_))
        ));
        assert!(matches!(
            study(&plan(file.clone(), 0), epochs),
            Err(Failure::Usage(_))
        ));
        assert!(matches!(
            study(&plan(file.clone(), 1), 0),
            Err(Failure::Usage(_))
        ));
        std::fs::remove_file(&file).unwrap();
    }
}
