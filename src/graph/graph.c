/*
 * graph.c - builds the compact ownership/control graph from the store and
 * answers lookups (see graph.h, docs/internals/graph.md).
 *
 * Nodes are indexed by the store's entity row id. Every entity's id and
 * caption are copied once into one string block, and an open-addressing hash
 * of the ids maps an id to its row id: it resolves the references of the
 * interest statements while building (the store returns them raw) and serves
 * ov_graph_find afterwards. Interest entities (Ownership, Control, ...) become
 * edges; adjacency is kept in CSR form (offsets + edge indexes) in both
 * directions.
 *
 * At registry scale the build is bound by cache and TLB misses on these
 * tables, not by arithmetic: the hash is filled after the entity scan and
 * references are resolved a batch of interests at a time, both with
 * prefetches running ahead, and the large tables ask for huge pages. Both
 * scans are split by row id into parts that the store may run in parallel;
 * each part has its own builder, which writes the tables of its own rows only,
 * and the parts' names, schema tables, countries and edges are joined in part
 * order, which is the order of a single scan.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "oversight/graph.h"
#include "oversight/resolve.h"
#include "graph_internal.h"
#include "../store/store_internal.h"
#include "../util/alloc.h"
#include "../util/arena.h"
#include "../util/banned.h"

#define CAPTION_MAX 200      /* bytes of a caption kept */

const char *ov_edge_kind_name(ov_edge_kind k)
{
    static const char *const names[] = {"ownership", "control", "directorship", "membership", "link"};
    return (unsigned)k < 5 ? names[k] : "unknown";
}

/* ---- ids ----------------------------------------------------------------- */

uint64_t ov__graph_hash(const char *s, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL * (n + 1), w;
    for (; n >= 8; s += 8, n -= 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
    }
    w = 0;
    memcpy(&w, s, n);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 29;
    h *= 0xff51afd7ed558ccdULL;
    return h ^ (h >> 32);
}

static const char *id_of(const ov_graph *g, uint32_t row)
{
    return g->names + (size_t)g->name[row] * 4;
}

/* The row id of the entity whose id is s (n bytes), 0 when none. */
static uint32_t lookup(const ov_graph *g, const char *s, size_t n)
{
    if (!g->slots || memchr(s, 0, n)) return 0; /* ids hold no NUL */
    /* bounded, and strncmp stops at the id's end: a snapshot's table is checked at open only
     * for its size, so a slot may name any row */
    uint64_t i = ov__graph_hash(s, n) & g->slot_mask;
    for (uint64_t probes = 0; probes <= g->slot_mask; probes++, i = (i + 1) & g->slot_mask) {
        uint32_t row = g->slots[i];
        if (!row || row >= g->n_nodes) return 0;
        const char *id = id_of(g, row);
        if (strncmp(id, s, n) == 0 && id[n] == 0) return row;
    }
    return 0;
}

/* Asks for transparent huge pages on a large table (fewer TLB misses on random access); a hint only. */
static void huge_pages(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
    const uintptr_t huge = (uintptr_t)2 << 20;
    uintptr_t a = ((uintptr_t)p + huge - 1) & ~(huge - 1), e = ((uintptr_t)p + n) & ~(huge - 1);
    if (p && e > a) (void)madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
    (void)p;
    (void)n;
#endif
}

#define BATCH 1024 /* rows hashed (or interests resolved) between prefetch and use */

/* Fills the id hash with every entity of the graph, a batch at a time: the
 * hashes of a batch are computed and their slots prefetched before any is
 * written. */
static void fill_hash(ov_graph *g)
{
    uint64_t h[BATCH];
    uint32_t rows[BATCH];
    uint32_t row = 1;
    while (row < g->n_nodes) {
        int k = 0;
        for (; k < BATCH && row < g->n_nodes; row++) {
            if (!g->name[row]) continue;
            const char *id = id_of(g, row);
            rows[k] = row;
            h[k] = ov__graph_hash(id, strlen(id)) & g->slot_mask;
            __builtin_prefetch(&g->slots[h[k]], 1);
            k++;
        }
        for (int j = 0; j < k; j++) {
            uint64_t i = h[j];
            while (g->slots[i]) i = (i + 1) & g->slot_mask;
            g->slots[i] = rows[j];
        }
    }
}

/* ---- building ------------------------------------------------------------ */

/* The properties read from the store, and what each means for an interest. */
enum {
    P_OWNER, P_ASSET, P_CONTROLLER, P_CONTROLLED, P_DIRECTOR, P_ORGANIZATION, P_MEMBER, P_SUBJECT, P_OBJECT,
    P_PERCENTAGE, P_OWNERSHIP_TYPE, P_CONTROL_TYPE, P_ROLE, P_START_DATE, P_END_DATE, P_DATE, P_TOPICS,
    P_COUNTRY, P_JURISDICTION, P_COUNT
};
static const char *const fact_props[P_COUNT] = {
    "owner", "asset", "controller", "controlled", "director", "organization", "member", "subject",
    "object", "percentage", "ownershipType", "controlType", "role", "startDate", "endDate", "date",
    "topics", "country", "jurisdiction"};

/* A reference waiting to be resolved: the value (in the scratch arena) and what it names. */
typedef struct ref {
    const char *s;
    size_t n;
    uint64_t slot;             /* the first slot probed */
    uint32_t row;              /* the result: a row id, 0 when the value names no entity of the graph */
} ref;

typedef struct interest {
    int64_t eid;
    ov_edge_kind kind;
    bool is_interest;
    int src_prop, dst_prop;    /* the properties naming the two ends */
    uint32_t src[4], dst[4];   /* indexes in builder.refs; their row ids once resolved */
    int n_src, n_dst;
    const char *pct[4];
    int n_pct;
    const char *type, *start, *end;
    int status;
} interest;

typedef struct builder {
    ov_graph *g;
    const ov_model *m;
    const ov_graph_opts *opts;
    const ov_schema *interest_schema, *public_body, *ownership, *control, *directorship, *membership;
    /* one part of the scans, possibly in its own thread: it writes the tables
     * of its own rows only, and everything below */
    int16_t *schema_cache;     /* by the store's schema number: index in schemas, 0 none, -1 not looked up */
    int64_t n_schema_cache;
    const ov_schema *schemas[256]; /* the part's schema table until the parts are joined */
    int n_schemas;
    char *names;               /* the part's ids and captions until the parts are joined */
    size_t names_len, names_cap;
    ov_arena *strings;         /* the graph's arena of this part */
    ov_edge *edges;            /* a region of g->edges, or this part's own array once that is full */
    uint32_t n_edges, cap_edges;
    bool own_edges;
    const char **countries;    /* interned, [0] unused */
    uint32_t n_countries, cap_countries;
    uint32_t *country_slots;   /* intern hash of countries: indexes in countries, 0 = empty */
    uint32_t country_mask;
    uint32_t *state_controlled; /* rows under a Control of type state (flagged after the scan) */
    uint32_t n_state_controlled, cap_state_controlled;
    interest cur;
    interest batch[BATCH];     /* interests waiting for their references, in scan order */
    int n_batch;
    ref refs[BATCH * 8];
    int n_refs;
    int cur_refs;              /* n_refs when cur started: its references follow */
    ov_arena scratch;          /* the strings of cur and of the batch */
    int rc;
} builder;

