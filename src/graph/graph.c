/*
 * graph.c - builds the compact ownership/control graph from the store and
 * answers lookups (see graph.h, docs/internals/graph.md).
 *
 * Nodes are indexed by the store's entity row id, so references resolve
 * without a hash table: the store's scan returns the row id of the entity a
 * value names. Interest entities (Ownership, Control, ...) become edges;
 * adjacency is kept in CSR form (offsets + edge indexes) in both directions.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "oversight/graph.h"
#include "../store/store_internal.h"
#include "../util/alloc.h"
#include "../util/arena.h"
#include "../util/banned.h"

#define NODE_INTEREST 0x80 /* in ov_graph.state: the row is an interest (an edge), not a node */

struct ov_graph {
    uint32_t n_nodes;           /* max entity row id + 1 */
    const char **id;            /* by node: entity id, NULL when the row is not a node */
    const char **caption;
    const ov_schema **schema;
    const char **country;
    uint8_t *state;             /* OV_STATE_* flags */
    ov_edge *edges;
    uint32_t n_edges, cap_edges;
    uint32_t *out_off, *out_edges, *in_off, *in_edges;
    uint32_t *sorted;           /* node indexes sorted by id, for ov_graph_find */
    uint32_t n_sorted;
    ov_arena strings;
};

const char *ov_edge_kind_name(ov_edge_kind k)
{
    static const char *const names[] = {"ownership", "control", "directorship", "membership", "link"};
    return (unsigned)k < 5 ? names[k] : "unknown";
}

/* ---- building ------------------------------------------------------------ */

/* The properties read from the store, and what each means for an interest. */
static const char *const fact_props[] = {
    "owner", "asset", "controller", "controlled", "director", "organization", "member", "subject",
    "object", "percentage", "ownershipType", "controlType", "role", "startDate", "endDate", "date",
    "topics", "country", "jurisdiction"};

typedef struct interest {
    int64_t eid;
    ov_edge_kind kind;
    bool is_interest;
    int64_t src[4], dst[4];
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
    interest cur;
    ov_arena scratch;
    int rc;
} builder;

static const char *keep(ov_graph *g, const char *s)
{
    return s ? ov_arena_strdup(&g->strings, s) : NULL;
}

static int brief_cb(int64_t eid, const char *id, const char *schema, const char *caption, void *ud)
{
    builder *b = ud;
    ov_graph *g = b->g;
    if (eid < 0 || (uint64_t)eid >= g->n_nodes) return 0;
    const ov_schema *s = ov_model_schema(b->m, schema);
    if (!s) return 0;
    g->schema[eid] = s;
    g->id[eid] = keep(g, id);
    if (caption && strlen(caption) > 200) {
        g->caption[eid] = ov_arena_strndup(&g->strings, caption, 200);
    } else {
        g->caption[eid] = keep(g, caption);
    }
    if (!g->id[eid]) return b->rc = OV_ENOMEM;
    if (ov_schema_is_a(s, b->public_body)) g->state[eid] |= OV_STATE_PUBLIC_BODY;
    if (ov_schema_is_a(s, b->interest_schema)) g->state[eid] |= NODE_INTEREST;
    return 0;
}

/* Compares ISO date prefixes on their common length: "2019" covers "2019-05-01". */
static int date_cmp(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    return strncmp(a, b, la < lb ? la : lb);
}

static bool in_force(const builder *b, const char *start, const char *end)
{
    const char *at = b->opts ? b->opts->as_of : NULL;
    if (!at) return true;
    if (start && date_cmp(start, at) > 0) return false;
    if (end && date_cmp(end, at) < 0) return false;
    return true;
}

static int add_edge(ov_graph *g, const ov_edge *e)
{
    if (g->n_edges == g->cap_edges) {
        uint32_t cap = g->cap_edges ? g->cap_edges * 2 : 1024;
        ov_edge *n = ov__realloc(g->edges, sizeof *n * cap);
        if (!n) return OV_ENOMEM;
        g->edges = n;
        g->cap_edges = cap;
    }
    g->edges[g->n_edges++] = *e;
    return OV_OK;
}

static int flush_interest(builder *b)
{
    interest *it = &b->cur;
    ov_graph *g = b->g;
    if (!it->eid || !it->is_interest) return OV_OK;
    if (!in_force(b, it->start, it->end)) return OV_OK;
    ov_edge e = {0};
    e.kind = it->kind;
    e.interest_id = g->id[it->eid];
    e.type = keep(g, it->type);
    e.start = keep(g, it->start);
    e.end = keep(g, it->end);
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
            if (!it->src[i] || !it->dst[k] || !g->id[it->src[i]] || !g->id[it->dst[k]]) continue;
            e.from = (uint32_t)it->src[i];
            e.to = (uint32_t)it->dst[k];
            int rc = add_edge(g, &e);
            if (rc) return rc;
            if (e.kind == OV_EDGE_CONTROL && e.type && strcasecmp(e.type, "state") == 0)
                g->state[e.to] |= OV_STATE_CONTROL;
        }
    return OV_OK;
}

