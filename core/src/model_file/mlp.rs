//! A plain MLP in a file: what a user's own trained network is saved as.

use crate::model_file::info::TrainingInfo;
use crate::model_file::network::{read_mlp2, write_mlp2, NetworkShape};
use crate::model_file::{write_file, FileError, Kind, ModelFile, CRC_LEN, HEADER_LEN};
use crate::nn::activation::Activation;
use crate::nn::mlp2::Mlp2;

/// The size of [`save_mlp`]'s file for an `Mlp2<I, H1, H2, O>`.
pub const fn mlp_file_size<const I: usize, const H1: usize, const H2: usize, const O: usize>(
) -> usize {
    HEADER_LEN
        + NetworkShape::of::<I, H1, H2, O>([Activation::Identity; 3]).section_len()
        + TrainingInfo::LEN
        + CRC_LEN
}

/// Writes `net` into `out`; returns the file's length.
pub fn save_mlp<const I: usize, const H1: usize, const H2: usize, const O: usize>(
    net: &Mlp2<I, H1, H2, O>,
    info: &TrainingInfo,
    out: &mut [u8],
) -> Result<usize, FileError> {
    write_file(out, Kind::Mlp, |w| {
        write_mlp2(w, net)?;
        info.write(w)
    })
}

/// Loads the MLP of `file` into `net` (sizes must match; the activations are the file's);
/// returns the training information.
pub fn load_mlp<const I: usize, const H1: usize, const H2: usize, const O: usize>(
    file: &ModelFile,
    net: &mut Mlp2<I, H1, H2, O>,
) -> Result<TrainingInfo, FileError> {
    file.expect(Kind::Mlp)?;
    let mut r = file.body();
    read_mlp2(&mut r, net)?;
    TrainingInfo::read(&mut r)
}
