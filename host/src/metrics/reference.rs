//! The reference sample, the i.i.d. floors and the evaluation of points.

use super::distance::{cross_means, self_means, Cloud, Discrepancy, PairMeans, MMD_BANDWIDTH};
use super::law::{Law, MoonsLaw};
use super::median::median;
use super::report::{Energy, Metrics, MetricsError};
use super::shape::shape_metrics;
use super::subsample::{pairwise_points, pairwise_size};
use rand_core::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

/// Size of the reference sample.
pub const REFERENCE_SIZE: usize = 5000;
/// Number of i.i.d. draws whose median is the floor.
pub const FLOOR_DRAWS: usize = 20;

/// The i.i.d. floors of the two distribution statistics for one sample
/// size: what a perfect generator (one that samples the true law i.i.d.)
/// typically scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Floors {
    /// The sample size these floors are for.
    pub n: usize,
    /// Median energy distance over [`FLOOR_DRAWS`] i.i.d. draws.
    pub energy: f64,
    /// Median MMD² over [`FLOOR_DRAWS`] i.i.d. draws.
    pub mmd: f64,
}

/// A fixed i.i.d. sample of [`REFERENCE_SIZE`] points from the true law,
/// with its self terms `mean|Y − Y′|` and `mean k(Y, Y′)` computed once.
///
/// Immutable after construction, so `&Reference` can be shared freely
/// between threads.
#[derive(Debug, Clone)]
pub struct Reference {
    law: Law,
    cloud: Cloud,
    self_terms: PairMeans,
    seed: u64,
}

/// Salt of the seed of the pairwise subsample, so it never repeats the reference's draws.
const SUBSAMPLE_SALT: u64 = 0x5355_4253_4D50; // "SUBSMP"

impl Reference {
    /// Draws the [`REFERENCE_SIZE`]-point reference sample from the law with
    /// noise σ `noise`, seeded with `seed`, and caches its self terms.
    pub fn new(noise: f64, seed: u64) -> Self {
        Self::with_size(noise, REFERENCE_SIZE, seed)
    }

    /// Like [`Reference::new`] with a reference sample of `size` points
    /// (must be non-zero).
    pub fn with_size(noise: f64, size: usize, seed: u64) -> Self {
        Self::of(Law::Moons(MoonsLaw::new(noise)), size, seed)
    }

    /// A reference sample of `size` points (must be non-zero) from any [`Law`].
    pub fn of(law: Law, size: usize, seed: u64) -> Self {
        assert!(size > 0, "reference sample must be non-empty");
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let cloud = Cloud::from(&law.sample(size, &mut rng)[..]);
        let self_terms = self_means(&cloud, MMD_BANDWIDTH);
        Reference {
            law,
            cloud,
            self_terms,
            seed,
        }
    }

    /// The true law the reference was drawn from.
    pub fn law(&self) -> Law {
        self.law
    }

    /// Number of reference points.
    pub fn len(&self) -> usize {
        self.cloud.len()
    }

    /// Always false (the reference is never empty); for API symmetry.
    pub fn is_empty(&self) -> bool {
        self.cloud.is_empty()
    }

    /// Energy distance and MMD² of a cloud against the reference.
    pub fn discrepancy(&self, x: &Cloud) -> Discrepancy {
        Discrepancy::from_means(
            cross_means(x, &self.cloud, MMD_BANDWIDTH),
            self_means(x, MMD_BANDWIDTH),
            self.self_terms,
        )
    }

    /// The floors for sample size `n`: the medians, over [`FLOOR_DRAWS`]
    /// fresh i.i.d. samples of `n` points from the true law (seeded with
    /// `seed`), of their energy distance and MMD² to this reference.
    ///
    /// Costs about 20 evaluations; compute it once per `n` and reuse it.
    pub fn floors(&self, n: usize, seed: u64) -> Result<Floors, MetricsError> {
        if n == 0 {
            return Err(MetricsError::Empty);
        }
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let mut energy = Vec::with_capacity(FLOOR_DRAWS);
        let mut mmd = Vec::with_capacity(FLOOR_DRAWS);
        for _ in 0..FLOOR_DRAWS {
            let sample = Cloud::from(&self.law.sample(n, &mut rng)[..]);
            let d = self.discrepancy(&sample);
            energy.push(d.energy);
            mmd.push(d.mmd2);
        }
        Ok(Floors {
            n,
            energy: median(&energy).unwrap_or(f64::NAN),
            mmd: median(&mmd).unwrap_or(f64::NAN),
        })
    }

    /// The floors for evaluating `n` points: those of the [`pairwise_size`] the pairwise
    /// terms use.
    pub fn floors_for(&self, n: usize, seed: u64) -> Result<Floors, MetricsError> {
        self.floors(pairwise_size(n), seed)
    }

