/*
 * edge_fixup_bench.c - which is faster to open at 10 M edges (docs/internals/graph.md,
 * "Pointers"): the public ov_edge has pointer fields, so a mapped snapshot holds offsets.
 *
 *   cc -O2 -std=c17 -Iinclude bench/own/edge_fixup_bench.c -o /tmp/efb && /tmp/efb DIR [N]
 *
 * Writes N (default 14,723,800: the 10 M benchmark's edges) synthetic edges to DIR in two
 * layouts, then times, each from the page cache, best of 3:
 *   packed  48-byte records mapped read-only; an ov_edge array allocated and filled
 *           (what src/graph/snapshot.c does)
 *   inplace ov_edge records (88 bytes) with offsets in the pointer fields, mapped
 *           MAP_PRIVATE read-write and patched in place (copy-on-write of every page)
 * and the file sizes (what the first build writes).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include "oversight/graph.h"

typedef struct snap_edge {
    double min, max;
    uint32_t from, to, interest, type, start, end;
    int32_t status;
    uint8_t kind, has_share, min_exclusive, conflicting;
} snap_edge;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void put(const char *path, const void *p, size_t n)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const char *c = p;
    while (n) {
        ssize_t k = write(fd, c, n > (1 << 30) ? (1 << 30) : n);
        if (k <= 0) exit(1);
        c += k;
        n -= (size_t)k;
    }
    close(fd);
}

static void *map(const char *path, size_t n, int prot)
{
    int fd = open(path, prot & PROT_WRITE ? O_RDONLY : O_RDONLY);
    void *m = mmap(NULL, n, prot, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    close(fd);
    return m == MAP_FAILED ? NULL : m;
}

int main(int argc, char **argv)
{
    if (argc < 2) return 2;
    size_t n = argc > 2 ? strtoull(argv[2], NULL, 10) : 14723800;
    char a[4096], b[4096];
    snprintf(a, sizeof a, "%s/efb-packed", argv[1]);
    snprintf(b, sizeof b, "%s/efb-inplace", argv[1]);
    char *names = calloc(1, 1 << 20), *strings = calloc(1, 1 << 16);
    snap_edge *p = calloc(n, sizeof *p);
    ov_edge *q = calloc(n, sizeof *q);
    for (size_t i = 0; i < n; i++) {
        p[i] = (snap_edge){.min = 0.5, .max = 0.5, .from = (uint32_t)i, .to = (uint32_t)(i * 7), .interest = (uint32_t)(i & 0xffff),
                           .type = (uint32_t)(i & 0xff), .start = 3, .end = 0, .kind = 0, .has_share = 1};
        q[i] = (ov_edge){.from = (uint32_t)i, .to = (uint32_t)(i * 7), .share = {true, 0.5, 0.5, false},
                         .interest_id = (const char *)(uintptr_t)((i & 0xffff) * 4), .type = (const char *)(uintptr_t)(i & 0xff),
                         .start = (const char *)(uintptr_t)3, .end = NULL};
    }
    put(a, p, n * sizeof *p);
    put(b, q, n * sizeof *q);
    free(p);
    free(q);
    printf("edges %zu: packed file %.0f MiB, in-place file %.0f MiB\n", n, n * sizeof(snap_edge) / 1048576.0,
           n * sizeof(ov_edge) / 1048576.0);
    double best_a = 1e9, best_b = 1e9;
    for (int rep = 0; rep < 3; rep++) {
        double t0 = now();
        const snap_edge *s = map(a, n * sizeof *s, PROT_READ);
        ov_edge *e = malloc(n * sizeof *e);
        for (size_t i = 0; i < n; i++) {
            const snap_edge *x = &s[i];
            e[i] = (ov_edge){.from = x->from, .to = x->to, .kind = (ov_edge_kind)x->kind,
                             .share = {x->has_share, x->min, x->max, x->min_exclusive},
                             .interest_id = names + (size_t)x->interest * 4, .type = x->type ? strings + x->type : NULL,
                             .start = x->start ? strings + x->start : NULL, .end = x->end ? strings + x->end : NULL,
                             .status = x->status, .conflicting = x->conflicting};
        }
        double t1 = now();
        if (t1 - t0 < best_a) best_a = t1 - t0;
        munmap((void *)(uintptr_t)s, n * sizeof *s);
        free(e);
        t0 = now();
        ov_edge *m = map(b, n * sizeof *m, PROT_READ | PROT_WRITE);
        for (size_t i = 0; i < n; i++) {
            ov_edge *x = &m[i];
            x->interest_id = names + (uintptr_t)x->interest_id;
            x->type = x->type ? strings + (uintptr_t)x->type : NULL;
            x->start = x->start ? strings + (uintptr_t)x->start : NULL;
            x->end = x->end ? strings + (uintptr_t)x->end : NULL;
        }
        t1 = now();
        if (t1 - t0 < best_b) best_b = t1 - t0;
        munmap(m, n * sizeof *m);
    }
    printf("open, best of 3: packed + allocated array %.3f s, in-place patch of a private mapping %.3f s\n", best_a, best_b);
    unlink(a);
    unlink(b);
    return 0;
}
