//! The runs' scores and their means ± standard errors over seeds, as tables beside the
//! published figures.

use super::methods::Method;
use super::published::Published;
use crate::metrics::mixture::MixtureMetrics;
use crate::render::table::{sig, Table};
use tinygen::DataSet;

/// One run of the benchmark: its method, seed, and either its scores or why it has none.
#[derive(Clone, Debug, PartialEq)]
pub struct Scored {
    /// The data set.
    pub data: DataSet,
    /// The model.
    pub method: Method,
    /// The seed.
    pub seed: u64,
    /// The scores, or what went wrong (divergence, a classifier that did not learn).
    pub result: Result<MixtureMetrics, String>,
    /// The GAN's mean D(real) and D(G(z)) in its last epoch.
    pub d_final: Option<(f32, f32)>,
    /// The NCE sampler's acceptance rate.
    pub acceptance: Option<f32>,
}

/// Mean and standard error (`sd/√k`, 0 for one value) of `values`; `None` when empty.
pub fn mean_se(values: &[f64]) -> Option<(f64, f64)> {
    let k = values.len();
    if k == 0 {
        return None;
    }
    let mean = values.iter().sum::<f64>() / k as f64;
    if k == 1 {
        return Some((mean, 0.0));
    }
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (k - 1) as f64;
    Some((mean, (var / k as f64).sqrt()))
}

/// The four scores of a method's completed runs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Aggregate {
    /// Completed runs.
    pub completed: usize,
    /// All runs.
    pub runs: usize,
    /// Modes found, mean ± se.
    pub modes: Option<(f64, f64)>,
    /// High-quality share in percent, mean ± se.
    pub high_quality_percent: Option<(f64, f64)>,
    /// Reverse KL, mean ± se over the runs that have one.
    pub reverse_kl: Option<(f64, f64)>,
    /// Energy ratio, mean ± se.
    pub energy_ratio: Option<(f64, f64)>,
    /// The worst completed run's modes, high-quality percent and reverse KL.
    pub worst: Option<(f64, f64, f64)>,
}

/// The aggregate of `method`'s runs on `data`.
pub fn aggregate(runs: &[Scored], data: DataSet, method: Method) -> Aggregate {
    let mine: Vec<&Scored> = runs
        .iter()
        .filter(|r| r.data == data && r.method == method)
        .collect();
    let done: Vec<&MixtureMetrics> = mine.iter().filter_map(|r| r.result.as_ref().ok()).collect();
    let column = |f: &dyn Fn(&MixtureMetrics) -> f64| -> Vec<f64> {
        done.iter()
            .map(|m| f(m))
            .filter(|v| v.is_finite())
            .collect()
    };
    let worst = |values: Vec<f64>, lowest: bool| {
        values
            .into_iter()
            .reduce(|a, b| if lowest == (b < a) { b } else { a })
    };
    let modes = column(&|m| m.modes.modes as f64);
    let hq = column(&|m| 100.0 * m.modes.high_quality);
    let kl = column(&|m| m.modes.reverse_kl);
    let worst = match (worst(modes.clone(), true), worst(hq.clone(), true)) {
        (Some(m), Some(h)) => Some((
            m,
            h,
            // A run with no high-quality point has no reverse KL: its worst is ln K.
            worst(column(&|m| m.modes.reverse_kl), false).unwrap_or(f64::NAN),
        )),
        _ => None,
    };
    Aggregate {
        completed: done.len(),
        runs: mine.len(),
        modes: mean_se(&modes),
        high_quality_percent: mean_se(&hq),
        reverse_kl: mean_se(&kl),
        energy_ratio: mean_se(&column(&|m| m.energy.energy_ratio)),
        worst,
    }
}

/// `mean ± se` with `digits` significant digits, or "–".
fn pm(value: Option<(f64, f64)>, digits: usize) -> String {
    match value {
        Some((m, se)) => format!("{} ± {}", sig(m, digits), sig(se, 2)),
        None => "–".into(),
    }
}

