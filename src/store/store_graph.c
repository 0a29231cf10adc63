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
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "oversight/store.h"
#include "store_internal.h"
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

int ov__store_scan_brief(ov_store *st, ov__brief_cb cb, void *ud)
{
    char **schemas;
    int64_t n_schemas;
    int rc = load_names(st, "SELECT id, name FROM schema_name", &schemas, &n_schemas);
    if (rc) return rc;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(ov__store_db(st),
                           "SELECT eid, id, schema, caption FROM entity WHERE retired_in IS NULL ORDER BY eid", -1,
                           &s, NULL) != SQLITE_OK) {
        free_names(schemas, n_schemas);
        return ov__store_db_fail(st, "scan");
    }
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t schema = sqlite3_column_int64(s, 2);
        if (schema <= 0 || schema >= n_schemas || !schemas[schema]) continue; /* as the former inner join */
        const char *id = (const char *)sqlite3_column_text(s, 1);
        size_t id_len = (size_t)sqlite3_column_bytes(s, 1);
        const char *caption = (const char *)sqlite3_column_text(s, 3);
        if (!id) continue; /* NOT NULL in the schema */
        if (cb(sqlite3_column_int64(s, 0), id, id_len, (int)schema, schemas[schema], caption,
               caption ? (size_t)sqlite3_column_bytes(s, 3) : 0, ud)) {
            rc = OV_ESTOP;
            break;
        }
    }
    if (!rc && step != SQLITE_DONE) rc = ov__store_db_fail(st, "scan");
    sqlite3_finalize(s);
    free_names(schemas, n_schemas);
    return rc;
}

int64_t ov__store_max_eid(ov_store *st)
{
    sqlite3_stmt *s;
    int64_t n = 0;
    if (sqlite3_prepare_v2(ov__store_db(st), "SELECT coalesce(max(eid), 0) FROM entity", -1, &s, NULL) != SQLITE_OK)
        return 0;
    if (sqlite3_step(s) == SQLITE_ROW) n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

int ov__store_scan_props(ov_store *st, const char *const *props, int n_props, ov__prop_cb cb, void *ud)
{
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
    if (!which) rc = ov__store_fail(st, OV_ENOMEM, "out of memory");
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
    if (!rc) rc = ov_buf_adds(&sql, ") ORDER BY eid, sid");
    free_names(names, n_names);
    if (rc || !n_in) { /* !n_in: no such property in this store, nothing to scan */
        ov_buf_release(&sql);
        ov__free(which);
        return rc ? ov__store_fail(st, rc, "scan query") : OV_OK;
    }
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(ov__store_db(st), ov_buf_str(&sql), -1, &s, NULL) != SQLITE_OK) {
        ov_buf_release(&sql);
        ov__free(which);
        return ov__store_db_fail(st, "scan");
    }
    ov_buf_release(&sql);
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t prop = sqlite3_column_int64(s, 1);
        if (prop < 0 || prop >= n_names || which[prop] < 0) continue;
        const char *value = (const char *)sqlite3_column_text(s, 2);
        if (!value) continue; /* NOT NULL in the schema */
        if (cb(sqlite3_column_int64(s, 0), which[prop], value, (size_t)sqlite3_column_bytes(s, 2),
               sqlite3_column_int(s, 3), ud)) {
            rc = OV_ESTOP;
            break;
        }
    }
    if (!rc && step != SQLITE_DONE) rc = ov__store_db_fail(st, "scan");
    sqlite3_finalize(s);
    ov__free(which);
    return rc;
}

int ov__store_scan_facts(ov_store *st, const char *const *props, int n_props, ov__fact_cb cb, void *ud)
{
    ov_buf sql;
    ov_buf_init(&sql, 1 << 16);
    int rc = ov_buf_adds(&sql, "SELECT s.eid, p.name, s.value, coalesce(r.eid, 0), s.status"
                               " FROM statement s JOIN prop p ON p.id = s.prop"
                               " LEFT JOIN entity r ON r.id = s.value AND r.retired_in IS NULL"
                               " WHERE s.retired_in IS NULL AND s.status <> 4 AND p.name IN (''");
    for (int i = 0; !rc && i < n_props; i++) rc = ov_buf_adds(&sql, ",?");
    if (!rc) rc = ov_buf_adds(&sql, ") ORDER BY s.eid, s.sid");
    if (rc) {
        ov_buf_release(&sql);
        return ov__store_fail(st, rc, "scan query too large");
    }
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(ov__store_db(st), ov_buf_str(&sql), -1, &s, NULL) != SQLITE_OK) {
        ov_buf_release(&sql);
        return ov__store_db_fail(st, "scan");
    }
    ov_buf_release(&sql);
    for (int i = 0; i < n_props; i++) sqlite3_bind_text(s, i + 1, props[i], -1, SQLITE_STATIC);
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW)
        if (cb(sqlite3_column_int64(s, 0), (const char *)sqlite3_column_text(s, 1),
               (const char *)sqlite3_column_text(s, 2), sqlite3_column_int64(s, 3), sqlite3_column_int(s, 4),
               ud)) {
            rc = OV_ESTOP;
            break;
        }
    if (!rc && step != SQLITE_DONE) rc = ov__store_db_fail(st, "scan");
    sqlite3_finalize(s);
    return rc;
}
