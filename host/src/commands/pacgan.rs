//! `tinygen pacgan`: the mode-collapse benchmark (see [`crate::studies::pacgan`]).

use crate::cli::{MixtureArg, PacganArgs};
use crate::failure::Outcome;
use crate::studies::pacgan::{run, StudySettings};
use tinygen::DataSet;

/// `tinygen pacgan`.
pub fn main(args: &PacganArgs) -> Outcome {
    let data = match args.data {
        MixtureArg::Ring => vec![DataSet::Ring],
        MixtureArg::Grid => vec![DataSet::Grid],
        MixtureArg::Both => vec![DataSet::Ring, DataSet::Grid],
    };
    let report = run(&StudySettings {
        data,
        seed: args.seed,
        seeds: args.seeds,
        samples: args.samples,
        epochs: args.epochs,
        out: args.out.clone(),
        quiet: args.quiet,
    })?;
    if !args.quiet {
        eprint!("{report}");
        eprintln!("written to {}", args.out.display());
    }
    Ok(())
}
