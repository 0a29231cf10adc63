/*
 * store_pg_read.c - reading the record back from PostgreSQL: one entity with
 * or without its history, scans (through a cursor, so that callbacks may
 * query the store between batches), the change log, counts, search, API
 * tokens and the graph's scans. The SQL is the SQLite backend's wherever the
 * two dialects agree; orderings of names use COLLATE "C" (SQLite compares
 * bytes).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libpq-events.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include "store_pg.h"
#include "../search/fts.h"
#include "../util/alloc.h"
#include "../util/utf8.h"
#include "../util/banned.h"

static int64_t i64(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? 0 : strtoll(PQgetvalue(r, row, col), NULL, 10);
}

/* A column as a C string, NULL for SQL NULL. */
static const char *txt(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

static const char *dup(ov_entity *e, const PGresult *r, int row, int col)
{
    if (PQgetisnull(r, row, col)) return NULL;
    return ov__entity_strdup(e, PQgetvalue(r, row, col), (size_t)PQgetlength(r, row, col));
}

#define ENTITY_COLS                                                                       \
    "e.eid, e.id, sn.name, e.caption, e.first_seen, e.last_seen, e.last_change, e.target," \
    " e.datasets, e.referents, e.added_in, e.changed_in, coalesce(e.retired_in, 0)"
#define ENTITY_FROM " FROM entity e JOIN schema_name sn ON sn.id = e.schema"
#define STMT_COLS                                                                          \
    "s.eid, p.name, s.value, ssn.name, s.lang, s.original, d.name, c.source, c.locator,"   \
    " s.first_seen, s.last_seen, s.origin, s.src_id, s.status, s.external, s.added_in,"    \
    " coalesce(s.retired_in, 0), s.sid"
#define STMT_JOINS                                                                         \
    " JOIN prop p ON p.id = s.prop JOIN schema_name ssn ON ssn.id = s.schema"              \
    " JOIN dataset d ON d.id = s.dataset LEFT JOIN citation c ON c.id = s.citation"
#define N_ENTITY_COLS 13

/* The dictionaries a read-only connection keeps (conn_mem, below): the names
 * of schema_name, prop and dataset rows by id, for the statements that read
 * their ids instead of joining them. */
enum { D_SCHEMA, D_PROP, D_DATASET, D_COUNT };
#define DICT_MAX_ID (1 << 20)
typedef struct dicts {
    char **name[D_COUNT]; /* [id]: owned, NULL where no row */
    size_t n[D_COUNT];
} dicts;

static const char *dict_name(const dicts *d, int kind, int64_t id)
{
    return id >= 0 && (uint64_t)id < d->n[kind] ? d->name[kind][id] : NULL;
}

/* The column: a name, or with d an id that d names. */
static const char *dup_named(ov_entity *e, const dicts *d, int kind, const PGresult *r, int row, int col)
{
    if (!d) return dup(e, r, row, col);
    const char *n = dict_name(d, kind, i64(r, row, col));
    return n ? ov__entity_strdup(e, n, strlen(n)) : NULL;
}

static int fill_entity(ov_entity *e, const PGresult *r, int row, const dicts *d)
{
    e->id = dup(e, r, row, 1);
    e->schema = dup_named(e, d, D_SCHEMA, r, row, 2);
    e->caption = dup(e, r, row, 3);
    e->first_seen = dup(e, r, row, 4);
    e->last_seen = dup(e, r, row, 5);
    e->last_change = dup(e, r, row, 6);
    e->target = PQgetisnull(r, row, 7) ? -1 : (int)strtol(PQgetvalue(r, row, 7), NULL, 10);
    e->datasets_json = dup(e, r, row, 8);
    e->referents_json = dup(e, r, row, 9);
    e->added_in = i64(r, row, 10);
    e->changed_in = i64(r, row, 11);
    e->retired_in = i64(r, row, 12);
    return e->id && e->schema ? OV_OK : OV_ENOMEM;
}

/* The statement columns from col on (STMT_COLS). */
static int add_stmt(ov_entity *e, const PGresult *r, int row, int col, const dicts *d)
{
    ov_stmt *s = ov__entity_add_stmt(e);
    if (!s) return OV_ENOMEM;
    s->prop = dup_named(e, d, D_PROP, r, row, col + 1);
    s->value = dup(e, r, row, col + 2);
    s->schema = dup_named(e, d, D_SCHEMA, r, row, col + 3);
    s->lang = dup(e, r, row, col + 4);
    s->original_value = dup(e, r, row, col + 5);
    s->dataset = dup_named(e, d, D_DATASET, r, row, col + 6);
    s->source = dup(e, r, row, col + 7);
    s->locator = dup(e, r, row, col + 8);
    if (s->source && !*s->source) s->source = NULL;
    if (s->locator && !*s->locator) s->locator = NULL;
    s->first_seen = dup(e, r, row, col + 9);
    s->last_seen = dup(e, r, row, col + 10);
    s->origin = dup(e, r, row, col + 11);
    s->src_id = dup(e, r, row, col + 12);
    s->status = (int)i64(r, row, col + 13);
    s->external = (int)i64(r, row, col + 14);
    s->added_in = i64(r, row, col + 15);
    s->retired_in = i64(r, row, col + 16);
    s->sid = i64(r, row, col + 17);
    return s->prop && s->value ? OV_OK : OV_ENOMEM;
}

/* One entity with its statements in one round trip: the entity's row
 * repeated beside each statement (LEFT JOIN: an entity without statements is
 * one row of NULL statement columns), in statement order: the scans' rows. */
#define GET_SQL(cond)                                                                      \
    "SELECT " ENTITY_COLS ", " STMT_COLS ENTITY_FROM " LEFT JOIN (statement s" STMT_JOINS \
    ") ON s.eid = e.eid" cond " WHERE e.id = $1 ORDER BY s.sid"
/* The same with the dictionaries' ids in place of their names (schema, prop,
 * dataset; the columns where GET_SQL has the names), for a connection that
 * keeps the dictionaries: no joins to plan and run per GET. */
#define GET_RAW_SQL(cond)                                                                                     \
    "SELECT e.eid, e.id, e.schema, e.caption, e.first_seen, e.last_seen, e.last_change, e.target,"           \
    " e.datasets, e.referents, e.added_in, e.changed_in, coalesce(e.retired_in, 0),"                          \
    " s.eid, s.prop, s.value, s.schema, s.lang, s.original, s.dataset, c.source, c.locator,"                 \
    " s.first_seen, s.last_seen, s.origin, s.src_id, s.status, s.external, s.added_in,"                      \
    " coalesce(s.retired_in, 0), s.sid FROM entity e LEFT JOIN (statement s LEFT JOIN citation c"            \
    " ON c.id = s.citation) ON s.eid = e.eid" cond " WHERE e.id = $1 ORDER BY s.sid"
#define CHANGES_COLS "id, at, kind, origin, dataset, note, entities, added, retired"

/* The named statements of what the server asks per request (an entity GET:
 * the data version, the entity, its change log, the judgements), prepared
 * once per connection: most of an uncached entity GET was otherwise parsing
 * and planning (perf on the PostgreSQL backends: docs/BENCHMARKS.md). */
static int prepare_gets(ov_store *st)
{
    if (st->gets_prepared) return OV_OK;
    int rc;
    static const struct {
        const char *name, *sql;
    } all[] = {
        {"ov_get", GET_SQL(" AND s.retired_in IS NULL")},
        {"ov_get_history", GET_SQL("")},
        {"ov_get_raw", GET_RAW_SQL(" AND s.retired_in IS NULL")},
        {"ov_get_history_raw", GET_RAW_SQL("")},
        {"ov_data_version", "SELECT coalesce((SELECT value FROM meta WHERE key = 'generation'), 0)"},
        {"ov_changes_of", "WITH x AS (SELECT eid FROM entity WHERE id = $1)"
                          " SELECT " CHANGES_COLS " FROM change"
                          " WHERE id IN (SELECT added_in FROM statement WHERE eid = (SELECT eid FROM x)"
                          " UNION SELECT retired_in FROM statement WHERE eid = (SELECT eid FROM x)"
                          " UNION SELECT added_in FROM entity WHERE eid = (SELECT eid FROM x)"
                          " UNION SELECT retired_in FROM entity WHERE eid = (SELECT eid FROM x)) ORDER BY id"},
        {"ov_changes_in", "SELECT " CHANGES_COLS " FROM change WHERE id = ANY($1::bigint[]) ORDER BY id"},
        /* the schema's number first: with the value known the planner takes the
         * entity_schema index for a rare schema (with a subquery it scanned the
         * entities in eid order, 20 ms per call at 200k entities) */
        {"ov_schema_id", "SELECT id FROM schema_name WHERE name = $1"},
        {"ov_schema_ids", "SELECT id FROM entity WHERE schema = $1::bigint AND retired_in IS NULL ORDER BY eid"},
    };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        PGresult *r = PQprepare(st->conn, all[i].name, all[i].sql, 0, NULL);
        int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
        if (!ok) {
            rc = ov__pg_fail(st, "prepare");
            /* those prepared so far stay: a second try would fail on their names */
            PQclear(PQexec(st->conn, "DEALLOCATE ALL"));
            return rc;
        }
    }
    st->gets_prepared = true;
    return OV_OK;
}

