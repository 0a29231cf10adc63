#!/bin/bash
# Load benchmark (issue 2): `oversight load` against two peers on the same
# file and the same target tables, in the same run.
#
#   bench/run.sh [BUILD_DIR]          (make bench; BUILD_DIR defaults to build)
#
# Environment:
#   BENCH_N=1000000     entities to generate (the file is cached in bench/out/)
#   BENCH_STRICT=1      exit 1 when a target is missed (default: only report)
#   BENCH_KEEP=1        keep the loaded databases in bench/out/ afterwards
#   BENCH_FALLBACK_SCHEMA=1  when `oversight init` does not work, create the
#                       tables from src/store/schema_v1.sql and time the peers
#                       only (for developing the benchmark itself)
#
# Peers:
#   python   bench/py_loader.py: json + sqlite3, one transaction
#   .import  sqlite3 CLI `.import` of the same rows, precomputed as CSV by
#            bench/to_statement_csv.py (conversion not timed): the floor
# Every database starts fresh from `oversight --db X init`. Each load is
# timed with /usr/bin/time -v (wall clock, peak RSS). Nothing is downloaded.
set -euo pipefail

BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
BIN="$BUILD/oversight"
N=${BENCH_N:-1000000}
OUT="$ROOT/bench/out"
DATADIR="$OUT/n$N"
DATA="$DATADIR/entities.jsonl"   # the stem, "entities", is the dataset name
WORK="$OUT/run"
# The PRAGMAs of the C loader's bulk path (src/store/store_sqlite.c), for both peers.
PRAGMAS="PRAGMA journal_mode=DELETE; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;"
export BENCH_PRAGMAS="$PRAGMAS"

# Targets from the issue.
T_RATE=100000     # entities/s on one core
T_SPEEDUP=3       # times faster than the Python loader
T_FLOOR=1.5       # at most this many times the .import floor

die() { echo "bench: $*" >&2; exit 1; }
command -v sqlite3 >/dev/null || die "sqlite3 CLI missing (apt-get install sqlite3)"
[ -x /usr/bin/time ] || die "/usr/bin/time missing (apt-get install time)"
command -v python3 >/dev/null || die "python3 missing"

mkdir -p "$DATADIR" "$WORK"

# ---- the input, generated once per N -------------------------------------
if [ ! -f "$DATA.ok" ] || [ "$ROOT/bench/gen_entities.py" -nt "$DATA.ok" ]; then
  echo "bench: generating $N entities -> ${DATA#"$ROOT"/}"
  rm -f "$DATA" "$DATA.ok"
  python3 "$ROOT/bench/gen_entities.py" "$N" "$DATA"
  touch "$DATA.ok"
fi
BYTES=$(stat -c %s "$DATA")

# ---- fresh databases --------------------------------------------------------
HAVE_OV=1
if ! { [ -x "$BIN" ] && rm -f "$WORK/probe.db" && "$BIN" --db "$WORK/probe.db" init >/dev/null 2>&1 \
       && [ -n "$(sqlite3 "$WORK/probe.db" "SELECT name FROM sqlite_master WHERE name='statement'")" ]; }; then
  HAVE_OV=0
  if [ "${BENCH_FALLBACK_SCHEMA:-0}" = 1 ]; then
    echo "bench: '$BIN --db X init' does not work; tables from src/store/schema_v1.sql, peers only"
  else
    die "'$BIN --db X init' does not work (build first; BENCH_FALLBACK_SCHEMA=1 times the peers only)"
  fi
fi
rm -f "$WORK/probe.db"

fresh_db() {
  rm -f "$1" "$1-journal" "$1-wal" "$1-shm"
  if [ "$HAVE_OV" = 1 ]; then
    "$BIN" --db "$1" init >/dev/null
  else
    { cat "$ROOT/src/store/schema_v1.sql"
      echo "CREATE UNIQUE INDEX entity_id ON entity(id); CREATE INDEX statement_eid ON statement(eid);"
      echo "PRAGMA journal_mode=WAL;"; } | sqlite3 "$1" >/dev/null
  fi
}

