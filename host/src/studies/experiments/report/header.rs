//! The report's head: the command, the times, what was run and which runs failed.

use super::*;

pub(super) fn header(ctx: &Context, runs: &[Run]) -> String {
    let mut out = String::from("# GAN vs NCE on two moons\n\n");
    let phases: Vec<String> = ctx
        .phases
        .iter()
        .map(|(what, d)| format!("{what} {}", secs(*d)))
        .collect();
    out.push_str(&format!(
        "`{}` — seeds {}..={}, N = {} points per run, {} threads.\n\n\
         **Wall time of the whole command: {}**{} ({}).\n\n",
        ctx.command,
        ctx.first_seed,
        last_seed(ctx),
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
         - Each setting over seeds {}..={}; each run generates N = {} points.\n\n\
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
                .map(|c| format!("({}, {})", c.d_steps, c.g_steps))
                .collect::<Vec<_>>()
        ),
        n.epochs,
        n.noise_ratio,
        n.batch_size,
        n.adam.lr,
        ctx.first_seed,
        last_seed(ctx),
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

/// The last seed of the study.
fn last_seed(ctx: &Context) -> u64 {
    ctx.first_seed.wrapping_add(ctx.seeds.saturating_sub(1))
}
