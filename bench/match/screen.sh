#!/bin/bash
# Screening end to end at scale (issue 14, item 9): `oversight screen` of a
# 10,000-row vendor file against a store of 1,000,000 entities (bench/match/gen.py's
# entities, a Sanction on one in a hundred: bench/match/screen_gen.py), timed
#   cold      the name index rebuilt from the store (OV_NAMES_INDEX=0: as before the kept index)
#   writing   the first run with the kept index on: rebuilt, and "<store>.names" written
#   warm      the kept index mapped (the peer: the cold run, in the same run; the ratio is printed)
# The graph snapshot ("<store>.graph") is fresh in all three. The outputs must be equal.
#   bench/match/screen.sh [BUILD_DIR]     BENCH_N (default 1000000), BENCH_ROWS (10000), BENCH_RUNS (3)
set -euo pipefail
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
N=${BENCH_N:-1000000}; ROWS=${BENCH_ROWS:-10000}; RUNS=${BENCH_RUNS:-3}
OV="$BUILD/oversight"
OUT="$ROOT/bench/out/match-n$N"; mkdir -p "$OUT"
PY=/usr/bin/python3
[ -f "$OUT/entities.tsv" ] && [ "$OUT/entities.tsv" -nt "$ROOT/bench/match/gen.py" ] || $PY "$ROOT/bench/match/gen.py" "$N" "$OUT"
if [ ! -f "$OUT/store.ok" ] || [ "$ROOT/bench/match/screen_gen.py" -nt "$OUT/store.ok" ] || [ "$OUT/entities.tsv" -nt "$OUT/store.ok" ]; then
  echo "bench: loading $N entities into ${OUT#"$ROOT"/}/store.db"
  $PY "$ROOT/bench/match/screen_gen.py" "$OUT" "$ROWS"
  rm -f "$OUT"/store.db*
  "$OV" --db "$OUT/store.db" init >/dev/null
  "$OV" --db "$OUT/store.db" load "$OUT/store.jsonl" >/dev/null
  touch "$OUT/store.ok"
fi
cd "$OUT"
timed() { # label env... -> seconds, peak RSS (KiB), CPU seconds (user, system) on one line in $OUT/times
  local label=$1; shift
  /usr/bin/time -f "$label %e %M %U %S" -a -o times env "$@" "$OV" --db store.db screen screen.csv --format csv > "screen-$label.csv"
}
printf 'name\nwarm-up\n' > warmup.csv # a screening of one row writes <store>.graph if missing
OV_NAMES_INDEX=0 "$OV" --db store.db screen warmup.csv >/dev/null
rm -f times
for i in $(seq "$RUNS"); do
  timed cold OV_NAMES_INDEX=0
  rm -f store.db.names
  timed writing OV_NAMES_INDEX=
  timed warm OV_NAMES_INDEX=
done
cmp -s screen-cold.csv screen-warm.csv && cmp -s screen-cold.csv screen-writing.csv || { echo "bench: the outputs differ"; exit 1; }
$PY - "$OUT" "$N" "$ROWS" <<'PYEOF'
import sys, os, subprocess, datetime, statistics
d, n, rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
t = {}
for line in open(os.path.join(d, "times")):
    label, sec, rss, usr, sys_ = line.split()
    t.setdefault(label, []).append((float(sec), int(rss), float(usr) + float(sys_)))
cpu = subprocess.run("lscpu | sed -n 's/^Model name: *//p'", shell=True, capture_output=True, text=True).stdout.strip()
load = open("/proc/loadavg").read().split()[0]
size = os.path.getsize(os.path.join(d, "store.db.names"))
print(f"\nScreening {rows:,} rows against {n:,} entities, {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC, {cpu}, load average {load}")
print(f"{'':34}{'best (s)':>10}{'median (s)':>12}{'CPU best (s)':>14}{'peak RSS (MiB)':>16}")
for label, what in (("cold", "cold: index rebuilt"), ("writing", "first run: rebuilt + file written"), ("warm", "warm: kept index mapped")):
    v = t[label]
    print(f"{what:34}{min(s for s, _, _ in v):>10.2f}{statistics.median(s for s, _, _ in v):>12.2f}"
          f"{min(c for _, _, c in v):>14.2f}{max(r for _, r, _ in v) / 1024:>16.0f}")
ratio = min(s for s, _, _ in t["cold"]) / min(s for s, _, _ in t["warm"])
print(f"\nkept index: {size / 1048576:,.0f} MiB; warm is {ratio:.1f}x the cold run")
print(f"  {'PASS' if min(s for s, _, _ in t['warm']) <= 2 else 'FAIL'}  warm screen <= 2 s")
print(f"  {'PASS' if size <= 1024 ** 3 else 'FAIL'}  index <= 1 GiB")
PYEOF
