//! Runs the training hot paths with the widest vector unit the CPU has.
//!
//! The host is built for baseline x86-64 (SSE2), so `cargo run --release` works on any x86-64
//! machine. The core's `inline-hot` feature makes a whole training job inline into the
//! function that calls it, so each function below is compiled three times — for the
//! baseline, with AVX2, and with AVX-512 — and one copy is picked at run time. Only the
//! vector width changes: every sum keeps its order and Rust never fuses `*` and `+` (even
//! where the enabled features include FMA), so every copy gives the same bits (CLI tests
//! compare them, and CI compares the host against the firmware).
//!
//! `TINYGEN_SIMD=portable`, `avx2` or `avx512` asks for a copy; one the CPU lacks falls back
//! to the widest it has.

use crate::run::helper_thread::{with_helper, HelperThread};
use std::sync::OnceLock;
use tinygen::kernels::CHUNK;
use tinygen::models::cores::{OneCore, Split};
use tinygen::models::jobs::{self, Streams};
use tinygen::models::nce::{KeepingRefit, KeptFeatures, MinibatchStats, RefitStats, SamplerStats};
use tinygen::nn::fork::InTurn;
use tinygen::nn::split_backward::TracedChunk;
use tinygen::{Batches, Error, Gan, GanConfig, GanEpochStats, Nce, NceConfig, NceEpochStats, Rng};

/// The environment variable that asks for a copy: `portable`, `avx2` or `avx512`.
pub const SIMD_ENV: &str = "TINYGEN_SIMD";

/// The compiled copies of the hot paths.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Simd {
    /// Baseline x86-64 (SSE2), or any other architecture.
    Portable,
    /// AVX2.
    Avx2,
    /// AVX-512 (F, VL, BW, DQ).
    Avx512,
}

impl Simd {
    /// The widest copy this CPU runs.
    fn available() -> Simd {
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx512f")
                && std::arch::is_x86_feature_detected!("avx512vl")
                && std::arch::is_x86_feature_detected!("avx512bw")
                && std::arch::is_x86_feature_detected!("avx512dq")
            {
                return Simd::Avx512;
            }
            if std::arch::is_x86_feature_detected!("avx2") {
                return Simd::Avx2;
            }
        }
        Simd::Portable
    }

    /// The copy [`SIMD_ENV`] asks for (the widest when unset or unknown), capped at what the
    /// CPU has. Decided once per process.
    pub fn chosen() -> Simd {
        static CHOICE: OnceLock<Simd> = OnceLock::new();
        *CHOICE.get_or_init(|| {
            let wanted = match std::env::var(SIMD_ENV).as_deref() {
                Ok("portable") => Simd::Portable,
                Ok("avx2") => Simd::Avx2,
                _ => Simd::Avx512,
            };
            wanted.min(Simd::available())
        })
    }

    /// The copy's name, for diagnostics.
    pub fn name(self) -> &'static str {
        match self {
            Simd::Portable => "portable",
            Simd::Avx2 => "avx2",
            Simd::Avx512 => "avx512",
        }
    }
}

/// The name of the copy that runs, for diagnostics.
pub fn simd_name() -> &'static str {
    Simd::chosen().name()
}

