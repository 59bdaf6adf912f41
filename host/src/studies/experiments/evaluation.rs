//! A run's metrics against the true law, and its scatter plot.

use super::grids::title;
use super::{Run, Status, SCATTER_DIR};
use crate::failure::{Failure, Outcome};
use crate::metrics::MetricsError;
use crate::render::scatter;
use std::path::Path;

/// Evaluates a run's points and draws its scatter plot (a completed run only).
pub fn evaluate_and_plot(
    run: &mut Run,
    reference: &crate::metrics::Reference,
    floors: &crate::metrics::Floors,
    real: &[[f32; 2]],
    out: &Path,
) -> Outcome {
    if run.status != Status::Completed {
        return Ok(());
    }
    match reference.evaluate(&run.points, floors) {
        Ok(m) => run.metrics = Some(m),
        Err(MetricsError::NonFinite { index }) => {
            run.status = Status::Diverged {
                epoch: None,
                why: format!("generated point {index} is NaN or infinite"),
            };
            run.points.clear();
            return Ok(());
        }
        Err(e) => return Err(Failure::Run(e.to_string())),
    }
    let file = format!("{SCATTER_DIR}/{}_seed{}.png", run.setting.slug(), run.seed);
    scatter::scatter(&out.join(&file), &title(run), real, &run.points)?;
    run.plot = Some(file);
    Ok(())
}
