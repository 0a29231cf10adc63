#!/bin/sh
# Installs the Debian 12 packages Oversight builds, tests and runs with.
# Idempotent: only calls apt-get when something is missing. Needs root (or sudo).
set -eu
PKGS="build-essential cmake pkg-config libsqlite3-dev sqlite3 libcjson-dev libxxhash-dev nettle-dev clang libclang-rt-14-dev python3 time libxml2-dev libgraphviz-dev graphviz fonts-noto-cjk libicu-dev libopencc-dev libmicrohttpd-dev libopencc-data chromium curl wrk python3-networkx python3-igraph python3-levenshtein python3-jellyfish python3-jsonschema libpq-dev postgresql-15 postgresql-client-15"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# Node.js and npm drive the browser tests (playwright-core); a machine that
# already has them (from NodeSource or nvm, say) keeps its own: Debian's npm
# would conflict with it.
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "deps: installing$missing" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
