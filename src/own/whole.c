/*
 * whole.c - whole-graph analyses: ultimate parents of every node and the
 * integrated holdings of a seed set in every node (see own.h).
 *
 * Holdings propagate downwards: v(x) = sum over owners h of x of
 * w(h -> x) * (h is a seed ? 1 : v(h)). On the condensation of the ownership
 * graph (strongly connected components, Tarjan) this is one pass in
 * topological order; inside a component with cycles it is iterated to a fixed
 * point, which exists when the shares around the cycle sum below 1.
 *
 * The state's share of every node (ov_own_state_shares) is the same walk from
 * the state nodes, with cycles solved exactly (own.c's elimination) and each
 * node's own returns taken out; docs/internals/ownership.md says how.
 */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include "oversight/own.h"
#include "own_internal.h"
#include "../util/alloc.h"
#include "../util/banned.h"

#define MAX_ITER 1000
#define EPS 1e-13
/* members of a diverging component probed one by one, at most (see state_component) */
#define STATE_ALONE_MAX 64

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

/* sink (may be NULL): by node, 1 for nodes whose holders are not followed
 * (edges into them are left out of the walk and of the components). */
static int reach_build(const ov_graph *g, const uint32_t *seeds, size_t n_seeds, const uint8_t *sink, reach *r)
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
                if (e->kind != OV_EDGE_OWNERSHIP || (sink && sink[e->to])) continue;
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
    uint32_t *edge;      /* the holding's first edge that states a share, else its first edge */
    size_t n, cap;
} holdings;

/* Room for need holdings (doubling). */
static int holdings_reserve(holdings *h, size_t need)
{
    if (need <= h->cap) return OV_OK;
    size_t cap = h->cap ? h->cap : 1024;
    while (cap < need) cap *= 2;
    uint32_t *f = ov__realloc(h->from, sizeof *f * cap);
    if (f) h->from = f;
    double *lo = f ? ov__realloc(h->lo, sizeof *lo * cap) : NULL;
    if (lo) h->lo = lo;
    double *hi = lo ? ov__realloc(h->hi, sizeof *hi * cap) : NULL;
    if (hi) h->hi = hi;
    uint32_t *ed = hi ? ov__realloc(h->edge, sizeof *ed * cap) : NULL;
    if (!ed) return OV_ENOMEM;
    h->edge = ed;
    h->cap = cap;
    return OV_OK;
}

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
            if (holdings_reserve(h, h->n + 1)) return OV_ENOMEM;
            h->from[j] = e->from;
            h->lo[j] = 2; /* lo > hi: no known share yet */
            h->hi[j] = -1;
            h->edge[j] = in[k];
            h->n++;
        }
        if (e->share.has_share && h->lo[j] > h->hi[j]) h->edge[j] = in[k];
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

static void holdings_free(holdings *h)
{
    ov__free(h->from);
    ov__free(h->lo);
    ov__free(h->hi);
    ov__free(h->edge);
}

/* Appends src's holdings a..b to h. */
static int holdings_append(holdings *h, const holdings *src, size_t a, size_t b)
{
    size_t need = h->n + (b - a);
    if (holdings_reserve(h, need)) return OV_ENOMEM;
    memcpy(&h->from[h->n], &src->from[a], sizeof *h->from * (b - a));
    memcpy(&h->lo[h->n], &src->lo[a], sizeof *h->lo * (b - a));
    memcpy(&h->hi[h->n], &src->hi[a], sizeof *h->hi * (b - a));
    memcpy(&h->edge[h->n], &src->edge[a], sizeof *h->edge * (b - a));
    h->n = need;
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
    int rc = reach_build(g, seeds, n_seeds, NULL, &r);
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
    holdings_free(&h);
    reach_free(&r);
    return rc;
}

/* ---- the state's share of every node ---------------------------------------- */

/* An answer that is not the node's walk sum: a node on a cycle (its own
 * returns taken out) or a state node (held by other state nodes). */
typedef struct state_special {
    uint32_t node;
    double min, max;
    uint8_t unb;         /* capped at 1: bit 1 at the minimum, 2 at the maximum; while pending,
                            the divergence that reaches it */
    bool pending;        /* to be solved on its own (ov_own_state_chain_share), after the pass */
    bool own_path;       /* path is the answer's; otherwise it is read from via */
    ov_path path;
} state_special;

struct ov_state_shares {
    const ov_graph *g;
    uint32_t n;
    double *hmin, *hmax; /* by node: walk sums from the state, state nodes holding themselves (1) */
    double *best;        /* by node: the strongest path's share from a state node, 0 when none */
    uint32_t *via;       /* by node: that path's last edge, UINT32_MAX when none */
    uint8_t *unb;        /* by node: the walk sums diverge at the minimum (1), the maximum (2) */
    uint8_t *sink;       /* by node: 1 a state node, | 2 answered by state_cycles */
    state_special *sp;   /* sorted by node */
    size_t n_sp, cap_sp;
};

