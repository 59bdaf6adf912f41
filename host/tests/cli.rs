//! Runs the `tinygen` binary as a user would.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn tinygen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tinygen"))
        .args(args)
        .output()
        .expect("run tinygen")
}

fn tinygen_with_stdin(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tinygen"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run tinygen");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

fn stdout_lines(out: &Output) -> Vec<String> {
    String::from_utf8(out.stdout.clone())
        .expect("utf-8")
        .lines()
        .map(String::from)
        .collect()
}

fn parse_point(line: &str) -> [f32; 2] {
    let (a, b) = line.split_once(',').expect("a comma");
    [a.parse().expect("x1"), b.parse().expect("x2")]
}

/// The first line of the main job for the default seed, as the host printed it when the
/// default NCE configuration was last changed. The firmware check compares the whole output.
const GOLDEN_FIRST_LINE: &str = include_str!("golden_first_line.txt");

#[test]
fn main_job_prints_exactly_100_finite_points_and_nothing_else() {
    let out = tinygen(&["-q"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = stdout_lines(&out);
    assert_eq!(lines.len(), 100);
    for line in &lines {
        let p = parse_point(line);
        assert!(p[0].is_finite() && p[1].is_finite(), "{line}");
        assert!(!line.contains(' '), "{line:?}");
    }
    assert_eq!(lines[0], GOLDEN_FIRST_LINE.trim_end());
}

fn tinygen_with_simd(args: &[&str], simd: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tinygen"))
        .args(args)
        .env("TINYGEN_SIMD", simd)
        .output()
        .expect("run tinygen")
}

/// Every dispatched copy of the training code — baseline, AVX2, AVX-512, picked at run time —
/// must print the same bits. A copy the CPU lacks falls back to the widest it has, so on such
/// a CPU this still checks determinism (the main job's diagnostics name the copy that ran).
#[test]
fn every_dispatched_copy_prints_the_same_bits() {
    for args in [
        &["-n", "50", "--epochs", "30"][..],
        &["gan", "-q", "-n", "50", "--epochs", "2", "--d-steps", "2"][..],
    ] {
        let portable = tinygen_with_simd(args, "portable");
        assert!(portable.status.success(), "{args:?}: {portable:?}");
        assert_eq!(stdout_lines(&portable).len(), 50, "{args:?}");
        for simd in ["avx2", "avx512"] {
            let fast = tinygen_with_simd(args, simd);
            assert!(fast.status.success(), "{args:?} {simd}");
            eprintln!(
                "{simd}: {}",
                String::from_utf8_lossy(&fast.stderr)
                    .lines()
                    .find(|l| l.contains("avx") || l.contains("portable"))
                    .unwrap_or("(gan: no diagnostic)")
            );
            assert_eq!(fast.stdout, portable.stdout, "{args:?} {simd}");
        }
    }
}

/// An NCE job trains on one thread or, when the machine has a second core, shares each update
/// with a helper thread: the same bits in every dispatched copy, through restarts, the
/// fine-tune phase (a wider update) and windows of several chunks; so does a GAN run's
/// discriminator. A one-core machine runs
/// both sides on one thread and checks determinism only; the diagnostics say which ran.
#[test]
fn one_and_two_threads_print_the_same_bits() {
    for args in [
        &["-n", "50", "--epochs", "30"][..],
        &[
            "-n",
            "40",
            "--data",
            "grid",
            "--epochs",
            "12",
            "--restarts",
            "2",
            "--fine-tune-epochs",
            "2",
            "--batch-size",
            "120",
            "--refit-noise",
            "4096",
        ][..],
    ] {
        for simd in ["portable", "avx2", "avx512"] {
            let run = |threads| tinygen_on_threads(args, simd, threads);
            let (one, shared) = (run(Some("1")), run(None));
            assert!(
                one.status.success() && shared.status.success(),
                "{args:?} {simd}"
            );
            let said = |o: &Output| {
                let err = String::from_utf8_lossy(&o.stderr).into_owned();
                err.lines()
                    .find(|l| l.contains("thread"))
                    .map(str::to_owned)
            };
            assert!(
                said(&one).is_some_and(|l| l.ends_with(", 1 thread)")),
                "{:?}",
                said(&one)
            );
            eprintln!("{simd}: {:?}", said(&shared));
            assert_eq!(stdout_lines(&one).len(), args[1].parse::<usize>().unwrap());
            assert_eq!(shared.stdout, one.stdout, "{args:?} {simd}");
        }
    }
    // A GAN run shares its discriminator updates (a last chunk cut short, and a last
    // minibatch of 20 points). It prints no diagnostic line, so its epoch log on stderr is
    // compared too.
    let gan = [
        "gan",
        "-n",
        "30",
        "--epochs",
        "3",
        "--d-steps",
        "2",
        "--batch-size",
        "70",
    ];
    for simd in ["portable", "avx2", "avx512"] {
        let (one, shared) = (
            tinygen_on_threads(&gan, simd, Some("1")),
            tinygen_on_threads(&gan, simd, None),
        );
        assert!(one.status.success() && shared.status.success(), "{simd}");
        assert_eq!(stdout_lines(&one).len(), 30);
        assert_eq!(shared.stdout, one.stdout, "gan {simd}");
        assert_eq!(shared.stderr, one.stderr, "gan {simd}");
    }
}

/// `tinygen ARGS` in the dispatched copy `simd`, with `TINYGEN_THREADS` set to `threads` or
/// unset.
fn tinygen_on_threads(args: &[&str], simd: &str, threads: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tinygen"));
    command.args(args).env("TINYGEN_SIMD", simd);
    match threads {
        Some(t) => command.env("TINYGEN_THREADS", t),
        None => command.env_remove("TINYGEN_THREADS"),
    };
    command.output().expect("run tinygen")
}

#[test]
fn count_and_seed_flags_change_the_output() {
    let five = stdout_lines(&tinygen(&["-q", "-n", "5", "--epochs", "30"]));
    assert_eq!(five.len(), 5);
    let again = stdout_lines(&tinygen(&["-q", "-n", "5", "--epochs", "30"]));
    assert_eq!(five, again, "same seed, same lines");
    let other = stdout_lines(&tinygen(&[
        "-q", "-n", "5", "--epochs", "30", "--seed", "7",
    ]));
    assert_ne!(five, other);
}

/// `--noise-width 1` is the default bit for bit (scaling by 1 is exact); another width trains
/// against another noise, on the standard normal too.
#[test]
fn noise_width_one_is_the_default_and_other_widths_change_the_output() {
    let run = |extra: &[&str]| {
        let mut args = vec!["-q", "-n", "5", "--epochs", "30"];
        args.extend_from_slice(extra);
        stdout_lines(&tinygen(&args))
    };
    let default = run(&[]);
    assert_eq!(default.len(), 5);
    assert_eq!(run(&["--noise-width", "1"]), default);
    assert_ne!(run(&["--noise-width", "1.5"]), default);
    let standard = run(&["--noise", "standard"]);
    assert_ne!(
        run(&["--noise", "standard", "--noise-width", "1.5"]),
        standard
    );
}

#[test]
fn bad_input_exits_2_with_one_line_and_no_panic() {
    for args in [
        &["--bogus"][..],
        &["-n", "0"],
        &["-n", "-3"],
        &["-n", "10000001"],
        &["-n", "99999999999"],
        &["gan", "-n", "10000001"],
        &["sample", "--model", "m.tgm", "-n", "10000001"],
        &["--lr", "nan"],
        &["--lr", "-1"],
        &["--lr", "inf"],
        &["--epochs", "0"],
        &["--restarts", "0"],
        &["--restarts", "33"],
        &["--fine-tune-epochs", "100001"],
        &["--fine-tune-epochs", "5", "--fine-tune-noise-ratio", "0"],
        &["--fine-tune-epochs", "5", "--fine-tune-noise-ratio", "1001"],
        &["--fine-tune-epochs", "5", "--fine-tune-lr", "nan"],
        &["--fine-tune-epochs", "5", "--fine-tune-lr", "0"],
        &["--noise-width", "0"],
        &["--noise-width", "nan"],
        &["--noise-width", "101"],
        &["--noise", "box", "--noise-width", "2"],
        &["--plot", "/nonexistent-dir/x.png"],
        &["--plot", "x.jpg"],
        &["--log", "/nonexistent-dir/x.csv"],
        &["gan", "--epochs", "0"],
        &["gan", "--d-steps", "0"],
        &["gan", "--width", "7"],
        &["eval", "/nonexistent-file.txt"],
    ] {
        let out = tinygen(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?} printed data");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

/// Also the fine-tune phase's epochs, after the restarts.
#[test]
fn restarts_log_every_epoch_of_every_classifier_and_say_which_was_kept() {
    let log = std::env::temp_dir().join(format!("tinygen-restarts-{}.csv", std::process::id()));
    let args = [
        "-n",
        "3",
        "--epochs",
        "20",
        "--restarts",
        "3",
        "--refit-noise",
        "0",
        "--fine-tune-epochs",
        "4",
        "--log",
    ];
    let out = tinygen(&[&args[..], &[log.to_str().unwrap()]].concat());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert_eq!(stdout_lines(&out).len(), 3);
    assert!(err.contains(" of 3 kept (final losses "), "{err}");
    assert!(
        err.contains(" | fine-tune: 4 epochs at nu 128, final loss "),
        "{err}"
    );
    let text = std::fs::read_to_string(&log).unwrap();
    let _ = std::fs::remove_file(&log);
    let firsts: Vec<&str> = text.lines().map(|l| l.split(',').next().unwrap()).collect();
    let per_restart = |r: &str| firsts.iter().filter(|&&f| f == r).count();
    assert_eq!(firsts[0], "restart");
    assert_eq!(
        [per_restart("0"), per_restart("1"), per_restart("2")],
        [20; 3]
    );
    assert_eq!(per_restart("fine-tune"), 4);
    assert_eq!(firsts.len(), 1 + 3 * 20 + 4, "{text}");
    assert_eq!(firsts.last(), Some(&"fine-tune"), "{text}");
}

#[test]
fn gan_prints_its_samples_and_logs_every_epoch() {
    let dir = std::env::temp_dir().join(format!("tinygen-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let log = dir.join("gan.csv");
    let plot = dir.join("gan.png");
    let out = tinygen(&[
        "gan",
        "--epochs",
        "2",
        "-n",
        "7",
        "--log",
        log.to_str().expect("path"),
        "--plot",
        plot.to_str().expect("path"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout_lines(&out).len(), 7);
    let csv = std::fs::read_to_string(&log).expect("log");
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(csv.starts_with("epoch,d_real,d_fake,d_loss,g_loss"));
    assert!(std::fs::metadata(&plot).expect("plot").len() > 1000);
}

/// Points on the true moons (noise-free, evenly spread) for `eval`.
fn moons_text(upper: bool, lower: bool, n: usize) -> String {
    let mut text = String::new();
    for k in 0..n {
        let t = std::f32::consts::PI * (k as f32 + 0.5) / n as f32;
        if upper {
            text.push_str(&format!("{},{}\n", t.cos(), t.sin()));
        }
        if lower {
            text.push_str(&format!("{},{}\n", 1.0 - t.cos(), 0.5 - t.sin()));
        }
    }
    text
}

fn json_number(json: &str, key: &str) -> f64 {
    let start = json.find(&format!("\"{key}\"")).expect(key) + key.len() + 2;
    let rest = json[start..].trim_start_matches([':', ' ']);
    let end = rest.find([',', '}']).expect("end");
    rest[..end].trim().parse().expect("number")
}

#[test]
fn eval_scores_real_data_one_moon_and_a_single_point() {
    let both = tinygen_with_stdin(&["eval"], &moons_text(true, true, 250));
    assert!(
        both.status.success(),
        "{}",
        String::from_utf8_lossy(&both.stderr)
    );
    let json = String::from_utf8(both.stdout).expect("utf-8");
    assert_eq!(json_number(&json, "arc_coverage"), 20.0);
    assert!((json_number(&json, "upper_fraction") - 0.5).abs() < 0.01);
    assert_eq!(json_number(&json, "on_manifold"), 1.0);

    let one = tinygen_with_stdin(&["eval"], &moons_text(true, false, 500));
    let json = String::from_utf8(one.stdout).expect("utf-8");
    assert_eq!(json_number(&json, "upper_fraction"), 1.0);
    assert_eq!(json_number(&json, "arc_coverage"), 10.0);

    let single = tinygen_with_stdin(&["eval"], &"0.5,0.25\n".repeat(300));
    let json = String::from_utf8(single.stdout).expect("utf-8");
    assert!(json_number(&json, "arc_coverage") <= 1.0);
    assert!(json_number(&json, "energy_ratio") > 10.0);
}

#[test]
fn eval_counts_bad_lines_and_fails() {
    let out = tinygen_with_stdin(&["eval"], "0.1,0.2\nnot a point\n1,NaN\n0.3,0.4\n");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains('2'), "reports the two bad lines: {err}");
}

#[test]
fn eval_scores_the_mixtures_by_modes_quality_and_reverse_kl() {
    let means: String = (0..8)
        .map(|k| {
            let t = std::f64::consts::TAU * k as f64 / 8.0;
            format!("{},{}\n", t.cos(), t.sin())
        })
        .collect();
    let out = tinygen_with_stdin(&["eval", "--data", "ring"], &means);
    assert!(out.status.success(), "{out:?}");
    let json = String::from_utf8(out.stdout).unwrap();
    assert_eq!(json_number(&json, "modes"), 8.0, "{json}");
    assert_eq!(json_number(&json, "high_quality"), 1.0, "{json}");
    assert!(json_number(&json, "reverse_kl").abs() < 1e-9, "{json}");
    let one_mode = tinygen_with_stdin(&["eval", "--data", "grid"], "0,0\n0.01,0\n");
    let json = String::from_utf8(one_mode.stdout).unwrap();
    assert_eq!(json_number(&json, "modes"), 1.0, "{json}");
    assert!(
        (json_number(&json, "reverse_kl") - 25f64.ln()).abs() < 1e-9,
        "{json}"
    );
    let bad = tinygen(&["eval", "--data", "spiral"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn eval_subsamples_the_pairwise_terms_of_large_inputs_and_keeps_the_rest_exact() {
    // 8000 points on the outer moon only: past the 5000-point limit the energy terms use a
    // subsample, while upper_fraction and arc coverage still count every point.
    let text = moons_text(true, false, 8000);
    let out = tinygen_with_stdin(&["eval"], &text);
    assert!(out.status.success(), "{out:?}");
    let json = String::from_utf8(out.stdout).unwrap();
    assert_eq!(json_number(&json, "n"), 8000.0, "{json}");
    assert_eq!(json_number(&json, "pairwise_points"), 5000.0, "{json}");
    assert_eq!(json_number(&json, "upper_fraction"), 1.0, "{json}");
    assert!(json_number(&json, "energy_ratio") > 10.0, "{json}");
    let small = tinygen_with_stdin(&["eval"], &moons_text(true, true, 100));
    let json = String::from_utf8(small.stdout).unwrap();
    assert_eq!(json_number(&json, "pairwise_points"), 200.0, "{json}");
}

#[test]
fn pacgan_benchmark_writes_its_tables_figures_and_report() {
    let out = std::env::temp_dir().join(format!("tinygen-pacgan-{}", std::process::id()));
    let dir = out.to_str().unwrap();
    let run = tinygen(&[
        "pacgan", "--data", "ring", "--seeds", "2", "--epochs", "3", "-n", "200", "--out", dir,
        "-q",
    ]);
    assert!(run.status.success(), "{run:?}");
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    for needle in [
        "tinygen GAN (d1 g1)",
        "tinygen GAN (d10 g1)",
        "tinygen NCE",
        "GAN (PacGAN Table 1) — published",
        " 6.3 |",
        "ring_grid.png",
    ] {
        assert!(report.contains(needle), "{needle} missing from\n{report}");
    }
    let csv = std::fs::read_to_string(out.join("runs.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 3 * 2, "{csv}");
    assert!(out.join("ring_grid.png").is_file());
    let _ = std::fs::remove_dir_all(&out);
    let bad = tinygen(&["pacgan", "--data", "moons"]);
    assert_eq!(bad.status.code(), Some(2));
    let zero = tinygen(&["pacgan", "--seeds", "0", "--out", dir]);
    assert_eq!(zero.status.code(), Some(2));
}
