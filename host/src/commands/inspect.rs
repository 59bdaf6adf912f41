//! `tinygen inspect FILE`: what a model file holds, in readable lines.

use crate::cli::InspectArgs;
use crate::failure::Outcome;
use crate::model_files::{self, bad_file};
use crate::output::print_stdout;
use std::fmt::Write;
use std::path::Path;
use tinygen::model_file::{Kind, ModelFile, NoiseFamily, VERSION};
use tinygen::{Activation, SamplerKind};

/// `tinygen inspect`.
pub fn main(args: &InspectArgs) -> Outcome {
    let bytes = model_files::read(&args.file)?;
    let file = model_files::parse(&bytes, &args.file)?;
    print_stdout(&describe(&file, &args.file, bytes.len())?)
}

/// The description of `file` (of `len` bytes, read from `path`).
pub fn describe(file: &ModelFile, path: &Path, len: usize) -> Outcome<String> {
    let bad = |e| bad_file(path, e);
    let shape = file.shape().map_err(bad)?;
    let info = file.info().map_err(bad)?;
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    line(format!(
        "file:        {} ({len} bytes, format version {VERSION}, CRC-32 ok)",
        path.display()
    ));
    line(format!("kind:        {}", file.kind().name()));
    line(format!(
        "network:     {shape}, activations {}, {}, {}; {} parameters",
        activation(shape.activations[0]),
        activation(shape.activations[1]),
        activation(shape.activations[2]),
        shape.parameter_count()
    ));
    if file.kind() == Kind::NceSampler {
        let nce = file.nce_section().map_err(bad)?;
        line(format!(
            "sampler:     {}, ν = {}, noise {}, bound from {} noise draws, at most {} \
             proposals per sample",
            match nce.sampler {
                SamplerKind::Rejection => "rejection",
                SamplerKind::Threshold => "threshold",
            },
            nce.noise_ratio,
            match nce.noise {
                NoiseFamily::Gaussian => "Gaussian",
                NoiseFamily::Box => "uniform box",
            },
            nce.bound_pool,
            nce.max_proposals_per_sample
        ));
    }
    let mut trained = format!(
        "trained:     seed {}, data {}, {} points, {} epochs, batch {}, lr {}",
        info.seed,
        info.data.map_or("a user's points", |d| d.name()),
        info.points,
        info.epochs,
        info.batch_size,
        info.lr
    );
    match file.kind() {
        Kind::NceSampler => {
            let _ = write!(trained, ", final lr {} of lr", info.final_lr_fraction);
        }
        Kind::GanGenerator | Kind::GanDiscriminator => {
            let _ = write!(
                trained,
                ", d_steps {}, g_steps {}",
                info.d_steps, info.g_steps
            );
        }
        Kind::Mlp => {}
    }
    line(trained);
    Ok(out)
}

/// An activation's name.
fn activation(a: Activation) -> String {
    match a {
        Activation::Identity => "identity".into(),
        Activation::Sigmoid => "sigmoid".into(),
        Activation::Tanh => "tanh".into(),
        Activation::Relu => "ReLU".into(),
        Activation::Elu { alpha } => format!("ELU(α = {alpha})"),
    }
}
