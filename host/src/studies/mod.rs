//! The three studies, each in one shape: `experiments` (GAN vs NCE on two moons), `relu`
//! (dead ReLU units) and `nce_dim` (NCE in high dimension).

pub mod experiments;
pub mod nce_dim;
pub mod relu;
