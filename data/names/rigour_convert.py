#!/usr/bin/python3
"""Converts rigour's YAML (data/names/rigour/, MIT) into the plain vocabulary
files the library embeds:

  org_types.txt  FORM<TAB>CLASS   a legal form as the normaliser sees it (Latin:
                 lower-case ASCII words separated by one space, the way
                 normalize.c tokenises: accents folded, punctuation splits, an
                 apostrophe joins; Han and other scripts: the text itself) and
                 its generic class (rigour's `generic`: llc, jsc, lp, soe,
                 ngo ...; else its `compare`/`display` form).
  ordinals.txt   N<TAB>FORM       a word or phrase that writes the number N
                 (0..100: number words, ordinals, Roman numerals) in ten
                 languages, normalised the same way.

Only the subset of YAML these files use is read (maps, lists, scalars, quotes,
comments); anything else is an error. No network, no pip packages.
  python3 data/names/rigour_convert.py          writes the two files
  python3 data/names/rigour_convert.py --check  exits 1 when they are stale
"""
import os, re, sys, unicodedata

here = os.path.dirname(os.path.abspath(__file__))

def scalar(s):
    s = s.strip()
    if s[:1] in "\"'":
        q = s[0]
        end = s.find(q, 1)
        if end < 0:
            raise ValueError("unterminated quote: %r" % s)
        return s[1:end]
    return re.sub(r"\s+#.*$", "", s).strip()

def latin_form(s):
    """As normalize.c tokenises ASCII (after ICU Latin-ASCII for accents)."""
    t = unicodedata.normalize("NFKD", s)
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = t.replace("ß", "ss").replace("ø", "o").replace("Ø", "o").replace("ł", "l").replace("æ", "ae")
    words, cur = [], ""
    for c in t:
        if c.isascii() and c.isalnum():
            cur += c.lower()
        elif c == "'":
            continue
        else:
            if cur:
                words.append(cur)
            cur = ""
    if cur:
        words.append(cur)
    return " ".join(words)

def is_han(s):
    return all(0x2E80 <= ord(c) <= 0x9FFF or 0xF900 <= ord(c) <= 0xFAFF or 0x20000 <= ord(c) for c in s)

def form(s):
    s = s.strip()
    if not s:
        return None
    if all(ord(c) < 0x250 or unicodedata.category(c).startswith("M") for c in s):
        f = latin_form(s)
        return f or None
    return s  # Han or another script: matched as written (Han) or after ICU (others)

def org_types(path):
    out = {}
    cur = None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if line.startswith("types:"):
                continue
            m = re.match(r"^  - (\w+): (.*)$", line)
            if m:
                cur = {"aliases": []}
                cur[m.group(1)] = scalar(m.group(2))
                types.append(cur)
                continue
            m = re.match(r"^  - (\w+):\s*$", line)
            if m:
                cur = {"aliases": []}
                types.append(cur)
                continue
            m = re.match(r"^    (\w+):\s*(.*)$", line)
            if m and cur is not None:
                if m.group(1) != "aliases":
                    cur[m.group(1)] = scalar(m.group(2))
                continue
            m = re.match(r"^      - (.*)$", line)
            if m and cur is not None:
                cur["aliases"].append(scalar(m.group(1)))
                continue
            raise ValueError("%s:%d: unexpected line %r" % (path, n, line))
    return out

types = []

def convert_org_types():
    org_types(os.path.join(here, "rigour", "org_types.yml"))
    rows = {}
    for t in types:
        cls = t.get("generic") or t.get("compare") or t.get("display") or (t["aliases"] or [""])[0]
        cls = latin_form(cls).replace(" ", "") if cls else ""
        if not cls:
            continue
        for a in t["aliases"] + [t.get("display", ""), t.get("compare", "")]:
            f = form(a or "")
            if not f or len(f) > 100:
                continue
            # a form listed under two types keeps its first class (rigour lists the most common first)
            rows.setdefault(f, cls)
    return "".join("%s\t%s\n" % (f, c) for f, c in sorted(rows.items()))

