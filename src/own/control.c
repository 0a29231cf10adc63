/*
 * control.c - who a set of seeds controls under a threshold rule (OFAC, EU, UK):
 * a fixed point from the seeds, with state only for the nodes they reach, both
 * readings of the bands in one traversal (see own.h, docs/internals/ownership.md).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "oversight/own.h"
#include "own_internal.h"
#include "own_local.h"
#include "../graph/graph_internal.h"
#include "../util/alloc.h"
#include "../util/prefault.h"
#include "../util/banned.h"

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