static PGresult *run_prepared(ov_store *st, const char *name, int n, const char *const *p, int *rc)
{
    if ((*rc = prepare_gets(st))) return NULL;
    PGresult *r = PQexecPrepared(st->conn, name, n, p, NULL, NULL, 0);
    if (PQresultStatus(r) == PGRES_TUPLES_OK) return r;
    PQclear(r);
    *rc = ov__pg_fail(st, "read");
    return NULL;
}

/* ---- what a read-only connection remembers between calls ------------------------
 * An entity GET of the server reads the entity with its history, then its
 * change log (ov_store_changes), then the entity again without history (the
 * resolution's referents): three round trips for one snapshot's worth of
 * rows. A read-only connection keeps the rows of its last history read (the
 * stash) and answers the two that follow from them, as long as nothing else
 * was asked on the connection meanwhile (every result the connection makes
 * is counted by a libpq event procedure) and for at most STASH_MS: the same
 * answers as asking again at the moment of the first read. The change log's
 * rows never change once committed, so the connection keeps the last
 * CHANGE_SLOTS of them by id (direct-mapped). Only read-only connections (the
 * server's): a writer could see, and keep, a change it then rolls back. The
 * memory hangs on the PGconn (PQsetInstanceData) and is freed with it. */

#define STASH_MS 1000
#define CHANGE_SLOTS 4096

typedef struct change_row {
    int64_t id; /* 0: empty */
    int64_t entities, added, retired;
    char *at, *kind, *origin, *dataset, *note; /* owned, NULL for SQL NULL */
} change_row;

typedef struct conn_mem {
    uint64_t results;        /* results the connection has made */
    PGresult *hist;          /* the stash: the last history read's rows, or NULL */
    char *hist_id;           /* its entity id */
    uint64_t hist_results;   /* results when it was made (and its change log read): valid while equal */
    struct timespec hist_at;
    bool hist_raw;           /* the stash's rows hold dictionary ids (GET_RAW_SQL) */
    PGresult *ahead;         /* a history read fetched with the data version (ov__pg_data_version_ahead) */
    char *ahead_id;
    uint64_t ahead_results;  /* as hist_results */
    bool ahead_raw;
    dicts d;                 /* read on first use, again when a row names an id they lack */
    bool d_read, d_off;      /* d_off: too large to keep, this connection joins */
    change_row changes[CHANGE_SLOTS];
} conn_mem;

static void dicts_clear(dicts *d)
{
    for (int k = 0; k < D_COUNT; k++) {
        for (size_t i = 0; i < d->n[k]; i++) ov__free(d->name[k][i]);
        ov__free(d->name[k]);
        d->name[k] = NULL;
        d->n[k] = 0;
    }
}

static void change_row_clear(change_row *c)
{
    ov__free(c->at);
    ov__free(c->kind);
    ov__free(c->origin);
    ov__free(c->dataset);
    ov__free(c->note);
    memset(c, 0, sizeof *c);
}

static void stash_drop(conn_mem *m)
{
    PQclear(m->hist);
    ov__free(m->hist_id);
    m->hist = NULL;
    m->hist_id = NULL;
}

static void ahead_drop(conn_mem *m)
{
    PQclear(m->ahead);
    ov__free(m->ahead_id);
    m->ahead = NULL;
    m->ahead_id = NULL;
}

static int conn_event(PGEventId ev, void *info, void *pass)
{
    (void)pass;
    conn_mem *m = NULL;
    switch (ev) {
    case PGEVT_RESULTCREATE:
        m = PQinstanceData(((PGEventResultCreate *)info)->conn, conn_event);
        if (m) m->results++;
        break;
    case PGEVT_CONNRESET:
        m = PQinstanceData(((PGEventConnReset *)info)->conn, conn_event);
        if (m) m->results++;
        break;
    case PGEVT_CONNDESTROY:
        m = PQinstanceData(((PGEventConnDestroy *)info)->conn, conn_event);
        if (m) {
            stash_drop(m);
            ahead_drop(m);
            dicts_clear(&m->d);
            for (size_t i = 0; i < CHANGE_SLOTS; i++) change_row_clear(&m->changes[i]);
            ov__free(m);
        }
        break;
    default:
        break;
    }
    return 1;
}

/* The connection's memory, made on first use; NULL when the connection
 * writes or none can be had (then every call asks the server). */
static conn_mem *conn_mem_of(ov_store *st)
{
    if (!st->readonly) return NULL;
    conn_mem *m = PQinstanceData(st->conn, conn_event);
    if (m) return m;
    if (!(m = ov__calloc(1, sizeof *m))) return NULL;
    if (!PQregisterEventProc(st->conn, conn_event, "oversight", NULL) || !PQsetInstanceData(st->conn, conn_event, m)) {
        ov__free(m);
        return NULL;
    }
    return m;
}

static int64_t ms_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)(now.tv_sec - t->tv_sec) * 1000 + (now.tv_nsec - t->tv_nsec) / 1000000;
}

/* The stash when it answers for id now. */
static PGresult *stash_for(conn_mem *m, const char *id)
{
    if (!m || !m->hist || m->results != m->hist_results || strcmp(m->hist_id, id) != 0) return NULL;
    if (ms_since(&m->hist_at) > STASH_MS) return NULL;
    return m->hist;
}

/* Keeps r (consumed) as the stash of id. */
static void stash_keep(conn_mem *m, const char *id, PGresult *r)
{
    stash_drop(m);
    if (!(m->hist_id = ov__strdup(id))) {
        PQclear(r);
        return;
    }
    m->hist = r;
    m->hist_results = m->results;
    clock_gettime(CLOCK_MONOTONIC, &m->hist_at);
}

/* Reads the three dictionaries into m->d (again): false when they cannot be
 * read or are too large to keep (then the connection joins: d_off). */
static bool dicts_read(ov_store *st, conn_mem *m)
{
    dicts_clear(&m->d);
    m->d_read = false;
    PGresult *r = PQexec(st->conn, "SELECT 0, id, name FROM schema_name UNION ALL SELECT 1, id, name FROM prop"
                                   " UNION ALL SELECT 2, id, name FROM dataset");
    bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
    for (int i = 0; ok && i < PQntuples(r); i++) {
        int k = (int)i64(r, i, 0);
        int64_t id = i64(r, i, 1);
        if (k < 0 || k >= D_COUNT || id < 0 || id >= DICT_MAX_ID) {
            m->d_off = true;
            ok = false;
        } else if ((uint64_t)id >= m->d.n[k]) {
            size_t n = (size_t)id + 64;
            char **g = ov__realloc(m->d.name[k], sizeof *g * n);
            if (!g) ok = false;
            else {
                memset(g + m->d.n[k], 0, sizeof *g * (n - m->d.n[k]));
                m->d.name[k] = g;
                m->d.n[k] = n;
            }
        }
        if (ok && !m->d.name[k][id] && !(m->d.name[k][id] = ov__strdup(PQgetvalue(r, i, 2)))) ok = false;
    }
    PQclear(r);
    if (!ok) dicts_clear(&m->d);
    m->d_read = ok;
    return ok;
}

