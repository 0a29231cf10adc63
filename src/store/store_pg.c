/*
 * store_pg.c - the PostgreSQL backend of the store (store.h,
 * docs/internals/store.md): the connection, the schema and its migrations,
 * and loads. Reads are in store_pg_read.c.
 *
 * The semantics are the SQLite backend's: statements are appended, a changed
 * claim retires the old row, each load is a change in the log, and the whole
 * load is one transaction. Writers serialise on a transaction-level advisory
 * lock taken at the start of every load (as SQLite's BEGIN IMMEDIATE), so the
 * row ids a load hands out (max + 1, like SQLite's rowids: a copy between
 * backends keeps them) cannot collide. New entities and their statements and
 * search rows wait in client-side buffers and go in with COPY, sent by a
 * thread while the load goes on (sender); a first load builds the indexes at
 * the end (bulk_begin); a put that may meet stored rows waits in a batch that
 * is diffed as a set (process_queue), with the rules of merge.c.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "store_pg.h"
#include "oversight/store.h"
#include "../search/fts.h"
#include "../util/alloc.h"
#include "../util/arena.h"
#include "../util/banned.h"

#define OV_PG_SCHEMA_VERSION 1
/* pg_advisory_xact_lock key of the writers ("OVSTORE" in ASCII) */
#define WRITE_LOCK "SELECT pg_advisory_xact_lock(22324293301114693)"
#define COPY_FLUSH ((size_t)8 << 20) /* send buffered rows past this */

/* ---- errors and queries ---------------------------------------------------- */

static int fail(ov_store *st, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(ov_store *st, int rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(st->h.errmsg, sizeof st->h.errmsg, fmt, ap);
    va_end(ap);
    return rc;
}

/* The connection's message without its trailing newline. */
static const char *conn_msg(PGconn *conn, char *buf, size_t n)
{
    snprintf(buf, n, "%s", conn ? PQerrorMessage(conn) : "no connection");
    size_t len = strlen(buf);
    while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' ')) buf[--len] = '\0';
    return buf;
}

/* The message of a failure of what on conn (where names the server) into err
 * (n bytes); OV_EBUSY for a serialization failure, deadlock or lock timeout
 * (try again later), else OV_EIO. Touches nothing else: the load's sender
 * thread uses it. */
