#!/usr/bin/env bash
# The NCE main job's quality over many seeds, as a user would run it: for each seed,
# `tinygen -q -n N --data DATA --seed S ARGS… | tinygen eval --data DATA`, one CSV row per
# seed, then the median, the 10th and 90th percentiles and the worst seed of every metric.
#
#   bash scripts/quality-sweep.sh moons 3000 50          # 1000 points per run
#   bash scripts/quality-sweep.sh ring 3000 20           # 2500 points per run
#   bash scripts/quality-sweep.sh grid 3000 20 --epochs 2000
#
# Environment: TINYGEN (default target/release/tinygen), JOBS (parallel runs, default 2),
# OUT (the per-seed CSV, default /tmp/tinygen-sweep-DATA.csv).
set -euo pipefail
cd "$(dirname "$0")/.."

[ $# -ge 3 ] || { echo "usage: $0 moons|ring|grid FIRST_SEED COUNT [tinygen flags…]" >&2; exit 2; }
data=$1 first=$2 count=$3
shift 3
bin=${TINYGEN:-target/release/tinygen}
jobs=${JOBS:-2}
out=${OUT:-/tmp/tinygen-sweep-$data.csv}
case $data in
  moons) n=1000 cols="energy_ratio mmd2_ratio upper_fraction on_manifold arc_coverage" ;;
  ring | grid) n=2500 cols="modes high_quality reverse_kl energy_ratio" ;;
  *) echo "$0: data must be moons, ring or grid, not '$data'" >&2; exit 2 ;;
esac
[ -x "$bin" ] || cargo build --release -q -p tinygen-host

# One seed: its metrics as one CSV row (a failed run is a row that says so).
one() {
  local seed=$1 json
  shift
  if json=$("$bin" -q -n "$n" --data "$data" --seed "$seed" "$@" | "$bin" eval --data "$data" 2>&1); then
    local row=$seed
    for c in $cols; do
      row+=,$(grep -o "\"$c\":[^,}]*" <<<"$json" | cut -d: -f2)
    done
    echo "$row"
  else
    echo "$seed,failed: ${json//,/;}"
  fi
}
export -f one
export bin n data cols

{
  echo "seed,${cols// /,}"
  seq "$first" $((first + count - 1)) | xargs -P "$jobs" -I{} bash -c 'one "$@"' _ {} "$@" | sort -n
} >"$out"
echo "# $count seeds from $first: tinygen -q -n $n --data $data --seed S $* | tinygen eval --data $data"
echo "# per-seed rows: $out"

# Median, 10th/90th percentile (nearest rank) and the worst seed of each column. "Worst" is
# the largest ratio or KL, the smallest share or count, and for upper_fraction the farthest
# from 0.5.
awk -F, -v cols="$cols" '
  NR == 1 { next }
  $2 ~ /^failed/ { failed++; print "failed: seed " $1 " — " $2; next }
  {
    rows++
    for (i = 2; i <= NF; i++) { v[i, rows] = $i; seed[i, rows] = $1 }
  }
  END {
    ncol = split(cols, name, " ")
    printf "%-15s %10s %10s %10s %10s %s\n", "metric", "median", "p10", "p90", "worst", "(seed)"
    for (c = 1; c <= ncol; c++) {
      i = c + 1; m = 0
      for (r = 1; r <= rows; r++) if (v[i, r] != "null") { m++; x[m] = v[i, r] + 0; s[m] = seed[i, r] }
      for (a = 2; a <= m; a++) for (b = a; b > 1 && x[b - 1] > x[b]; b--) {
        t = x[b]; x[b] = x[b - 1]; x[b - 1] = t; t = s[b]; s[b] = s[b - 1]; s[b - 1] = t
      }
      high_bad = name[c] ~ /ratio|kl/
      w = high_bad ? m : 1
      if (name[c] == "upper_fraction") for (r = 1; r <= m; r++) if ((x[r] - 0.5)^2 > (x[w] - 0.5)^2) w = r
      printf "%-15s %10.4g %10.4g %10.4g %10.4g (%s)\n", name[c], x[int((m + 1) / 2)], \
        x[int(0.1 * m + 0.999)], x[int(0.9 * m + 0.999)], x[w], s[w]
      if (m < rows) printf "%-15s %d of %d runs have no value\n", "", rows - m, rows
    }
    if (failed) printf "%d runs failed\n", failed
  }' "$out"
