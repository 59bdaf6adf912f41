//! Train your own small MLP on your own labelled points, then save it.
//!
//! A made-up sensor log: `(temperature, vibration, current)` readings of a motor, labelled 1
//! when the motor was about to fail. A 3→16→16→1 network learns to flag them with Adam, in
//! micrograd's four phases (forward, loss, backward, update), and is saved as a model file
//! that the host's `tinygen inspect` reads. No allocation: this builds for a Cortex-M4F too.
#![cfg_attr(target_os = "none", no_std, no_main)]

use tinygen::model_file::{mlp_file_size, save_mlp, ModelFile, TrainingInfo};
use tinygen::nn::loss::bce_with_logits;
use tinygen::{Activation, AdamConfig, Error, Learner, Mlp2, Rng};

type Detector = Mlp2<3, 16, 16, 1>;
const READINGS: usize = 256;

/// The readings and their labels: healthy motors run cool and quiet.
fn sensor_log(rng: &mut Rng) -> ([[f32; 3]; READINGS], [f32; READINGS]) {
    let (mut x, mut y) = ([[0.0; 3]; READINGS], [0.0; READINGS]);
    for (x, y) in x.iter_mut().zip(&mut y) {
        let failing = rng.uniform() < 0.3;
        let shift = if failing { 1.5 } else { 0.0 };
        *x = [
            shift + rng.gaussian(),
            shift + rng.gaussian(),
            0.5 * rng.gaussian(),
        ];
        *y = if failing { 1.0 } else { 0.0 };
    }
    (x, y)
}

/// Trains the detector, saves it into `file`, and returns (accuracy, file length).
fn train_and_save(file: &mut [u8]) -> Result<(f32, usize), Error> {
    let mut rng = Rng::seed_from(7);
    let (readings, labels) = sensor_log(&mut rng);
    let acts = [Activation::ELU, Activation::ELU, Activation::Identity];
    let model = Detector::init(acts, &mut rng);
    let adam = AdamConfig {
        lr: 1e-2,
        ..AdamConfig::default()
    }
    .build(&model)?;
    let mut learner = Learner::new(model, adam);
    for _epoch in 0..30 {
        for batch in readings.chunks(32).zip(labels.chunks(32)) {
            for (x, &label) in batch.0.iter().zip(batch.1) {
                let trace = learner.model.forward_trace(x); // 1. forward
                let (_loss, dz) = bce_with_logits(trace.y[0], label); // 2. loss
                learner.model.backward(&trace, &[dz], &mut learner.grads); // 3. backward
            }
            learner.step(batch.0.len())?; // 4. update: mean gradient, Adam, gradient zeroed
        }
    }
    let right = readings.iter().zip(&labels);
    let right = right.filter(|(x, &y)| (learner.model.forward(x)[0] > 0.0) == (y > 0.5));
    let accuracy = right.count() as f32 / READINGS as f32;
    let info = TrainingInfo {
        seed: 7,
        points: READINGS as u32,
        epochs: 30,
        ..Default::default()
    };
    let len = save_mlp(&learner.model, &info, file).map_err(|_| Error::NonFinite)?;
    ModelFile::parse(&file[..len]).map_err(|_| Error::NonFinite)?; // reads back
    Ok((accuracy, len))
}

#[cfg(not(target_os = "none"))]
fn main() {
    let mut file = [0u8; mlp_file_size::<3, 16, 16, 1>()];
    let (accuracy, len) = train_and_save(&mut file).expect("training");
    assert!(
        accuracy > 0.85,
        "the detector should flag failing motors: {accuracy}"
    );
    println!("accuracy {accuracy:.3}; saved an MLP model file of {len} bytes");
}

/// On a microcontroller: the firmware's entry point calls this (the symbol keeps the whole
/// example in the thumb build). Returns the saved file's length, 0 on failure.
#[cfg(target_os = "none")]
#[no_mangle]
pub extern "C" fn train_sensor_detector() -> usize {
    let mut file = [0u8; mlp_file_size::<3, 16, 16, 1>()];
    train_and_save(&mut file).map_or(0, |(_, len)| len)
}

#[cfg(target_os = "none")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}