static int conn_fail(PGconn *conn, const char *where, PGresult *r, const char *what, char *err, size_t n)
{
    char m[400];
    if (!conn || PQstatus(conn) == CONNECTION_BAD)
        snprintf(err, n, "%s: lost the connection to PostgreSQL (%s): %s", what, where, conn_msg(conn, m, sizeof m));
    else
        snprintf(err, n, "%s: %s", what, conn_msg(conn, m, sizeof m));
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    if (state && (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03"))) return OV_EBUSY;
    return OV_EIO;
}

int ov__pg_fail(ov_store *st, const char *what)
{
    return conn_fail(st->conn, st->where, NULL, what, st->h.errmsg, sizeof st->h.errmsg);
}

static int result_fail(ov_store *st, PGresult *r, const char *what)
{
    return conn_fail(st->conn, st->where, r, what, st->h.errmsg, sizeof st->h.errmsg);
}

PGresult *ov__pg_run(ov_store *st, const char *sql, int n, const char *const *params, int *rc)
{
    PGresult *r = n ? PQexecParams(st->conn, sql, n, NULL, params, NULL, NULL, 0) : PQexec(st->conn, sql);
    ExecStatusType s = PQresultStatus(r);
    if (s == PGRES_TUPLES_OK || s == PGRES_COMMAND_OK) {
        *rc = OV_OK;
        return r;
    }
    *rc = result_fail(st, r, "PostgreSQL");
    PQclear(r);
    return NULL;
}

int ov__pg_exec(ov_store *st, const char *sql)
{
    int rc;
    PGresult *r = ov__pg_run(st, sql, 0, NULL, &rc);
    PQclear(r);
    return rc;
}

int64_t ov__pg_int(ov_store *st, const char *sql, int64_t dflt)
{
    int rc;
    PGresult *r = ov__pg_run(st, sql, 0, NULL, &rc);
    int64_t v = dflt;
    if (r && PQntuples(r) > 0 && !PQgetisnull(r, 0, 0)) v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    PQclear(r);
    return v;
}

int ov__pg_copy_field(ov_buf *b, const char *s, size_t n)
{
    if (!s) return ov_buf_add(b, "\\N", 2);
    size_t from = 0;
    int rc = OV_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        char c = s[i], e;
        switch (c) {
        case '\\': e = '\\'; break;
        case '\t': e = 't'; break;
        case '\n': e = 'n'; break;
        case '\r': e = 'r'; break;
        default: continue;
        }
        rc = ov_buf_add(b, s + from, i - from);
        if (!rc) rc = ov_buf_addc(b, '\\');
        if (!rc) rc = ov_buf_addc(b, e);
        from = i + 1;
    }
    if (!rc) rc = ov_buf_add(b, s + from, n - from);
    return rc;
}

/* ov__pg_copy_in on a connection, the message into err (n bytes): see conn_fail. */
static int copy_send(PGconn *conn, const char *where, const char *target, const ov_buf *rows, char *err, size_t n)
{
    if (!rows->len) return OV_OK;
    char sql[512];
    snprintf(sql, sizeof sql, "COPY %s FROM STDIN", target);
    PGresult *r = PQexec(conn, sql);
    if (PQresultStatus(r) != PGRES_COPY_IN) {
        int rc = conn_fail(conn, where, r, "copy", err, n);
        PQclear(r);
        return rc;
    }
    PQclear(r);
    int ok = 1;
    for (size_t at = 0; ok == 1 && at < rows->len;) {
        size_t len = rows->len - at > ((size_t)1 << 20) ? (size_t)1 << 20 : rows->len - at;
        ok = PQputCopyData(conn, rows->data + at, (int)len);
        at += len;
    }
    if (ok == 1) ok = PQputCopyEnd(conn, NULL);
    int rc = OV_OK;
    while ((r = PQgetResult(conn))) {
        if (!rc && PQresultStatus(r) != PGRES_COMMAND_OK) rc = conn_fail(conn, where, r, "copy", err, n);
        PQclear(r);
    }
    if (!rc && ok != 1) rc = conn_fail(conn, where, NULL, "copy", err, n);
    return rc;
}

int ov__pg_copy_in(ov_store *st, const char *target, const ov_buf *rows)
{
    return copy_send(st->conn, st->where, target, rows, st->h.errmsg, sizeof st->h.errmsg);
}

/* ---- the schema -------------------------------------------------------------- */

/* Each migration moves the schema one version forward, in one transaction,
 * and says what it does (recorded in the migration table). */
static const struct migration {
    int version;
    const char *does;
    const char *sql;
} migrations[] = {
    {1, "creates the record: change log, dictionaries, citations, entities, statements, search, tokens",
     "CREATE TABLE change (id bigint PRIMARY KEY, at text NOT NULL, kind text NOT NULL, origin text,"
     " dataset text, note text, entities bigint NOT NULL DEFAULT 0, added bigint NOT NULL DEFAULT 0,"
     " retired bigint NOT NULL DEFAULT 0);"
     "CREATE TABLE dataset (id bigint PRIMARY KEY, name text NOT NULL UNIQUE);"
     "CREATE TABLE prop (id bigint PRIMARY KEY, name text NOT NULL UNIQUE);"
     "CREATE TABLE schema_name (id bigint PRIMARY KEY, name text NOT NULL UNIQUE);"
     /* no UNIQUE (source, locator): a locator may be a long quotation, past a
      * btree entry's size; loads hold the write lock and deduplicate */
     "CREATE TABLE citation (id bigint PRIMARY KEY, source text NOT NULL DEFAULT '',"
     " locator text NOT NULL DEFAULT '');"
     "CREATE TABLE entity (eid bigint PRIMARY KEY, id text NOT NULL UNIQUE, schema bigint NOT NULL,"
     " caption text, first_seen text, last_seen text, last_change text, target integer, datasets text,"
     " referents text, added_in bigint NOT NULL, changed_in bigint NOT NULL, retired_in bigint);"
     "CREATE INDEX entity_changed_in ON entity(changed_in);"
     "CREATE INDEX entity_schema ON entity(schema);" /* ov_store_scan_schema: the judgements */
     "CREATE TABLE statement (sid bigint PRIMARY KEY, eid bigint NOT NULL, schema bigint NOT NULL,"
     " prop bigint NOT NULL, value text NOT NULL, lang text, original text, dataset bigint NOT NULL,"
     " citation bigint, status integer NOT NULL DEFAULT 0, first_seen text, last_seen text, src_id text,"
     " origin text, external integer NOT NULL DEFAULT 0, added_in bigint NOT NULL, retired_in bigint);"
     "CREATE INDEX statement_eid ON statement(eid);"
     /* the project's own search tokens (src/search/fts.c), as lexemes: see store_pg_read.c */
     "CREATE TABLE search (eid bigint PRIMARY KEY, names text NOT NULL, text text NOT NULL,"
     " tsv tsvector NOT NULL);"
     "CREATE INDEX search_tsv ON search USING gin(tsv);"
     "CREATE TABLE api_token (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name text NOT NULL,"
     " hash bytea NOT NULL UNIQUE, created text NOT NULL, revoked text);"},
};

static void now_utc(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int bump_generation(ov_store *st)
{
    return ov__pg_exec(st, "INSERT INTO meta(key, value) VALUES ('generation', 1)"
                           " ON CONFLICT (key) DO UPDATE SET value = meta.value + 1");
}

/* Moves the schema forward under the write lock (two processes opening a new
 * database at once: the second finds it done). The database's owner runs it:
 * no superuser, no extension. */
static int migrate(ov_store *st)
{
    int64_t have = ov__pg_int(st, "SELECT (to_regclass('meta') IS NOT NULL)::integer", -1);
    if (have == 1) have = ov__pg_int(st, "SELECT coalesce((SELECT value FROM meta WHERE key = 'schema_version'), 0)", -1);
    if (have < 0) return ov__pg_fail(st, "open");
    if (have > OV_PG_SCHEMA_VERSION)
        return fail(st, OV_EVERSION, "store schema version %lld is newer than this Oversight (%d): upgrade Oversight",
                    (long long)have, OV_PG_SCHEMA_VERSION);
    if (have == OV_PG_SCHEMA_VERSION) {
        st->version = (int)have;
        return OV_OK;
    }
    if (have == 0 && ov__pg_int(st, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
                                    " AND tablename IN ('entity', 'statement', 'change')", 0) > 0)
        return fail(st, OV_ECORRUPT, "the database (%s) has tables of another program: not an Oversight store",
                    st->where);
    if (st->readonly)
        return fail(st, have ? OV_EVERSION : OV_ENOTFOUND,
                    have ? "store needs a migration: open it read-write once" : "the store is empty: run `oversight init`");
    int rc = ov__pg_exec(st, "BEGIN");
    if (!rc) rc = ov__pg_exec(st, WRITE_LOCK);
    if (!rc)
        rc = ov__pg_exec(st, "CREATE TABLE IF NOT EXISTS meta (key text PRIMARY KEY, value bigint NOT NULL);"
                             "CREATE TABLE IF NOT EXISTS migration (version integer PRIMARY KEY,"
                             " does text NOT NULL, at text NOT NULL)");
    if (!rc) have = ov__pg_int(st, "SELECT coalesce((SELECT value FROM meta WHERE key = 'schema_version'), 0)", 0);
    for (size_t i = 0; !rc && i < sizeof migrations / sizeof migrations[0]; i++) {
        const struct migration *m = &migrations[i];
        if (m->version <= have) continue;
        rc = ov__pg_exec(st, m->sql);
        char v[16], at[32];
        snprintf(v, sizeof v, "%d", m->version);
        now_utc(at, sizeof at);
        const char *p[3] = {v, m->does, at};
        PGresult *r = rc ? NULL
                         : ov__pg_run(st, "INSERT INTO migration(version, does, at) VALUES ($1, $2, $3);", 3, p, &rc);
        PQclear(r);
        if (!rc)
            r = ov__pg_run(st, "INSERT INTO meta(key, value) VALUES ('schema_version', $1)"
                               " ON CONFLICT (key) DO UPDATE SET value = excluded.value", 1, p, &rc);
        PQclear(r);
    }
    if (!rc) rc = bump_generation(st);
    if (!rc) rc = ov__pg_exec(st, "COMMIT");
    if (rc) {
        char keep[sizeof st->h.errmsg];
        memcpy(keep, st->h.errmsg, sizeof keep);
        ov__pg_exec(st, "ROLLBACK");
        memcpy(st->h.errmsg, keep, sizeof keep);
        return rc;
    }
    st->version = OV_PG_SCHEMA_VERSION;
    return OV_OK;
}

/* ---- dictionaries ------------------------------------------------------------ */

static int sender_wait(ov_load *ld);

static int load_dict(ov_store *st, ov_hmap *m, const char *sql)
{
    int rc;
    PGresult *r = ov__pg_run(st, sql, 0, NULL, &rc);
    if (!r) return rc;
    for (int i = 0; !rc && i < PQntuples(r); i++)
        rc = ov_hmap_put(m, PQgetvalue(r, i, 1), (size_t)PQgetlength(r, i, 1),
                         (uintptr_t)strtoll(PQgetvalue(r, i, 0), NULL, 10));
    PQclear(r);
    return rc == OV_ENOMEM ? fail(st, rc, "out of memory") : rc;
}

static int load_dicts(ov_store *st)
{
    ov_hmap *all[] = {&st->props, &st->datasets, &st->schemata, &st->citations};
    for (size_t i = 0; i < 4; i++) {
        ov_hmap_release(all[i]);
        ov_hmap_init(all[i]);
    }
    int rc = load_dict(st, &st->props, "SELECT id, name FROM prop");
    if (!rc) rc = load_dict(st, &st->datasets, "SELECT id, name FROM dataset");
    if (!rc) rc = load_dict(st, &st->schemata, "SELECT id, name FROM schema_name");
    if (!rc) rc = load_dict(st, &st->citations, "SELECT id, source || chr(31) || locator FROM citation");
    return rc;
}

/* The id of name in a dictionary table, added (max + 1, under the write lock) when new. */
static int dict_id(ov_store *st, ov_hmap *m, const char *table, const char *name, int64_t *id)
{
    size_t len = strlen(name);
    uintptr_t v;
    if (ov_hmap_get(m, name, len, &v)) {
        *id = (int64_t)v;
        return OV_OK;
    }
    int rc = st->active ? sender_wait(st->active) : OV_OK;
    if (rc) return rc;
    char sql[160];
    snprintf(sql, sizeof sql, "INSERT INTO %s(id, name) SELECT coalesce(max(id), 0) + 1, $1 FROM %s RETURNING id",
             table, table);
    PGresult *r = ov__pg_run(st, sql, 1, &name, &rc);
    if (!r) return rc;
    *id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    PQclear(r);
    return ov_hmap_put(m, name, len, (uintptr_t)*id);
}

int ov__pg_search_class(const ov_model *m, const char *schema, const char *prop)
{
    const ov_schema *s = ov_model_schema(m, schema);
    const ov_prop *p = s ? ov_schema_prop(s, prop) : NULL;
    if (!p) return 0;
    ov_type_kind t = ov_prop_type(p);
    if (t == OV_T_NAME) return 1;
    if (t == OV_T_TEXT || t == OV_T_ADDRESS || t == OV_T_IDENTIFIER) return 2;
    return 0;
}

static bool is_ref(const ov_model *m, const char *schema, const char *prop)
{
    const ov_schema *s = ov_model_schema(m, schema);
    const ov_prop *p = s ? ov_schema_prop(s, prop) : NULL;
    return p && ov_prop_type(p) == OV_T_ENTITY;
}

/* ---- open and close ---------------------------------------------------------- */

/* "host H port P database D user U" from what libpq was given (the URI and the
 * PG* environment), for messages: the password is never part of it. */
static void describe(ov_store *st, const char *conninfo)
{
    char *err = NULL;
    PQconninfoOption *opts = PQconninfoParse(conninfo, &err);
    PQfreemem(err);
    const char *host = NULL, *port = NULL, *db = NULL, *user = NULL;
    for (PQconninfoOption *o = opts; o && o->keyword; o++) {
        if (!o->val || !*o->val) continue;
        if (!strcmp(o->keyword, "host") || (!host && !strcmp(o->keyword, "hostaddr"))) host = o->val;
        else if (!strcmp(o->keyword, "port")) port = o->val;
        else if (!strcmp(o->keyword, "dbname")) db = o->val;
        else if (!strcmp(o->keyword, "user")) user = o->val;
    }
    if (!host) host = getenv("PGHOST");
    if (!port) port = getenv("PGPORT");
    if (!db) db = getenv("PGDATABASE");
    snprintf(st->where, sizeof st->where, "host %s port %s database %s%s%s", host && *host ? host : "localhost (default socket)",
             port && *port ? port : "5432", db && *db ? db : "(default)", user ? " user " : "", user ? user : "");
    PQconninfoFree(opts);
}

static int pg_open(ov_store **out, const char *conninfo, int flags, const ov_model *model);

int ov__pg_open(ov_store **out, const char *conninfo, int flags, const ov_model *model)
{
    return pg_open(out, conninfo, flags, model);
}

static int pg_open(ov_store **out, const char *conninfo, int flags, const ov_model *model)
{
    ov_store *st = ov__calloc(1, sizeof *st);
    *out = st;
    if (!st) return OV_ENOMEM;
    st->h.ops = &ov__pg_ops;
    st->h.model = model;
    st->readonly = (flags & OV_OPEN_READONLY) != 0;
    ov_hmap_init(&st->props);
    ov_hmap_init(&st->datasets);
    ov_hmap_init(&st->schemata);
    ov_hmap_init(&st->citations);
    describe(st, conninfo);
    st->conn = PQconnectdb(conninfo);
    if (!st->conn) return fail(st, OV_ENOMEM, "out of memory");
    if (PQstatus(st->conn) != CONNECTION_OK) {
        char m[400];
        /* libpq's message names the server and the reason; not the password */
        return fail(st, OV_EIO, "cannot connect to PostgreSQL (%s): %s", st->where, conn_msg(st->conn, m, sizeof m));
    }
    /* our messages, UTC text dates, and notices (CREATE ... IF NOT EXISTS) off stderr */
    PQsetNoticeProcessor(st->conn, NULL, NULL);
    int rc = ov__pg_exec(st, "SET client_encoding = 'UTF8'; SET client_min_messages = warning");
    if (!rc && st->readonly) rc = ov__pg_exec(st, "SET default_transaction_read_only = on");
    if (!rc) rc = migrate(st);
    if (!rc) rc = load_dicts(st);
    return rc;
}

static void pg_close(ov_store *st)
{
    if (!st) return;
    if (st->active) ov_load_abort(st->active);
    PQfinish(st->conn);
    ov_hmap_release(&st->props);
    ov_hmap_release(&st->datasets);
    ov_hmap_release(&st->schemata);
    ov_hmap_release(&st->citations);
    ov__dangling_release(&st->dangling);
    ov__free(st);
}

static int pg_schema_version(const ov_store *st) { return st->version; }

/* ---- loads ---------------------------------------------------------------------- */

/* The rows of the three tables a load fills, in COPY's text format. */
typedef struct copy_rows {
    ov_buf ent, stmt, search, cit;
} copy_rows;

/* A thread that sends full buffers with COPY while the load goes on making
 * the next ones (the client's work, parsing and search tokens, overlaps the
 * server's). It owns the connection while busy: everything else that uses
 * the connection during a load first waits for it (sender_wait). Its errors
 * go to its own message, moved to the store's by sender_wait. */
typedef struct sender {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool started, busy, stop; /* busy: rows are being sent; guarded by mu */
    int rc;                   /* the first failure of a send, or OV_OK */
    char err[sizeof ((ov__store_head *)0)->errmsg];
    copy_rows rows;           /* being sent; the thread's while busy */
} sender;

typedef struct queued queued;

struct ov_load {
    ov__load_head h; /* first: store.c dispatches through h.ops */
    ov_store *st;
    ov_load_opts opts;
    int64_t change;
    int64_t puts, recorded;
    int64_t next_eid, next_sid, next_citation, dataset_default;
    bool empty;        /* the store held no entity when the load began */
    bool bulk;         /* empty, and the indexes are dropped until bulk_end */
    ov_hmap ids;       /* id -> eid of the entities this load put */
    ov_hmap schemas;   /* id -> the ov_schema * it holds (stored or put by this
                        * load; 0 when unknown to the model): a put whose
                        * schema cannot combine is refused when it is made */
    ov_hmap touched;   /* eids whose search row is made again at commit */
    ov__sidset claimed; /* sids a put of this change found unchanged */
    ov_hmap refs;      /* referenced entity ids */
    copy_rows c;       /* COPY rows waiting */
    queued *q;         /* the batch (see QUEUE_ENTITIES); copies in qarena */
    size_t nq, cap_q, q_stmts;
    ov_hmap qids;      /* id -> index + 1 in q */
    ov_arena qarena;
    /* the batch's writes to stored rows, as array literals (n elements each) */
    ov_buf a_retire, a_seen_sid, a_seen_first, a_seen_last, a_del, u[10];
    size_t n_retire, n_seen, n_del, n_upd;
    sender tx;
    ov_buf names, text; /* the search row being built */
    ov_arena scratch;
    ov_load_stats stats;
};

#define ENTITY_COLS                                                                                       \
    "entity(eid, id, schema, caption, first_seen, last_seen, last_change, target, datasets, referents,"   \
    " added_in, changed_in)"
#define STATEMENT_COLS                                                                                    \
    "statement(sid, eid, schema, prop, value, lang, original, dataset, citation, status, first_seen,"     \
    " last_seen, src_id, origin, external, added_in)"

static void rows_init(copy_rows *c)
{
    ov_buf_init(&c->ent, (size_t)256 << 20);
    ov_buf_init(&c->stmt, (size_t)256 << 20);
    ov_buf_init(&c->search, (size_t)256 << 20);
    ov_buf_init(&c->cit, (size_t)256 << 20);
}

static void rows_release(copy_rows *c)
{
    ov_buf_release(&c->ent);
    ov_buf_release(&c->stmt);
    ov_buf_release(&c->search);
    ov_buf_release(&c->cit);
}

static void rows_reset(copy_rows *c)
{
    ov_buf_reset(&c->ent);
    ov_buf_reset(&c->stmt);
    ov_buf_reset(&c->search);
    ov_buf_reset(&c->cit);
}

static size_t rows_len(const copy_rows *c) { return c->ent.len + c->stmt.len + c->search.len + c->cit.len; }

/* Sends rows (citations first: statements name them) and empties them. */
static int rows_send(PGconn *conn, const char *where, copy_rows *c, char *err, size_t n)
{
    int rc = copy_send(conn, where, "citation(id, source, locator)", &c->cit, err, n);
    if (!rc) rc = copy_send(conn, where, ENTITY_COLS, &c->ent, err, n);
    if (!rc) rc = copy_send(conn, where, STATEMENT_COLS, &c->stmt, err, n);
    if (!rc) rc = copy_send(conn, where, "search(eid, names, text, tsv)", &c->search, err, n);
    rows_reset(c);
    return rc;
}

static void *sender_main(void *arg)
{
    ov_load *ld = arg;
    sender *tx = &ld->tx;
    pthread_mutex_lock(&tx->mu);
    for (;;) {
        while (!tx->busy && !tx->stop) pthread_cond_wait(&tx->cv, &tx->mu);
        if (!tx->busy) break;
        pthread_mutex_unlock(&tx->mu);
        /* after a failure the transaction is lost: drop the rows */
        int rc = tx->rc ? tx->rc : rows_send(ld->st->conn, ld->st->where, &tx->rows, tx->err, sizeof tx->err);
        if (tx->rc) rows_reset(&tx->rows);
        pthread_mutex_lock(&tx->mu);
        tx->rc = rc;
        tx->busy = false;
        pthread_cond_broadcast(&tx->cv);
    }
    pthread_mutex_unlock(&tx->mu);
    return NULL;
}

/* Waits until the sender is idle; its failure, if any, becomes the store's. */
static int sender_wait(ov_load *ld)
{
    sender *tx = &ld->tx;
    if (!tx->started) return OV_OK;
    pthread_mutex_lock(&tx->mu);
    while (tx->busy) pthread_cond_wait(&tx->cv, &tx->mu);
    int rc = tx->rc;
    pthread_mutex_unlock(&tx->mu);
    if (rc) memcpy(ld->st->h.errmsg, tx->err, sizeof tx->err);
    return rc;
}

static void sender_stop(ov_load *ld)
{
    sender *tx = &ld->tx;
    if (!tx->started) return;
    pthread_mutex_lock(&tx->mu);
    tx->stop = true;
    pthread_cond_broadcast(&tx->cv);
    pthread_mutex_unlock(&tx->mu);
    pthread_join(tx->thread, NULL);
    pthread_mutex_destroy(&tx->mu);
    pthread_cond_destroy(&tx->cv);
    tx->started = false;
}

/* Sends every waiting row before the caller uses the connection. */
static int flush_all(ov_load *ld)
{
    int rc = sender_wait(ld);
    if (!rc) rc = rows_send(ld->st->conn, ld->st->where, &ld->c, ld->st->h.errmsg, sizeof ld->st->h.errmsg);
    return rc;
}

/* Hands the waiting rows to the sender (the previous ones sent first) and
 * returns at once; without a thread (it could not start) sends them here. */
static int flush_async(ov_load *ld)
{
    sender *tx = &ld->tx;
    int rc = sender_wait(ld);
    if (rc) return rc;
    if (!tx->started) {
        bool mu = !pthread_mutex_init(&tx->mu, NULL), cv = mu && !pthread_cond_init(&tx->cv, NULL);
        if (!cv || pthread_create(&tx->thread, NULL, sender_main, ld)) {
            if (cv) pthread_cond_destroy(&tx->cv);
            if (mu) pthread_mutex_destroy(&tx->mu);
            return flush_all(ld);
        }
        tx->started = true;
    }
    copy_rows full = ld->c;
    pthread_mutex_lock(&tx->mu);
    ld->c = tx->rows; /* the sent, empty buffers come back */
    tx->rows = full;
    tx->busy = true;
    pthread_cond_broadcast(&tx->cv);
    pthread_mutex_unlock(&tx->mu);
    return OV_OK;
}

static void load_free(ov_load *ld)
{
    ov_hmap_release(&ld->ids);
    ov_hmap_release(&ld->schemas);
    ov_hmap_release(&ld->touched);
    ov__sidset_release(&ld->claimed);
    ov_hmap_release(&ld->refs);
    sender_stop(ld);
    rows_release(&ld->c);
    rows_release(&ld->tx.rows);
    ov_buf_release(&ld->names);
    ov_buf_release(&ld->text);
    ov_arena_release(&ld->scratch);
    ov__free(ld->q);
    ov_hmap_release(&ld->qids);
    ov_arena_release(&ld->qarena);
    ov_buf *arrs[] = {&ld->a_retire, &ld->a_seen_sid, &ld->a_seen_first, &ld->a_seen_last, &ld->a_del};
    for (size_t i = 0; i < 5; i++) ov_buf_release(arrs[i]);
    for (size_t i = 0; i < 10; i++) ov_buf_release(&ld->u[i]);
    ld->st->active = NULL;
    ov__free(ld);
}

static void pg_load_abort(ov_load *ld)
{
    if (!ld) return;
    ov_store *st = ld->st;
    sender_stop(ld); /* the connection is ours again */
    if (PQtransactionStatus(st->conn) != PQTRANS_IDLE) {
        PGresult *r = PQexec(st->conn, "ROLLBACK");
        PQclear(r);
    }
    load_free(ld);
    load_dicts(st); /* they may hold ids the rollback removed */
}

static int start_change(ov_load *ld, const ov_load_opts *opts)
{
    ov_store *st = ld->st;
    char at[32];
    now_utc(at, sizeof at);
    const char *p[5] = {at, opts->kind ? opts->kind : "load", opts->origin && *opts->origin ? opts->origin : NULL,
                        opts->dataset && *opts->dataset ? opts->dataset : NULL,
                        opts->note && *opts->note ? opts->note : NULL};
    int rc;
    PGresult *r = ov__pg_run(st, "INSERT INTO change(id, at, kind, origin, dataset, note)"
                                 " SELECT coalesce(max(id), 0) + 1, $1, $2, $3, $4, $5 FROM change RETURNING id",
                             5, p, &rc);
    if (!r) return rc;
    ld->change = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    PQclear(r);
    ld->stats.change_id = ld->change;
    ld->puts = 0;
    return dict_id(st, &st->datasets, "dataset", opts->dataset ? opts->dataset : "default", &ld->dataset_default);
}

static int end_change(ov_load *ld)
{
    ov_store *st = ld->st;
    char id[24], ents[24], added[24], retired[24];
    snprintf(id, sizeof id, "%lld", (long long)ld->change);
    snprintf(ents, sizeof ents, "%lld", (long long)(ld->stats.entities + ld->stats.deleted_entities));
    snprintf(added, sizeof added, "%lld", (long long)ld->stats.added);
    snprintf(retired, sizeof retired, "%lld", (long long)ld->stats.retired);
    const char *p[4] = {id, ents, added, retired};
    int rc;
    PGresult *r = ld->puts ? ov__pg_run(st, "UPDATE change SET entities = $2, added = $3, retired = $4 WHERE id = $1",
                                        4, p, &rc)
                           : ov__pg_run(st, "DELETE FROM change WHERE id = $1", 1, p, &rc);
    PQclear(r);
    if (!rc && ld->puts) ld->recorded++;
    if (!rc && !ld->puts) ld->stats.change_id = 0;
    return rc;
}

/* A first load (and a copy) fills empty tables without their indexes and
 * builds them once at the end, by sorting: a B-tree or GIN insert per row is
 * most of the server's time (docs/internals/store.md, "Loads"). The names are
 * those the migration gives. In the transaction, so a failure leaves the
 * indexes as they were; until commit the tables are locked for readers too
 * (ACCESS EXCLUSIVE: a reader of the empty store waits for the load). */
#define BULK_DROP                                                                                          \
    "ALTER TABLE entity DROP CONSTRAINT entity_pkey, DROP CONSTRAINT entity_id_key;"                       \
    "DROP INDEX entity_changed_in, entity_schema, statement_eid, search_tsv;"                              \
    "ALTER TABLE statement DROP CONSTRAINT statement_pkey; ALTER TABLE search DROP CONSTRAINT search_pkey"
/* the sorts in memory where the server allows it (the setting ends with the transaction) */
#define BULK_BUILD                                                                                         \
    "SET LOCAL maintenance_work_mem = '256MB';"                                                            \
    "ALTER TABLE entity ADD CONSTRAINT entity_pkey PRIMARY KEY (eid),"                                     \
    " ADD CONSTRAINT entity_id_key UNIQUE (id);"                                                           \
    "CREATE INDEX entity_changed_in ON entity(changed_in); CREATE INDEX entity_schema ON entity(schema);"   \
    "ALTER TABLE statement ADD CONSTRAINT statement_pkey PRIMARY KEY (sid);"                               \
    "CREATE INDEX statement_eid ON statement(eid);"                                                        \
    "ALTER TABLE search ADD CONSTRAINT search_pkey PRIMARY KEY (eid);"                                     \
    "CREATE INDEX search_tsv ON search USING gin(tsv)"

static int bulk_drop(ov_store *st) { return ov__pg_exec(st, BULK_DROP); }
static int bulk_build(ov_store *st) { return ov__pg_exec(st, BULK_BUILD); }

static int bulk_begin(ov_load *ld)
{
    int rc = bulk_drop(ld->st);
    if (!rc) ld->bulk = true;
    return rc;
}

/* The indexes back: at commit, or before the load first reads what it wrote
 * (a fragment of an entity it put, a delete). */
static int bulk_end(ov_load *ld)
{
    if (!ld->bulk) return OV_OK;
    int rc = flush_all(ld);
    if (!rc) rc = bulk_build(ld->st);
    if (!rc) ld->bulk = false;
    return rc;
}

/* The schema of every stored entity (retired ones too: a put brings them
 * back) into ld->schemas: one query per load, so that a put whose schema
 * cannot be combined with the stored one is refused when it is made, as on
 * SQLite, not when its batch is done (the caller, having read on, could no
 * longer skip it). Costs an id and a pointer per stored entity. */
static int load_schemas(ov_load *ld)
{
    ov_store *st = ld->st;
    int rc;
    PGresult *r = ov__pg_run(st, "SELECT e.id, sn.name FROM entity e JOIN schema_name sn ON sn.id = e.schema", 0, NULL,
                             &rc);
    if (!r) return rc;
    for (int i = 0; !rc && i < PQntuples(r); i++) {
        const char *id = PQgetvalue(r, i, 0);
        const ov_schema *s = ov_model_schema(st->h.model, PQgetvalue(r, i, 1));
        if (ov_hmap_put(&ld->schemas, id, strlen(id), (uintptr_t)s)) rc = fail(st, OV_ENOMEM, "out of memory");
    }
    PQclear(r);
    return rc;
}

static int pg_load_begin(ov_store *st, const ov_load_opts *opts, ov_load **out)
{
    *out = NULL;
    if (st->readonly) return fail(st, OV_EINVAL, "the store is open read-only");
    if (st->active) return fail(st, OV_EINVAL, "a load is already running on this store");
    ov__dangling_clear(&st->dangling);
    ov_load *ld = ov__calloc(1, sizeof *ld);
    if (!ld) return fail(st, OV_ENOMEM, "out of memory");
    ld->h.ops = &ov__pg_ops;
    ld->h.st = st;
    ld->st = st;
    ld->opts = *opts;
    st->active = ld;
    ov_hmap_init(&ld->ids);
    ov_hmap_init(&ld->schemas);
    ov_hmap_init(&ld->touched);
    ov_hmap_init(&ld->refs);
    rows_init(&ld->c);
    rows_init(&ld->tx.rows);
    ov_hmap_init(&ld->qids);
    ov_arena_init(&ld->qarena, 64 * 1024, (size_t)1 << 30);
    ov_buf *arrs[] = {&ld->a_retire, &ld->a_seen_sid, &ld->a_seen_first, &ld->a_seen_last, &ld->a_del};
    for (size_t i = 0; i < 5; i++) ov_buf_init(arrs[i], (size_t)1 << 30);
    for (size_t i = 0; i < 10; i++) ov_buf_init(&ld->u[i], (size_t)1 << 30);
    ov_buf_init(&ld->names, (size_t)64 << 20);
    ov_buf_init(&ld->text, (size_t)64 << 20);
    ov_arena_init(&ld->scratch, 64 * 1024, (size_t)1 << 30);
    st->h.errmsg[0] = '\0';
    /* the write lock first: the ids and dictionaries are read under it */
    int rc = ov__pg_exec(st, "BEGIN");
    if (!rc) rc = ov__pg_exec(st, WRITE_LOCK);
    if (!rc) rc = load_dicts(st);
    if (!rc) {
        ld->next_eid = ov__pg_int(st, "SELECT coalesce(max(eid), 0) + 1 FROM entity", -1);
        ld->next_sid = ov__pg_int(st, "SELECT coalesce(max(sid), 0) + 1 FROM statement", -1);
        ld->next_citation = ov__pg_int(st, "SELECT coalesce(max(id), 0) + 1 FROM citation", -1);
        if (ld->next_eid < 0 || ld->next_sid < 0 || ld->next_citation < 0) rc = ov__pg_fail(st, "load");
        ld->empty = ld->next_eid == 1;
        ld->stats.bulk = ld->empty;
    }
    if (!rc && ld->empty) rc = bulk_begin(ld);
    if (!rc && !ld->empty) rc = load_schemas(ld);
    if (!rc) rc = start_change(ld, opts);
    if (rc) {
        char keep[sizeof st->h.errmsg];
        memcpy(keep, st->h.errmsg, sizeof keep);
        pg_load_abort(ld);
        memcpy(st->h.errmsg, keep, sizeof keep);
        return rc;
    }
    *out = ld;
    return OV_OK;
}

/* The id of a citation, a new one numbered by the load (max + 1 under the
 * write lock) and sent with its rows. */
static int citation_id(ov_load *ld, const char *source, const char *locator, int64_t *id)
{
    ov_store *st = ld->st;
    *id = 0;
    if ((!source || !*source) && (!locator || !*locator)) return OV_OK;
    if (!source) source = "";
    if (!locator) locator = "";
    ov_buf key;
    ov_buf_init(&key, (size_t)64 << 20);
    int rc = ov_buf_adds(&key, source);
    if (!rc) rc = ov_buf_addc(&key, 31);
    if (!rc) rc = ov_buf_adds(&key, locator);
    uintptr_t v;
    if (!rc && ov_hmap_get(&st->citations, key.data, key.len, &v)) {
        *id = (int64_t)v;
    } else if (!rc) {
        ov_buf *b = &ld->c.cit;
        *id = ld->next_citation++;
        rc = ov_buf_printf(b, "%lld\t", (long long)*id);
        if (!rc) rc = ov__pg_copy_field(b, source, strlen(source));
        if (!rc) rc = ov_buf_addc(b, '\t');
        if (!rc) rc = ov__pg_copy_field(b, locator, strlen(locator));
        if (!rc) rc = ov_buf_addc(b, '\n');
        if (!rc) rc = ov_hmap_put(&st->citations, key.data, key.len, (uintptr_t)*id);
    }
    ov_buf_release(&key);
    return rc ? fail(st, rc, "out of memory") : rc;
}

/* One incoming statement, resolved to ids. */
typedef struct stmt_row {
    const ov_stmt *in;
    int64_t prop, dataset, citation, schema;
    const char *schema_name; /* the statement's schema */
    bool dup;                /* repeats an earlier statement of the same put */
    bool matched;            /* a current statement stands for it */
} stmt_row;

/* Appends v in decimal, then the character after (none when 0): without
 * printf, which was a fifth of a first load's client time. */
static int add_i64(ov_buf *b, int64_t v, char after)
{
    char tmp[24], *p = tmp + sizeof tmp;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    if (after) *--p = after;
    do *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0) *--p = '-';
    return ov_buf_add(b, p, (size_t)(tmp + sizeof tmp - p));
}

/* The set key of a statement: (prop, dataset, value, src_id). */
static int row_key(ov_buf *k, int64_t prop, int64_t dataset, const char *value, const char *src)
{
    ov_buf_reset(k);
    int rc = add_i64(k, prop, 0x1f);
    if (!rc) rc = add_i64(k, dataset, 0x1f);
    if (!rc) rc = ov_buf_adds(k, value);
    if (!rc) rc = ov_buf_addc(k, 0x1f);
    if (!rc) rc = ov_buf_adds(k, src ? src : "");
    return rc;
}


/* A statement row into the COPY buffer, with the next statement id. */
static int insert_statement(ov_load *ld, int64_t eid, const stmt_row *r)
{
    const ov_stmt *in = r->in;
    ov_buf *b = &ld->c.stmt;
#define TXT(s) ov__pg_copy_field(b, (s) && *(s) ? (s) : NULL, (s) ? strlen(s) : 0)
    int rc = add_i64(b, ld->next_sid++, '\t');
    if (!rc) rc = add_i64(b, eid, '\t');
    if (!rc) rc = add_i64(b, r->schema, '\t');
    if (!rc) rc = add_i64(b, r->prop, '\t');
    if (!rc) rc = ov__pg_copy_field(b, in->value, strlen(in->value));
    if (!rc) rc = ov_buf_addc(b, '\t');
    if (!rc) rc = TXT(in->lang);
    if (!rc) rc = ov_buf_addc(b, '\t');
    if (!rc) rc = TXT(in->original_value);
    if (!rc) rc = ov_buf_addc(b, '\t');
    if (!rc) rc = add_i64(b, r->dataset, '\t');
    if (!rc) rc = r->citation ? add_i64(b, r->citation, 0) : ov_buf_adds(b, "\\N");
    if (!rc) rc = ov_buf_addc(b, '\t');
    if (!rc) rc = add_i64(b, in->status, '\t');
    if (!rc) rc = TXT(in->first_seen);
    if (!rc) rc = ov_buf_addc(b, '\t');
    if (!rc) rc = TXT(in->last_seen);
    if (!rc) rc = ov_buf_addc(b, '\t');
    if (!rc) rc = TXT(in->src_id);
    if (!rc) rc = ov_buf_addc(b, '\t');
    if (!rc) rc = TXT(in->origin);
    if (!rc) rc = ov_buf_addc(b, '\t');
    if (!rc) rc = add_i64(b, in->external, '\t');
    if (!rc) rc = add_i64(b, ld->change, '\n');
#undef TXT
    if (rc) return fail(ld->st, rc, "a value too large for the load's buffer");
    ld->stats.added++;
    return OV_OK;
}

static int entity_row(ov_load *ld, int64_t eid, const ov_entity *e, int64_t schema, const char *caption)
{
    ov_buf *b = &ld->c.ent;
#define TXT(s) ov__pg_copy_field(b, (s) && *(s) ? (s) : NULL, (s) ? strlen(s) : 0)
    int rc = add_i64(b, eid, '\t');
    if (!rc) rc = ov__pg_copy_field(b, e->id, strlen(e->id));
    if (!rc) rc = ov_buf_addc(b, '\t');
    if (!rc) rc = add_i64(b, schema, '\t');
    if (!rc) rc = TXT(caption);
    if (!rc) rc = ov_buf_addc(b, '\t');
    if (!rc) rc = TXT(e->first_seen);
    if (!rc) rc = ov_buf_addc(b, '\t');
    if (!rc) rc = TXT(e->last_seen);
    if (!rc) rc = ov_buf_addc(b, '\t');
    if (!rc) rc = TXT(e->last_change);
    if (!rc) rc = e->target >= 0 ? ov_buf_printf(b, "\t%d\t", e->target) : ov_buf_adds(b, "\t\\N\t");
    if (!rc) rc = TXT(e->datasets_json);
    if (!rc) rc = ov_buf_addc(b, '\t');
    if (!rc) rc = TXT(e->referents_json);
    if (!rc) rc = ov_buf_addc(b, '\t');
    if (!rc) rc = add_i64(b, ld->change, '\t');
    if (!rc) rc = add_i64(b, ld->change, '\n');
#undef TXT
    return rc ? fail(ld->st, rc, "entity %s too large for the load's buffer", e->id) : OV_OK;
}

static int index_new_entity(ov_load *ld, int64_t eid, const stmt_row *rows, size_t n)
{
    ov_buf_reset(&ld->names);
    ov_buf_reset(&ld->text);
    int rc = OV_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        if (rows[i].dup || rows[i].in->status == OV_ST_RETRACTED) continue;
        int cls = ov__pg_search_class(ld->st->h.model, rows[i].schema_name, rows[i].in->prop);
        if (!cls) continue;
        rc = ov__fts_prepare(cls == 1 ? &ld->names : &ld->text, rows[i].in->value);
        if (rc == OV_ETOOBIG) rc = OV_OK; /* index what fits */
    }
    if (!rc && (ld->names.len || ld->text.len)) rc = ov__pg_search_row(&ld->c.search, eid, &ld->names, &ld->text);
    return rc ? fail(ld->st, rc, "out of memory") : OV_OK;
}

