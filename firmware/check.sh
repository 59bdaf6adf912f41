#!/usr/bin/env bash
# Firmware check: tools, fmt, clippy and build for both platforms, run the
# programs on QEMU, prove a failure is detected, print the footprint.
#
# Usage: firmware/check.sh [OUT_DIR]      (from any directory)
#   OUT_DIR (or env FW_OUT_DIR; default firmware/target/fw-out) receives
#   <prog>.txt: the exact data lines (`x1,x2`) of each program, and
#   <prog>.log: the full decoded output.
# Environment: QEMU_TIMEOUT (seconds per QEMU run, default 60),
#   FW_SKIP_TOOLS=1 to skip the tool installation step.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE" # cargo must run here to pick up firmware/.cargo/config.toml

# Panic locations keep source paths in flash, so the programs' size would depend on where the
# repository and cargo's registry happen to live (100 B between two clones once, with 180 B of
# the NCE program's flash left). Map both to fixed names. Cargo appends these flags to the
# config file's; they hold no spaces, so paths with spaces keep their own names.
ROOT="$(cd "$HERE/.." && pwd)"
REGISTRY="${CARGO_HOME:-$HOME/.cargo}"
case "$ROOT$REGISTRY" in
  *" "*) ;;
  *) export CARGO_TARGET_THUMBV7EM_NONE_EABIHF_RUSTFLAGS="--remap-path-prefix=$ROOT=/tinygen --remap-path-prefix=$REGISTRY=/cargo" ;;
esac

OUT="${1:-${FW_OUT_DIR:-$HERE/target/fw-out}}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
export QEMU_TIMEOUT="${QEMU_TIMEOUT:-60}"

PROGRAMS=(nce gan)   # programs whose data lines are produced and kept
TARGET=thumbv7em-none-eabihf
QEMU_ELF_DIR="target/$TARGET/release"
NRF=(--no-default-features --features nrf52840 --config .cargo/nrf52840.toml)
NRF_ELF_DIR="target/nrf52840/$TARGET/release"

step() { printf '\n==> %s\n' "$*"; }
die() {
  printf 'check.sh: FAILED: %s\n' "$*" >&2
  exit 1
}

ensure_tools() {
  step "tools"
  if ! rustup target list --installed | grep -qx "$TARGET"; then
    rustup target add "$TARGET"
  fi
  local c
  for c in llvm-tools clippy rustfmt; do
    if ! rustup component list --installed | grep -q "^$c"; then
      rustup component add "$c"
    fi
  done
  if ! command -v qemu-system-arm >/dev/null; then
    local sudo=()
    [ "$(id -u)" -ne 0 ] && sudo=(sudo)
    "${sudo[@]}" apt-get update
    "${sudo[@]}" apt-get install -y --no-install-recommends qemu-system-arm
  fi
  command -v defmt-print >/dev/null || cargo install defmt-print --locked
  command -v flip-link >/dev/null || cargo install flip-link --locked
  echo "rustc: $(rustc --version)"
  echo "qemu: $(qemu-system-arm --version | head -n1)"
  echo "defmt-print: $(defmt-print --version)"
}

# llvm-size from the rustup llvm-tools component, else from PATH.
llvm_size() {
  local s
  s="$(rustc --print sysroot)/lib/rustlib/$(rustc -vV | sed -n 's/^host: //p')/bin/llvm-size"
  if [ -x "$s" ]; then "$s" "$@"; else llvm-size "$@"; fi
}

