pub fn main(_a: &crate::cli::EvalArgs) -> crate::failure::Outcome {
    Err(crate::failure::Failure::Usage("eval: not built yet".into()))
}
