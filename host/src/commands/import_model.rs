//! `tinygen import-model LOG -o FILE`: the model file a device printed in its decoded log.
//!
//! The firmware prints `INFO  model: begin LEN`, hex lines `INFO  model: HEX` and
//! `INFO  model: end` (firmware/src/model_dump.rs); anything else in the log is skipped.
//! The bytes are checked as a model file before they are written.

use crate::cli::ImportModelArgs;
use crate::failure::{Failure, Outcome};
use crate::model_files;
use crate::points_file::read_source;

/// `tinygen import-model`.
pub fn main(args: &ImportModelArgs) -> Outcome {
    let (log, source) = read_source(Some(&args.log))?;
    let text = String::from_utf8_lossy(&log);
    let bytes = model_bytes(&text).map_err(|e| Failure::Usage(format!("{source}: {e}")))?;
    model_files::parse(&bytes, &args.log)?;
    model_files::write(&args.output, &bytes)
}

/// The model file in a decoded log's `model:` lines, or why there is none.
pub fn model_bytes(log: &str) -> Result<Vec<u8>, String> {
    let mut lines = log.lines().enumerate().filter_map(|(i, l)| {
        let rest = l
            .strip_prefix("INFO")?
            .trim_start()
            .strip_prefix("model:")?;
        Some((i + 1, rest.trim()))
    });
    let (begin_line, len) = loop {
        match lines.next() {
            None => return Err("no `model: begin` line: the log holds no model".into()),
            Some((i, l)) => {
                if let Some(n) = l.strip_prefix("begin ") {
                    let len = n
                        .trim()
                        .parse::<usize>()
                        .map_err(|_| format!("line {i}: bad length in `model: begin {n}`"))?;
                    break (i, len);
                }
            }
        }
    };
    let mut bytes = Vec::with_capacity(len.min(model_files::MAX_MODEL_BYTES as usize));
    for (i, l) in lines.by_ref() {
        if l == "end" {
            if bytes.len() != len {
                return Err(format!(
                    "the model starting on line {begin_line} has {} bytes, its header line says {len}",
                    bytes.len()
                ));
            }
            return Ok(bytes);
        }
        if l.len() % 2 != 0 {
            return Err(format!("line {i}: odd number of hex digits"));
        }
        for pair in l.as_bytes().chunks(2) {
            let digits = std::str::from_utf8(pair).unwrap_or("??");
            let b = u8::from_str_radix(digits, 16)
                .map_err(|_| format!("line {i}: {digits:?} is not a hex byte"))?;
            bytes.push(b);
        }
        if bytes.len() > len {
            return Err(format!("line {i}: more bytes than the {len} announced"));
        }
    }
    Err(format!(
        "the model starting on line {begin_line} has no `model: end` line (truncated log?)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_lines_between_begin_and_end_are_the_bytes() {
        let log = "INFO  nce: start\n1.0,2.0\nINFO  model: begin 3\nINFO  model: 0aff\n\
                   INFO  model: 10\nINFO  model: end\nINFO  lines: nce 1\n";
        assert_eq!(model_bytes(log), Ok(vec![0x0a, 0xff, 0x10]));
    }

    #[test]
    fn broken_dumps_say_what_is_wrong() {
        assert!(model_bytes("1,2\n")
            .unwrap_err()
            .contains("no `model: begin`"));
        let short = "INFO  model: begin 4\nINFO  model: 0aff\nINFO  model: end\n";
        assert!(model_bytes(short).unwrap_err().contains("2 bytes"));
        let cut = "INFO  model: begin 2\nINFO  model: 0aff\n";
        assert!(model_bytes(cut).unwrap_err().contains("no `model: end`"));
        let bad = "INFO  model: begin 1\nINFO  model: zz\nINFO  model: end\n";
        assert!(model_bytes(bad).unwrap_err().contains("line 2"));
        let odd = "INFO  model: begin 1\nINFO  model: 0\nINFO  model: end\n";
        assert!(model_bytes(odd).unwrap_err().contains("odd"));
    }
}
