//! Dead ReLU units: once `W_r·x + b_r ≤ 0` for every training input, unit `r` gets an exactly
//! zero gradient in every minibatch (any batch size, any shuffle, any upstream gradient), and
//! SGD — with or without momentum — never changes `W_r` or `b_r`, bit for bit.
//!
//! Conversely, as soon as one input of a minibatch gives `z_r > 0`, an upstream gradient on
//! unit `r` for that example makes the minibatch's gradient for unit `r` non-zero.

mod common;

use common::{config, float};
use proptest::prelude::*;
use tinygen::nn::dead::{active_counts, dead_count, dead_units};
use tinygen::{Activation, Batches, Dense, Learner, Mlp1, Params, Rng, SgdConfig};

/// Training-set size.
const N: usize = 24;
/// Inputs.
const I: usize = 3;
/// Hidden units.
const H: usize = 6;
/// Outputs.
const O: usize = 2;

/// Sets row `r` of `layer` so that `z_r ≤ 0` on every point, checked with the layer's own
/// forward pass.
///
/// With `touching`, the points are moved into the positive orthant, the first one to the
/// origin, `W_r ≤ 0` and `b_r = 0`: then `z_r = 0` exactly on the origin, so the convention
/// `relu'(0) = 0` is what keeps the unit dead. Otherwise `b_r = −max_x(W_r·x) − slack`, nudged
/// down until the layer's forward pass agrees.
fn make_dead<const I: usize, const H: usize>(
    layer: &mut Dense<I, H>,
    points: &mut [[f32; I]],
    r: usize,
    w_r: [f32; I],
    touching: bool,
    slack: f32,
) {
    for (row, &w) in layer.w.iter_mut().zip(&w_r) {
        row[r] = w;
    }
    if touching {
        for p in points.iter_mut() {
            *p = p.map(f32::abs);
        }
        points[0] = [0.0; I];
        for row in layer.w.iter_mut() {
            row[r] = -row[r].abs();
        }
        layer.b[r] = 0.0;
    } else {
        layer.b[r] = 0.0;
        let max = points
            .iter()
            .map(|x| layer.forward(x)[r])
            .fold(f32::NEG_INFINITY, f32::max);
        layer.b[r] = -max - slack;
        while points.iter().any(|x| layer.forward(x)[r] > 0.0) {
            layer.b[r] = layer.b[r].next_down();
        }
    }
    for x in points.iter() {
        assert!(layer.forward(x)[r] <= 0.0, "construction failed");
    }
    let counts = active_counts(layer, points);
    assert_eq!(counts[r], 0);
    assert!(dead_units(&counts)[r]);
    assert!(dead_count(&counts) >= 1);
}

fn points<const K: usize>() -> impl Strategy<Value = Vec<[f32; I]>> {
    prop::collection::vec(prop::array::uniform3(float(-2.0, 2.0)), K)
}

/// A magnitude in `[lo, hi]` with either sign.
fn signed(lo: f32, hi: f32) -> impl Strategy<Value = f32> {
    (float(lo, hi), any::<bool>()).prop_map(|(m, negative)| if negative { -m } else { m })
}

fn slack() -> impl Strategy<Value = f32> {
    prop_oneof![Just(0.0f32), float(0.0, 3.0)]
}

