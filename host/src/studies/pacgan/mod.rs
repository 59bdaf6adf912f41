//! `tinygen pacgan`: the mode-collapse benchmark of VEEGAN and PacGAN on the ring and grid
//! mixtures — the GAN (its defaults and its best `d_steps`/`g_steps` setting on the moons)
//! against NCE, scored by modes found, high-quality share and reverse KL, next to the papers'
//! published figures.
//!
//! The protocol (PacGAN section 5.1, after VEEGAN): each run draws 2500 samples; a sample is
//! *high quality* when it lies within 3 standard deviations of its nearest component mean; a
//! mode is *found* when some high-quality sample is nearest to it; the reverse KL compares the
//! high-quality samples' shares per mode with the uniform weights. Means ± standard errors are
//! over seeds; a run that diverges or does not learn is counted and left out of the means.

pub mod methods;
pub mod published;
pub mod study;
pub mod summary;

pub use methods::Method;
pub use study::{study, StudySettings};

use super::Defaults;

/// Samples drawn per run, as in the papers.
pub const SAMPLES: usize = 2500;
/// The output folder, first seed and seeds per mixture and model (the papers average 10 and
/// 12 trials).
pub const DEFAULTS: Defaults = Defaults {
    out: "pacgan-study",
    first_seed: 0,
    seeds: 10,
};
