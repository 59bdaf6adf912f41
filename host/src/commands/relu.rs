//! `tinygen relu`: the dead-ReLU study.
//!
//! One classifier, 2→H→H→1 with a linear logit and binary cross-entropy, learns the two-moons
//! labels with plain minibatch SGD. It is trained with ReLU and with ELU hidden units, at
//! several learning rates, over several seeds; a seed fixes the data, the initial weights and
//! the minibatch order, so ReLU and ELU start from the very same network. After every epoch
//! the core's dead-unit analysis counts, per hidden layer, the units whose pre-activation is
//! ≤ 0 on every training point.
//!
//! A dead first-layer ReLU unit is dead for good: its gradient is exactly 0 in every
//! minibatch, so plain SGD leaves its weights bit for bit unchanged (see the tests). A
//! second-layer unit sees the first layer's outputs, which keep moving, so it can come back.
//! An ELU unit with the same "no positive pre-activation" property still has the gradient
//! `α·e^z > 0` and can recover too; for ELU the share measures how many units sit entirely
//! on the negative side.

use crate::cli::ReluArgs;
use crate::failure::{Failure, Outcome};
use crate::progress;
use crate::studies::chart::{self, Marker, Panel, Series, PALETTE};
use crate::studies::table::{prepare_out_dir, sig, write_text, Table};
use plotters::chart::SeriesLabelPosition;
use rayon::prelude::*;
use std::time::Instant;
use tinygen::dead::dead_count;
use tinygen::loss::bce_with_logits;
use tinygen::pipeline::Streams;
use tinygen::{make_moons, Activation, Batches, Dataset, Error, Learner, Mlp2, Sgd, SgdConfig};

/// Training points (two-moons, with their labels).
pub const POINTS: usize = 1000;
/// Noise of the two moons: 0.1, so that the classes touch and the task is not trivial.
pub const DATA_NOISE: f32 = 0.1;
/// Hidden units per layer.
pub const WIDTH: usize = 32;
/// Minibatch size.
pub const BATCH_SIZE: usize = 20;
/// The plain-SGD learning rates compared: from too slow to past the point where ELU
/// training blows up (1.5–2 with this network, batch size and data).
pub const LEARNING_RATES: [f32; 7] = [0.01, 0.1, 0.5, 1.0, 1.5, 2.0, 3.0];
/// A run whose mean training loss exceeds this has blown up and counts as diverged. The
/// initial loss is about ln 2 ≈ 0.69 and a run that learns ends far below 1; past 100 the
/// logits are off by about 100 on average.
pub const BLOW_UP_LOSS: f64 = 100.0;

/// The classifier: point → logit.
pub type Classifier<const H: usize> = Mlp2<2, H, H, 1>;

/// The hidden activation of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hidden {
    /// `max(z, 0)`.
    Relu,
    /// ELU with `α = 1`.
    Elu,
}

impl Hidden {
    /// Both, in table order.
    pub const ALL: [Hidden; 2] = [Hidden::Relu, Hidden::Elu];

    /// The network's activations: this one on both hidden layers, a linear logit.
    pub fn activations(self) -> [Activation; 3] {
        let f = match self {
            Hidden::Relu => Activation::Relu,
            Hidden::Elu => Activation::ELU,
        };
        [f, f, Activation::Identity]
    }

    /// The name in tables.
    pub fn name(self) -> &'static str {
        match self {
            Hidden::Relu => "ReLU",
            Hidden::Elu => "ELU",
        }
    }
}

/// What is measured after an epoch, over the whole training set.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measure {
    /// Share of first-layer units with no positive pre-activation on any training point.
    pub dead1: f64,
    /// The same for the second layer (whose inputs are the first layer's outputs).
    pub dead2: f64,
    /// Share of training points classified right (`logit > 0` ⇔ label 1).
    pub accuracy: f64,
    /// Mean binary cross-entropy.
    pub loss: f64,
}

/// One training run.
#[derive(Clone, Debug)]
pub struct Run {
    /// The hidden activation.
    pub hidden: Hidden,
    /// The SGD learning rate.
    pub lr: f32,
    /// The seed of data, initial weights and minibatch order.
    pub seed: u64,
    /// `measures[e]` is after epoch `e` (`measures[0]`: the initial network); only finite
    /// measurements are kept.
    pub measures: Vec<Measure>,
    /// The epoch in which training diverged, and how.
    pub diverged_at: Option<(usize, Divergence)>,
}

