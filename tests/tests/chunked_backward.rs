//! Backprop in chunks gives the bits of backprop one example at a time.
//!
//! `ChunkedBackward` queues examples and accumulates each gradient element over a chunk while
//! it stays in a register; the sum it leaves must equal, bit for bit, one `Mlp2::backward` per
//! example in the same order, for any number of examples (full chunks and a remainder).

mod common;

use common::{config, float};
use proptest::prelude::*;
use tinygen::loss::bce_with_logits;
use tinygen::{Activation, BackwardWeights, ChunkedBackward, Mlp2, Mlp2Trace, Params, Rng, CHUNK};

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
        let mut queue = ChunkedBackward::new(&net);
        for _ in 0..examples {
            let x = [scale * rng.gaussian(), scale * rng.gaussian()];
            let t = net.forward_trace(&x);
            let (_, d0) = bce_with_logits(t.y[0], 1.0);
            let dy = [d0, rng.gaussian()];
            net.backward(&t, &dy, &mut one_by_one);
            // Both ways of queueing: a copied trace, or a forward pass into the queue.
            if rng.below(2) == 0 {
                queue.push(&t, dy, &mut chunked);
            } else {
                let queued = queue.forward(&net, &x);
                prop_assert_eq!(queued.y, t.y);
                queue.queue(dy, &mut chunked);
            }
        }
        queue.flush(&mut chunked);
        for k in 0..Net::TENSORS {
            let (a, b) = (one_by_one.tensor(k), chunked.tensor(k));
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                prop_assert_eq!(x.to_bits(), y.to_bits(), "tensor {} element {}", k, i);
            }
            prop_assert!(a.iter().any(|&g| g != 0.0), "tensor {} got no gradient", k);
        }
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
        let mut traces = [Mlp2Trace::ZERO; CHUNK];
        let mut dys = [[0.0; 2]; CHUNK];
        for k in 0..examples {
            traces[k] = net.forward_trace(&[scale * rng.gaussian(), scale * rng.gaussian()]);
            dys[k] = [rng.gaussian(), rng.gaussian()];
        }
        let weights = BackwardWeights::of(&net);
        let chunked = weights.input_gradient_chunk(&traces[..examples], &dys[..examples]);
        for k in 0..CHUNK {
            let want = if k < examples {
                net.input_gradient(&traces[k], &dys[k])
            } else {
                [0.0; 2]
            };
            for (x, y) in want.iter().zip(&chunked[k]) {
                prop_assert_eq!(x.to_bits(), y.to_bits(), "example {}", k);
            }
        }
    }
}
