# Legal exposure: the seed's companies against the seed's provisions, a foreign
# subsidiary controlled from China, a foreign company operating in China, as-of
# dates, the UK 2022 test, and rule files with errors.
. "$TESTS/cli/lib.sh"
ROOT="$TESTS/.."
"$OV" init >/dev/null
for f in "$ROOT"/data/seed/*.csv "$FIXTURES/law/subsidiaries.csv"; do "$OV" load "$f" >/dev/null 2>&1 || fail "load $f"; done
exp() { "$OV" --format json exposure "$@"; }
exp co-hikvision > h.json
python3 - <<'PY' && pass || fail "Hikvision's exposure: $(head -c 600 h.json)"
import json
x = json.load(open("h.json"))["exposures"]
got = {(e["law"], e["article"], e["obligation"]) for e in x}
assert ("law-nil", "14", "support-intelligence-work") in got, got
assert ("law-nsl", "79", "cooperate-with-security-work") in got, got
assert ("law-csl", "28", "provide-technical-support") in got, got
assert ("law-csl", "21", "retain-logs") in got, got
assert not any(o == "provide-interfaces-and-decryption" for _, _, o in got), "Hikvision is not a telecom operator"
csl28 = next(e for e in x if e["law"] == "law-csl" and e["article"] == "28")
assert csl28["subject_class"] == "network-operator"
assert any("cloud" in r["value"] for r in csl28["reasons"]), csl28["reasons"]      # the fact behind the class
assert csl28["citation"]["locator"].startswith("hric-submission, section 2:"), csl28["citation"]  # HRIC's quote (no marker)
assert all(r["source"] for r in csl28["reasons"])
logs = next(e for e in x if e["obligation"] == "retain-logs" and e["law"] == "law-csl")
assert logs["minimum_period"] == "6 months", logs
PY
# the telecom operator is the one obliged to provide decryption (CTL Art. 18)
exp co-china-mobile > cm.json
python3 -c '
import json; x=json.load(open("cm.json"))["exposures"]
d=[e for e in x if e["obligation"]=="provide-interfaces-and-decryption"]
assert d and d[0]["law"]=="law-ctl" and d[0]["article"]=="18" and d[0]["subject_class"]=="telecom-operator-or-isp", d
assert any("telecommunications" in r["value"] for r in d[0]["reasons"])' && pass || fail "China Mobile and CTL Art. 18"
# a UK company controlled from China is reached through its controller
exp test-uk-sub > uk.json
python3 -c '
import json; x=json.load(open("uk.json"))["exposures"]
nil=[e for e in x if e["law"]=="law-nil"]
assert nil, x
assert any(r["prop"]=="control" and "Hikvision" in r["value"] for r in nil[0]["reasons"]), nil[0]["reasons"]' && pass || fail "controlled from China"
exp test-de-co > de.json
python3 -c '
import json; x=json.load(open("de.json"))["exposures"]
assert any(e["obligation"]=="party-organization" for e in x), x' && pass || fail "a foreign company operating in China"
exp test-fr-co > fr.json
python3 -c 'import json; assert json.load(open("fr.json"))["exposures"]==[]' && pass || fail "an unrelated company is reached by nothing"
# as-of: before the Cybersecurity Law took effect (2017-06-01), only the NSL (2015-07-01) applies
exp co-hikvision --as-of 2016-01-01 > h2016.json
python3 -c '
import json; x=json.load(open("h2016.json"))["exposures"]
laws={e["law"] for e in x}
assert "law-nsl" in laws and "law-csl" not in laws and "law-nil" not in laws, laws' && pass || fail "as-of 2016"
# the UK 2022 criterion: produced by a company subject to the National Intelligence Law
"$OV" --format json exposure --test uk-2022 brand-ezviz > ez.json
python3 -c '
import json; r=json.load(open("ez.json"))["results"][0]
assert r["result"] is True and any(f["prop"]=="upstreamManufacturer" for f in r["reasons"]), r' && pass || fail "uk-2022 brand"
expect_exit 0 "$OV" exposure --test uk-2022 test-fr-co
expect_contains "$WORK/out" ": no"
expect_exit 0 "$OV" exposure --all --format md
expect_contains "$WORK/out" "| Hikvision |"
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
# deployments (Carnegie AIGS 2022) with the obligations that reach each supplier
"$OV" --format json deployments --company co-hikvision > dep.json
python3 - <<'PY' && pass || fail "deployments: $(head -c 600 dep.json)"
import json
d = json.load(open("dep.json"))
gb = [x for x in d if x["country"] == "gb"]
assert gb and gb[0]["source"] == "src-aigs-2022" and "United Kingdom" in gb[0]["locator"], gb
assert any(o["obligation"] == "support-intelligence-work" for o in gb[0]["obligations"])
assert len({x["country"] for x in d}) >= 10, len(d)
PY
"$OV" --format json deployments --country gb > gbdep.json
python3 -c '
import json; d=json.load(open("gbdep.json"))
nec=[x for x in d if x["supplier_name"]=="NEC"]
assert nec and nec[0]["obligations"]==[], nec' && pass || fail "a supplier no provision reaches"
finish