static const char *keep(builder *b, const char *s)
{
    return s ? ov_arena_strdup(b->strings, s) : NULL;
}

/* Room for need more bytes in the part's block of names (which begins with 4 unused bytes). */
static int add_names(builder *b, size_t need)
{
    if (!b->names_len) need += 4;
    if (b->names_len + need <= b->names_cap) return OV_OK;
    size_t cap = b->names_cap ? b->names_cap : (size_t)1 << 16;
    while (cap < b->names_len + need) cap *= 2;
    if (cap / 4 > UINT32_MAX) return OV_ETOOBIG;
    char *n = ov__realloc(b->names, cap);
    if (!n) return OV_ENOMEM;
    b->names = n;
    b->names_cap = cap;
    huge_pages(n, cap);
    if (!b->names_len) {
        memset(n, 0, 4);
        b->names_len = 4;
    }
    return OV_OK;
}

/* The index in b->schemas of the store's schema number sn, named name; 0 when the model has none. */
static int schema_index(builder *b, int sn, const char *name)
{
    if (sn < 0) return 0;
    if (sn >= b->n_schema_cache) {
        int64_t cap = b->n_schema_cache ? b->n_schema_cache : 16;
        while (cap <= sn) cap *= 2;
        int16_t *c = ov__realloc(b->schema_cache, sizeof *c * (size_t)cap);
        if (!c) return -1;
        for (int64_t i = b->n_schema_cache; i < cap; i++) c[i] = -1;
        b->schema_cache = c;
        b->n_schema_cache = cap;
    }
    if (b->schema_cache[sn] >= 0) return b->schema_cache[sn];
    const ov_schema *s = ov_model_schema(b->m, name);
    int k = 0;
    if (s) {
        for (k = 1; k < b->n_schemas && b->schemas[k] != s; k++) {}
        if (k == b->n_schemas) {
            if (k == 256) return -1;
            b->schemas[b->n_schemas++] = s;
        }
    }
    return b->schema_cache[sn] = (int16_t)k;
}

static int brief_cb(int64_t eid, const char *id, size_t id_len, int sn, const char *schema, const char *caption,
                    size_t caption_len, void *ud)
{
    builder *b = ud;
    ov_graph *g = b->g;
    if (eid <= 0 || (uint64_t)eid >= g->n_nodes) return 0;
    int k = schema_index(b, sn, schema);
    if (k < 0) {
        b->rc = b->n_schemas == 256 ? OV_ETOOBIG : OV_ENOMEM;
        return 1;
    }
    if (!k) return 0;
    const ov_schema *s = b->schemas[k];
    id_len = strnlen(id, id_len);
    if (caption) caption_len = strnlen(caption, caption_len < CAPTION_MAX ? caption_len : CAPTION_MAX);
    size_t need = (id_len + 1 + (caption ? caption_len + 1 : 0) + 3) & ~(size_t)3;
    if ((b->rc = add_names(b, need))) return 1;
    char *p = b->names + b->names_len;
    memcpy(p, id, id_len);
    p[id_len] = 0;
    if (caption) {
        memcpy(p + id_len + 1, caption, caption_len);
        p[id_len + 1 + caption_len] = 0;
    } else {
        g->state[eid] |= NODE_NO_CAPTION;
    }
    g->name[eid] = (uint32_t)(b->names_len / 4); /* in the part's block until joined */
    b->names_len += need;
    g->schema[eid] = (uint8_t)k;
    if (ov_schema_is_a(s, b->public_body)) g->state[eid] |= OV_STATE_PUBLIC_BODY;
    if (ov_schema_is_a(s, b->interest_schema)) g->state[eid] |= NODE_INTEREST;
    return 0;
}

/* The index in b->countries of the country text s, interned; 0 when out of memory. */
static uint32_t intern_country(builder *b, const char *s, size_t n)
{
    if (b->n_countries + 1 >= b->cap_countries) { /* also keeps the hash under half full */
        if (b->cap_countries >= UINT32_MAX / 4) return 0;
        uint32_t cap = b->cap_countries ? b->cap_countries * 2 : 64;
        const char **c = ov__realloc(b->countries, sizeof *c * cap);
        if (c) b->countries = c;
        uint32_t *slots = c ? ov__calloc((size_t)cap * 2, sizeof *slots) : NULL;
        if (!slots) return 0;
        b->cap_countries = cap;
        if (!b->n_countries) b->n_countries = 1;
        ov__free(b->country_slots);
        b->country_slots = slots;
        b->country_mask = cap * 2 - 1;
        for (uint32_t k = 1; k < b->n_countries; k++) {
            const char *v = b->countries[k];
            uint32_t i = (uint32_t)ov__graph_hash(v, strlen(v)) & b->country_mask;
            while (slots[i]) i = (i + 1) & b->country_mask;
            slots[i] = k;
        }
    }
    uint32_t i = (uint32_t)ov__graph_hash(s, n) & b->country_mask;
    for (; b->country_slots[i]; i = (i + 1) & b->country_mask)
        if (strcmp(b->countries[b->country_slots[i]], s) == 0) return b->country_slots[i];
    const char *v = keep(b, s);
    if (!v) return 0;
    b->countries[b->n_countries] = v;
    b->country_slots[i] = b->n_countries;
    return b->n_countries++;
}

/* Compares ISO date prefixes on their common length: "2019" covers "2019-05-01". */
static int date_cmp(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    return strncmp(a, b, la < lb ? la : lb);
}

bool ov__graph_in_force(const char *at, const char *start, const char *end)
{
    if (!at) return true;
    if (start && date_cmp(start, at) > 0) return false;
    if (end && date_cmp(end, at) < 0) return false;
    return true;
}