static const char *caption_of(const ov_schema *schema, const ov_entity *e)
{
    if (e->caption && *e->caption) return e->caption;
    int n;
    const char *const *props = ov_schema_caption_props(schema, &n);
    for (int i = 0; i < n; i++)
        for (size_t k = 0; k < e->n_stmts; k++)
            if (e->stmts[k].status != OV_ST_RETRACTED && strcmp(e->stmts[k].prop, props[i]) == 0)
                return e->stmts[k].value;
    return NULL;
}

/* ---- the batch: puts that may meet what the store holds ----------------------
 *
 * A put of an entity that may already be in the store (the store was not
 * empty, or this load put it before) waits in a queue of at most
 * QUEUE_ENTITIES entities (QUEUE_STMTS statements). The queue is done as a
 * set: one query finds which of its ids exist, one reads their current
 * statements, each entity is then diffed in memory with the SQLite backend's
 * rules (merge_existing), and the writes go back as one UPDATE per kind over
 * arrays (retired statements, first/last seen, entity rows, deleted
 * entities); new statements and entities wait in the COPY buffers. An id
 * appears at most once in the queue: a second put of it does the queue first.
 */
#define QUEUE_ENTITIES 2000
#define QUEUE_STMTS 40000

/* A put waiting in the queue: a copy of the entity in ld->qarena. */
struct queued {
    ov_entity e;
    ov_load_mode mode;
    int64_t eid, old_schema; /* found in the store: eid > 0 */
    bool was_retired;
    int row;                 /* its row in the batch's entity query */
};

