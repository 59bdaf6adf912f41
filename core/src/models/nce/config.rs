//! The hyper-parameters of NCE: noise, sampler, classifier training.

use crate::error::{nonzero, positive, Error};
use crate::nn::optim::AdamConfig;

/// Which noise distribution `q` to contrast the data with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum NoiseKind {
    /// A Gaussian with the data's mean and covariance (the default).
    Fitted,
    /// The standard normal `N(0, I)`.
    Standard,
}

/// How to turn the classifier into a sampler over `q`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum SamplerKind {
    /// Accept `x ~ q` with probability `r(x)/M` (the default; exact for a perfect classifier).
    Rejection,
    /// Accept `x ~ q` when `c(x) > 0.5` (the homework's simpler variant; not exact).
    Threshold,
}

/// NCE hyper-parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct NceConfig {
    /// Passes over the data; default 180.
    pub epochs: usize,
    /// `ν`, noise points per data point; default 4.
    pub noise_ratio: usize,
    /// Data points per minibatch (each comes with `ν` times as many noise points); default 40.
    pub batch_size: usize,
    /// The classifier's Adam; default lr 4e-2.
    pub adam: AdamConfig,
    /// The learning rate falls linearly over the epochs from `adam.lr` to
    /// `adam.lr · final_lr_fraction`; default 0.05. 1 keeps it constant.
    pub final_lr_fraction: f32,
    /// The noise distribution; default fitted to the data.
    pub noise: NoiseKind,
    /// The sampler; default rejection.
    pub sampler: SamplerKind,
    /// Noise draws used to find the rejection bound `M`; default 4096.
    pub bound_pool: usize,
    /// The sampler gives up after this many proposals per requested sample; default 100 000.
    pub max_proposals_per_sample: u32,
}

impl Default for NceConfig {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl NceConfig {
    /// The defaults as a constant. Chosen by a sweep over seeds 0–9 (see README.md): fewer,
    /// larger minibatches with a higher rate train the classifier sharper per second than
    /// many small ones, and ν = 4 already sets the noise-to-data balance the sampler needs.
    pub const DEFAULT: NceConfig = NceConfig {
        epochs: 180,
        noise_ratio: 4,
        batch_size: 40,
        adam: AdamConfig {
            lr: 4e-2,
            ..AdamConfig::DEFAULT
        },
        final_lr_fraction: 0.05,
        noise: NoiseKind::Fitted,
        sampler: SamplerKind::Rejection,
        bound_pool: 4096,
        max_proposals_per_sample: 100_000,
    };

    /// Every number 0: an invalid placeholder, replaced by [`Nce::reset`].
    pub(crate) const ZERO: NceConfig = NceConfig {
        epochs: 0,
        noise_ratio: 0,
        batch_size: 0,
        adam: AdamConfig::ZERO,
        final_lr_fraction: 0.0,
        noise: NoiseKind::Fitted,
        sampler: SamplerKind::Rejection,
        bound_pool: 0,
        max_proposals_per_sample: 0,
    };
}

impl NceConfig {
    /// The learning rate of epoch `epoch` (counting from 1): `adam.lr` falling linearly to
    /// `adam.lr · final_lr_fraction` at the last epoch.
    pub fn scheduled_lr(&self, epoch: usize) -> f32 {
        let progress = (epoch - 1) as f32 / self.epochs.max(2).saturating_sub(1) as f32;
        self.adam.lr * (1.0 - (1.0 - self.final_lr_fraction) * progress.min(1.0))
    }

    /// Checks every field.
    pub fn validate(&self) -> Result<(), Error> {
        nonzero("epochs", self.epochs)?;
        nonzero("noise ratio", self.noise_ratio)?;
        nonzero("batch size", self.batch_size)?;
        nonzero("bound pool", self.bound_pool)?;
        nonzero("max proposals", self.max_proposals_per_sample as usize)?;
        self.adam.validate()?;
        positive("final lr fraction", self.final_lr_fraction)?;
        Ok(())
    }
}
