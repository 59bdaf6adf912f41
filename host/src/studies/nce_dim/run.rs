//! One run (one `d`, one seed): training, held-out measures and the rejection sampler; and
//! the dimensions studied.

use super::{HELD_OUT, MAX_PROPOSALS, ON_MOONS_TOLERANCE, TARGET_ACCEPTED};
use crate::failure::{Failure, Outcome};
use crate::run::dispatch::train_nce;
use crate::studies::nce_dim::moons::{on_moons, product_moons, MoonsDensity};
use tinygen::data::MOONS_NOISE;
use tinygen::math::Noise;
use tinygen::models::jobs::{Streams, NCE_WIDTH, TRAINING_POINTS};
use tinygen::{Error, Gaussian, Nce, NceConfig, Rng};

/// Salt of the held-out stream, so held-out points never depend on training.
const HELD_OUT_SALT: u64 = 0x4E43_455F_4449_4D53;

/// Everything measured in one run (one `d`, one seed).
#[derive(Clone, Debug, Default)]
pub struct DimRun {
    /// Dimension.
    pub d: usize,
    /// Seed.
    pub seed: u64,
    /// Mean BCE over the last training epoch.
    pub train_loss: f64,
    /// Held-out accuracy on fresh data points (`logit > 0`).
    pub data_accuracy: f64,
    /// Held-out accuracy on fresh `q` draws (`logit ≤ 0`).
    pub noise_accuracy: f64,
    /// The bound `M` from the pool of `q` draws, before sampling.
    pub pool_bound: f64,
    /// `M` when sampling stopped (raised by proposals above it).
    pub final_bound: f64,
    /// How often a proposal raised `M`.
    pub bound_raises: u32,
    /// Proposals made before the sampler stopped.
    pub proposals: u64,
    /// Proposals accepted.
    pub accepted: u64,
    /// Mean `r(x)` over all [`MAX_PROPOSALS`] `q` draws: 1 for a perfect ratio estimate.
    pub mean_ratio_q: f64,
    /// Largest `r(x)` over the held-out data points.
    pub data_bound: f64,
    /// Acceptance rate with the bound `max(final M, data bound)`, estimated as
    /// `mean min(r/M, 1)` over all `q` draws (no randomness in the accept step).
    pub acceptance_data_bound: f64,
    /// Share of accepted samples with every pair within [`ON_MOONS_TOLERANCE`] of an arc.
    pub on_moons_accepted: Option<f64>,
    /// The same share for the held-out data.
    pub on_moons_data: f64,
    /// The same share for the `q` draws.
    pub on_moons_q: f64,
    /// Held-out accuracy of the Bayes rule `p/q > ν` (the true ratio) on the data points.
    pub bayes_data_accuracy: f64,
    /// The same on the `q` draws (`p/q ≤ ν`).
    pub bayes_noise_accuracy: f64,
    /// Mean true `ln p/q` over the held-out data: an estimate of `KL(p‖q)`.
    pub true_log_ratio_data: f64,
    /// Mean learned `ln r` over the held-out data.
    pub learned_log_ratio_data: f64,
    /// Exact 2-D acceptance `1/sup(p₂/q₂)` for this seed's 2-D fit (d = 2 runs only).
    pub exact_a2: Option<f64>,
    /// Set when training diverged; the other fields are then meaningless.
    pub diverged: Option<String>,
}

impl DimRun {
    /// `accepted / proposals`.
    pub fn acceptance(&self) -> f64 {
        self.accepted as f64 / self.proposals.max(1) as f64
    }
}

/// `ln q(x)` of the core's Gaussian, evaluated in `f64` (the study compares it with the exact
/// `ln p` of the law, which needs more range than `f32`).
pub fn ln_q<const D: usize>(q: &Gaussian<D>, x: &[f64; D]) -> f64 {
    let mut u = [0.0f64; D];
    let mut ln_det = 0.0;
    for i in 0..D {
        let row = &q.cholesky[i];
        let s: f64 = (0..i).map(|k| f64::from(row[k]) * u[k]).sum();
        u[i] = (x[i] - f64::from(q.mean[i]) - s) / f64::from(row[i]);
        ln_det += f64::from(row[i]).ln();
    }
    let sq: f64 = u.iter().map(|v| v * v).sum();
    -0.5 * sq - ln_det - 0.5 * D as f64 * (2.0 * std::f64::consts::PI).ln()
}

