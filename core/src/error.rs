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
    /// A count asked for more than its limit, e.g. `--epochs 1000000000`. The limit travels
    /// with the error, so the message always quotes the constant the check used.
    TooLarge {
        /// The parameter's name, as the user knows it.
        name: &'static str,
        /// The largest value allowed.
        max: usize,
    },
    /// Training produced a NaN or an infinity in a loss or a parameter.
    Diverged {
        /// Which part of training saw it first.
        stage: &'static str,
    },
    /// A value to be printed as data was NaN or infinite.
    NonFinite,
    /// The trained NCE classifier tells data from noise no better than chance, so what its
    /// sampler accepts would be the noise itself.
    NotLearned,
    /// The NCE sampler rejected `max_proposals_per_sample` proposals in a row: its ratio is
    /// so peaked somewhere that the rejection bound leaves almost nothing acceptable. A run
    /// that went wrong, not a bad setting.
    SamplerStalled,
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
            Error::TooLarge { name, max } => write!(f, "invalid {name}: must be at most {max}"),
            Error::Diverged { stage } => {
                write!(
                    f,
                    "training diverged: non-finite or exploding value in {stage}"
                )
            }
            Error::NonFinite => f.write_str("a value to print is NaN or infinite"),
            Error::NotLearned => f.write_str(
                "training did not learn: the classifier tells data from noise no better than \
                 chance, so its samples would be the noise",
            ),
            Error::SamplerStalled => f.write_str(
                "sampling stalled: every proposal up to max_proposals_per_sample was rejected",
            ),
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

/// The largest mean loss of a minibatch that still counts as training: a binary
/// cross-entropy this high means logits of ±100 on the wrong side, which only a run whose
/// parameters are exploding produces.
pub(crate) const EXPLODED_LOSS: f32 = 100.0;

/// Fails when a minibatch's mean loss is not finite or has exploded past [`EXPLODED_LOSS`].
pub(crate) fn check_loss(mean: f32, stage: &'static str) -> Result<(), Error> {
    if mean.is_finite() && mean <= EXPLODED_LOSS {
        Ok(())
    } else {
        Err(Error::Diverged { stage })
    }
}

/// Checks that a count is at most `max`.
pub(crate) fn at_most(name: &'static str, value: usize, max: usize) -> Result<usize, Error> {
    if value <= max {
        Ok(value)
    } else {
        Err(Error::TooLarge { name, max })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::gan::{GanConfig, MAX_STEPS};
    use crate::models::nce::{
        NceConfig, MAX_BOUND_POOL, MAX_EPOCHS, MAX_NOISE_WIDTH, MAX_RESTARTS,
    };
    use core::fmt::Write;

    /// The message a user reads for `error`.
    fn message(error: Error) -> heapless::String<128> {
        let mut text = heapless::String::new();
        write!(text, "{error}").unwrap();
        text
    }

    /// The refusal quotes the limit that was checked, so a changed constant cannot leave
    /// a stale number in the message.
    #[test]
    fn a_count_over_its_limit_is_refused_with_that_limit() {
        let nce = NceConfig::DEFAULT;
        for (config, name, max) in [
            (
                NceConfig {
                    restarts: MAX_RESTARTS + 1,
                    ..nce
                },
                "restarts",
                MAX_RESTARTS,
            ),
            (
                NceConfig {
                    epochs: MAX_EPOCHS + 1,
                    ..nce
                },
                "epochs",
                MAX_EPOCHS,
            ),
            (
                NceConfig {
                    bound_pool: MAX_BOUND_POOL + 1,
                    ..nce
                },
                "bound pool",
                MAX_BOUND_POOL,
            ),
            (
                NceConfig {
                    noise_width: MAX_NOISE_WIDTH as f32 * 1.01,
                    ..nce
                },
                "noise width",
                MAX_NOISE_WIDTH,
            ),
        ] {
            let error = config.validate().unwrap_err();
            assert_eq!(error, Error::TooLarge { name, max });
            let mut expected = heapless::String::<128>::new();
            write!(expected, "invalid {name}: must be at most {max}").unwrap();
            assert_eq!(message(error), expected);
        }
        let gan = GanConfig {
            d_steps: MAX_STEPS + 1,
            ..GanConfig::DEFAULT
        };
        assert_eq!(
            gan.validate(),
            Err(Error::TooLarge {
                name: "d_steps",
                max: MAX_STEPS
            })
        );
        assert_eq!(at_most("x", MAX_STEPS, MAX_STEPS), Ok(MAX_STEPS));
    }
}
