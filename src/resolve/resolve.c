/* resolve.c - judgements of entity resolution as record data, the clusters
 * they make and the refusal of contradictions (see resolve.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>
#include "oversight/resolve.h"
#include "../util/alloc.h"
#include "../util/arena.h"
#include "../util/hmap.h"
#include "../util/banned.h"

struct ov_resolver {
    ov_arena arena;       /* every string */
    ov_judgement *j;      /* the judgements that hold, oldest first */
    size_t n, cap;
    ov_hmap node;         /* entity id -> index + 1 into ids */
    const char **ids;
    uint32_t *parent;     /* union-find over ids, by "same" judgements */
    size_t n_ids, cap_ids;
    ov_hmap pair;         /* (node, node), smaller first, 8 bytes -> index + 1 into j */
    uint32_t *canon;      /* by node: the node of its cluster's canonical id (after load) */
    uint32_t *member_off; /* by root node: where its members start in members [n_ids + 1] */
    uint32_t *members;    /* nodes grouped by cluster root, each group sorted by id */
    uint64_t fingerprint; /* of the judgements that hold */
};

int ov_verdict_parse(const char *s)
{
    if (!s) return -1;
    if (!strcmp(s, "same")) return OV_SAME;
    if (!strcmp(s, "different")) return OV_DIFFERENT;
    if (!strcmp(s, "unsure")) return OV_UNSURE;
    return -1;
}

const char *ov_verdict_name(int v)
{
    return v == OV_SAME ? "same" : v == OV_DIFFERENT ? "different" : v == OV_UNSURE ? "unsure" : "?";
}

/* ---- nodes and clusters ------------------------------------------------------------- */

/* The index of entity id, added when absent; SIZE_MAX when out of memory. */
static size_t node_of(ov_resolver *r, const char *id)
{
    uintptr_t v;
    if (ov_hmap_get(&r->node, id, strlen(id), &v)) return (size_t)v - 1;
    if (r->n_ids == r->cap_ids) {
        size_t cap = r->cap_ids ? 2 * r->cap_ids : 64;
        const char **ids = ov__realloc(r->ids, cap * sizeof *ids);
        if (!ids) return SIZE_MAX;
        r->ids = ids;
        uint32_t *p = ov__realloc(r->parent, cap * sizeof *p);
        if (!p) return SIZE_MAX;
        r->parent = p;
        r->cap_ids = cap;
    }
    const char *copy = ov_arena_strdup(&r->arena, id);
    if (!copy || ov_hmap_put(&r->node, id, strlen(id), (uintptr_t)r->n_ids + 1)) return SIZE_MAX;
    r->ids[r->n_ids] = copy;
    r->parent[r->n_ids] = (uint32_t)r->n_ids;
    return r->n_ids++;
}

/* The node of id, or UINT32_MAX when no judgement names it. */
static uint32_t find_node(const ov_resolver *r, const char *id)
{
    uintptr_t v;
    return ov_hmap_get(&r->node, id, strlen(id), &v) ? (uint32_t)v - 1 : UINT32_MAX;
}