# ---- the .import peer's rows (not timed) -------------------------------------
CSVDIR="$DATADIR/csv"
fresh_db "$WORK/dict.db"
DICTSUM=$(sqlite3 "$WORK/dict.db" "SELECT 's',id,name FROM schema_name; SELECT 'p',id,name FROM prop;
                                    SELECT 'd',id,name FROM dataset;" | sha1sum | cut -c1-40)
rm -f "$WORK/dict.db"
if [ ! -f "$CSVDIR/ok" ] || [ "$(cat "$CSVDIR/ok")" != "$DICTSUM" ] \
   || [ "$ROOT/bench/to_statement_csv.py" -nt "$CSVDIR/ok" ] || [ "$DATA.ok" -nt "$CSVDIR/ok" ]; then
  echo "bench: converting to CSV rows for the .import peer (not timed)"
  rm -rf "$CSVDIR"
  fresh_db "$WORK/dict.db"
  python3 "$ROOT/bench/to_statement_csv.py" "$DATA" "$CSVDIR" --db "$WORK/dict.db" >/dev/null
  rm -f "$WORK/dict.db"
  echo "$DICTSUM" > "$CSVDIR/ok"
fi
cat > "$WORK/import.sql" <<EOF
$PRAGMAS
BEGIN;
DROP INDEX IF EXISTS entity_id;
DROP INDEX IF EXISTS statement_eid;
.mode csv
.import --skip 1 $CSVDIR/dataset.csv dataset
.import --skip 1 $CSVDIR/schema_name.csv schema_name
.import --skip 1 $CSVDIR/prop.csv prop
.import --skip 1 $CSVDIR/entity.csv entity
.import --skip 1 $CSVDIR/statement.csv statement
.import --skip 1 $CSVDIR/change.csv change
CREATE UNIQUE INDEX IF NOT EXISTS entity_id ON entity(id);
CREATE INDEX IF NOT EXISTS statement_eid ON statement(eid);
COMMIT;
EOF

# ---- timing -------------------------------------------------------------------
# run_one KEY LABEL CMD...: fresh DB at $WORK/KEY.db, then CMD timed; CMD may
# use the literal word @DB@ for the database path.
declare -A SECS RSS CPU ENTS STMTS DBMB
KEYS=()
declare -A LABEL
run_one() {
  local key=$1 label=$2; shift 2
  local db="$WORK/$key.db" args=() a
  for a in "$@"; do args+=("${a//@DB@/$db}"); done
  fresh_db "$db"
  sync
  local rc=0
  /usr/bin/time -v -o "$WORK/$key.time" "${args[@]}" >"$WORK/$key.log" 2>&1 || rc=$?
  if [ "$rc" != 0 ]; then
    echo "bench: $label failed (exit $rc); last lines of $WORK/$key.log:" >&2
    tail -n 5 "$WORK/$key.log" >&2
    return 1
  fi
  # Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.33
  SECS[$key]=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0;
                 for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$WORK/$key.time")
  RSS[$key]=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$WORK/$key.time")
  CPU[$key]=$(awk -F': ' '/Percent of CPU/ { print $2 }' "$WORK/$key.time")
  ENTS[$key]=$(sqlite3 "$db" "SELECT count(*) FROM entity")
  STMTS[$key]=$(sqlite3 "$db" "SELECT count(*) FROM statement")
  DBMB[$key]=$(stat -c %s "$db" | awk '{ printf "%.0f", $1 / 1048576 }')
  KEYS+=("$key"); LABEL[$key]=$label
  [ "${BENCH_KEEP:-0}" = 1 ] || rm -f "$db"
  echo "bench: $label: ${SECS[$key]} s"
}

echo "bench: $N entities, $(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1e6 }') MB of JSON lines"
echo "bench: peers run with: $PRAGMAS"

OV_NOSEARCH=0 OV_FAILED=0
OV_FMT=()   # with --format json the load reports its own index and search times
if [ "$HAVE_OV" = 1 ]; then
  "$BIN" load --help 2>&1 | grep -q -- '--no-search-index' && OV_NOSEARCH=1
  "$BIN" --help 2>&1 | grep -q -- '--format' && OV_FMT=(--format json)
  run_one oversight "oversight load" "$BIN" "${OV_FMT[@]}" --db @DB@ load "$DATA" || { HAVE_OV=0; OV_FAILED=1; }
fi
if [ "$HAVE_OV" = 1 ] && [ "$OV_NOSEARCH" = 1 ]; then
  run_one oversight_ns "oversight load --no-search-index" "$BIN" "${OV_FMT[@]}" --db @DB@ load --no-search-index "$DATA" || OV_NOSEARCH=0
fi
if [ "$HAVE_OV" = 1 ] && command -v taskset >/dev/null; then
  run_one oversight_1c "taskset -c 0 oversight load" taskset -c 0 "$BIN" "${OV_FMT[@]}" --db @DB@ load "$DATA" || true
fi
# The phases the load reports itself (JSON summary), if it does.
json_num() { sed -n "s/.*\"$2\":\([0-9.]*\).*/\1/p" "$WORK/$1.log" | tail -n 1; }
OV_IDX=$( [ "$HAVE_OV" = 1 ] && json_num oversight index_seconds || true)
OV_FTS=$( [ "$HAVE_OV" = 1 ] && json_num oversight search_seconds || true)
if [ -n "$OV_FTS" ] && [ "$OV_NOSEARCH" = 0 ]; then
  # No --no-search-index: derive the like-for-like time by taking out the
  # search index phase the load timed itself.
  SECS[oversight_dn]=$(awk -v a="${SECS[oversight]}" -v b="$OV_FTS" 'BEGIN { printf "%.2f", a - b }')
  LABEL[oversight_dn]="oversight load minus search phase"
  RSS[oversight_dn]=-; CPU[oversight_dn]=-; ENTS[oversight_dn]=-; STMTS[oversight_dn]=-; DBMB[oversight_dn]=-
  KEYS+=(oversight_dn)
fi
run_one python "python (json+sqlite3)" python3 "$ROOT/bench/py_loader.py" @DB@ "$DATA"
run_one import "sqlite3 .import (floor)" sqlite3 -bail @DB@ ".read $WORK/import.sql"

# ---- report ---------------------------------------------------------------------
{
echo
echo "Load benchmark: $N entities, $(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1e6 }') MB input, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "tree: $(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown); binary: ${BIN#"$ROOT"/}"
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(awk '/^MemTotal:/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo) GiB RAM; sqlite $(sqlite3 --version | cut -d' ' -f1)"
echo "peers: $PRAGMAS one transaction; same tables from 'oversight init'; its indexes entity_id, statement_eid dropped first and built after the rows, as oversight does on an empty store"
printf '%-34s %9s %12s %8s %9s %5s %10s %12s %7s\n' loader seconds entities/s MB/s "RSS MiB" CPU entities statements "DB MiB"
for k in "${KEYS[@]}"; do
  printf '%-34s %9.2f %12.0f %8.1f %9s %5s %10s %12s %7s\n' "${LABEL[$k]}" "${SECS[$k]}" \
    "$(awk -v n="$N" -v s="${SECS[$k]}" 'BEGIN { print n / s }')" \
    "$(awk -v b="$BYTES" -v s="${SECS[$k]}" 'BEGIN { print b / 1e6 / s }')" \
    "${RSS[$k]}" "${CPU[$k]}" "${ENTS[$k]}" "${STMTS[$k]}" "${DBMB[$k]}"
done
echo
FAIL=0
verdict() { # verdict TEXT OK(1/0)
  if [ "$2" = 1 ]; then echo "  PASS  $1"; else echo "  FAIL  $1"; FAIL=1; fi
}
if [ "$HAVE_OV" = 1 ]; then
  if [ -n "$OV_FTS" ]; then
    echo "oversight load phases (its own timers): secondary indexes ${OV_IDX:-?} s, search index $OV_FTS s," \
         "the rest (read, validate, insert rows) $(awk -v a="${SECS[oversight]}" -v b="${OV_IDX:-0}" -v c="$OV_FTS" 'BEGIN { printf "%.2f", a - b - c }') s"
  fi
  for k in oversight oversight_ns oversight_dn; do
    [ -n "${SECS[$k]:-}" ] || continue
    echo "${LABEL[$k]}:"
    sp=$(awk -v a="${SECS[python]}" -v b="${SECS[$k]}" 'BEGIN { printf "%.2f", a / b }')
    fl=$(awk -v a="${SECS[$k]}" -v b="${SECS[import]}" 'BEGIN { printf "%.2f", a / b }')
    verdict "speedup over python: ${sp}x (target >= ${T_SPEEDUP}x)" \
      "$(awk -v x="$sp" -v t="$T_SPEEDUP" 'BEGIN { print (x >= t) ? 1 : 0 }')"
    verdict "time / .import floor: ${fl}x (target <= ${T_FLOOR}x)" \
      "$(awk -v x="$fl" -v t="$T_FLOOR" 'BEGIN { print (x <= t) ? 1 : 0 }')"
  done
  if [ -n "${SECS[oversight_1c]:-}" ]; then
    r=$(awk -v n="$N" -v s="${SECS[oversight_1c]}" 'BEGIN { printf "%.0f", n / s }')
    echo "one core (taskset -c 0 oversight load, CPU ${CPU[oversight_1c]}):"
    verdict "$r entities/s (target >= $T_RATE)" "$(awk -v x="$r" -v t="$T_RATE" 'BEGIN { print (x >= t) ? 1 : 0 }')"
  fi
  [ "$OV_NOSEARCH" = 1 ] || echo "  note: this oversight has no --no-search-index; 'oversight load' includes the FTS5 search index the peers do not build"
  for k in oversight python import; do
    if [ "${ENTS[$k]}" != "$N" ]; then echo "  FAIL  ${LABEL[$k]} wrote ${ENTS[$k]} entities, not $N"; FAIL=1; fi
  done
  if [ "${STMTS[oversight]}" != "${STMTS[python]}" ] || [ "${STMTS[import]}" != "${STMTS[python]}" ]; then
    echo "  note: statement rows differ: oversight ${STMTS[oversight]}, python ${STMTS[python]}, .import ${STMTS[import]}"
  fi
else
  echo "oversight load not timed (no working binary); ratios not computed"
  FAIL=1
fi
} | tee "$OUT/results-n$N.txt"
# A failed load fails the run; missed targets only with BENCH_STRICT=1.
[ "$OV_FAILED" = 0 ] || exit 1
if [ "${BENCH_STRICT:-0}" = 1 ] && grep -q '^  FAIL' "$OUT/results-n$N.txt"; then exit 1; fi
exit 0
