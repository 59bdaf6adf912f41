//! `tinygen experiments` (being written).
/// Runs the command.
pub fn main(_args: &crate::cli::ExperimentsArgs) -> crate::failure::Outcome {
    Err(crate::failure::Failure::Usage("not built yet".into()))
}
