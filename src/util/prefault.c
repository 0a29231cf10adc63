/* prefault.c - see prefault.h */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>
#include "alloc.h"
#include "prefault.h"
#include "banned.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* Linux 5.14 */
#endif

#define MAX_REGIONS 12
#define MIN_BYTES ((size_t)1 << 20) /* less is not worth a thread */
#define CHUNK ((size_t)256 << 10)    /* regions are mapped a chunk at a time, in turn */

struct ov__prefault {
    pthread_t thread;
    atomic_bool stop;       /* set by ov__prefault_join: what is left stays to the caller's faults */
    int n;
    uintptr_t at[MAX_REGIONS], end[MAX_REGIONS]; /* page-aligned */
};

static void *run(void *arg)
{
    ov__prefault *h = arg;
    /* round robin over the regions: the caller fills them all from their start */
    for (bool more = true; more && !atomic_load_explicit(&h->stop, memory_order_relaxed);) {
        more = false;
        for (int i = 0; i < h->n; i++) {
            if (h->at[i] >= h->end[i]) continue;
            size_t len = h->end[i] - h->at[i] < CHUNK ? h->end[i] - h->at[i] : CHUNK;
            if (madvise((void *)h->at[i], len, MADV_POPULATE_WRITE) != 0) { /* freed meanwhile, or no support */
                h->at[i] = h->end[i];
                continue;
            }
            h->at[i] += len;
            more = true;
        }
    }
    return NULL;
}

ov__prefault *ov__prefault_start(void *const *p, const size_t *len, int n)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    ov__prefault *h = ov__calloc(1, sizeof *h);
    if (!h) return NULL;
    size_t total = 0;
    for (int i = 0; i < n && h->n < MAX_REGIONS; i++) {
        if (!p[i]) continue;
        uintptr_t a = ((uintptr_t)p[i] + page - 1) & ~(page - 1), e = ((uintptr_t)p[i] + len[i]) & ~(page - 1);
        if (e <= a) continue;
        h->at[h->n] = a;
        h->end[h->n++] = e;
        total += e - a;
    }
    if (total < MIN_BYTES || pthread_create(&h->thread, NULL, run, h) != 0) {
        ov__free(h);
        return NULL;
    }
    return h;
}

void ov__prefault_join(ov__prefault *h)
{
    if (!h) return;
    atomic_store(&h->stop, true);
    pthread_join(h->thread, NULL);
    ov__free(h);
}
