#!/bin/sh
# bench/pg/seed_get.sh BUILD_DIR - entity GET on public data: the bundled seed
# record (data/seed/*.csv) loaded into a throwaway PostgreSQL cluster and a
# SQLite file, served by `oversight serve --threads 2`, wrk over every id in
# turn (?fresh=1: no response cache; 3 s of warm-up, then 10 s), PostgreSQL
# and SQLite alternated twice. Not in `make bench` (docs/BENCHMARKS.md, "One
# round trip per GET").
set -eu
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
if [ -z "${OV_PG_URL:-}" ]; then exec "$ROOT/tests/pg/pg_cluster.sh" run sh "$0" "$BUILD"; fi
OV="$BUILD/oversight"; OUT="$ROOT/bench/out/pg-seed"; mkdir -p "$OUT"
PG="$OV_PG_URL"
"$OV" --db "$PG" init >/dev/null
rm -f "$OUT"/s.db*; "$OV" --db "$OUT/s.db" init >/dev/null
for f in "$ROOT"/data/seed/*.csv; do "$OV" --db "$PG" load "$f" >/dev/null; "$OV" --db "$OUT/s.db" load "$f" >/dev/null; done
"$OV" --db "$OUT/s.db" export --output-format plain | python3 -c '
import json, sys, urllib.parse
for line in sys.stdin: print(urllib.parse.quote(json.loads(line)["id"], safe=""))' > "$OUT/ids.txt"
echo "seed entities: $(wc -l < "$OUT/ids.txt")"
export OVERSIGHT_SNAPSHOT_DIR="$OUT/snap"
pid=""
trap '[ -n "$pid" ] && kill -TERM $pid 2>/dev/null; wait 2>/dev/null' EXIT
for store in "$PG" "$OUT/s.db" "$PG" "$OUT/s.db"; do
  "$OV" --db "$store" serve --listen 127.0.0.1:0 --threads 2 >"$OUT/serve.out" 2>"$OUT/serve.err" &
  pid=$!
  url=""
  for _ in $(seq 1 3000); do url=$(sed -n 's/^Oversight is serving .* at //p' "$OUT/serve.out"); [ -n "$url" ] && break; sleep 0.1; done
  [ -n "$url" ] || { cat "$OUT/serve.err"; exit 1; }
  IDS="$OUT/ids.txt" SUFFIX="?fresh=1" wrk -t2 -c64 -d3s -s "$ROOT/bench/http/ids.lua" "$url" >/dev/null
  case "$store" in postgresql*) n=PostgreSQL ;; *) n=SQLite ;; esac
  echo "$n: $(IDS="$OUT/ids.txt" SUFFIX="?fresh=1" wrk -t2 -c64 -d10s --latency -s "$ROOT/bench/http/ids.lua" "$url" |
    grep -E "Requests/sec|99%|50%|Non-2xx" | tr -s ' ' | tr '\n' ' ')load average $(cut -d' ' -f1 /proc/loadavg)"
  kill -TERM $pid; wait $pid 2>/dev/null || true; pid=""
done
