//! The fully connected layer `z = W x + b`.

use crate::kernels::lanes::{blocks, lanes, BLOCKED, LANES};
use crate::kernels::matvec::matvec_chunk;
use crate::kernels::register_blocks;
use crate::kernels::row_sums::{add_in_registers, add_two_rows_in_registers, scaled, MAX_BLOCKS};
use crate::kernels::CHUNK;
use crate::math::rng::Rng;
use crate::nn::params::Params;

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
        let bound = 1.0 / crate::math::sqrt::sqrt(I as f32);
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
        if !BLOCKED {
            // Eight sums at a time in registers on a Cortex-M4F (see `register_blocks`), where
            // the plain loop loads and stores every sum once per term; the same bits.
            let (xs, zs) = (core::slice::from_ref(x), core::slice::from_mut(&mut z));
            register_blocks::matvec_rows(&self.w, &self.b, xs, zs, None, 1);
            return z;
        }
        for (row, &xj) in self.w.iter().zip(x) {
            for (z, &w) in z.iter_mut().zip(row) {
                *z += w * xj;
            }
        }
        z
    }

    /// [`Dense::forward`] of the first `n` of [`CHUNK`] examples at once, written into `z`,
    /// each with exactly the bits of its own call; only the memory traffic changes (see
    /// `core/src/matvec.rs`, which may compute a few rows past `n` too).
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn forward_chunk(&self, xs: &[[f32; I]; CHUNK], z: &mut [[f32; O]; CHUNK], n: usize) {
        matvec_chunk(&self.w, &self.b, xs, z, None, n);
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
    pub fn accumulate_many(&mut self, xs: &[[f32; I]], deltas: &[[f32; O]]) {
        let n = xs.len().min(deltas.len());
        let (xs, deltas) = (&xs[..n], &deltas[..n]);
        if BLOCKED && O >= LANES && blocks(O) <= MAX_BLOCKS {
            self.accumulate_many_by_rows(xs, deltas);
        } else if BLOCKED && I >= LANES && blocks(I) <= MAX_BLOCKS {
            self.accumulate_many_by_columns(xs, deltas);
        } else if !BLOCKED {
            register_blocks::accumulate_rows(&mut self.w, &mut self.b, xs, deltas);
        } else {
            self.add_bias_terms(deltas);
            for (j, grow) in self.w.iter_mut().enumerate() {
                for (x, d) in xs.iter().zip(deltas) {
                    let xj = x[j];
                    for (g, &d) in grow.iter_mut().zip(d) {
                        *g += d * xj;
                    }
                }
            }
        }
    }

    /// `b += δ_k` for each example's `δ_k` in turn, one element at a time.
    #[inline(always)]
    fn add_bias_terms(&mut self, deltas: &[[f32; O]]) {
        for d in deltas {
            for (gb, &d) in self.b.iter_mut().zip(d) {
                *gb += d;
            }
        }
    }

    /// [`Dense::accumulate_many`] of a wide layer (`8 ≤ O ≤ 64`): `b`, then the rows of `W`
    /// ([`Dense::accumulate_many_rows`]).
    #[inline(always)]
    fn accumulate_many_by_rows(&mut self, xs: &[[f32; I]], deltas: &[[f32; O]]) {
        Self::accumulate_many_bias(&mut self.b, deltas);
        Self::accumulate_many_rows(&mut self.w, 0, xs, deltas);
    }

    /// The bias half of [`Dense::accumulate_many`]: `b += δ_k` for `k = 0, 1, …` in turn.
    #[inline(always)]
    pub(crate) fn accumulate_many_bias(b: &mut [f32; O], deltas: &[[f32; O]]) {
        if BLOCKED && O >= LANES && blocks(O) <= MAX_BLOCKS {
            add_in_registers(
                b,
                deltas.len(),
                #[inline(always)]
                |k, s| lanes(&deltas[k], s),
            );
        } else {
            for d in deltas {
                for (gb, &d) in b.iter_mut().zip(d) {
                    *gb += d;
                }
            }
        }
    }

    /// The weight rows `first, first + 1, …` of [`Dense::accumulate_many`] alone, given as
    /// `rows` (`rows[0]` is `w[first]`): `rows[i][r] += δ_k,r·x_k,first+i` for `k = 0, 1, …`
    /// in turn, the bits of the whole layer's call. Two workers can take disjoint rows of one
    /// gradient. In a wide layer the rows go two at a time, kept in registers while the
    /// examples' terms are added, sharing every load of a block of `δ`.
    #[inline(always)]
    pub(crate) fn accumulate_many_rows(
        rows: &mut [[f32; O]],
        first: usize,
        xs: &[[f32; I]],
        deltas: &[[f32; O]],
    ) {
        let n = xs.len().min(deltas.len());
        let (xs, deltas) = (&xs[..n], &deltas[..n]);
        if !(BLOCKED && O >= LANES && blocks(O) <= MAX_BLOCKS) {
            for (i, grow) in rows.iter_mut().enumerate() {
                for (x, d) in xs.iter().zip(deltas) {
                    let xj = x[first + i];
                    for (g, &d) in grow.iter_mut().zip(d) {
                        *g += d * xj;
                    }
                }
            }
            return;
        }
        let last_j = (first + rows.len()).saturating_sub(1);
        let mut pairs = rows.chunks_exact_mut(2);
        for (p, pair) in (&mut pairs).enumerate() {
            let j = first + 2 * p;
            add_two_rows_in_registers(
                pair,
                n,
                #[inline(always)]
                |k| [xs[k][j], xs[k][j + 1]],
                #[inline(always)]
                |k, s| lanes(&deltas[k], s),
            );
        }
        if let [last] = pairs.into_remainder() {
            add_in_registers(
                last,
                n,
                #[inline(always)]
                |k, s| scaled(lanes(&deltas[k], s), xs[k][last_j]),
            );
        }
    }

    /// [`Dense::accumulate_many`] of a narrow layer with wide input (such as 50 → 1): each
    /// column of `W` is gathered, kept in registers while the terms are added, and scattered
    /// back. (`b` has too few elements to matter.)
    #[inline(always)]
    fn accumulate_many_by_columns(&mut self, xs: &[[f32; I]], deltas: &[[f32; O]]) {
        self.add_bias_terms(deltas);
        for r in 0..O {
            let mut column = [0.0f32; I];
            for (c, row) in column.iter_mut().zip(&self.w) {
                *c = row[r];
            }
            add_in_registers(
                &mut column,
                deltas.len(),
                #[inline(always)]
                |k, s| scaled(lanes(&xs[k], s), deltas[k][r]),
            );
            for (row, c) in self.w.iter_mut().zip(column) {
                row[r] = c;
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
    /// outputs, so they vectorise (see `core/src/matvec.rs`). The gradients of the first `n`
    /// examples are written into `dx`.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn input_gradient_chunk(
        wt: &[[f32; I]; O],
        deltas: &[[f32; O]; CHUNK],
        dx: &mut [[f32; I]; CHUNK],
        n: usize,
    ) {
        matvec_chunk(wt, &[0.0; I], deltas, dx, None, n);
    }

    /// The pre-activation gradients of the layer below, `δ_below = (Wᵀ·δ) ⊙ f'(z_below)` for
    /// the first `n` of [`CHUNK`] examples: [`Dense::input_gradient_chunk`] with each result multiplied by its
    /// slope as it is stored, the bits of the two steps one after the other.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub(crate) fn deltas_below_chunk(
        wt: &[[f32; I]; O],
        deltas: &[[f32; O]; CHUNK],
        slopes_below: &[[f32; I]; CHUNK],
        deltas_below: &mut [[f32; I]; CHUNK],
        n: usize,
    ) {
        matvec_chunk(wt, &[0.0; I], deltas, deltas_below, Some(slopes_below), n);
    }
}

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
