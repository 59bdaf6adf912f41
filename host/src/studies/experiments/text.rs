//! `report.md`: for each question, the answer the measured numbers give. Every number and
//! every verdict in it is computed from the runs; only the definitions are fixed text.

use super::figures::{D_CHART, EPOCHS_GRID, NCE_GRID, STEPS_GRID};
use super::*;
use crate::metrics::{FLOOR_DRAWS, REFERENCE_SIZE};
use std::time::Duration;
use tinygen::{GanConfig, NceConfig};

/// What the report says about how the runs were made.
#[derive(Clone, Debug)]
pub struct Context {
    /// The command line, as run.
    pub command: String,
    /// Seeds per setting (`0..seeds`).
    pub seeds: u64,
    /// Points generated and evaluated per run.
    pub samples: usize,
    /// Threads the runs were spread over.
    pub threads: usize,
    /// Wall time of the whole command up to writing the report.
    pub wall: Duration,
    /// Wall time of each phase.
    pub phases: Vec<(String, Duration)>,
    /// CPU time of the whole command up to writing the report, when known.
    pub cpu: Option<Duration>,
    /// Per kind of training job, the time of each of its runs.
    pub job_times: Vec<(String, Vec<JobTime>)>,
    /// Noise σ of the true law the metrics compare with.
    pub noise: f64,
    /// Seed of the metrics' reference sample.
    pub reference_seed: u64,
    /// The GAN's configuration apart from the steps.
    pub gan: GanConfig,
    /// NCE's configuration apart from the sampler.
    pub nce: NceConfig,
}

/// A value with 3 significant digits, or `—`.
fn v(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_string(), short)
}

/// `median [min–max]` of `values`, or `—`.
fn spread(values: &[f64]) -> String {
    match (median(values), range(values)) {
        (Some(m), Some((lo, hi))) if values.len() > 1 && lo != hi => {
            format!("{} [{}–{}]", short(m), short(lo), short(hi))
        }
        (Some(m), _) => short(m),
        _ => "—".into(),
    }
}

