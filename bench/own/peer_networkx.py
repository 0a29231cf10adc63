#!/usr/bin/python3
"""networkx peer of the ownership benchmark (issue 4): the same analyses as
bench/own/own_bench.c on the same graph (DATADIR/edges.csv), written the way
an analyst would with networkx (Debian python3-networkx), printing the same
checksums. Semantics: bench/own/peer_common.py.

    /usr/bin/python3 bench/own/peer_networkx.py DATADIR [SKIP]
"""
import sys
import time
from collections import deque

import networkx as nx

sys.path.insert(0, __import__("os").path.dirname(__file__))
import peer_common as pc  # noqa: E402


def main(argv):
    if len(argv) < 2:
        return pc.usage(argv[0])
    d = argv[1]
    skip = set(argv[2].split(",")) if len(argv) > 2 else set()
    seeds = pc.read_ids(d + "/seeds.txt")
    targets, large = pc.read_targets(d + "/targets_run.txt")
    print("start networkx=%s" % nx.__version__, flush=True)

    # build: one DiGraph edge per holding, parallel claims merged into its band
    t0 = time.perf_counter()
    G = nx.DiGraph()
    adj = G.adj
    for o, a, known, lo, hi in pc.read_edges(d + "/edges.csv"):
        nbr = adj.get(o)
        if nbr is not None and a in nbr:
            band = nbr[a]["band"]
            pc.merge_claim(band, known, lo, hi)
        else:
            G.add_edge(o, a, band=[known, lo, hi] if known else [False, 0.0, 1.0])
    G.add_nodes_from(seeds)
    t1 = time.perf_counter()
    pc.emit("build", t1 - t0, nodes=G.number_of_nodes(), edges=G.number_of_edges())

    if "ultimate" not in skip:
        t0 = time.perf_counter()
        # the majority owner of each node (the first holding whose band is above half)
        H = nx.DiGraph()
        for v, preds in G.pred.items():
            for u, data in preds.items():
                b = data["band"]
                if b[0] and b[1] > 0.5 and u != v:
                    H.add_edge(u, v)
                    break
        # each weak component of H has one root (in-degree 0) or one cycle
        groups = []
        for comp in nx.weakly_connected_components(H):
            root = None
            for v in comp:
                if H.in_degree(v) == 0:
                    root = v
                    break
            groups.append((comp, root))
        t1 = time.perf_counter()
        pc.emit("ultimate", t1 - t0, **pc.ultimate_checksums(groups))

    seed_set = set(seeds)
    if "holdings" not in skip:
        t0 = time.perf_counter()
        C = nx.condensation(G)
        members = C.graph["mapping"]  # node -> component
        comp_nodes = nx.get_node_attributes(C, "members")
        order = list(nx.topological_sort(C))
        pred = G.pred
        sums = []
        for pick in (1, 2):
            val = {}

            def value(v):
                s = 0.0
                for u, data in pred[v].items():
                    if u == v:
                        continue
                    s += data["band"][pick] * (1.0 if u in seed_set else val.get(u, 0.0))
                return s if s < 1.0 else 1.0

            for c in order:
                nodes = comp_nodes[c]
                if len(nodes) == 1:
                    (v,) = nodes
                    val[v] = 1.0 if v in seed_set else value(v)
                    continue
                for v in nodes:
                    val[v] = 1.0 if v in seed_set else 0.0
                for _ in range(pc.MAX_ITER):
                    delta = 0.0
                    for v in nodes:
                        if v in seed_set:
                            continue
                        x = value(v)
                        delta = max(delta, abs(x - val[v]))
                        val[v] = x
                    if delta < pc.EPS:
                        break
            sums.append((sum(val.values()), sum(1 for x in val.values() if x > 0)))
        del members
        t1 = time.perf_counter()
        pc.emit("holdings", t1 - t0, seeds=len(seeds), sum_min=sums[0][0], sum_max=sums[1][0],
                nonzero_min=sums[0][1], nonzero_max=sums[1][1])

    if "ofac" not in skip:
        t0 = time.perf_counter()
        cls = {}
        succ = G.succ
        for pick in (1, 2):
            ctrl = set(seed_set)
            agg = {}
            q = deque(seeds)
            while q:
                u = q.popleft()
                for v, data in succ[u].items():
                    if v in ctrl:
                        continue
                    a = agg.get(v, 0.0) + data["band"][pick]
                    agg[v] = a
                    if a >= 0.5 - 1e-12:
                        ctrl.add(v)
                        q.append(v)
            for v in ctrl:
                if v not in seed_set and v not in cls:
                    cls[v] = pick
        t1 = time.perf_counter()
        certain = [v for v, c in cls.items() if c == 1]
        h = hc = 0
        for v in cls:
            h = (h + pc.fnv(v)) & pc.MASK
        for v in certain:
            hc = (hc + pc.fnv(v)) & pc.MASK
        pc.emit("ofac", t1 - t0, seeds=len(seeds), controlled=len(cls), certain=len(certain),
                possible=len(cls) - len(certain), hash="%016x" % h, hash_certain="%016x" % hc)

    if "owners" not in skip:
        def query(t, deadline):
            # ancestors in BFS order (owners first, then their owners ...)
            order = [t] + [u for _, u in nx.bfs_edges(G, t, reverse=True)]
            inset = set(order)
            outs = {}
            for k in order:
                outs[k] = [(j, data["band"][1], data["band"][2]) for j, data in G.succ[k].items()
                           if j in inset and j != k]
            sub = G.subgraph(order)
            comp = {}
            for c in nx.strongly_connected_components(sub):
                if len(c) > 1:
                    ordered = [k for k in order if k in c]
                    for k in c:
                        comp[k] = ordered
            return pc.owners_numeric(t, order, outs, comp.get, deadline)

        pc.run_owners("owners", targets, query, large)

    print("end peak_mib=%.1f" % pc.peak_mib(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
