//! The products and gradient sums for targets without vector units (a Cortex-M4F), in blocks
//! of sums held in floating-point registers.
//!
//! The plain loops load and store every sum once per term: about five instructions per
//! multiply-add on an in-order core. Here eight sums of adjacent units stay in registers while
//! the terms are added, so a term costs its weight's load and one multiply-add (LLVM emits
//! `vldr` + `vmla`/`vmul`+`vadd`, which round twice like `a * b + c`, never `vfma`). Each sum
//! still takes its terms in the same order, so the bits are those of the plain loops.

use crate::kernels::delta::delta;
use crate::kernels::lanes::lanes;

/// Sums per register block: with the terms' operands, a block fits the M4F's 32
/// single-precision registers.
const UNITS: usize = 8;

/// Eight sums as eight scalars. The firmware is built for size (`opt-level = "s"`), where
/// LLVM does not unroll a loop over an `[f32; 8]`: the array then lives on the stack and every
/// term is a load, a multiply-add and a store. Written out, the sums stay in registers.
#[derive(Clone, Copy)]
struct Block([f32; UNITS]);

impl Block {
    #[inline(always)]
    fn load(s: &[f32], start: usize) -> Self {
        Block(lanes(s, start))
    }

    /// `self[u] += w[u] · x` for each of the eight, written out (see the type's doc).
    #[inline(always)]
    fn add_scaled(&mut self, w: &[f32], x: f32) {
        let [a0, a1, a2, a3, a4, a5, a6, a7] = &mut self.0;
        if let [w0, w1, w2, w3, w4, w5, w6, w7, ..] = *w {
            *a0 += x * w0;
            *a1 += x * w1;
            *a2 += x * w2;
            *a3 += x * w3;
            *a4 += x * w4;
            *a5 += x * w5;
            *a6 += x * w6;
            *a7 += x * w7;
        }
    }

    /// `blocks[e][u] += w[u] · x[e]` for the three blocks, a weight at a time: each weight is
    /// loaded once for three sums, and only one or two of them are live at once, so the 24
    /// sums, the 3 inputs and the weight fit the 32 registers.
    #[inline(always)]
    fn add_scaled_3(blocks: &mut [Block; 3], w: &[f32], [x0, x1, x2]: [f32; 3]) {
        let [Block(b0), Block(b1), Block(b2)] = blocks;
        if let [w0, w1, w2, w3, w4, w5, w6, w7, ..] = *w {
            macro_rules! unit {
                ($u:literal, $w:ident) => {
                    b0[$u] += x0 * $w;
                    b1[$u] += x1 * $w;
                    b2[$u] += x2 * $w;
                };
            }
            unit!(0, w0);
            unit!(1, w1);
            unit!(2, w2);
            unit!(3, w3);
            unit!(4, w4);
            unit!(5, w5);
            unit!(6, w6);
            unit!(7, w7);
        }
    }

    /// `self[u] += d[u]`, written out.
    #[inline(always)]
    fn add(&mut self, d: &[f32]) {
        let [a0, a1, a2, a3, a4, a5, a6, a7] = &mut self.0;
        if let [d0, d1, d2, d3, d4, d5, d6, d7, ..] = *d {
            *a0 += d0;
            *a1 += d1;
            *a2 += d2;
            *a3 += d3;
            *a4 += d4;
            *a5 += d5;
            *a6 += d6;
            *a7 += d7;
        }
    }

    /// `self[u] = delta(self[u], f[u])` ([`delta`]: `self[u]·f[u]`, tiny values set to 0), written out.
    #[inline(always)]
    fn times_slopes(&mut self, f: &[f32]) {
        let [a0, a1, a2, a3, a4, a5, a6, a7] = &mut self.0;
        if let [f0, f1, f2, f3, f4, f5, f6, f7, ..] = *f {
            *a0 = delta(*a0, f0);
            *a1 = delta(*a1, f1);
            *a2 = delta(*a2, f2);
            *a3 = delta(*a3, f3);
            *a4 = delta(*a4, f4);
            *a5 = delta(*a5, f5);
            *a6 = delta(*a6, f6);
            *a7 = delta(*a7, f7);
        }
    }

    #[inline(always)]
    fn store(self, out: &mut [f32], start: usize) {
        out[start..start + UNITS].copy_from_slice(&self.0);
    }
}

