//! The NCE sampler's trusted region: beyond `‖L⁻¹(x − mean)‖² = 2D + 16` of a Gaussian `q`,
//! where training draws almost no noise, the classifier's ratio counts as 0. A logit that
//! grows outward there must neither be sampled nor raise the rejection bound, and every point
//! of the built-in data sets must lie inside.

mod common;

use common::config;
use proptest::prelude::*;
use tinygen::models::nce::trusted_radius_sq;
use tinygen::{Activation, DataSet, Nce, NceConfig, NoiseKind, Rng};

/// An NCE model on two moons whose classifier's logit is `5·ELU(Σ ELU(±uᵢ))` of the
/// standardized point `u`: it grows without bound away from the noise's centre, as an ELU
/// classifier can where no noise was drawn.
fn outward_growing(seed: u64) -> Nce<2, 4> {
    let mut rng = Rng::seed_from(seed);
    let mut data = [[0.0f32; 2]; 500];
    DataSet::Moons.sample_into(&mut data, &mut rng).unwrap();
    let mut nce = Nce::<2, 4>::new(NceConfig::DEFAULT, &data, &mut rng).unwrap();
    let m = &mut nce.classifier.model;
    m.activations = [Activation::ELU, Activation::ELU, Activation::Identity];
    m.hidden1.w = [[1.0, -1.0, 0.0, 0.0], [0.0, 0.0, 1.0, -1.0]];
    m.hidden1.b = [0.0; 4];
    m.hidden2.w = [[1.0, 0.0, 0.0, 0.0]; 4];
    m.hidden2.b = [0.0; 4];
    m.output.w = [[5.0], [0.0], [0.0], [0.0]];
    m.output.b = [0.0];
    nce
}

/// The squared radius of `x` in the noise's standard deviations.
fn radius_sq(nce: &Nce<2, 4>, x: &[f32; 2]) -> f32 {
    nce.noise.standardize(x).iter().map(|v| v * v).sum()
}

proptest! {
    #![proptest_config(config(64, "proptest-regressions/nce_trust.txt"))]

    /// Accepted points are trusted, untrusted proposals have ratio 0, and the bound stays the
    /// largest trusted ratio: finite, where the untrusted tail would reach e^45 and beyond.
    #[test]
    fn the_sampler_never_leaves_the_trusted_region(seed in any::<u64>()) {
        let nce = outward_growing(seed);
        let mut rng = Rng::seed_from(seed ^ 1);
        let mut sampler = nce.sampler(&mut rng);
        let limit = trusted_radius_sq(2);
        let mut largest_trusted = 0.0f32;
        for _ in 0..20_000 {
            let p = sampler.propose(&mut rng).unwrap();
            let r2 = radius_sq(&nce, &p.x);
            prop_assert_eq!(nce.trusts(&p.x), r2 <= limit);
            if r2 > limit {
                prop_assert_eq!(p.ratio, 0.0);
                prop_assert!(!p.accepted);
            } else {
                prop_assert!(p.ratio > 0.0 && p.ratio.is_finite());
                largest_trusted = largest_trusted.max(p.ratio);
            }
        }
        prop_assert!(sampler.bound() >= largest_trusted);
        // The bound can be no larger than the ratio anywhere on the trusted disc's edge
        // (where |u₁| + |u₂| peaks at √2·√limit).
        let edge = 4.0 * (5.0 * (2.0 * limit).sqrt()).exp();
        prop_assert!(sampler.bound() <= edge * 1.001, "bound {}", sampler.bound());
    }

    /// Every point of every built-in data set lies inside the trusted region of the Gaussian
    /// fitted to it, so trust never removes any of the data's own support.
    #[test]
    fn built_in_data_is_trusted(seed in any::<u64>(), which in 0usize..3) {
        let data_set = DataSet::ALL[which];
        let mut rng = Rng::seed_from(seed);
        let mut data = [[0.0f32; 2]; 1000];
        data_set.sample_into(&mut data, &mut rng).unwrap();
        let nce = Nce::<2, 4>::new(NceConfig::for_data_set(data_set), &data, &mut rng).unwrap();
        for x in &data {
            prop_assert!(nce.trusts(x), "{:?}: {:?} is not trusted", data_set, x);
        }
    }
}

/// Far out the ratio is exactly 0; near the centre it is the classifier's. A box has no tails:
/// all of it is trusted.
#[test]
fn trust_depends_on_the_noise() {
    let nce = outward_growing(7);
    let far = {
        let g = match nce.noise {
            tinygen::math::Noise::Gaussian(g) => g,
            _ => unreachable!("fitted noise is Gaussian"),
        };
        [g.mean[0] + 10.0 * g.cholesky[0][0], g.mean[1]]
    };
    assert!(!nce.trusts(&far));
    assert_eq!(nce.ratio(&far), 0.0);

    let mut rng = Rng::seed_from(3);
    let mut data = [[0.0f32; 2]; 200];
    DataSet::Moons.sample_into(&mut data, &mut rng).unwrap();
    let boxed = NceConfig {
        noise: NoiseKind::Box,
        ..NceConfig::DEFAULT
    };
    let nce = Nce::<2, 4>::new(boxed, &data, &mut rng).unwrap();
    for _ in 0..1000 {
        let x = nce.noise.sample(&mut rng);
        assert!(nce.trusts(&x));
    }
}
