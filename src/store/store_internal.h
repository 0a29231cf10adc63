/* store_internal.h - what the store's files and the library's other modules
 * share, whatever the backend. store.c chooses a backend from the path and
 * dispatches every operation through its table (ov__store_ops): SQLite
 * (store_sqlite.c, store_read.c, store_graph.c, store_txn.c,
 * store_tokens_sqlite.c; its private header is store_sqlite.h) and PostgreSQL
 * (store_pg*.c). Nothing here names a database library: code outside
 * src/store sees only these contracts. */
#ifndef OV_STORE_INTERNAL_H
#define OV_STORE_INTERNAL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "oversight/store.h"

typedef struct ov__store_ops ov__store_ops;

/* The first member of every backend's struct ov_store: store.c dispatches
 * through ops, and the error message and the model live here for all. */
typedef struct ov__store_head {
    const ov__store_ops *ops;
    const ov_model *model;  /* borrowed (ov_store_open) */
    char errmsg[512];       /* the last failure's message, "" when none */
} ov__store_head;

/* The first member of every backend's struct ov_load. */
typedef struct ov__load_head {
    const ov__store_ops *ops;
    ov_store *st;           /* the store the load writes */
} ov__load_head;

const ov_model *ov__store_model(ov_store *st);
/* Sets the store's message to msg and returns rc. */
int ov__store_fail(ov_store *st, int rc, const char *msg);
/* As ov__store_fail, with the database's own message after "what: ". */
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
/* Whether a file keyed by the store's state (the graph snapshot, the kept name
 * index) may be written at the path ov__store_state_of gave: a store's file we
 * may write (SQLite: a reader of another's store leaves no file beside it), or,
 * when the path names no file (PostgreSQL: the snapshot directory's
 * "pg-<system id>-<oid>"), a directory we may write, made (mode 0700, its
 * parent must exist) when missing. */
bool ov__store_state_writable(const char *path);

/* Entities whose current statements name id as a value (reverse references),
 * with the property; a scan of the statements (no index on values). */
typedef int (*ov__referrer_cb)(const char *entity_id, const char *schema, const char *prop, void *ud);
int ov__store_referrers(ov_store *st, const char *id, ov__referrer_cb cb, void *ud);

/* The record's datasets, by name: each with its current statements, the loads
 * (changes) that named it, the origin of the last of those, and the time of
 * the last change that wrote it (as its statements' dataset or as a load's;
 * NULL when none). Strings are valid during the call. yente's /catalog. */
typedef int (*ov__dataset_cb)(const char *name, int64_t statements, int64_t loads, const char *origin,
                              const char *last_at, void *ud);
int ov__store_datasets(ov_store *st, ov__dataset_cb cb, void *ud);

/* ---- what the server and the analyses ask, whatever the backend ---------- */

/* A number that changes when another connection or process commits a write
 * to the store (SQLite: PRAGMA data_version; PostgreSQL: the generation and
 * the newest change id); a connection's own commits may leave it. -1 when it
 * cannot be read (treat as changed). Cheap: the server asks per request. */
int64_t ov__store_data_version(ov_store *st);
/* The same, for a request that will read entity id with its history next: a
 * backend that can (PostgreSQL: both in one round trip, libpq's pipeline
 * mode) fetches that read with it, and the connection's next
 * ov_store_get(id, OV_GET_HISTORY) is answered from it, as long as nothing
 * else was asked on the connection meanwhile. Others: ov__store_data_version. */
int64_t ov__store_data_version_ahead(ov_store *st, const char *id);
/* True while this connection holds a transaction open (ov_store_read_begin
 * or a load). */
bool ov__store_in_transaction(ov_store *st);

/* API tokens (src/http/token.c decides what a token is; the store keeps only
 * its hash). Each makes the token table when missing. */
/* Stores a new token: name (at most 200 bytes), hash (n bytes), created (UTC text). */
int ov__store_token_add(ov_store *st, const char *name, const uint8_t *hash, size_t n, const char *created);
/* Revokes the current tokens of that name: OV_ENOTFOUND when there is none. */
int ov__store_token_revoke(ov_store *st, const char *name);
/* Every token in creation order; no table: none. cb non-zero stops (OV_ESTOP). */
typedef int (*ov__token_row_cb)(const char *name, const char *created, bool revoked, void *ud);
int ov__store_token_list(ov_store *st, ov__token_row_cb cb, void *ud);
/* Every current (not revoked) token's name and hash (n bytes), all of them
 * (the caller compares in constant time and does not stop early). */
