"""Shared by bench/own/peer_networkx.py and peer_igraph.py: inputs, checksums,
output lines, and the numeric parts that no graph library provides (the
library supplies structure: adjacency, ancestors, BFS, components,
topological order). Only the Python standard library here.

The semantics are those of src/own:
- parallel claims about one (owner, asset) pair are one holding whose band
  spans the claims that state a share; a pair with no stated share is 0..1;
- a majority owner holds a band whose minimum is above 50 %;
- integrated holdings of a seed set: seeds hold themselves (1); every other
  node sums w * (owner is a seed ? 1 : value(owner)) over its owners, capped
  at 1; Gauss-Seidel to 1e-13 inside cycles (at most 1000 sweeps);
- OFAC: a fixed point from the seeds, holdings of controlled owners add up,
  >= 50 % controls; once at the bands' minimum (certain), once at the
  maximum (possible);
- who owns X: every ancestor h, T_h = sum over walks h -> X of the products
  of shares (x_k = sum_{k->j} w (1[j = X] + x_j)), times (1 - F_hh) for
  holders on a cycle, F_hh being the first-return share; where the shares
  around a cycle sum to 100 % or more (F_hh >= 1) the sums diverge and the
  holders reaching X through it count 1 (unbounded, capped).
"""
import csv
import os
import resource
import sys
import time

MAX_ITER = 1000
EPS = 1e-13
MASK = (1 << 64) - 1


class Timeout(Exception):
    pass


def fnv(s):
    h = 1469598103934665603
    for b in s.encode():
        h ^= b
        h = (h * 1099511628211) & MASK
    return h


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def emit(name, seconds, **kv):
    parts = ["%s seconds=%.3f" % (name, seconds)]
    for k, v in kv.items():
        if isinstance(v, float):
            parts.append("%s=%.9f" % (k, v))
        else:
            parts.append("%s=%s" % (k, v))
    parts.append("peak_mib=%.1f" % peak_mib())
    print(" ".join(parts), flush=True)


def read_ids(path):
    with open(path) as f:
        return [line.split()[0] for line in f if line.strip()]


def read_targets(path):
    """targets_run.txt: "id ancestors" lines; those with more than
    BENCH_OWN_MAX_ANCESTORS (default 1000, -1 = no limit) are left out, as
    own_bench does. Returns (targets, number left out)."""
    cap = int(os.environ.get("BENCH_OWN_MAX_ANCESTORS", "1000"))
    keep, large = [], 0
    with open(path) as f:
        for line in f:
            p = line.split()
            if not p:
                continue
            if cap >= 0 and len(p) > 1 and int(p[1]) > cap:
                large += 1
                continue
            keep.append(p[0])
    return keep, large


def read_edges(path):
    """Yields (owner, asset, known, lo, hi) per Ownership row."""
    with open(path, newline="") as f:
        r = csv.reader(f)
        next(r)
        for o, a, mn, mx in r:
            if mn == "":
                yield o, a, False, 0.0, 1.0
            else:
                yield o, a, True, float(mn), float(mx)


def merge_claim(band, known, lo, hi):
    """band = [known, lo, hi] of a pair; a new claim widens it (known shares win)."""
    if not known:
        return
    if not band[0]:
        band[0], band[1], band[2] = True, lo, hi
        return
    if lo < band[1]:
        band[1] = lo
    if hi > band[2]:
        band[2] = hi


def ultimate_checksums(groups):
    """groups: iterable of (members, root or None when the group ends in a cycle).
    Returns the counts and hash own_bench prints."""
    with_parent = in_cycle = roots = 0
    h = 0
    for members, root in groups:
        if len(members) < 2:
            continue
        roots += 1
        with_parent += len(members) - 1
        if root is None:
            in_cycle += len(members)
            continue
        fr = fnv(root)
        for v in members:
            if v != root:
                h = (h + fnv(v) * 1000003 + fr) & MASK
    return dict(with_parent=with_parent, in_cycle=in_cycle, roots=roots, hash="%016x" % h)


