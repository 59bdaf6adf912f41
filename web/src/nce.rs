//! The NCE view's session: the main job (`tinygen -n N --data DATA --epochs E --seed S`), an
//! epoch at a time, with what the page shows along the way.

use crate::lines::{flat, point_lines};
use crate::plane::{heatmap, view_box};
use crate::settings::{data_set, learning_rate, message, seed};
use tinygen::data::Batches;
use tinygen::models::jobs::{check_learned, Streams, NCE_WIDTH, TRAINING_POINTS};
use tinygen::models::nce::FineTune;
use tinygen::nn::sigmoid;
use tinygen::{DataSet, Nce, NceConfig, NceEpochStats, Rng};
use wasm_bindgen::prelude::*;

/// The salt of the host's held-out stream (`host/src/commands/nce.rs`), so the page reports
/// the held-out accuracies the host reports for the same seed.
const HELD_OUT_SALT: u64 = 0x4E43_455F_4845_4C44;

/// The salt of the page's own stream for the noise it shows, which no host output uses.
const VIEW_SALT: u64 = 0x5649_4557; // "VIEW"

/// NCE trained as `tinygen --data DATA --seed SEED --epochs E [--lr LR]` trains it: after
/// epoch `E` its "draw" prints the host's lines byte for byte.
#[wasm_bindgen]
pub struct NceSession {
    data_set: DataSet,
    seed: u64,
    data: Vec<[f32; 2]>,
    order: Vec<u32>,
    nce: Box<Nce<2, NCE_WIDTH>>,
    streams: Streams,
    config: NceConfig,
    log: Vec<NceEpochStats>,
    /// Fresh points of the data set and the stream after them, as the host draws them.
    held_out: (Vec<[f32; 2]>, Rng),
}

#[wasm_bindgen]
impl NceSession {
    /// A fresh session: the training set drawn, the noise fitted, the classifier initialised.
    /// `epochs` 0 and an empty `lr` keep the data set's defaults, as the host does without
    /// `--epochs` and `--lr`.
    #[wasm_bindgen(constructor)]
    pub fn new(data: &str, seed_text: &str, epochs: u32, lr: &str) -> Result<NceSession, String> {
        let data_set = data_set(data)?;
        let seed = seed(seed_text)?;
        // One classifier, trained live: the grid's restarts ([`NceConfig::restarts`]) would
        // hide fifteen whole trainings from the page, and its fine-tune phase
        // ([`NceConfig::fine_tune`]) would change ν under it. The refit takes the default's
        // draws and ridge on every data set: the ring's and grid's four times as many draws
        // would hold the page still for seconds, and the grid's ridge was chosen for those
        // draws. [`NceSession::host_command`] names the flags that give the host these bits.
        let mut config = NceConfig {
            restarts: 1,
            fine_tune: FineTune {
                epochs: 0,
                ..FineTune::OFF
            },
            refit_noise: NceConfig::DEFAULT.refit_noise,
            refit_ridge: NceConfig::DEFAULT.refit_ridge,
            ..NceConfig::for_data_set(data_set)
        };
        if epochs > 0 {
            config.epochs = epochs as usize;
        }
        config.batch_size = config.batch_size.min(TRAINING_POINTS);
        if !lr.trim().is_empty() {
            config.adam.lr = learning_rate(lr)?;
        }
        config.validate().map_err(message)?;
        let mut streams = Streams::new(seed);
        let mut points = vec![[0.0f32; 2]; TRAINING_POINTS];
        data_set
            .sample_into(&mut points, &mut streams.data)
            .map_err(message)?;
        let mut nce = Box::new(Nce::ZERO);
        nce.reset(config, &points, &mut streams.init)
            .map_err(message)?;
        let mut order = vec![0; points.len()];
        Batches::new(&mut order, config.batch_size).map_err(message)?;
        let mut held_rng = Rng::seed_from(seed ^ HELD_OUT_SALT);
        let mut fresh = vec![[0.0f32; 2]; points.len()];
        data_set
            .sample_into(&mut fresh, &mut held_rng)
            .map_err(message)?;
        Ok(NceSession {
            data_set,
            seed,
            data: points,
            order,
            nce,
            streams,
            config,
            log: Vec::new(),
            held_out: (fresh, held_rng),
        })
    }

