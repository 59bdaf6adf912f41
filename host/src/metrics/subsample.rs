//! The pairwise terms of energy distance and MMD² cost `O(n²)`; past a limit they are computed
//! on a seeded random subsample, and the rest of the metrics stay exact.

use rand_core::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use std::borrow::Cow;

/// The most points the pairwise terms use. At this size one evaluation and its twenty i.i.d.
/// floor draws take about 3 s on one core; the energy ratio's own sampling spread (a perfect
/// sampler's ratio ranges about 0.3–2.7 at 1000 points) is far wider than what the subsample
/// changes.
pub const PAIRWISE_LIMIT: usize = 5000;

/// How many of `n` points the pairwise terms use.
pub fn pairwise_size(n: usize) -> usize {
    n.min(PAIRWISE_LIMIT)
}

/// The points the pairwise terms use: all of them up to [`PAIRWISE_LIMIT`], else that many
/// drawn without replacement (a partial Fisher–Yates shuffle seeded with `seed`).
pub fn pairwise_points(points: &[[f32; 2]], seed: u64) -> Cow<'_, [[f32; 2]]> {
    let n = points.len();
    let m = pairwise_size(n);
    if m == n {
        return Cow::Borrowed(points);
    }
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut index: Vec<usize> = (0..n).collect();
    for i in 0..m {
        // Uniform in i..n by a widening multiply (bias below 2^-40 for n < 2^24).
        let span = (n - i) as u64;
        let j = i + ((u128::from(rng.next_u64()) * u128::from(span)) >> 64) as usize;
        index.swap(i, j);
    }
    Cow::Owned(index[..m].iter().map(|&i| points[i]).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_sets_are_used_whole() {
        let points = vec![[1.0f32, 2.0]; PAIRWISE_LIMIT];
        assert!(matches!(pairwise_points(&points, 1), Cow::Borrowed(_)));
    }

    #[test]
    fn large_sets_give_a_seeded_sample_without_repeats() {
        let points: Vec<[f32; 2]> = (0..3 * PAIRWISE_LIMIT).map(|i| [i as f32, 0.0]).collect();
        let a = pairwise_points(&points, 7);
        assert_eq!(a.len(), PAIRWISE_LIMIT);
        assert_eq!(a, pairwise_points(&points, 7));
        assert_ne!(a, pairwise_points(&points, 8));
        let mut seen: Vec<u32> = a.iter().map(|p| p[0] as u32).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), PAIRWISE_LIMIT);
        // Drawn from the whole set, not its first rows.
        assert!(*seen.last().unwrap() as usize > 2 * PAIRWISE_LIMIT);
    }
}
