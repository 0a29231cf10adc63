# The change log: `oversight changes` (what changed, when, from which file or token), --since
# as a date or a change number, --entity, export --since in the same two forms (refused where
# it cannot apply), and the /changes page with its Atom feeds.
. "$TESTS/cli/lib.sh"
"$OV" init >/dev/null
printf '%s\n' '{"id":"c-1","schema":"Company","properties":{"name":["First Co"]}}' > one.json
printf '%s\n' '{"id":"c-2","schema":"Company","properties":{"name":["Second Co"],"country":["fr"]}}' > two.json
expect_exit 0 "$OV" load one.json
expect_exit 0 "$OV" load two.json
expect_exit 0 "$OV" changes
expect_contains "$WORK/out" "change 1  "
expect_contains "$WORK/out" "load from one.json"
expect_contains "$WORK/out" "change 2  "
expect_contains "$WORK/out" "1 entity, 2 statements added, 0 retired"
# since a change number: what came after it
expect_exit 0 "$OV" changes --since 1
expect_not_contains "$WORK/out" "change 1  "
expect_contains "$WORK/out" "change 2  "
# since a date: at or after it (today: both; tomorrow's year: none)
expect_exit 0 "$OV" changes --since "$(date -u +%Y-%m-%d)"
expect_contains "$WORK/out" "change 1  "
expect_exit 0 "$OV" changes --since 2999-01-01
expect_contains "$WORK/out" "no changes since then"
expect_exit 2 "$OV" changes --since yesterday
expect_contains "$WORK/err" "--since yesterday: neither a change number nor a date"
expect_exit 2 "$OV" changes --since 2019-13-45
# one entity: its statements
expect_exit 0 "$OV" changes --entity c-2
expect_contains "$WORK/out" "    + country = fr"
expect_not_contains "$WORK/out" "one.json"
expect_exit 3 "$OV" changes --entity no-such
expect_exit 0 "$OV" --format json changes --since 1
python3 -c '
import json,sys; d=json.load(open(sys.argv[1]))
assert [c["change"] for c in d["changes"]]==[2] and d["changes"][0]["origin"]=="two.json" and d["changes"][0]["statements_added"]==2
' "$WORK/out" && pass || fail "changes as JSON"
# export --since: a change number or a date for deltas; refused for the whole-record formats
expect_exit 0 "$OV" export --output-format delta --since 1
expect_contains "$WORK/out" "c-2"
expect_not_contains "$WORK/out" "c-1"
expect_exit 0 "$OV" export --output-format delta --since 2999-01-01
[ ! -s "$WORK/out" ] && pass || fail "a delta since a future date is empty: $(head -c 200 "$WORK/out")"
expect_exit 2 "$OV" export --since 1
expect_contains "$WORK/err" "--since applies to --output-format delta only"
expect_exit 2 "$OV" export --output-format statements --since 2020-01-01
expect_exit 2 "$OV" export --output-format delta --since soon
# the page and the feeds
start_server changes
python3 - "$URL" <<'PY' && pass || fail "the /changes page and the Atom feeds"
import sys, urllib.request, urllib.error, xml.etree.ElementTree as ET
base = sys.argv[1].rstrip("/")
def get(p):
    try:
        with urllib.request.urlopen(base + p) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, "", ""
st, ct, body = get("/changes")
assert st == 200 and 'id="change-2"' in body and "two.json" in body, st
st, ct, body = get("/changes?since=1")
assert 'id="change-2"' in body and 'id="change-1"' not in body
assert get("/changes?since=bogus")[0] == 400
A = "{http://www.w3.org/2005/Atom}"
st, ct, body = get("/changes.atom")
assert st == 200 and ct.startswith("application/atom+xml"), ct
feed = ET.fromstring(body)
entries = feed.findall(A + "entry")
assert [e.find(A + "id").text for e in entries] == ["urn:oversight:change:2", "urn:oversight:change:1"]
assert feed.find(A + "updated").text and feed.find(A + "author") is not None
st, ct, body = get("/entity/c-2/changes.atom")
feed = ET.fromstring(body)
entries = feed.findall(A + "entry")
assert len(entries) == 1 and "+ country = fr" in entries[0].find(A + "summary").text
assert get("/entity/no-such/changes.atom")[0] == 404
# the API's export: since as a change number or a date for deltas, refused for the other formats
st, ct, body = get("/api/export?format=delta&since=1")
assert st == 200 and "c-2" in body and "c-1" not in body, body[:300]
st, ct, body = get("/api/export?format=delta&since=2999-01-01")
assert st == 200 and body.strip() == "", body[:300]
assert get("/api/export?since=1")[0] == 400
assert get("/api/export?format=delta&since=soon")[0] == 400
PY
kill -TERM "$SERVER_PID"; wait "$SERVER_PID"
finish
