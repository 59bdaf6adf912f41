//! Saved models, the `--data` flag and their bad inputs, as a user runs them.

use std::path::PathBuf;
use std::process::{Command, Output};

fn tinygen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tinygen"))
        .args(args)
        .output()
        .expect("run tinygen")
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tinygen-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("utf-8")
}

/// The one error line of a refused command, after checking its exit status.
fn refused(out: &Output, code: i32) -> String {
    assert_eq!(out.status.code(), Some(code), "{out:?}");
    assert!(out.stdout.is_empty(), "nothing on stdout: {out:?}");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!err.contains("panicked"), "{err}");
    err.lines().last().unwrap_or_default().to_string()
}

#[test]
fn a_saved_sampler_and_generator_sample_the_lines_training_printed() {
    let nce = temp("nce.tgnm");
    let trained = ok(&tinygen(&[
        "-q",
        "--seed",
        "11",
        "--epochs",
        "60",
        "-n",
        "40",
        "--save",
        nce.to_str().unwrap(),
    ]));
    let sampled = ok(&tinygen(&[
        "sample",
        "--model",
        nce.to_str().unwrap(),
        "--seed",
        "11",
        "-n",
        "40",
    ]));
    assert_eq!(trained, sampled);
    assert_eq!(trained.lines().count(), 40);
    let info = ok(&tinygen(&["inspect", nce.to_str().unwrap()]));
    assert!(
        info.contains("NCE sampler") && info.contains("seed 11"),
        "{info}"
    );
    assert!(info.contains("2→32→32→1"), "{info}");

    let gan = temp("gan.tgnm");
    let trained = ok(&tinygen(&[
        "gan",
        "-q",
        "--seed",
        "4",
        "--epochs",
        "3",
        "--width",
        "16",
        "--save",
        gan.to_str().unwrap(),
    ]));
    let sampled = ok(&tinygen(&[
        "sample",
        "--model",
        gan.to_str().unwrap(),
        "--seed",
        "4",
    ]));
    assert_eq!(trained, sampled);
    let info = ok(&tinygen(&["inspect", gan.to_str().unwrap()]));
    assert!(
        info.contains("GAN generator") && info.contains("2→16→16→2"),
        "{info}"
    );
}

#[test]
fn bad_model_files_get_one_line_and_exit_2() {
    let good = temp("good.tgnm");
    ok(&tinygen(&[
        "gan",
        "-q",
        "--epochs",
        "1",
        "--save",
        good.to_str().unwrap(),
    ]));
    let bytes = std::fs::read(&good).unwrap();
    let cases: [(&str, Vec<u8>, &str); 5] = [
        ("truncated", bytes[..bytes.len() / 2].to_vec(), "truncated"),
        ("magic", b"not a model file at all".to_vec(), "magic"),
        (
            "crc",
            {
                let mut b = bytes.clone();
                b[40] ^= 1;
                b
            },
            "CRC",
        ),
        (
            "version",
            {
                let mut b = bytes.clone();
                b[4] = 9;
                b
            },
            "version",
        ),
        ("appended", [bytes.clone(), vec![0]].concat(), "extra bytes"),
    ];
    for (name, content, says) in cases {
        let path = temp(&format!("{name}.tgnm"));
        std::fs::write(&path, content).unwrap();
        for cmd in ["sample", "inspect"] {
            let args: Vec<&str> = if cmd == "sample" {
                vec!["sample", "--model", path.to_str().unwrap()]
            } else {
                vec!["inspect", path.to_str().unwrap()]
            };
            let line = refused(&tinygen(&args), 2);
            assert!(line.contains(says), "{name}: {line}");
        }
    }
    let missing = refused(&tinygen(&["sample", "--model", "/nonexistent/m.tgnm"]), 2);
    assert!(missing.contains("cannot read"), "{missing}");
}

