#!/usr/bin/env python3
"""Converts the benchmark JSONL into the CSV rows the `sqlite3 .import` peer
loads: exactly the rows py_loader.py (and `oversight load`) write, with the
integer ids precomputed.

    python3 bench/to_statement_csv.py IN.jsonl OUTDIR [--db FRESH.db] [--dataset NAME]

Writes OUTDIR/{dataset,schema_name,prop,entity,statement,change}.csv, each
with a header line and one column per table column, in table order. The
dictionary ids are assigned as py_loader.py assigns them: names already in
FRESH.db's dictionary tables keep their ids, new ones get max(id)+1 in
first-seen order (the dataset first, then schemata and properties as they
appear). Only the new dictionary rows are written. Empty fields stand for
NULL (`.import` stores them as '' - zero payload bytes either way).

This conversion is not timed by the benchmark; only the import is.
"""
import csv
import datetime
import json
import os
import sqlite3
import sys

ENTITY_COLS = ["eid", "id", "schema", "caption", "first_seen", "last_seen", "last_change",
               "target", "datasets", "referents", "added_in", "changed_in", "retired_in"]
STATEMENT_COLS = ["sid", "eid", "schema", "prop", "value", "lang", "original", "dataset",
                  "citation", "status", "first_seen", "last_seen", "src_id", "origin",
                  "external", "added_in", "retired_in"]
CHANGE_COLS = ["id", "at", "kind", "origin", "dataset", "note", "entities", "added", "retired"]


class Dictionary:
    def __init__(self, existing):
        self.ids = dict(existing)
        self.next = max(self.ids.values(), default=0) + 1
        self.new = []

    def id(self, name):
        i = self.ids.get(name)
        if i is None:
            i = self.next
            self.next += 1
            self.ids[name] = i
            self.new.append((i, name))
        return i


def existing_rows(db, table):
    if db is None:
        return []
    con = sqlite3.connect(db)
    try:
        return [(name, i) for i, name in con.execute("SELECT id, name FROM " + table)]
    finally:
        con.close()


def writer(path):
    f = open(path, "w", encoding="utf-8", newline="")
    return f, csv.writer(f, lineterminator="\n")


def main(argv):
    args = argv[1:]
    db = dataset_name = None
    pos = []
    while args:
        a = args.pop(0)
        if a == "--db":
            db = args.pop(0)
        elif a == "--dataset":
            dataset_name = args.pop(0)
        else:
            pos.append(a)
    if len(pos) != 2:
        sys.stderr.write("usage: to_statement_csv.py IN.jsonl OUTDIR [--db FRESH.db] [--dataset NAME]\n")
        return 2
    in_path, out_dir = pos
    if dataset_name is None:
        dataset_name = os.path.splitext(os.path.basename(in_path))[0]
    os.makedirs(out_dir, exist_ok=True)

    schemas = Dictionary(existing_rows(db, "schema_name"))
    props = Dictionary(existing_rows(db, "prop"))
    datasets = Dictionary(existing_rows(db, "dataset"))
    dataset = datasets.id(dataset_name)
    change = 1

    ef, ew = writer(os.path.join(out_dir, "entity.csv"))
    sf, sw = writer(os.path.join(out_dir, "statement.csv"))
    ew.writerow(ENTITY_COLS)
    sw.writerow(STATEMENT_COLS)
    eid = 0
    sid = 0
    with open(in_path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            e = json.loads(line)
            properties = e.get("properties") or {}
            schema = schemas.id(e["schema"])
            names = properties.get("name")
            caption = names[0] if names else e["id"]
            eid += 1
            ew.writerow([eid, e["id"], schema, caption, "", "", "", "", "", "", change, change, ""])
            for prop, values in properties.items():
                p = props.id(prop)
                for value in values:
                    sid += 1
                    sw.writerow([sid, eid, schema, p, value, "", "", dataset, "", 0, "", "", "",
                                 "", 0, change, ""])
    ef.close()
    sf.close()

    for table, d in (("dataset", datasets), ("schema_name", schemas), ("prop", props)):
        f, w = writer(os.path.join(out_dir, table + ".csv"))
        w.writerow(["id", "name"])
        w.writerows(d.new)
        f.close()
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    f, w = writer(os.path.join(out_dir, "change.csv"))
    w.writerow(CHANGE_COLS)
    w.writerow([change, now, "load", in_path, dataset_name, "", eid, sid, 0])
    f.close()
    print("to_statement_csv: %d entities, %d statements" % (eid, sid))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
