//! Sample program: draws points from a model trained elsewhere and embedded at build time
//! (`TINYGEN_MODEL=path/to/file`; see build.rs), and prints the same `x1,x2` lines as
//! `tinygen sample --model FILE -n N --seed S` on the host. An NCE sampler or a GAN generator
//! of the host's default widths.
#![no_std]
#![no_main]

use cortex_m_rt::entry;
use tinygen::model_file::{load_generator, load_nce, Kind, ModelFile};
use tinygen::models::gan::{generate, Generator};
use tinygen::models::jobs::{Streams, GAN_WIDTH, NCE_WIDTH};
use tinygen::{Nce, Params};
use tinygen_firmware::{settings, Run};

/// The embedded model file (empty when the build was given none).
static MODEL: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/model.tgnm"));

/// The sampler, in `.bss` (filled by the model file).
static mut NCE: Nce<2, NCE_WIDTH> = Nce::ZERO;
/// The generator alone (no discriminator or optimiser state), in `.bss`.
static mut GENERATOR: Generator<2, GAN_WIDTH> = Generator::ZERO;

#[entry]
fn main() -> ! {
    tinygen_firmware::run("sample", workload)
}

fn workload(run: &mut Run) {
    if MODEL.is_empty() {
        return run.diverged("no model embedded: build with TINYGEN_MODEL=FILE");
    }
    let file = match ModelFile::parse(MODEL) {
        Ok(f) => f,
        Err(e) => {
            defmt::error!("model file: {}", e);
            return run.diverged("bad model file");
        }
    };
    let mut rng = Streams::new(settings::seed()).sample;
    match file.kind() {
        Kind::NceSampler => {
            // SAFETY: `workload` runs once, on the only thread, and no interrupt handler
            // touches NCE, so this is the one reference to it.
            let nce = unsafe { &mut *core::ptr::addr_of_mut!(NCE) };
            if let Err(e) = load_nce(&file, nce) {
                defmt::error!("model file: {}", e);
                return run.diverged("bad model file");
            }
            let mut sampler = nce.sampler(&mut rng);
            for _ in 0..settings::samples() {
                match sampler.next_sample(&mut rng) {
                    Ok(p) => run.emit(&p),
                    Err(e) => return run.failed(e),
                }
            }
        }
        Kind::GanGenerator => {
            // SAFETY: as for NCE above.
            let generator = unsafe { &mut *core::ptr::addr_of_mut!(GENERATOR) };
            if let Err(e) = load_generator(&file, generator) {
                defmt::error!("model file: {}", e);
                return run.diverged("bad model file");
            }
            for _ in 0..settings::samples() {
                run.emit(&generate(generator, &mut rng));
            }
        }
        other => {
            defmt::error!("cannot sample from a {}", other.name());
            run.diverged("not a sampler");
        }
    }
}
