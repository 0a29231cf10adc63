/*
 * rules_lang.c - the applicability rule language: a tokenizer and a
 * recursive-descent parser into expression trees (see law.h and
 * docs/internals/exposure.md for the grammar). Errors name the line.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "law_internal.h"
#include "../util/alloc.h"
#include "../util/banned.h"

#define MAX_DEPTH 64

typedef enum { T_EOF, T_WORD, T_STRING, T_LPAREN, T_RPAREN, T_EQUALS } tok_kind;

typedef struct token {
    tok_kind k;
    const char *s;  /* arena copy for words and strings */
    int line;
    bool at_line_start; /* first token of a line that starts in column 0 */
} token;

typedef struct parser {
    ov_rules *r;
    const char *start, *p, *end, *name;
    int line;
    int last_line; /* the line of the last real token read */
    int prev_line; /* the line of the token before the current one */
    token cur;
    char *err;
    size_t errlen;
    int failed;
} parser;

static int fail(parser *ps, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(parser *ps, int line, const char *fmt, ...)
{
    if (ps->failed) return OV_EINVAL;
    ps->failed = 1;
    int n = snprintf(ps->err, ps->errlen, "%s:%d: ", ps->name, line);
    if (n < 0 || (size_t)n >= ps->errlen) return OV_EINVAL;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ps->err + n, ps->errlen - (size_t)n, fmt, ap);
    va_end(ap);
    return OV_EINVAL;
}

static bool word_char(char c)
{
    return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.' || c == ':' || c == '/' ||
           (unsigned char)c >= 0x80;
}

static int next(parser *ps)
{
    ps->prev_line = ps->cur.line;
    bool line_start = ps->p == ps->start || ps->p[-1] == '\n';
    for (;;) {
        while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\r')) {
            ps->p++;
            line_start = false;
        }
        if (ps->p < ps->end && *ps->p == '#') {
            while (ps->p < ps->end && *ps->p != '\n') ps->p++;
        }
        if (ps->p < ps->end && *ps->p == '\n') {
            ps->p++;
            ps->line++;
            line_start = true;
            continue;
        }
        break;
    }
    token t = {T_EOF, NULL, ps->line, line_start};
    if (ps->p >= ps->end) {
        t.line = ps->last_line ? ps->last_line : ps->line;
        ps->cur = t;
        return OV_OK;
    }
    ps->last_line = ps->line;
    char c = *ps->p;
    if (c == '(' || c == ')' || c == '=') {
        t.k = c == '(' ? T_LPAREN : c == ')' ? T_RPAREN : T_EQUALS;
        ps->p++;
    } else if (c == '"') {
        const char *start = ++ps->p;
        while (ps->p < ps->end && *ps->p != '"' && *ps->p != '\n') ps->p++;
        if (ps->p >= ps->end || *ps->p != '"') return fail(ps, ps->line, "string not closed on its line");
        t.k = T_STRING;
        t.s = ov_arena_strndup(&ps->r->arena, start, (size_t)(ps->p - start));
        ps->p++;
    } else if (word_char(c)) {
        const char *start = ps->p;
        while (ps->p < ps->end && word_char(*ps->p)) ps->p++;
        t.k = T_WORD;
        t.s = ov_arena_strndup(&ps->r->arena, start, (size_t)(ps->p - start));
    } else {
        return fail(ps, ps->line, "unexpected character '%c'", c);
    }
    if ((t.k == T_WORD || t.k == T_STRING) && !t.s) return fail(ps, ps->line, "out of memory");
    ps->cur = t;
    return OV_OK;
}

static bool is_word(const parser *ps, const char *w)
{
    return ps->cur.k == T_WORD && strcmp(ps->cur.s, w) == 0;
}

static rnode *node(parser *ps, rkind k, int line)
{
    rnode *n = ov_arena_alloc(&ps->r->arena, sizeof *n);
    if (!n) {
        fail(ps, line, "out of memory");
        return NULL;
    }
    memset(n, 0, sizeof *n);
    n->k = k;
    n->line = line;
    return n;
}

static rnode *parse_expr(parser *ps, int depth);

/* A definition ends where the next one starts: a word in column 0. */
static bool at_definition_end(const parser *ps)
{
    return ps->cur.k == T_EOF || ps->cur.at_line_start;
}

static const char *take_arg(parser *ps, const char *pred, bool string_only)
{
    if (at_definition_end(ps) || (ps->cur.k != T_WORD && ps->cur.k != T_STRING) ||
        (string_only && ps->cur.k != T_STRING)) {
        fail(ps, at_definition_end(ps) ? ps->prev_line : ps->cur.line, "'%s' needs %s", pred,
             string_only ? "a \"quoted text\"" : "an argument");
        return NULL;
    }
    const char *s = ps->cur.s;
    if (next(ps)) return NULL;
    return s;
}

