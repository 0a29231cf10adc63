/*
 * screen.c - what applies to an entity a vendor list matched (screen.h).
 *
 * The screener keeps the record's list entries (Sanction by `entity`) and
 * camera brands (Brand by `upstreamManufacturer`), and, once, who the listed
 * parties control under the screening's rule (ov_own_control with every
 * listed entity as a seed). For an entity: its own entries; for a brand its
 * maker's, "via" the maker; the state's share with its strongest path; each
 * listed holder through any chain with the rule's verdict - its entries
 * extend to the entity only when listed parties control it; the obligations
 * reaching it (ov_law_exposure). Entities are their clusters in the graph
 * (docs/internals/resolve.md): a list entry naming any referent is the
 * cluster's, whichever referent the vendor matched.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "oversight/explain.h"
#include "oversight/resolve.h"
#include "oversight/screen.h"
#include "screen_internal.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/banned.h"

#define BUF_LIMIT (1 << 20)
#define MAX_ENTRIES 64 /* list entries reported per entity */
#define MAX_CHANGES 256

/* ---- collecting --------------------------------------------------------- */

static const char *val_of(const ov_entity *e, const char *prop)
{
    for (size_t i = 0; i < e->n_stmts; i++)
        if (e->stmts[i].status != OV_ST_RETRACTED && !strcmp(e->stmts[i].prop, prop)) return e->stmts[i].value;
    return NULL;
}

/* ov__strdup, but NULL stays NULL */
static char *dupn(const char *s)
{
    return s ? ov__strdup(s) : NULL;
}

int ov_screener_new(const ov_graph *g, const char *rule, ov_screener **out)
{
    *out = NULL;
    const ov_control_rule *r = ov_control_rule_find(rule ? rule : "ofac");
    if (!r) return OV_EINVAL;
    ov_screener *s = ov__calloc(1, sizeof *s);
    if (!s) return OV_ENOMEM;
    s->g = g;
    s->rule = r;
    int rc = ov__screen_config_load(&s->cfg);
    if (rc) {
        ov__free(s);
        return rc;
    }
    *out = s;
    return OV_OK;
}

void ov_screener_free(ov_screener *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->n_sancs; i++) {
        sanc *x = &s->sancs[i];
        ov__free(x->id), ov__free(x->entity), ov__free(x->program), ov__free(x->start), ov__free(x->end);
        ov__free(x->listed), ov__free(x->body), ov__free(x->dataset), ov__free(x->source), ov__free(x->locator);
        ov__free(x->program_id), ov__free(x->url), ov__free(x->reason), ov__free(x->key);
    }
    ov__free(s->sancs);
    for (size_t i = 0; i < s->n_brands; i++) {
        brand *b = &s->brands[i];
        ov__free(b->id), ov__free(b->maker), ov__free(b->relation), ov__free(b->locator), ov__free(b->source);
    }
    ov__screen_config_free(s->cfg);
    ov__free(s->brands);
    ov__free(s->ctl);
    ov__free(s);
}

static int add_sanction(ov_screener *s, const ov_entity *e, const ov_stmt *st)
{
    if (s->n_sancs == s->cap_sancs) {
        size_t nc = s->cap_sancs ? s->cap_sancs * 2 : 256;
        sanc *ns = ov__realloc(s->sancs, sizeof *ns * nc);
        if (!ns) return OV_ENOMEM;
        s->sancs = ns;
        s->cap_sancs = nc;
    }
    const char *prog = val_of(e, "program"), *body = val_of(e, "sanctioningBody");
    sanc x = {dupn(e->id), dupn(st->value), dupn(prog ? prog : val_of(e, "reason")), dupn(val_of(e, "startDate")),
              dupn(val_of(e, "endDate")), dupn(val_of(e, "listingDate")), dupn(body ? body : val_of(e, "authority")),
              dupn(st->dataset), dupn(st->source), dupn(st->locator), dupn(val_of(e, "programId")),
              dupn(val_of(e, "sourceUrl")), dupn(val_of(e, "reason")), st->status, s->n_sancs,
              dupn(ov_cluster_id(s->g, st->value))};
    s->sancs[s->n_sancs++] = x;
    if (!x.id || !x.entity || !x.key) return OV_ENOMEM;
    bool known = false;
    for (size_t k = 0; k < s->n_changes && !known; k++) known = s->changes[k] == st->added_in;
    if (!known && s->n_changes < MAX_CHANGES) s->changes[s->n_changes++] = st->added_in;
    return OV_OK;
}

