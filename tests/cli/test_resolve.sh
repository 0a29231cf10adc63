# Entity resolution (issue 16, first part): candidate pairs (xref), judgements as record
# data (resolve), the clusters they make and the refusal of contradictions (judgements).
. "$TESTS/cli/lib.sh"
"$OV" init >/dev/null
cat > ents.json <<'EOF2'
{"id": "ac-a", "schema": "Company", "properties": {"name": ["Acme Surveillance Ltd"], "country": ["gb"]}}
{"id": "ac-b", "schema": "Company", "properties": {"name": ["Acme Surveillance Limited"], "country": ["gb"]}}
{"id": "ac-c", "schema": "Company", "properties": {"name": ["Acme Surveillance Co."], "country": ["gb"]}}
{"id": "ac-p", "schema": "Person", "properties": {"name": ["Acme Surveillance"]}}
{"id": "ch-x", "schema": "Company", "properties": {"name": ["Chain X Holdings"]}}
{"id": "ch-y", "schema": "Company", "properties": {"name": ["Chain Y Holdings"]}}
{"id": "ch-z", "schema": "Company", "properties": {"name": ["Chain Z Holdings"]}}
{"id": "lei-1", "schema": "Company", "properties": {"name": ["Northwind Optics"], "leiCode": ["5493001KJTIIGC8Y1R12"]}}
{"id": "lei-2", "schema": "Company", "properties": {"name": ["NW Optical Systems"], "leiCode": ["5493001KJTIIGC8Y1R12"]}}
EOF2
expect_exit 0 "$OV" load ents.json
snapshot() { "$OV" export --output-format statements > "$1"; }

# candidates: the three Acme companies pair up, the person never pairs with them, and
# the two names that share nothing but an LEI are proposed on the identifier
"$OV" --format json xref --threshold 0.7 --limit 1000 > x.json
python3 - <<'PY' && pass || fail "xref: $(head -c 600 x.json)"
import json
pairs = {(p["a"], p["b"]) for p in json.load(open("x.json"))["pairs"]}
assert {("ac-a", "ac-b"), ("ac-a", "ac-c"), ("ac-b", "ac-c")} <= pairs, pairs
assert not any("ac-p" in p for p in pairs), pairs
assert ("lei-1", "lei-2") in pairs, pairs
PY

# a judgement is record data, cited, with its author and reason
expect_exit 0 "$OV" resolve ac-a ac-b same --reason "same registered office and officers" --author "Test Researcher" \
  --source https://example.org/registry --locator "entry 12"
"$OV" --format json judgements ac-a > j.json
python3 - <<'PY' && pass || fail "judgements: $(cat j.json)"
import json
d = json.load(open("j.json"))
assert d["canonical"] == "ac-a" and d["referents"] == ["ac-a", "ac-b"], d
j = d["judgements"][0]
assert j["verdict"] == "same" and j["author"] == "Test Researcher" and j["reason"].startswith("same registered"), j
PY
jid=$(python3 -c 'import json; print(json.load(open("j.json"))["judgements"][0]["id"])')
"$OV" --format json get "$jid" > je.json
python3 -c '
import json; e = json.load(open("je.json")); s = [x for x in e["statements"] if x["prop"] == "verdict"][0]
assert s["source"] == "https://example.org/registry" and "entry 12" in s["locator"] and "Test Researcher" in s["locator"], s' \
  && pass || fail "the judgement's citation: $(head -c 400 je.json)"
# judged pairs are not proposed again
"$OV" --format json xref --threshold 0.7 --limit 1000 > x2.json
python3 -c '
import json; pairs = {(p["a"], p["b"]) for p in json.load(open("x2.json"))["pairs"]}
assert ("ac-a", "ac-b") not in pairs and ("ac-a", "ac-c") in pairs, pairs' && pass || fail "xref after a judgement"

