//! The one error type of the core: small, `Copy`, and printable on a microcontroller.

use core::fmt;

/// Everything that can go wrong in the core. Configurations are checked when they are
/// built, so training code only ever fails by diverging.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Error {
    /// A configuration value broke its rule, e.g. `lr` must be finite and > 0.
    InvalidConfig {
        /// The parameter's name, as the user knows it.
        name: &'static str,
        /// The rule it must follow.
        rule: &'static str,
    },
    /// Training produced a NaN or an infinity in a loss or a parameter.
    Diverged {
        /// Which part of training saw it first.
        stage: &'static str,
    },
    /// A value to be printed as data was NaN or infinite.
    NonFinite,
}

impl Error {
    /// Shorthand for [`Error::InvalidConfig`].
    pub const fn invalid(name: &'static str, rule: &'static str) -> Self {
        Error::InvalidConfig { name, rule }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidConfig { name, rule } => write!(f, "invalid {name}: {rule}"),
            Error::Diverged { stage } => {
                write!(f, "training diverged: non-finite value in {stage}")
            }
            Error::NonFinite => f.write_str("a value to print is NaN or infinite"),
        }
    }
}

impl core::error::Error for Error {}

/// Checks that `value` is finite and strictly positive.
pub(crate) fn positive(name: &'static str, value: f32) -> Result<f32, Error> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(Error::invalid(name, "must be finite and > 0"))
    }
}

/// Checks that `value` lies in `[0, 1)`.
pub(crate) fn unit_interval(name: &'static str, value: f32) -> Result<f32, Error> {
    if (0.0..1.0).contains(&value) {
        Ok(value)
    } else {
        Err(Error::invalid(name, "must be in [0, 1)"))
    }
}

/// Checks that a count is at least 1.
pub(crate) fn nonzero(name: &'static str, value: usize) -> Result<usize, Error> {
    if value > 0 {
        Ok(value)
    } else {
        Err(Error::invalid(name, "must be at least 1"))
    }
}
