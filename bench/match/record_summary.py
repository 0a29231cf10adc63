#!/usr/bin/python3
"""Precision, recall and F1 per kind and split of record_eval.c's output
(the record setting, docs/MATCHING.md). A positive whose top match is a wrong
party counts as an FP and an FN. "org" and "people" total the kinds.
  python3 bench/match/record_summary.py scored.tsv [--errors SPLIT] [--labels LABELS.tsv ...]
--labels (tests/fixtures/names/fresh4_labels.tsv: party id, name, label
same/other/neg, exact yes/no) adds, for the splits it labels, the groups
"same-name" (the same-name positives with all the negatives; also apart for
org and people, and without the names a right party already holds exactly,
"same-name not-exact") and "other-name" (the other-name positives: recall).
--labels may be given more than once (fresh5_labels.tsv and the local
fresh5_local_labels.tsv). A labels file with two more columns, variant and
script (fresh5's), adds for people the groups "people script:S" and
"people variant:V" (the negatives in them are their native and unidecode
names). A labels file with a seventh column, the look-alike kind of a
negative (fresh6's), adds for its split the groups "org variant:V" (the
positives per kind of difference: case-punct, legal-form, typo ...) and "org
lookalike:K" (the negatives per look-alike kind: country, one-letter, short,
cn-industry, business, listed). A file listed by record_eval --list (outcome
"-") is counted, not scored: its groups print "not scored"."""
import sys
from collections import defaultdict
t = defaultdict(lambda: [0, 0, 0, 0, 0, 0])  # tp fp fn tn n, n scored (record_eval --list: none)
args = sys.argv[2:]
errors = None
labels_paths = []
while args:
    if args[0] == "--errors" and len(args) > 1:
        errors, args = args[1], args[2:]
    elif args[0] == "--labels" and len(args) > 1:
        labels_paths.append(args[1])
        args = args[2:]
    else:
        sys.exit("usage: record_summary.py scored.tsv [--errors SPLIT] [--labels LABELS.tsv ...]")
labels = {}
for labels_path in labels_paths:
    for n, line in enumerate(open(labels_path, encoding="utf-8"), 1):
        if line.startswith("#"):
            continue
        f = line.rstrip("\n").split("\t")
        if len(f) not in (4, 6, 7) or f[2] not in ("same", "other", "neg") or f[3] not in ("yes", "no"):
            sys.exit("%s:%d: want party id, name, same/other/neg, yes/no [, variant, script [, look-alike kind]]"
                     % (labels_path, n))
        labels[(f[0], f[1])] = (f[2], f[3] == "yes") + tuple(f[4:])
labels_path = ", ".join(labels_paths)
unlabelled = 0
for line in open(sys.argv[1], encoding="utf-8"):
    split, kind, q, outcome, own, other, oid, pid, name = line.rstrip("\n").split("\t")
    group = "people" if "person" in kind else "org"
    keys = [kind, group, "all"]
    if labels and split.startswith(("fresh4", "fresh5", "fresh6")):
        lab = labels.get((pid, name))
        if lab is None:
            unlabelled += 1
        elif lab[0] == "other":
            keys += ["other-name"]
        else:  # a same-name positive or a negative
            keys += ["same-name", "same-name " + group] + ([] if lab[1] else ["same-name not-exact"])
        if lab is not None and len(lab) == 4 and group == "people":
            keys += ["people script:" + lab[3], "people variant:" + lab[2]]
        if lab is not None and len(lab) == 5:  # fresh6: positives per variant, negatives per look-alike kind
            keys += ["org lookalike:" + lab[4]] if lab[0] == "neg" else ["org variant:" + lab[2]]
    for k in keys:
        x = t[(split, k)]
        x[4] += 1
        x[5] += outcome != "-"
        if outcome == "TP": x[0] += 1
        if outcome in ("FP+FN", "FP"): x[1] += 1
        if outcome in ("FP+FN", "FN"): x[2] += 1
        if outcome == "TN": x[3] += 1
    if errors == split and outcome not in ("TP", "TN"):
        print("ERR %-6s %-16s own %s other %s %-14s | %s | %s" % (outcome, kind, own, other, oid, pid, name))
if unlabelled:
    sys.exit("%s: %d queries of a labelled split have no label" % (labels_path, unlabelled))
def prf(x):
    tp, fp, fn = x[0], x[1], x[2]
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)
for split in ("dev", "held", "fresh", "fresh4", "fresh5", "fresh6"):
    keys = sorted(k for s, k in t if s == split)
    if not keys:
        continue
    w = max([24] + [len(k) for k in keys])  # fresh5's people groups are longer than 24
    print(split)
    print("%-*s %6s %5s %5s %5s %5s  %s" % (w, "kind", "names", "TP", "FP", "FN", "TN", "P / R / F1"))
    for k in keys:
        x = t[(split, k)]
        if not x[5]:  # listed by record_eval --list, not scored
            print("%-*s %6d %5s %5s %5s %5s  not scored" % (w, k, x[4], "-", "-", "-", "-"))
            continue
        print("%-*s %6d %5d %5d %5d %5d  %.3f / %.3f / %.3f" % ((w, k, x[4], x[0], x[1], x[2], x[3]) + prf(x)))
