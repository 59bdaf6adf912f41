//! The metrics' reference sample and floors, as `tinygen eval` and the experiments study
//! build them.

use crate::failure::{Failure, Outcome};
use crate::metrics::{Floors, Reference};

/// The seed of the floors' i.i.d. samples, derived from the reference seed so that the
/// floor samples are never the reference sample itself.
pub fn floor_seed(seed: u64) -> u64 {
    seed ^ 0x464C_4F4F_5253 // "FLOORS"
}

/// The reference sample of the true law with noise σ `noise` and the floors for evaluating
/// `n` points, both from `seed`.
pub fn reference_and_floors(noise: f64, seed: u64, n: usize) -> Outcome<(Reference, Floors)> {
    if !(noise.is_finite() && noise > 0.0) {
        return Err(Failure::Usage(format!(
            "invalid noise {noise}: must be finite and > 0"
        )));
    }
    let reference = Reference::new(noise, seed);
    let floors = reference
        .floors_for(n, floor_seed(seed))
        .map_err(|e| Failure::Run(e.to_string()))?;
    Ok((reference, floors))
}
