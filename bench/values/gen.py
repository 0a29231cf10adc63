#!/usr/bin/env python3
"""One Company entity with N alias values, as FtM JSON lines (json) or as a
statements CSV (csv): the input of bench/values/run.sh (issue 20)."""
import json
import sys

n, fmt, path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
with open(path, "w") as out:
    if fmt == "json":
        vals = ["alias %08d" % i for i in range(n)]
        ent = {"id": "big", "schema": "Company", "properties": {"alias": vals}}
        out.write(json.dumps(ent, separators=(",", ":")) + "\n")
    else:
        out.write("entity_id,prop,schema,value\n")
        for i in range(n):
            out.write("big,alias,Company,alias %08d\n" % i)
