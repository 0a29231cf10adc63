/*
 * owners.c - who holds a company (integrated ownership), its ultimate parent by
 * the majority chain, and the state's share through ownership chains (see
 * own.h, docs/internals/ownership.md). The numbers come from solve.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "oversight/own.h"
#include "own_internal.h"
#include "own_local.h"
#include "../util/alloc.h"
#include "../util/banned.h"

/* the order of the holders: integrated share, strongest first, then node */
typedef struct hkey {
    double min, max;
    uint32_t node, local;
} hkey;

static int by_integrated(const void *a, const void *b)
{
    const hkey *x = a, *y = b;
    if (x->min != y->min) return x->min < y->min ? 1 : -1;
    if (x->max != y->max) return x->max < y->max ? 1 : -1;
    return x->node < y->node ? -1 : x->node > y->node;
}

int ov_own_owners(const ov_graph *g, uint32_t node, ov_holder **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    local l;
    int rc = ov__local_build(g, node, &l, false);
    integ r = {0};
    double *best = NULL;
    uint32_t *next = NULL, *order = NULL, *pos = NULL;
    hkey *key = NULL;
    ov_holder *h = NULL;
    if (rc) goto out;
    size_t n = l.n;
    int ra = ov__integ_alloc(&r, n, false);
    best = ov__malloc(sizeof *best * n);
    next = ov__malloc(sizeof *next * n);
    key = ov__malloc(sizeof *key * n);
    order = ov__malloc(sizeof *order * n);
    pos = ov__malloc(sizeof *pos * n);
    h = ov__calloc(n, sizeof *h);
    if (ra || !best || !next || !key || !order || !pos || !h) {
        rc = OV_ENOMEM;
        goto out;
    }
    if ((rc = ov__integrate(&l, &r))) goto out;
    uint32_t n_order = 0;
    if ((rc = ov__best_paths(&l, next, best, order, &n_order))) goto out;
    for (uint32_t i = 1; i < l.n; i++) {
        /* T_hX (1 - F_hh) = x_h / Z_hh */
        double tmin = r.xmin[i] / r.dmin[i], tmax = r.xmax[i] / r.dmax[i];
        key[i - 1].min = (r.unb[i] & 1) || tmin > 1.0 ? 1.0 : tmin;
        key[i - 1].max = (r.unb[i] & 2) || tmax > 1.0 ? 1.0 : tmax;
        key[i - 1].node = l.nodes[i];
        key[i - 1].local = i;
    }
    size_t k = l.n - 1;
    qsort(key, k, sizeof *key, by_integrated);
    for (size_t j = 0; j < k; j++) {
        ov_holder *o = &h[j];
        uint32_t i = key[j].local;
        pos[i] = (uint32_t)j;
        o->node = key[j].node;
        o->integrated_min = key[j].min;
        o->integrated_max = key[j].max;
        o->unbounded = r.unb[i];
        for (uint32_t p = l.out_off[i]; p < l.out_off[i + 1]; p++) {
            const local_edge *e = &l.edges[l.out[p]];
            if (e->to != 0) continue;
            o->direct = true;
            o->direct_edges = e->count;
            o->conflicting = e->conflicting;
            o->direct_share.has_share = e->known;
            o->direct_share.min = e->wmin;
            o->direct_share.max = e->wmax;
        }
        o->path.share = best[i] > 1e-6 ? best[i] : 0;
    }
    /* the strongest paths, settled nearest the subject first: each is its first
     * edge and the (already filled) path of the node that edge leads to */
    for (uint32_t j = 0; j < n_order; j++) {
        uint32_t u = order[j];
        if (u == 0 || next[u] == UINT32_MAX) continue;
        const local_edge *e = &l.edges[next[u]];
        ov_path *p = &h[pos[u]].path;
        p->edges[0] = e->edge;
        p->n = 1;
        if (e->to == 0) continue;
        const ov_path *q = &h[pos[e->to]].path;
        for (int t = 0; t < q->n && p->n < OV_OWN_MAX_PATH; t++) p->edges[p->n++] = q->edges[t];
    }
    *out = h;
    *n_out = k;
    h = NULL;
out:
    ov__integ_free(&r);
    ov__free(best);
    ov__free(next);
    ov__free(key);
    ov__free(order);
    ov__free(pos);
    ov__free(h);
    ov__local_free(&l);
    return rc;
}

