//! The explanation under the tables, written from the numbers.

use super::summary::{percent, DimSummary};
use crate::render::table::sig;

/// The explanation under the tables, built from the numbers.
pub fn explanation(s: &[DimSummary]) -> String {
    let ok: Vec<&DimSummary> = s.iter().filter(|s| s.runs > 0).collect();
    let (Some(first), Some(last)) = (ok.first(), ok.last()) else {
        return "Every run diverged; there is nothing to explain.\n".into();
    };
    let (d0, d1) = (first.d, last.d);
    let a2 = sig(first.reference_exact.powf(2.0 / d0 as f64), 2);
    let (exact0, exact1) = (sig(first.reference_exact, 2), sig(last.reference_exact, 2));
    let (sup0, sup1) = (-first.reference_exact.ln(), -last.reference_exact.ln());
    let (kl0, kl1) = (first.true_log_ratio_data, last.true_log_ratio_data);
    let bayes0 = format!(
        "{:.3} / {:.3}",
        first.bayes_data_accuracy, first.bayes_noise_accuracy
    );
    let bayes1 = format!(
        "{:.3} / {:.3}",
        last.bayes_data_accuracy, last.bayes_noise_accuracy
    );
    let learned1 = format!("{:.3} / {:.3}", last.data_accuracy, last.noise_accuracy);
    // Dimensions where the classifier calls (almost) every held-out data point "q".
    let flat: Vec<String> = ok
        .iter()
        .filter(|s| s.data_accuracy < 0.01)
        .map(|s| s.d.to_string())
        .collect();
    let flat = if flat.is_empty() {
        String::new()
    } else {
        format!(
            "; at d = {} it calls almost every held-out data point q",
            flat.join(", ")
        )
    };
    let fold = |f: fn(&DimSummary) -> f64| {
        ok.iter()
            .map(|s| f(s))
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            })
    };
    let (learned_lo, learned_hi) = fold(|s| s.learned_log_ratio_data);
    let (_, ln_m_hi) = fold(|s| s.final_bound.ln());
    let (acc_lo, acc_hi) = fold(|s| s.acceptance());
    let (acc_lo, acc_hi) = (sig(acc_lo, 2), sig(acc_hi, 2));
    let (moons0, moons1) = (
        first.on_moons_accepted_text(),
        last.on_moons_accepted_text(),
    );
    let moons_data = percent(last.on_moons_data);
    format!(
        "The acceptance rate of rejection sampling from q is E_q[r]/M, which is 1/M for a \
         calibrated ratio, and an exact sampler needs M ≥ sup p/q: with the exact 2-D rate \
         a₂ = {a2}, it accepts {exact0} of its proposals at d = {d0} but only {exact1} at \
         d = {d1}, because sup ln p/q grows linearly in d (from {sup0:.1} to {sup1:.1}), as \
         does the true ln p/q of a typical data point (mean {kl0:.1} at d = {d0}, {kl1:.1} at \
         d = {d1}). \
         Telling data from q gets easier with d: the Bayes rule p/q > ν is right on \
         {bayes0} of the held-out data / q draws at d = {d0} and on {bayes1} at d = {d1}. \
         The trained classifier, with the 2-D budget, does not get there ({learned1} at \
         d = {d1}{flat}): its learned ln r on data stays between {learned_lo:.1} and \
         {learned_hi:.1} instead of growing, the sampler's bound M, taken from q draws, \
         reaches at most ln M = {ln_m_hi:.1}, and so the measured acceptance stays between \
         {acc_lo} and {acc_hi} instead of collapsing. \
         The price is paid in the samples: the share of accepted samples lying on the moons \
         (every pair within 3σ of an arc) falls from {moons0} at d = {d0} to {moons1} at \
         d = {d1}, against {moons_data} of held-out data — where an exact sampler would \
         stall, the learned one returns points of q.\n"
    )
}
