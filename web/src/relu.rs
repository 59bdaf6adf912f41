//! The Dead-ReLU view's session: one run of the classifier of `tinygen relu`
//! (`host/src/studies/relu`), unit by unit.
//!
//! A 2→32→32→1 network with ReLU or ELU hidden units learns the labels of 1000 two-moons
//! points (noise 0.1) with plain minibatch SGD (batch 20, BCE on the logit). A seed fixes the
//! data, the initial weights and the batch order, so a ReLU and an ELU session of one seed
//! start from the same network. A unit is dead when its pre-activation is ≤ 0 on every
//! training point: then, for ReLU, its gradient is exactly 0 and SGD never moves it again.

use crate::plane::{cell_centres, heatmap};
use crate::settings::{learning_rate, message, seed};
use tinygen::data::{Batches, Dataset};
use tinygen::models::dead_relu::{
    self, measure, sgd_step, SgdClassifier, BATCH_SIZE, BLOW_UP_LOSS, POINTS,
};
use tinygen::models::jobs::Streams;
use tinygen::nn::dead::dead_units;
use tinygen::nn::sigmoid;
use tinygen::Activation;
use wasm_bindgen::prelude::*;

/// Hidden units per layer: `tinygen relu`'s width.
pub use tinygen::models::dead_relu::WIDTH;
/// The plane the unit maps show: the moons with a margin.
const BOX: [f32; 4] = [-1.5, 2.5, -1.25, 1.75];

/// What `tinygen relu` measures after an epoch (the core's [`dead_relu::Measure`]), and the
/// learning rate the epoch trained at.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Measure {
    lr: f32,
    m: dead_relu::Measure,
}

/// One classifier being trained, with its dead-unit counts after every epoch.
#[wasm_bindgen]
pub struct ReluSession {
    /// "ReLU" or "ELU", as `tinygen relu` names them.
    name: &'static str,
    seed: u64,
    learner: Box<SgdClassifier<WIDTH>>,
    data: Box<Dataset<POINTS>>,
    order: Vec<u32>,
    streams: Streams,
    /// Per epoch, the first entry for the initial network.
    history: Vec<Measure>,
    diverged: Option<String>,
}

#[wasm_bindgen]
impl ReluSession {
    /// A fresh classifier with `relu` or `elu` hidden units, plain SGD at `lr`.
    #[wasm_bindgen(constructor)]
    pub fn new(hidden: &str, seed_text: &str, lr: &str) -> Result<ReluSession, String> {
        let (f, name) = match hidden {
            "relu" => (Activation::Relu, "ReLU"),
            "elu" => (Activation::ELU, "ELU"),
            _ => return Err(format!("unknown activation {hidden:?}: relu or elu")),
        };
        let seed = seed(seed_text)?;
        let (learner, data, streams) =
            dead_relu::setup::<WIDTH>(f, learning_rate(lr)?, seed).map_err(message)?;
        let mut order = vec![0; POINTS];
        Batches::new(&mut order, BATCH_SIZE).map_err(message)?;
        let mut session = ReluSession {
            name,
            seed,
            learner: Box::new(learner),
            data: Box::new(data),
            order,
            streams,
            history: Vec::new(),
            diverged: None,
        };
        session.history.push(session.measure());
        Ok(session)
    }

    /// The learning rate from the next minibatch on (plain SGD keeps no state, so this is
    /// the run `tinygen relu` would train at the new rate from here).
    pub fn set_lr(&mut self, lr: &str) -> Result<(), String> {
        self.learner.optimizer =
            dead_relu::plain_sgd(&self.learner.model, learning_rate(lr)?).map_err(message)?;
        Ok(())
    }

    /// Trains up to `max` epochs; stops for good where the run diverges, as `tinygen relu`
    /// does. Returns how many epochs it trained.
    pub fn train_epochs(&mut self, max: u32) -> u32 {
        let mut done = 0;
        while done < max && self.diverged.is_none() {
            let mut batches = match Batches::resume(&mut self.order, BATCH_SIZE) {
                Ok(b) => b,
                Err(e) => {
                    self.diverged = Some(message(e));
                    break;
                }
            };
            batches.shuffle(&mut self.streams.train);
            let mut trained = Ok(());
            for batch in batches.iter() {
                trained = sgd_step(&mut self.learner, &self.data, batch);
                if trained.is_err() {
                    break;
                }
            }
            done += 1;
            let epoch = self.history.len();
            let m = self.measure();
            let loss = m.m.loss;
            self.diverged = match trained {
                Err(e) => Some(format!("diverged in epoch {epoch}: {e}")),
                Ok(()) if !loss.is_finite() => {
                    Some(format!("diverged in epoch {epoch}: non-finite loss"))
                }
                Ok(()) if loss > BLOW_UP_LOSS => {
                    Some(format!("diverged in epoch {epoch}: loss {loss:.3e}"))
                }
                Ok(()) => {
                    self.history.push(m);
                    None
                }
            };
        }
        done
    }

