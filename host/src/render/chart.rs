//! Line charts with several panels, a linear or logarithmic y axis, as PNG or SVG.

use super::canvas::{self, Figure, FONT_FAMILY};
use crate::failure::Outcome;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;

/// How each point of a series is marked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    /// No marker, only the line.
    None,
    /// A filled circle.
    Circle,
    /// A diagonal cross (e.g. where a run diverged).
    Cross,
    /// A downward triangle: the true value is *below* this point (an upper bound).
    Below,
}

/// One line of a panel.
#[derive(Clone, Debug)]
pub struct Series {
    /// Legend text; `None` keeps the series out of the legend.
    pub label: Option<String>,
    /// `(x, y)` points in drawing order; a non-finite `y` (or `y ≤ 0` on a log axis) breaks
    /// the line there and is not drawn.
    pub points: Vec<(f64, f64)>,
    /// Line and marker colour.
    pub color: RGBColor,
    /// Opacity in `[0, 1]`.
    pub alpha: f64,
    /// Line width in pixels; 0 draws markers only.
    pub width: u32,
    /// Dashed instead of solid.
    pub dashed: bool,
    /// Marker at every point.
    pub marker: Marker,
}

impl Series {
    /// A solid line of width 2 without markers.
    pub fn line(label: Option<String>, points: Vec<(f64, f64)>, color: RGBColor) -> Self {
        Series {
            label,
            points,
            color,
            alpha: 1.0,
            width: 2,
            dashed: false,
            marker: Marker::None,
        }
    }
}

/// One chart of a figure.
#[derive(Clone, Debug)]
pub struct Panel {
    /// Title above the panel.
    pub title: String,
    /// x-axis description.
    pub x_label: String,
    /// y-axis description.
    pub y_label: String,
    /// Shown x range.
    pub x: (f64, f64),
    /// Shown y range (both ends > 0 on a log axis).
    pub y: (f64, f64),
    /// Logarithmic y axis.
    pub log_y: bool,
    /// The lines.
    pub series: Vec<Series>,
    /// Where the legend goes.
    pub legend: SeriesLabelPosition,
    /// Empty room added to the right of the x range, as a share of it, so that a legend
    /// there covers no data (no tick labels are printed in it).
    pub legend_room: f64,
}

/// A colour-blind-friendly palette (Okabe–Ito without yellow: blue, orange, green,
/// vermillion, pink, sky blue, black), and a purple.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(213, 94, 0),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(0, 0, 0),
    RGBColor(117, 80, 170),
];

/// Draws `panels` on a grid of `cols` columns under `caption`, into `path` (.png or .svg)
/// of `size` pixels.
pub fn draw(
    path: &Path,
    caption: &str,
    panels: &[Panel],
    cols: usize,
    size: (u32, u32),
) -> Outcome {
    canvas::save(
        path,
        size,
        &Chart {
            caption,
            panels,
            cols,
        },
    )
}

/// A figure of panels.
struct Chart<'a> {
    caption: &'a str,
    panels: &'a [Panel],
    cols: usize,
}

impl Figure for Chart<'_> {
    fn draw<DB: DrawingBackend>(&self, root: DrawingArea<DB, Shift>) -> Result<(), String> {
        draw_on(root, self.caption, self.panels, self.cols)
    }
}

fn draw_on<DB: DrawingBackend>(
    root: DrawingArea<DB, Shift>,
    caption: &str,
    panels: &[Panel],
    cols: usize,
) -> Result<(), String> {
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let body = root
        .titled(caption, (FONT_FAMILY, 20))
        .map_err(|e| e.to_string())?;
    let cols = cols.max(1);
    let rows = panels.len().div_ceil(cols).max(1);
    for (area, panel) in body.split_evenly((rows, cols)).into_iter().zip(panels) {
        draw_panel(&area, panel)?;
    }
    root.present().map_err(|e| e.to_string())
}

/// The value drawn for `y`: `log10 y` on a log axis (`None` when it cannot be drawn).
fn drawn(y: f64, log_y: bool) -> Option<f64> {
    match (y.is_finite(), log_y) {
        (false, _) => None,
        (true, false) => Some(y),
        (true, true) if y > 0.0 => Some(y.log10()),
        _ => None,
    }
}

