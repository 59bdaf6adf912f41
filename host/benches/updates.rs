//! One training update of each network at the defaults, and the NCE sampler.
//!
//! - `gan/d_update`: `Gan::<50>::discriminator_step` on a 100-index batch (100 real + 100 fake
//!   points); `gan/g_update`: `Gan::<50>::generator_step` (100 latents).
//! - `nce/update`: one `Nce::<32>::train_minibatch` at `NceConfig::default()` (`batch_size`
//!   data points and `ν·batch_size` noise points); `nce/epoch`: a whole `Nce::train_epoch`
//!   (`1000 / batch_size` updates plus the shuffle), reported per update.
//! - `nce_sampler/bound`: building the rejection sampler of a trained model (its bound `M`
//!   from 4096 noise draws); `nce_sampler/samples_100`: drawing 100 samples from it.
//!
//! The updates run through `tinygen_host::run::dispatch`, with AVX2 when the CPU has it, as the CLI
//! does (`TINYGEN_SIMD=portable` times the baseline build). Every update benchmark keeps
//! training the same model, as training does. FLOPs per update
//! are counted as `common/mod.rs` explains. Run: `cargo bench -p tinygen-host --bench updates`.

mod common;

use common::{
    bench_counted, default_d_update_flops, default_g_update_flops, default_nce_update_flops,
    nce_updates_per_epoch, GanFixture, NceFixture, SEED,
};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;
use tinygen::models::jobs::{Streams, NCE_WIDTH, TRAINING_POINTS};
use tinygen::{DataSet, Nce, NceConfig};
use tinygen_host::run::dispatch::train_nce;

fn gan(c: &mut Criterion) {
    let mut group = c.benchmark_group("gan");
    let mut d = GanFixture::new();
    bench_counted(
        &mut group,
        "gan",
        "d_update",
        default_d_update_flops(),
        1,
        || d.d_update(),
    );
    let mut g = GanFixture::new();
    bench_counted(
        &mut group,
        "gan",
        "g_update",
        default_g_update_flops(),
        1,
        || g.g_update(),
    );
    group.finish();
}

fn nce(c: &mut Criterion) {
    let mut group = c.benchmark_group("nce");
    let mut one = NceFixture::new();
    bench_counted(
        &mut group,
        "nce",
        "update",
        default_nce_update_flops(),
        1,
        || one.update(),
    );
    let mut epoch = NceFixture::new();
    let updates = nce_updates_per_epoch();
    bench_counted(
        &mut group,
        "nce",
        "epoch",
        updates * default_nce_update_flops(),
        updates,
        || epoch.epoch(),
    );
    group.finish();
}

fn sampler(c: &mut Criterion) {
    let mut streams = Streams::new(SEED);
    let mut data = vec![[0.0f32; 2]; TRAINING_POINTS];
    DataSet::Moons
        .sample_into(&mut data, &mut streams.data)
        .expect("two moons");
    let mut nce: Box<Nce<2, NCE_WIDTH>> = Box::new(Nce::ZERO);
    train_nce(
        &mut nce,
        NceConfig::default(),
        &data,
        &mut streams,
        |_, _| {},
    )
    .expect("main job training");
    let mut rng = streams.sample;
    let mut group = c.benchmark_group("nce_sampler");
    group.bench_function("bound", |b| {
        b.iter(|| black_box(black_box(&nce).sampler(&mut rng).bound()))
    });
    let mut sampler = nce.sampler(&mut rng);
    group.throughput(Throughput::Elements(100));
    group.bench_function("samples_100", |b| {
        b.iter(|| {
            for _ in 0..100 {
                black_box(sampler.next_sample(&mut rng).expect("sample"));
            }
        })
    });
    group.finish();
    let stats = sampler.stats();
    println!(
        "nce_sampler: acceptance rate {:.3} ({:.1} proposals per sample, one classifier \
         forward of {} FLOP each)",
        stats.acceptance_rate(),
        stats.proposals as f64 / stats.accepted.max(1) as f64,
        common::FLOP_PER_MAC * common::classifier_macs(NCE_WIDTH),
    );
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = updates;
    config = config();
    targets = gan, nce, sampler
}
criterion_main!(updates);
