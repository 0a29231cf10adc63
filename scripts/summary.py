#!/usr/bin/env python3
"""The summary `make run` prints: the companies of the HRIC submission, their
state ties (the typology with its evidence), their listings, the measured facts
about them, and the legal provisions by obligation, each with its citation.
Reads only what the `oversight` command prints (statements export and
typology JSON), so it shows exactly what the record holds."""
import csv, io, json, subprocess, sys
from collections import defaultdict

OV, DB = sys.argv[1], sys.argv[2]
COMPANIES = ["co-hikvision", "co-dahua", "co-sensetime", "co-megvii", "co-yitu", "co-eyecool",
             "co-intellifusion", "co-isvision", "co-seetatech", "co-china-mobile"]

def ov(*args):
    return subprocess.run([OV, "--db", DB, *args], check=True, capture_output=True, text=True).stdout

rows = list(csv.DictReader(io.StringIO(ov("export", "--output-format", "statements"))))
ent = defaultdict(lambda: defaultdict(list))   # id -> prop -> [row]
schema = {}
for r in rows:
    if r["prop"] == "id":
        continue
    ent[r["canonical_id"]][r["prop"]].append(r)
    schema[r["canonical_id"]] = r["schema"]

def first(eid, prop):
    v = ent[eid].get(prop)
    return v[0]["value"] if v else None

def english(eid, prop):
    """The value without Chinese characters, else the first."""
    vals = [r["value"] for r in ent[eid].get(prop, [])]
    for v in vals:
        if not any("\u4e00" <= ch <= "\u9fff" for ch in v):
            return v
    return vals[0] if vals else None

def cite(r):
    loc = r["locator"]
    short = loc.split(":")[0] if loc.startswith("fn.") else (r["source"] if not loc else loc.split(",")[0])
    st = "" if r["status"] == "asserted" else f", {r['status']}"
    return f"[{short}{st}]"

typ = {t["subject"]["id"]: t for t in json.loads(ov("--format", "json", "typology"))}
print("The companies of the submission (fn. 2) and China Mobile\n")
for c in COMPANIES:
    if c not in ent:
        continue
    t = typ.get(c)
    print(f"  {first(c, 'name')} ({c})")
    if t:
        # the typology's answer: the class with the status of its weakest evidence,
        # then the state's share it rests on (the same words as `oversight controllers`)
        cls, share = t["conclusions"][0], t["conclusions"][1]
        weak = "" if cls["status"] in ("asserted", "verified") else f" ({cls['status']})"
        print(f"    typology: {cls['value']}{weak}: {cls.get('note', '')}")
        sweak = "" if share["status"] in ("asserted", "verified") else f" ({share['status']})"
        print(f"    state share: {share['value']}{sweak}")
        for e in (cls["evidence"] + share["evidence"])[:3]:
            if e["kind"] == "edge":
                print(f"      {e['from']['id']} -> {e['to']['id']} {e['relation']} {e.get('value', '')}"
                      f" ({e.get('entity', '')}, {e['status']})")
            else:
                print(f"      {e.get('entity', '')}: {e.get('relation', '')} = {e.get('value', '')} ({e['status']})")
    for s, props in ent.items():
        if schema.get(s) == "Sanction" and any(r["value"] == c for r in props.get("entity", [])):
            prog = first(s, "program") or first(s, "authority") or s
            start = first(s, "startDate") or first(s, "listingDate") or ""
            print(f"    listed: {prog} {start} {cite(props['entity'][0])}")
    for s, props in ent.items():
        if schema.get(s) == "Measurement" and any(r["value"] == c for r in props.get("subject", [])):
            v = props.get("value", [{}])[0]
            q = first(s, "qualifier") or ""
            u = first(s, "unit") or ""
            print(f"    {first(s, 'metric')}: {q + ' ' if q else ''}{v.get('value')}{' ' + u if u else ''} {cite(v)}")
    print()

print("Legal provisions by the obligation they impose\n")
by_obl = defaultdict(list)
for p, props in ent.items():
    if schema.get(p) != "LegalProvision":
        continue
    for o in props.get("obligation", []):
        by_obl[o["value"]].append(p)
for obl in sorted(by_obl):
    print(f"  {obl}")
    for p in sorted(by_obl[obl]):
        law = first(p, "law")
        title = (english(law, "title") or english(law, "name") or law) if law else ""
        art = first(p, "article") or ""
        subj = ", ".join(sorted({r["value"] for r in ent[p].get("subjectClass", [])}))
        r = ent[p]["obligation"][0]
        print(f"    {title}{' Art. ' + art if art else ''}: binds {subj or '?'} {cite(r)}")
print(f"\n{len(ent)} entities, {len(rows)} statements. Every line above cites its source:"
      f" fn. N is the submission's footnote; list rows cite their file.")
