#!/usr/bin/env bash
# The repository's pre-commit hooks (.pre-commit-hooks.yaml), run the way a
# user's repository runs them: `pre-commit try-repo` on a scratch git
# repository with one Terraform file, tfready on the PATH (target/debug).
# A clean file passes both hooks; a file with SSH open to the world fails
# the audit hook with the finding on one line.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
pc="$root/.venv/bin/pre-commit"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PATH="$root/target/debug:$PATH"
export PRE_COMMIT_HOME="$work/cache"
mkdir -p "$work/repo"
cd "$work/repo"
git init -q
cat >main.tf <<'TF'
variable "environment" {
  type    = string
  default = "dev"
}
TF
git add main.tf
git -c user.name=t -c user.email=t@example.org commit -qm init
"$pc" try-repo "$root" tfready-validate --all-files >"$work/validate.log" 2>&1 \
  || { cat "$work/validate.log" >&2; echo "pre-commit: tfready-validate failed on a clean file" >&2; exit 1; }
cat >>main.tf <<'TF'
resource "aws_security_group" "ssh" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
TF
git add main.tf
if "$pc" try-repo "$root" tfready-audit --all-files >"$work/audit.log" 2>&1; then
  cat "$work/audit.log" >&2
  echo "pre-commit: tfready-audit passed SSH open to the world" >&2
  exit 1
fi
grep -q "TFR151 \[high\] ssh-open" "$work/audit.log" \
  || { cat "$work/audit.log" >&2; echo "pre-commit: no concise finding in the hook's output" >&2; exit 1; }
echo "pre-commit hooks: tfready-validate and tfready-audit behave as documented: ok"
