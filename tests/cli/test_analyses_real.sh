# Ownership analyses on real records: the seed's companies (data/seed) and the
# BODS Finnish state-owned enterprise example.
. "$TESTS/cli/lib.sh"
ROOT="$TESTS/.."
"$OV" init >/dev/null
for f in "$ROOT"/data/seed/*.csv; do "$OV" load "$f" >/dev/null 2>&1 || fail "load $f"; done
"$OV" --format json typology > t.json
python3 - <<'PY' && pass || fail "seed typology: $(head -c 600 t.json)"
import json
t = {r["entity"]["id"]: r for r in json.load(open("t.json"))}
h = t["co-hikvision"]
assert h["class"] == "state-owned", h
assert "gov.soe" in h["reason"], h["reason"]
# the chain through CETC is evidence, with its (curated, unverified) citation
assert any(e["from"] == "co-cetc" and e["status"] == "unverified" and e["citations"] for e in h["evidence"]), h
s = t["co-sensetime"]
assert s["class"] == "party-embedded-private", s
assert s["measurement"] == "m-sensetime-gov-revenue-share" and "40%" in s["reason"], s
assert t["co-yitu"]["class"] == "undetermined" and t["co-yitu"]["missing"], t["co-yitu"]
PY
"$OV" --format json owners co-hikvision > o.json
python3 -c '
import json; r=json.load(open("o.json")); ids=[h["object"]["id"] for h in r["conclusions"]]
assert "co-cetc" in ids, ids' && pass || fail "owners of Hikvision: $(head -c 400 o.json)"
expect_exit 0 "$OV" graph co-hikvision --format svg -o h.svg
expect_contains h.svg "Hikvision"
expect_contains h.svg "CETC"
# BODS: the Finnish state-owned enterprise chain
"$OV" --db bods.db init >/dev/null
expect_exit 0 "$OV" --db bods.db import bods "$FIXTURES/bods/bods-package-fi-soe.json"
"$OV" --db bods.db --format json typology > b.json
python3 - <<'PY' && pass || fail "BODS Finnish SOE typology: $(head -c 800 b.json)"
import json
rows = json.load(open("b.json"))
owned = [r for r in rows if r["class"] == "state-owned"]
assert owned, rows
# the state holds it through a chain whose first link is a PublicBody
assert any(e["kind"] == "ownership" for r in owned for e in r["evidence"]), owned
PY
finish
