//! The host side of tinygen: quality metrics, plots and the studies behind the CLI.

pub mod metrics;
