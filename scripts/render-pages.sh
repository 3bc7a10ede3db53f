#!/usr/bin/env bash
# Print what a clerk prints, every page of it: the sample's report, the checked
# plan and one return form (定海's), through LibreOffice (headless) to PDF,
# then every page to PNG, to be looked at. With --docs, also copies the report's
# first page (概况) and second (汇总 page 1) to docs/ for the README.
#
#   bash scripts/render-pages.sh [OUT_DIR] [--docs]
#
# Needs LibreOffice, a Chinese font and poppler-utils (pdftoppm, pdfinfo):
#   apt-get install -y libreoffice-calc fonts-noto-cjk fonts-crosextra-carlito poppler-utils --no-install-recommends
# (without a Chinese font the pages show boxes where the characters go; without
# Carlito, metric twin of Excel's Calibri, LibreOffice measures columns wider than Excel)
set -euo pipefail
cd "$(dirname "$0")/.."
out=""
docs=false
for arg in "$@"; do
  case "$arg" in
    --docs) docs=true ;;
    *) out=$arg ;;
  esac
done
out=${out:-$(mktemp -d)}
mkdir -p "$out/forms"
cargo build --release --quiet
bin=target/release/huizong
plan=samples/zhoushan-2024/zhoushan-2024-breakdown.xlsx
"$bin" merge "$plan" samples/zhoushan-2024/returns-2024Q3 --period 2024Q3 \
  -o "$out/report.xlsx" >/dev/null || test $? -eq 1
"$bin" check "$plan" -o "$out/checked.xlsx" >/dev/null || test $? -eq 1
"$bin" template "$plan" --period 2024Q3 --unit 定海 -o "$out/forms" >/dev/null
cp "$out/forms/定海-2024Q3.xlsx" "$out/form.xlsx"
# A profile of our own, so that a LibreOffice already running elsewhere is left alone.
profile="file://$out/lo-profile"
for name in report checked form; do
  soffice -env:UserInstallation="$profile" --headless --convert-to pdf \
    --outdir "$out" "$out/$name.xlsx" >/dev/null 2>&1
  pages=$(pdfinfo "$out/$name.pdf" | awk '/^Pages:/ {print $2}')
  pdftoppm -r 70 -png "$out/$name.pdf" "$out/$name"
  echo "$out/$name.pdf: $pages pages -> $out/$name-*.png"
done
if $docs; then
  mkdir -p docs
  first=$(ls "$out"/report-*.png | sort | sed -n 1p)
  second=$(ls "$out"/report-*.png | sort | sed -n 2p)
  cp "$first" docs/report-overview.png
  cp "$second" docs/report-page1.png
  echo "docs/report-overview.png (概况), docs/report-page1.png (汇总, page 1)"
fi