/// How a run diverged.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Divergence {
    /// A gradient, a parameter or the loss became NaN or infinite.
    NonFinite,
    /// The mean training loss after the epoch was this value, above [`BLOW_UP_LOSS`].
    Loss(f64),
}

impl Divergence {
    /// `non-finite` or `loss 5.5e2`.
    fn text(self) -> String {
        match self {
            Divergence::NonFinite => "non-finite".into(),
            Divergence::Loss(l) => format!("loss {}", sig(l, 2)),
        }
    }
}

impl Run {
    /// The last measurement of a run that did not diverge.
    pub fn completed(&self) -> Option<&Measure> {
        match self.diverged_at {
            None => self.measures.last(),
            Some(_) => None,
        }
    }
}

/// Dead shares, accuracy and loss of `model` over all of `data`.
pub fn measure<const H: usize, const N: usize>(
    model: &Classifier<H>,
    data: &Dataset<N>,
) -> Measure {
    let (first, second) = model.hidden_active_counts(&data.points);
    let (mut loss, mut right) = (0.0f64, 0usize);
    for (x, &label) in data.points.iter().zip(&data.labels) {
        let logit = model.forward(x)[0];
        loss += f64::from(bce_with_logits(logit, f32::from(label)).0);
        right += usize::from((logit > 0.0) == (label == 1));
    }
    Measure {
        dead1: dead_count(&first) as f64 / H as f64,
        dead2: dead_count(&second) as f64 / H as f64,
        accuracy: right as f64 / N as f64,
        loss: loss / N as f64,
    }
}

/// One plain-SGD step on the examples `batch` of `data`: the mean BCE gradient.
pub fn sgd_step<const H: usize, const N: usize>(
    learner: &mut Learner<Classifier<H>, Sgd<Classifier<H>>>,
    data: &Dataset<N>,
    batch: &[u32],
) -> Result<(), Error> {
    for &i in batch {
        let i = i as usize;
        let t = learner.model.forward_trace(&data.points[i]);
        let (_, dz) = bce_with_logits(t.y[0], f32::from(data.labels[i]));
        learner.model.backward(&t, &[dz], &mut learner.grads);
    }
    learner.step(batch.len())
}

/// A fresh classifier for `seed` with plain SGD at `lr`, and the seed's training data and
/// shuffling stream.
pub fn setup<const H: usize>(
    hidden: Hidden,
    lr: f32,
    seed: u64,
) -> Outcome<(
    Learner<Classifier<H>, Sgd<Classifier<H>>>,
    Dataset<POINTS>,
    Streams,
)> {
    let mut streams = Streams::new(seed);
    let data = make_moons::<POINTS>(DATA_NOISE, &mut streams.data)?;
    let model = Classifier::<H>::init(hidden.activations(), &mut streams.init);
    let sgd = SgdConfig { lr, momentum: 0.0 }.build(&model)?;
    Ok((Learner::new(model, sgd), data, streams))
}

/// Trains one run for `epochs` epochs; `on_epoch` is called after each epoch trained (or
/// given up on).
pub fn train_run(
    hidden: Hidden,
    lr: f32,
    seed: u64,
    epochs: usize,
    on_epoch: impl Fn(),
) -> Outcome<Run> {
    let (mut learner, data, mut streams) = setup::<WIDTH>(hidden, lr, seed)?;
    let mut batches = Batches::<POINTS>::new(BATCH_SIZE)?;
    let mut run = Run {
        hidden,
        lr,
        seed,
        measures: vec![measure(&learner.model, &data)],
        diverged_at: None,
    };
    for epoch in 1..=epochs {
        batches.shuffle(&mut streams.train);
        let mut trained = Ok(());
        for batch in batches.iter() {
            trained = sgd_step(&mut learner, &data, batch);
            if trained.is_err() {
                break;
            }
        }
        let diverged = match trained {
            Ok(()) => {
                let m = measure(&learner.model, &data);
                if !m.loss.is_finite() {
                    Some(Divergence::NonFinite)
                } else if m.loss > BLOW_UP_LOSS {
                    Some(Divergence::Loss(m.loss))
                } else {
                    run.measures.push(m);
                    None
                }
            }
            Err(Error::Diverged { .. }) => Some(Divergence::NonFinite),
            Err(e) => return Err(e.into()),
        };
        if let Some(how) = diverged {
            run.diverged_at = Some((epoch, how));
            (epoch..=epochs).for_each(|_| on_epoch());
            return Ok(run);
        }
        on_epoch();
    }
    Ok(run)
}

