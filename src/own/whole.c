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

/* Tarjan's strongly connected components over ownership edges, iteratively.
 * comp[v] gets a component number; components come out in reverse
 * topological order of the owner -> asset direction (sinks first). */
static int scc(const ov_graph *g, uint32_t n, uint32_t *comp, uint32_t *n_comp)
{
    uint32_t *index = ov__malloc(sizeof *index * n), *low = ov__malloc(sizeof *low * n);
    uint32_t *stack = ov__malloc(sizeof *stack * n), *call = ov__malloc(sizeof *call * n);
    uint32_t *iter = ov__malloc(sizeof *iter * n);
    uint8_t *on = ov__calloc(n ? n : 1, 1);
    if (!index || !low || !stack || !call || !iter || !on) {
        ov__free(index); ov__free(low); ov__free(stack); ov__free(call); ov__free(iter); ov__free(on);
        return OV_ENOMEM;
    }
    const uint32_t UNSEEN = UINT32_MAX;
    for (uint32_t v = 0; v < n; v++) index[v] = UNSEEN;
    uint32_t next = 0, sp = 0, comps = 0;
    for (uint32_t root = 0; root < n; root++) {
        if (index[root] != UNSEEN) continue;
        uint32_t depth = 0;
        call[depth++] = root;
        index[root] = low[root] = next++;
        iter[root] = 0;
        stack[sp++] = root;
        on[root] = 1;
        while (depth) {
            uint32_t v = call[depth - 1], m;
            const uint32_t *out = ov_graph_out(g, v, &m);
            if (iter[v] < m) {
                const ov_edge *e = ov_graph_edge(g, out[iter[v]++]);
                if (e->kind != OV_EDGE_OWNERSHIP) continue;
                uint32_t w = e->to;
                if (index[w] == UNSEEN) {
                    index[w] = low[w] = next++;
                    iter[w] = 0;
                    stack[sp++] = w;
                    on[w] = 1;
                    call[depth++] = w;
                } else if (on[w] && index[w] < low[v]) {
                    low[v] = index[w];
                }
                continue;
            }
            depth--;
            if (depth && low[v] < low[call[depth - 1]]) low[call[depth - 1]] = low[v];
            if (low[v] == index[v]) {
                uint32_t w;
                do {
                    w = stack[--sp];
                    on[w] = 0;
                    comp[w] = comps;
                } while (w != v);
                comps++;
            }
        }
    }
    *n_comp = comps;
    ov__free(index); ov__free(low); ov__free(stack); ov__free(call); ov__free(iter); ov__free(on);
    return OV_OK;
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

static double holdings_value(const holdings *h, size_t a, size_t b, const uint8_t *seed, const double *val,
                             bool use_max)
{
    double sum = 0;
    for (size_t j = a; j < b; j++) sum += (use_max ? h->hi[j] : h->lo[j]) * (seed[h->from[j]] ? 1.0 : val[h->from[j]]);
    return sum > 1.0 ? 1.0 : sum;
}

int ov_own_holdings(const ov_graph *g, const uint32_t *seeds, size_t n_seeds, double *min, double *max)
{
    uint32_t n = ov_graph_node_count(g);
    uint32_t *comp = ov__malloc(sizeof *comp * (n ? n : 1));
    uint8_t *seed = ov__calloc(n ? n : 1, 1);
    if (!comp || !seed) {
        ov__free(comp);
        ov__free(seed);
        return OV_ENOMEM;
    }
    uint32_t n_comp = 0;
    int rc = scc(g, n, comp, &n_comp);
    uint32_t *off = NULL, *members = NULL;
    if (!rc) {
        /* members of each component, components in topological order (owners first) */
        off = ov__calloc((size_t)n_comp + 1, sizeof *off);
        members = ov__malloc(sizeof *members * (n ? n : 1));
        if (!off || !members) rc = OV_ENOMEM;
    }
    if (!rc) {
        for (uint32_t v = 0; v < n; v++) off[n_comp - comp[v]]++;
        for (uint32_t c = 0; c < n_comp; c++) off[c + 1] += off[c];
        uint32_t *fill = ov__malloc(sizeof *fill * ((size_t)n_comp + 1));
        if (!fill) rc = OV_ENOMEM;
        else {
            memcpy(fill, off, sizeof *fill * ((size_t)n_comp + 1));
            for (uint32_t v = 0; v < n; v++) members[fill[n_comp - 1 - comp[v]]++] = v;
            ov__free(fill);
        }
    }
    for (size_t i = 0; !rc && i < n_seeds; i++)
        if (seeds[i] < n) seed[seeds[i]] = 1;
    /* merged holdings: one node at a time for single nodes, a whole component
     * at a time where cycles need repeated sweeps (only those are kept) */
    holdings h = {0};
    size_t *moff = NULL, moff_cap = 0;
    for (int pass = 0; !rc && pass < 2; pass++) {
        double *val = pass ? max : min;
        for (uint32_t v = 0; v < n; v++) val[v] = seed[v] ? 1.0 : 0.0;
        for (uint32_t c = 0; !rc && c < n_comp; c++) {
            uint32_t a = off[c], b = off[c + 1];
            if (b - a == 1) {
                uint32_t v = members[a];
                if (seed[v]) continue;
                h.n = 0;
                if ((rc = holdings_add_node(g, v, &h))) break;
                val[v] = holdings_value(&h, 0, h.n, seed, val, pass == 1);
                continue;
            }
            if (b - a + 1 > moff_cap) {
                size_t cap = (size_t)(b - a) + 1;
                size_t *mo = ov__realloc(moff, sizeof *mo * cap);
                if (!mo) {
                    rc = OV_ENOMEM;
                    break;
                }
                moff = mo;
                moff_cap = cap;
            }
            h.n = 0;
            for (uint32_t i = a; !rc && i < b; i++) {
                moff[i - a] = h.n;
                rc = holdings_add_node(g, members[i], &h);
            }
            if (rc) break;
            moff[b - a] = h.n;
            for (int it = 0; it < MAX_ITER; it++) {
                double delta = 0;
                for (uint32_t i = a; i < b; i++) {
                    uint32_t v = members[i];
                    if (seed[v]) continue;
                    double x = holdings_value(&h, moff[i - a], moff[i - a + 1], seed, val, pass == 1);
                    double d = x > val[v] ? x - val[v] : val[v] - x;
                    if (d > delta) delta = d;
                    val[v] = x;
                }
                if (delta < EPS) break;
            }
        }
    }
    ov__free(h.from);
    ov__free(h.lo);
    ov__free(h.hi);
    ov__free(moff);
    ov__free(off);
    ov__free(members);
    ov__free(comp);
    ov__free(seed);
    return rc;
}