typedef void (*ov__token_hash_cb)(const char *name, const uint8_t *hash, size_t n, void *ud);
int ov__store_token_hashes(ov_store *st, ov__token_hash_cb cb, void *ud);

/* Entities that any backend returns (ov_entity_free frees them; store_read.c):
 * a new empty one (NULL: out of memory); a copy of n bytes of s in its
 * memory (NULL for NULL s, or out of memory); a new zeroed statement at the
 * end of its list (NULL: out of memory); emptied for reuse by a scan. */
ov_entity *ov__entity_new(void);
const char *ov__entity_strdup(ov_entity *e, const char *s, size_t n);
ov_stmt *ov__entity_add_stmt(ov_entity *e);
void ov__entity_clear(ov_entity *e);

/* ---- copying a record between backends (store_copy.c) --------------------- */

/* One table of the record as the copy moves it: its columns (a comma list),
 * their kinds (one letter each: i integer, t text, b binary, passed as
 * lower-case hex) and an optional filter. Rows go in the order of the first
 * column. */
typedef struct ov__table_spec {
    const char *table, *cols, *kinds, *where;
} ov__table_spec;
/* A row: n values as text, NULL for SQL NULL; valid during the call. */
typedef int (*ov__row_cb)(const char *const *vals, int n, void *ud);

/* ---- the backends' table ------------------------------------------------- */

/* One backend: every operation of store.h and of this header that depends on
 * the database. A backend without one of the optional ones (NULL) makes
 * store.c answer OV_EINVAL "not yet on <name>". */
struct ov__store_ops {
    const char *name; /* "SQLite", "PostgreSQL" */
    void (*close)(ov_store *st);
    int (*schema_version)(const ov_store *st);
    int (*db_fail)(ov_store *st, const char *what);
    int (*load_begin)(ov_store *st, const ov_load_opts *opts, ov_load **out);
    int (*load_put)(ov_load *ld, const ov_entity *e, ov_load_mode mode);
    int (*load_next)(ov_load *ld, const ov_load_opts *opts, ov_load_stats *stats);
    int (*load_commit)(ov_load *ld, ov_load_stats *stats);
    void (*load_abort)(ov_load *ld);
    int (*get)(ov_store *st, const char *id, int flags, ov_entity **out);
    int (*scan)(ov_store *st, ov_entity_cb cb, void *ud);
    int (*scan_schema)(ov_store *st, const char *schema, ov_entity_cb cb, void *ud);
    int (*scan_changed)(ov_store *st, int64_t since, ov_entity_cb cb, void *ud);
    int (*changes)(ov_store *st, const char *id, ov_change_cb cb, void *ud);
    int (*stats)(ov_store *st, ov_stats *out, ov_count_cb cb, void *ud);
    int (*search)(ov_store *st, const ov_search_query *q, ov_search_hit **hits, size_t *n);
    int (*read_begin)(ov_store *st);
    void (*read_end)(ov_store *st);
    int64_t (*generation)(ov_store *st);
    int64_t (*data_version)(ov_store *st);
    int64_t (*data_version_ahead)(ov_store *st, const char *id); /* NULL: data_version */
    bool (*in_transaction)(ov_store *st);
    int (*token_add)(ov_store *st, const char *name, const uint8_t *hash, size_t n, const char *created);
    int (*token_revoke)(ov_store *st, const char *name);
    int (*token_list)(ov_store *st, ov__token_row_cb cb, void *ud);
    int (*token_hashes)(ov_store *st, ov__token_hash_cb cb, void *ud);
    int (*scan_splits)(ov_store *st, int n_parts, int64_t *splits);
    int (*scan_brief)(ov_store *st, int n_parts, const int64_t *splits, ov__brief_cb cb, void *const *uds);
    int64_t (*max_eid)(ov_store *st);
    int (*scan_props)(ov_store *st, const char *const *props, int n_props, int n_parts, const int64_t *splits,
                      ov__prop_cb cb, void *const *uds);
    int (*state_of)(ov_store *st, ov__store_state *out, const char **path);
    int (*referrers)(ov_store *st, const char *id, ov__referrer_cb cb, void *ud);
    int (*datasets)(ov_store *st, ov__dataset_cb cb, void *ud);
    /* the copy (store_copy.c): every row of a table (none when the table does
     * not exist), in the order of its first column */
    int (*table_rows)(ov_store *st, const ov__table_spec *t, ov__row_cb cb, void *ud);
    /* the destination: takes the write lock and checks that the store holds
     * no entity and no change; then rows, table after table; then the end,
     * which builds the search index and commits (ok) or rolls back */
    int (*copy_begin)(ov_store *st);
    int (*copy_row)(ov_store *st, const ov__table_spec *t, const char *const *vals, int n);
    int (*copy_end)(ov_store *st, bool ok);
};

