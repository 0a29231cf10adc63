/*
 * store_sqlite.c - the SQLite backend of the store (see store.h and
 * docs/internals/store.md).
 *
 * Two load paths share one put():
 *  - bulk, when the store holds no entity: secondary indexes are dropped and
 *    rebuilt at commit, entity ids are resolved from an in-memory map, and no
 *    existing statements are read (the file is built, not updated);
 *  - incremental otherwise: the entity's current statements are read and
 *    diffed, so re-loading a file adds nothing and a changed claim retires the
 *    old row.
 * Either way the whole load is one transaction.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sqlite3.h>
#include "oversight/store.h"
#include "store_sqlite.h"
#include "../search/fts.h"
#include "../util/alloc.h"
#include "../util/arena.h"
#include "../util/buf.h"
#include "../util/hmap.h"
#include "../util/banned.h"

#define OV_SCHEMA_VERSION 1

extern const char ov__schema_v1_sql[];

struct ov_store {
    ov__store_head h; /* first: store.c dispatches through h.ops */
    sqlite3 *db;
    int version;
    bool readonly;
    int busy_ms; /* how long a statement waits for another process's lock */
    ov_load *active;
    ov__dangling dangling; /* the dangling examples of the current or last load, all its changes
                            * (ov_load_stats points at them): freed when the next load begins */
    ov_hmap props, datasets, schemata, citations; /* name -> id caches */
    int64_t dict_dv; /* PRAGMA data_version when they were read: another
                      * connection's commit changes it, and then they are read
                      * again at the next write (refresh_dicts) */
    /* what a (schema, property) pair is, by dictionary ids, PINFO_* bits;
     * 0 = not looked up yet. FtM reuses property names across schemata with
     * different types (Sanction.authority is a string, Contract.authority an
     * entity), so the pair decides. */
    uint8_t *pinfo;
    sqlite3_stmt *cached[OV__STMT_SLOTS]; /* reads prepared once per connection (ov__store_stmt) */
    sqlite3_stmt *copy_ins;             /* ov_store_copy into this store: the insert of copy_table */
    const ov__table_spec *copy_table;
};


/* A set of entity ids with a 64-bit value each, for the bulk path's id map
 * and the referenced ids: open addressing over 24-byte slots, the keys copied
 * into 1 MiB chunks freed at once (a million ids are a million mallocs and
 * frees otherwise). */
typedef struct idmap_slot {
    const char *key; /* NULL: empty slot; NUL-terminated, in a chunk */
    uint64_t hash;
    int64_t value;
} idmap_slot;

typedef struct idmap_chunk {
    struct idmap_chunk *next;
    size_t used, size;
    char data[];
} idmap_chunk;

typedef struct idmap {
    idmap_slot *slots; /* owned; cap is 0 or a power of two */
    size_t cap, count;
    idmap_chunk *chunks; /* owned; newest first */
} idmap;

/* Rows of a bulk build wait in batches. Statement and entity rows go in with
 * one multi-row INSERT OR FAIL per batch: one statement execution instead of
 * one per row, and no statement journal (OR FAIL: a failure ends the load,
 * which rolls back anyway). That matters for FTS5 too: in SQLite 3.40 every
 * statement savepoint makes the search table flush its pending terms into a
 * new segment. Search rows go in one INSERT at a time (a multi-row INSERT
 * into a virtual table always takes a savepoint), in bursts: FTS5 works
 * faster when its pending terms stay in the cache.
 * The rows' strings are copied into the batch's buffer (the caller's entity
 * is only borrowed); offsets, as the buffer moves when it grows. An offset
 * of 0 is NULL (the buffers start with one unused byte). */
#define BATCH_STMTS 64
#define BATCH_ENTS 32
#define BATCH_BYTES ((size_t)4 << 20) /* flush a batch early past this */
#define SEARCH_ROWS 16384
#define SEARCH_BYTES ((size_t)32 << 20)

typedef struct stmt_brow {
    int64_t eid, schema, prop, dataset;
    size_t value, vlen;
} stmt_brow;

typedef struct ent_brow {
    int64_t eid, schema;
    int target; /* -1: NULL */
    size_t id, idlen, caption, first_seen, last_seen, last_change, datasets, referents;
} ent_brow;

typedef struct search_brow {
    int64_t eid;
    size_t names, nlen, text, tlen;
} search_brow;

struct ov_load {
    ov__load_head h; /* first: store.c dispatches through h.ops */
    ov_store *st;
    ov_load_opts opts;
    int64_t change;
    int64_t puts;       /* ov_load_put calls in the current change */
    int64_t recorded;   /* changes of this load kept in the change log */
    bool bulk;          /* building an empty store (see the file comment) */
    bool was_bulk;      /* started as a bulk build: restore the cache size at the end */
    int64_t next_eid;
    int64_t dataset_default;
    idmap ids;          /* bulk: entity id -> eid */
    ov_hmap fragments;  /* bulk: eids put more than once (decimal key) */
    ov_hmap touched;    /* eids whose search row must be rebuilt */
    ov__sidset claimed; /* incremental: sids found unchanged by a put of this load (merge.c) */
    idmap refs;         /* referenced entity ids */
    ov_load_stats stats;
    sqlite3_stmt *ins_entity, *ins_stmt, *ins_stmt_lean, *ins_search, *upd_entity, *sel_entity,
        *sel_current, *retire_stmt, *upd_seen, *retire_entity;
    /* bulk batches (see BATCH_*): rows waiting, their strings, the statements */
    sqlite3_stmt *ins_stmt_many, *ins_entity_many;
    stmt_brow b_stmt[BATCH_STMTS];
    ent_brow b_ent[BATCH_ENTS];
    search_brow b_search[SEARCH_ROWS];
    int n_stmt, n_ent, n_search;
    ov_buf b_stmt_str, b_ent_str, b_search_str;
    ov_buf names, text;  /* the search row being built (bulk) */
    ov_arena scratch;
};

static int fail(ov_store *st, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(ov_store *st, int rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(st->h.errmsg, sizeof st->h.errmsg, fmt, ap);
    va_end(ap);
    return rc;
}

static int db_fail(ov_store *st, const char *what)
{
    int code = sqlite3_errcode(st->db);
    int rc = (code == SQLITE_BUSY || code == SQLITE_LOCKED) ? OV_EBUSY
             : (code == SQLITE_NOMEM)                       ? OV_ENOMEM
             : (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) ? OV_ECORRUPT
                                                                 : OV_EIO;
    return fail(st, rc, "%s: %s", what, sqlite3_errmsg(st->db));
}

static int exec(ov_store *st, const char *sql)
{
    char *err = NULL;
    int code = sqlite3_exec(st->db, sql, NULL, NULL, &err);
    if (code != SQLITE_OK) {
        int rc = code == SQLITE_BUSY || code == SQLITE_LOCKED ? OV_EBUSY : code == SQLITE_NOMEM ? OV_ENOMEM : OV_EIO;
        if (rc == OV_EBUSY) {
            rc = fail(st, rc, "the store is busy: another process kept it locked for %d s (%s; OV_BUSY_TIMEOUT sets the wait)",
                      st->busy_ms / 1000, err ? err : sqlite3_errmsg(st->db));
            sqlite3_free(err);
            return rc;
        }
        rc = fail(st, rc, "%s", err ? err : sqlite3_errmsg(st->db));
        sqlite3_free(err);
        return rc;
    }
    return OV_OK;
}

static int prepare(ov_store *st, const char *sql, sqlite3_stmt **out)
{
    if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL) != SQLITE_OK)
        return db_fail(st, "prepare");
    return OV_OK;
}

/* "INSERT INTO head VALUES (...),(...)": n rows of per parameters each,
 * numbered from first; "?1" in tail (after a row's own) is shared. */
static int prepare_many(ov_store *st, const char *head, int n, int per, int first, const char *tail,
                        sqlite3_stmt **out)
{
    ov_buf sql;
    ov_buf_init(&sql, 1 << 20);
    int rc = ov_buf_adds(&sql, head);
    for (int i = 0; !rc && i < n; i++) {
        rc = ov_buf_adds(&sql, i ? ",(" : " VALUES (");
        for (int k = 0; !rc && k < per; k++) rc = ov_buf_printf(&sql, k ? ",?%d" : "?%d", first + i * per + k);
        if (!rc) rc = ov_buf_printf(&sql, "%s)", tail);
    }
    if (rc)
        rc = fail(st, rc, "out of memory");
    else
        rc = prepare(st, ov_buf_str(&sql), out);
    ov_buf_release(&sql);
    return rc;
}

static int64_t query_int(ov_store *st, const char *sql, int64_t dflt)
{
    sqlite3_stmt *s;
    int64_t v = dflt;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) return dflt;
    if (sqlite3_step(s) == SQLITE_ROW) v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
    if (v && *v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, i);
}

static const char *col_text(sqlite3_stmt *s, int i)
{
    return (const char *)sqlite3_column_text(s, i);
}

/* ---- status names -------------------------------------------------------- */

static const char *const status_names[OV_ST__COUNT] = {"asserted", "verified", "alleged",
                                                       "disputed", "retracted", "unverified"};

const char *ov_status_name(int status)
{
    return (status >= 0 && status < OV_ST__COUNT) ? status_names[status] : "unknown";
}

int ov_status_parse(const char *name)
{
    if (!name || !*name) return OV_ST_ASSERTED;
    for (int i = 0; i < OV_ST__COUNT; i++)
        if (strcmp(name, status_names[i]) == 0) return i;
    return -1;
}

/* ---- dictionaries -------------------------------------------------------- */

static int load_dict(ov_store *st, ov_hmap *m, const char *sql)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) return db_fail(st, sql);
    int rc = OV_OK;
    while (!rc && sqlite3_step(s) == SQLITE_ROW) {
        const char *k = col_text(s, 1);
        rc = ov_hmap_put(m, k, (size_t)sqlite3_column_bytes(s, 1), (uintptr_t)sqlite3_column_int64(s, 0));
    }
    sqlite3_finalize(s);
    return rc;
}

static int load_dicts(ov_store *st)
{
    ov_hmap_release(&st->props);
    ov_hmap_release(&st->datasets);
    ov_hmap_release(&st->schemata);
    ov_hmap_release(&st->citations);
    int rc = load_dict(st, &st->props, "SELECT id, name FROM prop");
    if (!rc) rc = load_dict(st, &st->datasets, "SELECT id, name FROM dataset");
    if (!rc) rc = load_dict(st, &st->schemata, "SELECT id, name FROM schema_name");
    if (!rc)
        rc = load_dict(st, &st->citations,
                       "SELECT id, source || char(31) || locator FROM citation");
    st->dict_dv = query_int(st, "PRAGMA data_version", -1);
    return rc;
}

/* Called at the start of a write transaction (the write lock held, so the
 * snapshot is the newest): when another connection or process has committed
 * since the dictionaries were read, they may lack names it added (whose
 * insert would then fail on the tables' UNIQUE names), so they are read
 * again. A connection's own commits do not change data_version: its caches
 * are up to date by construction (an abort reloads them). */
