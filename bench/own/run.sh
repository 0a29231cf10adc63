#!/bin/bash
# Ownership benchmark (issue 4): oversight's graph analyses against networkx,
# igraph and a SQLite recursive CTE on the same generated registry, in one run.
#
#   bench/own/run.sh [BUILD_DIR]      (make bench; BUILD_DIR defaults to build)
#
# Environment:
#   BENCH_OWN_N=1000000   companies (10000000 for the 10 M run); the store and
#                         edge list are cached in bench/out/own/nN/
#   BENCH_OWN_BUDGET=60   seconds each Python peer may spend on the "who owns X"
#                         queries (no new query starts after that)
#   BENCH_OWN_MAX_ANCESTORS=1000  the Python peers leave out targets with more
#                         ancestors (the strongly connected core's descendants:
#                         a Gauss-Seidel first-return solve per cyclic holder
#                         takes them minutes to hours); oversight answers all
#                         1,000 (OWN_BENCH_MAX_ANCESTORS to limit it too), and
#                         the report compares the common prefix (the small
#                         targets come first in targets_run.txt)
#   BENCH_OWN_OV_BUDGET=300  the same budget for oversight's 1,000 queries
#   BENCH_OWN_PEERS="nx ig cte"  which peers to run
#   BENCH_OWN_NX_SKIP=   analyses the networkx peer leaves out (comma-separated,
#                         e.g. "holdings" at 10 M, where it alone takes ~15 min)
#   BENCH_STRICT=1        exit 1 when a target is missed (default: only report)
#   BENCH_OWN_OV_SKIP=    analyses own_bench leaves out, e.g. "ultimate,holdings,ofac,owners"
#                         for the graph builds alone; with BENCH_OWN_PEERS="" the peers'
#                         outputs of the last run are kept and reported beside (a build-only
#                         rerun at 10 M: BENCH_OWN_N=10000000 BENCH_OWN_PEERS= BENCH_OWN_OV_SKIP=...)
#   OWN_BENCH_BUILDS=cold,first  the builds own_bench times before the analyses' one: cold
#                         (OV_GRAPH_SNAPSHOT=0: from the SQLite tables), first (snapshot
#                         removed: from the tables, then written); the analyses' build then
#                         maps the snapshot (see own_bench.c); OWN_BENCH_VERIFY=1 checksums
#                         each whole graph
#
# Steps: generate (bench/own/gen_graph.py, fixed seed; written straight into a
# store made by `oversight init`), check that `oversight owners` reads it, then
# own_bench (the C driver, linked against BUILD_DIR/liboversight.a), the
# networkx and igraph peers (Debian python3-networkx, python3-igraph, run by
# /usr/bin/python3) and the CTE peer, one after the other, each under
# /usr/bin/time -v; then bench/own/report.py. Nothing is downloaded.
set -euo pipefail

BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
BIN="$BUILD/oversight"
N=${BENCH_OWN_N:-1000000}
export BENCH_OWN_BUDGET=${BENCH_OWN_BUDGET:-60}
PEERS=${BENCH_OWN_PEERS-nx ig cte}   # empty: no peer (their last outputs are kept)
HERE="$ROOT/bench/own"
OUT="$ROOT/bench/out/own"
DATA="$OUT/n$N"
WORK="$OUT/run-n$N"
DB="$DATA/store.db"
PY=/usr/bin/python3   # Debian's, with python3-networkx and python3-igraph

die() { echo "bench/own: $*" >&2; exit 1; }
[ -x "$BIN" ] || die "$BIN missing (build first)"
[ -x /usr/bin/time ] || die "/usr/bin/time missing (apt-get install time)"
command -v python3 >/dev/null || die "python3 missing"
mkdir -p "$DATA" "$WORK"

# ---- the C driver ------------------------------------------------------------
DRIVER="$BUILD/bench/own_bench"
if [ ! -x "$DRIVER" ]; then
  # not built by CMake (no OV_BENCH): compile it here against the library
  DRIVER="$OUT/own_bench"
  if [ ! -x "$DRIVER" ] || [ "$HERE/own_bench.c" -nt "$DRIVER" ] || [ "$BUILD/liboversight.a" -nt "$DRIVER" ]; then
    echo "bench/own: compiling own_bench against $BUILD/liboversight.a"
    ${CC:-cc} -O2 -g -std=c17 -I"$ROOT/include" "$HERE/own_bench.c" "$BUILD/liboversight.a" \
      $(pkg-config --libs sqlite3 libpq libcjson libxxhash nettle libxml-2.0 libgvc libcgraph) -lm -lpthread -o "$DRIVER"
  fi
