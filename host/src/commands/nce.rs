//! The main job: train NCE (on two moons by default) and print N samples as `x1,x2` lines.

use crate::cli::{NceArgs, NoiseArg, SamplerArg};
use crate::failure::{path_error, Failure, Outcome};
use crate::model_files::save_nce_file;
use crate::output::{create_file, format_lines, print_stdout};
use crate::progress;
use crate::render::scatter;
use crate::run::nce::run_on;
use crate::training_data::{batch_size_for, DataSource, TrainingSet};
use std::io::Write;
use std::time::Instant;
use tinygen::model_file::TrainingInfo;
use tinygen::models::jobs::beats;
use tinygen::{NceConfig, NoiseKind, SamplerKind};

/// The core configuration the flags ask for on `points` training points of `data`, checked:
/// the data set's own defaults ([`NceConfig::for_data_set`]) under the flags.
pub fn config_from(args: &NceArgs, data: &DataSource, points: usize) -> Outcome<NceConfig> {
    let mut c = match data.data_set() {
        Some(d) => NceConfig::for_data_set(d),
        None => NceConfig::default(),
    };
    if let Some(e) = args.epochs {
        c.epochs = e;
    }
    if let Some(nu) = args.noise_ratio {
        c.noise_ratio = nu;
    }
    if let Some(k) = args.restarts {
        c.restarts = k;
    }
    c.batch_size = batch_size_for(args.batch_size, c.batch_size, points)?;
    if let Some(lr) = args.lr {
        c.adam.lr = lr;
    }
    if let Some(e) = args.fine_tune_epochs {
        c.fine_tune.epochs = e;
    }
    c.fine_tune.noise_ratio = args.fine_tune_noise_ratio;
    c.fine_tune.lr = args.fine_tune_lr;
    if let Some(k) = args.refit_noise {
        c.refit_noise = k;
    }
    if let Some(ridge) = args.refit_ridge {
        c.refit_ridge = ridge;
    }
    c.noise = match args.noise {
        NoiseArg::Fitted => NoiseKind::Fitted,
        NoiseArg::Standard => NoiseKind::Standard,
        NoiseArg::Box => NoiseKind::Box,
    };
    c.noise_width = args.noise_width;
    c.sampler = match args.sampler {
        SamplerArg::Rejection => SamplerKind::Rejection,
        SamplerArg::Threshold => SamplerKind::Threshold,
    };
    c.validate()?;
    Ok(c)
}

/// `tinygen [nce]`.
pub fn main(args: &NceArgs) -> Outcome {
    let data = TrainingSet::of(&args.data.data, args.seed.seed)?;
    let config = config_from(args, &args.data.data, data.points.len())?;
    if let Some(p) = &args.output.plot {
        scatter::check_plot_path(p)?;
    }
    let mut log = args.output.log.as_deref().map(create_file).transpose()?;
    if let Some(w) = log.as_mut() {
        writeln!(w, "restart,epoch,loss,accuracy").map_err(|e| Failure::Run(e.to_string()))?;
    }
    let start = Instant::now();
    let bar = progress::bar(
        (config.epochs * config.restarts + config.fine_tune.epochs) as u64,
        "NCE epochs",
        args.output.quiet(),
    );
    let mut log_error = None;
    // The last epoch of every restart (the kept one is chosen by the core's rule) and of
    // the fine-tune phase.
    let mut tuned = None;
    let mut finals: Vec<tinygen::NceEpochStats> = Vec::new();
    let run = run_on(
        config,
        &data,
        args.seed.seed,
        args.samples.samples,
        |epoch, s| {
            bar.inc(1);
            if s.fine_tune {
                tuned = Some(s);
            } else if epoch == config.epochs {
                finals.push(s);
            }
            if let Some(w) = log.as_mut() {
                let phase = match s.fine_tune {
                    true => "fine-tune".to_string(),
                    false => s.restart.to_string(),
                };
                if let Err(e) = writeln!(w, "{phase},{epoch},{},{}", s.loss, s.accuracy) {
                    log_error.get_or_insert(e);
                }
            }
        },
    )?;
    let (points, report) = (&run.points, run.report);
    bar.finish_and_clear();
    if let (Some(e), Some(path)) = (log_error, &args.output.log) {
        return Err(path_error(path, e));
    }
    if let Some(w) = log.as_mut() {
        w.flush()
            .map_err(|e| path_error(args.output.log.as_deref().unwrap_or(".".as_ref()), e))?;
    }
    let text = format_lines(points)?;
    if !args.output.quiet() {
        let kept = finals
            .iter()
            .copied()
            .reduce(|kept, s| if beats(s.loss, kept.loss) { s } else { kept })
            .unwrap_or_default();
        let restarts = match finals.len() {
            1 => String::new(),
            n => format!(
                ", restart {} of {n} kept (final losses {})",
                kept.restart + 1,
                finals
                    .iter()
                    .map(|s| format!("{:.4}", s.loss))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let fine_tune = match tuned {
            Some(s) => format!(
                " | fine-tune: {} epochs at nu {}, final loss {:.4}, train accuracy {:.3}",
                config.fine_tune.epochs, config.fine_tune.noise_ratio, s.loss, s.accuracy
            ),
            None => String::new(),
        };
        eprintln!(
            "nce: seed {} | {} | {} epochs, nu {}, batch {}{restarts} | final loss {:.4}, train accuracy {:.3}{fine_tune} | \
             refit: {} draws, {} Newton steps in {} passes, loss {:.1} -> {:.1} | held-out accuracy: data {:.3}, noise {:.3} | acceptance {:.4} ({} of {}), M {:.3}, \
             M raised {} times | {:.2?} ({}, {} {})",
            args.seed.seed,
            args.data.data,
            config.epochs,
            config.noise_ratio,
            config.batch_size,
            kept.loss,
            kept.accuracy,
            config.refit_noise,
            report.refit.steps,
            report.refit.passes,
            report.refit.loss.0,
            report.refit.loss.1,
            report.data_accuracy,
            report.noise_accuracy,
            report.sampler.acceptance_rate(),
            report.sampler.accepted,
            report.sampler.proposals,
            report.bound,
            report.sampler.bound_raises,
            start.elapsed(),
            crate::run::dispatch::simd_name(),
            report.threads,
            if report.threads == 1 { "thread" } else { "threads" }
        );
    }
    if let Some(path) = &args.output.save {
        let info = TrainingInfo {
            seed: args.seed.seed,
            data: data.data_set,
            points: data.points.len() as u32,
            epochs: config.epochs as u32,
            batch_size: config.batch_size as u32,
            lr: config.adam.lr,
            final_lr_fraction: config.final_lr_fraction,
            ..TrainingInfo::default()
        };
        save_nce_file(path, &run.nce, &info)?;
    }
    if let Some(path) = &args.output.plot {
        let title = format!("NCE samples over the training data ({})", args.data.data);
        scatter::scatter(path, &title, &data.points, points)?;
    }
    print_stdout(&text)
}
