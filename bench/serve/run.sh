#!/usr/bin/env bash
# huizong serve against the CLI, same files (issue 15's goal: a merge of 1,000
# returns through the API in no more than 1.3 × the CLI's time):
#   bash bench/serve/run.sh [N]            (default 1000; RUNS=3 runs each)
# Makes N returns with bench/scale/make_scale.py (once, kept in $WORK), then
# times, alternating, best of $RUNS:
#   cli   huizong merge PLAN RETURNS… --period 2024Q3 --json -o report.xlsx
#   api   curl POST /api/merge with the same files (multipart, as the page
#         sends them), then GET the report: upload, read, merge, render, download
# and prints both and the ratio. A benchmark, not a test: timings on a shared
# 2-core machine wander. Needs python3 with openpyxl, curl.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-1000}
runs=${RUNS:-3}
work=${WORK:-/tmp/huizong-scale}
dir="$work/n$n"
[ -f "$dir/plan.xlsx" ] || python3 bench/scale/make_scale.py "$n" "$dir"
cargo build --release --quiet
bin=$PWD/target/release/huizong
out=$(mktemp -d)
log="$out/serve.log"
"$bin" serve --port 0 --no-open >"$out/address" 2>"$log" &
server=$!
trap 'kill -INT $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$out"' EXIT
for _ in $(seq 100); do [ -s "$out/address" ] && break; sleep 0.1; done
address=$(head -1 "$out/address")
base=${address%%/?token=*}
token=${address##*token=}
# The CLI reads the files under the bare names the page sends (links in a
# folder of their own), so that both reports name them alike.
mkdir "$out/files"
ln -s "$dir/plan.xlsx" "$out/files/plan.xlsx"
names=()
for f in "$dir"/returns/*.xlsx; do
  ln -s "$f" "$out/files/$(basename "$f")"
  names+=("$(basename "$f")")
done
form=(-F "plan=@$dir/plan.xlsx" -F period=2024Q3)
for f in "${names[@]}"; do form+=(-F "returns=@$dir/returns/$f"); done
now() { date +%s.%N; }
best_cli=999999 best_api=999999
for run in $(seq "$runs"); do
  t0=$(now)
  (cd "$out/files" && "$bin" merge plan.xlsx "${names[@]}" --period 2024Q3 --json --quiet -o ../cli.xlsx >../cli.json) || true
  t1=$(now)
  curl -sS -H "X-Huizong-Token: $token" "${form[@]}" "$base/api/merge" >"$out/api.json"
  link=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["report"])' "$out/api.json")
  curl -sS -H "X-Huizong-Token: $token" -o "$out/api.xlsx" "$base$link"
  t2=$(now)
  cli=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
  api=$(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.3f", b - a }')
  echo "run $run: cli ${cli}s  api ${api}s"
  best_cli=$(awk -v a="$cli" -v b="$best_cli" 'BEGIN { print (a < b ? a : b) }')
  best_api=$(awk -v a="$api" -v b="$best_api" 'BEGIN { print (a < b ? a : b) }')
done
cmp -s "$out/cli.xlsx" "$out/api.xlsx" && same="the same report bytes" || same="REPORTS DIFFER"
printf 'N=%s returns: cli %.2f s, api %.2f s, api/cli %.2f (goal ≤ 1.30); %s\n' \
  "$n" "$best_cli" "$best_api" "$(awk -v a="$best_api" -v b="$best_cli" 'BEGIN { print a / b }')" "$same"