/// Mean of `values` (NaN when empty).
fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// The learning rates of `runs`, in order of first appearance.
fn learning_rates(runs: &[Run]) -> Vec<f32> {
    let mut lrs: Vec<f32> = Vec::new();
    for r in runs {
        if !lrs.contains(&r.lr) {
            lrs.push(r.lr);
        }
    }
    lrs
}

/// `lr` as written in tables and legends.
fn lr_text(lr: f32) -> String {
    format!("{lr}")
}

/// The per-epoch CSV: one row per finite measurement (a diverged run simply stops).
pub fn epochs_table(runs: &[Run]) -> Table {
    let mut t = Table::new(&[
        "activation",
        "lr",
        "seed",
        "epoch",
        "dead_share_layer1",
        "dead_share_layer2",
        "accuracy",
        "loss",
    ]);
    for r in runs {
        for (epoch, m) in r.measures.iter().enumerate() {
            t.row(vec![
                r.hidden.name().into(),
                lr_text(r.lr),
                r.seed.to_string(),
                epoch.to_string(),
                format!("{}", m.dead1),
                format!("{}", m.dead2),
                format!("{}", m.accuracy),
                format!("{}", m.loss),
            ]);
        }
    }
    t
}

/// The per-run CSV: how each run ended.
pub fn runs_table(runs: &[Run]) -> Table {
    let mut t = Table::new(&[
        "activation",
        "lr",
        "seed",
        "status",
        "diverged_at_epoch",
        "loss_at_divergence",
        "final_dead_share_layer1",
        "final_dead_share_layer2",
        "final_accuracy",
        "final_loss",
    ]);
    for r in runs {
        let (status, at, loss) = match r.diverged_at {
            Some((e, Divergence::NonFinite)) => ("non-finite", e.to_string(), String::new()),
            Some((e, Divergence::Loss(l))) => ("loss-blow-up", e.to_string(), format!("{l}")),
            None => ("completed", String::new(), String::new()),
        };
        let finals = r.completed().map_or(vec![String::new(); 4], |m| {
            vec![
                format!("{}", m.dead1),
                format!("{}", m.dead2),
                format!("{}", m.accuracy),
                format!("{}", m.loss),
            ]
        });
        let mut row = vec![
            r.hidden.name().into(),
            lr_text(r.lr),
            r.seed.to_string(),
            status.into(),
            at,
            loss,
        ];
        row.extend(finals);
        t.row(row);
    }
    t
}

/// The summary: per activation and learning rate, the final measurements averaged over
/// the runs that completed, with the smallest and largest in brackets, and the divergences.
pub fn summary_table(runs: &[Run]) -> Table {
    let mut t = Table::new(&[
        "activation",
        "lr",
        "dead layer 1 %",
        "dead layer 2 %",
        "train accuracy",
        "train loss",
        "diverged",
    ]);
    for hidden in Hidden::ALL {
        for lr in learning_rates(runs) {
            let group: Vec<&Run> = runs
                .iter()
                .filter(|r| r.hidden == hidden && r.lr == lr)
                .collect();
            if group.is_empty() {
                continue;
            }
            let done: Vec<&Measure> = group.iter().filter_map(|r| r.completed()).collect();
            let stat = |f: fn(&Measure) -> f64, scale: f64, digits: usize| {
                let v: Vec<f64> = done.iter().map(|m| f(m) * scale).collect();
                if v.is_empty() {
                    return "—".to_string();
                }
                let (lo, hi) = v
                    .iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                        (a.min(x), b.max(x))
                    });
                if v.len() == 1 || lo == hi {
                    format!("{:.digits$}", mean(&v))
                } else {
                    format!("{:.digits$} [{lo:.digits$}–{hi:.digits$}]", mean(&v))
                }
            };
            let mut epochs: Vec<usize> = group
                .iter()
                .filter_map(|r| r.diverged_at.map(|(e, _)| e))
                .collect();
            epochs.sort_unstable();
            let diverged = match epochs.len() {
                0 => "no".to_string(),
                k => {
                    let list: Vec<String> = epochs.iter().map(|e| e.to_string()).collect();
                    let word = if k == 1 { "epoch" } else { "epochs" };
                    format!("{k}/{} ({word} {})", group.len(), list.join(", "))
                }
            };
            t.row(vec![
                hidden.name().into(),
                lr_text(lr),
                stat(|m| m.dead1, 100.0, 1),
                stat(|m| m.dead2, 100.0, 1),
                stat(|m| m.accuracy, 1.0, 3),
                stat(|m| m.loss, 1.0, 3),
                diverged,
            ]);
        }
    }
    t
}

