#!/usr/bin/env bash
# Runs `tfready validate` over every directory holding .tf files under the
# given checkouts (roots, examples, modules, wrappers alike) and prints, per
# directory, the parse errors and the high-severity findings; then totals.
# Not part of the test command: it needs checkouts of public Terraform.
#
#   scripts/real-world.sh ~/src/terraform-aws-vpc ~/src/terraform-aws-eks ...
#
# TFREADY (default: target/release/tfready, else target/debug/tfready) is
# the binary run. Exit 1 when any directory has a parse error.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 DIR..." >&2
  exit 2
fi
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${TFREADY:-}
if [ -z "$bin" ]; then
  for b in "$here/target/release/tfready" "$here/target/debug/tfready"; do
    if [ -x "$b" ]; then bin=$b; break; fi
  done
fi
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
  echo "no tfready binary: cargo build --release, or set TFREADY" >&2
  exit 2
fi

dirs=0
parse_dirs=0
parse_errors=0
highs=0
for checkout in "$@"; do
  while IFS= read -r dir; do
    dirs=$((dirs + 1))
    out=$("$bin" validate "$dir" --format json --quiet 2>/dev/null || true)
    summary=$(printf '%s' "$out" | python3 -c '
import json, sys
try:
    doc = json.load(sys.stdin)
except ValueError:
    print("0 0")
    print("  tfready printed no JSON")
    sys.exit(0)
diags = [d for d in doc.get("diagnostics", []) if d.get("severity") == "error"]
highs = [f for f in doc.get("findings", []) if f.get("severity") in ("high", "critical")]
print(len(diags), len(highs))
for d in diags:
    loc = d.get("location") or {}
    print("  PARSE %s:%s %s" % (loc.get("file", "?"), loc.get("line", "?"), d.get("message", "")))
for f in highs:
    loc = f.get("location") or {}
    print("  HIGH  %s %s:%s %s" % (f.get("slug"), loc.get("file", "?"), loc.get("line", "?"), f.get("message", "")[:200]))
')
    read -r np nh <<<"$(printf '%s\n' "$summary" | head -n 1)"
    if [ "$np" -gt 0 ] || [ "$nh" -gt 0 ]; then
      echo "== $dir"
      printf '%s\n' "$summary" | tail -n +2
    fi
    if [ "$np" -gt 0 ]; then parse_dirs=$((parse_dirs + 1)); fi
    parse_errors=$((parse_errors + np))
    highs=$((highs + nh))
  done < <(find "$checkout" -name '*.tf' -not -path '*/.terraform/*' -not -path '*/.git/*' -printf '%h\n' | sort -u)
done

echo "directories: $dirs; parse errors: $parse_errors (in $parse_dirs directories); high findings: $highs"
if [ "$parse_errors" -gt 0 ]; then
  exit 1
fi