static int refresh_dicts(ov_store *st)
{
    int64_t dv = query_int(st, "PRAGMA data_version", -2);
    if (dv == st->dict_dv && dv >= 0) return OV_OK;
    ov__free(st->pinfo); /* keyed by dictionary ids; cheap to recompute */
    st->pinfo = NULL;
    int rc = load_dicts(st);
    if (rc) return fail(st, rc, "cannot read the dictionaries: %s", sqlite3_errmsg(st->db));
    return OV_OK;
}

/* Returns the id of name in a dictionary table, inserting it when new. */
static int dict_id(ov_store *st, ov_hmap *m, const char *table, const char *name, int64_t *id)
{
    size_t len = strlen(name);
    uintptr_t v;
    if (ov_hmap_get(m, name, len, &v)) {
        *id = (int64_t)v;
        return OV_OK;
    }
    char sql[96];
    snprintf(sql, sizeof sql, "INSERT INTO %s(name) VALUES (?)", table);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) return db_fail(st, sql);
    sqlite3_bind_text(s, 1, name, (int)len, SQLITE_STATIC);
    int ok = sqlite3_step(s) == SQLITE_DONE;
    sqlite3_finalize(s);
    if (!ok) return db_fail(st, "dictionary insert");
    *id = sqlite3_last_insert_rowid(st->db);
    return ov_hmap_put(m, name, len, (uintptr_t)*id);
}

static int citation_id(ov_store *st, const char *source, const char *locator, int64_t *id)
{
    *id = 0;
    if ((!source || !*source) && (!locator || !*locator)) return OV_OK;
    if (!source) source = "";
    if (!locator) locator = "";
    ov_buf key;
    ov_buf_init(&key, 1 << 20);
    int rc = ov_buf_adds(&key, source);
    if (!rc) rc = ov_buf_addc(&key, 31);
    if (!rc) rc = ov_buf_adds(&key, locator);
    if (rc) {
        ov_buf_release(&key);
        return fail(st, rc, "citation too long");
    }
    uintptr_t v;
    if (ov_hmap_get(&st->citations, key.data, key.len, &v)) {
        *id = (int64_t)v;
        ov_buf_release(&key);
        return OV_OK;
    }
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, "INSERT INTO citation(source, locator) VALUES (?, ?)", -1, &s,
                           NULL) != SQLITE_OK) {
        ov_buf_release(&key);
        return db_fail(st, "citation insert");
    }
    sqlite3_bind_text(s, 1, source, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, locator, -1, SQLITE_STATIC);
    int ok = sqlite3_step(s) == SQLITE_DONE;
    sqlite3_finalize(s);
    if (!ok) {
        ov_buf_release(&key);
        return db_fail(st, "citation insert");
    }
    *id = sqlite3_last_insert_rowid(st->db);
    rc = ov_hmap_put(&st->citations, key.data, key.len, (uintptr_t)*id);
    ov_buf_release(&key);
    return rc;
}

#define PINFO_KNOWN 0x80
#define PINFO_REF 0x04
#define PINFO_CLASS 0x03 /* search column: 0 none, 1 names, 2 text */
#define PINFO_SCHEMATA 512
#define PINFO_PROPS 4096

static uint8_t pinfo_compute(const ov_model *m, const char *schema, const char *prop)
{
    const ov_schema *s = ov_model_schema(m, schema);
    const ov_prop *p = s ? ov_schema_prop(s, prop) : NULL;
    uint8_t info = PINFO_KNOWN;
    if (!p) return info;
    ov_type_kind t = ov_prop_type(p);
    if (t == OV_T_NAME) info |= 1;
    else if (t == OV_T_TEXT || t == OV_T_ADDRESS || t == OV_T_IDENTIFIER) info |= 2;
    if (t == OV_T_ENTITY) info |= PINFO_REF;
    return info;
}

/* What property pid is under schema sid (dictionary ids with their names). */
static uint8_t prop_info(ov_store *st, int64_t sid, int64_t pid, const char *schema, const char *prop)
{
    bool cacheable = sid > 0 && sid < PINFO_SCHEMATA && pid > 0 && pid < PINFO_PROPS;
    if (cacheable && !st->pinfo) st->pinfo = ov__calloc((size_t)PINFO_SCHEMATA * PINFO_PROPS, 1);
    if (cacheable && st->pinfo) {
        uint8_t *slot = &st->pinfo[sid * PINFO_PROPS + pid];
        if (!*slot) *slot = pinfo_compute(st->h.model, schema, prop);
        return *slot;
    }
    return pinfo_compute(st->h.model, schema, prop);
}

/* The same from ids alone (names read from the dictionaries): for rows read back. */
static uint8_t prop_info_ids(ov_store *st, int64_t sid, int64_t pid)
{
    if (st->pinfo && sid > 0 && sid < PINFO_SCHEMATA && pid > 0 && pid < PINFO_PROPS &&
        st->pinfo[sid * PINFO_PROPS + pid])
        return st->pinfo[sid * PINFO_PROPS + pid];
    char schema[256] = "", prop[256] = "";
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db, "SELECT (SELECT name FROM schema_name WHERE id = ?1), (SELECT name FROM prop WHERE id = ?2)",
                           -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, sid);
        sqlite3_bind_int64(q, 2, pid);
        if (sqlite3_step(q) == SQLITE_ROW) {
            snprintf(schema, sizeof schema, "%s", col_text(q, 0) ? col_text(q, 0) : "");
            snprintf(prop, sizeof prop, "%s", col_text(q, 1) ? col_text(q, 1) : "");
        }
        sqlite3_finalize(q);
    }
    return prop_info(st, sid, pid, schema, prop);
}

/* ---- open, migrate, close ---------------------------------------------- */

/* The store generation (docs/internals/store.md): meta.generation counts the
 * write transactions this code has committed. Called inside every write
 * transaction, just before its COMMIT, so it rolls back with it; caches
 * derived from the record (the graph snapshot) compare it. The table is made
 * here when missing (stores made before it existed). */
static int bump_generation(ov_store *st)
{
    return exec(st, "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;"
                    "INSERT INTO meta(key, value) VALUES ('generation', 1)"
                    " ON CONFLICT(key) DO UPDATE SET value = value + 1;");
}

/* Copies the WAL into the main file and empties it, best effort, waiting at
 * most 1 s for readers: after the schema is made and after a bulk build, so
 * the main file holds the whole record (what the graph snapshot's state
 * check needs: docs/internals/graph.md) and the WAL does not keep the size
 * of the record. A reader in the way leaves it for SQLite's own checkpoints. */
static void checkpoint_truncate(ov_store *st)
{
    sqlite3_busy_timeout(st->db, 1000);
    sqlite3_exec(st->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    sqlite3_busy_timeout(st->db, st->busy_ms);
}

/* A file that SQLite cannot read as a database is not a store. */
static int probe(ov_store *st)
{
    sqlite3_stmt *probe;
    if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_master", -1, &probe, NULL) != SQLITE_OK) {
        int code = sqlite3_errcode(st->db);
        if (code == SQLITE_BUSY || code == SQLITE_LOCKED) return db_fail(st, "open");
        return fail(st, OV_ECORRUPT, "not an Oversight store: %s", sqlite3_errmsg(st->db));
    }
    int step = sqlite3_step(probe);
    sqlite3_finalize(probe);
    if (step != SQLITE_ROW) {
        if (step == SQLITE_BUSY || step == SQLITE_LOCKED) return db_fail(st, "open");
        return fail(st, OV_ECORRUPT, "not an Oversight store: %s", sqlite3_errmsg(st->db));
    }
    return OV_OK;
}

/* The index of entities by schema (ov_store_scan_schema: the judgements are
 * read through it), added to version 1 stores made before it at their first
 * read-write open, like the generation counter; best effort: without it the
 * scan reads the entity table (no version change: older Oversight ignores it).
 * Bulk loads keep it (rows arrive in eid order: appends within each schema). */
static void ensure_schema_index(ov_store *st)
{
    if (st->readonly || query_int(st, "SELECT count(*) FROM sqlite_master WHERE name = 'entity_schema'", 1)) return;
    if (exec(st, "CREATE INDEX IF NOT EXISTS entity_schema ON entity(schema)")) st->h.errmsg[0] = '\0';
}

static int migrate(ov_store *st)
{
    sqlite3_stmt *probe;
    if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_master", -1, &probe, NULL) != SQLITE_OK)
        return fail(st, OV_ECORRUPT, "not an Oversight store: %s", sqlite3_errmsg(st->db));
    int step = sqlite3_step(probe);
    sqlite3_finalize(probe);
    if (step != SQLITE_ROW) return fail(st, OV_ECORRUPT, "not an Oversight store: %s", sqlite3_errmsg(st->db));
    int version = (int)query_int(st, "PRAGMA user_version", 0);
    if (version > OV_SCHEMA_VERSION)
        return fail(st, OV_EVERSION,
                    "store schema version %d is newer than this Oversight (%d): upgrade Oversight",
                    version, OV_SCHEMA_VERSION);
    if (version == 0) {
        int64_t tables = query_int(st, "SELECT count(*) FROM sqlite_master", 0);
        if (tables > 0)
            return fail(st, OV_ECORRUPT, "the file is an SQLite database but not an Oversight store");
        if (st->readonly) return fail(st, OV_ENOTFOUND, "the store is empty: run `oversight init`");
    }
    if (version == OV_SCHEMA_VERSION) {
        st->version = version;
        ensure_schema_index(st);
        /* a version 1 store made before the generation counter: add it (read-write opens only;
         * read-only ones read generation 0, see ov__store_state) */
        if (st->readonly || query_int(st, "SELECT count(*) FROM sqlite_master WHERE name = 'meta'", 1)) return OV_OK;
        int rc = exec(st, "BEGIN IMMEDIATE");
        if (!rc) rc = bump_generation(st);
        if (!rc) rc = exec(st, "COMMIT");
        if (rc) { /* best effort (e.g. busy): the store works without it, as generation 0 */
            if (!sqlite3_get_autocommit(st->db)) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
            st->h.errmsg[0] = '\0';
        }
        return OV_OK;
    }
    if (st->readonly) return fail(st, OV_EVERSION, "store needs a migration: open it read-write once");
    int rc = exec(st, "BEGIN IMMEDIATE");
    if (rc) return rc;
    /* Each step moves the schema one version forward; version 0 is an empty file. */
    if (version < 1) {
        rc = exec(st, ov__schema_v1_sql);
        if (!rc)
            rc = exec(st, "CREATE UNIQUE INDEX IF NOT EXISTS entity_id ON entity(id);"
                          "CREATE INDEX IF NOT EXISTS statement_eid ON statement(eid);"
                          "CREATE INDEX IF NOT EXISTS entity_schema ON entity(schema);");
    }
    if (!rc) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", OV_SCHEMA_VERSION);
        rc = exec(st, sql);
    }
    if (!rc) rc = bump_generation(st);
    if (!rc) rc = exec(st, "COMMIT");
    if (rc) {
        exec(st, "ROLLBACK");
        return rc;
    }
    st->version = OV_SCHEMA_VERSION;
    if (version < 1) checkpoint_truncate(st);
    return OV_OK;
}

/* How long a connection waits for another's lock: OV_BUSY_TIMEOUT seconds
 * when set (0..3600), else 5 s for readers (in WAL mode they wait only for a
 * recovery or a checkpoint's brief exclusive moments) and 60 s for writers
 * (a write waits for the other process's write transaction to end: a second
 * `oversight load` queues behind the first). */
