//! `tinygen relu`: the dead-ReLU study.
//!
//! One classifier, 2→H→H→1 with a linear logit and binary cross-entropy, learns the two-moons
//! labels with plain minibatch SGD. It is trained with ReLU and with ELU hidden units, at
//! several learning rates, over several seeds; a seed fixes the data, the initial weights and
//! the minibatch order, so ReLU and ELU start from the very same network. After every epoch
//! the core's dead-unit analysis counts, per hidden layer, the units whose pre-activation is
//! ≤ 0 on every training point.
//!
//! A dead first-layer ReLU unit is dead for good: its gradient is exactly 0 in every
//! minibatch, so plain SGD leaves its weights bit for bit unchanged (see the tests). A
//! second-layer unit sees the first layer's outputs, which keep moving, so it can come back.
//! An ELU unit with the same "no positive pre-activation" property still has the gradient
//! `α·e^z > 0` and can recover too; for ELU the share measures how many units sit entirely
//! on the negative side.
//!
//! The study is split into: [`classifier`] (the network, its activations, one SGD step and
//! the per-epoch measurements), [`run`] (one training run and how it can diverge),
//! [`tables`] and [`figure`] (the report).

pub mod classifier;
pub mod figure;
pub mod run;
pub mod study;
pub mod tables;

pub use classifier::{measure, setup, sgd_step, Classifier, Hidden, Measure};
pub use figure::panels;
pub use run::{train_run, Divergence, Run};
pub use tables::{divergence_list, epochs_table, runs_table, summary_table};

pub use study::study;

/// The study's output folder, seeds and (below) epochs unless the command line says otherwise.
pub const DEFAULTS: crate::studies::Defaults = crate::studies::Defaults {
    out: "relu-study",
    first_seed: crate::DEFAULT_SEED,
    seeds: 5,
};
/// Training epochs per run, unless the command line says otherwise.
pub const EPOCHS: usize = 50;

/// The network, data and minibatches are the core's (shared with the browser's view).
pub use tinygen::models::dead_relu::{BATCH_SIZE, BLOW_UP_LOSS, DATA_NOISE, POINTS, WIDTH};
/// The plain-SGD learning rates compared: from too slow to past the point where ELU
/// training blows up (1.5–2 with this network, batch size and data).
pub const LEARNING_RATES: [f32; 7] = [0.01, 0.1, 0.5, 1.0, 1.5, 2.0, 3.0];
