/* xref.c - cross-referencing: the candidate pairs of the record scored by the
 * matcher and its identifiers, for review (see xref.h). Moved here from the
 * CLI so that `oversight xref`, GET /api/xref and the /review page list the
 * same candidates with the same explanations. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "oversight/xref.h"
#include "../util/alloc.h"
#include "../util/arena.h"
#include "../util/hmap.h"
#include "../util/banned.h"

#define XREF_PER_ENTITY 6 /* the matcher's best answers considered for each entity */
#define XREF_NAMES 16     /* names, identifiers and countries of an entity put to the matcher, at most */
#define XREF_COUNTRIES 8

struct ov_xref {
    ov_arena arena;       /* every string */
    ov_xref_pair *v;      /* the candidates; sorted once run */
    size_t n, cap;
};

typedef struct run_ctx {
    ov_xref *x;
    ov_matcher *mx;
    const ov_model *m;
    const ov_resolver *r;
    const char **apart;   /* pairs of canonical ids judged different, 2 per pair (the resolver's strings) */
    size_t n_apart;
    double threshold;
    const ov_hmap *against; /* the ids of a dataset's entities: only pairs of one with the rest (NULL: all) */
    int rc;
} run_ctx;

static const char *const id_props[] = {"leiCode", "registrationNumber", "taxNumber", "innCode", "ogrnCode",
                                       "swiftBic", "isinCode", "uniqueEntityId", "idNumber", NULL};

bool ov_xref_identifier(const char *prop)
{
    for (int k = 0; prop && id_props[k]; k++)
        if (!strcmp(prop, id_props[k])) return true;
    return false;
}

/* Whether a judgement of the pair holds, the two are already one cluster, or
 * their clusters are judged different (then "same" could only be refused). */
static bool judged(const run_ctx *c, const char *a, const char *b)
{
    const ov_resolver *r = c->r;
    if (ov_resolver_pair(r, a, b)) return true;
    const char *ca = ov_resolver_canonical(r, a), *cb = ov_resolver_canonical(r, b);
    if (!strcmp(ca, cb)) return true;
    for (size_t i = 0; i < c->n_apart; i++) {
        const char *x = c->apart[2 * i], *y = c->apart[2 * i + 1];
        if ((!strcmp(x, ca) && !strcmp(y, cb)) || (!strcmp(x, cb) && !strcmp(y, ca))) return true;
    }
    return false;
}

/* Whether entities of these schemata can be one: one descends from the other
 * (the rule ov_resolve applies to "same"). */
static bool one_entity(const ov_model *m, const char *sa, const char *sb)
{
    if (!strcmp(sa, sb)) return true;
    const ov_schema *a = ov_model_schema(m, sa), *b = ov_model_schema(m, sb);
    return a && b && (ov_schema_is_a(a, b) || ov_schema_is_a(b, a));
}

static int add_pair(ov_xref *x, const ov_entity *e, const ov_match_result *res)
{
    if (x->n == x->cap) {
        size_t cap = x->cap ? 2 * x->cap : 256;
        ov_xref_pair *p = ov__realloc(x->v, cap * sizeof *p);
        if (!p) return OV_ENOMEM;
        x->v = p;
        x->cap = cap;
    }
    ov_xref_pair *p = &x->v[x->n];
    memset(p, 0, sizeof *p);
    p->a = ov_arena_strdup(&x->arena, e->id);
    p->b = ov_arena_strdup(&x->arena, res->id);
    p->a_schema = ov_arena_strdup(&x->arena, e->schema);
    p->b_schema = ov_arena_strdup(&x->arena, res->schema);
    p->a_name = ov_arena_strdup(&x->arena, res->query_name ? res->query_name : e->id);
    p->b_name = ov_arena_strdup(&x->arena, res->matched_name ? res->matched_name : res->id);
    p->score = res->score;
    char why[256];
    size_t len = 0;
    why[0] = '\0';
    for (int f = 0; f < OV_MF__COUNT; f++) {
        p->features[f] = res->features[f];
        if (res->features[f] != 0 && len + 32 < sizeof why)
            len += (size_t)snprintf(why + len, sizeof why - len, "%s%s %.2f", len ? ", " : "", ov_match_feature_name(f),
                                    res->features[f]);
    }
    p->explanation = ov_arena_strdup(&x->arena, why);
    if (!p->a || !p->b || !p->a_schema || !p->b_schema || !p->a_name || !p->b_name || !p->explanation)
        return OV_ENOMEM;
    x->n++;
    return OV_OK;
}

