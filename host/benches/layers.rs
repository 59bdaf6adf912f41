//! Dense layer benchmarks: `Dense<50, 50>` (the hidden-to-hidden layer of the GAN) and
//! `Dense<2, 50>` (its input layer), forward and backward for one example.
//!
//! FLOPs (see `common/mod.rs`): forward `2·I·O`; backward `4·I·O` (weight gradient
//! `δ·xᵀ` plus input gradient `Wᵀ·δ`). Run: `cargo bench -p tinygen-host --bench layers`.

mod common;

use common::{bench_counted, dense_backward_flops, dense_forward_flops, SEED};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::time::Duration;
use tinygen::{Dense, Rng};

/// Forward and backward of one `Dense<I, O>` on one example with random weights, input and
/// output gradient.
fn dense<const I: usize, const O: usize>(c: &mut Criterion) {
    let mut rng = Rng::seed_from(SEED);
    let layer = Dense::<I, O>::init(&mut rng);
    let x: [f32; I] = std::array::from_fn(|_| rng.gaussian());
    let delta: [f32; O] = std::array::from_fn(|_| rng.gaussian());
    let mut grads = Dense::<I, O>::zeros();
    let name = format!("dense_{I}x{O}");
    let mut group = c.benchmark_group(&name);
    bench_counted(
        &mut group,
        &name,
        "forward",
        dense_forward_flops(I, O),
        1,
        || {
            black_box(black_box(&layer).forward(black_box(&x)));
        },
    );
    bench_counted(
        &mut group,
        &name,
        "backward",
        dense_backward_flops(I, O),
        1,
        || {
            // The gradient keeps accumulating (as over a minibatch); it stays finite.
            let dx = black_box(&layer).backward(black_box(&x), black_box(&delta), &mut grads);
            black_box(dx);
        },
    );
    group.finish();
    black_box(&grads);
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = layers;
    config = config();
    targets = dense::<50, 50>, dense::<2, 50>
}
criterion_main!(layers);
