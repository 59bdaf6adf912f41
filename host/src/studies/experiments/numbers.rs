//! How the study writes numbers: full precision in CSV, 3 significant digits for reading.

use super::verdicts::range;
use crate::metrics::median;
use crate::render::table::sig;
use std::time::Duration;

/// A table value: full precision for CSV, 3 significant digits for Markdown.
pub(super) fn num(x: Option<f64>, precise: bool) -> String {
    match x {
        Some(v) if precise => format!("{v}"),
        Some(v) => short(v),
        None => String::new(),
    }
}

/// `x` for reading: whole numbers as such (`20`, `0`), others with 3 significant digits.
pub fn short(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e6 {
        format!("{x:.0}")
    } else {
        sig(x, 3)
    }
}

/// A value with 3 significant digits, or `—`.
pub fn v(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_string(), short)
}

/// `median [min–max]` of `values`, or `—`.
pub fn spread(values: &[f64]) -> String {
    match (median(values), range(values)) {
        (Some(m), Some((lo, hi))) if values.len() > 1 && lo != hi => {
            format!("{} [{}–{}]", short(m), short(lo), short(hi))
        }
        (Some(m), _) => short(m),
        _ => "—".into(),
    }
}

/// `a, b and c`.
pub fn list(items: &[String]) -> String {
    match items {
        [] => "none".into(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Seconds with one decimal.
pub fn secs(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}
