# oversight copy: a whole record SQLite -> PostgreSQL -> SQLite, lossless.
# Every table of the first SQLite store is compared with the same table of the
# PostgreSQL copy and of the SQLite copy of that (row ids, history, citations,
# the change log, token hashes, the generation, the search rows); a judgement
# (a Judgement entity) travels like any entity. A copy into a store that is
# not empty is refused and changes nothing. Run by tests/pg/pg_cluster.sh.
. "$TESTS/cli/lib.sh"
: "${OV_PG_URL:?run me through tests/pg/pg_cluster.sh}"
SEED="$TESTS/../data/seed"
pg_store() {
  psql -q -X -v ON_ERROR_STOP=1 "$OV_PG_URL" -c "CREATE SCHEMA $1" >/dev/null || exit 1
  echo "$OV_PG_URL&options=-csearch_path%3D$1"
}
A="$WORK/a.db"
C="$WORK/c.db"
B=$(pg_store b)
expect_exit 0 "$OV" --db "$A" init
for f in "$SEED"/*.csv; do "$OV" --db "$A" load "$f" >/dev/null 2>&1 || fail "load $f"; done
# history: a retraction and a changed claim, so that retired rows travel too
cat > change.jsonl <<'J'
{"id":"co-hikvision","schema":"Company","properties":{"name":["Hikvision"],"alias":["HIKVISION (changed)"]}}
J
expect_exit 0 "$OV" --db "$A" load --status alleged --dataset later change.jsonl
expect_exit 0 "$OV" --db "$A" resolve co-hikvision co-dahua different --reason "two companies (test)"
expect_exit 0 "$OV" --db "$A" token create alice
expect_exit 0 "$OV" --db "$A" token create bob
expect_exit 0 "$OV" --db "$A" token revoke alice

expect_exit 0 "$OV" copy "$A" "$B"
expect_contains "$WORK/out" "tokens"
expect_exit 0 "$OV" copy "$B" "$C"

# every table, as CSV (one quoting for both programs; NULL shown as \N), ordered by its key
norm() { python3 -c 'import csv, sys
w = csv.writer(sys.stdout, lineterminator="\n")
for r in csv.reader(sys.stdin): w.writerow(r)'; }
sq() { sqlite3 -csv -nullvalue '\N' "$1" "$2" | norm; }
pq() { psql -X -q --csv -t -P null='\N' "$1" -c "$2" | norm; }
COLS_change="id, at, kind, origin, dataset, note, entities, added, retired"
COLS_dataset="id, name"
COLS_prop="id, name"
COLS_schema_name="id, name"
COLS_citation="id, source, locator"
COLS_entity="eid, id, schema, caption, first_seen, last_seen, last_change, target, datasets, referents, added_in, changed_in, retired_in"
COLS_statement="sid, eid, schema, prop, value, lang, original, dataset, citation, status, first_seen, last_seen, src_id, origin, external, added_in, retired_in"
for t in change dataset prop schema_name citation entity statement; do
  eval "cols=\$COLS_$t"
  sq "$A" "SELECT $cols FROM $t ORDER BY 1" > "$t.a"
  sq "$C" "SELECT $cols FROM $t ORDER BY 1" > "$t.c"
  pq "$B" "SELECT $cols FROM $t ORDER BY 1" > "$t.b"
  [ -s "$t.a" ] && pass || fail "table $t is empty"
  expect_same "$t.a" "$t.c"
  expect_same "$t.a" "$t.b"
done
sq "$A" "SELECT id, name, lower(hex(hash)), created, revoked FROM api_token ORDER BY 1" > tok.a
sq "$C" "SELECT id, name, lower(hex(hash)), created, revoked FROM api_token ORDER BY 1" > tok.c
pq "$B" "SELECT id, name, encode(hash, 'hex'), created, revoked FROM api_token ORDER BY 1" > tok.b
[ "$(wc -l < tok.a)" -eq 2 ] && pass || fail "expected two tokens: $(cat tok.a)"
expect_same tok.a tok.c
expect_same tok.a tok.b
sq "$A" "SELECT value FROM meta WHERE key = 'generation'" > gen.a
sq "$C" "SELECT value FROM meta WHERE key = 'generation'" > gen.c
pq "$B" "SELECT value FROM meta WHERE key = 'generation'" > gen.b
expect_same gen.a gen.c
expect_same gen.a gen.b
sq "$A" "SELECT rowid, names, text FROM search ORDER BY 1" > search.a
sq "$C" "SELECT rowid, names, text FROM search ORDER BY 1" > search.c
pq "$B" "SELECT eid, names, text FROM search ORDER BY 1" > search.b
[ -s search.a ] && pass || fail "no search rows"
expect_same search.a search.c
expect_same search.a search.b
grep -q ',' statement.a && grep -q 'alleged\|,2,' statement.a && pass || fail "no alleged statement in the record"
# what the commands see: the same
for s in "$B" "$C"; do
  "$OV" --db "$s" export --output-format statements > x.out
  "$OV" --db "$A" export --output-format statements > x.a
  expect_same x.a x.out
  "$OV" --db "$s" judgements > j.out 2>&1
  "$OV" --db "$A" judgements > j.a 2>&1
  expect_same j.a j.out
  "$OV" --db "$s" token list > t.out
  "$OV" --db "$A" token list > t.a
  expect_same t.a t.out
done
# a token made before the copy opens the copy's server as the original's
# (its hash travelled): checked through the store's own check in `token list`
# above; a new token after the copy gets the next id
expect_exit 0 "$OV" --db "$B" token create carol
pq "$B" "SELECT id FROM api_token WHERE name = 'carol'" > id.b
[ "$(cat id.b)" = 3 ] && pass || fail "the new token's id: $(cat id.b)"

# into a store that is not empty: refused, nothing written
"$OV" --db "$C" stats > before
expect_exit 1 "$OV" copy "$A" "$C"
expect_contains "$WORK/err" "not empty"
"$OV" --db "$C" stats > after
expect_same before after
expect_exit 1 "$OV" copy "$A" "$B"
# a source that does not exist
expect_exit 3 "$OV" copy "$WORK/none.db" "$WORK/d.db"
finish
