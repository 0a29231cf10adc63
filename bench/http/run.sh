#!/bin/sh
# bench/http/run.sh BUILD_DIR - load benchmark of `oversight serve` with wrk
# (docs/BENCHMARKS.md, "Server"). Builds a store from the bundled record
# (data/seed/*.csv in name order), starts the server on a free loopback port
# with 2 worker threads, and measures with wrk (2 threads, 64 connections,
# $BENCH_SECONDS each, default 15):
#   1. GET /api/entities/co-hikvision (one large entity, 11.8 KB, cached)
#   2. GET /api/entities/ID over all 1,900 ids in turn (cached after first use)
#   3. the same with ?fresh=1: no response cache, every request reads the store
#   4. GET /api/search?q=hikvision and ?q=海康 (never cached)
#   5. POST /api/match, one yente-style query (bench/http/match.lua)
#   6. 1,000 idle connections held open, then 1 again with wrk beside them.
#   7. 3,000 slowloris connections (bench/http/slowloris.py: a header byte every
#      half second, reopened when the server closes them at its deadline), and
#      entity GET beside them (issue 20: p99 under 100 ms is the target).
# Results go to bench/http/out/ (not committed).
set -eu
BUILD=${1:-build}
SECS=${BENCH_SECONDS:-15}
top=$(cd "$(dirname "$0")/../.." && pwd)
OV="$(cd "$BUILD" && pwd)/oversight"
out="$top/bench/http/out"
mkdir -p "$out"
db="$out/bench.db"
rm -f "$db" "$db-wal" "$db-shm"
"$OV" --db "$db" init >/dev/null
for f in "$top"/data/seed/*.csv; do "$OV" --db "$db" load "$f" >/dev/null; done
"$OV" --db "$db" export --output-format plain | python3 -c '
import json, sys, urllib.parse
for line in sys.stdin:
    print(urllib.parse.quote(json.loads(line)["id"], safe=""))' >"$out/ids.txt"
"$OV" --db "$db" serve --listen 127.0.0.1:0 --threads 2 >"$out/serve.out" 2>"$out/serve.err" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT
url=""
for _ in $(seq 1 100); do
  url=$(sed -n 's/^Oversight is serving .* at //p' "$out/serve.out"); [ -n "$url" ] && break; sleep 0.1
done
[ -n "$url" ] || { cat "$out/serve.err"; exit 1; }
hostport=${url#http://}; hostport=${hostport%/}
res="$out/results.txt"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(free -g | awk '/Mem:/{print $2}') GiB"
  echo "entities: $(wc -l <"$out/ids.txt")"
} >"$res"
run() {
  name=$1; shift
  echo "== $name" >>"$res"
  wrk -t2 -c64 -d"${SECS}s" --latency "$@" >"$out/wrk.txt" 2>&1
  grep -E "Requests/sec|Latency  |50%|99%|Non-2xx|Socket errors|requests in" "$out/wrk.txt" >>"$res"
}
export IDS="$out/ids.txt"
curl_warm() { wrk -t1 -c1 -d2s "$@" >/dev/null 2>&1 || true; }
run "entity GET, one id (cached)" "${url}api/entities/co-hikvision"
curl_warm -s "$top/bench/http/ids.lua" "$url"
IDS="$out/ids.txt" run "entity GET, all ids in turn (cached)" -s "$top/bench/http/ids.lua" "$url"
IDS="$out/ids.txt" SUFFIX="?fresh=1" run "entity GET, all ids in turn, no cache" -s "$top/bench/http/ids.lua" "$url"
export IDS="$out/ids.txt"
run "search q=hikvision" "${url}api/search?q=hikvision"
run "search q=海康" "${url}api/search?q=%E6%B5%B7%E5%BA%B7"
run "match (POST /api/match)" -s "$top/bench/http/match.lua" "${url}api/match"
# 1,000 idle connections, then the same load beside them
fifo="$out/idle.fifo"; rm -f "$fifo"; mkfifo "$fifo"
python3 "$top/bench/http/idle.py" "${hostport%:*}" "${hostport##*:}" 1000 <"$fifo" >"$out/idle.out" &
idle=$!
exec 9>"$fifo"
for _ in $(seq 1 100); do grep -q ready "$out/idle.out" 2>/dev/null && break; sleep 0.1; done
echo "idle connections open: $(cat "$out/idle.out")" >>"$res"
run "entity GET, all ids (cached), beside 1,000 idle connections" -s "$top/bench/http/ids.lua" "$url"
SUFFIX="?fresh=1" run "entity GET, all ids, no cache, beside 1,000 idle connections" -s "$top/bench/http/ids.lua" "$url"
exec 9>&-
wait $idle || true
rm -f "$fifo"
# 3,000 slowloris connections, then entity GET beside them
mkfifo "$fifo"
python3 "$top/bench/http/slowloris.py" "${hostport%:*}" "${hostport##*:}" 3000 <"$fifo" >"$out/slow.out" &
slow=$!
exec 9>"$fifo"
for _ in $(seq 1 100); do grep -q ready "$out/slow.out" 2>/dev/null && break; sleep 0.1; done
echo "slowloris connections open: $(head -1 "$out/slow.out")" >>"$res"
run "entity GET, all ids (cached), beside 3,000 slowloris connections" -s "$top/bench/http/ids.lua" "$url"
p99=$(sed -n 's/^ *99% *//p' "$out/wrk.txt")
case "$p99" in
  *us) verdict=PASS ;;
  *ms) verdict=$(echo "$p99" | awk '{ v = $1 + 0; print (v < 100 ? "PASS" : "FAIL") }') ;;
  *) verdict=FAIL ;;
esac
echo "target: entity GET p99 under 100 ms beside 3,000 slowloris connections: $p99, $verdict" >>"$res"
exec 9>&-
wait $slow || true
echo "slowloris: $(tail -1 "$out/slow.out") (closed by the server's header deadline, opened again)" >>"$res"
rm -f "$fifo"
cat "$res"
