//! The fine-tune phase: the kept classifier trains a few more epochs against more noise.
//!
//! A classifier trained at `ν` sees few noise draws inside a narrow peak, so the height it
//! learns there is noisy; on the grid that shows as modes with the wrong mass (reverse KL)
//! more than as missing modes. Training the kept classifier on at a larger `ν'` for a short,
//! slow phase calibrates those heights at a small share of the whole run's cost. Its logit
//! then estimates `ln(p/(ν'q))`, so the output bias is first lowered by `ln(ν'/ν)` (the ratio
//! `ν·e^logit` it stood for is kept) and `ν'` is the model's `ν` from then on: the refit, the
//! learned check and the sampler all read it.

use super::Nce;
use crate::error::{at_most, nonzero, positive, Error};
use crate::math::ln::ln_cold;
use crate::models::nce::config::{MAX_EPOCHS, MAX_NOISE_RATIO};
use crate::nn::optim::AdamConfig;
use crate::nn::params::Params;

/// The fine-tune phase of [`NceConfig`](super::NceConfig): `epochs` more epochs at
/// `noise_ratio`, Adam from a fresh start at `lr`, falling linearly to
/// [`NceConfig::final_lr_fraction`](super::NceConfig::final_lr_fraction) of it.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct FineTune {
    /// Epochs of the phase; 0 skips it.
    pub epochs: usize,
    /// `ν'`, noise points per data point in the phase and for the model afterwards.
    pub noise_ratio: usize,
    /// The learning rate at the phase's first epoch.
    pub lr: f32,
}

impl FineTune {
    /// No fine-tune phase (the default but on the grid). Its `ν'` and rate are the grid's, so
    /// that asking for epochs alone (`--fine-tune-epochs`) gets a phase that has worked. `ν'`
    /// is 128: against 64 it lowered the grid's reverse KL on 81 of 120 seeds, paired (worst
    /// 0.074 → 0.059), for about 2 % more training (`docs/measurements.md`, session 41).
    pub const OFF: FineTune = FineTune {
        epochs: 0,
        noise_ratio: 128,
        lr: 2e-3,
    };

    /// Every number 0: the invalid placeholder of [`NceConfig::ZERO`](super::NceConfig).
    pub(crate) const ZERO: FineTune = FineTune {
        epochs: 0,
        noise_ratio: 0,
        lr: 0.0,
    };

    /// The rate of the phase's epoch `epoch` (counting from 1): `lr` falling linearly to
    /// `lr · final_fraction` at its last epoch.
    pub fn scheduled_lr(&self, final_fraction: f32, epoch: usize) -> f32 {
        linear_lr(self.lr, final_fraction, epoch, self.epochs)
    }

    /// Checks the phase; with 0 epochs there is nothing to check.
    pub fn validate(&self) -> Result<(), Error> {
        if self.epochs == 0 {
            return Ok(());
        }
        at_most("fine-tune epochs", self.epochs, MAX_EPOCHS)?;
        nonzero("fine-tune noise ratio", self.noise_ratio)?;
        at_most("fine-tune noise ratio", self.noise_ratio, MAX_NOISE_RATIO)?;
        positive("fine-tune lr", self.lr)?;
        Ok(())
    }
}

/// `start` falling linearly to `start · final_fraction` over `epochs` epochs: the rate of
/// `epoch` (counting from 1). Both the main schedule and the fine-tune phase use it.
pub(crate) fn linear_lr(start: f32, final_fraction: f32, epoch: usize, epochs: usize) -> f32 {
    let progress = (epoch - 1) as f32 / epochs.max(2).saturating_sub(1) as f32;
    start * (1.0 - (1.0 - final_fraction) * progress.min(1.0))
}