/// `z[k] = (init + Σ_j xs[k][j] · rows[j]) ⊙ slopes[k]` for the first `n` examples: each output
/// is `((init + x_0·rows[0]) + x_1·rows[1]) + …`, then, if slopes are given, made a
/// backprop delta with its slope ([`delta`]: the product, with values below its floor set to 0).
/// Examples go three at a time, then two, so each block of weights is loaded once for all of
/// them (24 sums, 3 inputs and a weight in registers).
#[cfg_attr(feature = "inline-hot", inline(always))]
#[cfg_attr(not(feature = "inline-hot"), inline)]
pub(crate) fn matvec_rows<const I: usize, const O: usize>(
    rows: &[[f32; O]; I],
    init: &[f32; O],
    xs: &[[f32; I]],
    z: &mut [[f32; O]],
    slopes: Option<&[[f32; O]]>,
    n: usize,
) {
    let n = n.min(xs.len()).min(z.len());
    let mut k = 0;
    while k + 2 < n {
        let (x0, x1, x2) = (&xs[k], &xs[k + 1], &xs[k + 2]);
        let mut s = 0;
        while s + UNITS <= O {
            let mut a = [
                Block::load(init, s),
                Block::load(init, s),
                Block::load(init, s),
            ];
            for (((row, &u), &v), &t) in rows.iter().zip(x0).zip(x1).zip(x2) {
                Block::add_scaled_3(&mut a, &row[s..], [u, v, t]);
            }
            let [mut a0, mut a1, mut a2] = a;
            if let Some(slopes) = slopes {
                a0.times_slopes(&slopes[k][s..]);
                a1.times_slopes(&slopes[k + 1][s..]);
                a2.times_slopes(&slopes[k + 2][s..]);
            }
            a0.store(&mut z[k], s);
            a1.store(&mut z[k + 1], s);
            a2.store(&mut z[k + 2], s);
            s += UNITS;
        }
        narrow_tail_3(
            rows,
            init,
            [x0, x1, x2],
            &mut z[k..k + 3],
            slopes.map(|f| &f[k..]),
            s,
        );
        k += 3;
    }
    if k + 1 < n {
        let (x0, x1) = (&xs[k], &xs[k + 1]);
        let mut s = 0;
        while s + UNITS <= O {
            let (mut a0, mut a1) = (Block::load(init, s), Block::load(init, s));
            for ((row, &u), &v) in rows.iter().zip(x0).zip(x1) {
                let w = &row[s..];
                a0.add_scaled(w, u);
                a1.add_scaled(w, v);
            }
            if let Some(slopes) = slopes {
                a0.times_slopes(&slopes[k][s..]);
                a1.times_slopes(&slopes[k + 1][s..]);
            }
            a0.store(&mut z[k], s);
            a1.store(&mut z[k + 1], s);
            s += UNITS;
        }
        for kk in k..k + 2 {
            narrow_tail(rows, init, &xs[kk], &mut z[kk], slopes.map(|f| &f[kk]), s);
        }
        k += 2;
    }
    if k < n {
        let x = &xs[k];
        let mut s = 0;
        while s + UNITS <= O {
            let mut acc = Block::load(init, s);
            for (row, &xj) in rows.iter().zip(x) {
                acc.add_scaled(&row[s..], xj);
            }
            if let Some(slopes) = slopes {
                acc.times_slopes(&slopes[k][s..]);
            }
            acc.store(&mut z[k], s);
            s += UNITS;
        }
        narrow_tail(rows, init, x, &mut z[k], slopes.map(|f| &f[k]), s);
    }
}

/// [`narrow_tail`] for three examples at once: each weight is loaded once for the three sums,
/// which matters for a one-unit output layer, whose whole product is a tail.
#[inline(always)]
fn narrow_tail_3<const I: usize, const O: usize>(
    rows: &[[f32; O]; I],
    init: &[f32; O],
    [x0, x1, x2]: [&[f32; I]; 3],
    z: &mut [[f32; O]],
    slopes: Option<&[[f32; O]]>,
    first: usize,
) {
    for u in first..O {
        let (mut a0, mut a1, mut a2) = (init[u], init[u], init[u]);
        let mut term = |row: &[f32; O], u0: f32, u1: f32, u2: f32| {
            let w = row[u];
            a0 += u0 * w;
            a1 += u1 * w;
            a2 += u2 * w;
        };
        // Four inputs a pass, written out: each pointer then advances once for four loads at
        // fixed offsets, where the rolled loop spent six address additions per input.
        let (rows_4, x0_4, x1_4, x2_4) = (
            rows.chunks_exact(4),
            x0.chunks_exact(4),
            x1.chunks_exact(4),
            x2.chunks_exact(4),
        );
        let tails = (
            rows_4.remainder(),
            x0_4.remainder(),
            x1_4.remainder(),
            x2_4.remainder(),
        );
        for (((r, p), q), t) in rows_4.zip(x0_4).zip(x1_4).zip(x2_4) {
            if let ([r0, r1, r2, r3], [p0, p1, p2, p3], [q0, q1, q2, q3], [t0, t1, t2, t3]) =
                (r, p, q, t)
            {
                term(r0, *p0, *q0, *t0);
                term(r1, *p1, *q1, *t1);
                term(r2, *p2, *q2, *t2);
                term(r3, *p3, *q3, *t3);
            }
        }
        let (r, p, q, t) = tails;
        for (((row, &u0), &u1), &u2) in r.iter().zip(p).zip(q).zip(t) {
            term(row, u0, u1, u2);
        }
        if let Some(slopes) = slopes {
            a0 = delta(a0, slopes[0][u]);
            a1 = delta(a1, slopes[1][u]);
            a2 = delta(a2, slopes[2][u]);
        }
        z[0][u] = a0;
        z[1][u] = a1;
        z[2][u] = a2;
    }
}

