//! Loss functions, each returning the loss and its gradient with respect to the prediction.

use crate::math::exp::exp;
use crate::math::ln::ln_1p;

/// Binary cross-entropy on a logit `z` with target `y ∈ [0, 1]`:
/// `L = −y·ln σ(z) − (1−y)·ln(1−σ(z)) = max(z, 0) − z·y + ln(1 + e^(−|z|))`.
///
/// The right-hand form never exponentiates a positive number, so it is finite for every
/// finite `z`. Returns `(L, ∂L/∂z)` with `∂L/∂z = σ(z) − y`. `ln(1 + ·)` is the core's
/// [`ln_1p`] (within 3 ulp): `libm::log1pf` and `expf` were 8 % of the main job's time.
#[cfg_attr(feature = "inline-hot", inline(always))]
#[cfg_attr(not(feature = "inline-hot"), inline)]
pub fn bce_with_logits(z: f32, y: f32) -> (f32, f32) {
    // One exponential serves the loss and the sigmoid; the gradient is `sigmoid(z) − y` to
    // the bit (the tests compare), so training does not depend on how the loss is computed.
    let e = exp(-f32::from_bits(z.to_bits() & 0x7fff_ffff));
    let positive_part = if z > 0.0 { z } else { 0.0 };
    let loss = positive_part - z * y + ln_1p(e);
    let sigmoid = if z >= 0.0 { 1.0 } else { e } / (1.0 + e);
    (loss, sigmoid - y)
}

/// Mean squared error `L = (1/N) Σ (p_i − t_i)²`; returns `(L, ∂L/∂p)` with
/// `∂L/∂p_i = 2(p_i − t_i)/N`.
pub fn mse<const N: usize>(prediction: &[f32; N], target: &[f32; N]) -> (f32, [f32; N]) {
    let n = N as f32;
    let mut loss = 0.0;
    let mut grad = [0.0; N];
    for i in 0..N {
        let d = prediction[i] - target[i];
        loss += d * d;
        grad[i] = 2.0 * d / n;
    }
    (loss / n, grad)
}

/// Softmax cross-entropy for `K` classes: `L = −ln softmax(z)_c = logsumexp(z) − z_c`.
///
/// The maximum logit is subtracted before exponentiating, so no `e^z` overflows. Returns
/// `(L, ∂L/∂z)` with `∂L/∂z_k = softmax(z)_k − [k = c]`. `class` must be `< K`.
pub fn softmax_cross_entropy<const K: usize>(logits: &[f32; K], class: usize) -> (f32, [f32; K]) {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut exps = [0.0; K];
    let mut sum = 0.0;
    for (e, &z) in exps.iter_mut().zip(logits) {
        *e = libm::expf(z - max);
        sum += *e;
    }
    let loss = libm::logf(sum) + (max - logits[class]);
    let mut grad = [0.0; K];
    for k in 0..K {
        grad[k] = exps[k] / sum - if k == class { 1.0 } else { 0.0 };
    }
    (loss, grad)
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::f32::consts::LN_2;

    fn near(a: f32, b: f32) -> bool {
        (a - b).abs() <= 1e-6 * (1.0 + b.abs())
    }

    #[test]
    fn bce_at_zero_logit_is_ln_2() {
        for y in [0.0, 0.25, 0.5, 1.0] {
            let (loss, grad) = bce_with_logits(0.0, y);
            assert!(near(loss, LN_2), "BCE(0, {y}) = {loss}");
            assert_eq!(grad, 0.5 - y);
        }
    }

    #[test]
    fn bce_known_values() {
        // ln(1 + e^−2) and ln(1 + e^2).
        assert!(near(bce_with_logits(2.0, 1.0).0, 0.126_928_01));
        assert!(near(bce_with_logits(2.0, 0.0).0, 2.126_928));
        assert!(near(bce_with_logits(-2.0, 0.0).0, 0.126_928_01));
        // Far tails: confident and right costs 0, confident and wrong costs |z|.
        assert_eq!(bce_with_logits(1e30, 1.0), (0.0, 0.0));
        assert_eq!(bce_with_logits(-1e30, 0.0), (0.0, 0.0));
        assert_eq!(bce_with_logits(1e30, 0.0), (1e30, 1.0));
        assert_eq!(bce_with_logits(-1e30, 1.0), (1e30, -1.0));
    }

    #[test]
    fn bce_gradient_is_the_sigmoids_bits_and_the_loss_is_near_f64() {
        let mut z = -90.0f32;
        while z < 90.0 {
            for y in [0.0, 1.0] {
                let (loss, grad) = bce_with_logits(z, y);
                let expected = crate::nn::activation::sigmoid(z) - y;
                assert_eq!(grad.to_bits(), expected.to_bits(), "z = {z}, y = {y}");
                let z64 = f64::from(z);
                let exact = z64.max(0.0) - z64 * f64::from(y) + libm::log1p(libm::exp(-z64.abs()));
                let error = (f64::from(loss) - exact).abs();
                assert!(
                    error <= 4e-7 * exact.max(1e-30),
                    "z = {z}, y = {y}: {loss} vs {exact}"
                );
            }
            z += 0.0137;
        }
        assert!(bce_with_logits(f32::NAN, 1.0).0.is_nan());
        assert!(bce_with_logits(f32::NAN, 0.0).1.is_nan());
    }

    #[test]
    fn softmax_ce_on_equal_logits_is_ln_k() {
        fn check<const K: usize>(value: f32) {
            for class in 0..K {
                let (loss, grad) = softmax_cross_entropy(&[value; K], class);
                assert!(near(loss, libm::logf(K as f32)), "K = {K}: {loss}");
                for (k, &g) in grad.iter().enumerate() {
                    let expected = 1.0 / K as f32 - if k == class { 1.0 } else { 0.0 };
                    assert!(near(g, expected), "K = {K}, k = {k}: {g}");
                }
            }
        }
        for value in [0.0, 7.5, -3.0, 1e30] {
            check::<2>(value);
            check::<3>(value);
            check::<10>(value);
        }
        assert_eq!(softmax_cross_entropy(&[4.0], 0).0, 0.0);
    }

    #[test]
    fn softmax_ce_known_value() {
        // ln(e + e² + e³) − 3.
        let (loss, grad) = softmax_cross_entropy(&[1.0, 2.0, 3.0], 2);
        assert!(near(loss, 0.407_606));
        assert!(near(grad[0], 0.090_030_57));
        assert!(near(grad[1], 0.244_728_48));
        assert!(near(grad[2], 0.665_240_9 - 1.0));
    }

    #[test]
    fn mse_known_value() {
        let (loss, grad) = mse(&[1.0, 2.0, 3.0], &[1.0, 0.0, 0.0]);
        assert!(near(loss, 13.0 / 3.0));
        assert!(near(grad[0], 0.0));
        assert!(near(grad[1], 4.0 / 3.0));
        assert!(near(grad[2], 2.0));
        assert_eq!(mse(&[0.5, -0.5], &[0.5, -0.5]), (0.0, [0.0, 0.0]));
        assert_eq!(mse(&[3.0], &[1.0]), (4.0, [4.0]));
    }
}
