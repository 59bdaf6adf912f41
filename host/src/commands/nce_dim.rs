//! `tinygen nce-dim`: why NCE with rejection sampling stalls in high dimension, measured.
//!
//! The `d`-dimensional data is a product of `d/2` independent two-moons draws (noise 0.05).
//! For each `d`, NCE runs as the 2-D main job does, with the core's default configuration
//! ([`NceConfig::default`]: `ν`, epochs, batch size, Adam and its schedule): a Gaussian `q`
//! fitted to the data's mean and full covariance (Cholesky, `f64`, host-side: the core's
//! `Gaussian2` is 2-D only), a `d`→32→32→1 ELU classifier trained with BCE against `ν` fresh
//! `q` draws per data point, and then the core's rejection sampler (bound `M` = the largest
//! `r(x) = ν·e^logit` over a pool of `q` draws, raised whenever a proposal exceeds it), run
//! until 1000 acceptances or 100 000 proposals. The core's `Nce` is 2-D only, so its training
//! loop and sampler are mirrored here for `Mlp2<D, 32, 32, 1>`, instantiated for every `D`
//! through the generic [`run`].
//!
//! Because the data's law is known, so is the true ratio `p/q`: `p` is a product of
//! two-moons densities ([`MoonsDensity`]) and `q` a Gaussian. Each run therefore also
//! measures what a perfect classifier would do (the Bayes rule `p/q > ν`) and the true
//! `ln p/q` on held-out data. For independent pairs and a `q` that (nearly) factorises over
//! them, `sup p/q` is the product of the pairs' suprema, so an exact rejection sampler from
//! `q` accepts `a₂^(d/2)` of its proposals, `a₂` being the 2-D rate. Two references are
//! drawn: `a₂` measured in 2-D, and the exact `a₂ = 1/sup(p₂/q₂)` computed numerically.

use crate::cli::NceDimArgs;
use crate::failure::{Failure, Outcome};
use crate::progress;
use crate::studies::chart::{self, Marker, Panel, Series, PALETTE};
use crate::studies::gaussian::GaussianD;
use crate::studies::moons::{on_moons, product_moons, MoonsDensity};
use crate::studies::table::{prepare_out_dir, sig, write_text, Table};
use indicatif::ProgressBar;
use plotters::chart::SeriesLabelPosition;
use rayon::prelude::*;
use std::time::Instant;
use tinygen::loss::bce_with_logits;
use tinygen::nce::CLASSIFIER_ACTIVATIONS;
use tinygen::pipeline::{Streams, DATA_NOISE, NCE_WIDTH, TRAINING_POINTS};
use tinygen::{Adam, Batches, Error, Learner, Mlp2, NceConfig, Rng};

/// Proposals the sampler may use per run.
pub const MAX_PROPOSALS: usize = 100_000;
/// The sampler stops counting after this many acceptances.
pub const TARGET_ACCEPTED: u64 = 1000;
/// A coordinate pair is "on the moons" within this distance of an arc: 3σ of the data noise.
pub const ON_MOONS_TOLERANCE: f64 = 3.0 * DATA_NOISE as f64;
/// Held-out data points per run (each with `ν` held-out noise draws).
pub const HELD_OUT: usize = 1000;
/// Salt of the held-out stream, so held-out points never depend on training.
const HELD_OUT_SALT: u64 = 0x4E43_455F_4449_4D53;

/// The classifier in `D` dimensions.
pub type Classifier<const D: usize> = Mlp2<D, NCE_WIDTH, NCE_WIDTH, 1>;
type ClassifierLearner<const D: usize> = Learner<Classifier<D>, Adam<Classifier<D>>>;

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

/// The core's NCE default, with `epochs` if given.
pub fn config(epochs: Option<usize>) -> Outcome<NceConfig> {
    let mut c = NceConfig::default();
    if let Some(e) = epochs {
        c.epochs = e;
    }
    c.validate()?;
    Ok(c)
}

/// The learning rate of `epoch` (from 1): the core's [`tinygen::Nce::scheduled_lr`].
fn scheduled_lr(c: &NceConfig, epoch: usize) -> f32 {
    let progress = (epoch - 1) as f32 / c.epochs.max(2).saturating_sub(1) as f32;
    c.adam.lr * (1.0 - (1.0 - c.final_lr_fraction) * progress.min(1.0))
}

