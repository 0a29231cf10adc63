# The CLI on PostgreSQL, beside SQLite: the bundled seed loaded file by file
# into both (the same load reports), then the same questions asked of both
# (stats, every export format byte for byte, get, history, owners,
# controllers, typology now and as of a date, exposure, search including one-
# and two-character Chinese queries), all-or-nothing loads and --skip-invalid,
# tokens, the server's entity GET, and the errors of a refused connection and
# of bad credentials. Run by tests/pg/pg_cluster.sh (OV_PG_URL, PGPASSFILE).
. "$TESTS/cli/lib.sh"
: "${OV_PG_URL:?run me through tests/pg/pg_cluster.sh}"
SEED="$TESTS/../data/seed"
# a fresh PostgreSQL store: a new schema of the cluster's database
pg_store() {
  psql -q -X -v ON_ERROR_STOP=1 "$OV_PG_URL" -c "CREATE SCHEMA $1" >/dev/null || exit 1
  echo "$OV_PG_URL&options=-csearch_path%3D$1"
}
PG=$(pg_store seed)
SQ="$WORK/seed.db"
expect_exit 0 "$OV" --db "$PG" init
expect_contains "$WORK/out" "store schema version 1"
expect_exit 0 "$OV" --db "$SQ" init
for f in "$SEED"/*.csv; do
  "$OV" --db "$PG" load "$f" >pg.load 2>&1; a=$?
  "$OV" --db "$SQ" load "$f" >sq.load 2>&1; b=$?
  [ "$a" -eq 0 ] && [ "$b" -eq 0 ] && pass || fail "load $f: exit $a (PostgreSQL) $b (SQLite): $(cat pg.load | head -5)"
  expect_same sq.load pg.load
done
# the same answers
both() { # both NAME ARGS...: the command on each backend, outputs in NAME.pg / NAME.sq
  n=$1; shift
  "$OV" --db "$PG" "$@" >"$n.pg" 2>&1; a=$?
  "$OV" --db "$SQ" "$@" >"$n.sq" 2>&1; b=$?
  [ "$a" -eq "$b" ] && pass || fail "$*: exit $a on PostgreSQL, $b on SQLite: $(head -c 300 "$n.pg")"
}
for cmd in "stats" "export --output-format statements" "export" "export --output-format plain" \
           "export --output-format delta --since 3" "get co-hikvision" "get co-sensetime" \
           "owners co-hikvision" "controllers co-hikvision" "typology" "typology --as-of 2020-01-01" \
           "exposure co-hikvision" "--format json get co-dahua" "get no-such-entity"; do
  # shellcheck disable=SC2086
  both out $cmd
  # each store has its own clock: the envelopes' dates come from its change log, and the
  # two loads of a file may fall in different seconds
  sed -i 's/[0-9-]*T[0-9:]*Z/TIME/g' out.sq out.pg
  expect_same out.sq out.pg
done
[ "$(wc -l < out.pg)" -ge 1 ] && pass || fail "no output"
"$OV" --db "$PG" export --output-format statements > st.pg
[ "$(wc -l < st.pg)" -gt 10000 ] && pass || fail "the statements export is short: $(wc -l < st.pg) lines"
# history: the same changes, but each store has its own clock
both hist history co-hikvision
sed 's/[0-9-]*T[0-9:]*Z/TIME/g' hist.pg > h.pg
sed 's/[0-9-]*T[0-9:]*Z/TIME/g' hist.sq > h.sq
expect_same h.sq h.pg
expect_contains h.pg "change "
# search: the same entities (the ranking is each backend's own)
for q in hikvision hik "Zhejiang Dahua" 海康 海 中国 电子 科 "海康威视" "ＺＴＥ" "sense time"; do
  "$OV" --db "$PG" search --limit 1000 "$q" | awk '{print $NF}' | sort > s.pg
  "$OV" --db "$SQ" search --limit 1000 "$q" | awk '{print $NF}' | sort > s.sq
  expect_same s.sq s.pg
done
"$OV" --db "$PG" search --limit 1000 海 | awk '{print $NF}' > s.pg
[ "$(wc -l < s.pg)" -ge 1 ] && pass || fail "a one-character Chinese query found nothing"
"$OV" --db "$PG" search --schema Company --limit 1000 china | awk '{print $NF}' | sort > s.pg
"$OV" --db "$SQ" search --schema Company --limit 1000 china | awk '{print $NF}' | sort > s.sq
expect_same s.sq s.pg

# all or nothing: an invalid record in the middle of a file leaves the store as it was
cat > bad.jsonl <<'J'
{"id":"x-1","schema":"Company","properties":{"name":["X One"]}}
{"id":"x-2","schema":"NoSuchSchema","properties":{"name":["Bad"]}}
{"id":"x-3","schema":"Company","properties":{"name":["X Three"]}}
J
"$OV" --db "$PG" stats > before.pg
both bad load bad.jsonl
expect_same bad.sq bad.pg
"$OV" --db "$PG" stats > after.pg
expect_same before.pg after.pg
expect_exit 3 "$OV" --db "$PG" get x-1
both skip load --skip-invalid bad.jsonl
expect_same skip.sq skip.pg
expect_exit 0 "$OV" --db "$PG" get x-3
both out export --output-format statements
expect_same out.sq out.pg

# tokens
expect_exit 0 "$OV" --db "$PG" token create alice
grep -q '^ovt_' "$WORK/out" && pass || fail "no token printed: $(cat "$WORK/out")"
expect_exit 0 "$OV" --db "$PG" token list
expect_contains "$WORK/out" "alice"
expect_exit 0 "$OV" --db "$PG" token revoke alice
expect_exit 3 "$OV" --db "$PG" token revoke alice

# the server on PostgreSQL answers an entity as the one on SQLite
OVERSIGHT_DB="$PG"; start_server pg
PGURL=${URL%/}
PGPID=$SERVER_PID
OVERSIGHT_DB="$SQ"; start_server sq
SQURL=${URL%/}
OVERSIGHT_DB="$WORK/test.db"
curl -sf "$PGURL/api/entities/co-hikvision" > e.pg && pass || fail "GET on the PostgreSQL server failed: $(cat "$WORK/pg.err")"
curl -sf "$SQURL/api/entities/co-hikvision" > e.sq
# the same entity, statements and change log (each store with its own clock)
sed 's/"at":"[^"]*"/"at":"T"/g' e.pg > e1.pg
sed 's/"at":"[^"]*"/"at":"T"/g' e.sq > e1.sq
expect_same e1.sq e1.pg
expect_contains e.pg '"id":"co-hikvision"'
curl -s -o /dev/null -w '%{http_code}' "$PGURL/api/entities/no-such" > code.pg
[ "$(cat code.pg)" = 404 ] && pass || fail "missing entity on PostgreSQL: HTTP $(cat code.pg)"
curl -sf "$PGURL/api/search?q=%E6%B5%B7" > q.pg && pass || fail "search through the PostgreSQL server failed"
expect_contains q.pg "co-hikvision"
kill "$PGPID" "$SERVER_PID" 2>/dev/null
wait "$PGPID" "$SERVER_PID" 2>/dev/null

# a refused connection and bad credentials: exit 4, the host named, never the password
expect_exit 4 "$OV" --db "postgresql://ov:hunter2-secret@127.0.0.1:1/ov?connect_timeout=5" stats
expect_contains "$WORK/err" "127.0.0.1"
expect_not_contains "$WORK/err" "hunter2"
BADPW="postgresql://ov:wrong-pw-777@/ov?host=$OV_PG_DIR"
PGPASSFILE=/nonexistent expect_exit 4 "$OV" --db "$BADPW" stats
expect_contains "$WORK/err" "$OV_PG_DIR"
expect_contains "$WORK/err" "password authentication failed"
expect_not_contains "$WORK/err" "wrong-pw-777"
# the standard environment: PGHOST and PGPASSFILE with a bare URL
PGHOST=$OV_PG_DIR PGUSER=ov PGDATABASE=ov PGOPTIONS="-csearch_path=seed" expect_exit 0 "$OV" --db "postgresql://" get co-hikvision
# OVERSIGHT_DB names the store as --db does
OVERSIGHT_DB="$PG" expect_exit 0 "$OV" get co-hikvision

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
