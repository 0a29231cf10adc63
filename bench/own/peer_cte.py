#!/usr/bin/python3
"""SQLite recursive-CTE peer of the "who owns X" queries (issue 4): each
target's owners, walked up the Ownership statements of the same store with a
cycle-guarded recursive CTE (a path string; a holder already on the path is
not entered again), summing the products of the minimum shares along every
simple path. Python's sqlite3 only runs the statement and times it.

    /usr/bin/python3 bench/own/peer_cte.py DB DATADIR

The store has no index on statement values, so a walk up from an asset would
scan every statement at each step; like an analyst would, the peer first
creates a partial index on the asset statements (timed separately as
"cte_index", dropped again at the end so the store is left as it was).

What it computes differs from ov_own_owners where the ancestors hold each
other in cycles (simple paths, not the integrated share with the holder's
first return divided out) and where one holding has parallel claims (each
claim is a path): the holder count is comparable exactly, the share sum only
on acyclic, single-claim ancestries. Queries stop when the budget
(BENCH_OWN_BUDGET seconds, default 60) is spent, including one in progress
(sqlite3 progress handler).
"""
import os
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import peer_common as pc  # noqa: E402

SHARE_MIN = """CASE WHEN p.value IS NULL THEN 0.0
  WHEN instr(p.value, '-') > 0 THEN CAST(substr(p.value, 1, instr(p.value, '-') - 1) AS REAL) / 100.0
  WHEN substr(p.value, -1) = '%' THEN CAST(substr(p.value, 1, length(p.value) - 1) AS REAL) / 100.0
  WHEN instr(p.value, '.') > 0 AND CAST(p.value AS REAL) <= 1.0 THEN CAST(p.value AS REAL)
  ELSE CAST(p.value AS REAL) / 100.0 END"""

WALK = """
WITH RECURSIVE walk(holder, share, depth, path) AS (
  SELECT :t, 1.0, 0, '|' || :t || '|'
  UNION ALL
  SELECT o.value, walk.share * ({share}), walk.depth + 1, walk.path || o.value || '|'
  FROM walk
  JOIN statement a ON a.prop = {asset} AND a.value = walk.holder
                      AND a.retired_in IS NULL AND a.status <> 4
  JOIN statement o ON o.eid = a.eid AND o.prop = {owner} AND o.retired_in IS NULL AND o.status <> 4
  LEFT JOIN statement p ON p.eid = a.eid AND p.prop = {pct} AND p.retired_in IS NULL AND p.status <> 4
  WHERE instr(walk.path, '|' || o.value || '|') = 0
)
SELECT holder, sum(share), min(depth) FROM walk WHERE depth > 0 GROUP BY holder
"""


def main(argv):
    if len(argv) < 3:
        sys.stderr.write("usage: peer_cte.py DB DATADIR\n")
        return 2
    db, d = argv[1], argv[2]
    targets, large = pc.read_targets(d + "/targets_run.txt")
    con = sqlite3.connect(db, isolation_level=None)
    print("start sqlite=%s" % sqlite3.sqlite_version, flush=True)
    props = dict(con.execute("SELECT name, id FROM prop WHERE name IN ('owner', 'asset', 'percentage')"))
    sql = WALK.format(share=SHARE_MIN, asset=props["asset"], owner=props["owner"], pct=props["percentage"])
    t0 = time.perf_counter()
    con.execute("CREATE INDEX IF NOT EXISTS bench_own_asset ON statement(value) WHERE prop = %d" % props["asset"])
    t1 = time.perf_counter()
    pc.emit("cte_index", t1 - t0)
    print("cte_plan " + " | ".join(r[3] for r in con.execute("EXPLAIN QUERY PLAN " + sql, {"t": targets[0]})),
          flush=True)

    deadline = [0.0]

    def progress():
        return 1 if time.perf_counter() > deadline[0] else 0

    con.set_progress_handler(progress, 20000)

    def query(t, dl):
        deadline[0] = dl
        try:
            rows = con.execute(sql, {"t": t}).fetchall()
        except sqlite3.OperationalError as e:
            if "interrupt" in str(e):
                raise pc.Timeout()
            raise
        direct = sum(1 for r in rows if r[2] == 1)
        return len(rows), direct, sum(r[1] for r in rows), 0.0

    try:
        pc.run_owners("owners", targets, query, large)
    finally:
        con.set_progress_handler(None, 0)
        con.execute("DROP INDEX IF EXISTS bench_own_asset")
        con.close()
    print("end peak_mib=%.1f" % pc.peak_mib(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
