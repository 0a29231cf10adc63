/*
 * store_read.c - reading the record back: one entity with or without its
 * history, scans for export, the change log, counts, and full-text search.
 */
#include <stdio.h>
#include <string.h>
#include "oversight/store.h"
#include "store_sqlite.h"
#include "../search/fts.h"
#include "../util/alloc.h"
#include "../util/arena.h"
#include "../util/buf.h"
#include "../util/banned.h"

/* An entity returned to the caller owns its strings through this arena. */
typedef struct entity_box {
    ov_entity e; /* first: ov_entity_free casts back */
    ov_arena arena;
    size_t cap;
} entity_box;

static const char *dup(ov_arena *a, sqlite3_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    if (!t) return NULL;
    return ov_arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(s, col));
}

#define ENTITY_COLS                                                                       \
    "e.eid, e.id, sn.name, e.caption, e.first_seen, e.last_seen, e.last_change, e.target," \
    " e.datasets, e.referents, e.added_in, e.changed_in, coalesce(e.retired_in, 0)"
#define ENTITY_FROM " FROM entity e JOIN schema_name sn ON sn.id = e.schema"

#define STMT_COLS                                                                          \
    "s.eid, p.name, s.value, sn.name, s.lang, s.original, d.name, c.source, c.locator,"    \
    " s.first_seen, s.last_seen, s.origin, s.src_id, s.status, s.external, s.added_in,"    \
    " coalesce(s.retired_in, 0), s.sid"
#define STMT_FROM                                                                          \
    " FROM statement s JOIN prop p ON p.id = s.prop JOIN schema_name sn ON sn.id = s.schema" \
    " JOIN dataset d ON d.id = s.dataset LEFT JOIN citation c ON c.id = s.citation"

static int fill_entity(entity_box *b, sqlite3_stmt *s)
{
    ov_entity *e = &b->e;
    ov_arena *a = &b->arena;
    e->id = dup(a, s, 1);
    e->schema = dup(a, s, 2);
    e->caption = dup(a, s, 3);
    e->first_seen = dup(a, s, 4);
    e->last_seen = dup(a, s, 5);
    e->last_change = dup(a, s, 6);
    e->target = sqlite3_column_type(s, 7) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 7);
    e->datasets_json = dup(a, s, 8);
    e->referents_json = dup(a, s, 9);
    e->added_in = sqlite3_column_int64(s, 10);
    e->changed_in = sqlite3_column_int64(s, 11);
    e->retired_in = sqlite3_column_int64(s, 12);
    e->n_stmts = 0;
    return e->id && e->schema ? OV_OK : OV_ENOMEM;
}

static int add_stmt(entity_box *b, sqlite3_stmt *s)
{
    ov_entity *e = &b->e;
    ov_arena *a = &b->arena;
    if (e->n_stmts == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 16;
        ov_stmt *n = ov_arena_alloc(a, cap * sizeof *n);
        if (!n) return OV_ENOMEM;
        if (e->n_stmts) memcpy(n, e->stmts, e->n_stmts * sizeof *n);
        e->stmts = n;
        b->cap = cap;
    }
    ov_stmt *st = &e->stmts[e->n_stmts];
    memset(st, 0, sizeof *st);
    st->prop = dup(a, s, 1);
    st->value = dup(a, s, 2);
    st->schema = dup(a, s, 3);
    st->lang = dup(a, s, 4);
    st->original_value = dup(a, s, 5);
    st->dataset = dup(a, s, 6);
    st->source = dup(a, s, 7);
    st->locator = dup(a, s, 8);
    if (st->source && !*st->source) st->source = NULL;
    if (st->locator && !*st->locator) st->locator = NULL;
    st->first_seen = dup(a, s, 9);
    st->last_seen = dup(a, s, 10);
    st->origin = dup(a, s, 11);
    st->src_id = dup(a, s, 12);
    st->status = sqlite3_column_int(s, 13);
    st->external = sqlite3_column_int(s, 14);
    st->added_in = sqlite3_column_int64(s, 15);
    st->retired_in = sqlite3_column_int64(s, 16);
    st->sid = sqlite3_column_int64(s, 17);
    if (!st->prop || !st->value) return OV_ENOMEM;
    e->n_stmts++;
    return OV_OK;
}

