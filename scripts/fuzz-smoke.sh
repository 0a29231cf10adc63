#!/bin/sh
# A short libFuzzer run of every reader target from its seed corpus (copied, so
# the repository's corpus is not modified). FUZZ_SECONDS per target, default 15.
set -eu
BUILD=${1:-build-fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-8}
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# TARGET:CORPUS[:MAX_LEN:TIMEOUT]; fuzz_load's seeds hold entities with tens of
# thousands of values: a superlinear load path takes past its timeout there
for spec in fuzz_load:load:1048576:20 fuzz_names:names fuzz_jsonl:jsonl fuzz_statements_csv:csv fuzz_bods:bods fuzz_gleif:gleif fuzz_rules:rules fuzz_indicators:indicators fuzz_http:http fuzz_csl:csl fuzz_graph_snapshot:graph_snapshot; do
  target=${spec%%:*}; rest=${spec#*:}; corpus=${rest%%:*}
  max_len=65536; timeout=1200
  case "$rest" in *:*:*) max_len=$(echo "$rest" | cut -d: -f2); timeout=$(echo "$rest" | cut -d: -f3) ;; esac
  mkdir -p "$work/$corpus"
  cp "$top/fuzz/corpus/$corpus/"* "$work/$corpus/"
  echo "fuzz-smoke: $target for ${SECONDS_EACH}s"
  ASAN_OPTIONS=detect_leaks=1 "$BUILD/fuzz/$target" -max_total_time="$SECONDS_EACH" -max_len="$max_len" -timeout="$timeout" \
    -print_final_stats=0 "$work/$corpus" >"$work/$target.log" 2>&1 || {
    tail -40 "$work/$target.log"; echo "fuzz-smoke: $target FAILED"; exit 1; }
  grep -E '^#[0-9]+.*DONE|Done [0-9]+ runs' "$work/$target.log" | tail -1 || true
done
echo "fuzz-smoke: all targets passed"
