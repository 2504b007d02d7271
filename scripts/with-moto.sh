#!/usr/bin/env bash
# Runs a command against a local AWS API emulator (moto), e.g.
#   scripts/with-moto.sh cargo test -p tfready-aws
#
# Installs moto into .venv/ when it is missing (scripts/requirements-moto.txt),
# starts moto's server app (through scripts/moto/server.py, which patches one
# response the Rust SDK would reject) on 127.0.0.1 on a free port, waits until
# it answers, exports AWS_ENDPOINT_URL and test credentials, runs the command,
# stops moto on exit and exits with the command's status.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

if [ $# -eq 0 ]; then
  echo "usage: scripts/with-moto.sh COMMAND [ARGS...]" >&2
  exit 2
fi

venv="$root/.venv"
req="$root/scripts/requirements-moto.txt"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! cmp -s "$req" "$venv/requirements-moto.txt" \
  || ! "$venv/bin/python" -c 'import moto.server, flask' 2>/dev/null; then
  echo "with-moto: installing moto into $venv" >&2
  # The venv is shared with scripts/test.sh: keep its pins where both need a package.
  constraints=()
  if [ -f "$root/scripts/requirements-test.txt" ]; then
    constraints=(-c "$root/scripts/requirements-test.txt")
  fi
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req" "${constraints[@]}"
  cp "$req" "$venv/requirements-moto.txt"
fi

workdir="$(mktemp -d)"
moto_pid=""
cleanup() {
  if [ -n "$moto_pid" ] && kill -0 "$moto_pid" 2>/dev/null; then
    kill "$moto_pid" 2>/dev/null || true
    wait "$moto_pid" 2>/dev/null || true
  fi
  rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$venv/bin/python" "$root/scripts/moto/server.py" "$workdir/port" >"$workdir/moto.log" 2>&1 &
moto_pid=$!

# Wait for the port file, then for an answer (at most ~30 s).
for _ in $(seq 1 300); do
  if [ -s "$workdir/port" ]; then
    port="$(cat "$workdir/port")"
    if "$venv/bin/python" - "$port" <<'PY' 2>/dev/null; then
import sys, urllib.request
urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/moto-api/", timeout=2).read()
PY
      break
    fi
  fi
  if ! kill -0 "$moto_pid" 2>/dev/null; then
    echo "with-moto: moto exited before it answered; its log:" >&2
    cat "$workdir/moto.log" >&2
    exit 1
  fi
  sleep 0.1
done
if [ -z "${port:-}" ]; then
  echo "with-moto: moto did not start within 30 s; its log:" >&2
  cat "$workdir/moto.log" >&2
  exit 1
fi

export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
export AWS_ACCESS_KEY_ID=testing
export AWS_SECRET_ACCESS_KEY=testing
export AWS_REGION=us-east-1
export AWS_DEFAULT_REGION=us-east-1
unset AWS_PROFILE AWS_SESSION_TOKEN
echo "with-moto: moto $("$venv/bin/python" -c 'import moto; print(moto.__version__)') at $AWS_ENDPOINT_URL (pid $moto_pid)" >&2

status=0
"$@" || status=$?
exit "$status"
