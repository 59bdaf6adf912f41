//! Reading the settings the page passes as text (from its URL and controls): the same parsers
//! as the host's command line, so `lr=0.002` becomes the very `f32` that `--lr 0.002` gives.

use tinygen::DataSet;

/// A built-in data set by name, or a message naming the choices.
pub fn data_set(name: &str) -> Result<DataSet, String> {
    DataSet::from_name(name)
        .ok_or_else(|| format!("unknown data set {name:?}: moons, ring or grid"))
}

/// A seed: a decimal `u64`, as `--seed` reads it.
pub fn seed(text: &str) -> Result<u64, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("invalid seed {text:?}: a whole number from 0 to 2^64 - 1"))
}

/// A learning rate: an `f32` parsed from the decimal text itself (not through a JavaScript
/// `f64`, whose second rounding could give another `f32`), finite and positive.
pub fn learning_rate(text: &str) -> Result<f32, String> {
    match text.trim().parse::<f32>() {
        Ok(lr) if lr.is_finite() && lr > 0.0 => Ok(lr),
        _ => Err(format!("invalid learning rate {text:?}: a number above 0")),
    }
}

/// Turns a core error into the message the page shows.
pub fn message(e: tinygen::Error) -> String {
    e.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_as_the_command_line_does() {
        assert_eq!(seed(" 42 ").unwrap(), 42);
        assert_eq!(seed("18446744073709551615").unwrap(), u64::MAX);
        assert!(seed("-1").unwrap_err().contains("invalid seed"));
        assert!(seed("1e3").is_err());
        assert_eq!(
            learning_rate("0.002").unwrap(),
            "0.002".parse::<f32>().unwrap()
        );
        for bad in ["0", "-1", "NaN", "inf", "", "x"] {
            assert!(learning_rate(bad).is_err(), "{bad}");
        }
        assert_eq!(data_set("ring").unwrap(), DataSet::Ring);
        assert!(data_set("spiral")
            .unwrap_err()
            .contains("moons, ring or grid"));
    }
}