static entity_box *box_new(void)
{
    entity_box *b = ov__calloc(1, sizeof *b);
    if (b) ov_arena_init(&b->arena, 16 * 1024, (size_t)1 << 31);
    return b;
}

void ov_entity_free(ov_entity *e)
{
    if (!e) return;
    entity_box *b = (entity_box *)e;
    ov_arena_release(&b->arena);
    ov__free(b);
}

/* ---- entities for any backend (store_internal.h) ------------------------ */

ov_entity *ov__entity_new(void)
{
    entity_box *b = box_new();
    return b ? &b->e : NULL;
}

const char *ov__entity_strdup(ov_entity *e, const char *s, size_t n)
{
    return s ? ov_arena_strndup(&((entity_box *)e)->arena, s, n) : NULL;
}

ov_stmt *ov__entity_add_stmt(ov_entity *e)
{
    entity_box *b = (entity_box *)e;
    if (e->n_stmts == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 16;
        ov_stmt *n = ov_arena_alloc(&b->arena, cap * sizeof *n);
        if (!n) return NULL;
        if (e->n_stmts) memcpy(n, e->stmts, e->n_stmts * sizeof *n);
        e->stmts = n;
        b->cap = cap;
    }
    ov_stmt *st = &e->stmts[e->n_stmts++];
    memset(st, 0, sizeof *st);
    return st;
}

void ov__entity_clear(ov_entity *e)
{
    entity_box *b = (entity_box *)e;
    ov_arena_reset(&b->arena);
    b->cap = 0;
    memset(e, 0, sizeof *e);
}

int ov__sqlite_get(ov_store *st, const char *id, int flags, ov_entity **out)
{
    *out = NULL;
    bool fresh;
    sqlite3_stmt *s = ov__store_stmt(st, OV__STMT_GET_ENTITY, "SELECT " ENTITY_COLS ENTITY_FROM " WHERE e.id = ?", &fresh);
    if (!s) return ov__store_db_fail(st, "entity read");
    sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
    int step = sqlite3_step(s);
    if (step != SQLITE_ROW ||
        (!(flags & OV_GET_HISTORY) && sqlite3_column_type(s, 12) != SQLITE_NULL &&
         sqlite3_column_int64(s, 12) != 0)) {
        ov__store_stmt_done(s, fresh);
        if (step != SQLITE_ROW && step != SQLITE_DONE) return ov__store_db_fail(st, "entity read");
        return ov__store_fail(st, OV_ENOTFOUND, "no entity with that id");
    }
    entity_box *b = box_new();
    if (!b) {
        ov__store_stmt_done(s, fresh);
        return ov__store_fail(st, OV_ENOMEM, "out of memory");
    }
    int rc = fill_entity(b, s);
    int64_t eid = sqlite3_column_int64(s, 0);
    ov__store_stmt_done(s, fresh);
    bool history = flags & OV_GET_HISTORY;
    const char *sql = history ? "SELECT " STMT_COLS STMT_FROM " WHERE s.eid = ? ORDER BY s.sid"
                              : "SELECT " STMT_COLS STMT_FROM
                                " WHERE s.eid = ? AND s.retired_in IS NULL ORDER BY s.sid";
    s = NULL;
    if (!rc && !(s = ov__store_stmt(st, history ? OV__STMT_GET_HISTORY : OV__STMT_GET_STATEMENTS, sql, &fresh)))
        rc = ov__store_db_fail(st, "statement read");
    if (!rc) {
        sqlite3_bind_int64(s, 1, eid);
        while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW) rc = add_stmt(b, s);
        if (!rc && step != SQLITE_DONE) rc = ov__store_db_fail(st, "statement read");
    }
    ov__store_stmt_done(s, fresh);
    if (rc) {
        ov_entity_free(&b->e);
        return rc == OV_ENOMEM ? ov__store_fail(st, rc, "out of memory") : rc;
    }
    *out = &b->e;
    return OV_OK;
}