/// One line per diverged run: when and how, for the Markdown summary.
pub fn divergence_list(runs: &[Run]) -> String {
    let mut out = String::new();
    for r in runs {
        if let Some((epoch, how)) = r.diverged_at {
            out.push_str(&format!(
                "- {} lr {} seed {}: epoch {epoch}, {}\n",
                r.hidden.name(),
                lr_text(r.lr),
                r.seed,
                how.text()
            ));
        }
    }
    out
}

/// The figure: rows = hidden layer 1, 2; columns = ReLU, ELU. One bold line per learning
/// rate (the mean over the runs that completed), faint lines for single runs, and a cross
/// at the last finite epoch of every run that diverged.
pub fn panels(runs: &[Run], epochs: usize) -> Vec<Panel> {
    let mut out = Vec::new();
    for layer in [1, 2] {
        for hidden in Hidden::ALL {
            let mut series = Vec::new();
            let mut crosses = Vec::new();
            for (k, lr) in learning_rates(runs).iter().enumerate() {
                // Black is kept for the divergence crosses.
                let color = [0, 1, 2, 3, 4, 5, 7].map(|i| PALETTE[i])[k % 7];
                let group: Vec<&Run> = runs
                    .iter()
                    .filter(|r| r.hidden == hidden && r.lr == *lr)
                    .collect();
                let share = |m: &Measure| 100.0 * if layer == 1 { m.dead1 } else { m.dead2 };
                for r in &group {
                    let mut faint = Series::line(
                        None,
                        r.measures
                            .iter()
                            .enumerate()
                            .map(|(e, m)| (e as f64, share(m)))
                            .collect(),
                        color,
                    );
                    faint.alpha = 0.25;
                    faint.width = 1;
                    series.push(faint);
                    if let (Some(_), Some(last)) = (r.diverged_at, r.measures.last()) {
                        crosses.push(((r.measures.len() - 1) as f64, share(last)));
                    }
                }
                let done: Vec<&Run> = group
                    .iter()
                    .copied()
                    .filter(|r| r.diverged_at.is_none())
                    .collect();
                let diverged = group.len() - done.len();
                let label = match diverged {
                    0 => format!("lr {lr}"),
                    d if d == group.len() => format!("lr {lr}: all diverged"),
                    d => format!("lr {lr} ({d}/{} diverged)", group.len()),
                };
                let mean_line: Vec<(f64, f64)> = if done.is_empty() {
                    // Nothing to average: an empty line, kept for its legend entry.
                    vec![(f64::NAN, f64::NAN)]
                } else {
                    (0..=epochs)
                        .map(|e| {
                            let v: Vec<f64> = done.iter().map(|r| share(&r.measures[e])).collect();
                            (e as f64, mean(&v))
                        })
                        .collect()
                };
                series.push(Series::line(Some(label), mean_line, color));
            }
            if !crosses.is_empty() {
                let mut x = Series::line(Some("diverged after this".into()), crosses, RGB_BLACK);
                x.width = 0;
                x.marker = Marker::Cross;
                series.push(x);
            }
            out.push(Panel {
                title: format!("{}, hidden layer {layer}", hidden.name()),
                x_label: "epoch".into(),
                y_label: "dead units (%)".into(),
                x: (0.0, epochs as f64),
                y: (0.0, 100.0),
                log_y: false,
                series,
                legend: SeriesLabelPosition::UpperRight,
                legend_room: 0.4,
            });
        }
    }
    out
}

const RGB_BLACK: plotters::style::RGBColor = plotters::style::RGBColor(0, 0, 0);

