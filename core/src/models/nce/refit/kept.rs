//! A refit that keeps its points' features from one pass to the next.
//!
//! With the hidden layers frozen, every pass of a refit computes the same features again:
//! only the output layer changes between passes. A host can spare the memory (for the default
//! 262,144 draws and width 32, about 36 MB), so the first pass keeps them, its features
//! computed by the two sides of a [`Fork`], and the other passes only read them. The sums run
//! over the same points in the same order, so the refit has the bits of [`Nce::refit_output`].

use super::{add_features, noise_chunk, Pass, RefitStats, Sums};
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
    /// each. Refits as [`Nce::refit_output`] does when `kept` has fewer rows than
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
        let (data_rows, noise_rows) = self.features.split_at(data.len());
        let mut z = [[0.0f32; 1]; CHUNK];
        for rows in data_rows.chunks(CHUNK) {
            add_rows(rows, 1.0, logits, &mut z, sums);
        }
        let mut done = 0;
        while done < noise_rows.len() {
            let (n, weight) = noise_chunk(done, noise_rows.len());
            sums.hessian_weight = weight;
            add_rows(&noise_rows[done..done + n], 0.0, logits, &mut z, sums);
            done += n;
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
    sums: &mut Sums<'_, H>,
) {
    let n = rows.len();
    match <&[[f32; H]; CHUNK]>::try_from(rows) {
        Ok(chunk) => add_features(chunk, n, label, logits, z, sums),
        Err(_) => {
            // A last chunk cut short: its rows at the top of a whole one.
            let mut chunk = [[0.0f32; H]; CHUNK];
            chunk[..n].copy_from_slice(rows);
            add_features(&chunk, n, label, logits, z, sums);
        }
    }
}
