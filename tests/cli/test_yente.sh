#!/bin/sh
# yente's API (/match, /search, /entities, /catalog, /algorithms, /healthz, /readyz),
# OpenRefine's reconciliation service and CORS, over loopback against a real server
# (tests/api/yente_test.py); then CORS for any origin, CORS off by default, and bad --cors.
. "$TESTS/cli/lib.sh"
SERVE_ARGS="--cors https://refine.example"
. "$TESTS/api/server.sh"
if python3 "$TESTS/api/yente_test.py" "$URL" >"$WORK/yente.out" 2>&1; then pass
else fail "yente_test.py: $(cat "$WORK/yente.out")"; fi
tail -1 "$WORK/yente.out"
stop_server
# --cors '*': any origin may read
start_server any --cors '*'
python3 - "$URL" <<'PY' && pass || fail "--cors '*': every origin may read"
import sys, urllib.request
r = urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "healthz", headers={"Origin": "https://any.example"}))
assert r.headers.get("Access-Control-Allow-Origin") == "*", dict(r.headers)
PY
kill -TERM "$SERVER_PID"; wait "$SERVER_PID"
# off by default: no CORS headers, and a preflight is not answered
start_server off
python3 - "$URL" <<'PY' && pass || fail "without --cors a browser on another origin may not read"
import sys, urllib.error, urllib.request
r = urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "healthz", headers={"Origin": "https://refine.example"}))
assert "Access-Control-Allow-Origin" not in r.headers, dict(r.headers)
try:
    urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "match/default", method="OPTIONS",
                                                  headers={"Origin": "https://refine.example",
                                                           "Access-Control-Request-Method": "POST"}))
    raise SystemExit("the preflight was answered")
except urllib.error.HTTPError as e:
    assert e.code == 405 and "Access-Control-Allow-Origin" not in e.headers, (e.code, dict(e.headers))
PY
kill -TERM "$SERVER_PID"; wait "$SERVER_PID"
for bad in "" "refine.example" "https://a.example/path" "https://a.example," "javascript:alert(1)"; do
  expect_exit 2 "$OV" serve --listen 127.0.0.1:0 --cors "$bad"
  expect_contains "$WORK/err" "--cors"
done
finish
