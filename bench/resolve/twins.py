#!/usr/bin/env python3
"""Duplicates and their judgements for the resolved-graph benchmark (issue 16).

    python3 bench/resolve/twins.py N_COMPANIES OUTDIR [SHARE]

For a share (default 0.01) of the companies co-0000001 ... of bench/own/gen_graph.py,
writes OUTDIR/twins.jsonl: a twin Company (tw-co-...) under the same name, as a second
source would record it, holding a stake in another company (so the twin carries edges
of its own), and OUTDIR/judgements.jsonl: a Judgement "same" of each company and its
twin (the resolved store loads both files, the unresolved one the twins only).
Deterministic (fixed seed).
"""
import json
import os
import random
import sys

n, out = int(sys.argv[1]), sys.argv[2]
share = float(sys.argv[3]) if len(sys.argv) > 3 else 0.01
os.makedirs(out, exist_ok=True)
r = random.Random(16)
picked = sorted(r.sample(range(1, n + 1), int(n * share)))
with open(os.path.join(out, "twins.jsonl"), "w") as t, open(os.path.join(out, "judgements.jsonl"), "w") as j:
    for k, c in enumerate(picked):
        cid, tid = "co-%07d" % c, "tw-co-%07d" % c
        t.write(json.dumps({"id": tid, "schema": "Company", "properties": {"name": [f"Company {c} (second source)"]}}) + "\n")
        asset = "co-%07d" % r.randint(1, n)
        t.write(json.dumps({"id": f"tw-own-{k}", "schema": "Ownership",
                            "properties": {"owner": [tid], "asset": [asset], "percentage": [f"{r.randint(5, 60)}%"]}}) + "\n")
        j.write(json.dumps({"id": f"jdg-bench-{k}", "schema": "Judgement", "properties": {
            "left": [cid], "right": [tid], "verdict": ["same"], "reason": ["bench: planted twin"],
            "author": ["bench/resolve/twins.py"], "date": ["2026-12-07"]}}) + "\n")
print(f"{len(picked)} twins")
