#!/usr/bin/env python3
"""Registry-like ownership graphs for the ownership benchmark (issue 4).

    python3 bench/own/gen_graph.py N OUTDIR --db DB [--jsonl FILE]

Deterministic (fixed seed, the same bytes for the same N). Writes:

  DB            the Oversight store: DB must exist and be empty, made by
                `oversight --db DB init`; the rows are written directly into
                its tables (entity, statement, schema_name, prop, dataset,
                change), as bench/py_loader.py does, then its two indexes are
                built. The FTS5 search table is left empty (no analysis reads it).
  OUTDIR/edges.csv    owner_id,asset_id,min_share,max_share: one row per
                Ownership entity (parallel claims are separate rows); empty
                shares = no percentage stated. The shares are what the C
                parser (src/graph/share.c) reads from the percentage text.
  OUTDIR/seeds.txt    10,000 seed ids (sanctioned-like: persons with
                holdings, companies, a few public bodies)
  OUTDIR/targets.txt  1,000 company ids with at least one owner
  OUTDIR/meta.json    counts
  --jsonl FILE  also the same entities as FtM JSON lines (for checking that
                `oversight load` of them gives the same graph; small N only)

The graph: N companies (co-0000001 ...), N/5 persons (pe-...), 300 public
bodies (pb-...). Each company gets 0..6 owners by a registry-like pattern
(a sole 100 % owner; 51/49, 50/50, 70/30 ...; three or more holders; UK PSC
bands "25-50%", "50-75%", "75-100%"; a few holdings without a stated share).
Owners are persons or earlier companies chosen by preferential attachment
(power-law holdings), so the base graph is a DAG. 1 % of companies are
state-owned enterprises (topic gov.soe, owned by a public body). Cross-holdings
add cycles: ~0.6 % of companies hold a small stake (5-20 %) in their own
company owner (2-cycles), ~0.4 % in their owner's owner (3-cycles), and a few
hold a majority back (majority cycles). ~0.05 % of holdings carry a second,
conflicting claim (another Ownership entity for the same pair).
"""
import array
import datetime
import json
import os
import random
import sqlite3
import sys

SEED = 4
N_PUBLIC = 300
N_SEEDS = 10000
N_TARGETS = 1000

# (weight, [percentage texts]); "" = a holding without a stated share.
PATTERNS = [
    (45, ["100%"]),
    (5, ["100"]),
    (6, ["51%", "49%"]),
    (4, ["50%", "50%"]),
    (4, ["70%", "30%"]),
    (3, ["60%", "40%"]),
    (3, ["75%", "25%"]),
    (2, ["51", "49"]),  # bare numbers: FtM's percentage is a percent
    (3, ["51%", "30%", "19%"]),
    (3, ["40%", "35%", "25%"]),
    (2, ["34%", "33%", "33%"]),
    (2, ["30%", "20%", "15%", "12.5%", "10%"]),
    (2, ["25%", "25%", "20%", "10%", "8%", "5.5%"]),
    (1, ["45%", "2%", "2%", "1%"]),
    (5, ["75-100%"]),
    (2, ["50-75%", "25-50%"]),
    (1, ["25-50%", "25-50%"]),
    (2, [""]),
    (1, ["60%", ""]),
    (13, []),
]
JURIS = ["gb"] * 30 + ["cn"] * 20 + ["us"] * 10 + ["ru"] * 8 + ["de"] * 6 + ["hk"] * 6 + ["cy"] * 4 + \
        ["vg"] * 4 + ["nl"] * 4 + ["ae"] * 3 + ["sg"] * 3 + ["ky"] * 2


def share_of(text):
    """min, max as src/graph/share.c reads these texts ('' -> None)."""
    if text == "":
        return None
    t = text.rstrip("%")
    if "-" in t:
        a, b = t.split("-")
        return float(a) / 100.0, float(b) / 100.0
    v = float(t) / 100.0  # every number is a percent ("0.68" is 0.68 %)
    return v, v


