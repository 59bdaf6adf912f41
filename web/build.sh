#!/usr/bin/env bash
# Builds the page into web/www: the tinygen-web crate for wasm32 with SIMD128 and its
# JavaScript glue from wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in
# Cargo.lock (the two must match). Installs the wasm32 target and the CLI first if they are
# missing. Shared by serve.sh and test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"

rustup target add wasm32-unknown-unknown >/dev/null
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$have" != "$want" ]; then
  echo "installing wasm-bindgen-cli $want (a few minutes, once)"
  # --locked first; the registry may lack a crate version the CLI's own lock file pins, and
  # then the newest compatible versions do as well.
  cargo install wasm-bindgen-cli --version "$want" --locked ||
    cargo install wasm-bindgen-cli --version "$want"
fi

# SIMD128 (never relaxed SIMD): the core's kernels then run whole 8-wide blocks as on x86.
# Lanes are IEEE-754 like scalars and no sum is reordered, so the bits stay the host's (the
# browser test compares them). TINYGEN_WASM_SIMD=0 builds the scalar version.
if [ "${TINYGEN_WASM_SIMD:-1}" = 1 ]; then
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-feature=+simd128"
fi
cargo build -p tinygen-web --target wasm32-unknown-unknown --release
wasm-bindgen --target web --no-typescript --out-dir web/www/pkg \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/tinygen_web.wasm"
echo "built web/www ($(du -h web/www/pkg/tinygen_web_bg.wasm | cut -f1) of wasm)"
