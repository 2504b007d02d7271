#!/usr/bin/env bash
# The HTML report in a real browser: headless Chromium (Debian's package,
# installed here when missing) loads the example's report with the network
# off. The page must load with no console error, show the cost chart and
# every finding. A screenshot is kept in target/html-report.png for review.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${TFREADY_BIN:-target/debug/tfready}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "html-check: installing Debian's chromium" >&2
    apt-get install -y -q chromium >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null 2>&1; } \
      || { echo "html-check: could not install chromium (apt-get install chromium)" >&2; exit 2; }
    browser=$(command -v chromium)
  else
    echo "html-check: Chromium is required (Debian: apt-get install chromium)" >&2
    exit 2
  fi
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p target
"$bin" audit examples/huron-pmo --format html -o "$work/report.html" || [ $? -eq 1 ]
expected=$("$bin" audit examples/huron-pmo --format json | .venv/bin/python -c 'import json,sys; print(len(json.load(sys.stdin)["findings"]))' || true)
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --user-data-dir="$work/profile" --enable-logging=stderr --log-level=0)
"$browser" "${flags[@]}" --dump-dom "file://$work/report.html" >"$work/dom.html" 2>"$work/console.log"
"$browser" "${flags[@]}" --window-size=1280,2200 --screenshot="$PWD/target/html-report.png" \
  "file://$work/report.html" >/dev/null 2>>"$work/console.log"
if grep -E 'CONSOLE|Uncaught|Failed to load resource' "$work/console.log" | grep -qv 'DevTools'; then
  grep -E 'CONSOLE|Uncaught|Failed to load resource' "$work/console.log" >&2
  echo "html-check: the page logged errors" >&2
  exit 1
fi
grep -q 'id="cost-chart"' "$work/dom.html" || { echo "html-check: no cost chart in the page" >&2; exit 1; }
bars=$(grep -o 'class="bar"' "$work/dom.html" | wc -l)
[ "$bars" -ge 2 ] || { echo "html-check: the chart has $bars bars" >&2; exit 1; }
rows=$(grep -o 'class="finding"' "$work/dom.html" | wc -l)
[ "$rows" -eq "$expected" ] || { echo "html-check: $rows findings on the page, $expected in the audit" >&2; exit 1; }
[ -s target/html-report.png ] || { echo "html-check: no screenshot" >&2; exit 1; }
echo "html report: loads in Chromium without errors, chart ($bars bars) and all $rows findings shown; screenshot in target/html-report.png: ok"
