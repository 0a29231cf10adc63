/*
 * store_graph.c - the scans the ownership graph and the typology read: every
 * current entity in row id order, and the current statements of a few
 * properties, raw (the graph resolves references itself) or with their
 * references resolved to entity row ids by SQLite (the typology).
 *
 * Both graph scans are plain table or index walks with integer filters: the
 * schema and property names are looked up once in their small dictionary
 * tables, never joined per row, and no value is converted.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "oversight/store.h"
#include "store_sqlite.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/banned.h"

/* The names of a dictionary table (schema_name, prop) by row id, copied:
 * names[id] for 0 < id < *n; NULL where no row. */
static int load_names(ov_store *st, const char *sql, char ***names /* OUT */, int64_t *n /* OUT */)
{
    *names = NULL;
    *n = 0;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(ov__store_db(st), sql, -1, &s, NULL) != SQLITE_OK) return ov__store_db_fail(st, "scan");
    char **v = NULL;
    int64_t cap = 0;
    int rc = OV_OK, step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(s, 0);
        const char *name = (const char *)sqlite3_column_text(s, 1);
        if (id <= 0 || id >= 1 << 20 || !name) continue; /* dictionaries are small; ignore the odd row */
        if (id >= cap) {
            int64_t nc = cap ? cap : 64;
            while (nc <= id) nc *= 2;
            char **nv = ov__realloc(v, sizeof *nv * (size_t)nc);
            if (!nv) {
                rc = OV_ENOMEM;
                break;
            }
            memset(nv + cap, 0, sizeof *nv * (size_t)(nc - cap));
            v = nv;
            cap = nc;
        }
        ov__free(v[id]);
        if (!(v[id] = ov__strdup(name))) {
            rc = OV_ENOMEM;
            break;
        }
    }
    if (!rc && step != SQLITE_DONE) rc = ov__store_db_fail(st, "scan");
    sqlite3_finalize(s);
    if (rc) {
        for (int64_t i = 0; i < cap; i++) ov__free(v[i]);
        ov__free(v);
        return rc == OV_ENOMEM ? ov__store_fail(st, rc, "out of memory") : rc;
    }
    *names = v;
    *n = cap;
    return OV_OK;
}

static void free_names(char **names, int64_t n)
{
    for (int64_t i = 0; i < n; i++) ov__free(names[i]);
    ov__free(names);
}

int64_t ov__sqlite_max_eid(ov_store *st)
{
    sqlite3_stmt *s;
    int64_t n = 0;
    if (sqlite3_prepare_v2(ov__store_db(st), "SELECT coalesce(max(eid), 0) FROM entity", -1, &s, NULL) != SQLITE_OK)
        return 0;
    if (sqlite3_step(s) == SQLITE_ROW) n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

/* The size of the file at base + suffix; 0 when it does not exist, -1 when it cannot be told. */
static int64_t side_file_size(const char *base, const char *suffix)
{
    char p[4096];
    if ((size_t)snprintf(p, sizeof p, "%s%s", base, suffix) >= sizeof p) return -1;
    struct stat sb;
    if (stat(p, &sb) != 0) return errno == ENOENT ? 0 : -1;
    return (int64_t)sb.st_size;
}

int ov__sqlite_state_of(ov_store *st, ov__store_state *out, const char **path)
{
    memset(out, 0, sizeof *out);
    *path = NULL;
    sqlite3 *db = ov__store_db(st);
    const char *file = sqlite3_db_filename(db, "main");
    /* a write transaction on this connection: its changes are not committed (a read
     * transaction is fine: what it sees is a committed state, and the file checks below
     * see any later commit) */
    if (!file || !*file || sqlite3_txn_state(db, NULL) == SQLITE_TXN_WRITE) return OV_ENOTFOUND;
    /* one statement: one read transaction, so the numbers belong together */
    static const char *const with_meta =
        "SELECT (SELECT value FROM meta WHERE key = 'generation'), (SELECT max(eid) FROM entity),"
        " (SELECT max(sid) FROM statement), (SELECT max(id) FROM change)";
    static const char *const without_meta =
        "SELECT 0, (SELECT max(eid) FROM entity), (SELECT max(sid) FROM statement), (SELECT max(id) FROM change)";
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, with_meta, -1, &s, NULL) != SQLITE_OK &&
        sqlite3_prepare_v2(db, without_meta, -1, &s, NULL) != SQLITE_OK)
        return OV_ENOTFOUND;
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        out->generation = sqlite3_column_int64(s, 0);
        out->max_eid = sqlite3_column_int64(s, 1);
        out->max_sid = sqlite3_column_int64(s, 2);
        out->max_change = sqlite3_column_int64(s, 3);
    }
    sqlite3_finalize(s);
    if (step != SQLITE_ROW) return OV_ENOTFOUND;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK) return OV_ENOTFOUND;
    step = sqlite3_step(s);
    if (step == SQLITE_ROW) out->schema_version = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (step != SQLITE_ROW) return OV_ENOTFOUND;
    /* a write in the WAL not yet checkpointed (another program's included), or a
     * rollback journal (a write under way, or a crashed one) */
    if (side_file_size(file, "-wal") != 0 || side_file_size(file, "-journal") != 0) return OV_ENOTFOUND;
    struct stat sb;
    if (stat(file, &sb) != 0) return OV_ENOTFOUND;
    out->dev = (uint64_t)sb.st_dev;
    out->ino = (uint64_t)sb.st_ino;
    out->size = (uint64_t)sb.st_size;
    out->mtime_sec = (int64_t)sb.st_mtim.tv_sec;
    out->mtime_nsec = (int64_t)sb.st_mtim.tv_nsec;
    *path = file;
    return OV_OK;
}

