/*
 * exposure.c - evaluates applicability rules over the record and lists the
 * obligations of LegalProvision entities that reach an entity (see law.h).
 *
 * Facts come from the store (an entity's current statements, with their
 * citations) and from the ownership graph (who controls whom). Class results
 * are memoised per entity for one evaluation context.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "law_internal.h"
#include "oversight/own.h"
#include "../util/alloc.h"
#include "../util/hmap.h"
#include "../util/banned.h"

#define MAX_EVAL_DEPTH 32
#define MAX_FACTS 8

typedef struct provision {
    char id[208], law[208], law_title[256], article[64], effective[40], minimum[64];
    char text[1024], source[256], locator[512];
    char classes[4][96];
    int n_classes;
    char obligations[4][96];
    int n_obligations;
} provision;

typedef struct memo {
    bool value;
    ov_fact facts[MAX_FACTS];
    int n_facts;
} memo;

struct ov_law {
    ov_store *st;
    const ov_model *m;
    const ov_graph *g;
    const ov_rules *rules;
    const char *as_of;
    provision *prov;
    size_t n_prov;
    ov_hmap memo_index;  /* "rule#entity" -> index + 1 into memos */
    memo *memos;
    size_t n_memos, cap_memos;
    char errmsg[256];
};

const char *ov_law_errmsg(const ov_law *l) { return l->errmsg[0] ? l->errmsg : "no error"; }

static void copy(char *dst, size_t n, const char *src) { snprintf(dst, n, "%s", src ? src : ""); }

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

static int load_provisions(ov_law *l)
{
    uint32_t n = ov_graph_node_count(l->g);
    size_t cap = 0;
    for (uint32_t i = 0; i < n; i++) {
        const char *schema = ov_graph_node_schema(l->g, i);
        if (!schema || strcmp(schema, "LegalProvision") != 0) continue;
        ov_entity *e;
        if (ov_store_get(l->st, ov_graph_node_id(l->g, i), 0, &e)) continue;
        if (l->n_prov == cap) {
            cap = cap ? cap * 2 : 64;
            provision *p = ov__realloc(l->prov, sizeof *p * cap);
            if (!p) {
                ov_entity_free(e);
                return OV_ENOMEM;
            }
            l->prov = p;
        }
        provision *p = &l->prov[l->n_prov++];
        memset(p, 0, sizeof *p);
        copy(p->id, sizeof p->id, e->id);
        for (size_t k = 0; k < e->n_stmts; k++) {
            const ov_stmt *s = &e->stmts[k];
            if (s->status == OV_ST_RETRACTED) continue;
            if (!strcmp(s->prop, "law") && !p->law[0]) copy(p->law, sizeof p->law, s->value);
            else if (!strcmp(s->prop, "article") && !p->article[0]) copy(p->article, sizeof p->article, s->value);
            else if (!strcmp(s->prop, "effectiveDate") && !p->effective[0]) copy(p->effective, sizeof p->effective, s->value);
            else if (!strcmp(s->prop, "minimumPeriod") && !p->minimum[0]) copy(p->minimum, sizeof p->minimum, s->value);
            else if (!strcmp(s->prop, "subjectClass") && p->n_classes < 4) copy(p->classes[p->n_classes++], 96, s->value);
            else if (!strcmp(s->prop, "obligation") && p->n_obligations < 4) {
                copy(p->obligations[p->n_obligations++], 96, s->value);
                if (!p->source[0]) {
                    copy(p->source, sizeof p->source, s->source);
                    copy(p->locator, sizeof p->locator, s->locator);
                }
            }
        }
        const char *text = english(e, "text");
        if (!text) text = english(e, "summary");
        if (!text) text = english(e, "name");
        copy(p->text, sizeof p->text, text);
        ov_entity_free(e);
        /* the law's title, and its effective date when the provision has none */
        ov_entity *law;
        if (p->law[0] && ov_store_get(l->st, p->law, 0, &law) == OV_OK) {
            const char *t = english(law, "title");
            if (!t) t = english(law, "name");
            copy(p->law_title, sizeof p->law_title, t);
            if (!p->effective[0]) copy(p->effective, sizeof p->effective, english(law, "effectiveDate"));
            ov_entity_free(law);
        }
    }
    return OV_OK;
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
    ov_hmap_init(&l->memo_index);
    int rc = load_provisions(l);
    if (rc) {
        ov_law_close(l);
        return rc;
    }
    *out = l;
    return OV_OK;
}

