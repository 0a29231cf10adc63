/* store.c - the store's entry points: picks the backend for a path
 * ("postgresql://" or "postgres://" and libpq's key=value strings are
 * PostgreSQL, anything else an SQLite file) and dispatches every operation
 * through the backend's table (store_internal.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "oversight/store.h"
#include "store_internal.h"
#include "../util/banned.h"

static const ov__store_ops *ops_of(const ov_store *st) { return ((const ov__store_head *)st)->ops; }
static const ov__store_ops *ops_of_load(const ov_load *ld) { return ((const ov__load_head *)ld)->ops; }

/* Fails with OV_EINVAL when the backend lacks an operation. */
static int not_yet(ov_store *st, const char *what)
{
    char msg[160];
    snprintf(msg, sizeof msg, "%s is not yet on %s", what, ops_of(st)->name);
    return ov__store_fail(st, OV_EINVAL, msg);
}

bool ov__store_path_is_pg(const char *path)
{
    return path && (strncmp(path, "postgres://", 11) == 0 || strncmp(path, "postgresql://", 13) == 0);
}

int ov_store_open(ov_store **out, const char *path, int flags, const ov_model *model)
{
    *out = NULL;
    if (!path || !model) return OV_EINVAL;
    if (ov__store_path_is_pg(path)) {
#ifdef OV_HAVE_LIBPQ
        return ov__pg_open(out, path, flags, model);
#else
        return OV_EINVAL; /* built without libpq */
#endif
    }
    return ov__sqlite_open(out, path, flags, model);
}

void ov_store_close(ov_store *st)
{
    if (st) ops_of(st)->close(st);
}

const char *ov_store_errmsg(const ov_store *st)
{
    if (!st) return "out of memory";
    const ov__store_head *h = (const ov__store_head *)st;
    return h->errmsg[0] ? h->errmsg : "no error";
}

const char *ov_store_errmsg_of_load(const ov_load *ld) { return ov_store_errmsg(((const ov__load_head *)ld)->st); }

int ov_store_schema_version(const ov_store *st) { return ops_of(st)->schema_version(st); }

const ov_model *ov__store_model(ov_store *st) { return ((ov__store_head *)st)->model; }

int ov__store_fail(ov_store *st, int rc, const char *msg)
{
    ov__store_head *h = (ov__store_head *)st;
    snprintf(h->errmsg, sizeof h->errmsg, "%s", msg);
    return rc;
}

int ov__store_db_fail(ov_store *st, const char *what) { return ops_of(st)->db_fail(st, what); }

int ov_store_load_begin(ov_store *st, const ov_load_opts *opts, ov_load **out)
{
    return ops_of(st)->load_begin(st, opts, out);
}
int ov_load_put(ov_load *ld, const ov_entity *e, ov_load_mode mode) { return ops_of_load(ld)->load_put(ld, e, mode); }
int ov_load_next(ov_load *ld, const ov_load_opts *opts, ov_load_stats *stats)
{
    return ops_of_load(ld)->load_next(ld, opts, stats);
}
int ov_load_commit(ov_load *ld, ov_load_stats *stats) { return ops_of_load(ld)->load_commit(ld, stats); }
void ov_load_abort(ov_load *ld)
{
    if (ld) ops_of_load(ld)->load_abort(ld);
}

int ov_store_get(ov_store *st, const char *id, int flags, ov_entity **out)
{
    return ops_of(st)->get(st, id, flags, out);
}
int ov_store_scan(ov_store *st, ov_entity_cb cb, void *ud) { return ops_of(st)->scan(st, cb, ud); }
int ov_store_scan_schema(ov_store *st, const char *schema, ov_entity_cb cb, void *ud)
{
    if (!ops_of(st)->scan_schema) return not_yet(st, "a scan by schema");
    return ops_of(st)->scan_schema(st, schema, cb, ud);
}
int ov_store_scan_changed(ov_store *st, int64_t since, ov_entity_cb cb, void *ud)
{
    return ops_of(st)->scan_changed(st, since, cb, ud);
}
int ov_store_changes(ov_store *st, const char *id, ov_change_cb cb, void *ud)
{
    return ops_of(st)->changes(st, id, cb, ud);
}
int ov_store_stats(ov_store *st, ov_stats *out, ov_count_cb cb, void *ud)
{
    return ops_of(st)->stats(st, out, cb, ud);
}
int ov_store_search(ov_store *st, const ov_search_query *q, ov_search_hit **hits, size_t *n)
{
    *hits = NULL;
    *n = 0;
    if (!ops_of(st)->search) return not_yet(st, "search");
    return ops_of(st)->search(st, q, hits, n);
}
int ov_store_read_begin(ov_store *st) { return ops_of(st)->read_begin(st); }
void ov_store_read_end(ov_store *st) { ops_of(st)->read_end(st); }