/* One part of a scan: the rows of the entities with lo <= row id < hi. */
typedef struct part {
    sqlite3 *db;               /* the store's connection (part 0) or the part's own */
    bool own_db;
    const char *sql;           /* binds ?1 = lo, ?2 = hi */
    int (*row)(struct part *p, sqlite3_stmt *s); /* handles one result row; non-zero stops */
    char *const *names;        /* by dictionary row id (schemas or properties); n_names */
    int64_t n_names;
    const signed char *which;  /* props: by prop row id, index in props or -1 */
    ov__prop_cb prop_cb;
    ov__brief_cb brief_cb;
    void *ud;
    int64_t lo, hi;
    atomic_int *stop;          /* set by the first part that stops or fails */
    int rc;                    /* OV_OK, OV_ESTOP, or an SQLite result code */
    char err[256];             /* the SQLite message when rc is one */
    pthread_t thread;
    bool started;
} part;

static void *run_part(void *arg)
{
    part *p = arg;
    sqlite3_stmt *s;
    p->rc = sqlite3_prepare_v2(p->db, p->sql, -1, &s, NULL);
    if (p->rc != SQLITE_OK) {
        snprintf(p->err, sizeof p->err, "%s", sqlite3_errmsg(p->db));
        atomic_store(p->stop, 1);
        return NULL;
    }
    sqlite3_bind_int64(s, 1, p->lo);
    sqlite3_bind_int64(s, 2, p->hi);
    int step;
    unsigned tick = 0;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        if (!(++tick & 0xffff) && atomic_load_explicit(p->stop, memory_order_relaxed)) break;
        if (p->row(p, s)) {
            p->rc = OV_ESTOP;
            break;
        }
    }
    if (p->rc == SQLITE_OK && step != SQLITE_DONE && step != SQLITE_ROW) {
        p->rc = step;
        snprintf(p->err, sizeof p->err, "%s", sqlite3_errmsg(p->db));
    }
    if (p->rc != SQLITE_OK) atomic_store(p->stop, 1);
    sqlite3_finalize(s);
    return NULL;
}

/* Runs the parts of a scan: each on a read-only connection of its own in a
 * thread when the store is a file and no transaction is open on it (another
 * connection would not see the transaction's changes), otherwise one after
 * another on the store's connection. tmpl holds what the parts share. */