static int busy_ms_for(bool readonly)
{
    const char *e = getenv("OV_BUSY_TIMEOUT");
    if (e && *e) {
        char *end;
        long v = strtol(e, &end, 10);
        if (!*end && v >= 0 && v <= 3600) return (int)v * 1000;
    }
    return readonly ? 5000 : 60000;
}

/* A rollback journal left by a process killed in a write (a store written
 * by Oversight before WAL was kept for every load, or by another program in
 * rollback mode) is "hot": SQLite rolls it back at the next read, but only
 * on a connection that may write, and a read-only one fails with "attempt to
 * write a readonly database". So a read-only open first lets a read-write
 * connection do that rollback when the process may write the file; when it
 * may not, the read-only open reports the problem as before. */
static void roll_back_hot_journal(const char *path)
{
    char j[4096];
    if (snprintf(j, sizeof j, "%s-journal", path) >= (int)sizeof j) return;
    FILE *f = fopen(j, "rb");
    if (!f) return;
    int c = fgetc(f);
    fclose(f);
    if (c == EOF) return; /* empty: not hot */
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(db, busy_ms_for(false));
        sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
    }
    sqlite3_close_v2(db);
}

int ov__sqlite_open(ov_store **out, const char *path, int flags, const ov_model *model)
{
    ov_store *st = ov__calloc(1, sizeof *st);
    *out = st;
    if (!st) return OV_ENOMEM;
    st->h.ops = &ov__sqlite_ops;
    st->h.model = model;
    st->readonly = (flags & OV_OPEN_READONLY) != 0;
    ov_hmap_init(&st->props);
    ov_hmap_init(&st->datasets);
    ov_hmap_init(&st->schemata);
    ov_hmap_init(&st->citations);
    /* one connection per thread (store.h): SQLite's per-connection mutex is not needed */
    int oflags = (st->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX;
    if (flags & OV_OPEN_CREATE) oflags |= SQLITE_OPEN_CREATE;
    if (st->readonly && path && *path && strcmp(path, ":memory:") != 0) roll_back_hot_journal(path);
    if (sqlite3_open_v2(path, &st->db, oflags, NULL) != SQLITE_OK) {
        int rc = fail(st, OV_EIO, "cannot open %s: %s", path,
                      st->db ? sqlite3_errmsg(st->db) : "out of memory");
        if (!(flags & OV_OPEN_CREATE)) {
            snprintf(st->h.errmsg, sizeof st->h.errmsg, "no store at %s: run `oversight init` first", path);
            rc = OV_ENOTFOUND;
        }
        return rc;
    }
    st->busy_ms = busy_ms_for(st->readonly);
    sqlite3_busy_timeout(st->db, st->busy_ms);
    sqlite3_extended_result_codes(st->db, 0);
    int rc = probe(st);
    if (!rc && !st->readonly) {
        /* WAL always, for every write (docs/internals/store.md): readers run
         * beside a writer, other processes included, and a process killed in a
         * write leaves nothing a reader must undo (its frames lack a commit and
         * are ignored). Set before the schema is made, so a new file is never
         * in another mode; a no-op on a store already in WAL. The WAL file is
         * cut back to 64 MiB after a checkpoint (a bulk load grows it to the
         * size of what it wrote). */
        rc = exec(st, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA journal_size_limit=67108864");
    }
    if (!rc) rc = migrate(st);
    if (!rc) rc = load_dicts(st);
    return rc;
}

void ov__sqlite_close(ov_store *st)
{
    if (!st) return;
    if (st->active) ov_load_abort(st->active);
    for (int i = 0; i < OV__STMT_SLOTS; i++) sqlite3_finalize(st->cached[i]);
    sqlite3_finalize(st->copy_ins);
    sqlite3_close_v2(st->db);
    ov_hmap_release(&st->props);
    ov_hmap_release(&st->datasets);
    ov_hmap_release(&st->schemata);
    ov_hmap_release(&st->citations);
    ov__free(st->pinfo);
    ov__dangling_release(&st->dangling);
    ov__free(st);
}


int ov__sqlite_schema_version(const ov_store *st) { return st->version; }

/* ---- the id maps of a load (see idmap) ------------------------------------ */

static void idmap_init(idmap *m) { memset(m, 0, sizeof *m); }

static void idmap_release(idmap *m)
{
    ov__free(m->slots);
    while (m->chunks) {
        idmap_chunk *next = m->chunks->next;
        ov__free(m->chunks);
        m->chunks = next;
    }
    idmap_init(m);
}

static idmap_slot *idmap_find(const idmap *m, const char *key, size_t klen, uint64_t h)
{
    size_t mask = m->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        idmap_slot *s = &m->slots[i];
        if (!s->key || (s->hash == h && strncmp(s->key, key, klen) == 0 && s->key[klen] == '\0')) return s;
    }
}

/* Returns 1 and sets *value (OUT, may be NULL) when key (no NUL inside) is
 * present with a value other than 0, else 0. */
static int idmap_get(const idmap *m, const char *key, size_t klen, int64_t *value)
{
    if (!m->cap) return 0;
    idmap_slot *s = idmap_find(m, key, klen, ov_hmap_hash(key, klen));
    if (!s->key || !s->value) return 0;
    if (value) *value = s->value;
    return 1;
}

static int idmap_grow(idmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 16; /* as ov_hmap: check_refs meets the ids in the same order */
    idmap_slot *old = m->slots;
    size_t oldcap = m->cap;
    idmap_slot *slots = ov__calloc(cap, sizeof *slots);
    if (!slots) return OV_ENOMEM;
    m->slots = slots;
    m->cap = cap;
    for (size_t i = 0; i < oldcap; i++) {
        if (!old[i].key) continue;
        size_t k = (size_t)old[i].hash & (cap - 1);
        while (slots[k].key) k = (k + 1) & (cap - 1);
        slots[k] = old[i];
    }
    ov__free(old);
    return OV_OK;
}

/* The slot of key (no NUL inside), added with value 0 (= absent) when new;
 * NULL when out of memory. Valid until the next insertion. */
static idmap_slot *idmap_upsert(idmap *m, const char *key, size_t klen)
{
    if ((m->count + 1) * 4 > m->cap * 3 && idmap_grow(m)) return NULL;
    uint64_t h = ov_hmap_hash(key, klen);
    idmap_slot *s = idmap_find(m, key, klen, h);
    if (s->key) return s;
    idmap_chunk *c = m->chunks;
    if (!c || c->size - c->used < klen + 1) {
        size_t size = klen + 1 > ((size_t)1 << 20) ? klen + 1 : (size_t)1 << 20;
        c = ov__malloc(sizeof *c + size);
        if (!c) return NULL;
        c->used = 0;
        c->size = size;
        c->next = m->chunks;
        m->chunks = c;
    }
    char *k = c->data + c->used;
    memcpy(k, key, klen);
    k[klen] = '\0';
    c->used += klen + 1;
    s->key = k;
    s->hash = h;
    s->value = 0;
    m->count++;
    return s;
}

/* ---- loading ------------------------------------------------------------ */

static void now_utc(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void finalize_all(ov_load *ld)
{
    sqlite3_stmt **all[] = {&ld->ins_entity, &ld->ins_stmt, &ld->ins_stmt_lean, &ld->ins_search,
                            &ld->upd_entity, &ld->sel_entity, &ld->sel_current, &ld->retire_stmt,
                            &ld->upd_seen, &ld->retire_entity, &ld->ins_stmt_many,
                            &ld->ins_entity_many};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        sqlite3_finalize(*all[i]);
        *all[i] = NULL;
    }
}

static void load_free(ov_load *ld)
{
    ov__sidset_release(&ld->claimed);
    finalize_all(ld);
    ov_buf_release(&ld->names);
    ov_buf_release(&ld->text);
    idmap_release(&ld->ids);
    ov_hmap_release(&ld->fragments);
    ov_hmap_release(&ld->touched);
    idmap_release(&ld->refs);
    ov_buf_release(&ld->b_stmt_str);
    ov_buf_release(&ld->b_ent_str);
    ov_buf_release(&ld->b_search_str);
    ov_arena_release(&ld->scratch);
    ld->st->active = NULL;
    ov__free(ld);
}

/* Adds the change-log row of a new change of ld (opts says what) and makes it
 * the change that rows are written under; its default dataset too. */
static int start_change(ov_load *ld, const ov_load_opts *opts)
{
    ov_store *st = ld->st;
    char at[32];
    now_utc(at, sizeof at);
    sqlite3_stmt *s;
    int rc = prepare(st, "INSERT INTO change(at, kind, origin, dataset, note) VALUES (?,?,?,?,?)", &s);
    if (rc) return rc;
    sqlite3_bind_text(s, 1, at, -1, SQLITE_TRANSIENT);
    bind_text(s, 2, opts->kind ? opts->kind : "load");
    bind_text(s, 3, opts->origin);
    bind_text(s, 4, opts->dataset);
    bind_text(s, 5, opts->note);
    int ok = sqlite3_step(s) == SQLITE_DONE;
    sqlite3_finalize(s);
    if (!ok) return db_fail(st, "change log");
    ld->change = sqlite3_last_insert_rowid(st->db);
    ld->stats.change_id = ld->change;
    ld->puts = 0;
    return dict_id(st, &st->datasets, "dataset", opts->dataset ? opts->dataset : "default", &ld->dataset_default);
}

/* Ends the current change: its counts go into the change log; a change that
 * nothing was put into (an empty file) is not recorded at all. */
static int end_change(ov_load *ld)
{
    ov_store *st = ld->st;
    sqlite3_stmt *s;
    int rc = prepare(st, ld->puts ? "UPDATE change SET entities = ?2, added = ?3, retired = ?4 WHERE id = ?1"
                                  : "DELETE FROM change WHERE id = ?1",
                     &s);
    if (rc) return rc;
    sqlite3_bind_int64(s, 1, ld->change);
    if (ld->puts) {
        sqlite3_bind_int64(s, 2, ld->stats.entities + ld->stats.deleted_entities);
        sqlite3_bind_int64(s, 3, ld->stats.added);
        sqlite3_bind_int64(s, 4, ld->stats.retired);
    }
    if (sqlite3_step(s) != SQLITE_DONE) rc = db_fail(st, "change log");
    sqlite3_finalize(s);
    if (!rc && ld->puts) ld->recorded++;
    if (!rc && !ld->puts) ld->stats.change_id = 0;
    return rc;
}

int ov__sqlite_load_begin(ov_store *st, const ov_load_opts *opts, ov_load **out)
{
    *out = NULL;
    if (st->readonly) return fail(st, OV_EINVAL, "the store is open read-only");
    if (st->active) return fail(st, OV_EINVAL, "a load is already running on this store");
    ov__dangling_clear(&st->dangling); /* the last load's examples: its stats are no longer read */
    ov_load *ld = ov__calloc(1, sizeof *ld);
    if (!ld) return fail(st, OV_ENOMEM, "out of memory");
    ld->h.ops = &ov__sqlite_ops;
    ld->h.st = st;
    ld->st = st;
    ld->opts = *opts;
    st->active = ld;
    idmap_init(&ld->ids);
    ov_hmap_init(&ld->fragments);
    ov_hmap_init(&ld->touched);
    idmap_init(&ld->refs);
    /* a value may be as long as a line (16 MiB), a search row 2 x 64 MiB */
    ov_buf_init(&ld->b_stmt_str, (size_t)256 << 20);
    ov_buf_init(&ld->b_ent_str, (size_t)256 << 20);
    ov_buf_init(&ld->b_search_str, (size_t)256 << 20);
    ov_arena_init(&ld->scratch, 64 * 1024, (size_t)1 << 30);
    ov_buf_init(&ld->names, (size_t)64 << 20);
    ov_buf_init(&ld->text, (size_t)64 << 20);
    st->h.errmsg[0] = '\0';

    /* the write lock first (waiting for another process's write, busy_ms):
     * whether the store is empty, and the dictionaries, are read under it */
    int rc = exec(st, "BEGIN IMMEDIATE");
    /* another process may have written since our dictionaries were read */
    if (!rc) rc = refresh_dicts(st);
    if (!rc) ld->bulk = query_int(st, "SELECT count(*) FROM (SELECT 1 FROM entity LIMIT 1)", 1) == 0;
    if (!rc && ld->bulk) {
        /* A fresh file: a larger page cache for building it (restored at
         * commit/abort). The journal mode stays WAL (docs/internals/store.md:
         * a mode switch needs the file to itself, so it failed while a server
         * was reading, and a crash in it left a hot journal readers cannot
         * undo). */
        rc = exec(st, "PRAGMA cache_size=-262144");
    }
    if (rc) goto failed;
    if (ld->bulk) {
        /* FTS5 merges its segments as it goes (automerge): not while the
         * file is built, which leaves at most crisismerge (16) segments per
         * level (queries measured as fast); the default is back at commit. */
        rc = exec(st, "DROP INDEX IF EXISTS entity_id; DROP INDEX IF EXISTS statement_eid;"
                      "INSERT INTO search(search, rank) VALUES ('automerge', 0);");
        if (rc) goto failed;
    }
    if ((rc = start_change(ld, opts))) goto failed;
    ld->stats.bulk = ld->bulk;
    ld->next_eid = query_int(st, "SELECT coalesce(max(eid), 0) + 1 FROM entity", 1);
    if (!rc)
        rc = prepare(st,
                     "INSERT INTO entity(eid, id, schema, caption, first_seen, last_seen, last_change,"
                     " target, datasets, referents, added_in, changed_in)"
                     " VALUES (?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?1,?1)",
                     &ld->ins_entity);
    if (!rc && ld->bulk)
        rc = prepare_many(st,
                          "INSERT OR FAIL INTO entity(eid, id, schema, caption, first_seen, last_seen,"
                          " last_change,"
                          " target, datasets, referents, added_in, changed_in)",
                          BATCH_ENTS, 10, 2, ",?1,?1", &ld->ins_entity_many);
    if (!rc && ld->bulk)
        rc = prepare_many(st, "INSERT OR FAIL INTO statement(eid, schema, prop, value, dataset, added_in)",
                          BATCH_STMTS, 5, 2, ",?1", &ld->ins_stmt_many);

    if (!rc)
        rc = prepare(st,
                     "INSERT INTO statement(eid, schema, prop, value, lang, original, dataset, citation,"
                     " status, first_seen, last_seen, src_id, origin, external, added_in)"
                     " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                     &ld->ins_stmt);
    if (!rc)
        rc = prepare(st, "INSERT INTO statement(eid, schema, prop, value, dataset, added_in) VALUES (?,?,?,?,?,?)",
                     &ld->ins_stmt_lean);
    if (!rc) rc = prepare(st, "INSERT INTO search(rowid, names, text) VALUES (?,?,?)", &ld->ins_search);
    if (!rc)
        rc = prepare(st,
                     "UPDATE entity SET schema = ?2, caption = coalesce(?3, caption),"
                     " first_seen = coalesce(?4, first_seen), last_seen = coalesce(?5, last_seen),"
                     " last_change = coalesce(?6, last_change), target = coalesce(?7, target),"
                     " datasets = coalesce(?8, datasets), referents = coalesce(?9, referents),"
                     " changed_in = CASE WHEN ?11 THEN ?10 ELSE changed_in END,"
                     " retired_in = NULL WHERE eid = ?1",
                     &ld->upd_entity);
    if (!rc)
        rc = prepare(st, "SELECT eid, schema, retired_in FROM entity WHERE id = ?", &ld->sel_entity);
    if (!rc)
        rc = prepare(st,
                     "SELECT sid, prop, value, dataset, coalesce(src_id, ''), coalesce(lang, ''),"
                     " coalesce(original, ''), coalesce(citation, 0), status, schema,"
                     " coalesce(origin, ''), external, coalesce(last_seen, ''), added_in"
                     " FROM statement WHERE eid = ? AND retired_in IS NULL",
                     &ld->sel_current);
    if (!rc) rc = prepare(st, "UPDATE statement SET retired_in = ?2 WHERE sid = ?1", &ld->retire_stmt);
    if (!rc)
        rc = prepare(st, "UPDATE statement SET first_seen = coalesce(?2, first_seen),"
                         " last_seen = coalesce(?3, last_seen) WHERE sid = ?1",
                     &ld->upd_seen);
    if (!rc)
        rc = prepare(st, "UPDATE entity SET retired_in = ?2, changed_in = ?2 WHERE eid = ?1",
                     &ld->retire_entity);
    if (rc) goto failed;
    *out = ld;
    return OV_OK;
failed:
    ov_load_abort(ld);
    return rc;
}

/* ---- bulk batches (see BATCH_*) ------------------------------------------- */

/* Copies s (n bytes; NULL or empty: a NULL column) into a batch buffer;
 * *off (OUT) is where, 0 for NULL. */
static int batch_str(ov_buf *b, const char *s, size_t n, size_t *off)
{
    *off = 0;
    if (!s || !n) return OV_OK;
    int rc = b->len ? OV_OK : ov_buf_addc(b, '\0'); /* offset 0 stays unused */
    if (rc) return rc;
    size_t at = b->len;
    if ((rc = ov_buf_add(b, s, n)) || (rc = ov_buf_addc(b, '\0'))) return rc; /* bound as C strings too */
    *off = at;
    return OV_OK;
}

static const char *batch_at(const ov_buf *b, size_t off) { return off ? b->data + off : NULL; }

/* One statement row of the short form (eid, schema, prop, value, dataset). */
static int insert_plain_one(ov_load *ld, int64_t eid, int64_t schema, int64_t prop, const char *value,
                            size_t vlen, int64_t dataset)
{
    sqlite3_stmt *s = ld->ins_stmt_lean;
    sqlite3_bind_int64(s, 1, eid);
    sqlite3_bind_int64(s, 2, schema);
    sqlite3_bind_int64(s, 3, prop);
    sqlite3_bind_text(s, 4, value ? value : "", (int)vlen, SQLITE_STATIC);
    sqlite3_bind_int64(s, 5, dataset);
    sqlite3_bind_int64(s, 6, ld->change);
    int ok = sqlite3_step(s) == SQLITE_DONE;
    sqlite3_reset(s);
    return ok ? OV_OK : db_fail(ld->st, "statement insert");
}

static int flush_stmts(ov_load *ld)
{
    int n = ld->n_stmt, rc = OV_OK;
    if (!n) return OV_OK;
    const ov_buf *b = &ld->b_stmt_str;
    if (n == BATCH_STMTS) {
        sqlite3_stmt *s = ld->ins_stmt_many;
        sqlite3_bind_int64(s, 1, ld->change);
        for (int i = 0; i < n; i++) {
            const stmt_brow *r = &ld->b_stmt[i];
            const char *v = batch_at(b, r->value);
            int p = 2 + 5 * i;
            sqlite3_bind_int64(s, p, r->eid);
            sqlite3_bind_int64(s, p + 1, r->schema);
            sqlite3_bind_int64(s, p + 2, r->prop);
            sqlite3_bind_text(s, p + 3, v ? v : "", (int)r->vlen, SQLITE_STATIC);
            sqlite3_bind_int64(s, p + 4, r->dataset);
        }
        int ok = sqlite3_step(s) == SQLITE_DONE;
        sqlite3_reset(s);
        if (!ok) rc = db_fail(ld->st, "statement insert");
    } else {
        for (int i = 0; i < n && !rc; i++) {
            const stmt_brow *r = &ld->b_stmt[i];
            rc = insert_plain_one(ld, r->eid, r->schema, r->prop, batch_at(b, r->value), r->vlen, r->dataset);
        }
    }
    ld->n_stmt = 0;
    ov_buf_reset(&ld->b_stmt_str);
    return rc;
}

/* A plain statement of a bulk build: into the batch (directly when its value
 * does not fit the batch buffer). */
static int batch_plain(ov_load *ld, int64_t eid, int64_t schema, int64_t prop, const char *value,
                       int64_t dataset)
{
    size_t vlen = strlen(value), off;
    if (vlen > INT_MAX) return fail(ld->st, OV_ETOOBIG, "value too large");
    if (batch_str(&ld->b_stmt_str, value, vlen, &off)) {
        int rc = flush_stmts(ld);
        return rc ? rc : insert_plain_one(ld, eid, schema, prop, value, vlen, dataset);
    }
    stmt_brow *r = &ld->b_stmt[ld->n_stmt++];
    r->eid = eid;
    r->schema = schema;
    r->prop = prop;
    r->value = off;
    r->vlen = vlen;
    r->dataset = dataset;
    if (ld->n_stmt == BATCH_STMTS || ld->b_stmt_str.len > BATCH_BYTES) return flush_stmts(ld);
    return OV_OK;
}

/* Binds an entity row's columns from p (p: eid, ... referents; ?1 the change). */
static void bind_entity(sqlite3_stmt *s, int p, int64_t eid, const char *id, size_t idlen, int64_t schema,
                        const char *caption, const char *first_seen, const char *last_seen,
                        const char *last_change, int target, const char *datasets, const char *referents)
{
    sqlite3_bind_int64(s, p, eid);
    sqlite3_bind_text(s, p + 1, id, (int)idlen, SQLITE_STATIC);
    sqlite3_bind_int64(s, p + 2, schema);
    bind_text(s, p + 3, caption);
    bind_text(s, p + 4, first_seen);
    bind_text(s, p + 5, last_seen);
    bind_text(s, p + 6, last_change);
    if (target >= 0)
        sqlite3_bind_int(s, p + 7, target);
    else
        sqlite3_bind_null(s, p + 7);
    bind_text(s, p + 8, datasets);
    bind_text(s, p + 9, referents);
}

static int insert_entity_one(ov_load *ld, sqlite3_stmt *s)
{
    sqlite3_bind_int64(s, 1, ld->change);
    int ok = sqlite3_step(s) == SQLITE_DONE;
    sqlite3_reset(s);
    return ok ? OV_OK : db_fail(ld->st, "entity insert");
}

static int flush_entities(ov_load *ld)
{
    int n = ld->n_ent, rc = OV_OK;
    if (!n) return OV_OK;
    const ov_buf *b = &ld->b_ent_str;
    bool many = n == BATCH_ENTS;
    for (int i = 0; i < n && !rc; i++) {
        const ent_brow *r = &ld->b_ent[i];
        sqlite3_stmt *s = many ? ld->ins_entity_many : ld->ins_entity;
        const char *id = batch_at(b, r->id);
        bind_entity(s, many ? 2 + 10 * i : 2, r->eid, id ? id : "", r->idlen, r->schema,
                    batch_at(b, r->caption), batch_at(b, r->first_seen), batch_at(b, r->last_seen),
                    batch_at(b, r->last_change), r->target, batch_at(b, r->datasets),
                    batch_at(b, r->referents));
        if (!many) rc = insert_entity_one(ld, s);
    }
    if (many) rc = insert_entity_one(ld, ld->ins_entity_many);
    ld->n_ent = 0;
    ov_buf_reset(&ld->b_ent_str);
    return rc;
}

/* A new entity's row: batched in a bulk build, inserted at once otherwise. */
static int put_entity_row(ov_load *ld, int64_t eid, const ov_entity *e, size_t idlen, int64_t schema,
                          const char *caption)
{
    if (!ld->bulk) {
        bind_entity(ld->ins_entity, 2, eid, e->id, idlen, schema, caption, e->first_seen, e->last_seen,
                    e->last_change, e->target, e->datasets_json, e->referents_json);
        return insert_entity_one(ld, ld->ins_entity);
    }
    ent_brow *r = &ld->b_ent[ld->n_ent];
    ov_buf *b = &ld->b_ent_str;
#define EFIELD(field, s) (batch_str(b, (s), (s) ? strlen(s) : 0, &r->field))
    int rc = batch_str(b, e->id, idlen, &r->id);
    if (!rc) rc = EFIELD(caption, caption);
    if (!rc) rc = EFIELD(first_seen, e->first_seen);
    if (!rc) rc = EFIELD(last_seen, e->last_seen);
    if (!rc) rc = EFIELD(last_change, e->last_change);
    if (!rc) rc = EFIELD(datasets, e->datasets_json);
    if (!rc) rc = EFIELD(referents, e->referents_json);
#undef EFIELD
    if (rc) { /* does not fit the batch buffer: the batch, then this row */
        if ((rc = flush_entities(ld))) return rc;
        bind_entity(ld->ins_entity, 2, eid, e->id, idlen, schema, caption, e->first_seen, e->last_seen,
                    e->last_change, e->target, e->datasets_json, e->referents_json);
        return insert_entity_one(ld, ld->ins_entity);
    }
    r->eid = eid;
    r->idlen = idlen;
    r->schema = schema;
    r->target = e->target;
    ld->n_ent++;
    if (ld->n_ent == BATCH_ENTS || b->len > BATCH_BYTES) return flush_entities(ld);
    return OV_OK;
}

static int insert_search_one(ov_load *ld, int64_t eid, const char *names, size_t nlen, const char *text,
                             size_t tlen)
{
    sqlite3_stmt *s = ld->ins_search;
    sqlite3_bind_int64(s, 1, eid);
    sqlite3_bind_text(s, 2, names ? names : "", (int)nlen, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, text ? text : "", (int)tlen, SQLITE_STATIC);
    int ok = sqlite3_step(s) == SQLITE_DONE;
    sqlite3_reset(s);
    return ok ? OV_OK : db_fail(ld->st, "search insert");
}

static double seconds(void);

static int flush_search(ov_load *ld)
{
    int n = ld->n_search, rc = OV_OK;
    if (!n) return OV_OK;
    double t0 = seconds();
    const ov_buf *b = &ld->b_search_str;
    for (int i = 0; i < n && !rc; i++) {
        const search_brow *r = &ld->b_search[i];
        rc = insert_search_one(ld, r->eid, batch_at(b, r->names), r->nlen, batch_at(b, r->text), r->tlen);
    }
    ld->n_search = 0;
    ov_buf_reset(&ld->b_search_str);
    ld->stats.search_seconds += seconds() - t0;
    return rc;
}

/* Everything batched goes in: before the rows are read, indexed or changed. */
static int flush_all(ov_load *ld)
{
    int rc = flush_stmts(ld);
    if (!rc) rc = flush_entities(ld);
    if (!rc) rc = flush_search(ld);
    return rc;
}

/* One incoming statement, resolved to ids. */
typedef struct stmt_row {
    const ov_stmt *in;
    int64_t prop, dataset, citation, schema;
    uint8_t info;  /* PINFO_* of (schema, prop) */
    bool dup; /* repeats an earlier statement of the same put */
} stmt_row;

/* The key that makes a statement one of an entity's set of values:
 * (prop, dataset, value, src_id). */
static uint64_t row_key_hash(int64_t prop, int64_t dataset, const char *value, const char *src)
{
    uint64_t h = ov_hmap_hash(value, strlen(value));
    h ^= (uint64_t)prop * 0x9E3779B97F4A7C15ull;
    h ^= ((uint64_t)dataset + 0x632BE59BD9B4E019ull) * 0xC2B2AE3D27D4EB4Full;
    if (src && *src) h ^= ov_hmap_hash(src, strlen(src)) * 0x165667B19E3779F9ull;
    return h;
}

static bool row_has_key(const stmt_row *r, int64_t prop, int64_t dataset, const char *value, const char *src)
{
    return r->prop == prop && r->dataset == dataset && strcmp(r->in->value, value) == 0 &&
           strcmp(r->in->src_id ? r->in->src_id : "", src ? src : "") == 0;
}

/* An index of one put's rows by key, so that finding a row (a duplicate in
 * the put, or the incoming twin of a current statement) is O(1) and a put of
 * n values O(n), not O(n^2) (issue 20). Lives in the load's scratch arena:
 * slots hold a row index + 1, 0 for empty; at most half of them are used. */
typedef struct row_index {
    uint32_t *slots;
    size_t mask;
} row_index;

/* Builds the index over rows[0..n) and marks every row that repeats an
 * earlier one's key as dup (FtM keeps a property's values as a set).
 * OV_ENOMEM when the scratch arena is exhausted, OV_ETOOBIG past 2^31 rows. */
static int row_index_build(ov_load *ld, row_index *ix, stmt_row *rows, size_t n)
{
    if (n > ((size_t)1 << 31)) return OV_ETOOBIG;
    size_t cap = 16;
    while (cap < n * 2) cap <<= 1;
    ix->slots = ov_arena_alloc(&ld->scratch, cap * sizeof *ix->slots);
    if (!ix->slots) return OV_ENOMEM;
    memset(ix->slots, 0, cap * sizeof *ix->slots);
    ix->mask = cap - 1;
    for (size_t i = 0; i < n; i++) {
        stmt_row *r = &rows[i];
        r->dup = false;
        size_t at = (size_t)row_key_hash(r->prop, r->dataset, r->in->value, r->in->src_id) & ix->mask;
        for (;; at = (at + 1) & ix->mask) {
            uint32_t k = ix->slots[at];
            if (!k) {
                ix->slots[at] = (uint32_t)i + 1;
                break;
            }
            if (row_has_key(&rows[k - 1], r->prop, r->dataset, r->in->value, r->in->src_id)) {
                r->dup = true;
                break;
            }
        }
    }
    return OV_OK;
}

/* The row (not a dup) with this key, or n when there is none. */
static size_t row_index_find(const row_index *ix, const stmt_row *rows, size_t n, int64_t prop, int64_t dataset,
                             const char *value, const char *src)
{
    if (!ix->slots) return n;
    size_t at = (size_t)row_key_hash(prop, dataset, value, src) & ix->mask;
    for (;; at = (at + 1) & ix->mask) {
        uint32_t k = ix->slots[at];
        if (!k) return n;
        if (row_has_key(&rows[k - 1], prop, dataset, value, src)) return k - 1;
    }
}

/* Most statements carry nothing but a value: they take the short insert. */
static bool plain(const stmt_row *r)
{
    const ov_stmt *in = r->in;
    return !r->citation && in->status == OV_ST_ASSERTED && !in->external && !(in->lang && *in->lang) &&
           !(in->original_value && *in->original_value) && !(in->first_seen && *in->first_seen) &&
           !(in->last_seen && *in->last_seen) && !(in->src_id && *in->src_id) && !(in->origin && *in->origin);
}

static int insert_statement(ov_load *ld, int64_t eid, const stmt_row *r)
{
    const ov_stmt *in = r->in;
    int rc;
    if (plain(r)) {
        rc = ld->bulk ? batch_plain(ld, eid, r->schema, r->prop, in->value, r->dataset)
                      : insert_plain_one(ld, eid, r->schema, r->prop, in->value, strlen(in->value), r->dataset);
        if (!rc) ld->stats.added++;
        return rc;
    }
    /* statement ids follow the input: the batched rows first */
    if ((rc = flush_stmts(ld))) return rc;
    sqlite3_stmt *s = ld->ins_stmt;
    sqlite3_bind_int64(s, 1, eid);
    sqlite3_bind_int64(s, 2, r->schema);
    sqlite3_bind_int64(s, 3, r->prop);
    sqlite3_bind_text(s, 4, in->value, -1, SQLITE_STATIC);
    bind_text(s, 5, in->lang);
    bind_text(s, 6, in->original_value);
    sqlite3_bind_int64(s, 7, r->dataset);
    if (r->citation)
        sqlite3_bind_int64(s, 8, r->citation);
    else
        sqlite3_bind_null(s, 8);
    sqlite3_bind_int(s, 9, in->status);
    bind_text(s, 10, in->first_seen);
    bind_text(s, 11, in->last_seen);
    bind_text(s, 12, in->src_id);
    bind_text(s, 13, in->origin);
    sqlite3_bind_int(s, 14, in->external);
    sqlite3_bind_int64(s, 15, ld->change);
    int ok = sqlite3_step(s) == SQLITE_DONE;
    sqlite3_reset(s);
    if (!ok) return db_fail(ld->st, "statement insert");
    ld->stats.added++;
    return OV_OK;
}

static int mark(ov_hmap *set, int64_t eid)
{
    return ov_hmap_put(set, &eid, sizeof eid, 1);
}

/* Computes the caption: the first value of the schema's caption properties. */
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

/* Diffs incoming statements against the entity's current ones. */
static int merge_existing(ov_load *ld, int64_t eid, stmt_row *rows, size_t n, const row_index *ix,
                          ov_load_mode mode, bool *changed)
{
    ov_store *st = ld->st;
    sqlite3_stmt *s = ld->sel_current;
    sqlite3_bind_int64(s, 1, eid);
    bool *matched = n ? ov__calloc(n, sizeof *matched) : NULL;
    if (n && !matched) {
        sqlite3_reset(s);
        return fail(st, OV_ENOMEM, "out of memory");
    }
    int rc = OV_OK, step;
    int64_t added_before = ld->stats.added;
    /* retire first, insert after: collect sids to retire */
    int64_t *retire = NULL;
    size_t n_retire = 0, cap_retire = 0;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t sid = sqlite3_column_int64(s, 0);
        int64_t prop = sqlite3_column_int64(s, 1);
        const char *value = col_text(s, 2);
        int64_t dataset = sqlite3_column_int64(s, 3);
        const char *src = col_text(s, 4);
        /* the current rows are unique by key, as the incoming ones are */
        size_t hit = row_index_find(ix, rows, n, prop, dataset, value, src);
        if (hit < n && matched[hit]) hit = n;
        const stmt_row *r = hit < n ? &rows[hit] : NULL;
        ov__cur_stmt cur = {sid,
                            sqlite3_column_int64(s, 7),
                            sqlite3_column_int64(s, 9),
                            sqlite3_column_int64(s, 13),
                            col_text(s, 5),
                            col_text(s, 6),
                            col_text(s, 10),
                            sqlite3_column_int(s, 8),
                            sqlite3_column_int(s, 11)};
        ov__merge_verdict verdict = ov__merge_rule(&cur, r ? r->in : NULL, r ? r->citation : 0, r ? r->schema : 0,
                                                   mode, ld->change, &ld->claimed);
        bool keep = verdict != OV__MERGE_REPLACED && verdict != OV__MERGE_RETIRED;
        if (verdict == OV__MERGE_CLAIMED || verdict == OV__MERGE_UNCHANGED) matched[hit] = true;
        if (verdict == OV__MERGE_UNCHANGED) {
            const ov_stmt *in = r->in;
            ld->stats.unchanged++;
            if (ov__sidset_add(&ld->claimed, sid)) {
                rc = fail(st, OV_ENOMEM, "out of memory");
                break;
            }
            if (in->first_seen || in->last_seen) {
                sqlite3_bind_int64(ld->upd_seen, 1, sid);
                bind_text(ld->upd_seen, 2, in->first_seen);
                bind_text(ld->upd_seen, 3, in->last_seen);
                int ok = sqlite3_step(ld->upd_seen) == SQLITE_DONE;
                sqlite3_reset(ld->upd_seen);
                if (!ok) {
                    rc = db_fail(st, "statement update");
                    break;
                }
            }
        }
        if (!keep) {
            if (n_retire == cap_retire) {
                cap_retire = cap_retire ? cap_retire * 2 : 16;
                int64_t *nr = ov__realloc(retire, cap_retire * sizeof *nr);
                if (!nr) {
                    rc = fail(st, OV_ENOMEM, "out of memory");
                    break;
                }
                retire = nr;
            }
            retire[n_retire++] = sid;
        }
    }
    if (!rc && step != SQLITE_ROW && step != SQLITE_DONE) rc = db_fail(st, "statement read");
    sqlite3_reset(s);
    for (size_t i = 0; !rc && i < n_retire; i++) {
        sqlite3_bind_int64(ld->retire_stmt, 1, retire[i]);
        sqlite3_bind_int64(ld->retire_stmt, 2, ld->change);
        int ok = sqlite3_step(ld->retire_stmt) == SQLITE_DONE;
        sqlite3_reset(ld->retire_stmt);
        if (!ok) rc = db_fail(st, "statement retire");
        ld->stats.retired++;
    }
    for (size_t i = 0; !rc && i < n; i++) {
        if (rows[i].dup || matched[i]) continue;
        rc = insert_statement(ld, eid, &rows[i]);
    }
    *changed = n_retire > 0 || ld->stats.added > added_before;
    ov__free(retire);
    ov__free(matched);
    return rc;
}

static int dedup_fragments(ov_load *ld);
static double seconds(void);

/* Bulk build: the search row of a new entity, from the values at hand.
 * (Incremental loads rebuild the rows of touched entities at commit.) */
static int index_new_entity(ov_load *ld, int64_t eid, const stmt_row *rows, size_t n)
{
    double t0 = seconds();
    ov_buf_reset(&ld->names);
    ov_buf_reset(&ld->text);
    int rc = OV_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        if (rows[i].dup || rows[i].in->status == OV_ST_RETRACTED) continue;
        int cls = rows[i].info & PINFO_CLASS;
        if (!cls) continue;
        rc = ov__fts_prepare(cls == 1 ? &ld->names : &ld->text, rows[i].in->value);
        if (rc == OV_ETOOBIG) rc = OV_OK; /* index what fits */
    }
    if (rc) return fail(ld->st, rc, "out of memory");
    ld->stats.search_seconds += seconds() - t0;
    if (!ld->names.len && !ld->text.len) return OV_OK;
    search_brow *r = &ld->b_search[ld->n_search];
    ov_buf *b = &ld->b_search_str;
    rc = batch_str(b, ld->names.data, ld->names.len, &r->names);
    if (!rc) rc = batch_str(b, ld->text.data, ld->text.len, &r->text);
    if (rc) { /* does not fit the batch buffer: the batch, then this row */
        if ((rc = flush_search(ld))) return rc;
        t0 = seconds();
        rc = insert_search_one(ld, eid, ld->names.data, ld->names.len, ld->text.data, ld->text.len);
        ld->stats.search_seconds += seconds() - t0;
        return rc;
    }
    r->eid = eid;
    r->nlen = ld->names.len;
    r->tlen = ld->text.len;
    ld->n_search++;
    if (ld->n_search == SEARCH_ROWS || b->len > SEARCH_BYTES) return flush_search(ld);
    return OV_OK;
}

