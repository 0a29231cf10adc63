/* fuzz_graph_snapshot.c - libFuzzer target for the graph snapshot reader
 * (src/graph/snapshot.c): any bytes are either refused or give a graph whose
 * every answer can be read (and filtered as of a date), and the control rules
 * run over its holdings, without a fault.
 * The first byte chooses whether the checksums are verified (odd) or skipped
 * (even: so that mutations reach the checks behind them); the rest is the
 * file, copied to an 8-byte aligned buffer as a mapping would be. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "graph/graph_internal.h"
#include "oversight/own.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static ov_model *model;
    char err[512];
    if (!model && ov_model_load_default(&model, err, sizeof err)) abort();
    if (size < 1) return 0;
    int flags = data[0] & 1 ? 0 : OV__SNAP_NO_CHECKSUM;
    size_t len = size - 1;
    uint64_t *buf = malloc(len / 8 * 8 + 8);
    if (!buf) return 0;
    memcpy(buf, data + 1, len);
    ov_graph *g;
    if (ov__graph_snapshot_parse(buf, len, model, NULL, flags, &g) == OV_OK) {
        uint64_t sum = 0;
        for (int pass = 0; pass < 2 && g; pass++) {
            uint32_t n = ov_graph_node_count(g), ne = ov_graph_edge_count(g);
            for (uint32_t v = 0; v <= n; v++) {
                const char *id = ov_graph_node_id(g, v), *s;
                if (id) {
                    sum += strlen(id);
                    uint32_t node;
                    if (ov_graph_find(g, id, &node)) sum += node;
                }
                if ((s = ov_graph_node_caption(g, v))) sum += strlen(s);
                if ((s = ov_graph_node_schema(g, v))) sum += strlen(s);
                if ((s = ov_graph_node_country(g, v))) sum += strlen(s);
                sum += (uint64_t)ov_graph_node_state(g, v);
                uint32_t k;
                const uint32_t *a = ov_graph_out(g, v, &k);
                for (uint32_t i = 0; i < k; i++) sum += ov_graph_edge(g, a[i])->to;
                a = ov_graph_in(g, v, &k);
                for (uint32_t i = 0; i < k; i++) sum += ov_graph_edge(g, a[i])->from;
                const ov_holding *h = ov_graph_holdings(g, v, &k);
                for (uint32_t i = 0; i < k; i++) {
                    if (h[i].asset >= n || !ov_graph_edge(g, h[i].edge) || !(h[i].min <= h[i].max)) abort();
                    sum += h[i].asset;
                }
            }
            for (uint32_t i = 0; i < ne; i++) {
                const ov_edge *e = ov_graph_edge(g, i);
                sum += strlen(e->interest_id) + (e->type ? strlen(e->type) : 0) + (e->start ? strlen(e->start) : 0) +
                       (e->end ? strlen(e->end) : 0) + (uint64_t)e->kind + (uint64_t)e->status;
                if (e->from >= n || e->to >= n) abort();
            }
            uint32_t node;
            sum += ov_graph_find(g, "x", &node);
            /* the control rules walk the holdings of whatever the file holds */
            uint32_t seeds[8];
            for (uint32_t i = 0; i < 8; i++) seeds[i] = i * (n / 8 + 1);
            ov_controlled *c = NULL;
            size_t nc = 0;
            if (ov_own_control(g, seeds, 8, ov_control_rule_find(pass ? "uk" : "ofac"), &c, &nc) == OV_OK)
                for (size_t i = 0; i < nc; i++) sum += c[i].node + (uint64_t)c[i].n_edges;
            free(c);
            if (pass == 0) { /* the same graph as of a date */
                ov_graph *f;
                if (ov__graph_filter(g, "2016-01-01", &f) != OV_OK) f = NULL;
                g = f;
            }
        }
        ov_graph_free(g);
        static volatile uint64_t sink;
        sink += sum; /* keep the reads */
    }
    free(buf);
    return 0;
}
