/*
 * picture.c - Graphviz pictures of an entity's ownership and control
 * neighbourhood (see render.h).
 */
#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include "oversight/render.h"
#include "../util/alloc.h"
#include "../util/hmap.h"
#include "../util/banned.h"

static pthread_mutex_t graphviz_lock = PTHREAD_MUTEX_INITIALIZER;
/* One Graphviz context for the process, made on first use under the lock and
 * never freed: Graphviz's pango plugin keeps a pointer to the last font name
 * of a context, so freeing a context and making another reads freed memory. */
static GVC_t *graphviz_context;

void ov_share_format(const ov_share *s, char *buf, size_t n)
{
    if (!s->has_share) {
        snprintf(buf, n, "?");
    } else if (s->min == s->max) {
        snprintf(buf, n, "%.4g%%", 100 * s->min);
    } else if (s->max >= 1.0 && s->min > 0) {
        snprintf(buf, n, "%s%.4g%%", s->min_exclusive ? ">" : ">=", 100 * s->min);
    } else {
        snprintf(buf, n, "%.4g-%.4g%%", 100 * s->min, 100 * s->max);
    }
}

static void edge_label(const ov_edge *e, char *buf, size_t n)
{
    char share[48];
    switch (e->kind) {
    case OV_EDGE_OWNERSHIP:
        ov_share_format(&e->share, share, sizeof share);
        snprintf(buf, n, "owns %s%s", share, e->conflicting ? " (conflicting)" : "");
        break;
    case OV_EDGE_CONTROL: snprintf(buf, n, "controls%s%s", e->type ? ": " : "", e->type ? e->type : ""); break;
    case OV_EDGE_DIRECTORSHIP: snprintf(buf, n, "director%s%s", e->type ? ": " : "", e->type ? e->type : ""); break;
    case OV_EDGE_MEMBERSHIP: snprintf(buf, n, "member"); break;
    default: snprintf(buf, n, "%s", e->type ? e->type : "linked"); break;
    }
}

/* How much a neighbour reached over edge e weighs, for choosing which to draw
 * when a node has more than the breadth allows: the state, then control, then the
 * largest stake. */
static double weight_of(const ov_graph *g, const ov_edge *e, uint32_t other)
{
    double w = e->kind == OV_EDGE_OWNERSHIP ? (e->share.has_share ? e->share.max : 0.5) : 0.75;
    if (e->kind == OV_EDGE_CONTROL) w += 1;
    if (ov_graph_node_state(g, other)) w += 2;
    return w;
}

typedef struct cand {
    uint32_t node;
    double w;
} cand;

static int by_weight(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->w != y->w) return x->w < y->w ? 1 : -1;
    return x->node < y->node ? -1 : x->node > y->node;
}

/* Nodes left out of the picture beside one drawn node: "and N more" in one direction. */
typedef struct more {
    int at;            /* index of the drawn node */
    int dir;           /* 0: holders and controllers (in), 1: holdings (out) */
    uint32_t count;
} more;

/* Breadth-first selection of nodes around center: at most breadth new neighbours of
 * each node in each direction (the heaviest first), the rest counted in *mores. */