static int run_one(const ov_entity *e, void *ud)
{
    run_ctx *c = ud;
    const char *names[XREF_NAMES], *ids[XREF_NAMES], *countries[XREF_COUNTRIES];
    size_t nn = 0, ni = 0, nc = 0;
    for (size_t i = 0; i < e->n_stmts; i++) {
        const ov_stmt *s = &e->stmts[i];
        if (s->status == OV_ST_RETRACTED) continue;
        if ((!strcmp(s->prop, "name") || !strcmp(s->prop, "alias")) && nn < XREF_NAMES) names[nn++] = s->value;
        else if (!strcmp(s->prop, "country") && nc < XREF_COUNTRIES) countries[nc++] = s->value;
        else if (ni < XREF_NAMES && ov_xref_identifier(s->prop)) ids[ni++] = s->value;
    }
    if (!nn) return 0;
    ov_match_query q = {.schema = NULL, .names = names, .n_names = nn, .countries = countries, .n_countries = nc,
                        .identifiers = ids, .n_identifiers = ni, .limit = XREF_PER_ENTITY, .cutoff = c->threshold};
    ov_match_result res[XREF_PER_ENTITY];
    size_t got = 0;
    if (ov_matcher_query(c->mx, &q, res, XREF_PER_ENTITY, &got)) return 0; /* a name the matcher cannot use */
    for (size_t k = 0; k < got; k++) {
        /* never an entity with itself */
        if (res[k].score < c->threshold || !strcmp(res[k].id, e->id)) continue;
        if (c->against) { /* the dataset's entities are queried, the rest of the record found */
            if (ov_hmap_get(c->against, res[k].id, strlen(res[k].id), NULL)) continue;
        } else if (strcmp(res[k].id, e->id) < 0) {
            continue; /* each pair once: the other side's query finds it too */
        }
        if (!one_entity(c->m, e->schema, res[k].schema))
            continue; /* a person and an organisation, an assessment and a company, ... are never one */
        if (judged(c, e->id, res[k].id)) continue;
        if ((c->rc = add_pair(c->x, e, &res[k]))) return 1;
    }
    return 0;
}

static int by_score(const void *a, const void *b)
{
    const ov_xref_pair *x = a, *y = b;
    if (x->score != y->score) return x->score < y->score ? 1 : -1;
    int k = strcmp(x->a, y->a);
    return k ? k : strcmp(x->b, y->b);
}

/* A run's state before the entities are queried: the clusters judged different, by canonical id. */
static int run_begin(run_ctx *c, ov_xref **x, const ov_model *m, ov_matcher *mx, const ov_resolver *r,
                     double threshold)
{
    *c = (run_ctx){.mx = mx, .m = m, .r = r, .threshold = threshold};
    *x = c->x = ov__calloc(1, sizeof **x);
    if (!*x) return OV_ENOMEM;
    ov_arena_init(&(*x)->arena, 16384, (size_t)1 << 30);
    c->apart = ov__malloc(2 * (ov_resolver_count(r) + 1) * sizeof *c->apart);
    if (!c->apart) return OV_ENOMEM;
    for (size_t i = 0; i < ov_resolver_count(r); i++) {
        const ov_judgement *j = ov_resolver_at(r, i);
        if (j->verdict != OV_DIFFERENT) continue;
        c->apart[2 * c->n_apart] = ov_resolver_canonical(r, j->left);
        c->apart[2 * c->n_apart++ + 1] = ov_resolver_canonical(r, j->right);
    }
    return OV_OK;
}

/* Sorts the candidates into *out, or frees them on an error. */
static int run_end(run_ctx *c, int rc, ov_xref **out)
{
    ov__free(c->apart);
    if (rc) {
        ov_xref_free(c->x);
        return rc;
    }
    if (c->x->n) qsort(c->x->v, c->x->n, sizeof *c->x->v, by_score);
    *out = c->x;
    return OV_OK;
}

int ov_xref_run(ov_store *st, const ov_model *m, ov_matcher *mx, const ov_resolver *r, double threshold,
                ov_xref **out)
{
    *out = NULL;
    if (!(threshold > 0 && threshold <= 1)) return OV_EINVAL;
    run_ctx c;
    ov_xref *x;
    int rc = run_begin(&c, &x, m, mx, r, threshold);
    if (!rc) rc = ov_store_scan(st, run_one, &c);
    if (rc == OV_ESTOP) rc = c.rc ? c.rc : OV_ENOMEM;
    return run_end(&c, rc, out);
}

/* The one scan of ov_xref_build: each entity into the matcher, and what its
 * query needs (names, countries, identifiers) kept in an arena, so that the
 * record is read once. With a dataset to cross-reference against, only its
 * entities are kept for querying, and their ids noted. */
typedef struct keep_ctx {
    ov_matcher *mx;
    const char *against;
    ov_hmap in_against;
    ov_arena arena;
    ov_entity *v;
    size_t n, cap;
    int rc;
} keep_ctx;

static bool queried_prop(const char *prop)
{
    return !strcmp(prop, "name") || !strcmp(prop, "alias") || !strcmp(prop, "country") || ov_xref_identifier(prop);
}

