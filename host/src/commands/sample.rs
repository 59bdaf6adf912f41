//! The main job: train NCE on two moons and print N samples as `x1,x2` lines.

use crate::cli::{NceArgs, NoiseArg, SamplerArg};
use crate::dispatch::train_nce;
use crate::failure::{path_error, Failure, Outcome};
use crate::output::{create_file, format_lines, print_stdout};
use crate::{plot, progress};
use std::io::Write;
use std::time::Instant;
use tinygen::models::jobs::{Streams, NCE_WIDTH, TRAINING_POINTS};
use tinygen::models::nce::SamplerStats;
use tinygen::{DataSet, Nce, NceConfig, NoiseKind, Rng, SamplerKind};

/// What an NCE run produced besides its points.
#[derive(Clone, Copy, Debug)]
pub struct NceReport {
    /// The sampler's counts.
    pub sampler: SamplerStats,
    /// The rejection bound M at the end (0 for the threshold sampler).
    pub bound: f32,
    /// Held-out accuracy on fresh data points.
    pub data_accuracy: f32,
    /// Held-out accuracy on fresh noise points.
    pub noise_accuracy: f32,
}

/// The core configuration the flags ask for, checked.
pub fn config_from(args: &NceArgs) -> Outcome<NceConfig> {
    let mut c = NceConfig::default();
    if let Some(e) = args.epochs {
        c.epochs = e;
    }
    if let Some(nu) = args.noise_ratio {
        c.noise_ratio = nu;
    }
    if let Some(b) = args.batch_size {
        c.batch_size = b;
    }
    if let Some(lr) = args.lr {
        c.adam.lr = lr;
    }
    c.noise = match args.noise {
        NoiseArg::Fitted => NoiseKind::Fitted,
        NoiseArg::Standard => NoiseKind::Standard,
    };
    c.sampler = match args.sampler {
        SamplerArg::Rejection => SamplerKind::Rejection,
        SamplerArg::Threshold => SamplerKind::Threshold,
    };
    c.validate()?;
    if c.batch_size > TRAINING_POINTS {
        return Err(Failure::Usage(format!(
            "invalid batch size: must be at most {TRAINING_POINTS}"
        )));
    }
    Ok(c)
}

/// Trains with `config` and `seed` and draws `n` samples; `on_epoch` sees each epoch.
pub fn run(
    config: NceConfig,
    seed: u64,
    n: usize,
    mut on_epoch: impl FnMut(usize, tinygen::NceEpochStats),
) -> Outcome<(Vec<[f32; 2]>, NceReport)> {
    let mut streams = Streams::new(seed);
    let mut data = vec![[0.0f32; 2]; TRAINING_POINTS];
    DataSet::Moons.sample_into(&mut data, &mut streams.data)?;
    let mut nce: Box<Nce<2, NCE_WIDTH>> = Box::new(Nce::ZERO);
    train_nce(&mut nce, config, &data, &mut streams, &mut on_epoch)?;
    let mut sampler = nce.sampler(&mut streams.sample);
    let points = (0..n)
        .map(|_| sampler.next_sample(&mut streams.sample))
        .collect::<Result<Vec<_>, _>>()?;
    // Held-out accuracy uses streams of its own, so it never changes the samples.
    let mut held_out_rng = Rng::seed_from(seed ^ 0x4E43_455F_4845_4C44);
    let mut held_out = vec![[0.0f32; 2]; TRAINING_POINTS];
    DataSet::Moons.sample_into(&mut held_out, &mut held_out_rng)?;
    let (data_accuracy, noise_accuracy) = nce.held_out_accuracy(&held_out, &mut held_out_rng);
    Ok((
        points,
        NceReport {
            sampler: sampler.stats(),
            bound: sampler.bound(),
            data_accuracy,
            noise_accuracy,
        },
    ))
}

/// `tinygen [nce]`.
pub fn main(args: &NceArgs) -> Outcome {
    let config = config_from(args)?;
    if args.samples == 0 {
        return Err(Failure::Usage("invalid samples: must be at least 1".into()));
    }
    if let Some(p) = &args.plot {
        plot::check_plot_path(p)?;
    }
    let mut log = args.log.as_deref().map(create_file).transpose()?;
    if let Some(w) = log.as_mut() {
        writeln!(w, "epoch,loss,accuracy").map_err(|e| Failure::Run(e.to_string()))?;
    }
    let start = Instant::now();
    let bar = progress::bar(config.epochs as u64, "NCE epochs", args.quiet);
    let mut log_error = None;
    let mut last = tinygen::NceEpochStats::default();
    let (points, report) = run(config, args.seed, args.samples, |epoch, s| {
        bar.inc(1);
        last = s;
        if let Some(w) = log.as_mut() {
            if let Err(e) = writeln!(w, "{epoch},{},{}", s.loss, s.accuracy) {
                log_error.get_or_insert(e);
            }
        }
    })?;
    bar.finish_and_clear();
    if let (Some(e), Some(path)) = (log_error, &args.log) {
        return Err(path_error(path, e));
    }
    if let Some(w) = log.as_mut() {
        w.flush()
            .map_err(|e| path_error(args.log.as_deref().unwrap_or(".".as_ref()), e))?;
    }
    let text = format_lines(&points)?;
    if !args.quiet {
        eprintln!(
            "nce: seed {} | {} epochs, nu {}, batch {} | final loss {:.4}, train accuracy {:.3} | \
             held-out accuracy: data {:.3}, noise {:.3} | acceptance {:.4} ({} of {}), M {:.3}, \
             M raised {} times | {:.2?} ({})",
            args.seed,
            config.epochs,
            config.noise_ratio,
            config.batch_size,
            last.loss,
            last.accuracy,
            report.data_accuracy,
            report.noise_accuracy,
            report.sampler.acceptance_rate(),
            report.sampler.accepted,
            report.sampler.proposals,
            report.bound,
            report.sampler.bound_raises,
            start.elapsed(),
            crate::dispatch::simd_name()
        );
    }
    if let Some(path) = &args.plot {
        let mut real = vec![[0.0f32; 2]; TRAINING_POINTS];
        DataSet::Moons.sample_into(&mut real, &mut Streams::new(args.seed).data)?;
        plot::scatter(path, "NCE samples over the training data", &real, &points)?;
    }
    print_stdout(&text)
}
