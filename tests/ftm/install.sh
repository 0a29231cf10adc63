#!/bin/sh
# install.sh - installs the pinned Node packages of tests/ftm (package-lock.json,
# npm ci) into tests/ftm/node_modules when they are missing or the lock changed.
# Called by the Makefile's deps target and by tests/cli/test_ftm.sh.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
stamp="$here/node_modules/.oversight-lock"
if cmp -s "$here/package-lock.json" "$stamp" && [ -d "$here/node_modules/@alephdata/followthemoney" ]; then
  exit 0
fi
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
cp "$here/package-lock.json" "$stamp"