int ov_screener_add(ov_screener *s, const ov_entity *e)
{
    if (!strcmp(e->schema, "Sanction")) {
        for (size_t i = 0; i < e->n_stmts; i++) {
            const ov_stmt *st = &e->stmts[i];
            if (st->status == OV_ST_RETRACTED || strcmp(st->prop, "entity")) continue;
            int rc = add_sanction(s, e, st);
            if (rc) return rc;
        }
    } else if (!strcmp(e->schema, "Brand")) {
        const char *maker = val_of(e, "upstreamManufacturer");
        if (!maker) return OV_OK;
        if (s->n_brands == s->cap_brands) {
            size_t nc = s->cap_brands ? s->cap_brands * 2 : 64;
            brand *nb = ov__realloc(s->brands, sizeof *nb * nc);
            if (!nb) return OV_ENOMEM;
            s->brands = nb;
            s->cap_brands = nc;
        }
        /* the link's own statement: its status and where it comes from (a brand
         * claimed by a code comment is as weak as the record says) */
        const ov_stmt *ms = NULL;
        for (size_t i = 0; i < e->n_stmts && !ms; i++)
            if (e->stmts[i].status != OV_ST_RETRACTED && !strcmp(e->stmts[i].prop, "upstreamManufacturer")) ms = &e->stmts[i];
        s->brands[s->n_brands++] = (brand){dupn(e->id), dupn(maker), dupn(val_of(e, "brandRelation")),
                                           dupn(ms->locator), dupn(ms->source), ms->status};
        if (!s->brands[s->n_brands - 1].id || !s->brands[s->n_brands - 1].maker) return OV_ENOMEM;
    }
    return OV_OK;
}

typedef struct add_ctx {
    ov_screener *s;
    int rc;
} add_ctx;

static int add_cb(const ov_entity *e, void *ud)
{
    add_ctx *a = ud;
    a->rc = ov_screener_add(a->s, e);
    return a->rc != OV_OK;
}

int ov_screener_add_store(ov_screener *s, ov_store *st)
{
    add_ctx a = {s, OV_OK};
    int rc = ov_store_scan(st, add_cb, &a);
    return rc == OV_ESTOP ? a.rc : rc;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int by_entity(const void *a, const void *b)
{
    const sanc *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->seen > y->seen) - (x->seen < y->seen);
}

static int by_node(const void *a, const void *b)
{
    const ov_controlled *x = a, *y = b;
    return (x->node > y->node) - (x->node < y->node);
}

/* Sorts the list entries by entity and the controlled by node: a screening
 * looks up every holder of every row. */
int ov_screener_finish(ov_screener *s)
{
    if (s->n_sancs) qsort(s->sancs, s->n_sancs, sizeof *s->sancs, by_entity);
    ov__free(s->ctl);
    s->ctl = NULL;
    s->n_ctl = 0;
    if (!s->g || !s->n_sancs) return OV_OK;
    uint32_t *seeds = ov__malloc(sizeof *seeds * s->n_sancs);
    if (!seeds) return OV_ENOMEM;
    size_t ns = 0;
    for (size_t i = 0; i < s->n_sancs; i++) {
        uint32_t node;
        if (ov_graph_find(s->g, s->sancs[i].key, &node)) seeds[ns++] = node;
    }
    /* an entity on several lists is one seed */
    qsort(seeds, ns, sizeof *seeds, cmp_u32);
    size_t u = 0;
    for (size_t i = 0; i < ns; i++)
        if (!u || seeds[u - 1] != seeds[i]) seeds[u++] = seeds[i];
    int rc = ov_own_control(s->g, seeds, u, s->rule, &s->ctl, &s->n_ctl);
    ov__free(seeds);
    if (!rc && s->n_ctl) qsort(s->ctl, s->n_ctl, sizeof *s->ctl, by_node);
    return rc;
}

