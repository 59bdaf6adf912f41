//! Checks `tinygen::math::sqrt::sqrt` against `libm::sqrtf` on every non-negative `f32` (and +∞):
//! both must be the correctly rounded IEEE-754 result, so every bit must agree.
//! Run: `cargo run --release -p tinygen-host --example sqrt_exact` (about half a minute).

fn main() {
    let mut mismatches = 0u64;
    for bits in 0..=f32::INFINITY.to_bits() {
        let x = f32::from_bits(bits);
        let (ours, reference) = (tinygen::math::sqrt::sqrt(x), libm::sqrtf(x));
        if ours.to_bits() != reference.to_bits() {
            if mismatches < 10 {
                eprintln!("x = {x:e}: {ours:e} vs libm {reference:e}");
            }
            mismatches += 1;
        }
    }
    let checked = u64::from(f32::INFINITY.to_bits()) + 1;
    println!("checked {checked} inputs, {mismatches} differ from libm::sqrtf");
    if mismatches > 0 {
        std::process::exit(1);
    }
}
