//! Exact geometry of the two noiseless moons.
//!
//! The curves are scikit-learn's `make_moons` curves, with `t ∈ [0, π]`:
//!
//! * outer moon: `(cos t, sin t)` — the upper half of the unit circle centred
//!   at `(0, 0)`;
//! * inner moon: `(1 − cos t, 0.5 − sin t)` — the lower half of the unit
//!   circle centred at `(1, 0.5)`.
//!
//! Distances to the arcs are computed in closed form, not by sampling the
//! curves densely, so they are exact (to rounding) everywhere, end points
//! included. For the unit upper half circle and a point `(u, v)` at radius
//! `r` and angle `φ = atan2(v, u)`:
//!
//! * if `φ ∈ [0, π]` (that is `v ≥ 0`), the nearest arc point is the radial
//!   projection: distance `|r − 1|`, parameter `t = φ`;
//! * otherwise (`v < 0`) the nearest arc point is an end point: `(1, 0)`
//!   (`t = 0`) when `u ≥ 0`, `(−1, 0)` (`t = π`) when `u < 0`. (For `v < 0`,
//!   `u cos t + v sin t` is maximised over `[0, π]` at `t = 0` iff `u ≥ 0`.)
//! * the centre itself (`r = 0`) is at distance 1 from every arc point; we
//!   report `t = π/2`.
//!
//! The inner arc is the same routine in the local coordinates
//! `(u, v) = (1 − x, 0.5 − y)`, a point reflection which maps the inner arc
//! onto `(cos t, sin t)` and preserves distances.

use std::f64::consts::{FRAC_PI_2, PI};

/// Which of the two moons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Moon {
    /// `(cos t, sin t)`, the upper moon (scikit-learn label 0).
    Outer,
    /// `(1 − cos t, 0.5 − sin t)`, the lower moon (scikit-learn label 1).
    Inner,
}

impl Moon {
    /// The noiseless curve point at parameter `t ∈ [0, π]`.
    pub fn point(self, t: f64) -> [f64; 2] {
        match self {
            Moon::Outer => [t.cos(), t.sin()],
            Moon::Inner => [1.0 - t.cos(), 0.5 - t.sin()],
        }
    }
}

/// The nearest point on the union of the two arcs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ArcPoint {
    /// The moon whose arc is nearest (ties go to [`Moon::Outer`]).
    pub moon: Moon,
    /// Curve parameter of the nearest arc point, in `[0, π]`.
    pub t: f64,
    /// Euclidean distance from the query point to that arc point.
    pub distance: f64,
}

/// Nearest point on the upper unit half circle `(cos t, sin t)`, `t ∈ [0, π]`,
/// for a point `(u, v)`. Returns `(t, distance)`.
fn nearest_on_unit_upper_arc(u: f64, v: f64) -> (f64, f64) {
    let r = u.hypot(v);
    if r == 0.0 {
        // Every arc point is at distance 1; pick the middle of the arc.
        (FRAC_PI_2, 1.0)
    } else if v >= 0.0 {
        // `v.abs()` turns −0.0 into +0.0 so that atan2 gives 0 or π, not −π.
        (v.abs().atan2(u), (r - 1.0).abs())
    } else if u >= 0.0 {
        (0.0, (u - 1.0).hypot(v))
    } else {
        (PI, (u + 1.0).hypot(v))
    }
}

/// Nearest point on the given moon's arc: `(t, distance)`.
pub fn nearest_on(moon: Moon, p: [f64; 2]) -> (f64, f64) {
    match moon {
        Moon::Outer => nearest_on_unit_upper_arc(p[0], p[1]),
        Moon::Inner => nearest_on_unit_upper_arc(1.0 - p[0], 0.5 - p[1]),
    }
}