void ov_own_state_shares_free(ov_state_shares *s)
{
    if (!s) return;
    ov__free(s->hmin);
    ov__free(s->hmax);
    ov__free(s->best);
    ov__free(s->via);
    ov__free(s->unb);
    ov__free(s->sink);
    ov__free(s->sp);
    ov__free(s);
}

static int special_add(ov_state_shares *S, const state_special *x)
{
    if (S->n_sp == S->cap_sp) {
        size_t cap = S->cap_sp ? 2 * S->cap_sp : 256;
        state_special *p = ov__realloc(S->sp, sizeof *p * cap);
        if (!p) return OV_ENOMEM;
        S->sp = p;
        S->cap_sp = cap;
    }
    S->sp[S->n_sp++] = *x;
    return OV_OK;
}

/* What the holdings h[a..b) of one node bring: walk sums (linear, as own.c's
 * per-node solve: no cap but OV__OWN_CAP along the way), divergence (from
 * any holder below a diverging cycle, whatever the share: as the per-node
 * solve, which marks a whole diverging component), and the strongest path
 * (unknown shares weigh 1e-9 there, as in own.c). */
typedef struct inflow {
    double min, max, best;
    uint32_t via;
    uint8_t unb;
} inflow;

static inflow inflow_of(const ov_state_shares *S, const holdings *h, size_t a, size_t b)
{
    inflow f = {0, 0, 0, UINT32_MAX, 0};
    for (size_t j = a; j < b; j++) {
        uint32_t o = h->from[j];
        f.min += h->lo[j] * S->hmin[o];
        f.max += h->hi[j] * S->hmax[o];
        f.unb |= S->unb[o];
        double w = S->best[o] * (h->lo[j] > 0 ? h->lo[j] : 1e-9);
        if (S->best[o] > 0 && w > f.best) {
            f.best = w;
            f.via = h->edge[j];
        }
    }
    if (f.min > OV__OWN_CAP) f.min = OV__OWN_CAP;
    if (f.max > OV__OWN_CAP) f.max = OV__OWN_CAP;
    return f;
}

/* A component with cycles (no state node is in one: their holders are not
 * followed). The walk sums into its members and each member's Z_vv come
 * from one exact solve (ov__own_component_solve); a member's share of the
 * walks that reach it the first time is h_v / Z_vv. Strongest paths by
 * Dijkstra inside the component, from what enters it. Where the cycles
 * diverge or are too large to solve, each member is solved on its own
 * (ov_own_state_chain_share). */
typedef struct comp_scratch {
    holdings h;
    /* state_cycles' probes of one component share its non-state members (the
     * same list after the probe): their holdings, read from the graph once */
    holdings raw;
    uint32_t *raw_off;   /* member i >= 1: raw[raw_off[i - 1] .. raw_off[i]) */
    uint32_t *raw_pos;   /* by raw holding: its holder's member position, UINT32_MAX outside */
    bool use_raw;
    uint32_t *hpos;      /* by holding of h: its holder's member position (UINT32_MAX outside) */
    size_t cap_hpos, cap_raw_pos;
    uint32_t *member_of; /* by compact index: member position, UINT32_MAX outside */
    uint32_t *nodes, *hoff, *hfrom, *ooff, *oto, *oedge, *heap_node;
    double *bmin, *bmax, *xmin, *xmax, *dmin, *dmax, *ow, *heap_v;
    double *best;        /* by member: the strongest path's share (Dijkstra) */
    uint32_t *via;       /* by member: that path's last edge */
    double *ohi;         /* the holdings inside, by holder: their maximum (ow: their minimum) */
    uint8_t *div, *dv, *u, *done, *anc;
    size_t cap_nodes, cap_edges;
} comp_scratch;

static void comp_scratch_free(comp_scratch *c)
{
    holdings_free(&c->h);
    holdings_free(&c->raw);
    ov__free(c->raw_off);
    ov__free(c->raw_pos);
    ov__free(c->hpos);
    ov__free(c->member_of);
    void *p[] = {c->nodes, c->hoff, c->hfrom, c->ooff, c->oto, c->oedge, c->heap_node, c->bmin, c->bmax, c->xmin,
                 c->xmax, c->dmin, c->dmax, c->ow, c->heap_v, c->div, c->u, c->done, c->best, c->via,
                 c->ohi, c->dv, c->anc};
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++) ov__free(p[i]);
}

static int grow(void **p, size_t size, size_t n)
{
    void *q = ov__realloc(*p, size * (n ? n : 1));
    if (!q) return OV_ENOMEM;
    *p = q;
    return OV_OK;
}

