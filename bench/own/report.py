#!/usr/bin/env python3
"""The table of the ownership benchmark (issue 4) from one run's outputs.

    python3 bench/own/report.py WORKDIR N

WORKDIR holds, per tool T in ov (own_bench), nx (networkx), ig (igraph),
cte (SQLite CTE): T.out (the NAME seconds=... lines), T.q (one line per
"who owns X" query) and T.time (/usr/bin/time -v). Prints the times, the
ratios, whether the checksums agree, and PASS/FAIL for each target; exit
status 0 (the caller decides what a FAIL means).
"""
import os
import sys

TOOLS = [("ov", "oversight"), ("nx", "networkx"), ("ig", "igraph"), ("cte", "sqlite CTE")]
WHOLE = ["ultimate", "holdings", "ofac"]
T_SECONDS = 5.0
T_RSS_MIB = 4096.0
T_NX = 50.0
T_IG = 1.0
REL = 1e-6


def parse_out(path):
    res = {}
    if not os.path.exists(path):
        return res
    for line in open(path):
        parts = line.split()
        if not parts or "=" in parts[0]:
            continue
        kv = {}
        for p in parts[1:]:
            if "=" in p:
                k, v = p.split("=", 1)
                kv[k] = v
        res[parts[0]] = kv
    return res


def parse_q(path):
    q = {}
    if not os.path.exists(path):
        return q
    for line in open(path):
        f = line.split()
        if len(f) < 8:
            continue
        q[int(f[0])] = {"id": f[1], "rc": int(f[2]), "holders": int(f[3]), "direct": int(f[4]),
                        "sum_min": float(f[5]), "sum_max": float(f[6]), "seconds": float(f[7])}
    return q


def parse_time(path):
    r = {}
    if not os.path.exists(path):
        return r
    for line in open(path):
        line = line.strip()
        if line.startswith("Maximum resident set size"):
            r["rss_mib"] = int(line.split(":")[1]) / 1024.0
        elif line.startswith("Elapsed (wall clock)"):
            t = line.split(": ")[1].split(":")
            s = 0.0
            for x in t:
                s = s * 60 + float(x)
            r["wall"] = s
    return r


def close(a, b):
    a, b = float(a), float(b)
    return abs(a - b) <= REL * max(1.0, abs(a), abs(b))


def fmt(x, w=10):
    if x is None:
        return "%*s" % (w, "-")
    if isinstance(x, str):
        return "%*s" % (w, x)
    return "%*.3f" % (w, x)


