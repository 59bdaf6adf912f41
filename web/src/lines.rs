//! The text a session prints, formatted exactly as the host formats it: `x1,x2` lines through
//! the core's one formatter, and the GAN's per-epoch CSV of `tinygen gan --log` from the core's
//! rows.

use tinygen::{format_point, GanEpochStats, GAN_EPOCH_CSV_HEADER};

/// One `x1,x2` line per point, each ending in a newline, as `tinygen` prints them; a NaN or
/// infinite point is refused with the host's message.
pub fn point_lines(points: &[[f32; 2]]) -> Result<String, String> {
    let mut out = String::with_capacity(points.len() * 24);
    for p in points {
        let line = format_point(p)
            .map_err(|_| "training diverged: a generated point is NaN or infinite".to_string())?;
        out.push_str(&line);
        out.push('\n');
    }
    Ok(out)
}

/// The per-epoch statistics as the CSV `tinygen gan --log FILE` writes.
pub fn gan_epoch_csv(epochs: &[GanEpochStats]) -> String {
    let mut csv = format!("{GAN_EPOCH_CSV_HEADER}\n");
    for (i, s) in epochs.iter().enumerate() {
        csv.push_str(&s.csv_row(i + 1));
        csv.push('\n');
    }
    csv
}

/// Points as one flat `[x0, y0, x1, y1, …]` array, the shape JavaScript draws from.
pub fn flat(points: &[[f32; 2]]) -> Vec<f32> {
    points.iter().flatten().copied().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_csv() {
        assert_eq!(
            point_lines(&[[0.5, -1.0], [0.1, 2.0]]).unwrap(),
            "0.5,-1\n0.1,2\n"
        );
        assert!(point_lines(&[[f32::NAN, 0.0]]).is_err());
        let s = GanEpochStats {
            d_real: 0.5,
            d_fake: 0.25,
            d_loss: 1.0,
            g_loss: 2.0,
        };
        assert_eq!(
            gan_epoch_csv(&[s]),
            "epoch,d_real,d_fake,d_loss,g_loss\n1,0.5,0.25,1,2\n"
        );
        assert_eq!(flat(&[[1.0, 2.0], [3.0, 4.0]]), [1.0, 2.0, 3.0, 4.0]);
    }
}
