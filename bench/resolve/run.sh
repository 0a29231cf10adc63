#!/bin/bash
# Entity-resolution benchmarks (issue 16), in one run:
#  1. cross-referencing: `oversight xref` of BENCH_XREF_N (default 1,000,000) generated
#     entities against themselves, on one core (taskset -c 0), with the pairs proposed and
#     precision/recall against the generator's planted duplicates (bench/resolve/gen.py),
#     beside the Python peer (bench/resolve/peer.py: token blocking + Jaro-Winkler) on the
#     same entities; target <= 60 s.
#  2. the resolved graph: bench/own's registry of BENCH_GRAPH_N (default 1,000,000)
#     companies with 1 % of them recorded twice (bench/resolve/twins.py), built cold
#     (from the tables) with the twins judged the same (each pair one node) and without
#     the judgements; target: resolved <= 1.2 x unresolved.
#   bench/resolve/run.sh [BUILD_DIR]
set -euo pipefail
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
BIN="$BUILD/oversight"
XN=${BENCH_XREF_N:-1000000}; GN=${BENCH_GRAPH_N:-1000000}
HERE="$ROOT/bench/resolve"; OUT="$ROOT/bench/out/resolve"
PIN=(); command -v taskset >/dev/null && PIN=(taskset -c 0)
PY=/usr/bin/python3

# ---- 1. xref ---------------------------------------------------------------------------
X="$OUT/n$XN"; mkdir -p "$X"
if [ ! -f "$X/ok" ] || [ "$HERE/gen.py" -nt "$X/ok" ]; then
  echo "bench/resolve: generating $XN entities"
  $PY "$HERE/gen.py" "$XN" "$X"
  rm -f "$X/store.db"*; "$BIN" --db "$X/store.db" init >/dev/null
  "$BIN" --db "$X/store.db" load "$X/entities.jsonl" >/dev/null
  touch "$X/ok"
fi
echo "bench/resolve: xref of $XN entities, one core"
/usr/bin/time -f '{"wall": %e, "user": %U, "sys": %S, "rss_kib": %M}' -o "$X/xref.time" \
  "${PIN[@]}" "$BIN" --db "$X/store.db" --format json xref --threshold 0.7 --limit 100000000 > "$X/xref.json"
$PY "$HERE/score.py" "$X/truth.tsv" "$X/xref.json" 0.7 0.8 0.9 > "$X/xref.score"
# the peer, and oversight again, on the first BENCH_PEER_N entities (the peer's pure-Python
# pair loop takes tens of minutes at 1 M): same input, same run, the ratio
PN=${BENCH_PEER_N:-200000}
P="$OUT/n$XN/first$PN"; mkdir -p "$P"
if [ ! -f "$P/ok" ] || [ "$X/ok" -nt "$P/ok" ]; then
  head -n "$PN" "$X/entities.jsonl" > "$P/entities.jsonl"
  last=$(printf 'e%07d' $((PN - 1)))
  awk -v z="$last" '$1 <= z && $2 <= z' "$X/truth.tsv" > "$P/truth.tsv"
  rm -f "$P/store.db"*; "$BIN" --db "$P/store.db" init >/dev/null
  "$BIN" --db "$P/store.db" load "$P/entities.jsonl" >/dev/null
  touch "$P/ok"
fi
echo "bench/resolve: oversight and the python peer on the first $PN entities"
/usr/bin/time -f '{"wall": %e, "user": %U, "sys": %S, "rss_kib": %M}' -o "$P/xref.time" \
  "${PIN[@]}" "$BIN" --db "$P/store.db" --format json xref --threshold 0.9 --limit 100000000 > "$P/xref.json"
$PY "$HERE/score.py" "$P/truth.tsv" "$P/xref.json" 0.9 > "$P/xref.score"
/usr/bin/time -f '{"wall": %e, "user": %U, "sys": %S, "rss_kib": %M}' -o "$P/peer.time" \
  "${PIN[@]}" $PY "$HERE/peer.py" "$P/entities.jsonl" 0.9 > "$P/peer.json"
$PY "$HERE/score.py" "$P/truth.tsv" "$P/peer.json" 0.9 > "$P/peer.score"