const ov_control_rule *ov_screener_rule(const ov_screener *s)
{
    return s->rule;
}

/* ---- list versions ---------------------------------------------------------- */

/* A JSON string, or null for NULL. */
static void bjs(ov_buf *b, const char *s)
{
    if (s) ov_buf_add_json_str(b, s);
    else ov_buf_adds(b, "null");
}

typedef struct version_ctx {
    const ov_screener *s;
    ov_buf *out;
    bool json;
    int n;
} version_ctx;

static int version_cb(const ov_change *ch, void *ud)
{
    version_ctx *v = ud;
    bool list = false;
    for (size_t i = 0; i < v->s->n_changes && !list; i++) list = ch->id == v->s->changes[i];
    if (!list) return 0;
    if (v->json) {
        ov_buf_printf(v->out, "%s{\"change\":%lld,\"dataset\":", v->n ? "," : "", (long long)ch->id);
        bjs(v->out, ch->dataset);
        ov_buf_adds(v->out, ",\"loaded\":");
        bjs(v->out, ch->at);
        ov_buf_adds(v->out, ",\"origin\":");
        bjs(v->out, ch->origin);
        ov_buf_adds(v->out, "}");
    } else {
        ov_buf_printf(v->out, "%s%s (change %lld, loaded %s from %s)", v->n ? "; " : "", ch->dataset,
                      (long long)ch->id, ch->at ? ch->at : "?", ch->origin ? ch->origin : "?");
    }
    v->n++;
    return 0;
}

int ov_screener_versions(const ov_screener *s, ov_store *st, bool json, char **out)
{
    ov_buf b;
    ov_buf_init(&b, BUF_LIMIT);
    version_ctx v = {s, &b, json, 0};
    int rc = ov_store_changes(st, NULL, version_cb, &v);
    *out = rc ? NULL : ov__strdup(b.len ? ov_buf_str(&b) : "");
    ov_buf_release(&b);
    return rc ? rc : *out ? OV_OK : OV_ENOMEM;
}

/* ---- one entity --------------------------------------------------------------- */

typedef struct result_bufs {
    ov_buf lists, lists_json, control, control_json, exposure, exposure_json;
    int n_entries;
} result_bufs;

static void fmt_sanc(result_bufs *r, const sanc *s, const char *via)
{
    ov_buf_printf(&r->lists, "%s%s%s%s%s%s%s%s (%s; %s)", r->n_entries ? "; " : "", s->program ? s->program : "listed",
                  s->start || s->listed ? ", from " : "", s->start ? s->start : s->listed ? s->listed : "",
                  s->end ? " to " : "", s->end ? s->end : "", via ? ", via " : "", via ? via : "", s->id,
                  s->dataset ? s->dataset : "?");
    ov_buf *j = &r->lists_json;
    ov_buf_adds(j, r->n_entries ? ",{\"sanction\":" : "{\"sanction\":");
    bjs(j, s->id);
    const char *keys[] = {"entity", "program", "start", "end", "listed", "authority", "dataset", "source", "locator", "via"};
    const char *vals[] = {s->entity, s->program, s->start, s->end, s->listed, s->body, s->dataset, s->source, s->locator, via};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        ov_buf_printf(j, ",\"%s\":", keys[i]);
        bjs(j, vals[i]);
    }
    ov_buf_adds(j, "}");
    r->n_entries++;
}