static int comp_reserve(comp_scratch *c, size_t s, size_t e)
{
    if (s + 1 > c->cap_nodes) {
        size_t cap = 2 * (s + 1);
        void **u32[] = {(void **)&c->nodes, (void **)&c->hoff, (void **)&c->ooff, (void **)&c->via};
        void **f64[] = {(void **)&c->bmin, (void **)&c->bmax, (void **)&c->xmin, (void **)&c->xmax,
                        (void **)&c->dmin, (void **)&c->dmax, (void **)&c->best};
        void **u8[] = {(void **)&c->div, (void **)&c->u, (void **)&c->done, (void **)&c->dv, (void **)&c->anc};
        for (size_t i = 0; i < 4; i++)
            if (grow(u32[i], sizeof(uint32_t), cap)) return OV_ENOMEM;
        for (size_t i = 0; i < 5; i++)
            if (grow(u8[i], 1, cap)) return OV_ENOMEM;
        for (size_t i = 0; i < 7; i++)
            if (grow(f64[i], sizeof(double), cap)) return OV_ENOMEM;
        c->cap_nodes = cap;
    }
    if (e + s + 1 > c->cap_edges) {
        size_t cap = 2 * (e + s + 1);
        if (grow((void **)&c->hfrom, sizeof *c->hfrom, cap) || grow((void **)&c->oto, sizeof *c->oto, cap) ||
            grow((void **)&c->oedge, sizeof *c->oedge, cap) || grow((void **)&c->ow, sizeof *c->ow, cap) ||
            grow((void **)&c->ohi, sizeof *c->ohi, cap) ||
            grow((void **)&c->heap_node, sizeof *c->heap_node, cap) ||
            grow((void **)&c->heap_v, sizeof *c->heap_v, cap))
            return OV_ENOMEM;
        c->cap_edges = cap;
    }
    return OV_OK;
}

/* the member position of node, UINT32_MAX when outside the component */
static uint32_t member_pos(const reach *r, const comp_scratch *c, uint32_t node)
{
    uint32_t k = r->id_of[node];
    return k == UINT32_MAX ? UINT32_MAX : c->member_of[k];
}

/* Dijkstra over the component's members (max product, a binary max-heap). */
static void comp_paths(comp_scratch *c, uint32_t s)
{
    size_t len = 0;
#define HEAP_SWAP(a, b)                                                                                          \
    do {                                                                                                          \
        double tv_ = c->heap_v[a];                                                                                \
        uint32_t tn_ = c->heap_node[a];                                                                           \
        c->heap_v[a] = c->heap_v[b];                                                                              \
        c->heap_node[a] = c->heap_node[b];                                                                        \
        c->heap_v[b] = tv_;                                                                                       \
        c->heap_node[b] = tn_;                                                                                    \
    } while (0)
#define HEAP_PUSH(v, i)                                                                                          \
    do {                                                                                                          \
        size_t x_ = len++;                                                                                        \
        c->heap_v[x_] = (v);                                                                                      \
        c->heap_node[x_] = (i);                                                                                   \
        while (x_ && c->heap_v[(x_ - 1) / 2] < c->heap_v[x_]) {                                                   \
            HEAP_SWAP((x_ - 1) / 2, x_);                                                                          \
            x_ = (x_ - 1) / 2;                                                                                    \
        }                                                                                                         \
    } while (0)
    for (uint32_t i = 0; i < s; i++) {
        c->done[i] = 0;
        if (c->best[i] > 0) HEAP_PUSH(c->best[i], i);
    }
    while (len) {
        double v = c->heap_v[0];
        uint32_t i = c->heap_node[0];
        len--;
        if (len) {
            c->heap_v[0] = c->heap_v[len];
            c->heap_node[0] = c->heap_node[len];
            for (size_t x = 0;;) {
                size_t a = 2 * x + 1, b = a + 1, m = x;
                if (a < len && c->heap_v[a] > c->heap_v[m]) m = a;
                if (b < len && c->heap_v[b] > c->heap_v[m]) m = b;
                if (m == x) break;
                HEAP_SWAP(x, m);
                x = m;
            }
        }
        if (c->done[i] || v < c->best[i]) continue;
        c->done[i] = 1;
        for (uint32_t p = c->ooff[i]; p < c->ooff[i + 1]; p++) {
            uint32_t t = c->oto[p];
            double w = v * (c->ow[p] > 0 ? c->ow[p] : 1e-9);
            if (c->done[t] || w <= c->best[t]) continue;
            c->best[t] = w;
            c->via[t] = c->oedge[p];
            HEAP_PUSH(w, t);
        }
    }
#undef HEAP_PUSH
#undef HEAP_SWAP
}

/* The last edge of the strongest path down to v: from the component being
 * solved (c, may be NULL) for its members, else from S. */
static uint32_t via_of(const ov_state_shares *S, const reach *r, const comp_scratch *c, uint32_t v)
{
    uint32_t m = c ? member_pos(r, c, v) : UINT32_MAX;
    return m != UINT32_MAX ? c->via[m] : S->via[v];
}