    /// Energy distance and MMD² of `points` against the reference, with their floors; past
    /// [`super::subsample::PAIRWISE_LIMIT`] points, of a seeded random subsample.
    ///
    /// `floors` must come from [`Reference::floors_for`] `points.len()`. Errors on an empty
    /// input, a non-finite coordinate or a floor size mismatch.
    pub fn energy(&self, points: &[[f32; 2]], floors: &Floors) -> Result<Energy, MetricsError> {
        let n = points.len();
        if n == 0 {
            return Err(MetricsError::Empty);
        }
        if let Some(index) = points
            .iter()
            .position(|p| !(p[0].is_finite() && p[1].is_finite()))
        {
            return Err(MetricsError::NonFinite { index });
        }
        if floors.n != pairwise_size(n) {
            return Err(MetricsError::FloorSizeMismatch {
                floors_n: floors.n,
                n,
            });
        }
        let pairwise = pairwise_points(points, self.seed ^ SUBSAMPLE_SALT);
        let d = self.discrepancy(&Cloud::from(&pairwise[..]));
        Ok(Energy {
            pairwise_points: pairwise.len(),
            energy_distance: d.energy,
            energy_floor: floors.energy,
            energy_ratio: d.energy / floors.energy,
            mmd2: d.mmd2,
            mmd2_floor: floors.mmd,
            mmd2_ratio: d.mmd2 / floors.mmd,
        })
    }

    /// All two-moons metrics of `points` (see the [module docs](super)): the pairwise ones by
    /// [`Reference::energy`], the shape metrics over every point.
    pub fn evaluate(&self, points: &[[f32; 2]], floors: &Floors) -> Result<Metrics, MetricsError> {
        let energy = self.energy(points, floors)?;
        let Law::Moons(moons) = self.law else {
            return Err(MetricsError::NotMoons);
        };
        let shape = shape_metrics(&Cloud::from(points), moons.noise);
        Ok(Metrics {
            n: points.len(),
            pairwise_points: energy.pairwise_points,
            energy_distance: energy.energy_distance,
            energy_floor: energy.energy_floor,
            energy_ratio: energy.energy_ratio,
            mmd2: energy.mmd2,
            mmd2_floor: energy.mmd2_floor,
            mmd2_ratio: energy.mmd2_ratio,
            upper_fraction: shape.upper_fraction,
            arc_coverage: shape.arc_coverage,
            on_manifold: shape.on_manifold,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::arcs::Moon;
    use super::super::shape::BINS_PER_MOON;
    use super::*;
    use std::f64::consts::PI;
    use std::sync::OnceLock;

    /// One full-size reference shared by the tests (built once).
    fn reference() -> &'static Reference {
        static R: OnceLock<Reference> = OnceLock::new();
        R.get_or_init(|| Reference::new(0.05, 1))
    }

    fn to_f32(points: &[[f64; 2]]) -> Vec<[f32; 2]> {
        points.iter().map(|p| [p[0] as f32, p[1] as f32]).collect()
    }

    fn evaluate(points: &[[f32; 2]]) -> Metrics {
        let r = reference();
        let floors = r.floors(points.len(), 99).unwrap();
        r.evaluate(points, &floors).unwrap()
    }

    #[test]
    fn reference_can_be_shared_between_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<Reference>();
        shareable::<Floors>();
        let r = Reference::with_size(0.05, 200, 4);
        let f = r.floors(50, 1).unwrap();
        let pts = vec![[0.5f32, 0.0]; 50];
        let results: Vec<Metrics> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..2)
                .map(|_| s.spawn(|| r.evaluate(&pts, &f).unwrap()))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert_eq!(results[0], results[1]);
    }

    #[test]
    fn true_law_scores_near_the_floor() {
        let law = MoonsLaw::new(0.05);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(2024);
        let points = to_f32(&law.sample(1000, &mut rng));
        let m = evaluate(&points);
        assert_eq!(m.n, 1000);
        assert!(m.energy_distance > 0.0 && m.mmd2 > 0.0);
        assert!((0.3..3.0).contains(&m.energy_ratio), "{m:?}");
        assert!((0.3..3.0).contains(&m.mmd2_ratio), "{m:?}");
        assert!((m.upper_fraction - 0.5).abs() < 0.06, "{m:?}");
        assert_eq!(m.arc_coverage, 20, "{m:?}");
        assert!(m.on_manifold > 0.97, "{m:?}");
    }

    #[test]
    fn one_moon_only() {
        let law = MoonsLaw::new(0.05);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
        let outer = evaluate(&to_f32(&law.sample_one_moon(Moon::Outer, 1000, &mut rng)));
        assert_eq!(outer.upper_fraction, 1.0, "{outer:?}");
        assert_eq!(outer.arc_coverage, 10, "{outer:?}");
        assert!(outer.energy_ratio > 10.0, "{outer:?}");
        assert!(outer.mmd2_ratio > 10.0, "{outer:?}");
        let inner = evaluate(&to_f32(&law.sample_one_moon(Moon::Inner, 1000, &mut rng)));
        assert_eq!(inner.upper_fraction, 0.0, "{inner:?}");
        assert_eq!(inner.arc_coverage, 10, "{inner:?}");
    }

    #[test]
    fn single_repeated_point() {
        let points = vec![[0.0f32, 1.0]; 500];
        let m = evaluate(&points);
        assert_eq!(m.arc_coverage, 1, "{m:?}");
        assert_eq!(m.upper_fraction, 1.0);
        assert_eq!(m.on_manifold, 1.0);
        assert!(m.energy_ratio > 100.0, "{m:?}");
        assert!(m.mmd2_ratio > 100.0, "{m:?}");
    }