/// The grid's run also has a fine-tune phase, after which the model's `ν` is the phase's: its
/// saved sampler must still print the lines the run printed.
#[test]
fn the_mixtures_print_as_many_lines_as_asked() {
    for data in ["ring", "grid"] {
        let model = temp(&format!("{data}.tgnm"));
        let model = model.to_str().unwrap();
        let out = ok(&tinygen(&[
            "-q", "-n", "2500", "--data", data, "--seed", "3", "--epochs", "60", "--save", model,
        ]));
        assert_eq!(out.lines().count(), 2500, "{data}");
        let sampled = ok(&tinygen(&[
            "sample", "--model", model, "--seed", "3", "-n", "2500",
        ]));
        assert_eq!(out, sampled, "{data}");
    }
}

#[test]
fn a_users_points_train_and_bad_files_are_refused_before_training() {
    let ring = ok(&tinygen(&[
        "-q", "-n", "400", "--data", "ring", "--epochs", "60",
    ]));
    let points = temp("points.csv");
    std::fs::write(&points, &ring).unwrap();
    let out = ok(&tinygen(&[
        "-q",
        "-n",
        "7",
        "--epochs",
        "60",
        "--data",
        points.to_str().unwrap(),
    ]));
    assert_eq!(out.lines().count(), 7);
    let cases: [(&str, &str, &str); 4] = [
        ("empty", "", "no points"),
        ("header", "x1,x2\n1,2\n", "invalid lines"),
        ("third", "1,2\n3,4,5\n", "invalid lines"),
        ("one point", "1,2\n1,2\n1,2\n1,2\n", "singular"),
    ];
    for (name, content, says) in cases {
        let path = temp(&format!("{}.csv", name.replace(' ', "-")));
        std::fs::write(&path, content).unwrap();
        for cmd in [&[][..], &["gan"][..]] {
            let mut args = cmd.to_vec();
            args.extend(["-q", "--data", path.to_str().unwrap()]);
            let line = refused(&tinygen(&args), 2);
            assert!(line.contains(says), "{name}: {line}");
        }
    }
    let header = temp("header.csv");
    let err = String::from_utf8_lossy(&tinygen(&["-q", "--data", header.to_str().unwrap()]).stderr)
        .into_owned();
    assert!(err.contains("line 1"), "the bad line is named: {err}");
}

#[test]
fn a_classifier_that_did_not_learn_prints_nothing() {
    let line = refused(&tinygen(&["-q", "--lr", "10"]), 1);
    assert!(
        line.contains("diverged") || line.contains("did not learn"),
        "{line}"
    );
}

#[test]
fn a_device_log_becomes_a_model_file() {
    let model = temp("dev.tgnm");
    ok(&tinygen(&[
        "gan",
        "-q",
        "--epochs",
        "1",
        "--save",
        model.to_str().unwrap(),
    ]));
    let bytes = std::fs::read(&model).unwrap();
    let mut log = format!(
        "INFO  gan: start\n0.5,0.25\nINFO  model: begin {}\n",
        bytes.len()
    );
    for chunk in bytes.chunks(64) {
        let hex: String = chunk.iter().map(|b| format!("{b:02x}")).collect();
        log.push_str(&format!("INFO  model: {hex}\n"));
    }
    log.push_str("INFO  model: end\n");
    let log_path = temp("dev.log");
    std::fs::write(&log_path, log).unwrap();
    let back = temp("back.tgnm");
    ok(&tinygen(&[
        "import-model",
        log_path.to_str().unwrap(),
        "-o",
        back.to_str().unwrap(),
    ]));
    assert_eq!(std::fs::read(&back).unwrap(), bytes);
    std::fs::write(&log_path, "INFO  nothing here\n").unwrap();
    let line = refused(
        &tinygen(&[
            "import-model",
            log_path.to_str().unwrap(),
            "-o",
            back.to_str().unwrap(),
        ]),
        2,
    );
    assert!(line.contains("no `model: begin`"), "{line}");
}
