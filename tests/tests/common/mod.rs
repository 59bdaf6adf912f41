//! Helpers shared by the property tests: proptest configuration, independent `f64` reference
//! implementations of the activations, layers and networks, and tolerance checks.
//!
//! Every reference here is written from the mathematical definitions, not from the crate's
//! code, so a bug in the crate cannot hide in its own reference.
#![allow(dead_code)]

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};
use tinygen::{Activation, Dense, Mlp1, Mlp2, Params};

/// A proptest configuration with `cases` cases that persists failures to `file` (relative to
/// the `tests/` package root, i.e. `tests/proptest-regressions/<concept>.txt`).
pub fn config(cases: u32, file: &'static str) -> Config {
    Config {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(file))),
        ..Config::default()
    }
}

/// `|actual − expected| ≤ atol + rtol·|expected|`.
pub fn close(actual: f64, expected: f64, rtol: f64, atol: f64) -> bool {
    (actual - expected).abs() <= atol + rtol * expected.abs()
}

/// `f(z)` for activation `f`, evaluated in `f64` from its definition.
pub fn act64(f: Activation, z: f64) -> f64 {
    match f {
        Activation::Identity => z,
        Activation::Sigmoid => 1.0 / (1.0 + (-z).exp()),
        Activation::Tanh => z.tanh(),
        Activation::Relu => {
            if z > 0.0 {
                z
            } else {
                0.0
            }
        }
        Activation::Elu { alpha } => {
            if z > 0.0 {
                z
            } else {
                f64::from(alpha) * z.exp_m1()
            }
        }
    }
}

/// True for the activations with a kink at 0 (finite differences must keep away from it).
pub fn has_kink(f: Activation) -> bool {
    matches!(f, Activation::Relu | Activation::Elu { .. })
}

/// One layer in `f64`: `w[j][r]` is the weight from input `j` to unit `r` (the crate's layout).
#[derive(Clone, Debug)]
pub struct Layer64 {
    pub w: Vec<Vec<f64>>,
    pub b: Vec<f64>,
    pub act: Activation,
}

impl Layer64 {
    pub fn from_dense<const I: usize, const O: usize>(d: &Dense<I, O>, act: Activation) -> Self {
        Layer64 {
            w: d.w
                .iter()
                .map(|row| row.iter().map(|&v| f64::from(v)).collect())
                .collect(),
            b: d.b.iter().map(|&v| f64::from(v)).collect(),
            act,
        }
    }

    /// Pre-activations `z_r = b_r + Σ_j W(r,j)·x_j`.
    pub fn pre(&self, x: &[f64]) -> Vec<f64> {
        assert_eq!(x.len(), self.w.len());
        (0..self.b.len())
            .map(|r| {
                self.b[r]
                    + x.iter()
                        .zip(&self.w)
                        .map(|(xj, row)| xj * row[r])
                        .sum::<f64>()
            })
            .collect()
    }
}

/// A feed-forward network in `f64`, parameters flattened in the crate's `Params` order
/// (per layer: `w` input-major, then `b`).
#[derive(Clone, Debug)]
pub struct Net64 {
    pub layers: Vec<Layer64>,
}

impl Net64 {
    pub fn from_mlp1<const I: usize, const H: usize, const O: usize>(m: &Mlp1<I, H, O>) -> Self {
        Net64 {
            layers: vec![
                Layer64::from_dense(&m.hidden, m.activations[0]),
                Layer64::from_dense(&m.output, m.activations[1]),
            ],
        }
    }

    pub fn from_mlp2<const I: usize, const H1: usize, const H2: usize, const O: usize>(
        m: &Mlp2<I, H1, H2, O>,
    ) -> Self {
        Net64 {
            layers: vec![
                Layer64::from_dense(&m.hidden1, m.activations[0]),
                Layer64::from_dense(&m.hidden2, m.activations[1]),
                Layer64::from_dense(&m.output, m.activations[2]),
            ],
        }
    }

    /// The output, and the smallest `|z|` over all units whose activation has a kink.
    pub fn forward(&self, x: &[f64]) -> (Vec<f64>, f64) {
        let mut a = x.to_vec();
        let mut kink = f64::INFINITY;
        for l in &self.layers {
            let z = l.pre(&a);
            if has_kink(l.act) {
                kink = z.iter().fold(kink, |m, z| m.min(z.abs()));
            }
            a = z.iter().map(|&z| act64(l.act, z)).collect();
        }
        (a, kink)
    }

    pub fn n_params(&self) -> usize {
        self.layers
            .iter()
            .map(|l| l.w.len() * l.b.len() + l.b.len())
            .sum()
    }

    /// Parameter `k` in the flattened `Params` order.
    pub fn param_mut(&mut self, mut k: usize) -> &mut f64 {
        for l in &mut self.layers {
            let (i, o) = (l.w.len(), l.b.len());
            if k < i * o {
                return &mut l.w[k / o][k % o];
            }
            k -= i * o;
            if k < o {
                return &mut l.b[k];
            }
            k -= o;
        }
        panic!("parameter index out of range")
    }
}

/// All elements of all tensors of `p`, in order.
pub fn flat<P: Params>(p: &P) -> Vec<f32> {
    (0..P::TENSORS).flat_map(|k| p.tensor(k).to_vec()).collect()
}

/// `f64` binary cross-entropy on a logit.
pub fn bce64(z: f64, y: f64) -> f64 {
    z.max(0.0) - z * y + (-z.abs()).exp().ln_1p()
}

/// `f64` mean squared error.
pub fn mse64(p: &[f64], t: &[f64]) -> f64 {
    p.iter().zip(t).map(|(p, t)| (p - t) * (p - t)).sum::<f64>() / p.len() as f64
}

/// Central difference `(f(x+h) − f(x−h)) / 2h`.
pub fn central<F: Fn(f64) -> f64>(f: F, x: f64, h: f64) -> f64 {
    (f(x + h) - f(x - h)) / (2.0 * h)
}

/// Uniform `f32` in `[lo, hi]` on a grid of 2²⁴ + 1 points, shrinking towards `lo`.
///
/// Used instead of proptest's own `lo..hi` float ranges: in proptest 1.12 their sampler can
/// trip its internal `debug_assert!(self.low - result < initial.step)` on rare draws (about
/// one in 10⁷ for `1e-3..2.0`), which would make these tests flaky.
pub fn float(lo: f32, hi: f32) -> impl Strategy<Value = f32> + Clone {
    let (lo, hi) = (f64::from(lo), f64::from(hi));
    (0u32..=1 << 24).prop_map(move |i| (lo + (hi - lo) * (f64::from(i) / 16_777_216.0)) as f32)
}