/* The strongest path down to node, read back up to the state node it starts
 * from, then last (UINT32_MAX: none) out of node; past OV_OWN_MAX_PATH edges,
 * the ones nearest the state are kept (as own.c's fill_path does). */
static void path_via(const ov_state_shares *S, const reach *r, const comp_scratch *c, uint32_t node, uint32_t last,
                     double best, ov_path *path)
{
    path->share = best > 1e-6 ? best : 0;
    /* walking back up, the edges nearest the state come last: keep the last
     * OV_OWN_MAX_PATH in a ring */
    uint32_t ring[OV_OWN_MAX_PATH], len = 0;
    for (uint32_t v = node, e; (e = via_of(S, r, c, v)) != UINT32_MAX && len < S->n; len++) {
        ring[len % OV_OWN_MAX_PATH] = e;
        v = ov_graph_edge(S->g, e)->from;
    }
    uint32_t total = len + (last != UINT32_MAX), keep = total < OV_OWN_MAX_PATH ? total : OV_OWN_MAX_PATH;
    /* path->edges[at] is the edge "at" steps down from the state: the walk's (len - 1 - at)-th */
    for (uint32_t at = 0; at < keep && at < len; at++) path->edges[at] = ring[(len - 1 - at) % OV_OWN_MAX_PATH];
    if (last != UINT32_MAX && len < keep) path->edges[len] = last;
    path->n = (int)keep;
}

/* A strongly connected set of nodes solved together: their holdings, what
 * enters from outside (walk sums b, divergence u, the strongest paths), the
 * exact solve, the paths inside. compact: the members' compact indexes in r.
 * With probe UINT32_MAX they are a component of the walk's graph (no state
 * node): their answers and sums are stored in S. Otherwise probe is one of
 * them (a member of a small diverging component), or a state node that lies on
 * a cycle with them, taken as an ordinary member whose own holdings are left
 * out (walks stop where they first reach it, so its walk sum is its answer):
 * only that answer is stored (the others keep what the walk gave them). */
