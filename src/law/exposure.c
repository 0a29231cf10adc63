/*
 * exposure.c - evaluates applicability rules over the record and answers
 * which obligations of LegalProvision entities reach an entity (see law.h),
 * as explained answers (explain.h).
 *
 * Facts come from the store (an entity's current statements) and from the
 * ownership graph: who controls whom is asked of own (ov_own_majority_edge,
 * ov_own_link_is_control), never re-derived here. A fact records what to cite
 * (an entity's property and value, an edge, a provision); the answer cites it
 * through the one citation lookup (ov__step_cite, ov__step_edge), so every
 * citation of every statement behind it is shown, whole.
 *
 * Entities are read as their clusters (ov_cluster_get: the referents the graph
 * merged, docs/internals/resolve.md): a fact recorded under any referent counts,
 * and is cited under the referent that records it, which the step names.
 *
 * Class results are memoised per (definition, cluster) for one evaluation
 * context; the memo is cleared between public calls once it holds
 * MEMO_MAX results, so a long-lived context (the server's) stays bounded.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "law_internal.h"
#include "oversight/own.h"
#include "oversight/resolve.h"
#include "../explain/build.h"
#include "../store/store_internal.h"
#include "../util/alloc.h"
#include "../util/hmap.h"
#include "../util/banned.h"

#define MAX_EVAL_DEPTH 32
#define MAX_FACTS 4096     /* facts one evaluation keeps; more are dropped (and the answer says so) */
#define MEMO_MAX 100000    /* memoised results kept across public calls */

/* ---- facts ------------------------------------------------------------------------ */

typedef enum fkind { F_STMT, F_EDGE, F_PROV } fkind;

/* Why a condition held: what the answer will cite. Strings live in the memo arena. */
typedef struct fact {
    fkind kind;
    const char *role;     /* static: "fact", "majority", "control", "controller-country", "via", "subject-to" */
    const char *entity;   /* F_STMT: the referent the statement is recorded under */
    const char *cluster;  /* F_STMT: the canonical id of its cluster (the entity evaluated) */
    const char *prop, *value;
    const char *note;     /* e.g. mentions "cloud" */
    uint32_t edge;        /* F_EDGE: the graph edge */
    size_t prov, cls;     /* F_PROV: the provision and its class that reaches the entity */
    int status;           /* the weakest status of the statements behind it */
} fact;

typedef struct factvec {
    fact *v;
    size_t n, cap;
    size_t dropped;       /* past MAX_FACTS */
} factvec;

/* ---- provisions ------------------------------------------------------------------- */

/* A class a provision binds, or an obligation it imposes, with the citation of the
 * statement that says so. */
typedef struct named {
    const char *name, *source, *locator;
    int status;
} named;

typedef struct provision {
    const char *id, *name, *law, *law_title, *article, *minimum;
    const char *effective, *effective_of; /* the date it is in force from, and whose statement it is
                                             (the provision's, else its law's) */
    const char *text, *text_prop;         /* its words in English, and the property they come from */
    const char *caption;                  /* its name in the record ("Cybersecurity Law, Art. 28"), else statute */
    const char *statute;                  /* "<law title> Art. <n>", else its caption */
    named *classes;
    size_t n_classes;
    named *obligations;
    size_t n_obligations;
} provision;

typedef struct memo {
    bool value;
    int status;
    fact *facts;          /* in the memo arena */
    size_t n_facts, dropped;
} memo;

struct ov_law {
    ov_store *st;
    const ov_model *m;
    const ov_graph *g;
    const ov_rules *rules;
    const char *as_of;
    ov_arena arena;       /* the provisions, for the context's life */
    provision *prov;
    size_t n_prov;
    ov_arena memo_arena;  /* the memo's facts, cleared with it */
    ov_hmap memo_index;   /* (definition, entity) -> index + 1 into memos */
    memo *memos;
    size_t n_memos, cap_memos;
    bool oom;             /* an arena allocation failed during the current call */
    char errmsg[256];
};

const char *ov_law_errmsg(const ov_law *l) { return l->errmsg[0] ? l->errmsg : "no error"; }

static const char *keep(ov_law *l, ov_arena *a, const char *s)
{
    if (!s) return NULL;
    const char *c = ov_arena_strdup(a, s);
    if (!c) l->oom = true;
    return c;
}

static const char *keepf(ov_law *l, ov_arena *a, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static const char *keepf(ov_law *l, ov_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = n < 0 ? NULL : ov_arena_alloc(a, (size_t)n + 1);
    if (!p) {
        l->oom = true;
        return NULL;
    }
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

static int date_cmp(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    return strncmp(a, b, la < lb ? la : lb);
}

/* The English value of a property (no CJK characters), else the first. */
static const char *english(const ov_entity *e, const char *prop)
{
    const char *first = NULL;
    for (size_t i = 0; i < e->n_stmts; i++) {
        const ov_stmt *s = &e->stmts[i];
        if (s->status == OV_ST_RETRACTED || strcmp(s->prop, prop) != 0) continue;
        if (!first) first = s->value;
        bool cjk = false;
        for (const unsigned char *p = (const unsigned char *)s->value; *p && !cjk; p++) cjk = *p >= 0xE3 && *p <= 0xE9;
        if (!cjk) return s->value;
    }
    return first;
}

/* Adds s to a growing list of named values (each value once). */
static int add_named(ov_law *l, named **v, size_t *n, const ov_stmt *s)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*v)[i].name, s->value) == 0) return OV_OK;
    named *nv = ov_arena_alloc(&l->arena, sizeof *nv * (*n + 1));
    if (!nv) return OV_ENOMEM;
    if (*n) memcpy(nv, *v, sizeof *nv * *n);
    nv[*n] = (named){keep(l, &l->arena, s->value), keep(l, &l->arena, s->source), keep(l, &l->arena, s->locator),
                     s->status};
    *v = nv;
    (*n)++;
    return l->oom ? OV_ENOMEM : OV_OK;
}