/* Whether the dictionaries name every id of the raw rows r. */
static bool dicts_cover(const dicts *d, const PGresult *r)
{
    if (PQntuples(r) < 1 || !dict_name(d, D_SCHEMA, i64(r, 0, 2))) return false;
    for (int i = 0; i < PQntuples(r); i++)
        if (!PQgetisnull(r, i, N_ENTITY_COLS) &&
            (!dict_name(d, D_PROP, i64(r, i, N_ENTITY_COLS + 1)) || !dict_name(d, D_SCHEMA, i64(r, i, N_ENTITY_COLS + 3)) ||
             !dict_name(d, D_DATASET, i64(r, i, N_ENTITY_COLS + 6))))
            return false;
    return true;
}

/* The rows of entity id (history or current), raw (*raw: dictionary ids, with
 * m's dictionaries naming them all) when the connection keeps dictionaries,
 * else joined; NULL with *rc on failure. */
static PGresult *get_rows(ov_store *st, conn_mem *m, const char *id, bool history, bool *raw, int *rc)
{
    const char *p[1] = {id};
    *raw = false;
    if (m && !m->d_off && (m->d_read || dicts_read(st, m))) {
        PGresult *r = run_prepared(st, history ? "ov_get_history_raw" : "ov_get_raw", 1, p, rc);
        if (!r) return NULL;
        /* a name another process added since they were read: read them again */
        if (PQntuples(r) == 0 || dicts_cover(&m->d, r) || (dicts_read(st, m) && dicts_cover(&m->d, r))) {
            *raw = true;
            return r;
        }
        PQclear(r);
    }
    return run_prepared(st, history ? "ov_get_history" : "ov_get", 1, p, rc);
}

/* The history read of id fetched ahead (consumed: the caller owns it), when
 * nothing else was asked on the connection since; else NULL. */
static PGresult *ahead_take(conn_mem *m, const char *id, bool *raw)
{
    if (!m || !m->ahead) return NULL;
    PGresult *r = NULL;
    if (m->results == m->ahead_results && !strcmp(m->ahead_id, id)) {
        r = m->ahead;
        *raw = m->ahead_raw;
        m->ahead = NULL;
    }
    ahead_drop(m);
    return r;
}

int ov__pg_get(ov_store *st, const char *id, int flags, ov_entity **out)
{
    *out = NULL;
    int rc = OV_OK;
    bool history = flags & OV_GET_HISTORY, raw = false;
    conn_mem *m = conn_mem_of(st);
    /* the current entity from the stash: its history's rows less the retired ones */
    PGresult *stash = history ? NULL : stash_for(m, id);
    if (stash) raw = m->hist_raw;
    PGresult *r = stash ? stash : history ? ahead_take(m, id, &raw) : NULL;
    if (!r) r = get_rows(st, m, id, history, &raw, &rc);
    if (!r) return rc;
    if (PQntuples(r) < 1 || (!history && i64(r, 0, 12) != 0)) {
        if (!stash) PQclear(r);
        return ov__store_fail(st, OV_ENOTFOUND, "no entity with that id");
    }
    const dicts *d = raw ? &m->d : NULL;
    ov_entity *e = ov__entity_new();
    if (!e) rc = OV_ENOMEM;
    else rc = fill_entity(e, r, 0, d);
    for (int i = 0; !rc && i < PQntuples(r); i++)
        if (!PQgetisnull(r, i, N_ENTITY_COLS) && (!stash || i64(r, i, N_ENTITY_COLS + 16) == 0))
            rc = add_stmt(e, r, i, N_ENTITY_COLS, d);
    if (history && m && !rc) {
        stash_keep(m, id, r);
        m->hist_raw = raw;
    } else if (!stash) PQclear(r);
    if (rc) {
        ov_entity_free(e);
        return ov__store_fail(st, rc, "out of memory");
    }
    *out = e;
    return OV_OK;
}

/* ---- the change log ------------------------------------------------------------------ */

