//! The study's names for the core's dead-ReLU classifier (`tinygen::models::dead_relu`, which
//! the browser's view trains too): its hidden activation, and a fresh run.

use crate::failure::Outcome;
use tinygen::data::Dataset;
use tinygen::models::dead_relu::{self, SgdClassifier, POINTS};
use tinygen::models::jobs::Streams;
use tinygen::Activation;

pub use tinygen::models::dead_relu::{measure, sgd_step, Measure, MoonsClassifier as Classifier};

/// The hidden activation of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hidden {
    /// `max(z, 0)`.
    Relu,
    /// ELU with `α = 1`.
    Elu,
}

impl Hidden {
    /// Both, in table order.
    pub const ALL: [Hidden; 2] = [Hidden::Relu, Hidden::Elu];

    /// The activation of both hidden layers.
    pub fn activation(self) -> Activation {
        match self {
            Hidden::Relu => Activation::Relu,
            Hidden::Elu => Activation::ELU,
        }
    }

    /// The name in tables.
    pub fn name(self) -> &'static str {
        match self {
            Hidden::Relu => "ReLU",
            Hidden::Elu => "ELU",
        }
    }
}

/// A fresh classifier for `seed` with plain SGD at `lr`, and the seed's training data and
/// shuffling stream (the core's [`dead_relu::setup`]).
pub fn setup<const H: usize>(
    hidden: Hidden,
    lr: f32,
    seed: u64,
) -> Outcome<(SgdClassifier<H>, Dataset<POINTS>, Streams)> {
    Ok(dead_relu::setup(hidden.activation(), lr, seed)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tinygen::{Batches, Params};

    /// The parameters of first-layer unit `r`: its incoming weights and bias, and its
    /// outgoing weights into the second layer, as bit patterns.
    fn unit_bits<const H: usize>(m: &Classifier<H>, r: usize) -> Vec<u32> {
        let mut bits = vec![m.hidden1.b[r].to_bits()];
        bits.extend(m.hidden1.w.iter().map(|row| row[r].to_bits()));
        bits.extend(m.hidden2.w[r].iter().map(|w| w.to_bits()));
        bits
    }

    /// The incoming weights and bias of second-layer unit `r`, and its output weight.
    fn unit2_bits<const H: usize>(m: &Classifier<H>, r: usize) -> Vec<u32> {
        let mut bits = vec![m.hidden2.b[r].to_bits(), m.output.w[r][0].to_bits()];
        bits.extend(m.hidden2.w.iter().map(|row| row[r].to_bits()));
        bits
    }

    #[test]
    fn a_dead_relu_unit_stays_bit_identical_under_sgd() {
        let (mut learner, data, mut streams) = setup::<8>(Hidden::Relu, 1.0, 3).unwrap();
        // Kill unit 0 for sure; others may die on their own at this learning rate.
        learner.model.hidden1.b[0] = -10.0;
        let mut order = [0u32; POINTS];
        let mut batches = Batches::new(&mut order, 50).unwrap();
        let mut frozen1: Vec<Option<Vec<u32>>> = vec![None; 8];
        let (mut checked1, mut checked2) = (0, 0);
        for _ in 0..5 {
            batches.shuffle(&mut streams.train);
            for batch in batches.iter() {
                let (c1, c2) = learner.model.hidden_active_counts(&data.points);
                let before: Vec<Vec<u32>> = (0..8).map(|r| unit2_bits(&learner.model, r)).collect();
                for r in 0..8 {
                    if c1[r] == 0 && frozen1[r].is_none() {
                        frozen1[r] = Some(unit_bits(&learner.model, r));
                    }
                }
                sgd_step(&mut learner, &data, batch).unwrap();
                for (r, frozen) in frozen1.iter().enumerate() {
                    if let Some(bits) = frozen {
                        // Dead once, dead for ever, and not a bit changed.
                        assert_eq!(&unit_bits(&learner.model, r), bits, "layer-1 unit {r}");
                        checked1 += 1;
                    }
                }
                // A second-layer unit dead at the start of a step is untouched by it.
                for r in (0..8).filter(|&r| c2[r] == 0) {
                    assert_eq!(unit2_bits(&learner.model, r), before[r], "layer-2 unit {r}");
                    checked2 += 1;
                }
            }
        }
        assert!(checked1 >= 100, "{checked1}");
        let (c1, _) = learner.model.hidden_active_counts(&data.points);
        assert_eq!(c1[0], 0);
        // The network itself did learn something meanwhile.
        assert!(learner.model.is_finite());
        assert!(checked2 > 0, "no second-layer unit was ever dead");
    }

    #[test]
    fn relu_and_elu_start_from_the_same_network() {
        let (relu, d1, _) = setup::<8>(Hidden::Relu, 0.1, 9).unwrap();
        let (elu, d2, _) = setup::<8>(Hidden::Elu, 0.1, 9).unwrap();
        assert_eq!(relu.model.hidden1, elu.model.hidden1);
        assert_eq!(relu.model.output, elu.model.output);
        assert_eq!(d1.points, d2.points);
        assert_ne!(relu.model.activations, elu.model.activations);
    }
}