/* ---- parallel claims ----------------------------------------------------------- */

/* The band of the holding that edges[k] states, combined with its parallel
 * edges (same kind, same pair) in the list: known shares span the band; a pair
 * with no stated share is 0..1. *first says whether k is the first of its pair. */
static void pair_band(const ov_graph *g, const uint32_t *edges, uint32_t n, uint32_t k, bool by_target,
                      double *lo, double *hi, bool *first)
{
    const ov_edge *e = ov_graph_edge(g, edges[k]);
    bool known = false;
    *lo = 0;
    *hi = 1;
    *first = true;
    for (uint32_t j = 0; j < n; j++) {
        const ov_edge *f = ov_graph_edge(g, edges[j]);
        if (f->kind != OV_EDGE_OWNERSHIP || (by_target ? f->to != e->to : f->from != e->from)) continue;
        if (j < k) *first = false;
        if (!f->share.has_share) continue;
        if (!known) {
            *lo = f->share.min;
            *hi = f->share.max;
            known = true;
        } else {
            if (f->share.min < *lo) *lo = f->share.min;
            if (f->share.max > *hi) *hi = f->share.max;
        }
    }
}

/* ---- ultimate parent ----------------------------------------------------------- */

uint32_t ov_own_majority_edge(const ov_graph *g, uint32_t node)
{
    uint32_t n;
    const uint32_t *in = ov_graph_in(g, node, &n);
    for (uint32_t k = 0; k < n; k++) {
        const ov_edge *e = ov_graph_edge(g, in[k]);
        if (e->kind != OV_EDGE_OWNERSHIP || !e->share.has_share || e->from == node) continue;
        double lo, hi;
        bool first;
        pair_band(g, in, n, k, false, &lo, &hi, &first);
        /* a majority only when every claim about the holding says so */
        if (lo > 0.5 || (lo == 0.5 && e->share.min_exclusive && e->share.min == lo)) return in[k];
    }
    return UINT32_MAX;
}

int ov_own_ultimate_parent(const ov_graph *g, uint32_t node, ov_path *chain, uint32_t *parent, bool *cycle)
{
    chain->n = 0;
    chain->share = 1.0;
    *parent = UINT32_MAX;
    *cycle = false;
    uint32_t cur = node;
    for (int step = 0; step < OV_OWN_MAX_PATH; step++) {
        uint32_t pick = ov_own_majority_edge(g, cur);
        if (pick == UINT32_MAX) break;
        const ov_edge *e = ov_graph_edge(g, pick);
        for (int i = 0; i < chain->n; i++)
            if (ov_graph_edge(g, chain->edges[i])->to == e->from) *cycle = true;
        if (e->from == node) *cycle = true;
        chain->edges[chain->n++] = pick;
        chain->share *= e->share.min;
        if (*cycle) break;
        cur = e->from;
        *parent = cur;
    }
    return OV_OK;
}

/* ---- state share ------------------------------------------------------------- */

int ov_own_state_share(const ov_graph *g, uint32_t node, double *min, double *max, ov_path *path)
{
    /* a state designation of node itself is a classification, not a share:
     * the share is what its holders' chains give */
    return ov_own_state_chain_share(g, node, min, max, path);
}

/* The state's share by Gauss-Seidel sweeps over the whole ancestor graph: the
 * fallback when a cyclic component is too large to solve exactly. */
