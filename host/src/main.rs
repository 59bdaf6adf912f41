//! `tinygen`: train NCE and print 100 `x1,x2` lines, or run a subcommand.

use clap::Parser;
use tinygen_host::cli::{Cli, Command};
use tinygen_host::commands;
use tinygen_host::failure::Outcome;

fn main() {
    let cli = Cli::parse();
    let outcome: Outcome = match &cli.command {
        None => commands::sample::main(&cli.nce),
        Some(Command::Nce(args)) => commands::sample::main(args),
        Some(Command::Gan(args)) => commands::gan::main(args),
        Some(Command::Eval(args)) => commands::eval::main(args),
        Some(Command::Experiments(args)) => commands::experiments::main(args),
        Some(Command::Relu(args)) => commands::relu::main(args),
        Some(Command::NceDim(args)) => commands::nce_dim::main(args),
    };
    if let Err(failure) = outcome {
        eprintln!("tinygen: error: {failure}");
        std::process::exit(failure.exit_code());
    }
}
