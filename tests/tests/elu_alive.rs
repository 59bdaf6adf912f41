//! ELU units cannot die: `elu'(z) > 0` for every finite `z` (when `α > 0`), so the dead-unit
//! construction that freezes a ReLU unit leaves an ELU unit with a non-zero gradient.

mod common;

use common::{config, float};
use proptest::prelude::*;
use tinygen::nn::elu_derivative;
use tinygen::{Activation, Dense, Params};

const I: usize = 3;
const H: usize = 4;
const N: usize = 16;

fn finite() -> impl Strategy<Value = f32> {
    any::<f32>().prop_filter("finite", |z| z.is_finite())
}

/// `α` in a usual range, or any positive finite `f32` (subnormals included).
fn alpha() -> impl Strategy<Value = f32> {
    prop_oneof![
        float(1e-3, 100.0),
        any::<f32>().prop_filter("finite and > 0", |a| a.is_finite() && *a > 0.0),
    ]
}

/// A magnitude in `[1e-3, hi]` with either sign: away from underflow.
fn signed(hi: f32) -> impl Strategy<Value = f32> {
    (float(1e-3, hi), any::<bool>()).prop_map(|(m, n)| if n { -m } else { m })
}

/// Row `r` of `layer` set to `w_r`, and `b_r` chosen so that `z_r ∈ [−20, 0]` on every point
/// (`b_r = −max_x W_r·x − slack`, checked with the layer's own forward pass).
fn make_dead(layer: &mut Dense<I, H>, points: &[[f32; I]], r: usize, w_r: [f32; I], slack: f32) {
    for (row, &w) in layer.w.iter_mut().zip(&w_r) {
        row[r] = w;
    }
    layer.b[r] = 0.0;
    let max = points
        .iter()
        .map(|x| layer.forward(x)[r])
        .fold(f32::NEG_INFINITY, f32::max);
    layer.b[r] = -max - slack;
    while points.iter().any(|x| layer.forward(x)[r] > 0.0) {
        layer.b[r] = layer.b[r].next_down();
    }
    for x in points {
        let z = layer.forward(x)[r];
        assert!((-20.0..=0.0).contains(&z), "construction failed: z_r = {z}");
    }
}

proptest! {
    #![proptest_config(config(2048, "proptest-regressions/elu_alive.txt"))]

    #[test]
    fn elu_derivative_is_positive_everywhere(z in finite(), alpha in alpha()) {
        let d = elu_derivative(z, alpha);
        prop_assert!(d > 0.0 && d.is_finite(), "elu'({z}, {alpha}) = {d}");
        let f = Activation::Elu { alpha };
        let d = f.derivative(z, f.apply(z));
        prop_assert!(d > 0.0 && d.is_finite(), "Activation::Elu derivative at {z} = {d}");
    }

    #[test]
    fn elu_derivative_is_positive_in_normal_range(
        z in float(-200.0, 50.0),
        alpha in float(1e-3, 100.0),
    ) {
        prop_assert!(elu_derivative(z, alpha) > 0.0);
    }
}

proptest! {
    #![proptest_config(config(512, "proptest-regressions/elu_alive.txt"))]

    /// Per example: with `z_r ∈ [−20, 0]`, `|g_r| ≥ 1e-3`, and `x_j` either 0 or `|x_j| ≥ 1e-3`,
    /// `∂L/∂W(r,j) ≠ 0` exactly when `x_j ≠ 0`, and `∂L/∂b_r ≠ 0` — while the same layer with
    /// ReLU gets exactly 0.
    #[test]
    fn elu_unit_in_dead_construction_keeps_a_gradient(
        points in prop::collection::vec(
            prop::array::uniform3(prop_oneof![1 => Just(0.0f32), 5 => signed(2.0)]), N),
        w in prop::array::uniform4(prop::array::uniform3(float(-1.0, 1.0))),
        b in prop::array::uniform4(float(-1.0, 1.0)),
        r in 0..H,
        slack in prop_oneof![Just(0.0f32), float(0.0, 5.0)],
        alpha in float(0.1, 5.0),
        upstream in prop::collection::vec(prop::array::uniform4(signed(10.0)), N),
    ) {
        // `w[u]` is the weight row of unit u.
        let mut layer = Dense::<I, H> {
            w: core::array::from_fn(|j| core::array::from_fn(|u| w[u][j])),
            b,
        };
        make_dead(&mut layer, &points, r, w[r], slack);
        for (x, up) in points.iter().zip(&upstream) {
            let z = layer.forward(x);
            let mut elu_grads = Dense::<I, H>::zeros();
            let mut relu_grads = Dense::<I, H>::zeros();
            for (f, grads) in [
                (Activation::Elu { alpha }, &mut elu_grads),
                (Activation::Relu, &mut relu_grads),
            ] {
                layer.accumulate(x, &f.backward(&z, &f.apply_all(&z), up), grads);
            }
            prop_assert!(elu_grads.b[r] != 0.0, "ELU dL/db_r = 0 at z_r = {}", z[r]);
            prop_assert_eq!(relu_grads.b[r], 0.0);
            for (j, &xj) in x.iter().enumerate() {
                let g = elu_grads.w[j][r];
                prop_assert_eq!(g != 0.0, xj != 0.0,
                    "ELU dL/dW(r,{}) = {} with x_j = {}, z_r = {}", j, g, xj, z[r]);
                prop_assert_eq!(relu_grads.w[j][r], 0.0);
            }
        }
    }

    /// Over a whole minibatch of inputs in `[1e-3, 2]³` with positive upstream gradients on unit
    /// `r` (so no cancellation is possible), the mean gradient for unit `r` is non-zero.
    #[test]
    fn elu_unit_minibatch_gradient_is_nonzero(
        points in prop::collection::vec(prop::array::uniform3(float(1e-3, 2.0)), N),
        batch in 1..=N,
        w_r in prop::array::uniform3(float(-1.0, 1.0)),
        r in 0..H,
        slack in prop_oneof![Just(0.0f32), float(0.0, 5.0)],
        alpha in float(0.1, 5.0),
        g in prop::collection::vec(float(1e-3, 10.0), N),
    ) {
        let mut layer = Dense::<I, H>::zeros();
        let points = &points[..batch];
        make_dead(&mut layer, points, r, w_r, slack);
        let f = Activation::Elu { alpha };
        let mut grads = Dense::<I, H>::zeros();
        for (x, &g) in points.iter().zip(&g) {
            let z = layer.forward(x);
            let mut up = [0.0f32; H];
            up[r] = g;
            layer.accumulate(x, &f.backward(&z, &f.apply_all(&z), &up), &mut grads);
        }
        grads.divide_by(batch as f32);
        prop_assert!(grads.b[r] > 0.0);
        for j in 0..I {
            prop_assert!(grads.w[j][r] > 0.0, "mean dL/dW(r,{}) = {}", j, grads.w[j][r]);
        }
    }
}
