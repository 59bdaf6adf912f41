//! Shared by the criterion benchmarks (`host/benches/*.rs`) and by
//! `host/examples/bench_updates.rs`: the FLOP counts, the fixtures at the defaults (whose updates
//! run through `tinygen_host::run::dispatch`, so with AVX2 when the CPU has it, like the CLI), and
//! the median/GFLOP/s helpers.
//!
//! # How FLOPs are counted
//!
//! Only the multiply-adds of the matrix products count, each as 2 FLOPs. For a layer with
//! `I` inputs and `O` units, one example costs `I·O` multiply-adds in each of
//!
//! - the forward product `W·x`,
//! - the weight gradient `∂L/∂W += δ·xᵀ`,
//! - the input gradient `∂L/∂x = Wᵀ·δ`,
//!
//! except that the input gradient of a network's *first* layer (`∂L/∂x` of the network's own
//! input) is counted only where something uses it: the discriminator's in a generator update,
//! which feeds the generator. Training does not compute it otherwise (`ChunkedBackward`, which
//! `Gan` and `Nce` train with, skips it; PyTorch skips it too, as the input needs no gradient).
//! A lone `Dense::backward` computes both gradients, and is counted so.
//!
//! Bias additions, activations and their derivatives, the loss, the random draws and the Adam
//! step are not counted (Adam is about 10 operations per parameter once per update, a square
//! root and a division among them, against ~125 (NCE) to ~670 (D) multiply-adds per parameter
//! per update here).

// Each includer uses only part of this module.
#![allow(dead_code)]

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, SamplingMode, Throughput};
use std::time::Instant;
use tinygen::models::jobs::{Streams, GAN_WIDTH, NCE_WIDTH, TRAINING_POINTS};
use tinygen::{Batches, DataSet, Gan, GanConfig, Nce, NceConfig, Rng};
use tinygen_host::run::dispatch;

/// The seed of every fixture (the CLI's default seed).
pub const SEED: u64 = 42;

/// FLOPs per multiply-add.
pub const FLOP_PER_MAC: u64 = 2;

/// Multiply-adds of one product through a dense layer with `i` inputs and `o` units: `i·o`.
pub const fn dense_macs(i: usize, o: usize) -> u64 {
    (i * o) as u64
}

/// FLOPs of `Dense<I, O>::forward` for one example: `2·I·O`.
pub const fn dense_forward_flops(i: usize, o: usize) -> u64 {
    FLOP_PER_MAC * dense_macs(i, o)
}

/// FLOPs of `Dense<I, O>::backward` for one example: weight gradient plus input gradient,
/// `2·(I·O + I·O) = 4·I·O`.
pub const fn dense_backward_flops(i: usize, o: usize) -> u64 {
    2 * FLOP_PER_MAC * dense_macs(i, o)
}

/// Multiply-adds of one product through all three layers of an `Mlp2<i, h1, h2, o>`:
/// `M = i·h1 + h1·h2 + h2·o`.
pub const fn mlp2_macs(i: usize, h1: usize, h2: usize, o: usize) -> u64 {
    dense_macs(i, h1) + dense_macs(h1, h2) + dense_macs(h2, o)
}

/// Multiply-adds of one example through an `Mlp2<i, h1, h2, o>` in training: the forward
/// products (`M`), the weight gradients (`M`) and the input gradients of all layers but the
/// first (`M − i·h1`): `3·M − i·h1`.
pub const fn mlp2_train_macs(i: usize, h1: usize, h2: usize, o: usize) -> u64 {
    3 * mlp2_macs(i, h1, h2, o) - dense_macs(i, h1)
}

/// `M_D`: the discriminator 2→H→H→1.
pub const fn discriminator_macs(h: usize) -> u64 {
    mlp2_macs(2, h, h, 1)
}

/// `M_G`: the generator 2→H→H→2.
pub const fn generator_macs(h: usize) -> u64 {
    mlp2_macs(2, h, h, 2)
}

/// `M_C`: the NCE classifier 2→H→H→1.
pub const fn classifier_macs(h: usize) -> u64 {
    mlp2_macs(2, h, h, 1)
}

