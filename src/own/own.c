/*
 * own.c - ownership analyses over the graph (see own.h, docs/internals/graph.md):
 *
 *  - owners: every holder of a subject with its integrated share: shares
 *    multiplied along paths and summed over paths (the Leontief form
 *    T = A (I - A)^-1, solved by iteration on the subject's ancestors), with the
 *    holder not re-entering itself: T_hc (1 - F_hh), F_hh being the holder's
 *    first-return share through cycles;
 *  - control: a fixed point from seeds under a threshold rule;
 *  - ultimate parent: the majority chain;
 *  - state share: the integrated share held by state nodes.
 *
 * Bands are computed twice: at their minimum and at their maximum. An
 * ownership without a stated share counts 0 at the minimum and 1 at the maximum.
 * Parallel edges between the same pair are one holding (they are claims about
 * the same shares): the band spans them, and they are reported as conflicting.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "oversight/own.h"
#include "../util/alloc.h"
#include "../util/hmap.h"
#include "../util/banned.h"

#define MAX_ITER 1000
#define EPS 1e-13

/* ---- a local view of a subject's ancestors -------------------------------- */

typedef struct local_edge {
    uint32_t from, to;   /* local indexes */
    double wmin, wmax;
    uint32_t edge;       /* a representative graph edge */
    int count;           /* parallel edges merged */
    bool conflicting;    /* parallel claims state different shares */
    bool known;          /* some claim states a share */
} local_edge;

typedef struct local {
    uint32_t *nodes;     /* local -> graph node; nodes[0] is the subject */
    uint32_t n, cap;
    ov_hmap index;       /* graph node -> local + 1 */
    local_edge *edges;
    uint32_t n_edges, cap_edges;
    uint32_t *out_off, *out;  /* local CSR over merged edges */
} local;

static double wmin_of(const ov_edge *e) { return e->share.has_share ? e->share.min : 0.0; }
static double wmax_of(const ov_edge *e) { return e->share.has_share ? e->share.max : 1.0; }

static int local_add(local *l, uint32_t node, uint32_t *idx)
{
    int added;
    ov_hmap_slot *s = ov_hmap_upsert(&l->index, &node, sizeof node, &added);
    if (!s) return OV_ENOMEM;
    if (!added) {
        *idx = (uint32_t)s->value - 1;
        return OV_OK;
    }
    if (l->n == l->cap) {
        uint32_t cap = l->cap ? l->cap * 2 : 64;
        uint32_t *n = ov__realloc(l->nodes, sizeof *n * cap);
        if (!n) return OV_ENOMEM;
        l->nodes = n;
        l->cap = cap;
    }
    l->nodes[l->n] = node;
    s->value = ++l->n;
    *idx = l->n - 1;
    return OV_OK;
}

static int local_edge_add(local *l, uint32_t from, uint32_t to, const ov_edge *e, uint32_t gi)
{
    /* merge with a parallel edge of the same pair (edges of one target arrive together) */
    for (uint32_t i = l->n_edges; i-- > 0;) {
        local_edge *x = &l->edges[i];
        if (x->to != to) break;
        if (x->from != from) continue;
        x->count++;
        /* a claim without a share says nothing about the size: known shares win */
        if (!e->share.has_share) return OV_OK;
        if (!x->known) {
            x->wmin = e->share.min;
            x->wmax = e->share.max;
            x->known = true;
            x->edge = gi;
            return OV_OK;
        }
        if (e->share.min != x->wmin || e->share.max != x->wmax) x->conflicting = true;
        if (e->share.min < x->wmin) x->wmin = e->share.min;
        if (e->share.max > x->wmax) x->wmax = e->share.max;
        return OV_OK;
    }
    if (l->n_edges == l->cap_edges) {
        uint32_t cap = l->cap_edges ? l->cap_edges * 2 : 64;
        local_edge *n = ov__realloc(l->edges, sizeof *n * cap);
        if (!n) return OV_ENOMEM;
        l->edges = n;
        l->cap_edges = cap;
    }
    l->edges[l->n_edges++] = (local_edge){from, to, wmin_of(e), wmax_of(e), gi, 1, false, e->share.has_share};
    return OV_OK;
}

