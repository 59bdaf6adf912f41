//! The per-epoch and per-run CSVs, the summary table and the list of diverged runs.

use super::classifier::{Hidden, Measure};
use super::run::{Divergence, Run};
use crate::render::table::Table;

/// Mean of `values` (NaN when empty).
pub(super) fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// The learning rates of `runs`, in order of first appearance.
pub(super) fn learning_rates(runs: &[Run]) -> Vec<f32> {
    let mut lrs: Vec<f32> = Vec::new();
    for r in runs {
        if !lrs.contains(&r.lr) {
            lrs.push(r.lr);
        }
    }
    lrs
}

/// `lr` as written in tables and legends.
pub(super) fn lr_text(lr: f32) -> String {
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
