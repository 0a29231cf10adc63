#!/bin/sh
# test_indicators.sh - indicator frameworks through the CLI: the HRIC framework's
# assessments of the seed's companies (every company answered on every element,
# each answer cited, "no disclosure found" an explicit answer), scores, the
# RDR 2022 reproduction (--check), and bad frameworks and files rejected with
# their place and reason.
. "$(dirname "$0")/lib.sh"
SEED="$TESTS/../data/seed"
$OV init >/dev/null
for f in "$SEED"/*.csv; do $OV load "$f" >/dev/null 2>&1 || fail "loading $f"; done

# assess: every element of every company, each with a citation
expect_exit 0 $OV assess --format json
cp "$WORK/out" "$WORK/assess.json"
python3 - "$WORK/assess.json" <<'PY' >"$WORK/check" 2>&1 || fail "assess json: $(cat "$WORK/check")"
import json, sys, collections
d = json.load(open(sys.argv[1]))
assert d["framework"] == "ifw-hric-2019", d["framework"]
# one explained answer per company: a conclusion per indicator, each element's answer
# as evidence with its citations; flattened here to (company, element) rows
a = []
for ans in d["assessments"]:
    assert ans["question"] == "assessment" and ans["conclusions"][-1]["question"] == "total", ans["question"]
    for c in ans["conclusions"]:
        if c["question"] != "indicator":
            continue
        assert c["rule"]["id"] == "ifw-hric-2019" and "no disclosure found 0" in c["rule"]["threshold"], c["rule"]
        for e in c["evidence"]:
            name, score = e["value"].rsplit(" (", 1)
            a.append({"subject": ans["subject"]["id"], "element": e["entity_caption"], "answer": name,
                      "score": score.rstrip(")"), "status": e["status"], "citations": e["citations"],
                      "note": e.get("note", "")})
companies = {"co-hikvision", "co-dahua", "co-sensetime", "co-megvii", "co-yitu", "co-eyecool",
             "co-intellifusion", "co-isvision", "co-seetatech", "co-china-mobile"}
elements = {x["element"] for x in a}
assert len(elements) == 18, sorted(elements)
by = collections.Counter((x["subject"], x["element"]) for x in a)
assert set(s for s, _ in by) == companies, set(s for s, _ in by)
assert len(by) == 180 and all(n == 1 for n in by.values()), len(by)
for x in a:
    assert x["answer"] in ("yes", "partial", "no", "no disclosure found", "not applicable"), x
    assert x["citations"] and all(c["source"] and c["locator"] for c in x["citations"]), x
answers = collections.Counter(x["answer"] for x in a)
assert answers["no disclosure found"] == 176, answers
assert answers["yes"] == 2 and answers["partial"] == 2, answers
h = [x for x in a if x["subject"] == "co-hikvision" and x["element"] == "H7.1"][0]
assert "reversed" in h["note"] and h["score"] == "0" and h["status"] == "alleged", h
assert any(c["source"] == "doc-oversight-asmt-hric-2019-r1" for c in h["citations"]), h
assert "(fn. 10)" in h["note"], h
# the indicator carrying an alleged answer is itself alleged, and so is the total
hik = [x for x in d["assessments"] if x["subject"]["id"] == "co-hikvision"][0]
h7 = [c for c in hik["conclusions"] if c.get("object", {}).get("caption", "").startswith("H7 ")][0]
assert h7["status"] == "alleged" and hik["conclusions"][-1]["status"] == "alleged", (h7["status"], hik["conclusions"][-1])
print("ok")
PY
[ "$(cat "$WORK/check")" = ok ] && pass

expect_exit 0 $OV assess --company co-sensetime
expect_contains "$WORK/out" "H7.2"
expect_contains "$WORK/out" "answer = yes (0)"
expect_contains "$WORK/out" "why: Reportedly (fn. 24)"
expect_contains "$WORK/out" "answer = no disclosure found (0)"
expect_contains "$WORK/out" 'source: doc-oversight-asmt-hric-2019-r1 — doc-oversight-asmt-hric-2019-r1: SenseTime, element H1.1 [asserted]'
expect_exit 3 $OV assess --company co-nobody

# scores: the table, one row per company, with the rule stated
expect_exit 0 $OV scores
expect_contains "$WORK/out" "HRIC recommendations"
expect_contains "$WORK/out" "Dahua Technology                 4     0    13     0     0     0     0     0    25     0     0"
expect_contains "$WORK/out" "no disclosure found 0"
expect_exit 0 $OV scores --company co-hikvision --format json
expect_contains "$WORK/out" '"H5":25.0000'
# assess and scores answer the same question the same way: every indicator's score
$OV scores --format json > "$WORK/scores.json"
python3 - "$WORK/assess.json" "$WORK/scores.json" <<'PY' && pass || fail "assess and scores disagree"
import json, sys, decimal
asm, sc = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
def half_up(v):
    return int(decimal.Decimal(repr(v)).quantize(decimal.Decimal(1), rounding=decimal.ROUND_HALF_UP))
by = {c["subject"]: c for c in sc["companies"]}
n = 0
for ans in asm["assessments"]:
    row = by[ans["subject"]["id"]]
    for c in ans["conclusions"]:
        if c["question"] == "indicator":
            code = c["object"]["caption"].split()[0]
            v = row["indicators"][code]
            assert c["value"] == ("not applicable" if v is None else str(half_up(v))), (code, c["value"], v)
            n += 1
    t = row["total"]
    assert ans["conclusions"][-1]["value"] == ("not applicable" if t is None else str(half_up(t)))
assert n >= 70, n  # 7 indicators of 10 companies
PY
expect_exit 0 $OV scores --format md
expect_contains "$WORK/out" "| Hikvision | 4 |"
expect_exit 2 $OV scores --year soon
expect_exit 3 $OV scores --framework ifw-none

# RDR 2022: every published category and total score, number for number
expect_exit 0 $OV scores --rdr "$FIXTURES/rdr" --check
expect_contains "$WORK/out" "check: 112 of 112 published category and total scores reproduced"
expect_exit 0 $OV scores --rdr "$FIXTURES/rdr" --company Twitter --year 2022 --compare 2020
expect_contains "$WORK/out" "56 (+3)"
expect_exit 2 $OV scores --check

# a bad RDR file: file, line and reason
mkdir -p "$WORK/rdr"
cp "$FIXTURES"/rdr/*.csv "$WORK/rdr/"
sed -i '2s/,Company,Group,Group,Group,0,/,Company,Group,Group,Group,zero,/' "$WORK/rdr/2022-levels.csv"
expect_exit 1 $OV scores --rdr "$WORK/rdr"
expect_contains "$WORK/err" '2022-levels.csv:2: Score "zero" is not a whole number from 0 to 100 or NA'
rm "$WORK/rdr/2022-element-specs.csv"
expect_exit 4 $OV scores --rdr "$WORK/rdr"
expect_contains "$WORK/err" "2022-element-specs.csv"

# a framework in the store that does not hold together: the entity and the reason
cat >"$WORK/bad.csv" <<'CSV'
entity_id,prop,schema,value,dataset,lang,original_value,source,locator,status
asmt-bad,name,Assessment,bad,test,,,hric-submission,test,asserted
asmt-bad,assessedEntity,Assessment,co-dahua,test,,,hric-submission,test,asserted
asmt-bad,assessedElement,Assessment,iel-hric-h1-1,test,,,hric-submission,test,asserted
asmt-bad,answer,Assessment,maybe,test,,,hric-submission,test,asserted
asmt-bad,assessmentYear,Assessment,2019,test,,,hric-submission,test,asserted
CSV
$OV load "$WORK/bad.csv" >/dev/null 2>&1 || fail "loading bad.csv"
expect_exit 1 $OV assess
expect_contains "$WORK/err" 'assessment asmt-bad: answer "maybe" is not yes, partial, no, no disclosure found or not applicable'
finish
