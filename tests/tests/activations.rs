//! Each activation's value and derivative against `f64` references.
//!
//! `Activation::derivative(z, f(z))` (computed in `f32`) must match a central finite difference
//! of the activation's mathematical definition evaluated in `f64`, with step
//! `h = 1e-6·max(1, |z|)`. Tolerance: `|f'_{f32} − fd| ≤ 1e-6 + 1e-5·|fd|` (1e-6 absolute is
//! ~8 ulps of 1.0 and covers the cancellation in `1 − σ` and `1 − tanh²` in the tails).
//! For ReLU and ELU, `z` keeps at least `1e-3` away from the kink at 0.

mod common;

use common::{act64, central, close, config, float};
use proptest::prelude::*;
use tinygen::nn::ELU_EXP_FLOOR;
use tinygen::Activation;

const RTOL: f64 = 1e-5;
const ATOL: f64 = 1e-6;
/// Distance kept from the kink of ReLU and ELU.
const MARGIN: f32 = 1e-3;

/// Checks value and derivative of `f` at `z`.
fn check(f: Activation, z: f32) -> Result<(), TestCaseError> {
    let a = f.apply(z);
    let d = f.derivative(z, a);
    let z64 = f64::from(z);
    let h = 1e-6 * z64.abs().max(1.0);
    let fd = central(|z| act64(f, z), z64, h);
    prop_assert!(
        close(f64::from(d), fd, RTOL, ATOL),
        "{f:?}: derivative at z = {z}: f32 gives {d}, finite difference {fd}"
    );
    let exact = act64(f, z64);
    prop_assert!(
        close(f64::from(a), exact, 1e-6, 1e-7),
        "{f:?}: value at z = {z}: f32 gives {a}, f64 gives {exact}"
    );
    Ok(())
}

/// Mostly moderate `z` (where derivatives are large), sometimes far into the tails.
fn any_z() -> impl Strategy<Value = f32> {
    prop_oneof![3 => float(-6.0, 6.0), 1 => float(-40.0, 40.0)]
}

/// `z` with `|z| ≥ MARGIN`, on either side of the kink.
fn off_kink() -> impl Strategy<Value = f32> {
    (
        prop_oneof![3 => float(MARGIN, 6.0), 1 => float(MARGIN, 40.0)],
        any::<bool>(),
    )
        .prop_map(|(m, negative)| if negative { -m } else { m })
}

proptest! {
    #![proptest_config(config(1024, "proptest-regressions/activations.txt"))]

    #[test]
    fn identity_derivative_matches_finite_difference(z in any_z()) {
        check(Activation::Identity, z)?;
    }

    #[test]
    fn sigmoid_derivative_matches_finite_difference(z in any_z()) {
        check(Activation::Sigmoid, z)?;
    }

    #[test]
    fn tanh_derivative_matches_finite_difference(z in any_z()) {
        check(Activation::Tanh, z)?;
    }

    #[test]
    fn relu_derivative_matches_finite_difference(z in off_kink()) {
        check(Activation::Relu, z)?;
    }

    #[test]
    fn elu_derivative_matches_finite_difference(z in off_kink(), alpha in float(0.05, 5.0)) {
        check(Activation::Elu { alpha }, z)?;
    }

    /// The vectorised `apply_all`, `apply_flat`, `apply_with_derivative` and `backward`
    /// give bit for bit the values of the scalar `apply` and `upstream · derivative`, for
    /// every finite `z` (tails included).
    #[test]
    fn vector_forms_match_scalar_forms(
        z in prop::array::uniform11(prop_oneof![
            any::<f32>().prop_filter("finite", |z| z.is_finite()),
            float(-120.0, 100.0),
            float(-1.0, 1.0),
            Just(0.0f32),
            Just(-0.0f32),
        ]),
        up in prop::array::uniform11(float(-5.0, 5.0)),
        which in 0usize..5,
        alpha in float(0.05, 5.0),
    ) {
        let f = [
            Activation::Identity,
            Activation::Sigmoid,
            Activation::Tanh,
            Activation::Relu,
            Activation::Elu { alpha },
        ][which];
        let a = f.apply_all(&z);
        let delta = f.backward(&z, &a, &up);
        let (mut a_fused, mut slope) = ([0.0; 11], [0.0; 11]);
        f.apply_with_derivative(&z, &mut a_fused, &mut slope);
        let mut a_flat = [0.0; 11];
        f.apply_flat(&z, &mut a_flat);
        // 11 elements: one whole 8-wide block, then the last 3 one by one.
        for i in 0..11 {
            prop_assert_eq!(a[i].to_bits(), f.apply(z[i]).to_bits(), "{:?}({})", f, z[i]);
            let d = up[i] * f.derivative(z[i], a[i]);
            prop_assert_eq!(delta[i].to_bits(), d.to_bits(), "{:?}'({})", f, z[i]);
            // The forward pass's fused value and slope are the same bits.
            prop_assert_eq!(a_fused[i].to_bits(), a[i].to_bits(), "{:?}({})", f, z[i]);
            prop_assert_eq!(a_flat[i].to_bits(), a[i].to_bits(), "{:?}({})", f, z[i]);
            // The trace's ELU slope is the derivative, or 0 where that is not a normal number or
            // z is below ELU_EXP_FLOOR (see `elu_with_slope`).
            let slope_d = f.derivative(z[i], a[i]);
            let slope_d = match f {
                Activation::Elu { .. }
                    if z[i] < ELU_EXP_FLOOR || slope_d < f32::MIN_POSITIVE =>
                {
                    0.0
                }
                _ => slope_d,
            };
            prop_assert_eq!(slope[i].to_bits(), slope_d.to_bits(), "{:?}'({})", f, z[i]);
        }
    }

    /// `Activation::backward` is `upstream ⊙ f'(z)` against finite differences.
    #[test]
    fn backward_is_upstream_times_derivative(
        z in prop::array::uniform4(off_kink()),
        up in prop::array::uniform4(float(-5.0, 5.0)),
        which in 0usize..5,
        alpha in float(0.05, 5.0),
    ) {
        let f = [
            Activation::Identity,
            Activation::Sigmoid,
            Activation::Tanh,
            Activation::Relu,
            Activation::Elu { alpha },
        ][which];
        let a = f.apply_all(&z);
        let delta = f.backward(&z, &a, &up);
        for i in 0..4 {
            let z64 = f64::from(z[i]);
            let fd = central(|z| act64(f, z), z64, 1e-6 * z64.abs().max(1.0));
            let expected = f64::from(up[i]) * fd;
            prop_assert!(
                close(f64::from(delta[i]), expected, 1e-5, 5e-6),
                "{f:?}: delta[{i}] = {} but upstream·fd = {expected}", delta[i]
            );
        }
    }
}
