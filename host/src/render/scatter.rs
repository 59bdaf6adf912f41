//! Scatter plots of generated points over the real data, alone (PNG or SVG) or as a grid of
//! panels (PNG).

use super::canvas::{self, Figure, FONT_FAMILY};
use crate::failure::{path_error, Outcome};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::ops::Range;
use std::path::Path;

/// The window when there is no real data to fit: it holds both moons with a margin.
const MOONS_WINDOW: (Range<f32>, Range<f32>) = (-1.5..2.5, -1.0..1.5);

/// Share of the data's extent added as an empty margin on each side of the window.
const MARGIN: f32 = 0.1;

/// Share of the window's width added on its right for the legend, so that it covers no data.
const LEGEND_ROOM: f32 = 0.3;

/// Checks that `path` ends in `.png` or `.svg` and that its folder exists, before any
/// training is spent on it.
pub fn check_plot_path(path: &Path) -> Outcome {
    canvas::check_path(path).map(|_| ())
}

/// Draws `generated` (red) over `real` (grey) into `path` (.png or .svg).
pub fn scatter(path: &Path, title: &str, real: &[[f32; 2]], generated: &[[f32; 2]]) -> Outcome {
    let figure = Scatter {
        title,
        real,
        generated,
        legend: true,
    };
    canvas::save(path, (640, 420), &figure)
}

/// One scatter plot.
struct Scatter<'a> {
    title: &'a str,
    real: &'a [[f32; 2]],
    generated: &'a [[f32; 2]],
    legend: bool,
}

impl Figure for Scatter<'_> {
    fn draw<DB: DrawingBackend>(&self, area: DrawingArea<DB, Shift>) -> Result<(), String> {
        area.fill(&WHITE).map_err(|e| e.to_string())?;
        draw(&area, self.title, self.real, self.generated, self.legend)?;
        area.present().map_err(|e| e.to_string())
    }
}

/// The plotted window: the bounding box of the real and generated points with a margin (the
/// moons' window when there are none), so that every data set, built in or read from a file,
/// and every sample fits.
pub fn window(real: &[[f32; 2]], generated: &[[f32; 2]]) -> (Range<f32>, Range<f32>) {
    let finite = real
        .iter()
        .chain(generated)
        .filter(|p| p[0].is_finite() && p[1].is_finite());
    let Some((lo, hi)) = finite.fold(None, |acc: Option<([f32; 2], [f32; 2])>, p| {
        Some(match acc {
            None => (*p, *p),
            Some((lo, hi)) => (
                [lo[0].min(p[0]), lo[1].min(p[1])],
                [hi[0].max(p[0]), hi[1].max(p[1])],
            ),
        })
    }) else {
        return MOONS_WINDOW;
    };
    let pad = |a: f32, b: f32| {
        let m = ((b - a) * MARGIN).max(0.1);
        (a - m)..(b + m)
    };
    (pad(lo[0], hi[0]), pad(lo[1], hi[1]))
}