/* Appends an element to a PostgreSQL array literal being built in b (n
 * elements so far): s quoted, NULL as NULL. */
static int arr_text(ov_buf *b, size_t n, const char *s)
{
    int rc = ov_buf_addc(b, n ? ',' : '{');
    if (!rc && !s) return ov_buf_adds(b, "NULL");
    if (!rc) rc = ov_buf_addc(b, '"');
    for (const char *c = s; !rc && *c; c++) {
        if (*c == '"' || *c == '\\') rc = ov_buf_addc(b, '\\');
        if (!rc) rc = ov_buf_addc(b, *c);
    }
    if (!rc) rc = ov_buf_addc(b, '"');
    return rc;
}

static int arr_int(ov_buf *b, size_t n, int64_t v) { return ov_buf_printf(b, "%c%lld", n ? ',' : '{', (long long)v); }

/* The literal of an array built with arr_text/arr_int (n elements). */
static const char *arr_end(ov_buf *b, size_t n)
{
    if (!n) return "{}";
    return ov_buf_addc(b, '}') ? NULL : ov_buf_str(b);
}

/* Diffs incoming statements against the entity's current ones, rows from..to
 * of cur (the batch's statement query, see CUR_SELECT), with the SQLite
 * backend's rules: same key and same claim: unchanged (its seen dates
 * renewed); same key, another claim: the old row retired, the new one added;
 * a current statement no incoming one states: retired by a replace, kept by a
 * merge; within a change the first fragment's statement stands (claimed).
 * The writes wait in the batch's arrays and COPY buffers. */