static int load_provision(ov_law *l, provision *p, const ov_entity *e)
{
    memset(p, 0, sizeof *p);
    p->id = keep(l, &l->arena, e->id);
    int rc = OV_OK;
    for (size_t k = 0; k < e->n_stmts && !rc; k++) {
        const ov_stmt *s = &e->stmts[k];
        if (s->status == OV_ST_RETRACTED) continue;
        if (!strcmp(s->prop, "law") && !p->law) p->law = keep(l, &l->arena, s->value);
        else if (!strcmp(s->prop, "article") && !p->article) p->article = keep(l, &l->arena, s->value);
        else if (!strcmp(s->prop, "effectiveDate") && !p->effective) {
            p->effective = keep(l, &l->arena, s->value);
            p->effective_of = p->id;
        } else if (!strcmp(s->prop, "minimumPeriod") && !p->minimum) p->minimum = keep(l, &l->arena, s->value);
        else if (!strcmp(s->prop, "subjectClass")) rc = add_named(l, &p->classes, &p->n_classes, s);
        else if (!strcmp(s->prop, "obligation")) rc = add_named(l, &p->obligations, &p->n_obligations, s);
    }
    static const char *const text_props[] = {"text", "summary", "name"};
    for (size_t i = 0; i < 3 && !p->text; i++) {
        p->text = keep(l, &l->arena, english(e, text_props[i]));
        p->text_prop = text_props[i];
    }
    p->name = keep(l, &l->arena, english(e, "name"));
    /* the law's title, and its effective date when the provision has none */
    ov_entity *law;
    int lrc = p->law ? ov_store_get(l->st, p->law, 0, &law) : OV_ENOTFOUND;
    if (lrc && lrc != OV_ENOTFOUND) return lrc;
    if (!lrc) {
        const char *t = english(law, "title");
        p->law_title = keep(l, &l->arena, t ? t : english(law, "name"));
        if (!p->effective && (p->effective = keep(l, &l->arena, english(law, "effectiveDate")))) p->effective_of = p->law;
        ov_entity_free(law);
    }
    if (p->law_title) p->statute = p->article ? keepf(l, &l->arena, "%s Art. %s", p->law_title, p->article) : p->law_title;
    p->caption = p->name ? p->name : p->statute ? p->statute : p->id;
    if (!p->statute) p->statute = p->caption;
    return rc ? rc : l->oom ? OV_ENOMEM : OV_OK;
}

static int load_provisions(ov_law *l)
{
    uint32_t n = ov_graph_node_count(l->g);
    size_t cap = 0;
    for (uint32_t i = 0; i < n; i++) {
        const char *schema = ov_graph_node_schema(l->g, i);
        if (!schema || strcmp(schema, "LegalProvision") != 0) continue;
        ov_entity *e;
        int rc = ov_store_get(l->st, ov_graph_node_id(l->g, i), 0, &e);
        if (rc == OV_ENOTFOUND) continue; /* deleted since the graph was built */
        if (rc) return rc;
        if (l->n_prov == cap) {
            cap = cap ? cap * 2 : 64;
            provision *p = ov__realloc(l->prov, sizeof *p * cap);
            if (!p) {
                ov_entity_free(e);
                return OV_ENOMEM;
            }
            l->prov = p;
        }
        rc = load_provision(l, &l->prov[l->n_prov++], e);
        ov_entity_free(e);
        if (rc) return rc;
    }
    return OV_OK;
}

/* One read transaction for a whole call, unless the caller holds one: the
 * answer sees one state of the store, and its many reads (each citation is
 * looked up) take the file's lock once. True when this call must end it. */
static bool read_begin(ov_store *st)
{
    return !ov__store_in_transaction(st) && ov_store_read_begin(st) == OV_OK;
}

int ov_law_open(ov_law **out, ov_store *st, const ov_model *m, const ov_graph *g, const ov_rules *rules,
                const char *as_of)
{
    *out = NULL;
    ov_law *l = ov__calloc(1, sizeof *l);
    if (!l) return OV_ENOMEM;
    l->st = st;
    l->m = m;
    l->g = g;
    l->rules = rules;
    l->as_of = as_of;
    ov_arena_init(&l->arena, 16384, (size_t)1 << 30);
    ov_arena_init(&l->memo_arena, 65536, (size_t)1 << 31);
    ov_hmap_init(&l->memo_index);
    bool txn = read_begin(st);
    int rc = load_provisions(l);
    if (txn) ov_store_read_end(st);
    if (rc) {
        ov_law_close(l);
        return rc;
    }
    *out = l;
    return OV_OK;
}

