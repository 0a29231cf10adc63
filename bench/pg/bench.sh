# bench/pg/bench.sh BUILD_DIR - run by bench/pg/run.sh inside a throwaway cluster.
set -eu
BUILD=$1
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OV="$BUILD/oversight"
N=${BENCH_PG_N:-1000000}
SECS=${BENCH_SECONDS:-15}
OUT="$ROOT/bench/out/pg"; mkdir -p "$OUT"
DATA="$ROOT/bench/out/pg/entities-$N.jsonl"
[ -f "$DATA" ] || python3 "$ROOT/bench/gen_entities.py" "$N" "$DATA"
now() { python3 -c 'import time; print(time.monotonic())'; }
secs() { python3 -c "print(f'{$2 - $1:.2f}')"; }
PG="$OV_PG_URL"

echo "load average (1, 5, 15 min): $(cut -d' ' -f1-3 /proc/loadavg)"
"$OV" --db "$PG" init >/dev/null
t0=$(now); "$OV" --db "$PG" load "$DATA" >"$OUT/pg.load" 2>&1; t1=$(now)
pg=$(secs "$t0" "$t1")
rm -f "$OUT/s.db"*; "$OV" --db "$OUT/s.db" init >/dev/null
t0=$(now); "$OV" --db "$OUT/s.db" load "$DATA" >"$OUT/sq.load" 2>&1; t1=$(now)
sq=$(secs "$t0" "$t1")

# psql's \copy of the rows dumped below into tables ${t}_SUFFIX, then SQL (the
# indexes to build, if any), in one transaction: prints the seconds taken
copy_floor() { # copy_floor SUFFIX SQL
  local t0 t1
  t0=$(now)
  psql -X -q -v ON_ERROR_STOP=1 "$PG" >/dev/null <<SQL
BEGIN;
\\copy entity_$1 FROM '$OUT/entity.copy'
\\copy statement_$1 FROM '$OUT/statement.copy'
\\copy search_$1 FROM '$OUT/search.copy'
$2
COMMIT;
SQL
  t1=$(now)
  secs "$t0" "$t1"
}
# the floor: psql's \copy of the same rows into tables of the same definition
for t in entity statement search; do
  psql -X -q "$PG" -c "\\copy $t TO '$OUT/$t.copy'"
  psql -X -q "$PG" -c "CREATE TABLE ${t}_floor (LIKE $t INCLUDING ALL)"
  psql -X -q "$PG" -c "CREATE TABLE ${t}_bare (LIKE $t)"
