/* explain.c - the answer type of explain.h: its memory, the builder the
 * analyses use (build.h), the one citation lookup, and the one JSON and one
 * text writer every output uses. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "oversight/explain.h"
#include "oversight/render.h"
#include "build.h"
#include "../util/alloc.h"
#include "../util/arena.h"
#include "../util/buf.h"
#include "../util/termesc.h"
#include "../util/banned.h"

typedef struct stepvec {
    ov_step *v;
    size_t n, cap;
} stepvec;

#define CACHE_ENTITIES 8

struct ov__answer_mem {
    ov_arena arena;     /* strings and citation arrays */
    ov_explanation *items;
    stepvec *steps;     /* parallel to items */
    size_t n, cap;
    int rc;             /* the first failure of a step's citations (out of memory, a failed read) */
    /* the entities the citations were last read from, while the answer is built (an
     * answer cites the same entities many times: the subject, an interest on several
     * paths); emptied when the answer is sealed */
    ov_entity *cache[CACHE_ENTITIES];
    int cache_next;
};

static void cache_clear(struct ov__answer_mem *m)
{
    for (int i = 0; i < CACHE_ENTITIES; i++) {
        ov_entity_free(m->cache[i]);
        m->cache[i] = NULL;
    }
}

/* ---- statuses ----------------------------------------------------------------- */

int ov_status_rank(int status)
{
    switch (status) {
    case OV_ST_VERIFIED: return 0;
    case OV_ST_ASSERTED: return 1;
    case OV_ST_UNVERIFIED: return 2;
    case OV_ST_ALLEGED: return 3;
    case OV_ST_DISPUTED: return 4;
    default: return 5;
    }
}

int ov_status_weakest(int a, int b) { return ov_status_rank(a) >= ov_status_rank(b) ? a : b; }

/* ---- memory ------------------------------------------------------------------- */

ov_answer *ov__answer_new(const char *question)
{
    ov_answer *a = ov__calloc(1, sizeof *a);
    if (!a) return NULL;
    a->mem_ = ov__calloc(1, sizeof *a->mem_);
    if (!a->mem_) {
        ov__free(a);
        return NULL;
    }
    ov_arena_init(&a->mem_->arena, 16384, (size_t)1 << 30);
    a->question = question;
    return a;
}

void ov_answer_free(ov_answer *a)
{
    if (!a) return;
    if (a->mem_) {
        cache_clear(a->mem_);
        for (size_t i = 0; i < a->mem_->n; i++) ov__free(a->mem_->steps[i].v);
        ov__free(a->mem_->steps);
        ov__free(a->mem_->items);
        ov_arena_release(&a->mem_->arena);
        ov__free(a->mem_);
    }
    ov__free(a);
}

const char *ov__astr(ov_answer *a, const char *s) { return s ? ov_arena_strdup(&a->mem_->arena, s) : NULL; }

const char *ov__aprintf(ov_answer *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return NULL;
    char *p = ov_arena_alloc(&a->mem_->arena, (size_t)n + 1);
    if (!p) return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

int ov__answer_subject_node(ov_answer *a, const ov_graph *g, uint32_t node)
{
    a->subject = ov__astr(a, ov_graph_node_id(g, node));
    a->subject_caption = ov__astr(a, ov_graph_node_caption(g, node));
    a->subject_schema = ov__astr(a, ov_graph_node_schema(g, node));
    a->subject_state_designated = ov_graph_node_state(g, node) != 0;
    return a->subject && a->subject_caption ? OV_OK : OV_ENOMEM;
}

int ov__answer_add(ov_answer *a, const char *question)
{
    struct ov__answer_mem *m = a->mem_;
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 4;
        ov_explanation *it = ov__realloc(m->items, cap * sizeof *it);
        if (!it) return -1;
        m->items = it;
        stepvec *sv = ov__realloc(m->steps, cap * sizeof *sv);
        if (!sv) return -1;
        m->steps = sv;
        m->cap = cap;
    }
    memset(&m->items[m->n], 0, sizeof m->items[m->n]);
    memset(&m->steps[m->n], 0, sizeof m->steps[m->n]);
    m->items[m->n].question = question;
    m->items[m->n].status = OV_ST_ASSERTED;
    return (int)m->n++;
}