/// Defines `pub fn NAME` that runs `BODY` compiled for the copy [`Simd::chosen`] picks.
/// Callbacks are passed as `&mut dyn FnMut`, so only the core's code, not the caller's, is
/// compiled three times.
macro_rules! dispatched {
    ($(#[$doc:meta])* pub fn $name:ident<$(const $c:ident: usize),+>($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        $(#[$doc])*
        pub fn $name<$(const $c: usize),+>($($arg: $ty),*) -> $ret {
            #[cfg(target_arch = "x86_64")]
            #[target_feature(enable = "avx512f,avx512vl,avx512bw,avx512dq")]
            fn avx512<$(const $c: usize),+>($($arg: $ty),*) -> $ret $body
            #[cfg(target_arch = "x86_64")]
            #[target_feature(enable = "avx2")]
            fn avx2<$(const $c: usize),+>($($arg: $ty),*) -> $ret $body
            fn portable<$(const $c: usize),+>($($arg: $ty),*) -> $ret $body
            #[cfg(target_arch = "x86_64")]
            match Simd::chosen() {
                // SAFETY: each copy needs only the features `Simd::chosen` checked the CPU has.
                Simd::Avx512 => return unsafe { avx512::<$($c),+>($($arg),*) },
                // SAFETY: as above.
                Simd::Avx2 => return unsafe { avx2::<$($c),+>($($arg),*) },
                Simd::Portable => {}
            }
            portable::<$($c),+>($($arg),*)
        }
    };
}

dispatched! {
    /// [`jobs::train_nce`] on one thread, its refit keeping its features ([`KeepingRefit`]):
    /// the same bits.
    pub fn train_nce_with<const D: usize, const H: usize>(
        nce: &mut Nce<D, H>,
        config: NceConfig,
        data: &[[f32; D]],
        order: &mut [u32],
        streams: &mut Streams,
        on_epoch: &mut dyn FnMut(usize, NceEpochStats),
        updates: &mut KeepingRefit<'_, OneCore, InTurn, D, H>,
    ) -> Result<RefitStats, Error> {
        jobs::train_nce_using(nce, config, data, order, streams, on_epoch, updates)
    }
}

dispatched! {
    /// [`jobs::train_nce_using`] with each update, and the refit's first pass, split between
    /// this thread and a helper thread ([`Split`], [`KeepingRefit`]): the bits of
    /// [`train_nce_with`].
    pub fn train_nce_split_with<const D: usize, const H: usize>(
        nce: &mut Nce<D, H>,
        config: NceConfig,
        data: &[[f32; D]],
        order: &mut [u32],
        streams: &mut Streams,
        on_epoch: &mut dyn FnMut(usize, NceEpochStats),
        updates: &mut KeepingRefit<'_, Split<'_, HelperThread<'_>, D, H>, HelperThread<'_>, D, H>,
    ) -> Result<RefitStats, Error> {
        jobs::train_nce_using(nce, config, data, order, streams, on_epoch, updates)
    }
}

dispatched! {
    /// [`jobs::train_gan`].
    pub fn train_gan_with<const D: usize, const H: usize>(
        gan: &mut Gan<D, H>,
        config: GanConfig,
        data: &[[f32; D]],
        order: &mut [u32],
        streams: &mut Streams,
        on_epoch: &mut dyn FnMut(usize, &Gan<D, H>, GanEpochStats),
    ) -> Result<(), Error> {
        jobs::train_gan(gan, config, data, order, streams, on_epoch)
    }
}

dispatched! {
    /// [`jobs::train_gan_using`] with each discriminator update split between this thread
    /// and a helper thread ([`Split`]): the bits of [`train_gan_with`].
    pub fn train_gan_split_with<const D: usize, const H: usize>(
        gan: &mut Gan<D, H>,
        config: GanConfig,
        data: &[[f32; D]],
        order: &mut [u32],
        streams: &mut Streams,
        on_epoch: &mut dyn FnMut(usize, &Gan<D, H>, GanEpochStats),
        cores: &mut Split<'_, HelperThread<'_>, D, H>,
    ) -> Result<(), Error> {
        jobs::train_gan_using(gan, config, data, order, streams, on_epoch, cores)
    }
}

dispatched! {
    /// [`Gan::discriminator_step`] (for benchmarks).
    pub fn discriminator_step<const D: usize, const H: usize>(
        gan: &mut Gan<D, H>,
        data: &[[f32; D]],
        batch: &[u32],
        rng: &mut Rng,
    ) -> Result<GanEpochStats, Error> {
        gan.discriminator_step(data, batch, rng)
    }
}

dispatched! {
    /// [`Gan::generator_step`] (for benchmarks).
    pub fn generator_step<const D: usize, const H: usize>(
        gan: &mut Gan<D, H>,
        rng: &mut Rng,
    ) -> Result<f32, Error> {
        gan.generator_step(rng)
    }
}

dispatched! {
    /// [`Nce::train_epoch`] (for benchmarks).
    pub fn nce_train_epoch<const D: usize, const H: usize>(
        nce: &mut Nce<D, H>,
        data: &[[f32; D]],
        batches: &mut Batches,
        rng: &mut Rng,
    ) -> Result<NceEpochStats, Error> {
        nce.train_epoch(data, batches, rng)
    }
}

dispatched! {
    /// [`Nce::train_minibatch`] (for benchmarks).
    pub fn nce_train_minibatch<const D: usize, const H: usize>(
        nce: &mut Nce<D, H>,
        data: &[[f32; D]],
        batch: &[u32],
        rng: &mut Rng,
    ) -> Result<MinibatchStats, Error> {
        nce.train_minibatch(data, batch, rng)
    }
}

dispatched! {
    /// [`Nce::sampler`] (its rejection bound from the noise draws) and `n` of its samples
    /// ([`Sampler::next_sample`](tinygen::models::nce::Sampler::next_sample)): the points, the
    /// sampler's counts and its final bound. Each proposal is a forward pass of the
    /// classifier, so on the mixtures, whose samplers accept few proposals, sampling is about
    /// a fifth of a run.
    pub fn sample_nce<const D: usize, const H: usize>(
        nce: &Nce<D, H>,
        n: usize,
        rng: &mut Rng,
    ) -> Result<(Vec<[f32; D]>, SamplerStats, f32), Error> {
        let mut sampler = nce.sampler(rng);
        let points = (0..n)
            .map(|_| sampler.next_sample(rng))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((points, sampler.stats(), sampler.bound()))
    }
}

/// Trains `nce` on `data` ([`jobs::train_nce`], a fresh minibatch order), with the copy
/// [`Simd::chosen`] picks, each update split with a helper thread when [`with_helper`] gives
/// one and the update has at least [`MIN_SPLIT_EXAMPLES`] examples. The refit keeps its
/// features when they take at most [`MAX_KEPT_BYTES`]. Returns what the refit did and how many
/// threads trained (1 or 2). The bits are the same either way.
pub fn train_nce<const D: usize, const H: usize>(
    nce: &mut Nce<D, H>,
    config: NceConfig,
    data: &[[f32; D]],
    streams: &mut Streams,
    mut on_epoch: impl FnMut(usize, NceEpochStats),
) -> Result<(RefitStats, usize), Error> {
    let mut order = vec![0; data.len()];
    let on_epoch = &mut on_epoch;
    let rows = KeptFeatures::<D, H>::rows(data.len(), config.refit_noise);
    let rows = match KeptFeatures::<D, H>::bytes(rows) <= MAX_KEPT_BYTES {
        true => rows,
        false => 0,
    };
    // `vec!` writes the features' rows (arrays longer than 16) one by one, faulting their pages
    // in here, on this thread, before training. Untouched zeroed pages (flat `f32`s) were
    // slower with two threads, whose faults inside the refit's fork contend in the kernel
    // (docs/measurements.md, session 49).
    let (mut points, mut features) = (vec![[0.0; D]; rows], vec![[0.0; H]; rows]);
    let kept = KeptFeatures {
        points: &mut points,
        features: &mut features,
    };
    let worth_splitting =
        examples_per_update(config.batch_size, config.noise_ratio) >= MIN_SPLIT_EXAMPLES;
    with_helper(worth_splitting, |helper| match helper {
        Some(helper) => {
            let ratio = config.noise_ratio.max(config.fine_tune.noise_ratio);
            let examples = examples_per_update(config.batch_size, ratio);
            let chunks = window_chunks(examples);
            let mut workspace = vec![TracedChunk::ZERO; chunks];
            let mut updates = KeepingRefit {
                updates: Split {
                    workspace: &mut workspace,
                    fork: helper,
                },
                kept,
                fork: helper,
            };
            let refit = train_nce_split_with(
                nce,
                config,
                data,
                &mut order,
                streams,
                on_epoch,
                &mut updates,
            )?;
            Ok((refit, 2))
        }
        None => {
            let updates = &mut KeepingRefit {
                updates: OneCore,
                kept,
                fork: &InTurn,
            };
            let refit = train_nce_with(nce, config, data, &mut order, streams, on_epoch, updates)?;
            Ok((refit, 1))
        }
    })
}

/// The examples of one update: `batch` data points and `ratio` noise draws for each.
fn examples_per_update(batch: usize, ratio: usize) -> usize {
    batch.saturating_mul(ratio.saturating_add(1))
}

/// The most memory a refit may keep its features in: 256 MiB, a million draws and more at
/// width 32 (the default's 262,144 draws take 36 MB). A larger refit computes them again on
/// every pass.
pub const MAX_KEPT_BYTES: usize = 256 << 20;

/// The fewest examples per update worth splitting between two threads: two chunks, one for
/// each.
pub const MIN_SPLIT_EXAMPLES: usize = 2 * CHUNK;

/// The chunks of a split update's workspace for `examples` examples: one more than they fill,
/// so that the two sides can trace any shares of them (`first_side` in the core's split pass).
fn window_chunks(examples: usize) -> usize {
    (examples.div_ceil(CHUNK) + 1).clamp(2, MAX_WINDOW_CHUNKS)
}

/// The most chunks a split update traces before it adds up their gradients: 32 chunks of
/// width 32 take about 340 KB, within a core's second-level cache.
const MAX_WINDOW_CHUNKS: usize = 32;

/// Trains `gan` on `data` ([`jobs::train_gan`], a fresh minibatch order), with the copy
/// [`Simd::chosen`] picks, each discriminator update split with a helper thread when
/// [`with_helper`] gives one and the update (a minibatch of real points and as many fakes)
/// has at least [`MIN_SPLIT_EXAMPLES`] examples. The generator updates stay on this thread.
/// Returns how many threads trained (1 or 2). The bits are the same either way.
pub fn train_gan<const D: usize, const H: usize>(
    gan: &mut Gan<D, H>,
    config: GanConfig,
    data: &[[f32; D]],
    streams: &mut Streams,
    mut on_epoch: impl FnMut(usize, &Gan<D, H>, GanEpochStats),
) -> Result<usize, Error> {
    let mut order = vec![0; data.len()];
    let on_epoch = &mut on_epoch;
    let examples = config.batch_size.saturating_mul(2);
    with_helper(examples >= MIN_SPLIT_EXAMPLES, |helper| match helper {
        Some(helper) => {
            let chunks = window_chunks(examples);
            let mut workspace = vec![TracedChunk::ZERO; chunks];
            let mut cores = Split {
                workspace: &mut workspace,
                fork: helper,
            };
            train_gan_split_with(gan, config, data, &mut order, streams, on_epoch, &mut cores)?;
            Ok(2)
        }
        None => {
            train_gan_with(gan, config, data, &mut order, streams, on_epoch)?;
            Ok(1)
        }
    })
}
