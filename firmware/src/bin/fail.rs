//! Deliberately panics after one data line: proves that a failing program
//! makes the run (and check.sh's assertion) fail. Expected exit status 1.
#![no_std]
#![no_main]

use cortex_m_rt::entry;
use tinygen_firmware::Run;

#[entry]
fn main() -> ! {
    tinygen_firmware::run("fail", workload)
}

fn workload(run: &mut Run) {
    run.emit(&[1.0, -0.5]);
    let n = core::hint::black_box(3u32);
    panic!("deliberate failure (n={})", n);
}
