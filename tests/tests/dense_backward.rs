//! The backward pass of a dense layer, alone and followed by ReLU.
//!
//! For `h = relu(W x + b)`, sending the unit vector `e_r` back through `Activation::backward`
//! and `Dense::backward` must give exactly `∂h_r/∂W(r,j) = relu'(z_r)·x_j` (with
//! `relu'(0) = 0`), `∂h_r/∂b_r = relu'(z_r)`, and exactly 0 for every other unit.

mod common;

use common::{close, config, float};
use proptest::prelude::*;
use tinygen::{Activation, Dense};

const I: usize = 4;
const O: usize = 5;

/// A value that is sometimes exactly 0.
fn value() -> impl Strategy<Value = f32> {
    prop_oneof![1 => Just(0.0f32), 6 => float(-3.0, 3.0)]
}

/// A layer with random weights. When `kink` is set, unit `r` gets a zero weight row and a
/// zero bias, so `z_r = 0` exactly: the convention `relu'(0) = 0` is then what is tested.
fn layer(w: [[f32; O]; I], b: [f32; O], r: usize, kink: bool) -> Dense<I, O> {
    let mut l = Dense { w, b };
    if kink {
        for row in &mut l.w {
            row[r] = 0.0;
        }
        l.b[r] = 0.0;
    }
    l
}

proptest! {
    #![proptest_config(config(1024, "proptest-regressions/dense_backward.txt"))]

    #[test]
    fn relu_unit_gradient_is_relu_prime_times_input(
        w in prop::array::uniform4(prop::array::uniform5(value())),
        b in prop::array::uniform5(value()),
        x in prop::array::uniform4(value()),
        r in 0usize..O,
        kink in prop::bool::weighted(0.25),
    ) {
        let l = layer(w, b, r, kink);
        let z = l.forward(&x);
        if kink {
            prop_assert_eq!(z[r], 0.0);
        }
        let a = Activation::Relu.apply_all(&z);
        let mut e = [0.0f32; O];
        e[r] = 1.0;
        let delta = Activation::Relu.backward(&z, &a, &e);
        let mut grads = Dense::<I, O>::zeros();
        let dx = l.backward(&x, &delta, &mut grads);

        // relu'(z_r), written out here: 1 for z > 0, else 0 (so relu'(0) = 0).
        let slope = if z[r] > 0.0 { 1.0f32 } else { 0.0 };
        for j in 0..I {
            for s in 0..O {
                let expected = if s == r { slope * x[j] } else { 0.0 };
                prop_assert_eq!(
                    grads.w[j][s], expected,
                    "dh_{}/dW({},{}) with z_r = {}", r, s, j, z[r]
                );
            }
            // ∂h_r/∂x_j = relu'(z_r)·W(r,j), one non-zero term: exact.
            prop_assert_eq!(dx[j], slope * l.w[j][r], "dh_{}/dx_{}", r, j);
        }
        for s in 0..O {
            let expected = if s == r { slope } else { 0.0 };
            prop_assert_eq!(grads.b[s], expected, "dh_{}/db_{} with z_r = {}", r, s, z[r]);
        }
    }

    /// `Dense::backward` for a general `δ` *adds* `δ_r·x_j` and `δ_r` to whatever the gradient
    /// already holds (exactly one rounding each), and returns `Σ_r W(r,j)·δ_r`.
    #[test]
    fn backward_accumulates_outer_product(
        w in prop::array::uniform4(prop::array::uniform5(value())),
        b in prop::array::uniform5(value()),
        x in prop::array::uniform4(value()),
        delta in prop::array::uniform5(value()),
        g0w in prop::array::uniform4(prop::array::uniform5(value())),
        g0b in prop::array::uniform5(value()),
    ) {
        let l = Dense { w, b };
        let mut grads = Dense { w: g0w, b: g0b };
        let dx = l.backward(&x, &delta, &mut grads);
        for r in 0..O {
            prop_assert_eq!(grads.b[r], g0b[r] + delta[r]);
            for j in 0..I {
                prop_assert_eq!(grads.w[j][r], g0w[j][r] + delta[r] * x[j]);
            }
        }
        for j in 0..I {
            let exact: f64 = (0..O).map(|r| f64::from(w[j][r]) * f64::from(delta[r])).sum();
            let scale: f64 = (0..O).map(|r| (f64::from(w[j][r]) * f64::from(delta[r])).abs()).sum();
            prop_assert!(close(f64::from(dx[j]), exact, 0.0, 1e-6 * scale + 1e-30),
                "dx[{}] = {} but f64 gives {}", j, dx[j], exact);
        }
        // `accumulate` is the parameter half of `backward`.
        let mut again = Dense { w: g0w, b: g0b };
        l.accumulate(&x, &delta, &mut again);
        prop_assert_eq!(&again, &grads);
        prop_assert_eq!(l.input_gradient(&delta), dx);
    }

    /// The forward pass against an `f64` reference.
    #[test]
    fn forward_matches_f64(
        w in prop::array::uniform4(prop::array::uniform5(value())),
        b in prop::array::uniform5(value()),
        x in prop::array::uniform4(value()),
    ) {
        let l = Dense { w, b };
        let z = l.forward(&x);
        for r in 0..O {
            let terms: Vec<f64> = (0..I).map(|j| f64::from(w[j][r]) * f64::from(x[j])).collect();
            let exact = f64::from(b[r]) + terms.iter().sum::<f64>();
            let scale = f64::from(b[r]).abs() + terms.iter().map(|t| t.abs()).sum::<f64>();
            prop_assert!(close(f64::from(z[r]), exact, 0.0, 1e-6 * scale + 1e-30),
                "z[{}] = {} but f64 gives {}", r, z[r], exact);
        }
    }
}
