#!/bin/bash
# Name-matching benchmark (issue 6): oversight's name index against a Python
# peer (python3-levenshtein + python3-jellyfish, the same blocking and
# features), same entities and queries, one core each (taskset -c 0).
#   bench/match/run.sh [BUILD_DIR]     BENCH_N (default 1000000), BENCH_Q (20000), BENCH_PEER_Q (2000)
set -euo pipefail
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
N=${BENCH_N:-1000000}; Q=${BENCH_Q:-20000}; PQ=${BENCH_PEER_Q:-2000}
OUT="$ROOT/bench/out/match-n$N"; mkdir -p "$OUT"
PY=/usr/bin/python3
[ -f "$OUT/entities.tsv" ] && [ "$OUT/entities.tsv" -nt "$ROOT/bench/match/gen.py" ] || $PY "$ROOT/bench/match/gen.py" "$N" "$OUT"
cc -O2 -I"$ROOT/include" -I"$ROOT/src" -I"$ROOT/src/names" "$ROOT/bench/match/match_bench.c" "$BUILD/liboversight.a" \
  $(pkg-config --libs sqlite3 libpq libcjson libxxhash nettle libxml-2.0 libgvc icu-uc icu-i18n opencc libmicrohttpd) -lm -lpthread \
  -o "$OUT/match_bench"
PIN=(); command -v taskset >/dev/null && PIN=(taskset -c 0)
echo "bench: oversight ($N entities, $Q queries)"
"${PIN[@]}" "$OUT/match_bench" "$OUT/entities.tsv" "$OUT/queries.tsv" "$Q" "$OUT" | tee "$OUT/oversight.json"
echo "bench: python peer ($PQ queries)"
"${PIN[@]}" $PY "$ROOT/bench/match/peer.py" "$OUT" "$PQ" | tee "$OUT/peer.json"
$PY - "$OUT" <<'PYEOF'
import json, sys, subprocess, datetime
d = sys.argv[1]
o = json.load(open(d + "/oversight.json")); p = json.load(open(d + "/peer.json"))
cpu = subprocess.run("lscpu | sed -n 's/^Model name: *//p'", shell=True, capture_output=True, text=True).stdout.strip()
print(f"\nName matching: {o['entities']:,} entities ({o['names']:,} names), {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC, {cpu}")
print(f"{'':24}{'oversight':>14}{'python peer':>14}")
print(f"{'index build (s)':24}{o['build_seconds']:>14.2f}{p['build_seconds']:>14.2f}")
print(f"{'index memory (MiB)':24}{o['index_bytes']/1048576:>14.0f}{'':>14}")
print(f"{'peak RSS (MiB)':24}{o['peak_rss_mib']:>14.0f}{p['peak_rss_mib']:>14.0f}")
print(f"{'queries':24}{o['queries']:>14,}{p['queries']:>14,}")
print(f"{'queries/s (one core)':24}{o['qps']:>14,.0f}{p['qps']:>14,.0f}")
print(f"{'found / expected':24}{o['found']:>8}/{o['expected']:<5}{p['found']:>8}/{p['expected']:<5}")
print(f"\nthe index kept in a file: {o['file_bytes']/1048576:,.0f} MiB, written in {o['file_write_seconds']:.2f} s, "
      f"opened (mapped, every byte checked) in {o['file_open_seconds']:.2f} s; through it {o['file_qps']:,.0f} queries/s, "
      f"found {o['file_found']} (in memory: {o['found']})")
ratio = o['qps'] / p['qps']
print(f"\n  {'PASS' if o['qps'] >= 10000 else 'FAIL'}  >= 10,000 queries/s: {o['qps']:,.0f}")
print(f"  {'PASS' if o['file_qps'] >= 10000 else 'FAIL'}  >= 10,000 queries/s through the kept index: {o['file_qps']:,.0f}")
print(f"  {'PASS' if o['file_bytes'] <= 1024**3 else 'FAIL'}  kept index <= 1 GiB: {o['file_bytes']/1048576:,.0f} MiB")
print(f"  {'PASS' if o['file_found'] == o['found'] else 'FAIL'}  the kept index answers as the built one")
print(f"  {'PASS' if o['index_bytes'] < 2*1024**3 else 'FAIL'}  index < 2 GiB: {o['index_bytes']/1048576:,.0f} MiB (peak RSS {o['peak_rss_mib']:,.0f} MiB)")
print(f"  {'PASS' if ratio >= 10 else 'FAIL'}  >= 10x the peer: {ratio:.1f}x")
PYEOF

# the evaluation (docs/MATCHING.md): pairwise set and record setting, per kind and split
"$ROOT/bench/match/eval.sh" "$BUILD"
