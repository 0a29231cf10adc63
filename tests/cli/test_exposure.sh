# Legal exposure: the seed's companies against the seed's provisions, a foreign
# subsidiary controlled from China, a foreign company operating in China, as-of
# dates, the UK 2022 test, and rule files with errors.
. "$TESTS/cli/lib.sh"
ROOT="$TESTS/.."
"$OV" init >/dev/null
for f in "$ROOT"/data/seed/*.csv "$FIXTURES/law/subsidiaries.csv"; do "$OV" load "$f" >/dev/null 2>&1 || fail "load $f"; done
exp() { "$OV" --format json exposure "$@"; }
# an exposure is an explained answer (explain.h): one conclusion per obligation, the provision as
# its object, the class of subject as its rule, the provision's statements and the facts as evidence
cat > q.py <<'PY'
import json
def answer(path):
    a = json.load(open(path))
    assert a["question"] == "exposure", a.get("question")
    return a["conclusions"]
def steps(c, *roles): return [s for s in c["evidence"] if s.get("role") in roles]
def obligation(c): return steps(c, "provision")[0]["value"]
def facts(c): return [s for s in c["evidence"] if s.get("role") not in ("provision", "text", "in-force", "minimum-period", "reading")]
PY
exp co-hikvision > h.json
python3 - <<'PY' && pass || fail "Hikvision's exposure: $(head -c 600 h.json)"
from q import *
x = answer("h.json")
got = {(c["object"]["id"], obligation(c)) for c in x}
assert ("prov-nil-art-14", "support-intelligence-work") in got, got
assert ("prov-nsl-art-79", "cooperate-with-security-work") in got, got
assert ("prov-csl-art-28", "provide-technical-support") in got, got
assert ("prov-csl-art-21", "retain-logs") in got, got
assert not any(o == "provide-interfaces-and-decryption" for _, o in got), "Hikvision is not a telecom operator"
nil = next(c for c in x if c["object"]["id"] == "prov-nil-art-14")
assert nil["value"] == "support intelligence work" and "National Intelligence Law" in nil["rule"]["authority"], nil
assert "Art. 14" in nil["rule"]["authority"] and "in force from 2018-04-27" in nil["rule"]["authority"], nil["rule"]
csl28 = next(c for c in x if c["object"]["id"] == "prov-csl-art-28")
assert csl28["rule"]["id"] == "network-operator" and "network operator" in csl28["rule"]["label"], csl28["rule"]
assert any("cloud" in s["value"] and s["note"] == 'mentions "cloud"' for s in facts(csl28)), facts(csl28)   # the fact behind the class
prov = steps(csl28, "provision")[0]
assert prov["citations"] and prov["citations"][0]["locator"].startswith("hric-submission, section 2:"), prov  # HRIC's quote (no marker)
assert "hric-submission, section 2:" in csl28["rule"]["authority"] and "Cybersecurity Law" in csl28["rule"]["authority"]  # the statute, not a rule file
assert any(c["locator"].startswith("fn. 19") for c in steps(csl28, "in-force")[0]["citations"])          # the law's footnote
assert all(s["citations"] and all(c["source"] for c in s["citations"]) for s in facts(csl28)), facts(csl28)
assert steps(csl28, "text")[0]["value"].startswith("provide technical support and assistance"), steps(csl28, "text")
assert all(c["status"] == "asserted" for c in x), [c["status"] for c in x]
logs = next(c for c in x if obligation(c) == "retain-logs" and c["object"]["id"] == "prov-csl-art-21")
assert steps(logs, "minimum-period")[0]["value"] == "6 months", logs
PY
# the text writer: each obligation with its status, rule, authority and evidence
"$OV" exposure co-hikvision > h.txt
expect_contains h.txt "exposure Cybersecurity Law, Art. 28 (prov-csl-art-28): provide technical support [asserted]"
expect_contains h.txt "  rule network-operator: a network operator"
expect_contains h.txt '        note: mentions "cloud"'
# the telecom operator is the one obliged to provide decryption (CTL Art. 18)
exp co-china-mobile > cm.json
python3 -c '
from q import *; x = answer("cm.json")
d = [c for c in x if obligation(c) == "provide-interfaces-and-decryption"]
assert d and d[0]["object"]["id"] == "prov-ctl-art-18" and d[0]["rule"]["id"] == "telecom-operator-or-isp", d
assert "Art. 18" in d[0]["rule"]["authority"], d[0]["rule"]
assert any("telecommunications" in s["value"] for s in facts(d[0]))' && pass || fail "China Mobile and CTL Art. 18"
# a UK company controlled from China is reached through its controller: own's majority edge, cited,
# then the controller's country
exp test-uk-sub > uk.json
python3 -c '
from q import *; x = answer("uk.json")
nil = [c for c in x if c["object"]["id"] == "prov-nil-art-14"]
assert nil, x
m = steps(nil[0], "majority")
assert m and m[0]["from"]["id"] == "co-hikvision" and "Hikvision" in m[0]["from"]["caption"], nil[0]["evidence"]
assert m[0]["entity"] == "test-own-uk-sub" and m[0]["citations"][0]["source"] == "test-fixture", m[0]
cc = steps(nil[0], "controller-country")
assert cc and cc[0]["entity"] == "co-hikvision" and cc[0]["value"] == "cn" and cc[0]["citations"], cc' && pass || fail "controlled from China"
exp test-de-co > de.json
python3 -c '
from q import *; x = answer("de.json")
assert any(obligation(c) == "party-organization" for c in x), x' && pass || fail "a foreign company operating in China"
exp test-fr-co > fr.json
python3 -c 'from q import *; assert answer("fr.json") == []' && pass || fail "an unrelated company is reached by nothing"
# as-of: before the Cybersecurity Law took effect (2017-06-01), only the NSL (2015-07-01) applies
exp co-hikvision --as-of 2016-01-01 > h2016.json
python3 -c '
from q import *; x = answer("h2016.json")
provs = {c["object"]["id"] for c in x}
assert "prov-nsl-art-79" in provs and not any(p.startswith(("prov-csl", "prov-nil")) for p in provs), provs
assert all(steps(c, "in-force")[0]["value"] <= "2016-01-01" for c in x if steps(c, "in-force")), x' && pass || fail "as-of 2016"
# the UK 2022 criterion: produced by a company subject to the National Intelligence Law
"$OV" --format json exposure --test uk-2022 brand-ezviz > ez.json
python3 -c '
import json; a = json.load(open("ez.json")); r = a["conclusions"][0]
assert a["question"] == "uk-2022" and a["subject"]["id"] == "brand-ezviz", a
assert r["value"] == "holds" and r["rule"]["id"] == "uk-2022", r
roles = [s["role"] for s in r["evidence"]]
assert roles[:2] == ["via", "subject-to"], roles
assert r["evidence"][0]["relation"] == "upstreamManufacturer" and r["evidence"][0]["value"] == "co-hikvision"
sub = r["evidence"][1]
assert sub["entity"] == "prov-nil-art-14" and sub["citations"] and "Hikvision" in sub["note"], sub' && pass || fail "uk-2022 brand"
expect_exit 0 "$OV" exposure --test uk-2022 test-fr-co
expect_contains "$WORK/out" "uk 2022: does not hold"
"$OV" --format json exposure --test uk-2022 > uk2022.json
python3 -c '
import json; x = json.load(open("uk2022.json"))
ids = {a["subject"]["id"] for a in x}
assert "co-hikvision" in ids and "brand-ezviz" in ids and "test-fr-co" not in ids, ids
assert all(a["conclusions"][0]["value"] == "holds" for a in x)' && pass || fail "uk-2022 for every company and brand"
expect_exit 1 "$OV" --format json exposure --test no-such-test
expect_contains "$WORK/err" "no test or class named no-such-test"
expect_not_contains "$WORK/out" "["
expect_exit 0 "$OV" exposure --all --format md
expect_contains "$WORK/out" "| Hikvision |"
expect_contains "$WORK/out" "| support intelligence work |"
# rule files with errors: file, line and reason, exit 1
expect_exit 1 "$OV" exposure co-hikvision --rules "$FIXTURES/law/bad_incomplete.rules"
expect_contains "$WORK/err" "bad_incomplete.rules:1: expected a condition"
expect_exit 1 "$OV" exposure co-hikvision --rules "$FIXTURES/law/bad_unknown_class.rules"
expect_contains "$WORK/err" "bad_unknown_class.rules:3: unknown class 'nowhere'"
expect_exit 1 "$OV" exposure co-hikvision --rules "$FIXTURES/law/bad_paren.rules"
expect_contains "$WORK/err" "bad_paren.rules:2: expected ')'"
expect_exit 1 "$OV" exposure co-hikvision --rules "$FIXTURES/law/bad_subject_to.rules"
expect_contains "$WORK/err" "bad_subject_to.rules:1: 'subject-to' belongs in tests"
expect_exit 1 "$OV" exposure co-hikvision --rules "$FIXTURES/law/bad_predicate.rules"
expect_contains "$WORK/err" "bad_predicate.rules:1: unknown condition 'frobnicate'"
expect_exit 3 "$OV" exposure no-such-entity
# deployments (Carnegie AIGS 2022) with the obligations that reach each supplier, through the
# supplier's own record (tests/cli/test_deployments.sh has the views, the map and the API)
"$OV" --format json deployments --company co-hikvision > dep.json
python3 - <<'PY' && pass || fail "deployments: $(head -c 600 dep.json)"
import json
d = json.load(open("dep.json"))
gb = [c for c in d["countries"] if c["code"] == "gb"][0]["suppliers"]
assert gb and gb[0]["source"] == "src-aigs-2022" and "United Kingdom" in gb[0]["locator"], gb
hik = d["suppliers"][0]
assert hik["id"] == "co-hikvision" and hik["nil"], hik
assert any(o["provision_id"] == "prov-nil-art-14" and o["obligation"] == "support intelligence work" for o in hik["obligations"])
assert len(d["countries"]) >= 10, len(d["countries"])
PY
"$OV" --format json deployments --country gb > gbdep.json
python3 -c '
import json; d=json.load(open("gbdep.json"))
nec=[x for x in d["suppliers"] if x["name"]=="NEC"]
assert nec and nec[0]["obligations"]==[] and not nec[0]["nil"], nec' && pass || fail "a supplier no provision reaches"
"$OV" deployments --company co-hikvision > dep.txt
expect_contains dep.txt "obligations reaching it: party organization"
expect_contains dep.txt "support intelligence work (National Intelligence Law, Art. 14)"

# one majority test (own's): two claims about one holding, 48 % and 51 %, make no majority, so
# controllers names no parent and the rules do not read the company as controlled from China
"$OV" load "$FIXTURES/law/statuses.csv" >/dev/null 2>&1 || fail "load statuses.csv"
"$OV" --format json controllers test-split-co > split-ctl.json
"$OV" --format json exposure --test china-tied test-split-co > split-law.json
"$OV" exposure --test china-tied test-split-co > split-law.txt
python3 - <<'PY' && pass || fail "48 % and 51 %: controllers and exposure disagree: $(cat split-ctl.json split-law.json | head -c 800)"
import json
ctl = json.load(open("split-ctl.json"))
parent = next(c for c in ctl["conclusions"] if c["question"] == "ultimate-parent")
assert parent["value"] == "none recorded" and not parent["evidence"], parent
law = json.load(open("split-law.json"))["conclusions"][0]
assert law["value"] == "does not hold" and not law["evidence"], law
PY
expect_not_contains split-law.txt "majority"
expect_contains split-law.txt "china tied: does not hold"
# ... while one claim of 51 % is a majority for both, cited with the same edge
"$OV" --format json controllers test-major-co > major-ctl.json
"$OV" --format json exposure --test china-tied test-major-co > major-law.json
python3 - <<'PY' && pass || fail "51 %: controllers and exposure disagree"
import json
ctl = json.load(open("major-ctl.json"))
parent = next(c for c in ctl["conclusions"] if c["question"] == "ultimate-parent")
law = json.load(open("major-law.json"))["conclusions"][0]
assert parent["object"]["id"] == "co-hikvision", parent
assert law["value"] == "holds", law
m = [s for s in law["evidence"] if s["role"] == "majority"]
assert len(m) == 1 and m[0] == parent["evidence"][0], (m, parent["evidence"])
PY

# statuses flow: a conclusion is no stronger than the weakest evidence it needs; of two ways a
# class holds, the stronger evidence is used; retracted statements never are
exp test-alleged-co > alleged.json
exp test-mixed-co > mixed.json
exp test-retracted-co > retracted.json
exp test-or-co > or.json
python3 - <<'PY' && pass || fail "statuses: $(head -c 600 alleged.json)"
from q import *
al = answer("alleged.json")
assert al and all(c["status"] == "alleged" for c in al), [(c["value"], c["status"]) for c in al]
assert all(any(s["status"] == "alleged" and s["value"] == "cn" for s in facts(c)) for c in al)
mx = answer("mixed.json")
assert mx and all(c["status"] == "asserted" for c in mx), [(c["value"], c["status"]) for c in mx]
assert all([s["relation"] for s in facts(c)] == ["jurisdiction"] and facts(c)[0]["status"] == "verified" for c in mx)
assert answer("retracted.json") == []
# "country cn or ... or controlled-from cn": the alleged country is passed over for the verified holding
oc = answer("or.json")
assert oc and all(c["status"] == "asserted" for c in oc), [(c["value"], c["status"]) for c in oc]
assert all([s["role"] for s in facts(c)] == ["majority", "controller-country"] for c in oc), facts(oc[0])
assert steps(oc[0], "majority")[0]["status"] == "verified"
PY
"$OV" exposure test-alleged-co > alleged.txt
expect_contains alleged.txt "support intelligence work [alleged]"
"$OV" exposure --all --format md > all.md
expect_contains all.md "| Test Alleged Tie Co | National Intelligence Law, Art. 14 (alleged) |"
expect_not_contains all.md "Test Retracted Tie Co"

# a 4 KB locator survives every output: a provision and a fact, each cited with a locator of
# exactly 4,096 bytes, come out whole in the JSON, the text, the matrix's answers and the dossier
python3 - <<'PY'
import csv
loc = lambda tag: (tag + " " + "x" * 4096)[:4090] + " [END]"
assert len(loc("A")) == 4096
rows = [["entity_id", "prop", "schema", "value", "dataset", "source", "locator", "status"]]
p = lambda e, prop, schema, v, tag: rows.append([e, prop, schema, v, "law_tests", "test-fixture", loc(tag), "asserted"])
p("test-long-prov", "law", "LegalProvision", "law-nil", "PROVISION-LOCATOR")
p("test-long-prov", "article", "LegalProvision", "99", "PROVISION-LOCATOR")
p("test-long-prov", "name", "LegalProvision", "Test provision with a long citation", "PROVISION-LOCATOR")
p("test-long-prov", "text", "LegalProvision", "keep test records", "PROVISION-LOCATOR")
p("test-long-prov", "obligation", "LegalProvision", "keep-test-records", "PROVISION-LOCATOR")
p("test-long-prov", "subjectClass", "LegalProvision", "enterprise", "PROVISION-LOCATOR")
p("test-long-co", "name", "Company", "Test Long Citation Co", "FACT-LOCATOR")
p("test-long-co", "country", "Company", "cn", "FACT-LOCATOR")
csv.writer(open("long.csv", "w", newline="")).writerows(rows)
open("loc.txt", "w").write(loc("PROVISION-LOCATOR") + "\n" + loc("FACT-LOCATOR") + "\n")
PY
"$OV" load long.csv >/dev/null 2>&1 || fail "load long.csv"
exp test-long-co > long.json
"$OV" exposure test-long-co > long.txt
"$OV" --format json exposure --all > long-all.json
"$OV" report test-long-co --format md > long.md
python3 - <<'PY' && pass || fail "a 4 KB locator is cut somewhere"
import json
from q import *
prov_loc, fact_loc = open("loc.txt").read().splitlines()
assert len(prov_loc) == len(fact_loc) == 4096
c = next(c for c in answer("long.json") if c["object"]["id"] == "test-long-prov")
assert steps(c, "provision")[0]["citations"][0]["locator"] == prov_loc
assert c["rule"]["authority"].endswith(prov_loc), c["rule"]["authority"][-100:]
assert any(ct["locator"] == fact_loc for s in facts(c) for ct in s["citations"])
txt = open("long.txt").read()
assert prov_loc in txt and fact_loc in txt
row = next(a for a in json.load(open("long-all.json")) if a["subject"]["id"] == "test-long-co")
assert row == json.load(open("long.json"))
md = open("long.md").read()
assert prov_loc.replace("[", "\\[").replace("]", "\\]") in md and fact_loc.replace("[", "\\[").replace("]", "\\]") in md
PY
finish