/* A bulk build that meets a MOD or DEL of an entity it already put (a delta
 * file loaded into an empty store) continues as an incremental load: the
 * indexes are built now; entities put so far already have their search rows. */
static int switch_to_incremental(ov_load *ld)
{
    ov_store *st = ld->st;
    int rc = flush_all(ld);
    if (!rc)
        rc = exec(st, "CREATE UNIQUE INDEX entity_id ON entity(id);"
                      "CREATE INDEX statement_eid ON statement(eid);");
    if (!rc) rc = dedup_fragments(ld);
    if (rc) return rc == OV_ENOMEM ? fail(st, rc, "out of memory") : rc;
    idmap_release(&ld->ids);
    ld->bulk = false;
    ld->was_bulk = true;
    return OV_OK;
}

int ov__sqlite_load_next(ov_load *ld, const ov_load_opts *opts, ov_load_stats *stats)
{
    ov_store *st = ld->st;
    /* a bulk build continues as an incremental load: the indexes are built
     * and the fragments of this change deduplicated now, so that every
     * change's counts are its own and the next file is diffed against what
     * the earlier ones stored */
    int rc = ld->bulk ? switch_to_incremental(ld) : flush_all(ld);
    if (!rc) rc = end_change(ld);
    if (rc) return rc;
    if (stats) *stats = ld->stats;
    /* a later file is its own change: what it states of a value replaces what an
     * earlier file stated, so nothing is claimed at its start */
    if (ld->claimed.cap) memset(ld->claimed.slots, 0, ld->claimed.cap * sizeof *ld->claimed.slots);
    ld->claimed.count = 0;
    ld->stats.entities = ld->stats.added = ld->stats.retired = ld->stats.unchanged = 0;
    ld->stats.deleted_entities = 0;
    rc = start_change(ld, opts);
    return rc == OV_ENOMEM ? fail(st, rc, "out of memory") : rc;
}

