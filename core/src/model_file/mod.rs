//! The model file: a trained network (and for an NCE sampler, everything sampling needs) as
//! bytes, written into and read out of caller memory with no allocation, so that a model
//! trained on a host can be embedded in firmware and one trained on a device can be carried
//! back to the host. The layout is specified field by field in `docs/model-file.md`.
//!
//! Every file is a 16-byte header (magic, format version, kind, body length), a body (the
//! network, the kind's own section, the training information) and a CRC-32 of everything
//! before it. Reading checks all of that, and that every number is finite, before any value
//! reaches a model.

mod bytes;
mod error;
mod gan;
mod info;
mod mlp;
mod nce;
mod network;

pub use bytes::crc32;
pub use error::FileError;
pub use gan::{
    discriminator_file_size, generator_file_size, load_discriminator, load_generator,
    save_discriminator, save_generator,
};
pub use info::TrainingInfo;
pub use mlp::{load_mlp, mlp_file_size, save_mlp};
pub use nce::{load_nce, nce_file_size, save_nce, NceSection, NoiseFamily};
pub use network::NetworkShape;

use bytes::Reader;

/// The first four bytes of every model file.
pub const MAGIC: [u8; 4] = *b"TGNM";
/// The format version this core writes and reads.
pub const VERSION: u16 = 1;
/// Bytes of the header.
pub const HEADER_LEN: usize = 16;
/// Bytes of the trailing CRC-32.
pub const CRC_LEN: usize = 4;

/// What a model file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Kind {
    /// A plain two-hidden-layer MLP ([`crate::Mlp2`]).
    Mlp,
    /// An NCE sampler: the classifier, `ν`, the noise and the sampler's settings.
    NceSampler,
    /// A GAN's generator.
    GanGenerator,
    /// A GAN's discriminator.
    GanDiscriminator,
}

impl Kind {
    /// The byte that stands for it in a file.
    pub const fn code(self) -> u8 {
        match self {
            Kind::Mlp => 1,
            Kind::NceSampler => 2,
            Kind::GanGenerator => 3,
            Kind::GanDiscriminator => 4,
        }
    }

    /// The kind of a code, if it is one.
    pub const fn from_code(code: u8) -> Option<Kind> {
        match code {
            1 => Some(Kind::Mlp),
            2 => Some(Kind::NceSampler),
            3 => Some(Kind::GanGenerator),
            4 => Some(Kind::GanDiscriminator),
            _ => None,
        }
    }

    /// Its name in messages.
    pub const fn name(self) -> &'static str {
        match self {
            Kind::Mlp => "MLP",
            Kind::NceSampler => "NCE sampler",
            Kind::GanGenerator => "GAN generator",
            Kind::GanDiscriminator => "GAN discriminator",
        }
    }
}

/// A model file whose header, length and CRC have been checked: what it holds can be read
/// without loading it into a model ([`ModelFile::shape`], [`ModelFile::info`]), and loaded by
/// the functions of its kind.
#[derive(Clone, Copy, Debug)]
pub struct ModelFile<'a> {
    kind: Kind,
    body: &'a [u8],
}

impl<'a> ModelFile<'a> {
    /// Checks `bytes`: magic, version, kind, length and CRC.
    pub fn parse(bytes: &'a [u8]) -> Result<Self, FileError> {
        let mut r = Reader::new(bytes);
        if r.take::<4>().map_err(|_| bad_start(bytes))? != MAGIC {
            return Err(FileError::BadMagic);
        }
        let version = r.u16()?;
        if version != VERSION {
            return Err(FileError::UnknownVersion(version));
        }
        let kind_code = r.u8()?;
        let _reserved = r.u8()?;
        let body_len = r.u32()? as usize;
        let _flags = r.u32()?;
        let end = HEADER_LEN
            .checked_add(body_len)
            .and_then(|e| e.checked_add(CRC_LEN))
            .ok_or(FileError::Truncated)?;
        if bytes.len() < end {
            return Err(FileError::Truncated);
        }
        if bytes.len() > end {
            return Err(FileError::TrailingBytes);
        }
        let (content, crc) = bytes.split_at(end - CRC_LEN);
        let mut crc_bytes = [0u8; 4];
        crc_bytes.copy_from_slice(crc);
        if crc32(content) != u32::from_le_bytes(crc_bytes) {
            return Err(FileError::CrcMismatch);
        }
        let kind = Kind::from_code(kind_code).ok_or(FileError::UnknownKind(kind_code))?;
        Ok(ModelFile {
            kind,
            body: &content[HEADER_LEN..],
        })
    }