/* Merge-joins entity rows and their current statements, both in eid order. */
static int scan(ov_store *st, const char *entity_where, int64_t since, ov_entity_cb cb, void *ud)
{
    sqlite3 *db = ov__store_db(st);
    char sql[1024];
    sqlite3_stmt *es, *ss;
    snprintf(sql, sizeof sql, "SELECT " ENTITY_COLS ENTITY_FROM " WHERE %s ORDER BY e.eid", entity_where);
    if (sqlite3_prepare_v2(db, sql, -1, &es, NULL) != SQLITE_OK) return ov__store_db_fail(st, "scan");
    if (since >= 0) sqlite3_bind_int64(es, 1, since);
    if (sqlite3_prepare_v2(db,
                           "SELECT " STMT_COLS STMT_FROM
                           " WHERE s.retired_in IS NULL ORDER BY s.eid, s.sid",
                           -1, &ss, NULL) != SQLITE_OK) {
        sqlite3_finalize(es);
        return ov__store_db_fail(st, "scan");
    }
    entity_box *b = box_new();
    int rc = b ? OV_OK : OV_ENOMEM;
    int sstep = sqlite3_step(ss);
    while (!rc && sqlite3_step(es) == SQLITE_ROW) {
        ov_arena_reset(&b->arena);
        b->cap = 0;
        b->e.stmts = NULL;
        int64_t eid = sqlite3_column_int64(es, 0);
        if ((rc = fill_entity(b, es))) break;
        while (sstep == SQLITE_ROW && sqlite3_column_int64(ss, 0) < eid) sstep = sqlite3_step(ss);
        while (!rc && sstep == SQLITE_ROW && sqlite3_column_int64(ss, 0) == eid) {
            rc = add_stmt(b, ss);
            sstep = sqlite3_step(ss);
        }
        if (rc) break;
        if (cb(&b->e, ud)) rc = OV_ESTOP;
    }
    if (b) {
        ov_arena_release(&b->arena);
        ov__free(b);
    }
    sqlite3_finalize(es);
    sqlite3_finalize(ss);
    if (rc == OV_ENOMEM) return ov__store_fail(st, rc, "out of memory");
    return rc;
}

int ov__sqlite_scan(ov_store *st, ov_entity_cb cb, void *ud)
{
    return scan(st, "e.retired_in IS NULL", -1, cb, ud);
}

/* Reads the ids first (one short query on the entity_schema index), then each
 * entity by id: the callback may read the store. */
int ov__sqlite_scan_schema(ov_store *st, const char *schema, ov_entity_cb cb, void *ud)
{
    bool fresh; /* kept prepared: every `get` and API entity response reads the judgements */
    sqlite3_stmt *s = ov__store_stmt(st, OV__STMT_BY_SCHEMA,
                                     "SELECT e.id FROM entity e WHERE e.schema = (SELECT id FROM schema_name WHERE name = ?1)"
                                     " AND e.retired_in IS NULL ORDER BY e.eid",
                                     &fresh);
    if (!s) return ov__store_db_fail(st, "scan");
    sqlite3_bind_text(s, 1, schema, -1, SQLITE_STATIC);
    char **ids = NULL;
    size_t n = 0, cap = 0;
    int rc = OV_OK, step;
    while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap) {
            size_t c = cap ? 2 * cap : 64;
            char **p = ov__realloc(ids, c * sizeof *p);
            if (!p) {
                rc = OV_ENOMEM;
                break;
            }
            ids = p;
            cap = c;
        }
        if (!(ids[n] = ov__strdup((const char *)sqlite3_column_text(s, 0)))) rc = OV_ENOMEM;
        else n++;
    }
    if (!rc && step != SQLITE_DONE) rc = ov__store_db_fail(st, "scan");
    ov__store_stmt_done(s, fresh);
    for (size_t i = 0; !rc && i < n; i++) {
        ov_entity *e;
        int r = ov_store_get(st, ids[i], 0, &e);
        if (r == OV_ENOTFOUND) continue;
        if (r) {
            rc = r;
            break;
        }
        if (cb(e, ud)) rc = OV_ESTOP;
        ov_entity_free(e);
    }
    for (size_t i = 0; i < n; i++) ov__free(ids[i]);
    ov__free(ids);
    if (rc == OV_ENOMEM) return ov__store_fail(st, rc, "out of memory");
    return rc;
}

