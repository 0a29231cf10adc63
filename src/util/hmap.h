/* hmap.h - an open-addressing hash map from byte strings to a uintptr_t value.
 * Keys are copied into the map's own storage. Used for the model's name
 * lookups and for the id maps of a bulk load. */
#ifndef OV_HMAP_H
#define OV_HMAP_H
#include <stddef.h>
#include <stdint.h>

typedef struct ov_hmap_slot {
    uint64_t hash; /* 0 marks an empty slot */
    char *key;     /* owned; NUL-terminated */
    size_t klen;
    uintptr_t value;
} ov_hmap_slot;

typedef struct ov_hmap {
    ov_hmap_slot *slots; /* owned; capacity is a power of two */
    size_t cap, count;
} ov_hmap;

void ov_hmap_init(ov_hmap *m);
void ov_hmap_release(ov_hmap *m);
uint64_t ov_hmap_hash(const void *key, size_t klen);
/* Finds key; returns 1 and sets *value (OUT, may be NULL) when present, else 0. */
int ov_hmap_get(const ov_hmap *m, const void *key, size_t klen, uintptr_t *value);
/* Inserts or replaces; OV_OK or OV_ENOMEM. */
int ov_hmap_put(ov_hmap *m, const void *key, size_t klen, uintptr_t value);
/* Returns the slot for key, inserting it with value 0 if absent (OUT *added
 * says which). NULL on allocation failure. The pointer is valid until the
 * next insertion. */
ov_hmap_slot *ov_hmap_upsert(ov_hmap *m, const void *key, size_t klen, int *added);
#endif
