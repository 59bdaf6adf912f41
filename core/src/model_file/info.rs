//! The training information a model file carries: how the model was made, for people.

use crate::data::data_set::DataSet;
use crate::model_file::bytes::{Reader, Writer};
use crate::model_file::FileError;

/// How a stored model was trained. Nothing reads it to sample; fields a kind has no use for
/// are 0.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct TrainingInfo {
    /// The seed of the run.
    pub seed: u64,
    /// The built-in data set trained on, or `None` for a user's own points.
    pub data: Option<DataSet>,
    /// How many training points.
    pub points: u32,
    /// Epochs trained.
    pub epochs: u32,
    /// Minibatch size.
    pub batch_size: u32,
    /// Adam's (initial) learning rate.
    pub lr: f32,
    /// NCE: the learning rate at the last epoch as a share of `lr`.
    pub final_lr_fraction: f32,
    /// GAN: discriminator updates per minibatch.
    pub d_steps: u32,
    /// GAN: generator updates per minibatch.
    pub g_steps: u32,
}

impl TrainingInfo {
    /// Bytes of the section.
    pub const LEN: usize = 8 + 1 + 4 * 7;

    pub(crate) fn write(&self, w: &mut Writer) -> Result<(), FileError> {
        w.u64(self.seed)?;
        w.u8(match self.data {
            None => 0,
            Some(DataSet::Moons) => 1,
            Some(DataSet::Ring) => 2,
            Some(DataSet::Grid) => 3,
        })?;
        w.u32(self.points)?;
        w.u32(self.epochs)?;
        w.u32(self.batch_size)?;
        w.f32(self.lr)?;
        w.f32(self.final_lr_fraction)?;
        w.u32(self.d_steps)?;
        w.u32(self.g_steps)
    }

    pub(crate) fn read(r: &mut Reader) -> Result<Self, FileError> {
        let seed = r.u64()?;
        let data = match r.u8()? {
            0 => None,
            1 => Some(DataSet::Moons),
            2 => Some(DataSet::Ring),
            3 => Some(DataSet::Grid),
            _ => return Err(FileError::BadField("data set")),
        };
        let info = TrainingInfo {
            seed,
            data,
            points: r.u32()?,
            epochs: r.u32()?,
            batch_size: r.u32()?,
            lr: r.f32()?,
            final_lr_fraction: r.f32()?,
            d_steps: r.u32()?,
            g_steps: r.u32()?,
        };
        if !r.is_done() {
            return Err(FileError::BadField("body length"));
        }
        Ok(info)
    }
}
