//! The one formatter for an output point, shared by host and firmware.

use crate::error::Error;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_lines() {
        assert_eq!(format_point(&[0.5, -1.0]).unwrap(), "0.5,-1");
        assert_eq!(format_point(&[0.0, 2.25]).unwrap(), "0,2.25");
        assert_eq!(format_point(&[0.1, 1e-7]).unwrap(), "0.1,0.0000001");
    }

    #[test]
    fn extremes_fit_and_read_back() {
        let values = [
            f32::MAX,
            f32::MIN,
            -f32::MIN_POSITIVE,
            -f32::from_bits(1),
            -1.234_567_9e-20,
            0.1,
        ];
        for &a in &values {
            for &b in &values {
                let line = format_point(&[a, b]).unwrap();
                let (x, y) = line.split_once(',').unwrap();
                assert_eq!(x.parse::<f32>().unwrap().to_bits(), a.to_bits(), "{line}");
                assert_eq!(y.parse::<f32>().unwrap().to_bits(), b.to_bits(), "{line}");
            }
        }
    }

    #[test]
    fn non_finite_is_rejected() {
        for p in [
            [f32::NAN, 0.0],
            [0.0, f32::NAN],
            [f32::INFINITY, 1.0],
            [1.0, f32::NEG_INFINITY],
        ] {
            assert_eq!(format_point(&p), Err(Error::NonFinite));
        }
    }
}
