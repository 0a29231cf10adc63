/*
 * store_pg_snapshot.c - what the graph snapshot (src/graph/snapshot.c) needs
 * of a PostgreSQL store: the store's state, and where the snapshot file lives.
 *
 * A SQLite store keeps its snapshot beside its file; a PostgreSQL database
 * has no file we may write beside, so the snapshot goes in a directory of
 * the client's: OVERSIGHT_SNAPSHOT_DIR, else $XDG_CACHE_HOME/oversight, else
 * $HOME/.cache/oversight (made, mode 0700, by the first snapshot written; an
 * empty OVERSIGHT_SNAPSHOT_DIR turns snapshots off). The file is named after the
 * database's identity (the cluster's system identifier and the database's
 * oid), so servers of one database that share the directory share the
 * snapshot, and two databases never take each other's. The state is the
 * generation (every write transaction of Oversight, whichever process, bumps
 * it), the largest entity, statement and change ids, read in one statement:
 * a write by another process makes the snapshot stale and the next build
 * scans and writes it again (docs/internals/scale.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>
#include "store_pg.h"
#include "../util/banned.h"

/* The snapshot directory into dir (size bytes): false when there is none.
 * It need not exist yet: the first snapshot written makes it (graph.c). */
static bool snapshot_dir(char *dir, size_t size)
{
    const char *env = getenv("OVERSIGHT_SNAPSHOT_DIR");
    if (env) return *env && (size_t)snprintf(dir, size, "%s", env) < size;
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    if (xdg && *xdg == '/') return (size_t)snprintf(dir, size, "%s/oversight", xdg) < size;
    if (home && *home == '/') return (size_t)snprintf(dir, size, "%s/.cache/oversight", home) < size;
    return false;
}

/* The database's identity, once per connection: the cluster's system
 * identifier and the database's oid (when pg_control_system() is not ours to
 * call: nothing, and so no snapshot; a null identifier: a hash of where). */
static void identity(ov_store *st)
{
    if (st->snap_ident_read) return;
    /* inside the caller's transaction a refusal must not abort it: a savepoint */
    bool in_tx = PQtransactionStatus(st->conn) == PQTRANS_INTRANS;
    if (in_tx && ov__pg_exec(st, "SAVEPOINT ov_ident")) return;
    PGresult *r = PQexec(st->conn, "SELECT (SELECT system_identifier FROM pg_control_system()),"
                                   " (SELECT oid FROM pg_database WHERE datname = current_database())");
    bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
    if (ok) {
        st->snap_ident[0] = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
        st->snap_ident[1] = strtoll(PQgetvalue(r, 0, 1), NULL, 10);
    }
    PQclear(r);
    if (in_tx) {
        if (!ok) PQclear(PQexec(st->conn, "ROLLBACK TO SAVEPOINT ov_ident"));
        PQclear(PQexec(st->conn, "RELEASE SAVEPOINT ov_ident"));
    }
    if (!ok) return; /* no identity, no snapshot */
    if (!st->snap_ident[0]) st->snap_ident[0] = (int64_t)(XXH3_64bits(st->where, strlen(st->where)) >> 1);
    st->snap_ident_read = true;
}

int ov__pg_state_of(ov_store *st, ov__store_state *out, const char **path)
{
    memset(out, 0, sizeof *out);
    *path = NULL;
    /* a load or a copy under way on this connection: its rows are not the record's yet */
    if (st->active || st->copy_table) return OV_ENOTFOUND;
    char dir[4096];
    if (!snapshot_dir(dir, sizeof dir)) return OV_ENOTFOUND;
    identity(st);
    if (!st->snap_ident_read) return OV_ENOTFOUND;
    PGresult *r = PQexec(st->conn, "SELECT coalesce((SELECT value FROM meta WHERE key = 'generation'), 0),"
                                   " (SELECT coalesce(max(eid), 0) FROM entity),"
                                   " (SELECT coalesce(max(sid), 0) FROM statement),"
                                   " (SELECT coalesce(max(id), 0) FROM change)");
    bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
    if (ok) {
        out->generation = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
        out->max_eid = strtoll(PQgetvalue(r, 0, 1), NULL, 10);
        out->max_sid = strtoll(PQgetvalue(r, 0, 2), NULL, 10);
        out->max_change = strtoll(PQgetvalue(r, 0, 3), NULL, 10);
    }
    PQclear(r);
    if (!ok) {
        memset(out, 0, sizeof *out);
        return OV_ENOTFOUND;
    }
    out->schema_version = st->version;
    /* the identity in the fields a SQLite store fills with its file's */
    out->dev = (uint64_t)st->snap_ident[0];
    out->ino = (uint64_t)st->snap_ident[1];
    if ((size_t)snprintf(st->snap_path, sizeof st->snap_path, "%s/pg-%llu-%llu", dir,
                         (unsigned long long)out->dev, (unsigned long long)out->ino) >= sizeof st->snap_path - 8) {
        memset(out, 0, sizeof *out);
        return OV_ENOTFOUND;
    }
    *path = st->snap_path;
    return OV_OK;
}