static uint32_t find(uint32_t *parent, uint32_t x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

/* The key of the pair of nodes (a, b), either order. */
static void pair_key(uint32_t a, uint32_t b, uint32_t key[2])
{
    key[0] = a < b ? a : b;
    key[1] = a < b ? b : a;
}

/* The clusters of the "same" judgements that hold, leaving out judgement skip
 * (SIZE_MAX: none), into parent (n_ids entries). */
static void clusters(const ov_resolver *r, size_t skip, uint32_t *parent)
{
    for (size_t i = 0; i < r->n_ids; i++) parent[i] = (uint32_t)i;
    for (size_t i = 0; i < r->n; i++) {
        if (i == skip || r->j[i].verdict != OV_SAME) continue;
        uint32_t x = find(parent, find_node(r, r->j[i].left)), y = find(parent, find_node(r, r->j[i].right));
        if (x != y) parent[x < y ? y : x] = x < y ? x : y;
    }
}

/* ---- loading ---------------------------------------------------------------------- */

static const char *val(const ov_entity *e, const char *prop, const ov_stmt **st)
{
    for (size_t i = 0; i < e->n_stmts; i++)
        if (e->stmts[i].status != OV_ST_RETRACTED && !strcmp(e->stmts[i].prop, prop)) {
            if (st) *st = &e->stmts[i];
            return e->stmts[i].value;
        }
    return NULL;
}

/* The index of the judgement of the pair (a, b), either order, or SIZE_MAX: one
 * lookup in the pair table. */
static size_t pair_index(const ov_resolver *r, const char *a, const char *b)
{
    uint32_t x = find_node(r, a), y = find_node(r, b), key[2];
    if (x == UINT32_MAX || y == UINT32_MAX) return SIZE_MAX;
    pair_key(x, y, key);
    uintptr_t v;
    return ov_hmap_get(&r->pair, key, sizeof key, &v) ? (size_t)v - 1 : SIZE_MAX;
}

static int collect(const ov_entity *e, void *ud)
{
    ov_resolver *r = ud;
    if (strcmp(e->schema, "Judgement") != 0) return 0;
    const ov_stmt *vs = NULL;
    const char *left = val(e, "left", NULL), *right = val(e, "right", NULL), *verdict = val(e, "verdict", &vs);
    int v = ov_verdict_parse(verdict);
    if (!left || !right || v < 0 || !strcmp(left, right)) return 0; /* not a judgement this file can use */
    ov_judgement j = {0};
    j.id = ov_arena_strdup(&r->arena, e->id);
    j.left = ov_arena_strdup(&r->arena, left);
    j.right = ov_arena_strdup(&r->arena, right);
    j.verdict = v;
    const char *s;
    j.reason = (s = val(e, "reason", NULL)) ? ov_arena_strdup(&r->arena, s) : "";
    j.author = (s = val(e, "author", NULL)) ? ov_arena_strdup(&r->arena, s) : "";
    j.date = (s = val(e, "date", NULL)) ? ov_arena_strdup(&r->arena, s) : "";
    j.source = vs->source ? ov_arena_strdup(&r->arena, vs->source) : NULL;
    j.locator = vs->locator ? ov_arena_strdup(&r->arena, vs->locator) : NULL;
    j.status = vs->status;
    if (!j.id || !j.left || !j.right || !j.reason || !j.author || !j.date) return OV_ENOMEM;
    size_t a = node_of(r, left), b = node_of(r, right);
    if (a == SIZE_MAX || b == SIZE_MAX) return OV_ENOMEM;
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 16;
        ov_judgement *p = ov__realloc(r->j, cap * sizeof *p);
        if (!p) return OV_ENOMEM;
        r->j = p;
        r->cap = cap;
    }
    /* the newest judgement of a pair holds (the store hands entities in load order):
     * an older one is marked (verdict -1) and dropped once all are read */
    uint32_t key[2];
    pair_key((uint32_t)a, (uint32_t)b, key);
    int added;
    ov_hmap_slot *slot = ov_hmap_upsert(&r->pair, key, sizeof key, &added);
    if (!slot) return OV_ENOMEM;
    if (!added) r->j[slot->value - 1].verdict = -1;
    slot->value = r->n + 1;
    r->j[r->n++] = j;
    return 0;
}

static int by_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/* After the scan: drops the judgements replaced by newer ones, re-indexes the pairs,
 * makes the clusters, their canonical ids and member lists, and the fingerprint. */