ov_explanation *ov__answer_item(ov_answer *a, int item) { return &a->mem_->items[item]; }

ov_step *ov__step_new(ov_answer *a, int item, ov_step_kind kind, const char *role)
{
    stepvec *sv = &a->mem_->steps[item];
    if (sv->n >= OV__MAX_STEPS) {
        a->mem_->items[item].n_steps_omitted++;
        return NULL;
    }
    if (sv->n == sv->cap) {
        size_t cap = sv->cap ? sv->cap * 2 : 4;
        ov_step *v = ov__realloc(sv->v, cap * sizeof *v);
        if (!v) return NULL;
        sv->v = v;
        sv->cap = cap;
    }
    ov_step *s = &sv->v[sv->n++];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->role = role;
    s->status = OV_ST_ASSERTED;
    return s;
}

void ov__answer_fold_status(ov_answer *a, int item)
{
    stepvec *sv = &a->mem_->steps[item];
    ov_explanation *x = &a->mem_->items[item];
    for (size_t i = 0; i < sv->n; i++) x->status = ov_status_weakest(x->status, sv->v[i].status);
}

void ov__answer_seal(ov_answer *a)
{
    struct ov__answer_mem *m = a->mem_;
    cache_clear(m);
    for (size_t i = 0; i < m->n; i++) {
        m->items[i].steps = m->steps[i].v;
        m->items[i].n_steps = m->steps[i].n;
    }
    a->items = m->items;
    a->n_items = m->n;
}

int ov__answer_done(ov_answer *a, int rc, ov_answer **out)
{
    *out = NULL;
    if (!rc && a && a->mem_->rc) rc = a->mem_->rc; /* a citation that could not be read */
    if (rc || !a) {
        ov_answer_free(a);
        return rc ? rc : OV_ENOMEM;
    }
    ov__answer_seal(a);
    *out = a;
    return OV_OK;
}

/* A percent for a reader: two decimals, more significant digits below 0.1 % so that
 * a small stake never reads as 0.00 %. */
static void pct(char *buf, size_t n, double v)
{
    /* shares summed in another order differ in their last bits (0.46475 and
     * 0.46474999999999994): quantised first, they read the same */
    double p = nearbyint(v * 1e9) / 1e7;
    if (p == 0 || p >= 0.1) snprintf(buf, n, "%.2f%%", p);
    else snprintf(buf, n, "%.3g%%", p);
}

const char *ov__band_text(ov_answer *a, double min, double max)
{
    char lo[32], hi[32];
    pct(lo, sizeof lo, min);
    pct(hi, sizeof hi, max);
    if (max - min < 5e-7 || !strcmp(lo, hi)) return ov__aprintf(a, "%s", lo);
    return ov__aprintf(a, "%s to %s", lo, hi);
}

/* ---- the analyses' rules (data/rules/analyses.json) ------------------------------- */

extern const char ov__analyses_json[];
static pthread_once_t rules_once = PTHREAD_ONCE_INIT;
static cJSON *rules_root; /* kept for the process */

static void rules_parse(void) { rules_root = cJSON_Parse(ov__analyses_json); }

static const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

int ov__rule_ref(ov_answer *a, const char *id, ov_rule_ref *r)
{
    (void)a;
    pthread_once(&rules_once, rules_parse);
    memset(r, 0, sizeof *r);
    r->id = id;
    const cJSON *rule = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(rules_root, "rules"), id);
    if (!rule) return OV_ENOTFOUND;
    /* the strings live in the process-wide parsed file */
    r->label = jstr(rule, "label");
    r->threshold = jstr(rule, "threshold");
    r->authority = jstr(rule, "authority");
    return OV_OK;
}

const void *ov__analyses_rules(void)
{
    pthread_once(&rules_once, rules_parse);
    return rules_root;
}

