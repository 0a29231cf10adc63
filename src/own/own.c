/*
 * own.c - ownership analyses over the graph (see own.h, docs/internals/graph.md,
 * docs/internals/ownership.md):
 *
 *  - owners: every holder of a subject with its integrated share: shares
 *    multiplied along paths and summed over paths (the Leontief form
 *    T = A (I - A)^-1 on the subject's ancestors), with the holder not
 *    re-entering itself: T_hc (1 - F_hh), F_hh being the holder's first-return
 *    share through cycles; solved exactly, one strongly connected component at
 *    a time (elimination and selected inversion), diverging cycles capped;
 *  - control: a fixed point from seeds under a threshold rule, with state only
 *    for the nodes the seeds reach;
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
#include "own_internal.h"
#include "../graph/graph_internal.h"
#include "../util/alloc.h"
#include "../util/prefault.h"
#include "../util/banned.h"

#define MAX_ITER 1000
#define EPS 1e-13

/* ---- graph node -> dense index: open addressing, at most half full ----- */

static uint32_t node_hash(uint32_t node, uint32_t mask)
{
    return (uint32_t)(((uint64_t)node * 0x9E3779B97F4A7C15ULL) >> 32) & mask;
}

typedef struct nodemap_ent {
    uint32_t key, val; /* key UINT32_MAX when free */
} nodemap_ent;

typedef struct nodemap {
    nodemap_ent *e;
    uint32_t cap; /* a power of two */
    uint32_t n;
} nodemap;

static int nodemap_init(nodemap *m, uint32_t cap)
{
    m->cap = cap;
    m->n = 0;
    m->e = ov__malloc(sizeof *m->e * cap);
    if (!m->e) return OV_ENOMEM;
    memset(m->e, 0xff, sizeof *m->e * cap);
    return OV_OK;
}

static void nodemap_release(nodemap *m)
{
    ov__free(m->e);
    m->e = NULL;
}

/* node's value; when node is absent it is added with value m->n (the next
 * dense index) and *added is set. OV_ENOMEM when the map cannot grow. */
static int nodemap_get(nodemap *m, uint32_t node, uint32_t *val, bool *added)
{
    *added = false;
    uint32_t mask = m->cap - 1, h = node_hash(node, mask);
    for (; m->e[h].key != UINT32_MAX; h = (h + 1) & mask)
        if (m->e[h].key == node) {
            *val = m->e[h].val;
            return OV_OK;
        }
    if (2 * (m->n + 1) > m->cap) {
        uint32_t cap = m->cap * 2;
        nodemap_ent *e = ov__malloc(sizeof *e * cap);
        if (!e) return OV_ENOMEM;
        memset(e, 0xff, sizeof *e * cap);
        for (uint32_t i = 0; i < m->cap; i++) {
            if (m->e[i].key == UINT32_MAX) continue;
            uint32_t j = node_hash(m->e[i].key, cap - 1);
            while (e[j].key != UINT32_MAX) j = (j + 1) & (cap - 1);
            e[j] = m->e[i];
        }
        ov__free(m->e);
        m->e = e;
        m->cap = cap;
        mask = cap - 1;
        for (h = node_hash(node, mask); m->e[h].key != UINT32_MAX;) h = (h + 1) & mask;
    }
    m->e[h] = (nodemap_ent){node, m->n};
    *val = m->n++;
    *added = true;
    return OV_OK;
}

/* The slot node would take, for prefetching. */
static const nodemap_ent *nodemap_home(const nodemap *m, uint32_t node)
{
    return &m->e[node_hash(node, m->cap - 1)];
}

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
    uint32_t *last;      /* local -> its last edge as an owner (UINT32_MAX: none), while building */
    uint32_t n, cap;
    nodemap index;       /* graph node -> local */
    local_edge *edges;
    uint32_t n_edges, cap_edges;
    uint32_t *out_off, *out;  /* local CSR over merged edges */
} local;

static double wmin_of(const ov_edge *e) { return e->share.has_share ? e->share.min : 0.0; }
static double wmax_of(const ov_edge *e) { return e->share.has_share ? e->share.max : 1.0; }

static int local_add(local *l, uint32_t node, uint32_t *idx)
{
    if (l->n == l->cap) {
        uint32_t cap = l->cap ? l->cap * 2 : 64;
        uint32_t *n = ov__realloc(l->nodes, sizeof *n * cap);
        if (!n) return OV_ENOMEM;
        l->nodes = n;
        uint32_t *m = ov__realloc(l->last, sizeof *m * cap);
        if (!m) return OV_ENOMEM;
        l->last = m;
        l->cap = cap;
    }
    bool added;
    int rc = nodemap_get(&l->index, node, idx, &added);
    if (rc || !added) return rc;
    l->nodes[l->n] = node;
    l->last[l->n] = UINT32_MAX;
    l->n++;
    return OV_OK;
}

