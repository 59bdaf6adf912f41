//! A refit that keeps its points' features from one pass to the next.
//!
//! With the hidden layers frozen, every pass of a refit computes the same features again:
//! only the output layer changes between passes. A host can spare the memory (for the default
//! 262,144 draws and width 32, about 36 MB), so the first pass keeps them, its features
//! computed by the two sides of a [`Fork`], and the other passes only read them. The sums run
//! over the same points in the same order, so the refit has the bits of [`Nce::refit_output`].
//!
//! Every pass shares its sums between the two sides too. The loss and gradient are summed in
//! blocks of [`BLOCK`] points, each from zero, and only the blocks' totals are added in order;
//! so while this side adds its rows to the total, the other sums the blocks that follow, each
//! on its own, and this side adds their totals after. The Hessian stays on this side: it is
//! summed point by point, and its points are the first.

use super::{add_features, noise_chunk, Block, Pass, RefitStats, Sums, BLOCK, HESSIAN_DRAWS};
use core::ops::Range;

use crate::error::Error;
use crate::kernels::CHUNK;
use crate::math::rng::Rng;
use crate::models::nce::{input, Nce};
use crate::nn::chunk_trace::ChunkTrace;
use crate::nn::dense::Dense;
use crate::nn::fork::Fork;

/// Room for what a refit keeps between passes ([`Nce::refit_output_keeping`]): one row per
/// point, the data's first and then the noise draws'.
#[derive(Debug)]
pub struct KeptFeatures<'a, const D: usize, const H: usize> {
    /// The points.
    pub points: &'a mut [[f32; D]],
    /// The classifier's last hidden activations at each point: what the output layer reads.
    pub features: &'a mut [[f32; H]],
}

impl<const D: usize, const H: usize> KeptFeatures<'_, D, H> {
    /// The rows a refit over `data_len` points and `draws` noise draws keeps.
    pub const fn rows(data_len: usize, draws: usize) -> usize {
        data_len.saturating_add(draws)
    }

    /// The bytes of `rows` rows, for a host deciding whether to keep them.
    pub const fn bytes(rows: usize) -> usize {
        rows.saturating_mul((D + H) * core::mem::size_of::<f32>())
    }
}

impl<const D: usize, const H: usize> Nce<D, H> {
    /// [`Nce::refit_output`], with its bits, keeping each point and its features in `kept`
    /// after the first pass, whose features the two sides of `fork` compute, half the points
    /// each; every pass's sums are shared between the two sides too. Refits as [`Nce::refit_output`] does when `kept` has fewer rows than
    /// [`KeptFeatures::rows`] asks for.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn refit_output_keeping(
        &mut self,
        data: &[[f32; D]],
        rng: &mut Rng,
        kept: &mut KeptFeatures<'_, D, H>,
        fork: &impl Fork,
    ) -> Result<RefitStats, Error> {
        let rows = KeptFeatures::<D, H>::rows(data.len(), self.config.refit_noise);
        if kept.points.len() < rows || kept.features.len() < rows {
            return self.refit_output(data, rng);
        }
        let mut pass = Kept {
            points: &mut kept.points[..rows],
            features: &mut kept.features[..rows],
            fork,
            filled: false,
        };
        self.refit_with(data, rng, &mut pass)
    }
}

/// The [`Pass`] of [`Nce::refit_output_keeping`].
struct Kept<'k, F, const D: usize, const H: usize> {
    points: &'k mut [[f32; D]],
    features: &'k mut [[f32; H]],
    fork: &'k F,
    /// Whether `points` and `features` hold the pass's rows yet.
    filled: bool,
}

impl<F: Fork, const D: usize, const H: usize> Pass<D, H> for Kept<'_, F, D, H> {
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    fn add_points(
        &mut self,
        nce: &Nce<D, H>,
        data: &[[f32; D]],
        stream: &Rng,
        logits: &Dense<H, 1>,
        sums: &mut Sums<'_, H>,
    ) {
        if !self.filled {
            self.fill(nce, data, stream);
            self.filled = true;
        }
        let rows = Rows {
            features: self.features,
            data: data.len(),
        };
        let all = rows.features.len();
        // The rows whose curvature the Hessian sums, in order: this side's only.
        let in_hessian = data.len() + (all - data.len()).min(HESSIAN_DRAWS);
        let mut start = 0;
        while start < all {
            let end = all.min(start + 2 * SIDE_ROWS);
            let half = (start + (end - start) / 2).next_multiple_of(BLOCK);
            let mid = half.max(in_hessian.next_multiple_of(BLOCK)).min(end);
            let mut blocks = [Block::ZERO; SIDE_BLOCKS];
            let blocks = &mut blocks[..(end - mid).div_ceil(BLOCK)];
            // The closures are inlined into whatever runs them (see `fill`).
            self.fork.join(
                #[inline(always)]
                || rows.add_to(start..mid, logits, sums),
                #[inline(always)]
                || rows.blocks_of(mid..end, logits, blocks),
            );
            for block in &*blocks {
                sums.total.add_block(block);
            }
            start = end;
        }
    }
}