/// One epoch of NCE training, as [`tinygen::Nce::train_epoch`] does in 2-D: every data point
/// of a minibatch comes with `ν` fresh draws of `q`. Returns the mean loss.
fn train_epoch<const D: usize>(
    c: &mut ClassifierLearner<D>,
    nu: usize,
    data: &[[f32; D]],
    q: &GaussianD<D>,
    batches: &mut Batches<TRAINING_POINTS>,
    rng: &mut Rng,
) -> Result<f64, Error> {
    let (mut loss, mut seen) = (0.0f64, 0usize);
    batches.shuffle(rng);
    for batch in batches.iter() {
        let mut step_loss = 0.0f32;
        let mut examples = 0;
        for &i in batch {
            for k in 0..=nu {
                let (x, label) = if k == 0 {
                    (data[i as usize], 1.0)
                } else {
                    (q.sample(rng), 0.0)
                };
                let t = c.model.forward_trace(&x);
                let (l, dz) = bce_with_logits(t.y[0], label);
                c.model.backward(&t, &[dz], &mut c.grads);
                step_loss += l;
                examples += 1;
            }
        }
        if !step_loss.is_finite() {
            return Err(Error::Diverged {
                stage: "classifier loss",
            });
        }
        c.step(examples)?;
        loss += f64::from(step_loss);
        seen += examples;
    }
    Ok(loss / seen as f64)
}

/// `r(x) = ν·e^logit`, in `f64` so that it never overflows.
fn ratio<const D: usize>(model: &Classifier<D>, nu: usize, x: &[f32; D]) -> f64 {
    nu as f64 * f64::from(model.forward(x)[0]).exp()
}

/// The rejection sampler's counts over a stream of proposals.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rejection {
    /// The bound before the first proposal.
    pub initial_bound: f64,
    /// The bound at the end.
    pub bound: f64,
    /// Proposals above the bound, which raised it.
    pub raises: u32,
    /// Proposals looked at.
    pub proposals: u64,
    /// Proposals accepted.
    pub accepted: u64,
}

impl Rejection {
    /// A sampler with bound `bound` (the largest ratio over a pool of proposals).
    pub fn new(bound: f64) -> Self {
        Rejection {
            initial_bound: bound,
            bound,
            raises: 0,
            proposals: 0,
            accepted: 0,
        }
    }

    /// Offers a proposal of ratio `r`, as the core's sampler does: the bound is raised to
    /// `r` if `r` exceeds it, and the proposal is accepted with probability `r / bound`.
    /// Returns whether it was accepted.
    pub fn offer(&mut self, r: f64, rng: &mut Rng) -> bool {
        self.proposals += 1;
        if r > self.bound {
            self.bound = r;
            self.raises += 1;
        }
        let accept = f64::from(rng.uniform()) * self.bound < r;
        self.accepted += u64::from(accept);
        accept
    }
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
    let data = product_moons::<D, TRAINING_POINTS>(DATA_NOISE, &mut streams.data)?;
    let q = GaussianD::<D>::fit(&data)?;
    let law = MoonsDensity::new(f64::from(DATA_NOISE), 1000);
    if D == 2 {
        let q2 = GaussianD::<2> {
            mean: [q.mean[0], q.mean[1]],
            l: [[q.l[0][0], 0.0], [q.l[1][0], q.l[1][1]]],
        };
        out.exact_a2 = Some(1.0 / law.sup_ratio(&q2).0);
    }
    let nu = config.noise_ratio;
    let model = Classifier::<D>::init(CLASSIFIER_ACTIVATIONS, &mut streams.init);
    let mut c = Learner::new(model.clone(), config.adam.build(&model)?);
    let mut batches = Batches::<TRAINING_POINTS>::new(config.batch_size)?;
    for epoch in 1..=config.epochs {
        c.optimizer.set_lr(scheduled_lr(config, epoch));
        match train_epoch(&mut c, nu, &data, &q, &mut batches, &mut streams.train) {
            Ok(loss) => out.train_loss = loss,
            Err(e @ Error::Diverged { .. }) => {
                out.diverged = Some(format!("epoch {epoch}: {e}"));
                (epoch..=config.epochs).for_each(|_| tick());
                return Ok(out);
            }
            Err(e) => return Err(e.into()),
        }
        tick();
    }
    let model = &c.model;

