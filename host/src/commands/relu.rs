//! `tinygen relu`: the dead-ReLU study ([`crate::studies::relu`]).

use crate::cli::ReluArgs;
use crate::failure::Outcome;
use crate::studies::relu;

/// `tinygen relu`.
pub fn main(args: &ReluArgs) -> Outcome {
    relu::study(&args.study.plan(args.seed.seed), args.epochs)
}
