/*
 * whole.c - whole-graph analyses: ultimate parents of every node and the
 * integrated holdings of a seed set in every node (see own.h).
 *
 * Holdings propagate downwards: v(x) = sum over owners h of x of
 * w(h -> x) * (h is a seed ? 1 : v(h)). On the condensation of the ownership
 * graph (strongly connected components, Tarjan) this is one pass in
 * topological order; inside a component with cycles it is iterated to a fixed
 * point, which exists when the shares around the cycle sum below 1.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "oversight/own.h"
#include "../util/alloc.h"
#include "../util/banned.h"

#define MAX_ITER 1000
#define EPS 1e-13

int ov_own_ultimate_parents(const ov_graph *g, uint32_t *parent, uint8_t *in_cycle)
{
    uint32_t n = ov_graph_node_count(g);
    /* the majority owner of each node, or itself */
    uint32_t *up = ov__malloc(sizeof *up * (n ? n : 1));
    uint8_t *state = ov__calloc(n ? n : 1, 1); /* 0 new, 1 on the current walk, 2 done */
    uint32_t *walk = ov__malloc(sizeof *walk * (n ? n : 1));
    if (!up || !state || !walk) {
        ov__free(up);
        ov__free(state);
        ov__free(walk);
        return OV_ENOMEM;
    }
    for (uint32_t v = 0; v < n; v++) {
        up[v] = v;
        uint32_t m;
        const uint32_t *in = ov_graph_in(g, v, &m);
        for (uint32_t k = 0; k < m; k++) {
            const ov_edge *e = ov_graph_edge(g, in[k]);
            if (e->kind != OV_EDGE_OWNERSHIP || !e->share.has_share) continue;
            /* every claim about this holding must give a majority */
            bool majority = true;
            for (uint32_t j = 0; j < m && majority; j++) {
                const ov_edge *f = ov_graph_edge(g, in[j]);
                if (f->kind == OV_EDGE_OWNERSHIP && f->from == e->from && f->share.has_share &&
                    !(f->share.min > 0.5 || (f->share.min == 0.5 && f->share.min_exclusive)))
                    majority = false;
            }
            if (majority && e->from != v) {
                up[v] = e->from;
                break;
            }
        }
        if (in_cycle) in_cycle[v] = 0;
    }
    /* follow the chains, memoising; a chain that meets itself is a cycle */
    for (uint32_t v = 0; v < n; v++) {
        if (state[v] == 2) continue;
        uint32_t len = 0, x = v;
        while (state[x] == 0) {
            state[x] = 1;
            walk[len++] = x;
            if (up[x] == x) break;
            x = up[x];
        }
        uint32_t root;
        bool cycle = false;
        if (state[x] == 1 && up[x] != x) {
            cycle = true; /* x is on the cycle just closed */
            root = x;
        } else if (state[x] == 2) {
            root = parent[x];
            cycle = in_cycle && in_cycle[x];
        } else {
            root = x;
        }
        for (uint32_t i = 0; i < len; i++) {
            parent[walk[i]] = root;
            state[walk[i]] = 2;
            if (in_cycle) in_cycle[walk[i]] = cycle;
        }
    }
    ov__free(up);
    ov__free(state);
    ov__free(walk);
    return OV_OK;
}

/* The nodes the seeds reach along ownership edges, and their strongly
 * connected components (Tarjan, iterative). Only these can hold anything, so
 * the analysis works on them alone, by compact index. */
typedef struct reach {
    uint32_t *id_of;    /* by node: compact index, UINT32_MAX when not reached */
    uint32_t *nodes;    /* by compact index: the node */
    uint32_t n;
    uint8_t *seed;      /* by compact index */
    uint32_t *members;  /* compact indexes grouped by component, sinks first */
    uint32_t *off;      /* component c: members[off[c] .. off[c + 1]) */
    uint32_t n_comp;
} reach;

