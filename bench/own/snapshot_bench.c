/*
 * snapshot_bench.c - the graph snapshot's own costs, apart from the build they sit in:
 *
 *   cc -O2 -std=c17 -Iinclude -Isrc bench/own/snapshot_bench.c BUILD/liboversight.a \
 *      $(pkg-config --libs sqlite3 libcjson libxxhash nettle libxml-2.0 libgvc libcgraph icu-uc icu-i18n \
 *        opencc libmicrohttpd) -lm -lpthread -o /tmp/snapshot_bench
 *   /tmp/snapshot_bench DB [REPEAT]
 *
 * Builds the graph from the tables (OV_GRAPH_SNAPSHOT=0), then REPEAT times (default 3):
 * writes it as a snapshot to DB.graph-bench (ov__graph_snapshot_write: what the first build
 * adds) and opens that (ov__graph_snapshot_open: a build from the snapshot, less the key's
 * few SQL reads). Prints each time and the best, and the peak RSS of an open (VmHWM reset
 * before it). The file is removed at the end.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "graph/graph_internal.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static double hwm_mib(bool reset)
{
    if (reset) {
        FILE *f = fopen("/proc/self/clear_refs", "w");
        if (f) {
            fputs("5", f);
            fclose(f);
        }
        return 0;
    }
    char line[256];
    double kib = 0;
    FILE *f = fopen("/proc/self/status", "r");
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmHWM: %lf", &kib) == 1) break;
    if (f) fclose(f);
    return kib / 1024.0;
}

int main(int argc, char **argv)
{
    if (argc < 2) return 2;
    int repeat = argc > 2 ? atoi(argv[2]) : 3;
    char err[256], path[4200];
    ov_model *m;
    ov_store *st;
    if (ov_model_load_default(&m, err, sizeof err) || ov_store_open(&st, argv[1], OV_OPEN_READONLY, m)) return 4;
    setenv("OV_GRAPH_SNAPSHOT", "0", 1);
    ov_graph *g;
    double t0 = now();
    if (ov_graph_build(st, m, NULL, &g)) return 4;
    printf("build from the tables: %.3f s, %u nodes, %u edges\n", now() - t0, ov_graph_node_count(g),
           ov_graph_edge_count(g));
    ov__graph_key key;
    const char *p;
    memset(&key, 0, sizeof key);
    if (ov__store_state_of(st, &key.store, &p)) return 5;
    key.model = ov__graph_model_fingerprint(m);
    snprintf(path, sizeof path, "%s.graph-bench", argv[1]);
    double best_w = 1e9, best_o = 1e9, peak = 0;
    for (int i = 0; i < repeat; i++) {
        t0 = now();
        if (ov__graph_snapshot_write(g, path, &key)) return 6;
        double w = now() - t0;
        hwm_mib(true);
        ov_graph *h;
        t0 = now();
        if (ov__graph_snapshot_open(path, m, &key, &h)) return 7;
        double o = now() - t0, pk = hwm_mib(false);
        ov_graph_free(h);
        struct stat sb;
        stat(path, &sb);
        printf("write %.3f s (%.0f MiB), open %.3f s (peak %.0f MiB)\n", w, (double)sb.st_size / 1048576.0, o, pk);
        if (w < best_w) best_w = w;
        if (o < best_o) best_o = o;
        if (pk > peak) peak = pk;
    }
    printf("best: write %.3f s, open %.3f s; open peak %.0f MiB\n", best_w, best_o, peak);
    unlink(path);
    ov_graph_free(g);
    ov_store_close(st);
    ov_model_free(m);
    return 0;
}
