//! Model files on disk: the core writes and reads them in memory ([`tinygen::model_file`]);
//! this adds paths, sizes and messages.

use crate::failure::{Failure, Outcome};
use std::path::Path;
use tinygen::model_file::{
    generator_file_size, nce_file_size, save_generator, save_nce, FileError, ModelFile,
    TrainingInfo,
};
use tinygen::{Gan, Nce};

/// The largest model file any command reads: far above the biggest model tinygen saves
/// (a 2-50-50-2 generator is about 11 KB), so a wrong file is refused before it is read.
pub const MAX_MODEL_BYTES: u64 = 1 << 20;

/// Writes `nce` and `info` to `path`.
pub fn save_nce_file<const H: usize>(path: &Path, nce: &Nce<2, H>, info: &TrainingInfo) -> Outcome {
    let mut bytes = vec![0u8; nce_file_size::<2, H>()];
    let len = save_nce(nce, info, &mut bytes).map_err(|e| Failure::Run(e.to_string()))?;
    write(path, &bytes[..len])
}

/// Writes the generator of `gan` and `info` to `path`.
pub fn save_generator_file<const H: usize>(
    path: &Path,
    gan: &Gan<2, H>,
    info: &TrainingInfo,
) -> Outcome {
    let mut bytes = vec![0u8; generator_file_size::<2, H>()];
    let len = save_generator(gan, info, &mut bytes).map_err(|e| Failure::Run(e.to_string()))?;
    write(path, &bytes[..len])
}

/// Writes `bytes` to `path`, or says why not.
pub fn write(path: &Path, bytes: &[u8]) -> Outcome {
    std::fs::write(path, bytes)
        .map_err(|e| Failure::Usage(format!("cannot write {}: {e}", path.display())))
}

/// The bytes of the model file at `path`, size-checked.
pub fn read(path: &Path) -> Outcome<Vec<u8>> {
    let cannot =
        |e: &dyn std::fmt::Display| Failure::Usage(format!("cannot read {}: {e}", path.display()));
    let size = std::fs::metadata(path).map_err(|e| cannot(&e))?.len();
    if size > MAX_MODEL_BYTES {
        return Err(Failure::Usage(format!(
            "{}: {size} bytes is no tinygen model file (they are at most {MAX_MODEL_BYTES})",
            path.display()
        )));
    }
    std::fs::read(path).map_err(|e| cannot(&e))
}

/// `bytes` checked as a model file; a bad file is the user's input (exit 2).
pub fn parse<'a>(bytes: &'a [u8], path: &Path) -> Outcome<ModelFile<'a>> {
    ModelFile::parse(bytes).map_err(|e| bad_file(path, e))
}

/// The one line that says why the file at `path` cannot be used.
pub fn bad_file(path: &Path, e: FileError) -> Failure {
    Failure::Usage(format!("{}: {e}", path.display()))
}
