//! `tinygen experiments`: the whole GAN-vs-NCE study ([`crate::studies::experiments`]).

use crate::cli::ExperimentsArgs;
use crate::failure::Outcome;
use crate::studies::{experiments, Plan};

/// `tinygen experiments`.
pub fn main(args: &ExperimentsArgs) -> Outcome {
    let plan = Plan {
        out: args.out.clone(),
        first_seed: 0,
        seeds: args.seeds,
        quiet: args.quiet,
    };
    experiments::study(&plan, args.samples)
}
