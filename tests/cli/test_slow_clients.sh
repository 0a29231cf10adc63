#!/bin/sh
# Slow and greedy clients (issue 20), over loopback against a real server
# with short deadlines: thousands of slowloris and slow-body connections
# while normal requests are answered, all closed at their deadline; the
# per-address cap; too many query parameters (400); failed API tokens
# (401, then 429, logged with the address); the cap on expensive requests;
# then slow clients from two addresses above the connection limit while
# normal requests are still answered (tests/cli/pressure.py).
# The driver is tests/cli/slow_clients.py; no timed assertions.
. "$(dirname "$0")/lib.sh"
if ! "$OV" serve --help >/dev/null 2>&1; then echo "no serve in this build: skipped"; exit 77; fi
"$OV" init >/dev/null || exit 1
"$OV" load --dataset cases "$FIXTURES/own/cases.ijson" >/dev/null || exit 1
TOKEN=$("$OV" token create tests 2>/dev/null)
start_server serve --header-timeout 5 --body-timeout 5 --per-ip 512 --max-expensive 1
if python3 "$(dirname "$0")/slow_clients.py" "$URL" "$TOKEN" "$WORK/serve.err"; then pass; else fail "slow clients"; fi
kill -TERM $SERVER_PID; wait $SERVER_PID; RS=$?
[ $RS -eq 0 ] && pass || fail "the server exited $RS: $(tail -5 serve.err)"
expect_contains serve.err "oversight serve: stopped"
expect_contains serve.err "connections whose headers took over 5 s"
# slow clients from several addresses above the connection limit
start_server serve2 --max-connections 600 --per-ip 512 --header-timeout 30
if python3 "$(dirname "$0")/pressure.py" "$URL"; then pass; else fail "slow clients above the connection limit"; fi
kill -TERM $SERVER_PID; wait $SERVER_PID; RS=$?
[ $RS -eq 0 ] && pass || fail "the second server exited $RS: $(tail -5 serve2.err)"
finish
