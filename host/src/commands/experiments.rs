//! `tinygen experiments`: the whole GAN-vs-NCE study ([`crate::studies::experiments`]).

use crate::cli::ExperimentsArgs;
use crate::failure::Outcome;
use crate::studies::experiments;

/// `tinygen experiments`.
pub fn main(args: &ExperimentsArgs) -> Outcome {
    experiments::study(&args.study.plan(args.seed.seed), args.samples.samples)
}
