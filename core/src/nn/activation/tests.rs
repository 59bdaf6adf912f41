//! Known values and derivative checks of the activations (the property tests are in
//! `tests/tests/activations.rs`).

use super::*;

fn near(a: f32, b: f32) -> bool {
    (a - b).abs() <= 1e-6
}

#[test]
fn sigmoid_known_values() {
    assert_eq!(sigmoid(0.0), 0.5);
    assert!(near(sigmoid(1.0), 0.731_058_6));
    assert!(near(sigmoid(-1.0), 0.268_941_43));
    // The tails saturate to exactly 1 and to (almost) 0, never NaN.
    assert_eq!(sigmoid(100.0), 1.0);
    let s = sigmoid(-100.0);
    assert!((0.0..1e-40).contains(&s), "sigmoid(-100) = {s}");
    assert_eq!(sigmoid(f32::MAX), 1.0);
    assert_eq!(sigmoid(f32::MIN), 0.0);
    assert_eq!(sigmoid_derivative_from_output(0.5), 0.25);
    assert_eq!(sigmoid_derivative_from_output(sigmoid(100.0)), 0.0);
}

#[test]
fn tanh_known_values() {
    let t = Activation::Tanh;
    assert_eq!(t.apply(0.0), 0.0);
    assert!(near(t.apply(1.0), 0.761_594_2));
    assert!(near(t.apply(-1.0), -0.761_594_2));
    assert_eq!(t.apply(20.0), 1.0);
    assert_eq!(t.apply(-20.0), -1.0);
    assert_eq!(t.derivative(0.0, 0.0), 1.0);
    assert!(near(
        tanh_derivative_from_output(t.apply(1.0)),
        0.419_974_34
    ));
}

#[test]
fn relu_known_values() {
    assert_eq!(relu(3.0), 3.0);
    assert_eq!(relu(-3.0), 0.0);
    assert_eq!(relu(0.0), 0.0);
    assert_eq!(relu_derivative(0.0), 0.0);
    assert_eq!(relu_derivative(-0.0), 0.0);
    assert_eq!(relu_derivative(-1.0), 0.0);
    assert_eq!(relu_derivative(f32::from_bits(1)), 1.0);
    assert_eq!(relu_derivative(2.0), 1.0);
    assert_eq!(Activation::Relu.derivative(0.0, 0.0), 0.0);
}

#[test]
fn elu_known_values() {
    assert_eq!(Activation::ELU, Activation::Elu { alpha: 1.0 });
    assert_eq!(elu(2.0, 0.5), 2.0);
    assert_eq!(elu(0.0, 0.5), 0.0);
    assert!(near(elu(-1.0, 1.0), -0.632_120_56));
    // ELU(z) → −α as z → −∞.
    assert_eq!(elu(-100.0, 1.0), -1.0);
    assert_eq!(elu(-100.0, 2.5), -2.5);
    assert_eq!(elu(f32::MIN, 0.5), -0.5);
    assert_eq!(elu(f32::NEG_INFINITY, 1.0), -1.0);
}

#[test]
fn elu_derivative_known_values() {
    assert_eq!(elu_derivative(0.0, 0.3), 1.0);
    assert_eq!(elu_derivative(-0.0, 0.3), 1.0);
    assert_eq!(elu_derivative(5.0, 0.3), 1.0);
    assert!(near(elu_derivative(-1.0, 1.0), 0.367_879_44));
    assert!(near(elu_derivative(-1.0, 2.0), 0.735_758_9));
    // Far left the true value underflows f32; the derivative stays positive.
    assert_eq!(elu_derivative(-200.0, 1.0), f32::from_bits(1));
    assert!(elu_derivative(f32::MIN, 1.0) > 0.0);
    assert_eq!(Activation::ELU.derivative(0.0, 0.0), 1.0);
}

#[test]
fn identity_and_backward() {
    let f = Activation::Identity;
    assert_eq!(f.apply(-7.5), -7.5);
    assert_eq!(f.derivative(123.0, 123.0), 1.0);
    let z = [-1.0, 0.0, 2.0];
    let a = Activation::Relu.apply_all(&z);
    assert_eq!(a, [0.0, 0.0, 2.0]);
    assert_eq!(
        Activation::Relu.backward(&z, &a, &[5.0, 5.0, 5.0]),
        [0.0, 0.0, 5.0]
    );
}
