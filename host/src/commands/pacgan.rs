//! `tinygen pacgan`: the mode-collapse benchmark ([`crate::studies::pacgan`]).

use crate::cli::{MixtureArg, PacganArgs};
use crate::failure::Outcome;
use crate::studies::pacgan::{study, StudySettings};
use tinygen::DataSet;

/// `tinygen pacgan`.
pub fn main(args: &PacganArgs) -> Outcome {
    let data = match args.data {
        MixtureArg::Ring => vec![DataSet::Ring],
        MixtureArg::Grid => vec![DataSet::Grid],
        MixtureArg::Both => vec![DataSet::Ring, DataSet::Grid],
    };
    study(&StudySettings {
        plan: args.study.plan(args.seed.seed),
        data,
        samples: args.samples.samples,
        epochs: args.epochs,
    })
}
