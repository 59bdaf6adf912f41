//! `tinygen sample`: draw points from a saved NCE sampler or GAN generator, without training.
//!
//! The draws come from the sample stream of `--seed`
//! ([`Streams::sample`](tinygen::models::jobs::Streams::sample)), the stream a training run of
//! that seed samples from: `tinygen --seed S --save F` and `tinygen sample --model F --seed S`
//! print the same lines.

use crate::cli::SampleArgs;
use crate::failure::Outcome;
use crate::model_files;
use crate::output::{format_lines, print_stdout};
use crate::run::sample::sample;

/// `tinygen sample`.
pub fn main(args: &SampleArgs) -> Outcome {
    let bytes = model_files::read(&args.model)?;
    let file = model_files::parse(&bytes, &args.model)?;
    let points = sample(&file, &args.model, args.seed.seed, args.samples.samples)?;
    print_stdout(&format_lines(&points)?)
}
