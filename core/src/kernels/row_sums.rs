//! Rows of sums kept in registers while many terms are added to them, in order: the
//! weight-gradient half of backprop over a chunk of examples (`Dense::accumulate_many`).
//!
//! Adding one example's terms to a 50-wide gradient row in memory loads and stores the row
//! once per example; these keep it in 8-wide blocks in registers for the whole chunk instead.
//! Each element still takes its terms one at a time in order, so the bits are those of one
//! example at a time.

use crate::kernels::lanes::{block_start, blocks, lanes, LANES};

/// The widest row (in blocks) these sums keep in registers.
pub(crate) const MAX_BLOCKS: usize = 8;

/// `row += term(k)` for `k = 0, 1, …, count − 1` in turn, where `term(k, s)` gives the 8
/// elements of the `k`th term from `s`, for `8 ≤ N ≤ 64`: `row` stays in registers, as whole
/// 8-wide blocks (the last one overlapping its neighbour), while the terms are added. Every
/// block is loaded before any is stored, so an overlapped element gets the same sum in both of
/// its blocks and is stored twice with the same bits. (The plain loop loads and stores every
/// element once per term.)
#[inline(always)]
pub(crate) fn add_in_registers<const N: usize>(
    row: &mut [f32; N],
    count: usize,
    term: impl Fn(usize, usize) -> [f32; LANES],
) {
    let n_blocks = blocks(N);
    let mut acc = [[0.0f32; LANES]; MAX_BLOCKS];
    for (b, acc) in acc.iter_mut().enumerate().take(n_blocks) {
        *acc = lanes(row, block_start(b, N));
    }
    for k in 0..count {
        for (b, acc) in acc.iter_mut().enumerate().take(n_blocks) {
            let t = term(k, block_start(b, N));
            for (g, &t) in acc.iter_mut().zip(&t) {
                *g += t;
            }
        }
    }
    for (b, acc) in acc.iter().enumerate().take(n_blocks) {
        let start = block_start(b, N);
        row[start..start + LANES].copy_from_slice(acc);
    }
}

/// How many blocks of two rows [`add_two_rows_in_registers`] keeps in registers at once.
const GROUP: usize = 4;

/// `rows[h] += δ_k · x_k[h]` for `k = 0, 1, …, count − 1` in turn and `h = 0, 1`, where
/// `delta(k, s)` gives 8 elements of `δ_k` from `s` and `x(k)` the two scalars: the sums of
/// [`add_in_registers`] on each row, but every block of `δ_k` is loaded once for both rows.
///
/// The blocks go in groups of at most [`GROUP`] (two rows × four blocks fill half the vector
/// registers). A group is stored before the next is loaded, so a block and the block that
/// overlaps it must share a group: the last group always holds the last two blocks.
#[inline(always)]
pub(crate) fn add_two_rows_in_registers<const N: usize>(
    rows: &mut [[f32; N]],
    count: usize,
    x: impl Fn(usize) -> [f32; 2],
    delta: impl Fn(usize, usize) -> [f32; LANES],
) {
    let n_blocks = blocks(N);
    let mut first = 0;
    while first < n_blocks {
        let left = n_blocks - first;
        // Never leave a last group of one block (it would overlap the group before).
        let group = match left {
            l if l <= GROUP => l,
            l if l == GROUP + 1 => GROUP - 1,
            _ => GROUP,
        };
        match group {
            4 => two_rows_group::<N, 4>(rows, first, count, &x, &delta),
            3 => two_rows_group::<N, 3>(rows, first, count, &x, &delta),
            2 => two_rows_group::<N, 2>(rows, first, count, &x, &delta),
            _ => two_rows_group::<N, 1>(rows, first, count, &x, &delta),
        }
        first += group;
    }
}

/// One group of [`add_two_rows_in_registers`]: the `G` blocks from block `first`.
#[inline(always)]
fn two_rows_group<const N: usize, const G: usize>(
    rows: &mut [[f32; N]],
    first: usize,
    count: usize,
    x: &impl Fn(usize) -> [f32; 2],
    delta: &impl Fn(usize, usize) -> [f32; LANES],
) {
    let mut acc = [[[0.0f32; LANES]; G]; 2];
    for (acc, row) in acc.iter_mut().zip(rows.iter()) {
        for (g, acc) in acc.iter_mut().enumerate() {
            *acc = lanes(row, block_start(first + g, N));
        }
    }
    for k in 0..count {
        let x = x(k);
        for g in 0..G {
            let d = delta(k, block_start(first + g, N));
            for (acc, &x) in acc.iter_mut().zip(&x) {
                for (a, &d) in acc[g].iter_mut().zip(&d) {
                    *a += d * x;
                }
            }
        }
    }
    for (acc, row) in acc.iter().zip(rows.iter_mut()) {
        for (g, acc) in acc.iter().enumerate() {
            let start = block_start(first + g, N);
            row[start..start + LANES].copy_from_slice(acc);
        }
    }
}

/// `v · c`, lane by lane (the product `δ·x` of a gradient term, in either order).
#[inline(always)]
pub(crate) fn scaled(mut v: [f32; LANES], c: f32) -> [f32; LANES] {
    for v in &mut v {
        *v *= c;
    }
    v
}
