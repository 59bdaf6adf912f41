#!/usr/bin/env bash
# tinygen vs PyTorch, one update of each network at the defaults, on one core of this
# machine; then the main job's wall time and peak memory. See bench/README.md.
#
#   bash bench/compare.sh                 # REPS=2000 timed updates of each kind
#   PYTHON=/path/to/python REPS=500 RUNS=10 ROUNDS=5 bash bench/compare.sh
#
# ROUNDS (default 3) alternates the two sides that many times and keeps, for each update, the
# lowest median of each side: on a shared VM a whole benchmark run can land in a slow spell
# (we saw the same binary's D update at 143 µs and 220 µs minutes apart), and alternating gives
# both sides the same chances of a quiet one. Every round's medians are printed too, and so is
# each round's ratio with the median of those paired ratios.
#
# PyTorch is optional: without it the PyTorch column reads n/a and the script still succeeds.
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

# The same settings as the Rust side (its current defaults).
torch_args=(--reps "$REPS")
for setting in gan_batch_size:--gan-batch gan_g_lr:--gan-g-lr gan_d_lr:--gan-d-lr \
               nce_batch_size:--nce-batch nce_noise_ratio:--nce-nu nce_lr:--nce-lr; do
  torch_args+=("${setting#*:}" "$(value "${setting%%:*}" "$tmp/rust.1.txt")")
done
echo "# pytorch: $PYTHON bench/pytorch_baseline.py ${torch_args[*]}"
torch_ok=1
for round in $(seq "$ROUNDS"); do
  if [ "$round" -gt 1 ]; then
    "$target_dir/release/examples/bench_updates" "$REPS" >"$tmp/rust.$round.txt"
  fi
  if [ "$torch_ok" = 1 ]; then
    if "$PYTHON" bench/pytorch_baseline.py "${torch_args[@]}" >"$tmp/torch.$round.txt" 2>"$tmp/torch.err"; then
      [ "$round" = 1 ] && { grep '^#' "$tmp/torch.1.txt" || true; }
    else
      sed 's/^/#   /' "$tmp/torch.err"
      echo "# (PyTorch column left empty)"
      torch_ok=0
      rm -f "$tmp"/torch.*.txt
    fi
  fi
  printf '# round %d: tinygen D %s G %s NCE %s µs; PyTorch D %s G %s NCE %s µs\n' "$round" \
    "$(value d_update_us "$tmp/rust.$round.txt")" "$(value g_update_us "$tmp/rust.$round.txt")" \
    "$(value nce_update_us "$tmp/rust.$round.txt")" \
    "$(value d_update_us "$tmp/torch.$round.txt" 2>/dev/null || true)" \
    "$(value g_update_us "$tmp/torch.$round.txt" 2>/dev/null || true)" \
    "$(value nce_update_us "$tmp/torch.$round.txt" 2>/dev/null || true)"
done
lowest "$tmp"/rust.*.txt >"$tmp/rust.txt"
if [ "$torch_ok" = 1 ]; then lowest "$tmp"/torch.*.txt >"$tmp/torch.txt"; else : >"$tmp/torch.txt"; fi
echo "# the table keeps each side's lowest median over the $ROUNDS rounds"

echo
printf '%-11s %12s %12s %16s %10s %16s\n' update "tinygen µs" "PyTorch µs" "PyTorch/tinygen" "FLOP" "tinygen GFLOP/s"
for u in d_update g_update nce_update; do
  r="$(value "${u}_us" "$tmp/rust.txt")"
  t="$(value "${u}_us" "$tmp/torch.txt")"
  f="$(value "${u}_flop" "$tmp/rust.txt")"
  g="$(awk -v f="$f" -v r="$r" 'BEGIN { printf "%.3f", f / (r * 1000) }')"
  ratio="n/a"
  if [ -n "$t" ]; then
    ratio="$(awk -v t="$t" -v r="$r" 'BEGIN { printf "%.2f×", t / r }')"
  fi
  printf '%-11s %12s %12s %16s %10s %16s\n' "$u" "$r" "${t:-n/a}" "$ratio" "$f" "$g"
done
if [ "$torch_ok" = 1 ]; then
  # Paired: each round's two medians were taken minutes apart at most, so a slow spell of the
  # machine tends to hit both; the median of these ratios is the least noisy single figure.
  echo "# ratio per round (PyTorch median / tinygen median of the same round), and their median:"
  for u in d_update g_update nce_update; do
    ratios=""
    for round in $(seq "$ROUNDS"); do
      ratios+=" $(awk -v t="$(value "${u}_us" "$tmp/torch.$round.txt")" \
                      -v r="$(value "${u}_us" "$tmp/rust.$round.txt")" 'BEGIN { printf "%.2f", t / r }')"
    done
    median="$(printf '%s\n' $ratios | sort -n | awk '{ v[NR] = $1 }
      END { printf "%.2f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')"
    printf '%-11s%s  -> median %s×\n' "$u" "$ratios" "$median"
  done
fi
echo "(tinygen nce_update cross-check, a whole Nce::train_epoch / its"\
     "$(value nce_updates_per_epoch "$tmp/rust.txt") updates: $(value nce_epoch_update_us "$tmp/rust.txt") µs)"

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
