#!/usr/bin/env bash
# tinygen vs JAX on one whole GAN run, on CPU 0 of this machine. See bench/README.md.
#
#   TINYGEN=/path/to/tinygen PYTHON=/path/to/venv/bin/python bash bench/whole_run.sh
#   ROUNDS=5 EPOCHS=200 D_STEPS=10 G_STEPS=1 SEED=1 bash bench/whole_run.sh
#
# One round is one `tinygen gan -q --epochs EPOCHS --d-steps D_STEPS --g-steps G_STEPS --seed
# SEED` (wall time of the process, from `date +%s%N`) and then one
# `bench/jax_baseline.py --whole-run` with the same settings (its run time after compiling;
# the compile time is shown apart). Both sides are divided by the run's number of updates:
# EPOCHS x 10 minibatches (1000 points, batch 100) x (D_STEPS + G_STEPS), 22000 at the
# defaults. The sides alternate ROUNDS times (default 3), as in compare.sh, so a slow spell of
# the shared VM has the same chances of hitting either.
#
# TINYGEN defaults to target/release/tinygen; this script builds nothing (`cargo build
# --release -p tinygen-host --bin tinygen` makes it). JAX is optional: without it the JAX
# column reads n/a. PyTorch is not run: bench/pytorch_baseline.py times single updates only
# and has no whole-run mode.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
TINYGEN="${TINYGEN:-target/release/tinygen}"
ROUNDS="${ROUNDS:-3}"
EPOCHS="${EPOCHS:-200}"
D_STEPS="${D_STEPS:-10}"
G_STEPS="${G_STEPS:-1}"
SEED="${SEED:-1}"
POINTS=1000 # TRAINING_POINTS
BATCH=100   # GanConfig::DEFAULT.batch_size, which `tinygen gan` uses without --batch-size
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

if [ ! -x "$TINYGEN" ]; then
  echo "whole_run.sh: no tinygen binary at $TINYGEN; build it with" \
       "\`cargo build --release -p tinygen-host --bin tinygen\` or set TINYGEN" >&2
  exit 1
fi
pin=()
if command -v taskset >/dev/null; then pin=(taskset -c 0); fi

updates=$(( EPOCHS * ((POINTS + BATCH - 1) / BATCH) * (D_STEPS + G_STEPS) ))
echo "# machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'),"\
     "$(nproc) cores, $(grep -m1 'cpu MHz' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') MHz;"\
     "load average $(cut -d' ' -f1-3 /proc/loadavg)"
# One core per side: without taskset, TINYGEN_THREADS=1 still keeps tinygen's discriminator
# updates off a second core.
tinygen_cmd=(env TINYGEN_THREADS=1 "${pin[@]}" "$TINYGEN" gan -q --epochs "$EPOCHS" --d-steps "$D_STEPS"
             --g-steps "$G_STEPS" --seed "$SEED")
jax_cmd=("${pin[@]}" "$PYTHON" bench/jax_baseline.py --whole-run --epochs "$EPOCHS"
         --d-steps "$D_STEPS" --g-steps "$G_STEPS" --seed "$SEED" --runs 1)
echo "# tinygen: ${tinygen_cmd[*]} > /dev/null"
echo "# jax:     ${jax_cmd[*]}"
echo "# pytorch: not run (bench/pytorch_baseline.py has no whole-run mode)"
echo "# $EPOCHS epochs x $(( (POINTS + BATCH - 1) / BATCH )) minibatches x ($D_STEPS D + $G_STEPS G) = $updates updates per run"

value() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }
median() {
  sort -g | awk '{ v[NR] = $1 }
    END { if (NR) printf "%.2f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
lowest() { sort -g | head -n1; }

jax_ok=1
: >"$tmp/tinygen.us"; : >"$tmp/jax.us"; : >"$tmp/ratio"
echo
printf '%-6s %11s %12s %10s %12s %14s %12s\n' round "tinygen s" "tinygen µs" "JAX s" "JAX µs" "JAX compile s" "JAX/tinygen"
for round in $(seq "$ROUNDS"); do
  start=$(date +%s%N)
  "${tinygen_cmd[@]}" >/dev/null
  end=$(date +%s%N)
  t_s=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
  t_us=$(awk -v s="$t_s" -v n="$updates" 'BEGIN { printf "%.2f", s * 1e6 / n }')
  echo "$t_us" >>"$tmp/tinygen.us"

  j_s="n/a" j_us="n/a" j_c="n/a" ratio="n/a"
  if [ "$jax_ok" = 1 ]; then
    if "${jax_cmd[@]}" >"$tmp/jax.$round.txt" 2>"$tmp/jax.err"; then
      [ "$round" = 1 ] && grep '^#' "$tmp/jax.1.txt" | grep -v "^# run times" >"$tmp/jax.notes" || true
      j_s=$(value jax_whole_run_s "$tmp/jax.$round.txt")
      j_us=$(value jax_whole_run_us_per_update "$tmp/jax.$round.txt")
      j_c=$(value jax_whole_run_compile_s "$tmp/jax.$round.txt")
      if [ "$(value jax_whole_run_updates "$tmp/jax.$round.txt")" != "$updates" ]; then
        echo "whole_run.sh: JAX counted $(value jax_whole_run_updates "$tmp/jax.$round.txt") updates, not $updates" >&2
        exit 1
      fi
      ratio=$(awk -v j="$j_us" -v t="$t_us" 'BEGIN { printf "%.2f", j / t }')
      echo "$j_us" >>"$tmp/jax.us"
      echo "$ratio" >>"$tmp/ratio"
    else
      sed 's/^/#   /' "$tmp/jax.err"
      echo "# (JAX column left empty)"
      jax_ok=0
    fi
  fi
  printf '%-6s %11s %12s %10s %12s %14s %12s\n' "$round" "$t_s" "$t_us" "$j_s" "$j_us" "$j_c" "$ratio"
done
[ -s "$tmp/jax.notes" ] 2>/dev/null && cat "$tmp/jax.notes" || true

echo
t_low=$(lowest <"$tmp/tinygen.us"); t_med=$(median <"$tmp/tinygen.us")
printf '%-33s %12s %12s %12s\n' "µs per update over $ROUNDS rounds" tinygen JAX JAX/tinygen
if [ "$jax_ok" = 1 ]; then
  j_low=$(lowest <"$tmp/jax.us"); j_med=$(median <"$tmp/jax.us")
  printf '%-33s %12s %12s %12s\n' lowest "$t_low" "$j_low" \
    "$(awk -v j="$j_low" -v t="$t_low" 'BEGIN { printf "%.2f×", j / t }')"
  printf '%-33s %12s %12s %12s\n' median "$t_med" "$j_med" \
    "$(awk -v j="$j_med" -v t="$t_med" 'BEGIN { printf "%.2f×", j / t }')"
  printf '%-33s %12s %12s %12s\n' "median of the rounds' ratios" "" "" "$(median <"$tmp/ratio")×"
else
  printf '%-33s %12s %12s %12s\n' lowest "$t_low" n/a n/a
  printf '%-33s %12s %12s %12s\n' median "$t_med" n/a n/a
fi
