//! Whole-network gradient checks of `Mlp1` and `Mlp2` against finite differences.
//!
//! The reference is an independent `f64` forward pass built from the network's `f32` weights
//! (`common::Net64`), followed by an `f64` loss. Every parameter and every input is perturbed
//! by `±h` with `h = 1e-6`, and the central difference must match the crate's `f32` backward
//! pass within `|g − fd| ≤ 4e-6 + 1e-4·|fd|` (the largest error seen over 20 000 cases per
//! test was ~6e-7, from `f32` rounding). Cases where some ReLU/ELU pre-activation lies within
//! `1e-3` of its kink are skipped (the derivative is not defined there).

mod common;

use common::{bce64, central, close, config, flat, float, mse64, Net64};
use proptest::prelude::*;
use tinygen::nn::loss::{bce_with_logits, mse};
use tinygen::{Activation, Mlp1, Mlp2, Params, Rng};

const H: f64 = 1e-6;
const RTOL: f64 = 1e-4;
const ATOL: f64 = 4e-6;
const KINK_MARGIN: f64 = 1e-3;

fn activation() -> impl Strategy<Value = Activation> {
    prop_oneof![
        Just(Activation::Identity),
        Just(Activation::Sigmoid),
        Just(Activation::Tanh),
        Just(Activation::Relu),
        float(0.2, 3.0).prop_map(|alpha| Activation::Elu { alpha }),
    ]
}

/// An output activation for a regression head.
fn head() -> impl Strategy<Value = Activation> {
    prop_oneof![
        Just(Activation::Identity),
        Just(Activation::Sigmoid),
        Just(Activation::Tanh),
    ]
}

/// The loss applied to the network output.
#[derive(Clone, Copy, Debug)]
enum Loss<'a> {
    /// BCE on the (single, identity) output logit.
    Bce(f32),
    /// MSE against targets.
    Mse(&'a [f32]),
}

impl Loss<'_> {
    fn f64(self, y: &[f64]) -> f64 {
        match self {
            Loss::Bce(t) => bce64(y[0], f64::from(t)),
            Loss::Mse(t) => mse64(y, &t.iter().map(|&t| f64::from(t)).collect::<Vec<_>>()),
        }
    }

    fn grad<const O: usize>(self, y: &[f32; O]) -> [f32; O] {
        match self {
            Loss::Bce(t) => {
                let mut g = [0.0; O];
                g[0] = bce_with_logits(y[0], t).1;
                g
            }
            Loss::Mse(t) => mse(y, t.try_into().unwrap()).1,
        }
    }
}

/// Compares the analytic gradients (all parameters, then the input) with central differences
/// of the `f64` network.
fn check(
    net: &Net64,
    x: &[f32],
    loss: Loss,
    grads: &[f32],
    dx: &[f32],
) -> Result<(), TestCaseError> {
    let x64: Vec<f64> = x.iter().map(|&v| f64::from(v)).collect();
    let (_, kink) = net.forward(&x64);
    prop_assume!(kink >= KINK_MARGIN);
    prop_assert_eq!(grads.len(), net.n_params());
    for (k, &g) in grads.iter().enumerate() {
        let fd = central(
            |v| {
                let mut n = net.clone();
                *n.param_mut(k) = v;
                loss.f64(&n.forward(&x64).0)
            },
            *net.clone().param_mut(k),
            H,
        );
        prop_assert!(
            close(f64::from(g), fd, RTOL, ATOL),
            "parameter {k}: backward gives {g}, finite difference {fd}"
        );
    }
    for (j, &g) in dx.iter().enumerate() {
        let fd = central(
            |v| {
                let mut xs = x64.clone();
                xs[j] = v;
                loss.f64(&net.forward(&xs).0)
            },
            x64[j],
            H,
        );
        prop_assert!(
            close(f64::from(g), fd, RTOL, ATOL),
            "input {j}: backward gives {g}, finite difference {fd}"
        );
    }
    Ok(())
}

/// Multiplies every parameter by `scale` (to vary the network beyond its initialisation).
fn scaled<P: Params>(mut p: P, scale: f32) -> P {
    for k in 0..P::TENSORS {
        for v in p.tensor_mut(k) {
            *v *= scale;
        }
    }
    p
}

proptest! {
    #![proptest_config(config(384, "proptest-regressions/gradient_check.txt"))]

    #[test]
    fn mlp1_bce_on_logit(
        seed in any::<u64>(),
        hidden in activation(),
        scale in float(0.5, 2.5),
        x in prop::array::uniform3(float(-2.0, 2.0)),
        target in float(0.0, 1.0),
    ) {
        let m: Mlp1<3, 5, 1> =
            scaled(Mlp1::init(hidden, Activation::Identity, &mut Rng::seed_from(seed)), scale);
        let t = m.forward_trace(&x);
        let loss = Loss::Bce(target);
        let mut grads = m.zeros_like();
        let dx = m.backward(&t, &loss.grad(&t.y), &mut grads);
        check(&Net64::from_mlp1(&m), &x, loss, &flat(&grads), &dx)?;
    }

    #[test]
    fn mlp1_mse(
        seed in any::<u64>(),
        hidden in activation(),
        out in head(),
        scale in float(0.5, 2.5),
        x in prop::array::uniform2(float(-2.0, 2.0)),
        target in prop::array::uniform3(float(-1.0, 1.0)),
    ) {
        let m: Mlp1<2, 4, 3> = scaled(Mlp1::init(hidden, out, &mut Rng::seed_from(seed)), scale);
        let t = m.forward_trace(&x);
        let loss = Loss::Mse(&target);
        let mut grads = m.zeros_like();
        let dx = m.backward(&t, &loss.grad(&t.y), &mut grads);
        check(&Net64::from_mlp1(&m), &x, loss, &flat(&grads), &dx)?;
    }

    #[test]
    fn mlp2_bce_on_logit(
        seed in any::<u64>(),
        f1 in activation(),
        f2 in activation(),
        scale in float(0.5, 2.5),
        x in prop::array::uniform3(float(-2.0, 2.0)),
        target in float(0.0, 1.0),
    ) {
        let m: Mlp2<3, 4, 5, 1> = scaled(
            Mlp2::init([f1, f2, Activation::Identity], &mut Rng::seed_from(seed)),
            scale,
        );
        let t = m.forward_trace(&x);
        let loss = Loss::Bce(target);
        let mut grads = m.zeros_like();
        let dx = m.backward(&t, &loss.grad(&t.y), &mut grads);
        check(&Net64::from_mlp2(&m), &x, loss, &flat(&grads), &dx)?;
        // The input-only gradient agrees with the full backward pass bit for bit.
        prop_assert_eq!(m.input_gradient(&t, &loss.grad(&t.y)), dx);
    }

    #[test]
    fn mlp2_mse(
        seed in any::<u64>(),
        f1 in activation(),
        f2 in activation(),
        out in head(),
        scale in float(0.5, 2.5),
        x in prop::array::uniform2(float(-2.0, 2.0)),
        target in prop::array::uniform2(float(-1.0, 1.0)),
    ) {
        let m: Mlp2<2, 6, 3, 2> =
            scaled(Mlp2::init([f1, f2, out], &mut Rng::seed_from(seed)), scale);
        let t = m.forward_trace(&x);
        let loss = Loss::Mse(&target);
        let mut grads = m.zeros_like();
        let dx = m.backward(&t, &loss.grad(&t.y), &mut grads);
        check(&Net64::from_mlp2(&m), &x, loss, &flat(&grads), &dx)?;
    }
}
