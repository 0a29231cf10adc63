/* arena.h - a bump allocator for record-scoped memory: one JSON line, one CSV
 * group, one HTTP request. Reset frees everything at once. */
#ifndef OV_ARENA_H
#define OV_ARENA_H
#include <stddef.h>

typedef struct ov_arena_chunk ov_arena_chunk;
typedef struct ov_arena {
    ov_arena_chunk *head; /* newest chunk first; owned */
    size_t chunk_size;
    size_t used_total;    /* bytes handed out since the last reset */
    size_t limit;         /* ov_arena_alloc fails past this many bytes */
    int over_limit;       /* an allocation was refused for the limit (not for want
                           * of memory) since the last reset */
} ov_arena;

void ov_arena_init(ov_arena *a, size_t chunk_size, size_t limit);
/* Memory aligned for any type, valid until the next reset/release; NULL on failure. */
void *ov_arena_alloc(ov_arena *a, size_t n);
char *ov_arena_strndup(ov_arena *a, const char *s, size_t n);
char *ov_arena_strdup(ov_arena *a, const char *s);
/* Frees all but the first chunk and makes its memory reusable. */
void ov_arena_reset(ov_arena *a);
void ov_arena_release(ov_arena *a);
#endif