    /// Epochs trained (and kept) so far.
    pub fn epoch(&self) -> u32 {
        self.history.len() as u32 - 1
    }

    /// Why training stopped, if it diverged; empty otherwise.
    pub fn diverged(&self) -> String {
        self.diverged.clone().unwrap_or_default()
    }

    /// `[x0, x1, y0, y1]`, the part of the plane the maps show.
    pub fn view_box(&self) -> Vec<f32> {
        BOX.to_vec()
    }

    /// The training points as flat `[x, y, label]` triples.
    pub fn data_points(&self) -> Vec<f32> {
        self.data
            .points
            .iter()
            .zip(&self.data.labels)
            .flat_map(|(p, &l)| [p[0], p[1], f32::from(l)])
            .collect()
    }

    /// Per epoch, `[dead units in layer 1, in layer 2, accuracy, mean loss]`, flat.
    pub fn history(&self) -> Vec<f32> {
        let units = WIDTH as f64;
        self.history
            .iter()
            .flat_map(|e| {
                let m = e.m;
                [m.dead1 * units, m.dead2 * units, m.accuracy, m.loss].map(|v| v as f32)
            })
            .collect()
    }

    /// The rows `tinygen relu` writes to `epochs.csv` for this run (after its header when
    /// `header`): activation, learning rate, seed, epoch, the dead shares of both layers,
    /// accuracy and loss. For a run at one learning rate they are the host's bytes.
    pub fn epoch_csv(&self, header: bool) -> String {
        let mut csv = String::new();
        if header {
            csv.push_str(
                "activation,lr,seed,epoch,dead_share_layer1,dead_share_layer2,accuracy,loss\n",
            );
        }
        for (epoch, e) in self.history.iter().enumerate() {
            let m = e.m;
            csv.push_str(&format!(
                "{},{},{},{epoch},{},{},{},{}\n",
                self.name, e.lr, self.seed, m.dead1, m.dead2, m.accuracy, m.loss
            ));
        }
        csv
    }

    /// 1 for each dead unit, 0 for a live one: the 32 units of layer 1, then layer 2's.
    pub fn dead(&self) -> Vec<u8> {
        let (first, second) = self.learner.model.hidden_active_counts(&self.data.points);
        dead_units(&first)
            .into_iter()
            .chain(dead_units(&second))
            .map(u8::from)
            .collect()
    }

    /// Every hidden unit's activation over an `n × n` grid of the view box: 64 maps, layer 1
    /// then layer 2, each row by row from the top.
    pub fn unit_maps(&self, n: u32) -> Vec<f32> {
        let model = &self.learner.model;
        let n = n.clamp(1, 256) as usize;
        let traces: Vec<_> = cell_centres(BOX, n, n)
            .map(|x| model.forward_trace(&x))
            .collect();
        let mut maps = Vec::with_capacity(2 * WIDTH * traces.len());
        for u in 0..WIDTH {
            maps.extend(traces.iter().map(|t| t.a1[u]));
        }
        for u in 0..WIDTH {
            maps.extend(traces.iter().map(|t| t.a2[u]));
        }
        maps
    }

    /// The classifier's probability of class 1 over an `n × n` grid of the view box.
    pub fn output_map(&self, n: u32) -> Vec<f32> {
        let model = &self.learner.model;
        heatmap(BOX, n as usize, n as usize, |x| {
            sigmoid(model.forward(&x)[0])
        })
    }
}

impl ReluSession {
    /// Dead shares, accuracy and mean loss over the training set, as `tinygen relu` measures
    /// them, with the learning rate in use.
    fn measure(&self) -> Measure {
        Measure {
            lr: self.learner.optimizer.config().lr,
            m: measure(&self.learner.model, &self.data),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relu_and_elu_start_alike_and_units_can_die() {
        let relu = ReluSession::new("relu", "9", "0.1").unwrap();
        let elu = ReluSession::new("elu", "9", "0.1").unwrap();
        assert_eq!(relu.learner.model.hidden1, elu.learner.model.hidden1);
        assert_eq!(relu.data_points(), elu.data_points());
        assert_eq!(relu.unit_maps(4).len(), 2 * WIDTH * 16);
        // A large learning rate kills ReLU units within a few epochs.
        let mut hot = ReluSession::new("relu", "1", "1.5").unwrap();
        hot.train_epochs(5);
        let h = hot.history();
        assert!(hot.epoch() >= 1 && h.len() == 4 * (hot.epoch() as usize + 1));
        assert!(hot.dead().contains(&1) || !hot.diverged().is_empty());
        let csv = hot.epoch_csv(true);
        assert!(csv.starts_with("activation,lr,seed,epoch,"), "{csv}");
        assert!(
            csv.lines().nth(1).unwrap().starts_with("ReLU,1.5,1,0,"),
            "{csv}"
        );
        assert_eq!(csv.lines().count(), hot.epoch() as usize + 2);
        assert!(ReluSession::new("tanh", "1", "0.1").is_err());
        assert!(ReluSession::new("relu", "1", "0").is_err());
    }
}
