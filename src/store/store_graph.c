/*
 * store_graph.c - the scans the ownership graph and the typology read: every
 * current entity in row id order, and the current statements of a few
 * properties with their references resolved to entity row ids.
 */
#include <sqlite3.h>
#include "oversight/store.h"
#include "store_internal.h"
#include "../util/buf.h"
#include "../util/banned.h"

int ov__store_scan_brief(ov_store *st, ov__brief_cb cb, void *ud)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(ov__store_db(st),
                           "SELECT e.eid, e.id, sn.name, e.caption FROM entity e"
                           " JOIN schema_name sn ON sn.id = e.schema WHERE e.retired_in IS NULL ORDER BY e.eid",
                           -1, &s, NULL) != SQLITE_OK)
        return ov__store_db_fail(st, "scan");
    int rc = OV_OK, step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW)
        if (cb(sqlite3_column_int64(s, 0), (const char *)sqlite3_column_text(s, 1),
               (const char *)sqlite3_column_text(s, 2), (const char *)sqlite3_column_text(s, 3), ud)) {
            rc = OV_ESTOP;
            break;
        }
    if (!rc && step != SQLITE_DONE) rc = ov__store_db_fail(st, "scan");
    sqlite3_finalize(s);
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
