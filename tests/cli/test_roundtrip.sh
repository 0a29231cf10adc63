# Load -> export -> load -> export is lossless on the FtM samples: the two
# exports are byte-identical and the first equals the original (as FtM data).
. "$TESTS/cli/lib.sh"
F="$FIXTURES/ftm"
for spec in zala_entities.ftm.json:entities donations.ijson:plain t1_entities.ftm.json:entities \
            zala_statements.csv:statements; do
  file=${spec%%:*}; fmt=${spec##*:}
  rm -f a.db b.db
  expect_exit 0 "$OV" --db a.db init
  expect_exit 0 "$OV" --db a.db load "$F/$file"
  expect_exit 0 "$OV" --db a.db export --output-format "$fmt" -o a.out
  expect_exit 0 "$OV" --db b.db init
  expect_exit 0 "$OV" --db b.db load a.out --dataset "$(echo "$file" | cut -d. -f1)"
  expect_exit 0 "$OV" --db b.db export --output-format "$fmt" -o b.out
  expect_same a.out b.out
  if python3 "$TESTS/cli/compare_ftm.py" "$fmt" "$F/$file" a.out >cmp.txt; then pass; else fail "$file: $(cat cmp.txt)"; fi
done
# the zala sample has 91 entities, 14 Ownership edges, and the FtM 4 Company.abbreviation
rm -f a.db
"$OV" --db a.db init >/dev/null && "$OV" --db a.db load "$F/zala_entities.ftm.json" >/dev/null 2>&1
"$OV" --db a.db --format json stats >stats.json
python3 -c 'import json,sys; s=json.load(open("stats.json")); sys.exit(0 if s["entities"]==91 and s["schemas"]["Ownership"]==14 else 1)' && pass || fail "zala counts: $(cat stats.json)"
"$OV" --db a.db export --output-format plain | grep -q '"abbreviation"' && pass || fail "abbreviation lost"
# The seed record (data/seed): the statements CSV is lossless. Exported, loaded
# into a fresh store and exported again, it is byte-identical: every status,
# citation (source, locator), language, original value and date survives.
SEED="$TESTS/../data/seed"
rm -f a.db b.db c.db
"$OV" --db a.db init >/dev/null
for f in "$SEED"/*.csv; do "$OV" --db a.db load "$f" >/dev/null 2>&1 || fail "load $f"; done
expect_exit 0 "$OV" --db a.db export --output-format statements -o seed1.csv
expect_exit 0 "$OV" --db b.db init
expect_exit 0 "$OV" --db b.db load seed1.csv
expect_exit 0 "$OV" --db b.db export --output-format statements -o seed2.csv
expect_same seed1.csv seed2.csv
# and it holds what makes the record a record: statuses other than asserted, citations
python3 - <<'PY' && pass || fail "the seed's statements CSV lacks statuses or citations"
import csv, collections
rows = [r for r in csv.DictReader(open("seed1.csv", encoding="utf-8")) if r["prop"] != "id"]
st = collections.Counter(r["status"] for r in rows)
assert st["unverified"] > 0 and st["alleged"] > 0, st
assert sum(1 for r in rows if r["source"]) > 0.9 * len(rows)
assert sum(1 for r in rows if r["locator"]) > 0
PY
# The entity format has no place for statuses: writing it says how many are
# lost, and a store loaded from it indeed holds them as asserted.
expect_exit 0 "$OV" --db a.db export -o seed.ftm.json
cp "$WORK/err" ent.err
expect_exit 0 "$OV" --db c.db init
expect_exit 0 "$OV" --db c.db load seed.ftm.json
expect_exit 0 "$OV" --db c.db export --output-format statements -o seed3.csv
python3 - <<'PY' && pass || fail "the status loss is not what the export said: $(cat ent.err)"
import csv, collections, re
def statuses(path):
    return collections.Counter(r["status"] for r in csv.DictReader(open(path, encoding="utf-8")) if r["prop"] != "id")
before, after = statuses("seed1.csv"), statuses("seed3.csv")
said = {m[1]: int(m[0]) for m in re.findall(r"(\d+) (\w+) statements written without their status", open("ent.err").read())}
lost = {k: v for k, v in before.items() if k not in ("asserted", "retracted") and after[k] < v}
assert lost and set(lost) == set(said), (lost, said)
for k in said:
    assert said[k] == before[k] and after[k] == 0, (k, said[k], before[k], after[k])
PY
# retracted statements are left out of the entity formats, in both modes, and said so
rm -f r.db
printf '%s\n' '{"id":"r1","schema":"Company","properties":{"name":["Acme"],"country":["de"]}}' > r1.json
printf '%s\n' '{"id":"r1","schema":"Company","properties":{"country":["fr"]}}' > r2.json
"$OV" --db r.db init >/dev/null
"$OV" --db r.db load r1.json >/dev/null 2>&1
"$OV" --db r.db load r2.json --status retracted --source https://example.org/correction >/dev/null 2>&1
for mode in full standard; do
  expect_exit 0 "$OV" --db r.db export --ftm $mode
  expect_contains "$WORK/err" "1 retracted statements left out"
  expect_not_contains "$WORK/out" '"fr"'
done
# a format that carries statuses says nothing of the kind
expect_exit 0 "$OV" --db a.db export --output-format statements -o /dev/null
expect_not_contains "$WORK/err" "without their status"
finish
