#!/usr/bin/env python3
"""The Python peer of `oversight load` for the load benchmark.

    python3 bench/py_loader.py DB IN.jsonl [DATASET]

DB must already hold the Oversight tables (`oversight --db DB init`). In one
transaction it drops the two secondary indexes (as `oversight load` does on an
empty store), writes one `entity` row per JSON line and one `statement` row
per property value, fills the dictionary tables those rows point at
(schema_name, prop, dataset), adds change 1 (kind 'load'), and creates the
indexes again. The dataset is the file's stem unless given. Plain json +
sqlite3, as anyone would write it: no batching tricks, no threads.
"""
import datetime
import json
import os
import sqlite3
import sys

# The PRAGMAs of the C loader's bulk path (src/store/store_sqlite.c); run.sh
# passes the same string to both peers.
PRAGMAS = os.environ.get("BENCH_PRAGMAS", "PRAGMA journal_mode=DELETE; PRAGMA synchronous=OFF; "
                         "PRAGMA cache_size=-262144;")


class Dictionary:
    """name -> id for one of the small tables (schema_name, prop, dataset)."""

    def __init__(self, cur, table):
        self.cur = cur
        self.table = table
        self.ids = {name: i for i, name in cur.execute("SELECT id, name FROM " + table)}

    def id(self, name):
        i = self.ids.get(name)
        if i is None:
            self.cur.execute("INSERT INTO %s (name) VALUES (?)" % self.table, (name,))
            i = self.cur.lastrowid
            self.ids[name] = i
        return i


def main(argv):
    if len(argv) < 3:
        sys.stderr.write("usage: py_loader.py DB IN.jsonl [DATASET]\n")
        return 2
    db_path, in_path = argv[1], argv[2]
    dataset_name = argv[3] if len(argv) > 3 else os.path.splitext(os.path.basename(in_path))[0]

    con = sqlite3.connect(db_path, isolation_level=None)
    cur = con.cursor()
    cur.executescript(PRAGMAS)
    cur.execute("BEGIN")
    # `oversight init` creates these indexes; like the C loader on an empty
    # store, drop them and build them once after the rows.
    cur.execute("DROP INDEX IF EXISTS entity_id")
    cur.execute("DROP INDEX IF EXISTS statement_eid")
    schemas = Dictionary(cur, "schema_name")
    props = Dictionary(cur, "prop")
    datasets = Dictionary(cur, "dataset")
    dataset = datasets.id(dataset_name)
    change = 1

    n_entities = 0
    n_statements = 0
    with open(in_path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            e = json.loads(line)
            properties = e.get("properties") or {}
            schema = schemas.id(e["schema"])
            names = properties.get("name")
            caption = names[0] if names else e["id"]
            cur.execute(
                "INSERT INTO entity (id, schema, caption, added_in, changed_in) "
                "VALUES (?, ?, ?, ?, ?)",
                (e["id"], schema, caption, change, change))
            eid = cur.lastrowid
            rows = []
            for prop, values in properties.items():
                p = props.id(prop)
                for value in values:
                    rows.append((eid, schema, p, value, dataset, change))
            cur.executemany(
                "INSERT INTO statement (eid, schema, prop, value, dataset, status, "
                "external, added_in) VALUES (?, ?, ?, ?, ?, 0, 0, ?)", rows)
            n_entities += 1
            n_statements += len(rows)

    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    cur.execute(
        "INSERT INTO change (id, at, kind, origin, dataset, entities, added) "
        "VALUES (?, ?, 'load', ?, ?, ?, ?)",
        (change, now, in_path, dataset_name, n_entities, n_statements))
    cur.execute("CREATE UNIQUE INDEX IF NOT EXISTS entity_id ON entity(id)")
    cur.execute("CREATE INDEX IF NOT EXISTS statement_eid ON statement(eid)")
    cur.execute("COMMIT")
    con.close()
    print("py_loader: %d entities, %d statements" % (n_entities, n_statements))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