# Value of an absolute linker symbol (e.g. _fw_ram_budget), in decimal.
sym() { echo $((16#$(nm "$1" | awk -v s="$2" '$3 == s { print $1 }'))); }

# Data lines of a decoded log: every line that is not a defmt log line
# ("INFO  ...", "ERROR ...") or a decoder message ("(HOST) ..."). Exact for
# a successful run: all diagnostics are single-line defmt::info! messages.
extract_data() { grep -Ev '^((TRACE|DEBUG|INFO |WARN |ERROR) |\(HOST\) )' "$1" || true; }

# Value of a diagnostic field: diag LOG KEY FIELD_INDEX (awk field of the line
# "INFO  KEY: prog ..."; fields: 1=INFO 2=KEY: 3=prog 4...).
diag() { awk -v k="$2:" -v f="$3" '$1 == "INFO" && $2 == k { print $f; exit }' "$1"; }

# QEMU wall time per program (seconds), filled by run_program.
declare -A WALL

# run_program NAME [LABEL] -> runs the QEMU ELF NAME, writes OUT/LABEL.log (LABEL defaults
# to NAME), sets RC.
run_program() {
  local elf="$QEMU_ELF_DIR/$1" name="${2:-$1}" t0 t1
  t0=$(date +%s.%N)
  RC=0
  ./qemu-run.sh "$elf" >"$OUT/$name.log" 2>"$OUT/$name.stderr" || RC=$?
  t1=$(date +%s.%N)
  WALL[$name]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
}

# check_program NAME [LABEL]: runs NAME, checks its exit and its data lines into OUT/LABEL.txt.
check_program() {
  local name="${2:-$1}"
  run_program "$1" "$name"
  if [ "$RC" -ne 0 ]; then
    cat "$OUT/$name.log" "$OUT/$name.stderr" >&2
    die "$name exited with status $RC (0 expected; 1 panic/HardFault, 2 divergence, 124 timeout, 134 QEMU lockup)"
  fi
  extract_data "$OUT/$name.log" >"$OUT/$name.txt"
  local n expected bad
  n=$(wc -l <"$OUT/$name.txt")
  expected=$(diag "$OUT/$name.log" lines 4)
  [ -n "$expected" ] || die "$name: no 'lines:' diagnostic in $OUT/$name.log"
  [ "$n" -gt 0 ] || die "$name: no data lines"
  [ "$n" -eq "$expected" ] || die "$name: extracted $n data lines, firmware says it printed $expected"
  bad=$(grep -cEv '^[^,[:space:]]+,[^,[:space:]]+$' "$OUT/$name.txt" || true)
  [ "$bad" -eq 0 ] || die "$name: $bad extracted lines are not 'x1,x2'"
  echo "$name: exit 0, $n data lines -> $OUT/$name.txt (QEMU ${WALL[$name]} s wall)"
  grep -E '^INFO  (cost|stack):' "$OUT/$name.log" | sed 's/^/    /'
}

# ---------------------------------------------------------------------------
# HOOK(lead): byte-identical comparison against the host binary.
# Called once per program after its run, with the program name and the file
# holding its extracted data lines. Expected shape:
#   compare_with_host nce "$OUT/nce.txt"
#     -> run the host binary with the same seed/config into "$OUT/nce.host.txt"
#        and `cmp` the two files; `die` on any difference.
compare_with_host() {
  local name="$1" data="$2" host_out="$OUT/$1.host.txt"
  local bin="${HOST_BIN:-$HERE/../target/release/tinygen}"
  [ -x "$bin" ] || die "host binary $bin not found: build it with 'cargo build --release' at the root"
  local seed="${TINYGEN_SEED:-42}" n="${TINYGEN_SAMPLES:-100}"
  case "$name" in
    nce) "$bin" nce -q --seed "$seed" -n "$n" ${TINYGEN_NCE_EPOCHS:+--epochs "$TINYGEN_NCE_EPOCHS"} ${TINYGEN_REFIT_NOISE:+--refit-noise "$TINYGEN_REFIT_NOISE"} >"$host_out" ;;
    nce-ring) "$bin" nce -q --data ring --seed "$seed" -n "$n" \
           ${TINYGEN_NCE_EPOCHS:+--epochs "$TINYGEN_NCE_EPOCHS"} ${TINYGEN_REFIT_NOISE:+--refit-noise "$TINYGEN_REFIT_NOISE"} >"$host_out" ;;
    gan) "$bin" gan -q --seed "$seed" -n "$n" --epochs "${TINYGEN_GAN_EPOCHS:-20}" \
           --d-steps "${TINYGEN_D_STEPS:-1}" --g-steps "${TINYGEN_G_STEPS:-1}" >"$host_out" ;;
    *) die "compare_with_host: unknown program $name" ;;
  esac
  cmp "$data" "$host_out" || die "$name: firmware lines differ from the host's ($data vs $host_out)"
  echo "$name: $(wc -l <"$data") lines byte-identical to the host's ($host_out)"
}
# ---------------------------------------------------------------------------

# Host binary, seed and count every comparison uses.
host_bin() {
  local bin="${HOST_BIN:-$HERE/../target/release/tinygen}"
  [ -x "$bin" ] || die "host binary $bin not found: build it with 'cargo build --release' at the root"
  echo "$bin"
}