/* ---- citations: the one lookup ------------------------------------------------------- */

/* Entity id, from the answer's cache or the store (then cached). NULL with *rc set
 * on a failure; NULL with OV_OK when the store has no such entity. */
static const ov_entity *cached_entity(ov_answer *a, ov_store *st, const char *id, int *rc)
{
    struct ov__answer_mem *m = a->mem_;
    *rc = OV_OK;
    for (int i = 0; i < CACHE_ENTITIES; i++)
        if (m->cache[i] && !strcmp(m->cache[i]->id, id)) return m->cache[i];
    ov_entity *e;
    int r = ov_store_get(st, id, 0, &e);
    if (r == OV_ENOTFOUND) return NULL;
    if (r) {
        *rc = r;
        return NULL;
    }
    ov_entity_free(m->cache[m->cache_next]);
    m->cache[m->cache_next] = e;
    m->cache_next = (m->cache_next + 1) % CACHE_ENTITIES;
    return e;
}

/* Statements up to which the status is folded claim by claim (below); past it, over all. */
#define FOLD_BY_CLAIM_MAX 512

int ov__step_cite(ov_answer *a, ov_step *step, ov_store *st, const char *id, const char *prop, const char *value)
{
    if (!id) return OV_OK;
    int rc;
    const ov_entity *e = cached_entity(a, st, id, &rc);
    if (!e) {
        if (rc && !a->mem_->rc) a->mem_->rc = rc;
        return rc;
    }
    ov_citation tmp[OV__MAX_CITES];
    size_t n = 0;
    bool any = false;
    int weakest = OV_ST_VERIFIED;
    bool by_claim = e->n_stmts <= FOLD_BY_CLAIM_MAX;
    for (size_t i = 0; i < e->n_stmts; i++) {
        const ov_stmt *s = &e->stmts[i];
        if (s->status == OV_ST_RETRACTED) continue;
        if (prop && strcmp(s->prop, prop) != 0) continue;
        if (value && strcmp(s->value, value) != 0) continue;
        any = true;
        /* one claim (a property and value) stated by several sources needs only the
         * strongest of them: the step is as weak as its weakest claim */
        int claim = s->status;
        bool first = true;
        for (size_t k = 0; by_claim && k < e->n_stmts; k++) {
            const ov_stmt *t = &e->stmts[k];
            if (k == i || t->status == OV_ST_RETRACTED || strcmp(t->prop, s->prop) || strcmp(t->value, s->value))
                continue;
            if (k < i) first = false;
            if (ov_status_rank(t->status) < ov_status_rank(claim)) claim = t->status;
        }
        if (first) weakest = ov_status_weakest(weakest, claim);
        if (!s->source && !s->locator) continue;
        const char *src = s->source ? s->source : "", *loc = s->locator ? s->locator : "";
        bool dup = false;
        for (size_t k = 0; k < n && !dup; k++)
            dup = tmp[k].status == s->status && !strcmp(tmp[k].source, src) && !strcmp(tmp[k].locator, loc);
        if (dup || n == OV__MAX_CITES) continue;
        tmp[n].source = src;
        tmp[n].locator = loc;
        tmp[n].status = s->status;
        n++;
    }
    rc = OV_OK;
    if (n) {
        ov_citation *c = ov_arena_alloc(&a->mem_->arena, n * sizeof *c);
        if (!c) rc = OV_ENOMEM;
        for (size_t k = 0; c && k < n; k++) {
            c[k].source = ov__astr(a, tmp[k].source);
            c[k].locator = ov__astr(a, tmp[k].locator);
            c[k].status = tmp[k].status;
            if (!c[k].source || !c[k].locator) rc = OV_ENOMEM;
        }
        step->cites = c;
        step->n_cites = c ? n : 0;
    }
    if (any) step->status = weakest;
    if (rc && !a->mem_->rc) a->mem_->rc = rc;
    return rc;
}