static int merge_existing(ov_load *ld, int64_t eid, stmt_row *rows, size_t n, ov_hmap *ix, ov_load_mode mode,
                          const PGresult *r, int from, int to, bool *changed)
{
    ov_store *st = ld->st;
    int64_t added_before = ld->stats.added, retired_before = ld->stats.retired;
    ov_buf key;
    ov_buf_init(&key, (size_t)64 << 20);
    int rc = OV_OK;
    for (int i = from; !rc && i < to; i++) {
        int64_t sid = strtoll(PQgetvalue(r, i, 1), NULL, 10);
        int64_t prop = strtoll(PQgetvalue(r, i, 2), NULL, 10);
        int64_t dataset = strtoll(PQgetvalue(r, i, 4), NULL, 10);
        const char *value = PQgetvalue(r, i, 3), *src = PQgetvalue(r, i, 5);
        if ((rc = row_key(&key, prop, dataset, value, src))) break;
        uintptr_t v;
        size_t hit = ov_hmap_get(ix, key.data, key.len, &v) ? (size_t)v - 1 : n;
        if (hit < n && rows[hit].matched) hit = n;
        ov__cur_stmt c = {sid, strtoll(PQgetvalue(r, i, 8), NULL, 10), strtoll(PQgetvalue(r, i, 10), NULL, 10),
                          strtoll(PQgetvalue(r, i, 13), NULL, 10), PQgetvalue(r, i, 6), PQgetvalue(r, i, 7),
                          PQgetvalue(r, i, 11), (int)strtol(PQgetvalue(r, i, 9), NULL, 10),
                          (int)strtol(PQgetvalue(r, i, 12), NULL, 10)};
        stmt_row *row = hit < n ? &rows[hit] : NULL;
        ov__merge_verdict verdict = ov__merge_rule(&c, row ? row->in : NULL, row ? row->citation : 0,
                                                   row ? row->schema : 0, mode, ld->change, &ld->claimed);
        bool keep = verdict != OV__MERGE_REPLACED && verdict != OV__MERGE_RETIRED;
        if (verdict == OV__MERGE_CLAIMED || verdict == OV__MERGE_UNCHANGED) row->matched = true;
        if (verdict == OV__MERGE_UNCHANGED) {
            const ov_stmt *in = row->in;
            ld->stats.unchanged++;
            if ((rc = ov__sidset_add(&ld->claimed, sid))) break;
            if (in->first_seen || in->last_seen) {
                size_t k = ld->n_seen++;
                rc = arr_int(&ld->a_seen_sid, k, sid);
                if (!rc) rc = arr_text(&ld->a_seen_first, k, in->first_seen && *in->first_seen ? in->first_seen : NULL);
                if (!rc) rc = arr_text(&ld->a_seen_last, k, in->last_seen && *in->last_seen ? in->last_seen : NULL);
            }
        }
        if (!keep) {
            rc = arr_int(&ld->a_retire, ld->n_retire++, sid);
            ld->stats.retired++;
        }
    }
    ov_buf_release(&key);
    if (rc) return fail(st, rc, "out of memory");
    for (size_t i = 0; !rc && i < n; i++)
        if (!rows[i].dup && !rows[i].matched) rc = insert_statement(ld, eid, &rows[i]);
    *changed = ld->stats.retired > retired_before || ld->stats.added > added_before;
    return rc;
}

static int mark_touched(ov_load *ld, int64_t eid) { return ov_hmap_put(&ld->touched, &eid, sizeof eid, 1); }

/* Resolves e's statements to dictionary ids into rows (in the scratch arena;
 * NULL when none), its set keys into ix (key -> row index + 1; the repeats
 * marked dup), and notes the entities they reference. */
static int resolve_rows(ov_load *ld, const ov_entity *e, const ov_schema *schema, int64_t schema_id, stmt_row **out,
                        ov_hmap *ix)
{
    ov_store *st = ld->st;
    const ov_model *model = st->h.model;
    stmt_row *rows = e->n_stmts ? ov_arena_alloc(&ld->scratch, e->n_stmts * sizeof *rows) : NULL;
    *out = rows;
    if (e->n_stmts && !rows) return fail(st, OV_ENOMEM, "out of memory");
    ov_buf key;
    ov_buf_init(&key, (size_t)64 << 20);
    int rc = OV_OK;
    for (size_t i = 0; !rc && i < e->n_stmts; i++) {
        const ov_stmt *in = &e->stmts[i];
        stmt_row *r = &rows[i];
        memset(r, 0, sizeof *r);
        r->in = in;
        if ((rc = dict_id(st, &st->props, "prop", in->prop, &r->prop))) break;
        r->dataset = ld->dataset_default;
        if (in->dataset && *in->dataset && (rc = dict_id(st, &st->datasets, "dataset", in->dataset, &r->dataset))) break;
        r->schema = schema_id;
        r->schema_name = ov_schema_name(schema);
        if (in->schema && *in->schema && strcmp(in->schema, ov_schema_name(schema)) != 0) {
            if ((rc = dict_id(st, &st->schemata, "schema_name", in->schema, &r->schema))) break;
            r->schema_name = in->schema;
        }
        if ((rc = citation_id(ld, in->source, in->locator, &r->citation))) break;
        /* duplicates inside one entity: FtM keeps a property's values as a set */
        if ((rc = row_key(&key, r->prop, r->dataset, in->value, in->src_id))) break;
        int added;
        ov_hmap_slot *slot = ov_hmap_upsert(ix, key.data, key.len, &added);
        if (!slot) {
            rc = OV_ENOMEM;
            break;
        }
        if (added) slot->value = i + 1;
        else r->dup = true;
        if (!r->dup && is_ref(model, r->schema_name, in->prop)) {
            int a2;
            if (!ov_hmap_upsert(&ld->refs, in->value, strlen(in->value), &a2)) rc = OV_ENOMEM;
        }
    }
    ov_buf_release(&key);
    return rc == OV_ENOMEM || rc == OV_ETOOBIG ? fail(st, rc, "out of memory") : rc;
}

/* A new entity: its rows into the COPY buffers, sent when they are full. */
static int put_new(ov_load *ld, const ov_entity *e, const ov_schema *schema)
{
    ov_store *st = ld->st;
    ov_arena_reset(&ld->scratch);
    int64_t schema_id;
    int rc = dict_id(st, &st->schemata, "schema_name", ov_schema_name(schema), &schema_id);
    if (rc) return rc;
    ov_hmap ix;
    ov_hmap_init(&ix);
    stmt_row *rows;
    rc = resolve_rows(ld, e, schema, schema_id, &rows, &ix);
    ov_hmap_release(&ix);
    if (rc) return rc;
    int64_t eid = ld->next_eid++;
    rc = entity_row(ld, eid, e, schema_id, caption_of(schema, e));
    if (!rc && ov_hmap_put(&ld->ids, e->id, strlen(e->id), (uintptr_t)eid)) rc = fail(st, OV_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < e->n_stmts; i++)
        if (!rows[i].dup) rc = insert_statement(ld, eid, &rows[i]);
    if (!rc) rc = index_new_entity(ld, eid, rows, e->n_stmts);
    if (rc) return rc;
    ld->stats.entities++;
    return rows_len(&ld->c) > COPY_FLUSH ? flush_async(ld) : OV_OK;
}

