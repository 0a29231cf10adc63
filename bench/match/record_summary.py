#!/usr/bin/python3
"""Precision, recall and F1 per kind and split of record_eval.c's output
(the record setting, docs/MATCHING.md). A positive whose top match is a wrong
party counts as an FP and an FN. "org" and "people" total the kinds.
  python3 bench/match/record_summary.py scored.tsv [--errors SPLIT]"""
import sys
from collections import defaultdict
t = defaultdict(lambda: [0, 0, 0, 0, 0])  # tp fp fn tn n
errors = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "--errors" else None
for line in open(sys.argv[1], encoding="utf-8"):
    split, kind, q, outcome, own, other, oid, pid, name = line.rstrip("\n").split("\t")
    group = "people" if "person" in kind else "org"
    for k in (kind, group, "all"):
        x = t[(split, k)]
        x[4] += 1
        if outcome == "TP": x[0] += 1
        if outcome in ("FP+FN", "FP"): x[1] += 1
        if outcome in ("FP+FN", "FN"): x[2] += 1
        if outcome == "TN": x[3] += 1
    if errors == split and outcome not in ("TP", "TN"):
        print("ERR %-6s %-16s own %s other %s %-14s | %s | %s" % (outcome, kind, own, other, oid, pid, name))
def prf(x):
    tp, fp, fn = x[0], x[1], x[2]
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)
for split in ("dev", "held", "fresh"):
    keys = sorted(k for s, k in t if s == split)
    if not keys:
        continue
    print(split)
    print("%-24s %6s %5s %5s %5s %5s  %s" % ("kind", "names", "TP", "FP", "FN", "TN", "P / R / F1"))
    for k in keys:
        x = t[(split, k)]
        print("%-24s %6d %5d %5d %5d %5d  %.3f / %.3f / %.3f" % ((k, x[4], x[0], x[1], x[2], x[3]) + prf(x)))