    // Held-out accuracy, on streams of its own.
    let mut held_rng = Rng::seed_from(seed ^ HELD_OUT_SALT);
    let held = product_moons::<D, HELD_OUT>(DATA_NOISE, &mut held_rng)?;
    let mut noise_rng = held_rng.fork();
    let ln_nu = (nu as f64).ln();
    let true_log_ratio = |x: &[f32; D]| {
        let xs: [f64; D] = core::array::from_fn(|i| f64::from(x[i]));
        law.ln_density_pairs(x) - q.ln_density(&xs)
    };
    let data_logits: Vec<f32> = held.iter().map(|x| model.forward(x)[0]).collect();
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
        noise_right += usize::from(model.forward(&x)[0] <= 0.0);
        bayes_right += usize::from(true_log_ratio(&x) <= ln_nu);
    }
    out.noise_accuracy = noise_right as f64 / (HELD_OUT * nu) as f64;
    out.bayes_noise_accuracy = bayes_right as f64 / (HELD_OUT * nu) as f64;
    out.data_bound = data_logits
        .iter()
        .map(|&z| nu as f64 * f64::from(z).exp())
        .fold(0.0, f64::max);
    out.on_moons_data = share(held.iter().map(|x| on_moons(x, ON_MOONS_TOLERANCE)));

    // The rejection sampler, as the core runs it.
    let rng = &mut streams.sample;
    let pool = (0..config.bound_pool).map(|_| ratio(model, nu, &q.sample(rng)));
    let mut sampler = Rejection::new(pool.fold(0.0, f64::max));
    let mut ratios = Vec::with_capacity(MAX_PROPOSALS);
    let (mut on_accepted, mut on_q) = (0u64, 0usize);
    for _ in 0..MAX_PROPOSALS {
        let x = q.sample(rng);
        let r = ratio(model, nu, &x);
        if !r.is_finite() {
            return Err(Failure::Run(format!(
                "d = {D}: the ratio r(x) is not finite"
            )));
        }
        let on = on_moons(&x, ON_MOONS_TOLERANCE);
        on_q += usize::from(on);
        if sampler.accepted < TARGET_ACCEPTED && sampler.offer(r, rng) {
            on_accepted += u64::from(on);
        }
        ratios.push(r);
    }
    out.pool_bound = sampler.initial_bound;
    out.final_bound = sampler.bound;
    out.bound_raises = sampler.raises;
    out.proposals = sampler.proposals;
    out.accepted = sampler.accepted;
    out.on_moons_accepted =
        (sampler.accepted > 0).then(|| on_accepted as f64 / sampler.accepted as f64);
    out.on_moons_q = on_q as f64 / MAX_PROPOSALS as f64;
    out.mean_ratio_q = ratios.iter().sum::<f64>() / ratios.len() as f64;
    let cover = sampler.bound.max(out.data_bound);
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
type Job = fn(&NceConfig, u64, &(dyn Fn() + Sync)) -> Outcome<DimRun>;

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

/// The runs of one dimension, summarised: acceptance pooled over seeds, the rest averaged
/// (bounds geometrically).
#[derive(Clone, Debug, Default)]
pub struct DimSummary {
    /// Dimension.
    pub d: usize,
    /// Runs that trained to the end.
    pub runs: usize,
    /// Runs that diverged.
    pub diverged: usize,
    /// Classifier's held-out accuracy on data.
    pub data_accuracy: f64,
    /// Classifier's held-out accuracy on noise.
    pub noise_accuracy: f64,
    /// Bayes rule's held-out accuracy on data.
    pub bayes_data_accuracy: f64,
    /// Bayes rule's held-out accuracy on noise.
    pub bayes_noise_accuracy: f64,
    /// All acceptances.
    pub accepted: u64,
    /// All proposals.
    pub proposals: u64,
    /// Mean of [`DimRun::acceptance_data_bound`].
    pub acceptance_data_bound: f64,
    /// Mean of [`DimRun::mean_ratio_q`].
    pub mean_ratio_q: f64,
    /// Geometric mean of the pool bounds.
    pub pool_bound: f64,
    /// Geometric mean of the final bounds.
    pub final_bound: f64,
    /// Geometric mean of the data bounds.
    pub data_bound: f64,
    /// Mean true `ln p/q` on held-out data.
    pub true_log_ratio_data: f64,
    /// Mean learned `ln r` on held-out data.
    pub learned_log_ratio_data: f64,
    /// Share of all accepted samples on the moons (None when nothing was accepted).
    pub on_moons_accepted: Option<f64>,
    /// Mean share of held-out data on the moons.
    pub on_moons_data: f64,
    /// Mean share of `q` draws on the moons.
    pub on_moons_q: f64,
    /// `a₂^(d/2)` with the measured 2-D acceptance.
    pub reference_measured: f64,
    /// `a₂^(d/2)` with the exact 2-D acceptance.
    pub reference_exact: f64,
}

impl DimSummary {
    /// Pooled acceptance rate (0 when nothing was accepted).
    pub fn acceptance(&self) -> f64 {
        self.accepted as f64 / self.proposals.max(1) as f64
    }

    /// The acceptance as text: `< 1/proposals` when nothing was accepted.
    pub fn acceptance_text(&self) -> String {
        if self.runs == 0 {
            "—".into()
        } else if self.accepted == 0 {
            format!("< {}", sig(1.0 / self.proposals.max(1) as f64, 1))
        } else {
            sig(self.acceptance(), 2)
        }
    }

    /// The share of accepted samples on the moons, as text.
    pub fn on_moons_accepted_text(&self) -> String {
        self.on_moons_accepted
            .map_or("— (none accepted)".into(), percent)
    }
}

/// `0.953` as `95 %`, small shares with two significant digits (`0.12 %`).
fn percent(v: f64) -> String {
    if v >= 0.1 || v == 0.0 {
        format!("{:.0} %", 100.0 * v)
    } else {
        format!("{} %", sig(100.0 * v, 2))
    }
}

fn geometric_mean(values: impl Iterator<Item = f64>) -> f64 {
    let (mut sum, mut n) = (0.0, 0usize);
    for v in values {
        sum += v.ln();
        n += 1;
    }
    (sum / n as f64).exp()
}

