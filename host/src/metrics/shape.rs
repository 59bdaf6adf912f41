//! The two-moons shape metrics, which need no reference sample: the outer moon's share, the
//! arc bins covered and the share of points near a curve.

use super::arcs::{nearest_arc, Moon};
use super::distance::Cloud;
use std::f64::consts::PI;

/// `t`-bins per moon for [`super::Metrics::arc_coverage`].
pub const BINS_PER_MOON: usize = 10;
/// A bin is covered when it holds at least `max(1, N / COVERAGE_DIVISOR)`
/// points.
pub const COVERAGE_DIVISOR: f64 = 80.0;
/// [`super::Metrics::on_manifold`] counts points within this many σ of a curve.
pub const ON_MANIFOLD_SIGMAS: f64 = 3.0;

/// The geometric metrics, which need no reference sample.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Shape {
    pub(super) upper_fraction: f64,
    pub(super) arc_coverage: u32,
    pub(super) on_manifold: f64,
}

/// `upper_fraction`, `arc_coverage` and `on_manifold` of a non-empty cloud.
pub(super) fn shape_metrics(cloud: &Cloud, noise: f64) -> Shape {
    let n = cloud.len();
    let mut bins = [[0usize; BINS_PER_MOON]; 2];
    let (mut upper, mut near) = (0usize, 0usize);
    let tolerance = ON_MANIFOLD_SIGMAS * noise;
    for p in cloud.iter() {
        let a = nearest_arc(p);
        let moon = match a.moon {
            Moon::Outer => 0,
            Moon::Inner => 1,
        };
        upper += usize::from(moon == 0);
        near += usize::from(a.distance <= tolerance);
        // t ∈ [0, π]; t = π goes into the last bin.
        let bin = ((a.t / PI * BINS_PER_MOON as f64) as usize).min(BINS_PER_MOON - 1);
        bins[moon][bin] += 1;
    }
    // Exact real comparison: count ≥ max(1, N/80), i.e. count ≥ max(1, ⌈N/80⌉).
    let threshold = (n as f64 / COVERAGE_DIVISOR).max(1.0);
    let covered = bins
        .iter()
        .flatten()
        .filter(|&&c| c as f64 >= threshold)
        .count();
    Shape {
        upper_fraction: upper as f64 / n as f64,
        arc_coverage: covered as u32,
        on_manifold: near as f64 / n as f64,
    }
}
