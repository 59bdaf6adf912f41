#!/usr/bin/env bash
# tinygen vs PyTorch and JAX, one update of each network at the defaults, on one core of
# this machine; then the main job's wall time and peak memory. See bench/README.md (and
# bench/whole_run.sh for a whole GAN run against JAX's lax.scan).
#
#   bash bench/compare.sh                 # REPS=2000 timed updates of each kind
#   PYTHON=/path/to/python REPS=500 RUNS=10 ROUNDS=5 bash bench/compare.sh
#
# ROUNDS (default 3) alternates the sides that many times and keeps, for each update, the
# lowest median of each side: on a shared VM a whole benchmark run can land in a slow spell
# (we saw the same binary's D update at 143 µs and 220 µs minutes apart), and alternating gives
# both sides the same chances of a quiet one. Every round's medians are printed too, and so is
# each round's ratio with the median of those paired ratios.
#
# PyTorch and JAX are optional: without one its column reads n/a and the script still
# succeeds. JAX has no NCE update (bench/jax_baseline.py times the GAN's).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
REPS="${REPS:-2000}"
RUNS="${RUNS:-5}"
ROUNDS="${ROUNDS:-3}"
target_dir="${CARGO_TARGET_DIR:-target}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "# machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'),"\
     "$(nproc) cores, $(grep -m1 'cpu MHz' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') MHz;"\
     "load average $(cut -d' ' -f1-3 /proc/loadavg)"

echo "# building (release)..."
cargo build --release -q -p tinygen-host --bin tinygen --example bench_updates

value() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }

# Keeps the first file's lines, with every `*_us` value replaced by its minimum over all files.
lowest() {
  awk '$1 ~ /_us$/ { if (!($1 in m) || $2 + 0 < m[$1] + 0) m[$1] = $2 }
       FNR == NR { lines[++n] = $0; keys[n] = $1 }
       END { for (i = 1; i <= n; i++) print (keys[i] in m) ? keys[i] " " m[keys[i]] : lines[i] }' "$@"
}

echo "# tinygen: $target_dir/release/examples/bench_updates $REPS"
"$target_dir/release/examples/bench_updates" "$REPS" >"$tmp/rust.1.txt"
grep '^#' "$tmp/rust.1.txt" || true

# The same settings as the Rust side (its current defaults). JAX times the GAN updates only.
torch_args=(--reps "$REPS")
for setting in gan_batch_size:--gan-batch gan_g_lr:--gan-g-lr gan_d_lr:--gan-d-lr \
               nce_batch_size:--nce-batch nce_noise_ratio:--nce-nu nce_lr:--nce-lr; do
  torch_args+=("${setting#*:}" "$(value "${setting%%:*}" "$tmp/rust.1.txt")")
done
jax_args=(--reps "$REPS")
for setting in gan_batch_size:--gan-batch gan_g_lr:--gan-g-lr gan_d_lr:--gan-d-lr; do
  jax_args+=("${setting#*:}" "$(value "${setting%%:*}" "$tmp/rust.1.txt")")
done
echo "# pytorch: $PYTHON bench/pytorch_baseline.py ${torch_args[*]}"
echo "# jax:     $PYTHON bench/jax_baseline.py ${jax_args[*]}"
declare -A ok=([torch]=1 [jax]=1)
# One peer's round: its `key value` lines in $tmp/NAME.ROUND.txt, or its column left empty
# (with the reason) when the package is missing.
peer() {
  local name=$1 round=$2
  shift 2
  [ "${ok[$name]}" = 1 ] || return 0
  if "$PYTHON" "$@" >"$tmp/$name.$round.txt" 2>"$tmp/$name.err"; then
    if [ "$round" = 1 ]; then grep '^#' "$tmp/$name.1.txt" || true; fi
  else
    sed 's/^/#   /' "$tmp/$name.err"
    echo "# ($name column left empty)"
    ok[$name]=0
    rm -f "$tmp/$name".*.txt
  fi
}
for round in $(seq "$ROUNDS"); do
  if [ "$round" -gt 1 ]; then
    "$target_dir/release/examples/bench_updates" "$REPS" >"$tmp/rust.$round.txt"
  fi
  peer torch "$round" bench/pytorch_baseline.py "${torch_args[@]}"
  peer jax "$round" bench/jax_baseline.py "${jax_args[@]}"
  line="# round $round:"
  for side in rust torch jax; do
    line+=" $side D $(value d_update_us "$tmp/$side.$round.txt" 2>/dev/null || true)"
    line+=" G $(value g_update_us "$tmp/$side.$round.txt" 2>/dev/null || true)"
    line+=" NCE $(value nce_update_us "$tmp/$side.$round.txt" 2>/dev/null || true);"
  done
  echo "${line%;} (µs)"
