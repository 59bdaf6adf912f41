//! Backprop over many examples shared between two workers, with the bits of
//! [`ChunkedBackward::train`](crate::nn::ChunkedBackward::train).
//!
//! Two kinds of work in a minibatch update do not depend on their order: each example's
//! forward pass, loss and deltas depend only on the model, and each gradient element is its
//! own sum over the examples. So the examples are traced a window at a time, the first of them
//! by one worker and the rest by the other, in the shares the [`Fork`] finds to make both
//! finish together (half each, to begin with); then one worker adds the window's terms to half
//! of the gradient's elements and the other to the rest, each element taking its terms in the
//! order of the examples. Every number is the one-core pass's.

use crate::error::Error;
use crate::kernels::CHUNK;
use crate::nn::chunk_trace::ChunkTrace;
use crate::nn::chunked::{bce_of_logit, losses_of_chunk, BackwardWeights};
use crate::nn::dense::Dense;
use crate::nn::fork::Fork;
use crate::nn::mlp2::Mlp2;

/// One chunk of examples kept whole between the two halves of a split backward pass: the
/// trace with its deltas, and each example's label, `∂L/∂y` and loss.
#[derive(Clone, Debug)]
pub struct TracedChunk<const I: usize, const H1: usize, const H2: usize, const O: usize> {
    trace: ChunkTrace<I, H1, H2, O>,
    labels: [f32; CHUNK],
    dys: [[f32; O]; CHUNK],
    losses: [f32; CHUNK],
    n: usize,
}

impl<const I: usize, const H1: usize, const H2: usize, const O: usize> TracedChunk<I, H1, H2, O> {
    /// An empty chunk, to fill a workspace.
    pub const ZERO: Self = TracedChunk {
        trace: ChunkTrace::ZERO,
        labels: [0.0; CHUNK],
        dys: [[0.0; O]; CHUNK],
        losses: [0.0; CHUNK],
        n: 0,
    };

    /// Forward pass, loss and deltas of this chunk's examples.
    #[inline(always)]
    fn trace(
        &mut self,
        model: &Mlp2<I, H1, H2, O>,
        weights: &BackwardWeights<I, H1, H2, O>,
        loss: impl Fn(&[f32; O], f32) -> ([f32; O], f32),
    ) {
        let n = self.n;
        model.forward_chunk(&mut self.trace, n);
        losses_of_chunk(
            &self.trace.y[..n],
            &self.labels[..n],
            &mut self.dys[..n],
            &mut self.losses[..n],
            loss,
        );
        weights.deltas(&mut self.trace, &self.dys, n);
    }
}

/// Examples per chunk times chunks: how many examples a workspace of `chunks` traces at once.
pub const fn window(chunks: usize) -> usize {
    chunks * CHUNK
}

/// Adds the parameter gradients of `count` examples to `grads`, with exactly the bits of
/// [`ChunkedBackward::train`](crate::nn::ChunkedBackward::train) on the same examples, the
/// work shared between the two sides of `fork`. `workspace` holds a window of chunks (at
/// least one); `weights` are the backward weights of `model`.
///
/// Example `i` is `input(i) = (x, label)`, called in order of `i` on the calling thread.
/// `loss(y, label)` returns `(∂L/∂y, L)`: a pure function, `Copy` to be handed to each side by
/// value (see [`ChunkedBackward::train`](crate::nn::ChunkedBackward::train)), that may run on
/// either side, in any order;
/// `seen(y, label, L)` is then called for each example in order of `i`, on the calling
/// thread, for the caller's statistics.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
pub fn train_split<const I: usize, const H1: usize, const H2: usize, const O: usize>(
    model: &Mlp2<I, H1, H2, O>,
    weights: &BackwardWeights<I, H1, H2, O>,
    grads: &mut Mlp2<I, H1, H2, O>,
    workspace: &mut [TracedChunk<I, H1, H2, O>],
    fork: &impl Fork,
    count: usize,
    mut input: impl FnMut(usize) -> ([f32; I], f32),
    loss: impl Fn(&[f32; O], f32) -> ([f32; O], f32) + Copy + Sync,
    mut seen: impl FnMut(&[f32; O], f32, f32),
) {
    // The windows take equal numbers of examples, each at most one chunk fewer than the
    // workspace holds, so that any share fits.
    let most = window(workspace.len().saturating_sub(1).max(1));
    let mut done = 0;
    while done < count {
        let left = count - done;
        let take = left.div_ceil(left.div_ceil(most));
        let first_side = first_side(take, workspace.len(), fork.first_share(take));
        // Fill each side's chunks in order of the examples, the first side's before the
        // second's.
        let mut used = 0;
        for mut left in [first_side, take - first_side] {
            while left > 0 {
                let chunk = &mut workspace[used];
                let n = left.min(CHUNK);
                for k in 0..n {
                    (chunk.trace.x[k], chunk.labels[k]) = input(done + k);
                }
                chunk.n = n;
                done += n;
                left -= n;
                used += 1;
            }
        }
        let window = &mut workspace[..used];
        let (first, second) = window.split_at_mut(first_side.div_ceil(CHUNK));
        // The closures are inlined into whatever runs them, so that a host can run them in a
        // copy compiled for its vector unit.
        fork.join_shared(
            #[inline(always)]
            || {
                for c in first {
                    c.trace(model, weights, loss);
                }
            },
            #[inline(always)]
            || {
                for c in second {
                    c.trace(model, weights, loss);
                }
            },
        );
        accumulate_split(grads, window, fork);
        for chunk in window.iter() {
            for k in 0..chunk.n {
                seen(&chunk.trace.y[k], chunk.labels[k], chunk.losses[k]);
            }
        }
    }
}

