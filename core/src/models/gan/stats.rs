//! One epoch of GAN training in numbers, and the one text form of them: the CSV rows of
//! `tinygen gan --log`, which the host and the browser page both write.

use core::fmt::Write;

/// What one epoch looked like: how a user sees whether the GAN "thinks" it has succeeded.
/// A discriminator that is fooled gives `d_fake ≈ d_real ≈ 0.5`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct GanEpochStats {
    /// Mean `D(x)` on real points over the epoch's discriminator updates.
    pub d_real: f32,
    /// Mean `D(G(z))` on fake points over the epoch's discriminator updates.
    pub d_fake: f32,
    /// Mean discriminator loss `BCE(D(x), 1) + BCE(D(G(z)), 0)`.
    pub d_loss: f32,
    /// Mean non-saturating generator loss `BCE(D(G(z)), 1)`.
    pub g_loss: f32,
}

/// The header of the per-epoch CSV ([`GanEpochStats::csv_row`] gives its rows).
pub const GAN_EPOCH_CSV_HEADER: &str = "epoch,d_real,d_fake,d_loss,g_loss";

/// One CSV row: five fields of `core::fmt`'s shortest round-trip text.
pub type CsvRow = heapless::String<216>;

impl GanEpochStats {
    /// The row `epoch,d_real,d_fake,d_loss,g_loss` (no newline), `epoch` counting from 1.
    /// Non-finite values print as `NaN` or `inf`: a diverged epoch still shows what happened.
    pub fn csv_row(&self, epoch: usize) -> CsvRow {
        let mut row = CsvRow::new();
        // Cannot fail: a usize and four f32s with their commas take at most
        // 20 + 4 · (1 + 48) characters.
        let _ = write!(
            row,
            "{epoch},{},{},{},{}",
            self.d_real, self.d_fake, self.d_loss, self.g_loss
        );
        row
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_row() {
        let s = GanEpochStats {
            d_real: 0.5,
            d_fake: 0.25,
            d_loss: 1.0,
            g_loss: 2.0,
        };
        assert_eq!(s.csv_row(1), "1,0.5,0.25,1,2");
    }

    #[test]
    fn the_longest_values_fit() {
        // The longest text of an f32: `-0.` then 44 zeros and a 1.
        let tiny = -f32::from_bits(1);
        let s = GanEpochStats {
            d_real: tiny,
            d_fake: tiny,
            d_loss: tiny,
            g_loss: tiny,
        };
        let row = s.csv_row(usize::MAX);
        let fields: heapless::Vec<&str, 5> = row.split(',').collect();
        assert_eq!(fields.len(), 5, "{row}");
        assert_eq!(fields[0].parse::<usize>().unwrap(), usize::MAX);
        for f in &fields[1..] {
            assert_eq!(f.parse::<f32>().unwrap().to_bits(), tiny.to_bits(), "{row}");
        }
        let nan = GanEpochStats {
            g_loss: f32::NAN,
            ..s
        };
        assert!(nan.csv_row(1).ends_with(",NaN"));
    }
}
