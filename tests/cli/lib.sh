# lib.sh - shared helpers for the CLI tests. Each test sources this, works in a
# fresh temporary directory, and calls pass/fail; the test exits non-zero when
# any check failed. $OV is the binary, $FIXTURES the fixture folder.
set -u
: "${OV:?OV must point at the oversight binary}"
: "${FIXTURES:?}"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
export OVERSIGHT_DB="$WORK/test.db"
PASSED=0
FAILED=0
pass() { PASSED=$((PASSED + 1)); }
fail() { FAILED=$((FAILED + 1)); echo "FAIL: $*" >&2; }
# expect_exit CODE CMD... : runs CMD, checks its exit code
expect_exit() {
  want=$1; shift
  "$@" >"$WORK/out" 2>"$WORK/err"
  got=$?
  if [ "$got" -eq "$want" ]; then pass; else fail "'$*' exited $got, expected $want; stderr: $(head -c 400 "$WORK/err")"; fi
}
# expect_contains FILE TEXT : FILE contains the fixed string TEXT
expect_contains() {
  if grep -qF -- "$2" "$1"; then pass; else fail "$1 lacks '$2': $(head -c 400 "$1")"; fi
}
expect_not_contains() {
  if grep -qF -- "$2" "$1"; then fail "$1 contains '$2'"; else pass; fi
}
expect_same() {
  if cmp -s "$1" "$2"; then pass; else fail "$1 and $2 differ: $(diff "$1" "$2" | head -10)"; fi
}
# start_server NAME [SERVE OPTIONS...]: starts `oversight serve` on a free loopback port
# (the store of $OVERSIGHT_DB), its output in $WORK/NAME.out and NAME.err; sets SERVER_PID
# and URL (as the server prints it), or exits 1 when the server does not start.
start_server() {
  ss_name=$1; shift
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}suppressions=$TESTS/api/asan.supp" \
    "$OV" serve --listen 127.0.0.1:0 "$@" >"$WORK/$ss_name.out" 2>"$WORK/$ss_name.err" &
  SERVER_PID=$!
  URL=""
  for _ in $(seq 1 100); do
    URL=$(sed -n 's/^Oversight is serving .* at //p' "$WORK/$ss_name.out")
    [ -n "$URL" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$URL" ]; then
    echo "the server did not start:"; cat "$WORK/$ss_name.err"; exit 1
  fi
}
finish() {
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
}