int ov__sqlite_load_put(ov_load *ld, const ov_entity *e, ov_load_mode mode)
{
    ov_store *st = ld->st;
    ld->puts++;
    const ov_schema *schema = ov_model_schema(st->h.model, e->schema ? e->schema : "Thing");
    if (mode != OV_LOAD_DELETE && !schema)
        return fail(st, OV_EINVAL, "entity %s: unknown schema %s", e->id, e->schema);
    int rc = OV_OK;
    ov_arena_reset(&ld->scratch);

    /* find the entity */
    int64_t eid = 0, old_schema = 0;
    bool exists = false, was_retired = false;
    size_t idlen = strlen(e->id);
    idmap_slot *slot = NULL; /* bulk: the entity's place in the id map */
    if (ld->bulk && mode != OV_LOAD_DELETE) {
        if (!(slot = idmap_upsert(&ld->ids, e->id, idlen))) return fail(st, OV_ENOMEM, "out of memory");
        eid = slot->value;
    } else if (ld->bulk) {
        idmap_get(&ld->ids, e->id, idlen, &eid);
    }
    if (eid) {
        /* seen before in this load: the batched rows go in first */
        slot = NULL;
        if ((rc = flush_all(ld))) return rc;
        if (mode != OV_LOAD_MERGE && (rc = switch_to_incremental(ld))) return rc;
    }
    if (ld->bulk) {
        if (eid) {
            exists = true;
            /* a repeated fragment (rare): its schema combines with the first one's */
            sqlite3_stmt *q;
            if (sqlite3_prepare_v2(st->db, "SELECT schema FROM entity WHERE eid = ?", -1, &q, NULL) ==
                SQLITE_OK) {
                sqlite3_bind_int64(q, 1, eid);
                if (sqlite3_step(q) == SQLITE_ROW) old_schema = sqlite3_column_int64(q, 0);
                sqlite3_finalize(q);
            }
        }
    } else {
        sqlite3_bind_text(ld->sel_entity, 1, e->id, (int)idlen, SQLITE_STATIC);
        if (sqlite3_step(ld->sel_entity) == SQLITE_ROW) {
            eid = sqlite3_column_int64(ld->sel_entity, 0);
            old_schema = sqlite3_column_int64(ld->sel_entity, 1);
            was_retired = sqlite3_column_type(ld->sel_entity, 2) != SQLITE_NULL;
            exists = true;
        }
        sqlite3_reset(ld->sel_entity);
    }

    if (mode == OV_LOAD_DELETE) {
        if (!exists || was_retired) return OV_OK;
        if (ld->bulk) return OV_OK; /* nothing older than this load to delete */
        bool changed;
        row_index none = {0};
        if ((rc = merge_existing(ld, eid, NULL, 0, &none, OV_LOAD_REPLACE, &changed))) return rc;
        sqlite3_bind_int64(ld->retire_entity, 1, eid);
        sqlite3_bind_int64(ld->retire_entity, 2, ld->change);
        int ok = sqlite3_step(ld->retire_entity) == SQLITE_DONE;
        sqlite3_reset(ld->retire_entity);
        if (!ok) return db_fail(st, "entity retire");
        ld->stats.deleted_entities++;
        return mark(&ld->touched, eid);
    }

    /* resolve statements to dictionary ids */
    stmt_row *rows = e->n_stmts ? ov_arena_alloc(&ld->scratch, e->n_stmts * sizeof *rows) : NULL;
    if (e->n_stmts && !rows) return fail(st, OV_ENOMEM, "out of memory");
    int64_t schema_id;
    if ((rc = dict_id(st, &st->schemata, "schema_name", ov_schema_name(schema), &schema_id))) return rc;
    for (size_t i = 0; i < e->n_stmts; i++) {
        const ov_stmt *in = &e->stmts[i];
        stmt_row *r = &rows[i];
        r->in = in;
        r->dup = false;
        if ((rc = dict_id(st, &st->props, "prop", in->prop, &r->prop))) return rc;
        r->dataset = ld->dataset_default;
        if (in->dataset && *in->dataset &&
            (rc = dict_id(st, &st->datasets, "dataset", in->dataset, &r->dataset)))
            return rc;
        r->schema = schema_id;
        if (in->schema && *in->schema && strcmp(in->schema, ov_schema_name(schema)) != 0 &&
            (rc = dict_id(st, &st->schemata, "schema_name", in->schema, &r->schema)))
            return rc;
        r->info = prop_info(st, r->schema, r->prop, in->schema && *in->schema ? in->schema : ov_schema_name(schema), in->prop);
        if ((rc = citation_id(st, in->source, in->locator, &r->citation))) return rc;
    }
    /* duplicates inside one entity: FtM keeps a property's values as a set */
    row_index ix = {0};
    if ((rc = row_index_build(ld, &ix, rows, e->n_stmts)))
        return fail(st, rc, "entity %s: too many values to index (%zu)", e->id, e->n_stmts);
    for (size_t i = 0; i < e->n_stmts; i++) {
        if (rows[i].dup || !(rows[i].info & PINFO_REF)) continue;
        idmap_slot *ref = idmap_upsert(&ld->refs, rows[i].in->value, strlen(rows[i].in->value));
        if (!ref) return fail(st, OV_ENOMEM, "out of memory");
        ref->value = 1;
    }

    /* the entity row */
    const char *caption = caption_of(schema, e);
    bool changed = true;
    if (!exists) {
        eid = ld->next_eid++;
        if ((rc = put_entity_row(ld, eid, e, idlen, schema_id, caption)))
            return rc == OV_ENOMEM ? fail(st, rc, "out of memory") : rc;
        if (slot) slot->value = eid; /* no insertion into ids since the upsert */
        for (size_t i = 0; i < e->n_stmts; i++)
            if (!rows[i].dup && (rc = insert_statement(ld, eid, &rows[i]))) return rc;
        if (ld->bulk && (rc = index_new_entity(ld, eid, rows, e->n_stmts))) return rc;
    } else {
        /* the schema becomes the common one (a Company fragment of a LegalEntity) */
        int64_t new_schema = schema_id;
        if (old_schema && old_schema != schema_id) {
            sqlite3_stmt *q;
            const ov_schema *prev = NULL;
            if (sqlite3_prepare_v2(st->db, "SELECT name FROM schema_name WHERE id = ?", -1, &q, NULL) == SQLITE_OK) {
                sqlite3_bind_int64(q, 1, old_schema);
                if (sqlite3_step(q) == SQLITE_ROW) prev = ov_model_schema(st->h.model, col_text(q, 0));
                sqlite3_finalize(q);
            }
            const ov_schema *common = prev ? ov_model_common_schema(st->h.model, prev, schema) : schema;
            if (!common)
                return fail(st, OV_EINVAL, "entity %s: schema %s cannot be combined with %s", e->id,
                            ov_schema_name(schema), ov_schema_name(prev));
            if ((rc = dict_id(st, &st->schemata, "schema_name", ov_schema_name(common), &new_schema)))
                return rc;
        }
        if (ld->bulk) {
            /* a fragment of an entity seen earlier in this load: duplicates are
             * removed at commit, when the statement index exists */
            if ((rc = mark(&ld->fragments, eid))) return fail(st, rc, "out of memory");
            for (size_t i = 0; i < e->n_stmts; i++)
                if (!rows[i].dup && (rc = insert_statement(ld, eid, &rows[i]))) return rc;
        } else {
            rc = merge_existing(ld, eid, rows, e->n_stmts, &ix, mode, &changed);
            if (rc) return rc;
            changed = changed || was_retired;
        }
        sqlite3_stmt *s = ld->upd_entity;
        sqlite3_bind_int64(s, 1, eid);
        sqlite3_bind_int64(s, 2, new_schema);
        bind_text(s, 3, caption);
        bind_text(s, 4, e->first_seen);
        bind_text(s, 5, e->last_seen);
        bind_text(s, 6, e->last_change);
        if (e->target >= 0)
            sqlite3_bind_int(s, 7, e->target);
        else
            sqlite3_bind_null(s, 7);
        bind_text(s, 8, e->datasets_json);
        bind_text(s, 9, e->referents_json);
        sqlite3_bind_int64(s, 10, ld->change);
        sqlite3_bind_int(s, 11, changed);
        int ok = sqlite3_step(s) == SQLITE_DONE;
        sqlite3_reset(s);
        if (!ok) return db_fail(st, "entity update");
    }
    ld->stats.entities++;
    if (!ld->bulk && (rc = mark(&ld->touched, eid))) return fail(st, rc, "out of memory");
    return OV_OK;
}

