//! The fully connected layer `z = W x + b`.

use crate::lanes::{block_start, blocks, lanes, BLOCKED, LANES};
use crate::matvec::matvec_chunk;
use crate::{Params, Rng, CHUNK};

/// A dense layer from `I` inputs to `O` outputs: `z_r = Σ_j W(r, j)·x_j + b_r`.
///
/// # Generics
/// - `I`: inputs.
/// - `O`: outputs (units).
///
/// The weights are stored input-major (`w[j][r]` is `W(r, j)`) so that every inner loop runs
/// over independent output units. The compiler can vectorise it, and each `z_r` is still summed
/// in one fixed order, `((b_r + W(r,0)x_0) + W(r,1)x_1) + …`, on every target.
///
/// The gradient of a layer is another `Dense<I, O>`.
#[derive(Clone, Debug, PartialEq)]
pub struct Dense<const I: usize, const O: usize> {
    /// `w[j][r]` is the weight from input `j` to unit `r`.
    pub w: [[f32; O]; I],
    /// `b[r]` is the bias of unit `r`.
    pub b: [f32; O],
}

impl<const I: usize, const O: usize> Dense<I, O> {
    /// A layer with every weight and bias 0.
    pub const fn zeros() -> Self {
        Dense {
            w: [[0.0; O]; I],
            b: [0.0; O],
        }
    }

    /// PyTorch's default initialisation: every weight and bias uniform in `±1/√I`.
    pub fn init(rng: &mut Rng) -> Self {
        let mut layer = Self::zeros();
        layer.init_in_place(rng);
        layer
    }

    /// [`Dense::init`] without building a second layer on the stack.
    pub fn init_in_place(&mut self, rng: &mut Rng) {
        let bound = 1.0 / crate::sqrt::sqrt(I as f32);
        for r in 0..O {
            for j in 0..I {
                self.w[j][r] = rng.uniform_in(-bound, bound);
            }
        }
        for b in &mut self.b {
            *b = rng.uniform_in(-bound, bound);
        }
    }

    /// `W(r, j)`: the weight from input `j` to unit `r`.
    pub fn weight(&self, r: usize, j: usize) -> f32 {
        self.w[j][r]
    }