# contradictions are refused with the judgement named, nothing written
expect_exit 0 "$OV" resolve ac-b ac-c different --reason "different registration numbers"
snapshot before.csv
expect_exit 1 "$OV" resolve ac-a ac-c same --reason "names alike"
expect_contains "$WORK/err" "different registration numbers"
snapshot after.csv
expect_same before.csv after.csv
# through a chain: X = Y, Y = Z, so X and Z cannot be judged different; both links named
expect_exit 0 "$OV" resolve ch-x ch-y same --reason "link one"
expect_exit 0 "$OV" resolve ch-y ch-z same --reason "link two"
expect_exit 1 "$OV" resolve ch-x ch-z different --reason "looks different"
expect_contains "$WORK/err" "link one"
expect_contains "$WORK/err" "link two"
"$OV" --format json judgements ch-z > jz.json
python3 -c 'import json; d=json.load(open("jz.json")); assert d["canonical"] == "ch-x" and d["referents"] == ["ch-x", "ch-y", "ch-z"], d' \
  && pass || fail "a chain is one cluster: $(cat jz.json)"
# undoing is a newer judgement of the same pair: A and B apart again, then A and C may be one
expect_exit 0 "$OV" resolve ac-a ac-b different --reason "the registry entry was for another company"
expect_exit 0 "$OV" resolve ac-a ac-c same --reason "same officers"
"$OV" --format json judgements ac-c > jc.json
python3 -c 'import json; d=json.load(open("jc.json")); assert d["referents"] == ["ac-a", "ac-c"], d' \
  && pass || fail "undo and re-judge: $(cat jc.json)"
# the history keeps every judgement: four of the Acme pairs were recorded
n=$("$OV" --format json judgements | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["judgements"]))')
[ "$n" = 5 ] && pass || fail "the judgements that hold: $n, expected 5 (the A-B pair's newest only)"
"$OV" stats > stats.txt
expect_contains stats.txt "Judgement"

# bad input: a clear error, exit 1 (2 for usage), nothing written
snapshot before2.csv
expect_exit 1 "$OV" resolve ac-a no-such-id same --reason "x"
expect_contains "$WORK/err" "no-such-id is not an entity of the record"
expect_exit 1 "$OV" resolve ac-a ac-a same --reason "x"
expect_contains "$WORK/err" "with itself"
expect_exit 1 "$OV" resolve ac-a ac-p same --reason "x"
expect_contains "$WORK/err" "cannot be one entity"
expect_exit 1 "$OV" resolve ac-a ac-c unsure
expect_contains "$WORK/err" "needs a reason"
expect_exit 2 "$OV" resolve ac-a ac-c maybe --reason "x"
snapshot after2.csv
expect_same before2.csv after2.csv
# xref --against a loaded dataset: only pairs of one of its entities with the rest of the record
cat > newlist.json <<'EOF2'
{"id": "nl-1", "schema": "Company", "properties": {"name": ["Northwind Optics Ltd"]}}
{"id": "nl-2", "schema": "Company", "properties": {"name": ["Chain Q Holdings"]}}
EOF2
expect_exit 0 "$OV" load --dataset newlist newlist.json
"$OV" --format json xref --against newlist --threshold 0.7 --limit 1000 > xa.json
python3 - <<'PY' && pass || fail "xref --against: $(head -c 600 xa.json)"
import json
pairs = [(p["a"], p["b"]) for p in json.load(open("xa.json"))["pairs"]]
assert ("nl-1", "lei-1") in pairs, pairs
assert all(a.startswith("nl-") and not b.startswith("nl-") for a, b in pairs), pairs
PY
expect_exit 3 "$OV" xref --against no-such-dataset
expect_contains "$WORK/err" "no entity of dataset 'no-such-dataset'"
# the judgements are read through the store's schema index, not a scan of the record
python3 - "$OVERSIGHT_DB" <<'PY' && pass || fail "the entity_schema index"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'entity_schema'").fetchone()[0] == 1
plan = " ".join(r[-1] for r in db.execute("EXPLAIN QUERY PLAN SELECT e.id FROM entity e WHERE e.schema = "
    "(SELECT id FROM schema_name WHERE name = 'Judgement') AND e.retired_in IS NULL ORDER BY e.eid"))
assert "entity_schema" in plan, plan
PY

finish
