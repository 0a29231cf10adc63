#!/usr/bin/env python3
"""Compares an FtM file with Oversight's export of it, for the lossless
round-trip test. Entities: same ids, schemata, property values (as sets,
empty strings dropped as FtM does) and envelope fields. Statements CSV: the
same statements with the same statement ids. Prints the differences and
exits 1 when there are any."""
import csv, json, sys

ENVELOPE = ("caption", "referents", "datasets", "first_seen", "last_seen", "last_change", "target")

def entities(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            d = json.loads(line)
            if "op" in d:
                d = dict(d["entity"], _op=d["op"])
            props = {k: sorted(set(v for v in vs if v != "")) for k, vs in d.get("properties", {}).items()}
            props = {k: v for k, v in props.items() if v}
            out[d["id"]] = (d.get("schema"), props, {k: d.get(k) for k in ENVELOPE if k in d}, d.get("_op"))
    return out

def formula(s):
    """Oversight's CSV rule (src/util/csv.c, issue 20): a cell a spreadsheet
    would take for a formula is written with a leading apostrophe."""
    return s.lstrip("'")[:1] in ("=", "+", "-", "@", "\t", "\r") and s.lstrip("'") != ""

def unneutralize(s):
    return s[1:] if s.startswith("'") and formula(s[1:]) else s

def statements(path, ours=False):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    keys = ("canonical_id", "entity_id", "prop", "schema", "value", "dataset", "lang",
            "original_value", "first_seen", "last_seen", "id", "external", "origin")
    if ours:  # read as our own reader does: the apostrophe undone
        rows = [{k: unneutralize(v or "") for k, v in r.items()} for r in rows]
    return {tuple(r.get(k, "") for k in keys) for r in rows}

def main():
    kind, original, exported = sys.argv[1:4]
    problems = []
    if kind == "statements":
        a, b = statements(original), statements(exported, ours=True)
        for x in sorted(a - b)[:10]:
            problems.append(f"missing from export: {x}")
        for x in sorted(b - a)[:10]:
            problems.append(f"extra in export: {x}")
    else:
        a, b = entities(original), entities(exported)
        if set(a) != set(b):
            problems.append(f"ids differ: missing {sorted(set(a) - set(b))[:5]}, extra {sorted(set(b) - set(a))[:5]}")
        for k in sorted(set(a) & set(b)):
            sa, pa, ea, _ = a[k]
            sb, pb, eb, _ = b[k]
            if sa != sb:
                problems.append(f"{k}: schema {sa} != {sb}")
            if pa != pb:
                problems.append(f"{k}: properties differ: {set(pa.items()) ^ set(pb.items()) if False else [p for p in set(pa) | set(pb) if pa.get(p) != pb.get(p)]}")
            if kind == "entities":
                for f in ENVELOPE:
                    if f in ea and ea[f] != eb.get(f):
                        problems.append(f"{k}: {f} {ea[f]!r} != {eb.get(f)!r}")
    for p in problems[:20]:
        print(p)
    print(f"{len(a)} records compared, {len(problems)} differences")
    sys.exit(1 if problems else 0)

main()