static rnode *parse_factor(parser *ps, int depth)
{
    if (depth > MAX_DEPTH) {
        fail(ps, ps->cur.line, "expression nested too deeply");
        return NULL;
    }
    int line = ps->cur.line;
    if (at_definition_end(ps)) {
        /* the definition ended early: report where it ended, not where the next begins */
        fail(ps, ps->prev_line, "expected a condition");
        return NULL;
    }
    if (ps->cur.k == T_LPAREN) {
        if (next(ps)) return NULL;
        rnode *e = parse_expr(ps, depth + 1);
        if (!e) return NULL;
        if (ps->cur.k != T_RPAREN) {
            fail(ps, ps->cur.line, "expected ')' to close the '(' of line %d", line);
            return NULL;
        }
        if (next(ps)) return NULL;
        return e;
    }
    if (ps->cur.k != T_WORD) {
        fail(ps, line, "expected a condition");
        return NULL;
    }
    static const struct { const char *word; rkind k; bool string_arg; } preds[] = {
        {"schema", R_SCHEMA, false},       {"country", R_COUNTRY, false},
        {"jurisdiction", R_JURISDICTION, false}, {"topic", R_TOPIC, false},
        {"mentions", R_MENTIONS, true},    {"class", R_CLASS, false},
        {"controlled-from", R_CONTROLLED_FROM, false}, {"subject-to", R_SUBJECT_TO, false}};
    if (is_word(ps, "not")) {
        if (next(ps)) return NULL;
        rnode *n = node(ps, R_NOT, line);
        if (!n || !(n->a = parse_factor(ps, depth + 1))) return NULL;
        return n;
    }
    if (is_word(ps, "via")) {
        if (next(ps)) return NULL;
        rnode *n = node(ps, R_VIA, line);
        if (!n || !(n->arg = take_arg(ps, "via", false))) return NULL;
        if (ps->cur.k != T_LPAREN) {
            fail(ps, ps->cur.line, "'via %s' needs a condition in parentheses", n->arg);
            return NULL;
        }
        if (!(n->a = parse_factor(ps, depth + 1))) return NULL;
        return n;
    }
    for (size_t i = 0; i < sizeof preds / sizeof preds[0]; i++) {
        if (!is_word(ps, preds[i].word)) continue;
        if (next(ps)) return NULL;
        rnode *n = node(ps, preds[i].k, line);
        if (!n || !(n->arg = take_arg(ps, preds[i].word, preds[i].string_arg))) return NULL;
        return n;
    }
    fail(ps, line, "unknown condition '%s' (schema, country, jurisdiction, topic, mentions, class, "
                   "controlled-from, subject-to, via, not)", ps->cur.s);
    return NULL;
}

static rnode *parse_term(parser *ps, int depth)
{
    rnode *left = parse_factor(ps, depth);
    while (left && !at_definition_end(ps) && is_word(ps, "and")) {
        int line = ps->cur.line;
        if (next(ps)) return NULL;
        rnode *n = node(ps, R_AND, line);
        if (!n) return NULL;
        n->a = left;
        if (!(n->b = parse_factor(ps, depth))) return NULL;
        left = n;
    }
    return left;
}

static rnode *parse_expr(parser *ps, int depth)
{
    rnode *left = parse_term(ps, depth);
    while (left && !at_definition_end(ps) && is_word(ps, "or")) {
        int line = ps->cur.line;
        if (next(ps)) return NULL;
        rnode *n = node(ps, R_OR, line);
        if (!n) return NULL;
        n->a = left;
        if (!(n->b = parse_term(ps, depth))) return NULL;
        left = n;
    }
    return left;
}