int ov__sqlite_scan_changed(ov_store *st, int64_t since, ov_entity_cb cb, void *ud)
{
    return scan(st, "e.changed_in > ?1", since, cb, ud);
}

int ov__sqlite_changes(ov_store *st, const char *id, ov_change_cb cb, void *ud)
{
    const char *sql =
        id ? "WITH x AS (SELECT eid FROM entity WHERE id = ?1)"
             " SELECT id, at, kind, origin, dataset, note, entities, added, retired FROM change"
             " WHERE id IN (SELECT added_in FROM statement WHERE eid = (SELECT eid FROM x)"
             " UNION SELECT retired_in FROM statement WHERE eid = (SELECT eid FROM x)"
             " UNION SELECT added_in FROM entity WHERE eid = (SELECT eid FROM x)"
             " UNION SELECT retired_in FROM entity WHERE eid = (SELECT eid FROM x)) ORDER BY id"
           : "SELECT id, at, kind, origin, dataset, note, entities, added, retired FROM change ORDER BY id";
    bool fresh;
    sqlite3_stmt *s = ov__store_stmt(st, id ? OV__STMT_CHANGES_OF : OV__STMT_CHANGES_ALL, sql, &fresh);
    if (!s) return ov__store_db_fail(st, "change log");
    if (id) sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
    int rc = OV_OK;
    while (sqlite3_step(s) == SQLITE_ROW) {
        ov_change c = {
            .id = sqlite3_column_int64(s, 0),
            .at = (const char *)sqlite3_column_text(s, 1),
            .kind = (const char *)sqlite3_column_text(s, 2),
            .origin = (const char *)sqlite3_column_text(s, 3),
            .dataset = (const char *)sqlite3_column_text(s, 4),
            .note = (const char *)sqlite3_column_text(s, 5),
            .entities = sqlite3_column_int64(s, 6),
            .added = sqlite3_column_int64(s, 7),
            .retired = sqlite3_column_int64(s, 8),
        };
        if (cb(&c, ud)) {
            rc = OV_ESTOP;
            break;
        }
    }
    ov__store_stmt_done(s, fresh);
    return rc;
}

static int64_t count(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s;
    int64_t n = 0;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) return 0;
    if (sqlite3_step(s) == SQLITE_ROW) n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

static int groups(ov_store *st, const char *group, const char *sql, ov_count_cb cb, void *ud)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(ov__store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
        return ov__store_db_fail(st, "stats");
    int rc = OV_OK;
    while (sqlite3_step(s) == SQLITE_ROW)
        if (cb(group, (const char *)sqlite3_column_text(s, 0), sqlite3_column_int64(s, 1), ud)) {
            rc = OV_ESTOP;
            break;
        }
    sqlite3_finalize(s);
    return rc;
}

int ov__sqlite_stats(ov_store *st, ov_stats *out, ov_count_cb cb, void *ud)
{
    sqlite3 *db = ov__store_db(st);
    memset(out, 0, sizeof *out);
    out->entities = count(db, "SELECT count(*) FROM entity WHERE retired_in IS NULL");
    out->retired_entities = count(db, "SELECT count(*) FROM entity WHERE retired_in IS NOT NULL");
    out->statements_total = count(db, "SELECT count(*) FROM statement");
    out->statements_current = count(db, "SELECT count(*) FROM statement WHERE retired_in IS NULL");
    out->changes = count(db, "SELECT count(*) FROM change");
    out->citations = count(db, "SELECT count(*) FROM citation");
    out->schema_version = ov_store_schema_version(st);
    if (!cb) return OV_OK;
    int rc = groups(st, "schema",
                    "SELECT sn.name, count(*) FROM entity e JOIN schema_name sn ON sn.id = e.schema"
                    " WHERE e.retired_in IS NULL GROUP BY sn.name ORDER BY count(*) DESC, sn.name",
                    cb, ud);
    if (!rc)
        rc = groups(st, "dataset",
                    "SELECT d.name, count(*) FROM statement s JOIN dataset d ON d.id = s.dataset"
                    " WHERE s.retired_in IS NULL GROUP BY d.name ORDER BY count(*) DESC, d.name",
                    cb, ud);
    return rc;
}

