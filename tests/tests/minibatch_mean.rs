//! The minibatch gradient is the mean of the per-example gradients.
//!
//! Summing a batch through `backward` into one gradient and calling `Params::divide_by` (what
//! `Learner::step` does) must equal, bit for bit, computing every example's gradient into fresh
//! zeros, adding them in the same order and dividing by the batch size; and it must be close
//! to the `f64` mean. An SGD step with `lr = 1` must subtract exactly that mean.

mod common;

use common::{config, flat, float};
use proptest::prelude::*;
use tinygen::nn::loss::bce_with_logits;
use tinygen::{Activation, Learner, Mlp2, Params, Rng, SgdConfig};

type Net = Mlp2<2, 5, 4, 1>;

fn activation() -> impl Strategy<Value = Activation> {
    prop_oneof![
        Just(Activation::Sigmoid),
        Just(Activation::Tanh),
        Just(Activation::Relu),
        Just(Activation::ELU),
    ]
}

/// Adds this example's BCE gradient to `grads`.
fn accumulate(m: &Net, x: &[f32; 2], y: f32, grads: &mut Net) {
    let t = m.forward_trace(x);
    let (_, dz) = bce_with_logits(t.y[0], y);
    m.backward(&t, &[dz], grads);
}

proptest! {
    #![proptest_config(config(512, "proptest-regressions/minibatch_mean.txt"))]

    #[test]
    fn minibatch_gradient_is_mean_of_example_gradients(
        seed in any::<u64>(),
        f1 in activation(),
        f2 in activation(),
        batch in prop::collection::vec(
            (prop::array::uniform2(float(-2.0, 2.0)), prop_oneof![Just(0.0f32), Just(1.0)]),
            1..=32,
        ),
    ) {
        let m: Net = Mlp2::init([f1, f2, Activation::Identity], &mut Rng::seed_from(seed));
        let k = batch.len();

        // The way Learner::step sees it: one running sum, then divide_by.
        let mut summed = m.zeros_like();
        for (x, y) in &batch {
            accumulate(&m, x, *y, &mut summed);
        }
        let mut mean = summed.clone();
        mean.divide_by(k as f32);

        // Per example, into fresh zeros; then added in the same order and divided here.
        let per_example: Vec<Vec<f32>> = batch
            .iter()
            .map(|(x, y)| {
                let mut g = m.zeros_like();
                accumulate(&m, x, *y, &mut g);
                flat(&g)
            })
            .collect();
        let n = per_example[0].len();
        let mut reference = vec![0.0f32; n];
        for g in &per_example {
            for (s, v) in reference.iter_mut().zip(g) {
                *s += v;
            }
        }
        for s in &mut reference {
            *s /= k as f32;
        }

        let got = flat(&mean);
        for i in 0..n {
            prop_assert_eq!(got[i].to_bits(), reference[i].to_bits(),
                "element {}: minibatch {} but mean of examples {}", i, got[i], reference[i]);
            // Close to the f64 mean: summation error of k terms in f32.
            let exact: f64 =
                per_example.iter().map(|g| f64::from(g[i])).sum::<f64>() / k as f64;
            let scale: f64 =
                per_example.iter().map(|g| f64::from(g[i]).abs()).sum::<f64>() / k as f64;
            prop_assert!((f64::from(got[i]) - exact).abs() <= 1e-6 * scale * k as f64 + 1e-30,
                "element {}: {} but f64 mean {}", i, got[i], exact);
        }

        // Learner::step with plain SGD and lr = 1 applies exactly θ − mean.
        let sgd = SgdConfig { lr: 1.0, momentum: 0.0 }.build(&m).unwrap();
        let mut learner = Learner::new(m.clone(), sgd);
        for (x, y) in &batch {
            accumulate(&learner.model, x, *y, &mut learner.grads);
        }
        prop_assert_eq!(flat(&learner.grads), flat(&summed));
        learner.step(k).unwrap();
        let before = flat(&m);
        let after = flat(&learner.model);
        for i in 0..n {
            prop_assert_eq!(after[i].to_bits(), (before[i] - reference[i]).to_bits(),
                "parameter {} after one step", i);
        }
        // The gradient is zeroed for the next minibatch.
        prop_assert!(flat(&learner.grads).iter().all(|&g| g == 0.0));
    }
}
