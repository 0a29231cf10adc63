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

/* Reads that run per request keep their prepared statement for the life of
 * the connection: slot is the caller's fixed number, sql its text. When the
 * slot's statement is in use further up the stack, a fresh one is made
 * (*fresh). NULL when sql does not prepare (the reason is in sqlite3_errmsg).
 * Hand it back with ov__store_stmt_done (reset, or finalized when fresh). */
enum { OV__STMT_GET_ENTITY, OV__STMT_GET_STATEMENTS, OV__STMT_GET_HISTORY, OV__STMT_CHANGES_OF,
       OV__STMT_CHANGES_ALL, OV__STMT_GENERATION, OV__STMT_BY_SCHEMA, OV__STMT_SLOTS };
sqlite3_stmt *ov__store_stmt(ov_store *st, int slot, const char *sql, bool *fresh);
void ov__store_stmt_done(sqlite3_stmt *s, bool fresh);
const ov_model *ov__store_model(ov_store *st);
int ov__store_fail(ov_store *st, int rc, const char *msg);
int ov__store_db_fail(ov_store *st, const char *what);

/* The store's generation (meta.generation, docs/internals/store.md): the
 * number of write transactions Oversight has committed to it, whichever
 * process; 0 when the store has no meta table (or it cannot be read). One
 * read of a prepared statement: cheap enough per request. */
int64_t ov__store_generation(ov_store *st);

/* Scans for the graph (store_graph.c): semantic operations a PostgreSQL
 * backend would implement with the same contracts. */

/* Scans for the graph read the entities split by row id into parts: n_parts
 * (1..OV__SCAN_MAX_PARTS) and splits[0..n_parts - 2], ascending (a part may be
 * empty): part 0 is the row ids below splits[0], part k those from
 * splits[k - 1] to below splits[k], the last those from splits[n - 2]. Part
 * k's rows go to the callback with uds[k], in row id order, so the parts'
 * calls one after another are the order of a single scan. Parts may run at the
 * same time in other threads (each part's calls stay in one thread). A
 * non-zero return from a callback stops every part: the scan returns OV_ESTOP. */
#define OV__SCAN_MAX_PARTS 8
/* Row ids that split the entities into n_parts holding about as many statements. */
int ov__store_scan_splits(ov_store *st, int n_parts, int64_t *splits /* OUT: n_parts - 1 */);
/* Every current entity whose schema is named in the store: its row id, id
 * (id_len bytes), schema (the store's number for the schema name: a small
 * positive integer, the same for the same name, so callers may cache what they
 * derive from the name) and schema_name, and caption (NULL when none;
 * caption_len bytes). Strings are valid during the call. */
typedef int (*ov__brief_cb)(int64_t eid, const char *id, size_t id_len, int schema, const char *schema_name,
                            const char *caption, size_t caption_len, void *ud);
int ov__store_scan_brief(ov_store *st, int n_parts, const int64_t *splits, ov__brief_cb cb, void *const *uds);
/* The largest entity row id (0 when empty). */
int64_t ov__store_max_eid(ov_store *st);
/* Current, not retracted statements of the named properties (at most 64),
 * raw: prop is the index in props of the statement's property, value (n bytes,
 * NUL-terminated) is valid during the call; references are not resolved.
 * In parts as above; within an entity, in statement order. */
typedef int (*ov__prop_cb)(int64_t eid, int prop, const char *value, size_t n, int status, void *ud);
int ov__store_scan_props(ov_store *st, const char *const *props, int n_props, int n_parts, const int64_t *splits,
                         ov__prop_cb cb, void *const *uds);

/* What a cache derived from the record (the graph snapshot) records of the
 * store it was made from, and compares before it is used: equal states mean
 * no write that these can see (docs/internals/store.md says which are caught).
 * All fields are 64-bit: the struct has no padding, compare with memcmp. */
typedef struct ov__store_state {
    int64_t generation;        /* meta.generation; 0 when the store has no meta table */
    int64_t max_eid, max_sid, max_change; /* largest row ids of entity, statement, change (0: none) */
    int64_t schema_version;    /* PRAGMA user_version */
    uint64_t dev, ino, size;   /* the main database file: device, inode, size in bytes */
    int64_t mtime_sec, mtime_nsec; /* and its modification time */
} ov__store_state;
/* The state of the store, read in one read transaction, and the path of its
 * main file (*path, valid while the store is open). OV_ENOTFOUND when the
 * store cannot vouch for its state: in memory or temporary, a write
 * transaction open on this connection, or a write pending outside the main file (a
 * non-empty -wal or -journal file beside it). */
int ov__store_state_of(ov_store *st, ov__store_state *out /* OUT */, const char **path /* OUT */);

/* Entities whose current statements name id as a value (reverse references),
 * with the property; a scan of the statements (no index on values). */
typedef int (*ov__referrer_cb)(const char *entity_id, const char *schema, const char *prop, void *ud);
int ov__store_referrers(ov_store *st, const char *id, ov__referrer_cb cb, void *ud);
#endif
