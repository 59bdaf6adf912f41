//! The baseline runs: NCE's proposal q alone and a fresh sample of the true law.

use super::training::new_run;
use super::{Baseline, Run, Setting, Status};
use crate::failure::Outcome;
use crate::metrics::{MoonsLaw, DEFAULT_NOISE};
use rand_core::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use tinygen::{Gaussian, Rng};

/// The baselines of every seed: NCE's proposal q alone (the Gaussian fitted to the seed's
/// training data) and a fresh i.i.d. sample of the true law, `n` points each. `real[k]` is
/// the training data of seed `first_seed + k`.
pub fn baseline_runs(first_seed: u64, real: &[Vec<[f32; 2]>], n: usize) -> Outcome<Vec<Run>> {
    let law = MoonsLaw::new(DEFAULT_NOISE);
    let mut runs = Vec::new();
    for (k, data) in real.iter().enumerate() {
        let seed = first_seed.wrapping_add(k as u64);
        let q = Gaussian::fit(data)?;
        let mut rng = Rng::seed_from(seed ^ 0x5F71_5F61_6C6F_6E65); // "_q_alone"
        let points = (0..n).map(|_| q.sample(&mut rng)).collect();
        runs.push(new_run(
            Setting::Baseline(Baseline::Proposal),
            seed,
            Status::Completed,
            points,
        ));
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed ^ 0x5472_7565_4C61_7721); // "TrueLaw!"
        let points = law
            .sample(n, &mut rng)
            .iter()
            .map(|p| [p[0] as f32, p[1] as f32])
            .collect();
        runs.push(new_run(
            Setting::Baseline(Baseline::TrueLaw),
            seed,
            Status::Completed,
            points,
        ));
    }
    Ok(runs)
}
