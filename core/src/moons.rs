//! The two-moons data set, exactly as scikit-learn's `make_moons` builds it.

use crate::error::Error;
use crate::Rng;
use core::f32::consts::PI;

/// A labelled 2-D data set of `N` points.
#[derive(Clone, Debug)]
pub struct Dataset<const N: usize> {
    /// The points.
    pub points: [[f32; 2]; N],
    /// `labels[i]` is the class of `points[i]`: 0 for the outer moon, 1 for the inner one.
    pub labels: [u8; N],
}

/// `N` two-moons points as scikit-learn's `make_moons(N, shuffle=True, noise)` defines them.
///
/// The outer moon gets `⌊N/2⌋` points `(cos t, sin t)` and the inner moon the other `⌈N/2⌉`
/// points `(1 − cos t, 0.5 − sin t)`, each with `t` evenly spaced on `[0, π]`, both ends
/// included. The points are shuffled, then `N(0, noise²)` is added to both coordinates.
/// `noise` must be finite and ≥ 0.
pub fn make_moons<const N: usize>(noise: f32, rng: &mut Rng) -> Result<Dataset<N>, Error> {
    if !(noise.is_finite() && noise >= 0.0) {
        return Err(Error::invalid("noise", "must be finite and >= 0"));
    }
    let outer = N / 2;
    let inner = N - outer;
    let mut data = Dataset {
        points: [[0.0; 2]; N],
        labels: [0; N],
    };
    for i in 0..N {
        let (k, count, label) = if i < outer {
            (i, outer, 0)
        } else {
            (i - outer, inner, 1)
        };
        let t = evenly_spaced(k, count);
        let (s, c) = libm::sincosf(t);
        data.points[i] = if label == 0 {
            [c, s]
        } else {
            [1.0 - c, 0.5 - s]
        };
        data.labels[i] = label;
    }
    // Shuffle points and labels with one permutation.
    for i in (1..N).rev() {
        let j = rng.below(i as u32 + 1) as usize;
        data.points.swap(i, j);
        data.labels.swap(i, j);
    }
    for p in &mut data.points {
        p[0] += noise * rng.gaussian();
        p[1] += noise * rng.gaussian();
    }
    Ok(data)
}

/// The `k`-th of `count` points evenly spaced on `[0, π]`, ends included (`numpy.linspace`).
fn evenly_spaced(k: usize, count: usize) -> f32 {
    if count <= 1 {
        0.0
    } else {
        PI * k as f32 / (count - 1) as f32
    }
}