    /// Trains up to `max` more epochs on the learning-rate schedule of the whole run; returns
    /// how many it trained.
    pub fn train_epochs(&mut self, max: u32) -> Result<u32, String> {
        let todo = (max as usize).min(self.config.epochs - self.log.len());
        for _ in 0..todo {
            let epoch = self.log.len() + 1;
            let mut batches =
                Batches::resume(&mut self.order, self.config.batch_size).map_err(message)?;
            let stats = self
                .nce
                .train_scheduled_epoch(epoch, &self.data, &mut batches, &mut self.streams.train)
                .map_err(message)?;
            self.log.push(stats);
        }
        if todo > 0 && self.log.len() == self.config.epochs {
            // The host's job refits the output layer after the last epoch; so does the page.
            self.nce
                .refit_output(&self.data, &mut self.streams.train)
                .map_err(message)?;
        }
        Ok(todo as u32)
    }

    /// Epochs trained so far.
    pub fn epoch(&self) -> u32 {
        self.log.len() as u32
    }

    /// The run's length in epochs.
    pub fn epochs(&self) -> u32 {
        self.config.epochs as u32
    }

    /// `[x0, x1, y0, y1]`, the part of the plane to show.
    pub fn view_box(&self) -> Vec<f32> {
        view_box(self.data_set).to_vec()
    }

    /// The training points, flat.
    pub fn data_points(&self) -> Vec<f32> {
        flat(&self.data)
    }

    /// Every epoch's `[loss, training accuracy]`, flat.
    pub fn history(&self) -> Vec<f32> {
        self.log.iter().flat_map(|s| [s.loss, s.accuracy]).collect()
    }

    /// The classifier's `c(x)`, its probability that `x` is data rather than noise, over an
    /// `nx × ny` grid of the view box, row by row from the top.
    pub fn c_heatmap(&self, nx: u32, ny: u32) -> Vec<f32> {
        heatmap(view_box(self.data_set), nx as usize, ny as usize, |x| {
            sigmoid(self.nce.logit(&x))
        })
    }

    /// `n` proposals of the rejection sampler as it stands, from the page's own stream (the
    /// same draws every call, so the picture changes only as the classifier does): flat
    /// `[x, y, accepted]` triples, `accepted` 1 or 0.
    pub fn proposals(&self, n: u32) -> Vec<f32> {
        let mut rng = Rng::seed_from(self.seed ^ VIEW_SALT);
        let mut sampler = self.nce.sampler(&mut rng);
        let mut out = Vec::with_capacity(3 * n as usize);
        for _ in 0..n {
            match sampler.propose(&mut rng) {
                Ok(p) => out.extend([p.x[0], p.x[1], f32::from(u8::from(p.accepted))]),
                Err(_) => break,
            }
        }
        out
    }

    /// `[on data, on noise]`: the held-out accuracies the host prints for this seed.
    pub fn held_out_accuracy(&self) -> Vec<f32> {
        let (points, rng) = &self.held_out;
        let (d, n) = self.nce.held_out_accuracy(points, &mut rng.clone());
        vec![d, n]
    }

    /// The host command whose stdout is `sample_lines(n)` after the last epoch: `tinygen -n N
    /// --epochs E --seed S`, then a flag for each setting where the page trains otherwise than
    /// the host's default for the data set (the grid's one classifier and no fine-tune phase,
    /// the refit's draws and ridge, a learning rate).
    pub fn host_command(&self, n: u32) -> String {
        let host = NceConfig::for_data_set(self.data_set);
        let page = &self.config;
        let mut command = format!(
            "tinygen -n {n} --epochs {} --seed {}",
            page.epochs, self.seed
        );
        let mut flag = |differs: bool, name: &str, value: &dyn core::fmt::Display| {
            if differs {
                command.push_str(&format!(" --{name} {value}"));
            }
        };
        flag(
            self.data_set != DataSet::Moons,
            "data",
            &self.data_set.name(),
        );
        flag(page.restarts != host.restarts, "restarts", &page.restarts);
        flag(
            page.fine_tune.epochs != host.fine_tune.epochs,
            "fine-tune-epochs",
            &page.fine_tune.epochs,
        );
        flag(
            page.refit_noise != host.refit_noise,
            "refit-noise",
            &page.refit_noise,
        );
        flag(
            page.refit_ridge != host.refit_ridge,
            "refit-ridge",
            &page.refit_ridge,
        );
        flag(page.adam.lr != host.adam.lr, "lr", &page.adam.lr);
        command
    }

