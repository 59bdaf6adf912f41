//! Checks the core's square roots against `libm::sqrtf` on every non-negative `f32` (and +∞):
//! the portable form (the firmware's) and `sqrt` as the host builds it (the standard library's).
//! Each must be the correctly rounded IEEE-754 result, so every bit must agree.
//! Run: `cargo run --release -p tinygen-host --example sqrt_exact` (about a minute).

use tinygen::math::sqrt::{sqrt, sqrt_portable};

fn main() {
    let mut failed = false;
    for (name, root) in [
        ("sqrt_portable", sqrt_portable as fn(f32) -> f32),
        ("sqrt", sqrt),
    ] {
        let mut mismatches = 0u64;
        for bits in 0..=f32::INFINITY.to_bits() {
            let x = f32::from_bits(bits);
            let (ours, reference) = (root(x), libm::sqrtf(x));
            if ours.to_bits() != reference.to_bits() {
                if mismatches < 10 {
                    eprintln!("{name}: x = {x:e}: {ours:e} vs libm {reference:e}");
                }
                mismatches += 1;
            }
        }
        let checked = u64::from(f32::INFINITY.to_bits()) + 1;
        println!("{name}: checked {checked} inputs, {mismatches} differ from libm::sqrtf");
        failed |= mismatches > 0;
    }
    if failed {
        std::process::exit(1);
    }
}
