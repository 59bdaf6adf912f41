//! The metrics table (one row per run, a median row per setting) and the per-epoch CSV.

use super::numbers::num;
use super::runs::Run;
use super::settings::{sampler_name, Baseline, Setting};
use super::verdicts::{is_collapsed, Summary, COMPARED};
use crate::render::table::Table;
use crate::run::nce::NceReport;
use tinygen::GanEpochStats;

/// The metrics table: one row per run, then a median row per setting (over its completed
/// runs). `precise` gives the CSV flavour (full precision, setting parameters in columns);
/// otherwise the Markdown flavour (3 significant digits, a link to each plot).
pub fn metrics_table(runs: &[Run], precise: bool) -> Table {
    let mut header = vec!["setting"];
    if precise {
        header.extend(["model", "epochs", "d_steps", "g_steps", "sampler"]);
    }
    header.extend(["seed", "status"]);
    header.extend(COMPARED.iter().map(|c| c.0));
    header.extend([
        "collapsed",
        "d_real",
        "d_fake",
        "d_loss",
        "g_loss",
        "acceptance",
        "heldout_data_acc",
        "heldout_noise_acc",
        "plot",
    ]);
    let mut t = Table::new(&header);
    for setting in Setting::all() {
        let mut mine: Vec<&Run> = runs.iter().filter(|r| r.setting == setting).collect();
        if mine.is_empty() {
            continue;
        }
        mine.sort_by_key(|r| r.seed);
        let lead = |seed: String| {
            let mut row = vec![setting.label()];
            if precise {
                let (model, e, d, g, s) = match setting {
                    Setting::Gan(c) => (
                        "gan",
                        c.epochs.to_string(),
                        c.d_steps.to_string(),
                        c.g_steps.to_string(),
                        String::new(),
                    ),
                    Setting::Nce(s) => (
                        "nce",
                        String::new(),
                        String::new(),
                        String::new(),
                        sampler_name(s).to_string(),
                    ),
                    Setting::Baseline(b) => (
                        match b {
                            Baseline::Proposal => "baseline_q",
                            Baseline::TrueLaw => "baseline_true_law",
                        },
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                    ),
                };
                row.extend([model.to_string(), e, d, g, s]);
            }
            row.push(seed);
            row
        };
        for r in &mine {
            let mut row = lead(r.seed.to_string());
            row.push(if precise {
                r.status.detail()
            } else {
                r.status.cell()
            });
            let m = r.completed();
            let f = |x: Option<f64>| num(x, precise);
            let g = |pick: fn(&GanEpochStats) -> f32| {
                f(m.and(r.gan_final.as_ref()).map(|s| f64::from(pick(s))))
            };
            let n =
                |pick: fn(&NceReport) -> f32| f(m.and(r.nce.as_ref()).map(|s| f64::from(pick(s))));
            row.extend(COMPARED.iter().map(|(_, _, _, get)| f(m.map(*get))));
            row.extend([
                m.map_or(String::new(), |m| {
                    if is_collapsed(m) { "yes" } else { "no" }.to_string()
                }),
                g(|s| s.d_real),
                g(|s| s.d_fake),
                g(|s| s.d_loss),
                g(|s| s.g_loss),
                n(|s| s.sampler.acceptance_rate()),
                n(|s| s.data_accuracy),
                n(|s| s.noise_accuracy),
                match (&r.plot, precise) {
                    (Some(p), true) => p.clone(),
                    (Some(p), false) => format!("[png]({p})"),
                    (None, _) => String::new(),
                },
            ]);
            t.row(row);
        }
        let s = Summary::of(setting, runs);
        let f = |x: Option<f64>| num(x, precise);
        let mut row = lead("median".into());
        row.extend([format!("{}/{} completed", s.completed, s.runs)]);
        row.extend(s.metrics.map(f));
        row.extend([
            format!("{}/{}", s.collapsed, s.completed),
            f(s.d_real),
            f(s.d_fake),
            f(s.d_loss),
            f(s.g_loss),
            f(s.acceptance),
            f(s.data_accuracy),
            f(s.noise_accuracy),
            String::new(),
        ]);
        t.row(row);
    }
    t
}

/// The per-epoch statistics of one GAN training run as CSV.
pub fn epochs_csv(epochs: &[GanEpochStats]) -> String {
    let mut t = Table::new(&["epoch", "d_real", "d_fake", "d_loss", "g_loss"]);
    for (i, s) in epochs.iter().enumerate() {
        t.row(vec![
            (i + 1).to_string(),
            format!("{}", s.d_real),
            format!("{}", s.d_fake),
            format!("{}", s.d_loss),
            format!("{}", s.g_loss),
        ]);
    }
    t.csv()
}

#[cfg(test)]
mod tests {
    use super::super::test_runs::{metrics, run};
    use super::*;
    use crate::studies::experiments::settings::gan;

    #[test]
    fn summary_uses_completed_runs_only() {
        let s = Setting::Gan(gan(200, 10, 1));
        let runs = vec![
            run(s, 0, Some(metrics(0.5, 20, 1.0))),
            run(s, 1, Some(metrics(0.9, 20, 3.0))),
            run(s, 2, None),
        ];
        let sum = Summary::of(s, &runs);
        assert_eq!((sum.runs, sum.completed, sum.collapsed), (3, 2, 1));
        assert_eq!(sum.energy_ratio(), Some(2.0));
        assert_eq!(sum.metrics[2], Some(0.7), "upper_fraction");
        assert_eq!(sum.d_fake, Some(f64::from(0.4f32)));
        assert_eq!(sum.acceptance, None);
        let md = metrics_table(&runs, false).markdown();
        assert!(md.contains("diverged at epoch 7"), "{md}");
        assert!(md.contains("2/3 completed"), "{md}");
        let csv = metrics_table(&runs, true).csv();
        assert!(!csv.contains("NaN") && !csv.contains("inf"), "{csv}");
        // A diverged run has no values, only its status.
        let diverged = csv.lines().find(|l| l.contains("diverged")).unwrap();
        assert!(diverged.contains(",,,,,"), "{diverged}");
    }
}
