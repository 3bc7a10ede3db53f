#!/usr/bin/env bash
# The scale benchmark (issue 6), one run, same generated files for every tool:
#   bash bench/scale/run.sh [N ...]        (default: 100 1000 3000)
# For each N: make a synthetic plan with N units and N returns (make_scale.py),
# then time, with /usr/bin/time -v (wall time, peak RSS):
#   floor-1     calamine alone reading every cell, one thread (examples/floor.rs)
#   floor-mt    the same on every core
#   merge       huizong merge, report to stdout only
#   merge -o    huizong merge writing the report workbook
#   pandas      a pandas + openpyxl script doing the same merge (pandas_merge.py)
#   pandas-cal  the same with pandas' calamine engine
# and writes the table to bench/scale/results.md (copy it into BENCHMARKS.md).
# Ours and the floor: medians of RUNS=3 runs; the pandas scripts run once.
# Needs: pip install openpyxl pandas python-calamine
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes=("${@:-100 1000 3000}")
[ $# -eq 0 ] && sizes=(100 1000 3000)
work=${WORK:-/tmp/huizong-scale}
cargo build --release --quiet
cargo build --release --quiet --example floor
bin=target/release/huizong
floor=target/release/examples/floor
out=bench/scale/results.md
measure() { # label command...: prints "seconds peak_MB"
  local log; log=$(mktemp)
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || true
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident/ {print int($2/1024)}' "$log")
  rm -f "$log"
  echo "$wall $rss"
}
# The median of RUNS (default 3) runs of a command, wall time and peak RSS
# each: the fast commands are noisy on a shared machine.
median() { # command...: prints "seconds peak_MB"
  local runs=${RUNS:-3} walls=() rsss=() w r
  for _ in $(seq "$runs"); do
    read -r w r < <(measure "$@")
    walls+=("$w"); rsss+=("$r")
  done
  local mid=$(( (runs + 1) / 2 ))
  echo "$(printf '%s\n' "${walls[@]}" | sort -g | sed -n "${mid}p") $(printf '%s\n' "${rsss[@]}" | sort -g | sed -n "${mid}p")"
}
{
  echo "| N | tool | wall s | peak RSS MB | ratio |"
  echo "| --- | --- | --- | --- | --- |"
} > "$out"
for n in "${sizes[@]}"; do
  dir="$work/n$n"
  [ -f "$dir/plan.xlsx" ] || python3 bench/scale/make_scale.py "$n" "$dir"
  read -r f1 r1 < <(median "$floor" "$dir/returns")
  read -r fm rm < <(median "$floor" "$dir/returns" --threads)
  read -r m0 r0 < <(median "$bin" merge "$dir/plan.xlsx" "$dir/returns" --period 2024Q3 --quiet)
  read -r mo ro < <(median "$bin" merge "$dir/plan.xlsx" "$dir/returns" --period 2024Q3 --quiet -o "$dir/report.xlsx")
  read -r p1 pr1 < <(measure python3 bench/scale/pandas_merge.py "$dir/plan.xlsx" "$dir/returns" "$dir/pandas.xlsx" --engine openpyxl)
  read -r p2 pr2 < <(measure python3 bench/scale/pandas_merge.py "$dir/plan.xlsx" "$dir/returns" "$dir/pandas-cal.xlsx" --engine calamine)
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
  {
    echo "| $n | calamine floor, 1 thread | $f1 | $r1 | |"
    echo "| $n | calamine floor, all cores | $fm | $rm | 1.00 |"
    echo "| $n | huizong merge | $m0 | $r0 | merge/floor $(ratio "$m0" "$fm") |"
    echo "| $n | huizong merge -o | $mo | $ro | merge/floor $(ratio "$mo" "$fm") |"
    echo "| $n | pandas + openpyxl | $p1 | $pr1 | pandas/merge -o $(ratio "$p1" "$mo") |"
    echo "| $n | pandas + calamine engine | $p2 | $pr2 | pandas/merge -o $(ratio "$p2" "$mo") |"
  } >> "$out"
done
cat "$out"