/// Trains, samples and measures one `D`-dimensional run. `tick` is called after every epoch.
pub fn run<const D: usize>(
    config: &NceConfig,
    seed: u64,
    tick: &(dyn Fn() + Sync),
) -> Outcome<DimRun> {
    let mut out = DimRun {
        d: D,
        seed,
        ..DimRun::default()
    };
    let mut streams = Streams::new(seed);
    let data = product_moons::<D>(TRAINING_POINTS, MOONS_NOISE, &mut streams.data)?;
    let law = MoonsDensity::new(f64::from(MOONS_NOISE), 1000);
    let mut nce: Box<Nce<D, NCE_WIDTH>> = Box::new(Nce::ZERO);
    let mut done = 0;
    let trained = train_nce(&mut nce, *config, &data, &mut streams, |_, stats| {
        out.train_loss = f64::from(stats.loss);
        done += 1;
        tick();
    });
    match trained {
        Ok(_) => {}
        Err(e @ Error::Diverged { .. }) => {
            out.diverged = Some(format!("epoch {}: {e}", done + 1));
            (done..config.epochs).for_each(|_| tick());
            return Ok(out);
        }
        Err(e) => return Err(e.into()),
    }
    let Noise::Gaussian(q) = nce.noise else {
        return Err(Failure::Run("nce-dim needs Gaussian noise".into()));
    };
    if D == 2 {
        let q2 = Gaussian::<2> {
            mean: [q.mean[0], q.mean[1]],
            cholesky: [
                [q.cholesky[0][0], 0.0],
                [q.cholesky[1][0], q.cholesky[1][1]],
            ],
        };
        out.exact_a2 = Some(1.0 / law.sup_ratio(&q2).0);
    }
    let nu = config.noise_ratio;

    // Held-out accuracy, on streams of its own.
    let mut held_rng = Rng::seed_from(seed ^ HELD_OUT_SALT);
    let held = product_moons::<D>(HELD_OUT, MOONS_NOISE, &mut held_rng)?;
    let mut noise_rng = held_rng.fork();
    let ln_nu = (nu as f64).ln();
    let true_log_ratio = |x: &[f32; D]| law.ln_density_pairs(x) - ln_q(&q, &x.map(f64::from));
    let data_logits: Vec<f32> = held.iter().map(|x| nce.logit(x)).collect();
    let data_true: Vec<f64> = held.iter().map(true_log_ratio).collect();
    out.data_accuracy = share(data_logits.iter().map(|&z| z > 0.0));
    out.bayes_data_accuracy = share(data_true.iter().map(|&l| l > ln_nu));
    out.true_log_ratio_data = data_true.iter().sum::<f64>() / HELD_OUT as f64;
    out.learned_log_ratio_data = data_logits
        .iter()
        .map(|&z| ln_nu + f64::from(z))
        .sum::<f64>()
        / HELD_OUT as f64;
    let (mut noise_right, mut bayes_right) = (0usize, 0usize);
    for _ in 0..HELD_OUT * nu {
        let x = q.sample(&mut noise_rng);
        noise_right += usize::from(nce.logit(&x) <= 0.0);
        bayes_right += usize::from(true_log_ratio(&x) <= ln_nu);
    }
    out.noise_accuracy = noise_right as f64 / (HELD_OUT * nu) as f64;
    out.bayes_noise_accuracy = bayes_right as f64 / (HELD_OUT * nu) as f64;
    out.data_bound = data_logits
        .iter()
        .map(|&z| nu as f64 * f64::from(z).exp())
        .fold(0.0, f64::max);
    out.on_moons_data = share(held.iter().map(|x| on_moons(x, ON_MOONS_TOLERANCE)));

    // The core's rejection sampler, one proposal at a time, until TARGET_ACCEPTED
    // acceptances; then plain q draws, so that MAX_PROPOSALS ratios are seen in all.
    let rng = &mut streams.sample;
    let mut sampler = nce.sampler(rng);
    out.pool_bound = f64::from(sampler.bound());
    let mut ratios = Vec::with_capacity(MAX_PROPOSALS);
    let (mut on_accepted, mut on_q) = (0u64, 0usize);
    for _ in 0..MAX_PROPOSALS {
        let (x, ratio) = if sampler.stats().accepted < TARGET_ACCEPTED {
            let p = sampler
                .propose(rng)
                .map_err(|e| Failure::Run(format!("d = {D}: {e}")))?;
            on_accepted += u64::from(p.accepted && on_moons(&p.x, ON_MOONS_TOLERANCE));
            (p.x, p.ratio)
        } else {
            let x = q.sample(rng);
            (x, nce.ratio(&x))
        };
        if !ratio.is_finite() {
            return Err(Failure::Run(format!(
                "d = {D}: the ratio r(x) is not finite"
            )));
        }
        on_q += usize::from(on_moons(&x, ON_MOONS_TOLERANCE));
        ratios.push(f64::from(ratio));
    }
    let stats = sampler.stats();
    out.proposals = stats.proposals;
    out.accepted = stats.accepted;
    out.final_bound = f64::from(sampler.bound());
    out.bound_raises = stats.bound_raises;
    out.on_moons_accepted =
        (stats.accepted > 0).then(|| on_accepted as f64 / stats.accepted as f64);
    out.on_moons_q = on_q as f64 / MAX_PROPOSALS as f64;
    out.mean_ratio_q = ratios.iter().sum::<f64>() / ratios.len() as f64;
    let cover = out.final_bound.max(out.data_bound);
    out.acceptance_data_bound =
        ratios.iter().map(|&r| (r / cover).min(1.0)).sum::<f64>() / ratios.len() as f64;
    Ok(out)
}

