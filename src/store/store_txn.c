/*
 * store_txn.c - a read transaction held across many reads (store.h): one
 * shared lock and one check of the file's state instead of one per query;
 * and the store's generation, which the server compares to see other
 * processes' writes; the data version, which the server asks per request,
 * and whether a transaction is open.
 */
#include "store_sqlite.h"
#include "../util/banned.h"

int ov__sqlite_read_begin(ov_store *st)
{
    sqlite3 *db = ov__store_db(st);
    if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) return ov__store_db_fail(st, "begin a read");
    /* BEGIN is deferred: the first read takes the lock, so take it now */
    if (sqlite3_exec(db, "SELECT 1 FROM sqlite_master LIMIT 1", NULL, NULL, NULL) != SQLITE_OK) {
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        return ov__store_db_fail(st, "begin a read");
    }
    return OV_OK;
}

void ov__sqlite_read_end(ov_store *st)
{
    sqlite3 *db = ov__store_db(st);
    if (!sqlite3_get_autocommit(db)) sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
}

int64_t ov__sqlite_generation(ov_store *st)
{
    bool fresh;
    sqlite3_stmt *s = ov__store_stmt(st, OV__STMT_GENERATION, "SELECT value FROM meta WHERE key = 'generation'", &fresh);
    if (!s) return 0;
    int64_t v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    ov__store_stmt_done(s, fresh);
    return v;
}

int64_t ov__sqlite_data_version(ov_store *st)
{
    bool fresh;
    sqlite3_stmt *s = ov__store_stmt(st, OV__STMT_DATA_VERSION, "PRAGMA data_version", &fresh);
    if (!s) return -1;
    int64_t v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
    ov__store_stmt_done(s, fresh);
    return v;
}

bool ov__sqlite_in_transaction(ov_store *st) { return !sqlite3_get_autocommit(ov__store_db(st)); }
