# server.sh - sourced by the API and browser tests (after tests/cli/lib.sh):
# builds a store from the bundled record plus the XSS fixture, makes a write
# token, starts `oversight serve` on a free loopback port and waits for it.
# Sets $URL, $TOKEN and $SERVER_PID; stop_server sends SIGTERM and checks the
# server stopped cleanly.
TOP=$(cd "$TESTS/.." && pwd)
if ! "$OV" serve --help >/dev/null 2>&1; then
  echo "oversight serve is not registered in this build (src/cli/main.c): skipped"
  exit 77
fi
"$OV" init >/dev/null || exit 1
# The seed without its judgements (50_judgements.csv): the review tests judge the China Mobile
# International USA pair themselves, through the API and the page, and need it unjudged. The
# seed's own judgements and what they change are tested in test_resolve_graph.sh.
for f in "$TOP"/data/seed/*.csv; do
  case "$f" in */50_judgements.csv) continue ;; esac
  "$OV" load "$f" >/dev/null || { echo "cannot load $f"; exit 1; }
done
"$OV" load --dataset xss "$TESTS/api/xss.ftm.json" >/dev/null 2>&1 || { echo "cannot load the XSS fixture"; exit 1; }
TOKEN=$("$OV" token create tests 2>/dev/null)
start_server serve ${SERVE_ARGS:-}
stop_server() {
  kill -TERM "$SERVER_PID"
  wait "$SERVER_PID"
  rc=$?
  if [ "$rc" -eq 0 ]; then pass; else fail "the server exited $rc on SIGTERM: $(tail -5 "$WORK/serve.err")"; fi
  expect_contains "$WORK/serve.err" "oversight serve: stopped"
}
