#!/bin/sh
# Several processes on one store (issue 20): two loads at once, loads while
# the server serves (into an empty store, and seen by the ownership graph
# without a restart), the API and the CLI writing at once, reads during
# loads, and a server write with a dataset another process created. Every
# command's exit code and every count is checked; `pragma integrity_check`
# at the end. Loopback only; no timed assertions.
. "$(dirname "$0")/lib.sh"
if ! "$OV" serve --help >/dev/null 2>&1; then echo "no serve in this build: skipped"; exit 77; fi

# gen FILE PREFIX N DATASET: N companies PREFIX-c<i>, each owned by a person
# PREFIX-p<i> through an Ownership PREFIX-o<i> (3N entities), FtM JSON lines
gen() {
  python3 - "$@" <<'EOF'
import json, sys
path, prefix, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(path, "w") as f:
    for i in range(n):
        c, p, o = f"{prefix}-c{i}", f"{prefix}-p{i}", f"{prefix}-o{i}"
        f.write(json.dumps({"id": c, "schema": "Company", "properties": {
            "name": [f"{prefix} Company {i}"], "country": ["cn"], "registrationNumber": [f"R{i}"],
            "notes": [f"note {i} of {prefix}"]}}) + "\n")
        f.write(json.dumps({"id": p, "schema": "Person", "properties": {
            "name": [f"{prefix} Person {i}"], "nationality": ["us"]}}) + "\n")
        f.write(json.dumps({"id": o, "schema": "Ownership", "properties": {
            "owner": [p], "asset": [c], "percentage": ["60"]}}) + "\n")
EOF
}
entities() { "$OV" --format json stats | python3 -c 'import json,sys; print(json.load(sys.stdin)["entities"])'; }
integrity() {
  python3 - "$OVERSIGHT_DB" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
print(db.execute("pragma integrity_check").fetchone()[0], db.execute("pragma journal_mode").fetchone()[0])
EOF
}
N=1500
gen a.json a $N; gen b.json b $N; gen c.json c $N; gen d.json d 300; gen e.json e 300; gen f.json f 300

# 1. two loads at once into an empty store (both build it; the second waits
#    for the first, then reads the dictionaries the first added)
"$OV" init >/dev/null
"$OV" load --dataset a a.json >la.out 2>la.err & PA=$!
"$OV" load --dataset b b.json >lb.out 2>lb.err & PB=$!
wait $PA; RA=$?; wait $PB; RB=$?
[ $RA -eq 0 ] && pass || fail "first concurrent load exited $RA: $(cat la.err)"
[ $RB -eq 0 ] && pass || fail "second concurrent load exited $RB: $(cat lb.err)"
[ "$(entities)" = $((6 * N)) ] && pass || fail "after two loads at once: $(entities) entities, expected $((6 * N))"

# 2. reads during a load: every read command answers (WAL: readers do not wait)
"$OV" load --dataset c c.json >lc.out 2>lc.err & PC=$!
READS=0; BAD=0
while kill -0 $PC 2>/dev/null; do
  "$OV" get a-c7 >r.out 2>r.err || { BAD=$((BAD + 1)); cat r.err >&2; }
  "$OV" search "Company 7" >/dev/null 2>r.err || { BAD=$((BAD + 1)); cat r.err >&2; }
  READS=$((READS + 2))
done
wait $PC; RC=$?
[ $RC -eq 0 ] && pass || fail "load during reads exited $RC: $(cat lc.err)"
[ $BAD -eq 0 ] && pass || fail "$BAD of $READS reads during a load failed"
echo "reads during a load: $READS, failed: $BAD"

# 3. a server on an empty store, then CLI loads: init, serve, load works,
#    and the API sees the load in the store and in the ownership graph
export OVERSIGHT_DB="$WORK/served.db"
"$OV" init >/dev/null
TOKEN=$("$OV" token create tests 2>/dev/null)
start_server serve
URL=${URL%/}
code() { curl -s -o /dev/null -w '%{http_code}' --max-time 60 "$@"; }
[ "$(code "$URL/api/entities/d-c1")" = 404 ] && pass || fail "d-c1 before the load"
expect_exit 0 "$OV" load --dataset d d.json
[ "$(code "$URL/api/entities/d-c1")" = 200 ] && pass || fail "entity after a CLI load into the served empty store"
[ "$(code "$URL/api/owners/d-c1")" = 200 ] && pass || fail "owners of d-c1 after a CLI load (graph not rebuilt)"
curl -s "$URL/api/owners/d-c1" >own.json
expect_contains own.json "d-p1"
# a server write first (its read-write connection opens and reads the
# dictionaries), then a CLI load adds dataset e, then a server write with e
printf '%s\n' '{"id": "w-1", "schema": "Company", "properties": {"name": ["Written Through The API"]}}' >w1.json
[ "$(code -X POST -H "Authorization: Bearer $TOKEN" --data-binary @w1.json "$URL/api/load?dataset=w")" = 200 ] \
  && pass || fail "server write"
