#!/usr/bin/env bash
# Regenerate the README's pictures: the sample report's 概况 (its first page)
# and 汇总's first page (its second), as LibreOffice prints them, into docs/.
# Every page of the report, the checked plan and a form is rendered on the way
# (scripts/render-pages.sh, which says what it needs).
#   bash scripts/render-report.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
exec bash scripts/render-pages.sh "$@" --docs