static int finish(ov_resolver *r)
{
    size_t k = 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->j[i].verdict >= 0) r->j[k++] = r->j[i];
    r->n = k;
    XXH3_state_t h;
    XXH3_64bits_reset(&h);
    for (size_t i = 0; i < r->n; i++) {
        uint32_t key[2];
        pair_key(find_node(r, r->j[i].left), find_node(r, r->j[i].right), key);
        if (ov_hmap_put(&r->pair, key, sizeof key, (uintptr_t)i + 1)) return OV_ENOMEM;
        XXH3_64bits_update(&h, r->j[i].id, strlen(r->j[i].id) + 1);
        XXH3_64bits_update(&h, &r->j[i].verdict, sizeof r->j[i].verdict);
    }
    r->fingerprint = r->n ? XXH3_64bits_digest(&h) : 0; /* no judgements: 0, as a graph key without them */
    size_t n = r->n_ids;
    if (!r->parent) return OV_OK;
    clusters(r, SIZE_MAX, r->parent);
    r->canon = ov__malloc(sizeof *r->canon * n);
    r->member_off = ov__calloc(n + 1, sizeof *r->member_off);
    r->members = ov__malloc(sizeof *r->members * n);
    const char **tmp = ov__malloc(sizeof *tmp * n);
    if (!r->canon || !r->member_off || !r->members || !tmp) {
        ov__free(tmp);
        return OV_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) r->parent[i] = find(r->parent, (uint32_t)i); /* flat: parent is the root */
    for (size_t i = 0; i < n; i++) r->member_off[r->parent[i] + 1]++;
    for (size_t i = 0; i < n; i++) r->member_off[i + 1] += r->member_off[i];
    for (size_t i = 0; i < n; i++) r->canon[i] = UINT32_MAX; /* fill position, by root, for now */
    for (size_t i = 0; i < n; i++) {
        uint32_t root = r->parent[i];
        if (r->canon[root] == UINT32_MAX) r->canon[root] = r->member_off[root];
        r->members[r->canon[root]++] = (uint32_t)i;
    }
    for (size_t root = 0; root < n; root++) {
        uint32_t lo = r->member_off[root], hi = r->member_off[root + 1];
        if (hi - lo < 2) continue;
        for (uint32_t x = lo; x < hi; x++) tmp[x - lo] = r->ids[r->members[x]];
        qsort(tmp, hi - lo, sizeof *tmp, by_str);
        for (uint32_t x = lo; x < hi; x++) r->members[x] = find_node(r, tmp[x - lo]);
    }
    ov__free(tmp);
    for (size_t i = 0; i < n; i++) r->canon[i] = r->members[r->member_off[r->parent[i]]]; /* the smallest id */
    return OV_OK;
}

int ov_resolver_load(ov_store *st, ov_resolver **out)
{
    *out = NULL;
    ov_resolver *r = ov__calloc(1, sizeof *r);
    if (!r) return OV_ENOMEM;
    ov_arena_init(&r->arena, 16384, (size_t)1 << 30);
    ov_hmap_init(&r->node);
    ov_hmap_init(&r->pair);
    int rc = ov_store_scan_schema(st, "Judgement", collect, r);
    if (rc == OV_ESTOP) rc = OV_ENOMEM;
    if (!rc) rc = finish(r);
    if (rc) {
        ov_resolver_free(r);
        return rc;
    }
    *out = r;
    return OV_OK;
}

void ov_resolver_free(ov_resolver *r)
{
    if (!r) return;
    ov__free(r->j);
    ov__free(r->ids);
    ov__free(r->parent);
    ov__free(r->canon);
    ov__free(r->member_off);
    ov__free(r->members);
    ov_hmap_release(&r->node);
    ov_hmap_release(&r->pair);
    ov_arena_release(&r->arena);
    ov__free(r);
}

size_t ov_resolver_count(const ov_resolver *r) { return r->n; }

const ov_judgement *ov_resolver_at(const ov_resolver *r, size_t i) { return i < r->n ? &r->j[i] : NULL; }

const char *ov_resolver_canonical(const ov_resolver *r, const char *id)
{
    uint32_t v = find_node(r, id);
    return v == UINT32_MAX ? id : r->ids[r->canon[v]];
}

int ov_resolver_referents(const ov_resolver *r, const char *id, const char ***ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    uint32_t v = find_node(r, id);
    uint32_t lo = v == UINT32_MAX ? 0 : r->member_off[r->parent[v]], hi = v == UINT32_MAX ? 1 : r->member_off[r->parent[v] + 1];
    const char **out = ov__malloc(sizeof *out * (hi - lo));
    if (!out) return OV_ENOMEM;
    if (v == UINT32_MAX) out[(*n)++] = id;
    else
        for (uint32_t x = lo; x < hi; x++) out[(*n)++] = r->ids[r->members[x]];
    *ids = out;
    return OV_OK;
}

const ov_judgement *ov_resolver_pair(const ov_resolver *r, const char *a, const char *b)
{
    size_t i = pair_index(r, a, b);
    return i == SIZE_MAX ? NULL : &r->j[i];
}

uint64_t ov_resolver_fingerprint(const ov_resolver *r) { return r ? r->fingerprint : 0; }

size_t ov_resolver_id_count(const ov_resolver *r) { return r->n_ids; }

const char *ov_resolver_id_at(const ov_resolver *r, size_t i, const char **canonical)
{
    if (i >= r->n_ids) return NULL;
    if (canonical) *canonical = r->ids[r->canon[i]];
    return r->ids[i];
}

/* ---- checks ---------------------------------------------------------------------------- */

/* The "same" judgements on a chain from a to b (breadth first over the pairs that
 * hold), written into why. */
