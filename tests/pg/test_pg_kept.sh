# PostgreSQL: the kept name index (src/names/kept.c). A PostgreSQL store has
# no file to keep "<store>.names" beside, so the first `match` writes it into
# OVERSIGHT_SNAPSHOT_DIR as "pg-<system id>-<db oid>.names" (the graph
# snapshot's name); a second process (`match`, `screen`, a server) maps it:
# the file is not written again; a load by another process makes it stale:
# the next command answers with the load and writes it anew. Every answer is
# the same as a fresh build's (OV_NAMES_INDEX=0). Run by tests/pg/pg_cluster.sh.
. "$TESTS/cli/lib.sh"
: "${OV_PG_URL:?run me through tests/pg/pg_cluster.sh}"
PG="$OV_PG_URL"
export OV_NAMES_INDEX=1 # the store is small: the index kept all the same
export OVERSIGHT_SNAPSHOT_DIR="$WORK/snap"
expect_exit 0 "$OV" --db "$PG" init
cat > a.jsonl <<'J'
{"id":"co-top","schema":"Company","properties":{"name":["Top Test Holding"],"country":["de"]}}
{"id":"co-mid","schema":"Company","properties":{"name":["Mid Test Company"],"alias":["Mittel Test GmbH"]}}
{"id":"p-one","schema":"Person","properties":{"name":["Anna Testperson"]}}
{"id":"br-one","schema":"Brand","properties":{"name":["Testbrand"]}}
J
expect_exit 0 "$OV" --db "$PG" load a.jsonl
printf 'name\nMid Test Company\nTestbrand\nAnna Testperson\n' > q.csv

# the answers of a fresh build (no file read or written), to compare with
fresh() { OV_NAMES_INDEX=0 "$OV" --db "$PG" --format json "$@"; }
fresh match "Mid Test Co" > m0.json 2>&1 || fail "match, fresh: $(cat m0.json)"
fresh screen q.csv > s0.json 2>&1 || fail "screen, fresh: $(cat s0.json)"
expect_contains m0.json "co-mid"
[ ! -e "$OVERSIGHT_SNAPSHOT_DIR" ] && pass || fail "OV_NAMES_INDEX=0 wrote an index: $(ls -la "$OVERSIGHT_SNAPSHOT_DIR")"

kept() { ls "$OVERSIGHT_SNAPSHOT_DIR"/pg-*.names 2>/dev/null; }
sig() { stat -c '%i %Y %s' "$(kept)"; }
"$OV" --db "$PG" --format json match "Mid Test Co" > m1.json 2>&1 || fail "match: $(cat m1.json)"
cmp -s m0.json m1.json && pass || fail "match while writing the index differs: $(diff m0.json m1.json)"
[ "$(kept | wc -l)" -eq 1 ] && pass || fail "one index in the directory: $(ls -la "$OVERSIGHT_SNAPSHOT_DIR" 2>&1)"
case "$(basename "$(kept)")" in pg-[0-9]*-[0-9]*.names) pass ;; *) fail "index name: $(kept)" ;; esac
[ "$(stat -c %a "$OVERSIGHT_SNAPSHOT_DIR")" = 700 ] && pass || fail "the directory made is not private"
s1=$(sig)

# a second process maps it: the same answers, the file not written again
sleep 1.1 # a rewrite would show in the modification time, to the second
"$OV" --db "$PG" --format json match "Mid Test Co" > m2.json 2>&1 || fail "match, second: $(cat m2.json)"
cmp -s m0.json m2.json && pass || fail "match from the index differs: $(diff m0.json m2.json)"
"$OV" --db "$PG" --format json screen q.csv > s2.json 2>&1 || fail "screen: $(cat s2.json)"
cmp -s s0.json s2.json && pass || fail "screen from the index differs: $(diff s0.json s2.json)"
[ "$(sig)" = "$s1" ] && pass || fail "the second process wrote the index again: $s1 / $(sig)"

# a damaged file is not used: the answer is a fresh build's, and the file is written anew
printf 'garbage' | dd of="$(kept)" bs=1 seek=300 conv=notrunc 2>/dev/null
"$OV" --db "$PG" --format json match "Mid Test Co" > m3.json 2>&1 || fail "match beside a damaged index: $(cat m3.json)"
cmp -s m0.json m3.json && pass || fail "match beside a damaged index differs: $(diff m0.json m3.json)"
[ "$(sig)" != "$s1" ] && pass || fail "the damaged index was not written anew"
s1=$(sig)

# a server starts from it (no rewrite) and matches
post_match() { # $1: the name, $2: the output file
  python3 - "$U" "$1" > "$2" <<'PY'
import json, sys, urllib.request
body = json.dumps({"queries": {"q": {"schema": "Company", "properties": {"name": [sys.argv[2]]}}}}).encode()
req = urllib.request.Request(sys.argv[1] + "/api/match", data=body, headers={"Content-Type": "application/json"})
with urllib.request.urlopen(req) as r:
    print(json.dumps([x["id"] for x in json.load(r)["responses"]["q"]["results"]]))
PY
}
OVERSIGHT_DB="$PG"; start_server one
U=${URL%/}; P=$SERVER_PID
OVERSIGHT_DB="$WORK/test.db"
ok=0
for _ in $(seq 1 100); do post_match "Mid Test Co" sm1.json 2>/dev/null && { ok=1; break; }; sleep 0.1; done
[ $ok = 1 ] && pass || fail "POST /api/match through the server"
expect_contains sm1.json "co-mid"
kill $P 2>/dev/null
wait $P 2>/dev/null
[ "$(sig)" = "$s1" ] && pass || fail "the server wrote the index again: $s1 / $(sig)"

# another process loads: stale; the next command answers with the load and writes it anew
cat > b.jsonl <<'J'
{"id":"co-new","schema":"Company","properties":{"name":["Mid Test Corporation"]}}
J
expect_exit 0 "$OV" --db "$PG" load b.jsonl
fresh match "Mid Test Co" > m4.json 2>&1 || fail "match, fresh after the load: $(cat m4.json)"
expect_contains m4.json "co-new"
sleep 1.1
"$OV" --db "$PG" --format json match "Mid Test Co" > m5.json 2>&1 || fail "match after the load: $(cat m5.json)"
cmp -s m4.json m5.json && pass || fail "match after the load differs from a fresh build: $(diff m4.json m5.json)"
s2=$(sig)
[ "$s2" != "$s1" ] && pass || fail "the index was not written again after another process's load"
sleep 1.1
"$OV" --db "$PG" --format json match "Mid Test Co" > m6.json 2>&1
cmp -s m4.json m6.json && pass || fail "match from the new index differs: $(diff m4.json m6.json)"
[ "$(sig)" = "$s2" ] && pass || fail "the new index was not used: $s2 / $(sig)"

# off: an empty OVERSIGHT_SNAPSHOT_DIR writes nothing
rm -rf "$OVERSIGHT_SNAPSHOT_DIR"
OVERSIGHT_SNAPSHOT_DIR= "$OV" --db "$PG" --format json match "Mid Test Co" > m7.json 2>&1
cmp -s m4.json m7.json && pass || fail "match without a snapshot directory differs"
[ ! -e "$OVERSIGHT_SNAPSHOT_DIR" ] && pass || fail "an index was written with OVERSIGHT_SNAPSHOT_DIR empty"
finish
