#!/bin/sh
# install.sh - installs Redocly's CLI for the OpenAPI lint (tests/cli/test_openapi.sh)
# from package-lock.json (npm ci) into tests/openapi/node_modules, when it is missing
# or the lock changed. Called by `make deps`.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
stamp="$here/node_modules/.oversight-lock"
if [ -x "$here/node_modules/.bin/redocly" ] && cmp -s "$here/package-lock.json" "$stamp"; then exit 0; fi
command -v npm >/dev/null 2>&1 || { echo "deps: npm is missing (scripts/deps.sh installs it)" >&2; exit 1; }
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
cp "$here/package-lock.json" "$stamp"
