# Search: ranked, any script, one- and two-character Chinese queries, filters.
. "$TESTS/cli/lib.sh"
"$OV" init >/dev/null
"$OV" load "$FIXTURES/ftm/zala_entities.ftm.json" >/dev/null 2>&1
expect_exit 0 "$OV" load "$FIXTURES/cn/cn_sanctions_sample.ijson"
search_ids() { "$OV" --format json search "$@" | python3 -c 'import json,sys; print(" ".join(r["id"] for r in json.load(sys.stdin)["results"]))'; }
# 美国国家民主基金会 = National Endowment for Democracy
NED=cn-sanctions-ff2d7c49739b
case " $(search_ids 民主基金会) " in *" $NED "*) pass ;; *) fail "5-character query" ;; esac
case " $(search_ids 基金) " in *" $NED "*) pass ;; *) fail "2-character query" ;; esac
n=$("$OV" --format json search 美 --limit 100 | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["results"]))')
want=$(grep -c '美' "$FIXTURES/cn/cn_sanctions_sample.ijson")
[ "$n" -eq "$want" ] && [ "$n" -gt 0 ] && pass || fail "1-character query 美 found $n, want $want"
case " $(search_ids national endowment democracy) " in *" $NED "*) pass ;; *) fail "English words" ;; esac
case " $(search_ids endow) " in *" $NED "*) pass ;; *) fail "prefix" ;; esac
# Cyrillic and case/diacritic folding: zala has Мария Александровна Осетрова
[ -n "$(search_ids осетрова)" ] && pass || fail "Cyrillic lower case"
[ -n "$(search_ids OSETROVA)" ] && pass || fail "Latin upper case"
# ranking: the exact name ranks first
first=$(search_ids national endowment for democracy | cut -d' ' -f1)
[ "$first" = "$NED" ] && pass || fail "ranking: first was $first"
# filters
[ -z "$(search_ids democracy --schema Person)" ] && pass || fail "schema filter Person"
case " $(search_ids democracy --schema LegalEntity) " in *" $NED "*) pass ;; *) fail "schema filter includes descendants" ;; esac
[ -z "$(search_ids democracy --country cn)" ] && pass || fail "country filter"
case " $(search_ids democracy --country US --topic sanction.counter) " in *" $NED "*) pass ;; *) fail "country+topic filter" ;; esac
[ -z "$(search_ids democracy --dataset zala)" ] && pass || fail "dataset filter"
case " $(search_ids democracy --dataset cn_sanctions_sample) " in *" $NED "*) pass ;; *) fail "dataset filter by load" ;; esac
# notes are searched too (zala: "Director Disqualification Sanction")
[ -n "$(search_ids disqualification)" ] && pass || fail "notes"
expect_exit 2 "$OV" search
expect_exit 1 "$OV" search '!!!'

# on the bundled record: parties above the addresses and documents that mention them; each
# result with its schema, country, lists and a snippet with the match marked; "did you mean"
export OVERSIGHT_DB="$WORK/seed.db"
"$OV" init >/dev/null
for f in "$TESTS"/../data/seed/*.csv; do "$OV" load "$f" >/dev/null || fail "load $f"; done
"$OV" --format json search Hikvision > hik.json
python3 - <<'PY' && pass || fail "search Hikvision: $(head -c 600 hik.json)"
import json
r = json.load(open("hik.json"))["results"]
assert r[0]["id"] == "co-hikvision", [x["id"] for x in r[:3]]
first_other = min(i for i, x in enumerate(r) if x["schema"] in ("Address", "Document", "Sanction"))
assert all(x["schema"] in ("Company", "Organization", "PublicBody", "Person", "LegalEntity", "Law")
           for x in r[:first_other]), [x["schema"] for x in r]
h = r[0]
assert h["country"] == "cn" and h["country_name"] == "China"
assert "Section 1260H list of Chinese military companies" in h["lists"] and "FCC Covered List" in h["lists"]
s, (a, b) = h["snippet"], h["highlights"][0]
assert s[a:b] == "Hikvision", (s, h["highlights"])
PY
"$OV" search 海康威視 > t.txt
expect_contains t.txt "1. Hikvision  (Company, China)  co-hikvision"
expect_contains t.txt "[海康威视]"
expect_exit 0 "$OV" search Hikvsn    # too far for a match: a suggestion
expect_contains "$WORK/out" "no results"
expect_contains "$WORK/out" "did you mean: Hikvision (Company, co-hikvision)?"
"$OV" --format json search Hikvsn > dym.json
python3 -c 'import json; d=json.load(open("dym.json")); assert d["did_you_mean"][0]["id"]=="co-hikvision"' && pass || fail "did you mean (JSON)"
# pinyin (and a near spelling) finds the company through the name matcher, said as found (a
# match at the matcher's threshold), not as a guess; a weaker one stays a suggestion (above)
expect_exit 0 "$OV" search "Haikang Weishi"
expect_contains "$WORK/out" "found by the name matcher (another spelling, script or transliteration): Hikvision (Company, co-hikvision)"
expect_not_contains "$WORK/out" "did you mean: Hikvision"
"$OV" --format json search "Haikang Weishi" > py.json
python3 -c 'import json; d=json.load(open("py.json")); h=d["did_you_mean"][0]; assert h["id"]=="co-hikvision" and h["match"] is True, d' && pass || fail "pinyin: a match of the name matcher (JSON)"
python3 -c 'import json; d=json.load(open("dym.json")); assert all(x["match"] is False for x in d["did_you_mean"]), d' && pass || fail "a suggestion is not called a match"
expect_exit 0 "$OV" search Hikvisoin
expect_contains "$WORK/out" "found by the name matcher (another spelling, script or transliteration): Hikvision (Company, co-hikvision)"
finish
