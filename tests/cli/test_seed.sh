# The bundled seed (data/seed): the HRIC submission and the official lists,
# every statement sourced. Loads every data/seed/*.csv in name order into a
# fresh store, then checks sources, footnotes, references and statuses, and
# answers questions through the CLI against the submission's text.
. "$TESTS/cli/lib.sh"
SEED="$TESTS/../data/seed"
"$OV" init >/dev/null

# --- the whole bundle loads, without warnings, in a few seconds -------------
start=$(date +%s%N)
: > load.err
for f in "$SEED"/*.csv; do
  "$OV" load "$f" >>load.out 2>>load.err || fail "load $f exited $?: $(tail -c 400 load.err)"
done
end=$(date +%s%N)
ms=$(( (end - start) / 1000000 ))
echo "seed load: ${ms} ms"
[ "$ms" -le 10000 ] && pass || fail "loading the seed took ${ms} ms (> 10 s)"
if grep -q "warning" load.err; then fail "load warnings: $(head -c 600 load.err)"; else pass; fi

"$OV" export --output-format statements -o st.csv >/dev/null 2>&1 || fail "export statements"
"$OV" --format json stats > stats.json

# --- sources, footnotes, references, statuses --------------------------------
python3 - "$SEED" <<'PY' && pass || fail "sources, footnotes, references or statuses"
import csv, glob, os, sys
# the "id" pseudo-statements of the FtM 4 layout carry entity dates, not claims
rows = [r for r in csv.DictReader(open("st.csv", encoding="utf-8")) if r["prop"] != "id"]
assert len(rows) > 5000, len(rows)
ents = {}
for r in rows:
    ents.setdefault(r["entity_id"], r["schema"])
bad = [r for r in rows if not r["source"].strip()]
assert not bad, f"{len(bad)} statements without a source, e.g. {bad[0]}"
# every source is a URL or an entity of the record (a Document)
for r in rows:
    s = r["source"]
    if s.startswith(("http://", "https://")):
        continue
    assert s in ents, f"source {s!r} of {r['entity_id']}.{r['prop']} is not an entity"
    assert ents[s] in ("Document", "Article"), f"source {s} is a {ents[s]}"
# the submission's statements carry a locator
for r in rows:
    if r["dataset"] == "hric_submission":
        assert r["locator"].strip(), f"no locator: {r}"
# footnotes 1-28 are Documents (or Articles) with their number
fnum = {r["entity_id"]: r["value"] for r in rows if r["prop"] == "footnote"}
for n in range(1, 29):
    eid = f"hric-fn-{n:02d}"
    assert ents.get(eid) in ("Document", "Article"), f"{eid}: {ents.get(eid)}"
    assert fnum.get(eid) == str(n), (eid, fnum.get(eid))
assert ents.get("hric-submission") == "Document"
# no dangling reference: every entity-typed value names an entity
for r in rows:
    if r["prop_type"] == "entity":
        assert r["value"] in ents, f"{r['entity_id']}.{r['prop']} -> {r['value']} dangles"
# statuses: nothing is "verified"; claims reported by media or "reportedly" stay alleged
st = {r["status"] for r in rows}
assert st <= {"asserted", "alleged", "disputed", "retracted", "unverified"}, st
assert "verified" not in st
def status(eid, prop=None):
    return {r["status"] for r in rows if r["entity_id"] == eid and (prop is None or r["prop"] == prop)}
for eid in ("link-hikvision-xinjiang-grid", "link-hikvision-xinjiang-camps", "m-sensetime-gov-revenue-share",
            "evt-politburo-ai-study-session", "m-sensetime-db-records", "m-sensetime-db-locations"):
    assert status(eid) == {"alleged"}, (eid, status(eid))
notes = [r for r in rows if r["entity_id"] == "co-hikvision" and r["prop"] == "notes" and "security flaws" in r["value"]]
assert notes and all(r["status"] == "alleged" for r in notes), notes
assert "fn. 10" in notes[0]["locator"]
# curated rows: confidence below high -> unverified, high -> asserted
# (the Documents standing for each row's own source are not claims of the row)
cur = [r for r in rows if r["dataset"].startswith("curated_") and r["schema"] != "Document"]
assert cur
for r in cur:
    conf = r["locator"].rsplit("confidence: ", 1)[1]
    want = "asserted" if conf.strip() == "high" else "unverified"
    assert r["status"] == want, (r["entity_id"], r["prop"], conf, r["status"])
# official list facts are asserted, with the list file as source and the row as locator
for r in rows:
    if r["dataset"] in ("us_dod_1260h", "us_fcc_covered_list", "us_sec889", "us_bis_mieu", "cn_sasac_central_soes"):
        assert r["status"] == "asserted" and r["source"].startswith(("src-list-", "src-shared-manifest")), r
        assert " row " in r["locator"] or r["locator"].startswith(("prc_central", "us_")), r["locator"]
# the bundle's files each keep one entity's rows together (as load requires)
for f in sorted(glob.glob(os.path.join(sys.argv[1], "*.csv"))):
    seen, last = set(), None
    for r in csv.DictReader(open(f, encoding="utf-8")):
        if r["entity_id"] != last:
            assert r["entity_id"] not in seen, f"{f}: rows of {r['entity_id']} not consecutive"
            seen.add(r["entity_id"]); last = r["entity_id"]
PY

# --- questions, answered through the CLI -------------------------------------
# helper: the statements of one entity as JSON lines {prop, value, locator, status, source}
cat > q.py <<'PY'
import csv
rows = [r for r in csv.DictReader(open("st.csv", encoding="utf-8")) if r["prop"] != "id"]
INDEX, SCHEMA = {}, {}
for r in rows:
    INDEX.setdefault(r["entity_id"], {}).setdefault(r["prop"], []).append(r)
    SCHEMA.setdefault(r["entity_id"], r["schema"])
def props(eid):
    return INDEX.get(eid, {})
def find(schema, **want):
    """ids of entities of schema whose props include every wanted value"""
    return [eid for eid, p in INDEX.items() if SCHEMA[eid] == schema and
            all(any(x["value"] == v for x in p.get(k, [])) for k, v in want.items())]
def one(eid, prop):
    vals = props(eid).get(prop, [])
    assert len(vals) >= 1, (eid, prop)
    return vals[0]
PY

# Q1: which article obliges telecom operators / ISPs to provide decryption? Counterterrorism Law Art. 18 (fn. 18)
python3 - <<'PY' && pass || fail "Q1 decryption article"
from q import *
ids = find("LegalProvision", obligation="provide-interfaces-and-decryption", subjectClass="telecom-operator-or-isp")
assert ids == ["prov-ctl-art-18"], ids
assert one(ids[0], "article")["value"] == "18"
law = one(ids[0], "law")["value"]
assert law == "law-ctl" and one(law, "name")["value"] == "Counterterrorism Law"
t = one(ids[0], "text")
# the article is quoted in the body without a footnote marker: HRIC's quote, cited to the submission
assert "decryption" in t["value"] and t["source"] == "hric-submission" and t["locator"].startswith("hric-submission, section 2:") and "(Art. 18)" in t["locator"], t
# the law itself is fn. 18's
assert one(law, "title")["source"] == "hric-fn-18"
assert one(law, "effectiveDate")["value"] == "2016-01-01"
PY
expect_exit 0 "$OV" get prov-ctl-art-18
expect_contains "$WORK/out" "provide-interfaces-and-decryption"
expect_contains "$WORK/out" 'source: hric-submission — hric-submission, section 2: "Under the Counterterrorism Law'

# Q2: what share of SenseTime's revenue comes from government contracts, and which footnote says so? 40 %, fn. 12, alleged
python3 - <<'PY' && pass || fail "Q2 SenseTime government revenue share"
from q import *
ids = find("Measurement", subject="co-sensetime", metric="revenue_share_government")
assert len(ids) == 1, ids
v = one(ids[0], "value")
assert float(v["value"]) == 40 and one(ids[0], "unit")["value"] == "percent"
assert v["source"] == "hric-fn-12" and v["locator"].startswith("fn. 12:") and "40%" in v["locator"] and v["status"] == "alleged", v
PY

# Q3: how many countries do Dahua's products reach? over 180, fn. 3
python3 - <<'PY' && pass || fail "Q3 Dahua countries"
from q import *
ids = find("Measurement", subject="co-dahua", metric="countries_reached")
assert len(ids) == 1, ids
v = one(ids[0], "value")
assert float(v["value"]) == 180 and one(ids[0], "qualifier")["value"] == "over"
assert v["source"] == "hric-fn-03" and "over 180 countries and regions" in v["locator"] and v["locator"].startswith("fn. 3:")
emp = one(find("Measurement", subject="co-dahua", metric="employees")[0], "value")
assert float(emp["value"]) == 16000 and "more than 16,000 employees" in emp["locator"]
subs = one(find("Measurement", subject="co-dahua", metric="overseas_subsidiaries")[0], "value")
assert float(subs["value"]) == 54
PY
"$OV" --format json search Dahua > dahua.json
python3 -c 'import json; r=json.load(open("dahua.json")); assert r["results"][0]["id"]=="co-dahua", r' && pass || fail "search Dahua: the company first, before the list entries and deployments naming it"
"$OV" --format json search national security law > nsl.json
python3 -c 'import json; r=json.load(open("nsl.json")); assert r["results"][0]["id"]=="law-nsl", r' && pass || fail "search: the law before its provisions"

# Q4: in how many countries is Hikvision equipment used? at least 150 (HRIC's own assertion); SOE per fn. 9
python3 - <<'PY' && pass || fail "Q4 Hikvision countries, SOE"
from q import *
ids = find("Measurement", subject="co-hikvision", metric="countries_reached")
v = one(ids[0], "value")
assert float(v["value"]) == 150 and one(ids[0], "qualifier")["value"] == "at least"
assert v["source"] == "hric-submission" and "at least 150 countries" in v["locator"], v
soe = [r for r in props("co-hikvision")["topics"] if r["value"] == "gov.soe"]
assert soe and soe[0]["source"] == "hric-fn-09" and soe[0]["locator"].startswith("fn. 9:")
PY

# Q5: Party organizations in companies, 2017: over 91 % of publicly-owned, over 73 % of private (fn. 7)
python3 - <<'PY' && pass || fail "Q5 Party committee shares"
from q import *
ids = find("Measurement", metric="party_organization_share")
got = {}
for i in ids:
    v = one(i, "value")
    assert v["locator"].startswith("fn. 7:") and v["source"] == "hric-fn-07", v
    assert one(i, "date")["value"] == "2017" and one(i, "qualifier")["value"] == "over"
    got[one(i, "scope")["value"]] = float(v["value"])
assert got == {"publicly-owned companies in China": 91.0, "private companies in China": 73.0}, got
PY

# Q6: the NPC Standing Committee's 2017 enforcement report: over 300 million registered, over 10 million suspended (fn. 26)
python3 - <<'PY' && pass || fail "Q6 NPC enforcement report"
from q import *
reg = one(find("Measurement", metric="newly_registered_users")[0], "value")
sus = one(find("Measurement", metric="suspended_users")[0], "value")
assert float(reg["value"]) == 300e6 and float(sus["value"]) == 10e6
assert reg["source"] == "hric-fn-26" and reg["locator"].startswith("fn. 26:"), reg
# the next sentence carries no marker: HRIC's own, cited to the submission
assert sus["source"] == "hric-submission" and sus["locator"].startswith("hric-submission, section 2"), sus
assert "300 million" in reg["locator"] and "10 million" in sus["locator"]
assert one(find("Measurement", metric="newly_registered_users")[0], "subject")["value"] == "prov-csl-art-24"
PY

# Q7: SenseTime's exposed database: more than 2.5 million records, 6.8 million locations in 24 hours (fn. 24, alleged)
python3 - <<'PY' && pass || fail "Q7 SenseTime database exposure"
from q import *
ev = find("Event", involved="co-sensetime")
db = [e for e in ev if "database" in one(e, "name")["value"]]
assert len(db) == 1, ev
rec = one(find("Measurement", subject=db[0], metric="records_exposed")[0], "value")
loc = one(find("Measurement", subject=db[0], metric="locations_tracked_24h")[0], "value")
assert float(rec["value"]) == 2.5e6 and float(loc["value"]) == 6.8e6
for v in (rec, loc):
    assert v["source"] == "hric-fn-24" and v["status"] == "alleged" and "2.5 million records" in v["locator"], v
PY

# Q8: Hikvision on the FCC Covered List (2021-03-12) and the Section 1260H list (2021-06-03 ...)
python3 - <<'PY' && pass || fail "Q8 Hikvision listings"
from q import *
fcc = [i for i in find("Sanction", entity="co-hikvision") if one(i, "program")["value"] == "FCC Covered List"]
assert len(fcc) == 1, fcc
d = one(fcc[0], "startDate")
assert d["value"] == "2021-03-12" and d["original_value"] == "March 12, 2021" and d["source"] == "src-list-us-fcc-covered"
assert d["locator"] == "us_fcc_covered_list.csv row 4", d["locator"]
h = [i for i in find("Sanction", entity="co-hikvision") if one(i, "program")["value"] == "Section 1260H list of Chinese military companies"]
dates = sorted(one(i, "startDate")["value"] for i in h)
assert "2021-06-03" in dates and all(one(i, "startDate")["source"] == "src-list-us-dod-1260h" for i in h), dates
s889 = [i for i in find("Sanction", entity="co-hikvision") if "Section 889" in one(i, "program")["value"]]
assert s889, "Sec. 889"
# the list's parent: CETC, itself a SASAC central enterprise (no. 8)
assert one("co-hikvision", "parent")["value"] == "co-cetc"
own = find("Ownership", owner="pb-sasac", asset="co-cetc")
assert own and "prc_central_soes_sasac_mof.csv row 8" == one(own[0], "asset")["locator"], own
PY
expect_exit 0 "$OV" get co-hikvision
expect_contains "$WORK/out" "gov.soe"

# Q9: how long must network operators keep logs? at least six months (Cybersecurity Law Art. 21, fn. 25)
python3 - <<'PY' && pass || fail "Q9 log retention"
from q import *
ids = find("LegalProvision", obligation="retain-logs", subjectClass="network-operator")
assert ids == ["prov-csl-art-21"], ids
m = one(ids[0], "minimumPeriod")
assert m["value"] == "6 months" and m["original_value"] == "at least six months" and m["locator"].startswith("fn. 25:")
assert one(ids[0], "law")["value"] == "law-csl"
PY

# Q10: who binds "network operators", and what are they? Cybersecurity Law Art. 76 (fn. 21); Art. 28 technical support
python3 - <<'PY' && pass || fail "Q10 network operators"
from q import *
d = find("LegalProvision", article="76", law="law-csl")
t = one(d[0], "text")
assert "network owners and managers, and network service providers" in t["value"] and t["locator"].startswith("fn. 21:")
a28 = find("LegalProvision", article="28", law="law-csl")
assert one(a28[0], "obligation")["value"] == "provide-technical-support"
assert one(a28[0], "subjectClass")["value"] == "network-operator"
PY

# Q11: when did the National Intelligence Law take effect? The submission gives two dates; both are kept
python3 - <<'PY' && pass || fail "Q11 NIL effective dates"
from q import *
eff = {r["value"]: r["locator"] for r in props("law-nil")["effectiveDate"]}
assert set(eff) == {"2017-06-28", "2018-04-27"}, eff
assert all(l.startswith("fn. 20:") for l in eff.values())
assert one("law-nil", "promulgatingBody")["value"] == "pb-prc-president"
PY

# Q12: the nine surveyed companies of fn. 2 have their websites, and China Mobile is an SOE (fn. 13)
python3 - <<'PY' && pass || fail "Q12 surveyed companies"
from q import *
sites = {"co-hikvision": "https://www.hikvision.com/en", "co-dahua": "https://www.dahuatech.com",
         "co-yitu": "http://www.yitutech.com/en", "co-megvii": "https://megvii.com",
         "co-sensetime": "https://www.sensetime.com", "co-eyecool": "http://www.eyecool.cn",
         "co-intellifusion": "http://www.intellif.com", "co-isvision": "http://www.isvision.com",
         "co-seetatech": "http://www.seetatech.com"}
for cid, url in sites.items():
    w = [r for r in props(cid)["website"] if r["value"] == url]
    assert w and w[0]["locator"].startswith("fn. 2:") and w[0]["source"] == "hric-fn-02", cid
cm = props("co-china-mobile")
assert any(r["value"] == "gov.soe" and r["source"] == "hric-fn-13" for r in cm["topics"])
aw = find("ContractAward", supplier="co-sensetime")
assert aw and one(one(aw[0], "contract")["value"], "authority")["value"] == "co-china-mobile"
PY

# Q13 (issue 19): what the audit found wrong stays fixed
python3 - <<'PY' && pass || fail "Q13 the audit's findings"
from q import *
# the metadata sentence carries marker 24, names no law, and is not hung on the public-opinion regulation
md = one("prov-metadata-retention-requirement", "summary")
assert md["source"] == "hric-fn-24" and md["locator"].startswith("fn. 24:") and "metadata" in md["locator"], md
assert "law" not in props("prov-metadata-retention-requirement")
assert not any("metadata" in r["value"] for p in props("prov-public-opinion-assessment-art-5").values() for r in p)
# no qualifier the source does not give
for eid in ("m-sensetime-gov-revenue-share", "m-social-credit-coverage", "m-dahua-overseas-subsidiaries"):
    assert "qualifier" not in props(eid), (eid, props(eid).get("qualifier"))
# the 1260H event of 2024-01-31 adds only the companies its row keys
assert not [e for e in INDEX if e.startswith("sanc-dod-1260h-2024-01-") and e[len("sanc-dod-1260h-2024-01-"):] in ("hikvision", "dahua", "cloudwalk")]
assert sorted(e for e in INDEX if e.startswith("sanc-dod-1260h-2024-01-")) == [
    "sanc-dod-1260h-2024-01-megvii", "sanc-dod-1260h-2024-01-netposa", "sanc-dod-1260h-2024-01-yitu"]
# China Mobile's US companies are their own entities, low confidence: unverified
for cid in ("co-china-mobile-usa", "co-china-mobile-international-usa"):
    assert SCHEMA.get(cid) == "Company" and all(r["status"] == "unverified" for p in props(cid).values() for r in p), cid
# AIGS: technologies on the country's record only; "Mult" is no company
assert not find("Company", name="Mult")
sa = props("dep-aigs-sa")
assert "supplier" not in sa and {r["value"] for r in sa["technology"]} >= {"social media surveillance"}
assert "technology" not in props("dep-aigs-sa-nec") and one("dep-aigs-sa-nec", "supplierName")["value"] == "NEC"
assert not [e for e in INDEX if SCHEMA[e] == "Deployment" and "supplier" in props(e) and "technology" in props(e)]
# the missing claims are on record, with their footnote or as HRIC's assertion
cats = props("note-hric-company-categories")
assert len(cats["keywords"]) == 5 and cats["keywords"][0]["source"] == "hric-fn-02"
assert {r["value"] for r in props("note-party-state-roles")["keywords"]} == {"regulator", "investor", "owner"}
assert len(props("note-compliance-provisions")["keywords"]) == 4
assert one("prov-isp-credit-systems", "summary")["source"] == "hric-submission"
assert one("prov-isp-censored-content-procedure", "obligation")["value"] == "stop-delete-record-report"
# Oversight's answers cite Oversight's round, not the submission
ans = [r for e in INDEX if SCHEMA[e] == "Assessment" for r in props(e)["answer"]]
assert len(ans) == 180 and {r["source"] for r in ans} == {"doc-oversight-asmt-hric-2019-r1"}
assert one("doc-oversight-asmt-hric-2019-r1", "author")["value"] == "Oversight"
PY


# the summary `make run` prints (scripts/summary.py) reads the analyses' answers
python3 "$TESTS/../scripts/summary.py" "$OV" "$OVERSIGHT_DB" > summary.txt 2>summary.err && pass \
  || fail "make run's summary: $(tail -3 summary.err)"
expect_contains summary.txt "state share: 41.55% to 80.43% (unverified)"
expect_contains summary.txt "typology: party-embedded-private (alleged)"

finish
