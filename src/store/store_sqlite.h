/* store_sqlite.h - what the SQLite backend's files share (store_sqlite.c,
 * store_read.c, store_graph.c, store_txn.c, store_tokens_sqlite.c). Only
 * files of src/store include it: the rest of the library sees
 * store_internal.h, which names no database. */
#ifndef OV_STORE_SQLITE_H
#define OV_STORE_SQLITE_H
#include <sqlite3.h>
#include "store_internal.h"

sqlite3 *ov__store_db(ov_store *st);

/* Reads that run per request keep their prepared statement for the life of
 * the connection: slot is the caller's fixed number, sql its text. When the
 * slot's statement is in use further up the stack, a fresh one is made
 * (*fresh). NULL when sql does not prepare (the reason is in sqlite3_errmsg).
 * Hand it back with ov__store_stmt_done (reset, or finalized when fresh). */
enum { OV__STMT_GET_ENTITY, OV__STMT_GET_STATEMENTS, OV__STMT_GET_HISTORY, OV__STMT_CHANGES_OF,
       OV__STMT_CHANGES_ALL, OV__STMT_GENERATION, OV__STMT_DATA_VERSION, OV__STMT_BY_SCHEMA, OV__STMT_SLOTS };
sqlite3_stmt *ov__store_stmt(ov_store *st, int slot, const char *sql, bool *fresh);
void ov__store_stmt_done(sqlite3_stmt *s, bool fresh);

/* The SQLite implementations of the table's operations (ov__sqlite_ops). */
void ov__sqlite_close(ov_store *st);
int ov__sqlite_schema_version(const ov_store *st);
int ov__sqlite_db_fail(ov_store *st, const char *what);
int ov__sqlite_load_begin(ov_store *st, const ov_load_opts *opts, ov_load **out);
int ov__sqlite_load_put(ov_load *ld, const ov_entity *e, ov_load_mode mode);
int ov__sqlite_load_next(ov_load *ld, const ov_load_opts *opts, ov_load_stats *stats);
int ov__sqlite_load_commit(ov_load *ld, ov_load_stats *stats);
void ov__sqlite_load_abort(ov_load *ld);
int ov__sqlite_get(ov_store *st, const char *id, int flags, ov_entity **out);
int ov__sqlite_scan(ov_store *st, ov_entity_cb cb, void *ud);
int ov__sqlite_scan_schema(ov_store *st, const char *schema, ov_entity_cb cb, void *ud);
int ov__sqlite_scan_changed(ov_store *st, int64_t since, ov_entity_cb cb, void *ud);
int ov__sqlite_changes(ov_store *st, const char *id, ov_change_cb cb, void *ud);
int ov__sqlite_stats(ov_store *st, ov_stats *out, ov_count_cb cb, void *ud);
int ov__sqlite_search(ov_store *st, const ov_search_query *q, ov_search_hit **hits, size_t *n);
int ov__sqlite_read_begin(ov_store *st);
void ov__sqlite_read_end(ov_store *st);
int64_t ov__sqlite_generation(ov_store *st);
int64_t ov__sqlite_data_version(ov_store *st);
bool ov__sqlite_in_transaction(ov_store *st);
int ov__sqlite_token_add(ov_store *st, const char *name, const uint8_t *hash, size_t n, const char *created);
int ov__sqlite_token_revoke(ov_store *st, const char *name);
int ov__sqlite_token_list(ov_store *st, ov__token_row_cb cb, void *ud);
int ov__sqlite_token_hashes(ov_store *st, ov__token_hash_cb cb, void *ud);
int ov__sqlite_scan_splits(ov_store *st, int n_parts, int64_t *splits);
int ov__sqlite_scan_brief(ov_store *st, int n_parts, const int64_t *splits, ov__brief_cb cb, void *const *uds);
int64_t ov__sqlite_max_eid(ov_store *st);
int ov__sqlite_scan_props(ov_store *st, const char *const *props, int n_props, int n_parts, const int64_t *splits,
                          ov__prop_cb cb, void *const *uds);
int ov__sqlite_state_of(ov_store *st, ov__store_state *out, const char **path);
int ov__sqlite_referrers(ov_store *st, const char *id, ov__referrer_cb cb, void *ud);
int ov__sqlite_datasets(ov_store *st, ov__dataset_cb cb, void *ud);
#endif