/* ---- search ------------------------------------------------------------ */

/* Appends "AND s.prop IN (ids of props of type t)"-style lists. */
static int prop_ids_of_type(ov_store *st, ov_type_kind t, ov_buf *sql)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(ov__store_db(st), "SELECT id, name FROM prop", -1, &s, NULL) != SQLITE_OK)
        return ov__store_db_fail(st, "search");
    const ov_model *m = ov__store_model(st);
    int rc = ov_buf_adds(sql, "(0");
    while (!rc && sqlite3_step(s) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(s, 1);
        for (int i = 0; i < ov_model_schema_count(m); i++) {
            const ov_prop *p = ov_schema_prop(ov_model_schema_at(m, i), name);
            if (!p) continue;
            if (ov_prop_type(p) == t) rc = ov_buf_printf(sql, ",%lld", (long long)sqlite3_column_int64(s, 0));
            break;
        }
    }
    sqlite3_finalize(s);
    if (!rc) rc = ov_buf_addc(sql, ')');
    return rc;
}

int ov__sqlite_search(ov_store *st, const ov_search_query *q, ov_search_hit **hits, size_t *n)
{
    *hits = NULL;
    *n = 0;
    const ov_model *m = ov__store_model(st);
    int limit = q->limit <= 0 ? 20 : (q->limit > 1000 ? 1000 : q->limit);
    int offset = q->offset < 0 ? 0 : q->offset;
    ov_buf sql, match;
    ov_buf_init(&sql, 1 << 20);
    ov_buf_init(&match, 1 << 16);
    int rc = OV_OK;
    bool text = q->text && *q->text;
    if (text) {
        rc = ov__fts_query(&match, q->text);
        if (rc == OV_EINVAL) {
            rc = ov__store_fail(st, OV_EINVAL, "the query has no letters or digits to search for");
            goto out;
        }
        if (rc == OV_ETOOBIG) {
            rc = ov__store_fail(st, OV_ETOOBIG, "the query is too long");
            goto out;
        }
        /* a name search looks for parties and laws first: the schemata FtM marks
         * matchable (companies, people, organisations ...) and Law rank above the
         * documents, provisions, list entries and interests that mention the
         * same words */
        rc = ov_buf_adds(&sql, "SELECT e.id, sn.name, e.caption, -bm25(search, 10.0, 1.0)"
                               " * (CASE WHEN sn.name IN (''");
        for (int i = 0; !rc && i < ov_model_schema_count(m); i++) {
            const ov_schema *sc = ov_model_schema_at(m, i);
            if (ov_schema_matchable(sc) || !strcmp(ov_schema_name(sc), "Law"))
                rc = ov_buf_printf(&sql, ",'%s'", ov_schema_name(sc));
        }
        /* and in tiers: parties (legal entities) and laws first, then other named things
         * (brands, vessels ...), then what mentions them (addresses, documents, list
         * entries, interests) */
        if (!rc) rc = ov_buf_adds(&sql, ") THEN 1.5 ELSE 1.0 END) AS score, (CASE WHEN sn.name IN (''");
        const ov_schema *party = ov_model_schema(m, "LegalEntity");
        for (int i = 0; !rc && i < ov_model_schema_count(m); i++) {
            const ov_schema *sc = ov_model_schema_at(m, i);
            if ((party && ov_schema_is_a(sc, party)) || !strcmp(ov_schema_name(sc), "Law"))
                rc = ov_buf_printf(&sql, ",'%s'", ov_schema_name(sc));
        }
        if (!rc) rc = ov_buf_adds(&sql, ") THEN 2 WHEN sn.name IN (''");
        for (int i = 0; !rc && i < ov_model_schema_count(m); i++) {
            const ov_schema *sc = ov_model_schema_at(m, i);
            if (ov_schema_matchable(sc) && strcmp(ov_schema_name(sc), "Address"))
                rc = ov_buf_printf(&sql, ",'%s'", ov_schema_name(sc));
        }
        if (!rc)
            rc = ov_buf_adds(&sql, ") THEN 1 ELSE 0 END) AS tier"
                                   " FROM search JOIN entity e ON e.eid = search.rowid"
                                   " JOIN schema_name sn ON sn.id = e.schema"
                                   " WHERE search MATCH ?1 AND e.retired_in IS NULL");
    } else {
        rc = ov_buf_adds(&sql, "SELECT e.id, sn.name, e.caption, 0.0 AS score FROM entity e"
                               " JOIN schema_name sn ON sn.id = e.schema WHERE e.retired_in IS NULL");
    }
    if (!rc && q->schema && *q->schema) {
        const ov_schema *want = ov_model_schema(m, q->schema);
        if (!want) {
            rc = ov__store_fail(st, OV_EINVAL, "unknown schema in the filter");
            goto out;
        }
        rc = ov_buf_adds(&sql, " AND sn.name IN (''");
        for (int i = 0; !rc && i < ov_model_schema_count(m); i++) {
            const ov_schema *s = ov_model_schema_at(m, i);
            if (ov_schema_is_a(s, want)) rc = ov_buf_printf(&sql, ",'%s'", ov_schema_name(s));
        }
        if (!rc) rc = ov_buf_addc(&sql, ')');
    }
    if (!rc && q->country && *q->country) {
        rc = ov_buf_adds(&sql, " AND EXISTS (SELECT 1 FROM statement s WHERE s.eid = e.eid"
                               " AND s.retired_in IS NULL AND s.status <> 4 AND s.value = lower(?2) AND s.prop IN ");
        if (!rc) rc = prop_ids_of_type(st, OV_T_COUNTRY, &sql);
        if (!rc) rc = ov_buf_addc(&sql, ')');
    }
    if (!rc && q->topic && *q->topic) {
        rc = ov_buf_adds(&sql, " AND EXISTS (SELECT 1 FROM statement s WHERE s.eid = e.eid"
                               " AND s.retired_in IS NULL AND s.status <> 4 AND s.value = ?3 AND s.prop IN ");
        if (!rc) rc = prop_ids_of_type(st, OV_T_TOPIC, &sql);
        if (!rc) rc = ov_buf_addc(&sql, ')');
    }
    if (!rc && q->dataset && *q->dataset)
        rc = ov_buf_adds(&sql, " AND (EXISTS (SELECT 1 FROM statement s JOIN dataset d ON d.id = s.dataset"
                               " WHERE s.eid = e.eid AND s.retired_in IS NULL AND d.name = ?4)"
                               " OR EXISTS (SELECT 1 FROM json_each(e.datasets) WHERE value = ?4))");
    if (!rc) rc = ov_buf_adds(&sql, text ? " ORDER BY tier DESC, score DESC, e.eid LIMIT ?5 OFFSET ?6"
                                         : " ORDER BY e.eid LIMIT ?5 OFFSET ?6");
    if (rc) {
        rc = ov__store_fail(st, rc, "search query too large");
        goto out;
    }
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(ov__store_db(st), ov_buf_str(&sql), -1, &s, NULL) != SQLITE_OK) {
        rc = ov__store_db_fail(st, "search");
        goto out;
    }
    if (text) sqlite3_bind_text(s, 1, ov_buf_str(&match), -1, SQLITE_STATIC);
    if (q->country) sqlite3_bind_text(s, 2, q->country, -1, SQLITE_STATIC);
    if (q->topic) sqlite3_bind_text(s, 3, q->topic, -1, SQLITE_STATIC);
    if (q->dataset) sqlite3_bind_text(s, 4, q->dataset, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 5, limit);
    sqlite3_bind_int(s, 6, offset);
    ov_search_hit *out = ov__calloc((size_t)limit, sizeof *out);
    if (!out) {
        sqlite3_finalize(s);
        rc = ov__store_fail(st, OV_ENOMEM, "out of memory");
        goto out;
    }
    size_t k = 0;
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW && k < (size_t)limit) {
        const char *caption = (const char *)sqlite3_column_text(s, 2);
        out[k].id = ov__strdup((const char *)sqlite3_column_text(s, 0));
        out[k].schema = ov__strdup((const char *)sqlite3_column_text(s, 1));
        out[k].caption = caption ? ov__strdup(caption) : NULL;
        out[k].score = sqlite3_column_double(s, 3);
        k++;
        if (!out[k - 1].id || !out[k - 1].schema || (caption && !out[k - 1].caption)) {
            rc = OV_ENOMEM;
            break;
        }
    }
    if (!rc && step != SQLITE_ROW && step != SQLITE_DONE) rc = ov__store_db_fail(st, "search");
    sqlite3_finalize(s);
    if (rc) {
        ov_search_hits_free(out, k);
        if (rc == OV_ENOMEM) ov__store_fail(st, rc, "out of memory");
        goto out;
    }
    *hits = out;
    *n = k;