/// The maximal runs of drawable points of a series.
fn segments(points: &[(f64, f64)], log_y: bool) -> Vec<Vec<(f64, f64)>> {
    let mut out = vec![Vec::new()];
    for &(x, y) in points {
        match drawn(y, log_y) {
            Some(v) if x.is_finite() => out.last_mut().map_or((), |s| s.push((x, v))),
            _ => {
                if out.last().is_some_and(|s| !s.is_empty()) {
                    out.push(Vec::new());
                }
            }
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panel: &Panel,
) -> Result<(), String> {
    let e = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    let log_y = panel.log_y;
    let y_range = if log_y {
        panel.y.0.max(f64::MIN_POSITIVE).log10()..panel.y.1.log10()
    } else {
        panel.y.0..panel.y.1
    };
    let mut chart = ChartBuilder::on(area)
        .caption(&panel.title, (FONT_FAMILY, 16))
        .margin(10)
        .x_label_area_size(36)
        .y_label_area_size(56)
        .build_cartesian_2d(
            panel.x.0..panel.x.1 + (panel.x.1 - panel.x.0) * panel.legend_room,
            y_range,
        )
        .map_err(e)?;
    let x_end = panel.x.1;
    let x_format = |v: &f64| {
        if *v > x_end + 1e-9 {
            String::new()
        } else if v.fract() == 0.0 {
            format!("{v:.0}")
        } else {
            super::table::sig(*v, 2)
        }
    };
    let y_format = |v: &f64| {
        if log_y {
            let r = v.round();
            if (v - r).abs() < 1e-9 {
                format!("1e{r:.0}")
            } else {
                String::new()
            }
        } else {
            super::table::sig(*v, 2)
        }
    };
    chart
        .configure_mesh()
        .x_desc(panel.x_label.as_str())
        .y_desc(panel.y_label.as_str())
        .x_label_formatter(&x_format)
        .y_label_formatter(&y_format)
        .light_line_style(WHITE)
        .bold_line_style(RGBColor(225, 225, 225))
        .draw()
        .map_err(e)?;
    for s in &panel.series {
        let style = s.color.mix(s.alpha).stroke_width(s.width.max(1));
        let mut labelled = false;
        let segs = segments(&s.points, log_y);
        if let (true, Some(label)) = (segs.is_empty(), &s.label) {
            // Nothing to draw, but the legend still says why (e.g. "all runs diverged").
            let anno = chart
                .draw_series(LineSeries::new(Vec::<(f64, f64)>::new(), style))
                .map_err(e)?;
            anno.label(label.as_str())
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], style));
        }
        for seg in segs {
            if s.width > 0 {
                let anno = if s.dashed {
                    chart
                        .draw_series(DashedLineSeries::new(seg.clone(), 8, 5, style))
                        .map_err(e)?
                } else {
                    chart
                        .draw_series(LineSeries::new(seg.clone(), style))
                        .map_err(e)?
                };
                if !labelled {
                    if let Some(label) = &s.label {
                        labelled = true;
                        anno.label(label.as_str())
                            .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], style));
                    }
                }
            }
            let fill = s.color.mix(s.alpha).filled();
            let thin = s.color.mix(s.alpha).stroke_width(2);
            let anno = match s.marker {
                Marker::None => None,
                Marker::Circle => Some(
                    chart
                        .draw_series(seg.iter().map(|&p| Circle::new(p, 3, fill)))
                        .map_err(e)?,
                ),
                Marker::Cross => Some(
                    chart
                        .draw_series(seg.iter().map(|&p| Cross::new(p, 5, thin)))
                        .map_err(e)?,
                ),
                Marker::Below => Some(
                    chart
                        .draw_series(seg.iter().map(|&p| {
                            EmptyElement::at(p)
                                + Polygon::new(vec![(-6, -5), (6, -5), (0, 6)], fill)
                        }))
                        .map_err(e)?,
                ),
            };
            if let (Some(anno), Some(label), false) = (anno, &s.label, labelled) {
                labelled = true;
                let anno = anno.label(label.as_str());
                match s.marker {
                    Marker::Cross => {
                        anno.legend(move |(x, y)| Cross::new((x + 9, y), 5, thin));
                    }
                    Marker::Below => {
                        anno.legend(move |(x, y)| {
                            Polygon::new(
                                vec![(x + 3, y - 5), (x + 15, y - 5), (x + 9, y + 6)],
                                fill,
                            )
                        });
                    }
                    _ => {
                        anno.legend(move |(x, y)| Circle::new((x + 9, y), 3, fill));
                    }
                }
            }
        }
    }
    if panel.series.iter().any(|s| s.label.is_some()) {
        chart
            .configure_series_labels()
            .position(panel.legend.clone())
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(160, 160, 160))
            .label_font((FONT_FAMILY, 13))
            .draw()
            .map_err(e)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::failure::Failure;

    #[test]
    fn segments_break_at_undrawable_points() {
        let pts = [
            (0.0, 1.0),
            (1.0, f64::NAN),
            (2.0, 2.0),
            (3.0, 0.0),
            (4.0, 4.0),
        ];
        assert_eq!(segments(&pts, false).len(), 2);
        let log = segments(&pts, true);
        assert_eq!(log.len(), 3);
        assert_eq!(log[2], vec![(4.0, 4f64.log10())]);
    }

    #[test]
    fn draws_png_and_svg() {
        let dir = std::env::temp_dir().join(format!("tinygen-chart-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut dashed = Series::line(Some("b".into()), vec![(1.0, 1e-3), (2.0, 1e-5)], PALETTE[1]);
        dashed.dashed = true;
        dashed.marker = Marker::Below;
        let panel = Panel {
            title: "t".into(),
            x_label: "x".into(),
            y_label: "y".into(),
            x: (0.0, 3.0),
            y: (1e-6, 1.0),
            log_y: true,
            series: vec![
                Series::line(Some("a".into()), vec![(0.0, 0.5), (1.0, 0.1)], PALETTE[0]),
                dashed,
            ],
            legend: SeriesLabelPosition::UpperRight,
            legend_room: 0.5,
        };
        for name in ["c.png", "c.svg"] {
            let path = dir.join(name);
            draw(
                &path,
                "caption",
                &[panel.clone(), panel.clone()],
                2,
                (400, 200),
            )
            .unwrap();
            assert!(std::fs::metadata(&path).unwrap().len() > 100);
        }
        assert!(matches!(
            draw(&dir.join("c.jpg"), "c", &[panel], 1, (100, 100)),
            Err(Failure::Usage(_))
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
