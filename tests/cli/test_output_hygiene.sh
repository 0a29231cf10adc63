# Issue 20: what the terminal and a spreadsheet get. Control characters in any
# value are shown escaped (\xNN) by get, history, search and in messages;
# every CSV writer neutralises formula prefixes (and the reader undoes it);
# export -o writes a temporary file and renames it.
. "$TESTS/cli/lib.sh"
"$OV" init >/dev/null
ESC=$(printf '\033'); BEL=$(printf '\007')
# citation source and locator carrying escape sequences (values refuse them)
printf 'entity_id,prop,schema,value,source,locator\nx1,name,Company,Evil Co,http://e.org/\033]0;pwn\007,p. 3\033[2J\n' > esc.csv
expect_exit 0 "$OV" load esc.csv
raw_free() { # FILE: no ESC or BEL byte in it
  if grep -q "[$ESC$BEL]" "$1"; then fail "$1 holds raw ESC/BEL: $(od -c "$1" | head -5)"; else pass; fi
}
expect_exit 0 "$OV" get x1
raw_free "$WORK/out"
expect_contains "$WORK/out" 'source: http://e.org/\x1b]0;pwn\x07 — p. 3\x1b[2J'
expect_exit 0 "$OV" get --history x1
raw_free "$WORK/out"
expect_exit 0 "$OV" history x1
raw_free "$WORK/out"
expect_contains "$WORK/out" '[http://e.org/\x1b]0;pwn\x07; p. 3\x1b[2J]'
expect_exit 0 "$OV" search Evil
raw_free "$WORK/out"
# a caption with a C1 control (CSI as U+009B) in search and get
printf '%s\n' '{"id":"x2","schema":"Company","caption":"Cap\u009b2J","properties":{"name":["Capco"]}}' > c1.json
expect_exit 0 "$OV" load c1.json
expect_exit 0 "$OV" search Capco
expect_contains "$WORK/out" 'Cap\xc2\x9b2J'
# a dataset name in stats
printf '%s\n' '{"id":"x4","schema":"Company","properties":{"name":["Four"]}}' > four.json
expect_exit 0 "$OV" load --dataset "ds${ESC}[2J" four.json
raw_free "$WORK/out"
expect_exit 0 "$OV" stats
raw_free "$WORK/out"
expect_contains "$WORK/out" 'ds\x1b[2J'
# JSON output keeps the value exactly (escaped as JSON)
expect_exit 0 "$OV" --format json get x1
raw_free "$WORK/out"
expect_contains "$WORK/out" '\u001b]0;pwn\u0007'
# messages: a rejected value, an unknown id, a file name
printf '%s\n' '{"id":"x3","schema":"Company","properties":{"name":["bad\u001b[2Jname"]}}' > bad.json
expect_exit 1 "$OV" load bad.json
raw_free "$WORK/err"
expect_contains "$WORK/err" 'bad\x1b[2Jname'
expect_exit 3 "$OV" get "no$ESC]0;x${BEL}such"
raw_free "$WORK/err"
expect_exit 3 "$OV" history "no${ESC}such"
raw_free "$WORK/err"
expect_exit 4 "$OV" load "missing${BEL}.json"
raw_free "$WORK/err"

# spreadsheet formulas: neutralised in the statements export, undone on reading
printf '%s\n' '{"id":"f1","schema":"Company","properties":{"name":["=HYPERLINK(\"http://e.org\",\"x\")"],"phone":["+44 20 7946 0000"],"notes":["@SUM(A1:A9)","-2+3+cmd|x","'"'"'=quoted","plain"]}}' > f.json
rm -f "$OVERSIGHT_DB"; "$OV" init >/dev/null
expect_exit 0 "$OV" load f.json
expect_exit 0 "$OV" export --output-format statements -o s.csv
python3 - s.csv <<'PY' && pass || fail "a CSV cell starts with a formula prefix: $(cat s.csv)"
import csv, sys
for row in csv.reader(open(sys.argv[1], newline="")):
    for cell in row:
        assert not cell or cell[0] not in "=+-@\t\r", cell
PY
expect_contains s.csv "\"'=HYPERLINK("
expect_contains s.csv "\"'@SUM(A1:A9)\""
expect_contains s.csv "\"''=quoted\""
# and the round trip gives the values back exactly
"$OV" --format json get f1 > f1_before.json
rm -f "$OVERSIGHT_DB"; "$OV" init >/dev/null
expect_exit 0 "$OV" load s.csv
"$OV" export --output-format statements -o s2.csv 2>/dev/null
expect_same s.csv s2.csv
"$OV" --format json get f1 > f1_after.json
python3 - f1_before.json f1_after.json <<'PY' && pass || fail "values changed through the CSV"
import json, sys
a, b = (sorted((s["prop"], s["value"]) for s in json.load(open(p))["statements"]) for p in sys.argv[1:])
assert a == b and ("notes", "'=quoted") in a and ("phone", "+44 20 7946 0000") in a, (a, b)
PY

# export -o: a failed write leaves the previous file, and no temporary one
"$OV" export -o keep.json 2>/dev/null
cp keep.json keep_orig.json
for i in $(seq 1 2000); do printf '{"id":"p%d","schema":"Company","properties":{"name":["Company number %d with a long enough name"]}}\n' "$i" "$i"; done > many.json
"$OV" load many.json >/dev/null
# (the limit, 256 blocks, is past the store's 32 KB shared-memory file and
# short of the export)
( trap '' XFSZ; ulimit -f 256; "$OV" export -o keep.json ) >out 2>err
got=$?
[ "$got" -eq 4 ] && pass || fail "export past the file size limit exited $got: $(cat err)"
expect_contains err "was not written"
expect_same keep.json keep_orig.json
ls keep.json.tmp.* >/dev/null 2>&1 && fail "a temporary file was left" || pass
expect_exit 0 "$OV" export -o keep.json
[ "$(wc -l < keep.json)" -gt 2000 ] && pass || fail "export after the failure is short"
ls keep.json.tmp.* >/dev/null 2>&1 && fail "a temporary file was left" || pass
# a device is written in place (no temporary file beside /dev/null)
expect_exit 0 "$OV" export -o /dev/null
expect_exit 4 "$OV" export -o .
finish
