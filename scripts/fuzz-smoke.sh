#!/bin/sh
# A short libFuzzer run of every reader target from its seed corpus (copied, so
# the repository's corpus is not modified). FUZZ_SECONDS per target, default 15.
set -eu
BUILD=${1:-build-fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-8}
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# fuzz_load's large seeds (fuzz/corpus/load_big: entities with tens of
# thousands of values) are loaded once, each within a timeout: a superlinear
# path in reading, duplicate detection or diffing takes far past it there.
# The fuzzing itself starts from the small seeds, for throughput.
echo "fuzz-smoke: fuzz_load on the large seeds (20 s timeout each)"
ASAN_OPTIONS=detect_leaks=1 "$BUILD/fuzz/fuzz_load" -runs=0 -max_len=1048576 -timeout=20 \
  "$top/fuzz/corpus/load_big" >"$work/fuzz_load_big.log" 2>&1 || {
  tail -40 "$work/fuzz_load_big.log"; echo "fuzz-smoke: fuzz_load on the large seeds FAILED"; exit 1; }
for spec in fuzz_load:load fuzz_names:names fuzz_jsonl:jsonl fuzz_statements_csv:csv fuzz_bods:bods fuzz_gleif:gleif fuzz_rules:rules fuzz_indicators:indicators fuzz_http:http fuzz_csl:csl fuzz_graph_snapshot:graph_snapshot fuzz_yente:yente fuzz_screen:screen fuzz_names_index:names_index fuzz_pg_search:pg_search; do
  target=${spec%%:*}; corpus=${spec##*:}
  mkdir -p "$work/$corpus"
  cp "$top/fuzz/corpus/$corpus/"* "$work/$corpus/"
  echo "fuzz-smoke: $target for ${SECONDS_EACH}s"
  ASAN_OPTIONS=detect_leaks=1 "$BUILD/fuzz/$target" -max_total_time="$SECONDS_EACH" -max_len=65536 \
    -print_final_stats=0 "$work/$corpus" >"$work/$target.log" 2>&1 || {
    tail -40 "$work/$target.log"; echo "fuzz-smoke: $target FAILED"; exit 1; }
  grep -E '^#[0-9]+.*DONE|Done [0-9]+ runs' "$work/$target.log" | tail -1 || true
done
echo "fuzz-smoke: all targets passed"
