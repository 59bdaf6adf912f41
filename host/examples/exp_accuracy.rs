//! Max ulp error of `tinygen::math::exp::{exp, exp_m1}` against `libm` over every `f32` in the
//! range the core uses. Run: `cargo run --release -p tinygen-host --example exp_accuracy`.

fn ulps(a: f32, b: f32) -> u64 {
    let key = |x: f32| {
        let i = x.to_bits() as i32;
        i64::from(if i < 0 { i32::MIN.wrapping_sub(i) } else { i })
    };
    (key(a) - key(b)).unsigned_abs()
}

fn main() {
    let (mut worst_exp, mut worst_exp_x) = (0, 0.0f32);
    let (mut worst_m1, mut worst_m1_x) = (0, 0.0f32);
    let mut count = 0u64;
    // Every f32 in [-104, 89], negative and positive halves.
    let ranges = [
        ((-0.0f32).to_bits(), (-104.0f32).to_bits()),
        (0, 89.0f32.to_bits()),
    ];
    for (lo, hi) in ranges {
        for bits in lo..=hi {
            let x = f32::from_bits(bits);
            count += 1;
            let e = ulps(tinygen::math::exp::exp(x), libm::expf(x));
            if e > worst_exp {
                (worst_exp, worst_exp_x) = (e, x);
            }
            let m = ulps(tinygen::math::exp::exp_m1(x), libm::expm1f(x));
            if m > worst_m1 {
                (worst_m1, worst_m1_x) = (m, x);
            }
        }
    }
    println!("checked {count} inputs in [-104, 89]");
    println!("exp:    max {worst_exp} ulp vs libm::expf (at x = {worst_exp_x:e})");
    println!("exp_m1: max {worst_m1} ulp vs libm::expm1f (at x = {worst_m1_x:e})");
}
