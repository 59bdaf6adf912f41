//! The dead-ReLU study's classifier, one definition for `tinygen relu` and the browser's
//! Dead-ReLU view, so the two train and measure the same network bit for bit.
//!
//! A 2→H→H→1 network with ReLU or ELU hidden units learns the labels of the two moons with
//! plain minibatch SGD (BCE on the logit). A unit is dead when its pre-activation is ≤ 0 on
//! every training point: then, for ReLU, its gradient is exactly 0 and SGD never moves it
//! again. ELU's `α·eᶻ > 0` keeps every unit's gradient alive.

use crate::data::moons::{make_moons, Dataset};
use crate::error::Error;
use crate::models::jobs::Streams;
use crate::nn::activation::Activation;
use crate::nn::dead::dead_count;
use crate::nn::loss::bce_with_logits;
use crate::nn::mlp2::Mlp2;
use crate::nn::optim::{Learner, Sgd, SgdConfig};

/// Training points (two moons, with their labels).
pub const POINTS: usize = 1000;
/// Noise of the two moons: 0.1, so that the classes touch and the task is not trivial.
pub const DATA_NOISE: f32 = 0.1;
/// Hidden units per layer.
pub const WIDTH: usize = 32;
/// Minibatch size.
pub const BATCH_SIZE: usize = 20;
/// A run whose mean training loss exceeds this has blown up and counts as diverged. The
/// initial loss is about ln 2 ≈ 0.69 and a run that learns ends far below 1; past 100 the
/// logits are off by about 100 on average.
pub const BLOW_UP_LOSS: f64 = 100.0;

/// The classifier: point → logit.
pub type MoonsClassifier<const H: usize> = Mlp2<2, H, H, 1>;

/// The classifier with its plain SGD.
pub type SgdClassifier<const H: usize> = Learner<MoonsClassifier<H>, Sgd<MoonsClassifier<H>>>;

/// What is measured after an epoch, over the whole training set (in `f64`, so that the shares
/// print as the same text wherever they are computed).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measure {
    /// Share of first-layer units with no positive pre-activation on any training point.
    pub dead1: f64,
    /// The same for the second layer (whose inputs are the first layer's outputs).
    pub dead2: f64,
    /// Share of training points classified right (`logit > 0` ⇔ label 1).
    pub accuracy: f64,
    /// Mean binary cross-entropy.
    pub loss: f64,
}

/// The hidden activations and a linear logit: `hidden` on both hidden layers.
pub fn activations(hidden: Activation) -> [Activation; 3] {
    [hidden, hidden, Activation::Identity]
}

/// A fresh classifier for `seed` with `hidden` units and plain SGD at `lr`, the seed's
/// training data, and its streams (`train` then orders the minibatches). One seed gives a
/// ReLU and an ELU run the same data and the same initial weights.
pub fn setup<const H: usize>(
    hidden: Activation,
    lr: f32,
    seed: u64,
) -> Result<(SgdClassifier<H>, Dataset<POINTS>, Streams), Error> {
    let mut streams = Streams::new(seed);
    let data = make_moons::<POINTS>(DATA_NOISE, &mut streams.data)?;
    let model = MoonsClassifier::<H>::init(activations(hidden), &mut streams.init);
    let sgd = plain_sgd(&model, lr)?;
    Ok((Learner::new(model, sgd), data, streams))
}

/// The study's optimizer: plain SGD (no momentum) at `lr`, which keeps no state, so a run can
/// switch to a new rate between minibatches.
pub fn plain_sgd<const H: usize>(
    model: &MoonsClassifier<H>,
    lr: f32,
) -> Result<Sgd<MoonsClassifier<H>>, Error> {
    SgdConfig { lr, momentum: 0.0 }.build(model)
}

/// One plain-SGD step on the examples `batch` of `data`: the mean BCE gradient, one example
/// at a time through the trace and the backward pass.
pub fn sgd_step<const H: usize, const N: usize>(
    learner: &mut SgdClassifier<H>,
    data: &Dataset<N>,
    batch: &[u32],
) -> Result<(), Error> {
    for &i in batch {
        let i = i as usize;
        let t = learner.model.forward_trace(&data.points[i]);
        let (_, dz) = bce_with_logits(t.y[0], f32::from(data.labels[i]));
        learner.model.backward(&t, &[dz], &mut learner.grads);
    }
    learner.step(batch.len())
}

/// Dead shares, accuracy and mean loss of `model` over all of `data`.
pub fn measure<const H: usize, const N: usize>(
    model: &MoonsClassifier<H>,
    data: &Dataset<N>,
) -> Measure {
    let (first, second) = model.hidden_active_counts(&data.points);
    let (mut loss, mut right) = (0.0f64, 0usize);
    for (x, &label) in data.points.iter().zip(&data.labels) {
        let logit = model.forward(x)[0];
        loss += f64::from(bce_with_logits(logit, f32::from(label)).0);
        right += usize::from((logit > 0.0) == (label == 1));
    }
    Measure {
        dead1: dead_count(&first) as f64 / H as f64,
        dead2: dead_count(&second) as f64 / H as f64,
        accuracy: right as f64 / N as f64,
        loss: loss / N as f64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relu_and_elu_runs_of_a_seed_start_alike() {
        let (relu, data, _) = setup::<8>(Activation::Relu, 0.1, 5).unwrap();
        let (elu, data_again, _) = setup::<8>(Activation::ELU, 0.1, 5).unwrap();
        assert_eq!(relu.model.hidden1, elu.model.hidden1);
        assert_eq!(relu.model.output, elu.model.output);
        assert_eq!(data.points, data_again.points);
    }

    #[test]
    fn a_bias_of_minus_ten_kills_a_relu_unit_and_sgd_keeps_it_dead() {
        let (mut learner, data, _) = setup::<8>(Activation::Relu, 0.5, 3).unwrap();
        learner.model.hidden1.b[0] = -10.0;
        let before = measure(&learner.model, &data);
        assert!(before.dead1 >= 1.0 / 8.0, "{before:?}");
        let batch: [u32; 50] = core::array::from_fn(|i| i as u32);
        let w = learner.model.hidden1.w;
        sgd_step(&mut learner, &data, &batch).unwrap();
        assert_eq!(learner.model.hidden1.b[0], -10.0);
        assert_eq!(learner.model.hidden1.w[0][0], w[0][0]);
        assert_eq!(learner.model.hidden1.w[1][0], w[1][0]);
        assert!(measure(&learner.model, &data).dead1 >= 1.0 / 8.0);
    }

    #[test]
    fn training_lowers_the_loss() {
        let (mut learner, data, _) = setup::<8>(Activation::ELU, 0.5, 11).unwrap();
        let start = measure(&learner.model, &data).loss;
        for first in (0..POINTS as u32).step_by(BATCH_SIZE) {
            let batch: [u32; BATCH_SIZE] = core::array::from_fn(|i| first + i as u32);
            sgd_step(&mut learner, &data, &batch).unwrap();
        }
        let end = measure(&learner.model, &data);
        assert!(end.loss < start, "{start} → {}", end.loss);
        assert!((0.0..=1.0).contains(&end.accuracy));
    }
}