static void change_keep(conn_mem *m, const PGresult *r, int row)
{
    int64_t id = i64(r, row, 0);
    if (id <= 0) return;
    change_row *c = &m->changes[(uint64_t)id % CHANGE_SLOTS];
    change_row_clear(c);
    char **f[5] = {&c->at, &c->kind, &c->origin, &c->dataset, &c->note};
    for (int k = 0; k < 5; k++)
        if (!PQgetisnull(r, row, 1 + k) && !(*f[k] = ov__strdup(PQgetvalue(r, row, 1 + k)))) {
            change_row_clear(c);
            return;
        }
    c->entities = i64(r, row, 6);
    c->added = i64(r, row, 7);
    c->retired = i64(r, row, 8);
    c->id = id;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The change ids the stash's rows name (as ov_changes_of would find them),
 * ascending, distinct, into *ids (allocated). */
static int stash_change_ids(const PGresult *h, int64_t **ids, size_t *n)
{
    size_t cap = 2 + 2 * (size_t)PQntuples(h), k = 0;
    int64_t *v = ov__malloc(sizeof *v * cap);
    if (!v) return OV_ENOMEM;
    v[k++] = i64(h, 0, 10);
    v[k++] = i64(h, 0, 12);
    for (int i = 0; i < PQntuples(h); i++)
        if (!PQgetisnull(h, i, N_ENTITY_COLS)) {
            v[k++] = i64(h, i, N_ENTITY_COLS + 15);
            v[k++] = i64(h, i, N_ENTITY_COLS + 16);
        }
    qsort(v, k, sizeof *v, cmp_i64);
    size_t w = 0;
    for (size_t i = 0; i < k; i++)
        if (v[i] > 0 && (!w || v[w - 1] != v[i])) v[w++] = v[i];
    *ids = v;
    *n = w;
    return OV_OK;
}

/* The change log of the stash's entity from the kept rows, when they hold
 * every change it names: true (and *rc the callbacks' answer), else false. */
static bool changes_kept(conn_mem *m, const int64_t *ids, size_t n, ov_change_cb cb, void *ud, int *rc)
{
    for (size_t i = 0; i < n; i++)
        if (m->changes[(uint64_t)ids[i] % CHANGE_SLOTS].id != ids[i]) return false;
    *rc = OV_OK;
    for (size_t i = 0; i < n && !*rc; i++) {
        const change_row *c = &m->changes[(uint64_t)ids[i] % CHANGE_SLOTS];
        ov_change ch = {.id = c->id, .at = c->at, .kind = c->kind, .origin = c->origin, .dataset = c->dataset,
                        .note = c->note, .entities = c->entities, .added = c->added, .retired = c->retired};
        if (cb(&ch, ud)) *rc = OV_ESTOP;
    }
    return true;
}

/* ---- cursors ------------------------------------------------------------------ */

/* Runs sql (n text parameters) through a cursor, fetch rows at a time, and
 * calls row for each; inside the caller's transaction, or one of its own
 * (a snapshot for the whole scan). row returns non-zero to stop (OV_ESTOP). */
typedef int (*row_fn)(const PGresult *r, int row, void *ud);
static int cursor_scan(ov_store *st, const char *sql, int n, const char *const *params, int fetch, row_fn row,
                       void *ud)
{
    bool own = PQtransactionStatus(st->conn) == PQTRANS_IDLE;
    int rc = own ? ov__pg_exec(st, "BEGIN ISOLATION LEVEL REPEATABLE READ") : OV_OK;
    if (rc) return rc;
    char name[32], fetch_sql[80], close_sql[64];
    snprintf(name, sizeof name, "ov_cur_%d", st->cursors++);
    ov_buf q;
    ov_buf_init(&q, 1 << 20);
    rc = ov_buf_printf(&q, "DECLARE %s NO SCROLL CURSOR FOR %s", name, sql);
    PGresult *r = rc ? NULL : ov__pg_run(st, ov_buf_str(&q), n, params, &rc);
    PQclear(r);
    ov_buf_release(&q);
    snprintf(fetch_sql, sizeof fetch_sql, "FETCH %d FROM %s", fetch, name);
    while (!rc) {
        r = ov__pg_run(st, fetch_sql, 0, NULL, &rc);
        if (!r) break;
        int rows = PQntuples(r);
        for (int i = 0; !rc && i < rows; i++) rc = row(r, i, ud);
        PQclear(r);
        if (rows < fetch) break;
    }
    if (PQstatus(st->conn) == CONNECTION_OK && PQtransactionStatus(st->conn) == PQTRANS_INTRANS) {
        snprintf(close_sql, sizeof close_sql, "CLOSE %s", name);
        ov__pg_exec(st, close_sql);
    }
    st->cursors--;
    if (own) {
        char keep[sizeof st->h.errmsg];
        memcpy(keep, st->h.errmsg, sizeof keep);
        PGresult *end = PQexec(st->conn, PQtransactionStatus(st->conn) == PQTRANS_INTRANS ? "COMMIT" : "ROLLBACK");
        PQclear(end);
        memcpy(st->h.errmsg, keep, sizeof keep);
    }
    return rc;
}

typedef struct scan_ctx {
    ov_store *st;
    ov_entity *e;
    int64_t eid; /* the entity being gathered, 0 before the first */
    ov_entity_cb cb;
    void *ud;
} scan_ctx;

static int scan_row(const PGresult *r, int row, void *ud)
{
    scan_ctx *x = ud;
    int64_t eid = i64(r, row, 0);
    int rc = OV_OK;
    if (eid != x->eid) {
        if (x->eid && x->cb(x->e, x->ud)) return OV_ESTOP;
        ov__entity_clear(x->e);
        x->eid = eid;
        if ((rc = fill_entity(x->e, r, row, NULL))) return rc;
    }
    if (!PQgetisnull(r, row, N_ENTITY_COLS)) rc = add_stmt(x->e, r, row, N_ENTITY_COLS, NULL);
    return rc;
}

static int scan(ov_store *st, const char *where, int64_t since, ov_entity_cb cb, void *ud)
{
    char sql[1400], s[24];
    snprintf(sql, sizeof sql,
             "SELECT " ENTITY_COLS ", " STMT_COLS ENTITY_FROM
             " LEFT JOIN (statement s" STMT_JOINS ") ON s.eid = e.eid AND s.retired_in IS NULL"
             " WHERE %s ORDER BY e.eid, s.sid",
             where);
    snprintf(s, sizeof s, "%lld", (long long)since);
    const char *p[1] = {s};
    scan_ctx x = {st, ov__entity_new(), 0, cb, ud};
    if (!x.e) return ov__store_fail(st, OV_ENOMEM, "out of memory");
    int rc = cursor_scan(st, sql, since >= 0 ? 1 : 0, p, 2000, scan_row, &x);
    if (!rc && x.eid && cb(x.e, ud)) rc = OV_ESTOP;
    ov_entity_free(x.e);
    return rc == OV_ENOMEM ? ov__store_fail(st, rc, "out of memory") : rc;
}

int ov__pg_scan(ov_store *st, ov_entity_cb cb, void *ud) { return scan(st, "e.retired_in IS NULL", -1, cb, ud); }

/* The ids first (on the entity_schema index), then each entity by id: the callback may read the store. */
int ov__pg_scan_schema(ov_store *st, const char *schema, ov_entity_cb cb, void *ud)
{
    const char *p[1] = {schema};
    int rc;
    PGresult *r = run_prepared(st, "ov_schema_id", 1, p, &rc);
    if (!r) return rc;
    char id[24] = "";
    if (PQntuples(r) == 1) snprintf(id, sizeof id, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    if (!id[0]) return OV_OK; /* no entity of that schema */
    p[0] = id;
    r = run_prepared(st, "ov_schema_ids", 1, p, &rc);
    if (!r) return rc;
    for (int i = 0; !rc && i < PQntuples(r); i++) {
        ov_entity *e;
        int g = ov__pg_get(st, PQgetvalue(r, i, 0), 0, &e);
        if (g == OV_ENOTFOUND) continue;
        if (g) {
            rc = g;
            break;
        }
        if (cb(e, ud)) rc = OV_ESTOP;
        ov_entity_free(e);
    }
    PQclear(r);
    return rc;
}

int ov__pg_scan_changed(ov_store *st, int64_t since, ov_entity_cb cb, void *ud)
{
    return scan(st, "e.changed_in > $1::bigint", since, cb, ud);
}

int ov__pg_changes(ov_store *st, const char *id, ov_change_cb cb, void *ud)
{
    int rc;
    conn_mem *m = id ? conn_mem_of(st) : NULL;
    PGresult *stash = id ? stash_for(m, id) : NULL, *r = NULL;
    if (stash) {
        /* the changes the stash names: kept, or read by id (and kept) */
        int64_t *ids;
        size_t n;
        if ((rc = stash_change_ids(stash, &ids, &n))) return ov__store_fail(st, rc, "out of memory");
        if (changes_kept(m, ids, n, cb, ud, &rc)) {
            ov__free(ids);
            return rc;
        }
        ov_buf arr;
        ov_buf_init(&arr, (size_t)1 << 24);
        rc = ov_buf_addc(&arr, '{');
        for (size_t i = 0; !rc && i < n; i++) rc = ov_buf_printf(&arr, "%s%lld", i ? "," : "", (long long)ids[i]);
        if (!rc) rc = ov_buf_addc(&arr, '}');
        ov__free(ids);
        const char *p[1] = {ov_buf_str(&arr)};
        r = rc ? NULL : run_prepared(st, "ov_changes_in", 1, p, &rc);
        ov_buf_release(&arr);
        if (!r) return rc == OV_ENOMEM ? ov__store_fail(st, rc, "out of memory") : rc;
        m->hist_results = m->results; /* this read belongs to the stash's answer: it stays valid */
    } else {
        const char *p[1] = {id};
        r = id ? run_prepared(st, "ov_changes_of", 1, p, &rc)
               : ov__pg_run(st, "SELECT " CHANGES_COLS " FROM change ORDER BY id", 0, NULL, &rc);
        if (!r) return rc;
    }
    for (int i = 0; m && i < PQntuples(r); i++) change_keep(m, r, i);
    for (int i = 0; i < PQntuples(r); i++) {
        ov_change c = {
            .id = i64(r, i, 0), .at = txt(r, i, 1), .kind = txt(r, i, 2), .origin = txt(r, i, 3),
            .dataset = txt(r, i, 4), .note = txt(r, i, 5), .entities = i64(r, i, 6), .added = i64(r, i, 7),
            .retired = i64(r, i, 8),
        };
        if (cb(&c, ud)) {
            rc = OV_ESTOP;
            break;
        }
    }
    PQclear(r);
    return rc;
}

static int groups(ov_store *st, const char *group, const char *sql, ov_count_cb cb, void *ud)
{
    int rc;
    PGresult *r = ov__pg_run(st, sql, 0, NULL, &rc);
    if (!r) return rc;
    for (int i = 0; i < PQntuples(r); i++)
        if (cb(group, PQgetvalue(r, i, 0), i64(r, i, 1), ud)) {
            rc = OV_ESTOP;
            break;
        }
    PQclear(r);
    return rc;
}

int ov__pg_stats(ov_store *st, ov_stats *out, ov_count_cb cb, void *ud)
{
    memset(out, 0, sizeof *out);
    int rc;
    PGresult *r = ov__pg_run(st,
                             "SELECT (SELECT count(*) FROM entity WHERE retired_in IS NULL),"
                             " (SELECT count(*) FROM entity WHERE retired_in IS NOT NULL),"
                             " (SELECT count(*) FROM statement),"
                             " (SELECT count(*) FROM statement WHERE retired_in IS NULL),"
                             " (SELECT count(*) FROM change), (SELECT count(*) FROM citation)",
                             0, NULL, &rc);
    if (!r) return rc;
    out->entities = i64(r, 0, 0);
    out->retired_entities = i64(r, 0, 1);
    out->statements_total = i64(r, 0, 2);
    out->statements_current = i64(r, 0, 3);
    out->changes = i64(r, 0, 4);
    out->citations = i64(r, 0, 5);
    PQclear(r);
    out->schema_version = st->version;
    if (!cb) return OV_OK;
    rc = groups(st, "schema",
                "SELECT sn.name, count(*) FROM entity e JOIN schema_name sn ON sn.id = e.schema"
                " WHERE e.retired_in IS NULL GROUP BY sn.name ORDER BY count(*) DESC, sn.name COLLATE \"C\"",
                cb, ud);
    if (!rc)
        rc = groups(st, "dataset",
                    "SELECT d.name, count(*) FROM statement s JOIN dataset d ON d.id = s.dataset"
                    " WHERE s.retired_in IS NULL GROUP BY d.name ORDER BY count(*) DESC, d.name COLLATE \"C\"",
                    cb, ud);
    return rc;
}

/* ---- transactions, generation ----------------------------------------------------- */

int ov__pg_read_begin(ov_store *st)
{
    if (PQtransactionStatus(st->conn) != PQTRANS_IDLE) return OV_OK;
    return ov__pg_exec(st, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

void ov__pg_read_end(ov_store *st)
{
    if (PQtransactionStatus(st->conn) == PQTRANS_INTRANS || PQtransactionStatus(st->conn) == PQTRANS_INERROR) {
        PGresult *r = PQexec(st->conn, "COMMIT");
        PQclear(r);
    }
}

int64_t ov__pg_generation(ov_store *st)
{
    return ov__pg_int(st, "SELECT coalesce((SELECT value FROM meta WHERE key = 'generation'), 0)", 0);
}

/* Every write transaction of Oversight bumps the generation: it is the data
 * version (tokens do not count: no cache derives from them). */
int64_t ov__pg_data_version(ov_store *st)
{
    int rc;
    PGresult *r = run_prepared(st, "ov_data_version", 0, NULL, &rc);
    int64_t v = r && PQntuples(r) == 1 ? i64(r, 0, 0) : -1;
    PQclear(r);
    return v;
}

/* One round trip instead of two for the server's entity GET (perf of a
 * server on PostgreSQL: each round trip wakes the backend, the largest cost
 * after the query itself; docs/BENCHMARKS.md "PostgreSQL"). The data version
 * and the history read go in one pipeline (libpq's pipeline mode): the
 * version is read first, as it would be by two calls. Anything unexpected
 * drops the read ahead and answers as ov__pg_data_version. */
int64_t ov__pg_data_version_ahead(ov_store *st, const char *id)
{
    conn_mem *m = conn_mem_of(st);
    if (!m || PQtransactionStatus(st->conn) != PQTRANS_IDLE || prepare_gets(st)) return ov__pg_data_version(st);
    ahead_drop(m);
    bool raw = !m->d_off && (m->d_read || dicts_read(st, m));
    const char *p[1] = {id};
    if (!PQenterPipelineMode(st->conn)) return ov__pg_data_version(st);
    bool sent = PQsendQueryPrepared(st->conn, "ov_data_version", 0, NULL, NULL, NULL, 0) &&
                PQsendQueryPrepared(st->conn, raw ? "ov_get_history_raw" : "ov_get_history", 1, p, NULL, NULL, 0) &&
                PQpipelineSync(st->conn);
    /* the results: version, NULL, rows, NULL, sync (after an error: the
     * error, NULL, an aborted one, sync); read to the sync, which the
     * connection needs before it leaves pipeline mode */
    PGresult *version = NULL, *rows = NULL;
    bool ok = sent;
    for (int nulls = 0; sent && nulls < 3;) {
        PGresult *r = PQgetResult(st->conn);
        if (!r) {
            /* a third NULL in a row: the connection broke */
            if (PQstatus(st->conn) != CONNECTION_OK) nulls = 3;
            else nulls++;
            continue;
        }
        nulls = 0;
        ExecStatusType t = PQresultStatus(r);
        if (t == PGRES_PIPELINE_SYNC) {
            PQclear(r);
            break;
        }
        if (t == PGRES_TUPLES_OK && !version) version = r;
        else if (t == PGRES_TUPLES_OK && !rows) rows = r;
        else {
            ok = false;
            PQclear(r);
        }
    }
    bool left = PQexitPipelineMode(st->conn) == 1;
    int64_t v = -1;
    if (ok && left && version && rows && PQntuples(version) == 1) {
        v = i64(version, 0, 0);
        if ((!raw || PQntuples(rows) == 0 || dicts_cover(&m->d, rows)) && (m->ahead_id = ov__strdup(id))) {
            m->ahead = rows;
            m->ahead_raw = raw;
            m->ahead_results = m->results;
            rows = NULL;
        }
    }
    PQclear(version);
    PQclear(rows);
    if (!ok || !left) {
        /* a connection that broke, or one still in pipeline mode, answers -1 (changed) */
        if (PQstatus(st->conn) != CONNECTION_OK || PQpipelineStatus(st->conn) != PQ_PIPELINE_OFF) return -1;
        return ov__pg_data_version(st);
    }
    return v;
}

bool ov__pg_in_transaction(ov_store *st) { return PQtransactionStatus(st->conn) != PQTRANS_IDLE; }

/* ---- tokens ------------------------------------------------------------------------ */

int ov__pg_token_add(ov_store *st, const char *name, const uint8_t *hash, size_t n, const char *created)
{
    char hex[2 + 2 * 64 + 1] = "\\x";
    if (n > 64) return ov__store_fail(st, OV_EINVAL, "token hash too long");
    for (size_t i = 0; i < n; i++) snprintf(hex + 2 + 2 * i, 3, "%02x", hash[i]);
    const char *p[3] = {name, hex, created};
    int rc;
    PGresult *r = ov__pg_run(st, "INSERT INTO api_token(name, hash, created) VALUES ($1, $2::bytea, $3)", 3, p, &rc);
    PQclear(r);
    return rc;
}

int ov__pg_token_revoke(ov_store *st, const char *name)
{
    const char *p[1] = {name};
    int rc;
    PGresult *r = ov__pg_run(st, "UPDATE api_token SET revoked = to_char(now() AT TIME ZONE 'UTC',"
                                 " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') WHERE name = $1 AND revoked IS NULL", 1, p, &rc);
    if (!r) return rc;
    bool none = !strcmp(PQcmdTuples(r), "0");
    PQclear(r);
    return none ? ov__store_fail(st, OV_ENOTFOUND, "no current token of that name") : OV_OK;
}

int ov__pg_token_list(ov_store *st, ov__token_row_cb cb, void *ud)
{
    int rc;
    PGresult *r = ov__pg_run(st, "SELECT name, created, revoked IS NOT NULL FROM api_token ORDER BY id", 0, NULL, &rc);
    if (!r) return rc;
    for (int i = 0; !rc && i < PQntuples(r); i++)
        rc = cb(PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), PQgetvalue(r, i, 2)[0] == 't', ud) ? OV_ESTOP : OV_OK;
    PQclear(r);
    return rc;
}

int ov__pg_token_hashes(ov_store *st, ov__token_hash_cb cb, void *ud)
{
    int rc;
    PGresult *r = ov__pg_run(st, "SELECT name, encode(hash, 'hex') FROM api_token WHERE revoked IS NULL", 0, NULL, &rc);
    if (!r) return OV_OK; /* no tokens can be read: none match */
    for (int i = 0; i < PQntuples(r); i++) {
        const char *hex = PQgetvalue(r, i, 1);
        size_t n = strlen(hex) / 2;
        uint8_t h[64];
        if (n > sizeof h) continue;
        for (size_t k = 0; k < n; k++) {
            unsigned v;
            if (sscanf(hex + 2 * k, "%2x", &v) != 1) v = 0;
            h[k] = (uint8_t)v;
        }
        cb(PQgetvalue(r, i, 0), h, n, ud);
    }
    PQclear(r);
    return OV_OK;
}

/* ---- the graph's scans ------------------------------------------------------------ */

int64_t ov__pg_max_eid(ov_store *st) { return ov__pg_int(st, "SELECT coalesce(max(eid), 0) FROM entity", 0); }

int ov__pg_scan_splits(ov_store *st, int n_parts, int64_t *splits)
{
    if (n_parts < 1 || n_parts > OV__SCAN_MAX_PARTS) return ov__store_fail(st, OV_EINVAL, "scan parts");
    /* the parts run one after another here (one connection): any split is right */
    int64_t max = ov__pg_max_eid(st);
    for (int k = 1; k < n_parts; k++) splits[k - 1] = max / n_parts * k + 1;
    return OV_OK;
}

typedef struct part_ctx {
    ov__brief_cb brief;
    ov__prop_cb prop;
    void *ud;
    const int64_t *which; /* scan_props: prop row id -> index in props, -1 */
    int64_t n_which;
} part_ctx;

static int brief_row(const PGresult *r, int row, void *ud)
{
    part_ctx *x = ud;
    const char *caption = txt(r, row, 4);
    return x->brief(i64(r, row, 0), PQgetvalue(r, row, 1), (size_t)PQgetlength(r, row, 1), (int)i64(r, row, 2),
                    PQgetvalue(r, row, 3), caption, caption ? (size_t)PQgetlength(r, row, 4) : 0, x->ud)
               ? OV_ESTOP
               : OV_OK;
}

/* The bounds of part k as text parameters. */
static void part_bounds(int k, int n_parts, const int64_t *splits, char lo[24], char hi[24])
{
    snprintf(lo, 24, "%lld", (long long)(k == 0 ? INT64_MIN : splits[k - 1]));
    snprintf(hi, 24, "%lld", (long long)(k == n_parts - 1 ? INT64_MAX : splits[k]));
}

int ov__pg_scan_brief(ov_store *st, int n_parts, const int64_t *splits, ov__brief_cb cb, void *const *uds)
{
    if (n_parts < 1 || n_parts > OV__SCAN_MAX_PARTS) return ov__store_fail(st, OV_EINVAL, "scan parts");
    int rc = OV_OK;
    for (int k = 0; !rc && k < n_parts; k++) {
        char lo[24], hi[24];
        part_bounds(k, n_parts, splits, lo, hi);
        const char *p[2] = {lo, hi};
        part_ctx x = {.brief = cb, .ud = uds[k]};
        rc = cursor_scan(st,
                         "SELECT e.eid, e.id, e.schema, sn.name, e.caption FROM entity e"
                         " JOIN schema_name sn ON sn.id = e.schema"
                         " WHERE e.retired_in IS NULL AND e.eid >= $1::bigint AND e.eid < $2::bigint ORDER BY e.eid",
                         2, p, 10000, brief_row, &x);
    }
    return rc;
}

static int prop_row(const PGresult *r, int row, void *ud)
{
    part_ctx *x = ud;
    int64_t prop = i64(r, row, 1);
    if (prop < 0 || prop >= x->n_which || x->which[prop] < 0) return OV_OK;
    return x->prop(i64(r, row, 0), (int)x->which[prop], PQgetvalue(r, row, 2), (size_t)PQgetlength(r, row, 2),
                   (int)i64(r, row, 3), x->ud)
               ? OV_ESTOP
               : OV_OK;
}

int ov__pg_scan_props(ov_store *st, const char *const *props, int n_props, int n_parts, const int64_t *splits,
                      ov__prop_cb cb, void *const *uds)
{
    if (n_parts < 1 || n_parts > OV__SCAN_MAX_PARTS) return ov__store_fail(st, OV_EINVAL, "scan parts");
    if (n_props <= 0) return OV_OK;
    if (n_props > 64) return ov__store_fail(st, OV_EINVAL, "too many properties for a scan");
    int64_t max = 0;
    for (size_t i = 0; i < st->props.cap; i++)
        if (st->props.slots[i].hash && (int64_t)st->props.slots[i].value > max) max = (int64_t)st->props.slots[i].value;
    /* the dictionary as read at open or at this connection's last load: read it again */
    int rc;
    PGresult *names = ov__pg_run(st, "SELECT id, name FROM prop", 0, NULL, &rc);
    if (!names) return rc;
    for (int i = 0; i < PQntuples(names); i++)
        if (i64(names, i, 0) > max) max = i64(names, i, 0);
    int64_t *which = ov__malloc(sizeof *which * (size_t)(max + 1));
    ov_buf in;
    ov_buf_init(&in, 1 << 16);
    if (!which) rc = OV_ENOMEM;
    for (int64_t i = 0; !rc && i <= max; i++) which[i] = -1;
    int n_in = 0;
    rc = rc ? rc : ov_buf_addc(&in, '{');
    for (int i = 0; !rc && i < PQntuples(names); i++)
        for (int k = 0; k < n_props; k++)
            if (!strcmp(PQgetvalue(names, i, 1), props[k])) {
                which[i64(names, i, 0)] = k;
                rc = ov_buf_printf(&in, "%s%lld", n_in++ ? "," : "", (long long)i64(names, i, 0));
                break;
            }
    PQclear(names);
    if (!rc) rc = ov_buf_addc(&in, '}');
    for (int k = 0; !rc && n_in && k < n_parts; k++) {
        char lo[24], hi[24];
        part_bounds(k, n_parts, splits, lo, hi);
        const char *p[3] = {lo, hi, ov_buf_str(&in)};
        part_ctx x = {.prop = cb, .ud = uds[k], .which = which, .n_which = max + 1};
        rc = cursor_scan(st,
                         "SELECT eid, prop, value, status FROM statement WHERE retired_in IS NULL AND status <> 4"
                         " AND prop = ANY($3::bigint[]) AND eid >= $1::bigint AND eid < $2::bigint ORDER BY eid, sid",
                         3, p, 10000, prop_row, &x);
    }
    ov_buf_release(&in);
    ov__free(which);
    return rc == OV_ENOMEM ? ov__store_fail(st, rc, "out of memory") : rc;
}

int ov__pg_referrers(ov_store *st, const char *id, ov__referrer_cb cb, void *ud)
{
    const char *p[1] = {id};
    int rc;
    PGresult *r = ov__pg_run(st,
                             "SELECT e.id, sn.name, p.name FROM statement s JOIN entity e ON e.eid = s.eid"
                             " JOIN schema_name sn ON sn.id = e.schema JOIN prop p ON p.id = s.prop"
                             " WHERE s.value = $1 AND s.retired_in IS NULL AND s.status <> 4 AND e.retired_in IS NULL"
                             " AND e.id <> $1 GROUP BY e.eid, e.id, sn.name, p.name ORDER BY e.eid, min(s.sid) LIMIT 5000",
                             1, p, &rc);
    if (!r) return rc;
    for (int i = 0; i < PQntuples(r); i++)
        if (cb(PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), PQgetvalue(r, i, 2), ud)) {
            rc = OV_ESTOP;
            break;
        }
    PQclear(r);
    return rc;
}

int ov__pg_datasets(ov_store *st, ov__dataset_cb cb, void *ud)
{
    int rc;
    PGresult *r = ov__pg_run(st,
                             "WITH st AS (SELECT dataset, count(*) AS n, max(added_in) AS last FROM statement"
                             " WHERE retired_in IS NULL GROUP BY dataset),"
                             " ch AS (SELECT dataset, max(id) AS last, count(*) AS n, max(origin) AS origin FROM change"
                             " GROUP BY dataset)"
                             " SELECT d.name, coalesce(st.n, 0), coalesce(ch.n, 0), ch.origin,"
                             " (SELECT at FROM change WHERE id = greatest(coalesce(st.last, 0), coalesce(ch.last, 0)))"
                             " FROM dataset d LEFT JOIN st ON st.dataset = d.id LEFT JOIN ch ON ch.dataset = d.name"
                             " ORDER BY d.name COLLATE \"C\"",
                             0, NULL, &rc);
    if (!r) return rc;
    for (int i = 0; i < PQntuples(r); i++)
        if (cb(PQgetvalue(r, i, 0), strtoll(PQgetvalue(r, i, 1), NULL, 10), strtoll(PQgetvalue(r, i, 2), NULL, 10),
               PQgetisnull(r, i, 3) ? NULL : PQgetvalue(r, i, 3), PQgetisnull(r, i, 4) ? NULL : PQgetvalue(r, i, 4),
               ud)) {
            rc = OV_ESTOP;
            break;
        }
    PQclear(r);
    return rc;
}

/* ---- copying a record (store_copy.c) ------------------------------------------------ */

typedef struct rows_ctx {
    ov__row_cb cb;
    void *ud;
    int n;
} rows_ctx;

static int table_row(const PGresult *r, int row, void *ud)
{
    rows_ctx *x = ud;
    const char *vals[32];
    for (int i = 0; i < x->n && i < 32; i++) vals[i] = txt(r, row, i);
    return x->cb(vals, x->n, x->ud);
}

int ov__pg_table_rows(ov_store *st, const ov__table_spec *t, ov__row_cb cb, void *ud)
{
    const char *p[1] = {t->table};
    int rc;
    PGresult *r = ov__pg_run(st, "SELECT to_regclass($1) IS NOT NULL", 1, p, &rc);
    if (!r) return rc;
    bool exists = PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0] == 't';
    PQclear(r);
    if (!exists) return OV_OK;
    ov_buf sql;
    ov_buf_init(&sql, 1 << 16);
    rc = ov_buf_adds(&sql, "SELECT ");
    const char *c = t->cols;
    int n = (int)strlen(t->kinds);
    for (int i = 0; !rc && i < n; i++) {
        const char *end = strchr(c, ',');
        size_t len = end ? (size_t)(end - c) : strlen(c);
        while (*c == ' ') c++, len--;
        if (i) rc = ov_buf_adds(&sql, ", ");
        if (!rc) rc = t->kinds[i] == 'b' ? ov_buf_printf(&sql, "encode(%.*s, 'hex')", (int)len, c)
                                         : ov_buf_printf(&sql, "%.*s", (int)len, c);
        c = end ? end + 1 : c + len;
    }
    if (!rc) rc = ov_buf_printf(&sql, " FROM %s%s%s ORDER BY 1", t->table, t->where ? " WHERE " : "", t->where ? t->where : "");
    rows_ctx x = {cb, ud, n};
    if (!rc) rc = cursor_scan(st, ov_buf_str(&sql), 0, NULL, 5000, table_row, &x);
    ov_buf_release(&sql);
    return rc;
}

/* ---- search -------------------------------------------------------------------------
 * The index holds the project's own tokens (ov__fts_prepare: CJK characters
 * one by one, full-width letters narrowed) cut into words as SQLite's
 * unicode61 tokenizer with remove_diacritics 2 does (letters, digits and
 * private-use characters make words, folded to lower case without
 * diacritics), as lexemes of a tsvector with their positions, names weighted
 * A; a query is ov__fts_query's phrases, each a sequence of lexemes (<->), all
 * required, the last word a prefix. */

/* Calls tok for each word of s (folded, UTF-8, n bytes). */
typedef int (*tok_fn)(const char *w, size_t n, void *ud);

static uint32_t fold(uint32_t cp)
{
    cp = (uint32_t)u_tolower((UChar32)cp);
    if (cp < 0x80) return cp;
    /* a letter with diacritics: its base letter (the first of its canonical decomposition) */
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *nfd = unorm2_getNFDInstance(&err);
    if (U_FAILURE(err)) return cp;
    UChar buf[8];
    int32_t n = unorm2_getRawDecomposition(nfd, (UChar32)cp, buf, 8, &err);
    if (U_FAILURE(err) || n <= 0) return cp;
    UChar32 base;
    int32_t i = 0;
    U16_NEXT(buf, i, n, base);
    /* decompositions of decompositions (ǖ): follow them down */
    return base != (UChar32)cp && base >= 0x41 ? fold((uint32_t)base) : cp;
}

static bool token_char(uint32_t cp)
{
    int8_t t = u_charType((UChar32)cp);
    return (t >= U_UPPERCASE_LETTER && t <= U_OTHER_LETTER) || t == U_DECIMAL_DIGIT_NUMBER ||
           t == U_LETTER_NUMBER || t == U_OTHER_NUMBER || t == U_PRIVATE_USE_CHAR;
}

static bool is_mark(uint32_t cp)
{
    int8_t t = u_charType((UChar32)cp);
    return t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK || t == U_COMBINING_SPACING_MARK;
}

#define MAX_LEXEME 2046

static int words(const char *s, size_t len, tok_fn tok, void *ud)
{
    ov_buf w;
    ov_buf_init(&w, 1 << 16);
    int rc = OV_OK;
    size_t i = 0;
    while (i <= len && !rc) {
        uint32_t cp = 0;
        int k = 1;
        if (i < len) {
            k = ov_utf8_decode(s + i, &cp);
            if (k <= 0) k = 1, cp = 0xFFFD;
        }
        if (i < len && is_mark(cp) && w.len) { /* a diacritic within a word: removed */
        } else if (i < len && token_char(cp)) {
            char enc[4];
            int m = ov_utf8_encode(fold(cp), enc);
            /* a lexeme holds at most 2046 bytes: a longer word is indexed and
             * looked for by its start (index and query alike) */
            if (w.len + (size_t)m <= MAX_LEXEME) rc = ov_buf_add(&w, enc, (size_t)m);
        } else if (w.len) {
            rc = tok(w.data, w.len, ud);
            ov_buf_reset(&w);
        }
        i += (size_t)k;
    }
    ov_buf_release(&w);
    return rc;
}

/* A lexeme in tsvector/tsquery text: quoted, ' and \ escaped. */
static int lexeme(ov_buf *b, const char *w, size_t n)
{
    int rc = ov_buf_addc(b, '\'');
    for (size_t i = 0; i < n && !rc; i++) {
        if (w[i] == '\'' || w[i] == '\\') rc = ov_buf_addc(b, w[i] == '\'' ? '\'' : '\\');
        if (!rc) rc = ov_buf_addc(b, w[i]);
    }
    if (!rc) rc = ov_buf_addc(b, '\'');
    return rc;
}

typedef struct vec_ctx {
    ov_buf *out; /* tsvector text, COPY-escaped later */
    int pos;
    char weight; /* 'A' or 0 */
} vec_ctx;

static int vec_word(const char *w, size_t n, void *ud)
{
    vec_ctx *v = ud;
    if (v->pos >= 16383) return OV_OK; /* tsvector positions stop there: the rest is not indexed */
    int rc = v->out->len ? ov_buf_addc(v->out, ' ') : OV_OK;
    if (!rc) rc = lexeme(v->out, w, n);
    if (!rc) rc = ov_buf_printf(v->out, ":%d", ++v->pos);
    if (!rc && v->weight) rc = ov_buf_addc(v->out, v->weight);
    return rc;
}

int ov__pg_search_row(ov_buf *b, int64_t eid, const ov_buf *names, const ov_buf *text)
{
    ov_buf vec;
    ov_buf_init(&vec, (size_t)256 << 20);
    vec_ctx v = {&vec, 0, 'A'};
    int rc = words(names->data ? names->data : "", names->len, vec_word, &v);
    v.weight = 0;
    v.pos += 10; /* no phrase across the two columns */
    if (!rc) rc = words(text->data ? text->data : "", text->len, vec_word, &v);
    if (!rc) rc = ov_buf_printf(b, "%lld\t", (long long)eid);
    if (!rc) rc = ov__pg_copy_field(b, names->data ? names->data : "", names->len);
    if (!rc) rc = ov_buf_addc(b, '\t');
    if (!rc) rc = ov__pg_copy_field(b, text->data ? text->data : "", text->len);
    if (!rc) rc = ov_buf_addc(b, '\t');
    if (!rc) rc = ov__pg_copy_field(b, vec.data ? vec.data : "", vec.len);
    if (!rc) rc = ov_buf_addc(b, '\n');
    ov_buf_release(&vec);
    return rc;
}

typedef struct q_ctx {
    ov_buf *out;
    int in_phrase; /* words so far in this phrase */
    size_t last;   /* where the last word's lexeme ends, for the prefix mark */
} q_ctx;

static int q_word(const char *w, size_t n, void *ud)
{
    q_ctx *q = ud;
    int rc = ov_buf_adds(q->out, q->in_phrase++ ? " <-> " : "");
    if (!rc) rc = lexeme(q->out, w, n);
    q->last = q->out->len;
    return rc;
}

/* The tsquery text of a user query: ov__fts_query's phrases ("..." with an
 * optional * after the last), each cut into words; OV_EINVAL when none. */
int ov__pg_ts_query(ov_buf *out, const char *query)
{
    ov_buf m;
    ov_buf_init(&m, 1 << 16);
    int rc = ov__fts_query(&m, query);
    const char *p = rc ? "" : ov_buf_str(&m);
    int phrases = 0;
    while (!rc && *p) {
        if (*p != '"') {
            p++;
            continue;
        }
        const char *end = strchr(p + 1, '"');
        if (!end) break;
        ov_buf ph;
        ov_buf_init(&ph, 1 << 16);
        q_ctx q = {&ph, 0, 0};
        rc = words(p + 1, (size_t)(end - p - 1), q_word, &q);
        bool prefix = end[1] == '*';
        if (!rc && q.in_phrase) {
            if (prefix) rc = ov_buf_adds(&ph, ":*");
            if (!rc) rc = ov_buf_adds(out, phrases++ ? " & (" : "(");
            if (!rc) rc = ov_buf_add(out, ph.data, ph.len);
            if (!rc) rc = ov_buf_addc(out, ')');
        }
        ov_buf_release(&ph);
        p = end + 1;
    }
    ov_buf_release(&m);
    if (!rc && !phrases) rc = OV_EINVAL;
    return rc;
}

/* "(ids of properties of type t)" as a bigint[] literal. */
static int prop_ids_of_type(ov_store *st, ov_type_kind t, ov_buf *arr)
{
    int rc;
    PGresult *r = ov__pg_run(st, "SELECT id, name FROM prop", 0, NULL, &rc);
    if (!r) return rc;
    const ov_model *m = ov__store_model(st);
    int n = 0;
    rc = ov_buf_addc(arr, '{');
    for (int i = 0; !rc && i < PQntuples(r); i++) {
        const char *name = PQgetvalue(r, i, 1);
        for (int k = 0; k < ov_model_schema_count(m); k++) {
            const ov_prop *p = ov_schema_prop(ov_model_schema_at(m, k), name);
            if (!p) continue;
            if (ov_prop_type(p) == t) rc = ov_buf_printf(arr, "%s%lld", n++ ? "," : "", (long long)i64(r, i, 0));
            break;
        }
    }
    PQclear(r);
    if (!rc) rc = ov_buf_addc(arr, '}');
    return rc;
}

/* The names of the schemata under want (NULL: the matchable ones and Law), as a text[] literal. */
static int schema_list(const ov_model *m, const ov_schema *want, ov_buf *arr)
{
    int rc = ov_buf_addc(arr, '{'), n = 0;
    for (int i = 0; !rc && i < ov_model_schema_count(m); i++) {
        const ov_schema *s = ov_model_schema_at(m, i);
        bool keep = want ? ov_schema_is_a(s, want) : (ov_schema_matchable(s) || !strcmp(ov_schema_name(s), "Law"));
        if (keep) rc = ov_buf_printf(arr, "%s\"%s\"", n++ ? "," : "", ov_schema_name(s));
    }
    if (!rc) rc = ov_buf_addc(arr, '}');
    return rc;
}

int ov__pg_search(ov_store *st, const ov_search_query *q, ov_search_hit **hits, size_t *n)
{
    *hits = NULL;
    *n = 0;
    const ov_model *m = ov__store_model(st);
    int limit = q->limit <= 0 ? 20 : (q->limit > 1000 ? 1000 : q->limit);
    int offset = q->offset < 0 ? 0 : q->offset;
    bool text = q->text && *q->text;
    ov_buf sql, tsq, parties, under, countries, topics;
    ov_buf_init(&sql, 1 << 20);
    ov_buf_init(&tsq, 1 << 20);
    ov_buf_init(&parties, 1 << 20);
    ov_buf_init(&under, 1 << 20);
    ov_buf_init(&countries, 1 << 20);
    ov_buf_init(&topics, 1 << 20);
    int rc = OV_OK;
    if (text) {
        rc = ov__pg_ts_query(&tsq, q->text);
        if (rc == OV_EINVAL) rc = ov__store_fail(st, OV_EINVAL, "the query has no letters or digits to search for");
        else if (rc == OV_ETOOBIG) rc = ov__store_fail(st, OV_ETOOBIG, "the query is too long");
        if (rc) goto out;
        /* names weigh ten times the other text (ts_rank's weights {D, C, B, A}),
         * and parties and laws rank above documents that mention them (as the
         * SQLite backend's bm25 with weights 10, 1 and its factor 1.5) */
        rc = schema_list(m, NULL, &parties);
        if (!rc)
            rc = ov_buf_adds(&sql, "SELECT e.id, sn.name, e.caption, ts_rank('{0.1, 0.1, 0.1, 1.0}', x.tsv, $1::tsquery)"
                                   " * (CASE WHEN sn.name = ANY($7::text[]) THEN 1.5 ELSE 1.0 END) AS score"
                                   " FROM search x JOIN entity e ON e.eid = x.eid JOIN schema_name sn ON sn.id = e.schema"
                                   " WHERE x.tsv @@ $1::tsquery AND e.retired_in IS NULL");
    } else {
        rc = ov_buf_adds(&sql, "SELECT e.id, sn.name, e.caption, 0.0::float8 AS score FROM entity e"
                               " JOIN schema_name sn ON sn.id = e.schema WHERE e.retired_in IS NULL");
    }
    if (!rc && q->schema && *q->schema) {
        const ov_schema *want = ov_model_schema(m, q->schema);
        if (!want) {
            rc = ov__store_fail(st, OV_EINVAL, "unknown schema in the filter");
            goto out;
        }
        rc = schema_list(m, want, &under);
        if (!rc) rc = ov_buf_adds(&sql, " AND sn.name = ANY($8::text[])");
    }
    if (!rc && q->country && *q->country) {
        rc = prop_ids_of_type(st, OV_T_COUNTRY, &countries);
        if (!rc)
            rc = ov_buf_adds(&sql, " AND EXISTS (SELECT 1 FROM statement s WHERE s.eid = e.eid AND s.retired_in IS NULL"
                                   " AND s.status <> 4 AND s.value = lower($2) AND s.prop = ANY($9::bigint[]))");
    }
    if (!rc && q->topic && *q->topic) {
        rc = prop_ids_of_type(st, OV_T_TOPIC, &topics);
        if (!rc)
            rc = ov_buf_adds(&sql, " AND EXISTS (SELECT 1 FROM statement s WHERE s.eid = e.eid AND s.retired_in IS NULL"
                                   " AND s.status <> 4 AND s.value = $3 AND s.prop = ANY($10::bigint[]))");
    }
    if (!rc && q->dataset && *q->dataset)
        rc = ov_buf_adds(&sql, " AND (EXISTS (SELECT 1 FROM statement s JOIN dataset d ON d.id = s.dataset"
                               " WHERE s.eid = e.eid AND s.retired_in IS NULL AND d.name = $4)"
                               " OR (e.datasets IS NOT NULL AND e.datasets::jsonb @> jsonb_build_array($4::text)))");
    if (!rc)
        rc = ov_buf_adds(&sql, text ? " ORDER BY score DESC, e.eid LIMIT $5::integer OFFSET $6::integer"
                                    : " ORDER BY e.eid LIMIT $5::integer OFFSET $6::integer");
    if (rc) {
        rc = ov__store_fail(st, rc, "search query too large");
        goto out;
    }
    /* every parameter is passed (unused ones as NULL) and typed by its use */
    char lim[16], off[16];
    snprintf(lim, sizeof lim, "%d", limit);
    snprintf(off, sizeof off, "%d", offset);
    const char *p[10] = {text ? ov_buf_str(&tsq) : NULL, q->country, q->topic, q->dataset, lim, off,
                         text ? ov_buf_str(&parties) : NULL, under.len ? ov_buf_str(&under) : NULL,
                         countries.len ? ov_buf_str(&countries) : NULL, topics.len ? ov_buf_str(&topics) : NULL};
    static const Oid types[10] = {25, 25, 25, 25, 25, 25, 25, 25, 25, 25}; /* text: unused ones too */
    PGresult *r = PQexecParams(st->conn, ov_buf_str(&sql), 10, types, p, NULL, NULL, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        PQclear(r);
        rc = ov__pg_fail(st, "search");
        goto out;
    }
    int rows = PQntuples(r);
    ov_search_hit *res = ov__calloc(rows ? (size_t)rows : 1, sizeof *res);
    if (!res) rc = ov__store_fail(st, OV_ENOMEM, "out of memory");
    size_t k = 0;
    for (int i = 0; !rc && i < rows; i++, k++) {
        res[k].id = ov__strdup(PQgetvalue(r, i, 0));
        res[k].schema = ov__strdup(PQgetvalue(r, i, 1));
        res[k].caption = PQgetisnull(r, i, 2) ? NULL : ov__strdup(PQgetvalue(r, i, 2));
        res[k].score = strtod(PQgetvalue(r, i, 3), NULL);
        if (!res[k].id || !res[k].schema || (!PQgetisnull(r, i, 2) && !res[k].caption))
            rc = ov__store_fail(st, OV_ENOMEM, "out of memory");
    }
    PQclear(r);
    if (rc) {
        if (res) ov_search_hits_free(res, k + 1 <= (size_t)rows ? k + 1 : k);
        goto out;
    }
    *hits = res;
    *n = k;
out:
    ov_buf_release(&sql);
    ov_buf_release(&tsq);
    ov_buf_release(&parties);
    ov_buf_release(&under);
    ov_buf_release(&countries);
    ov_buf_release(&topics);
    return rc;
}
