//! GAN program: trains, then prints `SAMPLES` points as `x1,x2` lines.
//! Budget: 64 KiB flash / 64 KiB RAM on QEMU unless listed in build.rs's
//! QEMU_LARGE_BUDGET (then 1 MiB / 256 KiB, the nRF52840's).
#![no_std]
#![no_main]

use cortex_m_rt::entry;
use tinygen_firmware::{placeholder::Toy, Run};

const SEED: u32 = 0x5EED_0002;
const STEPS: u32 = 2000;
const SAMPLES: usize = 256;

#[entry]
fn main() -> ! {
    tinygen_firmware::run("gan", workload)
}

/// THE plug-in point: replace the body with the real `tinygen::gan` calls.
/// Time the training with `run.measure(steps, || ...)`, print every point
/// with `run.emit(&[x1, x2])`; call `run.diverged("why")` on a bad loss.
fn workload(run: &mut Run) {
    let mut model = Toy::<32>::new(SEED);
    let loss = run.measure(STEPS, || {
        let mut last = 0.0;
        for _ in 0..STEPS {
            last = model.step();
        }
        last
    });
    if !loss.is_finite() {
        run.diverged("non-finite training loss");
    }
    for _ in 0..SAMPLES {
        run.emit(&model.sample());
    }
}
