#!/bin/sh
# pg_cluster.sh - a throwaway PostgreSQL cluster for the tests: no mock.
#
#   tests/pg/pg_cluster.sh run CMD [ARGS...]
#
# makes a cluster in a new temporary directory (initdb; as an unprivileged
# user when run as root: PostgreSQL refuses to run as root), listening only on
# a Unix socket in that directory, with a non-superuser role "ov" that owns a
# database "ov" and logs in with a password (scram-sha-256, kept in a
# PGPASSFILE written here); runs CMD with
#   OV_PG_URL   postgresql:///ov?host=DIR&user=ov   (what --db takes)
#   PGPASSFILE  the password file
#   OV_PG_DIR   the directory; OV_PG_CTL a command that stops/starts the server
#               ("$OV_PG_CTL stop", "$OV_PG_CTL start": the fault tests)
#   OV_PG_ADMIN a connection string of the cluster's superuser (for the tests'
#               own checks only; Oversight never uses it)
# and stops the server and removes the directory when CMD ends, whatever the
# outcome (trap). Exits with CMD's status. Needs postgresql-15 (Makefile deps).
set -eu
BIN=${OV_PG_BIN:-/usr/lib/postgresql/15/bin}
if [ "${1:-}" = ctl ]; then # ctl DIR stop|start: the running cluster of DIR
  AS=""
  [ "$(id -u)" -eq 0 ] && AS="runuser -u nobody --"
  case "$3" in
    stop) exec $AS "$BIN/pg_ctl" -D "$2/data" -m immediate -w stop ;;
    start) exec $AS "$BIN/pg_ctl" -D "$2/data" -l "$2/server.log" -w -o "-k $2 -c listen_addresses='' -c fsync=off -c max_connections=60" start ;;
  esac
  exit 2
fi
# A machine whose /dev/null is not the device (a container that lost it): the
# server and initdb's own shell commands write to it as the unprivileged
# user, so the run gets a private mount namespace with a real one bound over
# it (nothing outside this process tree sees it).
if [ "${1:-}" = run ] && [ ! -c /dev/null ] && [ "$(id -u)" -eq 0 ] && [ -z "${OV_PG_NULLFIX:-}" ]; then
  ND=$(mktemp -d /tmp/ov-null.XXXXXX)
  mknod "$ND/null" c 1 3 2>&1 || { : >"$ND/null"; }
  chmod 0666 "$ND/null"
  OV_PG_NULLFIX=1 exec unshare -m sh -c 'mount --bind "$1/null" /dev/null && rm -rf "$1" && shift && exec "$@"' sh "$ND" "$0" "$@"
fi
[ "${1:-}" = run ] || { echo "usage: $0 run CMD [ARGS...]" >&2; exit 2; }
shift
[ -x "$BIN/initdb" ] || { echo "pg_cluster: no $BIN/initdb (apt-get install postgresql-15)" >&2; exit 2; }

DIR=$(mktemp -d /tmp/ov-pg.XXXXXX)
AS=""
if [ "$(id -u)" -eq 0 ]; then
  chown nobody:nogroup "$DIR"
  AS="runuser -u nobody --"
fi
chmod 0711 "$DIR"
cleanup() {
  $AS "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT INT TERM HUP

$AS "$BIN/initdb" -D "$DIR/data" -U pgadmin --auth-local=trust --auth-host=reject -E UTF8 --locale=C.UTF-8 \
  >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 2; }
# the superuser by trust (setup only); everyone else with a password
cat > "$DIR/hba" <<HBA
local all pgadmin trust
local all all scram-sha-256
HBA
$AS cp "$DIR/hba" "$DIR/data/pg_hba.conf"
CTL="$AS $BIN/pg_ctl -D $DIR/data -l $DIR/server.log -w -o \"-k $DIR -c listen_addresses='' -c fsync=off -c max_connections=60\""
eval "$CTL start" >/dev/null || { cat "$DIR/server.log" >&2; exit 2; }

PSQL="$BIN/psql"
[ -x "$PSQL" ] || PSQL=psql
ADMIN="postgresql:///postgres?host=$DIR&user=pgadmin"
PW=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
"$PSQL" -q -X -v ON_ERROR_STOP=1 "$ADMIN" >/dev/null <<SQL
CREATE ROLE ov LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '$PW';
CREATE DATABASE ov OWNER ov;
SQL
printf '*:*:*:ov:%s\n' "$PW" > "$DIR/pgpass"
chmod 0600 "$DIR/pgpass"

export OV_PG_URL="postgresql:///ov?host=$DIR&user=ov"
export PGPASSFILE="$DIR/pgpass"
export OV_PG_DIR="$DIR"
export OV_PG_ADMIN="$ADMIN"
export OV_PG_CTL="$0 ctl $DIR"
status=0
"$@" || status=$?
exit $status
