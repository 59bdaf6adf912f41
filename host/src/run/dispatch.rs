//! Runs the training hot paths with AVX2 when the CPU has it.
//!
//! The host is built for baseline x86-64 (SSE2), so `cargo run --release` works on any x86-64
//! machine. The core's `inline-hot` feature makes a whole training job inline into the
//! function that calls it, so each function below is compiled twice, once with AVX2
//! enabled, and one copy is picked at run time. Only the vector width changes: every sum
//! keeps its order, no FMA is enabled and Rust never fuses `*` and `+`, so both copies give
//! the same bits (a CLI test compares them, and CI compares the host against the firmware).
//!
//! Setting `TINYGEN_SIMD=portable` forces the baseline copy.

use std::sync::OnceLock;
use tinygen::models::jobs::{self, Streams};
use tinygen::models::nce::MinibatchStats;
use tinygen::{Batches, Error, Gan, GanConfig, GanEpochStats, Nce, NceConfig, NceEpochStats, Rng};

/// The environment variable that forces the baseline copy when set to `portable`.
pub const SIMD_ENV: &str = "TINYGEN_SIMD";

/// True when the AVX2 copies run: the CPU has AVX2 and [`SIMD_ENV`] does not say
/// `portable`. Decided once per process.
pub fn use_avx2() -> bool {
    static CHOICE: OnceLock<bool> = OnceLock::new();
    *CHOICE.get_or_init(|| {
        let wanted = std::env::var(SIMD_ENV).map_or(true, |v| v != "portable");
        #[cfg(target_arch = "x86_64")]
        let available = std::arch::is_x86_feature_detected!("avx2");
        #[cfg(not(target_arch = "x86_64"))]
        let available = false;
        wanted && available
    })
}

/// The name of the copy [`use_avx2`] picks, for diagnostics.
pub fn simd_name() -> &'static str {
    if use_avx2() {
        "avx2"
    } else {
        "portable"
    }
}

/// Defines `pub fn NAME` that runs `BODY` compiled with AVX2 when [`use_avx2`], and compiled
/// for the baseline otherwise. Callbacks are passed as `&mut dyn FnMut`, so only the core's
/// code, not the caller's, is compiled twice.
macro_rules! dispatched {
    ($(#[$doc:meta])* pub fn $name:ident<$(const $c:ident: usize),+>($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        $(#[$doc])*
        pub fn $name<$(const $c: usize),+>($($arg: $ty),*) -> $ret {
            #[cfg(target_arch = "x86_64")]
            #[target_feature(enable = "avx2")]
            fn avx2<$(const $c: usize),+>($($arg: $ty),*) -> $ret $body
            fn portable<$(const $c: usize),+>($($arg: $ty),*) -> $ret $body
            #[cfg(target_arch = "x86_64")]
            if use_avx2() {
                // SAFETY: the only requirement of an AVX2 function is AVX2 support, which
                // `use_avx2` checked.
                return unsafe { avx2::<$($c),+>($($arg),*) };
            }
            portable::<$($c),+>($($arg),*)
        }
    };
}

dispatched! {
    /// [`jobs::train_nce`].
    pub fn train_nce_with<const D: usize, const H: usize>(
        nce: &mut Nce<D, H>,
        config: NceConfig,
        data: &[[f32; D]],
        order: &mut [u32],
        streams: &mut Streams,
        on_epoch: &mut dyn FnMut(usize, NceEpochStats),
    ) -> Result<(), Error> {
        jobs::train_nce(nce, config, data, order, streams, on_epoch)
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

/// Trains `nce` on `data` ([`jobs::train_nce`], a fresh minibatch order), with AVX2 when
/// [`use_avx2`].
pub fn train_nce<const D: usize, const H: usize>(
    nce: &mut Nce<D, H>,
    config: NceConfig,
    data: &[[f32; D]],
    streams: &mut Streams,
    mut on_epoch: impl FnMut(usize, NceEpochStats),
) -> Result<(), Error> {
    let mut order = vec![0; data.len()];
    train_nce_with(nce, config, data, &mut order, streams, &mut on_epoch)
}

/// Trains `gan` on `data` ([`jobs::train_gan`], a fresh minibatch order), with AVX2 when
/// [`use_avx2`].
pub fn train_gan<const D: usize, const H: usize>(
    gan: &mut Gan<D, H>,
    config: GanConfig,
    data: &[[f32; D]],
    streams: &mut Streams,
    mut on_epoch: impl FnMut(usize, &Gan<D, H>, GanEpochStats),
) -> Result<(), Error> {
    let mut order = vec![0; data.len()];
    train_gan_with(gan, config, data, &mut order, streams, &mut on_epoch)
}
