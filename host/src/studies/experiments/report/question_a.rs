//! (a) What does D think at the end?

use super::*;
use crate::studies::experiments::figures::D_CHART;

/// What the final D numbers of one setting say.
pub fn d_verdict(d_real: f64, d_fake: f64) -> String {
    match (is_fooled(d_fake), is_fooled(d_real)) {
        (true, true) => "fooled: D outputs ≈ 0.5 on real and generated points alike".into(),
        (true, false) => format!(
            "D(G(z)) ≈ 0.5, but D(real) = {} — D still rates real points higher",
            sig(d_real, 2)
        ),
        _ if d_fake < 0.5 => format!(
            "not fooled: D rates generated points {} vs real {}",
            sig(d_fake, 2),
            sig(d_real, 2)
        ),
        _ => format!(
            "not fooled: D(G(z)) = {} is above 0.5 (D(real) = {})",
            sig(d_fake, 2),
            sig(d_real, 2)
        ),
    }
}

pub(super) fn question_a(runs: &[Run], sums: &[Summary]) -> String {
    let mut out = String::from("## (a) What does D think at the end?\n\n");
    out.push_str(&format!(
        "Rule: D is **fooled** when the median final D(G(z)) is within ±{FOOLED_TOLERANCE} \
         of 0.5 (a coin flip); per run, the same rule on that run's final D(G(z)).\n\n"
    ));
    let mut t = Table::new(&[
        "setting",
        "completed",
        "D(real) median [min–max]",
        "D(G(z)) median [min–max]",
        "D(real) − D(G(z))",
        "fooled seeds",
        "verdict",
    ]);
    let (mut fooled, mut not_fooled) = (Vec::new(), Vec::new());
    for s in sums.iter().filter(|s| s.setting.is_gan()) {
        let real = finals(runs, s.setting, |x| x.d_real);
        let fake = finals(runs, s.setting, |x| x.d_fake);
        let fooled_seeds = fake.iter().filter(|&&x| is_fooled(x)).count();
        let verdict = match (s.d_real, s.d_fake) {
            (Some(r), Some(f)) => {
                if is_fooled(f) {
                    fooled.push(s);
                } else {
                    not_fooled.push(format!("{} (D(G(z)) = {})", s.setting.label(), sig(f, 2)));
                }
                d_verdict(r, f)
            }
            _ => "no completed run".into(),
        };
        t.row(vec![
            s.setting.label(),
            format!("{}/{}", s.completed, s.runs),
            spread(&real),
            spread(&fake),
            match (s.d_real, s.d_fake) {
                (Some(r), Some(f)) => sig(r - f, 2),
                _ => "—".into(),
            },
            format!("{fooled_seeds}/{}", fake.len()),
            verdict,
        ]);
    }
    out.push_str(&t.markdown());
    let gan_count = sums.iter().filter(|s| s.setting.is_gan()).count();
    let fooled_names: Vec<String> = fooled.iter().map(|s| s.setting.label()).collect();
    out.push_str(&format!(
        "\n**Answer.** D ends fooled in {} of {gan_count} GAN settings: {}. Not fooled: {}.\n",
        fooled.len(),
        list(&fooled_names),
        list(&not_fooled)
    ));
    // The trend over the snapshots of the d1 g1 run.
    let trend: Vec<String> = sums
        .iter()
        .filter_map(|s| match s.setting {
            Setting::Gan(c) if c.d_steps == 1 && c.g_steps == 1 => Some(format!(
                "{} ep: {} / {}",
                c.epochs,
                v(s.d_real),
                v(s.d_fake)
            )),
            _ => None,
        })
        .collect();
    if !trend.is_empty() {
        out.push_str(&format!(
            "Over the epochs of the d1 g1 run, median final D(real) / D(G(z)): {}.\n",
            trend.join(" → ")
        ));
    }
    let fooled_collapsed: Vec<String> = fooled
        .iter()
        .filter(|s| s.collapsed > 0)
        .map(|s| {
            format!(
                "{} ({}/{} runs)",
                s.setting.label(),
                s.collapsed,
                s.completed
            )
        })
        .collect();
    if !fooled.is_empty() {
        out.push_str(&if fooled_collapsed.is_empty() {
            "None of the settings where D is fooled meets the mode-collapse rule of (b) in any \
             seed.\n"
                .to_string()
        } else {
            format!(
                "A fooled D does not mean right samples: among the settings where D is fooled, \
                 these meet the mode-collapse rule of (b): {}.\n",
                list(&fooled_collapsed)
            )
        });
    }
    out.push_str(&format!(
        "See [{D_CHART}]({D_CHART}) for D(real) and D(G(z)) over all epochs, and \
         `epochs/*.csv` for the numbers.\n\n"
    ));
    out
}