static void local_free(local *l)
{
    ov__free(l->nodes);
    ov_hmap_release(&l->index);
    ov__free(l->edges);
    ov__free(l->out_off);
    ov__free(l->out);
}

/* Collects the subject's ownership ancestors (breadth first, bounded). */
static int local_build(const ov_graph *g, uint32_t subject, local *l)
{
    memset(l, 0, sizeof *l);
    ov_hmap_init(&l->index);
    uint32_t idx;
    int rc = local_add(l, subject, &idx);
    for (uint32_t head = 0; !rc && head < l->n; head++) {
        uint32_t node = l->nodes[head], n;
        const uint32_t *in = ov_graph_in(g, node, &n);
        for (uint32_t k = 0; !rc && k < n; k++) {
            const ov_edge *e = ov_graph_edge(g, in[k]);
            if (e->kind != OV_EDGE_OWNERSHIP || e->from == node) continue;
            if (l->n >= OV_OWN_MAX_NODES) return OV_ETOOBIG;
            uint32_t from;
            if ((rc = local_add(l, e->from, &from))) break;
            rc = local_edge_add(l, from, head, e, in[k]);
        }
    }
    if (rc) return rc;
    l->out_off = ov__calloc(l->n + 1, sizeof *l->out_off);
    l->out = ov__malloc(sizeof *l->out * (l->n_edges ? l->n_edges : 1));
    if (!l->out_off || !l->out) return OV_ENOMEM;
    for (uint32_t i = 0; i < l->n_edges; i++) l->out_off[l->edges[i].from + 1]++;
    for (uint32_t i = 0; i < l->n; i++) l->out_off[i + 1] += l->out_off[i];
    uint32_t *fill = ov__malloc(sizeof *fill * (l->n + 1));
    if (!fill) return OV_ENOMEM;
    memcpy(fill, l->out_off, sizeof *fill * (l->n + 1));
    for (uint32_t i = 0; i < l->n_edges; i++) l->out[fill[l->edges[i].from]++] = i;
    ov__free(fill);
    return OV_OK;
}

/* Integrated shares towards target, by iteration on the local graph.
 * stop = false: all walks, x_k = sum over k -> j of w * (1[j == target] + x_j)
 *   (the Leontief T = A (I - A)^-1 column; walks may pass through the target);
 * stop = true: walks that end on first reaching the target,
 *   x_k = sum over k -> j of w * (j == target ? 1 : x_j) (first return when k is the target).
 * Diverging systems (shares summing past 1 around a cycle) are cut at MAX_ITER. */
static void solve(const local *l, uint32_t target, bool use_max, bool stop, double *x)
{
    for (uint32_t i = 0; i < l->n; i++) x[i] = 0;
    for (int it = 0; it < MAX_ITER; it++) {
        double delta = 0;
        for (uint32_t k = 0; k < l->n; k++) {
            double v = 0;
            for (uint32_t p = l->out_off[k]; p < l->out_off[k + 1]; p++) {
                const local_edge *e = &l->edges[l->out[p]];
                double w = use_max ? e->wmax : e->wmin;
                if (stop) v += w * (e->to == target ? 1.0 : x[e->to]);
                else v += w * ((e->to == target ? 1.0 : 0.0) + x[e->to]);
            }
            if (v > 1e6) v = 1e6;
            delta = fmax(delta, fabs(v - x[k]));
            x[k] = v;
        }
        if (delta < EPS) break;
    }
}