expect_exit 0 "$OV" load --dataset e e.json
printf '%s\n' '{"id": "w-2", "schema": "Company", "properties": {"name": ["Second API Write"], "alias": ["new prop"]}}' >w2.json
[ "$(code -X POST -H "Authorization: Bearer $TOKEN" --data-binary @w2.json "$URL/api/load?dataset=e")" = 200 ] \
  && pass || fail "server write with a dataset a CLI load created (stale dictionary): $(tail -3 serve.err)"
[ "$(code "$URL/api/owners/e-c5")" = 200 ] && pass || fail "owners of e-c5 after CLI and API writes"
# 4. the API and the CLI writing at once, with reads through the API meanwhile
curl -s -o api.out -w '%{http_code}' --max-time 120 -X POST -H "Authorization: Bearer $TOKEN" \
  --data-binary @f.json "$URL/api/load?dataset=f" >api.code & PF=$!
"$OV" load --dataset g c.json >lg.out 2>lg.err & PG=$!
APIBAD=0; APIN=0
while kill -0 $PF 2>/dev/null || kill -0 $PG 2>/dev/null; do
  c=$(code "$URL/api/entities/d-c2"); APIN=$((APIN + 1))
  [ "$c" = 200 ] || APIBAD=$((APIBAD + 1))
  c=$(code "$URL/api/search?q=Company"); APIN=$((APIN + 1))
  [ "$c" = 200 ] || APIBAD=$((APIBAD + 1))
done
wait $PF; wait $PG; RG=$?
[ "$(cat api.code)" = 200 ] && pass || fail "API load beside a CLI load answered $(cat api.code): $(cat api.out)"
[ $RG -eq 0 ] && pass || fail "CLI load beside an API load exited $RG: $(cat lg.err)"
[ $APIBAD -eq 0 ] && pass || fail "$APIBAD of $APIN API reads during the two loads failed"
echo "API reads during an API and a CLI load: $APIN, failed: $APIBAD"
[ "$(code "$URL/api/owners/f-c9")" = 200 ] && pass || fail "owners of f-c9 after the API load"
[ "$(code "$URL/api/owners/c-c9")" = 200 ] && pass || fail "owners of c-c9 after the CLI load beside it"
# w-1, w-2, d, e and f (900 each), c's 3N as dataset g
[ "$(entities)" = $((2 + 900 * 3 + 3 * N)) ] && pass || fail "served store: $(entities) entities, expected $((2 + 900 * 3 + 3 * N))"
kill -TERM $SERVER_PID; wait $SERVER_PID; RS=$?
[ $RS -eq 0 ] && pass || fail "server exited $RS: $(tail -5 serve.err)"
expect_not_contains serve.err "cannot rebuild"

# 5. a writer that waits past OV_BUSY_TIMEOUT says why (exit 4), and the
#    store is unchanged
python3 - "$WORK/test.db" "$OV" d.json <<'EOF' >busy.out 2>&1
import os, sqlite3, subprocess, sys
db, ov, f = sys.argv[1:4]
c = sqlite3.connect(db, isolation_level=None)
c.execute("BEGIN IMMEDIATE")  # another process holds the write lock
p = subprocess.run([ov, "--db", db, "load", f], env=dict(os.environ, OV_BUSY_TIMEOUT="1"),
                   capture_output=True, text=True)
c.execute("ROLLBACK")
print("exit", p.returncode, p.stderr)
EOF
expect_contains busy.out "exit 4"
expect_contains busy.out "the store is busy"
[ "$(OVERSIGHT_DB="$WORK/test.db" entities)" = $((9 * N)) ] && pass || fail "a busy load changed the store"

for db in "$WORK/test.db" "$WORK/served.db"; do
  OVERSIGHT_DB=$db integrity >integ.out
  expect_contains integ.out "ok wal"
done
finish
