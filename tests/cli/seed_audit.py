#!/usr/bin/env python3
"""The audit of the bundled record (data/seed), re-run mechanically.

usage: seed_audit.py SEED_DIR FIXTURE_DIR STATEMENTS_CSV

SEED_DIR is data/seed; FIXTURE_DIR holds the submission's text and the curated
files (tests/fixtures/seed); STATEMENTS_CSV is the statements export of a store
into which every SEED_DIR/*.csv was loaded (so statuses are checked as loaded).

Checks:
 1. citations of the submission: every statement citing a footnote document
    (hric-fn-NN) has a locator `fn. N: "<quote>"` with N = NN whose quote is
    in the submission and is either words of footnote N (or of the footnote an
    "Id." refers to) or a passage of the body carrying marker N (inside the
    quote or right after it, only punctuation or spaces between); every
    statement citing the submission itself quotes it (body or footnote) or is
    a footnote's own record; a value's wording as the source gives it
    (original_value) and a qualifier are words of the passage cited;
 2. no statement whose source is the submission or one of its footnotes is
    "verified";
 3. every row of the curated files below "high" confidence loads as
    `unverified` (and every "high" row as `asserted`), and the locators give
    the row's confidence as the file does;
 4. Oversight's own work cites Oversight's documents: every assessment answer
    cites an assessment-round Document (author Oversight, with a date and a
    method), every framework choice the framework Document; the submission is
    cited there only for the recommendation an indicator quotes;
 5. data/seed/README.md's table gives each file's dataset, entities and
    statements as the files have them.

Prints what it checked with the numbers, and each failure; exits 1 on any.
This is an implementation of its own, not the generators' code: it is the
second pair of eyes.
"""
import csv
import glob
import os
import re
import sys

SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"
DIGITS = str.maketrans(SUP, "0123456789")
TRAIL = set(" \t\n,.;:)”’\"'*")
FAILS = []


def fail(msg):
    FAILS.append(msg)
    if len(FAILS) <= 40:
        print("FAIL: " + msg)


def norm(s):
    s = re.sub("[" + SUP + "]", "", s).replace("*", "")
    return re.sub(r"\s+", " ", s).strip()


class Submission:
    def __init__(self, path):
        self.text = open(path, encoding="utf-8").read()
        end = self.text.index("\n¹ ")
        self.body = self.text[:end]
        self.fn = {}
        cur = None
        for line in self.text[end:].split("\n"):
            m = re.match("^([" + SUP + "]+) ", line)
            if m:
                cur = int(m.group(1).translate(DIGITS))
                self.fn[cur] = line[len(m.group(0)):].strip()
            elif cur and line.strip():
                self.fn[cur] += " " + line.strip()
        assert sorted(self.fn) == list(range(1, 29)), sorted(self.fn)
        self.nfn = {n: norm(t) for n, t in self.fn.items()}
        # the body without markers, each character mapped back to the text
        out, at, space = [], [], False
        for i, ch in enumerate(self.body):
            if ch in SUP or ch == "*":
                continue
            if ch.isspace():
                if out and not space:
                    out.append(" ")
                    at.append(i)
                space = True
                continue
            space = False
            out.append(ch)
            at.append(i)
        self.nbody, self.at = "".join(out), at

    def markers(self, quote):
        """For each place the quote occurs in the body: the footnote numbers
        of the markers inside it or right after it."""
        q, found, k = norm(quote), [], -1
        while q:
            k = self.nbody.find(q, k + 1)
            if k < 0:
                break
            a, b = self.at[k], self.at[k + len(q) - 1] + 1
            while b < len(self.body) and self.body[b] in TRAIL:
                b += 1
            while b < len(self.body) and self.body[b] in SUP:
                b += 1
            found.append({int(m.translate(DIGITS)) for m in re.findall("[" + SUP + "]+", self.body[a:b])})
        return found

    def in_footnote(self, n, quote):
        return n in self.nfn and norm(quote) in self.nfn[n]

    def in_body(self, quote):
        return norm(quote) in self.nbody


LOC_FN = re.compile(r'^fn\. (\d+)(?: \(Id\., fn\. (\d+)\))?: "(.*)"$', re.S)
LOC_BARE = re.compile(r"^fn\. (\d+)$")
LOC_SUB = re.compile(r'^hric-submission, ([^:"]+): "(.*)"$', re.S)


