//! The main job end to end, as `tinygen` with no arguments runs it minus the output: train
//! NCE at `NceConfig::default()` on seed 42 and draw 100 samples through the sampler (the
//! command's own run, held-out check included).
//!
//! Each run takes well over half a second, so this uses flat sampling with 10 samples.
//! Run: `cargo bench -p tinygen-host --bench main_job`.

mod common;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use std::hint::black_box;
use std::time::Duration;
use tinygen::NceConfig;
use tinygen_host::run::nce;

/// Training + 100 samples; returns the samples.
fn main_job() -> Vec<[f32; 2]> {
    let (points, _) =
        nce::run(NceConfig::default(), common::SEED, 100, |_, _| {}).expect("main job");
    points
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("main_job");
    group.sampling_mode(SamplingMode::Flat);
    group.bench_function("train_nce_and_100_samples", |b| {
        b.iter(|| black_box(main_job()))
    });
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(9))
}

criterion_group! {
    name = main_job_group;
    config = config();
    targets = bench
}
criterion_main!(main_job_group);