int ov__step_cite_one(ov_answer *a, ov_step *step, const char *source, const char *locator, int status)
{
    ov_citation *c = ov_arena_alloc(&a->mem_->arena, sizeof *c);
    if (!c) return OV_ENOMEM;
    c->source = ov__astr(a, source ? source : "");
    c->locator = ov__astr(a, locator ? locator : "");
    c->status = status;
    if (!c->source || !c->locator) return OV_ENOMEM;
    step->cites = c;
    step->n_cites = 1;
    return OV_OK;
}

ov_step *ov__step_edge(ov_answer *a, int item, ov_store *st, const ov_graph *g, uint32_t edge, const char *role)
{
    const ov_edge *e = ov_graph_edge(g, edge);
    ov_step *s = ov__step_new(a, item, OV_STEP_EDGE, role);
    if (!s) return NULL;
    s->entity = ov__astr(a, e->interest_id);
    s->from = ov__astr(a, ov_graph_node_id(g, e->from));
    s->from_caption = ov__astr(a, ov_graph_node_caption(g, e->from));
    s->to = ov__astr(a, ov_graph_node_id(g, e->to));
    s->to_caption = ov__astr(a, ov_graph_node_caption(g, e->to));
    s->relation = ov_edge_kind_name(e->kind);
    s->type = ov__astr(a, e->type);
    s->start = ov__astr(a, e->start);
    s->end = ov__astr(a, e->end);
    s->status = e->status;
    if (e->kind == OV_EDGE_OWNERSHIP) {
        if (e->share.has_share) {
            char buf[48];
            ov_share_format(&e->share, buf, sizeof buf);
            s->value = ov__astr(a, buf);
            s->has_band = true;
            s->min = e->share.min;
            s->max = e->share.max;
        } else {
            s->value = "share unknown";
        }
        if (e->conflicting) s->note = "the interest states several different shares";
    }
    if (st) ov__step_cite(a, s, st, e->interest_id, NULL, NULL);
    return s;
}

/* ---- JSON --------------------------------------------------------------------------- */

static void jkv(ov_buf *b, const char *key, const char *val)
{
    if (!val) return;
    ov_buf_printf(b, ",\"%s\":", key);
    ov_buf_add_json_str(b, val);
}

static void jnode(ov_buf *b, const char *key, const char *id, const char *caption)
{
    if (!id) return;
    ov_buf_printf(b, ",\"%s\":{\"id\":", key);
    ov_buf_add_json_str(b, id);
    ov_buf_adds(b, ",\"caption\":");
    ov_buf_add_json_str(b, caption ? caption : id);
    ov_buf_addc(b, '}');
}

static const char *kind_name(ov_step_kind k)
{
    return k == OV_STEP_EDGE ? "edge" : k == OV_STEP_STATEMENT ? "statement" : "assumption";
}

static void step_json(ov_buf *b, const ov_step *s)
{
    ov_buf_printf(b, "{\"kind\":\"%s\"", kind_name(s->kind));
    jkv(b, "role", s->role);
    jkv(b, "entity", s->entity);
    jkv(b, "entity_caption", s->entity_caption);
    jnode(b, "from", s->from, s->from_caption);
    jnode(b, "to", s->to, s->to_caption);
    jkv(b, "relation", s->relation);
    jkv(b, "type", s->type);
    jkv(b, "value", s->value);
    if (s->has_band) ov_buf_printf(b, ",\"min\":%.6g,\"max\":%.6g", s->min, s->max);
    jkv(b, "start", s->start);
    jkv(b, "end", s->end);
    jkv(b, "note", s->note);
    ov_buf_printf(b, ",\"status\":\"%s\",\"citations\":[", ov_status_name(s->status));
    for (size_t i = 0; i < s->n_cites; i++) {
        ov_buf_adds(b, i ? ",{\"source\":" : "{\"source\":");
        ov_buf_add_json_str(b, s->cites[i].source);
        ov_buf_adds(b, ",\"locator\":");
        ov_buf_add_json_str(b, s->cites[i].locator);
        ov_buf_printf(b, ",\"status\":\"%s\"}", ov_status_name(s->cites[i].status));
    }
    ov_buf_adds(b, "]}");
}

