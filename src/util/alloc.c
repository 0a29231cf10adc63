/* alloc.c - counting, failure-injecting allocation wrappers (see alloc.h). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "alloc.h"
#include "banned.h"

/* Atomic, relaxed: the graph build and the server allocate from several
 * threads; the counts only need to be exact, not ordered. */
static uint64_t alloc_count;
static int64_t fail_countdown = -1;

static int should_fail(void)
{
    int64_t left = __atomic_load_n(&fail_countdown, __ATOMIC_RELAXED);
    while (left > 0) {
        if (__atomic_compare_exchange_n(&fail_countdown, &left, left - 1, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
            return 0;
    }
    return left == 0;
}

static void counted(void)
{
    __atomic_add_fetch(&alloc_count, 1, __ATOMIC_RELAXED);
}

void *ov__malloc(size_t n)
{
    if (should_fail()) return NULL;
    void *p = malloc(n ? n : 1);
    if (p) counted();
    return p;
}

void *ov__calloc(size_t n, size_t size)
{
    if (should_fail()) return NULL;
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (p) counted();
    return p;
}

void *ov__realloc(void *p, size_t n)
{
    if (should_fail()) return NULL;
    void *q = realloc(p, n ? n : 1);
    if (q) counted();
    return q;
}

void ov__free(void *p) { free(p); }

char *ov__strndup(const char *s, size_t n)
{
    char *d = ov__malloc(n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *ov__strdup(const char *s) { return ov__strndup(s, strlen(s)); }

uint64_t ov__alloc_count(void) { return __atomic_load_n(&alloc_count, __ATOMIC_RELAXED); }
void ov__alloc_fail_after(int64_t n) { __atomic_store_n(&fail_countdown, n, __ATOMIC_RELAXED); }