/// `tinygen relu`.
pub fn main(args: &ReluArgs) -> Outcome {
    if args.epochs == 0 || args.seeds == 0 {
        return Err(Failure::Usage(
            "invalid epochs or seeds: must be at least 1".into(),
        ));
    }
    prepare_out_dir(&args.out)?;
    let start = Instant::now();
    let jobs: Vec<(Hidden, f32, u64)> = Hidden::ALL
        .iter()
        .flat_map(|&h| {
            LEARNING_RATES.iter().flat_map(move |&lr| {
                (0..args.seeds).map(move |s| (h, lr, args.seed.wrapping_add(s)))
            })
        })
        .collect();
    let bar = progress::bar((jobs.len() * args.epochs) as u64, "relu epochs", args.quiet);
    let runs = jobs
        .par_iter()
        .map(|&(h, lr, seed)| train_run(h, lr, seed, args.epochs, || bar.inc(1)))
        .collect::<Outcome<Vec<Run>>>()?;
    bar.finish_and_clear();
    let trained = start.elapsed();

    let summary = summary_table(&runs);
    let intro = format!(
        "Dead hidden units of a 2→{WIDTH}→{WIDTH}→1 classifier (BCE on the logit) trained with \
         plain SGD (batch {BATCH_SIZE}, {} epochs) on {POINTS} two-moons points (noise \
         {DATA_NOISE}) with their labels; {} seeds ({}..={}) per row, each seed the same data, \
         initial weights and batch order for ReLU and ELU. A unit is counted dead when its \
         pre-activation is ≤ 0 on every training point. Final values after the last epoch: \
         mean over the runs that did not diverge [smallest–largest].\n",
        args.epochs,
        args.seeds,
        args.seed,
        args.seed.wrapping_add(args.seeds - 1),
    );
    let files = [
        ("epochs.csv", epochs_table(&runs).csv()),
        ("runs.csv", runs_table(&runs).csv()),
        (
            "summary.md",
            format!(
                "# Dead ReLU units vs learning rate\n\n{intro}\n{}\n{NOTES}\n## Diverged runs\n\n\
                 A run diverges when a gradient, parameter or the loss becomes NaN or infinite \
                 (non-finite), or when its mean training loss exceeds {BLOW_UP_LOSS}; it is \
                 stopped there.\n\n{}",
                summary.markdown(),
                match divergence_list(&runs) {
                    list if list.is_empty() => "None.\n".to_string(),
                    list => list,
                }
            ),
        ),
    ];
    for (name, text) in &files {
        write_text(&args.out.join(name), text)?;
    }
    let figure = panels(&runs, args.epochs);
    let caption = format!(
        "Dead hidden units (no positive pre-activation on the training set), plain SGD, {} \
         seeds",
        args.seeds
    );
    for name in ["dead_units.png", "dead_units.svg"] {
        chart::draw(&args.out.join(name), &caption, &figure, 2, (1400, 1000))?;
    }
    if !args.quiet {
        eprintln!(
            "relu: {} runs trained in {:.1?}; wrote epochs.csv, runs.csv, summary.md, \
             dead_units.png and dead_units.svg to {}",
            runs.len(),
            trained,
            args.out.display()
        );
    }
    crate::output::print_stdout(&format!("{intro}\n{}", summary.markdown()))
}

/// What the table does and does not say, appended to the Markdown summary.
const NOTES: &str = "\
A first-layer ReLU unit counted dead stays dead: its gradient is exactly 0 on every \
minibatch, so plain SGD never changes its weights again (checked bit for bit in the unit \
tests). A second-layer unit sees the first layer's outputs, which keep moving, so it can \
come back. For ELU, the same count only says that the unit sits on its negative side for \
every training point; its gradient α·e^z is still positive, so it keeps learning. Runs that \
diverged (a non-finite gradient, parameter or loss) are listed in the last column and left \
out of the means and the plot's bold lines.\n";

#[cfg(test)]
mod tests {
    use super::*;
    use tinygen::Params;

    /// The parameters of first-layer unit `r`: its incoming weights and bias, and its
    /// outgoing weights into the second layer, as bit patterns.
    fn unit_bits<const H: usize>(m: &Classifier<H>, r: usize) -> Vec<u32> {
        let mut bits = vec![m.hidden1.b[r].to_bits()];
        bits.extend(m.hidden1.w.iter().map(|row| row[r].to_bits()));
        bits.extend(m.hidden2.w[r].iter().map(|w| w.to_bits()));
        bits
    }

    /// The incoming weights and bias of second-layer unit `r`, and its output weight.
    fn unit2_bits<const H: usize>(m: &Classifier<H>, r: usize) -> Vec<u32> {
        let mut bits = vec![m.hidden2.b[r].to_bits(), m.output.w[r][0].to_bits()];
        bits.extend(m.hidden2.w.iter().map(|row| row[r].to_bits()));
        bits
    }