static void memo_clear(ov_law *l)
{
    ov_hmap_release(&l->memo_index);
    ov_hmap_init(&l->memo_index);
    ov_arena_reset(&l->memo_arena);
    l->n_memos = 0;
}

void ov_law_close(ov_law *l)
{
    if (!l) return;
    ov__free(l->prov);
    ov__free(l->memos);
    ov_hmap_release(&l->memo_index);
    ov_arena_release(&l->memo_arena);
    ov_arena_release(&l->arena);
    ov__free(l);
}

/* The start of a public call: a fresh message, the memo bounded, a read
 * transaction (*txn: end it with ov_store_read_end). */
static void call_begin(ov_law *l, bool *txn)
{
    l->errmsg[0] = '\0';
    l->oom = false;
    if (l->n_memos > MEMO_MAX) memo_clear(l);
    *txn = read_begin(l->st);
}

/* ---- evaluation ----------------------------------------------------------- */

typedef struct evalctx {
    ov_law *l;
    const ov_entity *e;
    factvec *f;
    int depth;
    int rc;               /* the first error met (the condition then reads as false) */
} evalctx;

static fact *fact_new(evalctx *c, fkind kind, const char *role)
{
    factvec *f = c->f;
    if (f->n >= MAX_FACTS) {
        f->dropped++;
        return NULL;
    }
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 16;
        fact *v = ov__realloc(f->v, sizeof *v * cap);
        if (!v) {
            c->rc = OV_ENOMEM;
            return NULL;
        }
        f->v = v;
        f->cap = cap;
    }
    fact *x = &f->v[f->n++];
    memset(x, 0, sizeof *x);
    x->kind = kind;
    x->role = role;
    x->status = OV_ST_ASSERTED;
    return x;
}

/* The weakest status among facts [from, n). */
static int facts_status(const fact *v, size_t from, size_t n)
{
    int s = OV_ST_VERIFIED;
    for (size_t i = from; i < n; i++) s = ov_status_weakest(s, v[i].status);
    return s;
}

static bool stronger(int a, int b) { return ov_status_rank(a) < ov_status_rank(b); }

/* The status the citation lookup will give a statement fact: the weakest of
 * the current statements with that property and value recorded under the same
 * referent (the lookup reads that referent). */
static int stmt_status(const ov_entity *e, const ov_stmt *s)
{
    int st = s->status;
    const char *ref = ov_stmt_referent(e, s);
    for (size_t i = 0; i < e->n_stmts; i++) {
        const ov_stmt *o = &e->stmts[i];
        if (o->status != OV_ST_RETRACTED && !strcmp(o->prop, s->prop) && !strcmp(o->value, s->value) &&
            !strcmp(ov_stmt_referent(e, o), ref))
            st = ov_status_weakest(st, o->status);
    }
    return st;
}

static void stmt_fact(evalctx *c, const ov_entity *e, const ov_stmt *s, const char *role, const char *note)
{
    fact *f = fact_new(c, F_STMT, role);
    if (!f) return;
    ov_law *l = c->l;
    f->entity = keep(l, &l->memo_arena, ov_stmt_referent(e, s));
    f->cluster = keep(l, &l->memo_arena, e->id);
    f->prop = keep(l, &l->memo_arena, s->prop);
    f->value = keep(l, &l->memo_arena, s->value);
    f->note = note;
    f->status = stmt_status(e, s);
    if (l->oom) c->rc = OV_ENOMEM;
}

static bool prop_type_is(const ov_model *m, const ov_entity *e, const ov_stmt *s, ov_type_kind t)
{
    const ov_schema *sc = ov_model_schema(m, s->schema ? s->schema : e->schema);
    const ov_prop *p = sc ? ov_schema_prop(sc, s->prop) : NULL;
    return p && ov_prop_type(p) == t;
}

static bool contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0) return true;
    return false;
}

/* Whether statement s of e meets predicate k with argument arg. */
static bool stmt_meets(const ov_model *m, const ov_entity *e, const ov_stmt *s, rkind k, const char *arg)
{
    static const char *const textual[] = {"classification", "description", "keywords", "sector",
                                          "summary", "notes", "program"};
    if (s->status == OV_ST_RETRACTED) return false;
    if (k == R_MENTIONS) {
        for (size_t i = 0; i < sizeof textual / sizeof textual[0]; i++)
            if (!strcmp(s->prop, textual[i])) return contains_ci(s->value, arg);
        return false;
    }
    if (strcasecmp(s->value, arg) != 0) return false;
    return k == R_TOPIC          ? prop_type_is(m, e, s, OV_T_TOPIC)
           : k == R_JURISDICTION ? strcmp(s->prop, "jurisdiction") == 0
                                 : prop_type_is(m, e, s, OV_T_COUNTRY);
}

