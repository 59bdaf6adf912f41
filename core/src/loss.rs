//! Loss functions, each returning the loss and its gradient with respect to the prediction.

/// Binary cross-entropy on a logit `z` with target `y ∈ [0, 1]`:
/// `L = −y·ln σ(z) − (1−y)·ln(1−σ(z)) = max(z, 0) − z·y + ln(1 + e^(−|z|))`.
///
/// The right-hand form never exponentiates a positive number, so it is finite for every
/// finite `z`. Returns `(L, ∂L/∂z)` with `∂L/∂z = σ(z) − y`.
#[inline]
pub fn bce_with_logits(z: f32, y: f32) -> (f32, f32) {
    let positive_part = if z > 0.0 { z } else { 0.0 };
    let loss = positive_part - z * y + libm::log1pf(libm::expf(-libm::fabsf(z)));
    (loss, crate::sigmoid(z) - y)
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
    let loss = libm::logf(sum) + max - logits[class];
    let mut grad = [0.0; K];
    for k in 0..K {
        grad[k] = exps[k] / sum - if k == class { 1.0 } else { 0.0 };
    }
    (loss, grad)
}
