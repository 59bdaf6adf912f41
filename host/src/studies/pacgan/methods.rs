//! The models the benchmark compares, and one run of each.

use crate::failure::{Failure, Outcome};
use crate::run::{gan, nce};
use crate::training_data::{DataSource, TrainingSet};
use tinygen::models::jobs::GAN_WIDTH;
use tinygen::{DataSet, GanConfig, NceConfig};

/// A model and its settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// The GAN at its defaults (`d_steps = g_steps = 1`).
    GanDefault,
    /// The GAN with ten discriminator updates per generator update, the best setting of the
    /// moons study (`tinygen experiments`).
    GanD10,
    /// NCE at the data set's defaults, rejection sampling.
    Nce,
}

impl Method {
    /// Every method, in table order.
    pub const ALL: [Method; 3] = [Method::GanDefault, Method::GanD10, Method::Nce];

    /// The label in tables and figures.
    pub fn label(self) -> &'static str {
        match self {
            Method::GanDefault => "tinygen GAN (d1 g1)",
            Method::GanD10 => "tinygen GAN (d10 g1)",
            Method::Nce => "tinygen NCE",
        }
    }

    /// A short name for file names and CSV.
    pub fn key(self) -> &'static str {
        match self {
            Method::GanDefault => "gan_d1_g1",
            Method::GanD10 => "gan_d10_g1",
            Method::Nce => "nce",
        }
    }

    /// The GAN configuration, for a GAN method.
    fn gan_config(self, epochs: Option<usize>) -> GanConfig {
        let d_steps = if self == Method::GanD10 { 10 } else { 1 };
        GanConfig {
            d_steps,
            epochs: epochs.unwrap_or(GanConfig::DEFAULT.epochs),
            ..GanConfig::DEFAULT
        }
    }

    /// The NCE configuration for `data`.
    fn nce_config(data: DataSet, epochs: Option<usize>) -> NceConfig {
        let config = NceConfig::for_data_set(data);
        NceConfig {
            epochs: epochs.unwrap_or(config.epochs),
            ..config
        }
    }

    /// Training epochs on `data` (the progress bar's unit), `epochs` overriding the default;
    /// for NCE, those of every restart and of the fine-tune phase.
    pub fn epochs(self, data: DataSet, epochs: Option<usize>) -> usize {
        match self {
            Method::Nce => {
                let config = Self::nce_config(data, epochs);
                config.epochs * config.restarts + config.fine_tune.epochs
            }
            _ => self.gan_config(epochs).epochs,
        }
    }

    /// Rough relative cost of a run, to start the longest first.
    pub fn cost(self, data: DataSet, epochs: Option<usize>) -> usize {
        let per_epoch = match self {
            Method::GanDefault => 2,
            Method::GanD10 => 11,
            Method::Nce => 3,
        };
        per_epoch * self.epochs(data, epochs)
    }

    /// Checks the configuration before any run starts.
    pub fn validate(self, data: DataSet, epochs: Option<usize>) -> Outcome {
        match self {
            Method::Nce => Self::nce_config(data, epochs).validate()?,
            _ => self.gan_config(epochs).validate()?,
        }
        Ok(())
    }

    /// Trains on the training set of `seed` and draws `n` samples. A run that diverges or
    /// does not learn is `Err(Failure::Run)`, which the study records as that run's status.
    pub fn run(
        self,
        data: DataSet,
        seed: u64,
        n: usize,
        epochs: Option<usize>,
        mut on_epoch: impl FnMut(),
    ) -> Outcome<Trained> {
        let set = TrainingSet::of(&DataSource::BuiltIn(data), seed)?;
        match self {
            Method::Nce => {
                let run = nce::run_on(Self::nce_config(data, epochs), &set, seed, n, |_, _| {
                    on_epoch()
                })?;
                Ok(Trained {
                    points: run.points,
                    d_final: None,
                    acceptance: Some(run.report.sampler.acceptance_rate()),
                })
            }
            _ => {
                let config = self.gan_config(epochs);
                let (mut snapshots, stats, _) = gan::run_on::<GAN_WIDTH>(
                    config,
                    &set.points,
                    seed,
                    &[config.epochs],
                    n,
                    |_, _| on_epoch(),
                )?;
                let last = stats
                    .last()
                    .ok_or_else(|| Failure::Run("no epoch ran".into()))?;
                Ok(Trained {
                    points: snapshots.pop().unwrap_or_default(),
                    d_final: Some((last.d_real, last.d_fake)),
                    acceptance: None,
                })
            }
        }
    }
}

/// What a completed run produced.
#[derive(Clone, Debug, PartialEq)]
pub struct Trained {
    /// The samples.
    pub points: Vec<[f32; 2]>,
    /// The GAN's mean D(real) and D(G(z)) in its last epoch: what it "thinks" of itself.
    pub d_final: Option<(f32, f32)>,
    /// The NCE sampler's acceptance rate.
    pub acceptance: Option<f32>,
}