/// FLOPs of one `Gan::discriminator_step` with batch `b` and width `h`:
///
/// `2·(2b·(3·M_D − 2h) + b·M_G)`
///
/// — `2b` examples (b real, b fake) through the discriminator in training
/// ([`mlp2_train_macs`]), plus `b` generator forwards to make the fakes. At the defaults
/// (b = 100, h = 50: `M_D` = 2650, `M_G` = 2700): 2·(200·7850 + 100·2700) = 3 680 000 FLOPs.
pub const fn d_update_flops(b: usize, h: usize) -> u64 {
    let b = b as u64;
    FLOP_PER_MAC * (2 * b * mlp2_train_macs(2, h, h, 1) + b * generator_macs(h))
}

/// FLOPs of one `Gan::generator_step` with batch `b` and width `h`:
///
/// `2·b·(3·M_G − 2h + 2·M_D)`
///
/// — per latent, the generator in training ([`mlp2_train_macs`]), and the discriminator's
/// forward and whole input gradient (`2·M_D`; its weights get no gradient). At the defaults:
/// 2·100·(8000 + 5300) = 2 660 000 FLOPs.
pub const fn g_update_flops(b: usize, h: usize) -> u64 {
    FLOP_PER_MAC * b as u64 * (mlp2_train_macs(2, h, h, 2) + 2 * discriminator_macs(h))
}

/// FLOPs of one NCE classifier minibatch update with `b` data points, `ν` noise points per
/// data point and width `h`:
///
/// `2·b·(1 + ν)·(3·M_C − 2h)`
///
/// — every data and noise point goes through the classifier in training
/// ([`mlp2_train_macs`]). For example b = 10, ν = 4, h = 32 (`M_C` = 1120): 2·50·3296 =
/// 329 600 FLOPs; the benchmarks take b and ν from `NceConfig::default()` at run time (b = 40,
/// ν = 4, 200 points and 1 318 400 FLOPs when this was written).
pub const fn nce_update_flops(b: usize, nu: usize, h: usize) -> u64 {
    FLOP_PER_MAC * (b * (1 + nu)) as u64 * mlp2_train_macs(2, h, h, 1)
}

/// [`d_update_flops`] at the defaults.
pub fn default_d_update_flops() -> u64 {
    d_update_flops(GanConfig::default().batch_size, GAN_WIDTH)
}

/// [`g_update_flops`] at the defaults.
pub fn default_g_update_flops() -> u64 {
    g_update_flops(GanConfig::default().batch_size, GAN_WIDTH)
}

/// [`nce_update_flops`] at the defaults.
pub fn default_nce_update_flops() -> u64 {
    let c = NceConfig::default();
    nce_update_flops(c.batch_size, c.noise_ratio, NCE_WIDTH)
}

/// NCE classifier updates in one epoch at the defaults: `⌈1000 / batch_size⌉`.
pub fn nce_updates_per_epoch() -> u64 {
    TRAINING_POINTS.div_ceil(NceConfig::default().batch_size) as u64
}

/// A default GAN (`Gan<50>`, `GanConfig::default()`), the two-moons data and one shuffled
/// 100-index batch, as the first minibatch of the GAN job would see them.
pub struct GanFixture {
    /// The GAN, freshly initialised.
    pub gan: Gan<2, GAN_WIDTH>,
    /// The 1000 training points.
    pub data: Vec<[f32; 2]>,
    /// `batch_size` distinct indices into `data`.
    pub batch: Vec<u32>,
    /// Draws latents during the updates.
    pub rng: Rng,
}

impl GanFixture {
    /// The fixture of seed [`SEED`].
    pub fn new() -> Self {
        let mut streams = Streams::new(SEED);
        let config = GanConfig::default();
        let mut data = vec![[0.0f32; 2]; TRAINING_POINTS];
        DataSet::Moons
            .sample_into(&mut data, &mut streams.data)
            .expect("two moons");
        let gan = Gan::<2, GAN_WIDTH>::new(config, &mut streams.init).expect("default GAN");
        let mut order: Vec<u32> = (0..TRAINING_POINTS as u32).collect();
        streams.train.shuffle(&mut order);
        order.truncate(config.batch_size);
        GanFixture {
            gan,
            data,
            batch: order,
            rng: streams.train,
        }
    }