static int add_edge(builder *b, const ov_edge *e)
{
    if (b->n_edges == b->cap_edges) { /* past the region: an array of the part's own */
        if (b->cap_edges >= UINT32_MAX / 2) return OV_ETOOBIG;
        uint32_t cap = b->cap_edges >= 512 ? b->cap_edges * 2 : 1024;
        ov_edge *n = ov__realloc(b->own_edges ? b->edges : NULL, sizeof *n * cap);
        if (!n) return OV_ENOMEM;
        if (!b->own_edges && b->n_edges) memcpy(n, b->edges, sizeof *n * b->n_edges);
        b->edges = n;
        b->cap_edges = cap;
        b->own_edges = true;
    }
    b->edges[b->n_edges++] = *e;
    return OV_OK;
}

/* Adds the edges of an interest whose references are resolved. */
static int add_interest(builder *b, const interest *it)
{
    ov_graph *g = b->g;
    ov_edge e = {0};
    e.kind = it->kind;
    e.interest_id = id_of(g, (uint32_t)it->eid);
    e.type = keep(b, it->type);
    e.start = keep(b, it->start);
    e.end = keep(b, it->end);
    if ((it->type && !e.type) || (it->start && !e.start) || (it->end && !e.end)) return OV_ENOMEM;
    e.status = it->status;
    /* several percentages on one interest: a band from the lowest to the highest, flagged */
    for (int i = 0; i < it->n_pct; i++) {
        ov_share s;
        if (!ov_share_parse(it->pct[i], &s)) continue;
        if (!e.share.has_share) {
            e.share = s;
        } else {
            if (s.min != e.share.min || s.max != e.share.max) e.conflicting = true;
            if (s.min < e.share.min) e.share.min = s.min;
            if (s.max > e.share.max) e.share.max = s.max;
        }
    }
    for (int i = 0; i < it->n_src; i++)
        for (int k = 0; k < it->n_dst; k++) {
            const ref *rs = &b->refs[it->src[i]], *rd = &b->refs[it->dst[k]];
            uint32_t from = rs->row, to = rd->row;
            if (!from || !to) continue;
            /* two referents of one cluster: the interest is inside the entity, not an edge */
            if (from == to && (rs->n != rd->n || memcmp(rs->s, rd->s, rs->n) != 0)) continue;
            e.from = from;
            e.to = to;
            int rc = add_edge(b, &e);
            if (rc) return rc;
            if (e.kind == OV_EDGE_CONTROL && e.type && strcasecmp(e.type, "state") == 0) {
                /* e.to may be another part's row: flagged after the scan */
                if (b->n_state_controlled == b->cap_state_controlled) {
                    uint32_t cap = b->cap_state_controlled ? b->cap_state_controlled * 2 : 64;
                    uint32_t *c = cap > b->cap_state_controlled
                                      ? ov__realloc(b->state_controlled, sizeof *c * cap) : NULL;
                    if (!c) return OV_ENOMEM;
                    b->state_controlled = c;
                    b->cap_state_controlled = cap;
                }
                b->state_controlled[b->n_state_controlled++] = e.to;
            }
        }
    return OV_OK;
}

/* Resolves the references of the batch, then adds its edges in scan order.
 * Three passes of prefetches (the slot, the row's name position, the id)
 * overlap the misses of a thousand lookups instead of taking them in turn. */
static int flush_batch(builder *b)
{
    ov_graph *g = b->g;
    for (int r = 0; r < b->n_refs; r++) {
        ref *x = &b->refs[r];
        x->slot = ov__graph_hash(x->s, x->n) & g->slot_mask;
        __builtin_prefetch(&g->slots[x->slot]);
    }
    for (int r = 0; r < b->n_refs; r++) {
        uint32_t row = g->slots[b->refs[r].slot];
        if (row) __builtin_prefetch(&g->name[row]);
    }
    for (int r = 0; r < b->n_refs; r++) {
        uint32_t row = g->slots[b->refs[r].slot];
        if (row) __builtin_prefetch(id_of(g, row));
    }
    for (int r = 0; r < b->n_refs; r++) {
        ref *x = &b->refs[r];
        x->row = 0;
        if (memchr(x->s, 0, x->n)) continue; /* ids hold no NUL */
        for (uint64_t i = x->slot;; i = (i + 1) & g->slot_mask) {
            uint32_t row = g->slots[i];
            if (!row) break;
            const char *id = id_of(g, row);
            if (memcmp(id, x->s, x->n) == 0 && id[x->n] == 0) {
                x->row = row;
                break;
            }
        }
    }
    if (g->n_merged) /* a reference to a merged referent is one to its cluster's node */
        for (int r = 0; r < b->n_refs; r++)
            if (b->refs[r].row && (g->state[b->refs[r].row] & NODE_MERGED))
                b->refs[r].row = ov__graph_rep(g, b->refs[r].row);
    int rc = OV_OK;
    for (int i = 0; !rc && i < b->n_batch; i++) rc = add_interest(b, &b->batch[i]);
    b->n_batch = 0;
    b->n_refs = 0;
    ov_arena_reset(&b->scratch);
    return rc;
}

/* Queues the current interest (if it is one, in force) for its references. */
static int flush_interest(builder *b)
{
    interest *it = &b->cur;
    if (!it->eid || !it->is_interest || !ov__graph_in_force(b->opts ? b->opts->as_of : NULL, it->start, it->end)) {
        b->n_refs = b->cur_refs; /* its references are not needed */
        return b->scratch.used_total > (1 << 22) ? flush_batch(b) : OV_OK;
    }
    b->batch[b->n_batch++] = *it;
    if (b->n_batch == BATCH || b->n_refs > BATCH * 8 - 8 || b->scratch.used_total > (1 << 22)) return flush_batch(b);
    return OV_OK;
}

static void start_interest(builder *b, int64_t eid)
{
    interest *it = &b->cur;
    ov_graph *g = b->g;
    memset(it, 0, sizeof *it);
    it->eid = eid;
    b->cur_refs = b->n_refs;
    if (!(g->state[eid] & NODE_INTEREST)) return;
    const ov_schema *s = g->schemas[g->schema[eid]];
    it->is_interest = true;
    if (ov_schema_is_a(s, b->ownership)) {
        it->kind = OV_EDGE_OWNERSHIP;
        it->src_prop = P_OWNER;
        it->dst_prop = P_ASSET;
    } else if (b->control && ov_schema_is_a(s, b->control)) {
        it->kind = OV_EDGE_CONTROL;
        it->src_prop = P_CONTROLLER;
        it->dst_prop = P_CONTROLLED;
    } else if (ov_schema_is_a(s, b->directorship)) {
        it->kind = OV_EDGE_DIRECTORSHIP;
        it->src_prop = P_DIRECTOR;
        it->dst_prop = P_ORGANIZATION;
    } else if (ov_schema_is_a(s, b->membership)) {
        it->kind = OV_EDGE_MEMBERSHIP;
        it->src_prop = P_MEMBER;
        it->dst_prop = P_ORGANIZATION;
    } else if (strcmp(ov_schema_name(s), "UnknownLink") == 0) {
        it->kind = OV_EDGE_UNKNOWN;
        it->src_prop = P_SUBJECT;
        it->dst_prop = P_OBJECT;
    } else {
        it->is_interest = false;
    }
}

