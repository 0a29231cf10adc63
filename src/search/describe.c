/*
 * describe.c - a search result described (search.h): its country, the lists
 * naming it, and a snippet of the statement that matched with each matched
 * word marked. Words compare as the index does (fts.c): case folded, full
 * width narrowed, traditional Chinese as simplified; a Latin word matches at
 * the start of a word (the index's prefix search), a run of Chinese
 * characters anywhere.
 */
#include <stdio.h>
#include <string.h>
#include "oversight/model.h"
#include "oversight/search.h"
#include "fts.h"
#include "../store/store_internal.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/utf8.h"
#include "../util/banned.h"

#define MAX_TERMS 16
#define MAX_TERM_CPS 64
#define SNIPPET_BEFORE 60 /* bytes of context before the first match */
#define SNIPPET_MAX 220   /* bytes of value shown */
#define MAX_LISTS 6

typedef struct term {
    uint32_t cp[MAX_TERM_CPS];
    int n;
    bool cjk;
} term;

static bool word_cp(uint32_t cp)
{
    if (cp < 0x80) return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
    return !(cp >= 0x2000 && cp <= 0x206F) && !(cp >= 0x3000 && cp <= 0x303F) && !(cp >= 0xFF00 && cp <= 0xFF0F);
}

/* The query's words and Chinese runs, folded. */
static int terms_of(const char *q, term *t)
{
    int n = 0;
    const char *p = q;
    while (p && *p && n < MAX_TERMS) {
        uint32_t cp;
        int k = ov_utf8_decode(p, &cp);
        if (k <= 0) break;
        uint32_t f = ov__fts_fold_cp(cp);
        if (!word_cp(f)) {
            p += k;
            continue;
        }
        bool cjk = ov_utf8_is_cjk(f);
        term *x = &t[n++];
        x->n = 0;
        x->cjk = cjk;
        while (*p) {
            k = ov_utf8_decode(p, &cp);
            if (k <= 0) break;
            f = ov__fts_fold_cp(cp);
            if (!word_cp(f) || (bool)ov_utf8_is_cjk(f) != cjk) break;
            if (x->n < MAX_TERM_CPS) x->cp[x->n++] = f;
            p += k;
        }
    }
    return n;
}

/* Whether term t matches s at byte offset i (s[i] starts a code point); *end
 * gets the offset after the match. */
static bool match_at(const char *s, size_t i, const term *t, size_t *end)
{
    if (!t->cjk && i > 0) {
        /* a Latin word matches at a word's start */
        size_t j = i;
        do j--;
        while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80);
        uint32_t prev;
        if (ov_utf8_decode(s + j, &prev) > 0 && word_cp(ov__fts_fold_cp(prev)) && !ov_utf8_is_cjk(prev)) return false;
    }
    size_t p = i;
    for (int k = 0; k < t->n; k++) {
        uint32_t cp;
        int len = s[p] ? ov_utf8_decode(s + p, &cp) : 0;
        if (len <= 0 || ov__fts_fold_cp(cp) != t->cp[k]) return false;
        p += (size_t)len;
    }
    *end = p;
    return true;
}

/* Marks every match of the terms in value; *n_terms_hit counts the terms
 * found at least once. NULL when none is found (or out of memory). */
static char *mark(const char *value, const term *t, int nt, int *n_terms_hit)
{
    bool hit[MAX_TERMS] = {0};
    size_t len = strlen(value), first = len;
    for (size_t i = 0; i < len;) {
        size_t end = 0;
        for (int k = 0; k < nt; k++)
            if (match_at(value, i, &t[k], &end)) {
                hit[k] = true;
                if (first == len) first = i;
                break;
            }
        uint32_t cp;
        int step = ov_utf8_decode(value + i, &cp);
        i += step > 0 ? (size_t)step : 1;
    }
    *n_terms_hit = 0;
    for (int k = 0; k < nt; k++) *n_terms_hit += hit[k];
    if (!*n_terms_hit) return NULL;
    /* a window around the first match, on code point boundaries */
    size_t from = first > SNIPPET_BEFORE ? first - SNIPPET_BEFORE : 0;
    while (from > 0 && ((unsigned char)value[from] & 0xC0) == 0x80) from--;
    size_t to = from + SNIPPET_MAX < len ? from + SNIPPET_MAX : len;
    while (to < len && ((unsigned char)value[to] & 0xC0) == 0x80) to++;
    ov_buf b;
    ov_buf_init(&b, 4096);
    if (from) ov_buf_adds(&b, "…");
    for (size_t i = from; i < to;) {
        size_t end = 0;
        bool m = false;
        for (int k = 0; k < nt && !m; k++) m = match_at(value, i, &t[k], &end);
        if (m) {
            if (end > to) end = to;
            ov_buf_addc(&b, '\x01');
            ov_buf_add(&b, value + i, end - i);
            ov_buf_addc(&b, '\x02');
            i = end;
        } else {
            uint32_t cp;
            int step = ov_utf8_decode(value + i, &cp);
            size_t s = step > 0 ? (size_t)step : 1;
            ov_buf_add(&b, value + i, s);
            i += s;
        }
    }
    if (to < len) ov_buf_adds(&b, "…");
    return ov_buf_detach(&b);
}

