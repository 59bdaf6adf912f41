//! Files of `x1,x2` lines, the format tinygen prints: read by `eval` and by `--data FILE`.
//!
//! Every line must hold two comma-separated finite `f32` values (whitespace around each
//! value is allowed, so `\r\n` line ends work). Any other line — empty, one or three
//! fields, a header, not a number, NaN, ±∞ or out of `f32` range — is counted and reported
//! with its line number and text, never silently dropped. The only line that may be empty
//! is the "line" after a final newline, i.e. the end of the input.

use crate::failure::{Failure, Outcome};
use std::fmt;
use std::io::Read;
use std::path::Path;

/// How many invalid lines are quoted on stderr (all of them are counted).
pub const SHOWN_INVALID: usize = 5;

/// Longest quoted text of an invalid line, in characters.
const QUOTE_CHARS: usize = 60;

/// Why a line is not a point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineError {
    /// Empty or only whitespace.
    Empty,
    /// Not exactly two comma-separated fields (the count found).
    Fields(usize),
    /// A field is not a number.
    NotANumber,
    /// A value is NaN, infinite, or too large for `f32`.
    NonFinite,
    /// The line is not valid UTF-8.
    NotUtf8,
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LineError::Empty => f.write_str("empty line"),
            LineError::Fields(1) => f.write_str("no comma, expected two values `x1,x2`"),
            LineError::Fields(n) => write!(f, "{n} comma-separated fields, expected 2"),
            LineError::NotANumber => f.write_str("a value is not a number"),
            LineError::NonFinite => f.write_str("a value is NaN, infinite or out of f32 range"),
            LineError::NotUtf8 => f.write_str("not valid UTF-8"),
        }
    }
}

/// One invalid line, as reported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadLine {
    /// Line number, counting from 1.
    pub line: usize,
    /// The line's text (lossily decoded, shortened to a readable length).
    pub text: String,
    /// Why it was rejected.
    pub why: LineError,
}

/// The points of an input and what was wrong with it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    /// The valid points, in input order.
    pub points: Vec<[f32; 2]>,
    /// Number of invalid lines.
    pub invalid: usize,
    /// The first [`SHOWN_INVALID`] invalid lines.
    pub first_invalid: Vec<BadLine>,
    /// Number of lines read (valid and invalid).
    pub lines: usize,
}

/// Parses one line: two comma-separated finite `f32` values, each possibly surrounded by
/// whitespace.
pub fn parse_line(line: &str) -> Result<[f32; 2], LineError> {
    if line.trim().is_empty() {
        return Err(LineError::Empty);
    }
    let fields: Vec<&str> = line.split(',').collect();
    if fields.len() != 2 {
        return Err(LineError::Fields(fields.len()));
    }
    let mut point = [0.0f32; 2];
    for (value, field) in point.iter_mut().zip(&fields) {
        *value = field
            .trim()
            .parse::<f32>()
            .map_err(|_| LineError::NotANumber)?;
    }
    if point.iter().all(|v| v.is_finite()) {
        Ok(point)
    } else {
        Err(LineError::NonFinite)
    }
}

/// Parses a whole input: lines end with `\n`; a final newline does not start another
/// (empty) line, but every other empty line is invalid.
pub fn parse_points(input: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    let mut pieces: Vec<&[u8]> = input.split(|&b| b == b'\n').collect();
    // The piece after the last newline (or the whole of an empty input) is the end of the
    // input when it is empty, not a line.
    if pieces.last().is_some_and(|p| p.is_empty()) {
        pieces.pop();
    }
    parsed.lines = pieces.len();
    for (i, bytes) in pieces.into_iter().enumerate() {
        let result = std::str::from_utf8(bytes)
            .map_err(|_| LineError::NotUtf8)
            .and_then(parse_line);
        match result {
            Ok(p) => parsed.points.push(p),
            Err(why) => {
                parsed.invalid += 1;
                if parsed.first_invalid.len() < SHOWN_INVALID {
                    parsed.first_invalid.push(BadLine {
                        line: i + 1,
                        text: quote(bytes),
                        why,
                    });
                }
            }
        }
    }
    parsed
}

/// The text of a line for a message: lossy UTF-8, at most [`QUOTE_CHARS`] characters.
fn quote(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    if text.chars().count() > QUOTE_CHARS {
        let short: String = text.chars().take(QUOTE_CHARS).collect();
        format!("{short}…")
    } else {
        text.into_owned()
    }
}

