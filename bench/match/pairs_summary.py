#!/usr/bin/python3
"""Precision, recall and F1 per kind and split of pairs_eval.c's output, for
one or two runs (before, after). "org" is every kind but the people ones.
With the name label (pairs_eval's sixth column), also "same-name:<group>"
(the positives that are spellings of one name, with all negatives of the
group: P/R/F1) and "other-name:<group>" (positives that are other names of
the party: recall only; FP counts nothing)."""
import sys
from collections import defaultdict
PEOPLE = ("person", "person-ftm", "lookalike-person")
def tally(fn):
    t = defaultdict(lambda: [0, 0, 0, 0, 0])
    for line in open(fn, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        split, kind, label, m = f[:4]
        name = f[5] if len(f) > 5 else "-"
        label, m = int(label), int(m)
        group = "people" if kind in PEOPLE else "org"
        keys = [kind, "all", group]
        if len(f) > 5:
            if name != "other":
                keys += ["same-name:" + group, "same-name:all"]
            if name == "other":
                keys += ["other-name:" + group, "other-name:all"]
        for k in keys:
            x = t[(split, k)]
            x[4] += 1
            x[0 if label and m else 2 if label else 1 if m else 3] += 1
    return t
def prf(x):
    tp, fp, fn, _, _ = x
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)
runs = [tally(f) for f in sys.argv[1:]]
for split in ("dev", "held"):
    print(split)
    for k in sorted({k for s, k in runs[-1] if s == split}):
        cells = []
        for t in runs:
            x = t[(split, k)]
            cells.append("%.3f/%.3f/%.3f FP %d TP %d FN %d" % (prf(x) + (x[1], x[0], x[2])))
        print("%-18s %5d  %s" % (k, runs[-1][(split, k)][4], "  ->  ".join(cells)))