static int local_edge_add(local *l, uint32_t from, uint32_t to, const ov_edge *e, uint32_t gi)
{
    /* merge with a parallel edge of the same pair: edges of one target arrive
     * together, so the owner's last edge is the pair's when it goes to the same target */
    uint32_t i = l->last[from];
    if (i != UINT32_MAX && l->edges[i].to == to) {
        local_edge *x = &l->edges[i];
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
    l->last[from] = l->n_edges;
    l->edges[l->n_edges++] = (local_edge){from, to, wmin_of(e), wmax_of(e), gi, 1, false, e->share.has_share};
    return OV_OK;
}

static void local_free(local *l)
{
    ov__free(l->nodes);
    nodemap_release(&l->index);
    ov__free(l->last);
    ov__free(l->edges);
    ov__free(l->out_off);
    ov__free(l->out);
}

static int local_finish(local *l);

/* Collects the subject's ownership ancestors (breadth first, bounded). With
 * state_sinks, for the state's share: a state node's own holders are not
 * followed (the state is counted where a chain first reaches it) and nothing
 * passes on through the subject (walks stop at their first arrival). */
static int local_build(const ov_graph *g, uint32_t subject, local *l, bool state_sinks)
{
    memset(l, 0, sizeof *l);
    if (nodemap_init(&l->index, 64)) return OV_ENOMEM;
    uint32_t idx;
    int rc = local_add(l, subject, &idx);
    for (uint32_t head = 0; !rc && head < l->n; head++) {
        uint32_t node = l->nodes[head], n;
        if (state_sinks && head && ov_graph_node_state(g, node)) continue;
        const uint32_t *in = ov_graph_in(g, node, &n);
        for (uint32_t k = 0; k < n; k++) __builtin_prefetch(ov_graph_edge(g, in[k])); /* scattered: ask for all first */
        for (uint32_t k = 0; !rc && k < n; k++) {
            const ov_edge *e = ov_graph_edge(g, in[k]);
            if (e->kind != OV_EDGE_OWNERSHIP || e->from == node) continue;
            if (state_sinks && e->from == subject) continue;
            if (l->n >= OV_OWN_MAX_NODES) return OV_ETOOBIG;
            uint32_t from;
            if ((rc = local_add(l, e->from, &from))) break;
            rc = local_edge_add(l, from, head, e, in[k]);
        }
    }
    return rc ? rc : local_finish(l);
}

/* The out-edge lists (CSR) of a local graph whose edges are all added. */
static int local_finish(local *l)
{
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

/* Strongest paths from every local node down to the subject (max product of
 * minimum shares; Dijkstra on -log, the shares being at most 1). */
static int best_paths(const local *l, uint32_t *next_edge /* local edge per node */, double *best,
                      uint32_t *order /* OUT, may be NULL: nodes as they are settled */, uint32_t *n_order)
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
        if (order) order[(*n_order)++] = u;
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

/* ---- integrated shares: components, elimination, selected inversion -------- */

/*
 * With A the merged holdings of the subject's ancestors (a_kj the share k
 * holds in j) and Z = (I - A)^-1 = I + A + A^2 + ... (sums over walks), the
 * Leontief integrated share of holder h in the subject X is T_hX = Z_hX, and
 * the holder not re-entering itself divides out its returns:
 * T_hX (1 - F_hh) = Z_hX / Z_hh, F_hh being h's first-return share
 * (Z_hh = 1 / (1 - F_hh)). Walks from h back to h stay inside h's strongly
 * connected component, so:
 *  - the column x = Z e_X - e_X is solved one component at a time, sinks
 *    (the subject) first, each component by Gaussian elimination of its own
 *    I - A (a single node directly);
 *  - Z_hh comes from the same elimination by selected inversion (Takahashi's
 *    equations: only the entries of Z in the pattern of the factors).
 * The elimination order is greedy (fewest new entries first: the many
 * companies that hold back only their parent go first and create none).
 * I - A of a component is invertible with a non-negative inverse exactly when
 * its shares around the cycles sum below 1 (every pivot of the elimination
 * is then positive). When they do not, the walk sums diverge: every holder
 * reaching the subject through that component gets integrated share 1 (the
 * cap) and the unbounded flag for that reading of the bands.
 */

#define CAP OV__OWN_CAP /* walk sums at or past this count as diverged */
#define PIVOT_MIN 1e-12

typedef struct pmap {   /* (a, b) pair -> index; open addressing, at most half full */
    uint64_t *keys;     /* UINT64_MAX when free */
    uint32_t *val;
    uint32_t cap, n;
} pmap;

static uint32_t pmap_hash(uint64_t k, uint32_t cap)
{
    return (uint32_t)((k * 0x9E3779B97F4A7C15ULL) >> 32) & (cap - 1);
}

static int pmap_init(pmap *m, uint32_t want)
{
    m->cap = 64;
    while (m->cap < 2 * want) m->cap *= 2;
    m->n = 0;
    m->keys = ov__malloc(sizeof *m->keys * m->cap);
    m->val = ov__malloc(sizeof *m->val * m->cap);
    if (!m->keys || !m->val) return OV_ENOMEM;
    memset(m->keys, 0xff, sizeof *m->keys * m->cap);
    return OV_OK;
}

static void pmap_release(pmap *m)
{
    ov__free(m->keys);
    ov__free(m->val);
    memset(m, 0, sizeof *m);
}

static uint32_t pmap_get(const pmap *m, uint32_t a, uint32_t b)
{
    uint64_t k = (uint64_t)a << 32 | b;
    for (uint32_t h = pmap_hash(k, m->cap);; h = (h + 1) & (m->cap - 1)) {
        if (m->keys[h] == k) return m->val[h];
        if (m->keys[h] == UINT64_MAX) return UINT32_MAX;
    }
}

/* Inserts (a, b) -> v unless present; returns the value stored, UINT32_MAX on ENOMEM. */
static uint32_t pmap_put(pmap *m, uint32_t a, uint32_t b, uint32_t v)
{
    if (2 * (m->n + 1) > m->cap) {
        pmap big;
        big.cap = m->cap * 2;
        big.n = m->n;
        big.keys = ov__malloc(sizeof *big.keys * big.cap);
        big.val = ov__malloc(sizeof *big.val * big.cap);
        if (!big.keys || !big.val) {
            ov__free(big.keys);
            ov__free(big.val);
            return UINT32_MAX;
        }
        memset(big.keys, 0xff, sizeof *big.keys * big.cap);
        for (uint32_t i = 0; i < m->cap; i++) {
            if (m->keys[i] == UINT64_MAX) continue;
            uint32_t h = pmap_hash(m->keys[i], big.cap);
            while (big.keys[h] != UINT64_MAX) h = (h + 1) & (big.cap - 1);
            big.keys[h] = m->keys[i];
            big.val[h] = m->val[i];
        }
        pmap_release(m);
        *m = big;
    }
    uint64_t k = (uint64_t)a << 32 | b;
    uint32_t h = pmap_hash(k, m->cap);
    for (; m->keys[h] != UINT64_MAX; h = (h + 1) & (m->cap - 1))
        if (m->keys[h] == k) return m->val[h];
    m->keys[h] = k;
    m->val[h] = v;
    m->n++;
    return v;
}

typedef struct vec32 {
    uint32_t *v;
    uint32_t n, cap;
} vec32;

static int vec_grow(vec32 *x)
{
    uint32_t cap = x->cap ? x->cap * 2 : 4;
    uint32_t *p = ov__realloc(x->v, sizeof *p * cap);
    if (!p) return OV_ENOMEM;
    x->v = p;
    x->cap = cap;
    return OV_OK;
}

static inline int vec_push(vec32 *x, uint32_t v)
{
    if (x->n == x->cap && vec_grow(x)) return OV_ENOMEM;
    x->v[x->n++] = v;
    return OV_OK;
}

/* Room for cap entries in all. */
static int vec_reserve(vec32 *x, uint32_t cap)
{
    if (cap <= x->cap) return OV_OK;
    uint32_t *p = ov__realloc(x->v, sizeof *p * cap);
    if (!p) return OV_ENOMEM;
    x->v = p;
    x->cap = cap;
    return OV_OK;
}

/* one entry of a factor: the other node and the walk weight for both readings */
typedef struct fent {
    uint32_t node;
    double vmin, vmax;
} fent;

typedef struct fvec {
    fent *v;
    size_t n, cap;
} fvec;

static int fvec_push(fvec *x, uint32_t node, double vmin, double vmax)
{
    if (x->n == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 64;
        fent *p = ov__realloc(x->v, sizeof *p * cap);
        if (!p) return OV_ENOMEM;
        x->v = p;
        x->cap = cap;
    }
    x->v[x->n++] = (fent){node, vmin, vmax};
    return OV_OK;
}

typedef struct hent {
    uint64_t cost;
    uint32_t node;
} hent;

typedef struct heap {
    hent *v;
    size_t n, cap;
} heap;

static bool hent_less(hent a, hent b) { return a.cost < b.cost || (a.cost == b.cost && a.node < b.node); }

static int heap_push(heap *h, uint64_t cost, uint32_t node)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 256;
        hent *p = ov__realloc(h->v, sizeof *p * cap);
        if (!p) return OV_ENOMEM;
        h->v = p;
        h->cap = cap;
    }
    size_t i = h->n++;
    h->v[i] = (hent){cost, node};
    while (i && hent_less(h->v[i], h->v[(i - 1) / 2])) {
        hent t = h->v[i];
        h->v[i] = h->v[(i - 1) / 2];
        h->v[(i - 1) / 2] = t;
        i = (i - 1) / 2;
    }
    return OV_OK;
}

static hent heap_pop(heap *h)
{
    hent top = h->v[0];
    h->v[0] = h->v[--h->n];
    for (size_t i = 0;;) {
        size_t a = 2 * i + 1, b = a + 1, m = i;
        if (a < h->n && hent_less(h->v[a], h->v[m])) m = a;
        if (b < h->n && hent_less(h->v[b], h->v[m])) m = b;
        if (m == i) break;
        hent t = h->v[i];
        h->v[i] = h->v[m];
        h->v[m] = t;
        i = m;
    }
    return top;
}

/* Strongly connected components of the local graph (Tarjan, iterative):
 * comp_of[k]; the members of component c are members[comp_off[c] ..
 * comp_off[c + 1]); components come sinks first (the subject's first). */
