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
use tinygen::pipeline::{self, Streams};
use tinygen::{
    Batches, Error, Gan, GanConfig, GanEpochStats, MinibatchStats, Nce, NceConfig, NceEpochStats,
    Rng,
};

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
    ($(#[$doc:meta])* pub fn $name:ident<const $h:ident: usize>($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        $(#[$doc])*
        pub fn $name<const $h: usize>($($arg: $ty),*) -> $ret {
            #[cfg(target_arch = "x86_64")]
            #[target_feature(enable = "avx2")]
            fn avx2<const $h: usize>($($arg: $ty),*) -> $ret $body
            fn portable<const $h: usize>($($arg: $ty),*) -> $ret $body
            #[cfg(target_arch = "x86_64")]
            if use_avx2() {
                // SAFETY: the only requirement of an AVX2 function is AVX2 support, which
                // `use_avx2` checked.
                return unsafe { avx2::<$h>($($arg),*) };
            }
            portable::<$h>($($arg),*)
        }
    };
}

dispatched! {
    /// [`pipeline::train_nce`].
    pub fn train_nce_with<const H: usize>(
        config: NceConfig,
        streams: &mut Streams,
        on_epoch: &mut dyn FnMut(usize, NceEpochStats),
    ) -> Result<Nce<H>, Error> {
        pipeline::train_nce(config, streams, on_epoch)
    }
}

dispatched! {
    /// [`pipeline::train_gan`].
    pub fn train_gan_with<const H: usize>(
        config: GanConfig,
        epochs: usize,
        streams: &mut Streams,
        on_epoch: &mut dyn FnMut(usize, &Gan<H>, GanEpochStats),
    ) -> Result<Gan<H>, Error> {
        pipeline::train_gan(config, epochs, streams, on_epoch)
    }
}

dispatched! {
    /// [`Gan::discriminator_step`] (for benchmarks).
    pub fn discriminator_step<const H: usize>(
        gan: &mut Gan<H>,
        data: &[[f32; 2]],
        batch: &[u32],
        rng: &mut Rng,
    ) -> Result<GanEpochStats, Error> {
        gan.discriminator_step(data, batch, rng)
    }
}

dispatched! {
    /// [`Gan::generator_step`] (for benchmarks).
    pub fn generator_step<const H: usize>(gan: &mut Gan<H>, rng: &mut Rng) -> Result<f32, Error> {
        gan.generator_step(rng)
    }
}

dispatched! {
    /// [`Nce::train_epoch`] on the default number of training points (for benchmarks).
    pub fn nce_train_epoch<const H: usize>(
        nce: &mut Nce<H>,
        data: &[[f32; 2]; pipeline::TRAINING_POINTS],
        batches: &mut Batches<{ pipeline::TRAINING_POINTS }>,
        rng: &mut Rng,
    ) -> Result<NceEpochStats, Error> {
        nce.train_epoch(data, batches, rng)
    }
}

dispatched! {
    /// [`Nce::train_minibatch`] (for benchmarks).
    pub fn nce_train_minibatch<const H: usize>(
        nce: &mut Nce<H>,
        data: &[[f32; 2]],
        batch: &[u32],
        rng: &mut Rng,
    ) -> Result<MinibatchStats, Error> {
        nce.train_minibatch(data, batch, rng)
    }
}

/// [`pipeline::train_nce`], with AVX2 when [`use_avx2`].
pub fn train_nce<const H: usize>(
    config: NceConfig,
    streams: &mut Streams,
    mut on_epoch: impl FnMut(usize, NceEpochStats),
) -> Result<Nce<H>, Error> {
    train_nce_with(config, streams, &mut on_epoch)
}

/// [`pipeline::train_gan`], with AVX2 when [`use_avx2`].
pub fn train_gan<const H: usize>(
    config: GanConfig,
    epochs: usize,
    streams: &mut Streams,
    mut on_epoch: impl FnMut(usize, &Gan<H>, GanEpochStats),
) -> Result<Gan<H>, Error> {
    train_gan_with(config, epochs, streams, &mut on_epoch)
}