static int fact_cb(int64_t eid, int prop, const char *value, size_t n, int status, void *ud)
{
    builder *b = ud;
    ov_graph *g = b->g;
    if (eid <= 0 || (uint64_t)eid >= g->n_nodes || !g->schema[eid]) return 0;
    if (eid != b->cur.eid) {
        if ((b->rc = flush_interest(b))) return 1;
        start_interest(b, eid);
    }
    interest *it = &b->cur;
    if (!it->is_interest) {
        /* a node's own facts */
        if (prop == P_TOPICS && strcmp(value, "gov.soe") == 0) g->state[eid] |= OV_STATE_SOE_TOPIC;
        if ((prop == P_COUNTRY || prop == P_JURISDICTION) && !g->country[eid] &&
            !(g->country[eid] = intern_country(b, value, strlen(value)))) {
            b->rc = OV_ENOMEM;
            return 1;
        }
        return 0;
    }
    if (status > it->status) it->status = status;
    const char **slot = NULL;
    if (prop == it->src_prop || prop == it->dst_prop) {
        bool src = prop == it->src_prop;
        if ((src ? it->n_src : it->n_dst) == 4) return 0;
        ref *x = &b->refs[b->n_refs];
        if (!(x->s = ov_arena_strndup(&b->scratch, value, n))) {
            b->rc = OV_ENOMEM;
            return 1;
        }
        x->n = n;
        if (src) it->src[it->n_src++] = (uint32_t)b->n_refs++;
        else it->dst[it->n_dst++] = (uint32_t)b->n_refs++;
        return 0;
    }
    switch (prop) {
    case P_PERCENTAGE: if (it->n_pct < 4) slot = &it->pct[it->n_pct++]; break;
    case P_CONTROL_TYPE:
    case P_OWNERSHIP_TYPE:
    case P_ROLE: if (!it->type) slot = &it->type; break;
    case P_START_DATE: slot = &it->start; break;
    case P_DATE: if (!it->start) slot = &it->start; break;
    case P_END_DATE: slot = &it->end; break;
    default: break;
    }
    if (slot && !(*slot = ov_arena_strdup(&b->scratch, value))) {
        b->rc = OV_ENOMEM;
        return 1;
    }
    return 0;
}

/* (asset, position) pairs: by asset, then position */
static int by_asset(const void *a, const void *b)
{
    const uint32_t *x = a, *y = b;
    if (x[0] != y[0]) return x[0] < y[0] ? -1 : 1;
    return x[1] < y[1] ? -1 : x[1] > y[1];
}

/* Scratch for the holdings of one node, sized by its out-degree. */
typedef struct band_scratch {
    uint8_t *first;            /* per out-edge: the first ownership edge of its pair */
    double *lo, *hi;           /* per out-edge: its pair's band */
    uint32_t *pairs;           /* (asset, position) pairs, for sorting */
    uint32_t cap;
} band_scratch;

static void band_release(band_scratch *b)
{
    ov__free(b->first);
    ov__free(b->lo);
    ov__free(b->hi);
    ov__free(b->pairs);
    *b = (band_scratch){0};
}

static int band_reserve(band_scratch *b, uint32_t n)
{
    if (n <= b->cap) return OV_OK;
    band_release(b);
    b->first = ov__malloc(n);
    b->lo = ov__malloc(sizeof *b->lo * n);
    b->hi = ov__malloc(sizeof *b->hi * n);
    b->pairs = ov__malloc(sizeof *b->pairs * 2 * (size_t)n);
    b->cap = b->first && b->lo && b->hi && b->pairs ? n : 0;
    return b->cap ? OV_OK : OV_ENOMEM;
}

/* Widens the band lo..hi (known: a share was seen) by the share of e. */
static void band_add(const ov_edge *e, bool *known, double *lo, double *hi)
{
    if (!e->share.has_share) return;
    if (!*known) {
        *lo = e->share.min;
        *hi = e->share.max;
        *known = true;
        return;
    }
    if (e->share.min < *lo) *lo = e->share.min;
    if (e->share.max > *hi) *hi = e->share.max;
}

/* Marks, for each ownership edge of the out-list outs[0..n), whether it is the first
 * of its (node, asset) pair, and the pair's band: pairwise for short lists, by sorting
 * (asset, position) pairs for long ones. */
static void node_bands(const ov_graph *g, const uint32_t *outs, uint32_t n, band_scratch *b)
{
    if (n <= 8) {
        for (uint32_t k = 0; k < n; k++) {
            const ov_edge *e = &g->edges[outs[k]];
            b->first[k] = 0;
            if (e->kind != OV_EDGE_OWNERSHIP) continue;
            bool first = true, known = false;
            double lo = 0, hi = 1;
            for (uint32_t j = 0; j < n; j++) {
                const ov_edge *f = &g->edges[outs[j]];
                if (f->kind != OV_EDGE_OWNERSHIP || f->to != e->to) continue;
                if (j < k) first = false;
                band_add(f, &known, &lo, &hi);
            }
            b->first[k] = first;
            b->lo[k] = lo;
            b->hi[k] = hi;
        }
        return;
    }
    uint32_t m = 0;
    for (uint32_t k = 0; k < n; k++) {
        const ov_edge *e = &g->edges[outs[k]];
        b->first[k] = 0;
        if (e->kind != OV_EDGE_OWNERSHIP) continue;
        b->pairs[2 * m] = e->to;
        b->pairs[2 * m + 1] = k;
        m++;
    }
    qsort(b->pairs, m, sizeof(uint32_t) * 2, by_asset);
    for (uint32_t a = 0; a < m;) { /* each run is one pair; its first position the first edge */
        uint32_t z = a;
        bool known = false;
        double lo = 0, hi = 1;
        while (z < m && b->pairs[2 * z] == b->pairs[2 * a]) band_add(&g->edges[outs[b->pairs[2 * z++ + 1]]], &known, &lo, &hi);
        b->first[b->pairs[2 * a + 1]] = 1;
        for (uint32_t i = a; i < z; i++) {
            b->lo[b->pairs[2 * i + 1]] = lo;
            b->hi[b->pairs[2 * i + 1]] = hi;
        }
        a = z;
    }
}