    /// `z = W x + b`.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn forward(&self, x: &[f32; I]) -> [f32; O] {
        let mut z = self.b;
        for (row, &xj) in self.w.iter().zip(x) {
            for (z, &w) in z.iter_mut().zip(row) {
                *z += w * xj;
            }
        }
        z
    }

    /// [`Dense::forward`] of [`CHUNK`] examples at once, each with exactly the bits of its own
    /// call; only the memory traffic changes (see `core/src/matvec.rs`).
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn forward_chunk(&self, xs: &[&[f32; I]; CHUNK]) -> [[f32; O]; CHUNK] {
        matvec_chunk(&self.w, &self.b, xs)
    }

    /// Backward pass for one example with input `x` and `delta = ∂L/∂z`.
    ///
    /// Accumulates `∂L/∂W(r,j) += δ_r·x_j` (the outer product of δ and x) and `∂L/∂b_r += δ_r`
    /// into `grads`, and returns `∂L/∂x_j = Σ_r W(r,j)·δ_r`.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn backward(&self, x: &[f32; I], delta: &[f32; O], grads: &mut Self) -> [f32; I] {
        self.accumulate(x, delta, grads);
        self.input_gradient(delta)
    }

    /// The parameter half of [`Dense::backward`], for a first layer whose input gradient
    /// nobody needs.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn accumulate(&self, x: &[f32; I], delta: &[f32; O], grads: &mut Self) {
        for (gb, &d) in grads.b.iter_mut().zip(delta) {
            *gb += d;
        }
        for (grow, &xj) in grads.w.iter_mut().zip(x) {
            for (g, &d) in grow.iter_mut().zip(delta) {
                *g += d * xj;
            }
        }
    }

    /// Treats `self` as a gradient and adds the terms of several examples, in order:
    /// `b_r += δ_k,r` and `W(r,j) += δ_k,r·x_k,j` for `k = 0, 1, …` — the same sums, in the
    /// same order, as one [`Dense::accumulate`] per example.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn accumulate_many(&mut self, xs: &[&[f32; I]], deltas: &[[f32; O]]) {
        for d in deltas {
            for (gb, &d) in self.b.iter_mut().zip(d) {
                *gb += d;
            }
        }
        if BLOCKED && O >= LANES && blocks(O) <= MAX_BLOCKS {
            self.accumulate_many_in_registers(xs, deltas);
            return;
        }
        for (j, grow) in self.w.iter_mut().enumerate() {
            for (x, d) in xs.iter().zip(deltas) {
                let xj = x[j];
                for (g, &d) in grow.iter_mut().zip(d) {
                    *g += d * xj;
                }
            }
        }
    }

    /// [`Dense::accumulate_many`] for `8 ≤ O ≤ 64`: a row of the gradient stays in registers,
    /// as whole 8-wide blocks (the last one overlapping its neighbour), while the examples'
    /// terms are added. Every block is loaded before any is stored, so an overlapped element
    /// gets the same sum in both of its blocks and is stored twice with the same bits.
    #[inline(always)]
    fn accumulate_many_in_registers(&mut self, xs: &[&[f32; I]], deltas: &[[f32; O]]) {
        let n_blocks = blocks(O);
        for (j, grow) in self.w.iter_mut().enumerate() {
            let mut acc = [[0.0f32; LANES]; MAX_BLOCKS];
            for (b, acc) in acc.iter_mut().enumerate().take(n_blocks) {
                *acc = lanes(grow, block_start(b, O));
            }
            for (x, d) in xs.iter().zip(deltas) {
                let xj = x[j];
                for (b, acc) in acc.iter_mut().enumerate().take(n_blocks) {
                    let d = lanes(d, block_start(b, O));
                    for (g, &d) in acc.iter_mut().zip(&d) {
                        *g += d * xj;
                    }
                }
            }
            for (b, acc) in acc.iter().enumerate().take(n_blocks) {
                let start = block_start(b, O);
                grow[start..start + LANES].copy_from_slice(acc);
            }
        }
    }

    /// `∂L/∂x_j = Σ_r W(r,j)·δ_r`, each sum taken in increasing `r` from 0:
    /// `((0 + W(0,j)δ_0) + W(1,j)δ_1) + …`, on every target.
    ///
    /// This reference version reads the weights with a stride; training uses
    /// [`Dense::input_gradient_chunk`], which gives the same bits.
    pub fn input_gradient(&self, delta: &[f32; O]) -> [f32; I] {
        let mut dx = [0.0; I];
        for (r, &d) in delta.iter().enumerate() {
            for (dx, row) in dx.iter_mut().zip(&self.w) {
                *dx += row[r] * d;
            }
        }
        dx
    }

    /// `W` stored output-major (`wt[r][j]` is `W(r, j)`), for [`Dense::input_gradient_chunk`].
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn transposed(&self) -> [[f32; I]; O] {
        let mut wt = [[0.0; I]; O];
        for (j, row) in self.w.iter().enumerate() {
            for (wt, &w) in wt.iter_mut().zip(row) {
                wt[j] = w;
            }
        }
        wt
    }

    /// [`Dense::input_gradient`] of [`CHUNK`] examples at once from the output-major weights
    /// `wt` ([`Dense::transposed`]), bit for bit: the same sums in the same order, but the
    /// inner loops run over independent inputs, as the forward pass's run over independent
    /// outputs, so they vectorise (see `core/src/matvec.rs`).
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn input_gradient_chunk(
        wt: &[[f32; I]; O],
        deltas: &[&[f32; O]; CHUNK],
    ) -> [[f32; I]; CHUNK] {
        matvec_chunk(wt, &[0.0; I], deltas)
    }
}

/// The widest layer whose gradient rows [`Dense::accumulate_many`] keeps in registers.
const MAX_BLOCKS: usize = 8;

impl<const I: usize, const O: usize> Params for Dense<I, O> {
    const TENSORS: usize = 2;
    const ZERO: Self = Dense::zeros();

    fn tensor(&self, k: usize) -> &[f32] {
        match k {
            0 => self.w.as_flattened(),
            _ => &self.b,
        }
    }

    fn tensor_mut(&mut self, k: usize) -> &mut [f32] {
        match k {
            0 => self.w.as_flattened_mut(),
            _ => &mut self.b,
        }
    }
}