/* The statement of e meeting the predicate with the strongest evidence, as a fact. */
static bool stmt_predicate(evalctx *c, const ov_entity *e, rkind k, const char *arg, const char *role)
{
    const ov_stmt *best = NULL;
    int best_status = OV_ST_RETRACTED;
    for (size_t i = 0; i < e->n_stmts; i++) {
        const ov_stmt *s = &e->stmts[i];
        if (!stmt_meets(c->l->m, e, s, k, arg)) continue;
        int st = stmt_status(e, s);
        if (!best || stronger(st, best_status)) {
            best = s;
            best_status = st;
        }
        if (best_status == OV_ST_VERIFIED) break;
    }
    if (!best) return false;
    const char *note = k == R_MENTIONS ? keepf(c->l, &c->l->memo_arena, "mentions \"%s\"", arg) : NULL;
    stmt_fact(c, e, best, role, note);
    return true;
}

static bool eval(evalctx *c, const rnode *n);
static int eval_def(ov_law *l, int def, const char *id, int depth, size_t *memo_idx);

/* Up the chain of control from the entity (a majority holding as own's one
 * majority test reads it, else a Control link own counts as control), looking
 * for a controller tied to country cc. Each link is a fact, then the
 * controller's country. */
static bool controlled_from(evalctx *c, const char *cc)
{
    const ov_graph *g = c->l->g;
    uint32_t node;
    if (!ov_graph_find(g, c->e->id, &node)) return false;
    uint32_t seen[OV_OWN_MAX_PATH + 1];
    int n_seen = 0;
    seen[n_seen++] = node;
    uint32_t cur = node;
    for (int step = 0; step < OV_OWN_MAX_PATH; step++) {
        const char *role = "majority";
        uint32_t via = ov_own_majority_edge(g, cur);
        if (via == UINT32_MAX) {
            role = "control";
            uint32_t m;
            const uint32_t *in = ov_graph_in(g, cur, &m);
            for (uint32_t k = 0; k < m && via == UINT32_MAX; k++) {
                const ov_edge *e = ov_graph_edge(g, in[k]);
                if (e->kind == OV_EDGE_CONTROL && e->from != cur && ov_own_link_is_control(e)) via = in[k];
            }
        }
        if (via == UINT32_MAX) return false;
        uint32_t next = ov_graph_edge(g, via)->from;
        for (int i = 0; i < n_seen; i++)
            if (seen[i] == next) return false; /* a cycle */
        seen[n_seen++] = next;
        fact *f = fact_new(c, F_EDGE, role);
        if (f) {
            f->edge = via;
            f->status = ov_graph_edge(g, via)->status;
        }
        ov_entity *ctl;
        int rc = ov_cluster_get(c->l->st, c->l->m, g, ov_graph_node_id(g, next), &ctl);
        if (rc && rc != OV_ENOTFOUND) {
            if (!c->rc) c->rc = rc; /* a read that failed is no answer: nothing is memoised */
            return false;
        }
        if (!rc) {
            bool tied = stmt_predicate(c, ctl, R_COUNTRY, cc, "controller-country");
            ov_entity_free(ctl);
            if (tied) return true;
        }
        cur = next;
    }
    return false;
}

typedef struct hit {
    size_t prov, cls, memo;
} hit;
static int exposure_hits(ov_law *l, const char *id, int depth, hit **out, size_t *n);

/* Copies a memo's facts after the current ones. */
static void copy_memo(evalctx *c, size_t idx)
{
    const memo *mm = &c->l->memos[idx];
    for (size_t i = 0; i < mm->n_facts; i++) {
        fact *f = fact_new(c, mm->facts[i].kind, mm->facts[i].role);
        if (f) *f = mm->facts[i];
    }
    c->f->dropped += mm->dropped;
}

