/*
 * picture.c - Graphviz pictures of an entity's ownership and control
 * neighbourhood (see render.h).
 */
#include <pthread.h>
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

/* Breadth-first selection of nodes around center. */
static int select_nodes(const ov_graph *g, uint32_t center, int depth, int max_nodes, uint32_t **out,
                        int *n_out, bool *truncated, ov_hmap *index)
{
    uint32_t *nodes = ov__malloc(sizeof *nodes * (size_t)max_nodes);
    int *level = ov__malloc(sizeof *level * (size_t)max_nodes);
    if (!nodes || !level) {
        ov__free(nodes);
        ov__free(level);
        return OV_ENOMEM;
    }
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
            for (uint32_t k = 0; k < m; k++) {
                const ov_edge *e = ov_graph_edge(g, es[k]);
                uint32_t other = dir ? e->to : e->from;
                if (ov_hmap_get(index, &other, sizeof other, NULL)) continue;
                if (n == max_nodes) {
                    *truncated = true;
                    continue;
                }
                nodes[n] = other;
                level[n] = level[head] + 1;
                n++;
                if (ov_hmap_put(index, &other, sizeof other, (uintptr_t)n)) goto nomem;
            }
        }
    }
    ov__free(level);
    *out = nodes;
    *n_out = n;
    return OV_OK;
nomem:
    ov__free(nodes);
    ov__free(level);
    return OV_ENOMEM;
}

int ov_render_neighbourhood(const ov_graph *g, uint32_t center, int depth, int max_nodes, ov_picture_format format,
                            FILE *out, int *n_nodes, bool *truncated)
{
    if (max_nodes < 1) max_nodes = 1;
    ov_hmap index;
    ov_hmap_init(&index);
    uint32_t *nodes;
    int n;
    int rc = select_nodes(g, center, depth, max_nodes, &nodes, &n, truncated, &index);
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
        if (!rc && fwrite(data, 1, len, out) != len) rc = OV_EIO;
        if (data) gvFreeRenderData(data);
        gvFreeLayout(gvc, G);
    }
    agclose(G);
    pthread_mutex_unlock(&graphviz_lock);
    ov__free(an);
    ov__free(nodes);
    ov_hmap_release(&index);
    return rc;
}
