#!/usr/bin/env bash
# Runs every cargo-fuzz target (fuzz/fuzz_targets/) for a bounded time, each
# seeded from the repo's own Terraform (examples, rule and validate
# fixtures), and prints the executions and the outcome of each.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default 600 s, all)
#
# Needs the nightly toolchain and cargo-fuzz (installed when missing). Not
# part of the test command: a crash it finds is saved under
# fuzz/artifacts/TARGET/ and becomes a regression test: fix_converges cases
# go to crates/fix/tests/fixtures/fuzz/ (crates/fix/tests/fuzz_regressions.rs),
# loader cases to the hostile corpus (crates/cli/tests/hostile.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(load_file direct_parse load_modules tfvars eval_expr fix_converges hostile_values)
fi
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
(cd fuzz && cargo +nightly fuzz build -O)

# Seeds, regenerated each run (fuzz/corpus is not committed).
python3 - <<'PY'
import os, pathlib, re
root = pathlib.Path(".")
srcs = [p for d in ("examples", "crates/validate/tests/fixtures",
                    "crates/cli/tests/fixtures", "crates/rules/src/rules")
        for p in sorted((root / d).rglob("*")) if p.is_file()]
def seed(target, name, data):
    d = root / "fuzz/corpus" / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data)
for i, p in enumerate(srcs):
    data = p.read_bytes()[:200_000]
    n = f"s{i:05}"
    if p.name.endswith(".tf"):
        seed("load_file", n, b"\x00" + data)
        seed("fix_converges", n, data)
        seed("direct_parse", n, data)
        seed("load_modules", n, data + b"\xff" + data)
        for j, line in enumerate(data.decode("utf-8", "replace").splitlines()):
            m = re.match(r"\s*[\w-]+\s*=\s*(.+)$", line)
            if m and len(m.group(1)) > 3:
                seed("eval_expr", f"{n}-{j}", m.group(1).encode())
    elif p.name.endswith(".tf.json"):
        seed("load_file", n, b"\x01" + data)
    elif p.name.endswith(".tfvars"):
        seed("tfvars", n, b"\x00" + data)
    elif p.name.endswith(".tfvars.json"):
        seed("tfvars", n, b"\x01" + data)
# Hostile values: strings separated by \x1f (quotes, template markers,
# markup, table pipes, CDATA ends, control characters).
for i, vals in enumerate([
    ['acme"web', 'prod', 'a\\b', '</script>', 'x|y', ']]>', '${var.x}', 'pa$$w0rd'],
    ['%{if true}x%{endif}', 'dev\nstaging', '`code`', '<&>', '|||', 'CDATA]]>', "'; rm -rf /", '"'],
]):
    seed("hostile_values", f"h{i}", "\x1f".join(vals).encode())
# The whole example as one file: every fixer has something to do.
ex = b"\n".join(p.read_bytes() for p in sorted((root / "examples/huron-pmo").rglob("*.tf")))
seed("fix_converges", "huron-all", ex)
PY

status=0
for t in "${targets[@]}"; do
  log="fuzz/artifacts/$t.log"
  mkdir -p fuzz/artifacts
  set +e
  (cd fuzz && cargo +nightly fuzz run -O "$t" -- -max_total_time="$secs" -rss_limit_mb=4096 \
      -timeout=30 -print_final_stats=1 -close_fd_mask=3) >"$log" 2>&1
  rc=$?
  set -e
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  if [ $rc -eq 0 ]; then
    printf '%-14s %6ss  %10s execs  no crash\n' "$t" "$secs" "${execs:-?}"
  else
    status=1
    printf '%-14s %6ss  %10s execs  FAILED (exit %s): see %s and fuzz/artifacts/%s/\n' \
      "$t" "$secs" "${execs:-?}" "$rc" "$log" "$t"
  fi
done
exit $status