/* Rebuilds the search rows of the entities selected by sql (which yields
 * eid, prop, value, schema ordered by eid). */
static int index_entities(ov_store *st, const char *sql, int64_t bind_change)
{
    sqlite3_stmt *sel, *ins;
    if (sqlite3_prepare_v2(st->db, sql, -1, &sel, NULL) != SQLITE_OK) return db_fail(st, "search select");
    if (bind_change) sqlite3_bind_int64(sel, 1, bind_change);
    if (sqlite3_prepare_v2(st->db, "INSERT INTO search(rowid, names, text) VALUES (?,?,?)", -1, &ins,
                           NULL) != SQLITE_OK) {
        sqlite3_finalize(sel);
        return db_fail(st, "search insert");
    }
    ov_buf names, text;
    ov_buf_init(&names, (size_t)64 << 20);
    ov_buf_init(&text, (size_t)64 << 20);
    int64_t cur = 0;
    int rc = OV_OK, step;
    for (;;) {
        step = sqlite3_step(sel);
        int64_t eid = step == SQLITE_ROW ? sqlite3_column_int64(sel, 0) : -1;
        if (eid != cur && cur) {
            if (names.len || text.len) {
                sqlite3_bind_int64(ins, 1, cur);
                sqlite3_bind_text(ins, 2, ov_buf_str(&names), (int)names.len, SQLITE_STATIC);
                sqlite3_bind_text(ins, 3, ov_buf_str(&text), (int)text.len, SQLITE_STATIC);
                int ok = sqlite3_step(ins) == SQLITE_DONE;
                sqlite3_reset(ins);
                if (!ok) {
                    rc = db_fail(st, "search insert");
                    break;
                }
            }
            ov_buf_reset(&names);
            ov_buf_reset(&text);
        }
        if (step != SQLITE_ROW) break;
        cur = eid;
        int cls = prop_info_ids(st, sqlite3_column_int64(sel, 3), sqlite3_column_int64(sel, 1)) & PINFO_CLASS;
        if (cls <= 0) continue;
        const char *v = col_text(sel, 2);
        rc = ov__fts_prepare(cls == 1 ? &names : &text, v ? v : "");
        if (rc == OV_ETOOBIG) rc = OV_OK; /* an entity with 64 MB of text: index what fits */
        if (rc) break;
    }
    if (!rc && step != SQLITE_DONE) rc = db_fail(st, "search select");
    ov_buf_release(&names);
    ov_buf_release(&text);
    sqlite3_finalize(sel);
    sqlite3_finalize(ins);
    return rc;
}

