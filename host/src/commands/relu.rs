//! `tinygen relu`: the dead-ReLU study ([`crate::studies::relu`]).

use crate::cli::ReluArgs;
use crate::failure::Outcome;
use crate::studies::{relu, Plan};

/// `tinygen relu`.
pub fn main(args: &ReluArgs) -> Outcome {
    let plan = Plan {
        out: args.out.clone(),
        first_seed: args.seed,
        seeds: args.seeds,
        quiet: args.quiet,
    };
    relu::study(&plan, args.epochs)
}
