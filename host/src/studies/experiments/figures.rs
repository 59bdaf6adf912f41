//! The figures of `tinygen experiments`: the grids' file names and D(real), D(G(z)) over
//! the epochs.

use super::{GanTrace, STEP_EPOCHS};
use crate::failure::Outcome;
use crate::render::chart::{self, Marker, Panel, Series, PALETTE};
use plotters::chart::SeriesLabelPosition;
use plotters::prelude::*;
use std::path::Path;
use tinygen::GanConfig;

/// The grid of the GAN snapshots (d1 g1), by ascending epochs.
pub const EPOCHS_GRID: &str = "gan_epochs_grid.png";
/// The grid of the `(d_steps, g_steps)` settings at 200 epochs.
pub const STEPS_GRID: &str = "gan_steps_grid.png";
/// The grid of the NCE samplers.
pub const NCE_GRID: &str = "nce_grid.png";
/// D(real) and D(G(z)) over the epochs.
pub const D_CHART: &str = "d_over_epochs.png";

/// Draws the mean D(real) (solid) and D(G(z)) (dashed) of every epoch, one panel per
/// `(d_steps, g_steps)` in `settings`, one colour per seed, into the PNG `path`. A run that
/// diverged is drawn up to its last finite epoch, with a cross there.
pub fn d_over_epochs(path: &Path, traces: &[GanTrace], settings: &[GanConfig]) -> Outcome {
    let panels: Vec<Panel> = settings
        .iter()
        .map(|&config| {
            let mut series = vec![{
                let mut half = Series::line(
                    Some("0.5: D cannot tell".into()),
                    vec![(0.0, 0.5), (STEP_EPOCHS as f64, 0.5)],
                    RGBColor(120, 120, 120),
                );
                half.width = 1;
                half
            }];
            let mut mine: Vec<&GanTrace> = traces.iter().filter(|t| t.config == config).collect();
            mine.sort_by_key(|t| t.seed);
            for t in mine {
                let color = PALETTE[t.seed as usize % PALETTE.len()];
                let line = |f: fn(&tinygen::GanEpochStats) -> f32| -> Vec<(f64, f64)> {
                    t.epochs
                        .iter()
                        .enumerate()
                        .map(|(i, s)| ((i + 1) as f64, f64::from(f(s))))
                        .collect()
                };
                // One legend entry per seed; the caption tells solid from dashed.
                series.push(Series::line(
                    Some(format!("seed {}", t.seed)),
                    line(|s| s.d_real),
                    color,
                ));
                let mut fake = Series::line(None, line(|s| s.d_fake), color);
                fake.dashed = true;
                series.push(fake);
                if let Some(at) = t.diverged_at {
                    let last = t.epochs.last().map_or(0.5, |s| f64::from(s.d_fake));
                    let mut cross = Series::line(
                        Some(format!("seed {} diverged at epoch {at}", t.seed)),
                        vec![(at.saturating_sub(1) as f64, last)],
                        color,
                    );
                    cross.width = 0;
                    cross.marker = Marker::Cross;
                    series.push(cross);
                }
            }
            Panel {
                title: format!("GAN d_steps {}, g_steps {}", config.d_steps, config.g_steps),
                x_label: "epoch".into(),
                y_label: "mean D over the epoch".into(),
                x: (0.0, STEP_EPOCHS as f64),
                y: (0.0, 1.0),
                log_y: false,
                series,
                legend: SeriesLabelPosition::UpperRight,
                legend_room: 0.3,
            }
        })
        .collect();
    chart::draw(
        path,
        "What D thinks: mean D(real) (solid) and D(G(z)) (dashed) per epoch",
        &panels,
        2,
        (1400, 1000),
    )
}
