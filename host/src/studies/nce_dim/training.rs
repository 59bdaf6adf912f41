//! The `d`→32→32→1 classifier and one epoch of its NCE training, mirroring the core's 2-D
//! [`tinygen::Nce`].

use crate::failure::Outcome;
use crate::studies::gaussian::GaussianD;
use tinygen::loss::bce_with_logits;
use tinygen::pipeline::{NCE_WIDTH, TRAINING_POINTS};
use tinygen::{Adam, Batches, Error, Learner, Mlp2, NceConfig, Rng};

/// The classifier in `D` dimensions.
pub type Classifier<const D: usize> = Mlp2<D, NCE_WIDTH, NCE_WIDTH, 1>;
pub(super) type ClassifierLearner<const D: usize> = Learner<Classifier<D>, Adam<Classifier<D>>>;

/// The core's NCE default, with `epochs` if given.
pub fn config(epochs: Option<usize>) -> Outcome<NceConfig> {
    let mut c = NceConfig::default();
    if let Some(e) = epochs {
        c.epochs = e;
    }
    c.validate()?;
    Ok(c)
}

/// The learning rate of `epoch` (from 1): the core's [`tinygen::Nce::scheduled_lr`].
pub(super) fn scheduled_lr(c: &NceConfig, epoch: usize) -> f32 {
    let progress = (epoch - 1) as f32 / c.epochs.max(2).saturating_sub(1) as f32;
    c.adam.lr * (1.0 - (1.0 - c.final_lr_fraction) * progress.min(1.0))
}

/// One epoch of NCE training, as [`tinygen::Nce::train_epoch`] does in 2-D: every data point
/// of a minibatch comes with `ν` fresh draws of `q`. Returns the mean loss.
pub(super) fn train_epoch<const D: usize>(
    c: &mut ClassifierLearner<D>,
    nu: usize,
    data: &[[f32; D]],
    q: &GaussianD<D>,
    batches: &mut Batches<TRAINING_POINTS>,
    rng: &mut Rng,
) -> Result<f64, Error> {
    let (mut loss, mut seen) = (0.0f64, 0usize);
    batches.shuffle(rng);
    for batch in batches.iter() {
        let mut step_loss = 0.0f32;
        let mut examples = 0;
        for &i in batch {
            for k in 0..=nu {
                let (x, label) = if k == 0 {
                    (data[i as usize], 1.0)
                } else {
                    (q.sample(rng), 0.0)
                };
                let t = c.model.forward_trace(&x);
                let (l, dz) = bce_with_logits(t.y[0], label);
                c.model.backward(&t, &[dz], &mut c.grads);
                step_loss += l;
                examples += 1;
            }
        }
        if !step_loss.is_finite() {
            return Err(Error::Diverged {
                stage: "classifier loss",
            });
        }
        c.step(examples)?;
        loss += f64::from(step_loss);
        seen += examples;
    }
    Ok(loss / seen as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schedule_matches_the_core() {
        let c = NceConfig::default();
        let mut rng = Rng::seed_from(1);
        let data = tinygen::make_moons::<100>(0.05, &mut rng).unwrap();
        let nce = tinygen::Nce::<4>::new(c, &data.points, &mut rng).unwrap();
        for epoch in [1, 2, 30, 60, 61] {
            assert_eq!(scheduled_lr(&c, epoch), nce.scheduled_lr(epoch));
        }
    }
}