static int state_component(ov_state_shares *S, reach *r, const uint32_t *compact, uint32_t s, comp_scratch *c,
                           uint32_t probe)
{
    const ov_graph *g = S->g;
    bool probe_each = false;
    int rc = comp_reserve(c, s, 0);
    if (rc) return rc;
    for (uint32_t i = 0; i < s; i++) {
        c->nodes[i] = r->nodes[compact[i]];
        c->member_of[compact[i]] = i;
    }
    /* the members' holdings: from outside into b, divergence and the paths;
     * inside by member position */
    c->h.n = 0;
    for (uint32_t i = 0; !rc && i < s; i++) {
        c->hoff[i] = (uint32_t)c->h.n;
        rc = c->use_raw && i > 0 ? holdings_append(&c->h, &c->raw, c->raw_off[i - 1], c->raw_off[i])
                                 : holdings_add_node(g, c->nodes[i], &c->h);
    }
    if (!rc) {
        c->hoff[s] = (uint32_t)c->h.n;
        rc = comp_reserve(c, s, c->h.n);
    }
    /* each holding's holder as a member position (the probes' shared part
     * has them already: a lookup by node is a cache miss in a large graph) */
    if (!rc && c->h.n > c->cap_hpos) {
        uint32_t *p = ov__realloc(c->hpos, sizeof *p * c->h.n);
        if (p) {
            c->hpos = p;
            c->cap_hpos = c->h.n;
        } else {
            rc = OV_ENOMEM;
        }
    }
    for (uint32_t i = 0; !rc && i < s; i++) {
        if (c->use_raw && i > 0) {
            memcpy(&c->hpos[c->hoff[i]], &c->raw_pos[c->raw_off[i - 1]],
                   sizeof *c->hpos * (c->raw_off[i] - c->raw_off[i - 1]));
            continue;
        }
        for (uint32_t j = c->hoff[i]; j < c->hoff[i + 1]; j++) c->hpos[j] = member_pos(r, c, c->h.from[j]);
    }
    if (rc) goto out;
    uint32_t n_in = 0;
    memset(c->ooff, 0, sizeof *c->ooff * (s + 1));
    for (uint32_t i = 0; i < s; i++) {
        uint32_t j0 = c->hoff[i];
        c->u[i] = 0;
        c->bmin[i] = c->bmax[i] = 0;
        c->best[i] = 0;
        c->via[i] = UINT32_MAX;
        c->hoff[i] = n_in;
        for (uint32_t j = j0; j < c->hoff[i + 1]; j++) {
            uint32_t o = c->h.from[j], m = c->hpos[j];
            if (o == probe) continue; /* walks end where they reach the probe */
            if (m != UINT32_MAX) {
                c->ooff[m]++;
                /* compacted in place: the holdings inside come first */
                c->hfrom[n_in] = m;
                c->h.lo[n_in] = c->h.lo[j];
                c->h.hi[n_in] = c->h.hi[j];
                c->h.edge[n_in] = c->h.edge[j];
                n_in++;
                continue;
            }
            c->bmin[i] += c->h.lo[j] * S->hmin[o];
            c->bmax[i] += c->h.hi[j] * S->hmax[o];
            c->u[i] |= S->unb[o];
            double w = S->best[o] * (c->h.lo[j] > 0 ? c->h.lo[j] : 1e-9);
            if (S->best[o] > 0 && w > c->best[i]) {
                c->best[i] = w;
                c->via[i] = c->h.edge[j];
            }
        }
    }
    c->hoff[s] = n_in;
    /* the holdings inside, by holder (for the paths) */
    uint32_t sum = 0;
    for (uint32_t i = 0; i < s; i++) {
        uint32_t k = c->ooff[i];
        c->ooff[i] = sum;
        sum += k;
    }
    c->ooff[s] = sum;
    for (uint32_t i = 0; i < s; i++)
        for (uint32_t j = c->hoff[i]; j < c->hoff[i + 1]; j++) {
            uint32_t p = c->ooff[c->hfrom[j]]++;
            c->oto[p] = i;
            c->oedge[p] = c->h.edge[j];
            c->ow[p] = c->h.lo[j];
            c->ohi[p] = c->h.hi[j];
        }
    for (uint32_t i = s; i > 0; i--) c->ooff[i] = c->ooff[i - 1];
    c->ooff[0] = 0;
    comp_paths(c, s);
    rc = ov__own_component_solve(s, c->hoff, c->hfrom, c->h.lo, c->h.hi, c->bmin, c->bmax, c->xmin, c->xmax,
                                 c->dmin, c->dmax, c->div, c->dv);
    bool alone = rc == OV_ETOOBIG;
    if (alone) rc = OV_OK;
    uint8_t div = 0, from_above = 0, reached = 0;
    /* what can reach the answer: the whole component, or for a probe (member
     * 0) its ancestors inside the probe (the other state nodes are sources
     * there, so not every member leads to it any more) */
    if (probe == UINT32_MAX) {
        memset(c->anc, 1, s);
    } else {
        uint32_t *queue = c->heap_node, qn = 0;
        memset(c->anc, 0, s);
        c->anc[0] = 1;
        queue[qn++] = 0;
        for (uint32_t qh = 0; qh < qn; qh++)
            for (uint32_t j = c->hoff[queue[qh]]; j < c->hoff[queue[qh] + 1]; j++)
                if (!c->anc[c->hfrom[j]]) {
                    c->anc[c->hfrom[j]] = 1;
                    queue[qn++] = c->hfrom[j];
                }
    }
    for (uint32_t i = 0; i < s; i++) from_above |= c->anc[i] ? c->u[i] : 0;
    for (uint32_t i = 0; !rc && !alone && i < s; i++) div |= c->anc[i] ? c->dv[i] : 0;
    /* A diverging reading reached: the state brings a positive share (b) to
     * a member from which holdings positive at that reading lead into a
     * diverging part (as node by node: a state holder with a positive path
     * into it). Then the component, and everything below it, diverges; so
     * does all of it when a divergence above reaches it. */
    for (int bit = 1; bit <= 2 && !rc; bit++) {
        if (!(div & bit)) continue;
        const double *b = bit == 1 ? c->bmin : c->bmax, *w = bit == 1 ? c->ow : c->ohi;
        uint32_t *queue = c->heap_node, qn = 0;
        for (uint32_t i = 0; i < s; i++) {
            c->done[i] = b[i] > 0;
            if (c->done[i]) queue[qn++] = i;
        }
        for (uint32_t qh = 0; qh < qn && !(reached & bit); qh++) {
            uint32_t i = queue[qh];
            if ((c->dv[i] & bit) && c->anc[i]) reached |= (uint8_t)bit;
            for (uint32_t p = c->ooff[i]; p < c->ooff[i + 1]; p++)
                if (w[p] > 0 && !c->done[c->oto[p]]) {
                    c->done[c->oto[p]] = 1;
                    queue[qn++] = c->oto[p];
                }
        }
    }
    for (int bit = 1; bit <= 2 && !rc; bit++)
        if ((reached & bit) || (from_above & bit))
            for (uint32_t i = 0; i < s; i++) c->u[i] |= (uint8_t)bit;
    /* Members of a small diverging component are probed one by one (below):
     * each one's own holdings may be what closes the diverging cycles; in a
     * large one that costs a solve of the component per member, so every
     * member the state reaches takes the component's divergence (capped at 1,
     * flagged), the rest its walk sums. A probe's answer is exact unless a
     * reading diverges where the state brings nothing (the walk sums there
     * are not zero but capped): then it is solved over all its ancestors. */
    bool one_by_one = alone || (probe != UINT32_MAX && (div & ~(reached | from_above)));
    /* a small diverging component: each member probed on its own, below */
    probe_each = !alone && div && s <= STATE_ALONE_MAX && probe == UINT32_MAX;
    for (uint32_t i = 0; !rc && i < s; i++) {
        uint32_t v = c->nodes[i];
        if (probe != UINT32_MAX && v != probe) continue;
        state_special x = {.node = v, .unb = c->u[i]};
        double val[2];
        for (int k = 0; k < 2; k++) {
            uint8_t bit = (uint8_t)(1 << k);
            double xv = k ? c->xmax[i] : c->xmin[i], d = k ? c->dmax[i] : c->dmin[i];
            double *h = k ? &S->hmax[v] : &S->hmin[v];
            if (probe != UINT32_MAX) h = &xv; /* a probe leaves the walk's sums as they are */
            if (alone) *h = OV__OWN_CAP;
            else if (c->u[i] & bit) *h = OV__OWN_CAP;
            else if (c->div[i] & bit) *h = 0; /* below a divergence the state brings nothing to: capped sums */
            else *h = xv;
            val[k] = (c->u[i] & bit) ? 1.0 : (c->div[i] & bit) ? 0.0 : fmin(1.0, xv / d);
        }
        if (one_by_one) {
            x.own_path = true;
            x.pending = true; /* solved after the pass, in parallel (solve_pending) */
        } else {
            x.min = val[0];
            x.max = val[1];
            if (probe != UINT32_MAX) {
                x.own_path = true;
                path_via(S, r, c, v, UINT32_MAX, c->best[i], &x.path);
            }
        }
        if (probe == UINT32_MAX) {
            S->unb[v] = c->u[i];
            S->best[v] = c->best[i];
            S->via[v] = c->via[i];
        }
        if (!rc && !probe_each) rc = special_add(S, &x);
    }
out:
    for (uint32_t i = 0; i < s; i++) c->member_of[compact[i]] = UINT32_MAX;
    /* Each member of a small diverging component: the component with the
     * member's own holdings left out (walks end where they reach it), as
     * node by node; when that still diverges, node by node (pending). */
    if (!rc && probe_each) {
        uint32_t list[STATE_ALONE_MAX], nodes[STATE_ALONE_MAX];
        for (uint32_t i = 0; i < s; i++) nodes[i] = r->nodes[compact[i]];
        for (uint32_t i = 0; !rc && i < s; i++) {
            uint32_t k = 0;
            list[k++] = r->id_of[nodes[i]];
            for (uint32_t j = 0; j < s; j++)
                if (j != i) list[k++] = r->id_of[nodes[j]];
            rc = state_component(S, r, list, s, c, nodes[i]);
        }
    }
    return rc;
}

