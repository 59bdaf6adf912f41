//! Why bytes are not a usable model file: one variant per check the reader makes.

use super::network::NetworkShape;
use super::{Kind, VERSION};
use core::fmt;

/// Why bytes are not a usable model file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum FileError {
    /// The bytes end before the file does.
    Truncated,
    /// There are bytes after the CRC.
    TrailingBytes,
    /// The first four bytes are not [`MAGIC`](super::MAGIC): not a tinygen model file.
    BadMagic,
    /// A format version this core does not know.
    UnknownVersion(u16),
    /// The CRC-32 does not match: the file was damaged.
    CrcMismatch,
    /// A kind byte that is none of [`Kind`].
    UnknownKind(u8),
    /// The file holds another kind of model than the one asked for.
    WrongKind {
        /// What was asked for.
        expected: Kind,
        /// What the file holds.
        found: Kind,
    },
    /// The network's sizes are not those of the model asked for.
    WrongShape {
        /// The sizes asked for.
        expected: NetworkShape,
        /// The sizes in the file.
        found: NetworkShape,
    },
    /// A weight, bias or parameter is NaN or infinite.
    NonFinite,
    /// A field holds a value outside its rule (the field's name).
    BadField(&'static str),
    /// The caller's buffer is too small to write the file into.
    BufferTooSmall,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::Truncated => f.write_str("the file is truncated"),
            FileError::TrailingBytes => f.write_str("the file has extra bytes after its CRC"),
            FileError::BadMagic => f.write_str("not a tinygen model file (wrong magic number)"),
            FileError::UnknownVersion(v) => write!(
                f,
                "unknown model file version {v} (this tinygen reads version {VERSION})"
            ),
            FileError::CrcMismatch => f.write_str("CRC mismatch: the file is damaged"),
            FileError::UnknownKind(k) => write!(f, "unknown model kind {k}"),
            FileError::WrongKind { expected, found } => write!(
                f,
                "the file holds a {}, not a {}",
                found.name(),
                expected.name()
            ),
            FileError::WrongShape { expected, found } => {
                write!(f, "the network is {found}, not {expected}")
            }
            FileError::NonFinite => f.write_str("a stored value is NaN or infinite"),
            FileError::BadField(name) => write!(f, "invalid field in the file: {name}"),
            FileError::BufferTooSmall => f.write_str("the buffer is too small for the file"),
        }
    }
}

impl core::error::Error for FileError {}
