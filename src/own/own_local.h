/* own_local.h - what the ownership analyses' files share (solve.c, owners.c,
 * control.c): the node map and index vectors of the traversals (inline: they are
 * on the control rule's hot path), and the local view of a subject's ancestors
 * with the integrated-share solver that owners and the state's share use.
 * Library-internal. */
#ifndef OV_OWN_LOCAL_H
#define OV_OWN_LOCAL_H
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "oversight/own.h"
#include "../util/alloc.h"

#define MAX_ITER 1000
#define EPS 1e-13

/* ---- graph node -> dense index: open addressing, at most half full ----- */

static inline uint32_t node_hash(uint32_t node, uint32_t mask)
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

static inline int nodemap_init(nodemap *m, uint32_t cap)
{
    m->cap = cap;
    m->n = 0;
    m->e = ov__malloc(sizeof *m->e * cap);
    if (!m->e) return OV_ENOMEM;
    memset(m->e, 0xff, sizeof *m->e * cap);
    return OV_OK;
}

static inline void nodemap_release(nodemap *m)
{
    ov__free(m->e);
    m->e = NULL;
}

/* node's value; when node is absent it is added with value m->n (the next
 * dense index) and *added is set. OV_ENOMEM when the map cannot grow. */
static inline int nodemap_get(nodemap *m, uint32_t node, uint32_t *val, bool *added)
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

/* Whether node is in the map (no insertion). */
static inline bool nodemap_has(const nodemap *m, uint32_t node)
{
    uint32_t mask = m->cap - 1;
    for (uint32_t h = node_hash(node, mask); m->e[h].key != UINT32_MAX; h = (h + 1) & mask)
        if (m->e[h].key == node) return true;
    return false;
}

/* The slot node would take, for prefetching. */
static inline const nodemap_ent *nodemap_home(const nodemap *m, uint32_t node)
{
    return &m->e[node_hash(node, m->cap - 1)];
}

typedef struct vec32 {
    uint32_t *v;
    uint32_t n, cap;
} vec32;

static inline int vec_grow(vec32 *x)
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
static inline int vec_reserve(vec32 *x, uint32_t cap)
{
    if (cap <= x->cap) return OV_OK;
    uint32_t *p = ov__realloc(x->v, sizeof *p * cap);
    if (!p) return OV_ENOMEM;
    x->v = p;
    x->cap = cap;
    return OV_OK;
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

/* Per-query results of the integrated shares, by local node. */
typedef struct integ {
    double *xmin, *xmax;  /* walk sums to the subject (x = Z e_X - e_X), capped at CAP */
    double *dmin, *dmax;  /* Z_hh: 1 / (1 - first-return share); 1 off cycles */
    uint8_t *unb;         /* 1: diverged at the bands' minimum, 2: at their maximum */
    uint8_t *dv;          /* may be NULL: the same for the node's own component only (not what
                             spreads to it from below) */
} integ;

/* The subject's ancestors as a local graph (nodes[0] the subject); with
 * state_sinks, state nodes' own holders are not followed and nothing passes on
 * through the subject. OV_ENOMEM, OV_ETOOBIG past OV_OWN_MAX_NODES. */
int ov__local_build(const ov_graph *g, uint32_t subject, local *l, bool state_sinks);
void ov__local_free(local *l);
/* The arrays of r for n local nodes (dv too when with_dv); OV_ENOMEM leaves what
 * was allocated for ov__integ_free. */
int ov__integ_alloc(integ *r, size_t n, bool with_dv);
void ov__integ_free(integ *r);
/* The integrated shares of every local node in the subject (solve.c). */
int ov__integrate(const local *l, integ *r);
/* Strongest paths from every local node down to the subject (the largest product
 * of minimum shares): next_edge (a local edge per node) and the product in best;
 * order (may be NULL) gets the nodes as they are settled, *n_order their number. */
int ov__best_paths(const local *l, uint32_t *next_edge, double *best, uint32_t *order, uint32_t *n_order);
/* The path from local node k down to the subject, as graph edges. */
void ov__fill_path(const local *l, uint32_t k, const uint32_t *next_edge, const double *best, ov_path *path);

#endif