void ov_law_close(ov_law *l)
{
    if (!l) return;
    ov__free(l->prov);
    ov__free(l->memos);
    ov_hmap_release(&l->memo_index);
    ov__free(l);
}

/* ---- evaluation ----------------------------------------------------------- */

typedef struct evalctx {
    ov_law *l;
    const ov_entity *e;
    ov_fact *facts;
    int *n_facts;
    int depth;
} evalctx;

static void add_fact(evalctx *c, const char *entity, const char *prop, const char *value, const char *source,
                     const char *locator, int status)
{
    if (*c->n_facts >= MAX_FACTS) return;
    ov_fact *f = &c->facts[(*c->n_facts)++];
    copy(f->entity, sizeof f->entity, entity);
    copy(f->prop, sizeof f->prop, prop);
    copy(f->value, sizeof f->value, value);
    copy(f->source, sizeof f->source, source);
    copy(f->locator, sizeof f->locator, locator);
    f->status = status;
}

static void stmt_fact(evalctx *c, const ov_stmt *s)
{
    add_fact(c, c->e->id, s->prop, s->value, s->source, s->locator, s->status);
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

static bool eval(evalctx *c, const rnode *n);
static int eval_def(ov_law *l, int def, const char *id, int depth, memo **out);

/* Who controls node (majority owner, or a Control edge), up the chain,
 * looking for one tied to country cc. */
static bool controlled_from(evalctx *c, const char *cc)
{
    const ov_graph *g = c->l->g;
    uint32_t node;
    if (!ov_graph_find(g, c->e->id, &node)) return false;
    uint32_t seen[32];
    int n_seen = 0;
    uint32_t cur = node;
    for (int step = 0; step < 16; step++) {
        uint32_t m, next = UINT32_MAX, via = UINT32_MAX;
        const uint32_t *in = ov_graph_in(g, cur, &m);
        for (uint32_t k = 0; k < m && next == UINT32_MAX; k++) {
            const ov_edge *e = ov_graph_edge(g, in[k]);
            bool controls = (e->kind == OV_EDGE_CONTROL) ||
                            (e->kind == OV_EDGE_OWNERSHIP && e->share.has_share &&
                             (e->share.min > 0.5 || (e->share.min == 0.5 && e->share.min_exclusive)));
            if (controls && e->from != cur) {
                next = e->from;
                via = in[k];
            }
        }
        if (next == UINT32_MAX) return false;
        for (int i = 0; i < n_seen; i++)
            if (seen[i] == next) return false; /* a cycle */
        if (n_seen < 32) seen[n_seen++] = next;
        const ov_edge *e = ov_graph_edge(g, via);
        const char *country = ov_graph_node_country(g, next);
        char value[256];
        snprintf(value, sizeof value, "%s %s %s", ov_graph_node_caption(g, next),
                 e->kind == OV_EDGE_CONTROL ? "controls" : "holds a majority of", ov_graph_node_caption(g, cur));
        /* cite the interest entity's first citation */
        ov_entity *ie = NULL;
        const char *src = e->interest_id, *loc = NULL;
        int status = e->status;
        if (e->interest_id && ov_store_get(c->l->st, e->interest_id, 0, &ie) == OV_OK) {
            for (size_t i = 0; i < ie->n_stmts; i++)
                if (ie->stmts[i].source) {
                    src = ie->stmts[i].source;
                    loc = ie->stmts[i].locator;
                    break;
                }
        }
        add_fact(c, e->interest_id, "control", value, src, loc, status);
        ov_entity_free(ie);
        if (country && strcmp(country, cc) == 0) {
            char v2[256];
            snprintf(v2, sizeof v2, "%s is in %s", ov_graph_node_caption(g, next), cc);
            add_fact(c, ov_graph_node_id(g, next), "country", v2, NULL, NULL, 0);
            return true;
        }
        cur = next;
    }
    return false;
}

static bool eval(evalctx *c, const rnode *n)
{
    const ov_entity *e = c->e;
    const ov_model *m = c->l->m;
    int mark = *c->n_facts;
    bool r = false;
    switch (n->k) {
    case R_OR:
        r = eval(c, n->a) || eval(c, n->b);
        break;
    case R_AND:
        r = eval(c, n->a) && eval(c, n->b);
        break;
    case R_NOT: {
        /* a negation holds for want of facts: it contributes none */
        r = !eval(c, n->a);
        *c->n_facts = mark;
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
        for (size_t i = 0; i < e->n_stmts && !r; i++) {
            const ov_stmt *s = &e->stmts[i];
            if (s->status == OV_ST_RETRACTED || strcasecmp(s->value, n->arg) != 0) continue;
            bool ok = n->k == R_TOPIC          ? prop_type_is(m, e, s, OV_T_TOPIC)
                      : n->k == R_JURISDICTION ? strcmp(s->prop, "jurisdiction") == 0
                                               : prop_type_is(m, e, s, OV_T_COUNTRY);
            if (ok) {
                stmt_fact(c, s);
                r = true;
            }
        }
        break;
    case R_MENTIONS: {
        static const char *const props[] = {"classification", "description", "keywords", "sector",
                                            "summary", "notes", "program"};
        for (size_t i = 0; i < e->n_stmts && !r; i++) {
            const ov_stmt *s = &e->stmts[i];
            if (s->status == OV_ST_RETRACTED) continue;
            bool textual = false;
            for (size_t k = 0; k < sizeof props / sizeof props[0] && !textual; k++) textual = !strcmp(s->prop, props[k]);
            if (textual && contains_ci(s->value, n->arg)) {
                stmt_fact(c, s);
                r = true;
            }
        }
        break;
    }
    case R_CLASS: {
        memo *mm;
        int idx = ov__rules_find(c->l->rules, n->arg);
        if (idx >= 0 && eval_def(c->l, idx, e->id, c->depth + 1, &mm) == OV_OK && mm->value) {
            r = true;
            for (int i = 0; i < mm->n_facts; i++)
                if (*c->n_facts < MAX_FACTS) c->facts[(*c->n_facts)++] = mm->facts[i];
        }
        break;
    }
    case R_CONTROLLED_FROM:
        r = controlled_from(c, n->arg);
        break;
    case R_SUBJECT_TO: {
        ov_exposure *ex;
        size_t k;
        if (c->depth < MAX_EVAL_DEPTH && ov_law_exposure(c->l, e->id, &ex, &k) == OV_OK) {
            for (size_t i = 0; i < k && !r; i++) {
                if (strcmp(ex[i].law, n->arg) != 0) continue;
                char v[1024];
                snprintf(v, sizeof v, "%s Art. %s binds %s (%s)", ex[i].law_title, ex[i].article,
                         ex[i].subject_class, ex[i].obligation);
                add_fact(c, ex[i].provision, "provision", v, ex[i].provision_source, ex[i].provision_locator, 0);
                for (int f = 0; f < ex[i].n_facts; f++)
                    if (*c->n_facts < MAX_FACTS) c->facts[(*c->n_facts)++] = ex[i].facts[f];
                r = true;
            }
            ov_exposures_free(ex);
        }
        break;
    }
    case R_VIA:
        for (size_t i = 0; i < e->n_stmts && !r; i++) {
            const ov_stmt *s = &e->stmts[i];
            if (s->status == OV_ST_RETRACTED || strcmp(s->prop, n->arg) != 0) continue;
            ov_entity *other;
            if (c->depth >= MAX_EVAL_DEPTH || ov_store_get(c->l->st, s->value, 0, &other) != OV_OK) continue;
            evalctx sub = {c->l, other, c->facts, c->n_facts, c->depth + 1};
            stmt_fact(c, s);
            if (eval(&sub, n->a)) r = true;
            else *c->n_facts = mark;
            ov_entity_free(other);
        }
        break;
    }
    if (!r) *c->n_facts = mark;
    return r;
}

static int eval_def(ov_law *l, int def, const char *id, int depth, memo **out)
{
    char key[300];
    snprintf(key, sizeof key, "%d#%s", def, id);
    uintptr_t idx;
    if (ov_hmap_get(&l->memo_index, key, strlen(key), &idx)) {
        *out = &l->memos[idx - 1];
        return OV_OK;
    }
    if (depth > MAX_EVAL_DEPTH) {
        snprintf(l->errmsg, sizeof l->errmsg, "rules nested too deeply");
        return OV_ETOOBIG;
    }
    ov_entity *e;
    int rc = ov_store_get(l->st, id, 0, &e);
    if (rc) return rc;
    memo m = {0};
    evalctx c = {l, e, m.facts, &m.n_facts, depth};
    m.value = eval(&c, l->rules->defs[def].expr);
    ov_entity_free(e);
    if (l->n_memos == l->cap_memos) {
        size_t cap = l->cap_memos ? l->cap_memos * 2 : 64;
        memo *nm = ov__realloc(l->memos, sizeof *nm * cap);
        if (!nm) return OV_ENOMEM;
        l->memos = nm;
        l->cap_memos = cap;
    }
    l->memos[l->n_memos++] = m;
    if (ov_hmap_put(&l->memo_index, key, strlen(key), l->n_memos)) return OV_ENOMEM;
    *out = &l->memos[l->n_memos - 1];
    return OV_OK;
}

/* Obligations that impose nothing on a subject. */
static bool imposes(const char *obligation)
{
    return strcmp(obligation, "definition") != 0 && strcmp(obligation, "policy-goal") != 0 &&
           strcmp(obligation, "defines-security-domain") != 0;
}

int ov_law_exposure(ov_law *l, const char *id, ov_exposure **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    size_t cap = 16, n = 0;
    ov_exposure *res = ov__calloc(cap, sizeof *res);
    if (!res) return OV_ENOMEM;
    int rc = OV_OK;
    for (size_t i = 0; !rc && i < l->n_prov; i++) {
        const provision *p = &l->prov[i];
        if (l->as_of && p->effective[0] && date_cmp(p->effective, l->as_of) > 0) continue;
        for (int k = 0; !rc && k < p->n_classes; k++) {
            int def = ov__rules_find(l->rules, p->classes[k]);
            if (def < 0) continue; /* a class no rule defines reaches no one (docs/internals/exposure.md) */
            memo *mm;
            rc = eval_def(l, def, id, 0, &mm);
            if (rc == OV_ENOTFOUND) {
                snprintf(l->errmsg, sizeof l->errmsg, "no entity %s", id);
                break;
            }
            if (rc || !mm->value) continue;
            for (int o = 0; o < p->n_obligations; o++) {
                if (!imposes(p->obligations[o])) continue;
                if (n == cap) {
                    cap *= 2;
                    ov_exposure *nr = ov__realloc(res, sizeof *nr * cap);
                    if (!nr) {
                        rc = OV_ENOMEM;
                        break;
                    }
                    res = nr;
                }
                ov_exposure *x = &res[n++];
                memset(x, 0, sizeof *x);
                copy(x->provision, sizeof x->provision, p->id);
                copy(x->law, sizeof x->law, p->law);
                copy(x->law_title, sizeof x->law_title, p->law_title);
                copy(x->article, sizeof x->article, p->article);
                copy(x->obligation, sizeof x->obligation, p->obligations[o]);
                copy(x->subject_class, sizeof x->subject_class, p->classes[k]);
                copy(x->effective, sizeof x->effective, p->effective);
                copy(x->minimum_period, sizeof x->minimum_period, p->minimum);
                copy(x->text, sizeof x->text, p->text);
                copy(x->provision_source, sizeof x->provision_source, p->source);
                copy(x->provision_locator, sizeof x->provision_locator, p->locator);
                x->n_facts = mm->n_facts;
                memcpy(x->facts, mm->facts, sizeof(ov_fact) * (size_t)mm->n_facts);
            }
        }
    }
    if (rc) {
        ov__free(res);
        return rc;
    }
    *out = res;
    *n_out = n;
    return OV_OK;
}

void ov_exposures_free(ov_exposure *e) { ov__free(e); }

int ov_law_test(ov_law *l, const char *name, const char *id, bool *result, ov_fact *facts, int *n_facts)
{
    *result = false;
    *n_facts = 0;
    int def = ov__rules_find(l->rules, name);
    if (def < 0) {
        snprintf(l->errmsg, sizeof l->errmsg, "no test or class named %s", name);
        return OV_EINVAL;
    }
    memo *mm;
    int rc = eval_def(l, def, id, 0, &mm);
    if (rc) {
        if (rc == OV_ENOTFOUND) snprintf(l->errmsg, sizeof l->errmsg, "no entity %s", id);
        return rc;
    }
    *result = mm->value;
    *n_facts = mm->n_facts;
    memcpy(facts, mm->facts, sizeof(ov_fact) * (size_t)mm->n_facts);
    return OV_OK;
}