/// The outputs from `first` on (fewer than a block), one at a time.
#[inline(always)]
fn narrow_tail<const I: usize, const O: usize>(
    rows: &[[f32; O]; I],
    init: &[f32; O],
    x: &[f32; I],
    z: &mut [f32; O],
    slopes: Option<&[f32; O]>,
    first: usize,
) {
    for u in first..O {
        let mut a = init[u];
        for (row, &xj) in rows.iter().zip(x) {
            a += xj * row[u];
        }
        if let Some(slopes) = slopes {
            a = delta(a, slopes[u]);
        }
        z[u] = a;
    }
}

/// `b += δ_k` and `w[j] += δ_k · x_k[j]` for every example `k` in turn: the same sums, in the
/// same order, as one plain accumulation per example. Rows of `w` go three at a time (then
/// two, or one), so each block of `δ_k` is loaded once for all of them.
#[cfg_attr(feature = "inline-hot", inline(always))]
#[cfg_attr(not(feature = "inline-hot"), inline)]
pub(crate) fn accumulate_rows<const I: usize, const O: usize>(
    w: &mut [[f32; O]; I],
    b: &mut [f32; O],
    xs: &[[f32; I]],
    deltas: &[[f32; O]],
) {
    if O == 1 {
        accumulate_column(w.as_flattened_mut(), &mut b[0], xs, deltas);
        return;
    }
    let mut s = 0;
    while s + UNITS <= O {
        let mut acc = Block::load(b, s);
        for d in deltas {
            acc.add(&d[s..]);
        }
        acc.store(b, s);
        s += UNITS;
    }
    for u in s..O {
        for d in deltas {
            b[u] += d[u];
        }
    }
    let mut triples = w.chunks_exact_mut(3);
    for (p, triple) in (&mut triples).enumerate() {
        let j = 3 * p;
        let [r0, r1, r2] = triple else { continue };
        let mut s = 0;
        while s + UNITS <= O {
            let mut a = [Block::load(r0, s), Block::load(r1, s), Block::load(r2, s)];
            for (x, d) in xs.iter().zip(deltas) {
                Block::add_scaled_3(&mut a, &d[s..], [x[j], x[j + 1], x[j + 2]]);
            }
            let [a0, a1, a2] = a;
            a0.store(r0, s);
            a1.store(r1, s);
            a2.store(r2, s);
            s += UNITS;
        }
        add_row_tail(r0, xs, deltas, j, s);
        add_row_tail(r1, xs, deltas, j + 1, s);
        add_row_tail(r2, xs, deltas, j + 2, s);
    }
    let rest = triples.into_remainder();
    let j = I - rest.len();
    match rest {
        [r0, r1] => {
            let mut s = 0;
            while s + UNITS <= O {
                let (mut a0, mut a1) = (Block::load(r0, s), Block::load(r1, s));
                for (x, d) in xs.iter().zip(deltas) {
                    let d = &d[s..];
                    a0.add_scaled(d, x[j]);
                    a1.add_scaled(d, x[j + 1]);
                }
                a0.store(r0, s);
                a1.store(r1, s);
                s += UNITS;
            }
            add_row_tail(r0, xs, deltas, j, s);
            add_row_tail(r1, xs, deltas, j + 1, s);
        }
        [row] => {
            let mut s = 0;
            while s + UNITS <= O {
                let mut acc = Block::load(row, s);
                for (x, d) in xs.iter().zip(deltas) {
                    acc.add_scaled(&d[s..], x[j]);
                }
                acc.store(row, s);
                s += UNITS;
            }
            add_row_tail(row, xs, deltas, j, s);
        }
        _ => {}
    }
}

