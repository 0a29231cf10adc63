/*
 * envelope.c - an entity's envelope as FtM and yente give it: first_seen,
 * last_seen and last_change from the record's change log, and its datasets
 * (the datasets of its current statements: the sources, and of the changes
 * that wrote it: the loaded files). Shared by the yente and reconciliation
 * routes; a candidate for the library once the FtM export needs the same.
 */
#include <string.h>
#include "http_internal.h"
#include "../util/banned.h"

typedef struct env_ctx {
    ov__envelope *out;
} env_ctx;

static void add_dataset(ov__envelope *out, const char *name)
{
    if (!name || !*name) return;
    for (size_t i = 0; i < out->n_datasets; i++)
        if (!strcmp(out->datasets[i], name)) return;
    if (out->n_datasets == OV__ENVELOPE_DATASETS) return;
    snprintf(out->datasets[out->n_datasets++], sizeof out->datasets[0], "%s", name);
}

static int change_cb(const ov_change *ch, void *ud)
{
    env_ctx *x = ud;
    if (!ch->at) return 0;
    /* the log is in change order, which is time order */
    if (!x->out->first_seen[0]) snprintf(x->out->first_seen, sizeof x->out->first_seen, "%s", ch->at);
    snprintf(x->out->last_change, sizeof x->out->last_change, "%s", ch->at);
    add_dataset(x->out, ch->dataset);
    return 0;
}

int ov__envelope_of(ov_store *st, const ov_entity *e, ov__envelope *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < e->n_stmts; i++) {
        const ov_stmt *s = &e->stmts[i];
        if (!s->retired_in && s->status != OV_ST_RETRACTED) add_dataset(out, s->dataset);
    }
    env_ctx x = {out};
    int rc = ov_store_changes(st, e->id, change_cb, &x);
    if (rc && rc != OV_ESTOP) return rc;
    /* dates the entity's own envelope gives (an FtM export loaded) come first */
    if (e->first_seen && *e->first_seen && (!out->first_seen[0] || strcmp(e->first_seen, out->first_seen) < 0))
        snprintf(out->first_seen, sizeof out->first_seen, "%s", e->first_seen);
    if (e->last_change && *e->last_change) snprintf(out->last_change, sizeof out->last_change, "%s", e->last_change);
    snprintf(out->last_seen, sizeof out->last_seen, "%s", out->last_change);
    if (e->last_seen && *e->last_seen && strcmp(e->last_seen, out->last_seen) > 0)
        snprintf(out->last_seen, sizeof out->last_seen, "%s", e->last_seen);
    return OV_OK;
}