/// `a, b and c`.
fn list(items: &[String]) -> String {
    match items {
        [] => "none".into(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Seconds with one decimal.
fn secs(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}

/// The final D statistics of the completed runs of `setting`.
fn finals(runs: &[Run], setting: Setting, f: fn(&GanEpochStats) -> f32) -> Vec<f64> {
    let mut mine: Vec<&Run> = runs.iter().filter(|r| r.setting == setting).collect();
    mine.sort_by_key(|r| r.seed);
    mine.iter()
        .filter(|r| r.completed().is_some())
        .filter_map(|r| r.gan_final.as_ref().map(|s| f64::from(f(s))))
        .collect()
}

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

/// The whole report.
pub fn report(ctx: &Context, runs: &[Run], traces: &[GanTrace]) -> String {
    let sums: Vec<Summary> = Setting::all()
        .into_iter()
        .map(|s| Summary::of(s, runs))
        .filter(|s| s.runs > 0)
        .collect();
    let mut out = String::new();
    out.push_str(&header(ctx, runs));
    out.push_str(&summary_section(&sums));
    out.push_str(&question_a(runs, &sums));
    out.push_str(&question_b(runs, &sums));
    out.push_str(&question_c(runs, &sums));
    out.push_str(&figures_section(runs, traces));
    out
}

fn header(ctx: &Context, runs: &[Run]) -> String {
    let mut out = String::from("# GAN vs NCE on two moons\n\n");
    let phases: Vec<String> = ctx
        .phases
        .iter()
        .map(|(what, d)| format!("{what} {}", secs(*d)))
        .collect();
    out.push_str(&format!(
        "`{}` — seeds 0..={}, N = {} points per run, {} threads.\n\n\
         **Wall time of the whole command: {}**{} ({}).\n\n",
        ctx.command,
        ctx.seeds.saturating_sub(1),
        ctx.samples,
        ctx.threads,
        secs(ctx.wall),
        ctx.cpu
            .map_or(String::new(), |c| format!(", CPU time {}", secs(c))),
        phases.join("; ")
    ));
    out.push_str(&time_table(ctx));
    let g = &ctx.gan;
    let n = &ctx.nce;
    out.push_str(&format!(
        "## What was run\n\n\
         - **GAN** (generator 2→50→50→2, discriminator 2→50→50→1, Adam lr {} for both, \
         minibatch {}, non-saturating generator loss) on the seed's 1000 two-moons training \
         points, with `d_steps = g_steps = 1`, for {} epochs. The 10-, 30-, 50- and 100-epoch \
         results are **snapshots of the seed's one 200-epoch run**. This is exact, not an \
         approximation: the data, the initial weights, the minibatch order and the latents \
         come from streams that depend only on the seed, nothing in an epoch depends on the \
         total number of epochs, so training to 10 epochs is bit for bit the first 10 epochs \
         of training to 200; and each snapshot draws its N points from a fresh copy of the \
         seed's sample stream, exactly as a separate `tinygen gan --epochs 10` run does.\n\
         - **GAN** for {} epochs with `(d_steps, g_steps)` = {}.\n\
         - **NCE** with its default configuration ({} epochs, ν = {}, minibatch {}, Adam lr \
         {}, noise q fitted to the data), sampled with the **rejection** sampler (accept \
         x ~ q with probability r(x)/M) and with the **threshold** sampler (accept when \
         c(x) > 0.5).\n\
         - Each setting over seeds 0..={}; each run generates N = {} points.\n\n\
         **Metrics** (`tinygen eval`, against the true two-moons law with σ = {}): a \
         {REFERENCE_SIZE}-point reference sample (seed {}) and, computed once for N, the \
         floors: the median energy distance and MMD² of {FLOOR_DRAWS} i.i.d. N-point samples \
         of the true law. `energy_ratio` and `mmd2_ratio` are a run's distance over the \
         floor (≈ 1 for a perfect sampler, larger is worse); `upper_fraction` is the share \
         of points nearest the outer moon (ideal 0.5); `arc_coverage` counts the 20 arc \
         bins (10 per moon) holding at least N/80 points (ideal 20); `on_manifold` is the \
         share within 3σ of a moon (≈ 0.995 for the true law). D(real) and D(G(z)) are the \
         mean discriminator outputs over the last epoch's discriminator updates.\n\n",
        g.d_adam.lr,
        g.batch_size,
        STEP_EPOCHS,
        STEP_EPOCHS,
        list(
            &STEP_SETTINGS
                .iter()
                .map(|(d, g)| format!("({d}, {g})"))
                .collect::<Vec<_>>()
        ),
        n.epochs,
        n.noise_ratio,
        n.batch_size,
        n.adam.lr,
        ctx.seeds.saturating_sub(1),
        ctx.samples,
        ctx.noise,
        ctx.reference_seed,
    ));
    let completed = runs.iter().filter(|r| r.completed().is_some()).count();
    let diverged = runs
        .iter()
        .filter(|r| matches!(r.status, Status::Diverged { .. }))
        .count();
    let failed = runs.len() - completed - diverged;
    out.push_str(&format!(
        "**Runs:** {} in all: {completed} completed, {diverged} diverged, {failed} failed. \
         A diverged or failed run has no metrics; it is listed as such in the tables and is \
         never plotted as data.\n\n",
        runs.len()
    ));
    let mut bad: Vec<&Run> = runs.iter().filter(|r| r.completed().is_none()).collect();
    bad.sort_by_key(|r| (r.setting.order(), r.seed));
    for r in bad {
        out.push_str(&format!(
            "- {}, seed {}: {}\n",
            r.setting.label(),
            r.seed,
            r.status.detail()
        ));
    }
    if completed < runs.len() {
        out.push('\n');
    }
    out
}

/// Where the training time goes: the CPU and wall time of each kind of job.
fn time_table(ctx: &Context) -> String {
    if ctx.job_times.is_empty() {
        return String::new();
    }
    let mut t = Table::new(&[
        "training job",
        "runs",
        "CPU s per run",
        "wall s per run",
        "CPU s in all",
    ]);
    let mut total_cpu = Some(Duration::ZERO);
    let mut longest = Duration::ZERO;
    for (what, times) in &ctx.job_times {
        let cpu: Option<Vec<Duration>> = times.iter().map(|t| t.cpu).collect();
        let secs_of = |v: &[Duration]| v.iter().map(Duration::as_secs_f64).collect::<Vec<_>>();
        let wall: Vec<Duration> = times.iter().map(|t| t.wall).collect();
        total_cpu = total_cpu.zip(cpu.as_ref()).map(|(a, c)| a + c.iter().sum());
        longest = longest.max(
            cpu.as_ref()
                .and_then(|c| c.iter().max().copied())
                .unwrap_or_default(),
        );
        t.row(vec![
            what.clone(),
            times.len().to_string(),
            cpu.as_ref().map_or("—".into(), |c| spread(&secs_of(c))),
            spread(&secs_of(&wall)),
            cpu.as_ref().map_or("—".into(), |c| {
                format!("{:.1}", c.iter().sum::<Duration>().as_secs_f64())
            }),
        ]);
    }
    let bound = match total_cpu {
        Some(total) => format!(
            " The training needs {:.1} s of CPU in all, so on {} otherwise idle cores its \
             phase cannot take less than about {:.1} s of wall time (the larger of CPU / \
             cores and the longest job); a wall time well above that means the machine was \
             shared.",
            total.as_secs_f64(),
            ctx.threads,
            (total.as_secs_f64() / ctx.threads.max(1) as f64).max(longest.as_secs_f64())
        ),
        None => String::new(),
    };
    format!(
        "Training time by job (the jobs run in parallel, longest first, on {} threads; a \
         job's wall time includes any time its thread waited for a core).{bound}\n\n{}\n",
        ctx.threads,
        t.markdown()
    )
}

fn summary_section(sums: &[Summary]) -> String {
    let mut t = Table::new(&[
        "setting",
        "completed",
        "energy_ratio",
        "mmd2_ratio",
        "upper_fraction",
        "arc_coverage",
        "on_manifold",
        "collapsed",
        "D(real)",
        "D(G(z))",
        "acceptance",
        "held-out acc. data / noise",
    ]);
    for s in sums {
        t.row(vec![
            s.setting.label(),
            format!("{}/{}", s.completed, s.runs),
            v(s.energy_ratio),
            v(s.mmd2_ratio),
            v(s.upper_fraction),
            v(s.arc_coverage),
            v(s.on_manifold),
            format!("{}/{}", s.collapsed, s.completed),
            v(s.d_real),
            v(s.d_fake),
            v(s.acceptance),
            match (s.data_accuracy, s.noise_accuracy) {
                (None, None) => "—".into(),
                (d, n) => format!("{} / {}", v(d), v(n)),
            },
        ]);
    }
    format!(
        "## Medians per setting\n\nMedians over each setting's completed runs (per-run \
         values: [{METRICS_MD}]({METRICS_MD}), [{METRICS_CSV}]({METRICS_CSV})); \
         `collapsed` counts the completed runs meeting the mode-collapse rule of (b).\n\n{}\n",
        t.markdown()
    )
}

fn question_a(runs: &[Run], sums: &[Summary]) -> String {
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
            Setting::Gan {
                epochs,
                d_steps: 1,
                g_steps: 1,
            } => Some(format!("{epochs} ep: {} / {}", v(s.d_real), v(s.d_fake))),
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

fn question_b(runs: &[Run], sums: &[Summary]) -> String {
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

fn question_c(runs: &[Run], sums: &[Summary]) -> String {
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
    let nce_energy = nce.and_then(|s| s.energy_ratio);
    if let Some(e) = nce_energy {
        let gans: Vec<&Summary> = sums
            .iter()
            .filter(|s| s.setting.is_gan() && s.energy_ratio.is_some())
            .collect();
        let beaten = gans
            .iter()
            .filter(|s| s.energy_ratio.is_some_and(|g| e < g))
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

fn figures_section(runs: &[Run], traces: &[GanTrace]) -> String {
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
    csvs.sort_by_key(|t| (t.d_steps, t.g_steps, t.seed));
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

#[cfg(test)]
mod tests {
    use super::super::tests::{metrics, run};
    use super::*;

    fn context() -> Context {
        Context {
            command: "tinygen experiments --out x".into(),
            seeds: 2,
            samples: 1000,
            threads: 2,
            wall: Duration::from_millis(12_340),
            phases: vec![("training".into(), Duration::from_secs(12))],
            cpu: Some(Duration::from_secs(20)),
            job_times: vec![(
                "GAN".into(),
                vec![JobTime {
                    wall: Duration::from_secs(3),
                    cpu: Some(Duration::from_secs(2)),
                }],
            )],
            noise: 0.05,
            reference_seed: 42,
            gan: GanConfig::default(),
            nce: NceConfig::default(),
        }
    }

    #[test]
    fn answers_follow_the_numbers() {
        let snap = |epochs| Setting::Gan {
            epochs,
            d_steps: 1,
            g_steps: 1,
        };
        let nce = Setting::Nce(SamplerKind::Rejection);
        let mut runs = vec![
            run(snap(10), 0, Some(metrics(0.95, 8, 30.0))),
            run(snap(10), 1, Some(metrics(0.9, 9, 25.0))),
            run(snap(200), 0, Some(metrics(0.5, 20, 3.0))),
            run(snap(200), 1, None),
            run(nce, 0, Some(metrics(0.5, 20, 1.2))),
            run(nce, 1, Some(metrics(0.48, 20, 1.1))),
        ];
        runs[2].gan_final = Some(GanEpochStats {
            d_real: 0.51,
            d_fake: 0.49,
            d_loss: 1.38,
            g_loss: 0.7,
        });
        let text = report(&context(), &runs, &[]);
        assert!(
            text.contains("**Wall time of the whole command: 12.3 s**"),
            "{text}"
        );
        assert!(text.contains("D ends fooled in 1 of 2 GAN settings: GAN 200 ep d1 g1"));
        assert!(
            text.contains("Not fooled: GAN 10 ep d1 g1 (D(G(z)) = 0.40)"),
            "{text}"
        );
        assert!(text.contains("- GAN 10 ep d1 g1, seed 0: upper_fraction 0.950 > 0.8"));
        assert!(text.contains("most of its completed runs: GAN 10 ep d1 g1 (2/2)"));
        assert!(text.contains("**GAN 200 ep d1 g1**"), "best GAN: {text}");
        assert!(text.contains("NCE (rejection) wins on"), "{text}");
        assert!(text.contains("- GAN 200 ep d1 g1, seed 1: diverged at epoch 7"));
        assert!(text.contains("seed 1: diverged at epoch 7 (no plot)"));
        assert!(!text.contains("NaN"));
    }

    #[test]
    fn failed_nce_is_said_not_hidden() {
        let snap = Setting::Gan {
            epochs: 200,
            d_steps: 1,
            g_steps: 1,
        };
        let nce = Setting::Nce(SamplerKind::Rejection);
        let mut failed = run(nce, 0, None);
        failed.status = Status::Failed("invalid sampler: rejected every proposal".into());
        let runs = vec![run(snap, 0, Some(metrics(0.5, 20, 3.0))), failed];
        let text = report(&context(), &runs, &[]);
        assert!(
            text.contains("No: NCE (rejection) produced no samples in any seed"),
            "{text}"
        );
    }

    #[test]
    fn verdicts() {
        assert!(d_verdict(0.5, 0.5).starts_with("fooled"));
        assert!(d_verdict(0.7, 0.52).contains("still rates real points higher"));
        assert!(d_verdict(0.9, 0.1).starts_with("not fooled"));
        assert_eq!(list(&["a".into(), "b".into(), "c".into()]), "a, b and c");
        assert_eq!(list(&[]), "none");
    }
}
