#!/bin/sh
# data/web/openapi.json passes Redocly's lint (its recommended rules, tests/openapi/redocly.yaml)
# with no error and no warning, and the served copy is the same document. Redocly's CLI is
# installed from tests/openapi/package-lock.json by `make deps` (tests/openapi/install.sh).
. "$TESTS/cli/lib.sh"
TOP=$(cd "$TESTS/.." && pwd)
REDOCLY="$TESTS/openapi/node_modules/.bin/redocly"
if [ ! -x "$REDOCLY" ]; then
  fail "Redocly's CLI is not installed: run make deps (tests/openapi/install.sh)"
  finish; exit 1
fi
"$REDOCLY" lint --config "$TESTS/openapi/redocly.yaml" "$TOP/data/web/openapi.json" >"$WORK/lint.out" 2>&1
rc=$?
if [ "$rc" -eq 0 ]; then pass; else fail "redocly lint exited $rc: $(grep -v '║' "$WORK/lint.out" | tail -20)"; fi
expect_contains "$WORK/lint.out" "Your API description is valid"
expect_not_contains "$WORK/lint.out" "You have"  # "You have N warnings."
# the lint fails on a broken description (an operation without responses, a dangling $ref)
python3 - "$TOP/data/web/openapi.json" "$WORK/broken.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["paths"]["/healthz"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {"$ref": "#/components/schemas/NoSuchSchema"}
json.dump(d, open(sys.argv[2], "w"))
PY
if "$REDOCLY" lint --config "$TESTS/openapi/redocly.yaml" "$WORK/broken.json" >"$WORK/broken.out" 2>&1; then
  fail "redocly lint accepts a dangling \$ref"
else pass; fi
# the spec is formatted as json.dumps(indent=1, ensure_ascii=False) and embedded as it is
python3 - "$TOP/data/web/openapi.json" <<'PY' && pass || fail "openapi.json is not formatted as json.dumps(indent=1, ensure_ascii=False)"
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
assert text == json.dumps(json.loads(text), indent=1, ensure_ascii=False) + "\n"
PY
finish
