#!/bin/sh
# run.sh - installs playwright-core from package-lock.json (npm ci) into DIR
# when it is missing or the lock changed, then runs browser.test.mjs against
# BASE_URL with screenshots in DIR/screenshots.
# usage: tests/browser/run.sh BASE_URL DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
base=$1
dir=$2
mkdir -p "$dir"
if ! cmp -s "$here/package-lock.json" "$dir/package-lock.json" || [ ! -d "$dir/node_modules/playwright-core" ]; then
  cp "$here/package.json" "$here/package-lock.json" "$dir/"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci failed"; exit 1; }
fi
cp "$here/browser.test.mjs" "$dir/"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
node "$dir/browser.test.mjs" "$base" "$dir/screenshots" "$profile"
