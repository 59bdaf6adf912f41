//! Scatter plots of generated points over the real data, as PNG or SVG.

use crate::failure::{path_error, Failure, Outcome};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;

/// The plotted window: it holds both moons with a margin.
/// The plane the two moons are drawn on (every moons plot the same, so plots compare).
const MOONS_RANGE: [std::ops::Range<f32>; 2] = [-1.5..2.5, -1.0..1.5];

/// The plane a plot shows: the moons' when the real data fits it, else the real data's
/// bounding box widened by a fifth on each side (the ring, the grid, a user's points).
/// Generated points outside it are clipped, so a generator that flies off cannot hide the data.
pub fn plot_range(real: &[[f32; 2]]) -> [std::ops::Range<f32>; 2] {
    let mut lo = [f32::INFINITY; 2];
    let mut hi = [f32::NEG_INFINITY; 2];
    for p in real.iter().filter(|p| p.iter().all(|v| v.is_finite())) {
        for i in 0..2 {
            lo[i] = lo[i].min(p[i]);
            hi[i] = hi[i].max(p[i]);
        }
    }
    if lo[0] > hi[0] {
        return MOONS_RANGE;
    }
    let inside = |i: usize| MOONS_RANGE[i].start <= lo[i] && hi[i] <= MOONS_RANGE[i].end;
    if inside(0) && inside(1) {
        return MOONS_RANGE;
    }
    [0, 1].map(|i| {
        let pad = 0.2 * (hi[i] - lo[i]).max(1e-3);
        (lo[i] - pad)..(hi[i] + pad)
    })
}

/// Checks that `path` ends in `.png` or `.svg` and that its folder exists, before any
/// training is spent on it.
pub fn check_plot_path(path: &Path) -> Outcome {
    match path.extension().and_then(|e| e.to_str()) {
        Some("png") | Some("svg") => {}
        _ => {
            return Err(Failure::Usage(format!(
                "plot file {} must end in .png or .svg",
                path.display()
            )))
        }
    }
    match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) if !dir.is_dir() => Err(path_error(path, "its folder does not exist")),
        _ => Ok(()),
    }
}

/// Draws `generated` (red) over `real` (grey) into `path` (.png or .svg).
pub fn scatter(path: &Path, title: &str, real: &[[f32; 2]], generated: &[[f32; 2]]) -> Outcome {
    check_plot_path(path)?;
    let size = (640, 420);
    let result = if path.extension().is_some_and(|e| e == "svg") {
        draw(
            SVGBackend::new(path, size).into_drawing_area(),
            title,
            real,
            generated,
        )
    } else {
        draw(
            BitMapBackend::new(path, size).into_drawing_area(),
            title,
            real,
            generated,
        )
    };
    result.map_err(|e| path_error(path, e))
}

/// Draws the scatter into an area (also used for grid figures).
pub fn draw<DB: DrawingBackend>(
    area: DrawingArea<DB, Shift>,
    title: &str,
    real: &[[f32; 2]],
    generated: &[[f32; 2]],
) -> Result<(), String> {
    area.fill(&WHITE).map_err(|e| e.to_string())?;
    let [x_range, y_range] = plot_range(real);
    let generated: Vec<[f32; 2]> = generated
        .iter()
        .copied()
        .filter(|p| x_range.contains(&p[0]) && y_range.contains(&p[1]))
        .collect();
    let mut chart = ChartBuilder::on(&area)
        .caption(title, ("sans-serif", 16))
        .margin(8)
        .x_label_area_size(24)
        .y_label_area_size(30)
        .build_cartesian_2d(x_range, y_range)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .disable_mesh()
        .draw()
        .map_err(|e| e.to_string())?;
    let grey = RGBColor(170, 170, 170).mix(0.6).filled();
    chart
        .draw_series(real.iter().map(|p| Circle::new((p[0], p[1]), 2, grey)))
        .map_err(|e| e.to_string())?
        .label("real")
        .legend(move |(x, y)| Circle::new((x, y), 3, grey));
    let red = RED.mix(0.7).filled();
    chart
        .draw_series(generated.iter().map(|p| Circle::new((p[0], p[1]), 2, red)))
        .map_err(|e| e.to_string())?
        .label("generated")
        .legend(move |(x, y)| Circle::new((x, y), 3, red));
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()
        .map_err(|e| e.to_string())?;
    area.present().map_err(|e| e.to_string())
}
