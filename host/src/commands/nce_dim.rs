//! `tinygen nce-dim`: why NCE with rejection sampling stalls in high dimension
//! ([`crate::studies::nce_dim`]).

use crate::cli::NceDimArgs;
use crate::failure::Outcome;
use crate::studies::nce_dim;

/// `tinygen nce-dim`.
pub fn main(args: &NceDimArgs) -> Outcome {
    nce_dim::study(&args.study.plan(args.seed.seed), args.epochs)
}