/// Rows of noise draws the other side of the fork sums in one go, block by block: enough that
/// handing them over costs little, few enough that their blocks fit on the stack.
const SIDE_BLOCKS: usize = 32;
const SIDE_ROWS: usize = SIDE_BLOCKS * BLOCK;

/// The kept rows of one pass: the data's features, then the noise draws'.
#[derive(Clone, Copy)]
struct Rows<'k, const H: usize> {
    features: &'k [[f32; H]],
    /// How many of the rows are the data's.
    data: usize,
}

impl<const H: usize> Rows<'_, H> {
    /// Adds the rows `range` to `sums` as a pass over every row adds them: the data with
    /// label 1, then the noise draws with label 0, each with its weight in the Hessian.
    #[inline(always)]
    fn add_to(&self, range: Range<usize>, logits: &Dense<H, 1>, sums: &mut Sums<'_, H>) {
        let mut z = [[0.0f32; 1]; CHUNK];
        let mut row = range.start;
        while row < range.end {
            let (n, label, weight) = match row < self.data {
                true => ((self.data - row).min(CHUNK), 1.0, 1.0),
                false => {
                    let (n, weight) = noise_chunk(row - self.data, self.features.len() - self.data);
                    (n, 0.0, weight)
                }
            };
            let n = n.min(range.end - row);
            sums.hessian_weight = weight;
            add_rows(
                &self.features[row..row + n],
                label,
                logits,
                &mut z,
                #[inline(always)]
                |f, score| sums.add_scored(f, score, label),
            );
            row += n;
        }
    }

    /// The loss and gradient of the noise rows `range`, which starts a block, block by block
    /// into `blocks`: what [`Rows::add_to`] would add to the total at each block's end.
    #[inline(always)]
    fn blocks_of(&self, range: Range<usize>, logits: &Dense<H, 1>, blocks: &mut [Block<H>]) {
        let mut z = [[0.0f32; 1]; CHUNK];
        let block_rows = self.features[range].chunks(BLOCK);
        for (block, rows) in blocks.iter_mut().zip(block_rows) {
            for rows in rows.chunks(CHUNK) {
                add_rows(rows, 0.0, logits, &mut z, |f, score| block.add(f, score));
            }
        }
    }
}

impl<F: Fork, const D: usize, const H: usize> Kept<'_, F, D, H> {
    /// Copies the data, draws the noise from a copy of `stream` (the draws of
    /// [`super::Recompute`]'s chunks, one after the other) and computes every point's
    /// features, the first half of the rows on one side of the fork and the rest on the other.
    #[inline(always)]
    fn fill(&mut self, nce: &Nce<D, H>, data: &[[f32; D]], stream: &Rng) {
        let (data_points, noise_points) = self.points.split_at_mut(data.len());
        data_points.copy_from_slice(data);
        nce.noise.sample_into(&mut stream.clone(), noise_points);
        let half = (self.points.len() / 2).next_multiple_of(CHUNK);
        let half = half.min(self.points.len());
        let (points1, points2) = self.points.split_at(half);
        let (features1, features2) = self.features.split_at_mut(half);
        // The closures are inlined into whatever runs them, so that a host can run them in a
        // copy compiled for its vector unit.
        self.fork.join(
            #[inline(always)]
            || features_of(nce, points1, features1),
            #[inline(always)]
            || features_of(nce, points2, features2),
        );
    }
}

/// The classifier's last hidden activations at `points`, into `features`, a chunk at a time.
#[inline(always)]
fn features_of<const D: usize, const H: usize>(
    nce: &Nce<D, H>,
    points: &[[f32; D]],
    features: &mut [[f32; H]],
) {
    let mut trace = ChunkTrace::<D, H, H, 1>::ZERO;
    for (points, features) in points.chunks(CHUNK).zip(features.chunks_mut(CHUNK)) {
        let n = points.len();
        for (x, p) in trace.x.iter_mut().zip(points) {
            *x = input(&nce.noise, p);
        }
        nce.classifier.model.hidden_chunk(&mut trace, n);
        features.copy_from_slice(&trace.a2[..n]);
    }
}

/// [`add_features`] for kept rows (at most [`CHUNK`]).
#[inline(always)]
fn add_rows<const H: usize>(
    rows: &[[f32; H]],
    label: f32,
    logits: &Dense<H, 1>,
    z: &mut [[f32; 1]; CHUNK],
    add: impl FnMut(&[f32; H], (f32, f32)),
) {
    let n = rows.len();
    match <&[[f32; H]; CHUNK]>::try_from(rows) {
        Ok(chunk) => add_features(chunk, n, label, logits, z, add),
        Err(_) => {
            // A chunk cut short: its rows at the top of a whole one.
            let mut chunk = [[0.0f32; H]; CHUNK];
            chunk[..n].copy_from_slice(rows);
            add_features(&chunk, n, label, logits, z, add);
        }
    }
}