    /// The `n` lines the host prints: the learned check, then the rejection sampler over the
    /// sample stream of the seed. After the last epoch they are `tinygen -n N`'s stdout.
    pub fn sample_lines(&self, n: u32) -> Result<String, String> {
        check_learned(&self.nce, &self.data, self.seed).map_err(message)?;
        let mut rng = self.streams.sample.clone();
        let mut sampler = self.nce.sampler(&mut rng);
        let points = (0..n)
            .map(|_| sampler.next_sample(&mut rng))
            .collect::<Result<Vec<_>, _>>()
            .map_err(message)?;
        point_lines(&points)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tinygen::models::jobs::NceJob;

    /// An epoch per call is the core's whole job, bit for bit, and so are the lines.
    #[test]
    fn epoch_by_epoch_is_the_core_job() {
        let mut s = NceSession::new("moons", "3", 30, "").unwrap();
        while s.train_epochs(7).unwrap() > 0 {}
        assert_eq!(s.epoch(), 30);
        let mut job: Box<NceJob<NCE_WIDTH>> = Box::new(NceJob::ZERO);
        let mut streams = Streams::new(3);
        let config = NceConfig {
            epochs: 30,
            ..NceConfig::DEFAULT
        };
        let mut log = Vec::new();
        job.train(DataSet::Moons, config, &mut streams, |_, s| log.push(s))
            .unwrap();
        assert_eq!(s.log, log);
        let mut sampler = job.nce.sampler(&mut streams.sample);
        let points: Vec<_> = (0..100)
            .map(|_| sampler.next_sample(&mut streams.sample).unwrap())
            .collect();
        assert_eq!(s.sample_lines(100).unwrap(), point_lines(&points).unwrap());
        let p = s.proposals(50);
        assert_eq!(p.len(), 150);
        assert_eq!(p, s.proposals(50));
        assert!(s
            .held_out_accuracy()
            .iter()
            .all(|a| (0.0..=1.0).contains(a)));
        assert_eq!(s.c_heatmap(5, 5).len(), 25);
    }

    #[test]
    fn bad_settings_are_messages() {
        assert!(NceSession::new("spiral", "1", 5, "").is_err());
        assert_eq!(NceSession::new("ring", "1", 0, "").unwrap().epochs(), 720);
        assert_eq!(NceSession::new("moons", "1", 0, "").unwrap().epochs(), 300);
        assert!(NceSession::new("ring", "1", 5, "-2").is_err());
    }

    /// The command names every setting where the page's run differs from the host's default,
    /// and nothing else.
    #[test]
    fn host_command_names_what_the_page_changed() {
        let command = |data, lr| {
            NceSession::new(data, "7", 30, lr)
                .unwrap()
                .host_command(100)
        };
        assert_eq!(command("moons", ""), "tinygen -n 100 --epochs 30 --seed 7");
        assert_eq!(
            command("moons", "0.002"),
            "tinygen -n 100 --epochs 30 --seed 7 --lr 0.002"
        );
        assert_eq!(
            command("ring", ""),
            "tinygen -n 100 --epochs 30 --seed 7 --data ring --refit-noise 262144"
        );
        assert_eq!(
            command("grid", ""),
            "tinygen -n 100 --epochs 30 --seed 7 --data grid --restarts 1 --fine-tune-epochs 0 \
             --refit-noise 262144 --refit-ridge 1"
        );
        let default_epochs = NceSession::new("ring", "5", 0, "").unwrap();
        assert!(default_epochs
            .host_command(100)
            .starts_with("tinygen -n 100 --epochs 720 --seed 5 "));
    }

    /// The settings `host_command` can name are every way the page's config differs from the
    /// host's: a page setting that changes any other field would print lines that no command
    /// it shows can reproduce, so it must get a flag in `host_command` and here.
    #[test]
    fn host_command_flags_cover_every_difference() {
        for data in ["moons", "ring", "grid"] {
            for lr in ["", "0.002"] {
                let session = NceSession::new(data, "7", 30, lr).unwrap();
                let page = session.config;
                let mut host = NceConfig::for_data_set(session.data_set);
                host.epochs = page.epochs;
                host.restarts = page.restarts;
                host.fine_tune.epochs = page.fine_tune.epochs;
                host.refit_noise = page.refit_noise;
                host.refit_ridge = page.refit_ridge;
                host.adam.lr = page.adam.lr;
                assert_eq!(page, host, "{data}, lr {lr:?}");
            }
        }
    }
}