static void reach_free(reach *r)
{
    ov__free(r->id_of);
    ov__free(r->nodes);
    ov__free(r->seed);
    ov__free(r->members);
    ov__free(r->off);
}

/* Tarjan's depth-first search from the seeds, in one walk: a node gets its
 * compact index when first reached (its discovery order, so index[v] is v). */
typedef struct walk {
    uint32_t *low, *iter, *stack, *call;
    uint8_t *on;
    uint32_t cap;
} walk;

static int reach_grow(reach *r, walk *w)
{
    uint32_t cap = w->cap ? w->cap * 2 : 4096;
    uint32_t **arrays[] = {&r->nodes, &r->members, &r->off, &w->low, &w->iter, &w->stack, &w->call};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++) {
        uint32_t *p = ov__realloc(*arrays[i], sizeof *p * ((size_t)cap + 1));
        if (!p) return OV_ENOMEM;
        *arrays[i] = p;
    }
    uint8_t *on = ov__realloc(w->on, cap);
    if (!on) return OV_ENOMEM;
    w->on = on;
    w->cap = cap;
    return OV_OK;
}

static int reach_build(const ov_graph *g, const uint32_t *seeds, size_t n_seeds, reach *r)
{
    uint32_t nn = ov_graph_node_count(g);
    memset(r, 0, sizeof *r);
    walk w;
    memset(&w, 0, sizeof w);
    r->id_of = ov__malloc(sizeof *r->id_of * (nn ? nn : 1));
    int rc = r->id_of ? reach_grow(r, &w) : OV_ENOMEM;
    if (!rc) memset(r->id_of, 0xff, sizeof *r->id_of * nn);
    const uint32_t UNSEEN = UINT32_MAX;
    uint32_t next = 0, sp = 0, comps = 0, filled = 0;
    for (size_t si = 0; !rc && si < n_seeds; si++) {
        if (seeds[si] >= nn || r->id_of[seeds[si]] != UNSEEN) continue;
        uint32_t depth = 0, root = next++;
        r->id_of[seeds[si]] = root;
        r->nodes[root] = seeds[si];
        w.low[root] = root;
        w.iter[root] = 0;
        w.stack[sp++] = root;
        w.on[root] = 1;
        w.call[depth++] = root;
        while (depth && !rc) {
            uint32_t v = w.call[depth - 1], m;
            const uint32_t *out = ov_graph_out(g, r->nodes[v], &m);
            if (w.iter[v] == 0) /* first visit: ask for all its edges at once */
                for (uint32_t k = 1; k < m; k++) __builtin_prefetch(ov_graph_edge(g, out[k]));
            if (w.iter[v] < m) {
                if (w.iter[v] + 1 < m) __builtin_prefetch(&r->id_of[ov_graph_edge(g, out[w.iter[v] + 1])->to]);
                const ov_edge *e = ov_graph_edge(g, out[w.iter[v]++]);
                if (e->kind != OV_EDGE_OWNERSHIP) continue;
                uint32_t x = r->id_of[e->to];
                if (x == UNSEEN) {
                    if (next == w.cap && (rc = reach_grow(r, &w))) break;
                    x = next++;
                    r->id_of[e->to] = x;
                    r->nodes[x] = e->to;
                    w.low[x] = x;
                    w.iter[x] = 0;
                    w.stack[sp++] = x;
                    w.on[x] = 1;
                    w.call[depth++] = x;
                } else if (w.on[x] && x < w.low[v]) {
                    w.low[v] = x;
                }
                continue;
            }
            depth--;
            if (depth && w.low[v] < w.low[w.call[depth - 1]]) w.low[w.call[depth - 1]] = w.low[v];
            if (w.low[v] == v) {
                r->off[comps++] = filled;
                uint32_t x;
                do {
                    x = w.stack[--sp];
                    w.on[x] = 0;
                    r->members[filled++] = x;
                } while (x != v);
            }
        }
        if (!rc && next == w.cap) rc = reach_grow(r, &w); /* room for the next root */
    }
    if (!rc) {
        r->off[comps] = filled;
        r->n_comp = comps;
        r->n = next;
        r->seed = ov__calloc(next ? next : 1, 1);
        if (!r->seed) rc = OV_ENOMEM;
    }
    for (size_t i = 0; !rc && i < n_seeds; i++)
        if (seeds[i] < nn) r->seed[r->id_of[seeds[i]]] = 1;
    ov__free(w.low);
    ov__free(w.iter);
    ov__free(w.stack);
    ov__free(w.call);
    ov__free(w.on);
    return rc;
}