static int state_share_iterative(const ov_graph *g, uint32_t node, double *min, double *max, ov_path *path)
{
    *min = *max = 0;
    path->n = 0;
    path->share = 0;
    local l;
    int rc = ov__local_build(g, node, &l, false);
    if (rc) {
        ov__local_free(&l);
        return rc;
    }
    double *x = ov__malloc(sizeof *x * l.n), *best = ov__malloc(sizeof *best * l.n);
    uint32_t *next = ov__malloc(sizeof *next * l.n);
    if (!x || !best || !next) rc = OV_ENOMEM;
    for (int pass = 0; !rc && pass < 2; pass++) {
        /* v_k = sum over k -> j of w * (j is the subject ? 1 : v_j); the state's share
         * of the subject is the sum of v over state nodes, each counted where the
         * chain first reaches the state (state nodes do not pass shares on) */
        for (uint32_t i = 0; i < l.n; i++) x[i] = 0;
        for (int it = 0; it < MAX_ITER; it++) {
            double delta = 0;
            for (uint32_t k = 1; k < l.n; k++) {
                double v = 0;
                for (uint32_t p = l.out_off[k]; p < l.out_off[k + 1]; p++) {
                    const local_edge *e = &l.edges[l.out[p]];
                    double w = pass ? e->wmax : e->wmin;
                    bool through_state = e->to != 0 && ov_graph_node_state(g, l.nodes[e->to]);
                    if (!through_state) v += w * (e->to == 0 ? 1.0 : x[e->to]);
                }
                delta = fmax(delta, fabs(v - x[k]));
                x[k] = v;
            }
            if (delta < EPS) break;
        }
        double sum = 0;
        for (uint32_t k = 1; k < l.n; k++)
            if (ov_graph_node_state(g, l.nodes[k])) sum += x[k];
        if (pass) *max = sum > 1.0 ? 1.0 : sum;
        else *min = sum > 1.0 ? 1.0 : sum;
    }
    if (!rc && (rc = ov__best_paths(&l, next, best, NULL, NULL)) == OV_OK) {
        double top = 0;
        for (uint32_t k = 1; k < l.n; k++)
            if (ov_graph_node_state(g, l.nodes[k]) && best[k] > top) {
                top = best[k];
                ov__fill_path(&l, k, next, best, path);
            }
    }
    ov__free(x);
    ov__free(best);
    ov__free(next);
    ov__local_free(&l);
    return rc;
}

/* The state's share: v_k, the walk sums from ancestor k down to node through
 * holders that are not state and stopping at node, summed over the state
 * ancestors. On the local graph without state nodes' own holders and without
 * node's holdings (local_build's state_sinks) that is the column ov__integrate()
 * solves, one strongly connected component at a time; state nodes there have
 * no returns, so no correction is needed. A diverging component gives 1. */
int ov_own_state_chain_share(const ov_graph *g, uint32_t node, double *min, double *max, ov_path *path)
{
    return ov__own_state_chain_share(g, node, min, max, path, NULL);
}

int ov__own_state_chain_share(const ov_graph *g, uint32_t node, double *min, double *max, ov_path *path,
                              uint8_t *unbounded)
{
    uint8_t unb_dummy;
    if (!unbounded) unbounded = &unb_dummy;
    *unbounded = 0;
    *min = *max = 0;
    path->n = 0;
    path->share = 0;
    local l;
    int rc = ov__local_build(g, node, &l, true);
    integ r = {0};
    double *best = NULL;
    uint32_t *next = NULL;
    if (!rc) {
        rc = ov__integ_alloc(&r, l.n, false);
        best = ov__malloc(sizeof *best * l.n);
        next = ov__malloc(sizeof *next * l.n);
        if (!rc && (!best || !next)) rc = OV_ENOMEM;
    }
    if (!rc) rc = ov__integrate(&l, &r);
    if (!rc) {
        double smin = 0, smax = 0;
        for (uint32_t k = 1; k < l.n; k++) {
            if (!ov_graph_node_state(g, l.nodes[k])) continue;
            smin += (r.unb[k] & 1) ? 1.0 : r.xmin[k];
            smax += (r.unb[k] & 2) ? 1.0 : r.xmax[k];
            *unbounded |= r.unb[k];
        }
        *min = smin > 1.0 ? 1.0 : smin;
        *max = smax > 1.0 ? 1.0 : smax;
        rc = ov__best_paths(&l, next, best, NULL, NULL);
    }
    if (!rc) {
        double top = 0;
        for (uint32_t k = 1; k < l.n; k++)
            if (ov_graph_node_state(g, l.nodes[k]) && best[k] > top) {
                top = best[k];
                ov__fill_path(&l, k, next, best, path);
            }
    }
    ov__integ_free(&r);
    ov__free(best);
    ov__free(next);
    ov__local_free(&l);
    if (rc) *unbounded = 0;
    if (rc == OV_ETOOBIG) return state_share_iterative(g, node, min, max, path);
    if (rc) *min = *max = 0;
    return rc;
}