/// Summaries per dimension, with the two references from the d = 2 runs.
pub fn summarise(runs: &[DimRun]) -> Vec<DimSummary> {
    let done = |d: usize| -> Vec<&DimRun> {
        runs.iter()
            .filter(|r| r.d == d && r.diverged.is_none())
            .collect()
    };
    let two = done(2);
    let a2_measured = two.iter().map(|r| r.accepted).sum::<u64>() as f64
        / two.iter().map(|r| r.proposals).sum::<u64>().max(1) as f64;
    let a2_exact = geometric_mean(two.iter().filter_map(|r| r.exact_a2));
    let mut dims: Vec<usize> = runs.iter().map(|r| r.d).collect();
    dims.sort_unstable();
    dims.dedup();
    dims.into_iter()
        .map(|d| {
            let ok = done(d);
            let half = d as f64 / 2.0;
            let mut s = DimSummary {
                d,
                runs: ok.len(),
                diverged: runs.iter().filter(|r| r.d == d).count() - ok.len(),
                reference_measured: a2_measured.powf(half),
                reference_exact: a2_exact.powf(half),
                ..DimSummary::default()
            };
            if ok.is_empty() {
                return s;
            }
            let n = ok.len() as f64;
            let mean = |f: fn(&DimRun) -> f64| ok.iter().map(|r| f(r)).sum::<f64>() / n;
            let accepted: u64 = ok.iter().map(|r| r.accepted).sum();
            let on_accepted: f64 = ok
                .iter()
                .filter_map(|r| r.on_moons_accepted.map(|v| v * r.accepted as f64))
                .sum();
            s.data_accuracy = mean(|r| r.data_accuracy);
            s.noise_accuracy = mean(|r| r.noise_accuracy);
            s.bayes_data_accuracy = mean(|r| r.bayes_data_accuracy);
            s.bayes_noise_accuracy = mean(|r| r.bayes_noise_accuracy);
            s.accepted = accepted;
            s.proposals = ok.iter().map(|r| r.proposals).sum();
            s.acceptance_data_bound = mean(|r| r.acceptance_data_bound);
            s.mean_ratio_q = mean(|r| r.mean_ratio_q);
            s.pool_bound = geometric_mean(ok.iter().map(|r| r.pool_bound));
            s.final_bound = geometric_mean(ok.iter().map(|r| r.final_bound));
            s.data_bound = geometric_mean(ok.iter().map(|r| r.data_bound));
            s.true_log_ratio_data = mean(|r| r.true_log_ratio_data);
            s.learned_log_ratio_data = mean(|r| r.learned_log_ratio_data);
            s.on_moons_accepted = (accepted > 0).then(|| on_accepted / accepted as f64);
            s.on_moons_data = mean(|r| r.on_moons_data);
            s.on_moons_q = mean(|r| r.on_moons_q);
            s
        })
        .collect()
}

/// The per-run CSV.
pub fn runs_table(runs: &[DimRun]) -> Table {
    const COLUMNS: [&str; 24] = [
        "d",
        "seed",
        "status",
        "train_loss",
        "heldout_accuracy_data",
        "heldout_accuracy_noise",
        "bayes_accuracy_data",
        "bayes_accuracy_noise",
        "mean_true_log_ratio_data",
        "mean_learned_log_ratio_data",
        "proposals",
        "accepted",
        "acceptance",
        "pool_bound_M",
        "final_bound_M",
        "bound_raises",
        "data_bound_max_r",
        "acceptance_with_data_bound",
        "mean_ratio_over_q",
        "on_moons_share_accepted",
        "on_moons_share_data",
        "on_moons_share_q",
        "exact_a2",
        "note",
    ];
    let mut t = Table::new(&COLUMNS);
    for r in runs {
        let mut row = vec![r.d.to_string(), r.seed.to_string()];
        if let Some(why) = &r.diverged {
            row.push("diverged".into());
            row.extend(std::iter::repeat_n(String::new(), COLUMNS.len() - 4));
            row.push(why.replace(',', ";"));
        } else {
            row.push("completed".into());
            row.extend([
                format!("{}", r.train_loss),
                format!("{}", r.data_accuracy),
                format!("{}", r.noise_accuracy),
                format!("{}", r.bayes_data_accuracy),
                format!("{}", r.bayes_noise_accuracy),
                format!("{}", r.true_log_ratio_data),
                format!("{}", r.learned_log_ratio_data),
                r.proposals.to_string(),
                r.accepted.to_string(),
                format!("{}", r.acceptance()),
                format!("{}", r.pool_bound),
                format!("{}", r.final_bound),
                r.bound_raises.to_string(),
                format!("{}", r.data_bound),
                format!("{}", r.acceptance_data_bound),
                format!("{}", r.mean_ratio_q),
                r.on_moons_accepted
                    .map_or(String::new(), |v| format!("{v}")),
                format!("{}", r.on_moons_data),
                format!("{}", r.on_moons_q),
                r.exact_a2.map_or(String::new(), |a| format!("{a}")),
                String::new(),
            ]);
        }
        t.row(row);
    }
    t
}

