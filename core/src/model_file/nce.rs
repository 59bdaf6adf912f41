//! An NCE sampler in a file: the classifier, then `ν`, the noise and the sampler's settings.

use crate::math::gaussian::Gaussian;
use crate::math::noise::Noise;
use crate::math::uniform_box::UniformBox;
use crate::model_file::bytes::{Reader, Writer};
use crate::model_file::info::TrainingInfo;
use crate::model_file::network::{read_mlp2, write_mlp2, NetworkShape};
use crate::model_file::{write_file, FileError, Kind, ModelFile, CRC_LEN, HEADER_LEN};
use crate::models::nce::{Nce, NceConfig, SamplerKind, CLASSIFIER_ACTIVATIONS};

/// Which family the stored noise distribution belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum NoiseFamily {
    /// A Gaussian: its mean, then the lower triangle of its Cholesky factor row by row.
    Gaussian,
    /// A uniform box: its lower corner, then its upper corner.
    Box,
}

/// What an NCE sampler keeps besides its classifier: everything sampling needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct NceSection {
    /// `ν`: the ratio is `r(x) = ν·e^logit`.
    pub noise_ratio: usize,
    /// The sampler.
    pub sampler: SamplerKind,
    /// The noise distribution's family (its parameters follow in the file).
    pub noise: NoiseFamily,
    /// Noise draws the rejection sampler takes to find its bound `M` before sampling.
    pub bound_pool: usize,
    /// Proposals the sampler may reject in a row before it gives up.
    pub max_proposals_per_sample: u32,
}

/// The classifier reads points standardized by the noise (the only input of version 1).
const INPUT_STANDARDIZED: u8 = 1;

impl NceSection {
    fn of<const D: usize, const H: usize>(nce: &Nce<D, H>) -> Self {
        let c = nce.config();
        NceSection {
            noise_ratio: c.noise_ratio,
            sampler: c.sampler,
            noise: match nce.noise {
                Noise::Gaussian(_) => NoiseFamily::Gaussian,
                Noise::Uniform(_) => NoiseFamily::Box,
            },
            bound_pool: c.bound_pool,
            max_proposals_per_sample: c.max_proposals_per_sample,
        }
    }

    /// Bytes of the section for a `d`-dimensional noise of `family`.
    pub const fn len(d: usize, family: NoiseFamily) -> usize {
        16 + 4 * match family {
            NoiseFamily::Gaussian => d + d * (d + 1) / 2,
            NoiseFamily::Box => 2 * d,
        }
    }

    fn write<const D: usize>(&self, noise: &Noise<D>, w: &mut Writer) -> Result<(), FileError> {
        let count = |v: usize| u32::try_from(v).map_err(|_| FileError::BadField("count"));
        w.u32(count(self.noise_ratio)?)?;
        w.u8(match self.sampler {
            SamplerKind::Rejection => 1,
            SamplerKind::Threshold => 2,
        })?;
        w.u8(INPUT_STANDARDIZED)?;
        w.u8(match self.noise {
            NoiseFamily::Gaussian => 1,
            NoiseFamily::Box => 2,
        })?;
        w.u8(0)?;
        w.u32(count(self.bound_pool)?)?;
        w.u32(self.max_proposals_per_sample)?;
        match noise {
            Noise::Gaussian(g) => {
                w.f32s(&g.mean)?;
                for (i, row) in g.cholesky.iter().enumerate() {
                    w.f32s(&row[..=i])?;
                }
            }
            Noise::Uniform(b) => {
                w.f32s(&b.lo)?;
                w.f32s(&b.hi)?;
            }
        }
        Ok(())
    }

    /// Reads the section of a `d`-dimensional sampler, skipping the noise's parameters.
    pub(crate) fn read(r: &mut Reader, d: usize) -> Result<Self, FileError> {
        let (section, family) = Self::read_fields(r)?;
        r.skip_f32s(Self::len(d, family) / 4 - 4)?;
        Ok(section)
    }

