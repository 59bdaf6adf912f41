//! (b) Which setting mode-collapses?

use super::*;

pub(super) fn question_b(runs: &[Run], sums: &[Summary]) -> String {
    let mut out = String::from("## (b) Which setting mode-collapses?\n\n");
    out.push_str(&format!(
        "Rule: {COLLAPSE_RULE}. A true-law sample of N points has `upper_fraction` ≈ 0.5 and \
         covers all 20 bins.\n\n"
    ));
    let mut hits: Vec<(&Run, String)> = runs
        .iter()
        .filter_map(|r| r.completed().and_then(collapse_reason).map(|why| (r, why)))
        .collect();
    hits.sort_by_key(|(r, _)| (r.setting.order(), r.seed));
    if hits.is_empty() {
        out.push_str("No completed run meets the rule.\n\n");
    } else {
        out.push_str("Runs that meet the rule:\n\n");
        for (r, why) in &hits {
            out.push_str(&format!(
                "- {}, seed {}: {why}\n",
                r.setting.label(),
                r.seed
            ));
        }
        out.push('\n');
    }
    let (mut most, mut some, mut never, mut unknown) = (vec![], vec![], vec![], vec![]);
    for s in sums {
        let name = format!("{} ({}/{})", s.setting.label(), s.collapsed, s.completed);
        match (s.completed, s.collapsed) {
            (0, _) => unknown.push(s.setting.label()),
            (c, k) if 2 * k > c => most.push(name),
            (_, 0) => never.push(s.setting.label()),
            _ => some.push(name),
        }
    }
    out.push_str(&format!(
        "**Answer.** Mode-collapses in most of its completed runs: {}. In some runs: {}. \
         In none: {}.",
        list(&most),
        list(&some),
        list(&never)
    ));
    if !unknown.is_empty() {
        out.push_str(&format!(
            " Cannot be judged (no completed run): {}.",
            list(&unknown)
        ));
    }
    out.push_str("\n\n");
    out
}