    /// What the file holds.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The sizes and activations of its network.
    pub fn shape(&self) -> Result<NetworkShape, FileError> {
        NetworkShape::read(&mut Reader::new(self.body))
    }

    /// Its training information.
    pub fn info(&self) -> Result<TrainingInfo, FileError> {
        let mut r = Reader::new(self.body);
        let shape = NetworkShape::read(&mut r)?;
        r.skip_f32s(shape.parameter_count())?;
        match self.kind {
            Kind::NceSampler => {
                NceSection::read(&mut r, shape.input)?;
            }
            Kind::GanGenerator => {
                gan::read_latent(&mut r)?;
            }
            Kind::Mlp | Kind::GanDiscriminator => {}
        }
        TrainingInfo::read(&mut r)
    }

    /// For an NCE sampler, its own section (ν, noise, sampler settings).
    pub fn nce_section(&self) -> Result<NceSection, FileError> {
        self.expect(Kind::NceSampler)?;
        let mut r = Reader::new(self.body);
        let shape = NetworkShape::read(&mut r)?;
        r.skip_f32s(shape.parameter_count())?;
        NceSection::read(&mut r, shape.input)
    }

    /// Fails unless the file holds `kind`.
    pub(crate) fn expect(&self, kind: Kind) -> Result<(), FileError> {
        if self.kind == kind {
            Ok(())
        } else {
            Err(FileError::WrongKind {
                expected: kind,
                found: self.kind,
            })
        }
    }

    /// The body, to read from.
    pub(crate) fn body(&self) -> Reader<'a> {
        Reader::new(self.body)
    }
}

/// The error for bytes too short to hold a magic number: truncated if they start like one.
fn bad_start(bytes: &[u8]) -> FileError {
    if MAGIC.starts_with(bytes) {
        FileError::Truncated
    } else {
        FileError::BadMagic
    }
}

