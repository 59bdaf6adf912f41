//! Drawing and writing results: aligned tables, multi-panel line charts and scatter plots.

pub mod canvas;
pub mod chart;
pub mod scatter;
pub mod table;