def solve(order, outs, target, pick, stop, deadline):
    """Gauss-Seidel on x_k = sum_{k->j} w * (stop ? (j == target ? 1 : x_j)
    : 1[j == target] + x_j); outs[k] = [(j, lo, hi)]; pick 1 = lo, 2 = hi."""
    x = dict.fromkeys(order, 0.0)
    for _ in range(MAX_ITER):
        if time.perf_counter() > deadline:
            raise Timeout()
        delta = 0.0
        for k in order:
            v = 0.0
            for e in outs[k]:
                j = e[0]
                if stop:
                    v += e[pick] * (1.0 if j == target else x[j])
                else:
                    v += e[pick] * ((1.0 if j == target else 0.0) + x[j])
            if v > 1e6:
                v = 1e6
            d = abs(v - x[k])
            if d > delta:
                delta = d
            x[k] = v
        if delta < EPS:
            break
    return x


def owners_numeric(target, order, outs, comp_members, deadline):
    """order: the target's ancestors, target first, in BFS order; outs[k]: the
    holdings of k inside that set as (j, lo, hi); comp_members(k): the members
    of k's strongly connected component inside the set (a list, BFS order)
    when it has more than one, else None. Returns (holders, direct, sum_min, sum_max).

    A component whose first-return shares reach 1 diverges (its shares around
    the cycles sum to 100 % or more): every holder reaching the target through
    it, along holdings with a positive share, is unbounded and counts 1 (the
    cap), as in src/own/solve.c."""
    xmin = solve(order, outs, target, 1, False, deadline)
    xmax = solve(order, outs, target, 2, False, deadline)
    f = {1: {}, 2: {}}
    unb = {1: set(), 2: set()}
    done = set()
    for k in order:
        members = comp_members(k)
        if not members or k in done:
            continue
        done.update(members)
        members_set = set(members)
        sub = {m: [e for e in outs[m] if e[0] in members_set] for m in members}
        for pick in (1, 2):
            for m in members:
                if m == target:
                    continue
                z = solve(members, sub, m, pick, True, deadline)
                f[pick][m] = z[m]
            if any(v >= 1.0 for m, v in f[pick].items() if m in members_set):
                unb[pick].update(members)
    for pick in (1, 2):
        if not unb[pick]:
            continue
        pred = {}
        for k in order:
            for e in outs[k]:
                if e[pick] > 0:
                    pred.setdefault(e[0], []).append(k)
        stack = list(unb[pick])
        while stack:
            j = stack.pop()
            for k in pred.get(j, ()):
                if k not in unb[pick]:
                    unb[pick].add(k)
                    stack.append(k)
    holders = direct = 0
    smin = smax = 0.0
    for k in order:
        if k == target:
            continue
        holders += 1
        tmin, tmax = xmin[k], xmax[k]
        if k in f[1]:
            tmin *= 1.0 - f[1][k]
            tmax *= 1.0 - f[2][k]
        smin += 1.0 if k in unb[1] or tmin >= 1.0 else tmin
        smax += 1.0 if k in unb[2] or tmax >= 1.0 else tmax
        for e in outs[k]:
            if e[0] == target:
                direct += 1
                break
    return holders, direct, smin, smax


def budget():
    return float(os.environ.get("BENCH_OWN_BUDGET", "60"))


def run_owners(name, targets, query, skipped_large=0):
    """Runs query(target, deadline) -> (holders, direct, smin, smax) for each
    target until the budget is spent; writes per-query lines when
    OWN_BENCH_QUERIES is set; prints the owners line."""
    b = budget()
    qpath = os.environ.get("OWN_BENCH_QUERIES")
    qf = open(qpath, "w") if qpath else None
    holders = direct = done = 0
    smin = smax = 0.0
    worst = 0.0
    t0 = time.perf_counter()
    deadline = t0 + b
    for i, t in enumerate(targets):
        if time.perf_counter() - t0 >= b:
            break
        q0 = time.perf_counter()
        try:
            h, d, a, c = query(t, deadline)
        except Timeout:
            break
        q = time.perf_counter() - q0
        worst = max(worst, q)
        done += 1
        holders += h
        direct += d
        smin += a
        smax += c
        if qf:
            qf.write("%d %s 0 %d %d %.9f %.9f %.6f\n" % (i, t, h, d, a, c, q))
            qf.flush()
    t1 = time.perf_counter()
    if qf:
        qf.close()
    emit("owners", t1 - t0, queries=len(targets), skipped_large=skipped_large, done=done, budget="%.0f" % b, holders=holders, direct=direct,
         sum_min=smin, sum_max=smax, worst_ms="%.3f" % (worst * 1e3))


def usage(prog):
    sys.stderr.write("usage: %s DATADIR [SKIP]   (DATADIR holds edges.csv, seeds.txt, targets.txt)\n" % prog)
    return 2
