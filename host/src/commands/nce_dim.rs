//! `tinygen nce-dim`: why NCE with rejection sampling stalls in high dimension
//! ([`crate::studies::nce_dim`]).

use crate::cli::NceDimArgs;
use crate::failure::Outcome;
use crate::studies::{nce_dim, Plan};

/// `tinygen nce-dim`.
pub fn main(args: &NceDimArgs) -> Outcome {
    let plan = Plan {
        out: args.out.clone(),
        first_seed: args.seed,
        seeds: args.seeds,
        quiet: args.quiet,
    };
    nce_dim::study(
        &plan,
        args.epochs.unwrap_or(tinygen::NceConfig::DEFAULT.epochs),
    )
}
