//! NCE program: trains the default NCE sampler on the device, on the data set chosen at build
//! time (`TINYGEN_DATA`, moons by default), and prints the same `x1,x2` lines as
//! `tinygen -n N --seed S --data D` on the host. Budget: 64 KiB flash / 64 KiB RAM on QEMU.
#![no_std]
#![no_main]

use cortex_m_rt::entry;
use tinygen::model_file::{nce_file_size, save_nce, TrainingInfo};
use tinygen::models::jobs::{check_learned, NceJob, Streams, NCE_WIDTH, TRAINING_POINTS};
use tinygen::models::nce::RefitStats;
use tinygen::{Error, Nce, NceConfig};
use tinygen_firmware::model_dump::print_model;
use tinygen_firmware::{settings, Run};

/// The training data, model, gradients and Adam state: about 32 KB in `.bss` (all zeros until
/// `NceJob::train` fills it in place), so the stack only holds one example's activations.
static mut JOB: NceJob<NCE_WIDTH> = NceJob::ZERO;

#[entry]
fn main() -> ! {
    tinygen_firmware::run("nce", workload)
}

fn workload(run: &mut Run) {
    let mut config = NceConfig::for_data_set(settings::DATA_SET);
    config.epochs = settings::nce_epochs(config.epochs);
    let refit_noise = settings::refit_noise(config.refit_noise);
    // Trained with the refit off, then refitted in a window of its own, so that the cost
    // per update stays that of training; the draws are the same as in one call.
    let training = NceConfig {
        refit_noise: 0,
        ..config
    };
    // Every restart's updates and the fine-tune phase's (none on moons; on the grid its
    // updates carry ν' noise points each, so the cost per update is a mix).
    let epochs = config.restarts * config.epochs + config.fine_tune.epochs;
    let updates = epochs * TRAINING_POINTS.div_ceil(config.batch_size);
    // SAFETY: `workload` runs once, on the only thread, and no interrupt handler touches JOB,
    // so this is the one reference to it for the whole program.
    let job = unsafe { &mut *core::ptr::addr_of_mut!(JOB) };
    let mut streams = Streams::new(settings::seed());
    let trained = run.measure(updates as u32, || train(job, training, &mut streams));
    if let Err(e) = trained {
        return run.failed(e);
    }
    run.report_cost("nce update");
    if let Err(e) = job.nce.set_refit(refit_noise, config.refit_ridge) {
        return run.failed(e);
    }
    let refit = run.measure(1, || job.nce.refit_output(&job.data, &mut streams.train));
    match refit {
        Ok(s) => defmt::info!(
            "refit: {=usize} draws, {=u32} Newton steps in {=u32} passes",
            refit_noise,
            s.steps,
            s.passes
        ),
        Err(e) => return run.failed(e),
    }
    run.report_cost("nce refit (whole)");
    // A classifier no better than chance would make the sampler print its noise as data.
    if let Err(e) = check_learned(&job.nce, &job.data, settings::seed()) {
        return run.failed(e);
    }
    let mut sampler = job.nce.sampler(&mut streams.sample);
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
    dump_model(run, &job.nce, config);
}

/// Prints the trained model for the host ([`print_model`]): a file of a few KB on the stack,
/// in a function of its own (never inlined), so that it is there only now that training's
/// activations are gone.
#[inline(never)]
fn dump_model(run: &mut Run, nce: &Nce<2, NCE_WIDTH>, config: NceConfig) {
    let info = TrainingInfo {
        seed: settings::seed(),
        data: Some(settings::DATA_SET),
        points: TRAINING_POINTS as u32,
        epochs: config.epochs as u32,
        batch_size: config.batch_size as u32,
        lr: config.adam.lr,
        final_lr_fraction: config.final_lr_fraction,
        ..TrainingInfo::default()
    };
    let mut file = [0u8; nce_file_size::<2, NCE_WIDTH>()];
    match save_nce(nce, &info, &mut file) {
        Ok(len) => print_model(&file[..len]),
        Err(_) => run.diverged("the model does not fit its file buffer"),
    }
}

/// Trains `job` with `config` (the refit off), logging every tenth epoch. A function of its
/// own, never inlined, so that its chunk of activations leaves the stack before the refit's
/// Hessian and the model file arrive there.
#[inline(never)]
fn train(
    job: &mut NceJob<NCE_WIDTH>,
    config: NceConfig,
    streams: &mut Streams,
) -> Result<RefitStats, Error> {
    job.train(settings::DATA_SET, config, streams, |epoch, s| {
        if epoch % 10 == 0 || epoch == config.epochs {
            defmt::info!(
                "epoch {=usize} loss {=f32} accuracy {=f32}",
                epoch,
                s.loss,
                s.accuracy
            );
        }
    })
}
