//! The GAN view's session: `tinygen gan`, an epoch (or a single D or G update) at a time.

use crate::lines::{flat, gan_epoch_csv, point_lines};
use crate::plane::{heatmap, view_box};
use crate::settings::{data_set, learning_rate, message, seed};
use tinygen::data::Batches;
use tinygen::models::jobs::{Streams, GAN_WIDTH, TRAINING_POINTS};
use tinygen::nn::sigmoid;
use tinygen::{DataSet, Gan, GanConfig, GanEpochStats, Rng};
use wasm_bindgen::prelude::*;

/// The minibatch size of `tinygen gan` (its `--batch-size` default).
const BATCH_SIZE: usize = 100;

/// A GAN being trained as `tinygen gan --data DATA --seed SEED --epochs E --d-steps D
/// --g-steps G --lr LR` trains it: the same training set, initial networks, minibatch order
/// and latent draws, so after epoch `e` it holds the bits the host holds after epoch `e`.
#[wasm_bindgen]
pub struct GanSession {
    data_set: DataSet,
    data: Vec<[f32; 2]>,
    order: Vec<u32>,
    gan: Box<Gan<2, GAN_WIDTH>>,
    streams: Streams,
    /// The sample stream as training began: the host draws its output lines from it.
    sample_start: Rng,
    epochs: usize,
    log: Vec<GanEpochStats>,
    /// Single D or G updates the user asked for; any makes the run differ from the host's.
    manual_steps: u32,
    /// The minibatch of the current order the next single D update trains on.
    cursor: usize,
}

#[wasm_bindgen]
impl GanSession {
    /// A fresh session: the training set drawn and both networks initialised, no epoch yet.
    #[wasm_bindgen(constructor)]
    pub fn new(
        data: &str,
        seed_text: &str,
        epochs: u32,
        d_steps: u32,
        g_steps: u32,
        lr: &str,
    ) -> Result<GanSession, String> {
        let data_set = data_set(data)?;
        let config = GanConfig {
            epochs: epochs as usize,
            d_steps: d_steps as usize,
            g_steps: g_steps as usize,
            batch_size: BATCH_SIZE,
            ..GanConfig::DEFAULT
        }
        .with_lr(learning_rate(lr)?);
        let mut streams = Streams::new(seed(seed_text)?);
        let mut points = vec![[0.0f32; 2]; TRAINING_POINTS];
        data_set
            .sample_into(&mut points, &mut streams.data)
            .map_err(message)?;
        let mut gan = Box::new(Gan::ZERO);
        gan.reset(config, &mut streams.init).map_err(message)?;
        let mut order = vec![0; points.len()];
        Batches::new(&mut order, BATCH_SIZE).map_err(message)?;
        Ok(GanSession {
            data_set,
            data: points,
            order,
            gan,
            sample_start: streams.sample.clone(),
            streams,
            epochs: config.epochs,
            log: Vec::new(),
            manual_steps: 0,
            cursor: 0,
        })
    }

    /// Trains up to `max` more epochs, never past the run's length; returns how many it
    /// trained. A diverged run is an error (the host exits 1 there).
    pub fn train_epochs(&mut self, max: u32) -> Result<u32, String> {
        let todo = (max as usize).min(self.epochs - self.log.len());
        for _ in 0..todo {
            let mut batches = Batches::resume(&mut self.order, BATCH_SIZE).map_err(message)?;
            let stats = self
                .gan
                .train_epoch(&self.data, &mut batches, &mut self.streams.train)
                .map_err(message)?;
            self.log.push(stats);
            self.cursor = 0;
        }
        Ok(todo as u32)
    }

    /// One discriminator update alone, on the next minibatch of the current order (GAN Lab's
    /// "train D" in slow motion). Returns `[D(real), D(G(z)), D loss]` of its batch.
    pub fn d_step(&mut self) -> Result<Vec<f32>, String> {
        let batches = Batches::resume(&mut self.order, BATCH_SIZE).map_err(message)?;
        let count = batches.iter().count();
        let batch = batches.iter().nth(self.cursor % count).unwrap_or(&[]);
        let s = self
            .gan
            .discriminator_step(&self.data, batch, &mut self.streams.train)
            .map_err(message)?;
        self.cursor += 1;
        self.manual_steps += 1;
        Ok(vec![s.d_real, s.d_fake, s.d_loss])
    }

