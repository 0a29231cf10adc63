/* alloc.c - counting, failure-injecting allocation wrappers (see alloc.h). */
#include <stdlib.h>
#include <string.h>
#include "alloc.h"
#include "banned.h"

static uint64_t alloc_count;
static int64_t fail_countdown = -1;

static int should_fail(void)
{
    if (fail_countdown < 0) return 0;
    if (fail_countdown == 0) return 1;
    fail_countdown--;
    return 0;
}

void *ov__malloc(size_t n)
{
    if (should_fail()) return NULL;
    void *p = malloc(n ? n : 1);
    if (p) alloc_count++;
    return p;
}

void *ov__calloc(size_t n, size_t size)
{
    if (should_fail()) return NULL;
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (p) alloc_count++;
    return p;
}

void *ov__realloc(void *p, size_t n)
{
    if (should_fail()) return NULL;
    void *q = realloc(p, n ? n : 1);
    if (q) alloc_count++;
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

uint64_t ov__alloc_count(void) { return alloc_count; }
void ov__alloc_fail_after(int64_t n) { fail_countdown = n; }
