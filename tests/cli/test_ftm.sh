# Oversight's exports read by third-party libraries (tests/ftm/, npm packages
# pinned in its package-lock.json): the seed record
#  - exported with --ftm standard: 0 entities refused by @alephdata/followthemoney
#    3.8.4's stock model, and what was mapped or left out counted on stderr;
#  - exported in full: every entity read with the model `oversight model --format json`
#    publishes (and /api/model serves, byte for byte);
#  - exported as BODS 0.4: valid under the BODS 0.4 JSON Schema (ajv, draft 2020-12),
#    while mutated copies are refused (the validator is not vacuous).
# Skipped (77) only when node or npm is not installed.
. "$TESTS/cli/lib.sh"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "node or npm is not installed: skipped"
  exit 77
fi
sh "$TESTS/ftm/install.sh" >npm.out 2>&1 || { fail "npm ci in tests/ftm: $(tail -5 npm.out)"; finish; exit 1; }
SEED="$TESTS/../data/seed"
"$OV" init >/dev/null
for f in "$SEED"/*.csv; do "$OV" load "$f" >/dev/null 2>&1 || fail "load $f"; done

# --- FtM: standard and full -------------------------------------------------
expect_exit 0 "$OV" export --ftm standard -o std.jsonl
cp "$WORK/err" std.err
expect_exit 0 "$OV" export -o full.jsonl
cp "$WORK/err" full.err
expect_exit 0 "$OV" --format json model
cp "$WORK/out" model.json
if node "$TESTS/ftm/ftm.test.cjs" std.jsonl full.jsonl model.json >ftm.out 2>&1; then pass; else fail "$(cat ftm.out)"; fi
cat ftm.out
# what the standard mode did is said, with counts, on stderr
expect_contains std.err "LegalProvision entities left out: no FtM 3.8.4 schema"
expect_contains std.err "Deployment entities written as Event"
expect_contains std.err "Sanction.sanctioningBody values written as Sanction.authority"
expect_contains std.err "Document.fileName values derived from"
# statuses the entity format cannot carry are counted, in both modes
expect_contains full.err "unverified statements written without their status"
expect_contains full.err "alleged statements written without their status"
python3 - <<'PY' && pass || fail "standard-mode counts do not add up: $(cat std.err)"
import json, re
full = [json.loads(l) for l in open("full.jsonl")]
std = [json.loads(l) for l in open("std.jsonl")]
err = open("std.err").read()
left = sum(int(n) for n in re.findall(r"(\d+) \w+ entities left out", err))
# every entity of the full export is either written or counted as left out
assert len(full) == len(std) + left, (len(full), len(std), left)
# the left-out schemata are exactly those the stock model lacks a mapping for
std_ids = {e["id"] for e in std}
for e in full:
    if e["id"] not in std_ids:
        assert re.search(r"\d+ %s entities left out" % e["schema"], err), e["schema"]
PY
# statement ids are FtM's (followthemoney Statement.make_key), language included
expect_exit 0 "$OV" export --output-format statements -o st.csv
python3 - <<'PY' && pass || fail "statement ids differ from FtM's make_key"
import csv, hashlib
NON_LANG = {"entity", "date", "checksum", "email", "phone", "gender", "mimetype", "topic", "url",
            "country", "language", "ip", "id"}
rows = list(csv.DictReader(open("st.csv", encoding="utf-8")))
tagged = 0
for r in rows:
    key = "%s.%s.%s.%s" % (r["dataset"], r["entity_id"], r["prop"], r["value"])
    if r["lang"] and r["prop_type"] not in NON_LANG:
        key += "@" + r["lang"]
        tagged += 1
    if r["external"] == "t":
        key += ".ext"
    assert r["id"] == hashlib.sha1(key.encode("utf-8")).hexdigest(), (r["id"], key)
assert tagged > 100, tagged
PY
# the envelope as OpenSanctions writes it: dates from the change log, datasets,
# referents, target (true for what a Sanction of the record names, false otherwise)
python3 - <<'PY' && pass || fail "envelope fields"
import json, re
full = [json.loads(l) for l in open("full.jsonl")]
iso = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")
named = {v for e in full if e["schema"] == "Sanction" for v in e["properties"].get("entity", [])}
assert named
for e in full:
    for k in ("first_seen", "last_seen", "last_change"):
        assert iso.match(e[k]), (e["id"], k, e.get(k))
    assert e["first_seen"] <= e["last_change"] <= e["last_seen"], e["id"]
    assert isinstance(e["referents"], list) and e["datasets"], e["id"]
    assert e["target"] is (e["id"] in named or any(t.startswith(("sanction", "debarment", "export.control"))
                                                  for t in e["properties"].get("topics", []))), e["id"]
PY
# --ftm is for the entity formats, and takes standard or full
expect_exit 2 "$OV" export --ftm bogus
expect_exit 2 "$OV" export --output-format statements --ftm standard

# --- the model over HTTP is the CLI's ------------------------------------
start_server model
if curl -sf "${URL%/}/api/model" -o api_model.json; then
  python3 -c 'import json,sys; a=json.load(open("api_model.json")); b=json.load(open("model.json")); sys.exit(0 if a==b else 1)' \
    && pass || fail "/api/model differs from oversight model --format json"
else
  fail "GET /api/model failed"
fi
kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null

# --- BODS 0.4 ----------------------------------------------------------------
SCHEMA="$FIXTURES/bods/schema"
expect_exit 0 "$OV" export --output-format bods -o seed.bods.json
cp "$WORK/err" bods.err
if node "$TESTS/ftm/bods.test.mjs" "$SCHEMA" valid seed.bods.json >bods.out 2>&1; then pass; else fail "$(cat bods.out)"; fi
cat bods.out
python3 - <<'PY' && pass || fail "the BODS export lacks persons, entities, relationships or statuses"
import json
pkg = json.load(open("seed.bods.json"))
types = {s["recordType"] for s in pkg}
assert types == {"entity", "person", "relationship"}, types
ids = [s["statementId"] for s in pkg]
assert len(ids) == len(set(ids)), "duplicate statementId"
# every relationship's ends come earlier in the package
seen = set()
for s in pkg:
    if s["recordType"] == "relationship":
        assert s["recordDetails"]["subject"] in seen and s["recordDetails"]["interestedParty"] in seen, s["recordId"]
    seen.add(s["recordId"])
# statuses travel as annotations; citations as the source
notes = [a for s in pkg for a in s.get("annotations", [])]
assert {a["oversightStatus"] for a in notes} >= {"alleged", "unverified"}, {a["oversightStatus"] for a in notes}
assert all("source" in s and s["source"]["description"] for s in pkg)
shares = [i["share"] for s in pkg if s["recordType"] == "relationship" for i in s["recordDetails"]["interests"] if "share" in i]
assert shares, "no shares"
PY
# the package loads back through the strict importer, statuses included (the
# annotations name the facts they qualify)
rm -f back.db
expect_exit 0 "$OV" --db back.db init
expect_exit 0 "$OV" --db back.db import bods seed.bods.json
expect_exit 0 "$OV" --db back.db export --output-format statements -o back.csv
python3 - <<'PY' && pass || fail "statuses lost in the BODS round trip"
import csv, json, re
pkg = json.load(open("seed.bods.json"))
rows = list(csv.DictReader(open("back.csv", encoding="utf-8")))
status = {(r["entity_id"], r["prop"], r["value"]): r["status"] for r in rows}
def bods_id(k): return "bods-" + k if re.fullmatch(r"[A-Za-z0-9._:-]+", k) and len(k) <= 190 else None
checked = 0
for s in pkg:
    for a in s.get("annotations", []):
        if s["recordType"] == "relationship" or a["oversightProperty"] not in ("name", "alias"):
            continue
        eid = bods_id(s["recordId"])
        # the first name is the record's name; a second one travels as an
        # alternateName (another name of a person) and comes back as an alias
        d = s["recordDetails"]
        first = d["name"] if s["recordType"] == "entity" else d["names"][0]["fullName"]
        prop = "name" if a["oversightProperty"] == "name" and a["oversightValue"] == first else "alias"
        assert status.get((eid, prop, a["oversightValue"])) == a["oversightStatus"], (eid, prop, a)
        checked += 1
assert checked > 20, checked
rel = sum(1 for r in rows if r["status"] == "unverified" and r["prop"] in ("owner", "asset"))
assert rel > 0, rel
PY
# mutated copies are refused by the same validator
python3 - <<'PY'
import json, copy
pkg = json.load(open("seed.bods.json"))
def first(t): return next(i for i, s in enumerate(pkg) if s["recordType"] == t)
def write(name, f):
    p = copy.deepcopy(pkg); f(p); json.dump(p, open(name, "w"))
write("bad-no-id.json", lambda p: p[0].pop("statementId"))
write("bad-jurisdiction.json", lambda p: p[first("entity")]["recordDetails"].update(jurisdiction={"code": "CN"}))
write("bad-interest.json", lambda p: p[first("relationship")]["recordDetails"]["interests"][0].update(type="ownership"))
write("bad-date.json", lambda p: p[0].update(statementDate="7 December 2026"))
PY
if node "$TESTS/ftm/bods.test.mjs" "$SCHEMA" invalid bad-no-id.json bad-jurisdiction.json bad-interest.json bad-date.json \
  >bad.out 2>&1; then pass; else fail "$(cat bad.out)"; fi
# what the importer refuses as the schema does, ajv refuses too
if node "$TESTS/ftm/bods.test.mjs" "$SCHEMA" invalid "$FIXTURES"/bods/bods-single-object.json \
  "$FIXTURES"/bods/bods-name-number.json >imp.out 2>&1; then pass; else fail "$(cat imp.out)"; fi
# the examples of the standard validate too
if node "$TESTS/ftm/bods.test.mjs" "$SCHEMA" valid "$FIXTURES"/bods/joint-ownership.json "$FIXTURES"/bods/bods-package-fi-soe.json \
  >ex.out 2>&1; then pass; else fail "$(cat ex.out)"; fi
finish
