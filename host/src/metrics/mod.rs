//! Quality metrics (being written).