/* The merged holdings of v (parallel claims about one holding become one band:
 * the span of their known shares, 0..1 when none is known), appended to h. */
typedef struct holdings {
    uint32_t *from;
    double *lo, *hi;
    size_t n, cap;
} holdings;

static int holdings_add_node(const ov_graph *g, uint32_t v, holdings *h)
{
    uint32_t m;
    const uint32_t *in = ov_graph_in(g, v, &m);
    size_t first = h->n;
    for (uint32_t k = 0; k < m; k++) {
        const ov_edge *e = ov_graph_edge(g, in[k]);
        if (e->kind != OV_EDGE_OWNERSHIP || e->from == v) continue;
        size_t j = first;
        while (j < h->n && h->from[j] != e->from) j++;
        if (j == h->n) {
            if (h->n == h->cap) {
                size_t cap = h->cap ? h->cap * 2 : 1024;
                uint32_t *f = ov__realloc(h->from, sizeof *f * cap);
                if (f) h->from = f;
                double *lo = f ? ov__realloc(h->lo, sizeof *lo * cap) : NULL;
                if (lo) h->lo = lo;
                double *hi = lo ? ov__realloc(h->hi, sizeof *hi * cap) : NULL;
                if (!hi) return OV_ENOMEM;
                h->hi = hi;
                h->cap = cap;
            }
            h->from[j] = e->from;
            h->lo[j] = 2; /* lo > hi: no known share yet */
            h->hi[j] = -1;
            h->n++;
        }
        if (e->share.has_share) {
            if (e->share.min < h->lo[j]) h->lo[j] = e->share.min;
            if (e->share.max > h->hi[j]) h->hi[j] = e->share.max;
        }
    }
    for (size_t j = first; j < h->n; j++)
        if (h->lo[j] > h->hi[j]) {
            h->lo[j] = 0;
            h->hi[j] = 1;
        }
    return OV_OK;
}

static double holdings_value(const holdings *h, size_t a, size_t b, const double *val, bool use_max)
{
    double sum = 0;
    for (size_t j = a; j < b; j++) sum += (use_max ? h->hi[j] : h->lo[j]) * val[h->from[j]];
    return sum > 1.0 ? 1.0 : sum;
}