/* True when k can reach itself (it lies on a cycle of the local graph). */
static bool on_cycle(const local *l, uint32_t k, uint8_t *seen, uint32_t *stack)
{
    memset(seen, 0, l->n);
    uint32_t top = 0;
    stack[top++] = k;
    while (top) {
        uint32_t v = stack[--top];
        for (uint32_t p = l->out_off[v]; p < l->out_off[v + 1]; p++) {
            uint32_t to = l->edges[l->out[p]].to;
            if (to == k) return true;
            if (!seen[to]) {
                seen[to] = 1;
                stack[top++] = to;
            }
        }
    }
    return false;
}

/* Strongest paths from every local node down to the subject (max product of
 * minimum shares; Dijkstra on -log, the shares being at most 1). */
static int best_paths(const local *l, uint32_t *next_edge /* local edge per node */, double *best)
{
    for (uint32_t i = 0; i < l->n; i++) {
        best[i] = -1;
        next_edge[i] = UINT32_MAX;
    }
    uint8_t *done = ov__calloc(l->n, 1);
    /* in-edge lists of the local graph */
    uint32_t *in_off = ov__calloc(l->n + 1, sizeof *in_off), *in = ov__malloc(sizeof *in * (l->n_edges + 1));
    if (!done || !in_off || !in) {
        ov__free(done);
        ov__free(in_off);
        ov__free(in);
        return OV_ENOMEM;
    }
    for (uint32_t i = 0; i < l->n_edges; i++) in_off[l->edges[i].to + 1]++;
    for (uint32_t i = 0; i < l->n; i++) in_off[i + 1] += in_off[i];
    uint32_t *fill = ov__malloc(sizeof *fill * (l->n + 1));
    if (!fill) {
        ov__free(done);
        ov__free(in_off);
        ov__free(in);
        return OV_ENOMEM;
    }
    memcpy(fill, in_off, sizeof *fill * (l->n + 1));
    for (uint32_t i = 0; i < l->n_edges; i++) in[fill[l->edges[i].to]++] = i;
    ov__free(fill);
    best[0] = 1.0;
    /* Dijkstra with a binary max-heap of (value, node); stale entries are skipped */
    size_t cap = (size_t)l->n_edges + 2, len = 0;
    struct hent { double v; uint32_t node; } *heap = ov__malloc(sizeof *heap * cap);
    if (!heap) {
        ov__free(done);
        ov__free(in_off);
        ov__free(in);
        return OV_ENOMEM;
    }
    heap[len++] = (struct hent){1.0, 0};
    while (len) {
        struct hent top = heap[0];
        heap[0] = heap[--len];
        for (size_t i = 0;;) { /* sift down */
            size_t a = 2 * i + 1, b = a + 1, m = i;
            if (a < len && heap[a].v > heap[m].v) m = a;
            if (b < len && heap[b].v > heap[m].v) m = b;
            if (m == i) break;
            struct hent t = heap[i];
            heap[i] = heap[m];
            heap[m] = t;
            i = m;
        }
        uint32_t u = top.node;
        if (done[u] || top.v < best[u]) continue;
        done[u] = 1;
        for (uint32_t p = in_off[u]; p < in_off[u + 1]; p++) {
            const local_edge *e = &l->edges[in[p]];
            double v = top.v * (e->wmin > 0 ? e->wmin : 1e-9); /* unknown shares still give a path */
            if (done[e->from] || v <= best[e->from] || len == cap) continue;
            best[e->from] = v;
            next_edge[e->from] = in[p];
            size_t i = len++; /* sift up */
            heap[i] = (struct hent){v, e->from};
            while (i && heap[(i - 1) / 2].v < heap[i].v) {
                struct hent t = heap[i];
                heap[i] = heap[(i - 1) / 2];
                heap[(i - 1) / 2] = t;
                i = (i - 1) / 2;
            }
        }
    }
    ov__free(heap);
    ov__free(done);
    ov__free(in_off);
    ov__free(in);
    return OV_OK;
}