out:
    ov_buf_release(&sql);
    ov_buf_release(&match);
    return rc;
}

void ov_search_hits_free(ov_search_hit *hits, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ov__free(hits[i].id);
        ov__free(hits[i].schema);
        ov__free(hits[i].caption);
    }
    ov__free(hits);
}

int ov__sqlite_referrers(ov_store *st, const char *id, ov__referrer_cb cb, void *ud)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(ov__store_db(st),
                           "SELECT DISTINCT e.id, sn.name, p.name FROM statement s JOIN entity e ON e.eid = s.eid"
                           " JOIN schema_name sn ON sn.id = e.schema JOIN prop p ON p.id = s.prop"
                           " WHERE s.value = ?1 AND s.retired_in IS NULL AND s.status <> 4 AND e.retired_in IS NULL"
                           " AND e.id <> ?1 ORDER BY e.eid LIMIT 5000",
                           -1, &s, NULL) != SQLITE_OK)
        return ov__store_db_fail(st, "referrers");
    sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
    int rc = OV_OK;
    while (sqlite3_step(s) == SQLITE_ROW)
        if (cb((const char *)sqlite3_column_text(s, 0), (const char *)sqlite3_column_text(s, 1),
               (const char *)sqlite3_column_text(s, 2), ud)) {
            rc = OV_ESTOP;
            break;
        }
    sqlite3_finalize(s);
    return rc;
}

