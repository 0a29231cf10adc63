# Bad input: a message naming file, line and problem, exit code 1, and the
# store exactly as it was (the export before and after is identical).
. "$TESTS/cli/lib.sh"
"$OV" init >/dev/null
"$OV" load "$FIXTURES/ftm/t1_entities.ftm.json" >/dev/null 2>&1
"$OV" export -o before.json 2>/dev/null
"$OV" --format json stats > stats_before.json

good='{"id":"ok-1","schema":"Company","properties":{"name":["Fine Co"]}}'
check_bad() { # NAME LINE MESSAGE CONTENT...
  name=$1; line=$2; msg=$3; shift 3
  printf '%s\n' "$@" > "$name"
  expect_exit 1 "$OV" load "$name"
  expect_contains "$WORK/err" "$name:$line: "
  expect_contains "$WORK/err" "$msg"
  expect_contains "$WORK/err" "nothing was loaded"
  expect_exit 1 "$OV" validate "$name"
}
check_bad malformed.json 2 "malformed JSON" "$good" '{"id": "x", "schema": "Company", "properties": {'
check_bad schema.json 1 "unknown schema 'Spaceship'" '{"id":"x","schema":"Spaceship","properties":{}}' "$good"
check_bad abstract.json 1 "schema Thing is abstract" '{"id":"x","schema":"Thing","properties":{}}'
check_bad prop.json 2 "unknown property 'wingspan' for schema Company" "$good" '{"id":"x","schema":"Company","properties":{"wingspan":["3m"]}}'
check_bad stub.json 1 "'ownershipOwner' is a reverse property" '{"id":"x","schema":"Company","properties":{"ownershipOwner":["y"]}}'
check_bad country.json 1 "property 'country' (country): not a known country code" '{"id":"x","schema":"Company","properties":{"country":["Atlantis"]}}'
check_bad date.json 1 "property 'incorporationDate' (date): not an ISO 8601 date" '{"id":"x","schema":"Company","properties":{"incorporationDate":["31/12/2020"]}}'
check_bad number.json 1 "property 'name' must hold strings" '{"id":"x","schema":"Company","properties":{"name":[42]}}'
check_bad nul.json 1 "\\u0000" '{"id":"x","schema":"Company","properties":{"name":["a\u0000b"]}}'
check_bad id.json 1 "entity id" '{"id":"has space","schema":"Company","properties":{}}'
check_bad delta.json 1 "delta \"op\" must be ADD, MOD or DEL" '{"op":"UPSERT","entity":{"id":"x"}}'
# invalid UTF-8 (a lone continuation byte) on line 2
printf '%s\n{"id":"x","schema":"Company","properties":{"name":["\200"]}}\n' "$good" > utf8.json
expect_exit 1 "$OV" load utf8.json
expect_contains "$WORK/err" "utf8.json:2: invalid UTF-8"
# an over-long line
python3 -c 'print("{\"id\":\"x\",\"schema\":\"Company\",\"properties\":{\"notes\":[\"" + "a"*5000 + "\"]}}")' > long.json
expect_exit 1 "$OV" load --max-line 1000 long.json
expect_contains "$WORK/err" "long.json:1: line longer than 1000 bytes"
# malformed CSV: an unclosed quote, reported at the line it starts on
printf 'entity_id,prop,schema,value\nok-2,name,Company,Good\nok-3,name,Company,"unclosed\n' > bad.csv
expect_exit 1 "$OV" load bad.csv
expect_contains "$WORK/err" "bad.csv:3: quoted field not closed"
printf 'entity_id,prop,schema,value,status\nok-2,name,Company,Good,rumoured\n' > status.csv
expect_exit 1 "$OV" load status.csv
expect_contains "$WORK/err" "status.csv:2: unknown status 'rumoured'"
printf 'wrong,header\n1,2\n' > header.csv
expect_exit 1 "$OV" load header.csv
expect_contains "$WORK/err" "header.csv:1: the header needs entity_id"

# fragments of one entity whose schemata cannot combine: the store refuses it
printf '%s\n' '{"id":"frag","schema":"Company","properties":{"name":["A"]}}' '{"id":"frag","schema":"Person","properties":{"name":["A"]}}' > frag.json
expect_exit 1 "$OV" load frag.json
expect_contains "$WORK/err" "frag.json:2: entity frag: schema Person cannot be combined with Company"

# the store is exactly as before
"$OV" export -o after.json 2>/dev/null
"$OV" --format json stats > stats_after.json
expect_same before.json after.json
expect_same stats_before.json stats_after.json

# --skip-invalid loads the valid lines and lists every rejected one
printf '%s\n%s\n%s\n' "$good" '{"id":"y","schema":"Nope"}' '{"id":"z","schema":"Company","properties":{"country":["Atlantis"]}}' > mixed.json
expect_exit 0 "$OV" load --skip-invalid mixed.json
expect_contains "$WORK/err" "mixed.json:2: entity y: unknown schema 'Nope'"
expect_contains "$WORK/err" "mixed.json:3: property 'country'"
expect_contains "$WORK/err" "2 invalid records skipped"
expect_exit 0 "$OV" get ok-1
expect_exit 3 "$OV" get z
# a dangling reference warns but loads
printf '%s\n' '{"id":"own-1","schema":"Ownership","properties":{"owner":["ok-1"],"asset":["ghost-co"]}}' > dangling.json
expect_exit 0 "$OV" load dangling.json
expect_contains "$WORK/err" "warning: 1 referenced entities are not in the store (e.g. ghost-co)"
finish
