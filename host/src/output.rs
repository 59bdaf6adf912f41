//! Writing data lines and files.

use crate::failure::{path_error, Failure, Outcome};
use std::io::Write;
use std::path::Path;

/// Formats every point with the core's shared formatter (so host and firmware lines are
/// byte-identical), refusing any non-finite value.
pub fn format_lines(points: &[[f32; 2]]) -> Outcome<String> {
    let mut out = String::with_capacity(points.len() * 24);
    for p in points {
        let line = tinygen::format_point(p).map_err(|_| {
            Failure::Run("training diverged: a generated point is NaN or infinite".into())
        })?;
        out.push_str(&line);
        out.push('\n');
    }
    Ok(out)
}

/// Writes `text` to stdout; a closed pipe (e.g. `| head`) is not an error.
pub fn print_stdout(text: &str) -> Outcome {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure::Run(format!("cannot write to stdout: {e}")))
        }
        _ => Ok(()),
    }
}

/// Creates (truncates) `path` for writing, or says why not.
pub fn create_file(path: &Path) -> Outcome<std::io::BufWriter<std::fs::File>> {
    std::fs::File::create(path)
        .map(std::io::BufWriter::new)
        .map_err(|e| path_error(path, e))
}

/// Creates the folder `dir` (and parents), or says why not.
pub fn create_dir(dir: &Path) -> Outcome {
    std::fs::create_dir_all(dir).map_err(|e| path_error(dir, e))
}