/* A state node's own share: what other state nodes hold of it, its holders'
 * walk sums (a state node on a cycle through a holder the state reaches is
 * answered by state_component instead: that holder's sum includes walks
 * coming back from it). */
static int state_node(ov_state_shares *S, const reach *r, uint32_t v, holdings *h)
{
    h->n = 0;
    int rc = holdings_add_node(S->g, v, h);
    if (rc) return rc;
    state_special x = {.node = v, .own_path = true};
    inflow f = inflow_of(S, h, 0, h->n);
    x.min = (f.unb & 1) ? 1.0 : fmin(1.0, f.min);
    x.max = (f.unb & 2) ? 1.0 : fmin(1.0, f.max);
    x.unb = f.unb;
    if (f.via != UINT32_MAX) path_via(S, r, NULL, ov_graph_edge(S->g, f.via)->from, f.via, f.best, &x.path);
    return special_add(S, &x);
}

/* The state nodes on ownership cycles: the strongly connected components of
 * the whole graph (edges into state nodes included) over what the state
 * reaches. A state node X there that a non-state node the state reaches
 * holds is solved with the component's non-state members, X an ordinary
 * member and the other state nodes sources (state_component's probe); it
 * is marked answered (sink bit 2). */
/* The holdings of set[1 .. len) (a component's non-state members), read
 * once for all the probes of its state nodes, with their holders' positions
 * in the set (the probe, first, is a state node: outside here). */