static void name_chain(const ov_resolver *r, uint32_t a, uint32_t b, char *why, size_t n)
{
    size_t *via = ov__malloc(sizeof *via * r->n_ids);
    uint32_t *queue = ov__malloc(sizeof *queue * r->n_ids);
    if (!via || !queue) {
        ov__free(via);
        ov__free(queue);
        return;
    }
    for (size_t i = 0; i < r->n_ids; i++) via[i] = SIZE_MAX;
    size_t head = 0, tail = 0;
    queue[tail++] = a;
    via[a] = r->n; /* visited, no judgement */
    while (head < tail && via[b] == SIZE_MAX) {
        uint32_t x = queue[head++];
        for (size_t k = 0; k < r->n; k++) {
            const ov_judgement *j = &r->j[k];
            if (j->verdict != OV_SAME) continue;
            uintptr_t l, rr;
            ov_hmap_get(&r->node, j->left, strlen(j->left), &l);
            ov_hmap_get(&r->node, j->right, strlen(j->right), &rr);
            uint32_t y = (uint32_t)l - 1 == x ? (uint32_t)rr - 1 : (uint32_t)rr - 1 == x ? (uint32_t)l - 1 : UINT32_MAX;
            if (y == UINT32_MAX || via[y] != SIZE_MAX) continue;
            via[y] = k;
            queue[tail++] = y;
        }
    }
    size_t len = strlen(why);
    for (uint32_t x = b; via[x] != SIZE_MAX && via[x] < r->n && len + 1 < n;) {
        const ov_judgement *j = &r->j[via[x]];
        len += (size_t)snprintf(why + len, n - len, " %s (%s same as %s: %s)", j->id, j->left, j->right, j->reason);
        uintptr_t l, rr;
        ov_hmap_get(&r->node, j->left, strlen(j->left), &l);
        ov_hmap_get(&r->node, j->right, strlen(j->right), &rr);
        x = (uint32_t)l - 1 == x ? (uint32_t)rr - 1 : (uint32_t)l - 1; /* the judgement's other end */
    }
    ov__free(via);
    ov__free(queue);
}

/* Whether judging (a, b) verdict v contradicts the judgements that hold (the pair's
 * own judgement left out: a new judgement of a pair replaces it). */
static int check(ov_resolver *r, const char *a, const char *b, int v, char *why, size_t n)
{
    size_t ia = node_of(r, a), ib = node_of(r, b);
    if (ia == SIZE_MAX || ib == SIZE_MAX) return OV_ENOMEM;
    uint32_t *parent = ov__malloc(sizeof *parent * r->n_ids);
    if (!parent) return OV_ENOMEM;
    size_t own = pair_index(r, a, b);
    clusters(r, own, parent);
    uint32_t ca = find(parent, (uint32_t)ia), cb = find(parent, (uint32_t)ib);
    int rc = OV_OK;
    if (v == OV_SAME && ca != cb) {
        for (size_t k = 0; k < r->n && !rc; k++) {
            const ov_judgement *j = &r->j[k];
            if (k == own || j->verdict != OV_DIFFERENT) continue;
            uintptr_t x, y;
            ov_hmap_get(&r->node, j->left, strlen(j->left), &x);
            ov_hmap_get(&r->node, j->right, strlen(j->right), &y);
            uint32_t cx = find(parent, (uint32_t)x - 1), cy = find(parent, (uint32_t)y - 1);
            if ((cx == ca && cy == cb) || (cx == cb && cy == ca)) {
                snprintf(why, n, "%s and %s cannot be the same: judgement %s says %s and %s are different (%s)", a,
                         b, j->id, j->left, j->right, j->reason);
                rc = OV_EINVAL;
            }
        }
    } else if (v == OV_DIFFERENT && ca == cb) {
        snprintf(why, n, "%s and %s cannot be different: they are the same through", a, b);
        /* the chain, over the judgements that hold without the pair's own */
        ov_judgement saved;
        bool drop = own != SIZE_MAX;
        if (drop) {
            saved = r->j[own];
            r->j[own].verdict = OV_UNSURE;
        }
        name_chain(r, (uint32_t)ia, (uint32_t)ib, why, n);
        if (drop) r->j[own] = saved;
        rc = OV_EINVAL;
    }
    ov__free(parent);
    return rc;
}

/* ---- recording ---------------------------------------------------------------------- */

