//! One file per subcommand.

pub mod eval;
pub mod experiments;
pub mod gan;
pub mod import_model;
pub mod inspect;
pub mod nce;
pub mod nce_dim;
pub mod pacgan;
pub mod relu;
pub mod sample;