static void start_interest(builder *b, int64_t eid)
{
    interest *it = &b->cur;
    memset(it, 0, sizeof *it);
    ov_arena_reset(&b->scratch);
    it->eid = eid;
    const ov_schema *s = (uint64_t)eid < b->g->n_nodes ? b->g->schema[eid] : NULL;
    if (!s) return;
    it->is_interest = true;
    if (ov_schema_is_a(s, b->ownership)) it->kind = OV_EDGE_OWNERSHIP;
    else if (b->control && ov_schema_is_a(s, b->control)) it->kind = OV_EDGE_CONTROL;
    else if (ov_schema_is_a(s, b->directorship)) it->kind = OV_EDGE_DIRECTORSHIP;
    else if (ov_schema_is_a(s, b->membership)) it->kind = OV_EDGE_MEMBERSHIP;
    else if (strcmp(ov_schema_name(s), "UnknownLink") == 0) it->kind = OV_EDGE_UNKNOWN;
    else it->is_interest = false;
}

static int fact_cb(int64_t eid, const char *prop, const char *value, int64_t ref, int status, void *ud)
{
    builder *b = ud;
    ov_graph *g = b->g;
    if (eid < 0 || (uint64_t)eid >= g->n_nodes || !g->schema[eid]) return 0;
    if (eid != b->cur.eid) {
        if ((b->rc = flush_interest(b))) return 1;
        start_interest(b, eid);
    }
    interest *it = &b->cur;
    if (!it->is_interest) {
        /* a node's own facts */
        if (strcmp(prop, "topics") == 0 && strcmp(value, "gov.soe") == 0) g->state[eid] |= OV_STATE_SOE_TOPIC;
        if ((strcmp(prop, "country") == 0 || strcmp(prop, "jurisdiction") == 0) && !g->country[eid])
            g->country[eid] = keep(g, value);
        return 0;
    }
    if (status > it->status) it->status = status;
    bool source = false, target = false;
    switch (it->kind) {
    case OV_EDGE_OWNERSHIP: source = !strcmp(prop, "owner"); target = !strcmp(prop, "asset"); break;
    case OV_EDGE_CONTROL: source = !strcmp(prop, "controller"); target = !strcmp(prop, "controlled"); break;
    case OV_EDGE_DIRECTORSHIP: source = !strcmp(prop, "director"); target = !strcmp(prop, "organization"); break;
    case OV_EDGE_MEMBERSHIP: source = !strcmp(prop, "member"); target = !strcmp(prop, "organization"); break;
    case OV_EDGE_UNKNOWN: source = !strcmp(prop, "subject"); target = !strcmp(prop, "object"); break;
    }
    if (source && it->n_src < 4) it->src[it->n_src++] = ref;
    else if (target && it->n_dst < 4) it->dst[it->n_dst++] = ref;
    else if (!strcmp(prop, "percentage") && it->n_pct < 4) it->pct[it->n_pct++] = ov_arena_strdup(&b->scratch, value);
    else if ((!strcmp(prop, "controlType") || !strcmp(prop, "ownershipType") || !strcmp(prop, "role")) && !it->type)
        it->type = ov_arena_strdup(&b->scratch, value);
    else if (!strcmp(prop, "startDate") || (!strcmp(prop, "date") && !it->start))
        it->start = ov_arena_strdup(&b->scratch, value);
    else if (!strcmp(prop, "endDate"))
        it->end = ov_arena_strdup(&b->scratch, value);
    return 0;
}

static int build_csr(ov_graph *g)
{
    size_t n = (size_t)g->n_nodes + 1;
    g->out_off = ov__calloc(n, sizeof *g->out_off);
    g->in_off = ov__calloc(n, sizeof *g->in_off);
    g->out_edges = ov__malloc(sizeof *g->out_edges * (g->n_edges ? g->n_edges : 1));
    g->in_edges = ov__malloc(sizeof *g->in_edges * (g->n_edges ? g->n_edges : 1));
    if (!g->out_off || !g->in_off || !g->out_edges || !g->in_edges) return OV_ENOMEM;
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
    return OV_OK;
}

static const ov_graph *sort_graph; /* qsort has no context argument; builds are serialised below */

static int by_id(const void *a, const void *b)
{
    return strcmp(sort_graph->id[*(const uint32_t *)a], sort_graph->id[*(const uint32_t *)b]);
}