/* Names first: a match in a name says more than one in a description. */
static int prop_weight(const char *prop)
{
    static const char *const names[] = {"name", "alias", "previousName", "weakAlias", "title", "abbreviation"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(prop, names[i])) return 1;
    return 0;
}

typedef struct lists_ctx {
    ov_store *st;
    ov_buf *b;
    size_t n;
} lists_ctx;

static int list_cb(const char *entity_id, const char *schema, const char *prop, void *ud)
{
    lists_ctx *x = ud;
    if (strcmp(schema, "Sanction") || strcmp(prop, "entity") || x->n >= MAX_LISTS) return 0;
    ov_entity *e;
    if (ov_store_get(x->st, entity_id, 0, &e)) return 0;
    const char *prog = NULL;
    for (size_t i = 0; i < e->n_stmts && !prog; i++)
        if (e->stmts[i].status != OV_ST_RETRACTED && !strcmp(e->stmts[i].prop, "program")) prog = e->stmts[i].value;
    /* one mention per list (several versions of one list are one list) */
    bool seen = false;
    for (const char *p = ov_buf_str(x->b); prog && *p && !seen;) {
        size_t len = strcspn(p, "\n");
        seen = len == strlen(prog) && !strncmp(p, prog, len);
        p += len + (p[len] == '\n');
    }
    if (prog && !seen) {
        if (x->n) ov_buf_addc(x->b, '\n');
        ov_buf_adds(x->b, prog);
        x->n++;
    }
    ov_entity_free(e);
    return 0;
}

int ov_search_describe(ov_store *st, const char *id, const char *query, ov_search_info *out)
{
    memset(out, 0, sizeof *out);
    ov_entity *e;
    int rc = ov_store_get(st, id, 0, &e);
    if (rc) return rc;
    const ov_model *m = ov__store_model(st);
    const ov_schema *sch = m ? ov_model_schema(m, e->schema) : NULL;
    term t[MAX_TERMS];
    int nt = query ? terms_of(query, t) : 0;
    int best_hits = 0, best_weight = -1;
    for (size_t i = 0; i < e->n_stmts && !rc; i++) {
        const ov_stmt *s = &e->stmts[i];
        if (s->status == OV_ST_RETRACTED) continue;
        const ov_prop *p = sch ? ov_schema_prop(sch, s->prop) : NULL;
        if (!out->country && p && ov_prop_type(p) == OV_T_COUNTRY) {
            out->country = ov__strdup(s->value);
            const char *name = ov_country_name(s->value);
            if (name) out->country_name = ov__strdup(name);
            if (!out->country || (name && !out->country_name)) rc = OV_ENOMEM;
        }
        if (!nt || (p && ov_prop_type(p) == OV_T_ENTITY)) continue;
        int hits = 0, w = prop_weight(s->prop);
        if (hits > best_hits || best_hits == 0 || w > best_weight) {
            char *sn = mark(s->value, t, nt, &hits);
            if (sn && (hits > best_hits || (hits == best_hits && w > best_weight))) {
                ov__free(out->snippet);
                ov__free(out->prop);
                out->snippet = sn;
                out->prop = ov__strdup(s->prop);
                best_hits = hits, best_weight = w;
                if (!out->prop) rc = OV_ENOMEM;
            } else {
                ov__free(sn);
            }
        }
    }
    if (!rc) {
        ov_buf b;
        ov_buf_init(&b, 8192);
        lists_ctx x = {st, &b, 0};
        ov__store_referrers(st, id, list_cb, &x);
        out->n_lists = x.n;
        if (b.len) out->lists = ov_buf_detach(&b);
        ov_buf_release(&b);
    }
    ov_entity_free(e);
    if (rc) ov_search_info_release(out);
    return rc;
}

void ov_search_info_release(ov_search_info *info)
{
    ov__free(info->country), ov__free(info->country_name), ov__free(info->lists);
    ov__free(info->prop), ov__free(info->snippet);
    memset(info, 0, sizeof *info);
}
