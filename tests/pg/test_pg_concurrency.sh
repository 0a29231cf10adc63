# PostgreSQL: writers and readers at once. Two loads started together into
# one store both succeed and lose nothing (an entity both files state keeps
# both files' aliases: the second load waited for the first's lock and diffed
# against what it committed); a load while two servers serve the store: every
# GET during it answers, and afterwards both servers answer the new entities
# (each noticed the other process's write by the store's data version).
# Run by tests/pg/pg_cluster.sh.
. "$TESTS/cli/lib.sh"
: "${OV_PG_URL:?run me through tests/pg/pg_cluster.sh}"
GEN="$TESTS/pg/gen.py"
PG="$OV_PG_URL"
expect_exit 0 "$OV" --db "$PG" init
python3 "$GEN" 3000 a "Alias from file A" > a.jsonl
python3 "$GEN" 3000 b "Alias from file B" > b.jsonl
"$OV" --db "$PG" load a.jsonl > a.out 2>&1 &
PA=$!
"$OV" --db "$PG" load b.jsonl > b.out 2>&1 &
PB=$!
wait $PA; ra=$?
wait $PB; rb=$?
[ "$ra" -eq 0 ] && [ "$rb" -eq 0 ] && pass || fail "concurrent loads: exit $ra and $rb: $(cat a.out b.out)"
"$OV" --db "$PG" --format json stats > st.json
python3 - st.json <<'PY' && pass || fail "counts after two concurrent loads: $(cat st.json)"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["entities"] == 6001, s
assert s["changes"] == 2, s
assert s["statements"] == 4 + 3 * 6000, s  # shared: a name and an alias from each file (its dataset)
PY
"$OV" --db "$PG" get shared > shared.txt
expect_contains shared.txt "Alias from file A"
expect_contains shared.txt "Alias from file B"
# the same record as the two files loaded one after the other into SQLite,
# in the order the two loads took the lock (either may win it)
"$OV" --db "$PG" export --output-format plain | sort > pg.plain
for order in "a b" "b a"; do
  SQ="$WORK/s-${order% *}.db"
  "$OV" --db "$SQ" init >/dev/null
  for f in $order; do "$OV" --db "$SQ" load "$f.jsonl" >/dev/null 2>&1; done
  "$OV" --db "$SQ" export --output-format plain | sort > "sq-${order% *}.plain"
done
if cmp -s sq-a.plain pg.plain || cmp -s sq-b.plain pg.plain; then pass; else
  fail "the record after two concurrent loads is neither sequential order: $(diff sq-a.plain pg.plain | head -5)"; fi

# two servers on the store, a load between their requests
OVERSIGHT_DB="$PG"; start_server one
U1=${URL%/}; P1=$SERVER_PID
start_server two
U2=${URL%/}; P2=$SERVER_PID
OVERSIGHT_DB="$WORK/test.db"
curl -sf "$U1/api/entities/a-1" > /dev/null && pass || fail "server one before the load"
curl -s -o /dev/null -w '%{http_code}\n' "$U2/api/entities/c-1" > before.code
[ "$(cat before.code)" = 404 ] && pass || fail "c-1 exists before its load: $(cat before.code)"
python3 "$GEN" 5000 c > c.jsonl
"$OV" --db "$PG" load c.jsonl > c.out 2>&1 &
PC=$!
: > codes
while kill -0 $PC 2>/dev/null; do
  curl -s -o /dev/null -w '%{http_code}\n' "$U1/api/entities/a-7" >> codes
  curl -s -o /dev/null -w '%{http_code}\n' "$U2/api/entities/b-7" >> codes
  sleep 0.05
done
wait $PC; rc=$?
[ "$rc" -eq 0 ] && pass || fail "the load beside the servers: exit $rc: $(cat c.out)"
[ -s codes ] && ! grep -qv '^200$' codes && pass || fail "a GET during the load failed: $(sort codes | uniq -c)"
for u in "$U1" "$U2"; do
  curl -sf "$u/api/entities/c-4999" > c.json && pass || fail "$u does not see the new entity"
  expect_contains c.json '"c Test Company 4999"'
done
# the other server's cached answer is renewed too
curl -sf "$U1/api/entities/shared" > s1.json
"$OV" --db "$PG" load --dataset later - > /dev/null 2>&1 <<'J'
{"id":"shared","schema":"Company","properties":{"alias":["Alias from a third load"]}}
J
curl -sf "$U1/api/entities/shared" > s2.json
expect_contains s2.json "Alias from a third load"
kill $P1 $P2 2>/dev/null
wait $P1 $P2 2>/dev/null
finish
