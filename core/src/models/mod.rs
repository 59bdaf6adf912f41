//! The generative models and the jobs that train them: NCE and the GAN; and the dead-ReLU
//! study's classifier.

pub mod dead_relu;
pub mod gan;
pub mod jobs;
pub mod nce;
#[cfg(test)]
mod test_moons;
