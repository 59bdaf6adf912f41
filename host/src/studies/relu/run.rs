//! One training run, stopped where it diverges.

use super::classifier::{measure, setup, sgd_step, Hidden, Measure};
use super::{BATCH_SIZE, BLOW_UP_LOSS, POINTS, WIDTH};
use crate::failure::Outcome;
use crate::render::table::sig;
use tinygen::{Batches, Error};

/// One training run.
#[derive(Clone, Debug)]
pub struct Run {
    /// The hidden activation.
    pub hidden: Hidden,
    /// The SGD learning rate.
    pub lr: f32,
    /// The seed of data, initial weights and minibatch order.
    pub seed: u64,
    /// `measures[e]` is after epoch `e` (`measures[0]`: the initial network); only finite
    /// measurements are kept.
    pub measures: Vec<Measure>,
    /// The epoch in which training diverged, and how.
    pub diverged_at: Option<(usize, Divergence)>,
}

/// How a run diverged.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Divergence {
    /// A gradient, a parameter or the loss became NaN or infinite.
    NonFinite,
    /// The mean training loss after the epoch was this value, above [`BLOW_UP_LOSS`].
    Loss(f64),
}

impl Divergence {
    /// `non-finite` or `loss 5.5e2`.
    pub(super) fn text(self) -> String {
        match self {
            Divergence::NonFinite => "non-finite".into(),
            Divergence::Loss(l) => format!("loss {}", sig(l, 2)),
        }
    }
}

impl Run {
    /// The last measurement of a run that did not diverge.
    pub fn completed(&self) -> Option<&Measure> {
        match self.diverged_at {
            None => self.measures.last(),
            Some(_) => None,
        }
    }
}

/// Trains one run for `epochs` epochs; `on_epoch` is called after each epoch trained (or
/// given up on).
pub fn train_run(
    hidden: Hidden,
    lr: f32,
    seed: u64,
    epochs: usize,
    on_epoch: impl Fn(),
) -> Outcome<Run> {
    let (mut learner, data, mut streams) = setup::<WIDTH>(hidden, lr, seed)?;
    let mut order = [0u32; POINTS];
    let mut batches = Batches::new(&mut order, BATCH_SIZE)?;
    let mut run = Run {
        hidden,
        lr,
        seed,
        measures: vec![measure(&learner.model, &data)],
        diverged_at: None,
    };
    for epoch in 1..=epochs {
        batches.shuffle(&mut streams.train);
        let mut trained = Ok(());
        for batch in batches.iter() {
            trained = sgd_step(&mut learner, &data, batch);
            if trained.is_err() {
                break;
            }
        }
        let diverged = match trained {
            Ok(()) => {
                let m = measure(&learner.model, &data);
                if !m.loss.is_finite() {
                    Some(Divergence::NonFinite)
                } else if m.loss > BLOW_UP_LOSS {
                    Some(Divergence::Loss(m.loss))
                } else {
                    run.measures.push(m);
                    None
                }
            }
            Err(Error::Diverged { .. }) => Some(Divergence::NonFinite),
            Err(e) => return Err(e.into()),
        };
        if let Some(how) = diverged {
            run.diverged_at = Some((epoch, how));
            (epoch..=epochs).for_each(|_| on_epoch());
            return Ok(run);
        }
        on_epoch();
    }
    Ok(run)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::studies::relu::{divergence_list, epochs_table, summary_table};

    #[test]
    fn divergence_is_reported_and_never_recorded_as_data() {
        let run = train_run(Hidden::Relu, 1e6, 1, 5, || {}).unwrap();
        assert_eq!(run.diverged_at, Some((1, Divergence::NonFinite)));
        assert_eq!(run.measures.len(), 1, "only the initial network");
        assert!(run.completed().is_none());
        let csv = epochs_table(std::slice::from_ref(&run)).csv();
        assert!(!csv.contains("NaN") && !csv.contains("inf"));
        let summary = summary_table(std::slice::from_ref(&run)).markdown();
        assert!(summary.contains("1/1 (epoch 1)"), "{summary}");
        assert!(divergence_list(&[run]).contains("epoch 1, non-finite"));
    }

    #[test]
    fn a_loss_blow_up_counts_as_divergence() {
        // Seed 44 with ELU at lr 2: one step sends the logits to ~1e4..1e5 but every value
        // stays finite.
        let run = train_run(Hidden::Elu, 2.0, 44, 3, || {}).unwrap();
        match run.diverged_at {
            Some((1, Divergence::Loss(l))) => assert!(l > BLOW_UP_LOSS && l.is_finite()),
            other => panic!("{other:?}"),
        }
        assert_eq!(run.measures.len(), 1);
    }

    #[test]
    fn a_small_learning_rate_learns_the_labels() {
        let run = train_run(Hidden::Elu, 0.5, 2, 20, || {}).unwrap();
        let last = run.completed().unwrap();
        assert!(last.accuracy > 0.95, "{last:?}");
        assert_eq!(run.measures.len(), 21);
    }
}