static int shared_holdings(ov_state_shares *S, const reach *r, const uint32_t *set, uint32_t len, comp_scratch *c)
{
    int rc = OV_OK;
    uint32_t *p = ov__realloc(c->raw_off, sizeof *p * len);
    if (!p) return OV_ENOMEM;
    c->raw_off = p;
    c->raw.n = 0;
    c->raw_off[0] = 0;
    for (uint32_t i = 1; !rc && i < len; i++) {
        rc = holdings_add_node(S->g, r->nodes[set[i]], &c->raw);
        c->raw_off[i] = (uint32_t)c->raw.n;
    }
    if (!rc && c->raw.n > c->cap_raw_pos) {
        if (!(p = ov__realloc(c->raw_pos, sizeof *p * c->raw.n))) rc = OV_ENOMEM;
        else {
            c->raw_pos = p;
            c->cap_raw_pos = c->raw.n;
        }
    }
    for (uint32_t i = 1; !rc && i < len; i++) c->member_of[set[i]] = i;
    for (size_t j = 0; !rc && j < c->raw.n; j++) {
        uint32_t ck = r->id_of[c->raw.from[j]];
        c->raw_pos[j] = ck == UINT32_MAX || S->sink[c->raw.from[j]] ? UINT32_MAX : c->member_of[ck];
    }
    for (uint32_t i = 1; i < len; i++) c->member_of[set[i]] = UINT32_MAX;
    return rc;
}

static int state_cycles(ov_state_shares *S, reach *r, const uint32_t *seeds, size_t n_seeds, comp_scratch *c)
{
    reach full;
    int rc = reach_build(S->g, seeds, n_seeds, NULL, &full);
    uint32_t *set = NULL;
    for (uint32_t k = 0; !rc && k < full.n_comp; k++) {
        uint32_t a = full.off[k], b = full.off[k + 1], n_state = 0;
        if (b - a < 2) continue;
        for (uint32_t i = a; i < b; i++) n_state += S->sink[full.nodes[full.members[i]]] != 0;
        if (!n_state) continue;
        /* the set: the state node first, then the non-state members */
        uint32_t *p = ov__realloc(set, sizeof *set * (b - a - n_state + 1));
        if (!p) {
            rc = OV_ENOMEM;
            break;
        }
        set = p;
        uint32_t len = 1;
        for (uint32_t i = a; i < b; i++) {
            uint32_t v = full.nodes[full.members[i]];
            if (!S->sink[v] && r->id_of[v] != UINT32_MAX) set[len++] = r->id_of[v];
        }
        bool shared = false; /* read at the first probe */
        for (uint32_t i = a; !rc && i < b; i++) {
            uint32_t x = full.nodes[full.members[i]], n;
            if (!S->sink[x]) continue;
            bool held = false;
            const uint32_t *in = ov_graph_in(S->g, x, &n);
            for (uint32_t j = 0; j < n && !held; j++) {
                const ov_edge *e = ov_graph_edge(S->g, in[j]);
                held = e->kind == OV_EDGE_OWNERSHIP && e->from != x && !S->sink[e->from] &&
                       r->id_of[e->from] != UINT32_MAX;
            }
            if (!held) continue;
            if (!shared && (rc = shared_holdings(S, r, set, len, c))) break;
            shared = true;
            set[0] = r->id_of[x];
            c->use_raw = true;
            rc = state_component(S, r, set, len, c, x);
            c->use_raw = false;
            S->sink[x] |= 2;
        }
    }
    ov__free(set);
    reach_free(&full);
    return rc;
}

/* The answers left pending, each one a solve over the node's ancestors
 * (ov_own_state_chain_share), independent of one another: in threads. */
typedef struct pending_job {
    ov_state_shares *S;
    atomic_size_t next;
    atomic_int rc;
} pending_job;

static void *pending_worker(void *arg)
{
    pending_job *j = arg;
    for (;;) {
        size_t i = atomic_fetch_add(&j->next, 1);
        if (i >= j->S->n_sp || atomic_load(&j->rc)) break;
        state_special *x = &j->S->sp[i];
        if (!x->pending) continue;
        uint8_t reaching = x->unb;
        int rc = ov_own_state_chain_share(j->S->g, x->node, &x->min, &x->max, &x->path);
        if (rc) atomic_store(&j->rc, rc);
        x->unb = (uint8_t)(((reaching & 1) && x->min >= 1.0) | (((reaching & 2) && x->max >= 1.0) << 1));
        x->pending = false;
    }
    return NULL;
}

static int solve_pending(ov_state_shares *S)
{
    size_t n = 0;
    for (size_t i = 0; i < S->n_sp; i++) n += S->sp[i].pending;
    if (!n) return OV_OK;
    pending_job j = {.S = S};
    atomic_init(&j.next, 0);
    atomic_init(&j.rc, OV_OK);
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    int n_threads = cpus < 1 ? 1 : cpus > 8 ? 8 : (int)cpus;
    if ((size_t)n_threads > n) n_threads = (int)n;
    pthread_t t[8];
    int started = 0;
    for (; started < n_threads - 1; started++)
        if (pthread_create(&t[started], NULL, pending_worker, &j)) break;
    pending_worker(&j); /* this thread too */
    for (int i = 0; i < started; i++) pthread_join(t[i], NULL);
    return atomic_load(&j.rc);
}

static int by_special(const void *a, const void *b)
{
    uint32_t x = ((const state_special *)a)->node, y = ((const state_special *)b)->node;
    return x < y ? -1 : x > y;
}

