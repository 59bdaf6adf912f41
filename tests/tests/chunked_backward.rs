//! Backprop in chunks gives the bits of backprop one example at a time.
//!
//! `ChunkedBackward` queues examples, runs their forward passes together and accumulates each
//! gradient element over a chunk while it stays in a register; the sum it leaves must equal,
//! bit for bit, one `Mlp2::forward_trace` and `Mlp2::backward` per example in the same order,
//! for any number of examples (full chunks and a remainder).

mod common;

use common::{config, float};
use proptest::prelude::*;
use tinygen::kernels::CHUNK;
use tinygen::nn::loss::bce_with_logits;
use tinygen::nn::{BackwardWeights, ChunkTrace, ChunkedBackward};
use tinygen::{Activation, Dense, Mlp2, Params, Rng};

/// Widths that are not multiples of a vector width, so vector loops and their tails are both
/// exercised.
type Net = Mlp2<2, 19, 21, 2>;

proptest! {
    #![proptest_config(config(256, "proptest-regressions/chunked_backward.txt"))]

    #[test]
    fn chunked_backward_equals_one_example_at_a_time(
        seed in any::<u64>(),
        examples in 1usize..40,
        scale in float(0.1, 3.0),
    ) {
        let mut rng = Rng::seed_from(seed);
        let acts = [Activation::ELU, Activation::Sigmoid, Activation::Identity];
        let net = Net::init(acts, &mut rng);
        let mut one_by_one = Net::ZERO;
        let mut chunked = Net::ZERO;
        let mut inputs = Vec::new();
        let mut want = Vec::new();
        for _ in 0..examples {
            let x = [scale * rng.gaussian(), scale * rng.gaussian()];
            let label = rng.uniform_in(-1.0, 1.0);
            let t = net.forward_trace(&x);
            net.backward(&t, &gradient_of(&t.y, label), &mut one_by_one);
            inputs.push((x, label));
            want.push(t.y);
        }
        // The loss the queue calls: ∂L/∂y from the output and the label, and a stand-in
        // loss made of both, so that what `seen` is shown tells which output and label the
        // loss was given.
        let stand_in = |y: &[f32; 2], label: f32| y[0] * 3.0 + label;
        let mut asked = Vec::new();
        let mut shown = Vec::new();
        ChunkedBackward::new(&net).train(
            &net,
            &mut chunked,
            examples,
            |i| {
                asked.push(i);
                inputs[i]
            },
            |y, label| (gradient_of(y, label), stand_in(y, label)),
            |y, label, loss| shown.push((*y, label, loss)),
        );
        prop_assert_eq!(asked, (0..examples).collect::<Vec<_>>());
        prop_assert_eq!(shown.len(), examples);
        // Each example's own output, label and loss, in order.
        for ((y, label, loss), (w, (_, l))) in shown.iter().zip(want.iter().zip(&inputs)) {
            prop_assert_eq!(y.map(f32::to_bits), w.map(f32::to_bits));
            prop_assert_eq!(label.to_bits(), l.to_bits());
            prop_assert_eq!(loss.to_bits(), stand_in(w, *l).to_bits());
        }
        for k in 0..Net::TENSORS {
            let (a, b) = (one_by_one.tensor(k), chunked.tensor(k));
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                prop_assert_eq!(x.to_bits(), y.to_bits(), "tensor {} element {}", k, i);
            }
            prop_assert!(a.iter().any(|&g| g != 0.0), "tensor {} got no gradient", k);
        }
    }

    /// `forward_chunk` (and `forward_chunk_outputs`, which keeps no derivatives) give each
    /// of their first `examples` rows the bits of `forward_trace`, whatever the other rows
    /// held before.
    #[test]
    fn forward_chunk_equals_forward_trace(
        seed in any::<u64>(),
        examples in 1usize..=CHUNK,
        scale in float(0.1, 3.0),
    ) {
        let mut rng = Rng::seed_from(seed);
        let acts = [Activation::ELU, Activation::Sigmoid, Activation::Identity];
        let net = Net::init(acts, &mut rng);
        let mut chunk = ChunkTrace::ZERO;
        // Leftovers of an earlier chunk in every row.
        for x in &mut chunk.x {
            *x = [scale * rng.gaussian(), scale * rng.gaussian()];
        }
        net.forward_chunk(&mut chunk, CHUNK);
        for x in &mut chunk.x[..examples] {
            *x = [scale * rng.gaussian(), scale * rng.gaussian()];
        }
        let mut outputs_only = chunk.clone();
        net.forward_chunk(&mut chunk, examples);
        net.forward_chunk_outputs(&mut outputs_only, examples);
        for k in 0..examples {
            let want = net.forward_trace(&chunk.x[k]);
            let (s1, s2, s3) = &chunk.slopes;
            let got = [&chunk.a1[k][..], &chunk.a2[k], &chunk.y[k], &s1[k], &s2[k], &s3[k]];
            let (w1, w2, w3) = &want.slopes;
            let expected = [&want.a1[..], &want.a2, &want.y, w1, w2, w3];
            for (part, (g, w)) in got.iter().zip(&expected).enumerate() {
                prop_assert_eq!(bits(g), bits(w), "example {} part {}", k, part);
            }
            prop_assert_eq!(bits(&outputs_only.y[k]), bits(&want.y), "outputs only, example {}", k);
        }
    }

    /// Every shape `accumulate_many` has a path for. Wide layers keep two gradient rows in
    /// registers, in groups of blocks: 7 blocks (width 50, the last overlapped) go 4 + 3, 5
    /// (width 36) 3 + 2, 8 (width 64) 4 + 4, 2 (width 9) in one; an odd input count leaves one
    /// row to go alone. Narrow layers (50 → 1, 50 → 2) keep their columns in registers
    /// instead. Width 70 is too wide for either and takes the plain loop.
    #[test]
    fn accumulate_many_equals_accumulate(seed in any::<u64>(), examples in 1usize..=CHUNK) {
        accumulate_many_matches::<3, 50>(seed, examples)?;
        accumulate_many_matches::<50, 50>(seed, examples)?;
        accumulate_many_matches::<4, 36>(seed, examples)?;
        accumulate_many_matches::<5, 64>(seed, examples)?;
        accumulate_many_matches::<2, 9>(seed, examples)?;
        accumulate_many_matches::<50, 1>(seed, examples)?;
        accumulate_many_matches::<50, 2>(seed, examples)?;
        accumulate_many_matches::<3, 70>(seed, examples)?;
    }

    #[test]
    fn chunked_input_gradients_equal_one_example_at_a_time(
        seed in any::<u64>(),
        examples in 1usize..=CHUNK,
        scale in float(0.1, 3.0),
    ) {
        let mut rng = Rng::seed_from(seed);
        let acts = [Activation::ELU, Activation::ELU, Activation::Identity];
        let net = Net::init(acts, &mut rng);
        let mut chunk = ChunkTrace::ZERO;
        // Rows past `examples` hold an input and a `∂L/∂y` too; they must not leak through.
        let mut dys = [[0.0; 2]; CHUNK];
        for (x, dy) in chunk.x.iter_mut().zip(&mut dys) {
            *x = [scale * rng.gaussian(), scale * rng.gaussian()];
            *dy = [rng.gaussian(), rng.gaussian()];
        }
        net.forward_chunk(&mut chunk, examples);
        let weights = BackwardWeights::of(&net);
        let chunked = weights.input_gradient_chunk(&mut chunk, &dys, examples);
        for k in 0..CHUNK {
            let want = if k < examples {
                net.input_gradient(&net.forward_trace(&chunk.x[k]), &dys[k])
            } else {
                [0.0; 2]
            };
            for (x, y) in want.iter().zip(&chunked[k]) {
                prop_assert_eq!(x.to_bits(), y.to_bits(), "example {}", k);
            }
        }
    }
}

