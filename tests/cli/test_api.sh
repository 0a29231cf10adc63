#!/bin/sh
# The HTTP API and the pages over loopback against a real running server
# (tests/api/: api_test.py, the XSS fixture, server.sh), then its clean
# shutdown on SIGTERM and its refusals (non-loopback address, bad options).
. "$TESTS/cli/lib.sh"
. "$TESTS/api/server.sh"
if python3 "$TESTS/api/api_test.py" "$URL" "$TOKEN" >"$WORK/api.out" 2>&1; then pass
else fail "api_test.py: $(cat "$WORK/api.out")"; fi
tail -1 "$WORK/api.out"
stop_server
# loopback only unless told otherwise
expect_exit 2 "$OV" serve --listen 0.0.0.0:0
expect_contains "$WORK/err" "not a loopback address"
expect_exit 2 "$OV" serve --listen nonsense
expect_exit 2 "$OV" serve --threads 0
# tokens: listed by name, never shown again; revoked tokens no longer work
"$OV" token list >"$WORK/tokens"
expect_contains "$WORK/tokens" "tests"
expect_not_contains "$WORK/tokens" "$TOKEN"
expect_exit 0 "$OV" token revoke tests
"$OV" token list >"$WORK/tokens"
expect_contains "$WORK/tokens" "revoked"
expect_exit 3 "$OV" token revoke tests
expect_exit 2 "$OV" token frobnicate
finish
