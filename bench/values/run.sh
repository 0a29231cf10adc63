#!/bin/bash
# Load time by values per entity (issue 20): one entity with 1k, 10k, 100k
# and 1M values, loaded into a fresh store (the bulk path) and then loaded
# again (the incremental path: every value diffed against the stored ones),
# as JSON lines and as a statements CSV. Prints microseconds per value net of the fixed cost
# of a run (a one-value load, subtracted); the load is linear when that figure stays flat (within 2x across the sizes).
#
#   bench/values/run.sh [BUILD_DIR]     (make bench)
# Environment: BENCH_VALUES="1000 10000 100000 1000000"  the sizes
#              BENCH_STRICT=1   exit 1 when the per-value time is not flat within 2x
set -euo pipefail
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
BIN="$BUILD/oversight"
SIZES=${BENCH_VALUES:-"1000 10000 100000 1000000"}
WORK="$ROOT/bench/out/values"
mkdir -p "$WORK"
[ -x "$BIN" ] || { echo "bench/values: build first ($BIN)" >&2; exit 1; }

now() { date +%s.%N; }
echo "bench/values: $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(date -u +%Y-%m-%d)"
# time_load FILE: seconds of a first load into a fresh store and of the same
# load again, as "first again"; the best of REPS runs (start-up noise is
# larger than the work of 10k values)
time_load() {
  local db="$WORK/v.db" best_a="" best_b="" best_c="" t0 t1 t2 t3 reps=$2 xfmt=entities
  [ "${1##*.}" = csv ] && xfmt=statements
  for _ in $(seq "$reps"); do
    rm -f "$db" "$db-wal" "$db-shm" "$db-journal"
    "$BIN" --db "$db" init >/dev/null
    t0=$(now); "$BIN" --db "$db" load --max-line $MAXLINE --dataset bench "$1" >/dev/null || exit 1; t1=$(now)
    "$BIN" --db "$db" load --max-line $MAXLINE --dataset bench "$1" >/dev/null || exit 1; t2=$(now)
    "$BIN" --db "$db" export --output-format $xfmt -o "$WORK/x.out" 2>/dev/null || exit 1; t3=$(now)
    read -r best_a best_b best_c <<<"$(awk -v t0="$t0" -v t1="$t1" -v t2="$t2" -v t3="$t3" \
      -v a="$best_a" -v b="$best_b" -v c="$best_c" \
      'BEGIN { x = t1 - t0; y = t2 - t1; z = t3 - t2; if (a != "" && a < x) x = a; if (b != "" && b < y) y = b;
               if (c != "" && c < z) z = c; printf "%.4f %.4f %.4f", x, y, z }')"
  done
  rm -f "$WORK/x.out"
  echo "$best_a $best_b $best_c"
}
MAXLINE=$((64 << 20))   # the 1M-value JSON line is 17 MB, past the 16 MiB default
fail=0
for fmt in json csv; do
  # the fixed cost of a run (start-up, open, commit): a one-value entity
  python3 "$ROOT/bench/values/gen.py" 1 "$fmt" "$WORK/v1.$fmt"
  read -r base_a base_b base_c <<<"$(time_load "$WORK/v1.$fmt" 5)" || exit 1
  echo "bench/values: $fmt: fixed cost of one run ${base_a}s first, ${base_b}s again, ${base_c}s export (subtracted below)"
  printf '%-6s %9s %10s %12s %10s %12s %10s %12s\n' format values "first s" "first us/v" "again s" "again us/v" \
    "export s" "export us/v"
  min_a=""; max_a=""; min_b=""; max_b=""
  for n in $SIZES; do
    f="$WORK/v$n.$fmt"
    [ -f "$f" ] || python3 "$ROOT/bench/values/gen.py" "$n" "$fmt" "$f"
    reps=3; [ "$n" -ge 1000000 ] && reps=1
    read -r a b c <<<"$(time_load "$f" $reps)" || exit 1
    read -r ua ub uc <<<"$(awk -v a="$a" -v b="$b" -v c="$c" -v x="$base_a" -v y="$base_b" -v z="$base_c" -v n="$n" \
      'BEGIN { ua = (a - x) * 1e6 / n; ub = (b - y) * 1e6 / n; uc = (c - z) * 1e6 / n;
               if (ua < 0) ua = 0; if (ub < 0) ub = 0; if (uc < 0) uc = 0; printf "%.2f %.2f %.2f", ua, ub, uc }')"
    printf '%-6s %9d %10s %12s %10s %12s %10s %12s\n' "$fmt" "$n" "$a" "$ua" "$b" "$ub" "$c" "$uc"
    if [ "$n" -ge 10000 ]; then
      min_a=$(awk -v m="${min_a:-$ua}" -v u="$ua" 'BEGIN { print (u < m ? u : m) }')
      max_a=$(awk -v m="${max_a:-$ua}" -v u="$ua" 'BEGIN { print (u > m ? u : m) }')
      min_b=$(awk -v m="${min_b:-$ub}" -v u="$ub" 'BEGIN { print (u < m ? u : m) }')
      max_b=$(awk -v m="${max_b:-$ub}" -v u="$ub" 'BEGIN { print (u > m ? u : m) }')
    fi
  done
  if [ -n "$min_a" ]; then
    ra=$(awk -v a="$max_a" -v b="$min_a" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    rb=$(awk -v a="$max_b" -v b="$min_b" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    echo "bench/values: $fmt: per-value time from 10k values up varies ${ra}x (first load), ${rb}x (again); goal within 2x"
    awk -v a="$ra" -v b="$rb" 'BEGIN { exit !(a > 2 || b > 2) }' && fail=1
  fi
done
rm -f "$WORK/v.db" "$WORK/v.db-wal" "$WORK/v.db-shm"
[ "${BENCH_STRICT:-0}" = 1 ] && [ "$fail" = 1 ] && exit 1
exit 0
