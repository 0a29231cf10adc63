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
finish