/// The main table: one row per dimension.
pub fn summary_table(s: &[DimSummary]) -> Table {
    let mut t = Table::new(&[
        "d",
        "classifier acc. data / q",
        "Bayes acc. data / q",
        "acceptance",
        "a₂^(d/2), a₂ measured",
        "a₂^(d/2), a₂ exact",
        "accepted on moons",
        "ln r on data: learned / true",
    ]);
    for s in s {
        let (classifier, acceptance, on_moons, log_ratio) = if s.runs == 0 {
            (
                format!("all {} runs diverged", s.diverged),
                "—".into(),
                "—".into(),
                "—".into(),
            )
        } else {
            (
                format!("{:.3} / {:.3}", s.data_accuracy, s.noise_accuracy),
                s.acceptance_text(),
                s.on_moons_accepted_text(),
                format!(
                    "{:.1} / {:.1}",
                    s.learned_log_ratio_data, s.true_log_ratio_data
                ),
            )
        };
        t.row(vec![
            s.d.to_string(),
            classifier,
            if s.runs == 0 {
                "—".into()
            } else {
                format!(
                    "{:.3} / {:.3}",
                    s.bayes_data_accuracy, s.bayes_noise_accuracy
                )
            },
            acceptance,
            sig(s.reference_measured, 2),
            sig(s.reference_exact, 2),
            on_moons,
            log_ratio,
        ]);
    }
    t
}

/// The second table: the bounds and the calibration of the learned ratio.
pub fn diagnostics_table(s: &[DimSummary]) -> Table {
    let mut t = Table::new(&[
        "d",
        "M from the q pool",
        "M at the end",
        "max r on held-out data",
        "acceptance with M ≥ max r on data",
        "mean r over q (ideal 1)",
        "q draws on moons",
        "held-out data on moons",
        "diverged runs",
    ]);
    for s in s.iter().filter(|s| s.runs > 0) {
        t.row(vec![
            s.d.to_string(),
            sig(s.pool_bound, 3),
            sig(s.final_bound, 3),
            sig(s.data_bound, 3),
            sig(s.acceptance_data_bound, 2),
            sig(s.mean_ratio_q, 3),
            percent(s.on_moons_q),
            percent(s.on_moons_data),
            s.diverged.to_string(),
        ]);
    }
    t
}

