//! The one formatter for an output point, shared by host and firmware.

use crate::Error;
use core::fmt::Write;

/// One output line; long enough for any two finite `f32`s in `{}` notation.
pub type Line = heapless::String<112>;

/// Formats `p` as `x1,x2` with `core::fmt`'s `{}` (shortest text that reads back to the same
/// bits). Host and firmware both call this, so they print byte-identical lines.
///
/// A NaN or infinite coordinate is refused: it is never printed as data.
pub fn format_point(p: &[f32; 2]) -> Result<Line, Error> {
    if !(p[0].is_finite() && p[1].is_finite()) {
        return Err(Error::NonFinite);
    }
    let mut line = Line::new();
    // Cannot fail: a finite f32 prints in at most 48 characters.
    write!(line, "{},{}", p[0], p[1]).map_err(|_| Error::NonFinite)?;
    Ok(line)
}