/// `∂L/∂y` of a made-up loss: BCE on the first output, `label · y₁` on the second.
fn gradient_of(y: &[f32; 2], label: f32) -> [f32; 2] {
    let (_, d0) = bce_with_logits(y[0], f32::from(label > 0.0));
    [d0, label * y[1]]
}

/// `Dense::accumulate_many` against one `Dense::accumulate` per example, from a gradient that
/// is not zero to start with.
fn accumulate_many_matches<const I: usize, const O: usize>(
    seed: u64,
    examples: usize,
) -> Result<(), TestCaseError> {
    let mut rng = Rng::seed_from(seed);
    let layer = Dense::<I, O>::init(&mut rng);
    let start = Dense::<I, O>::init(&mut rng);
    let xs: Vec<[f32; I]> = (0..examples)
        .map(|_| std::array::from_fn(|_| rng.gaussian()))
        .collect();
    let ds: Vec<[f32; O]> = (0..examples)
        .map(|_| std::array::from_fn(|_| rng.gaussian()))
        .collect();
    let mut one_by_one = start.clone();
    for (x, d) in xs.iter().zip(&ds) {
        layer.accumulate(x, d, &mut one_by_one);
    }
    let mut many = start;
    many.accumulate_many(&xs, &ds);
    for k in 0..Dense::<I, O>::TENSORS {
        for (i, (a, b)) in one_by_one.tensor(k).iter().zip(many.tensor(k)).enumerate() {
            prop_assert_eq!(
                a.to_bits(),
                b.to_bits(),
                "{} → {} tensor {} element {}",
                I,
                O,
                k,
                i
            );
        }
    }
    Ok(())
}

/// The bit patterns of `values`, for exact comparisons with readable failures.
fn bits(values: &[f32]) -> Vec<u32> {
    values.iter().map(|v| v.to_bits()).collect()
}
