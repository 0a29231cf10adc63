/* store_internal.h - what the store's files share. store.c chooses a backend
 * from the path; store_sqlite.c writes, store_read.c reads. A PostgreSQL
 * backend would add its own pair behind the same public functions. */
#ifndef OV_STORE_INTERNAL_H
#define OV_STORE_INTERNAL_H
#include <sqlite3.h>
#include "oversight/store.h"

int ov__sqlite_open(ov_store **out, const char *path, int flags, const ov_model *model);
void ov__sqlite_close(ov_store *st);
int ov__sqlite_load_begin(ov_store *st, const ov_load_opts *opts, ov_load **out);

sqlite3 *ov__store_db(ov_store *st);
const ov_model *ov__store_model(ov_store *st);
int ov__store_fail(ov_store *st, int rc, const char *msg);
int ov__store_db_fail(ov_store *st, const char *what);
#endif
