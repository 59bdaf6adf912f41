//! The figures the papers publish for the same protocol, cited (not our runs).

/// One published row: a model on one mixture.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Published {
    /// The model and where the figure comes from.
    pub source: &'static str,
    /// Modes found (mean over the paper's trials).
    pub modes: f64,
    /// High-quality share in percent.
    pub high_quality_percent: f64,
    /// Reverse KL, where the paper gives it.
    pub reverse_kl: Option<f64>,
}

/// PacGAN (Lin et al., 2018) Table 1 and VEEGAN (Srivastava et al., 2017) Table 1, ring.
pub const RING: [Published; 4] = [
    row("GAN (PacGAN Table 1)", 6.3, 98.2, Some(0.45)),
    row("PacGAN4 (PacGAN Table 1)", 7.8, 95.9, Some(0.07)),
    row("GAN (VEEGAN Table 1)", 1.0, 99.3, None),
    row("VEEGAN (VEEGAN Table 1)", 8.0, 52.9, None),
];

/// The same tables, grid.
pub const GRID: [Published; 4] = [
    row("GAN (PacGAN Table 1)", 17.3, 94.8, Some(0.70)),
    row("PacGAN4 (PacGAN Table 1)", 24.8, 93.6, Some(0.04)),
    row("GAN (VEEGAN Table 1)", 3.3, 0.5, None),
    row("VEEGAN (VEEGAN Table 1)", 24.6, 40.0, None),
];

const fn row(
    source: &'static str,
    modes: f64,
    high_quality_percent: f64,
    reverse_kl: Option<f64>,
) -> Published {
    Published {
        source,
        modes,
        high_quality_percent,
        reverse_kl,
    }
}
