//! Numerical stability: sigmoid and the logit losses stay finite far into the tails.
//!
//! For every finite `z` (and in particular `|z| ≤ 1e30`): `σ(z)` is finite and in `[0, 1]`,
//! `BCE(z, y)` for `y ∈ [0, 1]` is finite and ≥ 0 with a finite gradient in `[−1, 1]`, and both
//! agree with `f64` references. Softmax cross-entropy is finite and ≥ 0 for logits up to `1e30`.

mod common;

use common::{bce64, close, config, float};
use proptest::prelude::*;
use tinygen::nn::loss::{bce_with_logits, softmax_cross_entropy};
use tinygen::nn::{sigmoid, sigmoid_derivative_from_output};
use tinygen::Activation;

/// Every finite `f32`, huge magnitudes included.
fn finite() -> impl Strategy<Value = f32> {
    any::<f32>().prop_filter("finite", |z| z.is_finite())
}

/// Finite `z`: all of `f32`, up to `±1e30`, or moderate.
fn logit() -> impl Strategy<Value = f32> {
    prop_oneof![
        finite(),
        float(-1e30, 1e30),
        float(-1e3, 1e3),
        float(-30.0, 30.0)
    ]
}

fn target() -> impl Strategy<Value = f32> {
    prop_oneof![Just(0.0f32), Just(1.0), Just(0.5), float(0.0, 1.0)]
}

proptest! {
    #![proptest_config(config(2048, "proptest-regressions/stability.txt"))]

    #[test]
    fn sigmoid_is_finite_and_in_unit_interval(z in logit()) {
        let s = sigmoid(z);
        prop_assert!(s.is_finite() && (0.0..=1.0).contains(&s), "sigmoid({z}) = {s}");
        let d = sigmoid_derivative_from_output(s);
        prop_assert!(d.is_finite() && (0.0..=0.25).contains(&d), "sigmoid'({z}) = {d}");
        let a = Activation::Sigmoid;
        prop_assert!(a.derivative(z, a.apply(z)).is_finite());
        let exact = 1.0 / (1.0 + (-f64::from(z)).exp());
        prop_assert!(close(f64::from(s), exact, 1e-6, 1e-30), "sigmoid({z}) = {s}, f64 {exact}");
    }

    #[test]
    fn bce_is_finite_and_nonnegative(z in logit(), y in target()) {
        let (loss, grad) = bce_with_logits(z, y);
        prop_assert!(loss.is_finite(), "BCE({z}, {y}) = {loss}");
        prop_assert!(loss >= 0.0, "BCE({z}, {y}) = {loss} < 0");
        prop_assert!(grad.is_finite() && (-1.0..=1.0).contains(&grad), "BCE'({z}, {y}) = {grad}");
        let exact = bce64(f64::from(z), f64::from(y));
        // `max(z, 0) − z·y` cancels when y ≈ 1: the error is relative to |z|, not to the loss.
        let atol = 1e-6 * (1.0 + f64::from(z).abs());
        prop_assert!(
            close(f64::from(loss), exact, 1e-5, atol),
            "BCE({z}, {y}) = {loss}, f64 {exact}"
        );
    }

    #[test]
    fn softmax_cross_entropy_is_finite_and_nonnegative(
        logits in prop::array::uniform4(prop_oneof![float(-1e30, 1e30), float(-30.0, 30.0)]),
        class in 0usize..4,
    ) {
        let (loss, grad) = softmax_cross_entropy(&logits, class);
        prop_assert!(loss.is_finite() && loss >= 0.0, "CE = {loss}");
        prop_assert!(grad.iter().all(|g| g.is_finite() && (-1.0..=1.0).contains(g)));
        // The gradient sums to 0 (softmax sums to 1).
        prop_assert!(grad.iter().sum::<f32>().abs() <= 1e-6);
    }

    /// Accuracy against `f64` when all logits share a large offset: the loss depends only on
    /// their differences, so a huge common offset must not swamp it (equal logits give ln K).
    #[test]
    fn softmax_cross_entropy_matches_f64_under_large_offsets(
        offset in prop_oneof![Just(0.0f32), float(-1e6, 1e6), float(-1e30, 1e30)],
        small in prop::array::uniform4(prop_oneof![Just(0.0f32), float(-20.0, 20.0)]),
        class in 0usize..4,
    ) {
        let logits = small.map(|s| offset + s);
        let (loss, _) = softmax_cross_entropy(&logits, class);
        let z: Vec<f64> = logits.iter().map(|&z| f64::from(z)).collect();
        let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let exact = z.iter().map(|z| (z - max).exp()).sum::<f64>().ln() + (max - z[class]);
        prop_assert!(close(f64::from(loss), exact, 1e-5, 1e-6),
            "CE({:?}, {}) = {} but f64 gives {}", logits, class, loss, exact);
    }
}