def main(argv):
    args = argv[1:]
    db_path = jsonl_path = None
    pos = []
    i = 0
    while i < len(args):
        if args[i] == "--db":
            db_path = args[i + 1]
            i += 2
        elif args[i] == "--jsonl":
            jsonl_path = args[i + 1]
            i += 2
        else:
            pos.append(args[i])
            i += 1
    if len(pos) != 2 or not db_path:
        sys.stderr.write("usage: gen_graph.py N OUTDIR --db DB [--jsonl FILE]\n")
        return 2
    n = int(pos[0])
    outdir = pos[1]
    os.makedirs(outdir, exist_ok=True)
    rng = random.Random(SEED)
    rnd = rng.random
    n_pers = max(1, n // 5)

    # node numbering: companies 0..n-1, persons n..n+P-1, public bodies after
    co0, pe0, pb0 = 0, n, n + n_pers
    n_nodes = pb0 + N_PUBLIC

    def node_id(v):
        if v < pe0:
            return "co-%07d" % (v + 1)
        if v < pb0:
            return "pe-%07d" % (v - pe0 + 1)
        return "pb-%04d" % (v - pb0 + 1)

    texts = sorted({t for _, p in PATTERNS for t in p} | {"5%", "10%", "15%", "20%", "60%", "51%", "100%",
                                                          "49%", "52%", "55%"})
    tidx = {t: k for k, t in enumerate(texts)}
    cum = []
    acc = 0
    for w, p in PATTERNS:
        acc += w
        cum.append((acc, [tidx[t] for t in p]))
    total_w = acc

    e_from = array.array("i")
    e_to = array.array("i")
    e_txt = array.array("h")
    first_co_owner = array.array("i", [-1]) * n
    soe = bytearray(n)
    co_tickets = array.array("i")   # companies that hold others, repeated per holding
    pe_tickets = array.array("i", range(pe0, pb0))
    pb_tickets = array.array("i", range(pb0, n_nodes))
    n_owned = 0
    for c in range(n):
        if rnd() < 0.01:
            # a state-owned enterprise: a public body holds a majority
            soe[c] = 1
            r = rnd()
            txt = "100%" if r < 0.6 else ("51%" if r < 0.85 else "50-75%")
            b = pb_tickets[int(rnd() * len(pb_tickets))]
            pb_tickets.append(b)
            e_from.append(b)
            e_to.append(c)
            e_txt.append(tidx[txt])
            if txt == "51%":
                e_from.append(pe_tickets[int(rnd() * len(pe_tickets))])
                e_to.append(c)
                e_txt.append(tidx["49%"])
            co_tickets.append(c)
            co_tickets.append(c)
            n_owned += 1
            continue
        x = rnd() * total_w
        for lim, pat in cum:
            if x < lim:
                break
        if pat:
            n_owned += 1
        chosen = []
        for t in pat:
            for _try in range(4):
                r = rnd()
                if r < 0.43 and co_tickets:
                    o = co_tickets[int(rnd() * len(co_tickets))]
                    # SOEs hold mostly through other SOEs' chains: no change needed
                elif r < 0.445:
                    o = pb_tickets[int(rnd() * len(pb_tickets))]
                else:
                    o = pe_tickets[int(rnd() * len(pe_tickets))]
                if o not in chosen:
                    break
            else:
                continue
            chosen.append(o)
            e_from.append(o)
            e_to.append(c)
            e_txt.append(t)
            if o < pe0:
                co_tickets.append(o)
                if first_co_owner[c] < 0:
                    first_co_owner[c] = o
            elif o < pb0:
                pe_tickets.append(o)
            else:
                pb_tickets.append(o)
        if rnd() < 0.3:
            co_tickets.append(c)
    n_base = len(e_from)

    # cross-holdings: cycles through company owners
    cross = [tidx["5%"], tidx["10%"], tidx["15%"], tidx["20%"]]
    n2 = n3 = nmaj = 0
    for c in range(n):
        a = first_co_owner[c]
        if a < 0:
            continue
        r = rnd()
        if r < 0.025:          # about half the companies have a company owner
            e_from.append(c)
            e_to.append(a)
            e_txt.append(cross[int(rnd() * 4)])
            n2 += 1
        elif r < 0.04:
            b = first_co_owner[a]
            if b >= 0:
                e_from.append(c)
                e_to.append(b)
                e_txt.append(cross[int(rnd() * 4)])
                n3 += 1
        elif r < 0.04005:
            e_from.append(c)
            e_to.append(a)
            e_txt.append(tidx["60%"])
            nmaj += 1
    # conflicting parallel claims about a holding
    n_conf = 0
    conflict = {tidx["51%"]: tidx["49%"], tidx["100%"]: tidx["75-100%"], tidx["30%"]: tidx["25%"],
                tidx["50%"]: tidx["52%"], tidx["70%"]: tidx["55%"]}
    n_e = len(e_from)
    for k in range(n_base):
        if e_txt[k] in conflict and rnd() < 0.0008:
            e_from.append(e_from[k])
            e_to.append(e_to[k])
            e_txt.append(conflict[e_txt[k]])
            n_conf += 1
    n_e = len(e_from)

    # ---- the edge list for the peers ----
    shares = [share_of(t) for t in texts]
    with open(os.path.join(outdir, "edges.csv"), "w") as f:
        f.write("owner_id,asset_id,min_share,max_share\n")
        w = f.write
        for k in range(n_e):
            s = shares[e_txt[k]]
            w("%s,%s,%s,%s\n" % (node_id(e_from[k]), node_id(e_to[k]),
                                 repr(s[0]) if s else "", repr(s[1]) if s else ""))

    # ---- seeds and targets ----
    holds = bytearray(n_nodes)
    owned = bytearray(n)
    for k in range(n_e):
        holds[e_from[k]] = 1
        owned[e_to[k]] = 1
    srng = random.Random(SEED + 1)
    seeds = set()
    n_pb_seeds = min(10, N_PUBLIC)
    while len(seeds) < n_pb_seeds:
        seeds.add(pb0 + srng.randrange(N_PUBLIC))
    want_pe = min(int(N_SEEDS * 0.8), sum(holds[pe0:pb0]) // 2)
    tries = 0
    while len(seeds) < n_pb_seeds + want_pe and tries < 50 * N_SEEDS:
        v = pe0 + srng.randrange(n_pers)
        tries += 1
        if holds[v]:
            seeds.add(v)
    while len(seeds) < min(N_SEEDS, n // 2):
        seeds.add(srng.randrange(n))
    with open(os.path.join(outdir, "seeds.txt"), "w") as f:
        for v in sorted(seeds):
            f.write(node_id(v) + "\n")
    targets = []
    seen = set()
    while len(targets) < min(N_TARGETS, sum(owned) // 2):
        c = srng.randrange(n)
        if owned[c] and c not in seen:
            seen.add(c)
            targets.append(c)
    with open(os.path.join(outdir, "targets.txt"), "w") as f:
        for c in targets:
            f.write(node_id(c) + "\n")

    # ---- the store ----
    jf = open(jsonl_path, "w") if jsonl_path else None
    con = sqlite3.connect(db_path, isolation_level=None)
    cur = con.cursor()
    cur.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;")
    cur.execute("BEGIN")
    cur.execute("DROP INDEX IF EXISTS entity_id")
    cur.execute("DROP INDEX IF EXISTS statement_eid")
    if cur.execute("SELECT count(*) FROM entity").fetchone()[0]:
        sys.stderr.write("gen_graph: %s is not empty\n" % db_path)
        return 1
    ds = "registry"
    cur.execute("INSERT INTO dataset (id, name) VALUES (1, ?)", (ds,))
    schemas = {"Company": 1, "Person": 2, "PublicBody": 3, "Ownership": 4}
    cur.executemany("INSERT INTO schema_name (id, name) VALUES (?, ?)", [(v, k) for k, v in schemas.items()])
    props = {"name": 1, "jurisdiction": 2, "topics": 3, "owner": 4, "asset": 5, "percentage": 6, "country": 7}
    cur.executemany("INSERT INTO prop (id, name) VALUES (?, ?)", [(v, k) for k, v in props.items()])
    jr = random.Random(SEED + 2)
    juris = [JURIS[int(jr.random() * len(JURIS))] for _ in range(64)]

    def entities():
        for v in range(n_nodes):
            if v < pe0:
                yield (v + 1, node_id(v), 1, "Company %07d Ltd" % (v + 1))
            elif v < pb0:
                yield (v + 1, node_id(v), 2, "Person %07d" % (v - pe0 + 1))
            else:
                yield (v + 1, node_id(v), 3, "Public Body %04d" % (v - pb0 + 1))
        for k in range(n_e):
            yield (n_nodes + k + 1, "ow-%08d" % (k + 1), 4, None)

    cur.executemany("INSERT INTO entity (eid, id, schema, caption, added_in, changed_in) "
                    "VALUES (?, ?, ?, ?, 1, 1)", entities())

    n_stmts = [0]

    def statements():
        c = 0
        for v in range(n_nodes):
            eid = v + 1
            if v < pe0:
                name = "Company %07d Ltd" % (v + 1)
                j = juris[v & 63]
                yield (eid, 1, 1, name)
                yield (eid, 1, 2, j)
                c += 2
                if soe[v]:
                    yield (eid, 1, 3, "gov.soe")
                    c += 1
                if jf:
                    p = {"name": [name], "jurisdiction": [j]}
                    if soe[v]:
                        p["topics"] = ["gov.soe"]
                    jf.write(json.dumps({"id": node_id(v), "schema": "Company", "properties": p}) + "\n")
            elif v < pb0:
                name = "Person %07d" % (v - pe0 + 1)
                yield (eid, 2, 1, name)
                c += 1
                if jf:
                    jf.write(json.dumps({"id": node_id(v), "schema": "Person", "properties": {"name": [name]}}) + "\n")
            else:
                name = "Public Body %04d" % (v - pb0 + 1)
                yield (eid, 3, 1, name)
                yield (eid, 3, 7, "cn")
                c += 2
                if jf:
                    jf.write(json.dumps({"id": node_id(v), "schema": "PublicBody",
                                         "properties": {"name": [name], "country": ["cn"]}}) + "\n")
        for k in range(n_e):
            eid = n_nodes + k + 1
            o, a, t = node_id(e_from[k]), node_id(e_to[k]), texts[e_txt[k]]
            yield (eid, 4, 4, o)
            yield (eid, 4, 5, a)
            c += 2
            if t:
                yield (eid, 4, 6, t)
                c += 1
            if jf:
                p = {"owner": [o], "asset": [a]}
                if t:
                    p["percentage"] = [t]
                jf.write(json.dumps({"id": "ow-%08d" % (k + 1), "schema": "Ownership", "properties": p}) + "\n")
        n_stmts[0] = c

    cur.executemany("INSERT INTO statement (eid, schema, prop, value, dataset, status, external, added_in) "
                    "VALUES (?, ?, ?, ?, 1, 0, 0, 1)", statements())
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    n_ent = n_nodes + n_e
    cur.execute("INSERT INTO change (id, at, kind, origin, dataset, entities, added) "
                "VALUES (1, ?, 'load', 'bench/own/gen_graph.py', ?, ?, ?)", (now, ds, n_ent, n_stmts[0]))
    cur.execute("CREATE UNIQUE INDEX IF NOT EXISTS entity_id ON entity(id)")
    cur.execute("CREATE INDEX IF NOT EXISTS statement_eid ON statement(eid)")
    cur.execute("COMMIT")
    con.close()
    if jf:
        jf.close()

    meta = {"n_companies": n, "n_persons": n_pers, "n_public_bodies": N_PUBLIC, "n_soe": sum(soe),
            "n_ownership": n_e, "n_base_edges": n_base, "cross_2cycles": n2, "cross_3cycles": n3,
            "majority_cycles": nmaj, "conflicting_claims": n_conf, "n_entities": n_ent,
            "n_statements": n_stmts[0], "n_seeds": len(seeds), "n_targets": len(targets),
            "companies_with_owners": n_owned}
    with open(os.path.join(outdir, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")
    print("gen_graph: " + ", ".join("%s %d" % kv for kv in meta.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
