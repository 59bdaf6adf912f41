//! Tables rendered as aligned Markdown (readable as plain text on stdout too), and CSV.

use crate::failure::{path_error, Outcome};
use crate::output::create_file;
use std::io::Write;
use std::path::Path;

/// A table of text cells with a header row.
#[derive(Clone, Debug, Default)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// An empty table with these column names.
    pub fn new(header: &[&str]) -> Self {
        Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// Appends a row; it must have one cell per column.
    pub fn row(&mut self, cells: Vec<String>) {
        debug_assert_eq!(cells.len(), self.header.len());
        self.rows.push(cells);
    }

    /// The rows so far.
    pub fn rows(&self) -> &[Vec<String>] {
        &self.rows
    }

    /// GitHub-flavoured Markdown with every column padded to its widest cell; the first
    /// column is left-aligned, the others right-aligned (they hold numbers).
    pub fn markdown(&self) -> String {
        let widths: Vec<usize> = (0..self.header.len())
            .map(|c| {
                self.rows
                    .iter()
                    .map(|r| r[c].chars().count())
                    .chain([self.header[c].chars().count(), 3])
                    .max()
                    .unwrap_or(3)
            })
            .collect();
        let line = |cells: &[String]| {
            let padded: Vec<String> = cells
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(c, (s, &w))| {
                    if c == 0 {
                        format!("{s:<w$}")
                    } else {
                        format!("{s:>w$}")
                    }
                })
                .collect();
            format!("| {} |\n", padded.join(" | "))
        };
        let mut out = line(&self.header);
        let rule: Vec<String> = widths
            .iter()
            .enumerate()
            .map(|(c, &w)| {
                if c == 0 {
                    format!(":{}", "-".repeat(w.max(2) - 1))
                } else {
                    format!("{}:", "-".repeat(w.max(2) - 1))
                }
            })
            .collect();
        out.push_str(&format!("| {} |\n", rule.join(" | ")));
        for r in &self.rows {
            out.push_str(&line(r));
        }
        out
    }

    /// Comma-separated values, header first (no cell may contain a comma).
    pub fn csv(&self) -> String {
        let mut out = self.header.join(",");
        out.push('\n');
        for r in &self.rows {
            debug_assert!(r.iter().all(|c| !c.contains(',')));
            out.push_str(&r.join(","));
            out.push('\n');
        }
        out
    }
}

/// Writes `text` to `path`, or says why not.
pub fn write_text(path: &Path, text: &str) -> Outcome {
    let mut w = create_file(path)?;
    w.write_all(text.as_bytes())
        .and_then(|_| w.flush())
        .map_err(|e| path_error(path, e))
}

/// Checks that `dir` exists or can be created, and that a file can be written in it, so
/// that no training is spent before a bad `--out` is reported.
pub fn prepare_out_dir(dir: &Path) -> Outcome {
    crate::output::create_dir(dir)?;
    let probe = dir.join(".tinygen-write-test");
    create_file(&probe)?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

/// `x` with `digits` significant digits in plain or scientific notation, whichever is
/// shorter to read: `0.0123`, `4.5e-7`.
pub fn sig(x: f64, digits: usize) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let exponent = x.abs().log10().floor() as i32;
    if (-3..5).contains(&exponent) {
        let decimals = (digits as i32 - 1 - exponent).max(0) as usize;
        format!("{x:.decimals$}")
    } else {
        format!("{x:.prec$e}", prec = digits.saturating_sub(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_aligned() {
        let mut t = Table::new(&["name", "value"]);
        t.row(vec!["a".into(), "1.5".into()]);
        t.row(vec!["longer".into(), "10".into()]);
        let md = t.markdown();
        let lines: Vec<&str> = md.lines().collect();
        assert_eq!(lines.len(), 4);
        assert!(lines
            .iter()
            .all(|l| l.chars().count() == lines[0].chars().count()));
        assert_eq!(lines[1], "| :----- | ----: |");
        assert_eq!(lines[3], "| longer |    10 |");
        assert_eq!(t.csv(), "name,value\na,1.5\nlonger,10\n");
    }

    #[test]
    fn significant_digits() {
        assert_eq!(sig(0.012345, 3), "0.0123");
        assert_eq!(sig(1.0, 3), "1.00");
        assert_eq!(sig(123.456, 3), "123");
        assert_eq!(sig(4.5e-7, 2), "4.5e-7");
        assert_eq!(sig(0.0, 2), "0");
    }
}
