#!/usr/bin/env python3
"""Orders the 1,000 "who owns X" targets for the run (not timed):

    python3 bench/own/order_targets.py DATADIR

writes DATADIR/targets_run.txt: the targets with at most 1,000 ancestors
first, then those with more (the descendants of the strongly connected
core: oversight answers them in 0.1-0.5 s each at 10 M, the Python peers,
which solve a first return per cyclic holder by Gauss-Seidel, cannot and
leave them out, see BENCH_OWN_MAX_ANCESTORS), each group in the order of
targets.txt, as "id ancestors" lines. Every tool runs the queries in this
order, so all of them complete the same small queries first and the report
compares like with like over that common prefix. Standard library only.
"""
import csv
import sys

LIMIT = 1000


def main(argv):
    d = argv[1]
    targets = [line.strip() for line in open(d + "/targets.txt") if line.strip()]
    pred = {}
    with open(d + "/edges.csv", newline="") as f:
        r = csv.reader(f)
        next(r)
        for o, a, _, _ in r:
            p = pred.get(a)
            if p is None:
                pred[a] = [o]
            else:
                p.append(o)
    counts = {}
    for t in targets:
        seen = {t}
        stack = [t]
        while stack:
            v = stack.pop()
            for u in pred.get(v, ()):
                if u not in seen:
                    seen.add(u)
                    stack.append(u)
        counts[t] = len(seen) - 1
    small = [t for t in targets if counts[t] <= LIMIT]
    large = [t for t in targets if counts[t] > LIMIT]
    with open(d + "/targets_run.txt", "w") as f:
        for t in small + large:
            f.write("%s %d\n" % (t, counts[t]))
    print("order_targets: %d targets with at most %d ancestors first, then %d with more (up to %d)"
          % (len(small), LIMIT, len(large), max(counts.values()) if counts else 0))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
