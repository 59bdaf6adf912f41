//! `tinygen eval`: read `x1,x2` lines and print their quality metrics as one JSON object.
//!
//! Invalid lines (see [`crate::points_file`]) are reported on stderr with their line
//! numbers: the metrics of the valid lines are still printed (with `"invalid_lines": k`),
//! and the exit status is 1. Past [`crate::metrics::PAIRWISE_LIMIT`] points the pairwise
//! terms use a seeded subsample (`"pairwise_points"` says how many points they used).

use crate::cli::EvalArgs;
use crate::failure::{Failure, Outcome};
use crate::output::print_stdout;
use crate::points_file::{invalid_report, parse_points, read_source};
use crate::run::reference::{floor_seed, reference_and_floors};

/// Metrics JSON with `"invalid_lines"` appended as the last key.
pub fn json_with_invalid(metrics_json: &str, invalid: usize) -> String {
    let body = metrics_json.strip_suffix('}').unwrap_or(metrics_json);
    format!("{body},\"invalid_lines\":{invalid}}}")
}

/// `tinygen eval`.
pub fn main(args: &EvalArgs) -> Outcome {
    if !(args.sigma.is_finite() && args.sigma > 0.0) {
        return Err(Failure::Usage(format!(
            "invalid sigma {}: must be finite and > 0",
            args.sigma
        )));
    }
    let (input, source) = read_source(args.file.as_deref())?;
    let parsed = parse_points(&input);
    eprint!("{}", invalid_report(&parsed, &source));
    if parsed.points.is_empty() {
        return Err(Failure::Run(if parsed.lines == 0 {
            format!("no `x1,x2` line to evaluate: {source} is empty")
        } else {
            format!(
                "no valid `x1,x2` line in {source} ({} lines read)",
                parsed.lines
            )
        }));
    }
    let json = match args.data.mixture() {
        Some(mixture) => {
            let reference = crate::metrics::mixture::reference(mixture, args.seed.seed);
            let floors = reference
                .floors_for(parsed.points.len(), floor_seed(args.seed.seed))
                .map_err(|e| Failure::Run(e.to_string()))?;
            crate::metrics::mixture::evaluate(mixture, &parsed.points, &reference, &floors)
                .map_err(|e| Failure::Run(e.to_string()))?
                .to_json(args.data.name())
        }
        None => {
            let (reference, floors) =
                reference_and_floors(args.sigma, args.seed.seed, parsed.points.len())?;
            reference
                .evaluate(&parsed.points, &floors)
                .map_err(|e| Failure::Run(e.to_string()))?
                .to_json()
        }
    };
    print_stdout(&format!("{}\n", json_with_invalid(&json, parsed.invalid)))?;
    if parsed.invalid > 0 {
        return Err(Failure::Run(format!(
            "{} invalid lines in {source} (listed above); the metrics are of the {} valid ones",
            parsed.invalid,
            parsed.points.len()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_lines_key_is_appended() {
        assert_eq!(
            json_with_invalid("{\"n\":3}", 2),
            "{\"n\":3,\"invalid_lines\":2}"
        );
    }
}
