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
expect_exit 3 "$OV" report no-such-entity --format md
expect_exit 2 "$OV" report co-sensetime --format pdf
finish