    #[test]
    fn a_dead_relu_unit_stays_bit_identical_under_sgd() {
        let (mut learner, data, mut streams) = setup::<8>(Hidden::Relu, 1.0, 3).unwrap();
        // Kill unit 0 for sure; others may die on their own at this learning rate.
        learner.model.hidden1.b[0] = -10.0;
        let mut batches = Batches::<POINTS>::new(50).unwrap();
        let mut frozen1: Vec<Option<Vec<u32>>> = vec![None; 8];
        let (mut checked1, mut checked2) = (0, 0);
        for _ in 0..5 {
            batches.shuffle(&mut streams.train);
            for batch in batches.iter() {
                let (c1, c2) = learner.model.hidden_active_counts(&data.points);
                let before: Vec<Vec<u32>> = (0..8).map(|r| unit2_bits(&learner.model, r)).collect();
                for r in 0..8 {
                    if c1[r] == 0 && frozen1[r].is_none() {
                        frozen1[r] = Some(unit_bits(&learner.model, r));
                    }
                }
                sgd_step(&mut learner, &data, batch).unwrap();
                for (r, frozen) in frozen1.iter().enumerate() {
                    if let Some(bits) = frozen {
                        // Dead once, dead for ever, and not a bit changed.
                        assert_eq!(&unit_bits(&learner.model, r), bits, "layer-1 unit {r}");
                        checked1 += 1;
                    }
                }
                // A second-layer unit dead at the start of a step is untouched by it.
                for r in (0..8).filter(|&r| c2[r] == 0) {
                    assert_eq!(unit2_bits(&learner.model, r), before[r], "layer-2 unit {r}");
                    checked2 += 1;
                }
            }
        }
        assert!(checked1 >= 100, "{checked1}");
        let (c1, _) = learner.model.hidden_active_counts(&data.points);
        assert_eq!(c1[0], 0);
        // The network itself did learn something meanwhile.
        assert!(learner.model.is_finite());
        assert!(checked2 > 0, "no second-layer unit was ever dead");
    }

    #[test]
    fn divergence_is_reported_and_never_recorded_as_data() {
        let run = train_run(Hidden::Relu, 1e6, 1, 5, || {}).unwrap();
        assert_eq!(run.diverged_at, Some((1, Divergence::NonFinite)));
        assert_eq!(run.measures.len(), 1, "only the initial network");
        assert!(run.completed().is_none());
        let csv = epochs_table(std::slice::from_ref(&run)).csv();
        assert!(!csv.contains("NaN") && !csv.contains("inf"));
        let summary = summary_table(std::slice::from_ref(&run)).markdown();
        assert!(summary.contains("1/1 (epoch 1)"), "{summary}");
        assert!(divergence_list(&[run]).contains("epoch 1, non-finite"));
    }

    #[test]
    fn a_loss_blow_up_counts_as_divergence() {
        // Seed 44 with ELU at lr 2: one step sends the logits to ~1e4..1e5 but every value
        // stays finite.
        let run = train_run(Hidden::Elu, 2.0, 44, 3, || {}).unwrap();
        match run.diverged_at {
            Some((1, Divergence::Loss(l))) => assert!(l > BLOW_UP_LOSS && l.is_finite()),
            other => panic!("{other:?}"),
        }
        assert_eq!(run.measures.len(), 1);
    }

    #[test]
    fn bad_flags_and_paths_are_usage_errors_before_any_training() {
        let file = std::env::temp_dir().join(format!("tinygen-relu-{}", std::process::id()));
        std::fs::write(&file, "not a folder").unwrap();
        let args = |out: std::path::PathBuf, epochs: usize, seeds: u64| ReluArgs {
            out,
            epochs,
            seed: 1,
            seeds,
            quiet: true,
        };
        for bad in [
            args(file.join("sub"), 1, 1),
            args(file.clone(), 0, 1),
            args(file.clone(), 1, 0),
        ] {
            assert!(matches!(main(&bad), Err(Failure::Usage(_))), "{bad:?}");
        }
        std::fs::remove_file(&file).unwrap();
    }

    #[test]
    fn relu_and_elu_start_from_the_same_network() {
        let (relu, d1, _) = setup::<8>(Hidden::Relu, 0.1, 9).unwrap();
        let (elu, d2, _) = setup::<8>(Hidden::Elu, 0.1, 9).unwrap();
        assert_eq!(relu.model.hidden1, elu.model.hidden1);
        assert_eq!(relu.model.output, elu.model.output);
        assert_eq!(d1.points, d2.points);
        assert_ne!(relu.model.activations, elu.model.activations);
    }

    #[test]
    fn a_small_learning_rate_learns_the_labels() {
        let run = train_run(Hidden::Elu, 0.5, 2, 20, || {}).unwrap();
        let last = run.completed().unwrap();
        assert!(last.accuracy > 0.95, "{last:?}");
        assert_eq!(run.measures.len(), 21);
    }
}
