//! The figure: dead units per epoch, per layer and activation.

use super::classifier::{Hidden, Measure};
use super::run::Run;
use super::tables::{learning_rates, mean};
use crate::render::chart::{Marker, Panel, Series, PALETTE};
use plotters::chart::SeriesLabelPosition;

/// The figure: rows = hidden layer 1, 2; columns = ReLU, ELU. One bold line per learning
/// rate (the mean over the runs that completed), faint lines for single runs, and a cross
/// at the last finite epoch of every run that diverged.
pub fn panels(runs: &[Run], epochs: usize) -> Vec<Panel> {
    let mut out = Vec::new();
    for layer in [1, 2] {
        for hidden in Hidden::ALL {
            let mut series = Vec::new();
            let mut crosses = Vec::new();
            for (k, lr) in learning_rates(runs).iter().enumerate() {
                // Black is kept for the divergence crosses.
                let color = [0, 1, 2, 3, 4, 5, 7].map(|i| PALETTE[i])[k % 7];
                let group: Vec<&Run> = runs
                    .iter()
                    .filter(|r| r.hidden == hidden && r.lr == *lr)
                    .collect();
                let share = |m: &Measure| 100.0 * if layer == 1 { m.dead1 } else { m.dead2 };
                for r in &group {
                    let mut faint = Series::line(
                        None,
                        r.measures
                            .iter()
                            .enumerate()
                            .map(|(e, m)| (e as f64, share(m)))
                            .collect(),
                        color,
                    );
                    faint.alpha = 0.25;
                    faint.width = 1;
                    series.push(faint);
                    if let (Some(_), Some(last)) = (r.diverged_at, r.measures.last()) {
                        crosses.push(((r.measures.len() - 1) as f64, share(last)));
                    }
                }
                let done: Vec<&Run> = group
                    .iter()
                    .copied()
                    .filter(|r| r.diverged_at.is_none())
                    .collect();
                let diverged = group.len() - done.len();
                let label = match diverged {
                    0 => format!("lr {lr}"),
                    d if d == group.len() => format!("lr {lr}: all diverged"),
                    d => format!("lr {lr} ({d}/{} diverged)", group.len()),
                };
                let mean_line: Vec<(f64, f64)> = if done.is_empty() {
                    // Nothing to average: an empty line, kept for its legend entry.
                    vec![(f64::NAN, f64::NAN)]
                } else {
                    (0..=epochs)
                        .map(|e| {
                            let v: Vec<f64> = done.iter().map(|r| share(&r.measures[e])).collect();
                            (e as f64, mean(&v))
                        })
                        .collect()
                };
                series.push(Series::line(Some(label), mean_line, color));
            }
            if !crosses.is_empty() {
                let mut x = Series::line(Some("diverged after this".into()), crosses, RGB_BLACK);
                x.width = 0;
                x.marker = Marker::Cross;
                series.push(x);
            }
            out.push(Panel {
                title: format!("{}, hidden layer {layer}", hidden.name()),
                x_label: "epoch".into(),
                y_label: "dead units (%)".into(),
                x: (0.0, epochs as f64),
                y: (0.0, 100.0),
                log_y: false,
                series,
                legend: SeriesLabelPosition::UpperRight,
                legend_room: 0.4,
            });
        }
    }
    out
}

const RGB_BLACK: plotters::style::RGBColor = plotters::style::RGBColor(0, 0, 0);