/// How many of a window's `take` examples the first side traces, given `chunks` chunks to
/// hold them and the fork's `wanted` share: all of it when each side's examples fit their own
/// chunks (a workspace one chunk larger than the examples fill always has room: 200 examples
/// trace as 100 and 100 in 14 chunks, where 13 would give 112 and 88), else `wanted` rounded
/// to whole chunks. The bits are the same whatever it returns: a chunk's examples are traced
/// alone, and the gradient takes them in order.
fn first_side(take: usize, chunks: usize, wanted: usize) -> usize {
    let wanted = wanted.min(take);
    if wanted.div_ceil(CHUNK) + (take - wanted).div_ceil(CHUNK) <= chunks {
        wanted
    } else {
        ((wanted + CHUNK / 2) / CHUNK * CHUNK).min(take)
    }
}

/// [`train_split`] for a one-output classifier trained by binary cross-entropy on its logit:
/// [`train_bce`](crate::nn::train_bce) on two workers, for NCE's classifier and the GAN's
/// discriminator. `seen(logit, label, L)` is called for each example in order of `i`, on the calling thread.
/// Refuses an empty `workspace`.
#[inline(always)]
// The closure around `bce_of_logit` is on purpose (see `ChunkedBackward::train`).
#[allow(clippy::redundant_closure)]
pub fn train_split_bce<const I: usize, const H1: usize, const H2: usize>(
    model: &Mlp2<I, H1, H2, 1>,
    grads: &mut Mlp2<I, H1, H2, 1>,
    workspace: &mut [TracedChunk<I, H1, H2, 1>],
    fork: &impl Fork,
    count: usize,
    input: impl FnMut(usize) -> ([f32; I], f32),
    seen: impl FnMut(&[f32; 1], f32, f32),
) -> Result<(), Error> {
    if workspace.is_empty() {
        return Err(Error::invalid("workspace", "must hold at least one chunk"));
    }
    let weights = BackwardWeights::of(model);
    train_split(
        model,
        &weights,
        grads,
        workspace,
        fork,
        count,
        input,
        #[inline(always)]
        |y, label| bce_of_logit(y, label),
        seen,
    );
    Ok(())
}

