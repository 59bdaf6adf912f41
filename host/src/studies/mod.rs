//! The studies `tinygen relu`, `tinygen nce-dim` and `tinygen pacgan`, and their shared pieces: aligned
//! tables, multi-panel line charts, and the host-side maths the `no_std` core does not have (a
//! `d`-dimensional Gaussian fit, the product-of-moons data and the exact two-moons density).

pub mod chart;
pub mod moons;
pub mod nce_dim;
pub mod pacgan;
pub mod relu;
pub mod table;
