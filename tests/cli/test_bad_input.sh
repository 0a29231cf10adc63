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

# Issue 20, strict input: each refused with file:line: problem, exit 1, store unchanged
check_bad bare.json 1 "property 'name' must be an array of strings" '{"id":"x","schema":"Company","properties":{"name":"Bare Co"}}'
check_bad dupkey.json 2 "the key \"name\" appears twice in one object" "$good" '{"id":"x","schema":"Company","properties":{"name":["A"],"name":["B"]}}'
check_bad dupid.json 1 "the key \"id\" appears twice" '{"id":"x","id":"y","schema":"Company","properties":{}}'
check_bad nan.json 1 "a share must be a finite number" '{"id":"x","schema":"Ownership","properties":{"percentage":["NaN"]}}'
check_bad inf.json 1 "a share must be a finite number" '{"id":"x","schema":"Ownership","properties":{"percentage":["1e999999"]}}'
check_bad neg.json 1 "a share cannot be negative" '{"id":"x","schema":"Ownership","properties":{"percentage":["-500"]}}'
check_bad over.json 1 "a share cannot exceed 100 percent" '{"id":"x","schema":"Ownership","properties":{"percentage":["150%"]}}'
check_bad js.json 1 "not a web address (http:// or https:// and a host)" '{"id":"x","schema":"Company","properties":{"website":["javascript://%0aalert(1)"]}}'
check_bad data.json 1 "not a web address" '{"id":"x","schema":"Company","properties":{"website":["data:text/html,<script>alert(1)</script>"]}}'
check_bad ftp.json 1 "not a web address" '{"id":"x","schema":"Company","properties":{"sourceUrl":["ftp://example.org/x"]}}'
# shares stated as text, and web addresses, still load
printf '%s\n' '{"id":"pct-ok","schema":"Ownership","properties":{"percentage":["25-50%","51%","majority","0.68"," 100 "]}}' \
  '{"id":"url-ok","schema":"Company","properties":{"name":["U"],"website":["HTTPS://example.org/a?b=c"]}}' > fine.json
expect_exit 0 "$OV" validate fine.json
# a statements CSV refuses the same values
printf 'entity_id,prop,schema,value\nx,website,Company,javascript://alert(1)\n' > js.csv
expect_exit 1 "$OV" load js.csv
expect_contains "$WORK/err" "js.csv:2: property 'website' (url): not a web address"
# a byte 0xEF that does not start a byte order mark
printf '\357\274\201{}\n' > notbom.json
expect_exit 1 "$OV" load notbom.json
expect_contains "$WORK/err" "notbom.json:1: the file starts with byte 0xEF but not with a UTF-8 byte order mark"
# a directory given as a file
mkdir adir
expect_exit 1 "$OV" load adir
expect_contains "$WORK/err" "adir: is a directory, not a file"
expect_not_contains "$WORK/err" "no error"
expect_exit 1 "$OV" validate adir
# --max-line has a cap (it sized a buffer that grew to 4.4 GB on /dev/zero)
expect_exit 2 "$OV" load --max-line 18446744073709551615 /dev/zero
expect_contains "$WORK/err" "--max-line needs a number of bytes from 64 to 268435456"
expect_exit 2 "$OV" load --max-line 268435457 /dev/null
expect_exit 2 "$OV" load --max-line -1 /dev/null

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
# Issue 20: a leading UTF-8 byte order mark is read as what it is (JSON, or a
# CSV header) and skipped, with a warning
printf '\357\273\277%s\n' '{"id":"bom-1","schema":"Company","properties":{"name":["Bom Co"]}}' > bom.json
expect_exit 0 "$OV" load bom.json
expect_contains "$WORK/err" "bom.json: warning: the file starts with a UTF-8 byte order mark"
expect_exit 0 "$OV" get bom-1
printf '\357\273\277entity_id,prop,schema,value\nbom-2,name,Company,Bom Two\n' > bom.csv
expect_exit 0 "$OV" load bom.csv
expect_contains "$WORK/err" "warning: the file starts with a UTF-8 byte order mark"
expect_exit 0 "$OV" get bom-2
# Issue 18: option values checked at the door, the bad value named, exit 2
expect_exit 2 "$OV" owners ok-1 --as-of yesterday
expect_contains "$WORK/err" "--as-of yesterday: not a date"
expect_exit 2 "$OV" controllers ok-1 --as-of 2019-13-45
expect_contains "$WORK/err" "--as-of 2019-13-45: not a date"
expect_exit 2 "$OV" owners ok-1 --as-of 2019-02-29
expect_exit 0 "$OV" owners ok-1 --as-of 2020-02-29
expect_exit 0 "$OV" owners ok-1 --as-of 2020-02
expect_exit 2 "$OV" search x --schema Compnay
expect_contains "$WORK/err" "--schema Compnay: no such schema (did you mean Company?)"
expect_exit 2 "$OV" search x --country Narnia
expect_contains "$WORK/err" "--country Narnia: not a country code or name"
expect_exit 2 "$OV" deployments --country "Saudi Arbia"
expect_contains "$WORK/err" "did you mean Saudi Arabia (sa)?"
expect_exit 0 "$OV" search ok --country "United Kingdom"
# a port in use is named as such, not "Failed to bind to port 0"
python3 -c '
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
print(s.getsockname()[1]); sys.stdout.flush()
import time; time.sleep(30)' > port.txt &
holder=$!
for _ in $(seq 1 50); do [ -s port.txt ] && break; sleep 0.1; done
port=$(cat port.txt)
expect_exit 2 "$OV" serve --listen "127.0.0.1:$port"
expect_contains "$WORK/err" "port $port is already in use"
expect_not_contains "$WORK/err" "Failed to bind"
kill "$holder" 2>/dev/null
expect_exit 2 "$OV" serve --listen 127.0.0.1:99999
expect_contains "$WORK/err" "the port must be a number from 0 to 65535"
finish