/* The first list entry of id's cluster in the sorted entries (n_sancs when none). */
size_t ov__screen_first_entry(const ov_screener *s, const char *id, size_t *end)
{
    const char *key = ov_cluster_id(s->g, id);
    size_t lo = 0, hi = s->n_sancs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(s->sancs[mid].key, key) < 0) lo = mid + 1;
        else hi = mid;
    }
    size_t first = lo < s->n_sancs && !strcmp(s->sancs[lo].key, key) ? lo : s->n_sancs, last = first;
    while (last < s->n_sancs && !strcmp(s->sancs[last].key, key)) last++;
    if (end) *end = last;
    return first;
}

static bool is_listed(const ov_screener *s, const char *id)
{
    return ov__screen_first_entry(s, id, NULL) < s->n_sancs;
}

static void lists_for(const ov_screener *s, result_bufs *r, const char *id, const char *via)
{
    size_t end;
    for (size_t i = ov__screen_first_entry(s, id, &end); i < end && r->n_entries < MAX_ENTRIES; i++)
        fmt_sanc(r, &s->sancs[i], via);
}

static void path_text(const ov_graph *g, const ov_path *p, ov_buf *t, ov_buf *j)
{
    for (int i = 0; i < p->n; i++) {
        const ov_edge *e = ov_graph_edge(g, p->edges[i]);
        const char *from = ov_graph_node_id(g, e->from), *to = ov_graph_node_id(g, e->to);
        if (i == 0) ov_buf_adds(t, from);
        ov_buf_printf(t, " -[%s", ov_edge_kind_name(e->kind));
        if (e->kind == OV_EDGE_OWNERSHIP && e->share.has_share) {
            if (e->share.min == e->share.max) ov_buf_printf(t, " %.4g%%", e->share.min * 100);
            else ov_buf_printf(t, " %.4g-%.4g%%", e->share.min * 100, e->share.max * 100);
        }
        ov_buf_printf(t, " %s]-> %s", e->interest_id ? e->interest_id : "", to);
        ov_buf_adds(j, i ? ",{\"from\":" : "{\"from\":");
        bjs(j, from);
        ov_buf_adds(j, ",\"to\":");
        bjs(j, to);
        ov_buf_printf(j, ",\"kind\":\"%s\",\"interest\":", ov_edge_kind_name(e->kind));
        bjs(j, e->interest_id);
        if (e->kind == OV_EDGE_OWNERSHIP && e->share.has_share)
            ov_buf_printf(j, ",\"share_min\":%.6g,\"share_max\":%.6g", e->share.min, e->share.max);
        ov_buf_adds(j, "}");
    }
}

const ov_controlled *ov__screen_controlled(const ov_screener *s, uint32_t node)
{
    ov_controlled key = {.node = node};
    return s->n_ctl ? bsearch(&key, s->ctl, s->n_ctl, sizeof *s->ctl, by_node) : NULL;
}

/* The state's share and the listed holders of id. A listed holder's list
 * entries extend to id only when the listed parties control id under the
 * rule; a smaller listed stake is reported, its entries are not. */