/* The name of schema id sid, or NULL. */
static const char *schema_name_of(ov_store *st, int64_t sid)
{
    for (size_t i = 0; i < st->schemata.cap; i++)
        if (st->schemata.slots[i].hash && (int64_t)st->schemata.slots[i].value == sid) return st->schemata.slots[i].key;
    return NULL;
}

/* A queued put of an entity found in the store (q->eid), its current
 * statements rows from..to of cur. OV_EINVAL (with the message) when its
 * schema cannot be combined with the stored one: nothing of it is written. */
static int put_existing(ov_load *ld, const queued *q, const PGresult *found, const PGresult *cur, int from, int to)
{
    ov_store *st = ld->st;
    const ov_model *model = st->h.model;
    const ov_entity *e = &q->e;
    ov_hmap ix;
    ov_hmap_init(&ix);
    bool changed = true;
    int rc = OV_OK;
    if (q->mode == OV_LOAD_DELETE) {
        if (q->was_retired) return OV_OK;
        rc = merge_existing(ld, q->eid, NULL, 0, &ix, OV_LOAD_REPLACE, cur, from, to, &changed);
        if (!rc && arr_int(&ld->a_del, ld->n_del++, q->eid)) rc = fail(st, OV_ENOMEM, "out of memory");
        if (rc) return rc;
        ld->stats.deleted_entities++;
        return mark_touched(ld, q->eid) ? fail(st, OV_ENOMEM, "out of memory") : OV_OK;
    }
    ov_arena_reset(&ld->scratch);
    const ov_schema *schema = ov_model_schema(model, e->schema ? e->schema : "Thing");
    int64_t schema_id, new_schema;
    rc = dict_id(st, &st->schemata, "schema_name", ov_schema_name(schema), &schema_id);
    stmt_row *rows = NULL;
    if (!rc) rc = resolve_rows(ld, e, schema, schema_id, &rows, &ix);
    new_schema = schema_id;
    /* the schema becomes the common one (a Company fragment of a LegalEntity) */
    if (!rc && q->old_schema && q->old_schema != schema_id) {
        const char *pn = schema_name_of(st, q->old_schema);
        const ov_schema *prev = pn ? ov_model_schema(model, pn) : NULL;
        const ov_schema *common = prev ? ov_model_common_schema(model, prev, schema) : schema;
        if (!common)
            rc = fail(st, OV_EINVAL, "entity %s: schema %s cannot be combined with %s", e->id, ov_schema_name(schema),
                      ov_schema_name(prev));
        if (!rc) rc = dict_id(st, &st->schemata, "schema_name", ov_schema_name(common), &new_schema);
    }
    if (!rc) rc = merge_existing(ld, q->eid, rows, e->n_stmts, &ix, q->mode, cur, from, to, &changed);
    ov_hmap_release(&ix);
    /* its new statements wait in the buffer: a later put of it sends them first */
    if (!rc && ov_hmap_put(&ld->ids, e->id, strlen(e->id), (uintptr_t)q->eid)) rc = fail(st, OV_ENOMEM, "out of memory");
    if (rc) return rc;
    changed = changed || q->was_retired;
    const char *caption = caption_of(schema, e);
#define OPT(x) ((x) && *(x) ? (x) : NULL)
    char tg[8];
    snprintf(tg, sizeof tg, "%d", e->target);
    /* nothing to write when no statement changed and every envelope field is
     * absent or what the store holds (a reload of the same file) */
    const char *env[7] = {OPT(caption), OPT(e->first_seen), OPT(e->last_seen), OPT(e->last_change),
                          e->target >= 0 ? tg : NULL, OPT(e->datasets_json), OPT(e->referents_json)};
    bool same_row = !changed && new_schema == q->old_schema;
    for (int i = 0; same_row && i < 7; i++)
        same_row = !env[i] || (!PQgetisnull(found, q->row, 4 + i) && !strcmp(env[i], PQgetvalue(found, q->row, 4 + i)));
    if (same_row) {
        ld->stats.entities++;
        return OV_OK;
    }
    size_t k = ld->n_upd++;
    rc = arr_int(&ld->u[0], k, q->eid);
    if (!rc) rc = arr_int(&ld->u[1], k, new_schema);
    if (!rc) rc = arr_text(&ld->u[2], k, OPT(caption));
    if (!rc) rc = arr_text(&ld->u[3], k, OPT(e->first_seen));
    if (!rc) rc = arr_text(&ld->u[4], k, OPT(e->last_seen));
    if (!rc) rc = arr_text(&ld->u[5], k, OPT(e->last_change));
    if (!rc) rc = arr_text(&ld->u[6], k, e->target >= 0 ? tg : NULL);
    if (!rc) rc = arr_text(&ld->u[7], k, OPT(e->datasets_json));
    if (!rc) rc = arr_text(&ld->u[8], k, OPT(e->referents_json));
    if (!rc) rc = arr_text(&ld->u[9], k, changed ? "t" : "f");
#undef OPT
    if (rc) return fail(st, rc, "out of memory");
    ld->stats.entities++;
    /* the search row is made from the current statements: the same when none changed */
    return changed && mark_touched(ld, q->eid) ? fail(st, OV_ENOMEM, "out of memory") : OV_OK;
}

/* Runs an UPDATE over the batch's arrays (n text parameters), when any. */
static int batch_update(ov_store *st, size_t rows, const char *sql, int n, const char *const *p)
{
    if (!rows) return OV_OK;
    for (int i = 0; i < n; i++)
        if (!p[i]) return fail(st, OV_ENOMEM, "out of memory");
    int rc;
    PGresult *r = ov__pg_run(st, sql, n, p, &rc);
    PQclear(r);
    return rc;
}

/* The batch's writes to rows already in the store, as one UPDATE each. */
static int apply_batch(ov_load *ld)
{
    ov_store *st = ld->st;
    char c[24];
    snprintf(c, sizeof c, "%lld", (long long)ld->change);
    const char *pr[2] = {arr_end(&ld->a_retire, ld->n_retire), c};
    int rc = batch_update(st, ld->n_retire, "UPDATE statement SET retired_in = $2 WHERE sid = ANY($1::bigint[])", 2, pr);
    const char *ps[3] = {arr_end(&ld->a_seen_sid, ld->n_seen), arr_end(&ld->a_seen_first, ld->n_seen),
                         arr_end(&ld->a_seen_last, ld->n_seen)};
    if (!rc)
        rc = batch_update(st, ld->n_seen,
                          "UPDATE statement s SET first_seen = coalesce(u.f, s.first_seen), last_seen = coalesce(u.l, s.last_seen)"
                          " FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(sid, f, l) WHERE s.sid = u.sid", 3, ps);
    const char *pu[11];
    for (int i = 0; i < 10; i++) pu[i] = arr_end(&ld->u[i], ld->n_upd);
    pu[10] = c;
    if (!rc)
        rc = batch_update(st, ld->n_upd,
                          "UPDATE entity e SET schema = u.schema, caption = coalesce(u.caption, e.caption),"
                          " first_seen = coalesce(u.first_seen, e.first_seen), last_seen = coalesce(u.last_seen, e.last_seen),"
                          " last_change = coalesce(u.last_change, e.last_change), target = coalesce(u.target, e.target),"
                          " datasets = coalesce(u.datasets, e.datasets), referents = coalesce(u.referents, e.referents),"
                          " changed_in = CASE WHEN u.changed THEN $11::bigint ELSE e.changed_in END, retired_in = NULL"
                          " FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[],"
                          " $7::integer[], $8::text[], $9::text[], $10::boolean[])"
                          " AS u(eid, schema, caption, first_seen, last_seen, last_change, target, datasets, referents, changed)"
                          " WHERE e.eid = u.eid",
                          11, pu);
    const char *pd[2] = {arr_end(&ld->a_del, ld->n_del), c};
    if (!rc)
        rc = batch_update(st, ld->n_del, "UPDATE entity SET retired_in = $2, changed_in = $2 WHERE eid = ANY($1::bigint[])",
                          2, pd);
    ov_buf_reset(&ld->a_retire);
    ov_buf_reset(&ld->a_seen_sid);
    ov_buf_reset(&ld->a_seen_first);
    ov_buf_reset(&ld->a_seen_last);
    ov_buf_reset(&ld->a_del);
    for (int i = 0; i < 10; i++) ov_buf_reset(&ld->u[i]);
    ld->n_retire = ld->n_seen = ld->n_upd = ld->n_del = 0;
    return rc;
}

/* The current statements of the batch's entities found in the store (column
 * 0 the eid, grouped by it; see merge_existing for the others). */
#define CUR_SELECT                                                                                            \
    "SELECT eid, sid, prop, value, dataset, coalesce(src_id, ''), coalesce(lang, ''), coalesce(original, ''),"  \
    " coalesce(citation, 0), status, schema, coalesce(origin, ''), external, added_in"                          \
    " FROM statement WHERE eid = ANY($1::bigint[]) AND retired_in IS NULL ORDER BY eid, sid"

static void queue_clear(ov_load *ld)
{
    ld->nq = 0;
    ld->q_stmts = 0;
    ov_hmap_release(&ld->qids);
    ov_hmap_init(&ld->qids);
    ov_arena_reset(&ld->qarena);
}

/* Does the queued puts (see the section comment). A put refused (schemata
 * that cannot combine) is OV_EINVAL when it is the queue's last and
 * last_is_current (the put the caller is making: the caller may skip it),
 * else refused_rc: the load cannot go on without it. */
