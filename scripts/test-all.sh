#!/usr/bin/env bash
# Runs every check of the project on a fresh machine: installs what it needs, then
# fmt, clippy, the no_std build for the Cortex-M4F, all host tests (unit, property, CLI),
# the firmware on QEMU with its byte-for-byte comparison against the host, and the browser
# page in headless Chromium with the same comparison.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each step's header carries the minutes and seconds since the start, so a slow CI run shows
# where its time went.
step() { printf '\n=== [%dm%02ds] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }

# A clean run writes about 3.5 GB of build products with incremental caches; CI builds
# everything once, so the caches only cost disk (a CI machine once ran out of it mid-build).
export CARGO_INCREMENTAL=0
# Tests need line tables for their backtraces, not full debug info of every dependency.
export CARGO_PROFILE_DEV_DEBUG="${CARGO_PROFILE_DEV_DEBUG:-line-tables-only}"
# Likewise the host's release builds: full debug info is for profiling, and debug info never
# changes the code. The firmware keeps its own profile's (see below).
export CARGO_PROFILE_RELEASE_DEBUG="${CARGO_PROFILE_RELEASE_DEBUG:-line-tables-only}"

step "free disk where the build goes"
df -h . | tail -1
free_kb=$(df -Pk . | awk 'NR == 2 { print $4 }')
if [ "$free_kb" -lt 4000000 ]; then
  echo "warning: under 4 GB free here; the build may run out of disk" >&2
fi

step "toolchain components and target"
rustup component add rustfmt clippy llvm-tools >/dev/null
rustup target add thumbv7em-none-eabihf >/dev/null

step "system packages (QEMU runs the firmware; the host needs none)"
if ! command -v qemu-system-arm >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends qemu-system-arm
fi

step "pure Rust: no font library (fontconfig, FreeType) or other -sys crate in the host's build"
if cargo tree -p tinygen-host -e normal | grep -i -E 'fontconfig|freetype|-sys'; then
  echo "the host links a system C library (above); plots must use the bundled font" >&2
  exit 1
fi

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

step "the core is no_std: build tinygen for thumbv7em-none-eabihf"
cargo build -p tinygen --target thumbv7em-none-eabihf --release
cargo build -p tinygen --target thumbv7em-none-eabihf --release --features defmt

step "host release build (the firmware comparison runs it)"
cargo build --release

step "cargo test --workspace (unit, property and CLI tests)"
cargo test --workspace

step "the core as a library: every crate's docs build without warnings, its example runs, it packages"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --lib
cargo run --release -p tinygen --example sensor_classifier
cargo build -p tinygen --target thumbv7em-none-eabihf --release --example sensor_classifier
cargo publish --dry-run -p tinygen --allow-dirty

step "firmware: fmt, clippy, QEMU + nRF52840 builds, QEMU runs, host comparison"
# Short training runs keep QEMU near a minute; the host repeats the same settings. 30 NCE
# epochs is about the fewest whose classifier passes the learned check on every seed tried;
# 16,384 refit draws (the default is 262,144) keep the refit a small share of the run.
export TINYGEN_NCE_EPOCHS="${TINYGEN_NCE_EPOCHS:-30}" TINYGEN_GAN_EPOCHS="${TINYGEN_GAN_EPOCHS:-2}"
export TINYGEN_REFIT_NOISE="${TINYGEN_REFIT_NOISE:-16384}"
export QEMU_TIMEOUT="${QEMU_TIMEOUT:-300}"
# Its own workspace and profile: full debug info there costs no flash, and defmt's tools read it.
env -u CARGO_PROFILE_RELEASE_DEBUG bash firmware/check.sh

step "the page in headless Chromium: its lines byte-identical to the host's (web/test.sh)"
bash web/test.sh

step "all checks passed"