    /// One discriminator update (`Gan::discriminator_step`, AVX2 when the CPU has it).
    pub fn d_update(&mut self) {
        let stats =
            dispatch::discriminator_step(&mut self.gan, &self.data, &self.batch, &mut self.rng)
                .expect("discriminator update");
        std::hint::black_box(stats);
    }

    /// One generator update (`Gan::generator_step`, AVX2 when the CPU has it).
    pub fn g_update(&mut self) {
        let loss =
            dispatch::generator_step(&mut self.gan, &mut self.rng).expect("generator update");
        std::hint::black_box(loss);
    }
}

impl Default for GanFixture {
    fn default() -> Self {
        Self::new()
    }
}

/// A default NCE model (`Nce<2, 32>`, `NceConfig::default()`) on the two-moons data, trained
/// one minibatch at a time through shuffled epochs, as the main job trains it, and started
/// afresh after the default run's `epochs`. (Repeating one minibatch instead overfits it
/// within a few hundred updates, and the timings then stop being those of training. Training
/// on past the default run times a model more confident than any the main job makes, whose
/// far noise points give subnormal exponentials, slow on Intel cores: 17–20 % above a real
/// run there after 880 epochs.)
pub struct NceFixture {
    /// The model, freshly initialised (noise fitted to the data) at every restart.
    pub nce: Nce<2, NCE_WIDTH>,
    /// Epochs trained since the last restart.
    epochs_done: usize,
    /// The 1000 training points.
    pub data: Vec<[f32; 2]>,
    /// The current epoch's visiting order.
    order: Vec<u32>,
    /// Where the next minibatch starts in `order`.
    next: usize,
    /// Shuffles and draws noise during the updates.
    pub rng: Rng,
}

impl NceFixture {
    /// The fixture of seed [`SEED`].
    pub fn new() -> Self {
        let mut streams = Streams::new(SEED);
        let config = NceConfig::default();
        let mut data = vec![[0.0f32; 2]; TRAINING_POINTS];
        DataSet::Moons
            .sample_into(&mut data, &mut streams.data)
            .expect("two moons");
        let nce = Nce::<2, NCE_WIDTH>::new(config, &data, &mut streams.init).expect("default NCE");
        let mut order: Vec<u32> = (0..TRAINING_POINTS as u32).collect();
        streams.train.shuffle(&mut order);
        NceFixture {
            nce,
            epochs_done: 0,
            data,
            order,
            next: 0,
            rng: streams.train,
        }
    }

    /// Counts a finished epoch; after the default run's last one, the fixture starts again
    /// from its seed.
    fn end_epoch(&mut self) {
        self.epochs_done += 1;
        if self.epochs_done >= self.nce.config().epochs {
            *self = Self::new();
        }
    }

    /// One classifier minibatch update (`Nce::train_minibatch`, the fastest copy the CPU runs) on
    /// the next minibatch of the epoch; a new epoch starts with a fresh shuffle.
    pub fn update(&mut self) {
        let size = self.nce.config().batch_size;
        if self.next >= self.order.len() {
            self.end_epoch();
            self.rng.shuffle(&mut self.order);
            self.next = 0;
        }
        let end = (self.next + size).min(self.order.len());
        let batch = &self.order[self.next..end];
        self.next = end;
        let stats = dispatch::nce_train_minibatch(&mut self.nce, &self.data, batch, &mut self.rng)
            .expect("NCE update");
        std::hint::black_box(stats);
    }

    /// One whole epoch of the model (`Nce::train_epoch`, the fastest copy the CPU runs).
    pub fn epoch(&mut self) {
        let size = self.nce.config().batch_size;
        let mut batches = Batches::new(&mut self.order, size).expect("batches");
        let stats =
            dispatch::nce_train_epoch(&mut self.nce, &self.data, &mut batches, &mut self.rng)
                .expect("NCE epoch");
        std::hint::black_box(stats);
        self.end_epoch();
    }
}

impl Default for NceFixture {
    fn default() -> Self {
        Self::new()
    }
}

