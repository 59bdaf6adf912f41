//! What the study trains: its settings (GAN epochs and steps, NCE samplers, the
//! baselines) and their names in tables, figures and files.

use tinygen::{GanConfig, SamplerKind};

/// The GAN's epoch counts, taken as snapshots of one run with `d_steps = g_steps = 1`.
pub const SNAPSHOT_EPOCHS: [usize; 5] = [10, 30, 50, 100, 200];
/// Epochs of the runs with other `(d_steps, g_steps)`.
pub const STEP_EPOCHS: usize = 200;
/// The study's GAN: the core's defaults ([`GanConfig::DEFAULT`]) with these epochs and
/// steps. One [`GanConfig`] carries a setting from these tables to the training loop.
pub const fn gan(epochs: usize, d_steps: usize, g_steps: usize) -> GanConfig {
    GanConfig {
        epochs,
        d_steps,
        g_steps,
        ..GanConfig::DEFAULT
    }
}
/// The run with `d_steps = g_steps = 1`, trained for [`STEP_EPOCHS`] epochs and sampled at
/// each of [`SNAPSHOT_EPOCHS`].
pub const BASE_GAN: GanConfig = gan(STEP_EPOCHS, 1, 1);
/// The other `(d_steps, g_steps)` settings, trained for [`STEP_EPOCHS`] epochs.
pub const STEP_SETTINGS: [GanConfig; 3] = [
    gan(STEP_EPOCHS, 10, 1),
    gan(STEP_EPOCHS, 1, 10),
    gan(STEP_EPOCHS, 10, 10),
];
/// Both NCE samplers, rejection first.
pub const SAMPLERS: [SamplerKind; 2] = [SamplerKind::Rejection, SamplerKind::Threshold];

/// What one run trained.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Setting {
    /// The GAN of this configuration, after its `epochs` epochs (a snapshot of a longer
    /// run when fewer than the run's).
    Gan(GanConfig),
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
        let snapshots = SNAPSHOT_EPOCHS
            .iter()
            .map(|&epochs| Setting::Gan(GanConfig { epochs, ..BASE_GAN }));
        let steps = STEP_SETTINGS.iter().map(|&c| Setting::Gan(c));
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
            Setting::Gan(c) => format!("GAN {} ep d{} g{}", c.epochs, c.d_steps, c.g_steps),
            Setting::Nce(s) => format!("NCE {}", sampler_name(*s)),
            Setting::Baseline(Baseline::Proposal) => "baseline: q alone".into(),
            Setting::Baseline(Baseline::TrueLaw) => "baseline: true law".into(),
        }
    }

    /// The file-name stem.
    pub fn slug(&self) -> String {
        match self {
            Setting::Gan(c) => format!("gan_e{:03}_d{}_g{}", c.epochs, c.d_steps, c.g_steps),
            Setting::Nce(s) => format!("nce_{}", sampler_name(*s)),
            Setting::Baseline(Baseline::Proposal) => "baseline_q".into(),
            Setting::Baseline(Baseline::TrueLaw) => "baseline_true_law".into(),
        }
    }

    /// True for GAN settings.
    pub fn is_gan(&self) -> bool {
        matches!(self, Setting::Gan(_))
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
                Setting::Gan(c) if c.d_steps == 1 && c.g_steps == 1 => Some(c.epochs),
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
