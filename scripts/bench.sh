#!/usr/bin/env bash
# The performance benchmark (not a test). Generates the corpora, then times,
# in one run: the parse floor (hcl-edit alone on the same files, one thread;
# serde_json alone for a plan), tfready audit in each output format, validate
# and cost (wall and peak RSS; median of RUNS), and checkov when it is
# installed or BENCH_CHECKOV=1 (installed into .venv-checkov/). Writes the
# table to bench/RESULTS.md and into the README between its bench markers.
#
#   scripts/bench.sh [RUNS]
#
# BENCH_CHECKOV_TIMEOUT caps each checkov run (seconds, default 600).
# BENCH_TABLE_ONLY=1 rewrites the table from the last run's
# bench/out/results.txt without measuring again.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
out=bench/out
mkdir -p "$out"
# The table alone needs no build.
[ "${BENCH_TABLE_ONLY:-0}" = 1 ] || cargo build --release --locked -p tfready -p xtask
bin=target/release/tfready
xtask=target/release/xtask

corpus() { # name files flags... -> its path
  local name=$1 files=$2
  shift 2
  local dest="$out/corpus-$name"
  case " $* " in *" --plan "*) dest="$dest.json" ;; esac
  if [ ! -e "$dest" ] || [ ! -s "$out/corpus-$name.stats" ]; then
    rm -rf "$dest"
    "$xtask" corpus --files "$files" --seed 7 --out "$dest" "$@" > "$out/corpus-$name.stats"
  fi
  echo "$dest"
}

instances() { grep -o '[0-9]* resource instances' "$out/corpus-$1.stats" | grep -o '^[0-9]*'; }

