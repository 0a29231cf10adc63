# Indicator scores on resolved entities (issue 16, item 4; docs/internals/resolve.md): the
# seed's framework (data/seed/40_hric_framework.csv) and a hand-made company recorded under two
# ids, each id carrying assessments of other elements. With the judgement "same", `scores`,
# `assess`, the dossier and the web entity page give the same answer by either id, counting both
# ids' assessments, each answer naming the referent it is recorded under; without it (and after
# an undo) the two ids score apart. Two assessments answering one element differently: scored
# with the lowest, shown disputed, flagged in `scores`. The seed itself has no "same" judgement
# of an assessed company, so tests/cli/test_resolve_agree.sh has no such case.
. "$TESTS/cli/lib.sh"
ROOT="$TESTS/.."
cat > twins.csv <<'CSV'
entity_id,prop,schema,value,dataset,source,locator,status
rs-co-a,name,Company,Score Test Vision Co.,rs,test-fixture,hand-made case for resolution,asserted
rs-co-b,name,Company,Score Test Vision Company Limited,rs,test-fixture,hand-made case: the same company as another list names it,asserted
rs-asm-1,assessedEntity,Assessment,rs-co-a,rs,test-fixture,hand-made assessment 1,asserted
rs-asm-1,assessedElement,Assessment,iel-hric-h1-1,rs,test-fixture,hand-made assessment 1,asserted
rs-asm-1,answer,Assessment,yes,rs,test-fixture,hand-made assessment 1: the policy page,asserted
rs-asm-1,assessmentYear,Assessment,2024,rs,test-fixture,hand-made assessment 1,asserted
rs-asm-2,assessedEntity,Assessment,rs-co-b,rs,test-fixture,hand-made assessment 2,asserted
rs-asm-2,assessedElement,Assessment,iel-hric-h2-1,rs,test-fixture,hand-made assessment 2,asserted
rs-asm-2,answer,Assessment,partial,rs,test-fixture,hand-made assessment 2: the annual report,asserted
rs-asm-2,assessmentYear,Assessment,2024,rs,test-fixture,hand-made assessment 2,asserted
CSV
for db in apart joined; do
  expect_exit 0 "$OV" --db "$db.db" init
  expect_exit 0 "$OV" --db "$db.db" load "$ROOT/data/seed/40_hric_framework.csv"
  expect_exit 0 "$OV" --db "$db.db" load twins.csv
done
expect_exit 0 "$OV" --db joined.db resolve rs-co-a rs-co-b same --reason "one company, two list spellings" \
  --source test-fixture --locator "hand-made case"

# ask(DB, ID, LABEL): scores, assess and the dossier of ID in DB, one file each
ask() {
  "$OV" --db "$1.db" --format json scores --company "$2" --year 2024 > "$3.scores.json" 2>/dev/null || fail "scores $2 in $1"
  "$OV" --db "$1.db" --format json assess --company "$2" --year 2024 > "$3.assess.json" 2>/dev/null || fail "assess $2 in $1"
  "$OV" --db "$1.db" assess --company "$2" --year 2024 > "$3.assess.txt" 2>/dev/null || fail "assess text $2 in $1"
  "$OV" --db "$1.db" report "$2" --format md > "$3.report.md" 2>/dev/null || fail "report $2 in $1"
  "$OV" --db "$1.db" report "$2" --format json > "$3.report.json" 2>/dev/null || fail "report json $2 in $1"
}
ask joined rs-co-a j-a
ask joined rs-co-b j-b
for k in scores.json assess.json assess.txt report.md report.json; do expect_same "j-a.$k" "j-b.$k"; done
ask apart rs-co-a a-a
ask apart rs-co-b a-b
for k in scores.json assess.json assess.txt report.md report.json; do
  cmp -s "a-a.$k" "a-b.$k" && fail "without the judgement $k of the two ids should differ" || pass
done
expect_contains j-b.report.md "(recorded under referent rs-co-b)"
expect_contains j-b.assess.txt "recorded under referent rs-co-b, judged the same as rs-co-a"
python3 - <<'PY' && pass || fail "the JSON dossier's indicator section is the assessment"
import json
ld = lambda p: json.load(open(p))
# the JSON dossier's indicators are `assess --json`'s answer for its year, by either id and apart
for k in ("j-a", "j-b", "a-a", "a-b"):
    a = ld(k + ".assess.json")["assessments"]
    d = ld(k + ".report.json")["indicators"]
    assert len(a) == 1 and d == a[0], (k, d)