proptest! {
    #![proptest_config(config(512, "proptest-regressions/dead_relu.txt"))]

    #[test]
    fn dead_unit_never_moves_under_sgd(
        seed in any::<u64>(),
        shuffle_seed in any::<u64>(),
        points in points::<N>(),
        r in 0..H,
        w_r in prop::array::uniform3(float(-2.0, 2.0)),
        touching in any::<bool>(),
        slack in slack(),
        batch_size in 1..=N,
        epochs in 1usize..=3,
        lr in float(0.01, 0.5),
        momentum in prop_oneof![Just(0.0f32), float(0.01, 0.99)],
    ) {
        let mut rng = Rng::seed_from(seed);
        let mut model: Mlp1<I, H, O> = Mlp1::init(Activation::Relu, Activation::Identity, &mut rng);
        let mut data: [[f32; I]; N] = points.try_into().unwrap();
        make_dead(&mut model.hidden, &mut data, r, w_r, touching, slack);

        let initial = model.clone();
        let optimizer = SgdConfig { lr, momentum }.build(&model).unwrap();
        let mut learner = Learner::new(model, optimizer);
        let mut order = [0u32; N];
        let mut batches = Batches::new(&mut order, batch_size).unwrap();
        let mut shuffle_rng = Rng::seed_from(shuffle_seed);
        for _ in 0..epochs {
            batches.shuffle(&mut shuffle_rng);
            for batch in batches.iter() {
                for &i in batch {
                    let t = learner.model.forward_trace(&data[i as usize]);
                    // Any upstream gradient: random, different for every example.
                    let dy = [rng.uniform_in(-5.0, 5.0), rng.uniform_in(-5.0, 5.0)];
                    learner.model.backward(&t, &dy, &mut learner.grads);
                }
                let mut mean = learner.grads.clone();
                mean.divide_by(batch.len() as f32);
                for g in [&learner.grads, &mean] {
                    for j in 0..I {
                        prop_assert_eq!(g.hidden.w[j][r], 0.0, "dL/dW({},{})", r, j);
                    }
                    prop_assert_eq!(g.hidden.b[r], 0.0, "dL/db_{}", r);
                    // The unit's output is 0, so the weights leaving it get no gradient either.
                    for o in 0..O {
                        prop_assert_eq!(g.output.w[r][o], 0.0, "dL/dW2({},{})", o, r);
                    }
                }
                learner.step(batch.len()).unwrap();
                for j in 0..I {
                    prop_assert_eq!(
                        learner.model.hidden.w[j][r].to_bits(),
                        initial.hidden.w[j][r].to_bits()
                    );
                }
                prop_assert_eq!(learner.model.hidden.b[r].to_bits(), initial.hidden.b[r].to_bits());
                for o in 0..O {
                    prop_assert_eq!(
                        learner.model.output.w[r][o].to_bits(),
                        initial.output.w[r][o].to_bits()
                    );
                }
            }
        }
        // Training did happen (the test is not vacuous), and the unit is still dead.
        prop_assert_ne!(&learner.model.output.b, &initial.output.b);
        prop_assert_eq!(learner.model.hidden_active_counts(&data)[r], 0);
    }

    #[test]
    fn one_live_input_revives_the_gradient(
        points in points::<16>(),
        k_len in 1usize..=16,
        live in any::<prop::sample::Index>(),
        r in 0..H,
        w_r in prop::array::uniform3(signed(0.1, 2.0)),
        slack in slack(),
        seed in any::<u64>(),
        g in signed(0.1, 5.0),
    ) {
        let mut rng = Rng::seed_from(seed);
        let mut layer: Dense<I, H> = Dense::init(&mut rng);
        let mut batch = points[..k_len].to_vec();
        make_dead(&mut layer, &mut batch, r, w_r, false, slack);
        let f = Activation::Relu;

        // The minibatch's gradient for unit r, for upstream `up(example, unit)`.
        let grad = |batch: &[[f32; I]], up: &dyn Fn(usize, usize) -> f32| {
            let mut grads = Dense::<I, H>::zeros();
            for (e, x) in batch.iter().enumerate() {
                let z = layer.forward(x);
                let upstream: [f32; H] = core::array::from_fn(|u| up(e, u));
                layer.accumulate(x, &f.backward(&z, &f.apply_all(&z), &upstream), &mut grads);
            }
            grads
        };

        // Dead: zero for a random upstream gradient.
        let noise: Vec<[f32; H]> =
            (0..k_len).map(|_| core::array::from_fn(|_| rng.uniform_in(-5.0, 5.0))).collect();
        let dead = grad(&batch, &|e, u| noise[e][u]);
        prop_assert_eq!(dead.b[r], 0.0);
        for j in 0..I {
            prop_assert_eq!(dead.w[j][r], 0.0);
        }

        // Move one input along W_r until z_r = 1 > 0.
        let k = live.index(k_len);
        let z_k = layer.forward(&batch[k])[r];
        let norm2: f32 = w_r.iter().map(|w| w * w).sum();
        let s = (1.0 - z_k) / norm2;
        for (x, w) in batch[k].iter_mut().zip(&w_r) {
            *x += s * w;
        }
        prop_assert!(layer.forward(&batch[k])[r] > 0.0);

        // Upstream e_r on the live example, 0 elsewhere: dL/db_r = 1, dL/dW(r,j) = x_kj.
        let unit = grad(&batch, &|e, u| if e == k && u == r { 1.0 } else { 0.0 });
        prop_assert_eq!(unit.b[r], 1.0);
        for (row, &x) in unit.w.iter().zip(&batch[k]) {
            prop_assert_eq!(row[r], x);
        }

        // Any upstream with a non-zero entry g for (k, r): dL/db_r = g ≠ 0 exactly, since
        // every other example contributes exactly 0.
        let any = grad(&batch, &|e, u| if e == k && u == r { g } else { noise[e][u] });
        prop_assert_eq!(any.b[r], g);
        for (row, &x) in any.w.iter().zip(&batch[k]) {
            prop_assert_eq!(row[r], g * x);
        }
    }
}
