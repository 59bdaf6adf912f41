//! Which runs go in which scatter grid, and the study's figures written together.

use super::figures;
use super::settings::BASE_GAN;
use super::{GanTrace, Run, Setting, BASELINES, SAMPLERS, SNAPSHOT_EPOCHS, STEP_SETTINGS};
use crate::failure::Outcome;
use crate::render::scatter::{scatter_grid, Cell};
use rayon::prelude::*;
use std::path::Path;
use tinygen::GanConfig;

/// The title of a run's plot.
pub(super) fn title(run: &Run) -> String {
    format!("{}, seed {}", run.setting.label(), run.seed)
}

/// The grid cells of `settings` (columns) by seed (rows); `real[k]` is the training data of
/// seed `first_seed + k`.
fn cells<'a>(
    runs: &'a [Run],
    settings: &[Setting],
    first_seed: u64,
    real: &'a [Vec<[f32; 2]>],
) -> Vec<Cell<'a>> {
    let mut out = Vec::new();
    for (k, real) in real.iter().enumerate() {
        let seed = first_seed.wrapping_add(k as u64);
        for &setting in settings {
            if let Some(r) = runs.iter().find(|r| r.setting == setting && r.seed == seed) {
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
pub fn write_figures(
    out: &Path,
    runs: &[Run],
    traces: &[GanTrace],
    first_seed: u64,
    real: &[Vec<[f32; 2]>],
) -> Outcome {
    let snapshots: Vec<Setting> = SNAPSHOT_EPOCHS
        .iter()
        .map(|&epochs| Setting::Gan(GanConfig { epochs, ..BASE_GAN }))
        .collect();
    let steps: Vec<Setting> = std::iter::once(BASE_GAN)
        .chain(STEP_SETTINGS)
        .map(Setting::Gan)
        .collect();
    let nce: Vec<Setting> = SAMPLERS
        .iter()
        .map(|&s| Setting::Nce(s))
        .chain(BASELINES.iter().map(|&b| Setting::Baseline(b)))
        .collect();
    let grids = [
        (
            figures::EPOCHS_GRID,
            "GAN d_steps 1, g_steps 1: snapshots of one run by epochs (rows: seeds; grey: training data, red: samples)",
            snapshots,
        ),
        (
            figures::STEPS_GRID,
            "GAN after 200 epochs by (d_steps, g_steps) (rows: seeds; grey: training data, red: samples)",
            steps,
        ),
        (
            figures::NCE_GRID,
            "NCE: rejection and threshold samplers; NCE's proposal q alone; the true law (rows: seeds; grey: data, red: samples)",
            nce,
        ),
    ];
    let d_settings: Vec<GanConfig> = std::iter::once(BASE_GAN).chain(STEP_SETTINGS).collect();
    let chart = || figures::d_over_epochs(&out.join(figures::D_CHART), traces, &d_settings);
    let (grids_done, chart_done) = rayon::join(
        || {
            grids.par_iter().try_for_each(|(file, caption, settings)| {
                let cells = cells(runs, settings, first_seed, real);
                scatter_grid(&out.join(file), caption, &cells, settings.len(), (340, 240))
            })
        },
        chart,
    );
    grids_done.and(chart_done)
}
