//! Little-endian fields into and out of caller byte slices, and the file's CRC-32.

use crate::model_file::FileError;

/// Writes fields one after another into a caller's buffer.
pub(crate) struct Writer<'a> {
    out: &'a mut [u8],
    at: usize,
}

impl<'a> Writer<'a> {
    pub(crate) fn new(out: &'a mut [u8]) -> Self {
        Writer { out, at: 0 }
    }

    /// Bytes written so far.
    pub(crate) fn position(&self) -> usize {
        self.at
    }

    pub(crate) fn bytes(&mut self, b: &[u8]) -> Result<(), FileError> {
        let end = self.at + b.len();
        let slot = self
            .out
            .get_mut(self.at..end)
            .ok_or(FileError::BufferTooSmall)?;
        slot.copy_from_slice(b);
        self.at = end;
        Ok(())
    }

    pub(crate) fn u8(&mut self, v: u8) -> Result<(), FileError> {
        self.bytes(&[v])
    }

    pub(crate) fn u16(&mut self, v: u16) -> Result<(), FileError> {
        self.bytes(&v.to_le_bytes())
    }

    pub(crate) fn u32(&mut self, v: u32) -> Result<(), FileError> {
        self.bytes(&v.to_le_bytes())
    }

    pub(crate) fn u64(&mut self, v: u64) -> Result<(), FileError> {
        self.bytes(&v.to_le_bytes())
    }

    pub(crate) fn f32(&mut self, v: f32) -> Result<(), FileError> {
        self.bytes(&v.to_bits().to_le_bytes())
    }

    pub(crate) fn f32s(&mut self, vs: &[f32]) -> Result<(), FileError> {
        for &v in vs {
            self.f32(v)?;
        }
        Ok(())
    }

    /// Overwrites 4 bytes at `at` (a length filled in once known).
    pub(crate) fn patch_u32(&mut self, at: usize, v: u32) -> Result<(), FileError> {
        let slot = self
            .out
            .get_mut(at..at + 4)
            .ok_or(FileError::BufferTooSmall)?;
        slot.copy_from_slice(&v.to_le_bytes());
        Ok(())
    }

    /// Everything written so far.
    pub(crate) fn written(&self) -> &[u8] {
        &self.out[..self.at]
    }
}

/// Reads fields one after another from a byte slice; running off its end is
/// [`FileError::Truncated`], never a panic.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, at: 0 }
    }

    /// True when every byte has been read.
    pub(crate) fn is_done(&self) -> bool {
        self.at == self.bytes.len()
    }

    pub(crate) fn take<const N: usize>(&mut self) -> Result<[u8; N], FileError> {
        let end = self.at.checked_add(N).ok_or(FileError::Truncated)?;
        let slice = self.bytes.get(self.at..end).ok_or(FileError::Truncated)?;
        let mut out = [0u8; N];
        out.copy_from_slice(slice);
        self.at = end;
        Ok(out)
    }

    pub(crate) fn u8(&mut self) -> Result<u8, FileError> {
        Ok(self.take::<1>()?[0])
    }

    pub(crate) fn u16(&mut self) -> Result<u16, FileError> {
        Ok(u16::from_le_bytes(self.take()?))
    }

    pub(crate) fn u32(&mut self) -> Result<u32, FileError> {
        Ok(u32::from_le_bytes(self.take()?))
    }

    pub(crate) fn u64(&mut self) -> Result<u64, FileError> {
        Ok(u64::from_le_bytes(self.take()?))
    }

    /// An `f32`, which must be finite: no stored value may be NaN or infinite.
    pub(crate) fn f32(&mut self) -> Result<f32, FileError> {
        let v = f32::from_bits(u32::from_le_bytes(self.take()?));
        if v.is_finite() {
            Ok(v)
        } else {
            Err(FileError::NonFinite)
        }
    }

    pub(crate) fn f32s(&mut self, out: &mut [f32]) -> Result<(), FileError> {
        for v in out {
            *v = self.f32()?;
        }
        Ok(())
    }

    /// Skips `n` values of 4 bytes, checking only that they are there.
    pub(crate) fn skip_f32s(&mut self, n: usize) -> Result<(), FileError> {
        let len = n.checked_mul(4).ok_or(FileError::Truncated)?;
        let end = self.at.checked_add(len).ok_or(FileError::Truncated)?;
        if end > self.bytes.len() {
            return Err(FileError::Truncated);
        }
        self.at = end;
        Ok(())
    }
}

/// CRC-32 (IEEE 802.3, reflected polynomial `0xEDB88320`, as zlib and PNG use), bit by bit:
/// a model file is a few kilobytes, and a table would cost a microcontroller 1 KiB of flash.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_of_known_strings() {
        // The standard check value of CRC-32/ISO-HDLC, and zlib's crc32 of "hello".
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b"hello"), 0x3610_A686);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn reading_past_the_end_is_an_error() {
        let mut r = Reader::new(&[1, 2, 3]);
        assert_eq!(r.u16(), Ok(0x0201));
        assert_eq!(r.u16(), Err(FileError::Truncated));
        assert_eq!(r.u8(), Ok(3));
        assert!(r.is_done());
        let mut w_buf = [0u8; 3];
        let mut w = Writer::new(&mut w_buf);
        assert_eq!(w.u32(1), Err(FileError::BufferTooSmall));
    }
}