static bool eval(evalctx *c, const rnode *n)
{
    const ov_entity *e = c->e;
    const ov_model *m = c->l->m;
    factvec *fv = c->f;
    size_t mark = fv->n;
    bool r = false;
    switch (n->k) {
    case R_OR: {
        bool ra = eval(c, n->a);
        /* either condition suffices: the conclusion needs only the stronger evidence */
        if (ra && !stronger(OV_ST_ASSERTED, facts_status(fv->v, mark, fv->n))) {
            r = true;
            break;
        }
        size_t mid = fv->n;
        bool rb = eval(c, n->b);
        r = ra || rb;
        if (ra && rb) {
            if (stronger(facts_status(fv->v, mid, fv->n), facts_status(fv->v, mark, mid))) {
                memmove(fv->v + mark, fv->v + mid, sizeof *fv->v * (fv->n - mid));
                fv->n = mark + (fv->n - mid);
            } else {
                fv->n = mid;
            }
        }
        break;
    }
    case R_AND:
        r = eval(c, n->a) && eval(c, n->b);
        break;
    case R_NOT: {
        /* a negation holds for want of facts: it contributes none */
        r = !eval(c, n->a);
        fv->n = mark;
        return r;
    }
    case R_SCHEMA: {
        const ov_schema *want = ov_model_schema(m, n->arg), *have = ov_model_schema(m, e->schema);
        r = want && have && ov_schema_is_a(have, want);
        break;
    }
    case R_COUNTRY:
    case R_JURISDICTION:
    case R_TOPIC:
    case R_MENTIONS:
        r = stmt_predicate(c, e, n->k, n->arg, "fact");
        break;
    case R_CLASS: {
        size_t idx;
        int def = ov__rules_find(c->l->rules, n->arg);
        int rc = def < 0 ? OV_OK : eval_def(c->l, def, e->id, c->depth + 1, &idx);
        if (rc && !c->rc) c->rc = rc;
        if (def >= 0 && !rc && c->l->memos[idx].value) {
            r = true;
            copy_memo(c, idx);
        }
        break;
    }
    case R_CONTROLLED_FROM:
        r = controlled_from(c, n->arg);
        break;
    case R_SUBJECT_TO: {
        hit *h = NULL;
        size_t k = 0;
        if (c->depth >= MAX_EVAL_DEPTH) break;
        int rc = exposure_hits(c->l, e->id, c->depth + 1, &h, &k);
        if (rc && !c->rc) c->rc = rc;
        /* of the provisions of that law reaching the entity, the one with the strongest evidence */
        size_t best = k;
        for (size_t i = 0; !rc && i < k; i++) {
            const provision *p = &c->l->prov[h[i].prov];
            if (!p->law || strcmp(p->law, n->arg) != 0) continue;
            if (best == k || stronger(c->l->memos[h[i].memo].status, c->l->memos[h[best].memo].status)) best = i;
        }
        if (best < k) {
            const provision *p = &c->l->prov[h[best].prov];
            fact *f = fact_new(c, F_PROV, "subject-to");
            if (f) {
                f->prov = h[best].prov;
                f->cls = h[best].cls;
                f->entity = keep(c->l, &c->l->memo_arena, e->id);
                f->status = p->classes[h[best].cls].status;
            }
            copy_memo(c, h[best].memo);
            r = true;
        }
        ov__free(h);
        break;
    }
    case R_VIA: {
        /* of the entities that property names, the one meeting the condition with the strongest evidence */
        factvec best = {0};
        int best_status = OV_ST_RETRACTED;
        for (size_t i = 0; i < e->n_stmts && c->depth < MAX_EVAL_DEPTH; i++) {
            const ov_stmt *s = &e->stmts[i];
            if (s->status == OV_ST_RETRACTED || strcmp(s->prop, n->arg) != 0) continue;
            ov_entity *other;
            int rc = ov_cluster_get(c->l->st, c->l->m, c->l->g, s->value, &other);
            if (rc == OV_ENOTFOUND) continue; /* a link to an entity the record does not hold */
            if (rc) {
                if (!c->rc) c->rc = rc;
                break;
            }
            size_t start = fv->n;
            stmt_fact(c, e, s, "via", NULL);
            evalctx sub = {c->l, other, fv, c->depth + 1, OV_OK};
            bool ok = eval(&sub, n->a);
            if (sub.rc && !c->rc) c->rc = sub.rc;
            ov_entity_free(other);
            int st = facts_status(fv->v, start, fv->n);
            if (ok && (!r || stronger(st, best_status))) {
                fact *v = ov__realloc(best.v, sizeof *v * (fv->n - start + 1));
                if (!v) {
                    c->rc = OV_ENOMEM;
                    fv->n = start;
                    break;
                }
                best.v = v;
                best.n = fv->n - start;
                memcpy(best.v, fv->v + start, sizeof *v * best.n);
                best_status = st;
                r = true;
            }
            fv->n = start;
            if (r && best_status == OV_ST_VERIFIED) break;
        }
        for (size_t i = 0; r && i < best.n; i++) {
            fact *f = fact_new(c, best.v[i].kind, best.v[i].role);
            if (f) *f = best.v[i];
        }
        ov__free(best.v);
        break;
    }
    }
    if (!r) fv->n = mark;
    return r;
}

static int eval_def(ov_law *l, int def, const char *id, int depth, size_t *memo_idx)
{
    id = ov_cluster_id(l->g, id); /* one memo per cluster, whichever referent is asked */
    size_t idlen = strlen(id), klen = sizeof def + idlen;
    char stack_key[256], *key = klen <= sizeof stack_key ? stack_key : ov__malloc(klen);
    if (!key) return OV_ENOMEM;
    memcpy(key, &def, sizeof def);
    memcpy(key + sizeof def, id, idlen);
    uintptr_t found;
    int rc = OV_OK;
    if (ov_hmap_get(&l->memo_index, key, klen, &found)) {
        *memo_idx = found - 1;
        goto done;
    }
    if (depth > MAX_EVAL_DEPTH) {
        snprintf(l->errmsg, sizeof l->errmsg, "rules nested too deeply");
        rc = OV_ETOOBIG;
        goto done;
    }
    ov_entity *e;
    if ((rc = ov_cluster_get(l->st, l->m, l->g, id, &e))) goto done;
    factvec fv = {0};
    evalctx c = {l, e, &fv, depth, OV_OK};
    memo m = {0};
    m.value = eval(&c, l->rules->defs[def].expr);
    ov_entity_free(e);
    rc = c.rc;
    if (!rc && m.value) {
        m.status = facts_status(fv.v, 0, fv.n);
        m.n_facts = fv.n;
        m.dropped = fv.dropped;
        if (fv.n && !(m.facts = ov_arena_alloc(&l->memo_arena, sizeof *m.facts * fv.n))) rc = OV_ENOMEM;
        else if (fv.n) memcpy(m.facts, fv.v, sizeof *m.facts * fv.n);
    }
    ov__free(fv.v);
    if (!rc && l->n_memos == l->cap_memos) {
        size_t cap = l->cap_memos ? l->cap_memos * 2 : 64;
        memo *nm = ov__realloc(l->memos, sizeof *nm * cap);
        if (!nm) rc = OV_ENOMEM;
        else {
            l->memos = nm;
            l->cap_memos = cap;
        }
    }
    if (!rc) {
        l->memos[l->n_memos++] = m;
        rc = ov_hmap_put(&l->memo_index, key, klen, l->n_memos);
        *memo_idx = l->n_memos - 1;
    }
done:
    if (key != stack_key) ov__free(key);
    return rc;
}

