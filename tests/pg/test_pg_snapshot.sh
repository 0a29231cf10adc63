# PostgreSQL: the graph snapshot (store_pg_snapshot.c). The first build writes
# it into OVERSIGHT_SNAPSHOT_DIR, named after the database; a second process
# (a command, then a server) starts from it: the file is not written again;
# a write by another process makes it stale: the next build answers with the
# write and writes the file anew; a server notices the write and rebuilds.
# An empty OVERSIGHT_SNAPSHOT_DIR turns it off. Run by tests/pg/pg_cluster.sh.
. "$TESTS/cli/lib.sh"
: "${OV_PG_URL:?run me through tests/pg/pg_cluster.sh}"
PG="$OV_PG_URL"
export OV_GRAPH_SNAPSHOT=1 # the store is small: snapshots written and read all the same
export OVERSIGHT_SNAPSHOT_DIR="$WORK/snap"
expect_exit 0 "$OV" --db "$PG" init
cat > a.jsonl <<'J'
{"id":"co-top","schema":"Company","properties":{"name":["Top Test Holding"]}}
{"id":"co-mid","schema":"Company","properties":{"name":["Mid Test Company"]}}
{"id":"own-1","schema":"Ownership","properties":{"owner":["co-top"],"asset":["co-mid"],"percentage":["60"]}}
J
expect_exit 0 "$OV" --db "$PG" load a.jsonl
"$OV" --db "$PG" owners co-mid > o1.txt 2>&1 || fail "owners: $(cat o1.txt)"
expect_contains o1.txt "Top Test Holding"
snap() { ls "$OVERSIGHT_SNAPSHOT_DIR"/pg-*.graph 2>/dev/null; }
sig() { stat -c '%i %Y %s' "$(snap)"; }
[ "$(snap | wc -l)" -eq 1 ] && pass || fail "one snapshot in the directory: $(ls -la "$OVERSIGHT_SNAPSHOT_DIR" 2>&1)"
case "$(basename "$(snap)")" in pg-[0-9]*-[0-9]*.graph) pass ;; *) fail "snapshot name: $(snap)" ;; esac
s1=$(sig)
sleep 1.1 # a rewrite would show in the modification time, to the second
"$OV" --db "$PG" owners co-mid > o2.txt 2>&1 || fail "owners, second: $(cat o2.txt)"
cmp -s o1.txt o2.txt && pass || fail "the answer from the snapshot differs: $(diff o1.txt o2.txt)"
[ "$(sig)" = "$s1" ] && pass || fail "the second process wrote the snapshot again: $s1 / $(sig)"

# a server starts from it (no rewrite) and answers from the graph
OVERSIGHT_DB="$PG"; start_server one
U=${URL%/}; P=$SERVER_PID
OVERSIGHT_DB="$WORK/test.db"
curl -sf "$U/api/owners/co-mid" > so.json && pass || fail "owners through the server"
expect_contains so.json "co-top"
[ "$(sig)" = "$s1" ] && pass || fail "the server wrote the snapshot again: $s1 / $(sig)"

# another process writes: stale; the next command answers with the write and writes it anew
cat > b.jsonl <<'J'
{"id":"co-new","schema":"Company","properties":{"name":["New Test Owner"]}}
{"id":"own-2","schema":"Ownership","properties":{"owner":["co-new"],"asset":["co-mid"],"percentage":["40"]}}
J
expect_exit 0 "$OV" --db "$PG" load b.jsonl
"$OV" --db "$PG" owners co-mid > o3.txt 2>&1 || fail "owners after the write: $(cat o3.txt)"
expect_contains o3.txt "New Test Owner"
s2=$(sig)
[ "$s2" != "$s1" ] && pass || fail "the snapshot was not written again after another process's write"
# the server noticed the write (its data version) and built the graph again
curl -sf "$U/api/owners/co-mid" > so2.json && pass || fail "owners through the server after the write"
expect_contains so2.json "co-new"
sleep 1.1
"$OV" --db "$PG" owners co-mid > o4.txt 2>&1
cmp -s o3.txt o4.txt && pass || fail "the answer from the new snapshot differs: $(diff o3.txt o4.txt)"
[ "$(sig)" = "$s2" ] && pass || fail "the new snapshot was not used: $s2 / $(sig)"
kill $P 2>/dev/null
wait $P 2>/dev/null

# a damaged snapshot is not used: the build scans and writes it anew
printf 'garbage' | dd of="$(snap)" bs=1 seek=200 conv=notrunc 2>/dev/null
"$OV" --db "$PG" owners co-mid > o5.txt 2>&1 || fail "owners beside a damaged snapshot: $(cat o5.txt)"
cmp -s o3.txt o5.txt && pass || fail "the answer beside a damaged snapshot differs: $(diff o3.txt o5.txt)"

# off: no file
rm -rf "$OVERSIGHT_SNAPSHOT_DIR"
OVERSIGHT_SNAPSHOT_DIR= "$OV" --db "$PG" owners co-mid > o6.txt 2>&1
cmp -s o3.txt o6.txt && pass || fail "the answer without snapshots differs"
[ ! -e "$OVERSIGHT_SNAPSHOT_DIR" ] && pass || fail "a snapshot was written with OVERSIGHT_SNAPSHOT_DIR empty"
finish
