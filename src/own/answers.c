/* answers.c - the ownership analyses as explained answers (explain.h): who
 * holds a company, its ultimate parent, the state's share and control without
 * shares, each with its rule, its evidence and the assumptions behind a band.
 * The numbers come from owners.c, control.c and solve.c; this file only words and sources them. */
#include <string.h>
#include "oversight/explain.h"
#include "oversight/own.h"
#include "../explain/build.h"
#include "own_internal.h"
#include "own_local.h"
#include "../util/alloc.h"
#include "../util/banned.h"

/* Nodes one band explanation may visit; past it the assumptions are counted
 * as not listed. */
#define BAND_MAX_NODES 20000
/* Holders of one answer whose bands are explained holding by holding. */
#define BAND_MAX_HOLDERS 64

/* The visited sets are the traversals' node maps (own_local.h); a set holds at most
 * BAND_MAX_NODES nodes. */
typedef nodemap nodeset;

static int set_init(nodeset *s) { return nodemap_init(s, 512); }

static bool set_has(const nodeset *s, uint32_t node) { return nodemap_has(s, node); }

/* Adds node; *added says whether it was new. OV_ETOOBIG past BAND_MAX_NODES, OV_ENOMEM. */
static int set_add(nodeset *s, uint32_t node, bool *added)
{
    *added = false;
    if (nodemap_has(s, node)) return OV_OK;
    if (s->n >= BAND_MAX_NODES) return OV_ETOOBIG;
    uint32_t v;
    return nodemap_get(s, node, &v, added);
}

/* Walks ownership edges from the nodes already in s (up: to holders; down: to
 * assets), keeping to nodes of limit when given, not expanding nodes for which
 * stop says so. */
static int walk(const ov_graph *g, nodeset *s, const uint32_t *start, uint32_t n_start, bool up,
                const nodeset *limit, bool stop_at_state, uint32_t keep_going)
{
    uint32_t *queue = ov__malloc(sizeof *queue * (BAND_MAX_NODES + 1));
    if (!queue) return OV_ENOMEM;
    uint32_t head = 0, tail = 0;
    int rc = OV_OK;
    for (uint32_t i = 0; i < n_start; i++) {
        bool added;
        if ((rc = set_add(s, start[i], &added))) break;
        if (added) queue[tail++] = start[i];
    }
    while (!rc && head < tail) {
        uint32_t x = queue[head++];
        if (stop_at_state && x != keep_going && ov_graph_node_state(g, x)) continue;
        uint32_t n;
        const uint32_t *adj = up ? ov_graph_in(g, x, &n) : ov_graph_out(g, x, &n);
        for (uint32_t k = 0; k < n && !rc; k++) {
            const ov_edge *e = ov_graph_edge(g, adj[k]);
            if (e->kind != OV_EDGE_OWNERSHIP) continue;
            uint32_t y = up ? e->from : e->to;
            if (limit && !set_has(limit, y)) continue;
            bool added;
            if ((rc = set_add(s, y, &added))) break;
            if (added) queue[tail++] = y;
        }
    }
    ov__free(queue);
    return rc;
}

/* Adds, to conclusion item, the holdings whose stated share is a band or
 * unknown on the chains from holder (or, holder UINT32_MAX, from every state
 * entity: the state's share) down to subject: they are what makes the answer a
 * band. The note says what the minimum and maximum assume. */