/// The median of `xs` (which it sorts); NaN for an empty slice.
pub fn median(xs: &mut [f64]) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        0.5 * (xs[n / 2 - 1] + xs[n / 2])
    }
}

/// Runs `routine` `warm_up` times, then times each of `reps` calls with `Instant` and
/// returns the median in seconds.
pub fn time_median(warm_up: usize, reps: usize, mut routine: impl FnMut()) -> f64 {
    for _ in 0..warm_up {
        routine();
    }
    let mut times: Vec<f64> = (0..reps)
        .map(|_| {
            let start = Instant::now();
            routine();
            start.elapsed().as_secs_f64()
        })
        .collect();
    median(&mut times)
}

/// GFLOP/s of `flops` FLOPs done in `seconds`.
pub fn gflops(flops: u64, seconds: f64) -> f64 {
    flops as f64 / seconds / 1e9
}

// The figures quoted in the docs above, checked at compile time.
const _: () = assert!(discriminator_macs(50) == 2650 && generator_macs(50) == 2700);
const _: () = assert!(d_update_flops(100, 50) == 3_680_000);
const _: () = assert!(g_update_flops(100, 50) == 2_660_000);
const _: () = assert!(classifier_macs(32) == 1120 && nce_update_flops(10, 4, 32) == 329_600);
const _: () = assert!(nce_update_flops(5, 8, 32) == 296_640);

/// The measurement samples among all the `(iterations, seconds)` records `iter_custom` saw.
///
/// Criterion first warms up (iteration counts 1, 2, 4, …), then takes its `n` samples with
/// counts `d, 2d, …, n·d` (linear sampling). Walking back from the last record while the
/// counts fall by `d` finds exactly those, whatever `--sample-size` said.
fn measurement_samples(records: &[(u64, f64)]) -> &[(u64, f64)] {
    let n = records.len();
    if n < 2 {
        return records;
    }
    let d = records[n - 1].0.saturating_sub(records[n - 2].0);
    if d == 0 {
        return records;
    }
    let mut start = n - 1;
    while start > 0 && records[start].0 > d && records[start - 1].0 + d == records[start].0 {
        start -= 1;
    }
    &records[start..]
}

/// Benchmarks `routine` as `id` in `group` (named `group_name`), with criterion's throughput set to
/// `flops_per_call` (so its `thrpt` line reads elem/s = FLOP/s, from its slope estimate).
///
/// The routine is timed with `iter_custom`, which keeps every sample's time; afterwards one
/// line prints criterion's *median* (the median over its samples of the time per iteration)
/// per update, the FLOPs per update and the GFLOP/s that median gives. `updates_per_call` is
/// how many updates one call of `routine` makes (an epoch makes many).
pub fn bench_counted(
    group: &mut BenchmarkGroup<'_, WallTime>,
    group_name: &str,
    id: &str,
    flops_per_call: u64,
    updates_per_call: u64,
    mut routine: impl FnMut(),
) {
    group.sampling_mode(SamplingMode::Linear);
    group.throughput(Throughput::Elements(flops_per_call));
    let mut records: Vec<(u64, f64)> = Vec::new();
    group.bench_function(id, |b| {
        b.iter_custom(|iters| {
            let start = Instant::now();
            for _ in 0..iters {
                routine();
            }
            let elapsed = start.elapsed();
            records.push((iters, elapsed.as_secs_f64()));
            elapsed
        })
    });
    let mut per_call: Vec<f64> = measurement_samples(&records)
        .iter()
        .map(|&(iters, secs)| secs / iters as f64)
        .collect();
    if per_call.is_empty() {
        return; // filtered out or only listed
    }
    let per_update = median(&mut per_call) / updates_per_call as f64;
    let flops = flops_per_call / updates_per_call;
    let time = if per_update < 1e-6 {
        format!("{:.1} ns", per_update * 1e9)
    } else {
        format!("{:.2} µs", per_update * 1e6)
    };
    println!(
        "{group_name}/{id}: median {time} per update, {flops} FLOP per update, {:.2} GFLOP/s \
         (criterion median over {} samples)",
        gflops(flops, per_update),
        per_call.len(),
    );
}