def main(argv):
    work, n = argv[1], int(argv[2])
    out = {k: parse_out(os.path.join(work, k + ".out")) for k, _ in TOOLS}
    qs = {k: parse_q(os.path.join(work, k + ".q")) for k, _ in TOOLS}
    tm = {k: parse_time(os.path.join(work, k + ".time")) for k, _ in TOOLS}
    ov = out["ov"]
    lines = []
    p = lines.append
    p("Ownership benchmark (issue 4): N = %d companies" % n)
    if "build" in ov:
        p("graph: %s nodes (entity rows), %s edges" % (ov["build"].get("nodes"), ov["build"].get("edges")))
    for k, label in TOOLS[1:]:
        if "build" in out[k]:
            p("%s graph: %s nodes, %s edges (merged holdings)" % (label, out[k]["build"].get("nodes"),
                                                                  out[k]["build"].get("edges")))

    # common prefix of completed "who owns X" queries, for a like-for-like time
    done = {k: len(qs[k]) for k, _ in TOOLS if "owners" in out[k]}
    common = min(done.values()) if done else 0

    def secs(k, a):
        if a == "build_cold":  # oversight's cold build against the peers' (only) build
            a = "build_cold" if k == "ov" else "build"
        if a == "owners":
            if k not in done or not common:
                return None
            return sum(qs[k][i]["seconds"] for i in range(common))
        if a in out[k] and "seconds" in out[k][a]:
            return float(out[k][a]["seconds"])
        return None

    analyses = (["build_cold"] if "build_cold" in ov else []) + ["build", "ultimate", "holdings", "ofac", "owners"]
    analyses += [a for a in ("state", "typology") if a in ov]  # oversight only: no peer computes them
    snap = "build_first" in ov or "build_cold" in ov
    labels = {"build_cold": "graph build, cold (tables)",
              "build": "graph build, from snapshot" if snap else "graph build", "ultimate": "ultimate parents, all", "holdings": "holdings, 10k seeds",
              "ofac": "OFAC rule, 10k seeds", "owners": "who owns X (%d queries)" % common,
              "state": "state share, every node", "typology": "typology, every company"}
    p("")
    p("%-28s %10s %10s %10s %10s %9s %9s %9s" % ("analysis (seconds)", "oversight", "networkx", "igraph",
                                                 "sqlite CTE", "nx/ov", "ig/ov", "cte/ov"))
    ratios = {}
    for a in analyses:
        row = [secs(k, a) for k, _ in TOOLS]
        rs = []
        for i in (1, 2, 3):
            if row[0] and row[i] is not None:
                r = row[i] / row[0] if row[0] > 0 else float("inf")
                rs.append("%8.1fx" % r)
                ratios[(a, TOOLS[i][0])] = r
            else:
                rs.append("%9s" % "-")
        p("%-28s %s %s %s %s %s" % (labels[a], fmt(row[0]), fmt(row[1]), fmt(row[2]), fmt(row[3]), " ".join(rs)))
    rss = [tm[k].get("rss_mib") for k, _ in TOOLS]
    p("%-28s %s" % ("peak RSS MiB", " ".join(fmt(x if x is None else "%.0f" % x) for x in rss)))
    if snap:
        p("")
        p("oversight's graph builds (own_bench, one after the other in one process; peak = VmHWM of that build):")
        for key, text in (("build_cold", "cold: from the SQLite tables, OV_GRAPH_SNAPSHOT=0"),
                          ("build_first", "first: no snapshot yet, from the tables, snapshot written"),
                          ("build", "from the snapshot (mapped), as the analyses use it")):
            if key in ov:
                b = ov[key]
                p("  %-58s %8.3f s  peak %6.0f MiB  graph RSS %6.0f MiB" % (text, float(b["seconds"]),
                  float(b.get("peak_mib", 0)), float(b.get("rss_mib", 0))))
        if "build_cold" in ov and "build_first" in ov:
            c, f = float(ov["build_cold"]["seconds"]), float(ov["build_first"]["seconds"])
            p("  writing the snapshot (%s MiB, in the background): first - cold = %.3f s (%+.0f%%);"
              " then the wait for the write when that graph is freed: %s s"
              % (ov["build_first"].get("snapshot_mib", "?"), f - c, (f - c) / c * 100 if c else 0,
                 ov["build_first"].get("free_seconds", "?")))
        hashes = {ov[k].get("graph_hash") for k in ("build_cold", "build_first", "build") if k in ov}
        if len(hashes) > 1 or None not in hashes:
            p("  graph checksums (OWN_BENCH_VERIFY=1): %s" % ("all three equal" if len(hashes) == 1 else
                                                              "DIFFER: %s" % ", ".join(sorted(map(str, hashes)))))
    p("")
    p("who owns X: queries completed within each tool's budget: %s; the times above are over the"
      % ", ".join("%s %d/%s in %s s" % (label, done[k], out[k]["owners"].get("queries", "?"),
                                        out[k]["owners"].get("budget", "?"))
                  for k, label in TOOLS if k in done))
    p("  first %d (common to all), in the same order" % common)
    left = [(label, out[k]["owners"].get("skipped_large", "0")) for k, label in TOOLS
            if "owners" in out[k] and out[k]["owners"].get("skipped_large", "0") != "0"]
    if left:
        p("  left out: %s targets with more than their ancestor limit (descendants of the strongly connected"
          " core; BENCH_OWN_MAX_ANCESTORS for the Python peers, OWN_BENCH_MAX_ANCESTORS for oversight)"
          % ", ".join("%s %s" % x for x in left))
    if "owners" in ov and ov["owners"].get("toobig", "0") != "0":
        p("  oversight: %s queries over its limits (OV_ETOOBIG)" % ov["owners"]["toobig"])
    for k, label in TOOLS:
        if k in done and done[k]:
            ts = sorted(q["seconds"] for q in qs[k].values())
            p("  %-10s per query: median %.3f ms, p90 %.3f ms, max %.1f ms; %d queries took over 1 s"
              % (label, ts[len(ts) // 2] * 1e3, ts[int(len(ts) * 0.9)] * 1e3, ts[-1] * 1e3,
                 sum(1 for t in ts if t > 1.0)))
    if "ov" in done:
        big = [q for q in qs["ov"].values() if q["holders"] > 1000]
        if big:
            p("  oversight: %d of its %d queries had more than 1,000 holders (the strongly connected core's "
              "descendants), taking %.1f s of its %.1f s" % (len(big), done["ov"], sum(q["seconds"] for q in big),
                                                               sum(q["seconds"] for q in qs["ov"].values())))

    # ---- checksums ----
    p("")
    p("checksums against oversight:")
    agree = True
    exact = {"ultimate": ["with_parent", "in_cycle", "roots", "hash"],
             "holdings": ["nonzero_min", "nonzero_max"],
             "ofac": ["controlled", "certain", "possible", "hash", "hash_certain"]}
    floats = {"holdings": ["sum_min", "sum_max"]}
    for k, label in TOOLS[1:3]:
        for a in WHOLE:
            if a not in out[k] or a not in ov:
                continue
            bad = [x for x in exact[a] if out[k][a].get(x) != ov[a].get(x)]
            bad += [x for x in floats.get(a, []) if not close(out[k][a][x], ov[a][x])]
            p("  %-10s %-9s %s" % (label, a, "agree" if not bad else "DIFFER: " + ", ".join(
                "%s %s vs %s" % (x, out[k][a].get(x), ov[a].get(x)) for x in bad)))
            agree &= not bad
    for k, label in TOOLS[1:]:
        if k not in done:
            continue
        m = min(done[k], done.get("ov", 0))
        bad_h = bad_s = 0
        dev = 0.0
        for i in range(m):
            a, b = qs[k][i], qs["ov"][i]
            if b["rc"] != 0:
                continue
            if a["holders"] != b["holders"] or a["direct"] != b["direct"]:
                bad_h += 1
            if k == "cte":
                dev += abs(a["sum_min"] - b["sum_min"])
                if not close(a["sum_min"], b["sum_min"]):
                    bad_s += 1
            elif not (close(a["sum_min"], b["sum_min"]) and close(a["sum_max"], b["sum_max"])):
                bad_s += 1
        if k == "cte":
            p("  %-10s owners    %d queries compared: holders and direct holders %s; share sums differ on %d"
              " (simple paths, claims counted apart; expected where ancestors form cycles or claims conflict),"
              " total |difference| %.3f" % (label, m, "agree" if not bad_h else "DIFFER on %d" % bad_h, bad_s, dev))
            agree &= not bad_h
        else:
            ok = not bad_h and not bad_s
            p("  %-10s owners    %d queries compared: %s" % (label, m, "agree" if ok else
                                                           "DIFFER on %d (counts) / %d (shares)" % (bad_h, bad_s)))
            agree &= ok

    # ---- targets ----
    p("")
    p("targets (set for 10 M companies; this run: N = %d):" % n)
    verdicts = []

    def verdict(text, ok):
        verdicts.append(ok)
        p("  %s  %s" % ("PASS" if ok else "FAIL", text))

    for a in WHOLE:
        s = secs("ov", a)
        if s is not None:
            verdict("%s under %.0f s: %.3f s" % (labels[a], T_SECONDS, s), s < T_SECONDS)
    for a in ("build_cold", "build"):
        s = secs("ov", a)
        if s is not None:
            p("  %s  %s under %.0f s (if it counts as an analysis): %.3f s"
              % ("pass" if s < T_SECONDS else "fail", labels[a], T_SECONDS, s))
    r = rss[0]
    core = float(ov["core"]["peak_mib"]) if "core" in ov and "peak_mib" in ov["core"] else None
    if core is not None:
        verdict("peak memory under 4 GiB: %.0f MiB (own_bench: graph and the analyses above, before the state"
                " share and typology of every company; with them %s MiB)" % (core, "%.0f" % r if r else "?"),
                core < T_RSS_MIB)
    elif r is not None:
        verdict("peak memory under 4 GiB: %.0f MiB (whole own_bench process, graph and all analyses)" % r,
                r < T_RSS_MIB)
    for a in analyses:
        if ("%s" % a, "nx") in ratios:
            x = ratios[(a, "nx")]
            verdict("%s at least %.0fx networkx: %.1fx" % (labels[a], T_NX, x), x >= T_NX)
    for a in analyses:
        if (a, "ig") in ratios:
            x = ratios[(a, "ig")]
            verdict("%s faster than igraph: %.1fx" % (labels[a], x), x > T_IG)
    p("  checksums: %s" % ("all agree" if agree else "SOME DIFFER"))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