static int control_for(const ov_screener *s, ov_store *st, result_bufs *r, const char *id)
{
    const ov_graph *g = s->g;
    uint32_t node;
    if (!g || !ov_graph_find(g, id, &node)) return OV_OK;
    /* the state's share as `oversight controllers` words it (the same answer), and a
     * designation beside it: a classification, never a 100 % share */
    ov_answer *a = NULL;
    int arc = ov_explain_state_share(st, g, node, &a);
    if (arc && arc != OV_ETOOBIG) return arc;
    if (!arc) {
        const ov_explanation *x = &a->items[0];
        if (x->has_band) {
            ov_buf_printf(&r->control, "%sstate share %s [%s]", r->control.len ? "; " : "", x->value,
                          ov_status_name(x->status));
            ov_buf_adds(&r->control_json, r->control_json.len ? ",{" : "{");
            ov_buf_printf(&r->control_json, "\"kind\":\"state\",\"entity\":");
            bjs(&r->control_json, id);
            ov_buf_printf(&r->control_json, ",\"share_min\":%.6g,\"share_max\":%.6g,\"status\":\"%s\",\"path\":[",
                          x->min, x->max, ov_status_name(x->status));
            /* the path as the edges of the graph (the answer's strongest chain) */
            double mn, mx;
            ov_path p = {0};
            if (ov_own_state_share(g, node, &mn, &mx, &p)) p.n = 0;
            ov_buf_adds(&r->control, p.n ? ": " : "");
            path_text(g, &p, &r->control, &r->control_json);
            ov_buf_adds(&r->control_json, "]}");
        }
        if (a->subject_state_designated) {
            ov_buf_printf(&r->control, "%sthe record designates it a state entity (a classification, not a share)",
                          r->control.len ? "; " : "");
            ov_buf_adds(&r->control_json, r->control_json.len ? ",{" : "{");
            ov_buf_adds(&r->control_json, "\"kind\":\"state-designation\",\"entity\":");
            bjs(&r->control_json, id);
            ov_buf_adds(&r->control_json, "}");
        }
        ov_answer_free(a);
    }
    const ov_controlled *ctl = ov__screen_controlled(s, node);
    /* a listed entity is a seed of the rule, never in its results: its own entries apply */
    bool self = is_listed(s, id);
    ov_holder *h = NULL;
    size_t n = 0;
    int rc = ov_own_owners(g, node, &h, &n);
    if (rc == OV_ETOOBIG) {
        ov_buf_printf(&r->control, "%slisted holders not analysed: too many ancestors for one query",
                      r->control.len ? "; " : "");
        return OV_OK;
    }
    if (rc) return rc;
    for (size_t i = 0; i < n; i++) {
        const char *hid = ov_graph_node_id(g, h[i].node);
        if (!hid || !is_listed(s, hid)) continue;
        const char *verdict = self ? "itself listed" : !ctl ? "below" : ctl->cls == OV_CTRL_CERTAIN ? "certain" : "possible";
        ov_buf_printf(&r->control, "%sheld by listed %s (%.4g%%", r->control.len ? "; " : "", hid,
                      h[i].integrated_min * 100);
        if (h[i].integrated_max != h[i].integrated_min) ov_buf_printf(&r->control, "-%.4g%%", h[i].integrated_max * 100);
        if (self)
            ov_buf_adds(&r->control, "): ");
        else
            ov_buf_printf(&r->control, "; %s rule: %s): ", s->rule->name,
                          !ctl                         ? "listed parties do not control it, their entries do not extend to it"
                          : ctl->cls == OV_CTRL_CERTAIN ? "controlled by listed parties"
                                                       : "possibly controlled by listed parties (share bands)");
        ov_buf_adds(&r->control_json, r->control_json.len ? ",{" : "{");
        ov_buf_adds(&r->control_json, "\"kind\":\"listed-holder\",\"entity\":");
        bjs(&r->control_json, hid);
        ov_buf_printf(&r->control_json, ",\"share_min\":%.6g,\"share_max\":%.6g,\"rule\":", h[i].integrated_min,
                      h[i].integrated_max);
        bjs(&r->control_json, s->rule->name);
        ov_buf_printf(&r->control_json, ",\"controlled\":\"%s\",\"path\":[", verdict);
        path_text(g, &h[i].path, &r->control, &r->control_json);
        ov_buf_adds(&r->control_json, "]}");
        if (ctl && !self) lists_for(s, r, hid, hid);
    }
    ov_holders_free(h);
    return OV_OK;
}

/* The obligations reaching id: its exposure answer (ov_law_exposure), as a line
 * of text (each obligation with its provision, and its status when weaker than
 * asserted) and as the answer's JSON, a member of the "exposure" array. */
