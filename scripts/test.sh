#!/usr/bin/env bash
# The whole test suite, as CI runs it: formatting, lints, and every test of
# every crate. Later steps (the AWS emulator for the live commands) install
# and start what they need here, under .venv/, and stop it on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