/// The benchmark table of `data`: one row per method of ours (mean ± se over seeds, the worst
/// seed, completed runs), then the published rows.
pub fn table(runs: &[Scored], data: DataSet, published: &[Published]) -> Table {
    let components = data.mixture().map_or(0, |m| m.components());
    let mut t = Table::new(&[
        "model",
        &format!("modes (of {components})"),
        "high-quality %",
        "reverse KL",
        "energy ratio",
        "worst seed: modes / hq % / KL",
        "runs completed",
    ]);
    for method in Method::ALL {
        let a = aggregate(runs, data, method);
        if a.runs == 0 {
            continue;
        }
        t.row(vec![
            method.label().into(),
            pm(a.modes, 3),
            pm(a.high_quality_percent, 3),
            pm(a.reverse_kl, 2),
            pm(a.energy_ratio, 3),
            a.worst.map_or("–".into(), |(m, h, k)| {
                let kl = if k.is_finite() {
                    sig(k, 2)
                } else {
                    "–".into()
                };
                format!("{m} / {} / {kl}", sig(h, 3))
            }),
            format!("{} of {}", a.completed, a.runs),
        ]);
    }
    for p in published {
        t.row(vec![
            format!("{} — published", p.source),
            format!("{}", p.modes),
            format!("{}", p.high_quality_percent),
            p.reverse_kl.map_or("–".into(), |k| format!("{k}")),
            "–".into(),
            "–".into(),
            "–".into(),
        ]);
    }
    t
}

/// Every run, one row each.
pub fn runs_table(runs: &[Scored]) -> Table {
    let mut t = Table::new(&[
        "data",
        "model",
        "seed",
        "status",
        "modes",
        "high_quality",
        "reverse_kl",
        "energy_ratio",
        "d_real",
        "d_fake",
        "acceptance",
    ]);
    let opt = |v: Option<f32>| v.map_or(String::new(), |v| format!("{v}"));
    for r in runs {
        let (status, m) = match &r.result {
            Ok(m) => ("completed".to_string(), Some(m)),
            // The reason goes into a CSV cell, so without commas.
            Err(why) => (format!("failed: {}", why.replace(',', ";")), None),
        };
        t.row(vec![
            r.data.name().into(),
            r.method.key().into(),
            r.seed.to_string(),
            status,
            m.map_or(String::new(), |m| m.modes.modes.to_string()),
            m.map_or(String::new(), |m| format!("{}", m.modes.high_quality)),
            m.map_or(String::new(), |m| format!("{}", m.modes.reverse_kl)),
            m.map_or(String::new(), |m| format!("{}", m.energy.energy_ratio)),
            opt(r.d_final.map(|d| d.0)),
            opt(r.d_final.map(|d| d.1)),
            opt(r.acceptance),
        ]);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::mixture::Modes;
    use crate::metrics::Energy;

    fn scored(method: Method, seed: u64, modes: usize, hq: f64, kl: f64) -> Scored {
        Scored {
            data: DataSet::Ring,
            method,
            seed,
            result: Ok(MixtureMetrics {
                modes: Modes {
                    n: 2500,
                    modes,
                    components: 8,
                    high_quality: hq,
                    reverse_kl: kl,
                },
                energy: Energy {
                    pairwise_points: 2500,
                    energy_distance: 1.0,
                    energy_floor: 1.0,
                    energy_ratio: 1.0,
                    mmd2: 0.0,
                    mmd2_floor: 1.0,
                    mmd2_ratio: 0.0,
                },
            }),
            d_final: None,
            acceptance: None,
        }
    }

    #[test]
    fn mean_and_standard_error() {
        assert_eq!(mean_se(&[]), None);
        assert_eq!(mean_se(&[3.0]), Some((3.0, 0.0)));
        let (m, se) = mean_se(&[1.0, 2.0, 3.0, 4.0]).unwrap();
        assert_eq!(m, 2.5);
        // sd = sqrt(5/3), se = sd / 2
        assert!((se - (5.0f64 / 3.0).sqrt() / 2.0).abs() < 1e-12);
    }

    #[test]
    fn failed_runs_are_counted_but_not_averaged() {
        let mut runs = vec![
            scored(Method::Nce, 0, 8, 0.9, 0.01),
            scored(Method::Nce, 1, 6, 0.7, 0.2),
        ];
        runs.push(Scored {
            result: Err("diverged".into()),
            ..scored(Method::Nce, 2, 0, 0.0, 0.0)
        });
        let a = aggregate(&runs, DataSet::Ring, Method::Nce);
        assert_eq!((a.completed, a.runs), (2, 3));
        assert_eq!(a.modes.unwrap().0, 7.0);
        assert_eq!(a.worst, Some((6.0, 70.0, 0.2)));
        let t = table(&runs, DataSet::Ring, &super::super::published::RING);
        assert_eq!(t.rows().len(), 1 + 4);
        assert!(t.rows()[0][6].contains("2 of 3"));
        assert!(runs_table(&runs).rows()[2][3].starts_with("failed: diverged"));
    }
}
