//! The two-moons data set, exactly as scikit-learn's `make_moons` builds it.

use crate::error::Error;
use crate::math::rng::Rng;
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
    let mut data = Dataset::ZERO;
    make_moons_into(&mut data, noise, rng)?;
    Ok(data)
}

impl<const N: usize> Dataset<N> {
    /// All points at the origin, all labels 0: a placeholder for a `static`.
    pub const ZERO: Self = Dataset {
        points: [[0.0; 2]; N],
        labels: [0; N],
    };
}

/// [`make_moons`] into an existing data set, without a second copy on the stack.
pub fn make_moons_into<const N: usize>(
    data: &mut Dataset<N>,
    noise: f32,
    rng: &mut Rng,
) -> Result<(), Error> {
    fill_moons(&mut data.points, Some(&mut data.labels), noise, rng)
}

/// The points of [`make_moons`] for `points.len()` points, without labels: the same draws,
/// so the same points.
pub fn sample_moons(points: &mut [[f32; 2]], noise: f32, rng: &mut Rng) -> Result<(), Error> {
    fill_moons(points, None, noise, rng)
}

/// [`make_moons`] into slices; the labels, if wanted, are shuffled along with the points
/// (which costs no random draw).
fn fill_moons(
    points: &mut [[f32; 2]],
    mut labels: Option<&mut [u8]>,
    noise: f32,
    rng: &mut Rng,
) -> Result<(), Error> {
    if !(noise.is_finite() && noise >= 0.0) {
        return Err(Error::invalid("noise", "must be finite and >= 0"));
    }
    let n = points.len();
    let outer = n / 2;
    let inner = n - outer;
    for (i, p) in points.iter_mut().enumerate() {
        let (k, count, label) = if i < outer {
            (i, outer, 0)
        } else {
            (i - outer, inner, 1)
        };
        let t = evenly_spaced(k, count);
        let (s, c) = libm::sincosf(t);
        *p = if label == 0 {
            [c, s]
        } else {
            [1.0 - c, 0.5 - s]
        };
        if let Some(l) = labels.as_deref_mut().and_then(|l| l.get_mut(i)) {
            *l = label;
        }
    }
    // Shuffle points and labels with one permutation.
    for i in (1..n).rev() {
        let j = rng.below(i as u32 + 1) as usize;
        points.swap(i, j);
        if let Some(l) = labels.as_deref_mut() {
            l.swap(i, j);
        }
    }
    for p in points.iter_mut() {
        p[0] += noise * rng.gaussian();
        p[1] += noise * rng.gaussian();
    }
    Ok(())
}

/// The `k`-th of `count` points evenly spaced on `[0, π]`, ends included (`numpy.linspace`).
fn evenly_spaced(k: usize, count: usize) -> f32 {
    if count <= 1 {
        0.0
    } else {
        PI * k as f32 / (count - 1) as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOL: f32 = 1e-6;

    fn count(labels: &[u8], label: u8) -> usize {
        labels.iter().filter(|&&l| l == label).count()
    }

    #[test]
    fn outer_moon_gets_half_rounded_down() {
        let mut rng = Rng::seed_from(0);
        let d = make_moons::<7>(0.1, &mut rng).unwrap();
        assert_eq!((count(&d.labels, 0), count(&d.labels, 1)), (3, 4));
        let d = make_moons::<100>(0.1, &mut rng).unwrap();
        assert_eq!((count(&d.labels, 0), count(&d.labels, 1)), (50, 50));
        let d = make_moons::<1>(0.0, &mut rng).unwrap();
        assert_eq!(d.labels, [1]);
        assert_eq!(d.points, [[0.0, 0.5]]);
    }

    #[test]
    fn noise_0_puts_points_on_the_curves() {
        const N: usize = 41;
        let d = make_moons::<N>(0.0, &mut Rng::seed_from(9)).unwrap();
        let (mut outer_t, mut inner_t) = ([0.0f32; 20], [0.0f32; 21]);
        let (mut o, mut i) = (0, 0);
        for (&[x, y], &label) in d.points.iter().zip(&d.labels) {
            // The label matches the geometry: unit circle, upper half, or the one
            // centred at (1, 0.5), lower half.
            let outer = libm::fabsf(x * x + y * y - 1.0) < TOL && y > -TOL;
            let (u, v) = (x - 1.0, y - 0.5);
            let inner = libm::fabsf(u * u + v * v - 1.0) < TOL && v < TOL;
            if label == 0 {
                assert!(outer && !inner, "({x}, {y}) labelled outer");
                outer_t[o] = libm::atan2f(y, x);
                o += 1;
            } else {
                assert!(inner && !outer, "({x}, {y}) labelled inner");
                inner_t[i] = libm::atan2f(-v, -u);
                i += 1;
            }
        }
        // t runs over evenly spaced points of [0, π], both ends included. (At t = π the
        // f32 sine is −8.7e-8, so atan2 may answer −π there.)
        for ts in [&mut outer_t[..], &mut inner_t[..]] {
            for t in ts.iter_mut() {
                if *t < -1.0 {
                    *t += 2.0 * PI;
                }
            }
            ts.sort_unstable_by(f32::total_cmp);
            let step = PI / (ts.len() - 1) as f32;
            for (k, &t) in ts.iter().enumerate() {
                assert!(libm::fabsf(t - step * k as f32) < 1e-5, "t[{k}] = {t}");
            }
        }
        for end in [[1.0, 0.0], [-1.0, 0.0], [0.0, 0.5], [2.0, 0.5]] {
            assert!(
                d.points
                    .iter()
                    .any(|p| libm::fabsf(p[0] - end[0]) < TOL && libm::fabsf(p[1] - end[1]) < TOL),
                "endpoint {end:?} missing"
            );
        }
        // Shuffled: the outer moon is not simply the first half.
        assert_ne!(d.labels[..20], [0; 20]);
    }

    #[test]
    fn noise_moves_points_and_is_seeded() {
        let a = make_moons::<50>(0.1, &mut Rng::seed_from(3)).unwrap();
        let b = make_moons::<50>(0.1, &mut Rng::seed_from(3)).unwrap();
        assert_eq!(a.points, b.points);
        assert_eq!(a.labels, b.labels);
        let off = a
            .points
            .iter()
            .filter(|&&[x, y]| libm::fabsf(x * x + y * y - 1.0) > 1e-3);
        assert!(off.count() > 40);
    }

    #[test]
    fn points_alone_are_the_labelled_points() {
        let labelled = make_moons::<37>(0.05, &mut Rng::seed_from(5)).unwrap();
        let mut points = [[0.0f32; 2]; 37];
        sample_moons(&mut points, 0.05, &mut Rng::seed_from(5)).unwrap();
        assert_eq!(points, labelled.points);
    }

    #[test]
    fn bad_noise_is_rejected() {
        for noise in [-0.1, -f32::MIN_POSITIVE, f32::NAN, f32::INFINITY] {
            let r = make_moons::<10>(noise, &mut Rng::seed_from(0));
            assert!(
                matches!(r, Err(Error::InvalidConfig { name: "noise", .. })),
                "{noise}"
            );
        }
    }
}