static void item_json(ov_buf *b, const ov_explanation *x)
{
    ov_buf_adds(b, "{\"question\":");
    ov_buf_add_json_str(b, x->question);
    jnode(b, "object", x->object, x->object_caption);
    jkv(b, "value", x->value);
    if (x->has_band) ov_buf_printf(b, ",\"min\":%.6g,\"max\":%.6g", x->min, x->max);
    if (x->capped) ov_buf_adds(b, ",\"capped\":true");
    ov_buf_printf(b, ",\"status\":\"%s\",\"rule\":{\"id\":", ov_status_name(x->status));
    ov_buf_add_json_str(b, x->rule.id ? x->rule.id : "");
    jkv(b, "label", x->rule.label);
    jkv(b, "threshold", x->rule.threshold);
    jkv(b, "authority", x->rule.authority);
    ov_buf_addc(b, '}');
    jkv(b, "note", x->note);
    ov_buf_adds(b, ",\"evidence\":[");
    for (size_t i = 0; i < x->n_steps; i++) {
        if (i) ov_buf_addc(b, ',');
        step_json(b, &x->steps[i]);
    }
    ov_buf_addc(b, ']');
    if (x->n_steps_omitted) ov_buf_printf(b, ",\"evidence_omitted\":%zu", x->n_steps_omitted);
    ov_buf_addc(b, '}');
}

int ov_answer_json(const ov_answer *a, char **out)
{
    ov_buf b;
    ov_buf_init(&b, (size_t)1 << 31);
    ov_buf_adds(&b, "{\"question\":");
    ov_buf_add_json_str(&b, a->question);
    if (a->subject) {
        ov_buf_adds(&b, ",\"subject\":{\"id\":");
        ov_buf_add_json_str(&b, a->subject);
        jkv(&b, "caption", a->subject_caption);
        jkv(&b, "schema", a->subject_schema);
        ov_buf_printf(&b, ",\"state_designated\":%s}", a->subject_state_designated ? "true" : "false");
    }
    jkv(&b, "note", a->note);
    ov_buf_adds(&b, ",\"conclusions\":[");
    for (size_t i = 0; i < a->n_items; i++) {
        if (i) ov_buf_addc(&b, ',');
        item_json(&b, &a->items[i]);
    }
    int rc = ov_buf_adds(&b, "]}\n");
    if (rc) {
        ov_buf_release(&b);
        return OV_ENOMEM;
    }
    char *s = ov_buf_detach(&b);
    /* ov_buf's memory comes from malloc (through the counting wrappers): ov_free releases it */
    *out = s;
    return s ? OV_OK : OV_ENOMEM;
}

/* ---- text ------------------------------------------------------------------------------ */

/* Writes s with control characters (and bytes that are not UTF-8) shown as \xNN, so
 * that no byte of the record can move a terminal's cursor or change its title: the
 * one escaping rule of the terminal (util/termesc.h). */
static void tput(FILE *f, const char *s) { ov__term_put(f, s); }

static void tnode(FILE *f, const char *id, const char *caption)
{
    tput(f, caption ? caption : id);
    if (caption && id && strcmp(caption, id) != 0) {
        fputs(" (", f);
        tput(f, id);
        fputc(')', f);
    }
}