int ov_own_state_shares(const ov_graph *g, ov_state_shares **out)
{
    *out = NULL;
    uint32_t n = ov_graph_node_count(g);
    ov_state_shares *S = ov__calloc(1, sizeof *S);
    if (!S) return OV_ENOMEM;
    S->g = g;
    S->n = n;
    size_t m = n ? n : 1;
    S->hmin = ov__calloc(m, sizeof *S->hmin);
    S->hmax = ov__calloc(m, sizeof *S->hmax);
    S->best = ov__calloc(m, sizeof *S->best);
    S->via = ov__malloc(sizeof *S->via * m);
    S->unb = ov__calloc(m, 1);
    S->sink = ov__calloc(m, 1);
    uint32_t *seeds = NULL;
    size_t n_seeds = 0;
    int rc = !S->hmin || !S->hmax || !S->best || !S->via || !S->unb || !S->sink ? OV_ENOMEM : OV_OK;
    if (!rc) {
        memset(S->via, 0xff, sizeof *S->via * m);
        for (uint32_t v = 0; v < n; v++)
            if (ov_graph_node_state(g, v)) {
                S->sink[v] = 1;
                n_seeds++;
            }
        seeds = ov__malloc(sizeof *seeds * (n_seeds ? n_seeds : 1));
        if (!seeds) rc = OV_ENOMEM;
        n_seeds = 0;
        for (uint32_t v = 0; !rc && v < n; v++)
            if (S->sink[v]) seeds[n_seeds++] = v;
    }
    reach r;
    memset(&r, 0, sizeof r);
    comp_scratch c;
    memset(&c, 0, sizeof c);
    if (!rc) rc = reach_build(g, seeds, n_seeds, S->sink, &r);
    if (!rc) {
        c.member_of = ov__malloc(sizeof *c.member_of * (r.n ? r.n : 1));
        if (!c.member_of) rc = OV_ENOMEM;
        else memset(c.member_of, 0xff, sizeof *c.member_of * (r.n ? r.n : 1));
    }
    /* components owners first, as ov_own_holdings */
    for (uint32_t k = r.n_comp; !rc && k-- > 0;) {
        uint32_t a = r.off[k], b = r.off[k + 1];
        if (b - a > 1) {
            rc = state_component(S, &r, &r.members[a], b - a, &c, UINT32_MAX);
            continue;
        }
        uint32_t v = r.nodes[r.members[a]];
        if (r.seed[r.members[a]]) {
            S->hmin[v] = S->hmax[v] = S->best[v] = 1.0;
            continue;
        }
        c.h.n = 0;
        if ((rc = holdings_add_node(g, v, &c.h))) break;
        inflow f = inflow_of(S, &c.h, 0, c.h.n);
        S->hmin[v] = f.min;
        S->hmax[v] = f.max;
        S->unb[v] = f.unb;
        S->best[v] = f.best;
        S->via[v] = f.via;
    }
    if (!rc) rc = state_cycles(S, &r, seeds, n_seeds, &c);
    for (size_t i = 0; !rc && i < n_seeds; i++)
        if (!(S->sink[seeds[i]] & 2)) rc = state_node(S, &r, seeds[i], &c.h);
    comp_scratch_free(&c);
    reach_free(&r);
    ov__free(seeds);
    if (rc) {
        ov_own_state_shares_free(S);
        return rc;
    }
    if ((rc = solve_pending(S))) {
        ov_own_state_shares_free(S);
        return rc;
    }
    if (S->n_sp) qsort(S->sp, S->n_sp, sizeof *S->sp, by_special);
    *out = S;
    return OV_OK;
}

void ov_own_state_shares_get(const ov_state_shares *S, uint32_t node, double *min, double *max, ov_path *path,
                             uint8_t *unbounded)
{
    uint8_t unb_dummy;
    if (!unbounded) unbounded = &unb_dummy;
    *unbounded = 0;
    *min = *max = 0;
    path->n = 0;
    path->share = 0;
    if (node >= S->n) return;
    size_t lo = 0, hi = S->n_sp;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (S->sp[mid].node < node) lo = mid + 1;
        else hi = mid;
    }
    const state_special *x = lo < S->n_sp && S->sp[lo].node == node ? &S->sp[lo] : NULL;
    if (x) {
        *min = x->min;
        *max = x->max;
        *unbounded = x->unb;
        if (x->own_path) {
            *path = x->path;
            return;
        }
    } else {
        *min = (S->unb[node] & 1) ? 1.0 : fmin(1.0, S->hmin[node]);
        *max = (S->unb[node] & 2) ? 1.0 : fmin(1.0, S->hmax[node]);
        *unbounded = S->unb[node];
    }
    path_via(S, NULL, NULL, node, UINT32_MAX, S->best[node], path);
}