int64_t ov__store_generation(ov_store *st) { return ops_of(st)->generation(st); }
int64_t ov__store_data_version(ov_store *st) { return ops_of(st)->data_version(st); }
int64_t ov__store_data_version_ahead(ov_store *st, const char *id)
{
    if (!id || !ops_of(st)->data_version_ahead) return ops_of(st)->data_version(st);
    return ops_of(st)->data_version_ahead(st, id);
}
bool ov__store_in_transaction(ov_store *st) { return ops_of(st)->in_transaction(st); }

int ov__store_token_add(ov_store *st, const char *name, const uint8_t *hash, size_t n, const char *created)
{
    return ops_of(st)->token_add(st, name, hash, n, created);
}
int ov__store_token_revoke(ov_store *st, const char *name) { return ops_of(st)->token_revoke(st, name); }
int ov__store_token_list(ov_store *st, ov__token_row_cb cb, void *ud) { return ops_of(st)->token_list(st, cb, ud); }
int ov__store_token_hashes(ov_store *st, ov__token_hash_cb cb, void *ud)
{
    return ops_of(st)->token_hashes(st, cb, ud);
}

int ov__store_scan_splits(ov_store *st, int n_parts, int64_t *splits)
{
    if (!ops_of(st)->scan_splits) return not_yet(st, "the graph");
    return ops_of(st)->scan_splits(st, n_parts, splits);
}
int ov__store_scan_brief(ov_store *st, int n_parts, const int64_t *splits, ov__brief_cb cb, void *const *uds)
{
    if (!ops_of(st)->scan_brief) return not_yet(st, "the graph");
    return ops_of(st)->scan_brief(st, n_parts, splits, cb, uds);
}
int64_t ov__store_max_eid(ov_store *st) { return ops_of(st)->max_eid ? ops_of(st)->max_eid(st) : 0; }
int ov__store_scan_props(ov_store *st, const char *const *props, int n_props, int n_parts, const int64_t *splits,
                         ov__prop_cb cb, void *const *uds)
{
    if (!ops_of(st)->scan_props) return not_yet(st, "the graph");
    return ops_of(st)->scan_props(st, props, n_props, n_parts, splits, cb, uds);
}
int ov__store_state_of(ov_store *st, ov__store_state *out, const char **path)
{
    memset(out, 0, sizeof *out);
    *path = NULL;
    if (!ops_of(st)->state_of) return OV_ENOTFOUND; /* no snapshot: the graph is built each time */
    return ops_of(st)->state_of(st, out, path);
}
bool ov__store_state_writable(const char *path)
{
    if (access(path, F_OK) == 0) return access(path, W_OK) == 0;
    char dir[4096];
    const char *slash = strrchr(path, '/');
    if (!slash) return access(".", W_OK) == 0;
    if ((size_t)(slash - path) >= sizeof dir) return false;
    snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) return false;
    return access(dir, W_OK) == 0;
}
int ov__store_referrers(ov_store *st, const char *id, ov__referrer_cb cb, void *ud)
{
    if (!ops_of(st)->referrers) return not_yet(st, "reverse references");
    return ops_of(st)->referrers(st, id, cb, ud);
}

int ov__store_datasets(ov_store *st, ov__dataset_cb cb, void *ud)
{
    if (!ops_of(st)->datasets) return not_yet(st, "the datasets' summary");
    return ops_of(st)->datasets(st, cb, ud);
}
