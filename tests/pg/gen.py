#!/usr/bin/env python3
"""gen.py N PREFIX [SHARED_ALIAS] - N generated FtM Company entities as JSON
lines on stdout (ids PREFIX-0 ...), for the PostgreSQL concurrency and fault
tests; with SHARED_ALIAS, first an entity "shared" that every such file
states, each with its own alias. Synthetic: no real company is named."""
import json
import sys

n, prefix = int(sys.argv[1]), sys.argv[2]
out = sys.stdout
if len(sys.argv) > 3:
    out.write(json.dumps({"id": "shared", "schema": "Company",
                          "properties": {"name": ["Shared Test Company"], "alias": [sys.argv[3]]}}) + "\n")
for i in range(n):
    out.write(json.dumps({"id": f"{prefix}-{i}", "schema": "Company",
                          "properties": {"name": [f"{prefix} Test Company {i}"],
                                         "jurisdiction": ["gb" if i % 2 else "fr"],
                                         "registrationNumber": [f"{prefix.upper()}{i:08d}"]}}) + "\n")
