//! Picks the linker memory layout (`memory.x`) for every program.
//!
//! The layouts live in `memory-<board>.x`; there is deliberately NO `memory.x`
//! in the package root: the linker's INCLUDE search would find it before the
//! copy made here and silently link the wrong layout.
//!
//! Each layout is copied to `OUT_DIR/<board>/memory.x`, and each binary gets
//! its own `-L OUT_DIR/<board>` so that different programs can have different
//! budgets on the same platform.

use std::{
    env, fs,
    path::{Path, PathBuf},
};

/// QEMU programs that get the large nRF52840-sized budget (1 MiB flash /
/// 256 KiB RAM) instead of the default 64 KiB / 64 KiB. `nce` must never be
/// listed: 64K/64K is its hard budget. Add `"gan"` here only if it cannot fit.
const QEMU_LARGE_BUDGET: &[&str] = &["gan"];

const SMALL: &str = "mps2-an386";
const LARGE: &str = "nrf52840";

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
    let qemu = env::var_os("CARGO_FEATURE_QEMU").is_some();
    let nrf52840 = env::var_os("CARGO_FEATURE_NRF52840").is_some();
    assert!(
        !Path::new("memory.x").exists(),
        "firmware/memory.x would shadow the layout chosen here: use memory-<board>.x"
    );
    if qemu == nrf52840 {
        // src/lib.rs reports this with a clear compile_error!; just don't link.
        return;
    }

    for bin in bins() {
        let board = if nrf52840 || QEMU_LARGE_BUDGET.contains(&bin.as_str()) {
            LARGE
        } else {
            SMALL
        };
        let dir = stage(&out, board);
        // Two separate arguments: flip-link only recognises `-L <dir>`.
        println!("cargo:rustc-link-arg-bin={bin}=-L");
        println!("cargo:rustc-link-arg-bin={bin}={}", dir.display());
    }

    embed_model(&out);

    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=memory.x");
    println!("cargo:rerun-if-changed=src/bin");
    println!("cargo:rerun-if-changed=memory-{SMALL}.x");
    println!("cargo:rerun-if-changed=memory-{LARGE}.x");
}

/// Copies the model file named by `TINYGEN_MODEL` to `<out>/model.tgnm` for the `sample`
/// program to embed, or writes an empty one (the program then says no model was given).
fn embed_model(out: &Path) {
    println!("cargo:rerun-if-env-changed=TINYGEN_MODEL");
    let target = out.join("model.tgnm");
    match env::var_os("TINYGEN_MODEL") {
        Some(path) => {
            println!("cargo:rerun-if-changed={}", Path::new(&path).display());
            fs::copy(&path, &target)
                .unwrap_or_else(|e| panic!("TINYGEN_MODEL={}: {e}", Path::new(&path).display()));
        }
        None => fs::write(&target, []).expect("write empty model"),
    }
}

/// Copies `memory-<board>.x` to `<out>/<board>/memory.x`; returns that directory.
fn stage(out: &Path, board: &str) -> PathBuf {
    let dir = out.join(board);
    fs::create_dir_all(&dir).expect("create layout dir");
    let src = format!("memory-{board}.x");
    fs::copy(&src, dir.join("memory.x")).unwrap_or_else(|e| panic!("copy {src}: {e}"));
    dir
}

/// The binaries of this package: one per `src/bin/*.rs`.
fn bins() -> Vec<String> {
    let mut bins: Vec<String> = fs::read_dir("src/bin")
        .expect("read src/bin")
        .filter_map(|e| {
            let path = e.ok()?.path();
            (path.extension()? == "rs").then(|| path.file_stem()?.to_str().map(str::to_owned))?
        })
        .collect();
    bins.sort();
    bins
}
