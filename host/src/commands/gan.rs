//! `tinygen gan`: train the GAN on two moons, print its samples, show what D thinks.

use crate::cli::GanArgs;
use crate::dispatch::train_gan;
use crate::failure::{path_error, Failure, Outcome};
use crate::output::{create_file, format_lines, print_stdout};
use crate::{plot, progress};
use std::io::Write;
use tinygen::models::jobs::{Streams, GAN_WIDTH, TRAINING_POINTS};
use tinygen::{DataSet, Gan, GanConfig, GanEpochStats};

/// Generated points.
pub type Points = Vec<[f32; 2]>;

/// One GAN run: its final samples and the statistics of every epoch.
pub struct GanRun {
    /// Samples of the generator after training.
    pub samples: Vec<[f32; 2]>,
    /// `epochs[e]` describes epoch `e + 1`.
    pub epochs: Vec<GanEpochStats>,
}

/// The core configuration the flags ask for, checked when the GAN is built.
pub fn config_from(args: &GanArgs) -> Outcome<GanConfig> {
    if args.batch_size > TRAINING_POINTS {
        return Err(Failure::Usage(format!(
            "invalid batch size: must be at most {TRAINING_POINTS}"
        )));
    }
    let config = GanConfig {
        epochs: args.epochs,
        d_steps: args.d_steps,
        g_steps: args.g_steps,
        batch_size: args.batch_size,
        ..GanConfig::DEFAULT
    }
    .with_lr(args.lr);
    config.validate()?;
    Ok(config)
}

/// Trains for each epoch count in `snapshots` (ascending; the last is the run's length) and
/// returns `n` samples at each, from one run: training to 10 epochs is exactly the first 10
/// epochs of training to 200, since nothing depends on the total.
pub fn run_with_snapshots(
    config: GanConfig,
    seed: u64,
    snapshots: &[usize],
    n: usize,
    on_epoch: impl FnMut(usize, GanEpochStats),
) -> Outcome<(Vec<Points>, Vec<GanEpochStats>)> {
    run_with_snapshots_at::<GAN_WIDTH>(config, seed, snapshots, n, on_epoch)
}

/// [`run_with_snapshots`] with hidden width `H` (the firmware uses 16).
pub fn run_with_snapshots_at<const H: usize>(
    config: GanConfig,
    seed: u64,
    snapshots: &[usize],
    n: usize,
    mut on_epoch: impl FnMut(usize, GanEpochStats),
) -> Outcome<(Vec<Points>, Vec<GanEpochStats>)> {
    let last = *snapshots
        .last()
        .ok_or_else(|| Failure::Usage("no epochs to train".into()))?;
    let mut streams = Streams::new(seed);
    let mut data = vec![[0.0f32; 2]; TRAINING_POINTS];
    DataSet::Moons.sample_into(&mut data, &mut streams.data)?;
    let mut taken = Vec::with_capacity(snapshots.len());
    let mut epochs = Vec::with_capacity(last);
    let sample_rng = streams.sample.clone();
    let mut result = Ok(());
    let mut gan: Box<Gan<2, H>> = Box::new(Gan::ZERO);
    let config = GanConfig {
        epochs: last,
        ..config
    };
    train_gan(
        &mut gan,
        config,
        &data,
        &mut streams,
        |epoch, gan, stats| {
            epochs.push(stats);
            on_epoch(epoch, stats);
            if snapshots.contains(&epoch) && result.is_ok() {
                // Each snapshot draws from the same sample stream, as a separate run would.
                let mut rng = sample_rng.clone();
                let points: Vec<_> = (0..n).map(|_| gan.sample(&mut rng)).collect();
                result = format_lines(&points).map(|_| ());
                taken.push(points);
            }
        },
    )?;
    result?;
    Ok((taken, epochs))
}

/// `tinygen gan`.
pub fn main(args: &GanArgs) -> Outcome {
    let config = config_from(args)?;
    if args.epochs == 0 || args.samples == 0 {
        return Err(Failure::Usage(
            "invalid epochs or samples: must be at least 1".into(),
        ));
    }
    if let Some(p) = &args.plot {
        plot::check_plot_path(p)?;
    }
    let mut log = args.log.as_deref().map(create_file).transpose()?;
    let bar = progress::bar(args.epochs as u64, "GAN epochs", args.quiet);
    let on_epoch = |_, _| bar.inc(1);
    let (snapshots, epochs) = match args.width {
        16 => {
            run_with_snapshots_at::<16>(config, args.seed, &[args.epochs], args.samples, on_epoch)
        }
        32 => {
            run_with_snapshots_at::<32>(config, args.seed, &[args.epochs], args.samples, on_epoch)
        }
        _ => run_with_snapshots_at::<GAN_WIDTH>(
            config,
            args.seed,
            &[args.epochs],
            args.samples,
            on_epoch,
        ),
    }?;
    bar.finish_and_clear();
    let samples = &snapshots[0];
    let text = format_lines(samples)?;
    write_epoch_log(args, log.as_mut(), &epochs)?;
    if let Some(path) = &args.plot {
        let mut real = vec![[0.0f32; 2]; TRAINING_POINTS];
        DataSet::Moons.sample_into(&mut real, &mut Streams::new(args.seed).data)?;
        let title = format!(
            "GAN, {} epochs, d_steps {}, g_steps {}",
            args.epochs, args.d_steps, args.g_steps
        );
        plot::scatter(path, &title, &real, samples)?;
    }
    print_stdout(&text)
}

/// The per-epoch statistics as CSV, to `--log` or (unless quiet) stderr.
fn write_epoch_log(
    args: &GanArgs,
    log: Option<&mut std::io::BufWriter<std::fs::File>>,
    epochs: &[GanEpochStats],
) -> Outcome {
    let mut csv = String::from("epoch,d_real,d_fake,d_loss,g_loss\n");
    for (i, s) in epochs.iter().enumerate() {
        csv.push_str(&format!(
            "{},{},{},{},{}\n",
            i + 1,
            s.d_real,
            s.d_fake,
            s.d_loss,
            s.g_loss
        ));
    }
    match (log, &args.log) {
        (Some(w), Some(path)) => w
            .write_all(csv.as_bytes())
            .and_then(|_| w.flush())
            .map_err(|e| path_error(path, e)),
        _ => {
            if !args.quiet {
                eprint!("{csv}");
            }
            Ok(())
        }
    }
}
