//! The one place a figure file is set up: its format from its name, the bundled font and
//! the drawing backend.

use crate::failure::{path_error, Failure, Outcome};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;
use std::sync::OnceLock;

/// DejaVu Sans, from Debian's `fonts-dejavu-core` (its licence sits beside it): the plots
/// draw their text with it, so they need no fonts or font library on the system.
static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// The font family every figure names.
pub const FONT_FAMILY: &str = "sans-serif";

/// Registers the bundled font as [`FONT_FAMILY`], once per process; true when it is there.
pub fn register_font() -> bool {
    static OK: OnceLock<bool> = OnceLock::new();
    *OK.get_or_init(|| plotters::style::register_font(FONT_FAMILY, FontStyle::Normal, FONT).is_ok())
}

/// A figure's file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A PNG bitmap.
    Png,
    /// An SVG drawing.
    Svg,
}

/// The format `path` asks for (`.png` or `.svg`), checking that its folder exists, so that
/// a bad path fails before any training is spent on it.
pub fn check_path(path: &Path) -> Outcome<Format> {
    let format = match path.extension().and_then(|e| e.to_str()) {
        Some("png") => Format::Png,
        Some("svg") => Format::Svg,
        _ => {
            return Err(Failure::Usage(format!(
                "plot file {} must end in .png or .svg",
                path.display()
            )))
        }
    };
    match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) if !dir.is_dir() => Err(path_error(path, "its folder does not exist")),
        _ => Ok(format),
    }
}

/// Something that draws itself on an area of any backend.
pub trait Figure {
    /// Draws the figure on `area`.
    fn draw<DB: DrawingBackend>(&self, area: DrawingArea<DB, Shift>) -> Result<(), String>;
}

/// Draws `figure` into `path` (.png or .svg, by its name) of `size` pixels.
pub fn save(path: &Path, size: (u32, u32), figure: &impl Figure) -> Outcome {
    let format = check_path(path)?;
    register_font();
    let result = match format {
        Format::Svg => figure.draw(SVGBackend::new(path, size).into_drawing_area()),
        Format::Png => figure.draw(BitMapBackend::new(path, size).into_drawing_area()),
    };
    result.map_err(|e| path_error(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_font_registers() {
        assert!(register_font());
    }

    #[test]
    fn only_png_and_svg_in_existing_folders() {
        assert_eq!(check_path(Path::new("a.png")).unwrap(), Format::Png);
        assert_eq!(check_path(Path::new("a.svg")).unwrap(), Format::Svg);
        for bad in ["a.jpg", "a", "/nonexistent-dir/a.png"] {
            assert!(
                matches!(check_path(Path::new(bad)), Err(Failure::Usage(_))),
                "{bad}"
            );
        }
    }
}
