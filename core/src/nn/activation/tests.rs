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

/// The vector ELU's and sigmoid's blocks have the general form's bits whichever way they go: blocks wholly
/// above the shortcut's floor, blocks with a lane below it or NaN, and the elements past the
/// last whole block; at the kinks (±0, the floor and its neighbours) and in the tails.
#[test]
fn exponential_shortcut_blocks_have_the_bits_of_the_general_form() {
    let floor = NEGATIVE_FLOOR;
    let edges = [
        0.0,
        -0.0,
        f32::from_bits(1),
        -f32::from_bits(1),
        floor,
        floor.next_up(),
        floor.next_down(),
        -0.3,
        0.346_573_6,
        -0.346_573_6,
        -17.5,
        -63.9,
        3.0,
        f32::INFINITY,
        f32::MAX,
        -87.5,
        -200.0,
        f32::NEG_INFINITY,
        f32::NAN,
    ];
    // Blocks of in-range lanes only, then with lanes out of range, then a ragged tail.
    const LEN: usize = 19 * 8 + 5;
    let mut z = [0.0f32; LEN];
    for (i, z) in z.iter_mut().enumerate() {
        let (block, lane) = (i / 8, i % 8);
        let e = edges[(block + lane) % edges.len()];
        *z = if block % 2 == 0 && !in_shortcut(e) {
            1.5
        } else {
            e
        };
    }
    for alpha in [1.0, 0.7, 3.0, SHORTCUT_ALPHA, 1e-7] {
        let f = Activation::Elu { alpha };
        let (mut a, mut d, mut values) = ([0.0; LEN], [0.0; LEN], [0.0; LEN]);
        f.apply_with_derivative_flat(&z, &mut a, &mut d);
        f.apply_flat(&z, &mut values);
        for (i, &z) in z.iter().enumerate() {
            let (want_a, want_d) = elu_with_slope(z, alpha);
            assert_eq!(
                a[i].to_bits(),
                want_a.to_bits(),
                "value, α {alpha}, z {z:e} ({i})"
            );
            assert_eq!(
                d[i].to_bits(),
                want_d.to_bits(),
                "slope, α {alpha}, z {z:e} ({i})"
            );
            let want = elu(z, alpha);
            assert_eq!(
                values[i].to_bits(),
                want.to_bits(),
                "apply_flat, α {alpha}, z {z:e}"
            );
        }
    }
    // Sigmoid exponentiates −|z|: the same edges and their negatives.
    let mut both = z;
    for (i, z) in both.iter_mut().enumerate() {
        if (i / 8) % 3 == 1 {
            *z = -*z;
        }
    }
    let f = Activation::Sigmoid;
    let (mut a, mut d, mut values) = ([0.0; LEN], [0.0; LEN], [0.0; LEN]);
    f.apply_with_derivative_flat(&both, &mut a, &mut d);
    f.apply_flat(&both, &mut values);
    for (i, &z) in both.iter().enumerate() {
        let s = sigmoid(z);
        assert_eq!(a[i].to_bits(), s.to_bits(), "sigmoid, z {z:e} ({i})");
        assert_eq!(
            values[i].to_bits(),
            s.to_bits(),
            "sigmoid apply_flat, z {z:e} ({i})"
        );
        let slope = sigmoid_derivative_from_output(s);
        assert_eq!(
            d[i].to_bits(),
            slope.to_bits(),
            "sigmoid slope, z {z:e} ({i})"
        );
    }
}
