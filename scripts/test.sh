#!/usr/bin/env bash
# The whole test suite, as CI runs it: formatting, lints, every test of
# every crate (the AWS layer's against a local moto server), and the checks
# that need Python tools (SARIF schema validation), installed into .venv/.
set -euo pipefail
cd "$(dirname "$0")/.."

# What the tests need, checked first: a clear message now rather than a
# failure ten minutes in.
missing() {
  echo "scripts/test.sh: $1" >&2
  exit 2
}
command -v python3 >/dev/null 2>&1 || missing "python3 is required (Python 3.9 or later)"
python3 -c 'import venv, ensurepip' 2>/dev/null \
  || missing "python3's venv module is required (Debian: apt install python3-venv)"
for tool in node npm; do
  command -v "$tool" >/dev/null 2>&1 \
    || missing "Node.js 20 or later and npm are required (the provider schema check): no $tool"
done
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' \
  || missing "Node.js 20 or later is required (found $(node --version))"
cargo fmt --version >/dev/null 2>&1 || missing "rustfmt is required (rustup component add rustfmt)"
cargo clippy --version >/dev/null 2>&1 || missing "clippy is required (rustup component add clippy)"

# Python tools, in a venv of the project's own (rebuilt when requirements change).
if [ ! -x .venv/bin/python ] || ! cmp -s scripts/requirements-test.txt .venv/requirements.txt; then
  rm -rf .venv
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r scripts/requirements-test.txt
  cp scripts/requirements-test.txt .venv/requirements.txt
fi

# Prices: no test reads the developer's price cache or asks AWS for prices
# (the live-price tests use their own cache and a local Price List server).
TFREADY_CACHE_DIR="$(mktemp -d)"
export TFREADY_CACHE_DIR TFREADY_OFFLINE=1
trap 'rm -rf "$TFREADY_CACHE_DIR"' EXIT

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
# Everything but the live AWS layer, whose tests need the emulator.
# The fix corpus checks user-data scripts with the venv's shellcheck, and
# must not skip that here.
TFREADY_REQUIRE_SHELLCHECK=1 cargo test --workspace --exclude tfready-aws --locked
# The live commands against moto (started and stopped by the wrapper).
scripts/with-moto.sh bash -c 'cargo test -p tfready-aws --locked && scripts/live-smoke.sh'

# The provider schema is what the extraction script makes from the pinned
# npm package (downloaded from the npm registry, checked against its hash).
node scripts/schema/extract-aws-schema.mjs --check

# SARIF against the official schema: the example and a project with
# suppressions and input errors.
out=target/sarif-check
mkdir -p "$out"
bin=target/debug/tfready
"$bin" audit examples/huron-pmo --format sarif > "$out/example.sarif" || [ $? -eq 1 ]
"$bin" audit crates/rules/tests/fixtures-suppress/inline --format sarif > "$out/suppressed.sarif" || [ $? -eq 1 ]
"$bin" audit crates/rules/src/rules/invalid_suppression/fixtures/bad --format sarif > "$out/invalid-suppression.sarif" || [ $? -eq 1 ]
.venv/bin/python scripts/check_sarif.py "$out"/*.sarif

# The pre-commit hooks, as a user's repository runs them.
scripts/pre-commit-check.sh

# The HTML report in headless Chromium (installed when missing).
scripts/html-check.sh
