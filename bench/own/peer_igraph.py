#!/usr/bin/python3
"""igraph peer of the ownership benchmark (issue 4): the same analyses as
bench/own/own_bench.c on the same graph (DATADIR/edges.csv), written the way
an analyst would with python-igraph (Debian python3-igraph): igraph for the
structure (components, topological order, BFS, induced subgraphs), Python for
the arithmetic over its adjacency lists. Semantics: bench/own/peer_common.py.

    /usr/bin/python3 bench/own/peer_igraph.py DATADIR [SKIP]
"""
import os
import sys
import time
from collections import deque

import igraph as ig

sys.path.insert(0, os.path.dirname(__file__))
import peer_common as pc  # noqa: E402


def main(argv):
    if len(argv) < 2:
        return pc.usage(argv[0])
    d = argv[1]
    skip = set(argv[2].split(",")) if len(argv) > 2 else set()
    seeds = pc.read_ids(d + "/seeds.txt")
    targets, large = pc.read_targets(d + "/targets_run.txt")
    print("start igraph=%s" % ig.__version__, flush=True)

    # build: vertex ids from names, one edge per holding (parallel claims merged)
    t0 = time.perf_counter()
    vid = {}
    pair = {}
    edges, known, lo, hi = [], [], [], []
    for o, a, k, mn, mx in pc.read_edges(d + "/edges.csv"):
        u = vid.setdefault(o, len(vid))
        v = vid.setdefault(a, len(vid))
        e = pair.get((u, v))
        if e is None:
            pair[(u, v)] = len(edges)
            edges.append((u, v))
            known.append(k)
            lo.append(mn if k else 0.0)
            hi.append(mx if k else 1.0)
        elif k:
            if not known[e]:
                known[e], lo[e], hi[e] = True, mn, mx
            else:
                lo[e] = min(lo[e], mn)
                hi[e] = max(hi[e], mx)
    del pair
    for s in seeds:
        vid.setdefault(s, len(vid))
    names = [None] * len(vid)
    for name, i in vid.items():
        names[i] = name
    g = ig.Graph(n=len(vid), edges=edges, directed=True)
    g.vs["name"] = names
    g.es["known"] = known
    g.es["lo"] = lo
    g.es["hi"] = hi
    del edges
    t1 = time.perf_counter()
    pc.emit("build", t1 - t0, nodes=g.vcount(), edges=g.ecount())
    n = g.vcount()
    src = [e[0] for e in g.get_edgelist()]
    dst = [e[1] for e in g.get_edgelist()]

    if "ultimate" not in skip:
        t0 = time.perf_counter()
        inc_in = g.get_inclist(mode="in")
        maj = []
        for v in range(n):
            for e in inc_in[v]:  # edge ids in insertion order
                if known[e] and lo[e] > 0.5 and src[e] != v:
                    maj.append(e)
                    break
        H = g.subgraph_edges(maj, delete_vertices=False)
        indeg = H.indegree()
        groups = []
        for comp in H.connected_components(mode="weak"):
            if len(comp) < 2:
                continue
            root = None
            for v in comp:
                if indeg[v] == 0:
                    root = v
                    break
            groups.append(([names[v] for v in comp], names[root] if root is not None else None))
        t1 = time.perf_counter()
        pc.emit("ultimate", t1 - t0, **pc.ultimate_checksums(groups))

    seed_ids = [vid[s] for s in seeds]
    is_seed = [False] * n
    for s in seed_ids:
        is_seed[s] = True
    if "holdings" not in skip:
        t0 = time.perf_counter()
        cl = g.connected_components(mode="strong")
        order = cl.cluster_graph().topological_sorting(mode="out")
        comps = list(cl)  # member lists (cl[c] would scan the membership each time)
        inc_in = g.get_inclist(mode="in")
        sums = []
        for w in (lo, hi):
            val = [1.0 if s else 0.0 for s in is_seed]

            def value(v):
                s = 0.0
                for e in inc_in[v]:
                    u = src[e]
                    if u != v:
                        s += w[e] * (1.0 if is_seed[u] else val[u])
                return s if s < 1.0 else 1.0

            for c in order:
                nodes = comps[c]
                if len(nodes) == 1:
                    v = nodes[0]
                    if not is_seed[v]:
                        val[v] = value(v)
                    continue
                for _ in range(pc.MAX_ITER):
                    delta = 0.0
                    for v in nodes:
                        if is_seed[v]:
                            continue
                        x = value(v)
                        delta = max(delta, abs(x - val[v]))
                        val[v] = x
                    if delta < pc.EPS:
                        break
            sums.append((sum(val), sum(1 for x in val if x > 0)))
        t1 = time.perf_counter()
        pc.emit("holdings", t1 - t0, seeds=len(seeds), sum_min=sums[0][0], sum_max=sums[1][0],
                nonzero_min=sums[0][1], nonzero_max=sums[1][1])

    if "ofac" not in skip:
        t0 = time.perf_counter()
        inc_out = g.get_inclist(mode="out")
        cls = [0] * n
        for w, c in ((lo, 1), (hi, 2)):
            ctrl = list(is_seed)
            agg = {}
            q = deque(seed_ids)
            while q:
                u = q.popleft()
                for e in inc_out[u]:
                    v = dst[e]
                    if ctrl[v]:
                        continue
                    a = agg.get(v, 0.0) + w[e]
                    agg[v] = a
                    if a >= 0.5 - 1e-12:
                        ctrl[v] = True
                        q.append(v)
            for v in range(n):
                if ctrl[v] and not is_seed[v] and not cls[v]:
                    cls[v] = c
        t1 = time.perf_counter()
        h = hc = 0
        nc = ncert = 0
        for v in range(n):
            if cls[v]:
                f = pc.fnv(names[v])
                h = (h + f) & pc.MASK
                nc += 1
                if cls[v] == 1:
                    hc = (hc + f) & pc.MASK
                    ncert += 1
        pc.emit("ofac", t1 - t0, seeds=len(seeds), controlled=nc, certain=ncert, possible=nc - ncert,
                hash="%016x" % h, hash_certain="%016x" % hc)

    if "owners" not in skip:
        inc_out = g.get_inclist(mode="out")

        def query(t, deadline):
            x = vid[t]
            order = g.bfs(x, mode="in")[0]  # the target and its ancestors, BFS order
            inset = set(order)
            outs = {}
            for k in order:
                outs[k] = [(dst[e], lo[e], hi[e]) for e in inc_out[k] if dst[e] in inset and dst[e] != k]
            comp = {}
            if len(order) > 1:
                sub = g.induced_subgraph(order)
                local = [vid[name] for name in sub.vs["name"]]
                pos = {k: i for i, k in enumerate(order)}
                for c in sub.connected_components(mode="strong"):
                    if len(c) > 1:
                        members = sorted((local[i] for i in c), key=pos.__getitem__)
                        for k in members:
                            comp[k] = members
            return pc.owners_numeric(x, order, outs, comp.get, deadline)

        pc.run_owners("owners", targets, query, large)

    print("end peak_mib=%.1f" % pc.peak_mib(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
