//! Drawing from a saved NCE sampler or GAN generator, without training.
//!
//! The draws come from the sample stream of the seed ([`Streams::sample`]), the stream a
//! training run of that seed samples from, so a saved model of seed S drawn with seed S
//! gives the lines its training run printed.

use crate::failure::{Failure, Outcome};
use crate::model_files::bad_file;
use crate::run::dispatch::sample_nce;
use std::path::Path;
use tinygen::model_file::{load_generator, load_nce, Kind, ModelFile};
use tinygen::models::jobs::{Streams, GAN_WIDTH, NCE_WIDTH};
use tinygen::{Gan, Nce};

/// `n` points from the sampler or generator in `file` (read from `path`), drawn with `seed`.
pub fn sample(file: &ModelFile, path: &Path, seed: u64, n: usize) -> Outcome<Vec<[f32; 2]>> {
    let mut rng = Streams::new(seed).sample;
    match file.kind() {
        Kind::NceSampler => {
            let mut nce: Box<Nce<2, NCE_WIDTH>> = Box::new(Nce::ZERO);
            load_nce(file, &mut nce).map_err(|e| bad_file(path, e))?;
            Ok(sample_nce(&nce, n, &mut rng)?.0)
        }
        Kind::GanGenerator => {
            let width = file.shape().map_err(|e| bad_file(path, e))?.hidden1;
            match width {
                16 => generate::<16>(file, path, &mut rng, n),
                32 => generate::<32>(file, path, &mut rng, n),
                _ => generate::<GAN_WIDTH>(file, path, &mut rng, n),
            }
        }
        other => Err(Failure::Usage(format!(
            "{}: holds a {}, which cannot sample; give an NCE sampler or a GAN generator",
            path.display(),
            other.name()
        ))),
    }
}

/// `n` points of the generator of width `H` in `file`.
fn generate<const H: usize>(
    file: &ModelFile,
    path: &Path,
    rng: &mut tinygen::Rng,
    n: usize,
) -> Outcome<Vec<[f32; 2]>> {
    let mut gan: Box<Gan<2, H>> = Box::new(Gan::ZERO);
    load_generator(file, &mut gan.generator.model).map_err(|e| bad_file(path, e))?;
    Ok((0..n).map(|_| gan.sample(rng)).collect())
}