/* Obligations that impose nothing on a subject. */
static bool imposes(const char *obligation)
{
    return strcmp(obligation, "definition") != 0 && strcmp(obligation, "policy-goal") != 0 &&
           strcmp(obligation, "defines-security-domain") != 0;
}

/* The provisions in force that impose something and reach entity id, each
 * through the class it binds that the entity is in with the strongest
 * evidence. *out is freed with ov__free. */
static int exposure_hits(ov_law *l, const char *id, int depth, hit **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    size_t n = 0;
    hit *res = l->n_prov ? ov__malloc(sizeof *res * l->n_prov) : NULL;
    if (l->n_prov && !res) return OV_ENOMEM;
    int rc = OV_OK;
    for (size_t i = 0; !rc && i < l->n_prov; i++) {
        const provision *p = &l->prov[i];
        if (l->as_of && p->effective && date_cmp(p->effective, l->as_of) > 0) continue;
        bool any = false;
        for (size_t o = 0; o < p->n_obligations && !any; o++) any = imposes(p->obligations[o].name);
        if (!any) continue;
        size_t best_memo = 0, best_cls = 0;
        bool found = false;
        for (size_t k = 0; !rc && k < p->n_classes; k++) {
            int def = ov__rules_find(l->rules, p->classes[k].name);
            /* a class no rule defines reaches no one (docs/internals/exposure.md); nor does a test */
            if (def < 0 || l->rules->defs[def].is_test) continue;
            size_t idx;
            rc = eval_def(l, def, id, depth, &idx);
            if (rc || !l->memos[idx].value) continue;
            if (!found || stronger(l->memos[idx].status, l->memos[best_memo].status)) {
                best_memo = idx;
                best_cls = k;
                found = true;
            }
        }
        if (found) res[n++] = (hit){i, best_cls, best_memo};
    }
    if (rc) {
        ov__free(res);
        return rc;
    }
    *out = res;
    *n_out = n;
    return OV_OK;
}

/* ---- the answers ------------------------------------------------------------------- */

/* The subject of an answer: the graph's node when it is one, else the entity. */
static int set_subject(ov_answer *a, const ov_graph *g, const ov_entity *e)
{
    uint32_t node;
    if (ov_graph_find(g, e->id, &node)) return ov__answer_subject_node(a, g, node);
    a->subject = ov__astr(a, e->id);
    a->subject_caption = ov__astr(a, e->caption ? e->caption : e->id);
    a->subject_schema = ov__astr(a, e->schema);
    return a->subject && a->subject_caption ? OV_OK : OV_ENOMEM;
}

static const char *node_caption(ov_answer *a, const ov_graph *g, const char *id)
{
    uint32_t node;
    return id && ov_graph_find(g, id, &node) ? ov__astr(a, ov_graph_node_caption(g, node)) : NULL;
}

static const rdef *find_def(const ov_law *l, const char *name)
{
    int i = ov__rules_find(l->rules, name);
    return i < 0 ? NULL : &l->rules->defs[i];
}

static const provision *find_prov(const ov_law *l, const char *id)
{
    for (size_t i = 0; id && i < l->n_prov; i++)
        if (!strcmp(l->prov[i].id, id)) return &l->prov[i];
    return NULL;
}

/* A provision as an authority: "<law> Art. <n>, in force from <date> — <source>, <locator>",
 * cited as the statement c says. */
static const char *prov_authority(ov_answer *a, const provision *p, const named *c)
{
    const char *src = c && c->source ? c->source : "", *loc = c && c->locator ? c->locator : "";
    return ov__aprintf(a, "%s%s%s%s%s%s%s", p->statute, p->effective ? ", in force from " : "",
                       p->effective ? p->effective : "", *src || *loc ? " — " : "", src, *src && *loc ? ", " : "",
                       loc);
}

/* What a rule's "source" names, by its caption: a provision's "<law> Art. <n>",
 * else the record's document or entity by its title or name, with its id. */
static const char *source_caption(ov_answer *a, ov_law *l, const char *source)
{
    const provision *p = find_prov(l, source);
    if (p) return ov__astr(a, p->caption);
    ov_entity *e;
    if (ov_store_get(l->st, source, 0, &e) != OV_OK) return ov__astr(a, source);
    const char *t = english(e, "title");
    if (!t) t = english(e, "name");
    if (!t) t = e->caption;
    const char *r = t ? ov__aprintf(a, "%s (%s)", t, source) : ov__astr(a, source);
    ov_entity_free(e);
    return r;
}

