#!/bin/sh
# Crash tests (issue 20): kill -9 at random points of first and later loads,
# 20 times; after each, with no write in between, every read command works
# and shows the store before or after the load (never a mix), integrity_check
# is ok, the journal mode is still WAL, and the load run again completes.
# The driver is tests/cli/crash.py (OV_CRASH_SEED repeats a run). Then a hot
# rollback journal (an older Oversight killed in its bulk build): reads work.
. "$(dirname "$0")/lib.sh"
if python3 "$(dirname "$0")/crash.py"; then pass; else fail "crash tests"; fi

# A hot rollback journal, as an older Oversight (whose bulk build switched to
# journal_mode=DELETE) or another program leaves when killed in a write: the
# read commands open the store read-only and must still work (they let a
# read-write connection roll it back first), with the record as before.
export OVERSIGHT_DB="$WORK/hot.db"
"$OV" init >/dev/null
"$OV" load --dataset cases "$FIXTURES/own/cases.ijson" >/dev/null
"$OV" --format json stats >before.json
python3 - "$OVERSIGHT_DB" <<'PY'
import os, signal, sqlite3, sys
db = sys.argv[1]
pid = os.fork()
if pid == 0:
    c = sqlite3.connect(db, isolation_level=None)
    c.execute("PRAGMA journal_mode=DELETE")
    c.execute("PRAGMA cache_size=1")  # spill: the main file is written before the commit
    c.execute("BEGIN IMMEDIATE")
    c.execute("DELETE FROM statement")
    for i in range(2000):
        c.execute("INSERT INTO citation(source, locator) VALUES (?, ?)", (f"s{i}" * 50, str(i)))
    os.kill(os.getpid(), signal.SIGKILL)
os.waitpid(pid, 0)
PY
if [ -s "$OVERSIGHT_DB-journal" ]; then pass; else fail "the setup left no hot journal"; fi
expect_exit 0 "$OV" get co-a
"$OV" --format json stats >after.json
expect_same before.json after.json
expect_exit 0 "$OV" search Company
finish