static void fill_path(const local *l, uint32_t k, const uint32_t *next_edge, const double *best, ov_path *path)
{
    path->n = 0;
    path->share = best[k] > 1e-6 ? best[k] : 0;
    uint32_t v = k;
    while (v != 0 && next_edge[v] != UINT32_MAX && path->n < OV_OWN_MAX_PATH) {
        const local_edge *e = &l->edges[next_edge[v]];
        path->edges[path->n++] = e->edge;
        v = e->to;
    }
}

static int by_integrated(const void *a, const void *b)
{
    const ov_holder *x = a, *y = b;
    if (x->integrated_min != y->integrated_min) return x->integrated_min < y->integrated_min ? 1 : -1;
    if (x->integrated_max != y->integrated_max) return x->integrated_max < y->integrated_max ? 1 : -1;
    return x->node < y->node ? -1 : x->node > y->node;
}

int ov_own_owners(const ov_graph *g, uint32_t node, ov_holder **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    local l;
    int rc = local_build(g, node, &l);
    double *xmin = NULL, *xmax = NULL, *z = NULL, *best = NULL;
    uint32_t *next = NULL, *stack = NULL;
    uint8_t *seen = NULL;
    ov_holder *h = NULL;
    if (rc) goto out;
    size_t n = l.n;
    xmin = ov__malloc(sizeof *xmin * n);
    xmax = ov__malloc(sizeof *xmax * n);
    z = ov__malloc(sizeof *z * n);
    best = ov__malloc(sizeof *best * n);
    next = ov__malloc(sizeof *next * n);
    stack = ov__malloc(sizeof *stack * (l.n_edges + n + 1));
    seen = ov__malloc(n);
    h = ov__calloc(n, sizeof *h);
    if (!xmin || !xmax || !z || !best || !next || !stack || !seen || !h) {
        rc = OV_ENOMEM;
        goto out;
    }
    solve(&l, 0, false, false, xmin);
    solve(&l, 0, true, false, xmax);
    if ((rc = best_paths(&l, next, best))) goto out;
    size_t k = 0;
    for (uint32_t i = 1; i < l.n; i++) {
        ov_holder *o = &h[k++];
        o->node = l.nodes[i];
        double tmin = xmin[i], tmax = xmax[i];
        if (on_cycle(&l, i, seen, stack)) {
            /* the holder's share returning to itself: divide it out */
            for (int pass = 0; pass < 2; pass++) {
                solve(&l, i, pass == 1, true, z);
                double f = z[i];
                if (f >= 1.0) f = 0.999999;
                if (pass == 0) tmin *= 1.0 - f;
                else tmax *= 1.0 - f;
            }
        }
        o->integrated_min = tmin > 1.0 ? 1.0 : tmin;
        o->integrated_max = tmax > 1.0 ? 1.0 : tmax;
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
        fill_path(&l, i, next, best, &o->path);
    }
    qsort(h, k, sizeof *h, by_integrated);
    *out = h;
    *n_out = k;
    h = NULL;
out:
    ov__free(xmin);
    ov__free(xmax);
    ov__free(z);
    ov__free(best);
    ov__free(next);
    ov__free(stack);
    ov__free(seen);
    ov__free(h);
    local_free(&l);
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

/* ---- control from seeds ------------------------------------------------------ */

typedef struct ctrl_state {
    double *agg;         /* controlled stake so far, by node */
    uint8_t *in;         /* 1 when controlled */
    uint32_t *queue;
    uint32_t *changed;   /* nodes whose agg was touched, to reset */
    size_t n_changed;
    uint32_t *contrib;   /* per node: first contributing edges (up to 8) */
    uint8_t *n_contrib;
} ctrl_state;

static bool crosses(double v, const ov_control_rule *r)
{
    return r->inclusive ? v >= r->threshold - 1e-12 : v > r->threshold + 1e-12;
}

/* Runs the fixed point from seeds; in[] ends up 1 for controlled nodes. */
static void fixpoint(const ov_graph *g, const uint32_t *seeds, size_t n_seeds, const ov_control_rule *r,
                     bool use_max, ctrl_state *s)
{
    size_t head = 0, tail = 0;
    for (size_t i = 0; i < n_seeds; i++)
        if (!s->in[seeds[i]]) {
            s->in[seeds[i]] = 1;
            s->queue[tail++] = seeds[i];
            s->changed[s->n_changed++] = seeds[i];
        }
    while (head < tail) {
        uint32_t u = s->queue[head++], n;
        const uint32_t *outs = ov_graph_out(g, u, &n);
        /* parallel edges to one asset are one holding: the first of the pair
         * counts, with the extreme of all the pair's claims */
        for (uint32_t k = 0; k < n; k++) {
            const ov_edge *e = ov_graph_edge(g, outs[k]);
            if (e->kind != OV_EDGE_OWNERSHIP || s->in[e->to] == 1) continue;
            bool first;
            double lo, hi;
            pair_band(g, outs, n, k, true, &lo, &hi, &first);
            double w = use_max ? hi : lo;
            if (!first) continue;
            if (s->agg[e->to] == 0 && !s->n_contrib[e->to]) s->changed[s->n_changed++] = e->to;
            s->agg[e->to] += w;
            if (s->n_contrib[e->to] < 8) s->contrib[(size_t)e->to * 8 + s->n_contrib[e->to]++] = outs[k];
            if (crosses(s->agg[e->to], r)) {
                s->in[e->to] = 1;
                s->queue[tail++] = e->to;
            }
        }
    }
}

static void reset(ctrl_state *s)
{
    for (size_t i = 0; i < s->n_changed; i++) {
        uint32_t v = s->changed[i];
        s->agg[v] = 0;
        s->in[v] = 0;
        s->n_contrib[v] = 0;
    }
    s->n_changed = 0;
}

int ov_own_control(const ov_graph *g, const uint32_t *seeds, size_t n_seeds, const ov_control_rule *rule,
                   ov_controlled **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    size_t n = ov_graph_node_count(g);
    ctrl_state s = {0};
    s.agg = ov__calloc(n, sizeof *s.agg);
    s.in = ov__calloc(n, 1);
    s.queue = ov__malloc(sizeof *s.queue * (n + 1));
    s.changed = ov__malloc(sizeof *s.changed * (2 * n + 1));
    s.contrib = ov__malloc(sizeof *s.contrib * n * 8 + 1);
    s.n_contrib = ov__calloc(n, 1);
    uint8_t *cls = ov__calloc(n, 1);
    double *smin = ov__calloc(n, sizeof *smin), *smax = ov__calloc(n, sizeof *smax);
    uint8_t *is_seed = ov__calloc(n, 1);
    uint32_t *keep_contrib = ov__malloc(sizeof *keep_contrib * n * 8 + 1);
    uint8_t *keep_n = ov__calloc(n, 1);
    int rc = (!s.agg || !s.in || !s.queue || !s.changed || !s.contrib || !s.n_contrib || !cls || !smin ||
              !smax || !is_seed || !keep_contrib || !keep_n)
                 ? OV_ENOMEM
                 : OV_OK;
    if (!rc) {
        for (size_t i = 0; i < n_seeds; i++)
            if (seeds[i] < n) is_seed[seeds[i]] = 1;
        /* pass 0: minimum shares (certain); pass 1: maximum shares (possible) */
        for (int pass = 0; pass < 2; pass++) {
            bool use_max = pass == 1;
            size_t groups = rule->aggregate ? 1 : n_seeds;
            for (size_t gi = 0; gi < groups; gi++) {
                const uint32_t *sd = rule->aggregate ? seeds : &seeds[gi];
                size_t ns = rule->aggregate ? n_seeds : 1;
                fixpoint(g, sd, ns, rule, use_max, &s);
                for (size_t i = 0; i < s.n_changed; i++) {
                    uint32_t v = s.changed[i];
                    if (is_seed[v]) continue;
                    double *share = use_max ? smax : smin;
                    if (s.agg[v] > share[v]) share[v] = s.agg[v];
                    if (!s.in[v]) continue;
                    uint8_t c = use_max ? OV_CTRL_POSSIBLE : OV_CTRL_CERTAIN;
                    if (c > cls[v]) cls[v] = c;
                    if (!keep_n[v] || !use_max) {
                        keep_n[v] = s.n_contrib[v];
                        memcpy(&keep_contrib[(size_t)v * 8], &s.contrib[(size_t)v * 8], sizeof(uint32_t) * 8);
                    }
                }
                reset(&s);
            }
        }
        size_t count = 0;
        for (size_t v = 0; v < n; v++) count += cls[v] != 0;
        ov_controlled *res = ov__calloc(count ? count : 1, sizeof *res);
        if (!res) rc = OV_ENOMEM;
        size_t k = 0;
        for (size_t v = 0; !rc && v < n; v++) {
            if (!cls[v]) continue;
            ov_controlled *c = &res[k++];
            c->node = (uint32_t)v;
            c->cls = (ov_control_class)cls[v];
            c->share_min = smin[v];
            c->share_max = smax[v] > 1.0 ? 1.0 : smax[v];
            c->n_edges = keep_n[v];
            memcpy(c->edges, &keep_contrib[v * 8], sizeof c->edges);
        }
        if (!rc) {
            *out = res;
            *n_out = k;
        }
    }
    ov__free(s.agg);
    ov__free(s.in);
    ov__free(s.queue);
    ov__free(s.changed);
    ov__free(s.contrib);
    ov__free(s.n_contrib);
    ov__free(cls);
    ov__free(smin);
    ov__free(smax);
    ov__free(is_seed);
    ov__free(keep_contrib);
    ov__free(keep_n);
    return rc;
}

/* ---- ultimate parent ----------------------------------------------------------- */

int ov_own_ultimate_parent(const ov_graph *g, uint32_t node, ov_path *chain, uint32_t *parent, bool *cycle)
{
    chain->n = 0;
    chain->share = 1.0;
    *parent = node;
    *cycle = false;
    uint32_t cur = node;
    for (int step = 0; step < OV_OWN_MAX_PATH; step++) {
        uint32_t n, pick = UINT32_MAX;
        const uint32_t *in = ov_graph_in(g, cur, &n);
        for (uint32_t k = 0; k < n; k++) {
            const ov_edge *e = ov_graph_edge(g, in[k]);
            if (e->kind != OV_EDGE_OWNERSHIP || !e->share.has_share) continue;
            double lo, hi;
            bool first;
            pair_band(g, in, n, k, false, &lo, &hi, &first);
            /* a majority only when every claim about the holding says so */
            if (lo > 0.5 || (lo == 0.5 && e->share.min_exclusive && e->share.min == lo)) {
                pick = in[k];
                break;
            }
        }
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
    if (ov_graph_node_state(g, node)) {
        *min = *max = 1.0;
        path->n = 0;
        path->share = 1.0;
        return OV_OK;
    }
    return ov_own_state_chain_share(g, node, min, max, path);
}

int ov_own_state_chain_share(const ov_graph *g, uint32_t node, double *min, double *max, ov_path *path)
{
    *min = *max = 0;
    path->n = 0;
    path->share = 0;
    local l;
    int rc = local_build(g, node, &l);
    if (rc) {
        local_free(&l);
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
    if (!rc && (rc = best_paths(&l, next, best)) == OV_OK) {
        double top = 0;
        for (uint32_t k = 1; k < l.n; k++)
            if (ov_graph_node_state(g, l.nodes[k]) && best[k] > top) {
                top = best[k];
                fill_path(&l, k, next, best, path);
            }
    }
    ov__free(x);
    ov__free(best);
    ov__free(next);
    local_free(&l);
    return rc;
}
