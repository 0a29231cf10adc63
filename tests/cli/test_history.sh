# History: deltas ADD/MOD/DEL and status changes append; nothing is overwritten.
. "$TESTS/cli/lib.sh"
F="$FIXTURES/ftm"
"$OV" init >/dev/null
expect_exit 0 "$OV" load "$F/t1_entities.ftm.json"
for v in 20240527194702-wnk 20240528014702-pfh 20240528074703-npf 20240528134729-3iv; do
  expect_exit 0 "$OV" load --input-format delta "$F/t2_delta_$v.json"
done
# MOD replaced the names of NK-2T3S8Hu29ktYnKSTgQp2wL; the old ones are retired, not gone
expect_exit 0 "$OV" history NK-2T3S8Hu29ktYnKSTgQp2wL
expect_contains "$WORK/out" "+ name = Foobar Foobargroup"
"$OV" --format json history NK-2T3S8Hu29ktYnKSTgQp2wL > h.json
python3 - <<'PY' && pass || fail "history json"
import json
h = json.load(open("h.json"))
assert len(h["changes"]) >= 2, h
retired = [s for c in h["changes"] for s in c["retired"]]
assert retired, "a MOD must retire statements"
assert all("retired_in" in s for s in retired)
PY
# DEL: the entity is gone from get and export, but its history stays
expect_exit 3 "$OV" get NK-500Poltergeist
expect_exit 0 "$OV" history NK-500Poltergeist
expect_contains "$WORK/out" "entity deleted"
"$OV" export > all.json
expect_not_contains all.json '"NK-500Poltergeist"'
# delta export since change 1 names the deletion
"$OV" export --output-format delta --since 1 > delta.json
expect_contains delta.json '{"op":"DEL","entity":{"id":"NK-500Poltergeist"}}'
# re-loading the same file adds nothing
expect_exit 0 "$OV" load "$F/t1_entities.ftm.json"
expect_contains "$WORK/out" "0 statements added"

# citations and status: a claim alleged, then disputed, then retracted
cat > claims.csv <<'CSV'
entity_id,prop,schema,value,dataset,source,locator,status
acme,name,Company,ACME Vision,research,https://example.org/report,p. 4,asserted
acme,country,Company,cn,research,https://example.org/report,"fn. 7: ""ACME is based in Hangzhou""",alleged
CSV
expect_exit 0 "$OV" load claims.csv
sed 's/,alleged$/,disputed/' claims.csv > claims2.csv
expect_exit 0 "$OV" load claims2.csv
expect_contains "$WORK/out" "1 statements added, 1 retired"
sed 's/,alleged$/,retracted/' claims.csv > claims3.csv
expect_exit 0 "$OV" load claims3.csv
expect_exit 0 "$OV" get acme
expect_contains "$WORK/out" "source: https://example.org/report — p. 4"
expect_contains "$WORK/out" "(retracted)"
expect_exit 0 "$OV" history acme
expect_contains "$WORK/out" "+ country = cn  (alleged)  [https://example.org/report; fn. 7: \"ACME is based in Hangzhou\"]"
expect_contains "$WORK/out" "- country = cn  (alleged)"
expect_contains "$WORK/out" "- country = cn  (disputed)"
# the retracted value is not part of the entity any more
"$OV" export --output-format plain > plain.json
expect_not_contains plain.json '"country":["cn"]'
# the statements export keeps it with its status and citation
"$OV" export --output-format statements > st.csv
expect_contains st.csv 'acme,acme,country,country,Company,cn,research,,,,f,,,'
expect_contains st.csv ',retracted'
finish
