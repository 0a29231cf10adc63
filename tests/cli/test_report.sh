# Reports: a dossier with numbered footnotes (Markdown and HTML), the picture,
# and every value escaped, an XSS payload in a name included.
. "$TESTS/cli/lib.sh"
ROOT="$TESTS/.."
"$OV" init >/dev/null
for f in "$ROOT"/data/seed/*.csv; do "$OV" load "$f" >/dev/null 2>&1 || fail "load $f"; done
printf '%s\n' '{"id":"xss-1","schema":"Company","properties":{"name":["<script>alert(1)</script>"],"country":["cn"],"notes":["<img src=x onerror=alert(2)> [link](javascript:alert(3))"]}}' \
  '{"id":"xss-own","schema":"Ownership","properties":{"owner":["co-hikvision"],"asset":["xss-1"],"percentage":["60%"]}}' > xss.json
expect_exit 0 "$OV" load xss.json
expect_exit 0 "$OV" report co-sensetime --format md -o s.md
python3 - <<'PY' && pass || fail "Markdown footnotes: $(head -c 400 s.md)"
import re
md = open("s.md", encoding="utf-8").read()
refs = set(re.findall(r"\[\^(\d+)\](?!:)", md))
defs = set(re.findall(r"^\[\^(\d+)\]:", md, re.M))
assert refs and refs == defs, (refs ^ defs)
# the revenue share, alleged, with footnote 12 of the submission behind it
line = next(l for l in md.splitlines() if l.startswith("- revenue"))
n = re.search(r"\[\^(\d+)\]", line).group(1)
note = next(l for l in md.splitlines() if l.startswith(f"[^{n}]:"))
assert "40" in line and "(alleged)" in line and "fn. 12" in note, (line, note)
assert "## Legal exposure" in md and "support intelligence work — National Intelligence Law, Art. 14[^" in md
assert "## Lists" in md and "1260H" in md
PY
[ -s s.md.svg ] && grep -q "<svg" s.md.svg && pass || fail "the picture beside the Markdown"
expect_exit 0 "$OV" report xss-1 --format html -o x.html
expect_not_contains x.html "<script>alert"
expect_not_contains x.html "<img src=x"
expect_contains x.html "&lt;script&gt;alert(1)&lt;/script&gt;"
expect_contains x.html "<svg"
expect_exit 0 "$OV" report xss-1 --format md
expect_not_contains "$WORK/out" "<script>"
expect_not_contains "$WORK/out" "[link](javascript"
# names, not ids; one line per list; addresses as links; a distinct anchor per reference;
# every statement the record holds of it, the alleged ones marked
expect_exit 0 "$OV" report co-hikvision --format md -o h.md
expect_contains h.md "- Parent company: China Electronics Technology Group Corporation (CETC)"
expect_not_contains h.md "co-cetc"
expect_contains h.md "Grid-style surveillance systems used in Xinjiang (alleged)"
expect_contains h.md "<https://"
n1260=$(grep -c "^- Section 1260H list of Chinese military companies" h.md)
[ "$n1260" -eq 1 ] && pass || fail "the 1260H list on one line, not $n1260"
expect_contains h.md "US DoD: 2021-06-03["
expect_exit 0 "$OV" report co-hikvision --format html -o h.html
python3 - <<'PY' && pass || fail "HTML dossier: anchors, links, names"
import re
h = open("h.html", encoding="utf-8").read()
ids = re.findall(r'id="([^"]+)"', h)
assert len(ids) == len(set(ids)), [i for i in set(ids) if ids.count(i) > 1]
# every reference points at a note that exists, every note links back to a reference that exists
for n in re.findall(r'href="#fn(\d+)"', h):
    assert 'id="fn%s"' % n in h, n
for n in re.findall(r'href="#(ref[\d-]+)"', h):
    assert 'id="%s"' % n in h, n
assert re.search(r'<a href="https://[^"]+" rel="noopener noreferrer">https://', h)
assert '<a href="/entity/co-cetc">China Electronics Technology Group Corporation (CETC)</a>' in h
PY
# the dossier's data as JSON: the statements and the explanation objects
expect_exit 0 "$OV" report co-hikvision --format json -o h.json
python3 - <<'PY' && pass || fail "JSON dossier: $(head -c 300 h.json)"
import json
d = json.load(open("h.json", encoding="utf-8"))
assert d["entity"]["id"] == "co-hikvision" and d["entity"]["caption"] == "Hikvision"
parent = [s for s in d["statements"] if s["prop"] == "parent"][0]
assert parent["entity"] == {"id": "co-cetc", "name": "China Electronics Technology Group Corporation (CETC)"}
assert d["controllers"]["question"] == "controllers" and d["exposure"]["question"] == "exposure"
assert d["typology"]["conclusions"] and d["owners"]["conclusions"]
assert any(l["status"] == "alleged" and "Xinjiang" in l["to"]["name"] for l in d["links"])
assert len(d["lists"]) >= 10
PY
expect_exit 3 "$OV" report no-such-entity --format json
expect_exit 3 "$OV" report no-such-entity --format md
expect_exit 2 "$OV" report co-sensetime --format pdf
finish
