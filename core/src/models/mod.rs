//! The generative models and the jobs that train them: NCE and the GAN.

pub mod gan;
pub mod jobs;
pub mod nce;