# Median "wall rss_kb" of RUNS runs of a command (its output discarded).
measure() {
  local rows=()
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" > /dev/null 2>&1 || true
    rows+=("$(tail -1 "$out/time.txt")")
  done
  printf '%s\n' "${rows[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

if [ "${BENCH_CHECKOV:-0}" = 1 ] && [ ! -x .venv-checkov/bin/checkov ]; then
  python3 -m venv .venv-checkov && .venv-checkov/bin/pip install --quiet 'checkov==3.3.30'
fi

results="$out/results.txt"
if [ "${BENCH_TABLE_ONLY:-0}" != 1 ]; then
  : > "$results"
  # Corpora whose size depends on another's: flat ones with as many
  # resource instances as the nested ones.
  corpus deep 1000 --deep > /dev/null
  corpus large 1000 > /dev/null
  corpus downloaded 1000 --downloaded > /dev/null
  flat_equal=$(( 1000 * $(instances deep) / $(instances large) ))
  flat_downloaded=$(( 1000 * $(instances downloaded) / $(instances large) ))
  # name:files:flags (flags space-separated); "small" is the embedded example.
  specs=(
    "small:0:"
    "medium:200:"
    "large:1000:"
    "heavy:1000:--bad 100 --per-file 40"
    "deep:1000:--deep"
    "flat-equal:$flat_equal:"
    "monorepo:300:--monorepo"
    "downloaded:1000:--downloaded"
    "flat-downloaded:$flat_downloaded:"
    "plan:10000:--plan"
  )
  for spec in "${specs[@]}"; do
    IFS=: read -r name files flags <<< "$spec"
    if [ "$name" = small ]; then
      path=examples/huron-pmo
    else
      # shellcheck disable=SC2086 # flags are words
      path=$(corpus "$name" "$files" $flags)
    fi
    recursive=()
    [ "$name" = monorepo ] && recursive=(--recursive)
    if [ -f "$path" ]; then
      bytes=$(wc -c < "$path")
      nfiles=1
    else
      bytes=$(find "$path" -name '*.tf' -print0 | xargs -0 cat | wc -c)
      nfiles=$(find "$path" -name '*.tf' | wc -l)
    fi
    floor=$("$xtask" parse "$path" --threads 1 | sed -E 's/.* ([0-9.]+) s, .*/\1/')
    # tfready exits 1 when it finds something: not a failure here.
    findings=$({ "$bin" audit "$path" "${recursive[@]}" --format json 2> /dev/null || true; } \
      | python3 -c 'import json,sys; d=json.load(sys.stdin); print(sum(len(r.get("findings", [])) for r in d.get("roots", [d])))')
    row="$name $nfiles $bytes $findings $floor"
    for format in terminal json sarif concise; do
      row="$row $(measure "$bin" audit "$path" "${recursive[@]}" --format "$format")"
    done
    row="$row $(measure "$bin" validate "$path" "${recursive[@]}" --quiet)"
    row="$row $(measure "$bin" cost "$path" "${recursive[@]}" --offline)"
    checkov="- -"
    # checkov on the 70 MB flat corpora would take hours: not measured.
    if [ -x .venv-checkov/bin/checkov ] && [[ "$name" != flat-* ]]; then
      target=(-d "$path" --framework terraform)
      [ -f "$path" ] && target=(-f "$path" --framework terraform_plan)
      # Capped (nested count/for_each is where it explodes): a capped run
      # shows as the cap, a lower bound.
      checkov=$(runs=1 measure timeout "${BENCH_CHECKOV_TIMEOUT:-600}" .venv-checkov/bin/checkov "${target[@]}" -o json --quiet --skip-download)
    fi
    # JSON --compact last, so the columns before it keep their places.
    compact=$(measure "$bin" audit "$path" "${recursive[@]}" --format json --compact)
    echo "$row $checkov $compact" >> "$results"
    echo "measured $name" >&2
  done
fi

# results.txt columns: name files bytes findings floor, then wall and RSS
# (KB) for audit terminal, json, sarif, concise, validate, cost, checkov,
# then audit JSON --compact.
table() {
  echo "Generated by \`scripts/bench.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -m | awk '/Mem:/ {printf "%.0f", $2/1024}') GiB, $(uname -m), median of $runs runs."
  echo "Corpora: \`cargo xtask corpus --seed 7\` (see the script for each one's flags); parse floor: \`cargo xtask parse PATH --threads 1\` (hcl-edit alone, one thread; serde_json for the plan). tfready runs on both cores."
  echo
  echo "| corpus | files | MB | findings | parse floor s | audit s | JSON s | SARIF s | concise s | validate s | cost s | audit RSS MB | audit RSS / input | cost RSS MB | JSON / floor | SARIF / floor | checkov s | checkov / JSON | compact JSON s | compact / floor | checkov / compact |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk '{
    rss = 0; for (i = 7; i <= 15; i += 2) if ($i > rss) rss = $i
    if ($21 > rss) rss = $21
    mb = $3 / 1e6
    cf = ($5 > 0 && $20 >= 0.01) ? sprintf("%.1f", $20 / $5) : "-"
    cc = ($18 == "-" || $20 <= 0) ? "-" : sprintf("%.0f", $18 / $20)
    jf = ($5 > 0 && $8 >= 0.01) ? sprintf("%.1f", $8 / $5) : "-"
    sf = ($5 > 0 && $10 >= 0.01) ? sprintf("%.1f", $10 / $5) : "-"
    ck = ($18 == "-") ? "-" : sprintf("%.1f", $18)
    cr = ($18 == "-" || $8 <= 0) ? "-" : sprintf("%.0f", $18 / $8)
    printf "| %s | %d | %.1f | %d | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.0f | %.1f | %.0f | %s | %s | %s | %s | %.2f | %s | %s |\n",
      $1, $2, mb, $4, $5, $6, $8, $10, $12, $14, $16, rss / 1024, rss * 1024 / $3, $17 / 1024, jf, sf, ck, cr, $20, cf, cc
  }' "$results"
  echo
  awk '
    { json[$1] = $8; sarif[$1] = $10; floor[$1] = $5; ck[$1] = $18; bytes[$1] = $3; compact[$1] = $20
      rss = 0; for (i = 7; i <= 15; i += 2) if ($i > rss) rss = $i; if ($21 > rss) rss = $21; mem[$1] = rss * 1024 / $3
      names[NR] = $1 }
    END {
      slow = ""; heavy = ""
      for (n = 1; n <= NR; n++) {
        c = names[n]
        if (c != "small" && (json[c] > 1.5 * floor[c] || sarif[c] > 1.5 * floor[c])) slow = slow " " c
        if (mem[c] >= 10) heavy = heavy " " c
      }
      printf "- JSON and SARIF within 1.5x the parse floor: %s.\n", (slow == "" ? "every corpus" : "not in" slow)
      cslow = ""
      for (n = 1; n <= NR; n++) if (names[n] != "small" && compact[names[n]] > 1.5 * floor[names[n]]) cslow = cslow " " names[n]
      printf "- JSON --compact within 1.5x the parse floor: %s.\n", (cslow == "" ? "every corpus" : "not in" cslow)
      printf "- Monorepo (300 roots, --recursive): JSON audit %.2f s (target < 1).\n", json["monorepo"]
      printf "- Downloaded modules / flat corpus of as many resource instances: %.2f (target <= 2).\n", json["downloaded"] / json["flat-downloaded"]
      printf "- Plan of 10,000 resources: JSON audit %.2f s (target < 0.5).\n", json["plan"]
      printf "- Large corpus: checkov / tfready JSON = %s, JSON --compact = %s (target >= 500).\n", (ck["large"] == "-" ? "not measured" : sprintf("%.0f", ck["large"] / json["large"])), (ck["large"] == "-" ? "not measured" : sprintf("%.0f", ck["large"] / compact["large"]))
      printf "- Peak RSS of audit and validate under 10x the input: %s.\n", (heavy == "" ? "every row" : "not in" heavy)
    }' "$results"
  echo
  echo "Peak RSS is GNU time's maximum resident set size: for audit, the largest of its formats and validate; cost's apart (it prices the roadmap's templates too). The small example is too small for ratios to mean anything. Rerun: \`scripts/bench.sh [RUNS]\` (BENCH_CHECKOV=1 installs checkov 3.3.30 into .venv-checkov/)."
}

{
  echo "# tfready benchmark"
  echo
  table
} > bench/RESULTS.md
# The README carries the same table between its markers.
python3 - "$(table)" <<'EOF'
import sys
path = "README.md"
text = open(path).read()
start, end = "<!-- bench:start -->\n", "<!-- bench:end -->"
a, b = text.index(start) + len(start), text.index(end)
open(path, "w").write(text[:a] + sys.argv[1] + "\n" + text[b:])
EOF
cat bench/RESULTS.md