/// Three panels: acceptance vs d on a log axis; accuracies and the share of accepted samples
/// on the moons; the learned and the true log-ratio on the data, with the sampler's `ln M`.
pub fn panels(s: &[DimSummary]) -> Vec<Panel> {
    let ok: Vec<&DimSummary> = s.iter().filter(|s| s.runs > 0).collect();
    let d_max = s.iter().map(|s| s.d).max().unwrap_or(2) as f64;
    let pts = |f: &dyn Fn(&DimSummary) -> f64| -> Vec<(f64, f64)> {
        ok.iter().map(|s| (s.d as f64, f(s))).collect()
    };
    let all = |f: &dyn Fn(&DimSummary) -> f64| -> Vec<(f64, f64)> {
        s.iter().map(|s| (s.d as f64, f(s))).collect()
    };
    let styled = |label: &str, points: Vec<(f64, f64)>, k: usize, dashed: bool, marker: Marker| {
        let mut l = Series::line(Some(label.into()), points, PALETTE[k]);
        l.dashed = dashed;
        l.marker = marker;
        l
    };
    let mut none = styled(
        "nothing accepted (below 1/proposals)",
        pts(&|s| {
            if s.accepted == 0 {
                1.0 / s.proposals.max(1) as f64
            } else {
                f64::NAN
            }
        }),
        0,
        false,
        Marker::Below,
    );
    none.width = 0;
    if ok.iter().all(|s| s.accepted > 0) {
        none.label = None;
    }
    let floor = s
        .iter()
        .flat_map(|s| [s.reference_exact, s.reference_measured])
        .chain(ok.iter().map(|s| 1.0 / s.proposals.max(1) as f64))
        .filter(|v| *v > 0.0 && v.is_finite())
        .fold(1.0f64, f64::min);
    let acceptance = Panel {
        title: "Acceptance rate of rejection sampling from q".into(),
        x_label: "dimension d".into(),
        y_label: "accepted / proposed".into(),
        x: (0.0, d_max + 2.0),
        y: (10f64.powf(floor.log10().floor()), 3.0),
        log_y: true,
        series: vec![
            styled(
                "exact sampler: a₂^(d/2), a₂ = 1/sup(p/q) in 2-D",
                all(&|s| s.reference_exact),
                6,
                true,
                Marker::None,
            ),
            styled(
                "a₂^(d/2), a₂ = measured 2-D rate",
                all(&|s| s.reference_measured),
                2,
                true,
                Marker::None,
            ),
            styled(
                "measured (learned r, M from q draws)",
                pts(&|s| {
                    if s.accepted > 0 {
                        s.acceptance()
                    } else {
                        f64::NAN
                    }
                }),
                0,
                false,
                Marker::Circle,
            ),
            none,
        ],
        legend: SeriesLabelPosition::LowerLeft,
        legend_room: 0.0,
    };
    let quality = Panel {
        title: "Held-out accuracy, and accepted samples on the moons".into(),
        x_label: "dimension d".into(),
        y_label: "share".into(),
        x: (0.0, d_max + 2.0),
        y: (0.0, 1.02),
        log_y: false,
        series: vec![
            styled(
                "Bayes rule p/q > ν, data",
                pts(&|s| s.bayes_data_accuracy),
                0,
                true,
                Marker::None,
            ),
            styled(
                "Bayes rule, q draws",
                pts(&|s| s.bayes_noise_accuracy),
                1,
                true,
                Marker::None,
            ),
            styled(
                "classifier, data",
                pts(&|s| s.data_accuracy),
                0,
                false,
                Marker::Circle,
            ),
            styled(
                "classifier, q draws",
                pts(&|s| s.noise_accuracy),
                1,
                false,
                Marker::Circle,
            ),
            styled(
                "accepted samples on the moons",
                pts(&|s| s.on_moons_accepted.unwrap_or(f64::NAN)),
                3,
                false,
                Marker::Circle,
            ),
        ],
        legend: SeriesLabelPosition::MiddleRight,
        legend_room: 0.0,
    };
    let top = ok
        .iter()
        .flat_map(|s| {
            [
                s.true_log_ratio_data,
                s.final_bound.ln(),
                s.reference_exact.recip().ln(),
            ]
        })
        .filter(|v| v.is_finite())
        .fold(1.0f64, f64::max);
    let bottom = ok
        .iter()
        .map(|s| s.learned_log_ratio_data)
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::min);
    let ratio = Panel {
        title: "Log density ratio ln p/q".into(),
        x_label: "dimension d".into(),
        y_label: "natural log".into(),
        x: (0.0, d_max + 2.0),
        y: (bottom.floor() - 1.0, top * 1.05),
        log_y: false,
        series: vec![
            styled(
                "sup ln p/q (exact sampler's ln M)",
                all(&|s| s.reference_exact.recip().ln()),
                6,
                true,
                Marker::None,
            ),
            styled(
                "true ln p/q, mean over data",
                pts(&|s| s.true_log_ratio_data),
                2,
                true,
                Marker::None,
            ),
            styled(
                "learned ln r, mean over data",
                pts(&|s| s.learned_log_ratio_data),
                0,
                false,
                Marker::Circle,
            ),
            styled(
                "ln M used by the sampler",
                pts(&|s| s.final_bound.ln()),
                3,
                false,
                Marker::Circle,
            ),
        ],
        legend: SeriesLabelPosition::UpperLeft,
        legend_room: 0.0,
    };
    vec![acceptance, quality, ratio]
}