static int check_refs(ov_load *ld)
{
    ov_store *st = ld->st;
    sqlite3_stmt *s;
    if (prepare(st, "SELECT 1 FROM entity WHERE id = ? AND retired_in IS NULL", &s)) return OV_EIO;
    for (size_t i = 0; i < ld->refs.cap; i++) {
        const idmap_slot *slot = &ld->refs.slots[i];
        if (!slot->key) continue;
        size_t klen = strlen(slot->key);
        bool found;
        if (ld->bulk) {
            found = idmap_get(&ld->ids, slot->key, klen, NULL);
        } else {
            sqlite3_bind_text(s, 1, slot->key, (int)klen, SQLITE_STATIC);
            found = sqlite3_step(s) == SQLITE_ROW;
            sqlite3_reset(s);
        }
        if (found) continue;
        if (ld->stats.dangling < 5) {
            const char *kept = ov__dangling_keep(&ld->st->dangling, slot->key);
            ld->stats.dangling_example[ld->stats.dangling] = kept ? kept : "?";
        }
        ld->stats.dangling++;
    }
    sqlite3_finalize(s);
    return OV_OK;
}

/* Entities put in several fragments during a bulk build: drop the repeated
 * statements, now that the statement index exists. */
static int dedup_fragments(ov_load *ld)
{
    ov_store *st = ld->st;
    int rc = OV_OK;
    if (ld->fragments.count) {
        /* entities put in several fragments: drop repeated statements */
        rc = exec(st, "CREATE TEMP TABLE frag(eid INTEGER PRIMARY KEY)");
        sqlite3_stmt *s = NULL;
        if (!rc) rc = prepare(st, "INSERT INTO frag VALUES (?)", &s);
        for (size_t i = 0; !rc && i < ld->fragments.cap; i++) {
            if (!ld->fragments.slots[i].hash) continue;
            int64_t eid;
            memcpy(&eid, ld->fragments.slots[i].key, sizeof eid);
            sqlite3_bind_int64(s, 1, eid);
            if (sqlite3_step(s) != SQLITE_DONE) rc = db_fail(st, "fragments");
            sqlite3_reset(s);
        }
        if (s) sqlite3_finalize(s);
        if (!rc)
            rc = exec(st, "DELETE FROM statement WHERE eid IN (SELECT eid FROM frag) AND sid NOT IN ("
                          " SELECT min(sid) FROM statement WHERE eid IN (SELECT eid FROM frag)"
                          " GROUP BY eid, prop, value, dataset, coalesce(src_id, ''));"
                          "DROP TABLE frag;");
        if (!rc) ld->stats.added -= sqlite3_changes(st->db);
    }
    /* their search rows were made from the first fragment: rebuild them */
    for (size_t i = 0; !rc && i < ld->fragments.cap; i++)
        if (ld->fragments.slots[i].hash) rc = ov_hmap_put(&ld->touched, ld->fragments.slots[i].key, sizeof(int64_t), 1);
    ov_hmap_release(&ld->fragments);
    return rc;
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int finish_incremental(ov_load *ld);

static int finish_bulk(ov_load *ld)
{
    ov_store *st = ld->st;
    int rc = flush_all(ld);
    if (rc) return rc;
    double t0 = seconds();
    rc = exec(st, "CREATE UNIQUE INDEX entity_id ON entity(id);"
                  "CREATE INDEX statement_eid ON statement(eid);");
    if (!rc) rc = dedup_fragments(ld);
    double t1 = seconds();
    ld->stats.index_seconds = t1 - t0;
    /* search rows were written as entities arrived; fragments are redone here */
    if (!rc) rc = finish_incremental(ld);
    ld->stats.search_seconds += seconds() - t1;
    return rc;
}

static int finish_incremental(ov_load *ld)
{
    ov_store *st = ld->st;
    if (!ld->touched.count) return OV_OK;
    int rc = exec(st, "CREATE TEMP TABLE IF NOT EXISTS touched(eid INTEGER PRIMARY KEY); DELETE FROM touched;");
    sqlite3_stmt *s = NULL;
    if (!rc) rc = prepare(st, "INSERT INTO touched VALUES (?)", &s);
    for (size_t i = 0; !rc && i < ld->touched.cap; i++) {
        if (!ld->touched.slots[i].hash) continue;
        int64_t eid;
        memcpy(&eid, ld->touched.slots[i].key, sizeof eid);
        sqlite3_bind_int64(s, 1, eid);
        if (sqlite3_step(s) != SQLITE_DONE) rc = db_fail(st, "touched");
        sqlite3_reset(s);
    }
    sqlite3_finalize(s);
    if (!rc) rc = exec(st, "DELETE FROM search WHERE rowid IN (SELECT eid FROM touched)");
    if (!rc)
        rc = index_entities(st,
                            "SELECT s.eid, s.prop, s.value, s.schema FROM touched t JOIN statement s ON s.eid = t.eid"
                            " JOIN entity e ON e.eid = s.eid"
                            " WHERE s.retired_in IS NULL AND s.status <> 4 AND e.retired_in IS NULL"
                            " ORDER BY s.eid, s.sid",
                            0);
    if (!rc) rc = exec(st, "DROP TABLE touched");
    return rc;
}

int ov__sqlite_load_commit(ov_load *ld, ov_load_stats *stats)
{
    ov_store *st = ld->st;
    int rc = flush_all(ld);
    if (!rc) rc = ld->bulk ? finish_bulk(ld) : finish_incremental(ld);
    if (!rc && (ld->bulk || ld->was_bulk))
        rc = exec(st, "INSERT INTO search(search, rank) VALUES ('automerge', 4);"); /* FTS5's default */
    if (!rc) rc = check_refs(ld);
    if (!rc) rc = end_change(ld);
    if (!rc && !ld->recorded) {
        /* nothing was put (empty files): no change, the store exactly as it was */
        ov_load_stats keep = ld->stats;
        ov_load_abort(ld);
        if (stats) *stats = keep;
        return OV_OK;
    }
    if (!rc) rc = bump_generation(st);
    if (!rc) rc = exec(st, "COMMIT");
    if (rc) {
        char keep[sizeof st->h.errmsg];
        memcpy(keep, st->h.errmsg, sizeof keep);
        ov_load_abort(ld);
        memcpy(st->h.errmsg, keep, sizeof keep);
        return rc;
    }
    if (stats) *stats = ld->stats;
    bool bulk = ld->bulk || ld->was_bulk;
    load_free(ld);
    if (bulk) {
        exec(st, "PRAGMA cache_size=-2000");
        checkpoint_truncate(st);
    }
    return OV_OK;
}

void ov__sqlite_load_abort(ov_load *ld)
{
    if (!ld) return;
    ov_store *st = ld->st;
    bool bulk = ld->bulk || ld->was_bulk;
    /* finalize first: open statements would keep the rollback from running */
    finalize_all(ld);
    if (!sqlite3_get_autocommit(st->db)) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    load_free(ld);
    if (bulk) sqlite3_exec(st->db, "PRAGMA cache_size=-2000", NULL, NULL, NULL);
    /* the dictionaries, and what we know of each property id, may describe ids
     * that the rollback removed */
    load_dicts(st);
    ov__free(st->pinfo);
    st->pinfo = NULL;
}

sqlite3 *ov__store_db(ov_store *st) { return st->db; }

sqlite3_stmt *ov__store_stmt(ov_store *st, int slot, const char *sql, bool *fresh)
{
    *fresh = false;
    sqlite3_stmt *s = slot >= 0 && slot < OV__STMT_SLOTS ? st->cached[slot] : NULL;
    if (s && !sqlite3_stmt_busy(s) && !strcmp(sqlite3_sql(s), sql)) return s;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) return NULL;
    /* the slot is empty: keep this one; otherwise (in use by a caller up the
     * stack, or another text) it is the caller's for this call only */
    if (slot >= 0 && slot < OV__STMT_SLOTS && !st->cached[slot]) st->cached[slot] = s;
    else *fresh = true;
    return s;
}

