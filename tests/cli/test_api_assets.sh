#!/bin/sh
# src/http/assets.c is generated from data/web by data/web/embed.py: it must
# be up to date, and the OpenAPI file must be valid JSON naming every endpoint.
. "$TESTS/cli/lib.sh"
TOP=$(cd "$TESTS/.." && pwd)
python3 "$TOP/data/web/embed.py" >"$WORK/assets.c"
expect_same "$WORK/assets.c" "$TOP/src/http/assets.c"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["openapi"].startswith("3."); assert len(d["paths"]) >= 12' \
  "$TOP/data/web/openapi.json"; then pass; else fail "data/web/openapi.json is not a valid OpenAPI document"; fi
finish