def audit_citations(sub, rows):
    n_fn = n_marker = n_fntext = n_sub = n_bib = n_bare = n_body = 0
    fn_docs = {f"hric-fn-{n:02d}": n for n in range(1, 29)}
    n_words = 0
    for r in rows:
        src, loc = r["source"], r["locator"]
        what = f"{r['entity_id']}.{r['prop']} ({src}: {loc[:90]!r})"
        # a value's wording (original_value) and a qualifier are words of the passage cited
        if r["dataset"] == "hric_submission" and (r["original_value"] or r["prop"] == "qualifier"):
            q = re.search(r'"(.*)"$', loc, re.S)
            said = r["original_value"] or r["value"]
            if r["prop"] == "title":
                said = said.strip("《》")
            n_words += 1
            if not q or norm(said).lower() not in norm(q.group(1)).lower():
                fail(f"{said!r} is not in the passage cited: {what}")
        if r["dataset"] == "hric_submission" and src not in fn_docs and src != "hric-submission":
            fail(f"a statement of the submission's dataset cites neither it nor a footnote: {what}")
        if src in fn_docs:
            n_fn += 1
            m = LOC_FN.match(loc)
            if not m:
                fail(f"footnote citation without a quoted locator: {what}")
                continue
            n, ref, quote = int(m.group(1)), m.group(2), m.group(3)
            if n != fn_docs[src]:
                fail(f"locator names fn. {n} but the source is {src}: {what}")
                continue
            if sub.in_footnote(n, quote) or (ref and sub.in_footnote(int(ref), quote)):
                n_fntext += 1
            elif not sub.in_body(quote):
                fail(f"quote not in the submission: {what}")
            elif any(n in ms for ms in sub.markers(quote)):
                n_marker += 1
            else:
                fail(f"quote cited to fn. {n} does not carry marker {n} (carries {sub.markers(quote)}): {what}")
        elif src == "hric-submission":
            n_sub += 1
            m, b, s = LOC_FN.match(loc), LOC_BARE.match(loc), LOC_SUB.match(loc)
            if m:  # the bibliographic data of a footnote, quoted from it
                n_bib += 1
                n, ref = int(m.group(1)), m.group(2)
                if not (sub.in_footnote(n, m.group(3)) or (ref and sub.in_footnote(int(ref), m.group(3)))):
                    fail(f"footnote words not in fn. {n}: {what}")
                if r["entity_id"] != f"hric-fn-{n:02d}":
                    fail(f"footnote {n}'s words cited for another entity: {what}")
            elif b:  # a footnote document's own record (its number, text)
                n_bare += 1
                n = int(b.group(1))
                if r["entity_id"] != f"hric-fn-{n:02d}":
                    fail(f"bare footnote locator on another entity: {what}")
                if r["prop"] == "footnote" and r["value"] != str(n):
                    fail(f"footnote number {r['value']} != {n}: {what}")
                if r["prop"] == "description" and not r["value"].startswith(sub.fn[n]):
                    fail(f"footnote {n}'s text is not verbatim: {what}")
            elif s:
                n_body += 1
                if not sub.in_body(s.group(2)):
                    fail(f"quote not in the submission's body: {what}")
            elif r["entity_id"] == "hric-submission" and loc == "hric-submission.txt (the submission's text)":
                pass
            else:
                fail(f"citation of the submission without a quote: {what}")
    print(f"1. footnote citations: {n_fn} statements (quote carries the marker: {n_marker}; "
          f"footnote's own words: {n_fntext}); submission citations: {n_sub} "
          f"(footnote bibliographic data: {n_bib}, footnote records: {n_bare}, body quotes: {n_body}); "
          f"values' wordings and qualifiers found in the passage cited: {n_words}")
    return n_fn


def audit_verified(rows):
    subs = [r for r in rows if r["source"] == "hric-submission" or r["source"].startswith("hric-fn-")]
    bad = [r for r in subs if r["status"] == "verified"]
    for r in bad[:5]:
        fail(f"a statement of the submission's sources is verified: {r['entity_id']}.{r['prop']}")
    allv = sum(1 for r in rows if r["status"] == "verified")
    print(f"2. statements citing the submission or its footnotes: {len(subs)}, verified: {len(bad)} "
          f"(verified in the whole record: {allv})")


CURATED = [("20_curated_restricted_list_events.csv", "restricted_list_events.csv"),
           ("21_curated_surveillance_ownership.csv", "surveillance_ownership_seed.csv"),
           ("22_curated_camera_brands.csv", "camera_brand_relations_seed.csv")]
ROW = re.compile(r"^(\S+\.csv) row (\d+)\b")