static int select_nodes(const ov_graph *g, uint32_t center, int depth, int max_nodes, int breadth, uint32_t **out,
                        int *n_out, bool *truncated, ov_hmap *index, more **mores, int *n_mores)
{
    uint32_t *nodes = ov__malloc(sizeof *nodes * (size_t)max_nodes);
    int *level = ov__malloc(sizeof *level * (size_t)max_nodes);
    more *mv = ov__malloc(sizeof *mv * (size_t)max_nodes * 2);
    cand *cs = NULL;
    size_t cs_cap = 0;
    int nm = 0;
    if (!nodes || !level || !mv) goto nomem;
    int n = 0;
    *truncated = false;
    nodes[n] = center;
    level[n++] = 0;
    if (ov_hmap_put(index, &center, sizeof center, 1)) goto nomem;
    for (int head = 0; head < n; head++) {
        if (level[head] >= depth) continue;
        for (int dir = 0; dir < 2; dir++) {
            uint32_t m;
            const uint32_t *es = dir ? ov_graph_out(g, nodes[head], &m) : ov_graph_in(g, nodes[head], &m);
            if (m > cs_cap) {
                cand *p = ov__realloc(cs, sizeof *cs * m);
                if (!p) goto nomem;
                cs = p;
                cs_cap = m;
            }
            size_t nc = 0;
            for (uint32_t k = 0; k < m; k++) {
                const ov_edge *e = ov_graph_edge(g, es[k]);
                uint32_t other = dir ? e->to : e->from;
                if (ov_hmap_get(index, &other, sizeof other, NULL)) continue;
                bool dup = false; /* parallel edges: one candidate */
                for (size_t q = 0; q < nc && !dup; q++)
                    if (cs[q].node == other) {
                        dup = true;
                        if (weight_of(g, e, other) > cs[q].w) cs[q].w = weight_of(g, e, other);
                    }
                if (!dup) cs[nc++] = (cand){other, weight_of(g, e, other)};
            }
            if (nc > 1) qsort(cs, nc, sizeof *cs, by_weight);
            uint32_t left = 0;
            for (size_t q = 0; q < nc; q++) {
                if ((int)q >= breadth || n == max_nodes) {
                    left++;
                    if (n == max_nodes) *truncated = true;
                    continue;
                }
                nodes[n] = cs[q].node;
                level[n] = level[head] + 1;
                n++;
                if (ov_hmap_put(index, &cs[q].node, sizeof cs[q].node, (uintptr_t)n)) goto nomem;
            }
            if (left) mv[nm++] = (more){head, dir, left};
        }
    }
    ov__free(level);
    ov__free(cs);
    *out = nodes;
    *n_out = n;
    *mores = mv;
    *n_mores = nm;
    return OV_OK;
nomem:
    ov__free(nodes);
    ov__free(level);
    ov__free(mv);
    ov__free(cs);
    return OV_ENOMEM;
}

int ov_render_neighbourhood(const ov_graph *g, uint32_t center, int depth, int max_nodes, ov_picture_format format,
                            FILE *out, int *n_nodes, bool *truncated)
{
    ov_picture_opts o = {.depth = depth, .max_nodes = max_nodes, .breadth = OV_PIC_BREADTH, .format = format,
                         .link_prefix = "/entity/"};
    return ov_render_picture(g, center, &o, out, n_nodes, truncated);
}

/* Appends s percent-encoded for a URL path segment. */
static void url_segment(char *buf, size_t n, const char *prefix, const char *s)
{
    size_t k = (size_t)snprintf(buf, n, "%s", prefix);
    for (const unsigned char *p = (const unsigned char *)s; *p && k + 4 < n; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
            *p == '.' || *p == '_' || *p == '~')
            buf[k++] = (char)*p;
        else k += (size_t)snprintf(buf + k, n - k, "%%%02X", *p);
    }
    buf[k < n ? k : n - 1] = '\0';
}