# Both directions of the model file: the device's NCE model, imported from its log, samples
# the device's lines on the host; a model the host trained, embedded in the sample program,
# samples the host's lines on the device.
check_model_files() {
  local bin seed="${TINYGEN_SEED:-42}" n="${TINYGEN_SAMPLES:-100}"
  bin="$(host_bin)"
  step "model file, device to host: import the NCE model from the QEMU log and sample it"
  "$bin" import-model "$OUT/nce.log" -o "$OUT/nce.tgnm" || die "import-model failed on $OUT/nce.log"
  "$bin" inspect "$OUT/nce.tgnm"
  "$bin" sample --model "$OUT/nce.tgnm" --seed "$seed" -n "$n" >"$OUT/nce.resampled.txt"
  cmp "$OUT/nce.txt" "$OUT/nce.resampled.txt" ||
    die "the device's model samples other lines on the host ($OUT/nce.resampled.txt)"
  echo "nce: the device's model file samples its $n lines byte-identically on the host"

  step "model file, host to device: the sample program embeds host-trained models"
  local kind
  for kind in nce gan; do
    case "$kind" in
      nce) "$bin" nce -q --seed "$seed" -n 1 ${TINYGEN_NCE_EPOCHS:+--epochs "$TINYGEN_NCE_EPOCHS"} ${TINYGEN_REFIT_NOISE:+--refit-noise "$TINYGEN_REFIT_NOISE"} \
             --save "$OUT/host-$kind.tgnm" >/dev/null ;;
      gan) "$bin" gan -q --seed "$seed" -n 1 --epochs "${TINYGEN_GAN_EPOCHS:-20}" \
             --save "$OUT/host-$kind.tgnm" >/dev/null ;;
    esac
    TINYGEN_MODEL="$OUT/host-$kind.tgnm" cargo build --release --bin sample
    check_program sample
    "$bin" sample --model "$OUT/host-$kind.tgnm" --seed "$seed" -n "$n" >"$OUT/sample-$kind.host.txt"
    cmp "$OUT/sample.txt" "$OUT/sample-$kind.host.txt" ||
      die "sample ($kind): device lines differ from 'tinygen sample' ($OUT/sample-$kind.host.txt)"
    cp "$OUT/sample.txt" "$OUT/sample-$kind.txt"
    echo "sample ($kind): $n lines byte-identical to 'tinygen sample --model' on the host"
  done
}

footprint() {
  step "footprint (bytes; text includes the 1 KiB vector table)"
  printf '%-9s %-9s %8s %6s %6s %14s %14s %11s %7s\n' \
    program platform text data bss "flash/budget" "static/RAM" "peak-stack" reserve
  local p plat elf text data bss peak
  for plat in qemu nrf52840; do
    for p in "${PROGRAMS[@]}" sample fail; do
      if [ "$plat" = qemu ]; then elf="$QEMU_ELF_DIR/$p"; else elf="$NRF_ELF_DIR/$p"; fi
      read -r text data bss _ < <(llvm_size -B "$elf" | awk 'NR == 2')
      peak="-"
      [ "$plat" = qemu ] && [ -f "$OUT/$p.log" ] && peak=$(diag "$OUT/$p.log" stack 5)
      printf '%-9s %-9s %8d %6d %6d %14s %14s %11s %7d\n' "$p" "$plat" "$text" "$data" "$bss" \
        "$((text + data))/$(sym "$elf" _fw_flash_budget)" \
        "$((data + bss))/$(sym "$elf" _fw_ram_budget)" "${peak:--}" \
        "$(sym "$elf" _fw_stack_reserve)"
    done
  done
  echo "peak-stack: painted high-water mark on QEMU (not measured on the board)."
  echo "reserve: RAM the linker guarantees to the stack (_fw_stack_reserve in memory-*.x)."
}

# ---------------------------------------------------------------------------
[ "${FW_SKIP_TOOLS:-0}" = 1 ] || ensure_tools

step "cargo fmt --check"
cargo fmt --check

step "clippy (qemu)"
cargo clippy --release --bins -- -D warnings
step "clippy (nrf52840)"
cargo clippy --release "${NRF[@]}" --bins -- -D warnings

step "build (nrf52840: defmt-rtt, flip-link; CI cannot flash it)"
cargo build --release "${NRF[@]}" --bins
step "build (qemu)"
cargo build --release --bins

step "run on QEMU mps2-an386 (timeout ${QEMU_TIMEOUT}s per run)"
for p in "${PROGRAMS[@]}"; do
  check_program "$p"
  # Each painted peak must stay under what the linker reserves for the stack.
  peak=$(diag "$OUT/$p.log" stack 5)
  reserve=$(sym "$QEMU_ELF_DIR/$p" _fw_stack_reserve)
  [ "$peak" -lt "$reserve" ] ||
    die "$p: peak stack $peak B >= linker reserve $reserve B (raise _fw_stack_reserve in memory-*.x)"
  compare_with_host "$p" "$OUT/$p.txt"
done

check_model_files

step "failure detection: 'fail' panics and must exit 1"
run_program fail
[ "$RC" -eq 1 ] || {
  cat "$OUT/fail.log" "$OUT/fail.stderr" >&2
  die "fail exited with status $RC, expected 1 (panic -> HardFault -> semihosting exit)"
}
grep -q '^ERROR panicked at' "$OUT/fail.log" || die "fail: no panic message in $OUT/fail.log"
echo "fail: exit $RC as expected, panic message decoded (QEMU ${WALL[fail]} s wall)"

footprint

step "a data set chosen at build time: NCE on the ring (TINYGEN_DATA=ring) against the host"
TINYGEN_DATA=ring cargo build --release --bin nce
check_program nce nce-ring
compare_with_host nce-ring "$OUT/nce-ring.txt"
# Leave the default program built, as the footprint above measured it.
cargo build --release --bin nce

step "OK: firmware checks passed; data in $OUT"
