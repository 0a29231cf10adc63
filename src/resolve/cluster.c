/* cluster.c - a cluster of referents read as one entity, for the analyses
 * (see resolve.h): the statements of every referent, each keeping the
 * referent it is recorded under, so an analysis sees the cluster's facts and
 * still cites each one where the record holds it. */
#include <stdio.h>
#include <string.h>
#include "oversight/resolve.h"
#include "../store/store_internal.h"
#include "../util/alloc.h"
#include "../util/banned.h"

#define CLUSTER_MAX_REFERENTS 4096 /* referents read for one cluster; more are an error */

const char *ov_stmt_referent(const ov_entity *e, const ov_stmt *s)
{
    return s->src_id && *s->src_id ? s->src_id : e->id;
}

static const char *dup(ov_entity *e, const char *s)
{
    return s ? ov__entity_strdup(e, s, strlen(s)) : NULL;
}

/* Copies statement s of referent src (recorded under it: src_id names it unless it
 * is the cluster's own id) into the cluster entity c. */
static int add_copy(ov_entity *c, const ov_stmt *s, const char *src)
{
    ov_stmt *t = ov__entity_add_stmt(c);
    if (!t) return OV_ENOMEM;
    *t = *s;
    t->prop = dup(c, s->prop);
    t->value = dup(c, s->value);
    t->schema = dup(c, s->schema);
    t->lang = dup(c, s->lang);
    t->original_value = dup(c, s->original_value);
    t->dataset = dup(c, s->dataset);
    t->source = dup(c, s->source);
    t->locator = dup(c, s->locator);
    t->first_seen = dup(c, s->first_seen);
    t->last_seen = dup(c, s->last_seen);
    t->origin = dup(c, s->origin);
    t->src_id = strcmp(src, c->id) ? dup(c, src) : NULL;
    return t->prop && t->value ? OV_OK : OV_ENOMEM;
}

/* Of two schema names, the more specific (the one that descends from the other), else a. */
static const char *specific(const ov_model *m, const char *a, const char *b)
{
    if (!m || !a) return b;
    if (!b) return a;
    const ov_schema *sa = ov_model_schema(m, a), *sb = ov_model_schema(m, b);
    return sa && sb && sa != sb && ov_schema_is_a(sb, sa) ? b : a;
}

int ov_cluster_read(ov_store *st, const ov_model *m, const char *const *ids, size_t n, int flags, ov_entity **out)
{
    *out = NULL;
    if (!n) return OV_ENOTFOUND;
    if (n > CLUSTER_MAX_REFERENTS) return OV_ETOOBIG;
    if (n == 1) {
        /* the common case: as recorded, every statement recorded under it (a src_id
         * as loaded from a statements file names another entity: not where it is cited) */
        int rc = ov_store_get(st, ids[0], flags, out);
        for (size_t k = 0; !rc && k < (*out)->n_stmts; k++) (*out)->stmts[k].src_id = NULL;
        return rc;
    }
    ov_entity *c = ov__entity_new();
    if (!c) return OV_ENOMEM;
    int rc = OV_OK;
    size_t found = 0;
    const char *schema = NULL, *caption = NULL;
    if (!(c->id = dup(c, ids[0]))) rc = OV_ENOMEM;
    c->target = -1;
    for (size_t i = 0; i < n && !rc; i++) {
        ov_entity *e;
        int grc = ov_store_get(st, ids[i], flags, &e);
        if (grc == OV_ENOTFOUND) continue; /* a referent deleted since it was judged */
        if (grc) {
            rc = grc;
            break;
        }
        found++;
        schema = dup(c, specific(m, schema, e->schema));
        if (!caption && e->caption) caption = dup(c, e->caption);
        if (!schema || (e->caption && !caption)) rc = OV_ENOMEM;
        if (found == 1) { /* the envelope of the first referent held, the canonical id's when it is */
            c->first_seen = dup(c, e->first_seen);
            c->last_seen = dup(c, e->last_seen);
            c->last_change = dup(c, e->last_change);
            c->target = e->target;
        }
        c->added_in = !c->added_in || (e->added_in && e->added_in < c->added_in) ? e->added_in : c->added_in;
        c->changed_in = e->changed_in > c->changed_in ? e->changed_in : c->changed_in;
        for (size_t k = 0; k < e->n_stmts && !rc; k++) rc = add_copy(c, &e->stmts[k], e->id);
        ov_entity_free(e);
    }
    if (!rc && !found) rc = OV_ENOTFOUND;
    if (rc) {
        ov_entity_free(c);
        return rc;
    }
    c->schema = schema;
    c->caption = caption;
    *out = c;
    return OV_OK;
}

int ov_resolver_get(ov_store *st, const ov_model *m, const ov_resolver *r, const char *id, int flags, ov_entity **out)
{
    *out = NULL;
    if (!r) return ov_store_get(st, id, flags, out);
    const char **ids = NULL;
    size_t n = 0;
    int rc = ov_resolver_referents(r, id, &ids, &n);
    if (rc) return rc;
    /* the canonical id first, then the others in their (sorted) order */
    const char *canon = ov_resolver_canonical(r, id);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(ids[i], canon)) {
            memmove(ids + 1, ids, i * sizeof *ids);
            ids[0] = canon;
            break;
        }
    rc = ov_cluster_read(st, m, ids, n, flags, out);
    ov__free(ids);
    return rc;
}

int ov_cluster_get(ov_store *st, const ov_model *m, const ov_graph *g, const char *id, ov_entity **out)
{
    *out = NULL;
    uint32_t node;
    if (!g) {
        /* no graph: the store's judgements (one indexed read) */
        ov_resolver *r = NULL;
        int rc = ov_resolver_load(st, &r);
        if (!rc) rc = ov_resolver_get(st, m, r, id, 0, out);
        ov_resolver_free(r);
        return rc;
    }
    if (!ov_graph_find(g, id, &node)) return ov_cluster_read(st, m, &id, 1, 0, out); /* not a node: as recorded */
    size_t n = ov_graph_node_referents(g, node, NULL, 0);
    if (n <= 1) {
        const char *own = ov_graph_node_id(g, node);
        return ov_cluster_read(st, m, &own, 1, 0, out);
    }
    if (n > CLUSTER_MAX_REFERENTS) return OV_ETOOBIG;
    const char **ids = ov__malloc(n * sizeof *ids);
    if (!ids) return OV_ENOMEM;
    ov_graph_node_referents(g, node, ids, n);
    int rc = ov_cluster_read(st, m, ids, n, 0, out);
    ov__free(ids);
    return rc;
}

const char *ov_cluster_id(const ov_graph *g, const char *id)
{
    uint32_t node;
    const char *c = g && id && ov_graph_find(g, id, &node) ? ov_graph_node_id(g, node) : NULL;
    return c ? c : id;
}
