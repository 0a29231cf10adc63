#!/usr/bin/env python3
"""The peer of `oversight xref` in the benchmark: what a straightforward script does.

    python3 bench/resolve/peer.py ENTITIES.jsonl THRESHOLD > pairs.json

Blocks on each name token (lower case, letters and digits, legal forms left out;
tokens shared by more than 1,000 names skipped) and on identifiers, compares the
pairs of a block by Jaro-Winkler of the names without their legal forms
(python3-jellyfish, a Debian package) and keeps those at THRESHOLD or above, or
sharing an identifier. A person is never paired with a company. Prints
{"pairs": [{"a", "b", "score"}...]} as `oversight --format json xref` does.
"""
import collections
import json
import re
import sys

import jellyfish

FORMS = {"co", "ltd", "limited", "company", "inc", "incorporated", "corp", "corporation", "gmbh", "g", "m", "b", "h",
         "llc", "l", "c", "sa", "s", "a", "ag", "plc"}
MAX_BLOCK = 1000
ents = []
for line in open(sys.argv[1]):
    e = json.loads(line)
    p = e["properties"]
    names = p.get("name", []) + p.get("alias", [])
    cores = []
    for n in names:
        toks = [t for t in re.findall(r"[0-9a-z]+", n.lower()) if t not in FORMS]
        cores.append(" ".join(toks))
    ids = p.get("registrationNumber", []) + p.get("leiCode", [])
    ents.append((e["id"], e["schema"] == "Person", cores, ids))
blocks = collections.defaultdict(list)
for k, (_, _, cores, ids) in enumerate(ents):
    keys = {t for c in cores for t in c.split() if len(t) > 2} | {"id:" + i for i in ids}
    for key in keys:
        blocks[key].append(k)
th = float(sys.argv[2])
found = {}  # (a, b) -> score: a pair in several blocks is compared in each (no set of all pairs compared)
for key, members in blocks.items():
    if len(members) > MAX_BLOCK and not key.startswith("id:"):
        continue
    for i in range(len(members)):
        a = members[i]
        for b in members[i + 1:]:
            if ents[a][1] != ents[b][1]:
                continue
            score = max((jellyfish.jaro_winkler(x, y) for x in ents[a][2] for y in ents[b][2]), default=0.0)
            if key.startswith("id:"):
                score = max(score, 0.98)
            if score >= th:
                found[(a, b)] = score
json.dump({"pairs": [{"a": ents[a][0], "b": ents[b][0], "score": round(s, 4)} for (a, b), s in found.items()]},
          sys.stdout)