/* What a rule's "source" names, as an authority: a provision with its date and
 * citation, else the record's document or entity. */
static const char *source_authority(ov_answer *a, ov_law *l, const char *source)
{
    if (!source) return "Oversight's reading of the classes of subject (docs/internals/exposure.md)";
    const provision *p = find_prov(l, source);
    if (p) return prov_authority(a, p, p->n_classes ? &p->classes[0] : p->n_obligations ? &p->obligations[0] : NULL);
    return source_caption(a, l, source);
}

/* A statement of the record as a step, with every citation of it. */
static ov_step *stmt_step(ov_answer *a, int it, ov_law *l, const char *role, const char *entity, const char *caption,
                          const char *prop, const char *value, int *rc)
{
    ov_step *s = ov__step_new(a, it, OV_STEP_STATEMENT, role);
    if (!s) return NULL;
    s->entity = ov__astr(a, entity);
    s->entity_caption = caption ? ov__astr(a, caption) : node_caption(a, l->g, entity);
    s->relation = ov__astr(a, prop);
    s->value = ov__astr(a, value);
    int r = ov__step_cite(a, s, l->st, entity, prop, value);
    if (r && !*rc) *rc = r;
    return s;
}

static int fact_steps(ov_answer *a, int it, ov_law *l, const fact *f, size_t n, size_t dropped)
{
    int rc = OV_OK;
    for (size_t i = 0; i < n; i++) {
        switch (f[i].kind) {
        case F_STMT: {
            ov_step *s = stmt_step(a, it, l, f[i].role, f[i].entity, NULL, f[i].prop, f[i].value, &rc);
            if (s && f[i].note) s->note = ov__astr(a, f[i].note);
            /* a fact of a twin: which referent records it, and whose cluster it is in */
            if (s && f[i].cluster && strcmp(f[i].entity, f[i].cluster))
                s->note = ov__aprintf(a, "%s%srecorded under referent %s, judged the same as %s", f[i].note ? f[i].note : "",
                                      f[i].note ? "; " : "", f[i].entity, f[i].cluster);
            break;
        }
        case F_EDGE:
            ov__step_edge(a, it, l->st, l->g, f[i].edge, f[i].role);
            break;
        case F_PROV: {
            const provision *p = &l->prov[f[i].prov];
            const named *c = &p->classes[f[i].cls];
            ov_step *s = stmt_step(a, it, l, f[i].role, p->id, p->caption, "subjectClass", c->name, &rc);
            const rdef *d = find_def(l, c->name);
            const char *who = node_caption(a, l->g, f[i].entity);
            if (s)
                s->note = ov__aprintf(a, "a provision of %s (%s) binds %s: the facts that follow put %s in that class",
                                      p->law_title ? p->law_title : p->law, p->law, d && d->label ? d->label : c->name,
                                      who ? who : f[i].entity ? f[i].entity : "the entity");
            break;
        }
        }
    }
    ov__answer_item(a, it)->n_steps_omitted += dropped;
    return rc;
}

/* The obligation code in words: "support-intelligence-work" -> "support intelligence work". */
static const char *in_words(ov_answer *a, const char *code)
{
    char *w = ov__strdup(code);
    if (!w) return NULL;
    for (char *p = w; *p; p++)
        if (*p == '-') *p = ' ';
    const char *r = ov__astr(a, w);
    ov__free(w);
    return r;
}

/* One conclusion: obligation o of the hit's provision reaches the subject. */
static int add_obligation(ov_answer *a, ov_law *l, const hit *h, const named *o)
{
    const provision *p = &l->prov[h->prov];
    const named *cls = &p->classes[h->cls];
    const rdef *d = find_def(l, cls->name);
    const memo *mm = &l->memos[h->memo];
    int it = ov__answer_add(a, "exposure");
    if (it < 0) return OV_ENOMEM;
    ov_explanation *x = ov__answer_item(a, it);
    x->object = ov__astr(a, p->id);
    x->object_caption = ov__astr(a, p->caption);
    x->value = in_words(a, o->name);
    x->rule.id = ov__astr(a, cls->name);
    x->rule.label = ov__astr(a, d && d->label ? d->label : cls->name);
    x->rule.authority = prov_authority(a, p, cls);
    if (!x->object || !x->value || !x->rule.id || !x->rule.authority) return OV_ENOMEM;
    int rc = OV_OK;
    /* the provision: what it imposes, its words, since when, for how long */
    stmt_step(a, it, l, "provision", p->id, p->caption, "obligation", o->name, &rc);
    if (p->text) stmt_step(a, it, l, "text", p->id, p->caption, p->text_prop, p->text, &rc);
    if (p->effective)
        stmt_step(a, it, l, "in-force", p->effective_of, p->effective_of == p->id ? p->caption : p->law_title,
                  "effectiveDate", p->effective, &rc);
    if (p->minimum) stmt_step(a, it, l, "minimum-period", p->id, p->caption, "minimumPeriod", p->minimum, &rc);
    /* how the rules read the class, and where they take the reading from */
    if (d && d->source) {
        ov_step *s = ov__step_new(a, it, OV_STEP_ASSUMPTION, "reading");
        if (s) {
            s->entity = ov__astr(a, d->source);
            s->value = ov__aprintf(a, "%s: %s, as read from %s", cls->name, d->label ? d->label : cls->name,
                                   source_caption(a, l, d->source));
            /* cited as the provision's words, or the document's title (else name) */
            const provision *src = find_prov(l, d->source);
            int r = ov__step_cite(a, s, l->st, d->source, src ? src->text_prop : "title", src ? src->text : NULL);
            if (!r && !src && !s->n_cites) r = ov__step_cite(a, s, l->st, d->source, "name", NULL);
            if (r && !rc) rc = r;
        }
    }
    int r = fact_steps(a, it, l, mm->facts, mm->n_facts, mm->dropped);
    if (r && !rc) rc = r;
    ov__answer_fold_status(a, it);
    return rc;
}

