//! `tinygen`: train NCE and print 100 `x1,x2` lines, or run a subcommand.

use clap::Parser;
use tinygen_host::cli::{Cli, Command};
use tinygen_host::commands;
use tinygen_host::failure::Outcome;

fn main() {
    let cli = Cli::parse();
    let outcome: Outcome = match &cli.command {
        None => commands::nce::main(&cli.nce),
        Some(Command::Nce(args)) => commands::nce::main(args),
        Some(Command::Gan(args)) => commands::gan::main(args),
        Some(Command::Eval(args)) => commands::eval::main(args),
        Some(Command::Experiments(args)) => commands::experiments::main(args),
        Some(Command::Relu(args)) => commands::relu::main(args),
        Some(Command::NceDim(args)) => commands::nce_dim::main(args),
        Some(Command::Pacgan(args)) => commands::pacgan::main(args),
        Some(Command::Sample(args)) => commands::sample::main(args),
        Some(Command::Inspect(args)) => commands::inspect::main(args),
        Some(Command::ImportModel(args)) => commands::import_model::main(args),
    };
    if let Err(failure) = outcome {
        eprintln!("tinygen: error: {failure}");
        std::process::exit(failure.exit_code());
    }
}