int ov_render_picture(const ov_graph *g, uint32_t center, const ov_picture_opts *o, FILE *out, int *n_nodes,
                      bool *truncated)
{
    int depth = o->depth, max_nodes = o->max_nodes < 1 ? 1 : o->max_nodes;
    int breadth = o->breadth < 1 ? OV_PIC_BREADTH : o->breadth;
    ov_picture_format format = o->format;
    ov_hmap index;
    ov_hmap_init(&index);
    uint32_t *nodes;
    int n, n_mores = 0;
    more *mores = NULL;
    int rc = select_nodes(g, center, depth, max_nodes, breadth, &nodes, &n, truncated, &index, &mores, &n_mores);
    if (rc) {
        ov_hmap_release(&index);
        return rc;
    }
    *n_nodes = n;
    pthread_mutex_lock(&graphviz_lock);
    Agraph_t *G = agopen("ownership", Agdirected, NULL);
    agattr(G, AGRAPH, "rankdir", "BT");
    agattr(G, AGRAPH, "fontname", "Noto Sans CJK SC");
    agattr(G, AGNODE, "shape", "box");
    agattr(G, AGNODE, "style", "rounded");
    agattr(G, AGNODE, "fillcolor", "white");
    agattr(G, AGNODE, "fontname", "Noto Sans CJK SC");
    agattr(G, AGNODE, "label", "");
    agattr(G, AGNODE, "penwidth", "1");
    agattr(G, AGEDGE, "label", "");
    agattr(G, AGEDGE, "fontname", "Noto Sans CJK SC");
    agattr(G, AGEDGE, "style", "solid");
    Agnode_t **an = ov__malloc(sizeof *an * (size_t)n);
    if (!an) rc = OV_ENOMEM;
    for (int i = 0; !rc && i < n; i++) {
        char name[32], label[600];
        snprintf(name, sizeof name, "n%u", nodes[i]);
        an[i] = agnode(G, name, 1);
        const char *caption = ov_graph_node_caption(g, nodes[i]);
        const char *schema = ov_graph_node_schema(g, nodes[i]);
        snprintf(label, sizeof label, "%s\n%s%s", caption ? caption : "?", schema ? schema : "",
                 ov_graph_node_state(g, nodes[i]) ? " · state" : "");
        agset(an[i], "label", label);
        if (ov_graph_node_state(g, nodes[i])) {
            agset(an[i], "style", "rounded,filled");
            agset(an[i], "fillcolor", "#f4cccc");
        }
        if (i == 0) agset(an[i], "penwidth", "3");
        if (o->link_prefix) {
            char url[700];
            url_segment(url, sizeof url, o->link_prefix, ov_graph_node_id(g, nodes[i]));
            agsafeset(an[i], "URL", url, "");
            char tip[600];
            snprintf(tip, sizeof tip, "%s", caption ? caption : "");
            agsafeset(an[i], "tooltip", tip, "");
        }
    }
    /* what the breadth left out, one node per drawn node and direction */
    for (int i = 0; !rc && i < n_mores; i++) {
        char name[48], label[96];
        snprintf(name, sizeof name, "more%d", i);
        snprintf(label, sizeof label, "and %u more %s", mores[i].count,
                 mores[i].dir ? (mores[i].count == 1 ? "holding or link" : "holdings and links")
                              : (mores[i].count == 1 ? "holder or link" : "holders and links"));
        Agnode_t *mn = agnode(G, name, 1);
        agset(mn, "label", label);
        agset(mn, "style", "dashed");
        Agedge_t *ae = mores[i].dir ? agedge(G, an[mores[i].at], mn, NULL, 1) : agedge(G, mn, an[mores[i].at], NULL, 1);
        agset(ae, "style", "dotted");
    }
    for (int i = 0; !rc && i < n; i++) {
        uint32_t m;
        const uint32_t *es = ov_graph_out(g, nodes[i], &m);
        for (uint32_t k = 0; k < m; k++) {
            const ov_edge *e = ov_graph_edge(g, es[k]);
            uintptr_t j;
            if (!ov_hmap_get(&index, &e->to, sizeof e->to, &j)) continue;
            Agedge_t *ae = agedge(G, an[i], an[j - 1], NULL, 1);
            char label[256];
            edge_label(e, label, sizeof label);
            agset(ae, "label", label);
            if (e->kind != OV_EDGE_OWNERSHIP) agset(ae, "style", "dashed");
        }
    }
    if (!rc && format == OV_PIC_DOT) {
        if (agwrite(G, out) != 0) rc = OV_EIO;
    } else if (!rc) {
        if (!graphviz_context) graphviz_context = gvContext();
        GVC_t *gvc = graphviz_context;
        char *data = NULL;
        unsigned int len = 0;
        if (gvLayout(gvc, G, "dot") != 0 || gvRenderData(gvc, G, "svg", &data, &len) != 0) rc = OV_EIO;
        /* the picture's accessible name, on its root element: what a screen reader says */
        const char *root = !rc && data ? strstr(data, "<svg") : NULL;
        if (root) {
            size_t head = (size_t)(root - data) + 4;
            const char *cap = ov_graph_node_caption(g, center);
            if (fwrite(data, 1, head, out) != head) rc = OV_EIO;
            fputs(" role=\"img\" aria-label=\"Ownership and control around ", out);
            for (const char *c = cap ? cap : ov_graph_node_id(g, center); c && *c; c++) {
                if (*c == '"') fputs("&quot;", out);
                else if (*c == '\'') fputs("&#39;", out);
                else if (*c == '>') fputs("&gt;", out);
                else if (*c == '&') fputs("&amp;", out);
                else if (*c == '<') fputs("&lt;", out);
                else fputc(*c, out);
            }
            fputs("\"", out);
            if (!rc && fwrite(data + head, 1, len - head, out) != len - head) rc = OV_EIO;
        } else if (!rc && fwrite(data, 1, len, out) != len) {
            rc = OV_EIO;
        }
        if (data) gvFreeRenderData(data);
        gvFreeLayout(gvc, G);
    }
    agclose(G);
    pthread_mutex_unlock(&graphviz_lock);
    ov__free(an);
    ov__free(nodes);
    ov__free(mores);
    ov_hmap_release(&index);
    return rc;
}