static int band_steps(ov_answer *a, int item, ov_store *st, const ov_graph *g, uint32_t subject, uint32_t holder)
{
    bool state = holder == UINT32_MAX;
    nodeset up = {0}, down = {0};
    int rc = set_init(&up);
    if (!rc) rc = set_init(&down);
    /* the subject's holders; for the state's share, not beyond a state entity
     * (its chains are counted where they first reach one) */
    if (!rc) rc = walk(g, &up, &subject, 1, true, NULL, state, subject);
    uint32_t *starts = NULL, n_starts = 0;
    if (!rc) {
        starts = ov__malloc(sizeof *starts * (up.n + 1));
        if (!starts) rc = OV_ENOMEM;
        for (uint32_t i = 0; !rc && i < up.cap; i++) {
            uint32_t x = up.e[i].key;
            if (x == UINT32_MAX || x == subject) continue;
            if (state ? ov_graph_node_state(g, x) != 0 : x == holder) starts[n_starts++] = x;
        }
    }
    if (!rc) rc = walk(g, &down, starts, n_starts, false, &up, false, UINT32_MAX);
    size_t listed = 0;
    for (uint32_t i = 0; !rc && i < down.cap; i++) {
        uint32_t x = down.e[i].key;
        if (x == UINT32_MAX || x == subject) continue;
        /* a holding is one pair with every claim about it merged (ov_graph_holdings):
         * a known share beside an unstated one is the share; claims that disagree
         * make a band */
        uint32_t n;
        const ov_holding *hs = ov_graph_holdings(g, x, &n);
        for (uint32_t k = 0; k < n; k++) {
            const ov_holding *h = &hs[k];
            if (!set_has(&up, h->asset)) continue;
            if (state && h->asset != subject && ov_graph_node_state(g, h->asset)) continue;
            if (h->max - h->min < 1e-12) continue;
            const ov_edge *e = ov_graph_edge(g, h->edge);
            ov_step *s = ov__step_edge(a, item, st, g, h->edge, "widens-band");
            if (!s) continue;
            bool stated = h->min > 0 || h->max < 1 || e->share.has_share;
            s->note = ov__aprintf(a, "%s's stake in %s is %s: the minimum reads it as %.2f%%, the maximum as %.2f%%",
                                  ov_graph_node_caption(g, x), ov_graph_node_caption(g, h->asset),
                                  stated ? "stated as a band, or by claims that disagree" : "not recorded",
                                  100 * h->min, 100 * h->max);
            listed++;
        }
    }
    if (rc == OV_ETOOBIG) {
        ov__answer_item(a, item)->note =
            "the band comes from shares stated as bands or not at all on chains too many to list here";
        rc = OV_OK;
    } else if (!rc && listed && !ov__answer_item(a, item)->note) {
        ov__answer_item(a, item)->note =
            listed == 1 ? "one holding on the way has no exact share (see widens-band): the minimum reads it at its "
                          "lowest, the maximum at its highest"
                        : "holdings on the way have no exact share (see widens-band): the minimum reads each at its "
                          "lowest, the maximum at its highest";
    }
    ov__free(starts);
    nodemap_release(&up);
    nodemap_release(&down);
    return rc;
}

static void set_object(ov_answer *a, ov_explanation *x, const ov_graph *g, uint32_t node)
{
    x->object = ov__astr(a, ov_graph_node_id(g, node));
    x->object_caption = ov__astr(a, ov_graph_node_caption(g, node));
}

/* ---- owners ------------------------------------------------------------------------ */

int ov_explain_owners(ov_store *st, const ov_graph *g, uint32_t node, ov_answer **out)
{
    *out = NULL;
    ov_holder *h = NULL;
    size_t n = 0;
    int rc = ov_own_owners(g, node, &h, &n);
    if (rc) return rc;
    ov_answer *a = ov__answer_new("owners");
    if (!a || ov__answer_subject_node(a, g, node)) rc = OV_ENOMEM;
    for (size_t i = 0; !rc && i < n; i++) {
        int it = ov__answer_add(a, "holder");
        if (it < 0) {
            rc = OV_ENOMEM;
            break;
        }
        ov_explanation *x = ov__answer_item(a, it);
        ov__rule_ref(a, "integrated-ownership", &x->rule);
        set_object(a, x, g, h[i].node);
        x->has_band = true;
        x->min = h[i].integrated_min;
        x->max = h[i].integrated_max;
        x->value = ov__band_text(a, x->min, x->max);
        x->capped = h[i].unbounded != 0;
        if (h[i].unbounded)
            x->note = "capped at 100%: the shares around an ownership cycle on the way sum to 100% or more";
        /* the direct holding, every claim about it (parallel claims disagree) */
        uint32_t n_in;
        const uint32_t *in = ov_graph_in(g, node, &n_in);
        for (uint32_t k = 0; h[i].direct && k < n_in; k++) {
            const ov_edge *e = ov_graph_edge(g, in[k]);
            if (e->kind != OV_EDGE_OWNERSHIP || e->from != h[i].node) continue;
            ov_step *s = ov__step_edge(a, it, st, g, in[k], "direct");
            if (s && h[i].conflicting && !s->note) s->note = "one of several claims about this holding that disagree";
        }
        if (h[i].conflicting && !x->note)
            x->note = "the record holds claims about the direct holding that disagree: the band spans them all";
        if (!h[i].direct || h[i].path.n > 1)
            for (int k = 0; k < h[i].path.n; k++) ov__step_edge(a, it, st, g, h[i].path.edges[k], "chain");
        /* the holdings that make a band, for the strongest holders (each is a walk over the
         * ancestors: a company with thousands of holders would take a walk per holder) */
        if (x->max - x->min > 5e-7 && !h[i].unbounded) {
            if (i < BAND_MAX_HOLDERS) rc = band_steps(a, it, st, g, node, h[i].node);
            else if (!x->note)
                x->note = "a band: the holdings that make it one are listed for the strongest holders only";
        }
        ov__answer_fold_status(a, it);
    }
    ov__free(h);
    return ov__answer_done(a, rc, out);
}

/* ---- controllers ---------------------------------------------------------------------- */

