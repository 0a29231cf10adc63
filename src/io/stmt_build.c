/* stmt_build.c - the one statement builder of the readers (stmt_build.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "stmt_build.h"
#include "../util/utf8.h"
#include "../util/banned.h"

void ov__stmts_begin(ov__stmts *b, ov_entity *e, ov_arena *arena, int status, const char *source,
                     const char *locator, bool shares_fraction)
{
    b->e = e;
    b->cap = 0;
    b->arena = arena;
    b->status = status;
    b->source = source;
    b->locator = locator;
    b->shares_fraction = shares_fraction;
    e->stmts = NULL;
    e->n_stmts = 0;
}

ov_stmt *ov__stmts_new(ov__stmts *b)
{
    ov_entity *e = b->e;
    if (e->n_stmts == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 16;
        ov_stmt *n = ov_arena_alloc(b->arena, cap * sizeof *n);
        if (!n) return NULL;
        if (e->n_stmts) memcpy(n, e->stmts, e->n_stmts * sizeof *n);
        e->stmts = n;
        b->cap = cap;
    }
    ov_stmt *s = &e->stmts[e->n_stmts++];
    memset(s, 0, sizeof *s);
    s->status = b->status;
    s->source = b->source;
    s->locator = b->locator;
    return s;
}

/* A share the source states as a fraction, as a percent: "0.68" -> "68%" (1 when
 * converted, 0 when the text is not a bare number, so it says what it is itself:
 * "25-50%", "majority"; -1 for a bare number outside 0..1). */
static int fraction_to_percent(const char *value, size_t len, char *out, size_t n)
{
    char buf[64];
    if (len >= sizeof buf) return 0;
    memcpy(buf, value, len);
    buf[len] = '\0';
    char *p = buf;
    while (*p == ' ') p++;
    if (!*p) return 0;
    for (char *q = p; *q; q++)
        if (!((*q >= '0' && *q <= '9') || *q == '.' || *q == ' ')) return 0;
    char *end;
    double v = strtod(p, &end);
    while (*end == ' ') end++;
    if (*end || end == p) return 0;
    if (v < 0 || v > 1) return -1;
    snprintf(out, n, "%.10g%%", v * 100);
    return 1;
}

int ov__stmts_add_value(ov__stmts *b, const ov_model *m, const ov_prop *p, const char *value, size_t len,
                        ov_stmt **out, ov__value_fault *fault, size_t *bad, const char **why, bool *cleaned)
{
    if (out) *out = NULL;
    *fault = OV__VALUE_OK;
    *cleaned = false;
    *why = NULL;
    if (!ov_utf8_valid(value, len, bad)) {
        *fault = OV__VALUE_UTF8;
        return OV_EINVAL;
    }
    char clean[64];
    if (ov_model_validate(m, p, value, len, clean, sizeof clean, cleaned, why)) {
        *fault = OV__VALUE_TYPE;
        return OV_EINVAL;
    }
    if (b->shares_fraction && !strcmp(ov_prop_name(p), "percentage")) {
        char pct[64];
        int k = fraction_to_percent(value, len, pct, sizeof pct);
        if (k < 0) {
            *fault = OV__VALUE_FRACTION;
            return OV_EINVAL;
        }
        if (k > 0) {
            /* the percent is the value; what the source wrote stays as the original */
            memcpy(clean, pct, strlen(pct) + 1);
            *cleaned = true;
        }
    }
    ov_stmt *s = ov__stmts_new(b);
    if (!s) return OV_ENOMEM;
    s->prop = ov_prop_name(p);
    if (*cleaned) {
        s->value = ov_arena_strdup(b->arena, clean);
        s->original_value = ov_arena_strndup(b->arena, value, len);
        if (!s->original_value) return OV_ENOMEM;
    } else {
        s->value = ov_arena_strndup(b->arena, value, len);
    }
    if (!s->value) return OV_ENOMEM;
    if (out) *out = s;
    return OV_OK;
}