static int build_find_index(ov_graph *g)
{
    /* interest entities keep their id (edges point at it) but are not nodes */
    uint32_t n = 0;
    for (uint32_t i = 0; i < g->n_nodes; i++) n += g->id[i] && !(g->state[i] & NODE_INTEREST);
    g->sorted = ov__malloc(sizeof *g->sorted * (n ? n : 1));
    if (!g->sorted) return OV_ENOMEM;
    n = 0;
    for (uint32_t i = 0; i < g->n_nodes; i++)
        if (g->id[i] && !(g->state[i] & NODE_INTEREST)) g->sorted[n++] = i;
    g->n_sorted = n;
    sort_graph = g;
    qsort(g->sorted, n, sizeof *g->sorted, by_id);
    sort_graph = NULL;
    return OV_OK;
}

int ov_graph_build(ov_store *st, const ov_model *m, const ov_graph_opts *opts, ov_graph **out)
{
    *out = NULL;
    int64_t max = ov__store_max_eid(st);
    if (max >= UINT32_MAX - 1) return ov__store_fail(st, OV_ETOOBIG, "too many entities for the graph");
    ov_graph *g = ov__calloc(1, sizeof *g);
    if (!g) return OV_ENOMEM;
    ov_arena_init(&g->strings, 1 << 20, (size_t)1 << 40);
    g->n_nodes = (uint32_t)max + 1;
    size_t n = g->n_nodes;
    g->id = ov__calloc(n, sizeof *g->id);
    g->caption = ov__calloc(n, sizeof *g->caption);
    g->schema = ov__calloc(n, sizeof *g->schema);
    g->country = ov__calloc(n, sizeof *g->country);
    g->state = ov__calloc(n, sizeof *g->state);
    builder b = {.g = g, .m = m, .opts = opts};
    b.interest_schema = ov_model_schema(m, "Interest");
    b.public_body = ov_model_schema(m, "PublicBody");
    b.ownership = ov_model_schema(m, "Ownership");
    b.control = ov_model_schema(m, "Control");
    b.directorship = ov_model_schema(m, "Directorship");
    b.membership = ov_model_schema(m, "Membership");
    ov_arena_init(&b.scratch, 4096, 1 << 24);
    int rc = (!g->id || !g->caption || !g->schema || !g->country || !g->state) ? OV_ENOMEM : OV_OK;
    if (!rc) rc = ov__store_scan_brief(st, brief_cb, &b);
    if (!rc) rc = b.rc;
    if (!rc) rc = ov__store_scan_facts(st, fact_props, (int)(sizeof fact_props / sizeof fact_props[0]), fact_cb, &b);
    if (rc == OV_ESTOP) rc = b.rc;
    if (!rc) rc = flush_interest(&b);
    if (!rc) rc = build_csr(g);
    if (!rc) rc = build_find_index(g);
    ov_arena_release(&b.scratch);
    if (rc) {
        ov_graph_free(g);
        return rc;
    }
    *out = g;
    return OV_OK;
}

void ov_graph_free(ov_graph *g)
{
    if (!g) return;
    ov__free(g->id);
    ov__free(g->caption);
    ov__free(g->schema);
    ov__free(g->country);
    ov__free(g->state);
    ov__free(g->edges);
    ov__free(g->out_off);
    ov__free(g->out_edges);
    ov__free(g->in_off);
    ov__free(g->in_edges);
    ov__free(g->sorted);
    ov_arena_release(&g->strings);
    ov__free(g);
}

/* ---- lookups --------------------------------------------------------------- */

uint32_t ov_graph_node_count(const ov_graph *g) { return g->n_nodes; }
uint32_t ov_graph_edge_count(const ov_graph *g) { return g->n_edges; }

bool ov_graph_find(const ov_graph *g, const char *id, uint32_t *node)
{
    uint32_t lo = 0, hi = g->n_sorted;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int c = strcmp(g->id[g->sorted[mid]], id);
        if (c == 0) {
            *node = g->sorted[mid];
            return true;
        }
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return false;
}

const char *ov_graph_node_id(const ov_graph *g, uint32_t node) { return node < g->n_nodes ? g->id[node] : NULL; }

const char *ov_graph_node_caption(const ov_graph *g, uint32_t node)
{
    if (node >= g->n_nodes) return NULL;
    return g->caption[node] ? g->caption[node] : g->id[node];
}

const char *ov_graph_node_schema(const ov_graph *g, uint32_t node)
{
    return node < g->n_nodes && g->schema[node] ? ov_schema_name(g->schema[node]) : NULL;
}

const char *ov_graph_node_country(const ov_graph *g, uint32_t node)
{
    return node < g->n_nodes ? g->country[node] : NULL;
}

int ov_graph_node_state(const ov_graph *g, uint32_t node)
{
    return node < g->n_nodes ? g->state[node] & ~NODE_INTEREST : 0;
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
