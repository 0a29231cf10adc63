#!/usr/bin/env python3
"""Precision and recall of `oversight xref` against the generator's planted duplicates.

    python3 bench/resolve/score.py TRUTH.tsv XREF.json [THRESHOLD...]

A planted pair is an original and its twin; twins of one original are duplicates of
each other too, so the truth is every pair inside each original's group. Prints JSON.
"""
import collections
import itertools
import json
import sys

groups = collections.defaultdict(set)
for line in open(sys.argv[1]):
    a, b = line.split()
    groups[a] |= {a, b}
truth = set()
for g in groups.values():
    truth |= {tuple(sorted(p)) for p in itertools.combinations(g, 2)}
pairs = json.load(open(sys.argv[2]))["pairs"]
out = {"truth_pairs": len(truth), "by_threshold": []}
for th in [float(x) for x in sys.argv[3:]] or [0.0]:
    got = {tuple(sorted((p["a"], p["b"]))) for p in pairs if p["score"] >= th}
    tp = len(got & truth)
    out["by_threshold"].append({"threshold": th, "proposed": len(got), "true": tp,
                                "precision": round(tp / max(1, len(got)), 4), "recall": round(tp / len(truth), 4)})
print(json.dumps(out))
