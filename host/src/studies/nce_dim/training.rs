//! The `d`→32→32→1 classifier and one epoch of its NCE training, mirroring the core's 2-D
//! [`tinygen::Nce`].

use crate::failure::Outcome;
use crate::studies::gaussian::GaussianD;
use tinygen::loss::bce_with_logits;
use tinygen::pipeline::{NCE_WIDTH, TRAINING_POINTS};
use tinygen::{Adam, Batches, ChunkedBackward, Error, Learner, Mlp2, NceConfig, Rng};

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
        let mut backprop = ChunkedBackward::new(&c.model);
        // Each data point, then its ν noise points.
        backprop.train(
            &c.model,
            &mut c.grads,
            batch.len() * (nu + 1),
            #[inline(always)]
            |i| {
                if i % (nu + 1) == 0 {
                    (data[batch[i / (nu + 1)] as usize], 1.0)
                } else {
                    (q.sample(rng), 0.0)
                }
            },
            #[inline(always)]
            |y, label| {
                let (l, dz) = bce_with_logits(y[0], label);
                step_loss += l;
                examples += 1;
                [dz]
            },
        );
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