static int exposure_answer(ov_law *l, const char *id, ov_answer **out)
{
    ov_entity *e;
    int rc = ov_cluster_get(l->st, l->m, l->g, id, &e);
    if (rc) {
        if (rc == OV_ENOTFOUND) snprintf(l->errmsg, sizeof l->errmsg, "no entity %s", id);
        else snprintf(l->errmsg, sizeof l->errmsg, "%s: %s", id, ov_store_errmsg(l->st));
        return rc;
    }
    ov_answer *a = ov__answer_new("exposure");
    rc = a ? set_subject(a, l->g, e) : OV_ENOMEM;
    hit *h = NULL;
    size_t n = 0;
    if (!rc) rc = exposure_hits(l, e->id, 0, &h, &n); /* the cluster's canonical id */
    ov_entity_free(e);
    for (size_t i = 0; !rc && i < n; i++) {
        const provision *p = &l->prov[h[i].prov];
        for (size_t o = 0; !rc && o < p->n_obligations; o++)
            if (imposes(p->obligations[o].name)) rc = add_obligation(a, l, &h[i], &p->obligations[o]);
    }
    ov__free(h);
    if (!rc && l->oom) rc = OV_ENOMEM;
    if (rc) {
        if (!l->errmsg[0]) snprintf(l->errmsg, sizeof l->errmsg, "%s", ov_strerror(rc));
        ov_answer_free(a);
        return rc;
    }
    ov__answer_seal(a);
    *out = a;
    return OV_OK;
}

static int test_answer(ov_law *l, const char *name, const char *id, ov_answer **out)
{
    int def = ov__rules_find(l->rules, name);
    if (def < 0) {
        snprintf(l->errmsg, sizeof l->errmsg, "no test or class named %s", name);
        return OV_EINVAL;
    }
    const rdef *d = &l->rules->defs[def];
    size_t idx;
    int rc = eval_def(l, def, id, 0, &idx);
    ov_entity *e = NULL;
    if (!rc) rc = ov_cluster_get(l->st, l->m, l->g, id, &e);
    if (rc) {
        if (rc == OV_ENOTFOUND) snprintf(l->errmsg, sizeof l->errmsg, "no entity %s", id);
        else if (!l->errmsg[0]) snprintf(l->errmsg, sizeof l->errmsg, "%s", ov_strerror(rc));
        return rc;
    }
    ov_answer *a = ov__answer_new("test");
    rc = a ? set_subject(a, l->g, e) : OV_ENOMEM;
    ov_entity_free(e);
    int it = rc ? -1 : ov__answer_add(a, "test");
    if (!rc && it < 0) rc = OV_ENOMEM;
    if (!rc) {
        const memo *mm = &l->memos[idx];
        /* the question is the test's name (the answer owns its copy) */
        a->question = ov__astr(a, name);
        ov_explanation *x = ov__answer_item(a, it);
        x->question = a->question;
        x->value = mm->value ? "holds" : "does not hold";
        x->rule.id = a->question;
        x->rule.label = ov__astr(a, d->label ? d->label : d->name);
        x->rule.authority = source_authority(a, l, d->source);
        if (!mm->value) x->note = "no fact in the record meets the condition";
        if (!a->question || !x->rule.label || !x->rule.authority) rc = OV_ENOMEM;
        if (!rc && mm->value) rc = fact_steps(a, it, l, mm->facts, mm->n_facts, mm->dropped);
        ov__answer_fold_status(a, it);
    }
    if (!rc && l->oom) rc = OV_ENOMEM;
    if (rc) {
        ov_answer_free(a);
        return rc;
    }
    ov__answer_seal(a);
    *out = a;
    return OV_OK;
}

int ov_law_exposure(ov_law *l, const char *id, ov_answer **out)
{
    *out = NULL;
    bool txn;
    call_begin(l, &txn);
    int rc = exposure_answer(l, id, out);
    if (txn) ov_store_read_end(l->st);
    return rc;
}

int ov_law_test(ov_law *l, const char *name, const char *id, ov_answer **out)
{
    *out = NULL;
    bool txn;
    call_begin(l, &txn);
    int rc = test_answer(l, name, id, out);
    if (txn) ov_store_read_end(l->st);
    return rc;
}