static int local_scc(const local *l, uint32_t *comp_of, uint32_t *members, uint32_t *comp_off, uint32_t *n_comp)
{
    uint32_t n = l->n;
    uint32_t *index = ov__malloc(sizeof *index * n), *low = ov__malloc(sizeof *low * n);
    uint32_t *stack = ov__malloc(sizeof *stack * n), *call = ov__malloc(sizeof *call * n);
    uint32_t *iter = ov__malloc(sizeof *iter * n);
    uint8_t *on = ov__calloc(n, 1);
    int rc = !index || !low || !stack || !call || !iter || !on ? OV_ENOMEM : OV_OK;
    uint32_t next = 0, sp = 0, comps = 0, filled = 0;
    for (uint32_t v = 0; !rc && v < n; v++) index[v] = UINT32_MAX;
    for (uint32_t root = 0; !rc && root < n; root++) {
        if (index[root] != UINT32_MAX) continue;
        uint32_t depth = 0;
        call[depth++] = root;
        index[root] = low[root] = next++;
        iter[root] = l->out_off[root];
        stack[sp++] = root;
        on[root] = 1;
        while (depth) {
            uint32_t v = call[depth - 1];
            if (iter[v] < l->out_off[v + 1]) {
                uint32_t w = l->edges[l->out[iter[v]++]].to;
                if (index[w] == UINT32_MAX) {
                    index[w] = low[w] = next++;
                    iter[w] = l->out_off[w];
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
                comp_off[comps] = filled;
                uint32_t w;
                do {
                    w = stack[--sp];
                    on[w] = 0;
                    comp_of[w] = comps;
                    members[filled++] = w;
                } while (w != v);
                comps++;
            }
        }
    }
    if (!rc) {
        comp_off[comps] = filled;
        *n_comp = comps;
    }
    ov__free(index);
    ov__free(low);
    ov__free(stack);
    ov__free(call);
    ov__free(iter);
    ov__free(on);
    return rc;
}

/* Per-query results of the integrated shares, by local node. */
typedef struct integ {
    double *xmin, *xmax;  /* walk sums to the subject (x = Z e_X - e_X), capped at CAP */
    double *dmin, *dmax;  /* Z_hh: 1 / (1 - first-return share); 1 off cycles */
    uint8_t *unb;         /* 1: diverged at the bands' minimum, 2: at their maximum */
    uint8_t *dv;          /* may be NULL: the same for the node's own component only (not what
                             spreads to it from below) */
} integ;

/* The arrays of r for n local nodes (dv too when with_dv); OV_ENOMEM
 * leaves what was allocated for integ_free. */
static int integ_alloc(integ *r, size_t n, bool with_dv)
{
    r->xmin = ov__calloc(n, sizeof *r->xmin);
    r->xmax = ov__calloc(n, sizeof *r->xmax);
    r->dmin = ov__malloc(sizeof *r->dmin * n);
    r->dmax = ov__malloc(sizeof *r->dmax * n);
    r->unb = ov__calloc(n, 1);
    r->dv = with_dv ? ov__calloc(n, 1) : NULL;
    return !r->xmin || !r->xmax || !r->dmin || !r->dmax || !r->unb || (with_dv && !r->dv) ? OV_ENOMEM : OV_OK;
}

static void integ_free(integ *r)
{
    ov__free(r->xmin);
    ov__free(r->xmax);
    ov__free(r->dmin);
    ov__free(r->dmax);
    ov__free(r->unb);
    ov__free(r->dv);
}

/* The elimination of one component's I - A: its members mem[0..s) (local
 * nodes), cidx[local] their position in mem. */
typedef struct elim {
    uint32_t *efrom, *eto;   /* active entries a_ij (i != j), by entry index */
    double *emin, *emax;
    uint32_t n_e, cap_e;
    pmap emap;               /* (i, j) -> entry */
    vec32 *outl, *inl;       /* entries by member (eliminated ends skipped when read) */
    uint32_t *deg_in, *deg_out; /* active entries at each member */
    double *loop_min, *loop_max; /* a_ii gathered by elimination */
    uint32_t *pos;           /* elimination position, UINT32_MAX while active */
    uint32_t *order;         /* member at each position */
    double *bmin, *bmax;     /* right-hand sides, then forward-substituted */
    double *pmin, *pmax;     /* pivots by member */
    fvec fi, fj;             /* factor: for each position, its column (l_ip) and row (u_pj) entries */
    size_t *fi_off, *fj_off; /* by position, s + 1 */
    heap h;
} elim;

static int elim_entry(elim *E, uint32_t i, uint32_t j, double amin, double amax, bool *added)
{
    uint32_t idx = pmap_put(&E->emap, i, j, E->n_e);
    if (idx == UINT32_MAX) return OV_ENOMEM;
    *added = idx == E->n_e;
    if (!*added) {
        E->emin[idx] += amin;
        E->emax[idx] += amax;
        return OV_OK;
    }
    if (E->n_e == E->cap_e) {
        uint32_t cap = E->cap_e ? E->cap_e * 2 : 64;
        uint32_t *f = ov__realloc(E->efrom, sizeof *f * cap);
        if (f) E->efrom = f;
        uint32_t *t = f ? ov__realloc(E->eto, sizeof *t * cap) : NULL;
        if (t) E->eto = t;
        double *a = t ? ov__realloc(E->emin, sizeof *a * cap) : NULL;
        if (a) E->emin = a;
        double *b = a ? ov__realloc(E->emax, sizeof *b * cap) : NULL;
        if (!b) return OV_ENOMEM;
        E->emax = b;
        E->cap_e = cap;
    }
    E->efrom[idx] = i;
    E->eto[idx] = j;
    E->emin[idx] = amin;
    E->emax[idx] = amax;
    E->n_e++;
    if (vec_push(&E->outl[i], idx) || vec_push(&E->inl[j], idx)) return OV_ENOMEM;
    E->deg_out[i]++;
    E->deg_in[j]++;
    return OV_OK;
}

static void elim_free(elim *E, uint32_t s)
{
    for (uint32_t i = 0; E->outl && i < s; i++) ov__free(E->outl[i].v);
    for (uint32_t i = 0; E->inl && i < s; i++) ov__free(E->inl[i].v);
    ov__free(E->outl);
    ov__free(E->inl);
    ov__free(E->efrom);
    ov__free(E->eto);
    ov__free(E->emin);
    ov__free(E->emax);
    pmap_release(&E->emap);
    ov__free(E->deg_in);
    ov__free(E->deg_out);
    ov__free(E->loop_min);
    ov__free(E->loop_max);
    ov__free(E->pos);
    ov__free(E->order);
    ov__free(E->bmin);
    ov__free(E->bmax);
    ov__free(E->pmin);
    ov__free(E->pmax);
    ov__free(E->fi.v);
    ov__free(E->fj.v);
    ov__free(E->fi_off);
    ov__free(E->fj_off);
    ov__free(E->h.v);
}

static uint64_t markowitz(const elim *E, uint32_t k) { return (uint64_t)E->deg_in[k] * E->deg_out[k]; }

/* Solves one strongly connected component (s > 1 members) of the local graph:
 * x and Z_hh of its members, given x of everything below it. */
static int solve_component(const local *l, const uint32_t *mem, uint32_t s, const uint32_t *comp_of, uint32_t c,
                           uint32_t *cidx, integ *r, uint64_t *work)
{
    elim E;
    memset(&E, 0, sizeof E);
    int rc = OV_OK;
    uint8_t div = 0, *unb = NULL;
    uint32_t *queue = NULL;
    E.outl = ov__calloc(s, sizeof *E.outl);
    E.inl = ov__calloc(s, sizeof *E.inl);
    E.deg_in = ov__calloc(s, sizeof *E.deg_in);
    E.deg_out = ov__calloc(s, sizeof *E.deg_out);
    E.loop_min = ov__calloc(s, sizeof *E.loop_min);
    E.loop_max = ov__calloc(s, sizeof *E.loop_max);
    E.pos = ov__malloc(sizeof *E.pos * s);
    E.order = ov__malloc(sizeof *E.order * s);
    E.bmin = ov__calloc(s, sizeof *E.bmin);
    E.bmax = ov__calloc(s, sizeof *E.bmax);
    E.pmin = ov__malloc(sizeof *E.pmin * s);
    E.pmax = ov__malloc(sizeof *E.pmax * s);
    E.fi_off = ov__malloc(sizeof *E.fi_off * ((size_t)s + 1));
    E.fj_off = ov__malloc(sizeof *E.fj_off * ((size_t)s + 1));
    unb = ov__calloc(s, 1);
    queue = ov__malloc(sizeof *queue * s);
    if (!E.outl || !E.inl || !E.deg_in || !E.deg_out || !E.loop_min || !E.loop_max || !E.pos || !E.order ||
        !E.bmin || !E.bmax || !E.pmin || !E.pmax || !E.fi_off || !E.fj_off || !unb || !queue)
        rc = OV_ENOMEM;
    if (!rc) rc = pmap_init(&E.emap, 4 * s);
    for (uint32_t i = 0; i < s && !rc; i++) {
        cidx[mem[i]] = i;
        E.pos[i] = UINT32_MAX;
    }
    /* the component's entries and right-hand sides: b_k = sum over k -> j of
     * w (1[j = subject] + (j outside ? x_j : 0)) */
    for (uint32_t i = 0; i < s && !rc; i++) {
        uint32_t k = mem[i];
        for (uint32_t p = l->out_off[k]; p < l->out_off[k + 1] && !rc; p++) {
            const local_edge *e = &l->edges[l->out[p]];
            if (e->to == 0) {
                E.bmin[i] += e->wmin;
                E.bmax[i] += e->wmax;
            }
            if (comp_of[e->to] == c) {
                bool added;
                rc = elim_entry(&E, i, cidx[e->to], e->wmin, e->wmax, &added);
                continue;
            }
            E.bmin[i] += e->wmin * r->xmin[e->to];
            E.bmax[i] += e->wmax * r->xmax[e->to];
            if (e->wmin > 0 && (r->unb[e->to] & 1)) unb[i] |= 1;
            if (e->wmax > 0 && (r->unb[e->to] & 2)) unb[i] |= 2;
        }
    }
    /* divergence from below spreads up through the component's positive holdings */
    for (int bit = 1; bit <= 2 && !rc; bit++) {
        uint32_t qn = 0;
        for (uint32_t i = 0; i < s; i++)
            if (unb[i] & bit) queue[qn++] = i;
        for (uint32_t qh = 0; qh < qn; qh++) {
            const vec32 *in = &E.inl[queue[qh]];
            for (uint32_t t = 0; t < in->n; t++) {
                uint32_t ei = in->v[t], from = E.efrom[ei];
                if ((bit == 1 ? E.emin[ei] : E.emax[ei]) > 0 && !(unb[from] & bit)) {
                    unb[from] |= (uint8_t)bit;
                    queue[qn++] = from;
                }
            }
        }
    }
    for (uint32_t i = 0; i < s && !rc; i++) rc = heap_push(&E.h, markowitz(&E, i), i);
    /* elimination, the cheapest member first */
    uint32_t q = 0;
    while (!rc && q < s) {
        hent t = heap_pop(&E.h);
        uint32_t p = t.node;
        if (E.pos[p] != UINT32_MAX || t.cost != markowitz(&E, p)) continue; /* stale */
        E.pos[p] = q;
        E.order[q] = p;
        double dmin = 1.0 - E.loop_min[p], dmax = 1.0 - E.loop_max[p];
        if (!(dmin > PIVOT_MIN)) div |= 1;
        if (!(dmax > PIVOT_MIN)) div |= 2;
        if (div == 3) break; /* both readings diverged: nothing more to solve */
        if (div & 1) dmin = 1.0; /* the reading has diverged: its numbers are no longer used */
        if (div & 2) dmax = 1.0;
        E.pmin[p] = dmin;
        E.pmax[p] = dmax;
        E.fi_off[q] = E.fi.n;
        E.fj_off[q] = E.fj.n;
        const vec32 *in = &E.inl[p], *out = &E.outl[p];
        for (uint32_t a = 0; a < in->n && !rc; a++) {
            uint32_t ei = in->v[a], i = E.efrom[ei];
            if (E.pos[i] != UINT32_MAX) continue;
            rc = fvec_push(&E.fi, i, E.emin[ei] / dmin, E.emax[ei] / dmax);
        }
        for (uint32_t b = 0; b < out->n && !rc; b++) {
            uint32_t ej = out->v[b], j = E.eto[ej];
            if (E.pos[j] != UINT32_MAX) continue;
            rc = fvec_push(&E.fj, j, E.emin[ej] / dmin, E.emax[ej] / dmax);
        }
        if (rc) break;
        size_t i0 = E.fi_off[q], i1 = E.fi.n, j0 = E.fj_off[q], j1 = E.fj.n;
        *work += (uint64_t)(i1 - i0) * (j1 - j0) + (i1 - i0) + (j1 - j0);
        if (*work > OV_OWN_MAX_WORK) {
            rc = OV_ETOOBIG;
            break;
        }
        for (size_t a = i0; a < i1 && !rc; a++) {
            const fent *fa = &E.fi.v[a];
            /* forward substitution: row i takes l_ip b_p */
            E.bmin[fa->node] += fa->vmin * E.bmin[p];
            E.bmax[fa->node] += fa->vmax * E.bmax[p];
            E.deg_out[fa->node]--;
            for (size_t b = j0; b < j1 && !rc; b++) {
                const fent *fb = &E.fj.v[b];
                /* a_ij += a_ip a_pj / d_p = l_ip d_p u_pj */
                double vmin = fa->vmin * E.pmin[p] * fb->vmin, vmax = fa->vmax * E.pmax[p] * fb->vmax;
                if (fa->node == fb->node) {
                    /* loops only grow: one reaching 1 makes that pivot non-positive */
                    E.loop_min[fa->node] += vmin;
                    E.loop_max[fa->node] += vmax;
                    if (!(E.loop_min[fa->node] < 1.0 - PIVOT_MIN)) div |= 1;
                    if (!(E.loop_max[fa->node] < 1.0 - PIVOT_MIN)) div |= 2;
                    continue;
                }
                bool added;
                rc = elim_entry(&E, fa->node, fb->node, vmin, vmax, &added);
            }
        }
        for (size_t b = j0; b < j1; b++) E.deg_in[E.fj.v[b].node]--;
        for (size_t a = i0; a < i1 && !rc; a++) rc = heap_push(&E.h, markowitz(&E, E.fi.v[a].node), E.fi.v[a].node);
        for (size_t b = j0; b < j1 && !rc; b++) rc = heap_push(&E.h, markowitz(&E, E.fj.v[b].node), E.fj.v[b].node);
        q++;
    }
    if (!rc) {
        E.fi_off[s] = E.fi.n;
        E.fj_off[s] = E.fj.n;
    }
    /* back substitution: x_p = b_p / d_p + sum u_pj x_j */
    for (uint32_t qq = s; !rc && div != 3 && qq-- > 0;) {
        uint32_t p = E.order[qq];
        double vmin = E.bmin[p] / E.pmin[p], vmax = E.bmax[p] / E.pmax[p];
        for (size_t b = E.fj_off[qq]; b < E.fj_off[qq + 1]; b++) {
            vmin += E.fj.v[b].vmin * r->xmin[mem[E.fj.v[b].node]];
            vmax += E.fj.v[b].vmax * r->xmax[mem[E.fj.v[b].node]];
        }
        r->xmin[mem[p]] = vmin > CAP ? CAP : vmin;
        r->xmax[mem[p]] = vmax > CAP ? CAP : vmax;
    }
    /* selected inversion, last pivot first: Z on the transposed pattern of the
     * factors, kept by (row, column) in zmap; Z_pi = sum_k u_pk Z_ki (i in the
     * column of p, k in its row), Z_jp = sum_m Z_jm l_mp, Z_pp = 1/d_p + sum_k u_pk Z_kp */
    pmap zmap = {0};
    fvec zv = {0};
    if (!rc && div != 3) rc = pmap_init(&zmap, (uint32_t)(E.fi.n + E.fj.n + 16));
    for (uint32_t qq = s; !rc && div != 3 && qq-- > 0;) {
        uint32_t p = E.order[qq];
        size_t i0 = E.fi_off[qq], i1 = E.fi_off[qq + 1], j0 = E.fj_off[qq], j1 = E.fj_off[qq + 1];
        *work += 2 * (uint64_t)(i1 - i0) * (j1 - j0);
        if (*work > OV_OWN_MAX_WORK) {
            rc = OV_ETOOBIG;
            break;
        }
#define ZGET(a, b, out_min, out_max)                                               \
    do {                                                                           \
        if ((a) == (b)) {                                                          \
            out_min = r->dmin[mem[a]];                                             \
            out_max = r->dmax[mem[a]];                                             \
        } else {                                                                   \
            uint32_t zi_ = pmap_get(&zmap, (a), (b));                              \
            out_min = zi_ == UINT32_MAX ? 0 : zv.v[zi_].vmin;                      \
            out_max = zi_ == UINT32_MAX ? 0 : zv.v[zi_].vmax;                      \
        }                                                                          \
    } while (0)
        for (size_t a = i0; a < i1 && !rc; a++) {
            uint32_t i = E.fi.v[a].node;
            double smin = 0, smax = 0;
            for (size_t b = j0; b < j1; b++) {
                double zmin, zmax;
                ZGET(E.fj.v[b].node, i, zmin, zmax);
                smin += E.fj.v[b].vmin * zmin;
                smax += E.fj.v[b].vmax * zmax;
            }
            if (pmap_put(&zmap, p, i, (uint32_t)zv.n) == UINT32_MAX || fvec_push(&zv, 0, smin, smax)) rc = OV_ENOMEM;
        }
        double dmin = 1.0 / E.pmin[p], dmax = 1.0 / E.pmax[p];
        for (size_t b = j0; b < j1 && !rc; b++) {
            uint32_t j = E.fj.v[b].node;
            double smin = 0, smax = 0;
            for (size_t a = i0; a < i1; a++) {
                double zmin, zmax;
                ZGET(j, E.fi.v[a].node, zmin, zmax);
                smin += zmin * E.fi.v[a].vmin;
                smax += zmax * E.fi.v[a].vmax;
            }
            if (pmap_put(&zmap, j, p, (uint32_t)zv.n) == UINT32_MAX || fvec_push(&zv, 0, smin, smax)) rc = OV_ENOMEM;
            dmin += E.fj.v[b].vmin * smin;
            dmax += E.fj.v[b].vmax * smax;
        }
#undef ZGET
        r->dmin[mem[p]] = dmin;
        r->dmax[mem[p]] = dmax;
    }
    pmap_release(&zmap);
    ov__free(zv.v);
    for (uint32_t i = 0; i < s && !rc; i++) {
        uint32_t k = mem[i];
        r->unb[k] = unb[i] | div;
        if (r->dv) r->dv[k] = div;
        if (r->unb[k] & 1) r->xmin[k] = CAP;
        if (r->unb[k] & 2) r->xmax[k] = CAP;
        if (div & 1) r->dmin[k] = 1;
        if (div & 2) r->dmax[k] = 1;
    }
    ov__free(unb);
    ov__free(queue);
    elim_free(&E, s);
    return rc;
}

/* x, Z_hh and the divergence flags for every local node. */
static int integrate(const local *l, integ *r)
{
    uint32_t n = l->n;
    uint32_t *comp_of = ov__malloc(sizeof *comp_of * n), *members = ov__malloc(sizeof *members * n);
    uint32_t *comp_off = ov__malloc(sizeof *comp_off * ((size_t)n + 1)), *cidx = ov__malloc(sizeof *cidx * n);
    uint32_t n_comp = 0;
    uint64_t work = 0;
    /* in-edges of the local graph and a scratch row, for the two-cycle test */
    uint32_t *in_off = ov__calloc((size_t)n + 1, sizeof *in_off), *in = ov__malloc(sizeof *in * (l->n_edges + 1));
    double *row = ov__calloc(n, sizeof *row);
    int rc = !comp_of || !members || !comp_off || !cidx || !in_off || !in || !row ? OV_ENOMEM : OV_OK;
    if (!rc) {
        for (uint32_t i = 0; i < l->n_edges; i++) in_off[l->edges[i].to + 1]++;
        for (uint32_t i = 0; i < n; i++) in_off[i + 1] += in_off[i];
        for (uint32_t i = 0; i < l->n_edges; i++) in[in_off[l->edges[i].to]++] = i;
        for (uint32_t i = n; i > 0; i--) in_off[i] = in_off[i - 1];
        in_off[0] = 0;
    }
    if (!rc) rc = local_scc(l, comp_of, members, comp_off, &n_comp);
    for (uint32_t c = 0; !rc && c < n_comp; c++) {
        uint32_t a = comp_off[c], s = comp_off[c + 1] - a;
        if (s > 1) {
            /* a member whose two-cycles alone return 1 or more of it: the
             * component diverges (cheaply found before any elimination) */
            uint8_t div = 0;
            for (uint32_t i = a; i < comp_off[c + 1] && div != 3; i++) {
                uint32_t k = members[i];
                double smin = 0, smax = 0;
                for (uint32_t p = l->out_off[k]; p < l->out_off[k + 1]; p++)
                    row[l->edges[l->out[p]].to] = l->edges[l->out[p]].wmin + 1.0; /* + 1: set even for 0 */
                for (uint32_t p = in_off[k]; p < in_off[k + 1]; p++) {
                    const local_edge *e = &l->edges[in[p]];
                    if (row[e->from] == 0) continue;
                    smin += (row[e->from] - 1.0) * e->wmin;
                }
                for (uint32_t p = l->out_off[k]; p < l->out_off[k + 1]; p++) {
                    const local_edge *e = &l->edges[l->out[p]];
                    row[e->to] = e->wmax + 1.0;
                }
                for (uint32_t p = in_off[k]; p < in_off[k + 1]; p++) {
                    const local_edge *e = &l->edges[in[p]];
                    if (row[e->from] != 0) smax += (row[e->from] - 1.0) * e->wmax;
                }
                for (uint32_t p = l->out_off[k]; p < l->out_off[k + 1]; p++) row[l->edges[l->out[p]].to] = 0;
                if (!(smin < 1.0 - PIVOT_MIN)) div |= 3; /* the maximum diverges with the minimum */
                if (!(smax < 1.0 - PIVOT_MIN)) div |= 2;
            }
            if (div != 3) {
                rc = solve_component(l, &members[a], s, comp_of, c, cidx, r, &work);
                continue;
            }
            for (uint32_t i = a; i < comp_off[c + 1]; i++) {
                uint32_t k = members[i];
                r->xmin[k] = r->xmax[k] = CAP;
                r->dmin[k] = r->dmax[k] = 1;
                r->unb[k] = 3;
                if (r->dv) r->dv[k] = 3;
            }
            continue;
        }
        uint32_t k = members[a];
        double vmin = 0, vmax = 0;
        uint8_t u = 0;
        for (uint32_t p = l->out_off[k]; p < l->out_off[k + 1]; p++) {
            const local_edge *e = &l->edges[l->out[p]];
            vmin += e->wmin * ((e->to == 0 ? 1.0 : 0.0) + r->xmin[e->to]);
            vmax += e->wmax * ((e->to == 0 ? 1.0 : 0.0) + r->xmax[e->to]);
            if (e->wmin > 0) u |= r->unb[e->to] & 1;
            if (e->wmax > 0) u |= r->unb[e->to] & 2;
        }
        r->xmin[k] = (u & 1) || vmin > CAP ? CAP : vmin;
        r->xmax[k] = (u & 2) || vmax > CAP ? CAP : vmax;
        r->dmin[k] = r->dmax[k] = 1;
        r->unb[k] = u;
    }
    ov__free(comp_of);
    ov__free(members);
    ov__free(comp_off);
    ov__free(cidx);
    ov__free(in_off);
    ov__free(in);
    ov__free(row);
    return rc;
}

/* The walk sums into the members of one component and their Z_vv
 * (own_internal.h): integrate() on a local graph of the members with the
 * holdings reversed (x_i = b_i + sum over holders m of w x_m is the walk sum
 * from member i "down" to a placeholder subject, local 0, that each member
 * reaches with weight b_i). Z_vv is the same for A and its transpose. */
int ov__own_component_solve(uint32_t s, const uint32_t *hoff, const uint32_t *hfrom, const double *hlo,
                            const double *hhi, const double *bmin, const double *bmax, double *xmin, double *xmax,
                            double *dmin, double *dmax, uint8_t *unb, uint8_t *dv)
{
    local l;
    memset(&l, 0, sizeof l);
    integ r = {0};
    l.n = s + 1;
    l.cap_edges = hoff[s] + s + 1;
    l.edges = ov__malloc(sizeof *l.edges * l.cap_edges);
    int rc = l.edges ? OV_OK : OV_ENOMEM;
    for (uint32_t i = 0; !rc && i < s; i++) {
        for (uint32_t j = hoff[i]; j < hoff[i + 1]; j++)
            l.edges[l.n_edges++] = (local_edge){i + 1, hfrom[j] + 1, hlo[j], hhi[j], UINT32_MAX, 1, false, true};
        if (bmin[i] > 0 || bmax[i] > 0)
            l.edges[l.n_edges++] = (local_edge){i + 1, 0, bmin[i], bmax[i], UINT32_MAX, 1, false, true};
    }
    if (!rc) rc = local_finish(&l);
    if (!rc) rc = integ_alloc(&r, l.n, true);
    if (!rc) rc = integrate(&l, &r);
    for (uint32_t i = 0; !rc && i < s; i++) {
        xmin[i] = r.xmin[i + 1];
        xmax[i] = r.xmax[i + 1];
        dmin[i] = r.dmin[i + 1];
        dmax[i] = r.dmax[i + 1];
        unb[i] = r.unb[i + 1];
        dv[i] = r.dv[i + 1];
    }
    integ_free(&r);
    local_free(&l);
    return rc;
}

int ov_own_owners(const ov_graph *g, uint32_t node, ov_holder **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    local l;
    int rc = local_build(g, node, &l, false);
    integ r = {0};
    double *best = NULL;
    uint32_t *next = NULL, *order = NULL, *pos = NULL;
    hkey *key = NULL;
    ov_holder *h = NULL;
    if (rc) goto out;
    size_t n = l.n;
    int ra = integ_alloc(&r, n, false);
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
    if ((rc = integrate(&l, &r))) goto out;
    uint32_t n_order = 0;
    if ((rc = best_paths(&l, next, best, order, &n_order))) goto out;
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
    integ_free(&r);
    ov__free(best);
    ov__free(next);
    ov__free(key);
    ov__free(order);
    ov__free(pos);
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

/* Both readings of the bands (minimum shares: certain control; maximum shares:
 * possible control) are computed in one traversal. A node enters the queue when
 * it crosses the threshold at the maximum; expanding it adds its maximum shares
 * to its assets, and its minimum shares too when it is controlled at the
 * minimum by then. A node that crosses at the minimum after its expansion is
 * queued again for the minimum alone. So each reading is the fixed point it
 * would be on its own, and each holding is read from memory once or twice.
 *
 * The state is kept only for the nodes the seeds reach: a node map (open
 * addressing, graph node -> record) over an array of records, so the work is
 * proportional to the reached part of the graph, not to its size. A record's
 * holdings come from the graph's table (ov_graph_holdings: parallel claims are
 * one holding with the band of them all), asked for a few queue places before
 * they are read so that the cache misses of the records ahead overlap. */

typedef struct cnode {  /* what the traversal reads for every holding: 32 bytes */
    double agg[2];       /* controlled stake so far in the current fixed point, per reading */
    uint32_t node;
    uint8_t in;          /* IN_MIN | IN_MAX: controlled in the current fixed point */
    uint8_t n_contrib[2];/* contributions in the current fixed point, per reading (up to 8 counted) */
    uint8_t flags;       /* CN_* */
    uint32_t first[2];   /* the first contribution's edge, per reading (the rest are logged) */
} cnode;

enum { R_MIN = 0, R_MAX = 1 };       /* the readings */
enum { IN_MIN = 1, IN_MAX = 2 };
enum {
    CN_SEED = 1,         /* one of the seeds (never listed) */
    CN_EXPANDED = 2,     /* its holdings have been added in the current fixed point (at the maximum) */
    CN_CERTAIN = 4,      /* controlled at the minimum in some fixed point */
    CN_POSSIBLE = 8,     /* controlled at the maximum in some fixed point */
    CN_CHANGED = 16,     /* listed in ctrl_state.changed */
    CN_FILLING = 32      /* fold: its kept edges are being copied */
};
#define MIN_ONLY 0x80000000u /* a queue entry that adds the minimum shares alone */

typedef struct ckeep {  /* a record's kept edges, by the same index: the ones that made it
                         * cross, ctrl_state.kept.v[keep .. keep + keep_n), or when there is
                         * one (most), that edge in keep */
    uint32_t keep, keep_n;
} ckeep;

typedef struct ctrl_state {
    ov__scratch base;    /* first: the graph keeps the state between calls (ctrl_open) */
    const ov_graph *g;
    const ov_control_rule *rule;
    bool multi;          /* a fixed point per seed (a rule that does not aggregate) */
    nodemap map;         /* node -> record */
    cnode *rec;
    ckeep *keep;
    double *best;        /* [2 * cap_rec] when multi: the largest stakes of a record over the
                          * fixed points, at the minimum and the maximum (else the one
                          * fixed point's agg) */
    uint32_t n_rec, cap_rec;
    vec32 queue;         /* record indexes, | MIN_ONLY */
    vec32 changed;       /* when multi: the records the current fixed point touched (to fold and reset) */
    vec32 log[2];        /* per reading, (record, edge) pairs: the current fixed point's second
                          * to eighth contributions to each record, in the order they came */
    vec32 kept;          /* the kept edges of all records (ckeep) */
    uint8_t *want;       /* [cap_rec], during fold: the reading whose contributions a record keeps, + 1 */
    uint32_t cap_best;
    uint64_t *keys, *keys_tmp; /* (node, record) keys of the results, for sorting */
    size_t cap_keys;
    /* for one call only: */
    ov_controlled *res;  /* the results, allocated at the start so that their pages are mapped */
    size_t cap_res;
    ov__prefault *pf;    /* mapping the fresh scratch and res (ctrl_open) */
} ctrl_state;

/* The record of a node that has none yet (zeroed); UINT32_MAX on ENOMEM. */
static uint32_t ctrl_add(ctrl_state *s, uint32_t node)
{
    if (s->n_rec == s->cap_rec) {
        uint32_t cap = s->cap_rec ? s->cap_rec * 2 : 1024;
        cnode *r = ov__realloc(s->rec, sizeof *r * cap);
        if (!r) return UINT32_MAX;
        s->rec = r;
        ckeep *k = ov__realloc(s->keep, sizeof *k * cap);
        if (!k) return UINT32_MAX;
        s->keep = k;
        uint8_t *w = ov__realloc(s->want, cap);
        if (!w) return UINT32_MAX;
        s->want = w;
        if (s->multi) {
            double *b = ov__realloc(s->best, sizeof *b * 2 * cap);
            if (!b) return UINT32_MAX;
            s->best = b;
            s->cap_best = cap;
        }
        s->cap_rec = cap;
    }
    uint32_t x;
    bool added;
    if (nodemap_get(&s->map, node, &x, &added)) return UINT32_MAX;
    s->rec[x] = (cnode){.node = node};
    s->keep[x] = (ckeep){0};
    if (s->multi) s->best[2 * x] = s->best[2 * x + 1] = 0;
    s->n_rec = x + 1;
    return x;
}

/* The record of node, created when absent; UINT32_MAX on ENOMEM. */
static inline uint32_t ctrl_rec(ctrl_state *s, uint32_t node)
{
    uint32_t mask = s->map.cap - 1;
    for (uint32_t h = node_hash(node, mask); s->map.e[h].key != UINT32_MAX; h = (h + 1) & mask)
        if (s->map.e[h].key == node) return s->map.e[h].val;
    return ctrl_add(s, node);
}

static bool crosses(double v, const ov_control_rule *r)
{
    return r->inclusive ? v >= r->threshold - 1e-12 : v > r->threshold + 1e-12;
}

/* Queue places ahead of the record being expanded: where the holdings' offsets
 * of a record are asked for, then its holdings, then its assets' map slots. */
enum { AHEAD_OFFSETS = 24, AHEAD_HOLDINGS = 12, AHEAD_SLOTS = 4, RING = 16 };

typedef struct ahead_ring {  /* the holdings of the queue places ahead, by place % RING */
    size_t place[RING];
    const ov_holding *h[RING];
    uint32_t n[RING];
} ahead_ring;

static uint32_t queued_node(const ctrl_state *s, size_t place)
{
    return s->rec[s->queue.v[place] & ~MIN_ONLY].node;
}

static const ov_holding *queued_holdings(const ctrl_state *s, ahead_ring *r, size_t place, uint32_t *n)
{
    size_t i = place % RING;
    if (r->place[i] != place) {
        r->h[i] = ov_graph_holdings(s->g, queued_node(s, place), &r->n[i]);
        r->place[i] = place;
    }
    *n = r->n[i];
    return r->h[i];
}

static void ask_ahead(const ctrl_state *s, ahead_ring *r, size_t head)
{
    size_t n = s->queue.n;
    uint32_t k;
    if (head + AHEAD_OFFSETS < n) ov__graph_prefetch_holdings(s->g, queued_node(s, head + AHEAD_OFFSETS));
    if (head + AHEAD_HOLDINGS < n) {
        const ov_holding *h = queued_holdings(s, r, head + AHEAD_HOLDINGS, &k);
        for (uint32_t i = 0; i < k; i += 64 / sizeof *h) __builtin_prefetch(&h[i]);
        if (k) __builtin_prefetch(&h[k - 1]);
    }
    if (head + AHEAD_SLOTS < n) { /* and whether the assets hold anything (contribute asks) */
        const ov_holding *h = queued_holdings(s, r, head + AHEAD_SLOTS, &k);
        for (uint32_t i = 0; i < k; i++) {
            __builtin_prefetch(nodemap_home(&s->map, h[i].asset));
            ov__graph_prefetch_holds(s->g, h[i].asset);
        }
    }
}

static int mark_changed(ctrl_state *s, uint32_t x)
{
    if (!s->multi || (s->rec[x].flags & CN_CHANGED)) return OV_OK;
    s->rec[x].flags |= CN_CHANGED;
    return vec_push(&s->changed, x);
}

/* Adds the share w of a holding (edge) to record to in reading r; queues it when it crosses. */
static int contribute(ctrl_state *s, uint32_t to, int r, double w, uint32_t edge)
{
    cnode *c = &s->rec[to];
    c->agg[r] += w;
    if (!c->n_contrib[r]) {
        c->first[r] = edge;
        c->n_contrib[r] = 1;
    } else if (c->n_contrib[r] < 8) {
        c->n_contrib[r]++;
        if (vec_push(&s->log[r], to) || vec_push(&s->log[r], edge)) return OV_ENOMEM;
    }
    if (!crosses(c->agg[r], s->rule)) return OV_OK;
    /* a node that holds nothing has nothing to pass on: it is never queued (most controlled
     * nodes at 10 M companies, each a read of the 107 MB of holdings' offsets saved) */
    bool holds = ov__graph_holds(s->g, c->node);
    if (r == R_MAX) {
        c->in |= IN_MAX;
        return holds ? vec_push(&s->queue, to) : OV_OK;
    }
    c->in |= IN_MIN;
    if (!holds) return OV_OK;
    /* its minimum shares are added by its expansion still to come, or on their own */
    if ((c->in & IN_MAX) && !(c->flags & CN_EXPANDED)) return OV_OK;
    return vec_push(&s->queue, to | MIN_ONLY);
}

/* Runs the fixed point from seeds: rec.in ends up with the readings that control
 * each node; when there are several fixed points, s->changed lists every record
 * this one touched. */
static int fixpoint(ctrl_state *s, const uint32_t *seeds, size_t n_seeds)
{
    uint32_t nn = ov_graph_node_count(s->g);
    s->queue.n = 0;
    for (size_t i = 0; i < n_seeds; i++) {
        if (seeds[i] >= nn) continue;
        uint32_t x = ctrl_rec(s, seeds[i]);
        if (x == UINT32_MAX) return OV_ENOMEM;
        if (s->rec[x].in) continue;
        s->rec[x].in = IN_MIN | IN_MAX;
        if ((ov__graph_holds(s->g, seeds[i]) && vec_push(&s->queue, x)) || mark_changed(s, x)) return OV_ENOMEM;
    }
    ahead_ring ring;
    for (int i = 0; i < RING; i++) ring.place[i] = SIZE_MAX;
    for (size_t head = 0; head < s->queue.n; head++) {
        ask_ahead(s, &ring, head);
        uint32_t n, x = s->queue.v[head] & ~MIN_ONLY;
        bool full = !(s->queue.v[head] & MIN_ONLY), at_min = s->rec[x].in & IN_MIN;
        const ov_holding *h = queued_holdings(s, &ring, head, &n);
        if (full) s->rec[x].flags |= CN_EXPANDED;
        for (const ov_holding *o = h; o < h + n; o++) {
            uint32_t to = ctrl_rec(s, o->asset);
            if (to == UINT32_MAX || mark_changed(s, to)) return OV_ENOMEM;
            uint8_t in = s->rec[to].in;
            if (full && !(in & IN_MAX) && contribute(s, to, R_MAX, o->max, o->edge)) return OV_ENOMEM;
            if (at_min && !(in & IN_MIN) && contribute(s, to, R_MIN, o->min, o->edge)) return OV_ENOMEM;
        }
    }
    return OV_OK;
}

/* After a fixed point: folds it into the records (classes, kept edges, and when
 * there are several the largest stakes) and resets them for the next. A record
 * controlled at the minimum keeps this fixed point's minimum contributions; one
 * controlled at the maximum alone keeps its maximum ones if it kept none before
 * (the first seed group's). */
static int fold(ctrl_state *s)
{
    uint8_t *want = s->want;
    uint32_t need = 0, n = s->multi ? s->changed.n : s->n_rec;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t x = s->multi ? s->changed.v[i] : i;
        cnode *c = &s->rec[x];
        ckeep *d = &s->keep[x];
        want[x] = 0;
        if (c->flags & CN_SEED) continue;
        if (s->multi) {
            if (c->agg[R_MIN] > s->best[2 * x]) s->best[2 * x] = c->agg[R_MIN];
            if (c->agg[R_MAX] > s->best[2 * x + 1]) s->best[2 * x + 1] = c->agg[R_MAX];
        }
        int r = (c->in & IN_MIN) ? R_MIN : ((c->in & IN_MAX) && !d->keep_n) ? R_MAX : -1;
        if (c->in & IN_MIN) c->flags |= CN_CERTAIN;
        if (c->in & IN_MAX) c->flags |= CN_POSSIBLE;
        if (r < 0) continue;
        d->keep_n = c->n_contrib[r];
        if (d->keep_n == 1) { /* the first contribution alone */
            d->keep = c->first[r];
            continue;
        }
        want[x] = (uint8_t)(r + 1);
        d->keep = s->kept.n + need;
        need += c->n_contrib[r];
    }
    while (s->kept.cap - s->kept.n < need)
        if (vec_grow(&s->kept)) return OV_ENOMEM;
    /* the first contribution, then the logged ones in order (n_contrib counting them again) */
    for (int r = 0; r < 2; r++) {
        vec32 *log = &s->log[r];
        if (need) {
            for (uint32_t i = 0; i < log->n; i += 2) {
                uint32_t x = log->v[i];
                if (want[x] != r + 1) continue;
                cnode *c = &s->rec[x];
                if (!(c->flags & CN_FILLING)) { /* its first logged one: the first contribution goes before */
                    s->kept.v[s->keep[x].keep] = c->first[r];
                    c->n_contrib[r] = 1;
                    c->flags |= CN_FILLING;
                }
                s->kept.v[s->keep[x].keep + c->n_contrib[r]++] = log->v[i + 1];
            }
        }
        log->n = 0;
    }
    s->kept.n += need;
    if (!s->multi) return OV_OK; /* the one fixed point's stakes stay in agg */
    for (uint32_t i = 0; i < s->changed.n; i++) {
        cnode *c = &s->rec[s->changed.v[i]];
        c->agg[R_MIN] = c->agg[R_MAX] = 0;
        c->in = 0;
        c->n_contrib[R_MIN] = c->n_contrib[R_MAX] = 0;
        c->flags &= (uint8_t)~(CN_EXPANDED | CN_CHANGED | CN_FILLING);
    }
    s->changed.n = 0;
    return OV_OK;
}

static void ctrl_free(ov__scratch *base)
{
    ctrl_state *s = (ctrl_state *)base;
    nodemap_release(&s->map);
    ov__free(s->rec);
    ov__free(s->keep);
    ov__free(s->best);
    ov__free(s->want);
    ov__free(s->queue.v);
    ov__free(s->changed.v);
    ov__free(s->log[0].v);
    ov__free(s->log[1].v);
    ov__free(s->kept.v);
    ov__free(s->keys);
    ov__free(s->keys_tmp);
    ov__free(s);
}

/* A state left by an earlier call larger than this is freed, not kept. */
#define CTRL_KEEP_MAX ((size_t)64 << 20)

static size_t ctrl_bytes(const ctrl_state *s)
{
    return sizeof *s->map.e * s->map.cap + (sizeof *s->rec + sizeof *s->keep + 1) * (size_t)s->cap_rec +
           16 * (size_t)s->cap_best +
           4 * ((size_t)s->queue.cap + s->changed.cap + s->log[0].cap + s->log[1].cap + s->kept.cap) +
           16 * s->cap_keys;
}

/* A state for a run from n_seeds seeds: the one the graph kept from an earlier
 * call when there is one, emptied; NULL on ENOMEM. Its tables are sized for a
 * run that reaches 8 nodes a seed, and a thread maps their fresh pages while
 * the run goes on (ov__prefault). */
static ctrl_state *ctrl_open(const ov_graph *g, const ov_control_rule *rule, size_t n_seeds)
{
    uint32_t n = ov_graph_node_count(g);
    /* about 9 records a seed at 10 M companies: sized not to grow on such runs */
    uint32_t cap = 4096;
    while (cap < 16 * (n_seeds + 1) && cap < 2 * (size_t)n && cap < (1u << 30)) cap *= 2;
    ctrl_state *s = (ctrl_state *)ov__graph_scratch_take(g, OV__SCRATCH_CONTROL);
    if (!s && !(s = ov__calloc(1, sizeof *s))) return NULL;
    s->base.release = ctrl_free;
    s->g = g;
    s->rule = rule;
    s->multi = !rule->aggregate && n_seeds > 1;
    /* a kept map much larger than this run needs would cost more to clear than to map */
    if (s->map.e && (s->map.cap < cap || s->map.cap > 4 * cap)) nodemap_release(&s->map);
    if (!s->map.e) { /* cleared below */
        s->map.cap = cap;
        s->map.e = ov__malloc(sizeof *s->map.e * cap);
    }
    uint32_t recs = cap / 2;
    if (s->cap_rec < recs) {
        cnode *r = ov__realloc(s->rec, sizeof *r * recs);
        if (r) s->rec = r;
        ckeep *k = r ? ov__realloc(s->keep, sizeof *k * recs) : NULL;
        if (k) s->keep = k;
        uint8_t *w = k ? ov__realloc(s->want, recs) : NULL;
        if (w) {
            s->want = w;
            s->cap_rec = recs;
        }
    }
    if (s->multi && s->cap_best < s->cap_rec) {
        double *b = ov__realloc(s->best, sizeof *b * 2 * s->cap_rec);
        if (b) {
            s->best = b;
            s->cap_best = s->cap_rec;
        }
    }
    if (s->cap_keys < recs / 2) {
        ov__free(s->keys);
        ov__free(s->keys_tmp);
        s->keys = ov__malloc(sizeof *s->keys * (recs / 2));
        s->keys_tmp = ov__malloc(sizeof *s->keys_tmp * (recs / 2));
        s->cap_keys = s->keys && s->keys_tmp ? recs / 2 : 0;
    }
    s->cap_res = s->cap_rec;
    s->res = ov__malloc(sizeof *s->res * (s->cap_res ? s->cap_res : 1));
    if (!s->map.e || s->cap_rec < recs || (s->multi && s->cap_best < s->cap_rec) || s->cap_keys < recs / 2 || !s->res ||
        vec_reserve(&s->queue, recs) || vec_reserve(&s->changed, s->multi ? recs : 0) ||
        vec_reserve(&s->log[0], recs) || vec_reserve(&s->log[1], recs) || vec_reserve(&s->kept, recs / 2)) {
        ov__free(s->res);
        ctrl_free(&s->base);
        return NULL;
    }
    /* the map's upper half first (this thread clears the lower half meanwhile), then the
     * tables the run fills side by side, then those it fills at the end; about half the
     * records reached are controlled: the rest of res is left to faults (its unused end is
     * given back) */
    size_t map_bytes = sizeof *s->map.e * s->map.cap, half = map_bytes / 2 & ~(size_t)4095;
    void *const at[] = {(char *)s->map.e + half, s->rec,    s->keep,     s->queue.v,  s->log[0].v,
                        s->log[1].v,             s->changed.v, s->best,  s->kept.v,   s->keys,
                        s->keys_tmp,             s->res};
    const size_t len[] = {map_bytes - half,
                          sizeof *s->rec * s->cap_rec,
                          sizeof *s->keep * s->cap_rec,
                          4 * (size_t)s->queue.cap,
                          4 * (size_t)s->log[0].cap,
                          4 * (size_t)s->log[1].cap,
                          4 * (size_t)s->changed.cap,
                          s->multi ? 16 * (size_t)s->cap_best : 0,
                          4 * (size_t)s->kept.cap,
                          sizeof *s->keys * s->cap_keys,
                          sizeof *s->keys * s->cap_keys,
                          sizeof *s->res * (s->cap_res / 2)};
    s->pf = ov__prefault_start(at, len, (int)(sizeof at / sizeof at[0]), 1, 7);
    s->map.n = 0;
    memset(s->map.e, 0xff, half);
    memset((char *)s->map.e + half, 0xff, map_bytes - half);
    s->n_rec = 0;
    s->queue.n = s->changed.n = s->log[0].n = s->log[1].n = s->kept.n = 0;
    return s;
}

/* Leaves s with the graph for the next call, or frees it when it is large. */
static void ctrl_close(ctrl_state *s)
{
    ov__prefault_join(s->pf);
    s->pf = NULL;
    ov__free(s->res); /* unless handed out */
    s->res = NULL;
    if (ctrl_bytes(s) > CTRL_KEEP_MAX) ctrl_free(&s->base);
    else ov__graph_scratch_put(s->g, OV__SCRATCH_CONTROL, &s->base);
}

/* The controlled records in node order (ov_controlled). */
static int ctrl_results(ctrl_state *s, ov_controlled **out, size_t *n_out)
{
    size_t count = 0;
    for (uint32_t i = 0; i < s->n_rec; i++) count += (s->rec[i].flags & (CN_CERTAIN | CN_POSSIBLE)) != 0;
    if (count > s->cap_keys) {
        ov__free(s->keys);
        ov__free(s->keys_tmp);
        s->keys = ov__malloc(sizeof *s->keys * count);
        s->keys_tmp = ov__malloc(sizeof *s->keys_tmp * count);
        s->cap_keys = s->keys && s->keys_tmp ? count : 0;
        if (!s->cap_keys) return OV_ENOMEM;
    }
    if (count > s->cap_res) { /* the run reached more nodes than its tables were sized for */
        ov_controlled *r = ov__realloc(s->res, sizeof *r * count);
        if (!r) return OV_ENOMEM;
        s->res = r;
        s->cap_res = count;
    }
    ov__prefault_join(s->pf); /* what is not mapped yet, the writes below map */
    s->pf = NULL;
    ov_controlled *res = s->res;
    /* node order, as a scan of the graph gives: (node, record) keys, radix sorted */
    uint64_t *key = s->keys, *tmp = s->keys_tmp;
    size_t k = 0;
    for (uint32_t i = 0; i < s->n_rec; i++)
        if (s->rec[i].flags & (CN_CERTAIN | CN_POSSIBLE)) key[k++] = (uint64_t)s->rec[i].node << 32 | i;
    for (int shift = 32; shift < 64; shift += 8) {
        size_t cnt[257] = {0};
        for (size_t i = 0; i < k; i++) cnt[((key[i] >> shift) & 0xff) + 1]++;
        for (int b = 0; b < 256; b++) cnt[b + 1] += cnt[b];
        for (size_t i = 0; i < k; i++) tmp[cnt[(key[i] >> shift) & 0xff]++] = key[i];
        uint64_t *t = key;
        key = tmp;
        tmp = t;
    }
    for (size_t j = 0; j < k; j++) {
        uint32_t x = (uint32_t)key[j];
        const cnode *c = &s->rec[x];
        const ckeep *d = &s->keep[x];
        ov_controlled *o = &res[j];
        memset(o, 0, sizeof *o);
        o->node = c->node;
        o->cls = c->flags & CN_CERTAIN ? OV_CTRL_CERTAIN : OV_CTRL_POSSIBLE;
        double smax = s->multi ? s->best[2 * x + 1] : c->agg[R_MAX];
        o->share_min = s->multi ? s->best[2 * x] : c->agg[R_MIN];
        o->share_max = smax > 1.0 ? 1.0 : smax;
        o->n_edges = (int)d->keep_n;
        if (d->keep_n == 1) o->edges[0] = d->keep;
        else if (d->keep_n) memcpy(o->edges, &s->kept.v[d->keep], sizeof *o->edges * d->keep_n);
    }
    /* the unused end is given back (in place) */
    ov_controlled *shrunk = k < s->cap_res ? ov__realloc(res, sizeof *res * (k ? k : 1)) : NULL;
    *out = shrunk ? shrunk : res;
    *n_out = k;
    s->res = NULL;
    return OV_OK;
}

int ov_own_control(const ov_graph *g, const uint32_t *seeds, size_t n_seeds, const ov_control_rule *rule,
                   ov_controlled **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    uint32_t n = ov_graph_node_count(g);
    ctrl_state *s = ctrl_open(g, rule, n_seeds);
    if (!s) return OV_ENOMEM;
    int rc = OV_OK;
    for (size_t i = 0; !rc && i < n_seeds; i++) {
        if (seeds[i] >= n) continue;
        uint32_t x = ctrl_rec(s, seeds[i]);
        if (x == UINT32_MAX) rc = OV_ENOMEM;
        else s->rec[x].flags |= CN_SEED;
    }
    size_t groups = rule->aggregate ? 1 : n_seeds;
    for (size_t gi = 0; !rc && gi < groups; gi++) {
        const uint32_t *sd = rule->aggregate ? seeds : &seeds[gi];
        if (!(rc = fixpoint(s, sd, rule->aggregate ? n_seeds : 1))) rc = fold(s);
    }
    if (!rc) rc = ctrl_results(s, out, n_out);
    ctrl_close(s);
    return rc;
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
    int rc = local_build(g, node, &l, false);
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
    if (!rc && (rc = best_paths(&l, next, best, NULL, NULL)) == OV_OK) {
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

/* The state's share: v_k, the walk sums from ancestor k down to node through
 * holders that are not state and stopping at node, summed over the state
 * ancestors. On the local graph without state nodes' own holders and without
 * node's holdings (local_build's state_sinks) that is the column integrate()
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
    int rc = local_build(g, node, &l, true);
    integ r = {0};
    double *best = NULL;
    uint32_t *next = NULL;
    if (!rc) {
        rc = integ_alloc(&r, l.n, false);
        best = ov__malloc(sizeof *best * l.n);
        next = ov__malloc(sizeof *next * l.n);
        if (!rc && (!best || !next)) rc = OV_ENOMEM;
    }
    if (!rc) rc = integrate(&l, &r);
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
        rc = best_paths(&l, next, best, NULL, NULL);
    }
    if (!rc) {
        double top = 0;
        for (uint32_t k = 1; k < l.n; k++)
            if (ov_graph_node_state(g, l.nodes[k]) && best[k] > top) {
                top = best[k];
                fill_path(&l, k, next, best, path);
            }
    }
    integ_free(&r);
    ov__free(best);
    ov__free(next);
    local_free(&l);
    if (rc) *unbounded = 0;
    if (rc == OV_ETOOBIG) return state_share_iterative(g, node, min, max, path);
    if (rc) *min = *max = 0;
    return rc;
}
