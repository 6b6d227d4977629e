#!/usr/bin/env bash
# Regenerates the README's pictures of the office outputs from the demo campaign as of 2024-09-20.
# Needs LibreOffice (soffice), headless Chromium and pdftoppm (apt: libreoffice-calc-nogui
# libreoffice-writer-nogui chromium-headless-shell poppler-utils fonts-noto-cjk).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
q() { .venv/bin/qmonth "$@" -f examples/demo-campaign.toml --today 2024-09-20; }
q export xlsx -o "$tmp/ledger.xlsx"
q report -o "$tmp/report.docx"
q report -o "$tmp/report.html"
soffice -env:UserInstallation="file://$tmp/profile" --headless --convert-to pdf --outdir "$tmp" \
  "$tmp/ledger.xlsx" "$tmp/report.docx" >/dev/null
# 进度总表 (page 1, its top left), 汇总 with its chart (the last page but one; the trend is the last), the Word document's first page
pdftoppm -r 130 -png -singlefile -f 1 -l 1 -x 0 -y 30 -W 1500 -H 620 "$tmp/ledger.pdf" docs/workbook-progress
last=$(pdfinfo "$tmp/ledger.pdf" | awk '/^Pages:/ {print $2}')
summary=$((last - 1))
pdftoppm -r 80 -png -singlefile -f "$summary" -l "$summary" -x 0 -y 0 -W 930 -H 600 "$tmp/ledger.pdf" docs/workbook-summary
pdftoppm -r 70 -png -singlefile -f 1 -l 1 "$tmp/report.pdf" docs/report-docx
chromium-headless-shell --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=900,1250 \
  --screenshot="$PWD/docs/report-html.png" "file://$tmp/report.html" 2>/dev/null
ls -l docs/*.png
