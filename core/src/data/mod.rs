//! Training data: the built-in data sets (two moons and the mode-collapse mixtures), drawn into
//! memory the caller owns; minibatch orders; and the one formatter of output lines.

pub(crate) mod batches;
pub(crate) mod data_set;
pub(crate) mod format;
pub(crate) mod mixture;
pub(crate) mod moons;

pub use batches::Batches;
pub use data_set::{DataSet, MOONS_NOISE};
pub use format::{format_point, Line};
pub use mixture::Mixture;
pub use moons::{make_moons, make_moons_into, sample_moons, Dataset};
