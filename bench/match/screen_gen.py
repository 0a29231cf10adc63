#!/usr/bin/python3
"""The 1 M store of the screening benchmark, from gen.py's entities and queries.
screen_gen.py DIR ROWS -> DIR/store.jsonl (the entities of DIR/entities.tsv as FtM
entities, and a Sanction for one entity in a hundred, so that matches have list
entries to report) and DIR/screen.csv (ROWS vendor rows from DIR/queries.tsv).
Deterministic."""
import json, sys, os
d, rows = sys.argv[1], int(sys.argv[2])
with open(os.path.join(d, "entities.tsv")) as f, open(os.path.join(d, "store.jsonl"), "w") as out:
    for line in f:
        eid, schema, cc, names = line.rstrip("\n").split("\t")
        names = names.split("|")
        props = {"name": names[:1], "country": [cc]}
        if len(names) > 1:
            props["alias"] = names[1:]
        out.write(json.dumps({"id": eid, "schema": schema, "properties": props}, ensure_ascii=False) + "\n")
        if int(eid[1:]) % 100 == 0:
            out.write(json.dumps({"id": eid + "-sanction", "schema": "Sanction",
                                  "properties": {"entity": [eid], "program": ["Synthetic list"],
                                                 "startDate": ["2024-01-01"]}}) + "\n")
with open(os.path.join(d, "queries.tsv")) as f, open(os.path.join(d, "screen.csv"), "w") as out:
    out.write("name\n")
    for i, line in enumerate(f):
        if i >= rows:
            break
        q = line.split("\t")[0].replace('"', '""')
        out.write(f'"{q}"\n')