int ov__graph_fill_holders(ov_graph *g)
{
    size_t bytes = (size_t)g->n_nodes / 8 + 1;
    g->holders = ov__calloc(bytes, 1);
    if (!g->holders) return OV_ENOMEM;
    for (uint32_t v = 0; v < g->n_nodes; v++)
        if (g->hold_off[v + 1] > g->hold_off[v]) g->holders[v >> 3] |= (uint8_t)(1u << (v & 7));
    return OV_OK;
}

/* Fills g->hold_off and g->holdings from the out-lists (ov_graph_holdings). */
static int build_holdings(ov_graph *g)
{
    size_t n = (size_t)g->n_nodes + 1;
    uint32_t n_own = 0, max_deg = 0;
    for (uint32_t i = 0; i < g->n_edges; i++) n_own += g->edges[i].kind == OV_EDGE_OWNERSHIP;
    for (uint32_t v = 0; v < g->n_nodes; v++)
        if (g->out_off[v + 1] - g->out_off[v] > max_deg) max_deg = g->out_off[v + 1] - g->out_off[v];
    g->hold_off = ov__malloc(sizeof *g->hold_off * n);
    g->holdings = ov__malloc(sizeof *g->holdings * (n_own ? n_own : 1));
    band_scratch b = {0};
    if (!g->hold_off || !g->holdings || band_reserve(&b, max_deg ? max_deg : 1)) {
        band_release(&b);
        return OV_ENOMEM;
    }
    huge_pages(g->hold_off, n * sizeof *g->hold_off);
    huge_pages(g->holdings, sizeof *g->holdings * n_own);
    /* the edges of a node lie anywhere: ask for those of the out-list ahead first */
    enum { AHEAD = 64 };
    uint32_t h = 0;
    for (uint32_t v = 0; v < g->n_nodes; v++) {
        g->hold_off[v] = h;
        uint32_t lo = g->out_off[v], hi = g->out_off[v + 1];
        for (uint32_t p = lo; p < hi && p + AHEAD < g->n_edges; p++)
            __builtin_prefetch(&g->edges[g->out_edges[p + AHEAD]]);
        if (lo == hi) continue;
        node_bands(g, g->out_edges + lo, hi - lo, &b);
        for (uint32_t k = 0; k < hi - lo; k++) {
            if (!b.first[k]) continue;
            const ov_edge *e = &g->edges[g->out_edges[lo + k]];
            g->holdings[h++] = (ov_holding){e->to, g->out_edges[lo + k], b.lo[k], b.hi[k]};
        }
    }
    g->hold_off[g->n_nodes] = h;
    g->n_holdings = h;
    if (ov__graph_fill_holders(g)) {
        band_release(&b);
        return OV_ENOMEM;
    }
    if (h < n_own && h) { /* parallel claims took fewer holdings than edges */
        ov_holding *shrunk = ov__realloc(g->holdings, sizeof *shrunk * h);
        if (shrunk) g->holdings = shrunk;
    }
    band_release(&b);
    return OV_OK;
}

int ov__graph_build_csr(ov_graph *g)
{
    size_t n = (size_t)g->n_nodes + 1;
    g->out_off = ov__calloc(n, sizeof *g->out_off);
    g->in_off = ov__calloc(n, sizeof *g->in_off);
    g->out_edges = ov__malloc(sizeof *g->out_edges * (g->n_edges ? g->n_edges : 1));
    g->in_edges = ov__malloc(sizeof *g->in_edges * (g->n_edges ? g->n_edges : 1));
    if (!g->out_off || !g->in_off || !g->out_edges || !g->in_edges) return OV_ENOMEM;
    /* the analyses read these at random: huge pages save TLB misses (OFAC 14.2 -> 11.1 ms at 10 M) */
    huge_pages(g->out_off, n * sizeof *g->out_off);
    huge_pages(g->in_off, n * sizeof *g->in_off);
    huge_pages(g->out_edges, sizeof *g->out_edges * g->n_edges);
    huge_pages(g->in_edges, sizeof *g->in_edges * g->n_edges);
    for (uint32_t i = 0; i < g->n_edges; i++) {
        g->out_off[g->edges[i].from + 1]++;
        g->in_off[g->edges[i].to + 1]++;
    }
    for (uint32_t i = 1; i < n; i++) {
        g->out_off[i] += g->out_off[i - 1];
        g->in_off[i] += g->in_off[i - 1];
    }
    uint32_t *o = ov__malloc(sizeof *o * n), *in = ov__malloc(sizeof *in * n);
    if (!o || !in) {
        ov__free(o);
        ov__free(in);
        return OV_ENOMEM;
    }
    memcpy(o, g->out_off, sizeof *o * n);
    memcpy(in, g->in_off, sizeof *in * n);
    for (uint32_t i = 0; i < g->n_edges; i++) {
        g->out_edges[o[g->edges[i].from]++] = i;
        g->in_edges[in[g->edges[i].to]++] = i;
    }
    ov__free(o);
    ov__free(in);
    return build_holdings(g);
}

/* Joins the parts' blocks of names (in part order) and schema tables into g. */
static int join_names(ov_graph *g, builder *parts, int n_parts, const uint32_t *lo, const uint32_t *hi)
{
    size_t total = 0;
    for (int k = 0; k < n_parts; k++) total += parts[k].names_len;
    if (total / 4 > UINT32_MAX) return OV_ETOOBIG;
    char *all = ov__realloc(parts[0].names, total ? total : 4); /* part 0's block grows, in place when it can */
    if (!all) return OV_ENOMEM;
    parts[0].names = NULL;
    g->names = all;
    size_t pos = parts[0].names_len;
    for (int k = 1; k < n_parts; k++) {
        if (!parts[k].names_len) continue;
        memcpy(all + pos, parts[k].names, parts[k].names_len);
        ov__free(parts[k].names);
        parts[k].names = NULL;
        uint32_t base = (uint32_t)(pos / 4);
        for (uint32_t row = lo[k]; row < hi[k]; row++)
            if (g->name[row]) g->name[row] += base;
        pos += parts[k].names_len;
    }
    g->names_len = total;
    huge_pages(all, total);
    g->n_schemas = 1;
    for (int k = 0; k < n_parts; k++) {
        uint8_t map[256] = {0};
        bool same = true;
        for (int i = 1; i < parts[k].n_schemas; i++) {
            int j = 1;
            while (j < g->n_schemas && g->schemas[j] != parts[k].schemas[i]) j++;
            if (j == g->n_schemas) {
                if (j == 256) return OV_ETOOBIG;
                g->schemas[g->n_schemas++] = parts[k].schemas[i];
            }
            map[i] = (uint8_t)j;
            same &= i == j;
        }
        if (!same)
            for (uint32_t row = lo[k]; row < hi[k]; row++) g->schema[row] = map[g->schema[row]];
    }
    return OV_OK;
}