    fn read_fields(r: &mut Reader) -> Result<(Self, NoiseFamily), FileError> {
        let noise_ratio = r.u32()? as usize;
        let sampler = match r.u8()? {
            1 => SamplerKind::Rejection,
            2 => SamplerKind::Threshold,
            _ => return Err(FileError::BadField("sampler")),
        };
        if r.u8()? != INPUT_STANDARDIZED {
            return Err(FileError::BadField("classifier input"));
        }
        let noise = match r.u8()? {
            1 => NoiseFamily::Gaussian,
            2 => NoiseFamily::Box,
            _ => return Err(FileError::BadField("noise family")),
        };
        let _reserved = r.u8()?;
        let section = NceSection {
            noise_ratio,
            sampler,
            noise,
            bound_pool: r.u32()? as usize,
            max_proposals_per_sample: r.u32()?,
        };
        Ok((section, noise))
    }

    fn read_noise<const D: usize>(
        family: NoiseFamily,
        r: &mut Reader,
    ) -> Result<Noise<D>, FileError> {
        let noise = match family {
            NoiseFamily::Gaussian => {
                let mut g = Gaussian::ZERO;
                r.f32s(&mut g.mean)?;
                for (i, row) in g.cholesky.iter_mut().enumerate() {
                    r.f32s(&mut row[..=i])?;
                }
                Noise::Gaussian(g)
            }
            NoiseFamily::Box => {
                let mut b = UniformBox::ZERO;
                r.f32s(&mut b.lo)?;
                r.f32s(&mut b.hi)?;
                Noise::Uniform(b)
            }
        };
        if noise.is_valid() {
            Ok(noise)
        } else {
            Err(FileError::BadField("noise parameters"))
        }
    }
}

/// The largest file [`save_nce`] writes for an `Nce<D, H>`: size a buffer with it.
pub const fn nce_file_size<const D: usize, const H: usize>() -> usize {
    let gaussian = NceSection::len(D, NoiseFamily::Gaussian);
    let uniform = NceSection::len(D, NoiseFamily::Box);
    let section = if gaussian > uniform {
        gaussian
    } else {
        uniform
    };
    HEADER_LEN
        + NetworkShape::of::<D, H, H, 1>(CLASSIFIER_ACTIVATIONS).section_len()
        + section
        + TrainingInfo::LEN
        + CRC_LEN
}

/// Writes `nce` as an NCE sampler file into `out`; returns its length.
pub fn save_nce<const D: usize, const H: usize>(
    nce: &Nce<D, H>,
    info: &TrainingInfo,
    out: &mut [u8],
) -> Result<usize, FileError> {
    write_file(out, Kind::NceSampler, |w| {
        write_mlp2(w, &nce.classifier.model)?;
        NceSection::of(nce).write(&nce.noise, w)?;
        info.write(w)
    })
}

/// Loads the sampler of `file` into `nce`: the classifier, the noise and the sampler's
/// settings (the other training settings are the defaults; the optimizer state is not stored,
/// so `nce` samples but does not resume training). Returns the training information.
pub fn load_nce<const D: usize, const H: usize>(
    file: &ModelFile,
    nce: &mut Nce<D, H>,
) -> Result<TrainingInfo, FileError> {
    file.expect(Kind::NceSampler)?;
    let mut r = file.body();
    read_mlp2(&mut r, &mut nce.classifier.model)?;
    let (section, family) = NceSection::read_fields(&mut r)?;
    let noise = NceSection::read_noise::<D>(family, &mut r)?;
    let info = TrainingInfo::read(&mut r)?;
    let config = NceConfig {
        noise_ratio: section.noise_ratio,
        sampler: section.sampler,
        bound_pool: section.bound_pool,
        max_proposals_per_sample: section.max_proposals_per_sample,
        ..NceConfig::DEFAULT
    };
    config
        .validate()
        .map_err(|_| FileError::BadField("sampler settings"))?;
    nce.config = config;
    nce.noise = noise;
    Ok(info)
}
