//! The per-run CSV and the two markdown tables.

use super::run::DimRun;
use super::summary::{percent, DimSummary};
use crate::render::table::{sig, Table};

/// The per-run CSV.
pub fn runs_table(runs: &[DimRun]) -> Table {
    const COLUMNS: [&str; 24] = [
        "d",
        "seed",
        "status",
        "train_loss",
        "heldout_accuracy_data",
        "heldout_accuracy_noise",
        "bayes_accuracy_data",
        "bayes_accuracy_noise",
        "mean_true_log_ratio_data",
        "mean_learned_log_ratio_data",
        "proposals",
        "accepted",
        "acceptance",
        "pool_bound_M",
        "final_bound_M",
        "bound_raises",
        "data_bound_max_r",
        "acceptance_with_data_bound",
        "mean_ratio_over_q",
        "on_moons_share_accepted",
        "on_moons_share_data",
        "on_moons_share_q",
        "exact_a2",
        "note",
    ];
    let mut t = Table::new(&COLUMNS);
    for r in runs {
        let mut row = vec![r.d.to_string(), r.seed.to_string()];
        if let Some(why) = &r.diverged {
            row.push("diverged".into());
            row.extend(std::iter::repeat_n(String::new(), COLUMNS.len() - 4));
            row.push(why.replace(',', ";"));
        } else {
            row.push("completed".into());
            row.extend([
                format!("{}", r.train_loss),
                format!("{}", r.data_accuracy),
                format!("{}", r.noise_accuracy),
                format!("{}", r.bayes_data_accuracy),
                format!("{}", r.bayes_noise_accuracy),
                format!("{}", r.true_log_ratio_data),
                format!("{}", r.learned_log_ratio_data),
                r.proposals.to_string(),
                r.accepted.to_string(),
                format!("{}", r.acceptance()),
                format!("{}", r.pool_bound),
                format!("{}", r.final_bound),
                r.bound_raises.to_string(),
                format!("{}", r.data_bound),
                format!("{}", r.acceptance_data_bound),
                format!("{}", r.mean_ratio_q),
                r.on_moons_accepted
                    .map_or(String::new(), |v| format!("{v}")),
                format!("{}", r.on_moons_data),
                format!("{}", r.on_moons_q),
                r.exact_a2.map_or(String::new(), |a| format!("{a}")),
                String::new(),
            ]);
        }
        t.row(row);
    }
    t
}

/// The main table: one row per dimension.
pub fn summary_table(s: &[DimSummary]) -> Table {
    let mut t = Table::new(&[
        "d",
        "classifier acc. data / q",
        "Bayes acc. data / q",
        "acceptance",
        "a₂^(d/2), a₂ measured",
        "a₂^(d/2), a₂ exact",
        "accepted on moons",
        "ln r on data: learned / true",
    ]);
    for s in s {
        let (classifier, acceptance, on_moons, log_ratio) = if s.runs == 0 {
            (
                format!("all {} runs diverged", s.diverged),
                "—".into(),
                "—".into(),
                "—".into(),
            )
        } else {
            (
                format!("{:.3} / {:.3}", s.data_accuracy, s.noise_accuracy),
                s.acceptance_text(),
                s.on_moons_accepted_text(),
                format!(
                    "{:.1} / {:.1}",
                    s.learned_log_ratio_data, s.true_log_ratio_data
                ),
            )
        };
        t.row(vec![
            s.d.to_string(),
            classifier,
            if s.runs == 0 {
                "—".into()
            } else {
                format!(
                    "{:.3} / {:.3}",
                    s.bayes_data_accuracy, s.bayes_noise_accuracy
                )
            },
            acceptance,
            sig(s.reference_measured, 2),
            sig(s.reference_exact, 2),
            on_moons,
            log_ratio,
        ]);
    }
    t
}

/// The second table: the bounds and the calibration of the learned ratio.
pub fn diagnostics_table(s: &[DimSummary]) -> Table {
    let mut t = Table::new(&[
        "d",
        "M from the q pool",
        "M at the end",
        "max r on held-out data",
        "acceptance with M ≥ max r on data",
        "mean r over q (ideal 1)",
        "q draws on moons",
        "held-out data on moons",
        "diverged runs",
    ]);
    for s in s.iter().filter(|s| s.runs > 0) {
        t.row(vec![
            s.d.to_string(),
            sig(s.pool_bound, 3),
            sig(s.final_bound, 3),
            sig(s.data_bound, 3),
            sig(s.acceptance_data_bound, 2),
            sig(s.mean_ratio_q, 3),
            percent(s.on_moons_q),
            percent(s.on_moons_data),
            s.diverged.to_string(),
        ]);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::studies::nce_dim::{explanation, summarise};

    #[test]
    fn summaries_pool_acceptance_and_build_references() {
        let mk = |d: usize, seed: u64, accepted: u64| DimRun {
            d,
            seed,
            proposals: 1000,
            accepted,
            pool_bound: 2.0,
            final_bound: 2.0,
            data_bound: 4.0,
            exact_a2: (d == 2).then_some(0.2),
            ..DimRun::default()
        };
        let runs = [mk(2, 0, 300), mk(2, 1, 100), mk(4, 0, 0), mk(4, 1, 0)];
        let s = summarise(&runs);
        assert_eq!(s.len(), 2);
        assert!((s[0].acceptance() - 0.2).abs() < 1e-12);
        assert!((s[1].reference_measured - 0.04).abs() < 1e-12);
        assert!((s[1].reference_exact - 0.04).abs() < 1e-12);
        assert_eq!(s[1].acceptance_text(), "< 5e-4");
        assert!(s[1].on_moons_accepted.is_none());
        let md = summary_table(&s).markdown();
        assert!(md.contains("< 5e-4"), "{md}");
        assert!(!explanation(&s).is_empty());
    }
}
