#!/bin/sh
# bench/pg/run.sh BUILD_DIR - the PostgreSQL backend (docs/BENCHMARKS.md,
# "PostgreSQL"): in a throwaway cluster (tests/pg/pg_cluster.sh), the same run:
#   1. `oversight load` of BENCH_PG_N generated entities (bench/gen_entities.py,
#      default 1,000,000) into PostgreSQL, and into SQLite beside it;
#   2. the floor: psql's own \copy of the rows that load wrote (entity,
#      statement and search, dumped with COPY TO) into empty tables of the same
#      definition and indexes (CREATE TABLE ... (LIKE ... INCLUDING ALL)); and
#      the floor as the load goes: \copy into bare tables, then the same
#      indexes built, in one transaction;
#   3. the same file loaded again into each (a store with data: every entity
#      unchanged), PostgreSQL beside SQLite;
#   4. entity GET through `oversight serve` on PostgreSQL, then on the SQLite
#      store of the same rows (the ratio printed), with wrk (2 threads,
#      64 connections, BENCH_SECONDS, default 15, after 3 s of warm-up): every id in turn with
#      ?fresh=1 (no response cache: each request reads the store).
# Prints each time, entities/s, the ratios to the floor and to SQLite, and the
# load average (the machine may be shared).
set -eu
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
exec "$ROOT/tests/pg/pg_cluster.sh" run sh "$ROOT/bench/pg/bench.sh" "$BUILD"