static int process_queue(ov_load *ld, bool last_is_current, int refused_rc)
{
    ov_store *st = ld->st;
    if (!ld->nq) return OV_OK;
    int rc = OV_OK;
    if (ld->bulk) {
        rc = bulk_end(ld);
    } else {
        /* rows of these entities still in the buffers must be in the tables */
        bool pending = false;
        for (size_t i = 0; i < ld->nq && !pending; i++)
            pending = ov_hmap_get(&ld->ids, ld->q[i].e.id, strlen(ld->q[i].e.id), NULL);
        rc = pending ? flush_all(ld) : sender_wait(ld);
    }
    ov_buf ids, eids;
    ov_buf_init(&ids, (size_t)1 << 30);
    ov_buf_init(&eids, (size_t)1 << 30);
    for (size_t i = 0; !rc && i < ld->nq; i++)
        if (arr_text(&ids, i, ld->q[i].e.id)) rc = fail(st, OV_ENOMEM, "out of memory");
    const char *p[1] = {rc ? NULL : arr_end(&ids, ld->nq)};
    PGresult *found = NULL, *cur = NULL;
    if (!rc && !p[0]) rc = fail(st, OV_ENOMEM, "out of memory");
    if (!rc)
        found = ov__pg_run(st, "SELECT q.n, e.eid, e.schema, e.retired_in IS NOT NULL, e.caption, e.first_seen,"
                               " e.last_seen, e.last_change, e.target, e.datasets, e.referents"
                               " FROM unnest($1::text[]) WITH ORDINALITY AS q(id, n) JOIN entity e ON e.id = q.id",
                           1, p, &rc);
    size_t n_found = 0;
    for (int i = 0; found && i < PQntuples(found); i++) {
        queued *q = &ld->q[strtoll(PQgetvalue(found, i, 0), NULL, 10) - 1];
        q->eid = strtoll(PQgetvalue(found, i, 1), NULL, 10);
        q->old_schema = strtoll(PQgetvalue(found, i, 2), NULL, 10);
        q->was_retired = PQgetvalue(found, i, 3)[0] == 't';
        q->row = i;
        if (arr_int(&eids, n_found++, q->eid)) rc = fail(st, OV_ENOMEM, "out of memory");
    }
    p[0] = rc ? NULL : arr_end(&eids, n_found);
    if (!rc && !p[0]) rc = fail(st, OV_ENOMEM, "out of memory");
    if (!rc && n_found) cur = ov__pg_run(st, CUR_SELECT, 1, p, &rc);
    ov_buf_release(&ids);
    ov_buf_release(&eids);
    /* where each entity's statements start in cur */
    ov_hmap at;
    ov_hmap_init(&at);
    int n_cur = cur ? PQntuples(cur) : 0;
    for (int i = 0; !rc && i < n_cur; i++) {
        int64_t eid = strtoll(PQgetvalue(cur, i, 0), NULL, 10);
        int added;
        ov_hmap_slot *slot = ov_hmap_upsert(&at, &eid, sizeof eid, &added);
        if (!slot) rc = fail(st, OV_ENOMEM, "out of memory");
        else if (added) slot->value = (uintptr_t)i;
    }
    bool refused_current = false;
    for (size_t k = 0; !rc && k < ld->nq; k++) {
        queued *q = &ld->q[k];
        if (!q->eid) {
            if (q->mode != OV_LOAD_DELETE)
                rc = put_new(ld, &q->e, ov_model_schema(st->h.model, q->e.schema ? q->e.schema : "Thing"));
            continue;
        }
        uintptr_t v;
        int from = ov_hmap_get(&at, &q->eid, sizeof q->eid, &v) ? (int)v : n_cur, to = from;
        while (to < n_cur && strtoll(PQgetvalue(cur, to, 0), NULL, 10) == q->eid) to++;
        rc = put_existing(ld, q, found, cur, from, to);
        if (rc == OV_EINVAL && last_is_current && k + 1 == ld->nq) {
            refused_current = true;
            rc = OV_OK;
        } else if (rc == OV_EINVAL) {
            rc = refused_rc;
        }
    }
    ov_hmap_release(&at);
    PQclear(cur);
    PQclear(found);
    /* a new entity of the batch may have handed full buffers to the sender */
    if (!rc) rc = sender_wait(ld);
    if (!rc) {
        char keep[sizeof st->h.errmsg];
        memcpy(keep, st->h.errmsg, sizeof keep);
        rc = apply_batch(ld);
        if (!rc) memcpy(st->h.errmsg, keep, sizeof keep);
    }
    queue_clear(ld);
    return rc ? rc : refused_current ? OV_EINVAL : OV_OK;
}

/* A deep copy of e into a (NULL when out of memory). */
static const char *adup(ov_arena *a, const char *s, bool *bad)
{
    if (!s) return NULL;
    const char *c = ov_arena_strdup(a, s);
    if (!c) *bad = true;
    return c;
}

static int enqueue(ov_load *ld, const ov_entity *e, ov_load_mode mode)
{
    ov_store *st = ld->st;
    if (ld->nq == ld->cap_q) {
        size_t cap = ld->cap_q ? 2 * ld->cap_q : 64;
        queued *nq = ov__realloc(ld->q, cap * sizeof *nq);
        if (!nq) return fail(st, OV_ENOMEM, "out of memory");
        ld->q = nq;
        ld->cap_q = cap;
    }
    queued *q = &ld->q[ld->nq];
    memset(q, 0, sizeof *q);
    q->mode = mode;
    ov_arena *a = &ld->qarena;
    bool bad = false;
    ov_entity *c = &q->e;
    c->id = adup(a, e->id, &bad);
    c->schema = adup(a, e->schema, &bad);
    c->caption = adup(a, e->caption, &bad);
    c->first_seen = adup(a, e->first_seen, &bad);
    c->last_seen = adup(a, e->last_seen, &bad);
    c->last_change = adup(a, e->last_change, &bad);
    c->target = e->target;
    c->datasets_json = adup(a, e->datasets_json, &bad);
    c->referents_json = adup(a, e->referents_json, &bad);
    c->n_stmts = e->n_stmts;
    c->stmts = e->n_stmts ? ov_arena_alloc(a, e->n_stmts * sizeof *c->stmts) : NULL;
    if (e->n_stmts && !c->stmts) bad = true;
    for (size_t i = 0; !bad && i < e->n_stmts; i++) {
        const ov_stmt *in = &e->stmts[i];
        ov_stmt *o = &c->stmts[i];
        *o = *in;
        o->prop = adup(a, in->prop, &bad);
        o->value = adup(a, in->value, &bad);
        o->schema = adup(a, in->schema, &bad);
        o->lang = adup(a, in->lang, &bad);
        o->original_value = adup(a, in->original_value, &bad);
        o->dataset = adup(a, in->dataset, &bad);
        o->source = adup(a, in->source, &bad);
        o->locator = adup(a, in->locator, &bad);
        o->first_seen = adup(a, in->first_seen, &bad);
        o->last_seen = adup(a, in->last_seen, &bad);
        o->origin = adup(a, in->origin, &bad);
        o->src_id = adup(a, in->src_id, &bad);
    }
    if (!bad && ov_hmap_put(&ld->qids, c->id, strlen(c->id), ld->nq + 1)) bad = true;
    if (bad) return fail(st, OV_ENOMEM, "out of memory");
    ld->nq++;
    ld->q_stmts += e->n_stmts;
    return OV_OK;
}

static int pg_load_put(ov_load *ld, const ov_entity *e, ov_load_mode mode)
{
    ov_store *st = ld->st;
    ld->puts++;
    const ov_schema *schema = ov_model_schema(st->h.model, e->schema ? e->schema : "Thing");
    if (mode != OV_LOAD_DELETE && !schema) return fail(st, OV_EINVAL, "entity %s: unknown schema %s", e->id, e->schema);
    size_t idlen = strlen(e->id);
    /* the schema it will hold: refused here, with SQLite's message, when it
     * cannot be combined with the one it holds (nothing of it is written) */
    if (mode != OV_LOAD_DELETE) {
        int added;
        ov_hmap_slot *slot = ov_hmap_upsert(&ld->schemas, e->id, idlen, &added);
        if (!slot) return fail(st, OV_ENOMEM, "out of memory");
        const ov_schema *prev = added ? NULL : (const ov_schema *)slot->value;
        const ov_schema *common = prev ? ov_model_common_schema(st->h.model, prev, schema) : schema;
        if (!common)
            return fail(st, OV_EINVAL, "entity %s: schema %s cannot be combined with %s", e->id, ov_schema_name(schema),
                        ov_schema_name(prev));
        slot->value = (uintptr_t)common;
    }
    /* a first load: a new entity goes straight to the buffers */
    if (ld->empty && !ld->nq && !ov_hmap_get(&ld->ids, e->id, idlen, NULL))
        return mode == OV_LOAD_DELETE ? OV_OK : put_new(ld, e, schema);
    int rc = OV_OK;
    if (ov_hmap_get(&ld->qids, e->id, idlen, NULL)) rc = process_queue(ld, false, OV_EEXIST);
    if (!rc) rc = enqueue(ld, e, mode);
    if (!rc && (ld->nq >= QUEUE_ENTITIES || ld->q_stmts >= QUEUE_STMTS)) rc = process_queue(ld, true, OV_EEXIST);
    return rc;
}

/* Search rows made again from the current statements that sql selects
 * (eid, property name, value, schema name; in entity order), sent with COPY. */
static int index_entities(ov_store *st, const char *sql, ov_buf *names, ov_buf *text)
{
    int rc;
    PGresult *r = ov__pg_run(st, sql, 0, NULL, &rc);
    if (!r) return rc;
    ov_buf rows;
    ov_buf_init(&rows, (size_t)1 << 30);
    ov_buf_reset(names);
    ov_buf_reset(text);
    int64_t cur = 0;
    int n = PQntuples(r);
    for (int i = 0; !rc && i <= n; i++) {
        int64_t eid = i < n ? strtoll(PQgetvalue(r, i, 0), NULL, 10) : -1;
        if (eid != cur && cur) {
            if (names->len || text->len) rc = ov__pg_search_row(&rows, cur, names, text);
            ov_buf_reset(names);
            ov_buf_reset(text);
        }
        if (i == n || rc) break;
        cur = eid;
        int cls = ov__pg_search_class(st->h.model, PQgetvalue(r, i, 3), PQgetvalue(r, i, 1));
        if (!cls) continue;
        rc = ov__fts_prepare(cls == 1 ? names : text, PQgetvalue(r, i, 2));
        if (rc == OV_ETOOBIG) rc = OV_OK;
    }
    PQclear(r);
    ov_buf_reset(names);
    ov_buf_reset(text);
    if (rc == OV_ENOMEM || rc == OV_ETOOBIG) rc = fail(st, rc, "out of memory");
    if (!rc) rc = ov__pg_copy_in(st, "search(eid, names, text, tsv)", &rows);
    ov_buf_release(&rows);
    return rc;
}

#define INDEX_SELECT                                                                                     \
    "SELECT s.eid, p.name, s.value, sn.name FROM statement s JOIN entity e ON e.eid = s.eid"             \
    " JOIN prop p ON p.id = s.prop JOIN schema_name sn ON sn.id = s.schema"                              \
    " WHERE s.retired_in IS NULL AND s.status <> 4 AND e.retired_in IS NULL"

/* The search rows of the touched entities, made again from their current statements. */
static int finish_search(ov_load *ld)
{
    ov_store *st = ld->st;
    if (!ld->touched.count) return OV_OK;
    ov_buf rows;
    ov_buf_init(&rows, (size_t)1 << 30);
    int rc = ov__pg_exec(st, "CREATE TEMP TABLE IF NOT EXISTS ov_touched(eid bigint PRIMARY KEY) ON COMMIT DROP;"
                             "TRUNCATE ov_touched");
    for (size_t i = 0; !rc && i < ld->touched.cap; i++) {
        if (!ld->touched.slots[i].hash) continue;
        int64_t eid;
        memcpy(&eid, ld->touched.slots[i].key, sizeof eid);
        rc = ov_buf_printf(&rows, "%lld\n", (long long)eid);
    }
    if (!rc) rc = ov__pg_copy_in(st, "ov_touched(eid)", &rows);
    ov_buf_release(&rows);
    if (!rc) rc = ov__pg_exec(st, "DELETE FROM search WHERE eid IN (SELECT eid FROM ov_touched)");
    if (!rc)
        rc = index_entities(st, INDEX_SELECT " AND s.eid IN (SELECT eid FROM ov_touched) ORDER BY s.eid, s.sid",
                            &ld->names, &ld->text);
    return rc;
}

