#!/usr/bin/env python3
"""gen_load.py KIND N - generated FtM entities (JSON lines on stdout) for
tests/pg/test_pg_load.sh: loads into a store that holds data, with more
entities than one batch of the PostgreSQL backend (2,000), so that the
batched path meets every case. Synthetic: no real company or person is named.

  base N    N Companies, Persons and Ownerships
  update N  the same ids again: a third unchanged, a third with a new alias,
            a third with another claim of the same name (a new source); the
            entity "co-0" again after more than a batch (a second fragment
            in the same change), an adjacent repeat, LegalEntity fragments of
            Companies (the common schema stays Company), new entities between
  delta N   FtM delta lines: MOD (replace) of some, DEL of some, ADD of new ones
  more N    N new Companies (ids from 1,000,000), a fragment of an old one every 1,000
"""
import json
import signal
import sys

kind, n = sys.argv[1], int(sys.argv[2])
signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends us quietly
out = sys.stdout


def put(obj):
    out.write(json.dumps(obj, ensure_ascii=False) + "\n")


def company(i, extra=None):
    props = {"name": [f"Load Test Company {i}"], "jurisdiction": ["gb" if i % 2 else "fr"],
             "registrationNumber": [f"LT{i:08d}"]}
    for k, v in (extra or {}).items():
        props.setdefault(k, []).extend(v)
    return {"id": f"co-{i}", "schema": "Company", "properties": props}


def base(i):
    if i % 5 == 3:
        return {"id": f"pe-{i}", "schema": "Person", "properties": {"name": [f"Test Person {i}"], "nationality": ["gb"]}}
    if i % 5 == 4:
        return {"id": f"ow-{i}", "schema": "Ownership",
                "properties": {"owner": [f"pe-{i - 1}"], "asset": [f"co-{i - 2}"], "percentage": [str(i % 90 + 1)]}}
    return company(i)


if kind == "base":
    for i in range(n):
        put(base(i))
elif kind == "update":
    for i in range(n):
        e = base(i)
        if e["schema"] == "Company" and i % 3 == 1:
            e["properties"]["alias"] = [f"LTC {i}"]
        elif e["schema"] == "Company" and i % 3 == 2:
            e["properties"]["name"] = [f"Load Test Company {i}", f"Load Test Co. {i}"]
        elif e["schema"] == "Person" and i % 3 == 2:
            e["properties"]["nationality"] = ["fr"]
        put(e)
        if i == 10:
            put(e)  # an adjacent repeat
        if i % 97 == 5 and e["schema"] == "Company":
            put({"id": e["id"], "schema": "LegalEntity", "properties": {"email": [f"info{i}@example.org"]}})
        if i % 50 == 0:
            put(company(n + i))  # a new entity between
        if i == 2500:
            put(company(0, {"alias": ["Second fragment of co-0"]}))
elif kind == "delta":
    for i in range(n):
        e = base(i)
        if i % 7 == 0:
            if e["schema"] == "Company":
                e["properties"]["name"] = [f"Renamed Test Company {i}"]
            put({"op": "MOD", "entity": e})
        elif i % 11 == 0:
            put({"op": "DEL", "entity": {"id": e["id"], "schema": e["schema"], "properties": {}}})
    for i in range(n, n + 100):
        put({"op": "ADD", "entity": company(i)})
elif kind == "more":
    for i in range(1000000, 1000000 + n):
        put(company(i))
        if i % 1000 == 0:
            put(company(i % 3000, {"alias": [f"Alias from the large file {i}"]}))
else:
    sys.exit(f"gen_load.py: unknown kind {kind}")