/* True for the paths that name a PostgreSQL database ("postgresql://...", "postgres://..."). */
bool ov__store_path_is_pg(const char *path);

extern const ov__store_ops ov__sqlite_ops;
int ov__sqlite_open(ov_store **out, const char *path, int flags, const ov_model *model);
#ifdef OV_HAVE_LIBPQ
extern const ov__store_ops ov__pg_ops;
int ov__pg_open(ov_store **out, const char *conninfo, int flags, const ov_model *model);
int ov__pg_state_of(ov_store *st, ov__store_state *out, const char **path); /* store_pg_snapshot.c */
#endif

/* ---- the merge rules of a load (merge.c): one copy for both backends ------- */

/* A set of statement ids (sids start at 1): those a put of this load found
 * unchanged, so a later fragment of the same entity in the same change finds
 * them claimed. Zeroed is empty; release with ov__sidset_release. */
typedef struct ov__sidset {
    int64_t *slots; /* 0 for an empty slot; cap a power of two, at most half used */
    size_t cap, count;
} ov__sidset;
bool ov__sidset_has(const ov__sidset *s, int64_t sid);
/* OV_OK or OV_ENOMEM (the set unchanged). */
int ov__sidset_add(ov__sidset *s, int64_t sid);
void ov__sidset_release(ov__sidset *s);

/* The dangling examples a load reports (ov_load_stats points at them): copies
 * that live until the next load begins (ov__dangling_clear) or the store
 * closes (ov__dangling_release). Zeroed is empty. */
typedef struct ov__dangling {
    char **v;
    size_t n, cap;
} ov__dangling;
/* A copy of id kept in d; NULL when out of memory. */
const char *ov__dangling_keep(ov__dangling *d, const char *id);
void ov__dangling_clear(ov__dangling *d);
void ov__dangling_release(ov__dangling *d);

/* A current statement of an entity as the rules see it: the columns that
 * make a claim besides its key (prop, dataset, value, src_id), NULL as "". */
typedef struct ov__cur_stmt {
    int64_t sid, citation, schema, added_in;
    const char *lang, *original, *origin;
    int status, external;
} ov__cur_stmt;

/* What a load does with one current statement of an entity it puts. */
typedef enum ov__merge_verdict {
    OV__MERGE_CLAIMED,   /* an earlier fragment of this change stands: kept, the incoming one dropped */
    OV__MERGE_UNCHANGED, /* the same claim: kept (seen dates renewed, sid claimed), the incoming one dropped */
    OV__MERGE_REPLACED,  /* the same key, another claim: retired, the incoming one added */
    OV__MERGE_KEPT,      /* no incoming statement has its key, a merge: kept */
    OV__MERGE_RETIRED    /* no incoming statement has its key, a replace or delete: retired */
} ov__merge_verdict;

/* The rule for cur, given the incoming statement with its key (in, NULL when
 * none or when an earlier current statement matched it already), that
 * statement's citation and schema ids, the put's mode, the load's change id
 * and its claimed set. Pure: the caller retires, inserts and claims. */
ov__merge_verdict ov__merge_rule(const ov__cur_stmt *cur, const ov_stmt *in, int64_t in_citation, int64_t in_schema,
                                 ov_load_mode mode, int64_t change, const ov__sidset *claimed);

#endif
