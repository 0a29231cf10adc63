# Deployments as the source records them: technologies per country (the AIGS index does not say
# which supplier supplied which), suppliers with their nationality and exposure through their own
# record, country names and codes, the per-country and per-supplier views, /api/deployments and
# the /deployments page with its world map.
. "$TESTS/cli/lib.sh"
"$OV" init >/dev/null
for f in "$TESTS"/../data/seed/*.csv; do "$OV" load "$f" >/dev/null || fail "load $f"; done
# a country by name or by code: the same answer
"$OV" --format json deployments --country "Saudi Arabia" > sa1.json
"$OV" --format json deployments --country SA > sa2.json
cmp -s sa1.json sa2.json && pass || fail "Saudi Arabia and SA differ"
python3 - <<'PY' && pass || fail "Saudi Arabia: $(head -c 800 sa1.json)"
import json
d = json.load(open("sa1.json"))
(sa,) = d["countries"]
assert sa["code"] == "sa" and sa["name"] == "Saudi Arabia"
techs = {t["technology"] for t in sa["technologies"]}
assert "social media surveillance" in techs, techs
# the country's technologies are not attached to its suppliers (NEC is not credited with them)
nec = [s for s in sa["suppliers"] if s["name_in_source"] == "NEC"][0]
assert nec["technologies"] == [] and nec["nationality"]["code"] == "jp" and nec["nationality"]["status"] == "unverified"
assert nec["buyer"] is None
PY
# suppliers: full names, nationality through the record; Huawei's deployments reach the NIL
"$OV" --format json deployments > all.json
python3 - <<'PY' && pass || fail "suppliers: $(head -c 800 all.json)"
import json
d = json.load(open("all.json"))
names = {s["name"] for s in d["suppliers"]}
assert "Mult" not in names and "Speech" not in names and "Speech Technology Center" in names, sorted(names)[:20]
hw = [s for s in d["suppliers"] if s["deployments"] == 51][0]
assert "Huawei" in hw["name"] and hw["nationality"]["code"] == "cn" and hw["nil"], hw["name"]
assert d["totals"]["nil_deployments"] >= 51 + 11
assert sum(c["deployments"] for c in d["countries"]) == d["totals"]["deployments"]
PY
expect_exit 0 "$OV" deployments --by supplier
expect_contains "$WORK/out" "Huawei Technologies Co., Ltd. (China [unverified]): 51 countries"
expect_contains "$WORK/out" "BriefCam (nationality not recorded)"
expect_exit 0 "$OV" deployments --country "United Kingdom"
expect_contains "$WORK/out" "United Kingdom (gb):"
expect_contains "$WORK/out" "buyer: not named by the source"
expect_exit 0 "$OV" deployments --supplier huawei
expect_contains "$WORK/out" "51 deployments in 51 countries by 1 suppliers"
expect_exit 2 "$OV" deployments --by year
expect_exit 2 "$OV" deployments --country Atlantis
# the API and the page with its map
start_server deployments
python3 - "$URL" <<'PY' && pass || fail "the /deployments page and /api/deployments"
import sys, json, urllib.request, urllib.error, xml.etree.ElementTree as ET
base = sys.argv[1].rstrip("/")
def get(p):
    try:
        with urllib.request.urlopen(base + p) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, ""
st, body = get("/api/deployments?country=" + urllib.request.quote("Saudi Arabia"))
d = json.loads(body)
assert st == 200 and [c["code"] for c in d["countries"]] == ["sa"]
assert get("/api/deployments?country=Atlantis")[0] == 400
st, page = get("/deployments")
assert st == 200
svg = page[page.index("<svg"):page.index("</svg>") + 6]
root = ET.fromstring(svg)
S = "{http://www.w3.org/2000/svg}"
assert root.get("role") == "img" and root.find(S + "title").text.startswith("Deployments by suppliers subject to")
links = {a.get("href") for a in root.iter(S + "a")}
assert "/deployments?country=mm" in links and "/deployments?country=us" not in links, sorted(links)[:5]
paths = list(root.iter(S + "path"))
assert len(paths) > 150 and all(p.find(S + "title") is not None for p in paths)
st, page = get("/deployments?country=mm")
assert st == 200 and 'id="cc-mm"' in page and 'id="cc-sa"' not in page
PY
kill -TERM "$SERVER_PID"; wait "$SERVER_PID"
finish