static int by_node(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* A component with cycles, solved on its own: members in node order (the
 * order of the sweeps), their merged holdings with owners inside the
 * component by member index (owners outside folded into a constant), so the
 * sweeps touch only the component's own memory. */
typedef struct cyc {
    uint32_t *node;      /* members, by node */
    uint32_t *keys, *slot; /* node -> member: open addressing, keys UINT32_MAX when free */
    uint32_t cap;
    uint32_t *hoff;      /* member i: holdings from[hoff[i] .. hoff[i + 1]) */
    uint32_t *from;      /* member index of an owner inside */
    double *lo, *hi;
    double *bmin, *bmax; /* what owners outside (and seeds) give at the minimum and maximum */
    double *xmin, *xmax;
    uint8_t *seed;
} cyc;

static uint32_t cyc_find(const cyc *c, uint32_t node)
{
    uint32_t mask = c->cap - 1;
    for (uint32_t h = (uint32_t)(((uint64_t)node * 0x9E3779B97F4A7C15ULL) >> 32) & mask;; h = (h + 1) & mask) {
        if (c->keys[h] == node) return c->slot[h];
        if (c->keys[h] == UINT32_MAX) return UINT32_MAX;
    }
}

static void cyc_free(cyc *c)
{
    ov__free(c->node);
    ov__free(c->keys);
    ov__free(c->slot);
    ov__free(c->hoff);
    ov__free(c->from);
    ov__free(c->lo);
    ov__free(c->hi);
    ov__free(c->bmin);
    ov__free(c->bmax);
    ov__free(c->xmin);
    ov__free(c->xmax);
    ov__free(c->seed);
}

/* Gauss-Seidel over one reading (use_max) until no value moves by EPS or MAX_ITER sweeps. */
static void cyc_sweep(const cyc *c, uint32_t s, bool use_max)
{
    const double *w = use_max ? c->hi : c->lo, *b = use_max ? c->bmax : c->bmin;
    double *x = use_max ? c->xmax : c->xmin;
    for (int it = 0; it < MAX_ITER; it++) {
        double delta = 0;
        for (uint32_t i = 0; i < s; i++) {
            if (c->seed[i]) continue;
            double sum = b[i];
            for (uint32_t j = c->hoff[i]; j < c->hoff[i + 1]; j++) sum += w[j] * x[c->from[j]];
            if (sum > 1.0) sum = 1.0;
            double d = sum > x[i] ? sum - x[i] : x[i] - sum;
            if (d > delta) delta = d;
            x[i] = sum;
        }
        if (delta < EPS) break;
    }
}

static int solve_cyclic(const ov_graph *g, const reach *r, uint32_t a, uint32_t b, holdings *h, double *min,
                        double *max)
{
    uint32_t s = b - a;
    cyc c;
    memset(&c, 0, sizeof c);
    c.cap = 16;
    while (c.cap < 2 * s) c.cap *= 2;
    c.node = ov__malloc(sizeof *c.node * s);
    c.keys = ov__malloc(sizeof *c.keys * c.cap);
    c.slot = ov__malloc(sizeof *c.slot * c.cap);
    c.hoff = ov__malloc(sizeof *c.hoff * ((size_t)s + 1));
    c.bmin = ov__calloc(s, sizeof *c.bmin);
    c.bmax = ov__calloc(s, sizeof *c.bmax);
    c.xmin = ov__calloc(s, sizeof *c.xmin);
    c.xmax = ov__calloc(s, sizeof *c.xmax);
    c.seed = ov__calloc(s, 1);
    int rc = !c.node || !c.keys || !c.slot || !c.hoff || !c.bmin || !c.bmax || !c.xmin || !c.xmax || !c.seed
                 ? OV_ENOMEM
                 : OV_OK;
    if (!rc) {
        for (uint32_t i = 0; i < s; i++) c.node[i] = r->nodes[r->members[a + i]];
        qsort(c.node, s, sizeof *c.node, by_node);
        memset(c.keys, 0xff, sizeof *c.keys * c.cap);
        for (uint32_t i = 0; i < s; i++) {
            uint32_t mask = c.cap - 1, k = (uint32_t)(((uint64_t)c.node[i] * 0x9E3779B97F4A7C15ULL) >> 32) & mask;
            while (c.keys[k] != UINT32_MAX) k = (k + 1) & mask;
            c.keys[k] = c.node[i];
            c.slot[k] = i;
        }
        h->n = 0;
    }
    for (uint32_t i = 0; !rc && i < s; i++) {
        c.hoff[i] = (uint32_t)h->n;
        rc = holdings_add_node(g, c.node[i], h);
    }
    if (!rc) {
        c.hoff[s] = (uint32_t)h->n;
        /* owners inside become member indexes; the rest a constant */
        c.from = ov__malloc(sizeof *c.from * (h->n ? h->n : 1));
        c.lo = ov__malloc(sizeof *c.lo * (h->n ? h->n : 1));
        c.hi = ov__malloc(sizeof *c.hi * (h->n ? h->n : 1));
        if (!c.from || !c.lo || !c.hi) rc = OV_ENOMEM;
    }
    if (!rc) {
        uint32_t k = 0;
        for (uint32_t i = 0; i < s; i++) {
            uint32_t j0 = c.hoff[i], j1 = c.hoff[i + 1];
            c.hoff[i] = k;
            for (uint32_t j = j0; j < j1; j++) {
                uint32_t m = cyc_find(&c, h->from[j]);
                if (m == UINT32_MAX) {
                    c.bmin[i] += h->lo[j] * min[h->from[j]];
                    c.bmax[i] += h->hi[j] * max[h->from[j]];
                    continue;
                }
                c.from[k] = m;
                c.lo[k] = h->lo[j];
                c.hi[k] = h->hi[j];
                k++;
            }
            c.seed[i] = r->seed[r->id_of[c.node[i]]];
            if (c.seed[i]) c.xmin[i] = c.xmax[i] = 1.0;
        }
        c.hoff[s] = k;
        cyc_sweep(&c, s, false);
        cyc_sweep(&c, s, true);
        for (uint32_t i = 0; i < s; i++) {
            min[c.node[i]] = c.xmin[i];
            max[c.node[i]] = c.xmax[i];
        }
    }
    cyc_free(&c);
    return rc;
}

int ov_own_holdings(const ov_graph *g, const uint32_t *seeds, size_t n_seeds, double *min, double *max)
{
    uint32_t nn = ov_graph_node_count(g);
    reach r;
    int rc = reach_build(g, seeds, n_seeds, &r);
    holdings h = {0};
    if (!rc) {
        /* values are kept by node; only reached nodes hold anything; seeds hold themselves */
        memset(min, 0, sizeof *min * nn);
        memset(max, 0, sizeof *max * nn);
        for (uint32_t i = 0; i < r.n; i++)
            if (r.seed[i]) min[r.nodes[i]] = max[r.nodes[i]] = 1.0;
    }
    /* components owners first: a single node in one step, both readings at once */
    for (uint32_t c = r.n_comp; !rc && c-- > 0;) {
        uint32_t a = r.off[c], b = r.off[c + 1];
        /* the nodes to come lie anywhere in the graph: ask early for their
         * in-edge lists (16 components ahead), edges (8) and owners' values (4) */
        if (c >= 16) {
            uint32_t m;
            __builtin_prefetch(ov_graph_in(g, r.nodes[r.members[r.off[c - 16]]], &m));
        }
        for (int ahead = 8; ahead >= 4; ahead -= 4) {
            if (c < (uint32_t)ahead) continue;
            uint32_t m;
            const uint32_t *in = ov_graph_in(g, r.nodes[r.members[r.off[c - (uint32_t)ahead]]], &m);
            for (uint32_t k = 0; k < m && k < 8; k++) {
                const ov_edge *e = ov_graph_edge(g, in[k]);
                if (ahead == 8) {
                    __builtin_prefetch(e);
                } else {
                    __builtin_prefetch(&min[e->from]);
                    __builtin_prefetch(&max[e->from]);
                }
            }
        }
        if (b - a > 1) {
            rc = solve_cyclic(g, &r, a, b, &h, min, max);
            continue;
        }
        if (r.seed[r.members[a]]) continue;
        uint32_t v = r.nodes[r.members[a]];
        h.n = 0;
        if ((rc = holdings_add_node(g, v, &h))) break;
        min[v] = holdings_value(&h, 0, h.n, min, false);
        max[v] = holdings_value(&h, 0, h.n, max, true);
    }
    ov__free(h.from);
    ov__free(h.lo);
    ov__free(h.hi);
    reach_free(&r);
    return rc;
}