int ov__sqlite_datasets(ov_store *st, ov__dataset_cb cb, void *ud)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(ov__store_db(st),
                           "WITH st AS (SELECT dataset, count(*) AS n, max(added_in) AS last FROM statement"
                           " WHERE retired_in IS NULL GROUP BY dataset),"
                           " ch AS (SELECT dataset, max(id) AS last, count(*) AS n, max(origin) AS origin FROM change"
                           " GROUP BY dataset)"
                           " SELECT d.name, coalesce(st.n, 0), coalesce(ch.n, 0), ch.origin,"
                           " (SELECT at FROM change WHERE id = max(coalesce(st.last, 0), coalesce(ch.last, 0)))"
                           " FROM dataset d LEFT JOIN st ON st.dataset = d.id LEFT JOIN ch ON ch.dataset = d.name"
                           " ORDER BY d.name",
                           -1, &s, NULL) != SQLITE_OK)
        return ov__store_db_fail(st, "datasets");
    int rc = OV_OK;
    while (sqlite3_step(s) == SQLITE_ROW)
        if (cb((const char *)sqlite3_column_text(s, 0), sqlite3_column_int64(s, 1), sqlite3_column_int64(s, 2),
               (const char *)sqlite3_column_text(s, 3), (const char *)sqlite3_column_text(s, 4), ud)) {
            rc = OV_ESTOP;
            break;
        }
    sqlite3_finalize(s);
    return rc;
}