def audit_curated(fixtures, rows):
    cited = {}
    for r in rows:
        m = ROW.match(r["locator"])
        if m:
            cited.setdefault((m.group(1), int(m.group(2))), []).append(r)
    below = high = n_unv = n_ass = 0
    for _seedfile, name in CURATED:
        with open(os.path.join(fixtures, name), newline="", encoding="utf-8") as f:
            for i, row in enumerate(csv.DictReader(f), 1):
                conf = row["confidence"].strip()
                sts = cited.get((name, i), [])
                if not sts:
                    fail(f"{name} row {i} ({conf}): no statement cites it")
                    continue
                want = "asserted" if conf == "high" else "unverified"
                if conf == "high":
                    high += 1
                    n_ass += len(sts)
                else:
                    below += 1
                    n_unv += len(sts)
                for r in sts:
                    if r["status"] != want:
                        fail(f"{name} row {i} (confidence {conf!r}) loads {r['entity_id']}.{r['prop']} "
                             f"as {r['status']}, not {want}")
                    got = r["locator"].rsplit("confidence: ", 1)[-1]
                    if got != conf:
                        fail(f"{name} row {i}: locator gives confidence {got!r}, the file {conf!r}")
    print(f"3. curated rows: {below} below high confidence ({n_unv} statements, all must be unverified), "
          f"{high} high ({n_ass} statements, asserted)")


def audit_oversight(rows):
    docs = {}
    for r in rows:
        if r["schema"] == "Document":
            docs.setdefault(r["entity_id"], {}).setdefault(r["prop"], []).append(r["value"])
    ours = {d for d, p in docs.items() if "Oversight" in p.get("author", [])}
    rounds = {d for d in ours if p_has(docs[d], "date") and p_has(docs[d], "description")}
    n_ans = n_fw = n_quote = 0
    answered = set()
    for r in rows:
        what = f"{r['entity_id']}.{r['prop']} ({r['source']})"
        if r["schema"] == "Assessment":
            if r["prop"] == "description" and r["source"].startswith("hric-fn-"):
                continue  # the fact the answer rests on, checked under 1.
            if r["source"] not in rounds:
                fail(f"assessment statement not cited to an assessment round of Oversight's: {what}")
            if r["prop"] == "answer":
                n_ans += 1
                answered.add(r["entity_id"])
        elif r["schema"] in ("IndicatorFramework", "Indicator", "IndicatorElement"):
            if r["prop"] == "sourceText":
                n_quote += 1
                if r["source"] != "hric-submission":
                    fail(f"an indicator's quoted recommendation not cited to the submission: {what}")
            elif r["prop"] == "notes" and r["schema"] == "IndicatorFramework" and r["source"] == "hric-submission":
                pass
            elif r["source"] not in ours:
                fail(f"a framework choice not cited to Oversight's framework document: {what}")
            else:
                n_fw += 1
    asmts = {r["entity_id"] for r in rows if r["schema"] == "Assessment"}
    for a in sorted(asmts - answered)[:5]:
        fail(f"assessment without an answer: {a}")
    print(f"4. Oversight's documents: {len(ours)} ({len(rounds)} with date and method); answers citing a round: "
          f"{n_ans}; framework statements citing the framework document: {n_fw}; quoted recommendations: {n_quote}")


def p_has(props, name):
    return bool(props.get(name))


def audit_readme(seed):
    text = open(os.path.join(seed, "README.md"), encoding="utf-8").read()
    table = {}
    for line in text.splitlines():
        m = re.match(r"^\|\s*(\d\d_[^|]+\.csv)\s*\|\s*([^|]+?)\s*\|.*\|\s*([\d,]+)\s*\|\s*([\d,]+)\s*\|\s*$", line)
        if m:
            table[m.group(1).strip()] = (m.group(2).strip(), int(m.group(3).replace(",", "")),
                                         int(m.group(4).replace(",", "")))
    files = sorted(os.path.basename(f) for f in glob.glob(os.path.join(seed, "*.csv")))
    if sorted(table) != files:
        fail(f"README.md lists {sorted(table)}, the folder has {files}")
    for f in files:
        with open(os.path.join(seed, f), newline="", encoding="utf-8") as fh:
            rs = list(csv.DictReader(fh))
        ents = len({r["entity_id"] for r in rs})
        dsets = {r["dataset"] for r in rs}
        if f not in table:
            continue
        ds, e, s = table[f]
        if (ds, e, s) != (",".join(sorted(dsets)), ents, len(rs)):
            fail(f"README.md: {f} is given as {ds} / {e} entities / {s} statements; the file has "
                 f"{','.join(sorted(dsets))} / {ents} / {len(rs)}")
    print(f"5. README.md: {len(table)} files, counts and datasets compared with the files")


def main():
    seed, fixtures, stmts = sys.argv[1:4]
    sub = Submission(os.path.join(fixtures, "hric-submission.txt"))
    with open(stmts, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["prop"] != "id"]
    if len(rows) < 5000:
        fail(f"only {len(rows)} statements loaded")
    n = audit_citations(sub, rows)
    if n < 100:
        fail(f"only {n} footnote citations: the audit found too little to check")
    audit_verified(rows)
    audit_curated(fixtures, rows)
    audit_oversight(rows)
    audit_readme(seed)
    print(f"{len(FAILS)} failures")
    sys.exit(1 if FAILS else 0)


if __name__ == "__main__":
    main()
