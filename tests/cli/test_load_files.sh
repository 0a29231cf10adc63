# Issue 20: `oversight load A B ...` is one transaction, each file its own
# change; an empty file is a no-op that records no change, in every format.
. "$TESTS/cli/lib.sh"
"$OV" init >/dev/null
changes() { "$OV" --format json stats | python3 -c 'import json,sys; print(json.load(sys.stdin)["changes"])'; }

printf '%s\n' '{"id":"a-1","schema":"Company","properties":{"name":["Alpha"]}}' > a.json
printf '%s\n' '{"id":"b-1","schema":"Company","properties":{"name":["Beta"]}}' > b.json
printf '%s\n' '{"id":"c-1","schema":"Company","properties":{"country":["Atlantis"]}}' > c.json

# B invalid: nothing of A either (before: exit 1 with A committed)
expect_exit 1 "$OV" load a.json c.json
expect_contains "$WORK/err" "c.json:1: property 'country'"
expect_contains "$WORK/err" "nothing was loaded"
expect_exit 3 "$OV" get a-1
[ "$(changes)" = 0 ] && pass || fail "a refused load A B left $(changes) changes"
# a file that cannot be opened, after a good one: nothing either
expect_exit 4 "$OV" load a.json missing.json
expect_exit 3 "$OV" get a-1
# a directory after a good one
mkdir d
expect_exit 1 "$OV" load a.json d
expect_exit 3 "$OV" get a-1
[ "$(changes)" = 0 ] && pass || fail "refused loads left changes"

# all good: both, each its own change, the summaries after the commit
expect_exit 0 "$OV" load a.json b.json
expect_contains "$WORK/out" "a.json: change 1: 1 entities, 1 statements added"
expect_contains "$WORK/out" "b.json: change 2: 1 entities, 1 statements added"
expect_exit 0 "$OV" get a-1
expect_exit 0 "$OV" get b-1
expect_exit 0 "$OV" history b-1
expect_contains "$WORK/out" "change 2"
expect_contains "$WORK/out" "b.json"
# the second file of a store's first load is diffed against the first: the
# same entity in both is one entity, its repeated value one statement
printf '%s\n' '{"id":"a-1","schema":"Company","properties":{"name":["Alpha"],"alias":["A1"]}}' > a2.json
rm -f "$OVERSIGHT_DB"; "$OV" init >/dev/null
expect_exit 0 "$OV" load --dataset d a.json a2.json
expect_contains "$WORK/out" "a2.json: change 2: 1 entities, 1 statements added, 0 retired, 1 unchanged"
"$OV" --format json get a-1 > a1.json
[ "$(python3 -c 'import json; print(len(json.load(open("a1.json"))["statements"]))')" = 2 ] && pass || fail "a-1 statements: $(cat a1.json)"
"$OV" --format json stats > s.json
expect_contains s.json '"statements":2,'

# empty files: no change recorded, store unchanged, exit 0 and said so
"$OV" export -o before.json 2>/dev/null
n=$(changes)
: > empty.json
printf '\n  \n' > blank.json
: > empty.csv
printf 'entity_id,prop,schema,value\n' > header.csv
for f in empty.json blank.json empty.csv header.csv; do
  expect_exit 0 "$OV" load "$f"
  expect_contains "$WORK/out" "$f: nothing to load (0 records): no change recorded"
done
expect_exit 0 "$OV" load --input-format statements empty.csv
expect_exit 0 "$OV" load --input-format delta empty.json
[ "$(changes)" = "$n" ] && pass || fail "empty files recorded changes: $n -> $(changes)"
"$OV" export -o after.json 2>/dev/null
expect_same before.json after.json
# an empty file among others: the others load, it records nothing
printf '%s\n' '{"id":"e-1","schema":"Company","properties":{"name":["Eps"]}}' > e.json
expect_exit 0 "$OV" load empty.json e.json
expect_contains "$WORK/out" "empty.json: nothing to load"
expect_contains "$WORK/out" "e.json: change $((n + 1)): 1 entities"
[ "$(changes)" = "$((n + 1))" ] && pass || fail "one change expected after empty + e: $(changes)"
"$OV" --format json load empty.json > j.out
expect_contains j.out '"change":null'
finish