/* Counts the referenced ids that name no current entity, and keeps a few. */
static int check_refs(ov_load *ld)
{
    ov_store *st = ld->st;
    if (!ld->refs.count) return OV_OK;
    ov_buf rows;
    ov_buf_init(&rows, (size_t)1 << 30);
    int rc = ov__pg_exec(st, "CREATE TEMP TABLE IF NOT EXISTS ov_refs(id text) ON COMMIT DROP; TRUNCATE ov_refs");
    for (size_t i = 0; !rc && i < ld->refs.cap; i++) {
        const ov_hmap_slot *s = &ld->refs.slots[i];
        if (!s->hash) continue;
        rc = ov__pg_copy_field(&rows, s->key, s->klen);
        if (!rc) rc = ov_buf_addc(&rows, '\n');
    }
    if (!rc) rc = ov__pg_copy_in(st, "ov_refs(id)", &rows);
    ov_buf_release(&rows);
    PGresult *r = NULL;
    if (!rc)
        r = ov__pg_run(st, "SELECT DISTINCT r.id FROM ov_refs r WHERE NOT EXISTS (SELECT 1 FROM entity e"
                           " WHERE e.id = r.id AND e.retired_in IS NULL)", 0, NULL, &rc);
    if (rc) return rc == OV_ENOMEM ? fail(st, rc, "out of memory") : rc;
    ov_hmap missing;
    ov_hmap_init(&missing);
    for (int i = 0; !rc && i < PQntuples(r); i++) rc = ov_hmap_put(&missing, PQgetvalue(r, i, 0), (size_t)PQgetlength(r, i, 0), 1);
    PQclear(r);
    /* in the order of the set, as the SQLite backend names them */
    for (size_t i = 0; !rc && i < ld->refs.cap; i++) {
        const ov_hmap_slot *s = &ld->refs.slots[i];
        if (!s->hash || !ov_hmap_get(&missing, s->key, s->klen, NULL)) continue;
        if (ld->stats.dangling < 5) {
            const char *kept = ov__dangling_keep(&st->dangling, s->key);
            ld->stats.dangling_example[ld->stats.dangling] = kept ? kept : "?";
        }
        ld->stats.dangling++;
    }
    ov_hmap_release(&missing);
    return rc == OV_ENOMEM ? fail(st, rc, "out of memory") : rc;
}

static int pg_load_next(ov_load *ld, const ov_load_opts *opts, ov_load_stats *stats)
{
    int rc = process_queue(ld, false, OV_EINVAL);
    if (!rc) rc = flush_all(ld);
    if (!rc) rc = end_change(ld);
    if (rc) return rc;
    if (stats) *stats = ld->stats;
    ov__sidset_release(&ld->claimed);
    ld->stats.entities = ld->stats.added = ld->stats.retired = ld->stats.unchanged = 0;
    ld->stats.deleted_entities = 0;
    return start_change(ld, opts);
}

static int pg_load_commit(ov_load *ld, ov_load_stats *stats)
{
    ov_store *st = ld->st;
    int rc = process_queue(ld, false, OV_EINVAL);
    if (!rc) rc = flush_all(ld);
    if (!rc) rc = bulk_end(ld);
    if (!rc) rc = finish_search(ld);
    if (!rc) rc = check_refs(ld);
    if (!rc) rc = end_change(ld);
    if (!rc && !ld->recorded) {
        ov_load_stats keep = ld->stats;
        pg_load_abort(ld);
        if (stats) *stats = keep;
        return OV_OK;
    }
    /* statistics for the planner after a large load: without them it takes
     * the fresh tables for empty and plans scans as nested loops over them
     * (a server's first graph build over a million entities took minutes) */
    if (!rc && (ld->empty || ld->stats.added > 10000))
        rc = ov__pg_exec(st, "ANALYZE entity; ANALYZE statement; ANALYZE search; ANALYZE citation");
    if (!rc) rc = bump_generation(st);
    if (!rc) rc = ov__pg_exec(st, "COMMIT");
    if (rc) {
        char keep[sizeof st->h.errmsg];
        memcpy(keep, st->h.errmsg, sizeof keep);
        pg_load_abort(ld);
        memcpy(st->h.errmsg, keep, sizeof keep);
        return rc;
    }
    if (stats) *stats = ld->stats;
    load_free(ld);
    return OV_OK;
}

static int pg_db_fail(ov_store *st, const char *what) { return ov__pg_fail(st, what); }

/* ---- copying a record into this store (store_copy.c) ------------------------ */

static int pg_copy_begin(ov_store *st)
{
    if (st->readonly) return fail(st, OV_EINVAL, "the store is open read-only");
    if (st->active) return fail(st, OV_EINVAL, "a load is running on this store");
    int rc = ov__pg_exec(st, "BEGIN");
    if (!rc) rc = ov__pg_exec(st, WRITE_LOCK);
    if (!rc && ov__pg_int(st, "SELECT (SELECT count(*) FROM entity) + (SELECT count(*) FROM change)", 1) != 0)
        rc = fail(st, OV_EINVAL, "the destination is not empty: copy into a new store");
    if (!rc) rc = bulk_drop(st); /* built at the end, as a first load's */
    if (rc) {
        PGresult *r = PQexec(st->conn, "ROLLBACK");
        PQclear(r);
        return rc;
    }
    ov_buf_init(&st->copy_buf, (size_t)1 << 30);
    st->copy_table = NULL;
    return OV_OK;
}

/* Sends the rows of the table being copied. */
static int copy_flush(ov_store *st)
{
    const ov__table_spec *t = st->copy_table;
    if (!t || !st->copy_buf.len) return OV_OK;
    int rc = OV_OK;
    if (!strcmp(t->table, "meta")) { /* the generation replaces the new store's own */
        rc = ov__pg_exec(st, "DELETE FROM meta WHERE key = 'generation'");
    }
    char target[512];
    snprintf(target, sizeof target, "%s(%s)", t->table, t->cols);
    if (!rc) rc = ov__pg_copy_in(st, target, &st->copy_buf);
    ov_buf_reset(&st->copy_buf);
    return rc;
}

static int pg_copy_row(ov_store *st, const ov__table_spec *t, const char *const *vals, int n)
{
    int rc = OV_OK;
    if (st->copy_table != t) {
        rc = copy_flush(st);
        st->copy_table = t;
    }
    ov_buf *b = &st->copy_buf;
    for (int i = 0; !rc && i < n; i++) {
        if (i) rc = ov_buf_addc(b, '\t');
        if (!rc && vals[i] && t->kinds[i] == 'b') rc = ov_buf_adds(b, "\\\\x"); /* \x, escaped for COPY */
        if (!rc) rc = ov__pg_copy_field(b, vals[i], vals[i] ? strlen(vals[i]) : 0);
    }
    if (!rc) rc = ov_buf_addc(b, '\n');
    if (rc == OV_ENOMEM || rc == OV_ETOOBIG) return fail(st, rc, "out of memory");
    if (!rc && b->len > COPY_FLUSH) rc = copy_flush(st);
    return rc;
}

static int pg_copy_end(ov_store *st, bool ok)
{
    int rc = ok ? copy_flush(st) : OV_EIO;
    ov_buf_release(&st->copy_buf);
    st->copy_table = NULL;
    /* the identity of api_token continues after the copied ids */
    if (!rc)
        rc = ov__pg_exec(st, "SELECT setval(pg_get_serial_sequence('api_token', 'id'),"
                             " coalesce((SELECT max(id) FROM api_token), 0) + 1, false)");
    ov_buf names, text;
    ov_buf_init(&names, (size_t)64 << 20);
    ov_buf_init(&text, (size_t)64 << 20);
    if (!rc) rc = ov__pg_exec(st, "DELETE FROM search");
    if (!rc) rc = index_entities(st, INDEX_SELECT " ORDER BY s.eid, s.sid", &names, &text);
    ov_buf_release(&names);
    ov_buf_release(&text);
    if (!rc) rc = bulk_build(st);
    if (!rc) rc = ov__pg_exec(st, "ANALYZE entity; ANALYZE statement; ANALYZE search; ANALYZE citation");
    if (!rc) rc = ov__pg_exec(st, "COMMIT");
    if (rc || !ok) {
        char keep[sizeof st->h.errmsg];
        memcpy(keep, st->h.errmsg, sizeof keep);
        PGresult *r = PQexec(st->conn, "ROLLBACK");
        PQclear(r);
        memcpy(st->h.errmsg, keep, sizeof keep);
    }
    load_dicts(st);
    return ok ? rc : OV_OK;
}

const ov__store_ops ov__pg_ops = {
    .name = "PostgreSQL",
    .close = pg_close,
    .schema_version = pg_schema_version,
    .db_fail = pg_db_fail,
    .load_begin = pg_load_begin,
    .load_put = pg_load_put,
    .load_next = pg_load_next,
    .load_commit = pg_load_commit,
    .load_abort = pg_load_abort,
    .get = ov__pg_get,
    .scan = ov__pg_scan,
    .scan_schema = ov__pg_scan_schema,
    .scan_changed = ov__pg_scan_changed,
    .changes = ov__pg_changes,
    .stats = ov__pg_stats,
    .search = ov__pg_search,
    .read_begin = ov__pg_read_begin,
    .read_end = ov__pg_read_end,
    .generation = ov__pg_generation,
    .data_version = ov__pg_data_version,
    .data_version_ahead = ov__pg_data_version_ahead,
    .in_transaction = ov__pg_in_transaction,
    .token_add = ov__pg_token_add,
    .token_revoke = ov__pg_token_revoke,
    .token_list = ov__pg_token_list,
    .token_hashes = ov__pg_token_hashes,
    .scan_splits = ov__pg_scan_splits,
    .scan_brief = ov__pg_scan_brief,
    .max_eid = ov__pg_max_eid,
    .scan_props = ov__pg_scan_props,
    .state_of = ov__pg_state_of, /* the graph snapshot's key (store_pg_snapshot.c) */
    .referrers = ov__pg_referrers,
    .datasets = ov__pg_datasets,
    .table_rows = ov__pg_table_rows,
    .copy_begin = pg_copy_begin,
    .copy_row = pg_copy_row,
    .copy_end = pg_copy_end,
};
