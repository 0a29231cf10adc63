# The audit of the bundled record, re-run mechanically (issue 19): loads every
# data/seed/*.csv into a fresh store, exports the statements as loaded, and
# runs tests/cli/seed_audit.py on them with the submission's text and the
# curated files of tests/fixtures/seed (see the script for what it checks).
. "$TESTS/cli/lib.sh"
SEED="$TESTS/../data/seed"
"$OV" init >/dev/null
for f in "$SEED"/*.csv; do
  "$OV" load "$f" >/dev/null 2>>load.err || fail "load $f"
done
"$OV" export --output-format statements -o st.csv >/dev/null 2>&1 || fail "export statements"
if python3 "$TESTS/cli/seed_audit.py" "$SEED" "$FIXTURES/seed" st.csv > audit.out 2>&1; then
  pass
else
  fail "seed audit: $(grep -v '^[0-9]\.' audit.out | head -c 1500)"
fi
cat audit.out
finish
