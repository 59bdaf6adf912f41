//! The medians per setting.

use super::*;

pub(super) fn summary_section(sums: &[Summary]) -> String {
    let mut header = vec!["setting", "completed"];
    header.extend(COMPARED.iter().map(|c| c.0));
    header.extend([
        "collapsed",
        "D(real)",
        "D(G(z))",
        "acceptance",
        "held-out acc. data / noise",
    ]);
    let mut t = Table::new(&header);
    for s in sums {
        let mut row = vec![s.setting.label(), format!("{}/{}", s.completed, s.runs)];
        row.extend(s.metrics.map(v));
        row.extend([
            format!("{}/{}", s.collapsed, s.completed),
            v(s.d_real),
            v(s.d_fake),
            v(s.acceptance),
            match (s.data_accuracy, s.noise_accuracy) {
                (None, None) => "—".into(),
                (d, n) => format!("{} / {}", v(d), v(n)),
            },
        ]);
        t.row(row);
    }
    format!(
        "## Medians per setting\n\nMedians over each setting's completed runs (per-run \
         values: [{METRICS_MD}]({METRICS_MD}), [{METRICS_CSV}]({METRICS_CSV})); \
         `collapsed` counts the completed runs meeting the mode-collapse rule of (b).\n\n{}\n",
        t.markdown()
    )
}
