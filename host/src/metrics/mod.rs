//! Quality metrics of generated 2-D points against the **true** two-moons
//! process.
//!
//! # The true law
//!
//! [`MoonsLaw`]: `moon ~ Bernoulli(1/2)`, `t ~ U[0, π]`, the point
//! `(cos t, sin t)` (outer moon) or `(1 − cos t, 0.5 − sin t)` (inner moon)
//! — scikit-learn's `make_moons` geometry — plus `N(0, σ²)` noise on both
//! coordinates, σ = [`DEFAULT_NOISE`] = 0.05 by default.
//!
//! scikit-learn's `make_moons` itself is *stratified* (exactly half the
//! points per moon, evenly spaced `t`); such a sample is much closer to the
//! law than an i.i.d. one: at `n = 1000` its energy distance to a
//! 20 000-point reference is about 8× lower than an i.i.d. sample's (about
//! 4× against the 5000-point reference, whose own sampling noise is shared
//! by both). A generator samples i.i.d., so a stratified floor would make a
//! perfect generator look several times worse than perfect; the floors
//! below use the i.i.d. law.
//!
//! # Metrics ([`Metrics`])
//!
//! With `X` the `n` evaluated points and `Y` a fixed [`Reference`] sample of
//! [`REFERENCE_SIZE`] = 5000 i.i.d. points from the true law:
//!
//! 1. **Energy distance** `2·mean|X − Y| − mean|X − X′| − mean|Y − Y′|`
//!    (Euclidean `|·|`). All means are V-statistics: the self terms average
//!    over all `n²` (resp. `m²`) ordered pairs *including* `i = j`. It is
//!    therefore the exact energy distance between the two empirical
//!    distributions (`≥ 0`), biased upwards by `O(1/n + 1/m)` even for a
//!    perfect generator. Hence the **floor**: the *median* of the same
//!    statistic over [`FLOOR_DRAWS`] = 20 fresh i.i.d. samples of the same
//!    size `n` from the true law, against the same reference, and
//!    `energy_ratio = energy_distance / energy_floor`: a perfect generator
//!    sits near 1, and the ratio is comparable across `n`.
//! 2. **MMD²** with the RBF kernel `k(a, b) = exp(−|a − b|²/(2·0.2²))`:
//!    `mean k(X, X′) + mean k(Y, Y′) − 2·mean k(X, Y)`, V-statistic (all
//!    pairs), with its floor and `mmd2_ratio` defined the same way. The
//!    bandwidth 0.2 is a few σ: it sees mass misplaced along or across the
//!    moons at the scale of the moons' width, where energy distance is
//!    dominated by the large scale.
//! 3. **upper_fraction**: share of points whose nearest curve is the outer
//!    moon (ties count as outer). Ideal 0.5; 0 or 1 means one moon is lost.
//! 4. **arc_coverage**: each point is projected onto its nearest curve and
//!    its `t ∈ [0, π]` binned into 10 equal bins per moon (20 in all; `t = π`
//!    falls in the last bin). A bin is covered when it holds at least
//!    `max(1, N/80)` points, compared exactly in reals (equivalently
//!    `count ≥ max(1, ⌈N/80⌉)`); `N/80` is a quarter of the `N/20` a bin
//!    expects under the true law. Reported as a count out of 20; catches
//!    mode collapse onto part of a moon.
//! 5. **on_manifold**: share of points within `3σ` of the nearest curve. For
//!    the true law about 99.5% (a 1-D normal has 99.73% within 3σ across
//!    the arc; points beyond an end point are measured radially, where a
//!    2-D normal has 98.9%).
//!
//! Distances to the arcs are exact (closed form, end points included): see
//! [`arcs`].
//!
//! # Usage and cost
//!
//! ```no_run
//! use tinygen_host::metrics::Reference;
//! let reference = Reference::new(0.05, 1); // 5000 points, self terms cached
//! let points: Vec<[f32; 2]> = vec![[0.0, 1.0]; 1000];
//! let floors = reference.floors_for(points.len(), 2).unwrap(); // cache per n
//! let metrics = reference.evaluate(&points, &floors).unwrap();
//! println!("{}", metrics.to_json());
//! ```
//!
//! [`Reference`] and [`Floors`] are immutable plain values, so `&Reference`
//! can be shared across threads. `Reference::new` costs `5000²/2` pair
//! evaluations, `floors(n)` twenty evaluations, and `evaluate` of `n`
//! points `n·5000 + n²/2` pair evaluations (each pair: one `sqrt`, one
//! `exp`).

pub mod arcs;
pub mod distance;
pub mod law;
pub mod median;
pub mod mixture;
pub mod reference;
pub mod report;
pub mod shape;
pub mod subsample;

pub use arcs::{nearest_arc, ArcPoint, Moon};
pub use distance::{Cloud, Discrepancy, MMD_BANDWIDTH};
pub use law::{Law, MoonsLaw, DEFAULT_NOISE};
pub use median::median;
pub use reference::{Floors, Reference, FLOOR_DRAWS, REFERENCE_SIZE};
pub use report::{Energy, Metrics, MetricsError};
pub use subsample::{pairwise_size, PAIRWISE_LIMIT};
