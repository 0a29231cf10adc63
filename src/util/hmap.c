/* hmap.c - open-addressing hash map with linear probing (see hmap.h). */
#include <string.h>
#include <xxhash.h>
#include "oversight/oversight.h"
#include "alloc.h"
#include "hmap.h"
#include "banned.h"

void ov_hmap_init(ov_hmap *m)
{
    m->slots = NULL;
    m->cap = m->count = 0;
}

void ov_hmap_release(ov_hmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].hash) ov__free(m->slots[i].key);
    ov__free(m->slots);
    ov_hmap_init(m);
}

uint64_t ov_hmap_hash(const void *key, size_t klen)
{
    uint64_t h = XXH3_64bits(key, klen);
    return h ? h : 1;
}

static ov_hmap_slot *find(const ov_hmap *m, const void *key, size_t klen, uint64_t h)
{
    size_t mask = m->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        ov_hmap_slot *s = &m->slots[i];
        if (!s->hash) return s;
        if (s->hash == h && s->klen == klen && memcmp(s->key, key, klen) == 0) return s;
    }
}

static int rehash(ov_hmap *m, size_t cap)
{
    ov_hmap_slot *old = m->slots;
    size_t oldcap = m->cap;
    m->slots = ov__calloc(cap, sizeof *m->slots);
    if (!m->slots) {
        m->slots = old;
        return OV_ENOMEM;
    }
    m->cap = cap;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].hash) *find(m, old[i].key, old[i].klen, old[i].hash) = old[i];
    ov__free(old);
    return OV_OK;
}

int ov_hmap_get(const ov_hmap *m, const void *key, size_t klen, uintptr_t *value)
{
    if (!m->cap) return 0;
    ov_hmap_slot *s = find(m, key, klen, ov_hmap_hash(key, klen));
    if (!s->hash) return 0;
    if (value) *value = s->value;
    return 1;
}

ov_hmap_slot *ov_hmap_upsert(ov_hmap *m, const void *key, size_t klen, int *added)
{
    if ((m->count + 1) * 4 > m->cap * 3 && rehash(m, m->cap ? m->cap * 2 : 16)) return NULL;
    uint64_t h = ov_hmap_hash(key, klen);
    ov_hmap_slot *s = find(m, key, klen, h);
    if (s->hash) {
        if (added) *added = 0;
        return s;
    }
    char *k = ov__strndup(key, klen);
    if (!k) return NULL;
    s->hash = h;
    s->key = k;
    s->klen = klen;
    s->value = 0;
    m->count++;
    if (added) *added = 1;
    return s;
}

int ov_hmap_put(ov_hmap *m, const void *key, size_t klen, uintptr_t value)
{
    ov_hmap_slot *s = ov_hmap_upsert(m, key, klen, NULL);
    if (!s) return OV_ENOMEM;
    s->value = value;
    return OV_OK;
}