/// The share of `true`s.
fn share(it: impl Iterator<Item = bool>) -> f64 {
    let (mut yes, mut all) = (0usize, 0usize);
    for b in it {
        yes += usize::from(b);
        all += 1;
    }
    yes as f64 / all.max(1) as f64
}

/// A run of one dimension: `run::<D>` behind a function pointer.
pub type Job = fn(&NceConfig, u64, &(dyn Fn() + Sync)) -> Outcome<DimRun>;

/// The dimensions studied, each with its instance of [`run`].
pub const DIMENSIONS: [(usize, Job); 11] = [
    (2, run::<2>),
    (4, run::<4>),
    (6, run::<6>),
    (8, run::<8>),
    (10, run::<10>),
    (12, run::<12>),
    (14, run::<14>),
    (16, run::<16>),
    (20, run::<20>),
    (24, run::<24>),
    (32, run::<32>),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::studies::nce_dim::config;

    #[test]
    fn two_dimensions_behave_like_the_main_job() {
        // With the core's default budget, the 2-D run learns a usable ratio: better than
        // chance on data and noise together, a sampler that accepts a fair share, and accepted
        // points on the moons far more often than raw q draws.
        let c = config(NceConfig::DEFAULT.epochs).unwrap();
        let r = run::<2>(&c, 5, &|| {}).unwrap();
        assert!(r.diverged.is_none());
        assert!(r.data_accuracy + r.noise_accuracy > 1.05, "{r:?}");
        assert!(r.acceptance() > 0.01, "{r:?}");
        assert!(r.on_moons_accepted.unwrap() > r.on_moons_q + 0.2, "{r:?}");
        let a2 = r.exact_a2.unwrap();
        assert!(a2 > 0.0 && a2 < 1.0);
        // The Bayes rule p/q > ν minimises the error on the 1 : ν mixture of data and q, so
        // no trained classifier beats it there (up to sampling noise); and the mean true
        // ln p/q over data estimates KL(p‖q) > 0.
        let nu = c.noise_ratio as f64;
        let weighted = |data: f64, noise: f64| (data + nu * noise) / (1.0 + nu);
        assert!(
            weighted(r.bayes_data_accuracy, r.bayes_noise_accuracy)
                > weighted(r.data_accuracy, r.noise_accuracy) - 0.01,
            "{r:?}"
        );
        assert!(r.true_log_ratio_data > 0.5, "{r:?}");
    }
}
