//! GAN program: trains the default GAN (width 50, as on the host) on the device, prints the
//! per-epoch D(real)/D(G(z)) and then `x1,x2` samples identical to `tinygen gan ...` on the
//! host. Its state (about 100 KB) needs the nRF52840's RAM, so on QEMU it gets the large
//! layout (see `build.rs`).
#![no_std]
#![no_main]

use cortex_m_rt::entry;
use tinygen::models::jobs::{GanJob, Streams, GAN_WIDTH};
use tinygen::GanConfig;
use tinygen_firmware::{settings, Run};

/// Hidden width of G and D on the device: the host's default.
const GAN_DEVICE_WIDTH: usize = GAN_WIDTH;

/// Data, both networks, their gradients and Adam state, in `.bss` (filled in place).
static mut JOB: GanJob<GAN_DEVICE_WIDTH> = GanJob::ZERO;

#[entry]
fn main() -> ! {
    tinygen_firmware::run("gan", workload)
}

fn workload(run: &mut Run) {
    let defaults = GanConfig::DEFAULT;
    let config = GanConfig {
        // A short run by default: the full 100 epochs take minutes on QEMU.
        epochs: settings::gan_epochs(20),
        d_steps: settings::d_steps(defaults.d_steps),
        g_steps: settings::g_steps(defaults.g_steps),
        ..defaults
    };
    // SAFETY: `workload` runs once, on the only thread, and no interrupt handler touches JOB,
    // so this is the one reference to it for the whole program.
    let job = unsafe { &mut *core::ptr::addr_of_mut!(JOB) };
    let mut streams = Streams::new(settings::seed());
    let trained = job.train(settings::DATA_SET, config, &mut streams, |epoch, _, s| {
        defmt::info!(
            "epoch {=usize} D(real) {=f32} D(G(z)) {=f32} d_loss {=f32} g_loss {=f32}",
            epoch,
            s.d_real,
            s.d_fake,
            s.d_loss,
            s.g_loss
        );
    });
    if let Err(e) = trained {
        return run.failed(e);
    }
    let gan = &mut job.gan;
    let mut sample_rng = streams.sample.clone();
    for _ in 0..settings::samples() {
        run.emit(&gan.sample(&mut sample_rng));
    }
    // Cost: one D update then one G update on the first minibatch, after the samples are out.
    let batch: [u32; 100] = core::array::from_fn(|i| i as u32);
    let d = run.measure(1, || {
        gan.discriminator_step(&job.data, &batch, &mut streams.train)
    });
    run.report_cost("gan D update");
    let g = run.measure(1, || gan.generator_step(&mut streams.train));
    run.report_cost("gan G update");
    if let Err(e) = d.map(|_| ()).and(g.map(|_| ())) {
        run.failed(e);
    }
}
