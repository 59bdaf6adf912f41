//! GAN program: trains the GAN on the device, prints the per-epoch D(real)/D(G(z)) and then
//! `x1,x2` samples identical to `tinygen gan --width 16 ...` on the host.
//!
//! The device uses hidden width 16 instead of the host's default 50 (see `GAN_DEVICE_WIDTH`):
//! the training state is built on the stack, and with the copies the compiler makes while
//! constructing it, width 32 already needs about 260 KB of stack (measured), the whole RAM of
//! an nRF52840.
#![no_std]
#![no_main]

use cortex_m_rt::entry;
use tinygen::pipeline::{train_gan, Streams};
use tinygen::{Gan, GanConfig};
use tinygen_firmware::{settings, Run};

/// Hidden width of G and D on the device.
const GAN_DEVICE_WIDTH: usize = 16;

#[entry]
fn main() -> ! {
    tinygen_firmware::run("gan", workload)
}

fn workload(run: &mut Run) {
    let config = GanConfig {
        d_steps: settings::d_steps(),
        g_steps: settings::g_steps(),
        ..GanConfig::default()
    };
    let epochs = settings::gan_epochs(20);
    let mut streams = Streams::new(settings::seed());
    let trained = train_gan::<GAN_DEVICE_WIDTH>(config, epochs, &mut streams, |epoch, _, s| {
        defmt::info!(
            "epoch {=usize} D(real) {=f32} D(G(z)) {=f32} d_loss {=f32} g_loss {=f32}",
            epoch,
            s.d_real,
            s.d_fake,
            s.d_loss,
            s.g_loss
        );
    });
    let mut gan: Gan<GAN_DEVICE_WIDTH> = match trained {
        Ok(gan) => gan,
        Err(e) => return run.failed(e),
    };
    let mut sample_rng = streams.sample.clone();
    for _ in 0..settings::samples() {
        run.emit(&gan.sample(&mut sample_rng));
    }
    // Cost: one D update then one G update on a fixed minibatch, after the samples are out.
    let data = tinygen::make_moons::<100>(0.05, &mut streams.data);
    let Ok(data) = data else { return };
    let batch: [u32; 100] = core::array::from_fn(|i| i as u32);
    let d = run.measure(1, || {
        gan.discriminator_step(&data.points, &batch, &mut streams.train)
    });
    run.report_cost("gan D update");
    let g = run.measure(1, || gan.generator_step(&mut streams.train));
    run.report_cost("gan G update");
    if let Err(e) = d.map(|_| ()).and(g.map(|_| ())) {
        run.failed(e);
    }
}