static void step_text(FILE *f, const ov_step *s)
{
    fputs("    ", f);
    if (s->role) {
        tput(f, s->role);
        fputs(": ", f);
    }
    if (s->kind == OV_STEP_EDGE) {
        tnode(f, s->from, s->from_caption);
        fprintf(f, " -[%s", s->relation ? s->relation : "link");
        if (s->value) {
            fputc(' ', f);
            tput(f, s->value);
        }
        if (s->type) {
            fputs(", ", f);
            tput(f, s->type);
        }
        fputs("]-> ", f);
        tnode(f, s->to, s->to_caption);
        if (s->entity) {
            fputs("   (", f);
            tput(f, s->entity);
            fputc(')', f);
        }
    } else if (s->kind == OV_STEP_STATEMENT) {
        tnode(f, s->entity, s->entity_caption);
        fputs(": ", f);
        tput(f, s->relation);
        fputs(" = ", f);
        tput(f, s->value);
    } else {
        tput(f, s->value);
    }
    fprintf(f, " [%s]\n", ov_status_name(s->status));
    if (s->note) {
        fputs("        note: ", f);
        tput(f, s->note);
        fputc('\n', f);
    }
    for (size_t i = 0; i < s->n_cites; i++) {
        fputs("        source: ", f);
        tput(f, s->cites[i].source);
        if (*s->cites[i].source && *s->cites[i].locator) fputs(" — ", f);
        tput(f, s->cites[i].locator);
        fprintf(f, " [%s]\n", ov_status_name(s->cites[i].status));
    }
}

static void item_text(FILE *f, const ov_explanation *x)
{
    for (const char *q = x->question; *q; q++) fputc(*q == '-' ? ' ' : *q, f);
    if (x->object) {
        fputs(" ", f);
        tnode(f, x->object, x->object_caption);
    }
    fputs(": ", f);
    tput(f, x->value);
    fprintf(f, " [%s]\n", ov_status_name(x->status));
    fputs("  rule ", f);
    tput(f, x->rule.id);
    if (x->rule.label) {
        fputs(": ", f);
        tput(f, x->rule.label);
    }
    if (x->rule.threshold) {
        fputs(" (", f);
        tput(f, x->rule.threshold);
        fputc(')', f);
    }
    fputc('\n', f);
    if (x->rule.authority) {
        fputs("  authority: ", f);
        tput(f, x->rule.authority);
        fputc('\n', f);
    }
    if (x->note) {
        fputs("  note: ", f);
        tput(f, x->note);
        fputc('\n', f);
    }
    if (x->n_steps) fputs("  evidence:\n", f);
    for (size_t i = 0; i < x->n_steps; i++) step_text(f, &x->steps[i]);
    if (x->n_steps_omitted) fprintf(f, "    ... and %zu more\n", x->n_steps_omitted);
}

int ov_answer_text(const ov_answer *a, FILE *f)
{
    if (a->subject) {
        for (const char *q = a->question; *q; q++) fputc(*q == '-' ? ' ' : *q, f);
        fputs(" of ", f);
        tnode(f, a->subject, a->subject_caption);
        fputc('\n', f);
    }
    else {
        for (const char *q = a->question; *q; q++) fputc(*q == '-' ? ' ' : *q, f);
        fputc('\n', f);
    }
    if (a->note) {
        fputs("  ", f);
        tput(f, a->note);
        fputc('\n', f);
    }
    if (!a->n_items) fputs("\n  none recorded\n", f);
    for (size_t i = 0; i < a->n_items; i++) {
        fputc('\n', f);
        item_text(f, &a->items[i]);
    }
    return ferror(f) ? OV_EIO : OV_OK;
}

const char *ov__name_of(ov_store *st, const ov_graph *g, const char *id, char *buf, size_t len)
{
    if (!id) return "";
    uint32_t node;
    snprintf(buf, len, "%s", id);
    if (g && ov_graph_find(g, id, &node)) {
        const char *c = ov_graph_node_caption(g, node);
        if (c && *c && strcmp(c, id)) {
            snprintf(buf, len, "%s", c);
            return buf;
        }
    }
    ov_entity *e = NULL;
    if (st && ov_store_get(st, id, 0, &e) == OV_OK) {
        const char *c = e->caption;
        for (size_t i = 0; !c && i < e->n_stmts; i++)
            if (e->stmts[i].status != OV_ST_RETRACTED &&
                (!strcmp(e->stmts[i].prop, "name") || !strcmp(e->stmts[i].prop, "title")))
                c = e->stmts[i].value;
        if (c && *c) snprintf(buf, len, "%s", c);
        ov_entity_free(e);
    }
    return buf;
}
