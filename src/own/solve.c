/*
 * solve.c - the integrated-share solver of the ownership analyses (see own.h,
 * docs/internals/graph.md, docs/internals/ownership.md): the local view of a
 * subject's ancestors, the strongest paths, and the Leontief form
 * T = A (I - A)^-1 solved exactly one strongly connected component at a time
 * (elimination and selected inversion), diverging cycles capped.
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
#include "own_local.h"
#include "../util/alloc.h"
#include "../util/banned.h"

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

void ov__local_free(local *l)
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
int ov__local_build(const ov_graph *g, uint32_t subject, local *l, bool state_sinks)
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
int ov__best_paths(const local *l, uint32_t *next_edge /* local edge per node */, double *best,
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

void ov__fill_path(const local *l, uint32_t k, const uint32_t *next_edge, const double *best, ov_path *path)
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
/* The arrays of r for n local nodes (dv too when with_dv); OV_ENOMEM
 * leaves what was allocated for integ_free. */
int ov__integ_alloc(integ *r, size_t n, bool with_dv)
{
    r->xmin = ov__calloc(n, sizeof *r->xmin);
    r->xmax = ov__calloc(n, sizeof *r->xmax);
    r->dmin = ov__malloc(sizeof *r->dmin * n);
    r->dmax = ov__malloc(sizeof *r->dmax * n);
    r->unb = ov__calloc(n, 1);
    r->dv = with_dv ? ov__calloc(n, 1) : NULL;
    return !r->xmin || !r->xmax || !r->dmin || !r->dmax || !r->unb || (with_dv && !r->dv) ? OV_ENOMEM : OV_OK;
}

void ov__integ_free(integ *r)
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
int ov__integrate(const local *l, integ *r)
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
 * (own_internal.h): ov__integrate() on a local graph of the members with the
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
    if (!rc) rc = ov__integ_alloc(&r, l.n, true);
    if (!rc) rc = ov__integrate(&l, &r);
    for (uint32_t i = 0; !rc && i < s; i++) {
        xmin[i] = r.xmin[i + 1];
        xmax[i] = r.xmax[i + 1];
        dmin[i] = r.dmin[i + 1];
        dmax[i] = r.dmax[i + 1];
        unb[i] = r.unb[i + 1];
        dv[i] = r.dv[i + 1];
    }
    ov__integ_free(&r);
    ov__local_free(&l);
    return rc;
}
