//! How a command fails: bad input (exit 2) or a run that went wrong (exit 1).

use std::fmt;

/// A failed command, with the exit status it maps to.
#[derive(Debug)]
pub enum Failure {
    /// Bad flags, configuration or paths: exit status 2.
    Usage(String),
    /// The run itself failed (divergence, unparsable input data, I/O): exit status 1.
    Run(String),
}

impl Failure {
    /// The process exit status for this failure.
    pub fn exit_code(&self) -> i32 {
        match self {
            Failure::Usage(_) => 2,
            Failure::Run(_) => 1,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Usage(m) | Failure::Run(m) => f.write_str(m),
        }
    }
}

impl From<tinygen::Error> for Failure {
    /// Invalid configurations are the user's input; everything else is a failed run.
    fn from(e: tinygen::Error) -> Self {
        match e {
            tinygen::Error::InvalidConfig { .. } | tinygen::Error::TooLarge { .. } => {
                Failure::Usage(e.to_string())
            }
            _ => Failure::Run(e.to_string()),
        }
    }
}

/// The result type of every command.
pub type Outcome<T = ()> = Result<T, Failure>;

/// Wraps an I/O error on `path` as a usage failure (the path was the user's choice).
pub fn path_error(path: &std::path::Path, e: impl fmt::Display) -> Failure {
    Failure::Usage(format!("cannot write {}: {e}", path.display()))
}