impl<const D: usize, const H: usize> Nce<D, H> {
    /// Starts the fine-tune phase: lowers the output bias by `ln(ν'/ν)`, makes `ν'` the
    /// model's `ν`, restarts Adam and puts the epochs on the phase's schedule
    /// ([`Nce::scheduled_lr`], [`Nce::phase_epochs`]). Does nothing when the phase has no
    /// epochs.
    pub fn begin_fine_tune(&mut self) -> Result<(), Error> {
        let phase = self.config.fine_tune;
        // `Nce::reset` checked the phase with the rest of the configuration.
        if phase.epochs == 0 {
            return Ok(());
        }
        let shift = ln_cold(phase.noise_ratio as f32 / self.config.noise_ratio as f32);
        let c = &mut self.classifier;
        c.model.output.b[0] -= shift;
        c.grads.zero();
        c.optimizer.reset(AdamConfig {
            lr: phase.lr,
            ..self.config.adam
        })?;
        self.config.noise_ratio = phase.noise_ratio;
        self.fine_tuning = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::rng::Rng;
    use crate::models::jobs::{train_nce, Streams};
    use crate::models::nce::NceConfig;
    use crate::models::test_moons::moons_on_streams;

    fn trained(fine_tune: FineTune) -> (Nce<2, 8>, [[f32; 2]; 120], Streams) {
        trained_for(3, fine_tune)
    }

    fn trained_for(epochs: usize, fine_tune: FineTune) -> (Nce<2, 8>, [[f32; 2]; 120], Streams) {
        let (data, mut streams) = moons_on_streams::<120>(4);
        let config = NceConfig {
            epochs,
            refit_noise: 0,
            fine_tune,
            ..NceConfig::DEFAULT
        };
        let mut order = [0u32; 120];
        let mut nce = Nce::ZERO;
        train_nce(&mut nce, config, &data, &mut order, &mut streams, |_, _| {}).unwrap();
        (nce, data, streams)
    }

    /// Lowering the bias by `ln(ν'/ν)` while `ν'` becomes the model's `ν` leaves the ratio
    /// `ν·e^logit`, and so the sampler, where it was.
    #[test]
    fn beginning_keeps_the_ratio_and_makes_the_phases_nu_the_models() {
        let phase = FineTune {
            epochs: 2,
            ..FineTune::OFF
        };
        let (mut nce, data, _) = trained(FineTune { epochs: 0, ..phase });
        let before: [f32; 6] = core::array::from_fn(|i| nce.ratio(&data[i * 20]));
        nce.config.fine_tune = phase;
        nce.begin_fine_tune().unwrap();
        assert_eq!(nce.config().noise_ratio, phase.noise_ratio);
        for (i, b) in before.iter().enumerate() {
            let after = nce.ratio(&data[i * 20]);
            assert!((after - b).abs() <= 1e-5 * b, "{after} against {b}");
        }
    }

    /// The learned check draws its boundary where `r = 1`, so a classifier that passed at
    /// `ν` still passes once its `ν` is the phase's, and a constant answer fails at every `ν`.
    #[test]
    fn the_learned_check_does_not_depend_on_nu() {
        let (mut nce, data, _) = trained_for(60, FineTune::OFF);
        let mut rng = Rng::seed_from(1);
        let before = nce.check_learned(&data, &mut rng.clone()).unwrap();
        nce.config.fine_tune = FineTune {
            epochs: 1,
            ..FineTune::OFF
        };
        nce.begin_fine_tune().unwrap();
        let after = nce.check_learned(&data, &mut rng).unwrap();
        assert_eq!(before.0, after.0);
        assert!((before.1 - after.1).abs() < 0.05, "{before:?} {after:?}");
        for nu in [1, 4, 64, 1000] {
            for bias in [-30.0, -4.0, 0.0, 4.0, 30.0] {
                let mut constant = nce.clone();
                constant.config.noise_ratio = nu;
                let output = &mut constant.classifier.model.output;
                output.w.iter_mut().for_each(|row| row.fill(0.0));
                output.b[0] = bias;
                let verdict = constant.check_learned(&data, &mut Rng::seed_from(2));
                assert_eq!(verdict, Err(Error::NotLearned), "ν {nu}, bias {bias}");
            }
        }
    }

    /// Without epochs the phase changes nothing; with them the model keeps training.
    #[test]
    fn a_phase_without_epochs_does_nothing() {
        let (mut nce, ..) = trained(FineTune::OFF);
        let (model, nu) = (nce.classifier.model.clone(), nce.config().noise_ratio);
        nce.begin_fine_tune().unwrap();
        assert_eq!(
            (&nce.classifier.model, nce.config().noise_ratio),
            (&model, nu)
        );
        let phase = FineTune {
            epochs: 2,
            ..FineTune::OFF
        };
        let (tuned, ..) = trained(phase);
        assert_ne!(tuned.classifier.model, model);
        assert_eq!(tuned.config().noise_ratio, phase.noise_ratio);
    }

    #[test]
    fn only_a_phase_with_epochs_is_checked() {
        assert!(FineTune::ZERO.validate().is_ok());
        let on = FineTune {
            epochs: 10,
            ..FineTune::OFF
        };
        assert!(on.validate().is_ok());
        for bad in [
            FineTune {
                epochs: MAX_EPOCHS + 1,
                ..on
            },
            FineTune {
                noise_ratio: 0,
                ..on
            },
            FineTune {
                noise_ratio: MAX_NOISE_RATIO + 1,
                ..on
            },
            FineTune { lr: 0.0, ..on },
            FineTune { lr: f32::NAN, ..on },
            FineTune {
                lr: f32::INFINITY,
                ..on
            },
        ] {
            assert!(bad.validate().is_err(), "{bad:?}");
            let config = NceConfig {
                fine_tune: bad,
                ..NceConfig::DEFAULT
            };
            assert!(config.validate().is_err(), "{bad:?}");
        }
    }

    /// The phase's rate falls from its own start over its own epochs.
    #[test]
    fn the_phase_rate_falls_from_its_start_to_the_final_fraction() {
        assert_eq!(linear_lr(2e-3, 0.001, 1, 60), 2e-3);
        assert!((linear_lr(2e-3, 0.001, 60, 60) - 2e-6).abs() < 1e-9);
        assert!(linear_lr(2e-3, 0.001, 30, 60) < 2e-3);
    }
}