static int run_parts(ov_store *st, const part *tmpl, int n_parts, const int64_t *splits, void *const *uds)
{
    sqlite3 *db = ov__store_db(st);
    const char *file = sqlite3_db_filename(db, "main");
    bool parallel = n_parts > 1 && file && *file && sqlite3_get_autocommit(db);
    int64_t bounds[OV__SCAN_MAX_PARTS + 1];
    bounds[0] = INT64_MIN;
    bounds[n_parts] = INT64_MAX;
    for (int k = 1; k < n_parts; k++) bounds[k] = splits[k - 1] > bounds[k - 1] ? splits[k - 1] : bounds[k - 1];
    part parts[OV__SCAN_MAX_PARTS];
    atomic_int stop;
    atomic_init(&stop, 0);
    for (int k = 0; k < n_parts; k++) {
        part *p = &parts[k];
        *p = *tmpl;
        p->db = db;
        p->ud = uds[k];
        p->lo = bounds[k];
        p->hi = bounds[k + 1];
        p->stop = &stop;
        if (!parallel || k == 0) continue;
        sqlite3 *own = NULL;
        if (sqlite3_open_v2(file, &own, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK) {
            sqlite3_busy_timeout(own, 5000);
            p->db = own;
            p->own_db = true;
            p->started = pthread_create(&p->thread, NULL, run_part, p) == 0;
        } else {
            sqlite3_close(own);
        }
    }
    for (int k = 0; k < n_parts; k++) /* part 0 here, and any part without a thread */
        if (!parts[k].started && !atomic_load(&stop)) run_part(&parts[k]);
    int rc = OV_OK;
    for (int k = 0; k < n_parts; k++) {
        part *p = &parts[k];
        if (p->started) pthread_join(p->thread, NULL);
        if (!rc && p->rc == OV_ESTOP) rc = OV_ESTOP;
        else if ((!rc || rc == OV_ESTOP) && p->rc != SQLITE_OK && p->rc != OV_ESTOP)
            rc = ov__store_fail(st, p->rc == SQLITE_NOMEM ? OV_ENOMEM : p->rc == SQLITE_BUSY ? OV_EBUSY : OV_EIO,
                                p->err);
        if (p->own_db) sqlite3_close(p->db);
    }
    return rc;
}

static int brief_row(part *p, sqlite3_stmt *s)
{
    int64_t schema = sqlite3_column_int64(s, 2);
    if (schema <= 0 || schema >= p->n_names || !p->names[schema]) return 0; /* no such schema name */
    const char *id = (const char *)sqlite3_column_text(s, 1);
    if (!id) return 0; /* NOT NULL in the schema */
    size_t id_len = (size_t)sqlite3_column_bytes(s, 1);
    const char *caption = (const char *)sqlite3_column_text(s, 3);
    return p->brief_cb(sqlite3_column_int64(s, 0), id, id_len, (int)schema, p->names[schema], caption,
                       caption ? (size_t)sqlite3_column_bytes(s, 3) : 0, p->ud);
}

int ov__sqlite_scan_brief(ov_store *st, int n_parts, const int64_t *splits, ov__brief_cb cb, void *const *uds)
{
    if (n_parts < 1 || n_parts > OV__SCAN_MAX_PARTS) return ov__store_fail(st, OV_EINVAL, "scan parts");
    char **schemas;
    int64_t n_schemas;
    int rc = load_names(st, "SELECT id, name FROM schema_name", &schemas, &n_schemas);
    if (rc) return rc;
    part tmpl = {.sql = "SELECT eid, id, schema, caption FROM entity"
                        " WHERE retired_in IS NULL AND eid >= ?1 AND eid < ?2 ORDER BY eid",
                 .row = brief_row, .names = schemas, .n_names = n_schemas, .brief_cb = cb};
    rc = run_parts(st, &tmpl, n_parts, splits, uds);
    free_names(schemas, n_schemas);
    return rc;
}

static int prop_row(part *p, sqlite3_stmt *s)
{
    int64_t prop = sqlite3_column_int64(s, 1);
    if (prop < 0 || prop >= p->n_names || p->which[prop] < 0) return 0;
    const char *value = (const char *)sqlite3_column_text(s, 2);
    if (!value) return 0; /* NOT NULL in the schema */
    return p->prop_cb(sqlite3_column_int64(s, 0), p->which[prop], value, (size_t)sqlite3_column_bytes(s, 2),
                      sqlite3_column_int(s, 3), p->ud);
}

int ov__sqlite_scan_splits(ov_store *st, int n_parts, int64_t *splits)
{
    if (n_parts < 1 || n_parts > OV__SCAN_MAX_PARTS) return ov__store_fail(st, OV_EINVAL, "scan parts");
    if (n_parts == 1) return OV_OK;
    /* the entity of the statement at each fraction of the statement row ids
     * (statements are mostly written entity by entity) */
    sqlite3_stmt *s, *mx;
    if (sqlite3_prepare_v2(ov__store_db(st), "SELECT coalesce(max(sid), 0) FROM statement", -1, &mx, NULL) !=
        SQLITE_OK)
        return ov__store_db_fail(st, "scan");
    int64_t max_sid = sqlite3_step(mx) == SQLITE_ROW ? sqlite3_column_int64(mx, 0) : 0;
    sqlite3_finalize(mx);
    if (sqlite3_prepare_v2(ov__store_db(st),
                           "SELECT coalesce((SELECT eid FROM statement WHERE sid >= ?1 ORDER BY sid LIMIT 1), 0)", -1,
                           &s, NULL) != SQLITE_OK)
        return ov__store_db_fail(st, "scan");
    int64_t prev = 0;
    for (int k = 1; k < n_parts; k++) {
        sqlite3_bind_int64(s, 1, max_sid / n_parts * k);
        int64_t b = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
        sqlite3_reset(s);
        splits[k - 1] = b > prev ? b : prev; /* ascending; a part may be empty */
        prev = splits[k - 1];
    }
    sqlite3_finalize(s);
    return OV_OK;
}

int ov__sqlite_scan_props(ov_store *st, const char *const *props, int n_props, int n_parts, const int64_t *splits,
                         ov__prop_cb cb, void *const *uds)
{
    if (n_parts < 1 || n_parts > OV__SCAN_MAX_PARTS) return ov__store_fail(st, OV_EINVAL, "scan parts");
    if (n_props <= 0) return OV_OK;
    if (n_props > 64) return ov__store_fail(st, OV_EINVAL, "too many properties for a scan");
    char **names;
    int64_t n_names;
    int rc = load_names(st, "SELECT id, name FROM prop", &names, &n_names);
    if (rc) return rc;
    /* which of props each prop row id is (-1: not asked for) */
    signed char *which = ov__malloc(n_names ? (size_t)n_names : 1);
    ov_buf sql;
    ov_buf_init(&sql, 1 << 12);
    if (!which) rc = OV_ENOMEM;
    int n_in = 0;
    if (!rc) rc = ov_buf_adds(&sql, "SELECT eid, prop, value, status FROM statement"
                                    " WHERE retired_in IS NULL AND status <> 4 AND prop IN (");
    for (int64_t id = 0; !rc && id < n_names; id++) {
        which[id] = -1;
        for (int i = 0; names[id] && i < n_props; i++)
            if (strcmp(names[id], props[i]) == 0) {
                which[id] = (signed char)i;
                rc = ov_buf_printf(&sql, "%s%lld", n_in++ ? "," : "", (long long)id);
                break;
            }
    }
    if (!rc) rc = ov_buf_adds(&sql, ") AND eid >= ?1 AND eid < ?2 ORDER BY eid, sid");
    free_names(names, n_names);
    if (rc || !n_in) { /* !n_in: no such property in this store, nothing to scan */
        ov_buf_release(&sql);
        ov__free(which);
        return rc ? ov__store_fail(st, rc, "scan query") : OV_OK;
    }
    part tmpl = {.sql = ov_buf_str(&sql), .row = prop_row, .n_names = n_names, .which = which, .prop_cb = cb};
    rc = run_parts(st, &tmpl, n_parts, splits, uds);
    ov_buf_release(&sql);
    ov__free(which);
    return rc;
}