done
for side in rust torch jax; do
  if compgen -G "$tmp/$side.*.txt" >/dev/null; then lowest "$tmp/$side".*.txt >"$tmp/$side.txt"; else : >"$tmp/$side.txt"; fi
done
echo "# the table keeps each side's lowest median over the $ROUNDS rounds"

echo
printf '%-11s %11s %11s %11s %14s %11s %10s %16s\n' update "tinygen µs" "PyTorch µs" "JAX µs" \
  "PyTorch/tinygen" "JAX/tinygen" "FLOP" "tinygen GFLOP/s"
ratio() { if [ -n "$1" ]; then awk -v t="$1" -v r="$2" 'BEGIN { printf "%.2f×", t / r }'; else echo n/a; fi; }
for u in d_update g_update nce_update; do
  r="$(value "${u}_us" "$tmp/rust.txt")"
  t="$(value "${u}_us" "$tmp/torch.txt")"
  j="$(value "${u}_us" "$tmp/jax.txt")"
  f="$(value "${u}_flop" "$tmp/rust.txt")"
  g="$(awk -v f="$f" -v r="$r" 'BEGIN { printf "%.3f", f / (r * 1000) }')"
  printf '%-11s %11s %11s %11s %14s %11s %10s %16s\n' "$u" "$r" "${t:-n/a}" "${j:-n/a}" \
    "$(ratio "$t" "$r")" "$(ratio "$j" "$r")" "$f" "$g"
done
# Paired: each round's medians were taken minutes apart at most, so a slow spell of the
# machine tends to hit every side; the median of these ratios is the least noisy single figure.
for side in torch jax; do
  [ "${ok[$side]}" = 1 ] || continue
  echo "# $side: ratio per round ($side median / tinygen median of the same round), and their median:"
  for u in d_update g_update nce_update; do
    [ -n "$(value "${u}_us" "$tmp/$side.1.txt")" ] || continue
    ratios=""
    for round in $(seq "$ROUNDS"); do
      ratios+=" $(awk -v t="$(value "${u}_us" "$tmp/$side.$round.txt")" \
                      -v r="$(value "${u}_us" "$tmp/rust.$round.txt")" 'BEGIN { printf "%.2f", t / r }')"
    done
    median="$(printf '%s\n' $ratios | sort -n | awk '{ v[NR] = $1 }
      END { printf "%.2f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')"
    printf '%-11s%s  -> median %s×\n' "$u" "$ratios" "$median"
  done
done
echo "(tinygen nce_update cross-check, a whole default training run per update, at"\
     "$(value nce_updates_per_epoch "$tmp/rust.txt") updates per epoch: $(value nce_epoch_update_us "$tmp/rust.txt") µs)"

echo
echo "# main job: $target_dir/release/tinygen > /dev/null, $RUNS runs"
bin="$target_dir/release/tinygen"
if [ -x /usr/bin/time ]; then
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%e %M' -a -o "$tmp/time.txt" "$bin" >/dev/null 2>"$tmp/job.err"
  done
  sort -n "$tmp/time.txt" | awk '
    { wall[NR] = $1; if ($2 > rss) rss = $2 }
    END {
      m = (NR % 2) ? wall[(NR + 1) / 2] : (wall[NR / 2] + wall[NR / 2 + 1]) / 2
      printf "main job wall time: median %.3f s (min %.3f, max %.3f) over %d runs\n", m, wall[1], wall[NR], NR
      printf "main job max RSS:   %.1f MiB (%d KiB)\n", rss / 1024, rss
    }'
else
  echo "(no /usr/bin/time: wall time from bash, RSS not measured)"
  TIMEFORMAT='main job wall time: %R s'
  time "$bin" >/dev/null 2>"$tmp/job.err"
fi
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 1 --runs "$RUNS" "$bin"
fi