static int exposure_for(ov_law *law, result_bufs *r, const char *id)
{
    ov_answer *a = NULL;
    if (!law) return OV_OK;
    int rc = ov_law_exposure(law, id, &a);
    if (rc == OV_ENOTFOUND) return OV_OK; /* a maker the record names but does not hold */
    if (rc) return rc;
    size_t n = a->n_items;
    if (n) ov_buf_printf(&r->exposure, "%s%zu obligation%s", r->exposure.len ? "; " : "", n, n == 1 ? "" : "s");
    for (size_t i = 0, shown = 0; i < n; i++) {
        const ov_explanation *x = &a->items[i];
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = !strcmp(x->value, a->items[j].value) && !strcmp(x->object, a->items[j].object);
        if (seen) continue;
        ov_buf_printf(&r->exposure, "%s%s (%s", shown++ ? ", " : ": ", x->value,
                      x->object_caption ? x->object_caption : x->object);
        if (ov_status_rank(x->status) > ov_status_rank(OV_ST_ASSERTED))
            ov_buf_printf(&r->exposure, ", %s", ov_status_name(x->status));
        ov_buf_addc(&r->exposure, ')');
    }
    char *j = NULL;
    rc = ov_answer_json(a, &j);
    /* an answer that does not fit is an error, never a silently missing member */
    if (!rc && r->exposure_json.len) rc = ov_buf_addc(&r->exposure_json, ',');
    if (!rc) rc = ov_buf_add(&r->exposure_json, j, strcspn(j, "\n"));
    free(j);
    ov_answer_free(a);
    return rc;
}

/* a buffer -> a string the result owns ("" when empty) */
static char *take(ov_buf *b, int *rc)
{
    char *copy = ov__strdup(b->len ? ov_buf_str(b) : "");
    if (!copy) *rc = OV_ENOMEM;
    return copy;
}

int ov_screen_entity(const ov_screener *s, ov_store *st, ov_law *law, const char *id, ov_screening *out)
{
    memset(out, 0, sizeof *out);
    result_bufs r;
    memset(&r, 0, sizeof r);
    ov_buf *all[] = {&r.lists, &r.lists_json, &r.control, &r.control_json, &r.exposure, &r.exposure_json};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) ov_buf_init(all[i], BUF_LIMIT);
    const char *maker = NULL;
    for (size_t i = 0; i < s->n_brands; i++)
        if (!strcmp(ov_cluster_id(s->g, s->brands[i].id), ov_cluster_id(s->g, id))) maker = s->brands[i].maker;
    lists_for(s, &r, id, NULL);
    int rc = control_for(s, st, &r, id);
    if (!rc) rc = exposure_for(law, &r, id);
    if (!rc && maker) {
        out->maker = dupn(maker);
        ov_entity *me;
        if (!ov_cluster_get(st, NULL, s->g, maker, &me)) {
            const char *cap = me->caption ? me->caption : val_of(me, "name");
            out->maker_caption = dupn(cap ? cap : maker);
            ov_entity_free(me);
        }
        lists_for(s, &r, maker, maker);
        rc = control_for(s, st, &r, maker);
        if (!rc) rc = exposure_for(law, &r, maker);
        if (!rc && (!out->maker || !out->maker_caption)) rc = OV_ENOMEM;
    }
    if (!rc) {
        out->lists = take(&r.lists, &rc);
        out->lists_json = take(&r.lists_json, &rc);
        out->control = take(&r.control, &rc);
        out->control_json = take(&r.control_json, &rc);
        out->exposure = take(&r.exposure, &rc);
        out->exposure_json = take(&r.exposure_json, &rc);
    }
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) ov_buf_release(all[i]);
    if (rc) ov_screening_release(out);
    return rc;
}

void ov_screening_release(ov_screening *r)
{
    ov__free(r->maker), ov__free(r->maker_caption), ov__free(r->lists), ov__free(r->lists_json);
    ov__free(r->control), ov__free(r->control_json), ov__free(r->exposure), ov__free(r->exposure_json);
    memset(r, 0, sizeof *r);
}
