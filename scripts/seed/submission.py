"""The HRIC submission's text (../shared/seed/hric-submission.txt) and the
checks every seed generator applies to what it quotes from it (stdlib only).

- check(quote): the quote occurs in the submission (footnote markers,
  markdown emphasis and line breaks ignored);
- check_cited(n, quote): a quote cited to footnote n is words of footnote n
  itself, or a passage of the body that carries marker n: the marker (a
  superscript number, e.g. "²⁴") inside the quote or right after it, with only
  punctuation, closing quotes or spaces between.
"""
import os
import re

from common import SHARED

SUB_PATH = os.path.join(SHARED, "seed", "hric-submission.txt")
SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"
TEXT = open(SUB_PATH, encoding="utf-8").read()


def norm(s):
    s = re.sub("[" + SUP + "]", "", s)
    s = s.replace("*", "")
    return re.sub(r"\s+", " ", s).strip()


def _normalised_with_map(text):
    """norm(text) and, for each of its characters, the index in text it
    comes from (so a quote found in the normalised text can be placed back
    among the footnote markers)."""
    out, where, space = [], [], False
    for i, ch in enumerate(text):
        if ch in SUP or ch == "*":
            continue
        if ch.isspace():
            if out and not space:
                out.append(" ")
                where.append(i)
            space = True
            continue
        space = False
        out.append(ch)
        where.append(i)
    return "".join(out), where


NTEXT = norm(TEXT)
_BODY_END = TEXT.index("\n¹ ")  # the footnotes start here
_NBODY, _NBODY_AT = _normalised_with_map(TEXT[:_BODY_END])
# what may stand between a quote and the marker that follows it
_TRAIL = set(" \t\n,.;:)”’\"'*")


def footnotes():
    out, cur = {}, None
    for line in TEXT[_BODY_END:].split("\n"):
        m = re.match("^([" + SUP + "]+) ", line)
        if m:
            cur = int(m.group(1).translate(str.maketrans(SUP, "0123456789")))
            out[cur] = line[len(m.group(0)):].strip()
        elif cur and line.strip():
            out[cur] += " " + line.strip()
    return out


FN = footnotes()
assert sorted(FN) == list(range(1, 29)), sorted(FN)


def markers_of(quote):
    """The footnote numbers whose markers the quote carries in the body of
    the submission: a marker inside the quote, or right after it (only
    punctuation, closing quotes or spaces between). One set per place the
    quote occurs."""
    q = norm(quote)
    found, start = [], 0
    while True:
        k = _NBODY.find(q, start)
        if k < 0:
            return found
        a, b = _NBODY_AT[k], _NBODY_AT[k + len(q) - 1] + 1
        while b < len(TEXT) and TEXT[b] in _TRAIL:
            b += 1
        while b < len(TEXT) and TEXT[b] in SUP:
            b += 1
        nums = {int(m.translate(str.maketrans(SUP, "0123456789")))
                for m in re.findall("[" + SUP + "]+", TEXT[a:b])}
        found.append(nums)
        start = k + 1


def check(quote):
    if norm(quote) not in NTEXT:
        raise SystemExit(f"quote not in the submission: {quote!r}")


def check_cited(n, quote):
    """A quote cited to footnote n is the footnote's own text, or a passage
    of the body that carries footnote marker n."""
    check(quote)
    if norm(quote) in norm(FN[n]):
        return
    if any(n in nums for nums in markers_of(quote)):
        return
    raise SystemExit(f"fn. {n} cited for a passage that does not carry its marker: {quote!r}")
