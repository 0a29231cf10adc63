#!/bin/sh
# The web interface in a real browser (tests/browser/): Debian's chromium
# driven by playwright-core from npm. Skipped (77) only when chromium or node
# is not installed. Screenshots are kept in BUILD/browser/screenshots.
. "$TESTS/cli/lib.sh"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ] || ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "chromium, node or npm is not installed: skipped"
  exit 77
fi
export CHROMIUM
. "$TESTS/api/server.sh"
OUT=$(cd "$(dirname "$OV")" && pwd)/browser
export OV_TOKEN="$TOKEN" # the review queue's writes (the environment, never a URL)
if sh "$TESTS/browser/run.sh" "$URL" "$OUT" >"$WORK/browser.out" 2>&1; then pass
else fail "browser tests: $(cat "$WORK/browser.out")"; fi
cat "$WORK/browser.out"
stop_server
finish
