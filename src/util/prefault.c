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
    atomic_bool finished;   /* set by the thread when it has gone through every region */
    int n, n_first, n_now;     /* regions: n_first one by one, n_now side by side, the rest one by one */
    uintptr_t at[MAX_REGIONS], end[MAX_REGIONS]; /* page-aligned */
};

/* Maps a chunk of region i; false when the region is done. */
static bool step(ov__prefault *h, int i)
{
    if (h->at[i] >= h->end[i]) return false;
    size_t len = h->end[i] - h->at[i] < CHUNK ? h->end[i] - h->at[i] : CHUNK;
    if (madvise((void *)h->at[i], len, MADV_POPULATE_WRITE) != 0) { /* freed meanwhile, or no support */
        h->at[i] = h->end[i];
        return false;
    }
    h->at[i] += len;
    return true;
}

static bool stopped(ov__prefault *h) { return atomic_load_explicit(&h->stop, memory_order_relaxed); }

static void *run(void *arg)
{
    ov__prefault *h = arg;
    int now_end = h->n_first + h->n_now;
    for (int i = 0; i < h->n_first && !stopped(h); i++)
        while (step(h, i) && !stopped(h)) {}
    for (bool more = true; more && !stopped(h);) {
        more = false;
        for (int i = h->n_first; i < now_end; i++) more |= step(h, i);
    }
    for (int i = now_end; i < h->n && !stopped(h); i++)
        while (step(h, i) && !stopped(h)) {}
    atomic_store(&h->finished, true);
    return NULL;
}

bool ov__prefault_finished(ov__prefault *h) { return h && atomic_load(&h->finished); }

ov__prefault *ov__prefault_start(void *const *p, const size_t *len, int n, int n_first, int n_now)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    ov__prefault *h = ov__calloc(1, sizeof *h);
    if (!h) return NULL;
    size_t total = 0;
    for (int i = 0; i < n && h->n < MAX_REGIONS; i++) {
        if (!p[i]) continue;
        uintptr_t a = ((uintptr_t)p[i] + page - 1) & ~(page - 1), e = ((uintptr_t)p[i] + len[i]) & ~(page - 1);
        if (e <= a) continue;
        if (i < n_first) h->n_first++;
        else if (i < n_first + n_now) h->n_now++;
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
