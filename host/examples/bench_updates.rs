//! Median time of one D update, one G update and one NCE update at the defaults, in the
//! plain `key value` format `bench/compare.sh` reads (the same keys as
//! `bench/pytorch_baseline.py`).
//!
//! ```sh
//! cargo run --release -p tinygen-host --example bench_updates [-- REPS]
//! ```
//!
//! Each update is timed alone with `Instant`, `REPS` times (default 2000; the NCE ones 10×
//! as many) after a warm-up of a tenth as many, and the median is printed in µs, with the
//! FLOPs per update and the GFLOP/s that median gives. The settings timed (batch sizes, ν,
//! learning rates: the current defaults) are printed too, for the PyTorch script. FLOPs are counted as
//! `host/benches/common/mod.rs` explains. The updates are those of `cargo bench --bench
//! updates`; `nce_epoch_update_us` is a whole default NCE training run (`NceConfig::default()`'s
//! epochs of `Nce::train_epoch`, from a fresh model) divided by its updates: what the NCE
//! update's median should come near, since its fixture trains through the same runs.

#[path = "../benches/common/mod.rs"]
mod common;

use common::{
    default_d_update_flops, default_g_update_flops, default_nce_update_flops, gflops,
    nce_updates_per_epoch, time_median, GanFixture, NceFixture,
};
use tinygen::{GanConfig, NceConfig};

/// Prints `NAME_us`, `NAME_flop` and `NAME_gflops` for one update of `flops` FLOPs.
fn report(name: &str, seconds: f64, flops: u64) {
    println!("{name}_us {:.2}", seconds * 1e6);
    println!("{name}_flop {flops}");
    println!("{name}_gflops {:.3}", gflops(flops, seconds));
}

fn main() {
    let reps: usize = match std::env::args().nth(1) {
        None => 2000,
        Some(s) => match s.parse() {
            Ok(n) if n > 0 => n,
            _ => {
                eprintln!("bench_updates: REPS must be a positive integer, not {s:?}");
                std::process::exit(2);
            }
        },
    };
    let warm_up = (reps / 10).max(1);
    println!(
        "# tinygen, single thread, median of {reps} updates (NCE: {}) after warm-up",
        reps * 10
    );
    // The settings timed, so that bench/pytorch_baseline.py can be given the same ones.
    let (gan_config, nce_config) = (GanConfig::default(), NceConfig::default());
    println!("gan_batch_size {}", gan_config.batch_size);
    println!("gan_g_lr {}", gan_config.g_adam.lr);
    println!("gan_d_lr {}", gan_config.d_adam.lr);
    println!("nce_batch_size {}", nce_config.batch_size);
    println!("nce_noise_ratio {}", nce_config.noise_ratio);
    println!("nce_lr {}", nce_config.adam.lr);

    let mut gan = GanFixture::new();
    let d = time_median(warm_up, reps, || gan.d_update());
    report("d_update", d, default_d_update_flops());

    let mut gan = GanFixture::new();
    let g = time_median(warm_up, reps, || gan.g_update());
    report("g_update", g, default_g_update_flops());

    let mut nce = NceFixture::new();
    let n = time_median(warm_up * 10, reps * 10, || nce.update());
    report("nce_update", n, default_nce_update_flops());

    let mut nce = NceFixture::new();
    let epochs = nce_config.epochs;
    let start = std::time::Instant::now();
    for _ in 0..epochs {
        nce.epoch();
    }
    let per_update =
        start.elapsed().as_secs_f64() / (epochs as u64 * nce_updates_per_epoch()) as f64;
    println!("nce_epoch_update_us {:.2}", per_update * 1e6);
    println!("nce_updates_per_epoch {}", nce_updates_per_epoch());
}