/// [`accumulate_rows`] of a one-unit layer (the output layer), whose weights are one column:
/// across a row there is no block to fill, so the blocks run down the column, eight inputs at
/// a time, each example adding `δ_k · x_k[j..j + 8]`. Each sum takes the same terms in the same
/// order as in the plain loops; this is about a sixth of the instructions of one-element tails.
#[inline(always)]
fn accumulate_column<const I: usize, const O: usize>(
    w: &mut [f32],
    b: &mut f32,
    xs: &[[f32; I]],
    deltas: &[[f32; O]],
) {
    for d in deltas {
        *b += d[0];
    }
    let mut j = 0;
    while j + UNITS <= I {
        let mut acc = Block::load(w, j);
        for (x, d) in xs.iter().zip(deltas) {
            acc.add_scaled(&x[j..], d[0]);
        }
        acc.store(w, j);
        j += UNITS;
    }
    for (jj, w) in w.iter_mut().enumerate().skip(j) {
        let mut a = *w;
        for (x, d) in xs.iter().zip(deltas) {
            a += d[0] * x[jj];
        }
        *w = a;
    }
}

/// `row[u] += δ_k[u] · x_k[j]` for the elements from `first` on (fewer than a block).
#[inline(always)]
fn add_row_tail<const I: usize, const O: usize>(
    row: &mut [f32; O],
    xs: &[[f32; I]],
    deltas: &[[f32; O]],
    j: usize,
    first: usize,
) {
    for u in first..O {
        let mut a = row[u];
        for (x, d) in xs.iter().zip(deltas) {
            a += d[u] * x[j];
        }
        row[u] = a;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::rng::Rng;

    fn filled<const A: usize, const B: usize>(rng: &mut Rng) -> [[f32; B]; A] {
        let mut m = [[0.0; B]; A];
        for v in m.as_flattened_mut() {
            *v = rng.uniform_in(-2.0, 2.0);
        }
        m
    }

    /// The plain loops these kernels must match bit for bit.
    fn check<const I: usize, const O: usize>(seed: u64) {
        let mut rng = Rng::seed_from(seed);
        let rows: [[f32; O]; I] = filled(&mut rng);
        let [init]: [[f32; O]; 1] = filled(&mut rng);
        let xs: [[f32; I]; 8] = filled(&mut rng);
        let mut slopes: [[f32; O]; 8] = filled(&mut rng); // also the deltas accumulated below
        for (k, row) in slopes.iter_mut().enumerate() {
            // Tiny slopes, whose deltas fall below the floor and must come out as 0.
            row.iter_mut()
                .skip(k % 3)
                .step_by(3)
                .for_each(|f| *f *= 1e-30);
        }
        for (with_slopes, n) in [false, true]
            .into_iter()
            .flat_map(|s| (0..=8).map(move |n| (s, n)))
        {
            let mut z = [[9.0f32; O]; 8];
            matvec_rows(
                &rows,
                &init,
                &xs,
                &mut z,
                with_slopes.then_some(&slopes[..]),
                n,
            );
            for k in 0..8 {
                for u in 0..O {
                    let mut expected = init[u];
                    for j in 0..I {
                        expected += xs[k][j] * rows[j][u];
                    }
                    if with_slopes {
                        expected = delta(expected, slopes[k][u]);
                    }
                    let want = if k < n { expected } else { 9.0 };
                    assert_eq!(z[k][u].to_bits(), want.to_bits(), "{I}->{O} k {k} u {u}");
                }
            }
        }
        let (mut w, mut b) = (rows, init);
        let (mut w_plain, mut b_plain) = (rows, init);
        accumulate_rows(&mut w, &mut b, &xs, &slopes);
        for (x, d) in xs.iter().zip(&slopes) {
            for (gb, &d) in b_plain.iter_mut().zip(d) {
                *gb += d;
            }
            for (j, row) in w_plain.iter_mut().enumerate() {
                for (g, &d) in row.iter_mut().zip(d) {
                    *g += d * x[j];
                }
            }
        }
        assert_eq!(
            b.map(f32::to_bits),
            b_plain.map(f32::to_bits),
            "{I}->{O} bias"
        );
        for j in 0..I {
            assert_eq!(
                w[j].map(f32::to_bits),
                w_plain[j].map(f32::to_bits),
                "{I}->{O} w"
            );
        }
    }

    #[test]
    fn register_blocks_give_the_plain_loops_bits() {
        check::<2, 32>(1);
        check::<32, 32>(2);
        check::<32, 1>(3);
        check::<1, 32>(4);
        check::<2, 50>(5);
        check::<50, 50>(6);
        check::<50, 2>(7);
        check::<3, 7>(8);
        check::<9, 9>(9);
        check::<13, 1>(10);
        check::<5, 1>(11);
    }
}
