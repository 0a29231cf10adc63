/* store_pg.h - what the PostgreSQL backend's files share (store_pg.c:
 * connection, schema, loads; store_pg_read.c: reads, tokens, the graph's
 * scans). Only files of src/store include it. */
#ifndef OV_STORE_PG_H
#define OV_STORE_PG_H
#include <libpq-fe.h>
#include "store_internal.h"
#include "store_pg_text.h"
#include "../util/buf.h"
#include "../util/hmap.h"

struct ov_store {
    ov__store_head h; /* first: store.c dispatches through h.ops */
    PGconn *conn;     /* owned */
    bool readonly;
    int version;      /* meta.schema_version */
    char where[300];  /* "host H port P database D" for messages: never the password */
    ov_load *active;
    ov__dangling dangling; /* the last load's dangling examples (ov_load_stats points at them) */
    ov_hmap props, datasets, schemata, citations; /* name -> id, read at open and under each load's lock */
    ov_buf copy_buf;    /* ov_store_copy into this store: rows of copy_table waiting for COPY */
    const ov__table_spec *copy_table;
    int cursors;        /* cursors open (their names are numbered) */
    bool gets_prepared; /* the named statements of ov__pg_get and the data version exist */
    /* the graph snapshot (store_pg_snapshot.c) */
    bool snap_ident_read;
    int64_t snap_ident[2];  /* the cluster's system identifier (or a hash of where), the database's oid */
    char snap_path[4096];   /* the last ov__pg_state_of's path: "<dir>/pg-<system id>-<oid>" */
};

/* Runs sql (no parameters, or n text parameters; NULL ones are SQL NULL)
 * and returns its result when its status is the expected one (PGRES_TUPLES_OK
 * or PGRES_COMMAND_OK), else NULL with the store's message set (*rc the
 * error: OV_EBUSY for serialization failures and deadlocks, OV_EIO else,
 * the connection lost included). Clear the result with PQclear. */
PGresult *ov__pg_run(ov_store *st, const char *sql, int n, const char *const *params, int *rc /* OUT */);
/* The same without a result: OV_OK or the error. */
int ov__pg_exec(ov_store *st, const char *sql);
/* An int64 from the first row and column of sql, or dflt. */
int64_t ov__pg_int(ov_store *st, const char *sql, int64_t dflt);
/* Fails with the server's message, naming what and where. */
int ov__pg_fail(ov_store *st, const char *what);
/* Appends s (n bytes; NULL: \N) as a field of COPY's text format. */
int ov__pg_copy_field(ov_buf *b, const char *s, size_t n);
/* Sends rows (COPY text format, complete lines) into "COPY target FROM STDIN". */
int ov__pg_copy_in(ov_store *st, const char *target, const ov_buf *rows);

int ov__pg_get(ov_store *st, const char *id, int flags, ov_entity **out);
int ov__pg_scan(ov_store *st, ov_entity_cb cb, void *ud);
int ov__pg_scan_schema(ov_store *st, const char *schema, ov_entity_cb cb, void *ud);
int ov__pg_scan_changed(ov_store *st, int64_t since, ov_entity_cb cb, void *ud);
int ov__pg_changes(ov_store *st, const char *id, ov_change_cb cb, void *ud);
int ov__pg_stats(ov_store *st, ov_stats *out, ov_count_cb cb, void *ud);
int ov__pg_search(ov_store *st, const ov_search_query *q, ov_search_hit **hits, size_t *n);
int ov__pg_read_begin(ov_store *st);
void ov__pg_read_end(ov_store *st);
int64_t ov__pg_generation(ov_store *st);
int64_t ov__pg_data_version(ov_store *st);
int64_t ov__pg_data_version_ahead(ov_store *st, const char *id);
bool ov__pg_in_transaction(ov_store *st);
int ov__pg_token_add(ov_store *st, const char *name, const uint8_t *hash, size_t n, const char *created);
int ov__pg_token_revoke(ov_store *st, const char *name);
int ov__pg_token_list(ov_store *st, ov__token_row_cb cb, void *ud);
int ov__pg_token_hashes(ov_store *st, ov__token_hash_cb cb, void *ud);
int ov__pg_scan_splits(ov_store *st, int n_parts, int64_t *splits);
int ov__pg_scan_brief(ov_store *st, int n_parts, const int64_t *splits, ov__brief_cb cb, void *const *uds);
int64_t ov__pg_max_eid(ov_store *st);
int ov__pg_scan_props(ov_store *st, const char *const *props, int n_props, int n_parts, const int64_t *splits,
                      ov__prop_cb cb, void *const *uds);
int ov__pg_table_rows(ov_store *st, const ov__table_spec *t, ov__row_cb cb, void *ud);
int ov__pg_referrers(ov_store *st, const char *id, ov__referrer_cb cb, void *ud);
int ov__pg_datasets(ov_store *st, ov__dataset_cb cb, void *ud);

/* The search columns of a (schema, property) pair: 0 none, 1 names, 2 text
 * (as the SQLite backend's index). */
int ov__pg_search_class(const ov_model *m, const char *schema, const char *prop);
#endif
