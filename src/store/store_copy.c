/*
 * store_copy.c - a whole record from one store into another, whichever their
 * backends (store.h ov_store_copy): table by table through the backends'
 * row operations (store_internal.h), the row ids kept, so that a copy from
 * SQLite to PostgreSQL and back gives the same tables. The search index is
 * derived and built by the destination; the graph snapshot is not copied.
 */
#include <stdio.h>
#include <string.h>
#include "store_internal.h"
#include "../util/banned.h"

/* The record's tables, in an order that needs nothing later: the change log
 * and dictionaries before the rows that name them. */
static const ov__table_spec tables[] = {
    {"change", "id, at, kind, origin, dataset, note, entities, added, retired", "itttttiii", NULL},
    {"dataset", "id, name", "it", NULL},
    {"prop", "id, name", "it", NULL},
    {"schema_name", "id, name", "it", NULL},
    {"citation", "id, source, locator", "itt", NULL},
    {"entity",
     "eid, id, schema, caption, first_seen, last_seen, last_change, target, datasets, referents, added_in,"
     " changed_in, retired_in",
     "itittttittiii", NULL},
    {"statement",
     "sid, eid, schema, prop, value, lang, original, dataset, citation, status, first_seen, last_seen, src_id,"
     " origin, external, added_in, retired_in",
     "iiiitttiiittttiii", NULL},
    {"meta", "key, value", "ti", "key = 'generation'"},
    {"api_token", "id, name, hash, created, revoked", "itbtt", NULL},
};

static const ov__store_ops *ops_of(const ov_store *st) { return ((const ov__store_head *)st)->ops; }

typedef struct copy_ctx {
    ov_store *dst;
    const ov__table_spec *t;
    int64_t rows;
} copy_ctx;

static int row_cb(const char *const *vals, int n, void *ud)
{
    copy_ctx *x = ud;
    x->rows++;
    return ops_of(x->dst)->copy_row(x->dst, x->t, vals, n);
}

int ov_store_copy(ov_store *src, ov_store *dst, ov_copy_stats *stats)
{
    if (stats) memset(stats, 0, sizeof *stats);
    if (!src || !dst || src == dst) return OV_EINVAL;
    const ov__store_ops *so = ops_of(src), *d = ops_of(dst);
    if (!so->table_rows || !d->copy_begin) return ov__store_fail(dst, OV_EINVAL, "copying is not on this backend");
    int rc = d->copy_begin(dst);
    if (rc) return rc;
    bool reading = !ov__store_in_transaction(src) && ov_store_read_begin(src) == OV_OK;
    ov__store_head *sh = (ov__store_head *)src, *dh = (ov__store_head *)dst;
    sh->errmsg[0] = dh->errmsg[0] = '\0';
    int64_t counts[sizeof tables / sizeof tables[0]] = {0};
    for (size_t i = 0; !rc && i < sizeof tables / sizeof tables[0]; i++) {
        copy_ctx x = {dst, &tables[i], 0};
        rc = so->table_rows(src, &tables[i], row_cb, &x);
        counts[i] = x.rows;
    }
    if (reading) ov_store_read_end(src);
    /* a failed read leaves its message on the source: the destination reports it */
    if (rc && !dh->errmsg[0]) {
        char m[sizeof sh->errmsg + 32];
        snprintf(m, sizeof m, "reading the source: %s", sh->errmsg[0] ? sh->errmsg : "failed");
        ov__store_fail(dst, rc, m);
    }
    int end = d->copy_end(dst, rc == OV_OK);
    if (!rc) rc = end;
    if (!rc && stats) {
        stats->changes = counts[0];
        stats->datasets = counts[1];
        stats->props = counts[2];
        stats->schemata = counts[3];
        stats->citations = counts[4];
        stats->entities = counts[5];
        stats->statements = counts[6];
        stats->tokens = counts[8];
    }
    return rc;
}