    #[test]
    fn coverage_threshold_is_max_of_one_and_n_over_80() {
        // 160 points: threshold 2. Nineteen bins with 2 points and one bin
        // with 122 points are 20 covered bins; with 1 point a bin is not.
        let mut pts = Vec::new();
        for moon in [Moon::Outer, Moon::Inner] {
            for b in 0..BINS_PER_MOON {
                let t = (b as f64 + 0.5) * PI / BINS_PER_MOON as f64;
                let copies = if (moon, b) == (Moon::Outer, 0) {
                    122
                } else {
                    2
                };
                pts.extend(std::iter::repeat_n(moon.point(t), copies));
            }
        }
        assert_eq!(pts.len(), 160);
        let cloud = Cloud::from(&pts[..]);
        assert_eq!(shape_metrics(&cloud, 0.05).arc_coverage, 20);
        pts.pop();
        pts.push(Moon::Outer.point(0.01));
        let cloud = Cloud::from(&pts[..]);
        assert_eq!(shape_metrics(&cloud, 0.05).arc_coverage, 19);
        // Few points: the threshold is 1, so any occupied bin counts.
        let cloud = Cloud::from(&[Moon::Inner.point(PI)][..]);
        assert_eq!(shape_metrics(&cloud, 0.05).arc_coverage, 1);
    }

    #[test]
    fn errors() {
        let r = reference();
        let floors = Floors {
            n: 3,
            energy: 1.0,
            mmd: 1.0,
        };
        assert_eq!(r.evaluate(&[], &floors), Err(MetricsError::Empty));
        assert_eq!(r.floors(0, 1), Err(MetricsError::Empty));
        let pts = [[0.0f32, 0.0], [f32::NAN, 0.0], [0.0, 0.0]];
        assert_eq!(
            r.evaluate(&pts, &floors),
            Err(MetricsError::NonFinite { index: 1 })
        );
        assert_eq!(
            r.evaluate(&[[0.0, 0.0]], &floors),
            Err(MetricsError::FloorSizeMismatch { floors_n: 3, n: 1 })
        );
    }

    #[test]
    fn floors_are_deterministic_and_shrink_with_n() {
        let r = Reference::with_size(0.05, 1000, 3);
        let a = r.floors(100, 8).unwrap();
        assert_eq!(a, r.floors(100, 8).unwrap());
        let b = r.floors(400, 8).unwrap();
        assert!(b.energy < a.energy && b.mmd < a.mmd, "{a:?} {b:?}");
    }
}

#[cfg(test)]
mod timing {
    use super::super::arcs::Moon;
    use super::*;
    use std::f64::consts::PI;
    use std::time::Instant;

    /// `cargo test -p tinygen-host --release timing -- --ignored --nocapture`
    #[test]
    #[ignore = "timing report, run by hand in release mode"]
    fn time_reference_floors_and_evaluation() {
        let t0 = Instant::now();
        let r = Reference::new(0.05, 1);
        let t1 = Instant::now();
        let floors = r.floors(1000, 2).unwrap();
        let t2 = Instant::now();
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        let pts: Vec<[f32; 2]> = r
            .law()
            .sample(1000, &mut rng)
            .iter()
            .map(|p| [p[0] as f32, p[1] as f32])
            .collect();
        let t3 = Instant::now();
        let m = r.evaluate(&pts, &floors).unwrap();
        let t4 = Instant::now();
        println!(
            "Reference::new {:?}, floors(1000) {:?}, evaluate(1000) {:?}, total {:?}",
            t1 - t0,
            t2 - t1,
            t4 - t3,
            (t2 - t0) + (t4 - t3)
        );
        println!("{}", m.to_json());
        // Spread of the i.i.d. statistic around its floor, and a stratified
        // (make_moons-like) sample of the same size for comparison.
        let law = MoonsLaw::new(0.05);
        for k in 0..10 {
            let iid: Vec<[f32; 2]> = law
                .sample(1000, &mut rng)
                .iter()
                .map(|p| [p[0] as f32, p[1] as f32])
                .collect();
            let mut strat = Vec::new();
            for moon in [Moon::Outer, Moon::Inner] {
                for i in 0..500 {
                    let [x, y] = moon.point(PI * i as f64 / 499.0);
                    // Pure noise: a labelled draw minus its curve point.
                    let (m, t, p) = law.draw_labelled(&mut rng);
                    let c = m.point(t);
                    strat.push([(x + p[0] - c[0]) as f32, (y + p[1] - c[1]) as f32]);
                }
            }
            let a = r.evaluate(&iid, &floors).unwrap();
            let s = r.evaluate(&strat, &floors).unwrap();
            println!(
                "draw {k}: iid energy_ratio {:.3} mmd2_ratio {:.3} | stratified energy_ratio {:.3} mmd2_ratio {:.3}",
                a.energy_ratio, a.mmd2_ratio, s.energy_ratio, s.mmd2_ratio
            );
        }
    }
}
