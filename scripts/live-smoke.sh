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

# verify --exercise restore, interrupted (Ctrl-C) while it waits for the
# restored copy: the copy is deleted before verify exits. The wrapper keeps
# the copy "creating" (an "answer" rule of scripts/moto/server.py).
py=.venv/bin/python
db="smoke-db-$RANDOM"
mkdir -p "$work/db"
printf 'resource "aws_db_instance" "db" {\n  identifier     = "%s"\n  engine         = "postgres"\n  instance_class = "db.t3.micro"\n}\n' "$db" >"$work/db/main.tf"
"$py" scripts/moto/seed_interrupt.py "$db"
copies() {
  "$py" scripts/moto/seed_interrupt.py --copies
}
"$bin" verify "$work/db" --exercise restore --yes --format json >"$work/exercise.json" &
pid=$!
for _ in $(seq 1 100); do
  [ -n "$(copies)" ] && break
  sleep 0.3
done
[ -n "$(copies)" ] || { echo "the restore never started" >&2; kill "$pid"; exit 1; }
kill -INT "$pid"
set +e
wait "$pid"
code=$?
set -e
"$py" scripts/moto/seed_interrupt.py --clear
[ "$code" -eq 1 ] || { echo "interrupted verify exit $code" >&2; cat "$work/exercise.json" >&2; exit 1; }
[ -z "$(copies)" ] || { echo "the restored copy was left: $(copies)" >&2; exit 1; }
grep -q "interrupted (Ctrl-C)" "$work/exercise.json" || { echo "no interruption reported" >&2; cat "$work/exercise.json" >&2; exit 1; }
echo "live smoke: bootstrap-state (twice), verify, and an interrupted --exercise restore against the emulator: ok"