/// The explanation under the tables, built from the numbers.
pub fn explanation(s: &[DimSummary]) -> String {
    let ok: Vec<&DimSummary> = s.iter().filter(|s| s.runs > 0).collect();
    let (Some(first), Some(last)) = (ok.first(), ok.last()) else {
        return "Every run diverged; there is nothing to explain.\n".into();
    };
    let (d0, d1) = (first.d, last.d);
    let a2 = sig(first.reference_exact.powf(2.0 / d0 as f64), 2);
    let (exact0, exact1) = (sig(first.reference_exact, 2), sig(last.reference_exact, 2));
    let (sup0, sup1) = (-first.reference_exact.ln(), -last.reference_exact.ln());
    let (kl0, kl1) = (first.true_log_ratio_data, last.true_log_ratio_data);
    let bayes0 = format!(
        "{:.3} / {:.3}",
        first.bayes_data_accuracy, first.bayes_noise_accuracy
    );
    let bayes1 = format!(
        "{:.3} / {:.3}",
        last.bayes_data_accuracy, last.bayes_noise_accuracy
    );
    let learned1 = format!("{:.3} / {:.3}", last.data_accuracy, last.noise_accuracy);
    // Dimensions where the classifier calls (almost) every held-out data point "q".
    let flat: Vec<String> = ok
        .iter()
        .filter(|s| s.data_accuracy < 0.01)
        .map(|s| s.d.to_string())
        .collect();
    let flat = if flat.is_empty() {
        String::new()
    } else {
        format!(
            "; at d = {} it calls almost every held-out data point q",
            flat.join(", ")
        )
    };
    let fold = |f: fn(&DimSummary) -> f64| {
        ok.iter()
            .map(|s| f(s))
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            })
    };
    let (learned_lo, learned_hi) = fold(|s| s.learned_log_ratio_data);
    let (_, ln_m_hi) = fold(|s| s.final_bound.ln());
    let (acc_lo, acc_hi) = fold(|s| s.acceptance());
    let (acc_lo, acc_hi) = (sig(acc_lo, 2), sig(acc_hi, 2));
    let (moons0, moons1) = (
        first.on_moons_accepted_text(),
        last.on_moons_accepted_text(),
    );
    let moons_data = percent(last.on_moons_data);
    format!(
        "The acceptance rate of rejection sampling from q is E_q[r]/M, which is 1/M for a \
         calibrated ratio, and an exact sampler needs M ≥ sup p/q: with the exact 2-D rate \
         a₂ = {a2}, it accepts {exact0} of its proposals at d = {d0} but only {exact1} at \
         d = {d1}, because sup ln p/q grows linearly in d (from {sup0:.1} to {sup1:.1}), as \
         does the true ln p/q of a typical data point (mean {kl0:.1} at d = {d0}, {kl1:.1} at \
         d = {d1}). \
         Telling data from q gets easier with d: the Bayes rule p/q > ν is right on \
         {bayes0} of the held-out data / q draws at d = {d0} and on {bayes1} at d = {d1}. \
         The trained classifier, with the 2-D budget, does not get there ({learned1} at \
         d = {d1}{flat}): its learned ln r on data stays between {learned_lo:.1} and \
         {learned_hi:.1} instead of growing, the sampler's bound M, taken from q draws, \
         reaches at most ln M = {ln_m_hi:.1}, and so the measured acceptance stays between \
         {acc_lo} and {acc_hi} instead of collapsing. \
         The price is paid in the samples: the share of accepted samples lying on the moons \
         (every pair within 3σ of an arc) falls from {moons0} at d = {d0} to {moons1} at \
         d = {d1}, against {moons_data} of held-out data — where an exact sampler would \
         stall, the learned one returns points of q.\n"
    )
}

