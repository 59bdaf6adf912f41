//! The hyper-parameters of a GAN run.

use crate::error::{at_most, nonzero, Error};
use crate::models::nce::config::MAX_EPOCHS;
use crate::nn::optim::AdamConfig;

/// The most updates of either network per minibatch a configuration may ask for.
pub const MAX_STEPS: usize = 1000;

/// GAN hyper-parameters; each default is the classic set-up's.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct GanConfig {
    /// Passes over the training data; default 100.
    pub epochs: usize,
    /// Discriminator updates per minibatch; default 1.
    pub d_steps: usize,
    /// Generator updates per minibatch; default 1.
    pub g_steps: usize,
    /// Minibatch size, for real and for fake points; default 100.
    pub batch_size: usize,
    /// The generator's Adam; default lr 1e-3, β = (0.9, 0.999).
    pub g_adam: AdamConfig,
    /// The discriminator's Adam; default lr 1e-3, β = (0.9, 0.999).
    pub d_adam: AdamConfig,
}

impl Default for GanConfig {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl GanConfig {
    /// The defaults as a constant.
    pub const DEFAULT: GanConfig = GanConfig {
        epochs: 100,
        d_steps: 1,
        g_steps: 1,
        batch_size: 100,
        g_adam: AdamConfig::DEFAULT,
        d_adam: AdamConfig::DEFAULT,
    };

    /// Every number 0: an invalid placeholder, replaced by [`crate::Gan::reset`].
    pub(crate) const ZERO: GanConfig = GanConfig {
        epochs: 0,
        d_steps: 0,
        g_steps: 0,
        batch_size: 0,
        g_adam: AdamConfig::ZERO,
        d_adam: AdamConfig::ZERO,
    };

    /// Both networks' Adam with learning rate `lr` and the other defaults.
    pub fn with_lr(self, lr: f32) -> Self {
        let adam = AdamConfig {
            lr,
            ..AdamConfig::DEFAULT
        };
        GanConfig {
            g_adam: adam,
            d_adam: adam,
            ..self
        }
    }

    /// Checks every field.
    pub fn validate(&self) -> Result<(), Error> {
        nonzero("epochs", self.epochs)?;
        at_most("epochs", self.epochs, MAX_EPOCHS)?;
        nonzero("d_steps", self.d_steps)?;
        at_most("d_steps", self.d_steps, MAX_STEPS)?;
        nonzero("g_steps", self.g_steps)?;
        at_most("g_steps", self.g_steps, MAX_STEPS)?;
        nonzero("batch size", self.batch_size)?;
        self.g_adam.validate()?;
        self.d_adam.validate()
    }
}
