//! The output-layer refit after NCE training: it moves the output layer alone, never raises
//! the loss it minimises, is skipped when asked, and refuses settings out of bounds.

mod common;

use common::config;
use proptest::prelude::*;
use tinygen::models::jobs::{train_nce, Streams};
use tinygen::models::nce::{RefitStats, MAX_REFIT_NOISE};
use tinygen::{DataSet, Nce, NceConfig};

/// `epochs` epochs of NCE on 200 moons points of `seed`, then a refit on `draws` noise draws.
fn trained(seed: u64, epochs: usize, draws: usize, ridge: f32) -> (Nce<2, 8>, RefitStats) {
    let mut streams = Streams::new(seed);
    let mut data = [[0.0f32; 2]; 200];
    DataSet::Moons
        .sample_into(&mut data, &mut streams.data)
        .unwrap();
    let mut order = [0u32; 200];
    let config = NceConfig {
        epochs,
        refit_noise: draws,
        refit_ridge: ridge,
        ..NceConfig::DEFAULT
    };
    let mut nce = Nce::ZERO;
    let stats = train_nce(&mut nce, config, &data, &mut order, &mut streams, |_, _| {}).unwrap();
    (nce, stats)
}

proptest! {
    #![proptest_config(config(12, "proptest-regressions/nce_refit.txt"))]

    /// The hidden layers are those training left; the output layer moves only by steps that
    /// lowered the loss, and a refit that took a step changed it.
    #[test]
    fn the_refit_moves_the_output_layer_alone_and_lowers_its_loss(
        seed in any::<u64>(),
        epochs in 1usize..6,
        ridge in prop_oneof![Just(0.0f32), 0.1f32..10.0],
    ) {
        let (plain, none) = trained(seed, epochs, 0, ridge);
        let (refit, stats) = trained(seed, epochs, 8192, ridge);
        prop_assert_eq!(none, RefitStats::default());
        let (p, r) = (&plain.classifier.model, &refit.classifier.model);
        prop_assert_eq!(&p.hidden1, &r.hidden1);
        prop_assert_eq!(&p.hidden2, &r.hidden2);
        prop_assert!(stats.passes > stats.steps);
        prop_assert!(stats.loss.0.is_finite() && stats.loss.1.is_finite());
        if stats.steps == 0 {
            prop_assert_eq!(&p.output, &r.output);
            prop_assert_eq!(stats.loss.0, stats.loss.1);
        } else {
            prop_assert!(stats.loss.1 < stats.loss.0, "{:?}", stats);
            prop_assert_ne!(&p.output, &r.output);
        }
    }
}

/// With its output layer zeroed, a trained classifier says the same everywhere; the refit
/// must find the output layer its features support and take the loss far down.
#[test]
fn a_zeroed_output_layer_is_refitted() {
    let (mut nce, _) = trained(7, 5, 0, 1.0);
    let mut streams = Streams::new(7);
    let mut data = [[0.0f32; 2]; 200];
    DataSet::Moons
        .sample_into(&mut data, &mut streams.data)
        .unwrap();
    let output = &mut nce.classifier.model.output;
    output.w = [[0.0]; 8];
    output.b = [0.0];
    nce.set_refit(16_384, 1.0).unwrap();
    let stats = nce.refit_output(&data, &mut streams.train).unwrap();
    assert!(stats.steps >= 2, "{stats:?}");
    assert!(stats.loss.1 < 0.8 * stats.loss.0, "{stats:?}");
    assert!(nce.set_refit(MAX_REFIT_NOISE + 1, 1.0).is_err());
}

/// The same seed and settings give the same refit, bit for bit.
#[test]
fn the_refit_is_deterministic() {
    let (a, sa) = trained(11, 3, 4096, 1.0);
    let (b, sb) = trained(11, 3, 4096, 1.0);
    assert_eq!(sa, sb);
    assert_eq!(a.classifier.model, b.classifier.model);
}

#[test]
fn refit_settings_out_of_bounds_are_refused() {
    let too_many = NceConfig {
        refit_noise: MAX_REFIT_NOISE + 1,
        ..NceConfig::DEFAULT
    };
    assert!(too_many.validate().is_err());
    for ridge in [-1.0, f32::NAN, f32::INFINITY] {
        let bad = NceConfig {
            refit_ridge: ridge,
            ..NceConfig::DEFAULT
        };
        assert!(bad.validate().is_err(), "ridge {ridge}");
    }
    let off = NceConfig {
        refit_noise: 0,
        refit_ridge: 0.0,
        ..NceConfig::DEFAULT
    };
    assert!(off.validate().is_ok());
}
