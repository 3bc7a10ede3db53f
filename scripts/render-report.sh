#!/usr/bin/env bash
# Print the sample's report the way a clerk would: merge the sample returns,
# let LibreOffice (headless) print the workbook to PDF, and turn page 1 and the
# chart page into PNGs. Regenerates docs/report-page1.png for the README.
# Needs LibreOffice and poppler-utils (pdftoppm):
#   apt-get install -y libreoffice-calc poppler-utils fonts-wqy-microhei --no-install-recommends
# (without a Chinese font the PNGs show boxes where the characters go)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-$(mktemp -d)}
mkdir -p "$out" docs
cargo run --release --quiet -- merge samples/zhoushan-2024/zhoushan-2024-breakdown.xlsx \
  samples/zhoushan-2024/returns-2024Q3 --period 2024Q3 -o "$out/report.xlsx" >/dev/null || test $? -eq 1
soffice --headless --convert-to pdf --outdir "$out" "$out/report.xlsx" >/dev/null 2>&1
pages=$(pdfinfo "$out/report.pdf" | awk '/^Pages:/ {print $2}')
pdftoppm -r 80 -png -f 1 -l 1 "$out/report.pdf" "$out/page"
pdftoppm -r 80 -png -f "$pages" -l "$pages" "$out/report.pdf" "$out/last"
cp "$out"/page-*1.png docs/report-page1.png
echo "$out/report.pdf: $pages pages (A3 landscape); page 1 -> docs/report-page1.png; chart page -> $(ls "$out"/last-*.png)"
