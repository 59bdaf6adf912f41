//! NCE program: trains the default NCE sampler on the device and prints the same `x1,x2`
//! lines as `tinygen -n N --seed S` on the host. Budget: 64 KiB flash / 64 KiB RAM on QEMU.
#![no_std]
#![no_main]

use cortex_m_rt::entry;
use tinygen::pipeline::{train_nce, Streams, NCE_WIDTH, TRAINING_POINTS};
use tinygen::{Nce, NceConfig};
use tinygen_firmware::{settings, Run};

#[entry]
fn main() -> ! {
    tinygen_firmware::run("nce", workload)
}

fn workload(run: &mut Run) {
    let mut config = NceConfig::default();
    config.epochs = settings::nce_epochs(config.epochs);
    let updates = config.epochs * TRAINING_POINTS.div_ceil(config.batch_size);
    let mut streams = Streams::new(settings::seed());
    let trained = run.measure(updates as u32, || {
        train_nce::<NCE_WIDTH>(config, &mut streams, |epoch, s| {
            if epoch % 10 == 0 || epoch == config.epochs {
                defmt::info!(
                    "epoch {=usize} loss {=f32} accuracy {=f32}",
                    epoch,
                    s.loss,
                    s.accuracy
                );
            }
        })
    });
    let nce: Nce<NCE_WIDTH> = match trained {
        Ok(nce) => nce,
        Err(e) => return run.failed(e),
    };
    let mut sampler = nce.sampler(&mut streams.sample);
    for _ in 0..settings::samples() {
        match sampler.next_sample(&mut streams.sample) {
            Ok(p) => run.emit(&p),
            Err(e) => return run.failed(e),
        }
    }
    let stats = sampler.stats();
    defmt::info!(
        "sampler: accepted {=u64} of {=u64} proposals, bound raised {=u32} times",
        stats.accepted,
        stats.proposals,
        stats.bound_raises
    );
}