# ---- 2. the resolved graph ----------------------------------------------------------------
G="$OUT/graph-n$GN"; mkdir -p "$G"
BASE="$ROOT/bench/out/own/n$GN/store.db"
if [ ! -f "$ROOT/bench/out/own/n$GN/ok" ]; then
  echo "bench/resolve: generating the registry of $GN companies (bench/own/gen_graph.py)"
  mkdir -p "$ROOT/bench/out/own/n$GN"; rm -f "$BASE"*
  "$BIN" --db "$BASE" init >/dev/null
  $PY "$ROOT/bench/own/gen_graph.py" "$GN" "$ROOT/bench/out/own/n$GN" --db "$BASE" >/dev/null
  touch "$ROOT/bench/out/own/n$GN/ok"
fi
if [ ! -f "$G/ok" ] || [ "$HERE/twins.py" -nt "$G/ok" ] || [ "$ROOT/bench/out/own/n$GN/ok" -nt "$G/ok" ]; then
  echo "bench/resolve: twins and judgements"
  $PY "$HERE/twins.py" "$GN" "$G"
  for k in unresolved resolved; do
    rm -f "$G/$k.db"*; cp "$BASE" "$G/$k.db"
    "$BIN" --db "$G/$k.db" load "$G/twins.jsonl" >/dev/null
  done
  "$BIN" --db "$G/resolved.db" load "$G/judgements.jsonl" >/dev/null
  touch "$G/ok"
fi
CC_=${CC:-cc}
$CC_ -O2 -std=c17 -I"$ROOT/include" "$HERE/graph_bench.c" "$BUILD/liboversight.a" \
  $(pkg-config --libs sqlite3 libpq libcjson libxxhash nettle libxml-2.0 libgvc icu-uc icu-i18n opencc libmicrohttpd) -lm -lpthread \
  -o "$G/graph_bench"
echo "bench/resolve: graph builds, unresolved and resolved alternated"
"${PIN[@]}" "$G/graph_bench" "$G/unresolved.db" "$G/resolved.db" "${BENCH_GRAPH_ROUNDS:-3}" > "$G/graph.json"

# ---- report --------------------------------------------------------------------------------
$PY - "$X" "$G" "$XN" "$GN" "$P" "$PN" <<'PYEOF'
import json, sys, subprocess, datetime
x, g, xn, gn, pdir, pn = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], int(sys.argv[6])
t = json.load(open(x + "/xref.time")); s = json.load(open(x + "/xref.score"))
ot = json.load(open(pdir + "/xref.time")); os_ = json.load(open(pdir + "/xref.score"))
pt = json.load(open(pdir + "/peer.time")); ps = json.load(open(pdir + "/peer.score"))
gr = json.load(open(g + "/graph.json"))
cpu = subprocess.run("lscpu | sed -n 's/^Model name: *//p'", shell=True, capture_output=True, text=True).stdout.strip()
load = open("/proc/loadavg").read().split()[:3]
print(f"\nEntity resolution: {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC, {cpu}, load average {' '.join(load)}")
print(f"xref of {xn:,} entities (one core): wall {t['wall']:.1f} s, cpu {t['user'] + t['sys']:.1f} s, peak RSS {t['rss_kib'] / 1024:.0f} MiB")
for r in s["by_threshold"]:
    print(f"  score >= {r['threshold']}: {r['proposed']:,} pairs proposed, {r['true']:,} planted; precision {r['precision']:.3f}, recall {r['recall']:.3f} (of {s['truth_pairs']:,})")
print(f"the first {pn:,} entities, score >= 0.9, one core each:")
for name, tt, ss in (("oversight xref", ot, os_), ("python peer (token blocking, Jaro-Winkler)", pt, ps)):
    r = ss["by_threshold"][0]
    print(f"  {name}: wall {tt['wall']:.1f} s, cpu {tt['user'] + tt['sys']:.1f} s, peak RSS {tt['rss_kib'] / 1024:.0f} MiB; "
          f"{r['proposed']:,} pairs, precision {r['precision']:.3f}, recall {r['recall']:.3f}")
print(f"  peer cpu / oversight cpu: {(pt['user'] + pt['sys']) / (ot['user'] + ot['sys']):.2f}")
print(f"graph of {gn:,} companies, {gr['clusters_merged']:,} clusters merged: unresolved {gr['unresolved_seconds']:.2f} s, "
      f"resolved {gr['resolved_seconds']:.2f} s (best of {gr['rounds']}), ratio {gr['ratio']:.3f}")
print(f"  {'PASS' if t['wall'] <= 60 else 'FAIL'}  xref <= 60 s on one core: {t['wall']:.1f} s wall ({t['user'] + t['sys']:.1f} s cpu)")
print(f"  {'PASS' if gr['ratio'] <= 1.2 else 'FAIL'}  resolved graph <= 1.2 x unresolved: {gr['ratio']:.3f}")
PYEOF