/// `tinygen nce-dim`.
pub fn main(args: &NceDimArgs) -> Outcome {
    if args.seeds == 0 {
        return Err(Failure::Usage("invalid seeds: must be at least 1".into()));
    }
    let config = config(args.epochs)?;
    prepare_out_dir(&args.out)?;
    let start = Instant::now();
    // Largest dimensions first: they take longest, so the two cores finish together.
    let mut jobs: Vec<(usize, Job, u64)> = DIMENSIONS
        .iter()
        .flat_map(|&(d, job)| (0..args.seeds).map(move |s| (d, job, args.seed.wrapping_add(s))))
        .collect();
    jobs.sort_by_key(|&(d, _, s)| (std::cmp::Reverse(d), s));
    let bar: ProgressBar = progress::bar(
        (jobs.len() * config.epochs) as u64,
        "nce-dim epochs",
        args.quiet,
    );
    let tick = || bar.inc(1);
    let mut runs = jobs
        .par_iter()
        .map(|&(_, job, seed)| job(&config, seed, &tick))
        .collect::<Outcome<Vec<DimRun>>>()?;
    bar.finish_and_clear();
    runs.sort_by_key(|r| (r.d, r.seed));
    let elapsed = start.elapsed();

    let summary = summarise(&runs);
    let intro = format!(
        "NCE in d dimensions: data = product of d/2 independent two-moons pairs (noise \
         {DATA_NOISE}, {TRAINING_POINTS} points), q = Gaussian fitted to the data's mean and \
         full covariance, classifier d→{NCE_WIDTH}→{NCE_WIDTH}→1 (ELU), ν = {}, {} epochs, \
         batch {}, Adam {} decaying to {} %. Rejection sampler: M = largest r(x) = ν·e^logit \
         over {} q draws, raised when exceeded, run until {TARGET_ACCEPTED} acceptances or \
         {MAX_PROPOSALS} proposals. {} seed(s) per d ({}..={}); acceptance pooled over seeds, \
         the rest averaged. Held-out: {HELD_OUT} fresh data points and {} fresh q draws per run.\n",
        config.noise_ratio,
        config.epochs,
        config.batch_size,
        config.adam.lr,
        config.final_lr_fraction * 100.0,
        config.bound_pool,
        args.seeds,
        args.seed,
        args.seed.wrapping_add(args.seeds - 1),
        HELD_OUT * config.noise_ratio,
    );
    let main_table = summary_table(&summary).markdown();
    let explanation = explanation(&summary);
    let markdown = format!(
        "# Why not NCE in high dimension\n\n{intro}\n{main_table}\n{explanation}\n\
         ## Bounds and calibration\n\n{}\n\
         Notes. \"On the moons\": every coordinate pair within {} (3σ of the data noise) of a \
         moon arc. The Bayes rule and the true ln p/q use the exact density of the product of \
         two-moons laws (noise {DATA_NOISE}; each arc's t integrated by a 1000-point midpoint \
         sum) and the fitted q. \"Acceptance with M ≥ max r on data\" is mean min(r/M, 1) over \
         {MAX_PROPOSALS} q draws with M = max(final M, largest learned r on held-out data). \
         The exact a₂ is 1/sup(p₂/q₂) for the two-moons law and the Gaussian fitted to the 2-D \
         data, found on a grid (geometric mean over seeds); for d > 2, a₂^(d/2) treats the \
         fitted q as a product over the pairs, which holds up to the small sample \
         correlations between pairs. Per-run numbers are in runs.csv.\n",
        diagnostics_table(&summary).markdown(),
        sig(ON_MOONS_TOLERANCE, 2),
    );
    write_text(&args.out.join("runs.csv"), &runs_table(&runs).csv())?;
    write_text(&args.out.join("summary.md"), &markdown)?;
    let caption = format!(
        "NCE on a product of d/2 two-moons pairs, q fitted Gaussian ({} seed(s) per d)",
        args.seeds
    );
    let figure = panels(&summary);
    for name in ["acceptance.png", "acceptance.svg"] {
        chart::draw(&args.out.join(name), &caption, &figure, 3, (2100, 700))?;
    }
    if !args.quiet {
        eprintln!(
            "nce-dim: {} runs in {:.1?}; wrote runs.csv, summary.md, acceptance.png and \
             acceptance.svg to {}",
            runs.len(),
            elapsed,
            args.out.display()
        );
    }
    crate::output::print_stdout(&format!("{intro}\n{main_table}\n{explanation}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schedule_matches_the_core() {
        let c = NceConfig::default();
        let mut rng = Rng::seed_from(1);
        let data = tinygen::make_moons::<100>(0.05, &mut rng).unwrap();
        let nce = tinygen::Nce::<4>::new(c, &data.points, &mut rng).unwrap();
        for epoch in [1, 2, 30, 60, 61] {
            assert_eq!(scheduled_lr(&c, epoch), nce.scheduled_lr(epoch));
        }
    }

    #[test]
    fn the_sampler_accepts_in_proportion_to_the_ratio() {
        let mut rng = Rng::seed_from(3);
        let mut s = Rejection::new(4.0);
        for _ in 0..100_000 {
            s.offer(1.0, &mut rng);
        }
        assert!((s.accepted as f64 / s.proposals as f64 - 0.25).abs() < 0.01);
        assert_eq!(s.raises, 0);
        assert!(
            s.offer(8.0, &mut rng),
            "a proposal that raises M is accepted"
        );
        assert_eq!((s.raises, s.bound, s.initial_bound), (1, 8.0, 4.0));
    }

    #[test]
    fn two_dimensions_behave_like_the_main_job() {
        // With the core's default budget, the 2-D run learns a usable ratio: better than
        // chance on data and noise together, a sampler that accepts a fair share, and accepted
        // points on the moons far more often than raw q draws.
        let c = config(None).unwrap();
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

    #[test]
    fn bad_flags_and_paths_are_usage_errors_before_any_training() {
        let file = std::env::temp_dir().join(format!("tinygen-nce-dim-{}", std::process::id()));
        std::fs::write(&file, "not a folder").unwrap();
        let args = |out: std::path::PathBuf, seeds: u64| NceDimArgs {
            out,
            seed: 1,
            seeds,
            epochs: None,
            quiet: true,
        };
        assert!(matches!(
            main(&args(file.join("sub"), 1)),
            Err(Failure::Usage(_))
        ));
        assert!(matches!(
            main(&args(file.clone(), 0)),
            Err(Failure::Usage(_))
        ));
        let zero_epochs = NceDimArgs {
            epochs: Some(0),
            ..args(file.clone(), 1)
        };
        assert!(matches!(main(&zero_epochs), Err(Failure::Usage(_))));
        std::fs::remove_file(&file).unwrap();
    }

    #[test]
    fn summaries_pool_acceptance_and_build_references() {
        let mk = |d: usize, seed: u64, accepted: u64| DimRun {
            d,
            seed,
            proposals: 1000,
            accepted,
            pool_bound: 2.0,
            final_bound: 2.0,
            data_bound: 4.0,
            exact_a2: (d == 2).then_some(0.2),
            ..DimRun::default()
        };
        let runs = [mk(2, 0, 300), mk(2, 1, 100), mk(4, 0, 0), mk(4, 1, 0)];
        let s = summarise(&runs);
        assert_eq!(s.len(), 2);
        assert!((s[0].acceptance() - 0.2).abs() < 1e-12);
        assert!((s[1].reference_measured - 0.04).abs() < 1e-12);
        assert!((s[1].reference_exact - 0.04).abs() < 1e-12);
        assert_eq!(s[1].acceptance_text(), "< 5e-4");
        assert!(s[1].on_moons_accepted.is_none());
        let md = summary_table(&s).markdown();
        assert!(md.contains("< 5e-4"), "{md}");
        assert!(!explanation(&s).is_empty());
    }
}
