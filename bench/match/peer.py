#!/usr/bin/python3
"""The Python peer of match_bench.c: the same candidate blocking (core tokens
x3, Han bigrams x2, trigrams of the compact core x1, Soundex of tokens x1;
postings over 5,000 skipped, rarest keys first within 6,000 postings; the best 32 names; best 8 entities) and the same features and
weights (data/names/settings.txt), with python3-levenshtein and
python3-jellyfish, over the normalised forms match_bench.c wrote (so the
peer's time does not include normalisation; oversight's does).
peer.py FORMS_DIR NQUERIES -> one JSON line."""
import json, resource, sys, time, warnings
warnings.simplefilter("ignore", DeprecationWarning)
import jellyfish, Levenshtein

W = dict(jw=0.35, lev=0.25, tok=0.25, ph=0.15, full=0.12, threshold=0.80, K=8, maxpost=5000, budget=6000, cutoff=0.5)
jw_f = getattr(jellyfish, "jaro_winkler_similarity", None) or jellyfish.jaro_winkler

def keys(core, compact, han):
    out = {}
    for t in core.split():
        out["t" + t] = 3
        if 3 <= len(t) <= 12 and t[0].isalpha():
            out["p" + jellyfish.soundex(t)] = 1
    if 0 < len(compact) < 3:
        out["g" + compact] = 1
    for i in range(len(compact) - 2):
        out["g" + compact[i:i + 3]] = 1
    if han:
        if len(han) == 1:
            out["h" + han] = 2
        for i in range(len(han) - 1):
            out["h" + han[i:i + 2]] = 2
    return out

def lev_sim(a, b):
    m = max(len(a), len(b))
    return 1.0 - Levenshtein.distance(a, b) / m if m else 1.0

def tok_dice(a, b, soft):
    if not a or not b:
        return 0.0
    used = [False] * len(b); m = 0
    for x in a:
        best = -1
        for j, y in enumerate(b):
            if not used[j] and x == y:
                best = j; break
        if best < 0 and soft and len(x) >= 4:
            for j, y in enumerate(b):
                if used[j] or len(y) < 4:
                    continue
                L = max(len(x), len(y))
                if jw_f(x, y) >= 0.9 and Levenshtein.distance(x, y) <= max(2, L // 5):
                    best = j; break
        if best >= 0:
            used[best] = True; m += 1
    return 2.0 * m / (len(a) + len(b))

def sx_dice(a, b):
    sa = [jellyfish.soundex(t) for t in a if 3 <= len(t) <= 12 and t[0].isalpha()]
    sb = [jellyfish.soundex(t) for t in b if 3 <= len(t) <= 12 and t[0].isalpha()]
    if not sa or not sb:
        return 0.0
    used = [False] * len(sb); m = 0
    for x in sa:
        for j, y in enumerate(sb):
            if not used[j] and x == y:
                used[j] = True; m += 1; break
    return 2.0 * m / (len(sa) + len(sb))

def han_dice(a, b):
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if len(a) < 2 or len(b) < 2:
        return 0.0
    bb = [b[i:i + 2] for i in range(len(b) - 1)]; used = [False] * len(bb); m = 0
    for i in range(len(a) - 1):
        g = a[i:i + 2]
        for j, y in enumerate(bb):
            if not used[j] and g == y:
                used[j] = True; m += 1; break
    return 2.0 * m / (len(a) - 1 + len(b) - 1)

def name_score(q, n):
    qfull, qcore, qcomp, qhan, qfullc, qsorted = q
    full, core, comp, han = n[1], n[2], n[3], n[4]
    fullc = full.replace(" ", ""); ct = core.split(); ft = full.split()
    srt = "".join(sorted(ct))
    exact = 1.0 if (qcomp and qcomp == comp) or (qfullc and qfullc == fullc) or (qhan and qhan == han) else 0.0
    hd = han_dice(qhan, han)
    qct, qft = qcore.split(), qfull.split()
    tc, tf = tok_dice(qct, ct, True), tok_dice(qft, ft, True)
    pc, pf = sx_dice(qct, ct), sx_dice(qft, ft)
    best = -1
    prev = None
    for a, b, t, p in ((qcomp, comp, tc, pc), (qfullc, fullc, tf, pf), (qsorted, srt, tc, pc)):
        if (a, b) == prev or (a, b) == (qcomp, comp) and prev is not None:
            continue
        prev = (a, b)
        mix = W["jw"] * (jw_f(a, b) if a and b else 0.0) + W["lev"] * (lev_sim(a, b) if a or b else 0.0) + W["tok"] * t + W["ph"] * p
        best = max(best, mix)
    core_sim = max(exact, hd, best)
    return (1 - W["full"]) * core_sim + W["full"] * tok_dice(qft, ft, False)

def main():
    d, nq = sys.argv[1], int(sys.argv[2])
    t0 = time.perf_counter()
    names, ent_of, ent_ids, ent_names, post = [], [], [], [], {}
    eidx = {}
    with open(d + "/forms.tsv", encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) < 5 or (not p[3] and not p[4]):
                continue
            e = eidx.get(p[0])
            if e is None:
                e = eidx[p[0]] = len(ent_ids); ent_ids.append(p[0]); ent_names.append([])
            nid = len(names); names.append(p); ent_of.append(e); ent_names[e].append(nid)
            for k, w in keys(p[2], p[3], p[4]).items():
                post.setdefault(k, []).append((nid, w))
    build = time.perf_counter() - t0
    queries = []
    with open(d + "/qforms.tsv", encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) >= 5:
                queries.append(p)
            if len(queries) >= nq:
                break
    t0 = time.perf_counter(); found = fp = expected = 0
    for q in queries:
        want, qfull, qcore, qcomp, qhan = q[:5]
        qq = (qfull, qcore, qcomp, qhan, qfull.replace(" ", ""), "".join(sorted(qcore.split())))
        hits = {}
        qk = []
        for k, w in keys(qcore, qcomp, qhan).items():
            pl = post.get(k)
            if pl and len(pl) <= W["maxpost"]:
                qk.append((len(pl), k, w, pl))
        qk.sort(key=lambda x: x[0])
        walked = 0
        for i, (cnt, k, w, pl) in enumerate(qk):
            if i and walked + cnt > W["budget"]:
                break
            walked += cnt
            for nid, _ in pl:
                hits[nid] = hits.get(nid, 0) + w
        best = {}
        for nid, w in sorted(hits.items(), key=lambda x: -x[1])[: W["K"] * 4]:
            e = ent_of[nid]
            if w > best.get(e, 0):
                best[e] = w
        cand = sorted(best.items(), key=lambda x: (-x[1], x[0]))[: W["K"]]
        res = []
        for e, _ in cand:
            s = max(name_score(qq, names[n]) for n in ent_names[e])
            if s >= W["cutoff"]:
                res.append((s, ent_ids[e]))
        res.sort(key=lambda x: (-x[0], x[1]))
        if want:
            expected += 1
        if res and res[0][0] >= W["threshold"]:
            if want and res[0][1] == want:
                found += 1
            else:
                fp += 1
    qt = time.perf_counter() - t0
    print(json.dumps({"entities": len(ent_ids), "names": len(names), "build_seconds": round(build, 3),
                      "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                      "queries": len(queries), "query_seconds": round(qt, 3), "qps": round(len(queries) / qt),
                      "found": found, "expected": expected, "wrong_or_false": fp}))

main()
