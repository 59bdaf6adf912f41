//! A model file printed as hex lines in the defmt output, so that a model trained on the
//! device reaches the host through the same log (`tinygen import-model LOG -o FILE` rebuilds
//! the file from the decoded output).
//!
//! The lines are `INFO  model: begin LEN`, then `INFO  model: HEX` (64 bytes each, lower-case
//! hex), then `INFO  model: end`.

use core::fmt::Write;

/// Bytes per hex line: 128 characters, well within one defmt frame.
const BYTES_PER_LINE: usize = 64;

/// Prints `bytes` (a model file) as hex lines.
pub fn print_model(bytes: &[u8]) {
    defmt::info!("model: begin {=usize}", bytes.len());
    for chunk in bytes.chunks(BYTES_PER_LINE) {
        let mut line: heapless::String<{ 2 * BYTES_PER_LINE }> = heapless::String::new();
        for b in chunk {
            // Cannot fail: the string holds two characters per byte of the chunk.
            let _ = write!(line, "{b:02x}");
        }
        defmt::info!("model: {=str}", line.as_str());
    }
    defmt::info!("model: end");
}