static int add_parent(ov_answer *a, ov_store *st, const ov_graph *g, uint32_t node)
{
    int it = ov__answer_add(a, "ultimate-parent");
    if (it < 0) return OV_ENOMEM;
    ov_explanation *x = ov__answer_item(a, it);
    ov__rule_ref(a, "majority-chain", &x->rule);
    ov_path chain;
    uint32_t parent;
    bool cycle;
    int rc = ov_own_ultimate_parent(g, node, &chain, &parent, &cycle);
    if (rc) return rc;
    if (parent == UINT32_MAX) {
        x->value = "none recorded";
        x->note = chain.n ? "the majority chain returns to the company itself"
                          : "no owner is recorded holding more than half by every claim";
    } else {
        set_object(a, x, g, parent);
        x->value = ov__aprintf(a, "%s (%s)", ov_graph_node_caption(g, parent), ov_graph_node_id(g, parent));
        if (cycle) x->note = "the majority chain runs into a cycle: the last owner before it returns is named";
    }
    for (int k = 0; k < chain.n; k++) ov__step_edge(a, it, st, g, chain.edges[k], "majority");
    ov__answer_fold_status(a, it);
    return OV_OK;
}

/* The record's designation of node as a state entity, as a statement step
 * (topic gov.soe) or an edge (a state Control); never a share. */
void ov__designation_steps(ov_answer *a, int it, ov_store *st, const ov_graph *g, uint32_t node)
{
    int flags = ov_graph_node_state(g, node);
    if (flags & (OV_STATE_SOE_TOPIC | OV_STATE_PUBLIC_BODY)) {
        ov_step *s = ov__step_new(a, it, OV_STEP_STATEMENT, "designation");
        if (s) {
            s->entity = ov__astr(a, ov_graph_node_id(g, node));
            s->entity_caption = ov__astr(a, ov_graph_node_caption(g, node));
            s->note = "a classification of the company itself, not a share: it does not count towards the state's share";
            if (flags & OV_STATE_SOE_TOPIC) {
                s->relation = "topics";
                s->value = "gov.soe";
                /* a cluster's node (docs/internals/resolve.md): the topic may be recorded under any
                 * referent; the step is cited, and names the referent, where it is recorded */
                const char *refs[64];
                size_t n = ov_graph_node_referents(g, node, refs, 64);
                for (size_t i = 0; i < n && i < 64 && !s->n_cites; i++) {
                    ov__step_cite(a, s, st, refs[i], "topics", "gov.soe");
                    if (i && s->n_cites) {
                        s->entity = ov__astr(a, refs[i]);
                        s->note = ov__aprintf(a, "%s; recorded under referent %s, judged the same as %s", s->note, refs[i],
                                              refs[0]);
                    }
                }
            } else {
                s->relation = "schema";
                s->value = "PublicBody";
            }
        }
    }
    if (flags & OV_STATE_CONTROL) {
        uint32_t n;
        const uint32_t *in = ov_graph_in(g, node, &n);
        for (uint32_t k = 0; k < n; k++) {
            const ov_edge *e = ov_graph_edge(g, in[k]);
            if (e->kind == OV_EDGE_CONTROL && e->type && !strcmp(e->type, "state"))
                ov__step_edge(a, it, st, g, in[k], "designation");
        }
    }
}

int ov__add_state_share(ov_answer *a, ov_store *st, const ov_graph *g, uint32_t node, const double *given_min,
                        const double *given_max, const ov_path *given_path, bool capped)
{
    int it = ov__answer_add(a, "state-share");
    if (it < 0) return OV_ENOMEM;
    ov_explanation *x = ov__answer_item(a, it);
    ov__rule_ref(a, "state-share", &x->rule);
    double mn, mx;
    ov_path path;
    int rc = OV_OK;
    if (given_min) {
        mn = *given_min;
        mx = *given_max;
        path = *given_path;
    } else if ((rc = ov_own_state_share(g, node, &mn, &mx, &path))) {
        return rc;
    }
    x->has_band = mx > 0;
    x->min = mn;
    x->max = mx;
    x->capped = capped;
    x->value = mx == 0 ? "none recorded" : ov__band_text(a, mn, mx);
    if (capped) x->note = "capped at 100%: the state's chains run through cycles whose shares sum to 100% or more";
    for (int k = 0; k < path.n; k++) ov__step_edge(a, it, st, g, path.edges[k], "strongest-chain");
    if (mx - mn > 5e-7 && !capped && (rc = band_steps(a, it, st, g, node, UINT32_MAX))) return rc;
    /* the share's status comes from its chains; a designation is shown beside
     * it and does not weaken or strengthen it */
    ov__answer_fold_status(a, it);
    ov__designation_steps(a, it, st, g, node);
    return OV_OK;
}

