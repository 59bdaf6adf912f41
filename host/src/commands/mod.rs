//! One file per subcommand.

pub mod eval;
pub mod gan;
pub mod sample;
