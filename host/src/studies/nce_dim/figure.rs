//! The three-panel figure of the study.

use super::summary::DimSummary;
use crate::render::chart::{Marker, Panel, Series, PALETTE};
use plotters::chart::SeriesLabelPosition;

/// Three panels: acceptance vs d on a log axis; accuracies and the share of accepted samples
/// on the moons; the learned and the true log-ratio on the data, with the sampler's `ln M`.
pub fn panels(s: &[DimSummary]) -> Vec<Panel> {
    let ok: Vec<&DimSummary> = s.iter().filter(|s| s.runs > 0).collect();
    let d_max = s.iter().map(|s| s.d).max().unwrap_or(2) as f64;
    let pts = |f: &dyn Fn(&DimSummary) -> f64| -> Vec<(f64, f64)> {
        ok.iter().map(|s| (s.d as f64, f(s))).collect()
    };
    let all = |f: &dyn Fn(&DimSummary) -> f64| -> Vec<(f64, f64)> {
        s.iter().map(|s| (s.d as f64, f(s))).collect()
    };
    let styled = |label: &str, points: Vec<(f64, f64)>, k: usize, dashed: bool, marker: Marker| {
        let mut l = Series::line(Some(label.into()), points, PALETTE[k]);
        l.dashed = dashed;
        l.marker = marker;
        l
    };
    let mut none = styled(
        "nothing accepted (below 1/proposals)",
        pts(&|s| {
            if s.accepted == 0 {
                1.0 / s.proposals.max(1) as f64
            } else {
                f64::NAN
            }
        }),
        0,
        false,
        Marker::Below,
    );
    none.width = 0;
    if ok.iter().all(|s| s.accepted > 0) {
        none.label = None;
    }
    let floor = s
        .iter()
        .flat_map(|s| [s.reference_exact, s.reference_measured])
        .chain(ok.iter().map(|s| 1.0 / s.proposals.max(1) as f64))
        .filter(|v| *v > 0.0 && v.is_finite())
        .fold(1.0f64, f64::min);
    let acceptance = Panel {
        title: "Acceptance rate of rejection sampling from q".into(),
        x_label: "dimension d".into(),
        y_label: "accepted / proposed".into(),
        x: (0.0, d_max + 2.0),
        y: (10f64.powf(floor.log10().floor()), 3.0),
        log_y: true,
        series: vec![
            styled(
                "exact sampler: a₂^(d/2), a₂ = 1/sup(p/q) in 2-D",
                all(&|s| s.reference_exact),
                6,
                true,
                Marker::None,
            ),
            styled(
                "a₂^(d/2), a₂ = measured 2-D rate",
                all(&|s| s.reference_measured),
                2,
                true,
                Marker::None,
            ),
            styled(
                "measured (learned r, M from q draws)",
                pts(&|s| {
                    if s.accepted > 0 {
                        s.acceptance()
                    } else {
                        f64::NAN
                    }
                }),
                0,
                false,
                Marker::Circle,
            ),
            none,
        ],
        legend: SeriesLabelPosition::LowerLeft,
        legend_room: 0.0,
    };
    let quality = Panel {
        title: "Held-out accuracy, and accepted samples on the moons".into(),
        x_label: "dimension d".into(),
        y_label: "share".into(),
        x: (0.0, d_max + 2.0),
        y: (0.0, 1.02),
        log_y: false,
        series: vec![
            styled(
                "Bayes rule p/q > ν, data",
                pts(&|s| s.bayes_data_accuracy),
                0,
                true,
                Marker::None,
            ),
            styled(
                "Bayes rule, q draws",
                pts(&|s| s.bayes_noise_accuracy),
                1,
                true,
                Marker::None,
            ),
            styled(
                "classifier, data",
                pts(&|s| s.data_accuracy),
                0,
                false,
                Marker::Circle,
            ),
            styled(
                "classifier, q draws",
                pts(&|s| s.noise_accuracy),
                1,
                false,
                Marker::Circle,
            ),
            styled(
                "accepted samples on the moons",
                pts(&|s| s.on_moons_accepted.unwrap_or(f64::NAN)),
                3,
                false,
                Marker::Circle,
            ),
        ],
        legend: SeriesLabelPosition::MiddleRight,
        legend_room: 0.0,
    };
    let top = ok
        .iter()
        .flat_map(|s| {
            [
                s.true_log_ratio_data,
                s.final_bound.ln(),
                s.reference_exact.recip().ln(),
            ]
        })
        .filter(|v| v.is_finite())
        .fold(1.0f64, f64::max);
    let bottom = ok
        .iter()
        .map(|s| s.learned_log_ratio_data)
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::min);
    let ratio = Panel {
        title: "Log density ratio ln p/q".into(),
        x_label: "dimension d".into(),
        y_label: "natural log".into(),
        x: (0.0, d_max + 2.0),
        y: (bottom.floor() - 1.0, top * 1.05),
        log_y: false,
        series: vec![
            styled(
                "sup ln p/q (exact sampler's ln M)",
                all(&|s| s.reference_exact.recip().ln()),
                6,
                true,
                Marker::None,
            ),
            styled(
                "true ln p/q, mean over data",
                pts(&|s| s.true_log_ratio_data),
                2,
                true,
                Marker::None,
            ),
            styled(
                "learned ln r, mean over data",
                pts(&|s| s.learned_log_ratio_data),
                0,
                false,
                Marker::Circle,
            ),
            styled(
                "ln M used by the sampler",
                pts(&|s| s.final_bound.ln()),
                3,
                false,
                Marker::Circle,
            ),
        ],
        legend: SeriesLabelPosition::UpperLeft,
        legend_room: 0.0,
    };
    vec![acceptance, quality, ratio]
}
