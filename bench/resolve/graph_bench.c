/* graph_bench.c - the graph build of a store whose duplicates are judged the
 * same (each cluster one node) against the same store without the judgements
 * (bench/resolve/run.sh). Cold builds from the tables (OV_GRAPH_SNAPSHOT=0),
 * alternated, best of ROUNDS each; prints JSON.
 *
 *   graph_bench UNRESOLVED.db RESOLVED.db [ROUNDS]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "oversight/graph.h"
#include "oversight/model.h"
#include "oversight/store.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* One cold build: its seconds, and the graph's nodes that merge referents (*merged). */
static double build(const ov_model *m, const char *path, uint32_t *nodes, uint32_t *edges, uint32_t *merged)
{
    ov_store *st;
    if (ov_store_open(&st, path, OV_OPEN_READONLY, m)) {
        fprintf(stderr, "open %s: %s\n", path, st ? ov_store_errmsg(st) : "?");
        exit(1);
    }
    ov_graph *g;
    double t0 = now();
    if (ov_graph_build(st, m, NULL, &g)) {
        fprintf(stderr, "build %s: %s\n", path, ov_store_errmsg(st));
        exit(1);
    }
    double t = now() - t0;
    *nodes = ov_graph_node_count(g);
    *edges = ov_graph_edge_count(g);
    *merged = 0;
    /* the referents merged into another node: rows whose id finds another node (a hash
     * lookup each; ov_graph_node_referents per node would scan the merge table every call) */
    for (uint32_t v = 0; v < *nodes; v++) {
        const char *id = ov_graph_node_id(g, v);
        uint32_t at;
        if (id && ov_graph_find(g, id, &at) && at != v) (*merged)++;
    }
    ov_graph_free(g);
    ov_store_close(st);
    return t;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: graph_bench UNRESOLVED.db RESOLVED.db [ROUNDS]\n");
        return 2;
    }
    int rounds = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 3;
    setenv("OV_GRAPH_SNAPSHOT", "0", 1); /* cold: from the tables every time */
    char err[256];
    ov_model *m;
    if (ov_model_load_default(&m, err, sizeof err)) {
        fprintf(stderr, "model: %s\n", err);
        return 1;
    }
    double best[2] = {1e30, 1e30};
    uint32_t nodes[2], edges[2], merged[2];
    for (int r = 0; r < rounds; r++)
        for (int k = 0; k < 2; k++) {
            double t = build(m, argv[1 + k], &nodes[k], &edges[k], &merged[k]);
            if (t < best[k]) best[k] = t;
            fprintf(stderr, "round %d %s: %.3f s\n", r + 1, k ? "resolved" : "unresolved", t);
        }
    printf("{\"rounds\":%d,\"unresolved_seconds\":%.4f,\"resolved_seconds\":%.4f,\"ratio\":%.4f,"
           "\"unresolved_edges\":%u,\"resolved_edges\":%u,\"node_slots\":%u,\"clusters_merged\":%u}\n",
           rounds, best[0], best[1], best[1] / best[0], edges[0], edges[1], nodes[1], merged[1]);
    ov_model_free(m);
    return 0;
}
