#!/usr/bin/env python3
"""One question, one answer: for every organisation of a store, the commands that
answer the same question must agree (issue 13's property test).

usage: consistency.py OV DB [--sample N]

For each organisation (from `oversight typology --format json`):
- the typology row's state-share conclusion is the `controllers` one (value, band,
  status, evidence);
- a state designation never makes the share 100 %: designated companies have the
  share their chains give;
- the ultimate parent is never the company itself; when one is named, `owners`
  lists it as a direct holder of more than half by every claim; when none is named,
  no holder of `owners` holds more than half by every claim;
- customers and other links that are not control never appear as control without
  shares;
- the dossier (`report --format md`) states the same ultimate parent, state share and
  typology class, with the same status;
- `screen` (one CSV of the organisations' names) gives the same state share and status
  for the rows whose best match is the organisation.
Prints "N passed, N failed"; exits 1 on any failure.
"""
import csv
import json
import random
import subprocess
import sys

OV, DB = sys.argv[1], sys.argv[2]
SAMPLE = int(sys.argv[sys.argv.index("--sample") + 1]) if "--sample" in sys.argv else 0
passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what, file=sys.stderr)


def run(*args):
    out = subprocess.run([OV, "--db", DB] + list(args), capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def conclusions(answer):
    return {c["question"]: c for c in answer["conclusions"]}


rows = json.loads(run("--format", "json", "typology"))
orgs = [r["subject"]["id"] for r in rows]
check(len(orgs) > 0, "the store has organisations")
typ = {r["subject"]["id"]: conclusions(r) for r in rows}
if SAMPLE and len(orgs) > SAMPLE:
    # the organisations with ownership or links first, then a fixed random part
    tied = [o for o in orgs if typ[o]["state-share"]["evidence"] or typ[o]["typology"]["evidence"]]
    rest = [o for o in orgs if o not in tied]
    random.Random(13).shuffle(rest)
    orgs = (tied + rest)[:SAMPLE]

names = {}
for oid in orgs:
    ctl = json.loads(run("--format", "json", "controllers", oid))
    c = conclusions(ctl)
    names[oid] = ctl["subject"]["caption"]
    parent, share, links = c["ultimate-parent"], c["state-share"], c["control-without-shares"]
    t_share = typ[oid]["state-share"]
    # typology and controllers: the same state share, band, status and evidence
    check(t_share == share, "%s: typology's state share %r != controllers' %r" % (oid, t_share, share))
    # a designation is a classification, not a share
    if ctl["subject"]["state_designated"]:
        check(not any(s["role"] == "designation" and s.get("max") == 1 for s in share["evidence"]),
              "%s: a designation read as a share" % oid)
        check(share.get("max", 0) < 1 or any(s["role"] in ("strongest-chain", "widens-band") for s in share["evidence"]),
              "%s: 100%% without a chain" % oid)
    # the parent: never itself; agrees with owners
    owners = json.loads(run("--format", "json", "owners", oid))
    majority = set()
    for h in owners["conclusions"]:
        direct = [s for s in h["evidence"] if s["role"] == "direct"]
        known = [s for s in direct if "min" in s]
        # a majority by every claim: more than 50 %, or a band that starts just above it (">50%")
        if known and all(s["min"] > 0.5 or (s["min"] == 0.5 and s["value"].startswith(">")) for s in known):
            majority.add(h["object"]["id"])
    if "object" in parent:
        check(parent["object"]["id"] != oid or "cycle" in parent.get("note", ""), "%s is its own parent" % oid)
        first = parent["evidence"][0]["from"]["id"] if parent["evidence"] else None
        check(first in majority, "%s: parent chain starts at %s, owners' majority holders %s" % (oid, first, majority))
    else:
        check(parent["value"] == "none recorded" and not majority,
              "%s: no parent but owners show majority holders %s" % (oid, majority))
    # control without shares: never a customer link
    for s in links["evidence"]:
        check(s["relation"] != "link" or (s.get("type") or "").lower() in
              ("control", "controls", "controller", "controlling shareholder", "party-committee",
               "party-organization", "party-organisation"), "%s: a non-control link as control: %r" % (oid, s))
    # the dossier says the same
    md = run("report", oid, "--format", "md")

    for title, x in (("Ultimate parent", parent), ("State share", share), ("Typology", typ[oid]["typology"])):
        head = "**%s:** " % title
        line = next((l for l in md.splitlines() if l.startswith(head)), "")
        value = x["value"] + ((" (%s)" % x["status"]) if x["status"] != "asserted" else "")
        plain = line.replace("\\", "")
        check(plain.startswith(head + value), "%s: dossier %r, answer %r" % (oid, line[:200], value))

# screening: the state share of each organisation matched to itself
with open("consistency_vendors.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["name"])
    for oid in orgs:
        w.writerow([names[oid]])
scr = json.loads(run("screen", "consistency_vendors.csv", "--format", "json"))
compared = 0
for row in scr["rows"]:
    m = row.get("match") or {}
    oid = m.get("id")
    if oid not in typ:
        continue
    share = typ[oid]["state-share"]
    # the report names every party: {"id", "name"}
    state = [x for x in row.get("control", []) if x["kind"] == "state" and x["entity"]["id"] == oid]
    if share.get("max", 0) > 0:
        ok = len(state) == 1 and abs(state[0]["share_min"] - share["min"]) < 1e-6 and \
            abs(state[0]["share_max"] - share["max"]) < 1e-6 and state[0]["status"] == share["status"]
        check(ok, "%s: screen's state share %r, controllers' %r" % (oid, state, share))
    else:
        check(not state, "%s: screen shows a state share the answer does not: %r" % (oid, state))
    compared += 1
check(compared > 0, "screening matched some organisations to themselves")
print("%d passed, %d failed (%d organisations, %d screened)" % (passed, failed, len(orgs), compared))
sys.exit(1 if failed else 0)