assert ld("j-b.report.json")["indicators"]["subject"]["id"] == "rs-co-a"
PY
python3 - <<'PY' && pass || fail "scores and assessments of the cluster"
import json
ld = lambda p: json.load(open(p))
# apart: each id its own answer (H1 100; H2 50)
a, b = ld("a-a.scores.json")["companies"], ld("a-b.scores.json")["companies"]
assert [c["subject"] for c in a] == ["rs-co-a"] and a[0]["total"] == 100 and a[0]["answers"] == 1, a
assert [c["subject"] for c in b] == ["rs-co-b"] and b[0]["total"] == 50 and b[0]["answers"] == 1, b
# joined: one company under the canonical id, both answers, total the mean of H1 and H2
j = ld("j-b.scores.json")["companies"]
assert len(j) == 1 and j[0]["subject"] == "rs-co-a" and j[0]["name"] == "Score Test Vision Co.", j
assert j[0]["answers"] == 2 and j[0]["conflicts"] == 0 and j[0]["total"] == 75, j[0]
assert j[0]["recorded_under"] == ["rs-co-a", "rs-co-b"], j[0]["recorded_under"]
assert j[0]["indicators"]["H1"] == 100 and j[0]["indicators"]["H2"] == 50, j[0]["indicators"]
# each answer keeps its citation and names where it is recorded
asm = ld("j-b.assess.json")["assessments"]
assert len(asm) == 1 and asm[0]["subject"]["id"] == "rs-co-a", asm
steps = {s["entity"]: s for c in asm[0]["conclusions"] for s in c.get("evidence", [])}
assert steps["rs-asm-2"]["citations"][0]["locator"] == "hand-made assessment 2: the annual report", steps["rs-asm-2"]
assert "recorded under referent rs-co-b" in steps["rs-asm-2"]["note"], steps["rs-asm-2"]
assert "recorded under referent" not in (steps["rs-asm-1"].get("note") or ""), steps["rs-asm-1"]
PY

# the whole table lists the cluster once, under its canonical id
expect_exit 0 "$OV" --db joined.db scores --year 2024
expect_contains "$WORK/out" "Score Test Vision Co."
expect_not_contains "$WORK/out" "Score Test Vision Company Li" # captions are cut at 28
expect_exit 0 "$OV" --db apart.db scores --year 2024
expect_contains "$WORK/out" "Score Test Vision Company Li"

# a conflict: rs-co-b answers H1.1 "no", rs-co-a said "yes": scored with the lowest (H1 0),
# both shown, disputed, and flagged
cat > conflict.csv <<'CSV'
entity_id,prop,schema,value,dataset,source,locator,status
rs-asm-3,assessedEntity,Assessment,rs-co-b,rs,test-fixture,hand-made assessment 3,asserted
rs-asm-3,assessedElement,Assessment,iel-hric-h1-1,rs,test-fixture,hand-made assessment 3,asserted
rs-asm-3,answer,Assessment,no,rs,test-fixture,hand-made assessment 3: another reading,asserted
rs-asm-3,assessmentYear,Assessment,2024,rs,test-fixture,hand-made assessment 3,asserted
CSV
expect_exit 0 "$OV" --db joined.db load conflict.csv
ask joined rs-co-a c-a
ask joined rs-co-b c-b
for k in scores.json assess.json assess.txt report.md; do expect_same "c-a.$k" "c-b.$k"; done
expect_exit 0 "$OV" --db joined.db scores --year 2024
expect_contains "$WORK/out" "conflict: rs-co-a: 1 questions answered differently"
python3 - <<'PY' && pass || fail "the conflict"
import json
ld = lambda p: json.load(open(p))
j = ld("c-a.scores.json")["companies"][0]
assert j["answers"] == 3 and j["conflicts"] == 1 and j["indicators"]["H1"] == 0 and j["total"] == 25, j
asm = ld("c-a.assess.json")["assessments"][0]
h1 = [c for c in asm["conclusions"] if c["question"] == "indicator" and c["object"]["id"] == "ind-hric-h1"][0]
assert h1["status"] == "disputed", h1["status"]
steps = {s["entity"]: s for s in h1["evidence"]}
for k in ("rs-asm-1", "rs-asm-3"):
    assert steps[k]["status"] == "disputed", steps[k]
    n = steps[k]["note"]
    assert "in conflict" in n and "yes (rs-asm-1, recorded under rs-co-a)" in n and "no (rs-asm-3, recorded under rs-co-b)" in n \
        and "the score uses the lowest, 0" in n, n
PY
# the web dossier: the same indicator section by either id, answers naming their referent
export OVERSIGHT_DB="$WORK/joined.db"
start_server scores
python3 - "$URL" <<'PY' && pass || fail "the entity pages' indicator scores"
import sys, urllib.request
base = sys.argv[1].rstrip("/")
def section(i):
    with urllib.request.urlopen(base + "/entity/" + i) as r:
        page = r.read().decode()
    s = page[page.index("Indicator scores"):]
    return s[:s.index("<h2")]
a, b = section("rs-co-a"), section("rs-co-b")
assert a == b, (a[:400], b[:400])
assert "total 25" in a and "answered differently" in a, a[:400]
assert "H2.1: partial (recorded under referent rs-co-b)" in a and "H1.1: no (recorded under referent rs-co-b)" in a, a[:600]
PY
kill -TERM "$SERVER_PID"; wait "$SERVER_PID"
# undo by a newer "unsure": apart again, no conflict left
expect_exit 0 "$OV" --db joined.db resolve rs-co-a rs-co-b unsure --reason "the lists may name two companies" \
  --source test-fixture --locator "hand-made case, undo"
"$OV" --db joined.db --format json scores --company rs-co-b --year 2024 > u-b.json || fail "scores after undo"
python3 - <<'PY' && pass || fail "after the undo"
import json
j = json.load(open("u-b.json"))["companies"]
assert [c["subject"] for c in j] == ["rs-co-b"] and j[0]["conflicts"] == 0 and j[0]["answers"] == 2, j
PY
expect_exit 3 "$OV" --db joined.db scores --company rs-co-nobody --year 2024
finish