/* How many parts the statement scan is split into: one per processor, up to 4. */
static int scan_parts(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 4 ? 4 : (int)n;
}

/* Joins the parts' edges (in part order), countries and state flags into g. */
static int join_parts(ov_graph *g, builder *parts, int n_parts, const uint32_t *lo, const uint32_t *hi)
{
    uint64_t total = 0;
    bool own = false;
    for (int k = 0; k < n_parts; k++) {
        total += parts[k].n_edges;
        own |= parts[k].own_edges;
    }
    if (total >= UINT32_MAX) return OV_ETOOBIG;
    if (!own) { /* every part within its region: slide them together */
        uint64_t pos = 0;
        for (int k = 0; k < n_parts; k++) {
            if (parts[k].n_edges && parts[k].edges != g->edges + pos)
                memmove(g->edges + pos, parts[k].edges, sizeof *g->edges * parts[k].n_edges);
            pos += parts[k].n_edges;
        }
    } else {
        ov_edge *all = ov__malloc(sizeof *all * (total ? total : 1));
        if (!all) return OV_ENOMEM;
        uint64_t pos = 0;
        for (int k = 0; k < n_parts; k++) {
            if (parts[k].n_edges) memcpy(all + pos, parts[k].edges, sizeof *all * parts[k].n_edges);
            pos += parts[k].n_edges;
            if (parts[k].own_edges) ov__free(parts[k].edges);
            parts[k].own_edges = false;
            parts[k].edges = NULL;
        }
        ov__free(g->edges);
        g->edges = all;
    }
    g->n_edges = g->cap_edges = (uint32_t)total;
    if (total) { /* interests without an edge leave slack */
        ov_edge *shrunk = ov__realloc(g->edges, sizeof *shrunk * total);
        if (shrunk) g->edges = shrunk;
    }
    /* countries: the parts' tables one after another; rows move by their part's offset */
    uint32_t n_countries = 1;
    for (int k = 0; k < n_parts; k++)
        if (parts[k].n_countries > 1) n_countries += parts[k].n_countries - 1;
    g->countries = ov__malloc(sizeof *g->countries * n_countries);
    if (!g->countries) return OV_ENOMEM;
    g->countries[0] = NULL;
    g->n_countries = 1;
    for (int k = 0; k < n_parts; k++) {
        if (parts[k].n_countries <= 1) continue;
        uint32_t off = g->n_countries - 1;
        memcpy(g->countries + g->n_countries, parts[k].countries + 1,
               sizeof *g->countries * (parts[k].n_countries - 1));
        g->n_countries += parts[k].n_countries - 1;
        if (off)
            for (uint32_t row = lo[k]; row < hi[k]; row++)
                if (g->country[row]) g->country[row] += off;
    }
    for (int k = 0; k < n_parts; k++)
        for (uint32_t i = 0; i < parts[k].n_state_controlled; i++)
            g->state[parts[k].state_controlled[i]] |= OV_STATE_CONTROL;
    return OV_OK;
}

/* ---- clusters (docs/internals/resolve.md) --------------------------------- */

uint32_t ov__graph_rep(const ov_graph *g, uint32_t row)
{
    uint32_t lo = 0, hi = g->n_merged;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (g->merged[2 * mid] < row) lo = mid + 1;
        else hi = mid;
    }
    return lo < g->n_merged && g->merged[2 * lo] == row ? g->merged[2 * lo + 1] : row;
}

static int by_row(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* The rows the judgements of r merge: each referent whose cluster's canonical id
 * is another entity of the graph stands in that entity's row (flagged
 * NODE_MERGED, listed in g->merged). Interests are never merged; a referent
 * whose canonical entity is gone stays a node of its own. */
static int plan_merges(ov_graph *g, const ov_resolver *r)
{
    size_t n = r ? ov_resolver_id_count(r) : 0, k = 0;
    if (!n) return OV_OK;
    g->merged = ov__malloc(sizeof *g->merged * 2 * n);
    if (!g->merged) return OV_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const char *canon, *id = ov_resolver_id_at(r, i, &canon);
        if (!strcmp(id, canon)) continue;
        uint32_t row = lookup(g, id, strlen(id)), rep = lookup(g, canon, strlen(canon));
        if (!row || !rep || ((g->state[row] | g->state[rep]) & NODE_INTEREST)) continue;
        g->merged[2 * k] = row;
        g->merged[2 * k + 1] = rep;
        k++;
    }
    qsort(g->merged, k, 2 * sizeof *g->merged, by_row);
    for (size_t i = 0; i < k; i++) g->state[g->merged[2 * i]] |= NODE_MERGED;
    g->n_merged = (uint32_t)k;
    if (!k) {
        ov__free(g->merged);
        g->merged = NULL;
    }
    return OV_OK;
}

/* Gives each cluster's node the facts of its referents: the state flags, a
 * country when it has none, and the more specific schema (a Company judged the
 * same as an Organization is a Company). */
static void merge_facts(ov_graph *g)
{
    for (uint32_t i = 0; i < g->n_merged; i++) {
        uint32_t row = g->merged[2 * i], rep = g->merged[2 * i + 1];
        g->state[rep] |= g->state[row] & (OV_STATE_PUBLIC_BODY | OV_STATE_SOE_TOPIC | OV_STATE_CONTROL);
        if (!g->country[rep]) g->country[rep] = g->country[row];
        const ov_schema *a = g->schemas[g->schema[rep]], *b = g->schemas[g->schema[row]];
        if (a && b && a != b && ov_schema_is_a(b, a)) g->schema[rep] = g->schema[row];
    }
}

/* Builds the graph by scanning the store (see the file comment); the
 * judgements of r (may be NULL) merge each cluster into one node. */
