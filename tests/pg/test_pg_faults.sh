# PostgreSQL faults: the server stopped in the middle of a load -> the load
# fails with a clear error (exit 4) and, after a restart, nothing of it is
# visible (one transaction); the store then loads as before. Run by
# tests/pg/pg_cluster.sh ($OV_PG_CTL stops and starts its server).
. "$TESTS/cli/lib.sh"
: "${OV_PG_URL:?run me through tests/pg/pg_cluster.sh}"
PG="$OV_PG_URL"
expect_exit 0 "$OV" --db "$PG" init
python3 "$TESTS/pg/gen.py" 50 small > small.jsonl
expect_exit 0 "$OV" --db "$PG" load small.jsonl
"$OV" --db "$PG" stats > before
python3 "$TESTS/pg/gen.py" 300000 big > big.jsonl
"$OV" --db "$PG" load big.jsonl > load.out 2> load.err &
PL=$!
# stop the server once the load is under way (its first rows sent)
for _ in $(seq 1 100); do
  n=$(psql -X -At "$OV_PG_ADMIN" -c "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY%'" 2>/dev/null)
  [ "${n:-0}" -gt 0 ] && break
  sleep 0.1
done
$OV_PG_CTL stop >/dev/null 2>&1
wait $PL; rc=$?
[ "$rc" -eq 4 ] && pass || fail "the load with the server stopped: exit $rc (want 4): $(cat load.err)"
grep -q "PostgreSQL" load.err && pass || fail "the error does not name PostgreSQL: $(cat load.err)"
grep -q "$OV_PG_DIR" load.err && pass || fail "the error does not name the host: $(cat load.err)"
# while it is down: exit 4, the host named
expect_exit 4 "$OV" --db "$PG" stats
expect_contains "$WORK/err" "$OV_PG_DIR"
$OV_PG_CTL start >/dev/null 2>&1
"$OV" --db "$PG" stats > after
expect_same before after
expect_exit 3 "$OV" --db "$PG" get big-1
# and the store works as before
expect_exit 0 "$OV" --db "$PG" load small.jsonl
expect_exit 0 "$OV" --db "$PG" get small-3
finish