    /// One generator update alone; returns its loss.
    pub fn g_step(&mut self) -> Result<f32, String> {
        let loss = self
            .gan
            .generator_step(&mut self.streams.train)
            .map_err(message)?;
        self.manual_steps += 1;
        Ok(loss)
    }

    /// Epochs trained so far.
    pub fn epoch(&self) -> u32 {
        self.log.len() as u32
    }

    /// The run's length in epochs.
    pub fn epochs(&self) -> u32 {
        self.epochs as u32
    }

    /// Single updates taken by hand: when non-zero the run no longer matches the host's.
    pub fn manual_steps(&self) -> u32 {
        self.manual_steps
    }

    /// `[x0, x1, y0, y1]`, the part of the plane to show.
    pub fn view_box(&self) -> Vec<f32> {
        view_box(self.data_set).to_vec()
    }

    /// The training points, flat.
    pub fn data_points(&self) -> Vec<f32> {
        flat(&self.data)
    }

    /// `n` generated points, flat: the host's output points (the first 100 are its lines).
    pub fn generated(&self, n: u32) -> Vec<f32> {
        flat(&self.samples(n as usize))
    }

    /// The `n` lines `tinygen gan -n N` prints after this many epochs.
    pub fn sample_lines(&self, n: u32) -> Result<String, String> {
        point_lines(&self.samples(n as usize))
    }

    /// The CSV `tinygen gan --log FILE` writes for the epochs trained so far.
    pub fn epoch_csv(&self) -> String {
        gan_epoch_csv(&self.log)
    }

    /// Every epoch's `[D(real), D(G(z)), D loss, G loss]`, flat.
    pub fn history(&self) -> Vec<f32> {
        self.log
            .iter()
            .flat_map(|s| [s.d_real, s.d_fake, s.d_loss, s.g_loss])
            .collect()
    }

    /// `D(x)`, the probability D gives `x` of being real, over an `nx × ny` grid of the view
    /// box, row by row from the top.
    pub fn d_heatmap(&self, nx: u32, ny: u32) -> Vec<f32> {
        let d = &self.gan.discriminator.model;
        heatmap(view_box(self.data_set), nx as usize, ny as usize, |x| {
            sigmoid(d.forward(&x)[0])
        })
    }
}

impl GanSession {
    /// `n` points of G from the start of the sample stream, as the host draws its lines.
    fn samples(&self, n: usize) -> Vec<[f32; 2]> {
        let mut rng = self.sample_start.clone();
        (0..n).map(|_| self.gan.sample(&mut rng)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tinygen::models::jobs::GanJob;

    /// An epoch per call is the core's whole job, bit for bit.
    #[test]
    fn epoch_by_epoch_is_the_core_job() {
        let mut s = GanSession::new("ring", "7", 3, 2, 1, "0.002").unwrap();
        assert_eq!(s.train_epochs(2).unwrap(), 2);
        assert_eq!(s.train_epochs(5).unwrap(), 1);
        assert_eq!(s.train_epochs(5).unwrap(), 0);
        let mut job: Box<GanJob<GAN_WIDTH>> = Box::new(GanJob::ZERO);
        let mut streams = Streams::new(7);
        let config = GanConfig {
            epochs: 3,
            d_steps: 2,
            ..GanConfig::DEFAULT
        }
        .with_lr(0.002);
        let mut log = Vec::new();
        job.train(DataSet::Ring, config, &mut streams, |_, _, s| log.push(s))
            .unwrap();
        assert_eq!(s.log, log);
        let mut rng = Streams::new(7).sample;
        let points: Vec<_> = (0..100).map(|_| job.gan.sample(&mut rng)).collect();
        assert_eq!(s.sample_lines(100).unwrap(), point_lines(&points).unwrap());
        assert_eq!(s.epoch_csv().lines().count(), 4);
    }

    #[test]
    fn single_steps_are_counted() {
        let mut s = GanSession::new("moons", "1", 2, 1, 1, "0.001").unwrap();
        for _ in 0..12 {
            let d = s.d_step().unwrap();
            assert!(d.iter().all(|v| v.is_finite()));
        }
        assert!(s.g_step().unwrap().is_finite());
        assert_eq!(s.manual_steps(), 13);
        assert_eq!(s.d_heatmap(4, 3).len(), 12);
        assert!(GanSession::new("moons", "x", 2, 1, 1, "0.001").is_err());
        assert!(GanSession::new("moons", "1", 0, 1, 1, "0.001").is_err());
        assert!(GanSession::new("moons", "1", 1, 1, 1, "0").is_err());
    }
}
