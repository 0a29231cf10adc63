/*
 * store_tokens_sqlite.c - the API token table on SQLite (store_internal.h):
 * names and SHA-256 hashes only; what a token is, and the constant-time
 * comparison, belong to src/http/token.c. The table is made on first use
 * (CREATE TABLE IF NOT EXISTS) and is not counted in the store's generation:
 * it holds nothing a cache derives. Prepared statements only.
 */
#include "store_sqlite.h"
#include "../util/banned.h"

static const char *const create_sql =
    "CREATE TABLE IF NOT EXISTS api_token(id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "hash BLOB NOT NULL UNIQUE, created TEXT NOT NULL, revoked TEXT)";

int ov__sqlite_token_add(ov_store *st, const char *name, const uint8_t *hash, size_t n, const char *created)
{
    sqlite3 *db = ov__store_db(st);
    if (sqlite3_exec(db, create_sql, NULL, NULL, NULL) != SQLITE_OK)
        return ov__store_db_fail(st, "creating the token table");
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, "INSERT INTO api_token(name, hash, created) VALUES (?,?,?)", -1, &s, NULL) != SQLITE_OK)
        return ov__store_db_fail(st, "storing the token");
    sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(s, 2, hash, (int)n, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, created, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s) == SQLITE_DONE ? OV_OK : ov__store_db_fail(st, "storing the token");
    sqlite3_finalize(s);
    return rc;
}

int ov__sqlite_token_revoke(ov_store *st, const char *name)
{
    sqlite3 *db = ov__store_db(st);
    if (sqlite3_exec(db, create_sql, NULL, NULL, NULL) != SQLITE_OK)
        return ov__store_db_fail(st, "creating the token table");
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, "UPDATE api_token SET revoked = strftime('%Y-%m-%dT%H:%M:%SZ','now') "
                               "WHERE name = ? AND revoked IS NULL", -1, &s, NULL) != SQLITE_OK)
        return ov__store_db_fail(st, "revoking the token");
    sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s) == SQLITE_DONE ? OV_OK : ov__store_db_fail(st, "revoking the token");
    sqlite3_finalize(s);
    if (!rc && sqlite3_changes(db) == 0) rc = ov__store_fail(st, OV_ENOTFOUND, "no current token of that name");
    return rc;
}

int ov__sqlite_token_list(ov_store *st, ov__token_row_cb cb, void *ud)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(ov__store_db(st), "SELECT name, created, revoked IS NOT NULL FROM api_token ORDER BY id", -1,
                           &s, NULL) != SQLITE_OK)
        return OV_OK; /* no table: no tokens */
    int rc = OV_OK;
    while (!rc && sqlite3_step(s) == SQLITE_ROW)
        rc = cb((const char *)sqlite3_column_text(s, 0), (const char *)sqlite3_column_text(s, 1),
                sqlite3_column_int(s, 2) != 0, ud) ? OV_ESTOP : OV_OK;
    sqlite3_finalize(s);
    return rc;
}

int ov__sqlite_token_hashes(ov_store *st, ov__token_hash_cb cb, void *ud)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(ov__store_db(st), "SELECT name, hash FROM api_token WHERE revoked IS NULL", -1, &s, NULL) !=
        SQLITE_OK)
        return OV_OK; /* no table: no tokens */
    while (sqlite3_step(s) == SQLITE_ROW) {
        const void *h = sqlite3_column_blob(s, 1);
        int hn = sqlite3_column_bytes(s, 1);
        const char *name = (const char *)sqlite3_column_text(s, 0);
        if (h && hn > 0) cb(name ? name : "", h, (size_t)hn, ud);
    }
    sqlite3_finalize(s);
    return OV_OK;
}