/// Nearest point on the nearer of the two arcs (exact; ties go to the outer
/// moon).
pub fn nearest_arc(p: [f64; 2]) -> ArcPoint {
    let (t_out, d_out) = nearest_on(Moon::Outer, p);
    let (t_in, d_in) = nearest_on(Moon::Inner, p);
    if d_out <= d_in {
        ArcPoint {
            moon: Moon::Outer,
            t: t_out,
            distance: d_out,
        }
    } else {
        ArcPoint {
            moon: Moon::Inner,
            t: t_in,
            distance: d_in,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EPS: f64 = 1e-12;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < EPS
    }

    /// Brute force: distance to `steps + 1` evenly spaced arc points.
    fn brute(moon: Moon, p: [f64; 2], steps: usize) -> f64 {
        (0..=steps)
            .map(|i| {
                let q = moon.point(PI * i as f64 / steps as f64);
                (p[0] - q[0]).hypot(p[1] - q[1])
            })
            .fold(f64::INFINITY, f64::min)
    }

    #[test]
    fn points_on_the_arcs_have_distance_zero_and_their_own_t() {
        for &t in &[0.0, 0.3, FRAC_PI_2, 2.0, PI] {
            for moon in [Moon::Outer, Moon::Inner] {
                let a = nearest_arc(moon.point(t));
                assert_eq!(a.moon, moon, "t = {t}");
                assert!(close(a.t, t), "{moon:?} t = {t}: got {}", a.t);
                assert!(a.distance < EPS, "{moon:?} t = {t}: {}", a.distance);
            }
        }
    }

    #[test]
    fn radial_offsets() {
        // (0, 1.2): above the top of the outer moon.
        let a = nearest_arc([0.0, 1.2]);
        assert_eq!(a.moon, Moon::Outer);
        assert!(close(a.t, FRAC_PI_2) && close(a.distance, 0.2));
        // (1, -0.7): below the bottom of the inner moon (its t = π/2 point is
        // (1, -0.5)).
        let a = nearest_arc([1.0, -0.7]);
        assert_eq!(a.moon, Moon::Inner);
        assert!(close(a.t, FRAC_PI_2), "{a:?}");
        assert!(close(a.distance, 0.2), "{a:?}");
    }

    #[test]
    fn centres_are_at_distance_one_with_t_half_pi() {
        assert_eq!(nearest_on(Moon::Outer, [0.0, 0.0]), (FRAC_PI_2, 1.0));
        assert_eq!(nearest_on(Moon::Inner, [1.0, 0.5]), (FRAC_PI_2, 1.0));
    }

    #[test]
    fn beyond_the_end_points() {
        // Left of and below the outer moon's left end (−1, 0).
        let a = nearest_on(Moon::Outer, [-1.5, -0.3]);
        assert!(close(a.0, PI) && close(a.1, 0.5f64.hypot(0.3)), "{a:?}");
        // Below the outer moon's right end (1, 0), which is nearer than the
        // radial projection would suggest (|r − 1| = 0.25 would be wrong).
        let a = nearest_on(Moon::Outer, [0.6, -0.8]);
        assert!(close(a.0, 0.0) && close(a.1, 0.4f64.hypot(0.8)), "{a:?}");
        // Right of the inner moon's right end (2, 0.5), above it.
        let a = nearest_on(Moon::Inner, [2.3, 0.9]);
        assert!(close(a.0, PI) && close(a.1, 0.3f64.hypot(0.4)), "{a:?}");
        // Above the inner moon's left end (0, 0.5).
        let a = nearest_on(Moon::Inner, [0.1, 0.8]);
        assert!(close(a.0, 0.0) && close(a.1, 0.1f64.hypot(0.3)), "{a:?}");
        // On the extension of the diameter: exactly an end point's t.
        let a = nearest_on(Moon::Outer, [2.0, 0.0]);
        assert!(close(a.0, 0.0) && close(a.1, 1.0), "{a:?}");
        let a = nearest_on(Moon::Outer, [-2.0, -0.0]);
        assert!(close(a.0, PI) && close(a.1, 1.0), "{a:?}");
    }

    #[test]
    fn agrees_with_dense_sampling_on_a_grid() {
        // The exact distance is never above the sampled one, and a fine
        // sampling is within its spacing of it.
        let steps = 20_000;
        let h = PI / steps as f64;
        for i in 0..=24 {
            for j in 0..=16 {
                let p = [-1.6 + 0.16 * i as f64, -1.1 + 0.16 * j as f64];
                for moon in [Moon::Outer, Moon::Inner] {
                    let (t, d) = nearest_on(moon, p);
                    let b = brute(moon, p, steps);
                    assert!(d <= b + 1e-12 && b - d < h, "{moon:?} {p:?}: {d} vs {b}");
                    assert!((0.0..=PI).contains(&t));
                    let q = moon.point(t);
                    assert!(((p[0] - q[0]).hypot(p[1] - q[1]) - d).abs() < 1e-12);
                }
            }
        }
    }
}
