//! The figures and the links to every plot and table.

use super::*;
use crate::studies::experiments::figures::{D_CHART, EPOCHS_GRID, NCE_GRID, STEPS_GRID};

pub(super) fn figures_section(runs: &[Run], traces: &[GanTrace]) -> String {
    let mut out = String::from("## Figures\n\n");
    out.push_str(&format!(
        "GAN snapshots of the d1 g1 run (rows: seeds; columns: 10, 30, 50, 100, 200 epochs); \
         generated points in red over the seed's training data in grey:\n\n\
         ![GAN snapshots by epochs]({EPOCHS_GRID})\n\n\
         GAN after {STEP_EPOCHS} epochs with each `(d_steps, g_steps)` (rows: seeds):\n\n\
         ![GAN by d_steps and g_steps]({STEPS_GRID})\n\n\
         NCE, rejection and threshold samplers, next to NCE's proposal q alone and a fresh \
         sample of the true law (rows: seeds):\n\n\
         ![NCE samplers]({NCE_GRID})\n\n\
         What D thinks over the epochs, one panel per `(d_steps, g_steps)`:\n\n\
         ![D(real) and D(G(z)) per epoch]({D_CHART})\n\n\
         ### Per-run scatter plots\n\n"
    ));
    for setting in Setting::all() {
        let mut mine: Vec<&Run> = runs.iter().filter(|r| r.setting == setting).collect();
        if mine.is_empty() {
            continue;
        }
        mine.sort_by_key(|r| r.seed);
        let links: Vec<String> = mine
            .iter()
            .map(|r| match &r.plot {
                Some(p) => format!("[seed {}]({p})", r.seed),
                None => format!("seed {}: {} (no plot)", r.seed, r.status.cell()),
            })
            .collect();
        out.push_str(&format!("- {}: {}\n", setting.label(), links.join(", ")));
    }
    let mut csvs: Vec<&GanTrace> = traces.iter().collect();
    csvs.sort_by_key(|t| (t.config.d_steps, t.config.g_steps, t.seed));
    let links: Vec<String> = csvs
        .iter()
        .map(|t| {
            let f = t.file();
            format!("[{f}]({f})")
        })
        .collect();
    out.push_str(&format!(
        "\n### Tables\n\n- Metrics per run and medians per setting: [{METRICS_MD}]({METRICS_MD}), \
         [{METRICS_CSV}]({METRICS_CSV})\n- Per-epoch GAN statistics (epoch, d_real, d_fake, \
         d_loss, g_loss) of each training run; a snapshot at E epochs is the first E rows of \
         its seed's d1 g1 file: {}\n",
        links.join(", ")
    ));
    out
}
