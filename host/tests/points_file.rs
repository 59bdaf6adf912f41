//! Property tests of the `x1,x2` reader behind `eval` and `--data FILE`: on any bytes it never
//! panics, accounts for every line, and reports the first bad line where it is.

use proptest::prelude::*;
use tinygen_host::points_file::{parse_line, parse_points, SHOWN_INVALID};

/// Lines that are never a point: a header, a third column, not numbers, NaN, infinity, empty.
const BAD_LINES: [&str; 8] = [
    "x1,x2", "1,2,3", "0.5", "abc,1", "NaN,1", "1,inf", "", "1e39,0",
];

fn valid_text(points: &[(f32, f32)]) -> String {
    points.iter().map(|(a, b)| format!("{a},{b}\n")).collect()
}

/// The 1-based number of the first line `parse_line` rejects, found line by line.
fn first_bad_line(input: &[u8]) -> Option<usize> {
    let mut pieces: Vec<&[u8]> = input.split(|&b| b == b'\n').collect();
    if pieces.last().is_some_and(|p| p.is_empty()) {
        pieces.pop();
    }
    pieces
        .iter()
        .position(|p| std::str::from_utf8(p).map_or(true, |s| parse_line(s).is_err()))
        .map(|i| i + 1)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes_never_panic_and_every_line_is_accounted_for(
        bytes in proptest::collection::vec(any::<u8>(), 0..400)
    ) {
        let parsed = parse_points(&bytes);
        prop_assert_eq!(parsed.points.len() + parsed.invalid, parsed.lines);
        prop_assert_eq!(parsed.first_invalid.len(), parsed.invalid.min(SHOWN_INVALID));
        prop_assert_eq!(parsed.first_invalid.first().map(|b| b.line), first_bad_line(&bytes));
        prop_assert!(parsed.points.iter().all(|p| p[0].is_finite() && p[1].is_finite()));
    }

    #[test]
    fn a_bad_line_among_good_ones_is_reported_with_its_number(
        points in proptest::collection::vec((-1e3f32..1e3, -1e3f32..1e3), 1..40),
        at in any::<prop::sample::Index>(),
        bad in 0..BAD_LINES.len(),
    ) {
        let mut lines: Vec<String> = valid_text(&points).lines().map(String::from).collect();
        let at = at.index(lines.len() + 1);
        lines.insert(at, BAD_LINES[bad].to_string());
        let text = lines.join("\n") + "\n";
        let parsed = parse_points(text.as_bytes());
        prop_assert_eq!(parsed.invalid, 1);
        prop_assert_eq!(parsed.first_invalid[0].line, at + 1);
        let expected: Vec<[f32; 2]> = points.iter().map(|&(a, b)| [a, b]).collect();
        prop_assert_eq!(parsed.points, expected);
    }

    #[test]
    fn mutated_valid_files_report_their_first_bad_line(
        points in proptest::collection::vec((-1e3f32..1e3, -1e3f32..1e3), 1..40),
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = valid_text(&points).into_bytes();
        for (i, b) in flips {
            let i = i.index(bytes.len());
            bytes[i] = b;
        }
        bytes.truncate(cut.index(bytes.len() + 1));
        let parsed = parse_points(&bytes);
        prop_assert_eq!(parsed.points.len() + parsed.invalid, parsed.lines);
        prop_assert_eq!(parsed.first_invalid.first().map(|b| b.line), first_bad_line(&bytes));
    }
}
