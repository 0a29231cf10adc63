/*
 * store_txn.c - a read transaction held across many reads (store.h): one
 * shared lock and one check of the file's state instead of one per query.
 */
#include "store_internal.h"
#include "../util/banned.h"

int ov_store_read_begin(ov_store *st)
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

void ov_store_read_end(ov_store *st)
{
    sqlite3 *db = ov__store_db(st);
    if (!sqlite3_get_autocommit(db)) sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
}
