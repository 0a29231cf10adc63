# Loads on PostgreSQL (store_pg.c, docs/internals/store.md "Loads"), beside
# SQLite on the same files: a first load (the indexes dropped and built at the
# end: they are all there afterwards, and still there after a first load that
# failed), then loads into the store that holds data (the batched path: more
# entities than a batch, unchanged ones, new claims, fragments of one entity
# in one change far apart and side by side, a common schema, new entities
# between, a new citation for a claim, a delta's MOD and DEL), each load's
# report and the whole record compared with SQLite's, and a schema that cannot
# be combined, with and without --skip-invalid. Run by tests/pg/pg_cluster.sh.
. "$TESTS/cli/lib.sh"
: "${OV_PG_URL:?run me through tests/pg/pg_cluster.sh}"
GEN="$TESTS/pg/gen_load.py"
PG="$OV_PG_URL"
SQ="$WORK/s.db"
N=3000
indexes() {
  psql -X -A -t -v ON_ERROR_STOP=1 "$PG" -c "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()
    AND tablename IN ('entity', 'statement', 'search') ORDER BY 1" > "$1"
}
expect_exit 0 "$OV" --db "$PG" init
expect_exit 0 "$OV" --db "$SQ" init
indexes idx.fresh
[ "$(wc -l < idx.fresh)" -eq 8 ] && pass || fail "a new store has not the 8 indexes: $(cat idx.fresh)"

# a first load that fails at its last record: nothing, and the indexes as they were
python3 "$GEN" base "$N" > base.jsonl
{ cat base.jsonl; echo '{"id":"bad","schema":"NoSuchSchema","properties":{}}'; } > bad.jsonl
expect_exit 1 "$OV" --db "$PG" load bad.jsonl
"$OV" --db "$PG" --format json stats > st.json
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert s["entities"] == 0 and s["changes"] == 0, s' st.json \
  && pass || fail "a failed first load left something: $(cat st.json)"
indexes idx.after
expect_same idx.fresh idx.after

both() { # both NAME ARGS...: the command on each backend, outputs in NAME.pg / NAME.sq, compared
  n=$1; shift
  "$OV" --db "$PG" "$@" >"$n.pg" 2>&1; a=$?
  "$OV" --db "$SQ" "$@" >"$n.sq" 2>&1; b=$?
  [ "$a" -eq "$b" ] && pass || fail "$*: exit $a on PostgreSQL, $b on SQLite: $(head -c 300 "$n.pg")"
  sed -i 's/[0-9-]*T[0-9:]*Z/TIME/g' "$n.sq" "$n.pg"
  expect_same "$n.sq" "$n.pg"
}
same_record() { # the whole record, both backends
  both "exp$1" export --output-format statements
  both "plain$1" export --output-format plain
  both "stats$1" stats
}
# the first load, then one into the store that holds it
both load1 load base.jsonl
indexes idx.loaded
expect_same idx.fresh idx.loaded
same_record 1
python3 "$GEN" update "$N" > update.jsonl
both load2 load update.jsonl
expect_contains load2.pg "unchanged"
same_record 2
# the same file again: nothing changes
both load3 load update.jsonl
expect_contains load3.pg " 0 statements added, 0 retired"
same_record 3
# the same claims with a citation: each becomes a new version
head -700 update.jsonl > cited.jsonl
both load4 load --source "Test register" --locator "page 2" cited.jsonl
same_record 4
# a delta: MOD replaces, DEL retires, ADD adds
python3 "$GEN" delta "$N" > delta.jsonl
both load5 load --input-format delta delta.jsonl
expect_contains load5.pg "retired"
same_record 5
both hist history co-0
both hist2 history pe-3
# a deleted entity put again
python3 "$GEN" base 20 > again.jsonl
both load6 load again.jsonl
same_record 6
# a large file of new entities into the store (more than the 8 MiB the
# sender thread takes at a time, while batches are being done)
python3 "$GEN" more 60000 > more.jsonl
both load7 load more.jsonl
same_record 8

# search rows follow the statements: a renamed company is found by its new
# name, and both find the same entities (the ranking may differ: sets)
found() { # found NAME QUERY: the ids each backend finds, sorted
  "$OV" --db "$PG" search --limit 1000 "$2" | awk '/^ *[0-9]+\./ {print $NF}' | sort > "$1.pg"
  "$OV" --db "$SQ" search --limit 1000 "$2" | awk '/^ *[0-9]+\./ {print $NF}' | sort > "$1.sq"
  expect_same "$1.sq" "$1.pg"
}
found s1 "Renamed Test Company 7"
expect_contains s1.pg "co-7"
found s2 "Load Test Company 14"
[ "$(wc -l < s2.pg)" -gt 10 ] && pass || fail "few hits: $(cat s2.pg)"

# a record whose schema cannot be combined with the one its entity holds (a
# Person fragment of a stored Company): refused when it is put, as on SQLite.
# Without --skip-invalid both refuse the load (the same message, file:line and
# exit) and nothing changes; with it both skip that record, report it and load
# the rest. The conflict early and late in a batch of 2,000 and across a batch
# boundary, and in fragments of an entity new in the load.
CONFLICT='{"id":"co-1","schema":"Person","properties":{"name":["Not a company"]}}'
conflict_at() { # conflict_at K: update.jsonl's first 2,500 records with the conflict as record K
  { head -n $(($1 - 1)) update.jsonl; echo "$CONFLICT"; sed -n "$1,2500p" update.jsonl; } > "c$1.jsonl"
}
k=0
for at in 2 1999 2000 2001 2002 2501; do
  conflict_at $at
  "$OV" --db "$SQ" stats > before.sq
  both "cnoskip$at" load "c$at.jsonl"
  expect_contains "cnoskip$at.pg" "c$at.jsonl:$at: entity co-1: schema Person cannot be combined with Company"
  "$OV" --db "$SQ" stats > after.sq
  expect_same before.sq after.sq
  k=$((k + 1))
  both "cskip$at" load --skip-invalid "c$at.jsonl"
  expect_contains "cskip$at.pg" "c$at.jsonl:$at: entity co-1: schema Person cannot be combined with Company"
  same_record "c$at"
done
[ "$k" -eq 6 ] && pass || fail "ran $k conflict cases"
# fragments of an entity new in the load: a Person fragment of a new Company in
# the same batch, one after a batch boundary, and Company fragments around them
python3 - > frag.jsonl <<'PY'
import json
def put(schema, name): print(json.dumps({"id": "nf-1", "schema": schema, "properties": {"name": [name]}}))
put("Company", "New Fragment Company")
put("Person", "Not a company 1")
for line in open("update.jsonl").read().splitlines()[:2100]: print(line)
put("Person", "Not a company 2")
put("LegalEntity", "New Fragment Company 2")
put("Company", "New Fragment Company 3")
PY
both fnoskip load frag.jsonl
expect_contains fnoskip.pg "frag.jsonl:2: entity nf-1: schema Person cannot be combined with Company"
both fskip load --skip-invalid frag.jsonl
expect_contains fskip.pg "frag.jsonl:2103: entity nf-1: schema Person cannot be combined with Company"
same_record f
both fent get nf-1
expect_contains fent.pg "New Fragment Company 3"
finish
