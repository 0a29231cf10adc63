#!/usr/bin/env python3
"""Entities with planted duplicates for the cross-referencing benchmark (issue 16).

    python3 bench/resolve/gen.py N OUTDIR

Deterministic (fixed seed). Writes OUTDIR/entities.jsonl (N FtM entities: companies
and a few people) and OUTDIR/truth.tsv (one planted pair per line: original id, twin
id). About 1 in 10 entities is a twin of an earlier one, written independently of the
original as another source would: its legal form spelt differently or dropped
("Co., Ltd." / "Company Limited" / "Ltd"), its punctuation and case changed, a typo
(a letter swapped, dropped or doubled) in one of the words, the words of a
transliteration run together, the country kept or not, and sometimes the same
registration number or LEI. Names are random syllables, so two originals that
collide by chance are not planted pairs (they count against precision).
"""
import json
import os
import random
import sys

SEED = 16
SYL = ["ka", "lo", "mi", "ra", "ten", "vo", "shi", "zan", "bel", "dor", "fen", "gua", "hai", "jin", "kor",
       "lux", "mar", "nor", "pol", "qin", "ros", "sun", "tav", "uli", "vex", "wen", "xia", "yor", "zhu", "bri",
       "cal", "del", "eri", "fal", "gor", "hel", "ist", "jar", "kel", "lan", "mor", "nev", "ost", "pra", "rin"]
SECTOR = ["Technology", "Trading", "Electronics", "Security", "Systems", "Vision", "Networks", "Industries",
          "Holdings", "Logistics", "Optics", "Software", "Engineering", "Telecom", "Data", "Intelligence"]
FORMS = [["Co., Ltd.", "Company Limited", "Co. Ltd", "Ltd"], ["Limited", "Ltd.", "Ltd"], ["Inc.", "Incorporated", "Inc"],
         ["Corporation", "Corp.", "Corp"], ["GmbH", "G.m.b.H."], ["LLC", "L.L.C."], ["S.A.", "SA"], ["AG", "A.G."]]
COUNTRIES = ["cn", "us", "gb", "de", "fr", "ru", "ae", "sg", "hk", "il", "in", "br"]


def word(r):
    return "".join(r.choice(SYL) for _ in range(r.randint(2, 3))).capitalize()


def typo(r, w):
    if len(w) < 5:
        return w
    i = r.randint(1, len(w) - 2)
    k = r.random()
    if k < 0.33:
        return w[:i] + w[i + 1] + w[i] + w[i + 2:]      # two letters swapped
    if k < 0.66:
        return w[:i] + w[i + 1:]                        # one dropped
    return w[:i] + w[i] + w[i:]                         # one doubled


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    os.makedirs(out, exist_ok=True)
    r = random.Random(SEED)
    originals = []  # (id, words, form group, country, regno, lei)
    with open(os.path.join(out, "entities.jsonl"), "w") as f, open(os.path.join(out, "truth.tsv"), "w") as t:
        for i in range(n):
            eid = f"e{i:07d}"
            if originals and r.random() < 0.10:
                oid, words, fg, cc, reg, lei = r.choice(originals)
                w = list(words)
                v = r.random()
                if v < 0.35:
                    j = r.randrange(len(w))
                    w[j] = typo(r, w[j])
                elif v < 0.5 and len(w) > 2:
                    w = [w[0] + w[1].lower()] + w[2:]       # a transliteration run together
                name = " ".join(w)
                k = r.random()
                if k < 0.7:
                    name += " " + r.choice(FORMS[fg])           # the legal form as this source spells it
                if r.random() < 0.3:
                    name = name.upper() if r.random() < 0.5 else name.replace(".", "").replace(",", "")
                props = {"name": [name]}
                if r.random() < 0.7:
                    props["country"] = [cc]
                if reg and r.random() < 0.3:
                    props["registrationNumber"] = [reg]
                if lei and r.random() < 0.5:
                    props["leiCode"] = [lei]
                f.write(json.dumps({"id": eid, "schema": "Company", "properties": props}) + "\n")
                t.write(f"{oid}\t{eid}\n")
                continue
            if r.random() < 0.05:
                props = {"name": [f"{word(r)} {word(r)}"], "nationality": [r.choice(COUNTRIES)]}
                f.write(json.dumps({"id": eid, "schema": "Person", "properties": props}) + "\n")
                continue
            words = [word(r), word(r)] + [r.choice(SECTOR)]
            fg = r.randrange(len(FORMS))
            cc = r.choice(COUNTRIES)
            reg = f"{cc.upper()}{r.randrange(10**9):09d}" if r.random() < 0.4 else ""
            lei = "".join(r.choice("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(20)) if r.random() < 0.1 else ""
            props = {"name": [" ".join(words) + " " + FORMS[fg][0]], "country": [cc]}
            if reg:
                props["registrationNumber"] = [reg]
            if lei:
                props["leiCode"] = [lei]
            originals.append((eid, tuple(words), fg, cc, reg, lei))
            f.write(json.dumps({"id": eid, "schema": "Company", "properties": props}) + "\n")


main()