done
fl=$(copy_floor floor "")
# the floor as the load goes (docs/internals/store.md "Loads"): \copy into
# tables without indexes, then the same indexes built in the transaction
fb=$(copy_floor bare "SET LOCAL maintenance_work_mem = '256MB';
ALTER TABLE entity_bare ADD PRIMARY KEY (eid), ADD UNIQUE (id);
CREATE INDEX ON entity_bare(changed_in); CREATE INDEX ON entity_bare(schema);
ALTER TABLE statement_bare ADD PRIMARY KEY (sid); CREATE INDEX ON statement_bare(eid);
ALTER TABLE search_bare ADD PRIMARY KEY (eid); CREATE INDEX ON search_bare USING gin(tsv);")
rm -f "$OUT"/*.copy
python3 - "$N" "$pg" "$sq" "$fl" "$fb" <<'PY'
import sys
n, pg, sq, fl, fb = int(sys.argv[1]), *map(float, sys.argv[2:])
print(f"load of {n:,} entities: PostgreSQL {pg:.1f} s ({n/pg:,.0f} entities/s), "
      f"SQLite {sq:.1f} s ({n/sq:,.0f}/s), psql \\copy floor {fl:.1f} s; PostgreSQL / floor = {pg/fl:.2f}")
print(f"the floor as the load goes (\\copy into bare tables, then the same indexes built): {fb:.1f} s "
      f"({n/fb:,.0f} entities/s); PostgreSQL / that floor = {pg/fb:.2f}")
PY

# a load into a store that holds data (the batched path, docs/internals/store.md
# "Loads"): the same file again into each, every entity unchanged
t0=$(now); "$OV" --db "$PG" load "$DATA" >"$OUT/pg.reload" 2>&1; t1=$(now)
pgr=$(secs "$t0" "$t1")
t0=$(now); "$OV" --db "$OUT/s.db" load "$DATA" >"$OUT/sq.reload" 2>&1; t1=$(now)
sqr=$(secs "$t0" "$t1")
python3 - "$N" "$pgr" "$sqr" <<'PY'
import sys
n, pg, sq = int(sys.argv[1]), *map(float, sys.argv[2:])
print(f"the same {n:,} entities again (a store with data, all unchanged): PostgreSQL {pg:.1f} s ({n/pg:,.0f} entities/s), "
      f"SQLite {sq:.1f} s ({n/sq:,.0f}/s); PostgreSQL / SQLite = {pg/sq:.2f}")
PY
echo "load average (1, 5, 15 min): $(cut -d' ' -f1-3 /proc/loadavg)"

# entity GET through the server, every id in turn, no response cache: on
# PostgreSQL, then on the SQLite store of the same rows (the peer), same ids
"$OV" --db "$PG" export --output-format plain | python3 -c '
import json, sys, urllib.parse
for i, line in enumerate(sys.stdin):
    if i % 50 == 0: print(urllib.parse.quote(json.loads(line)["id"], safe=""))' > "$OUT/ids.txt"
export OVERSIGHT_SNAPSHOT_DIR="$OUT/snap" # the PostgreSQL graph snapshot (docs/internals/scale.md)
pid=""
trap '[ -n "$pid" ] && kill -TERM $pid 2>/dev/null; wait 2>/dev/null' EXIT
get_bench() { # get_bench NAME STORE: serve STORE, wrk, results in $OUT/wrk-NAME.txt
  "$OV" --db "$2" serve --listen 127.0.0.1:0 --threads 2 >"$OUT/serve-$1.out" 2>"$OUT/serve-$1.err" &
  pid=$!
  url=""
  for _ in $(seq 1 3000); do
    url=$(sed -n 's/^Oversight is serving .* at //p' "$OUT/serve-$1.out"); [ -n "$url" ] && break; sleep 0.1
  done
  [ -n "$url" ] || { cat "$OUT/serve-$1.err"; exit 1; }
  # a warm-up, not measured (both stores alike): the first reads after a load
  # meet cold caches and the server's autovacuum of the new tables
  IDS="$OUT/ids.txt" SUFFIX="?fresh=1" wrk -t2 -c64 -d3s -s "$ROOT/bench/http/ids.lua" "$url" >/dev/null 2>&1
  IDS="$OUT/ids.txt" SUFFIX="?fresh=1" wrk -t2 -c64 -d"${SECS}s" --latency -s "$ROOT/bench/http/ids.lua" "$url" \
    > "$OUT/wrk-$1.txt" 2>&1
  echo "entity GET on $1 (wrk -t2 -c64, ${SECS} s, every 50th id in turn, ?fresh=1; load average before:" \
    "$(cut -d' ' -f1-3 /proc/loadavg)):"
  grep -E "Requests/sec|99%|50%|Non-2xx" "$OUT/wrk-$1.txt"
  kill -TERM $pid; wait $pid 2>/dev/null; pid=""
}
get_bench PostgreSQL "$PG"
get_bench SQLite "$OUT/s.db"
python3 - "$OUT/wrk-PostgreSQL.txt" "$OUT/wrk-SQLite.txt" <<'PY'
import re, sys
rate = [float(re.search(r"Requests/sec:\s+([\d.]+)", open(f).read()).group(1)) for f in sys.argv[1:]]
print(f"entity GET: PostgreSQL {rate[0]:,.0f}/s, SQLite {rate[1]:,.0f}/s; PostgreSQL / SQLite = {rate[0] / rate[1]:.2f}")
PY