static int add_state_share(ov_answer *a, ov_store *st, const ov_graph *g, uint32_t node)
{
    return ov__add_state_share(a, st, g, node, NULL, NULL, NULL, false);
}

static int add_links(ov_answer *a, ov_store *st, const ov_graph *g, uint32_t node)
{
    uint32_t n;
    const uint32_t *in = ov_graph_in(g, node, &n);
    int it = ov__answer_add(a, "control-without-shares");
    if (it < 0) return OV_ENOMEM;
    ov_explanation *x = ov__answer_item(a, it);
    ov__rule_ref(a, "control-without-shares", &x->rule);
    size_t counted = 0, other = 0;
    for (uint32_t k = 0; k < n; k++) {
        const ov_edge *e = ov_graph_edge(g, in[k]);
        if (e->kind == OV_EDGE_OWNERSHIP) continue;
        if (!ov_own_link_is_control(e)) {
            other++;
            continue;
        }
        ov__step_edge(a, it, st, g, in[k], "control");
        counted++;
    }
    x->value = counted ? ov__aprintf(a, "%zu link%s", counted, counted == 1 ? "" : "s") : "none recorded";
    if (other)
        x->note = ov__aprintf(a, "%zu other link%s (customers, deployments, mentions) %s not control", other,
                              other == 1 ? "" : "s", other == 1 ? "is" : "are");
    ov__answer_fold_status(a, it);
    return OV_OK;
}

int ov_explain_controllers(ov_store *st, const ov_graph *g, uint32_t node, ov_answer **out)
{
    *out = NULL;
    ov_answer *a = ov__answer_new("controllers");
    int rc = a ? ov__answer_subject_node(a, g, node) : OV_ENOMEM;
    if (!rc) rc = add_parent(a, st, g, node);
    if (!rc) rc = add_state_share(a, st, g, node);
    if (!rc) rc = add_links(a, st, g, node);
    return ov__answer_done(a, rc, out);
}

int ov_explain_state_share(ov_store *st, const ov_graph *g, uint32_t node, ov_answer **out)
{
    *out = NULL;
    ov_answer *a = ov__answer_new("state-share");
    int rc = a ? ov__answer_subject_node(a, g, node) : OV_ENOMEM;
    if (!rc) rc = add_state_share(a, st, g, node);
    return ov__answer_done(a, rc, out);
}

/* ---- control rules ---------------------------------------------------------------------- */

int ov_explain_control(ov_store *st, const ov_graph *g, const uint32_t *seeds, size_t n_seeds,
                       const ov_control_rule *rule, ov_answer **out)
{
    *out = NULL;
    ov_controlled *res = NULL;
    size_t n = 0;
    int rc = ov_own_control(g, seeds, n_seeds, rule, &res, &n);
    if (rc) return rc;
    ov_answer *a = ov__answer_new("control");
    if (!a) rc = OV_ENOMEM;
    if (!rc) {
        a->note = ov__aprintf(a, "rule %s: %zu seed%s, %zu controlled", rule->name, n_seeds, n_seeds == 1 ? "" : "s",
                              n);
        if (!a->note) rc = OV_ENOMEM;
    }
    const char *threshold = rc ? NULL
                               : ov__aprintf(a, "%s %.0f%%, %s", rule->inclusive ? ">=" : ">", 100 * rule->threshold,
                                             rule->aggregate ? "aggregated across seeds" : "no aggregation across seeds");
    for (size_t i = 0; !rc && i < n; i++) {
        int it = ov__answer_add(a, "controlled");
        if (it < 0) {
            rc = OV_ENOMEM;
            break;
        }
        ov_explanation *x = ov__answer_item(a, it);
        x->rule.id = rule->name;
        x->rule.label = rule->label;
        x->rule.threshold = threshold;
        x->rule.authority = rule->source;
        set_object(a, x, g, res[i].node);
        x->has_band = true;
        x->min = res[i].share_min;
        x->max = res[i].share_max;
        x->value = res[i].cls == OV_CTRL_CERTAIN ? "certainly controlled" : "possibly controlled";
        x->note = ov__aprintf(a, "controlled stake %s%s", ov__band_text(a, x->min, x->max),
                              res[i].cls == OV_CTRL_CERTAIN ? ""
                                                            : ": over the threshold only when bands are read at their maximum");
        for (int k = 0; k < res[i].n_edges; k++) ov__step_edge(a, it, st, g, res[i].edges[k], "holding");
        ov__answer_fold_status(a, it);
    }
    ov__free(res);
    return ov__answer_done(a, rc, out);
}

void ov_holders_free(ov_holder *h) { ov__free(h); }

void ov_controlled_free(ov_controlled *c) { ov__free(c); }
