/* resolved.c - an entity as its cluster: the canonical id, the referents, the
 * judgements behind them, and each property's values with the referent (and
 * the source) that said them. One JSON writer for the CLI's `get`, `search`
 * and the API's entity responses (see resolve.h). */
#include <stdio.h>
#include <string.h>
#include "oversight/resolve.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/banned.h"

#define RESOLVED_MAX ((size_t)64 << 20) /* bytes of JSON for one cluster */

/* A JSON string safe inside HTML too (the API's responses): < > & and U+2028/9
 * escaped as \uXXXX beside what JSON requires. */
static void jstr(ov_buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s, *run = p;
    ov_buf_addc(b, '"');
    for (; *p; p++) {
        bool sep = p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9);
        if (*p >= 0x20 && *p != '"' && *p != '\\' && *p != '<' && *p != '>' && *p != '&' && *p != 0x7f && !sep)
            continue;
        ov_buf_add(b, run, (size_t)(p - run));
        if (*p == '"' || *p == '\\') {
            char esc[2] = {'\\', (char)*p};
            ov_buf_add(b, esc, 2);
        } else if (sep) {
            ov_buf_adds(b, p[2] == 0xa8 ? "\\u2028" : "\\u2029");
            p += 2;
        } else {
            char esc[6] = {'\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15]};
            ov_buf_add(b, esc, 6);
        }
        run = p + 1;
    }
    ov_buf_add(b, run, (size_t)(p - run));
    ov_buf_addc(b, '"');
}

static void jkv(ov_buf *b, const char *key, const char *value, bool comma)
{
    ov_buf_printf(b, "%s\"%s\":", comma ? "," : "", key);
    if (value) jstr(b, value);
    else ov_buf_adds(b, "null");
}

/* The judgements of r that name a member of the cluster ids[0..n). */
static void judgements_json(ov_buf *b, const ov_resolver *r, const char *const *ids, size_t n)
{
    ov_buf_adds(b, ",\"judgements\":[");
    int k = 0;
    for (size_t i = 0; i < ov_resolver_count(r); i++) {
        const ov_judgement *j = ov_resolver_at(r, i);
        bool mine = false;
        for (size_t m = 0; m < n && !mine; m++) mine = !strcmp(j->left, ids[m]) || !strcmp(j->right, ids[m]);
        if (!mine) continue;
        ov_buf_adds(b, k++ ? ",{" : "{");
        jkv(b, "id", j->id, false);
        jkv(b, "left", j->left, true);
        jkv(b, "right", j->right, true);
        jkv(b, "verdict", ov_verdict_name(j->verdict), true);
        jkv(b, "reason", j->reason, true);
        jkv(b, "author", j->author, true);
        jkv(b, "date", j->date, true);
        jkv(b, "source", j->source, true);
        jkv(b, "locator", j->locator, true);
        ov_buf_addc(b, '}');
    }
    ov_buf_adds(b, "]");
}

/* The properties of the referents' entities es[0..n) (NULL: gone), each value with
 * its referent and citation, grouped by property in the order first seen. */
static void properties_json(ov_buf *b, ov_entity *const *es, size_t n)
{
    ov_buf_adds(b, ",\"properties\":{");
    int np = 0;
    for (size_t a = 0; a < n; a++) {
        if (!es[a]) continue;
        for (size_t i = 0; i < es[a]->n_stmts; i++) {
            const ov_stmt *s = &es[a]->stmts[i];
            if (s->status == OV_ST_RETRACTED) continue;
            /* a property is written once, at its first statement in the cluster */
            bool seen = false;
            for (size_t x = 0; x <= a && !seen; x++)
                for (size_t k = 0; es[x] && k < (x == a ? i : es[x]->n_stmts) && !seen; k++)
                    seen = es[x]->stmts[k].status != OV_ST_RETRACTED && !strcmp(es[x]->stmts[k].prop, s->prop);
            if (seen) continue;
            if (np++) ov_buf_addc(b, ',');
            jstr(b, s->prop);
            ov_buf_adds(b, ":[");
            int nv = 0;
            for (size_t x = a; x < n; x++)
                for (size_t k = x == a ? i : 0; es[x] && k < es[x]->n_stmts; k++) {
                    const ov_stmt *t = &es[x]->stmts[k];
                    if (t->status == OV_ST_RETRACTED || strcmp(t->prop, s->prop)) continue;
                    ov_buf_adds(b, nv++ ? ",{" : "{");
                    jkv(b, "value", t->value, false);
                    jkv(b, "referent", es[x]->id, true);
                    jkv(b, "dataset", t->dataset, true);
                    jkv(b, "source", t->source, true);
                    jkv(b, "locator", t->locator, true);
                    jkv(b, "status", ov_status_name(t->status), true);
                    ov_buf_addc(b, '}');
                }
            ov_buf_addc(b, ']');
        }
    }
    ov_buf_adds(b, "}");
}

int ov_resolution_json(ov_store *st, const ov_resolver *r, const char *id, int flags, char **json)
{
    *json = NULL;
    const char **ids = NULL;
    size_t n = 0;
    int rc = ov_resolver_referents(r, id, &ids, &n);
    if (rc) return rc;
    ov_entity **es = (flags & OV_RESOLUTION_PROPERTIES) ? ov__calloc(n, sizeof *es) : NULL;
    if ((flags & OV_RESOLUTION_PROPERTIES) && !es) {
        ov__free(ids);
        return OV_ENOMEM;
    }
    for (size_t i = 0; es && i < n && !rc; i++) {
        rc = ov_store_get(st, ids[i], 0, &es[i]);
        if (rc == OV_ENOTFOUND) rc = OV_OK; /* a referent deleted since it was judged */
    }
    ov_buf b;
    ov_buf_init(&b, RESOLVED_MAX);
    if (!rc) {
        ov_buf_addc(&b, '{');
        jkv(&b, "canonical_id", ov_resolver_canonical(r, id), false);
        ov_buf_adds(&b, ",\"referents\":[");
        for (size_t i = 0; i < n; i++) {
            if (i) ov_buf_addc(&b, ',');
            jstr(&b, ids[i]);
        }
        ov_buf_addc(&b, ']');
        if (flags & OV_RESOLUTION_JUDGEMENTS) judgements_json(&b, r, ids, n);
        if (es) properties_json(&b, es, n);
        if (ov_buf_addc(&b, '}')) rc = b.len >= RESOLVED_MAX ? OV_ETOOBIG : OV_ENOMEM;
    }
    for (size_t i = 0; es && i < n; i++) ov_entity_free(es[i]);
    ov__free(es);
    ov__free(ids);
    if (!rc && !(*json = ov_buf_detach(&b))) rc = OV_ENOMEM;
    ov_buf_release(&b);
    return rc;
}
