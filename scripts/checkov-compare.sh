#!/usr/bin/env bash
# Runs checkov (from PyPI, in .venv-checkov/) on the example stack as it is
# and on the stack `tfready fix` produced, and prints the failed-check
# counts. Not part of the test suite: checkov takes a while.
#
#   scripts/checkov-compare.sh [BEFORE_DIR] [AFTER_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
before=${1:-examples/huron-pmo}
after=${2:-examples/huron-pmo-production}
if [ ! -x .venv-checkov/bin/checkov ]; then
  python3 -m venv .venv-checkov
  .venv-checkov/bin/pip install --quiet --disable-pip-version-check 'checkov==3.3.30'
fi
count() {
  # --skip-download: no network; failed checks summed over every runner.
  # checkov exits 1 when checks fail: that is the expected case here.
  { .venv-checkov/bin/checkov -d "$1" --framework terraform -o json --quiet --skip-download 2>/dev/null || true; } \
    | python3 -c 'import json,sys
d=json.load(sys.stdin)
runs = d if isinstance(d, list) else [d]
print(sum(r.get("summary", {}).get("failed", 0) for r in runs))'
}
b=$(count "$before")
a=$(count "$after")
printf '%-40s %s failed checks\n' "$before" "$b" "$after" "$a"
