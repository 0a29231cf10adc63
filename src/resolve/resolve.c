/* resolve.c - judgements of entity resolution as record data, the clusters
 * they make and the refusal of contradictions (see resolve.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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

static uint32_t find(uint32_t *parent, uint32_t x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

/* The clusters of the "same" judgements that hold, leaving out judgement skip
 * (SIZE_MAX: none), into parent (n_ids entries). */
static void clusters(const ov_resolver *r, size_t skip, uint32_t *parent)
{
    for (size_t i = 0; i < r->n_ids; i++) parent[i] = (uint32_t)i;
    for (size_t i = 0; i < r->n; i++) {
        if (i == skip || r->j[i].verdict != OV_SAME) continue;
        uintptr_t a, b;
        ov_hmap_get(&r->node, r->j[i].left, strlen(r->j[i].left), &a);
        ov_hmap_get(&r->node, r->j[i].right, strlen(r->j[i].right), &b);
        uint32_t x = find(parent, (uint32_t)a - 1), y = find(parent, (uint32_t)b - 1);
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

/* The index of the judgement of the pair (a, b), either order, or SIZE_MAX. */
static size_t pair_index(const ov_resolver *r, const char *a, const char *b)
{
    for (size_t i = 0; i < r->n; i++) {
        const ov_judgement *x = &r->j[i];
        if ((!strcmp(x->left, a) && !strcmp(x->right, b)) || (!strcmp(x->left, b) && !strcmp(x->right, a))) return i;
    }
    return SIZE_MAX;
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
    if (node_of(r, left) == SIZE_MAX || node_of(r, right) == SIZE_MAX) return OV_ENOMEM;
    /* the newest judgement of a pair holds (the store hands entities in load order) */
    size_t old = pair_index(r, left, right);
    if (old != SIZE_MAX) {
        memmove(&r->j[old], &r->j[old + 1], (r->n - old - 1) * sizeof *r->j);
        r->n--;
    }
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 16;
        ov_judgement *p = ov__realloc(r->j, cap * sizeof *p);
        if (!p) return OV_ENOMEM;
        r->j = p;
        r->cap = cap;
    }
    r->j[r->n++] = j;
    return 0;
}

int ov_resolver_load(ov_store *st, ov_resolver **out)
{
    *out = NULL;
    ov_resolver *r = ov__calloc(1, sizeof *r);
    if (!r) return OV_ENOMEM;
    ov_arena_init(&r->arena, 16384, (size_t)1 << 30);
    ov_hmap_init(&r->node);
    int rc = ov_store_scan(st, collect, r);
    if (rc == OV_ESTOP) rc = OV_ENOMEM;
    if (!rc) clusters(r, SIZE_MAX, r->parent);
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
    ov_hmap_release(&r->node);
    ov_arena_release(&r->arena);
    ov__free(r);
}

size_t ov_resolver_count(const ov_resolver *r) { return r->n; }

const ov_judgement *ov_resolver_at(const ov_resolver *r, size_t i) { return i < r->n ? &r->j[i] : NULL; }

const char *ov_resolver_canonical(const ov_resolver *r, const char *id)
{
    uintptr_t v;
    if (!ov_hmap_get(&r->node, id, strlen(id), &v)) return id;
    uint32_t root = find(r->parent, (uint32_t)v - 1);
    const char *best = id;
    for (size_t i = 0; i < r->n_ids; i++)
        if (find(r->parent, (uint32_t)i) == root && strcmp(r->ids[i], best) < 0) best = r->ids[i];
    return best;
}

static int by_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

int ov_resolver_referents(const ov_resolver *r, const char *id, const char ***ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    uintptr_t v;
    const char **out = malloc(sizeof *out * (r->n_ids + 1));
    if (!out) return OV_ENOMEM;
    if (!ov_hmap_get(&r->node, id, strlen(id), &v)) {
        out[(*n)++] = id;
    } else {
        uint32_t root = find(r->parent, (uint32_t)v - 1);
        for (size_t i = 0; i < r->n_ids; i++)
            if (find(r->parent, (uint32_t)i) == root) out[(*n)++] = r->ids[i];
    }
    qsort(out, *n, sizeof *out, by_str);
    *ids = out;
    return OV_OK;
}

/* ---- checks ---------------------------------------------------------------------------- */

/* The "same" judgements on a chain from a to b (breadth first over the pairs that
 * hold), written into why. */
static void name_chain(const ov_resolver *r, uint32_t a, uint32_t b, char *why, size_t n)
{
    size_t *via = malloc(sizeof *via * r->n_ids);
    uint32_t *queue = malloc(sizeof *queue * r->n_ids);
    if (!via || !queue) {
        free(via);
        free(queue);
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
    free(via);
    free(queue);
}

/* Whether judging (a, b) verdict v contradicts the judgements that hold (the pair's
 * own judgement left out: a new judgement of a pair replaces it). */
static int check(ov_resolver *r, const char *a, const char *b, int v, char *why, size_t n)
{
    size_t ia = node_of(r, a), ib = node_of(r, b);
    if (ia == SIZE_MAX || ib == SIZE_MAX) return OV_ENOMEM;
    uint32_t *parent = malloc(sizeof *parent * r->n_ids);
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
    free(parent);
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