static int build_scan(ov_store *st, const ov_model *m, const ov_graph_opts *opts, const ov_resolver *r,
                      ov_graph **out)
{
    *out = NULL;
    int64_t max = ov__store_max_eid(st);
    if (max >= UINT32_MAX - 1) return ov__store_fail(st, OV_ETOOBIG, "too many entities for the graph");
    int n_parts = scan_parts();
    ov_graph *g = ov__calloc(1, sizeof *g);
    builder *parts = ov__calloc((size_t)n_parts, sizeof *parts); /* large: the batches */
    if (!g || !parts) {
        ov__free(g);
        ov__free(parts);
        return OV_ENOMEM;
    }
    for (int k = 0; k < OV__SCAN_MAX_PARTS; k++) ov_arena_init(&g->strings[k], 1 << 16, (size_t)1 << 40);
    g->n_nodes = (uint32_t)max + 1;
    size_t n = g->n_nodes;
    uint64_t n_slots = 64;
    while (n_slots < 2 * (uint64_t)n) n_slots *= 2; /* at most half full */
    g->slot_mask = n_slots - 1;
    g->name = ov__calloc(n, sizeof *g->name);
    g->schema = ov__calloc(n, sizeof *g->schema);
    g->country = ov__calloc(n, sizeof *g->country);
    g->state = ov__calloc(n, sizeof *g->state);
    g->slots = ov__calloc(n_slots, sizeof *g->slots);
    huge_pages(g->name, n * sizeof *g->name);
    huge_pages(g->schema, n * sizeof *g->schema);
    huge_pages(g->country, n * sizeof *g->country);
    huge_pages(g->state, n * sizeof *g->state);
    huge_pages(g->slots, n_slots * sizeof *g->slots);
    for (int k = 0; k < n_parts; k++) {
        builder *b = &parts[k];
        b->g = g;
        b->m = m;
        b->opts = opts;
        b->interest_schema = ov_model_schema(m, "Interest");
        b->public_body = ov_model_schema(m, "PublicBody");
        b->ownership = ov_model_schema(m, "Ownership");
        b->control = ov_model_schema(m, "Control");
        b->directorship = ov_model_schema(m, "Directorship");
        b->membership = ov_model_schema(m, "Membership");
        b->strings = &g->strings[k];
        b->n_schemas = 1;
        ov_arena_init(&b->scratch, 1 << 16, 1 << 24);
    }
    int rc = (!g->name || !g->schema || !g->country || !g->state || !g->slots) ? OV_ENOMEM : OV_OK;
    /* the parts' row ranges */
    int64_t splits[OV__SCAN_MAX_PARTS];
    uint32_t lo[OV__SCAN_MAX_PARTS], hi[OV__SCAN_MAX_PARTS];
    if (!rc) rc = ov__store_scan_splits(st, n_parts, splits);
    for (int k = 0; !rc && k < n_parts; k++) {
        int64_t a = k ? splits[k - 1] : 0, z = k < n_parts - 1 ? splits[k] : (int64_t)n;
        lo[k] = (uint32_t)(a < 0 ? 0 : a > (int64_t)n ? (int64_t)n : a);
        hi[k] = (uint32_t)(z < lo[k] ? lo[k] : z > (int64_t)n ? (int64_t)n : z);
    }
    void *uds[OV__SCAN_MAX_PARTS];
    for (int k = 0; k < n_parts; k++) uds[k] = &parts[k];
    if (!rc) rc = ov__store_scan_brief(st, n_parts, splits, brief_cb, uds);
    for (int k = 0; rc == OV_ESTOP && k < n_parts; k++)
        if (parts[k].rc) rc = parts[k].rc;
    if (!rc) rc = join_names(g, parts, n_parts, lo, hi);
    if (!rc) fill_hash(g);
    if (!rc) rc = plan_merges(g, r);
    /* for each part a region of the edges as large as its interests */
    uint64_t n_interests = 0;
    for (int k = 0; !rc && k < n_parts; k++) {
        uint32_t c = 0;
        for (uint32_t row = lo[k]; row < hi[k]; row++) c += (g->state[row] & NODE_INTEREST) != 0;
        parts[k].cap_edges = c;
        n_interests += c;
    }
    if (!rc) {
        g->edges = ov__malloc(sizeof *g->edges * (n_interests ? n_interests : 1));
        if (!g->edges) rc = OV_ENOMEM;
        else huge_pages(g->edges, sizeof *g->edges * n_interests); /* before the parts fill it */
        uint64_t pos = 0;
        for (int k = 0; !rc && k < n_parts; k++) {
            parts[k].edges = g->edges + pos;
            pos += parts[k].cap_edges;
        }
    }
    if (!rc) rc = ov__store_scan_props(st, fact_props, P_COUNT, n_parts, splits, fact_cb, uds);
    for (int k = 0; rc == OV_ESTOP && k < n_parts; k++)
        if (parts[k].rc) rc = parts[k].rc;
    for (int k = 0; !rc && k < n_parts; k++) {
        rc = flush_interest(&parts[k]);
        if (!rc) rc = flush_batch(&parts[k]);
    }
    if (!rc) rc = join_parts(g, parts, n_parts, lo, hi);
    if (!rc) merge_facts(g);
    for (int k = 0; k < n_parts; k++) {
        builder *b = &parts[k];
        if (b->own_edges) ov__free(b->edges);
        ov__free(b->countries);
        ov__free(b->country_slots);
        ov__free(b->state_controlled);
        ov__free(b->schema_cache);
        ov__free(b->names);
        ov_arena_release(&b->scratch);
    }
    ov__free(parts);
    if (!rc) rc = ov__graph_build_csr(g);
    if (rc) {
        ov_graph_free(g);
        return rc == OV_ENOMEM ? ov__store_fail(st, rc, "out of memory building the graph") : rc;
    }
    *out = g;
    return OV_OK;
}

/* Stores with fewer entity rows build in well under 0.1 s: a snapshot would only
 * add a file beside every small store (the tests' among them). */
#define SNAPSHOT_MIN_ROWS 100000

/* Whether snapshots are read and written for a store of max_eid entity rows:
 * OV_GRAPH_SNAPSHOT=0 never (cold-build benchmarks, debugging), =1 always,
 * otherwise from SNAPSHOT_MIN_ROWS rows. */
static bool snapshots_for(int64_t max_eid)
{
    const char *v = getenv("OV_GRAPH_SNAPSHOT");
    if (v && strcmp(v, "0") == 0) return false;
    return (v && strcmp(v, "1") == 0) || max_eid >= SNAPSHOT_MIN_ROWS;
}

/* The key of the store's current state and the snapshot's path ("<store>.graph");
 * false when the store cannot vouch for its state (ov__store_state_of). */
static bool snapshot_key(ov_store *st, const ov_model *m, const ov_resolver *r, ov__graph_key *key, char *path,
                         size_t size, const char **store_path)
{
    memset(key, 0, sizeof *key);
    if (ov__store_state_of(st, &key->store, store_path)) return false;
    key->model = ov__graph_model_fingerprint(m);
    key->judgements = ov_resolver_fingerprint(r);
    return (size_t)snprintf(path, size, "%s.graph", *store_path) < size;
}

