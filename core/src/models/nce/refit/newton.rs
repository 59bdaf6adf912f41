//! The refit's Newton step: the bias eliminated, then a Cholesky factorisation of the
//! weights' Hessian.

// Matrix code: `a[i][j]` with the loop's own `i` and `j` reads as the formula does.
#![allow(clippy::needless_range_loop)]

use super::{OutputLayer, Quadratic};
use crate::math::sqrt::sqrt;

/// Added to the diagonal, relative to its mean, so that the factorisation survives features
/// that are nearly collinear; raised tenfold while it fails.
const DAMPING: f32 = 1e-6;

/// The Newton step `−(∇²L + λI_w)⁻¹ ∇L` at `q` and its decrement `−∇L·step`, or `None` if
/// the damped Hessian cannot be factored. The bias is eliminated first (its diagonal entry,
/// the summed curvature, is positive), leaving an `H × H` Cholesky factorisation, written into
/// the lower triangle of `q.hess_ww` that the sums leave unused (no second matrix on a
/// device's stack).
pub(super) fn newton_step<const H: usize>(
    q: &mut Quadratic<H>,
    ridge: f32,
) -> Option<(OutputLayer<H>, f32)> {
    let bb = q.hess_bb;
    if bb.is_nan() || bb <= 0.0 {
        return None;
    }
    let mut mean_diagonal = 0.0f32;
    for i in 0..H {
        mean_diagonal += q.hess_ww[i][i] + ridge;
    }
    mean_diagonal /= H as f32;
    let mut damping = DAMPING * mean_diagonal;
    let mut diagonal = [0.0f32; H];
    for _ in 0..6 {
        if cholesky(q, ridge + damping, &mut diagonal) {
            let r: [f32; H] = core::array::from_fn(|i| q.grad_w[i] - q.hess_wb[i] * q.grad_b / bb);
            let step_w = solve(&q.hess_ww, &diagonal, r);
            let mut wb = 0.0f32;
            for i in 0..H {
                wb += q.hess_wb[i] * step_w[i];
            }
            let step_b = -(q.grad_b + wb) / bb;
            let mut decrement = -q.grad_b * step_b;
            for i in 0..H {
                decrement -= q.grad_w[i] * step_w[i];
            }
            return Some((
                OutputLayer {
                    w: step_w,
                    b: step_b,
                },
                decrement,
            ));
        }
        damping *= 10.0;
    }
    None
}

/// `S(i, j)` for `i ≤ j`: the Hessian of the weights with the bias eliminated,
/// `A_ww − a_wb·a_wbᵀ / a_bb`, read from the upper triangle, plus `shift` on the diagonal.
#[inline(always)]
fn schur<const H: usize>(q: &Quadratic<H>, i: usize, j: usize, shift: f32) -> f32 {
    let v = q.hess_ww[i][j] - q.hess_wb[i] * q.hess_wb[j] / q.hess_bb;
    if i == j {
        v + shift
    } else {
        v
    }
}

/// Factors `S + shift·I = L·Lᵀ` ([`schur`]): `L`'s strict lower triangle into that of
/// `q.hess_ww`, its diagonal into `diagonal`; false if a pivot is not positive.
fn cholesky<const H: usize>(q: &mut Quadratic<H>, shift: f32, diagonal: &mut [f32; H]) -> bool {
    for j in 0..H {
        let mut pivot = schur(q, j, j, shift);
        for k in 0..j {
            pivot -= q.hess_ww[j][k] * q.hess_ww[j][k];
        }
        if pivot.is_nan() || pivot <= 0.0 {
            return false;
        }
        let d = sqrt(pivot);
        diagonal[j] = d;
        for i in j + 1..H {
            let mut v = schur(q, j, i, shift);
            for k in 0..j {
                v -= q.hess_ww[i][k] * q.hess_ww[j][k];
            }
            q.hess_ww[i][j] = v / d;
        }
    }
    true
}

/// `−(L·Lᵀ)⁻¹ r` for `L` with strict lower triangle in `l` and diagonal `diagonal`.
fn solve<const H: usize>(l: &[[f32; H]; H], diagonal: &[f32; H], r: [f32; H]) -> [f32; H] {
    let mut y = r;
    for i in 0..H {
        for k in 0..i {
            y[i] -= l[i][k] * y[k];
        }
        y[i] /= diagonal[i];
    }
    for i in (0..H).rev() {
        for k in i + 1..H {
            y[i] -= l[k][i] * y[k];
        }
        y[i] /= diagonal[i];
    }
    y.map(|v| -v)
}