/// Draws the scatter into an area (also used for grid figures); the legend, when asked
/// for, sits in a strip of its own on the right.
fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    real: &[[f32; 2]],
    generated: &[[f32; 2]],
    legend: bool,
) -> Result<(), String> {
    let (x, y) = window(real, generated);
    let x_end = x.end;
    let x = if legend {
        x.start..x.end + (x.end - x.start) * LEGEND_ROOM
    } else {
        x
    };
    let mut chart = ChartBuilder::on(area)
        .caption(title, (FONT_FAMILY, 16))
        .margin(8)
        .x_label_area_size(24)
        .y_label_area_size(30)
        .build_cartesian_2d(x, y)
        .map_err(|e| e.to_string())?;
    // No tick labels over the legend's strip.
    let x_format = |v: &f32| {
        if *v > x_end {
            String::new()
        } else {
            format!("{v:.1}")
        }
    };
    chart
        .configure_mesh()
        .disable_mesh()
        .x_label_formatter(&x_format)
        .y_label_formatter(&|v: &f32| format!("{v:.1}"))
        .label_style((FONT_FAMILY, 12))
        .draw()
        .map_err(|e| e.to_string())?;
    let grey = RGBColor(170, 170, 170).mix(0.6).filled();
    let red = RED.mix(0.7).filled();
    let real_series = chart
        .draw_series(real.iter().map(|p| Circle::new((p[0], p[1]), 2, grey)))
        .map_err(|e| e.to_string())?;
    if legend {
        real_series
            .label("real")
            .legend(move |(x, y)| Circle::new((x, y), 3, grey));
    }
    let generated_series = chart
        .draw_series(generated.iter().map(|p| Circle::new((p[0], p[1]), 2, red)))
        .map_err(|e| e.to_string())?;
    if legend {
        generated_series
            .label("generated")
            .legend(move |(x, y)| Circle::new((x, y), 3, red));
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .label_font((FONT_FAMILY, 13))
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// One panel of a scatter grid.
#[derive(Clone, Debug)]
pub struct Cell<'a> {
    /// Title above the panel.
    pub title: String,
    /// The real data drawn in grey.
    pub real: &'a [[f32; 2]],
    /// The generated points drawn in red; `None` draws the real data only (a run with no
    /// samples: its title says why).
    pub generated: Option<&'a [[f32; 2]]>,
}

/// Draws `cells` as a grid of `cols` columns of `cell` pixels each under `caption`, into the
/// PNG `path`; the caption says which colour is which, the panels have no legend. The grid
/// is drawn in memory and encoded once.
pub fn scatter_grid(
    path: &Path,
    caption: &str,
    cells: &[Cell<'_>],
    cols: usize,
    cell: (u32, u32),
) -> Outcome {
    canvas::check_path(path)?;
    canvas::register_font();
    let cols = cols.max(1);
    let rows = cells.len().div_ceil(cols).max(1);
    let caption_height = 36;
    let size = (cell.0 * cols as u32, cell.1 * rows as u32 + caption_height);
    let mut buffer = vec![255u8; size.0 as usize * size.1 as usize * 3];
    let drawn = (|| -> Result<(), String> {
        let root = BitMapBackend::with_buffer(&mut buffer, size).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let body = root
            .titled(caption, (FONT_FAMILY, 22))
            .map_err(|e| e.to_string())?;
        for (area, c) in body.split_evenly((rows, cols)).into_iter().zip(cells) {
            draw(&area, &c.title, c.real, c.generated.unwrap_or(&[]), false)?;
        }
        root.present().map_err(|e| e.to_string())
    })();
    drawn.map_err(|e| path_error(path, e))?;
    let file = BitMapBackend::new(path, size).into_drawing_area();
    let image = BitMapElement::with_ref((0, 0), size, &buffer)
        .ok_or_else(|| path_error(path, "image buffer of the wrong size"))?;
    file.draw(&image)
        .and_then(|_| file.present())
        .map_err(|e| path_error(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_fits_the_data_with_a_margin() {
        let (x, y) = window(&[[-4.0, -4.0], [4.0, 0.0], [f32::NAN, 0.0]], &[[0.0, 4.0]]);
        assert_eq!((x, y), (-4.8..4.8, -4.8..4.8));
        assert_eq!(window(&[], &[]), MOONS_WINDOW);
    }

    #[test]
    fn grid_is_one_png_with_empty_cells_allowed() {
        let dir = std::env::temp_dir().join(format!("tinygen-grid-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let real = [[0.0f32, 0.0], [1.0, 0.5]];
        let gen = [[0.5f32, 0.2]];
        let cells = [
            Cell {
                title: "a".into(),
                real: &real,
                generated: Some(&gen),
            },
            Cell {
                title: "diverged".into(),
                real: &real,
                generated: None,
            },
            Cell {
                title: "c".into(),
                real: &real,
                generated: Some(&gen),
            },
        ];
        let path = dir.join("g.png");
        scatter_grid(&path, "caption", &cells, 2, (200, 150)).unwrap();
        assert!(std::fs::metadata(&path).unwrap().len() > 1000);
        for name in ["s.png", "s.svg"] {
            scatter(&dir.join(name), "t", &real, &gen).unwrap();
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
