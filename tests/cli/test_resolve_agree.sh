# Analyses on resolved entities agree (issue 16, item 4): on the seed record with its judgements
# (data/seed/50_judgements.csv), asking about either referent of a cluster gives the same answer in
# owners, controllers, typology, legal exposure, the dossier (Markdown and JSON), screening and
# deployments. Without the judgements the same questions give different answers, so each check
# can fail. The China Mobile group, its listed company and its US subsidiaries stay apart where
# they are judged different or unsure: no listing event of one is attributed to another.
. "$TESTS/cli/lib.sh"
ROOT="$TESTS/.."
AVIC=co-aviation-industry-corporation-of-china-ltd # the Section 1260H row's id (the canonical id)
SASAC=co-sasac-004                                  # SASAC's list's row for the same enterprise
# two stores: the seed without its judgements, and with them
for db in apart joined; do
  "$OV" --db "$db.db" init >/dev/null || fail "init $db"
  for f in "$ROOT"/data/seed/*.csv; do
    [ "$db" = apart ] && [ "$(basename "$f")" = 50_judgements.csv ] && continue
    "$OV" --db "$db.db" load "$f" >/dev/null 2>&1 || fail "load $f into $db"
  done
done
# a twin supplier (hand-made, not seed data): a deployment names rt-sup-b; rt-sup-a records its country
cat > twins.csv <<'CSV'
entity_id,prop,schema,value,dataset,source,locator,status
rt-sup-a,name,Company,Agree Test Vision Co.,rt,test-fixture,hand-made case for resolution,asserted
rt-sup-a,country,Company,cn,rt,test-fixture,hand-made case: the supplier's country,asserted
rt-sup-b,name,Company,Agree Test Vision Company Limited,rt,test-fixture,hand-made case: the same supplier as a contract names it,asserted
rt-dep-1,supplier,Deployment,rt-sup-b,rt,test-fixture,hand-made case: a deployment naming the twin,asserted
rt-dep-1,country,Deployment,ke,rt,test-fixture,hand-made case: a deployment naming the twin,asserted
rt-dep-1,technology,Deployment,facial recognition,rt,test-fixture,hand-made case: a deployment naming the twin,asserted
CSV
for db in apart joined; do expect_exit 0 "$OV" --db "$db.db" load twins.csv; done
expect_exit 0 "$OV" --db joined.db resolve rt-sup-a rt-sup-b same --reason "one supplier, two spellings" \
  --source test-fixture --locator "hand-made case"

# ask(DB, ID, LABEL): every answer about ID in DB, one file per command
ask() {
  for c in owners controllers exposure; do
    "$OV" --db "$1.db" --format json "$c" "$2" > "$3.$c.json" 2>/dev/null || fail "$c $2 in $1"
  done
  "$OV" --db "$1.db" report "$2" --format md > "$3.report.md" 2>/dev/null || fail "report $2 in $1"
  "$OV" --db "$1.db" report "$2" --format json > "$3.report.json" 2>/dev/null || fail "report json $2 in $1"
}
same_answers() { # LABEL1 LABEL2: every answer identical
  for k in owners.json controllers.json exposure.json report.md report.json; do expect_same "$1.$k" "$2.$k"; done
}
ask joined "$AVIC" j-avic
ask joined "$SASAC" j-sasac
same_answers j-avic j-sasac
ask apart "$AVIC" a-avic
ask apart "$SASAC" a-sasac
for k in controllers.json exposure.json report.md report.json; do
  cmp -s "a-avic.$k" "a-sasac.$k" && fail "without the judgements $k of the two ids should differ" || pass
done
python3 - "$AVIC" "$SASAC" <<'PY' && pass || fail "AVIC: what the cluster adds"
import json, sys
avic, sasac = sys.argv[1:]
ld = lambda p: json.load(open(p))
# the 1260H row alone records no country: no obligation reaches it; the cluster has SASAC's row's
assert ld("a-avic.exposure.json")["conclusions"] == [], ld("a-avic.exposure.json")["conclusions"][:1]
e = ld("j-avic.exposure.json")
assert e["subject"]["id"] == avic and len(e["conclusions"]) >= 3, e["subject"]
facts = [s for c in e["conclusions"] for s in c["evidence"] if s["role"] == "fact"]
assert facts and all(s["entity"] == sasac for s in facts), facts[:1]           # recorded under the twin
assert all("recorded under referent " + sasac in s["note"] for s in facts), facts[:1]
assert all(any("prc_central_soes_sasac_mof.csv" in c["locator"] for c in s["citations"]) for s in facts), facts[:1]
# the dossier: the cluster's statements, each twin's marked with its referent, and both list rows
r = ld("j-sasac.report.json")
assert r["entity"]["id"] == avic and r["entity"]["referents"] == [avic, sasac], r["entity"]
mine = [s for s in r["statements"] if s.get("referent") == sasac]
assert {s["prop"] for s in mine} >= {"country", "topics", "name"}, mine
assert len(r["statements"]) > len(ld("a-avic.report.json")["statements"])
assert r["typology"]["conclusions"][0]["value"] == "state-owned", r["typology"]["conclusions"][0]["value"]
assert ld("a-avic.report.json")["typology"]["conclusions"][0]["value"] == "undetermined"
assert {l["id"] for l in r["lists"]} == {l["id"] for l in ld("a-avic.report.json")["lists"]}  # SASAC's row names no list
# owners: the state's holding recorded under the SASAC row reaches the 1260H row's id
holders = lambda p: {c["object"]["id"] for c in ld(p)["conclusions"] if c.get("object")}
assert "pb-sasac" in holders("j-avic.owners.json") and "pb-sasac" not in holders("a-avic.owners.json"), \
    (holders("j-avic.owners.json"), holders("a-avic.owners.json"))
PY
expect_contains j-avic.report.md "one entity with co-sasac-004 (judged the same)"
expect_contains j-avic.report.md "Country: cn"
expect_contains j-avic.report.md "(recorded under referent co-sasac-004)"

# typology: one row for the cluster, state-owned; apart, the 1260H row is undetermined
for db in apart joined; do "$OV" --db "$db.db" --format json typology > "$db.typology.json" || fail "typology $db"; done
python3 - "$AVIC" "$SASAC" <<'PY' && pass || fail "typology on the cluster"
import json, sys
avic, sasac = sys.argv[1:]
t = lambda p: {a["subject"]["id"]: a["conclusions"][0]["value"] for a in json.load(open(p))}
a, j = t("apart.typology.json"), t("joined.typology.json")
assert a[avic] == "undetermined" and a[sasac] == "state-owned", (a[avic], a[sasac])
assert j[avic] == "state-owned" and sasac not in j, j.get(avic)
# the designation (topic gov.soe) is recorded under SASAC's row: the step names it and cites it there
ev = next(a for a in json.load(open("joined.typology.json")) if a["subject"]["id"] == avic)["conclusions"][0]["evidence"]
d = [s for s in ev if s["role"] == "designation"]
assert d and d[0]["entity"] == sasac and "recorded under referent " + sasac in d[0]["note"], d
assert any("prc_central_soes_sasac_mof.csv" in c["locator"] for c in d[0]["citations"]), d
PY

# screening: a vendor matched to either referent gets the cluster's list entries and exposure
printf 'name\nAviation Industry Corporation of China Ltd.\n中国航空工业集团有限公司\n' > vendors.csv
for db in apart joined; do
  "$OV" --db "$db.db" screen vendors.csv --format json > "$db.screen.json" || fail "screen $db"
done
python3 - "$AVIC" "$SASAC" <<'PY' && pass || fail "screening on the cluster"
import json, sys
avic, sasac = sys.argv[1:]
def rows(p):
    out = []
    for r in json.load(open(p))["rows"]:
        lists = sorted(e["id"] for g in r["lists"] for e in g.get("official", []) + g.get("history", []))
        out.append((r["match"].get("id"), r["verdict"], lists, len(r["exposure"])))
    return out
a, j = rows("apart.screen.json"), rows("joined.screen.json")
# apart: the English name matches the 1260H row (listed), the Chinese name SASAC's row (not listed)
assert a[0][0] == avic and a[1][0] == sasac and a[0][2] and not a[1][2], a
# joined: both rows the cluster's answer, the 1260H entries whichever referent matched
assert j[0][1:] == j[1][1:] and j[0][2] == a[0][2] and j[1][1] == "listed" and j[0][3] > 0, j
PY

# deployments: a deployment naming the twin counts for the cluster, with the cluster's nationality
for db in apart joined; do
  for s in rt-sup-a rt-sup-b; do
    "$OV" --db "$db.db" --format json deployments --supplier "$s" --by supplier > "$db.dep.$s.json" || fail "deployments $db $s"
  done
done
expect_same joined.dep.rt-sup-a.json joined.dep.rt-sup-b.json
python3 - <<'PY' && pass || fail "deployments on the cluster"
import json
ld = lambda p: json.load(open(p))
j = ld("joined.dep.rt-sup-b.json")["suppliers"]
assert len(j) == 1 and j[0]["id"] == "rt-sup-a" and j[0]["deployments"] == 1, j
assert j[0]["nationality"]["code"] == "cn" and j[0]["referents"] == ["rt-sup-a", "rt-sup-b"], j[0]
row = ld("joined.dep.rt-sup-b.json")["countries"][0]["suppliers"][0]
assert row["supplier"] == "rt-sup-a" and row["supplier_recorded"] == "rt-sup-b", row
a = ld("apart.dep.rt-sup-b.json")["suppliers"]
assert len(a) == 1 and a[0]["id"] == "rt-sup-b" and a[0]["nationality"] is None, a
assert ld("apart.dep.rt-sup-a.json")["suppliers"] == [], "rt-sup-a has no deployment of its own"
PY
# the dossier of either supplier id lists the deployment that names the twin
for db in apart joined; do
  for s in rt-sup-a rt-sup-b; do "$OV" --db "$db.db" report "$s" --format json > "$db.rep.$s.json" || fail "report $db $s"; done
done
expect_same joined.rep.rt-sup-a.json joined.rep.rt-sup-b.json
python3 -c '
import json; ld = lambda p: [d["id"] for d in json.load(open(p))["deployments"]]
assert ld("joined.rep.rt-sup-a.json") == ["rt-dep-1"] and ld("apart.rep.rt-sup-a.json") == [], ld("apart.rep.rt-sup-a.json")' \
  && pass || fail "the dossier lists the twin's deployment"

# China Mobile: the group (co-cmcc) and the listed company are judged different, the submission's
# "China Mobile" unsure against both, "China Mobile USA" unsure against China Mobile International
# USA: each stays its own entity, and no listing event of one reaches another's dossier
for id in co-cmcc co-china-mobile-ltd co-china-mobile co-china-mobile-usa co-china-mobile-international-usa \
          co-china-mobile-international-usa-inc; do
  "$OV" --db joined.db report "$id" --format json > "cm.$id.json" || fail "report $id"
done
python3 - <<'PY' && pass || fail "China Mobile stays apart"
import json
ld = lambda i: json.load(open(f"cm.{i}.json"))
lists = lambda i: {l["id"] for l in ld(i)["lists"]}
for i in ("co-cmcc", "co-china-mobile-ltd", "co-china-mobile", "co-china-mobile-usa"):
    assert ld(i)["entity"]["referents"] == [i], (i, ld(i)["entity"]["referents"])
usa = ld("co-china-mobile-international-usa-inc")
assert usa["entity"]["id"] == "co-china-mobile-international-usa", usa["entity"]
assert usa["entity"]["referents"] == ["co-china-mobile-international-usa", "co-china-mobile-international-usa-inc"]
# the FCC entries of the US subsidiary: both rows' in its cluster, none in the group's or the listed company's
fcc = {"sanc-fcc-covered-r07", "sanc-fcc-cl-2022-03-china-mobile-international-usa"}
assert fcc <= lists("co-china-mobile-international-usa-inc"), lists("co-china-mobile-international-usa-inc")
assert lists("co-china-mobile-international-usa") == lists("co-china-mobile-international-usa-inc")
for i in ("co-cmcc", "co-china-mobile-ltd", "co-china-mobile", "co-china-mobile-usa"):
    assert not (fcc & lists(i)), (i, lists(i))
# and the group's 1260H entries are not the subsidiaries'
assert not (lists("co-cmcc") & lists("co-china-mobile-international-usa")), lists("co-cmcc")
assert ld("co-cmcc")["statements"] != ld("co-china-mobile-ltd")["statements"]
PY
# the server: the API's answers agree too, and the pages say which referent each fact comes from
export OVERSIGHT_DB="$WORK/joined.db"
start_server agree
python3 - "$URL" "$AVIC" "$SASAC" <<'PY' && pass || fail "the API and the pages on the cluster"
import sys, json, urllib.request
base, avic, sasac = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
def get(p):
    with urllib.request.urlopen(base + p) as r:
        return r.read().decode()
a, b = get("/api/exposure/" + avic), get("/api/exposure/" + sasac)
assert a == b and "recorded under referent " + sasac in a, a[:300]
page = get("/exposure/" + avic)
assert "recorded under referent " + sasac in page, page[:300]
# the entity page of the twin: the cluster's dossier, its referents and the judgement behind them
page = get("/entity/" + sasac)
assert "(recorded under referent " + sasac + ")" in page
res = page[page.index('<section id="resolution">'):]
res = res[:res.index("</section>")]
assert 'class="referents"' in res and "/entity/" + avic in res and "avic.com.cn" in res and ">same<" in res, res[:600]
d = json.loads(get("/api/deployments?supplier=rt-sup-b"))
assert [s["id"] for s in d["suppliers"]] == ["rt-sup-a"], d["suppliers"]
PY
kill -TERM "$SERVER_PID"; wait "$SERVER_PID"
finish
