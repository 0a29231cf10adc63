#!/usr/bin/env python3
"""crash.py - kill -9 at random points of loads (issue 20), run by test_crash.sh.

Two kinds of load, TRIALS times in all, alternating: a first load (into an
empty store: the bulk build) and a later load (into a store holding the first
file: the incremental path, with changed names retiring statements and new
entities). Each trial copies a template store, starts `oversight load`, kills
it with SIGKILL after a random delay within the measured length of the same
load, and then, without any write in between:
  - every read command (stats, get, search, history, owners, controllers,
    exposure, report, graph, match, typology, export, deployments, assess,
    scores) exits as it does on the store before the load or on the store after
    it, whichever `stats` shows, and `stats` prints exactly what it prints on
    that store (all or nothing: never a mix);
  - then SQLite's `pragma integrity_check` says ok and the journal mode is
    still WAL;
  - then the same load, run again, completes and gives the "after" store.
Prints a tally of the outcomes (rolled back / committed). The random seed is
printed; OV_CRASH_SEED repeats a run. Exits 1 on any failed check.
"""
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

OV = os.environ["OV"]
TRIALS = int(os.environ.get("OV_CRASH_TRIALS", "20"))
N = int(os.environ.get("OV_CRASH_N", "3000"))  # companies per file (x3 entities)
seed = int(os.environ.get("OV_CRASH_SEED", str(time.time_ns() % (1 << 32))))
rng = random.Random(seed)
print(f"seed {seed}, {TRIALS} trials, {3 * N} entities per load")

failures = 0


def fail(msg):
    global failures
    failures += 1
    print("FAIL:", msg, file=sys.stderr)


def gen(path, prefix, n, renamed=0, renamed_prefix=None):
    with open(path, "w") as f:
        for i in range(n):
            c, p, o = f"{prefix}-c{i}", f"{prefix}-p{i}", f"{prefix}-o{i}"
            f.write(json.dumps({"id": c, "schema": "Company", "properties": {
                "name": [f"{prefix} Company {i}"], "country": ["cn"], "registrationNumber": [f"R{i}"]}}) + "\n")
            f.write(json.dumps({"id": p, "schema": "Person", "properties": {"name": [f"{prefix} Person {i}"]}}) + "\n")
            f.write(json.dumps({"id": o, "schema": "Ownership", "properties": {
                "owner": [p], "asset": [c], "percentage": ["60"]}}) + "\n")
        # later loads: some entities of the first file change their name (retires statements)
        for i in range(renamed):
            f.write(json.dumps({"id": f"{renamed_prefix}-c{i}", "schema": "Company", "properties": {
                "name": [f"Renamed Company {i}"], "country": ["cn"], "registrationNumber": [f"R{i}"]}}) + "\n")


def env_for(db):
    e = dict(os.environ)
    e["OVERSIGHT_DB"] = db
    return e


def remove_store(db):
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.unlink(db + suffix)
        except FileNotFoundError:
            pass


def copy_store(src, dst):
    remove_store(dst)
    shutil.copyfile(src, dst)  # templates are closed: no -wal content


def load(db, path, dataset):
    return subprocess.Popen([OV, "load", "--dataset", dataset, path], env=env_for(db),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


READS = [["stats", "--format", "json"], ["get", "k-c5"], ["search", "Company"], ["history", "k-c5"],
         ["owners", "k-c5"], ["controllers", "k-c5"], ["exposure", "k-c5"], ["report", "k-c5"],
         ["graph", "k-c5", "-o", "g.svg"], ["match", "Company 5"], ["typology"], ["export", "-o", "x.json"],
         ["deployments"], ["assess"], ["scores"]]


def reads(db):
    """Exit codes of every read command, and stats' output."""
    codes, stats = [], None
    for cmd in READS:
        p = subprocess.run([OV] + cmd, env=env_for(db), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        codes.append(p.returncode)
        if cmd[0] == "stats":
            stats = p.stdout
        if p.returncode not in (0, 3):
            fail(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.decode(errors='replace')[:300]}")
    return codes, stats


def check_sqlite(db, label):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    ok = con.execute("pragma integrity_check").fetchone()[0]
    mode = con.execute("pragma journal_mode").fetchone()[0]
    con.close()
    if ok != "ok":
        fail(f"{label}: integrity_check: {ok}")
    if mode != "wal":
        fail(f"{label}: journal mode {mode}")


# templates: empty, after A (the first load), after A then B (a later load)
gen("a.json", "k", N)
gen("b.json", "m", N // 2, renamed=N // 4, renamed_prefix="k")
subprocess.run([OV, "init"], env=env_for("empty.db"), check=True, stdout=subprocess.DEVNULL)
timings = {}
for name, src, path, ds in (("first", "empty.db", "a.json", "a"), ("later", "after_first.db", "b.json", "b")):
    dst = "after_first.db" if name == "first" else "after_later.db"
    copy_store(src, dst)
    t0 = time.monotonic()
    p = load(dst, path, ds)
    _, err = p.communicate()
    timings[name] = time.monotonic() - t0
    if p.returncode != 0:
        print(f"the {name} load failed: {err.decode(errors='replace')}")
        sys.exit(1)
print("load times: first %.3f s, later %.3f s" % (timings["first"], timings["later"]))
expect = {}
for db in ("empty.db", "after_first.db", "after_later.db"):
    copy_store(db, "probe.db")
    expect[db] = reads("probe.db")
if expect["empty.db"][1] == expect["after_first.db"][1] or expect["after_first.db"][1] == expect["after_later.db"][1]:
    fail("the loads do not change stats: the test cannot tell the states apart")

tally = {"first": {"rolled back": 0, "committed": 0}, "later": {"rolled back": 0, "committed": 0}}
for t in range(TRIALS):
    kind = "first" if t % 2 == 0 else "later"
    before, after = ("empty.db", "after_first.db") if kind == "first" else ("after_first.db", "after_later.db")
    path, ds = ("a.json", "a") if kind == "first" else ("b.json", "b")
    copy_store(before, "trial.db")
    delay = rng.uniform(0.0, timings[kind] * 1.2)
    p = load("trial.db", path, ds)
    time.sleep(delay)
    p.send_signal(signal.SIGKILL)
    p.wait()
    label = f"trial {t + 1} ({kind} load, killed after {delay * 1000:.0f} ms)"
    codes, stats = reads("trial.db")  # no write before these
    if stats == expect[before][1]:
        state = "rolled back"
        want = expect[before][0]
    elif stats == expect[after][1]:
        state = "committed"
        want = expect[after][0]
    else:
        fail(f"{label}: stats is neither the store before nor after the load:\n{stats[:400]!r}")
        continue
    tally[kind][state] += 1
    if codes != want:
        fail(f"{label}, {state}: exit codes {codes}, expected {want} ({[c[0] for c in READS]})")
    check_sqlite("trial.db", label)
    # the load again, to completion: the store works for writes as before
    p = load("trial.db", path, ds)
    _, err = p.communicate()
    if p.returncode != 0:
        fail(f"{label}: the load again exited {p.returncode}: {err.decode(errors='replace')[:300]}")
    elif state == "rolled back":
        p = subprocess.run([OV, "stats", "--format", "json"], env=env_for("trial.db"), stdout=subprocess.PIPE)
        if p.stdout != expect[after][1]:
            fail(f"{label}: after the load again, stats differ from a load without a crash")
    check_sqlite("trial.db", label + ", then loaded again")
    print(f"{label}: {state}")

print("tally:", json.dumps(tally))
print(f"{failures} failed checks")
sys.exit(1 if failures else 0)
