//! `tinygen relu` (being written).
/// Runs the command.
pub fn main(_args: &crate::cli::ReluArgs) -> crate::failure::Outcome {
    Err(crate::failure::Failure::Usage("not built yet".into()))
}