/// The invalid lines as a stderr report (empty when there are none).
pub fn invalid_report(parsed: &Parsed, source: &str) -> String {
    if parsed.invalid == 0 {
        return String::new();
    }
    let mut out = format!(
        "tinygen: {} of {} lines of {source} are invalid (each line must be `x1,x2` \
         with two finite numbers):\n",
        parsed.invalid, parsed.lines
    );
    for bad in &parsed.first_invalid {
        out.push_str(&format!(
            "  line {}: {}: {:?}\n",
            bad.line, bad.why, bad.text
        ));
    }
    let more = parsed.invalid - parsed.first_invalid.len();
    if more > 0 {
        out.push_str(&format!("  … and {more} more\n"));
    }
    out
}

/// The bytes of `path`, or of stdin when it is `-`, and the name to quote in messages.
pub fn read_source(path: Option<&Path>) -> Outcome<(Vec<u8>, String)> {
    match path {
        Some(path) if path.as_os_str() != "-" => {
            let bytes = std::fs::read(path)
                .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", path.display())))?;
            Ok((bytes, path.display().to_string()))
        }
        _ => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|e| Failure::Run(format!("cannot read stdin: {e}")))?;
            Ok((bytes, "stdin".to_string()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_lines_parse() {
        assert_eq!(parse_line("0.5,-1"), Ok([0.5, -1.0]));
        assert_eq!(parse_line("1e-3,+2.5E1"), Ok([1e-3, 25.0]));
        assert_eq!(
            parse_points(b"1,2\n3,4\n").points,
            vec![[1.0, 2.0], [3.0, 4.0]]
        );
        // No trailing newline is fine too.
        let p = parse_points(b"1,2\n3,4");
        assert_eq!((p.points.len(), p.invalid, p.lines), (2, 0, 2));
    }

    #[test]
    fn whitespace_around_values_and_crlf_are_accepted() {
        assert_eq!(parse_line("  1.5 ,\t-2 "), Ok([1.5, -2.0]));
        assert_eq!(parse_line("1,2\r"), Ok([1.0, 2.0]));
        let p = parse_points(b"1,2\r\n3,4\r\n");
        assert_eq!((p.points.len(), p.invalid), (2, 0));
        // Whitespace inside a number is not.
        assert_eq!(parse_line("1 .5,2"), Err(LineError::NotANumber));
    }

    #[test]
    fn nan_and_infinities_are_rejected() {
        for line in ["NaN,1", "1,nan", "inf,0", "0,-inf", "infinity,1", "1e39,0"] {
            assert_eq!(parse_line(line), Err(LineError::NonFinite), "{line}");
        }
    }

    #[test]
    fn bad_lines_are_counted_with_their_numbers() {
        let input = b"1,2\nabc\n1,2,3\n\n4\n,\n5,6\n   \nx,1\n1,y\n7,8\n";
        let p = parse_points(input);
        assert_eq!(p.points, vec![[1.0, 2.0], [5.0, 6.0], [7.0, 8.0]]);
        assert_eq!(p.invalid, 8);
        assert_eq!(p.lines, 11);
        let shown: Vec<(usize, LineError)> =
            p.first_invalid.iter().map(|b| (b.line, b.why)).collect();
        assert_eq!(
            shown,
            vec![
                (2, LineError::Fields(1)),
                (3, LineError::Fields(3)),
                (4, LineError::Empty),
                (5, LineError::Fields(1)),
                (6, LineError::NotANumber),
            ]
        );
        assert_eq!(p.first_invalid[0].text, "abc");
        let report = invalid_report(&p, "stdin");
        assert!(report.contains("8 of 11 lines"), "{report}");
        assert!(
            report.contains("line 3: 3 comma-separated fields"),
            "{report}"
        );
        assert!(report.contains("… and 3 more"), "{report}");
    }

    #[test]
    fn only_one_final_newline_is_not_a_line() {
        let p = parse_points(b"1,2\n\n");
        assert_eq!((p.points.len(), p.invalid), (1, 1));
        assert_eq!(p.first_invalid[0].line, 2);
        let p = parse_points(b"\n1,2\n");
        assert_eq!((p.invalid, p.first_invalid[0].line), (1, 1));
        assert_eq!(parse_points(b""), Parsed::default());
        let p = parse_points(b"\n");
        assert_eq!((p.points.len(), p.invalid), (0, 1));
    }

    #[test]
    fn invalid_utf8_is_a_bad_line_not_a_failure() {
        let p = parse_points(b"1,2\n\xff\xfe,1\n3,4\n");
        assert_eq!(p.points.len(), 2);
        assert_eq!(p.first_invalid[0].why, LineError::NotUtf8);
        assert_eq!(p.first_invalid[0].line, 2);
    }

    #[test]
    fn long_lines_are_shortened_in_reports() {
        let long = format!("{},1", "9".repeat(500));
        let p = parse_points(long.as_bytes());
        assert_eq!(p.first_invalid[0].why, LineError::NonFinite);
        assert_eq!(p.first_invalid[0].text.chars().count(), QUOTE_CHARS + 1);
    }
}
