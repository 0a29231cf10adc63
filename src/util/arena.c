/* arena.c - bump allocator (see arena.h). */
#include <stdint.h>
#include <string.h>
#include "alloc.h"
#include "arena.h"
#include "banned.h"

struct ov_arena_chunk {
    ov_arena_chunk *next;
    size_t size, used;
    _Alignas(16) unsigned char mem[];
};

void ov_arena_init(ov_arena *a, size_t chunk_size, size_t limit)
{
    a->head = NULL;
    a->chunk_size = chunk_size;
    a->used_total = 0;
    a->limit = limit;
    a->over_limit = 0;
}

void *ov_arena_alloc(ov_arena *a, size_t n)
{
    if (n > a->limit || n > SIZE_MAX - 15) {
        a->over_limit = 1;
        return NULL;
    }
    n = (n + 15) & ~(size_t)15;
    if (n > a->limit || a->used_total > a->limit - n) {
        a->over_limit = 1;
        return NULL;
    }
    ov_arena_chunk *c = a->head;
    if (!c || c->size - c->used < n) {
        size_t size = n > a->chunk_size ? n : a->chunk_size;
        c = ov__malloc(sizeof *c + size);
        if (!c) return NULL;
        c->size = size;
        c->used = 0;
        c->next = a->head;
        a->head = c;
    }
    void *p = c->mem + c->used;
    c->used += n;
    a->used_total += n;
    return p;
}

char *ov_arena_strndup(ov_arena *a, const char *s, size_t n)
{
    if (n == SIZE_MAX) return NULL;
    char *d = ov_arena_alloc(a, n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *ov_arena_strdup(ov_arena *a, const char *s) { return ov_arena_strndup(a, s, strlen(s)); }

void ov_arena_reset(ov_arena *a)
{
    ov_arena_chunk *keep = a->head;
    a->over_limit = 0;
    if (!keep) return;
    /* keep the oldest chunk (the last in the list): it is usually the right size */
    ov_arena_chunk *c = a->head;
    while (c->next) {
        ov_arena_chunk *next = c->next;
        ov__free(c);
        c = next;
    }
    c->used = 0;
    a->head = c;
    a->used_total = 0;
    a->over_limit = 0;
}

void ov_arena_release(ov_arena *a)
{
    ov_arena_chunk *c = a->head;
    while (c) {
        ov_arena_chunk *next = c->next;
        ov__free(c);
        c = next;
    }
    a->head = NULL;
    a->used_total = 0;
}