static int parse_definition(parser *ps)
{
    int line = ps->cur.line;
    if (!ps->cur.at_line_start || !(is_word(ps, "class") || is_word(ps, "test")))
        return fail(ps, line, "expected 'class NAME ... = CONDITION' or 'test NAME ... = CONDITION' at the start of a line");
    if (ps->r->n >= OV_MAX_RULES) return fail(ps, line, "more than %d definitions", OV_MAX_RULES);
    rdef *d = &ps->r->defs[ps->r->n];
    memset(d, 0, sizeof *d);
    d->is_test = is_word(ps, "test");
    d->line = line;
    if (next(ps)) return OV_EINVAL;
    if (ps->cur.k != T_WORD || ps->cur.at_line_start) return fail(ps, line, "a definition needs a name");
    d->name = ps->cur.s;
    for (int i = 0; i < ps->r->n; i++)
        if (strcmp(ps->r->defs[i].name, d->name) == 0)
            return fail(ps, line, "'%s' is defined twice (first on line %d)", d->name, ps->r->defs[i].line);
    if (next(ps)) return OV_EINVAL;
    while (ps->cur.k == T_WORD && !ps->cur.at_line_start) {
        if (is_word(ps, "source")) {
            if (next(ps)) return OV_EINVAL;
            if (!(d->source = take_arg(ps, "source", false))) return OV_EINVAL;
        } else if (is_word(ps, "label")) {
            if (next(ps)) return OV_EINVAL;
            if (!(d->label = take_arg(ps, "label", true))) return OV_EINVAL;
        } else {
            return fail(ps, ps->cur.line, "expected 'source', 'label' or '=' after the name, not '%s'", ps->cur.s);
        }
    }
    if (ps->cur.k != T_EQUALS) return fail(ps, ps->cur.line, "expected '=' before the condition of '%s'", d->name);
    if (next(ps)) return OV_EINVAL;
    if (!(d->expr = parse_expr(ps, 0))) return OV_EINVAL;
    if (!at_definition_end(ps)) return fail(ps, ps->cur.line, "unexpected '%s' after the condition", ps->cur.s ? ps->cur.s : ")");
    ps->r->n++;
    return OV_OK;
}

/* Checks class references and that classes do not depend on themselves. */
static int check_refs(parser *ps, const rnode *n, int self, int depth)
{
    if (!n) return OV_OK;
    if (depth > OV_MAX_RULES) return fail(ps, n->line, "classes depend on each other in a cycle");
    if (n->k == R_SUBJECT_TO && self >= 0)
        return fail(ps, n->line, "'subject-to' belongs in tests: a class defined by exposure would depend on itself");
    if (n->k == R_CLASS) {
        int idx = ov__rules_find(ps->r, n->arg);
        if (idx < 0) return fail(ps, n->line, "unknown class '%s'", n->arg);
        if (ps->r->defs[idx].is_test) return fail(ps, n->line, "'%s' is a test, not a class", n->arg);
        if (idx == self) return fail(ps, n->line, "class '%s' refers to itself", n->arg);
        int rc = check_refs(ps, ps->r->defs[idx].expr, self, depth + 1);
        if (rc) return rc;
    }
    int rc = check_refs(ps, n->a, self, depth);
    if (!rc) rc = check_refs(ps, n->b, self, depth);
    return rc;
}

int ov__rules_find(const ov_rules *r, const char *name)
{
    for (int i = 0; i < r->n; i++)
        if (strcmp(r->defs[i].name, name) == 0) return i;
    return -1;
}

int ov_rules_parse(ov_rules **out, const char *text, size_t len, const char *name, char *err, size_t errlen)
{
    *out = NULL;
    ov_rules *r = ov__calloc(1, sizeof *r);
    if (!r) return OV_ENOMEM;
    ov_arena_init(&r->arena, 16 * 1024, (size_t)64 << 20);
    parser ps = {.r = r, .start = text, .p = text, .end = text + len, .name = name, .line = 1, .err = err, .errlen = errlen};
    if (errlen) err[0] = '\0';
    int rc = next(&ps);
    while (!rc && ps.cur.k != T_EOF) rc = parse_definition(&ps);
    for (int i = 0; !rc && i < r->n; i++) rc = check_refs(&ps, r->defs[i].expr, r->defs[i].is_test ? -1 : i, 0);
    if (rc) {
        ov_rules_free(r);
        return OV_EINVAL;
    }
    *out = r;
    return OV_OK;
}

extern const char ov__applicability_rules[];

int ov_rules_load_default(ov_rules **out, char *err, size_t errlen)
{
    return ov_rules_parse(out, ov__applicability_rules, strlen(ov__applicability_rules), "applicability.rules", err,
                          errlen);
}

void ov_rules_free(ov_rules *r)
{
    if (!r) return;
    ov_arena_release(&r->arena);
    ov__free(r);
}

int ov_rules_count(const ov_rules *r) { return r->n; }

void ov_rules_at(const ov_rules *r, int i, const char **kind, const char **name, const char **label,
                 const char **source)
{
    const rdef *d = &r->defs[i];
    if (kind) *kind = d->is_test ? "test" : "class";
    if (name) *name = d->name;
    if (label) *label = d->label ? d->label : d->name;
    if (source) *source = d->source;
}