def convert_ordinals():
    rows = set()
    num = None
    with open(os.path.join(here, "rigour", "ordinals.yml"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip() or line.lstrip().startswith("#") or line.startswith("ordinals:"):
                continue
            m = re.match(r"^  (\d+):\s*$", line)
            if m:
                num = int(m.group(1))
                continue
            m = re.match(r"^    - (.*)$", line)
            if m and num is not None:
                v = scalar(m.group(1))
                f2 = form(v)
                # digits are read as digits already; forms with a digit are the
                # digit and a suffix (8th, No. 8): keep those with letters only
                if f2 and not re.search(r"\d", v) and re.fullmatch(r"[a-z ]+", f2):
                    rows.add((num, f2))
                continue
            raise ValueError("ordinals.yml:%d: unexpected line %r" % (n, line))
    return "".join("%d\t%s\n" % r for r in sorted(rows))

def symbol_rows(sections, pattern):
    """symbols.yml's entries under the given top-level sections, as sorted
    GROUP<TAB>FORM lines, the forms that match pattern (after form())."""
    rows = set()
    group = None
    inside = False
    with open(os.path.join(here, "rigour", "symbols.yml"), encoding="utf-8") as f:
        for line in f:
            if re.match(r"^\S", line):
                inside = line.startswith(sections)
                continue
            if not inside or not line.strip() or line.lstrip().startswith("#"):
                continue
            m = re.match(r"^  (\S+):\s*$", line)
            if m:
                group = m.group(1)
                continue
            m = re.match(r"^    - (.*)$", line)
            if m and group:
                f2 = form(scalar(m.group(1)))
                if f2 and re.fullmatch(pattern, f2):
                    rows.add((group, f2))
    return "".join("%s\t%s\n" % r for r in sorted(rows))

def convert_nicks():
    """symbols.yml person_nick: groups of given names that are one name
    (Bob = Robert); written GROUP<TAB>NAME (Latin only)."""
    return symbol_rows(("person_nick:",), r"[a-z]+")

def convert_descriptors():
    """symbols.yml org_symbols and org_domains: the descriptor words of
    organisation names (company, ministry, military, intelligence, bank ...),
    as GROUP<TAB>WORD, one-word Latin forms only (the matcher's descriptor
    rule compares full forms word by word)."""
    return symbol_rows(("org_symbols:", "org_domains:"), r"[a-z]{3,}")

HEAD_DESC = ("# GENERATED by rigour_convert.py from rigour/symbols.yml org_symbols and org_domains\n"
             "# (opensanctions/rigour, MIT): a descriptor group, TAB, a one-word Latin form of it.\n")
HEAD_NICK = ("# GENERATED by rigour_convert.py from rigour/symbols.yml person_nick (opensanctions/rigour, MIT):\n"
             "# a group, TAB, a given name of it (Bob = Robert).\n")
HEAD_ORG = ("# GENERATED by rigour_convert.py from rigour/org_types.yml (opensanctions/rigour, MIT):\n"
            "# a legal form as normalised, TAB, its generic class.\n")
HEAD_ORD = ("# GENERATED by rigour_convert.py from rigour/ordinals.yml (opensanctions/rigour, MIT):\n"
            "# a number, TAB, a word or phrase that writes it.\n")

def main():
    outs = {"org_types.txt": HEAD_ORG + convert_org_types(), "ordinals.txt": HEAD_ORD + convert_ordinals(),
            "person_nicks.txt": HEAD_NICK + convert_nicks(),
            "descriptors.txt": HEAD_DESC + convert_descriptors()}
    stale = False
    for fn, text in outs.items():
        p = os.path.join(here, fn)
        if "--check" in sys.argv:
            try:
                cur = open(p, encoding="utf-8").read()
            except OSError:
                cur = None
            if cur != text:
                print("stale:", fn, file=sys.stderr)
                stale = True
        else:
            with open(p, "w", encoding="utf-8") as f:
                f.write(text)
            print("wrote", fn, text.count("\n") - 2, "rows")
    sys.exit(1 if stale else 0)

main()
