//! The independent training jobs of `tinygen experiments`, their configurations and their
//! scheduling cost.

use super::settings::BASE_GAN;
use super::{SAMPLERS, SNAPSHOT_EPOCHS, STEP_EPOCHS, STEP_SETTINGS};
use tinygen::{GanConfig, NceConfig, SamplerKind};

/// One independent training run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Job {
    /// A GAN trained to the last of `snapshots` epochs, sampled at each of them.
    Gan {
        /// The GAN (`epochs`: the last snapshot).
        config: GanConfig,
        /// Epoch counts to sample at, ascending.
        snapshots: &'static [usize],
        /// The seed.
        seed: u64,
    },
    /// NCE with the default configuration and this sampler.
    Nce {
        /// The sampler.
        sampler: SamplerKind,
        /// The seed.
        seed: u64,
    },
}

/// The NCE configuration of the study: the default with `sampler`.
pub fn nce_config(sampler: SamplerKind) -> NceConfig {
    NceConfig {
        sampler,
        ..NceConfig::default()
    }
}

impl Job {
    /// Every job of `seeds`, longest first.
    pub fn all(seeds: impl IntoIterator<Item = u64>) -> Vec<Job> {
        let mut jobs = Vec::new();
        for seed in seeds {
            jobs.push(Job::Gan {
                config: BASE_GAN,
                snapshots: &SNAPSHOT_EPOCHS,
                seed,
            });
            for &config in &STEP_SETTINGS {
                jobs.push(Job::Gan {
                    config,
                    snapshots: &[STEP_EPOCHS],
                    seed,
                });
            }
            for &sampler in &SAMPLERS {
                jobs.push(Job::Nce { sampler, seed });
            }
        }
        // Stable: equal costs keep seed order.
        jobs.sort_by_key(|j| std::cmp::Reverse(j.cost()));
        jobs
    }

    /// Epochs trained (the progress bar counts these).
    pub fn epochs(&self) -> usize {
        match self {
            Job::Gan { snapshots, .. } => snapshots.last().copied().unwrap_or(0),
            Job::Nce { sampler, .. } => nce_config(*sampler).epochs,
        }
    }

    /// The kind of job, in the report's time table.
    pub fn label(&self) -> String {
        match self {
            Job::Gan {
                config, snapshots, ..
            } if snapshots.len() > 1 => format!(
                "GAN d{} g{}, {} epochs, {} snapshots",
                config.d_steps,
                config.g_steps,
                self.epochs(),
                snapshots.len()
            ),
            Job::Gan { config, .. } => format!(
                "GAN d{} g{}, {} epochs",
                config.d_steps,
                config.g_steps,
                self.epochs()
            ),
            Job::Nce { sampler, .. } => format!(
                "NCE {}, {} epochs",
                crate::studies::experiments::sampler_name(*sampler),
                self.epochs()
            ),
        }
    }

    /// Relative cost, for scheduling: network updates per minibatch times epochs (an NCE
    /// epoch, with ν noise points per data point, costs about two GAN updates).
    pub fn cost(&self) -> usize {
        match self {
            Job::Gan { config, .. } => (config.d_steps + config.g_steps) * self.epochs(),
            Job::Nce { .. } => 2 * self.epochs(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_are_longest_first_and_cover_every_setting() {
        let jobs = Job::all(0..3);
        assert_eq!(jobs.len(), 18);
        assert!(jobs.windows(2).all(|w| w[0].cost() >= w[1].cost()));
        assert!(matches!(
            jobs[0],
            Job::Gan { config, .. } if config.d_steps == 10 && config.g_steps == 10
        ));
        let settings: usize = jobs
            .iter()
            .map(|j| match j {
                Job::Gan { snapshots, .. } => snapshots.len(),
                Job::Nce { .. } => 1,
            })
            .sum();
        assert_eq!(settings, 30, "10 settings × 3 seeds");
    }
}