/// Adds the terms of every example of `chunks` to `grads`, in order of the examples, one side
/// of `fork` taking the first layer and the first half of the second layer's weight rows, the
/// other the rest.
#[inline(always)]
fn accumulate_split<const I: usize, const H1: usize, const H2: usize, const O: usize>(
    grads: &mut Mlp2<I, H1, H2, O>,
    chunks: &[TracedChunk<I, H1, H2, O>],
    fork: &impl Fork,
) {
    let Mlp2 {
        hidden1,
        hidden2,
        output,
        ..
    } = grads;
    // An even number of rows first, so that the rows pair as in the one-core pass.
    let half = (H1 / 2) & !1;
    let (rows1, rows2) = hidden2.w.split_at_mut(half);
    let bias2 = &mut hidden2.b;
    fork.join(
        #[inline(always)]
        || {
            for c in chunks {
                let (t, n) = (&c.trace, c.n);
                let (d1, d2, _) = &t.work;
                hidden1.accumulate_many(&t.x[..n], &d1[..n]);
                Dense::<H1, H2>::accumulate_many_rows(rows1, 0, &t.a1[..n], &d2[..n]);
            }
        },
        #[inline(always)]
        || {
            for c in chunks {
                let (t, n) = (&c.trace, c.n);
                let (_, d2, d3) = &t.work;
                Dense::<H1, H2>::accumulate_many_bias(bias2, &d2[..n]);
                Dense::<H1, H2>::accumulate_many_rows(rows2, half, &t.a1[..n], &d2[..n]);
                output.accumulate_many(&t.a2[..n], &d3[..n]);
            }
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::rng::Rng;
    use crate::nn::activation::Activation;
    use crate::nn::chunked::ChunkedBackward;
    use crate::nn::fork::InTurn;
    use crate::nn::loss::bce_with_logits;
    use crate::nn::params::Params;

    type Net = Mlp2<2, 32, 32, 1>;

    fn example(i: usize) -> ([f32; 2], f32) {
        let t = i as f32;
        (
            [libm::sinf(t * 0.37), libm::cosf(t * 1.3) * 2.0],
            i.is_multiple_of(5) as u8 as f32,
        )
    }

    fn loss(y: &[f32; 1], label: f32) -> ([f32; 1], f32) {
        let (l, dz) = bce_with_logits(y[0], label);
        ([dz], l)
    }

    /// One core that asks for `eighths`/8 of every shared window for its first side.
    struct Lopsided {
        eighths: usize,
    }

    impl Fork for Lopsided {
        fn join(&self, a: impl FnOnce() + Send, b: impl FnOnce() + Send) {
            InTurn.join(a, b)
        }

        fn first_share(&self, total: usize) -> usize {
            total * self.eighths / 8
        }
    }

    /// The split pass leaves the gradient, and sees the losses, of the one-core pass, bit for
    /// bit, for windows smaller and larger than the examples, a last chunk cut short and any
    /// share between the sides.
    #[test]
    fn split_pass_has_the_bits_of_the_chunked_pass() {
        let model = Net::init(
            [Activation::ELU, Activation::ELU, Activation::Identity],
            &mut Rng::seed_from(3),
        );
        for count in [1, CHUNK, 200, 3 * CHUNK + 5] {
            let mut expected = <Net as Params>::ZERO;
            let mut losses = [0.0f32; 256];
            let mut k = 0;
            ChunkedBackward::new(&model).train(
                &model,
                &mut expected,
                count,
                example,
                loss,
                |_, _, l| {
                    losses[k] = l;
                    k += 1;
                },
            );
            for (chunks, eighths) in [1, 2, 3, 14, 16]
                .into_iter()
                .flat_map(|c| (0..=8).map(move |e| (c, e)))
            {
                let mut grads = <Net as Params>::ZERO;
                let mut workspace = [TracedChunk::ZERO; 16];
                let weights = BackwardWeights::of(&model);
                let mut k = 0;
                train_split(
                    &model,
                    &weights,
                    &mut grads,
                    &mut workspace[..chunks],
                    &Lopsided { eighths },
                    count,
                    example,
                    loss,
                    |_, _, l| {
                        assert_eq!(l.to_bits(), losses[k].to_bits(), "example {k}");
                        k += 1;
                    },
                );
                assert_eq!(k, count);
                assert!(
                    bits(&grads).eq(bits(&expected)),
                    "{count} examples, {chunks} chunks, share {eighths}/8"
                );
            }
        }
    }

    /// Each side traces the share it wants when both sides' examples fit their chunks, and
    /// whole chunks of it when they do not.
    #[test]
    fn each_side_traces_its_share_when_the_chunks_allow() {
        assert_eq!(first_side(200, 14, 100), 100);
        assert_eq!(first_side(200, 14, 107), 107);
        assert_eq!(first_side(200, 13, 100), 6 * CHUNK);
        assert_eq!(first_side(200, 13, 105), 105);
        assert_eq!(first_side(2 * CHUNK, 2, CHUNK + 3), CHUNK);
        assert_eq!(first_side(3 * CHUNK, 3, 2 * CHUNK), 2 * CHUNK);
        assert_eq!(first_side(CHUNK, 1, CHUNK / 2), CHUNK);
        assert_eq!(first_side(1, 2, 1), 1);
        assert_eq!(first_side(5, 2, 9), 5);
        for take in 1..=4 * CHUNK {
            let chunks = take.div_ceil(CHUNK);
            for wanted in 0..=take {
                let first = first_side(take, chunks, wanted);
                let used = first.div_ceil(CHUNK) + (take - first).div_ceil(CHUNK);
                assert!(first <= take && used <= chunks, "{take} {chunks} {wanted}");
            }
        }
    }

    fn bits(g: &Net) -> impl Iterator<Item = u32> + '_ {
        let w1 = g.hidden1.w.as_flattened().iter().chain(&g.hidden1.b);
        let w2 = g.hidden2.w.as_flattened().iter().chain(&g.hidden2.b);
        let w3 = g.output.w.as_flattened().iter().chain(&g.output.b);
        w1.chain(w2).chain(w3).map(|v| v.to_bits())
    }
}
