#!/usr/bin/env bash
# Does the sample report open in a real spreadsheet program? Merge the sample
# returns into a report, let LibreOffice (headless) open it and print it to PDF.
# Needs LibreOffice: apt-get install -y libreoffice-calc --no-install-recommends
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
cargo run --release --quiet -- merge samples/zhoushan-2024/zhoushan-2024-breakdown.xlsx \
  samples/zhoushan-2024/returns-2024Q3 --period 2024Q3 -o "$out/report.xlsx" >/dev/null || test $? -eq 1
soffice --headless --convert-to pdf --outdir "$out" "$out/report.xlsx" >/dev/null 2>&1
test -s "$out/report.pdf" || { echo "LibreOffice could not open the report" >&2; exit 1; }
pages=$(strings "$out/report.pdf" | grep -c "/Type */Page[^s]" || true)
echo "the report opens in LibreOffice and prints to $out/report.pdf ($pages pages)"
