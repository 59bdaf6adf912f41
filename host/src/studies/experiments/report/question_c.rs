//! (c) Does NCE beat the GAN on the metrics? With the baselines for scale.

use super::*;

pub(super) fn question_c(runs: &[Run], sums: &[Summary]) -> String {
    let mut out = String::from("## (c) Does NCE beat the GAN on the metrics?\n\n");
    let rejection = Setting::Nce(SamplerKind::Rejection);
    let threshold = Setting::Nce(SamplerKind::Threshold);
    let nce = sums.iter().find(|s| s.setting == rejection);
    let Some(best) = best_gan(sums) else {
        out.push_str("**Answer.** Cannot compare: no GAN run completed.\n\n");
        return out;
    };
    out.push_str(&format!(
        "NCE with the rejection sampler against the best GAN setting, **{}**: the GAN setting \
         with the lowest median `energy_ratio`. Medians over the completed runs, with the \
         seeds' [min–max]; a winner is \"clear\" when the two seed ranges do not overlap.\n\n",
        best.setting.label()
    ));
    let nce_done = nce.map_or(0, |s| s.completed);
    if nce_done == 0 {
        let why: Vec<String> = runs
            .iter()
            .filter(|r| r.setting == rejection)
            .map(|r| format!("seed {}: {}", r.seed, r.status.detail()))
            .collect();
        out.push_str(&format!(
            "**Answer.** No: NCE (rejection) produced no samples in any seed ({}), so it \
             cannot beat the GAN here.\n\n",
            list(&why)
        ));
        return out;
    }
    let mut t = Table::new(&[
        "metric",
        "better",
        "ideal",
        "NCE rejection",
        &format!("{} (best GAN)", best.setting.label()),
        "winner",
        "NCE threshold",
    ]);
    let (mut nce_wins, mut gan_wins, mut ties) = (vec![], vec![], vec![]);
    for (name, better, ideal, f) in COMPARED {
        let a = values(runs, rejection, f);
        let b = values(runs, best.setting, f);
        let (ma, mb) = (median(&a), median(&b));
        let (ra, rb) = (range(&a), range(&b));
        let clear = match (ra, rb) {
            (Some((alo, ahi)), Some((blo, bhi))) => ahi < blo || bhi < alo,
            _ => false,
        };
        let tag = if clear { " (clear)" } else { "" };
        let won = match (ma, mb) {
            (Some(x), Some(y)) => match winner(better, x, y) {
                Winner::First => {
                    nce_wins.push(format!("`{name}`{tag}"));
                    format!("NCE{tag}")
                }
                Winner::Second => {
                    gan_wins.push(format!("`{name}`{tag}"));
                    format!("GAN{tag}")
                }
                Winner::Tie => {
                    ties.push(format!("`{name}`"));
                    "tie".into()
                }
            },
            _ => "—".into(),
        };
        t.row(vec![
            format!("`{name}`"),
            match better {
                Better::Lower => "lower".into(),
                Better::Higher => "higher".into(),
                Better::CloserTo(x) => format!("closer to {x}"),
            },
            ideal.into(),
            spread(&a),
            spread(&b),
            won,
            spread(&values(runs, threshold, f)),
        ]);
    }
    out.push_str(&t.markdown());
    let overall = match nce_wins.len().cmp(&gan_wins.len()) {
        std::cmp::Ordering::Greater => "so by these medians **NCE beats the GAN**",
        std::cmp::Ordering::Less => "so by these medians **NCE does not beat the GAN**",
        std::cmp::Ordering::Equal => "so by these medians **neither wins overall**",
    };
    out.push_str(&format!(
        "\n**Answer.** NCE (rejection) wins on {} of {} metrics ({}), the best GAN on {} ({}), \
         tied on {}; {overall}.",
        nce_wins.len(),
        COMPARED.len(),
        list(&nce_wins),
        gan_wins.len(),
        list(&gan_wins),
        list(&ties),
    ));
    out.push_str(&baseline_comparison(runs, sums));
    // Against every GAN setting, on the headline metric.
    let nce_energy = nce.and_then(Summary::energy_ratio);
    if let Some(e) = nce_energy {
        let gans: Vec<&Summary> = sums
            .iter()
            .filter(|s| s.setting.is_gan() && s.energy_ratio().is_some())
            .collect();
        let beaten = gans
            .iter()
            .filter(|s| s.energy_ratio().is_some_and(|g| e < g))
            .count();
        out.push_str(&format!(
            " Its median `energy_ratio` ({}) is lower than that of {beaten} of the {} GAN \
             settings with a completed run.",
            sig(e, 3),
            gans.len()
        ));
    }
    out.push_str("\n\n");
    out
}

/// NCE (rejection) against its own proposal `q` and the true law, for scale.
fn baseline_comparison(runs: &[Run], _sums: &[Summary]) -> String {
    let rejection = Setting::Nce(SamplerKind::Rejection);
    let q = Setting::Baseline(Baseline::Proposal);
    let law = Setting::Baseline(Baseline::TrueLaw);
    let mut better = Vec::new();
    let mut compared = 0;
    let mut scale = Vec::new();
    for (name, direction, _, f) in COMPARED {
        let (a, b) = (
            median(&values(runs, rejection, f)),
            median(&values(runs, q, f)),
        );
        if let (Some(a), Some(b)) = (a, b) {
            compared += 1;
            if winner(direction, a, b) == Winner::First {
                better.push(format!("`{name}`"));
            }
        }
        scale.push(format!(
            "`{name}` {} (true law) vs {} (q alone)",
            v(median(&values(runs, law, f))),
            v(median(&values(runs, q, f)))
        ));
    }
    if compared == 0 {
        return String::new();
    }
    format!(
        " For scale: {}. NCE (rejection) improves on its own proposal q — what it would \
         draw had its classifier learned nothing — on {} of {compared} metrics ({}).",
        list(&scale),
        better.len(),
        list(&better)
    )
}
