//! A GAN's generator or discriminator in a file.

use crate::model_file::bytes::{Reader, Writer};
use crate::model_file::info::TrainingInfo;
use crate::model_file::network::{read_mlp2, write_mlp2, NetworkShape};
use crate::model_file::{write_file, FileError, Kind, ModelFile, CRC_LEN, HEADER_LEN};
use crate::models::gan::{
    Discriminator, Gan, Generator, DISCRIMINATOR_ACTIVATIONS, GENERATOR_ACTIVATIONS,
};

/// The latent distribution of version 1: `z ~ N(0, I)`.
const LATENT_STANDARD_NORMAL: u8 = 1;

/// Bytes of the generator's latent section.
const LATENT_LEN: usize = 1;

pub(crate) fn read_latent(r: &mut Reader) -> Result<(), FileError> {
    if r.u8()? == LATENT_STANDARD_NORMAL {
        Ok(())
    } else {
        Err(FileError::BadField("latent distribution"))
    }
}

fn write_latent(w: &mut Writer) -> Result<(), FileError> {
    w.u8(LATENT_STANDARD_NORMAL)
}

/// The size of [`save_generator`]'s file for a `Gan<D, H>`.
pub const fn generator_file_size<const D: usize, const H: usize>() -> usize {
    HEADER_LEN
        + NetworkShape::of::<{ crate::models::gan::LATENT }, H, H, D>(GENERATOR_ACTIVATIONS)
            .section_len()
        + LATENT_LEN
        + TrainingInfo::LEN
        + CRC_LEN
}

/// The size of [`save_discriminator`]'s file for a `Gan<D, H>`.
pub const fn discriminator_file_size<const D: usize, const H: usize>() -> usize {
    HEADER_LEN
        + NetworkShape::of::<D, H, H, 1>(DISCRIMINATOR_ACTIVATIONS).section_len()
        + TrainingInfo::LEN
        + CRC_LEN
}

/// Writes `gan`'s generator into `out`; returns the file's length.
pub fn save_generator<const D: usize, const H: usize>(
    gan: &Gan<D, H>,
    info: &TrainingInfo,
    out: &mut [u8],
) -> Result<usize, FileError> {
    write_file(out, Kind::GanGenerator, |w| {
        write_mlp2(w, &gan.generator.model)?;
        write_latent(w)?;
        info.write(w)
    })
}

/// Writes `gan`'s discriminator into `out`; returns the file's length.
pub fn save_discriminator<const D: usize, const H: usize>(
    gan: &Gan<D, H>,
    info: &TrainingInfo,
    out: &mut [u8],
) -> Result<usize, FileError> {
    write_file(out, Kind::GanDiscriminator, |w| {
        write_mlp2(w, &gan.discriminator.model)?;
        info.write(w)
    })
}

/// Loads the generator of `file` into `generator`; returns the training information.
pub fn load_generator<const D: usize, const H: usize>(
    file: &ModelFile,
    generator: &mut Generator<D, H>,
) -> Result<TrainingInfo, FileError> {
    file.expect(Kind::GanGenerator)?;
    let mut r = file.body();
    read_mlp2(&mut r, generator)?;
    read_latent(&mut r)?;
    TrainingInfo::read(&mut r)
}

/// Loads the discriminator of `file` into `discriminator`; returns the training information.
pub fn load_discriminator<const D: usize, const H: usize>(
    file: &ModelFile,
    discriminator: &mut Discriminator<D, H>,
) -> Result<TrainingInfo, FileError> {
    file.expect(Kind::GanDiscriminator)?;
    let mut r = file.body();
    read_mlp2(&mut r, discriminator)?;
    TrainingInfo::read(&mut r)
}