/// Writes the header, lets `body` write the body, then the body's length and the CRC.
/// Returns the file's length.
pub(crate) fn write_file(
    out: &mut [u8],
    kind: Kind,
    body: impl FnOnce(&mut bytes::Writer) -> Result<(), FileError>,
) -> Result<usize, FileError> {
    let mut w = bytes::Writer::new(out);
    w.bytes(&MAGIC)?;
    w.u16(VERSION)?;
    w.u8(kind.code())?;
    w.u8(0)?;
    w.u32(0)?; // body length, patched below
    w.u32(0)?; // flags: none defined in version 1
    body(&mut w)?;
    let body_len = w.position() - HEADER_LEN;
    w.patch_u32(
        8,
        u32::try_from(body_len).map_err(|_| FileError::BufferTooSmall)?,
    )?;
    let crc = crc32(w.written());
    w.u32(crc)?;
    Ok(w.position())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::data_set::DataSet;
    use crate::math::rng::Rng;
    use crate::models::gan::{Gan, GanConfig};
    use crate::models::nce::{Nce, NceConfig};
    use crate::nn::params::Params;

    const D: usize = 2;
    const H: usize = 8;

    fn trained_nce() -> Nce<D, H> {
        let mut points = [[0.0f32; 2]; 64];
        let mut rng = Rng::seed_from(5);
        DataSet::Moons.sample_into(&mut points, &mut rng).unwrap();
        let config = NceConfig {
            epochs: 2,
            batch_size: 16,
            ..NceConfig::DEFAULT
        };
        let mut nce = Nce::new(config, &points, &mut rng).unwrap();
        let mut order = [0u32; 64];
        let mut batches = crate::data::batches::Batches::new(&mut order, 16).unwrap();
        nce.train_epoch(&points, &mut batches, &mut rng).unwrap();
        nce
    }

    fn info() -> TrainingInfo {
        TrainingInfo {
            seed: 42,
            data: Some(DataSet::Ring),
            points: 64,
            epochs: 2,
            batch_size: 16,
            lr: 0.04,
            final_lr_fraction: 0.001,
            ..TrainingInfo::default()
        }
    }

    fn same_params<P: Params>(a: &P, b: &P) -> bool {
        (0..P::TENSORS).all(|k| {
            a.tensor(k)
                .iter()
                .zip(b.tensor(k))
                .all(|(x, y)| x.to_bits() == y.to_bits())
        })
    }

    #[test]
    fn an_nce_sampler_round_trips_bit_for_bit() {
        let nce = trained_nce();
        let mut buf = [0u8; nce_file_size::<D, H>()];
        let len = save_nce(&nce, &info(), &mut buf).unwrap();
        let file = ModelFile::parse(&buf[..len]).unwrap();
        assert_eq!(file.kind(), Kind::NceSampler);
        assert_eq!(file.info(), Ok(info()));
        let shape = file.shape().unwrap();
        assert_eq!(
            (shape.input, shape.hidden1, shape.hidden2, shape.output),
            (2, 8, 8, 1)
        );
        let mut loaded = Nce::<D, H>::ZERO;
        assert_eq!(load_nce(&file, &mut loaded), Ok(info()));
        assert!(same_params(&nce.classifier.model, &loaded.classifier.model));
        assert_eq!(nce.noise, loaded.noise);
        // Both sample the same points from the same stream.
        let (mut r1, mut r2) = (Rng::seed_from(9), Rng::seed_from(9));
        let (mut s1, mut s2) = (nce.sampler(&mut r1), loaded.sampler(&mut r2));
        for _ in 0..20 {
            assert_eq!(s1.next_sample(&mut r1), s2.next_sample(&mut r2));
        }
    }

    #[test]
    fn a_generator_round_trips_and_kinds_are_checked() {
        let gan = Gan::<D, H>::new(GanConfig::DEFAULT, &mut Rng::seed_from(3)).unwrap();
        let mut buf = [0u8; generator_file_size::<D, H>()];
        let len = save_generator(&gan, &info(), &mut buf).unwrap();
        assert_eq!(len, buf.len());
        let file = ModelFile::parse(&buf).unwrap();
        let mut loaded = Gan::<D, H>::ZERO;
        load_generator(&file, &mut loaded.generator.model).unwrap();
        assert!(same_params(&gan.generator.model, &loaded.generator.model));
        let mut nce = Nce::<D, H>::ZERO;
        assert_eq!(
            load_nce(&file, &mut nce),
            Err(FileError::WrongKind {
                expected: Kind::NceSampler,
                found: Kind::GanGenerator
            })
        );
        let mut wide = Gan::<D, 16>::ZERO;
        assert!(matches!(
            load_generator(&file, &mut wide.generator.model),
            Err(FileError::WrongShape { .. })
        ));
    }

    #[test]
    fn damaged_files_are_refused_with_their_reason() {
        let nce = trained_nce();
        let mut buf = [0u8; nce_file_size::<D, H>()];
        let len = save_nce(&nce, &info(), &mut buf).unwrap();
        let good = &buf[..len];
        assert_eq!(
            ModelFile::parse(&good[..len - 1]).err(),
            Some(FileError::Truncated)
        );
        assert_eq!(
            ModelFile::parse(&good[..2]).err(),
            Some(FileError::Truncated)
        );
        assert_eq!(ModelFile::parse(b"GIF89a").err(), Some(FileError::BadMagic));
        let mut longer = [0u8; 2048];
        longer[..len].copy_from_slice(good);
        assert_eq!(
            ModelFile::parse(&longer[..len + 1]).err(),
            Some(FileError::TrailingBytes)
        );
        let mut flipped = [0u8; 2048];
        flipped[..len].copy_from_slice(good);
        flipped[40] ^= 0x10;
        assert_eq!(
            ModelFile::parse(&flipped[..len]).err(),
            Some(FileError::CrcMismatch)
        );
        let mut v2 = flipped;
        v2[..len].copy_from_slice(good);
        v2[4] = 2;
        assert_eq!(
            ModelFile::parse(&v2[..len]).err(),
            Some(FileError::UnknownVersion(2))
        );
        // A NaN weight with a valid CRC: refused when loaded.
        let mut nan = [0u8; 2048];
        nan[..len].copy_from_slice(good);
        let first_weight = HEADER_LEN + 8 + 15;
        nan[first_weight..first_weight + 4].copy_from_slice(&f32::NAN.to_bits().to_le_bytes());
        let crc = crc32(&nan[..len - CRC_LEN]);
        nan[len - CRC_LEN..len].copy_from_slice(&crc.to_le_bytes());
        let file = ModelFile::parse(&nan[..len]).unwrap();
        let mut loaded = Nce::<D, H>::ZERO;
        assert_eq!(load_nce(&file, &mut loaded), Err(FileError::NonFinite));
    }

    #[test]
    fn a_small_buffer_is_an_error() {
        let nce = trained_nce();
        let mut buf = [0u8; 100];
        assert_eq!(
            save_nce(&nce, &info(), &mut buf),
            Err(FileError::BufferTooSmall)
        );
    }
}