/* The build proper, with the judgements read (r, may be NULL). */
static int build(ov_store *st, const ov_model *m, const ov_graph_opts *opts, const ov_resolver *r, ov_graph **out)
{
    const char *as_of = opts ? opts->as_of : NULL;
    ov__graph_key key;
    char path[4096];
    const char *store_path = NULL;
    bool snap = snapshot_key(st, m, r, &key, path, sizeof path, &store_path) && snapshots_for(key.store.max_eid);
    if (snap) {
        /* the snapshot holds the graph of all edges with their dates: a build as of a
         * date filters it as the scan would (opts->include_retracted changes nothing: the
         * scans never read retracted statements) */
        ov_graph *g;
        if (ov__graph_snapshot_open(path, m, &key, &g) == OV_OK) {
            if (!as_of) {
                *out = g;
                return OV_OK;
            }
            int rc = ov__graph_filter(g, as_of, out);
            if (rc == OV_ENOMEM) return ov__store_fail(st, rc, "out of memory building the graph");
            return rc;
        }
        /* missing, of another state, or invalid: scan, and write it anew */
    }
    int rc = build_scan(st, m, opts, r, out);
    if (rc || !snap || as_of) return rc;
    /* written only when nothing changed during the scan and the store is writable by us */
    ov__graph_key after;
    char again[4096];
    const char *p2;
    if (snapshot_key(st, m, r, &after, again, sizeof again, &p2) && memcmp(&key, &after, sizeof key) == 0 &&
        ov__store_state_writable(store_path))
        (void)ov__graph_snapshot_write_async(*out, path, &key); /* the caller need not wait for it */
    return OV_OK;
}

int ov_graph_build(ov_store *st, const ov_model *m, const ov_graph_opts *opts, ov_graph **out)
{
    *out = NULL;
    /* the judgements: one indexed read of the Judgement entities (few beside the record) */
    ov_resolver *r = NULL;
    int rc = ov_resolver_load(st, &r);
    if (!rc) rc = build(st, m, opts, r, out);
    ov_resolver_free(r);
    return rc;
}

ov__scratch *ov__graph_scratch_take(const ov_graph *g, int slot)
{
    ov_graph *m = (ov_graph *)(uintptr_t)g; /* see ov_graph.scratch */
    return atomic_exchange(&m->scratch[slot], NULL);
}

void ov__graph_scratch_put(const ov_graph *g, int slot, ov__scratch *s)
{
    ov_graph *m = (ov_graph *)(uintptr_t)g;
    ov__scratch *none = NULL;
    if (!atomic_compare_exchange_strong(&m->scratch[slot], &none, s)) s->release(s);
}

void ov_graph_free(ov_graph *g)
{
    if (!g) return;
    for (int i = 0; i < OV__SCRATCH_COUNT; i++) {
        ov__scratch *s = atomic_exchange(&g->scratch[i], NULL);
        if (s) s->release(s);
    }
    ov__graph_release_tables(g);
    for (int k = 0; k < OV__SCAN_MAX_PARTS; k++) ov_arena_release(&g->strings[k]);
    ov__free(g);
}

/* ---- lookups --------------------------------------------------------------- */

uint32_t ov_graph_node_count(const ov_graph *g) { return g->n_nodes; }
uint32_t ov_graph_edge_count(const ov_graph *g) { return g->n_edges; }

bool ov_graph_find(const ov_graph *g, const char *id, uint32_t *node)
{
    /* interest entities keep their id (edges point at it) but are not nodes */
    uint32_t row = id ? lookup(g, id, strlen(id)) : 0;
    if (!row || (g->state[row] & NODE_INTEREST)) return false;
    *node = g->state[row] & NODE_MERGED ? ov__graph_rep(g, row) : row; /* a referent: its cluster's node */
    return true;
}

size_t ov_graph_node_referents(const ov_graph *g, uint32_t node, const char **ids, size_t max)
{
    if (node >= g->n_nodes || !g->name[node] || (g->state[node] & NODE_MERGED)) return 0;
    size_t n = 0;
    if (max) ids[0] = id_of(g, node);
    n++;
    for (uint32_t i = 0; i < g->n_merged; i++)
        if (g->merged[2 * i + 1] == node) {
            if (n < max) ids[n] = id_of(g, g->merged[2 * i]);
            n++;
        }
    return n;
}

const char *ov_graph_node_id(const ov_graph *g, uint32_t node)
{
    return node < g->n_nodes && g->name[node] ? id_of(g, node) : NULL;
}

const char *ov_graph_node_caption(const ov_graph *g, uint32_t node)
{
    if (node >= g->n_nodes || !g->name[node]) return NULL;
    const char *id = id_of(g, node);
    return g->state[node] & NODE_NO_CAPTION ? id : id + strlen(id) + 1;
}

const char *ov_graph_node_schema(const ov_graph *g, uint32_t node)
{
    /* a merged referent is no node of its own: analyses that walk the rows skip it */
    return node < g->n_nodes && g->schema[node] && !(g->state[node] & NODE_MERGED)
               ? ov_schema_name(g->schemas[g->schema[node]]) : NULL;
}

const char *ov_graph_node_country(const ov_graph *g, uint32_t node)
{
    return node < g->n_nodes && g->country[node] ? g->countries[g->country[node]] : NULL;
}

int ov_graph_node_state(const ov_graph *g, uint32_t node)
{
    return node < g->n_nodes ? g->state[node] & ~NODE_PRIVATE : 0;
}

const ov_edge *ov_graph_edge(const ov_graph *g, uint32_t edge) { return edge < g->n_edges ? &g->edges[edge] : NULL; }

const uint32_t *ov_graph_in(const ov_graph *g, uint32_t node, uint32_t *n)
{
    if (node >= g->n_nodes) {
        *n = 0;
        return NULL;
    }
    *n = g->in_off[node + 1] - g->in_off[node];
    return g->in_edges + g->in_off[node];
}

const uint32_t *ov_graph_out(const ov_graph *g, uint32_t node, uint32_t *n)
{
    if (node >= g->n_nodes) {
        *n = 0;
        return NULL;
    }
    *n = g->out_off[node + 1] - g->out_off[node];
    return g->out_edges + g->out_off[node];
}

const ov_holding *ov_graph_holdings(const ov_graph *g, uint32_t node, uint32_t *n)
{
    if (node >= g->n_nodes) {
        *n = 0;
        return NULL;
    }
    *n = g->hold_off[node + 1] - g->hold_off[node];
    return g->holdings + g->hold_off[node];
}
