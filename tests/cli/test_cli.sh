# The command line itself: help, exit codes, --db and $OVERSIGHT_DB, JSON output.
. "$TESTS/cli/lib.sh"
for c in init load validate export get search history stats; do
  expect_exit 0 "$OV" "$c" --help
  expect_contains "$WORK/out" "oversight $c"
done
expect_exit 0 "$OV" --help
expect_contains "$WORK/out" "exit codes"
expect_exit 2 "$OV" frobnicate
expect_exit 2 "$OV"
expect_exit 2 "$OV" --format yaml stats
expect_exit 2 "$OV" load --no-such-option x.json
# no store yet: a clear message, not a crash
expect_exit 3 "$OV" --db missing.db stats
expect_contains "$WORK/err" "run \`oversight init\`"
# $OVERSIGHT_DB is the default, --db overrides it
expect_exit 0 "$OV" init
[ -f "$OVERSIGHT_DB" ] && pass || fail "OVERSIGHT_DB not used"
expect_exit 0 "$OV" --db other.db init
[ -f other.db ] && pass || fail "--db not used"
# a file that is not an Oversight store
printf 'not a database at all, just text padding the header out.............................................' > junk.db
expect_exit 4 "$OV" --db junk.db stats
expect_exit 0 "$OV" load "$FIXTURES/ftm/t1_entities.ftm.json"
"$OV" --format json get NK-2GdmHtZTeNXjNVrBGEXZNj > get.json
python3 -c 'import json; e=json.load(open("get.json")); assert e["schema"]=="Organization" and e["id"]=="NK-2GdmHtZTeNXjNVrBGEXZNj" and e["properties"]["name"]' && pass || fail "get json"
"$OV" --format json stats > s.json
python3 -c 'import json; s=json.load(open("s.json")); assert s["entities"]==7 and s["changes"]==1' && pass || fail "stats json: $(cat s.json)"
expect_exit 3 "$OV" get no-such-entity
# stdin loads
printf '%s\n' '{"id":"s1","schema":"Company","properties":{"name":["From Stdin Ltd"]}}' | "$OV" load - >/dev/null 2>&1 && pass || fail "load -"
expect_exit 0 "$OV" get s1
finish