void ov__store_stmt_done(sqlite3_stmt *s, bool fresh)
{
    if (!s) return;
    if (fresh) {
        sqlite3_finalize(s);
        return;
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
}
int ov__sqlite_db_fail(ov_store *st, const char *what) { return db_fail(st, what); }

/* ---- copying a record (store_copy.c) -------------------------------------- */

static int sqlite_table_rows(ov_store *st, const ov__table_spec *t, ov__row_cb cb, void *ud)
{
    char exists[160];
    snprintf(exists, sizeof exists, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '%s'", t->table);
    if (query_int(st, exists, 0) == 0) return OV_OK; /* e.g. no token was ever made */
    ov_buf sql;
    ov_buf_init(&sql, 1 << 16);
    int rc = ov_buf_adds(&sql, "SELECT ");
    const char *c = t->cols;
    for (size_t i = 0; !rc && t->kinds[i]; i++) {
        const char *end = strchr(c, ',');
        size_t len = end ? (size_t)(end - c) : strlen(c);
        while (*c == ' ') c++, len--;
        if (i) rc = ov_buf_adds(&sql, ", ");
        if (!rc) rc = t->kinds[i] == 'b' ? ov_buf_printf(&sql, "lower(hex(%.*s))", (int)len, c)
                                         : ov_buf_printf(&sql, "%.*s", (int)len, c);
        c = end ? end + 1 : c + len;
    }
    if (!rc) rc = ov_buf_printf(&sql, " FROM %s%s%s ORDER BY 1", t->table, t->where ? " WHERE " : "", t->where ? t->where : "");
    sqlite3_stmt *s = NULL;
    if (!rc && sqlite3_prepare_v2(st->db, ov_buf_str(&sql), -1, &s, NULL) != SQLITE_OK) rc = db_fail(st, "copy");
    ov_buf_release(&sql);
    int n = (int)strlen(t->kinds), step = SQLITE_DONE;
    const char *vals[32];
    while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW) {
        for (int i = 0; i < n && i < 32; i++) vals[i] = col_text(s, i);
        rc = cb(vals, n, ud);
    }
    if (!rc && step != SQLITE_DONE) rc = db_fail(st, "copy");
    sqlite3_finalize(s);
    return rc;
}

static int sqlite_copy_begin(ov_store *st)
{
    if (st->readonly) return fail(st, OV_EINVAL, "the store is open read-only");
    if (st->active) return fail(st, OV_EINVAL, "a load is running on this store");
    int rc = exec(st, "BEGIN IMMEDIATE");
    if (rc) return rc;
    if (query_int(st, "SELECT (SELECT count(*) FROM entity) + (SELECT count(*) FROM change)", 1) != 0) {
        exec(st, "ROLLBACK");
        return fail(st, OV_EINVAL, "the destination is not empty: copy into a new store");
    }
    return exec(st, "CREATE TABLE IF NOT EXISTS api_token(id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                    "hash BLOB NOT NULL UNIQUE, created TEXT NOT NULL, revoked TEXT)");
}

static int sqlite_copy_row(ov_store *st, const ov__table_spec *t, const char *const *vals, int n)
{
    if (st->copy_table != t) {
        sqlite3_finalize(st->copy_ins);
        st->copy_ins = NULL;
        st->copy_table = t;
        char sql[512];
        int at = snprintf(sql, sizeof sql, "INSERT OR REPLACE INTO %s(%s) VALUES (", t->table, t->cols);
        for (int i = 0; i < n && at < (int)sizeof sql - 8; i++) at += snprintf(sql + at, sizeof sql - (size_t)at, i ? ",?" : "?");
        snprintf(sql + at, sizeof sql - (size_t)at, ")");
        if (sqlite3_prepare_v2(st->db, sql, -1, &st->copy_ins, NULL) != SQLITE_OK) {
            st->copy_table = NULL;
            return db_fail(st, "copy");
        }
    }
    sqlite3_stmt *s = st->copy_ins;
    unsigned char blob[256];
    for (int i = 0; i < n; i++) {
        const char *v = vals[i];
        if (!v) {
            sqlite3_bind_null(s, i + 1);
        } else if (t->kinds[i] == 'i') {
            sqlite3_bind_int64(s, i + 1, strtoll(v, NULL, 10));
        } else if (t->kinds[i] == 'b') {
            size_t len = strlen(v) / 2;
            if (len > sizeof blob) return fail(st, OV_EINVAL, "copy: a binary value too long in %s", t->table);
            for (size_t k = 0; k < len; k++) {
                unsigned x = 0;
                sscanf(v + 2 * k, "%2x", &x);
                blob[k] = (unsigned char)x;
            }
            sqlite3_bind_blob(s, i + 1, blob, (int)len, SQLITE_TRANSIENT);
        } else {
            sqlite3_bind_text(s, i + 1, v, -1, SQLITE_TRANSIENT);
        }
    }
    int ok = sqlite3_step(s) == SQLITE_DONE;
    sqlite3_reset(s);
    return ok ? OV_OK : db_fail(st, "copy");
}

static int sqlite_copy_end(ov_store *st, bool ok)
{
    sqlite3_finalize(st->copy_ins);
    st->copy_ins = NULL;
    st->copy_table = NULL;
    int rc = ok ? OV_OK : OV_EIO;
    /* the search index, from the copied statements */
    if (!rc) rc = exec(st, "DELETE FROM search");
    if (!rc)
        rc = index_entities(st,
                            "SELECT s.eid, s.prop, s.value, s.schema FROM statement s JOIN entity e ON e.eid = s.eid"
                            " WHERE s.retired_in IS NULL AND s.status <> 4 AND e.retired_in IS NULL ORDER BY s.eid, s.sid",
                            0);
    if (!rc) rc = exec(st, "COMMIT");
    if (rc || !ok) {
        char keep[sizeof st->h.errmsg];
        memcpy(keep, st->h.errmsg, sizeof keep);
        if (!sqlite3_get_autocommit(st->db)) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        memcpy(st->h.errmsg, keep, sizeof keep);
    }
    load_dicts(st);
    ov__free(st->pinfo);
    st->pinfo = NULL;
    if (!rc && ok) checkpoint_truncate(st);
    return ok ? rc : OV_OK;
}

const ov__store_ops ov__sqlite_ops = {
    .name = "SQLite",
    .close = ov__sqlite_close,
    .schema_version = ov__sqlite_schema_version,
    .db_fail = ov__sqlite_db_fail,
    .load_begin = ov__sqlite_load_begin,
    .load_put = ov__sqlite_load_put,
    .load_next = ov__sqlite_load_next,
    .load_commit = ov__sqlite_load_commit,
    .load_abort = ov__sqlite_load_abort,
    .get = ov__sqlite_get,
    .scan = ov__sqlite_scan,
    .scan_schema = ov__sqlite_scan_schema,
    .scan_changed = ov__sqlite_scan_changed,
    .changes = ov__sqlite_changes,
    .stats = ov__sqlite_stats,
    .search = ov__sqlite_search,
    .read_begin = ov__sqlite_read_begin,
    .read_end = ov__sqlite_read_end,
    .generation = ov__sqlite_generation,
    .data_version = ov__sqlite_data_version,
    .in_transaction = ov__sqlite_in_transaction,
    .token_add = ov__sqlite_token_add,
    .token_revoke = ov__sqlite_token_revoke,
    .token_list = ov__sqlite_token_list,
    .token_hashes = ov__sqlite_token_hashes,
    .scan_splits = ov__sqlite_scan_splits,
    .scan_brief = ov__sqlite_scan_brief,
    .max_eid = ov__sqlite_max_eid,
    .scan_props = ov__sqlite_scan_props,
    .state_of = ov__sqlite_state_of,
    .referrers = ov__sqlite_referrers,
    .datasets = ov__sqlite_datasets,
    .table_rows = sqlite_table_rows,
    .copy_begin = sqlite_copy_begin,
    .copy_row = sqlite_copy_row,
    .copy_end = sqlite_copy_end,
};
