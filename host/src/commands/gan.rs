//! `tinygen gan`: train the GAN (on two moons by default), print its samples, show what D
//! thinks.

use crate::cli::GanArgs;
use crate::failure::{path_error, Failure, Outcome};
use crate::model_files::save_generator_file;
use crate::output::{create_file, format_lines, print_stdout};
use crate::progress;
use crate::render::scatter;
use crate::run::gan::{run_on, Points, TrainedGan};
use crate::training_data::{batch_size_for, TrainingSet};
use std::io::Write;
use tinygen::model_file::TrainingInfo;
use tinygen::models::jobs::GAN_WIDTH;
use tinygen::{GanConfig, GanEpochStats, GAN_EPOCH_CSV_HEADER};

/// The core configuration the flags ask for on `points` training points, checked.
pub fn config_from(args: &GanArgs, points: usize) -> Outcome<GanConfig> {
    let config = GanConfig {
        epochs: args.epochs,
        d_steps: args.d_steps,
        g_steps: args.g_steps,
        batch_size: batch_size_for(Some(args.batch_size), args.batch_size, points)?,
        ..GanConfig::DEFAULT
    }
    .with_lr(args.lr);
    config.validate()?;
    Ok(config)
}

/// `tinygen gan`.
pub fn main(args: &GanArgs) -> Outcome {
    let data = TrainingSet::of(&args.data.data, args.seed.seed)?;
    let config = config_from(args, data.points.len())?;
    if args.epochs == 0 {
        return Err(Failure::Usage("invalid epochs: must be at least 1".into()));
    }
    if let Some(p) = &args.output.plot {
        scatter::check_plot_path(p)?;
    }
    let mut log = args.output.log.as_deref().map(create_file).transpose()?;
    let bar = progress::bar(args.epochs as u64, "GAN epochs", args.output.quiet());
    let on_epoch = |_, _| bar.inc(1);
    let info = TrainingInfo {
        seed: args.seed.seed,
        data: data.data_set,
        points: data.points.len() as u32,
        epochs: args.epochs as u32,
        batch_size: config.batch_size as u32,
        lr: config.g_adam.lr,
        d_steps: config.d_steps as u32,
        g_steps: config.g_steps as u32,
        ..TrainingInfo::default()
    };
    let (seed, n, points) = (args.seed.seed, args.samples.samples, &data.points[..]);
    let (snapshots, epochs) = match args.width {
        16 => finish::<16>(
            args,
            run_on(config, points, seed, &[args.epochs], n, on_epoch)?,
            &info,
        ),
        32 => finish::<32>(
            args,
            run_on(config, points, seed, &[args.epochs], n, on_epoch)?,
            &info,
        ),
        _ => finish::<GAN_WIDTH>(
            args,
            run_on(config, points, seed, &[args.epochs], n, on_epoch)?,
            &info,
        ),
    }?;
    bar.finish_and_clear();
    let samples = &snapshots[0];
    let text = format_lines(samples)?;
    write_epoch_log(args, log.as_mut(), &epochs)?;
    if let Some(path) = &args.output.plot {
        let title = format!(
            "GAN on {}, {} epochs, d_steps {}, g_steps {}",
            args.data.data, args.epochs, args.d_steps, args.g_steps
        );
        scatter::scatter(path, &title, &data.points, samples)?;
    }
    print_stdout(&text)
}

/// Saves the trained generator when `--save` asks for it; returns the samples and epochs.
fn finish<const H: usize>(
    args: &GanArgs,
    (snapshots, epochs, gan): (Vec<Points>, Vec<GanEpochStats>, TrainedGan<H>),
    info: &TrainingInfo,
) -> Outcome<(Vec<Points>, Vec<GanEpochStats>)> {
    if let Some(path) = &args.output.save {
        // A generator whose samples are not finite is no model to keep.
        format_lines(&snapshots[0])?;
        save_generator_file(path, &gan, info)?;
    }
    Ok((snapshots, epochs))
}

/// The per-epoch statistics as CSV, to `--log` or (unless quiet) stderr.
fn write_epoch_log(
    args: &GanArgs,
    log: Option<&mut std::io::BufWriter<std::fs::File>>,
    epochs: &[GanEpochStats],
) -> Outcome {
    let mut csv = format!("{GAN_EPOCH_CSV_HEADER}\n");
    for (i, s) in epochs.iter().enumerate() {
        csv.push_str(&s.csv_row(i + 1));
        csv.push('\n');
    }
    match (log, &args.output.log) {
        (Some(w), Some(path)) => w
            .write_all(csv.as_bytes())
            .and_then(|_| w.flush())
            .map_err(|e| path_error(path, e)),
        _ => {
            if !args.output.quiet() {
                eprint!("{csv}");
            }
            Ok(())
        }
    }
}