fi

# ---- the data, generated once per N --------------------------------------------
if [ ! -f "$DATA/ok" ] || [ "$HERE/gen_graph.py" -nt "$DATA/ok" ]; then
  echo "bench/own: generating $N companies -> ${DATA#"$ROOT"/}"
  rm -f "$DATA/ok" "$DB" "$DB-journal"
  "$BIN" --db "$DB" init >/dev/null
  /usr/bin/time -v -o "$DATA/gen.time" python3 "$HERE/gen_graph.py" "$N" "$DATA" --db "$DB"
  touch "$DATA/ok"
fi
echo "bench/own: $(cat "$DATA/meta.json" | tr -d '\n ' )"
echo "bench/own: generation took $(awk -F': ' '/Elapsed/ { print $2 }' "$DATA/gen.time" 2>/dev/null || echo ?)" \
     "(wall), store $(du -m "$DB" | cut -f1) MiB, edge list $(du -m "$DATA/edges.csv" | cut -f1) MiB"
if [ ! -f "$DATA/targets_run.txt" ] || [ "$DATA/ok" -nt "$DATA/targets_run.txt" ] \
   || [ "$HERE/order_targets.py" -nt "$DATA/targets_run.txt" ]; then
  python3 "$HERE/order_targets.py" "$DATA"
fi
# the CLI reads the store
T1=$(head -n 1 "$DATA/targets.txt")
"$BIN" --db "$DB" owners "$T1" >/dev/null || die "'oversight owners $T1' does not read the store"

# ---- the runs, one after the other -------------------------------------------------
run() { # run KEY CMD...
  local key=$1; shift
  echo "bench/own: $key: $*"
  rm -f "$WORK/$key.out" "$WORK/$key.q"
  sync
  local rc=0
  OWN_BENCH_QUERIES="$WORK/$key.q" /usr/bin/time -v -o "$WORK/$key.time" "$@" >"$WORK/$key.out" 2>"$WORK/$key.err" || rc=$?
  sed 's/^/    /' "$WORK/$key.out"
  if [ "$rc" != 0 ]; then
    echo "bench/own: $key failed (exit $rc):" >&2
    tail -n 5 "$WORK/$key.err" >&2
  fi
  return 0
}
for k in ov $PEERS; do rm -f "$WORK/$k.out" "$WORK/$k.q" "$WORK/$k.time"; done
run ov env BENCH_OWN_BUDGET="${BENCH_OWN_OV_BUDGET:-300}" "$DRIVER" "$DB" "$DATA" ${BENCH_OWN_OV_SKIP:-}
for p in $PEERS; do
  case $p in
    nx) run nx "$PY" "$HERE/peer_networkx.py" "$DATA" ${BENCH_OWN_NX_SKIP:-} ;;
    ig) run ig "$PY" "$HERE/peer_igraph.py" "$DATA" ;;
    cte) run cte "$PY" "$HERE/peer_cte.py" "$DB" "$DATA" ;;
  esac
done

# ---- report -----------------------------------------------------------------------------
{
  echo
  echo "run of $(date -u '+%Y-%m-%d %H:%M UTC'), tree $(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)"
  echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(awk '/^MemTotal:/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo) GiB RAM;" \
       "sqlite $(sqlite3 --version 2>/dev/null | cut -d' ' -f1), $("$PY" --version 2>&1)," \
       "$("$PY" -c 'import networkx, igraph; print("networkx", networkx.__version__, "igraph", igraph.__version__)' 2>/dev/null)"
  python3 "$HERE/report.py" "$WORK" "$N"
} | tee "$OUT/results-n$N.txt"
if [ "${BENCH_STRICT:-0}" = 1 ] && grep -q '^  FAIL' "$OUT/results-n$N.txt"; then exit 1; fi
exit 0