static bool one_entity(const ov_model *m, const char *sa, const char *sb)
{
    const ov_schema *a = ov_model_schema(m, sa), *b = ov_model_schema(m, sb);
    return a && b && (ov_schema_is_a(a, b) || ov_schema_is_a(b, a));
}

int ov_resolve(ov_store *st, const ov_model *m, const ov_judgement_in *j, char *id_out, char *err, size_t errlen)
{
    if (id_out) id_out[0] = '\0';
    if (!j->left || !j->right || !*j->left || !*j->right) {
        snprintf(err, errlen, "a judgement needs two entity ids");
        return OV_EINVAL;
    }
    if (!strcmp(j->left, j->right)) {
        snprintf(err, errlen, "%s cannot be judged with itself", j->left);
        return OV_EINVAL;
    }
    if (j->verdict < OV_SAME || j->verdict > OV_UNSURE) {
        snprintf(err, errlen, "the verdict must be same, different or unsure");
        return OV_EINVAL;
    }
    if (!j->reason || !*j->reason) {
        snprintf(err, errlen, "a judgement needs a reason");
        return OV_EINVAL;
    }
    if (!j->author || !*j->author) {
        snprintf(err, errlen, "a judgement needs an author");
        return OV_EINVAL;
    }
    ov_entity *a = NULL, *b = NULL;
    int rc = ov_store_get(st, j->left, 0, &a);
    if (!rc) rc = ov_store_get(st, j->right, 0, &b);
    if (rc == OV_ENOTFOUND) {
        snprintf(err, errlen, "%s is not an entity of the record", a ? j->right : j->left);
        rc = OV_EINVAL;
    } else if (rc) {
        snprintf(err, errlen, "%s", ov_store_errmsg(st));
    } else if (j->verdict == OV_SAME && !one_entity(m, a->schema, b->schema)) {
        snprintf(err, errlen, "a %s (%s) and a %s (%s) cannot be one entity", a->schema, j->left, b->schema, j->right);
        rc = OV_EINVAL;
    }
    ov_entity_free(a);
    ov_entity_free(b);
    if (rc) return rc;
    ov_resolver *r = NULL;
    rc = ov_resolver_load(st, &r);
    if (!rc) rc = check(r, j->left, j->right, j->verdict, err, errlen);
    ov_resolver_free(r);
    if (rc) return rc;

    char date[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
    char buf[2048];
    int len = snprintf(buf, sizeof buf, "%s\x1f%s\x1f%d\x1f%s\x1f%s\x1f%s", j->left, j->right, j->verdict, date,
                       j->author, j->reason);
    char id[64];
    snprintf(id, sizeof id, "jdg-%016llx", (unsigned long long)XXH64(buf, len > 0 ? (size_t)len : 0, 0));
    char loc[600];
    snprintf(loc, sizeof loc, "judged by %s on %s%s%s", j->author, date, j->locator && *j->locator ? ": " : "",
             j->locator && *j->locator ? j->locator : "");
    struct {
        const char *prop, *value;
    } props[] = {{"left", j->left},     {"right", j->right}, {"verdict", ov_verdict_name(j->verdict)},
                 {"reason", j->reason}, {"author", j->author}, {"date", date}};
    ov_stmt stmts[6];
    memset(stmts, 0, sizeof stmts);
    for (int i = 0; i < 6; i++) {
        stmts[i].prop = props[i].prop;
        stmts[i].value = props[i].value;
        stmts[i].source = j->source && *j->source ? j->source : NULL;
        stmts[i].locator = loc;
        stmts[i].status = j->status;
    }
    ov_entity e = {.id = id, .schema = "Judgement", .stmts = stmts, .n_stmts = 6, .target = -1};
    ov_load_opts lo = {.kind = "judgement", .origin = "oversight resolve", .dataset = "judgements",
                       .note = "a judgement of entity resolution"};
    ov_load *ld;
    rc = ov_store_load_begin(st, &lo, &ld);
    if (!rc) {
        rc = ov_load_put(ld, &e, OV_LOAD_MERGE);
        if (rc) {
            snprintf(err, errlen, "%s", ov_store_errmsg_of_load(ld));
            ov_load_abort(ld);
        } else {
            ov_load_stats ls;
            rc = ov_load_commit(ld, &ls);
            if (rc) snprintf(err, errlen, "%s", ov_store_errmsg(st));
        }
    } else {
        snprintf(err, errlen, "%s", ov_store_errmsg(st));
    }
    if (!rc && id_out) snprintf(id_out, 64, "%s", id);
    return rc;
}