static int keep_entity(const ov_entity *e, void *ud)
{
    keep_ctx *k = ud;
    if ((k->rc = ov_matcher_add(k->mx, e, NULL))) return 1;
    bool mine = !k->against;
    for (size_t i = 0; !mine && i < e->n_stmts; i++)
        mine = e->stmts[i].dataset && !strcmp(e->stmts[i].dataset, k->against);
    if (!mine) return 0; /* in the index, not queried */
    if (k->against && (k->rc = ov_hmap_put(&k->in_against, e->id, strlen(e->id), 1))) return 1;
    size_t n = 0;
    for (size_t i = 0; i < e->n_stmts; i++) n += e->stmts[i].status != OV_ST_RETRACTED && queried_prop(e->stmts[i].prop);
    if (!n) return 0;
    if (k->n == k->cap) {
        size_t cap = k->cap ? 2 * k->cap : 1024;
        ov_entity *v = ov__realloc(k->v, cap * sizeof *v);
        if (!v) return (k->rc = OV_ENOMEM), 1;
        k->v = v;
        k->cap = cap;
    }
    ov_entity *c = &k->v[k->n];
    memset(c, 0, sizeof *c);
    c->id = ov_arena_strdup(&k->arena, e->id);
    c->schema = ov_arena_strdup(&k->arena, e->schema);
    c->stmts = ov_arena_alloc(&k->arena, n * sizeof *c->stmts);
    if (!c->id || !c->schema || !c->stmts) return (k->rc = OV_ENOMEM), 1;
    for (size_t i = 0; i < e->n_stmts; i++) {
        const ov_stmt *s = &e->stmts[i];
        if (s->status == OV_ST_RETRACTED || !queried_prop(s->prop)) continue;
        ov_stmt *t = &c->stmts[c->n_stmts++];
        memset(t, 0, sizeof *t);
        t->prop = ov_arena_strdup(&k->arena, s->prop);
        t->value = ov_arena_strdup(&k->arena, s->value);
        if (!t->prop || !t->value) return (k->rc = OV_ENOMEM), 1;
    }
    k->n++;
    return 0;
}

int ov_xref_build(ov_store *st, const ov_model *m, const ov_xref_opts *o, ov_xref **out, char *err, size_t errlen)
{
    *out = NULL;
    ov_xref_opts def = {0};
    if (!o) o = &def;
    double threshold = o->threshold ? o->threshold : 0.7;
    if (!(threshold > 0 && threshold <= 1) || o->budget < 0) {
        snprintf(err, errlen, "the threshold must be in (0, 1], the budget positive");
        return OV_EINVAL;
    }
    ov_resolver *r = NULL;
    ov_matcher *mx = NULL;
    int rc = ov_resolver_load(st, &r);
    if (rc) {
        snprintf(err, errlen, "reading the judgements: %s", ov_store_errmsg(st));
        return rc;
    }
    ov_match_settings ms;
    ov_match_settings_default(&ms);
    if (o->budget) ms.block_budget = o->budget;
    keep_ctx k = {.against = o->against};
    ov_hmap_init(&k.in_against);
    ov_arena_init(&k.arena, (size_t)1 << 20, (size_t)1 << 36);
    rc = ov_matcher_new(&mx, m, &ms, err, errlen);
    if (!rc) {
        k.mx = mx;
        rc = ov_store_scan(st, keep_entity, &k);
        if (rc == OV_ESTOP) rc = k.rc;
        if (!rc) rc = ov_matcher_finish(mx);
        if (rc) snprintf(err, errlen, "%s", ov_matcher_errmsg(mx)[0] ? ov_matcher_errmsg(mx) : ov_strerror(rc));
    }
    if (!rc && o->against && !k.n) {
        snprintf(err, errlen, "no entity of dataset '%s' in the record", o->against);
        rc = OV_ENOTFOUND;
    }
    if (!rc) {
        run_ctx c;
        ov_xref *x;
        rc = run_begin(&c, &x, m, mx, r, threshold);
        c.against = o->against ? &k.in_against : NULL;
        for (size_t i = 0; !rc && i < k.n; i++)
            if (run_one(&k.v[i], &c)) rc = c.rc ? c.rc : OV_ENOMEM;
        rc = run_end(&c, rc, out);
        if (rc) snprintf(err, errlen, "%s", ov_strerror(rc));
    }
    ov__free(k.v);
    ov_arena_release(&k.arena);
    ov_hmap_release(&k.in_against);
    ov_matcher_free(mx);
    ov_resolver_free(r);
    return rc;
}

size_t ov_xref_count(const ov_xref *x) { return x ? x->n : 0; }

const ov_xref_pair *ov_xref_at(const ov_xref *x, size_t i) { return x && i < x->n ? &x->v[i] : NULL; }

void ov_xref_free(ov_xref *x)
{
    if (!x) return;
    ov__free(x->v);
    ov_arena_release(&x->arena);
    ov__free(x);
}
