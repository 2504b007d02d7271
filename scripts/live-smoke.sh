#!/usr/bin/env bash
# The README's live commands against the emulator (run under
# scripts/with-moto.sh): bootstrap-state twice on a copy of the example,
# then verify. Fails on any unexpected output or exit code.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${AWS_ENDPOINT_URL:?run me through scripts/with-moto.sh}"
bin=${TFREADY_BIN:-target/debug/tfready}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r examples/huron-pmo "$work/stack"
bucket="tfready-smoke-$RANDOM$RANDOM"

first=$("$bin" bootstrap-state "$work/stack" --bucket "$bucket" --yes)
grep -q "Backend block written in main.tf" <<<"$first" || { echo "first run: $first" >&2; exit 1; }
grep -q "terraform init -migrate-state" <<<"$first" || { echo "no migration steps: $first" >&2; exit 1; }
grep -q "bucket *= \"$bucket\"" "$work/stack/main.tf" || { echo "backend not written" >&2; exit 1; }
grep -q "State lives on the deploy workstation" "$work/stack/main.tf" || { echo "comment lost" >&2; exit 1; }

second=$("$bin" bootstrap-state "$work/stack" --bucket "$bucket" --yes)
grep -q "Nothing to change" <<<"$second" || { echo "second run changed something: $second" >&2; exit 1; }
grep -q "already points at the bucket" <<<"$second" || { echo "second run rewrote the backend: $second" >&2; exit 1; }

set +e
out=$("$bin" verify "$work/stack")
code=$?
set -e
# The emulated account has the state bucket and nothing else: FAILs are expected.
[ "$code" -eq 1 ] || { echo "verify exit $code: $out" >&2; exit 1; }
grep -Eq "^PASS state-bucket" <<<"$out" || { echo "state bucket not verified: $out" >&2; exit 1; }
echo "live smoke: bootstrap-state (twice) and verify against the emulator: ok"
