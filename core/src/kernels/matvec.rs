//! `z = init + Σ_j x_j · rows[j]` for a chunk of examples at once, with the bits of one
//! example at a time.
//!
//! A layer's forward pass (`rows` = its input-major weights, `init` = its biases) and its
//! input gradient (`rows` = its transposed weights, `init` = 0) are both this product. Each
//! output is one sum, taken as `((init + x_0·rows[0]) + x_1·rows[1]) + …` whatever the target,
//! so chunking changes how memory is read, never a result.
//!
//! The kernels build their small arrays with plain loops, never `array::map` or `from_fn`: in
//! a whole training job inlined into one function, LLVM left those closures out of line,
//! compiled without AVX2, and spilled every accumulator around each call.

use crate::kernels::delta::delta;
use crate::kernels::lanes::{block_start, blocks, blocks_at, lanes, BLOCKED, LANES};
use crate::kernels::register_blocks;
use crate::kernels::CHUNK;

/// Examples per pass over the rows in the wide kernel.
const EXAMPLES: usize = 4;

/// How many rows of a chunk of `n` examples the products compute: on targets with vector
/// units, `n` rounded up to the four examples a wide pass takes at once (the extra rows are
/// computed on whatever they hold, and never read); elsewhere exactly `n`.
#[inline(always)]
pub(crate) fn rows_computed(n: usize) -> usize {
    if BLOCKED {
        n.next_multiple_of(EXAMPLES).min(CHUNK)
    } else {
        n.min(CHUNK)
    }
}

/// `z[k] = init + Σ_j xs[k][j] · rows[j]` for the first `n` of the [`CHUNK`] examples `xs`
/// (and for whatever the rows up to [`rows_computed`]`(n)` hold; a narrow product, whose
/// examples share vector lanes, does every row), written into `z`
/// (returning the array by value cost a copy of it, as much as a narrow layer's arithmetic),
/// and multiplied elementwise by `slopes[k]` if given: backprop's `δ = (Wᵀδ') ⊙ f'(z)` done
/// as each block is stored, instead of in a second pass over `z`, with deltas too small to
/// matter set to 0 ([`delta`]).
///
/// A wide product (`O ≥ 8`) keeps one or two 8-wide blocks of four examples' sums in
/// registers while `j` runs, so each block of a row is loaded once for four examples. A narrow
/// one, whose few sums would each be a long chain of dependent additions, runs the chains of
/// all its outputs and examples side by side instead.
#[cfg_attr(feature = "inline-hot", inline(always))]
#[cfg_attr(not(feature = "inline-hot"), inline)]
pub(crate) fn matvec_chunk<const I: usize, const O: usize>(
    rows: &[[f32; O]; I],
    init: &[f32; O],
    xs: &[[f32; I]; CHUNK],
    z: &mut [[f32; O]; CHUNK],
    slopes: Option<&[[f32; O]; CHUNK]>,
    n: usize,
) {
    let rows_needed = rows_computed(n);
    if !BLOCKED {
        // Sums of eight units at a time in registers (see `register_blocks`).
        register_blocks::matvec_rows(rows, init, xs, z, slopes.map(|s| &s[..]), rows_needed);
    } else if O >= LANES {
        let n_blocks = blocks(O);
        let mut b = 0;
        while b + 1 < n_blocks {
            wide_pass::<I, O, 2>(
                rows,
                init,
                xs,
                [block_start(b, O), block_start(b + 1, O)],
                z,
                slopes,
                rows_needed,
            );
            b += 2;
        }
        if b < n_blocks {
            wide_pass::<I, O, 1>(rows, init, xs, [block_start(b, O)], z, slopes, rows_needed);
        }
    } else {
        // All outputs' chains side by side, each input gathered across the examples once.
        let mut acc = [[0.0f32; CHUNK]; O];
        for (acc, &b) in acc.iter_mut().zip(init) {
            *acc = [b; CHUNK];
        }
        for (j, row) in rows.iter().enumerate() {
            let mut xj = [0.0f32; CHUNK];
            for (xj, x) in xj.iter_mut().zip(xs) {
                *xj = x[j];
            }
            for (acc, &w) in acc.iter_mut().zip(row) {
                for (a, &x) in acc.iter_mut().zip(&xj) {
                    *a += x * w;
                }
            }
        }
        for (r, acc) in acc.iter().enumerate() {
            for (k, (z, &acc)) in z.iter_mut().zip(acc).enumerate() {
                z[r] = match slopes {
                    Some(slopes) => delta(acc, slopes[k][r]),
                    None => acc,
                };
            }
        }
    }
}

/// The outputs in the `B` blocks starting at `starts`, for the first `rows_needed` examples
/// (a multiple of four), four at a time.
/// (An overlapped block is stored twice with the same values: each store reads `slopes`, never
/// `z`.)
#[inline(always)]
fn wide_pass<const I: usize, const O: usize, const B: usize>(
    rows: &[[f32; O]; I],
    init: &[f32; O],
    xs: &[[f32; I]; CHUNK],
    starts: [usize; B],
    z: &mut [[f32; O]; CHUNK],
    slopes: Option<&[[f32; O]; CHUNK]>,
    rows_needed: usize,
) {
    for first in (0..CHUNK).step_by(EXAMPLES) {
        if first >= rows_needed {
            break;
        }
        let mut acc = [blocks_at(init, &starts); EXAMPLES];
        let [x0, x1, x2, x3] = [&xs[first], &xs[first + 1], &xs[first + 2], &xs[first + 3]];
        for (j, row) in rows.iter().enumerate() {
            let w = blocks_at(row, &starts);
            // One call per example, not a loop over them: LLVM vectorised such a loop across
            // the four examples, with their sums gathered from and scattered to memory.
            let [a0, a1, a2, a3] = &mut acc;
            add_scaled(a0, x0[j], &w);
            add_scaled(a1, x1[j], &w);
            add_scaled(a2, x2[j], &w);
            add_scaled(a3, x3[j], &w);
        }
        for (k, acc) in (first..first + EXAMPLES).zip(&acc) {
            for (acc, &s) in acc.iter().zip(&starts) {
                let mut block = *acc;
                if let Some(slopes) = slopes {
                    for (b, f) in block.iter_mut().zip(lanes(&slopes[k], s)) {
                        *b = delta(*b, f);
                    }
                }
                z[k][s..s + LANES].copy_from_slice(&block);
            }
        }
    }
}

/// `acc += x · w`, block by block: one example's step of a wide pass.
#[inline(always)]
fn add_scaled<const B: usize>(acc: &mut [[f32; LANES]; B], x: f32, w: &[[f32; LANES]; B]) {
    for (acc, w) in acc.iter_mut().zip(w) {
        for (a, &w) in acc.iter_mut().zip(w) {
            *a += x * w;
        }
    }
}
