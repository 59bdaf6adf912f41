//! What the study trains: its settings (GAN epochs and steps, NCE samplers, the
//! baselines) and their names in tables, figures and files.

use tinygen::SamplerKind;

/// The GAN's epoch counts, taken as snapshots of one run with `d_steps = g_steps = 1`.
pub const SNAPSHOT_EPOCHS: [usize; 5] = [10, 30, 50, 100, 200];
/// Epochs of the runs with other `(d_steps, g_steps)`.
pub const STEP_EPOCHS: usize = 200;
/// The other `(d_steps, g_steps)` settings, trained for [`STEP_EPOCHS`] epochs.
pub const STEP_SETTINGS: [(usize, usize); 3] = [(10, 1), (1, 10), (10, 10)];
/// Both NCE samplers, rejection first.
pub const SAMPLERS: [SamplerKind; 2] = [SamplerKind::Rejection, SamplerKind::Threshold];

/// What one run trained.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    /// The GAN after `epochs` epochs with `d_steps` and `g_steps` updates per minibatch.
    Gan {
        /// Epochs trained.
        epochs: usize,
        /// Discriminator updates per minibatch.
        d_steps: usize,
        /// Generator updates per minibatch.
        g_steps: usize,
    },
    /// NCE (default configuration) with this sampler.
    Nce(SamplerKind),
    /// A reference sampler, trained on nothing, that puts the numbers in perspective.
    Baseline(Baseline),
}

/// The reference samplers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Baseline {
    /// NCE's proposal `q` alone: the Gaussian fitted to the seed's training data. A sampler
    /// that learned nothing from its classifier draws exactly this.
    Proposal,
    /// A fresh i.i.d. sample of the true law: what a perfect generator scores.
    TrueLaw,
}

/// Both baselines, in table order.
pub const BASELINES: [Baseline; 2] = [Baseline::Proposal, Baseline::TrueLaw];

impl Setting {
    /// Every setting, in table order: the snapshots by ascending epochs, the other
    /// `(d_steps, g_steps)`, then NCE.
    pub fn all() -> Vec<Setting> {
        let snapshots = SNAPSHOT_EPOCHS.iter().map(|&epochs| Setting::Gan {
            epochs,
            d_steps: 1,
            g_steps: 1,
        });
        let steps = STEP_SETTINGS.iter().map(|&(d, g)| Setting::Gan {
            epochs: STEP_EPOCHS,
            d_steps: d,
            g_steps: g,
        });
        let nce = SAMPLERS.iter().map(|&s| Setting::Nce(s));
        let baselines = BASELINES.iter().map(|&b| Setting::Baseline(b));
        snapshots.chain(steps).chain(nce).chain(baselines).collect()
    }

    /// Position in [`Setting::all`].
    pub fn order(&self) -> usize {
        Setting::all()
            .iter()
            .position(|s| s == self)
            .unwrap_or(usize::MAX)
    }

    /// The name in tables and figures (no commas or pipes).
    pub fn label(&self) -> String {
        match self {
            Setting::Gan {
                epochs,
                d_steps,
                g_steps,
            } => format!("GAN {epochs} ep d{d_steps} g{g_steps}"),
            Setting::Nce(s) => format!("NCE {}", sampler_name(*s)),
            Setting::Baseline(Baseline::Proposal) => "baseline: q alone".into(),
            Setting::Baseline(Baseline::TrueLaw) => "baseline: true law".into(),
        }
    }

    /// The file-name stem.
    pub fn slug(&self) -> String {
        match self {
            Setting::Gan {
                epochs,
                d_steps,
                g_steps,
            } => format!("gan_e{epochs:03}_d{d_steps}_g{g_steps}"),
            Setting::Nce(s) => format!("nce_{}", sampler_name(*s)),
            Setting::Baseline(Baseline::Proposal) => "baseline_q".into(),
            Setting::Baseline(Baseline::TrueLaw) => "baseline_true_law".into(),
        }
    }

    /// True for GAN settings.
    pub fn is_gan(&self) -> bool {
        matches!(self, Setting::Gan { .. })
    }
}

/// `rejection` or `threshold`.
pub fn sampler_name(s: SamplerKind) -> &'static str {
    match s {
        SamplerKind::Rejection => "rejection",
        SamplerKind::Threshold => "threshold",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_in_report_order_with_unique_names() {
        let all = Setting::all();
        assert_eq!(all.len(), 12);
        let epochs: Vec<usize> = all
            .iter()
            .filter_map(|s| match s {
                Setting::Gan {
                    epochs,
                    d_steps: 1,
                    g_steps: 1,
                } => Some(*epochs),
                _ => None,
            })
            .collect();
        assert_eq!(epochs, SNAPSHOT_EPOCHS);
        let mut slugs: Vec<String> = all.iter().map(|s| s.slug()).collect();
        slugs.dedup();
        assert_eq!(slugs.len(), 12);
        assert!(all.iter().all(|s| !s.label().contains(',')));
        assert_eq!(all[3].order(), 3);
    }
}
