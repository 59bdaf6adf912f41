//! The generative models and the jobs that train them: NCE and the GAN, the number of cores
//! their updates run on; and the dead-ReLU study's classifier.

pub mod cores;
pub mod dead_relu;
pub mod gan;
pub mod jobs;
pub mod nce;
#[cfg(test)]
mod test_moons;
