/*
 * merge.c - the rules by which a load combines an entity it puts with the
 * statements the store holds for it (docs/internals/store.md, "Loads"), one
 * copy for the SQLite and PostgreSQL backends: each reads the current
 * statements its own way (a prepared statement per entity; one query per
 * batch) and asks ov__merge_rule about each.
 */
#include <string.h>
#include "store_internal.h"
#include "../util/alloc.h"
#include "../util/banned.h"

static size_t slot_of(int64_t sid, size_t cap) { return ((uint64_t)sid * 0x9E3779B97F4A7C15ull) >> 20 & (cap - 1); }

bool ov__sidset_has(const ov__sidset *s, int64_t sid)
{
    if (!s->cap) return false;
    for (size_t i = slot_of(sid, s->cap);; i = (i + 1) & (s->cap - 1)) {
        if (s->slots[i] == sid) return true;
        if (!s->slots[i]) return false;
    }
}

int ov__sidset_add(ov__sidset *s, int64_t sid)
{
    if ((s->count + 1) * 2 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1024;
        int64_t *n = ov__calloc(cap, sizeof *n);
        if (!n) return OV_ENOMEM;
        for (size_t k = 0; k < s->cap; k++) {
            if (!s->slots[k]) continue;
            size_t i = slot_of(s->slots[k], cap);
            while (n[i]) i = (i + 1) & (cap - 1);
            n[i] = s->slots[k];
        }
        ov__free(s->slots);
        s->slots = n;
        s->cap = cap;
    }
    size_t i = slot_of(sid, s->cap);
    for (; s->slots[i]; i = (i + 1) & (s->cap - 1))
        if (s->slots[i] == sid) return OV_OK;
    s->slots[i] = sid;
    s->count++;
    return OV_OK;
}

void ov__sidset_release(ov__sidset *s)
{
    ov__free(s->slots);
    memset(s, 0, sizeof *s);
}

static const char *nz(const char *s) { return s ? s : ""; }

ov__merge_verdict ov__merge_rule(const ov__cur_stmt *cur, const ov_stmt *in, int64_t in_citation, int64_t in_schema,
                                 ov_load_mode mode, int64_t change, const ov__sidset *claimed)
{
    if (!in) return mode == OV_LOAD_MERGE ? OV__MERGE_KEPT : OV__MERGE_RETIRED;
    /* put by an earlier fragment of this entity in this change, or found
     * unchanged by one: the first fragment's statement stands (a merge; a
     * delta's later MOD replaces an earlier one's, in order) */
    if (mode == OV_LOAD_MERGE && (cur->added_in == change || ov__sidset_has(claimed, cur->sid))) return OV__MERGE_CLAIMED;
    bool same = !strcmp(nz(in->lang), nz(cur->lang)) && !strcmp(nz(in->original_value), nz(cur->original)) &&
                in_citation == cur->citation && in->status == cur->status && in_schema == cur->schema &&
                !strcmp(nz(in->origin), nz(cur->origin)) && in->external == cur->external;
    return same ? OV__MERGE_UNCHANGED : OV__MERGE_REPLACED;
}

const char *ov__dangling_keep(ov__dangling *d, const char *id)
{
    if (d->n == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 8;
        char **v = ov__realloc(d->v, cap * sizeof *v);
        if (!v) return NULL;
        d->v = v;
        d->cap = cap;
    }
    char *c = ov__strdup(id);
    if (c) d->v[d->n++] = c;
    return c;
}

void ov__dangling_clear(ov__dangling *d)
{
    for (size_t i = 0; i < d->n; i++) ov__free(d->v[i]);
    d->n = 0;
}

void ov__dangling_release(ov__dangling *d)
{
    ov__dangling_clear(d);
    ov__free(d->v);
    d->v = NULL;
    d->cap = 0;
}
