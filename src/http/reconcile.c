/*
 * reconcile.c - the W3C Reconciliation Service API (version 0.2) at
 * /reconcile/{dataset}, so that OpenRefine can reconcile a column of company
 * names against the record (docs/internals/yente.md):
 *
 *   GET  /reconcile/{dataset}                  the service manifest
 *   GET|POST /reconcile/{dataset}?queries=...   reconciliation queries (JSON:
 *        {key: {"query", "type", "limit", "properties": [{"pid", "v"}]}})
 *   GET  /reconcile/{dataset}/preview?id=       a small HTML card of an entity
 *   GET  /reconcile/{dataset}/suggest/entity|type|property?prefix=
 *
 * Each query becomes a yente /match query (its type the schema, its text the
 * name, its properties the properties) answered by the same matcher through
 * yente_api.c; scores are yente's times 100. A `callback` parameter wraps the
 * JSON for JSONP clients (older OpenRefine without CORS).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cjson/cJSON.h>
#include "http_internal.h"
#include "oversight/match.h"
#include "../util/alloc.h"
#include "../util/banned.h"

#define B (&c->resp->body)
#define MAX_QUERIES 1000   /* per request, as yente's batches */
#define SUGGEST_MAX 20

/* ---- the response frame: JSON, or JSONP when a valid callback is given ---------- */

/* A JSONP callback must be a plain JavaScript name path (no code). */
static bool callback_ok(const char *s)
{
    size_t n = strlen(s);
    if (!n || n > 64) return false;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        bool alpha = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' || ch == '$';
        if (!alpha && !(i && ((ch >= '0' && ch <= '9') || ch == '.'))) return false;
    }
    return true;
}

/* Starts a response; false (with a 400) for a bad callback. */
static bool begin(ov__ctx *c)
{
    const char *cb = ov__req_param(c->req, "callback");
    if (cb && !callback_ok(cb)) {
        ov__error(c->req, c->resp, 400, "callback must be a JavaScript name (letters, digits, _ $ .)");
        return false;
    }
    if (cb) {
        c->resp->content_type = "text/javascript; charset=utf-8";
        ov_buf_adds(B, cb);
        ov_buf_addc(B, '(');
    } else {
        c->resp->content_type = "application/json; charset=utf-8";
    }
    return true;
}

static void end(ov__ctx *c) { ov_buf_adds(B, ov__req_param(c->req, "callback") ? ");\n" : "\n"); }

/* The server's own address, for the manifest's URLs (the Host the client used). */
static void base_url(ov__ctx *c, ov_buf *b)
{
    const char *h = c->req->host;
    bool ok = h && *h && strlen(h) < 256;
    for (const char *p = h; ok && *p; p++)
        ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr(".-:[]", *p);
    ov_buf_adds(b, "http://");
    ov_buf_adds(b, ok ? h : "127.0.0.1");
}

/* ---- the manifest ------------------------------------------------------------------ */

static void type_obj(ov_buf *b, const ov_schema *s)
{
    ov_buf_adds(b, "{\"id\":");
    ov__json(b, ov_schema_name(s));
    ov_buf_adds(b, ",\"name\":");
    ov__json(b, ov_schema_label(s) ? ov_schema_label(s) : ov_schema_name(s));
    ov_buf_addc(b, '}');
}

static void manifest(ov__ctx *c, const char *ds)
{
    if (!begin(c)) return;
    ov_buf base;
    ov_buf_init(&base, 1024);
    base_url(c, &base);
    const char *u = ov_buf_str(&base);
    ov_buf_adds(B, "{\"versions\":[\"0.1\",\"0.2\"],\"name\":");
    char name[200];
    snprintf(name, sizeof name, "Oversight (%s)", ds);
    ov__json(B, name);
    ov_buf_printf(B, ",\"identifierSpace\":\"%s/entities/\",\"schemaSpace\":"
                     "\"https://followthemoney.tech/explorer/schemata/\",\"documentation\":\"%s/api/openapi.json\","
                     "\"view\":{\"url\":\"%s/entity/{{id}}\"},\"preview\":{\"url\":\"%s/reconcile/",
                  u, u, u, u);
    ov__url(B, ds);
    ov_buf_adds(B, "/preview?id={{id}}\",\"width\":430,\"height\":300},\"suggest\":{");
    static const char *const kinds[] = {"entity", "type", "property"};
    for (int k = 0; k < 3; k++) {
        ov_buf_printf(B, "%s\"%s\":{\"service_url\":\"%s\",\"service_path\":\"/reconcile/", k ? "," : "", kinds[k], u);
        ov__url(B, ds);
        ov_buf_printf(B, "/suggest/%s\"}", kinds[k]);
    }
    ov_buf_adds(B, "},\"defaultTypes\":[");
    const ov_model *m = c->app->m;
    int n = 0;
    for (int i = 0; i < ov_model_schema_count(m); i++) {
        const ov_schema *s = ov_model_schema_at(m, i);
        if (!ov_schema_matchable(s)) continue;
        if (n++) ov_buf_addc(B, ',');
        type_obj(B, s);
    }
    ov_buf_adds(B, "]}");
    end(c);
    ov_buf_release(&base);
}

/* ---- queries ------------------------------------------------------------------------ */

/* A property value of a reconciliation query: a string, a number, {"id": ...}
 * (a reconciled cell) or an array of these; NULL for anything else. */
static cJSON *value_of(const cJSON *v)
{
    if (cJSON_IsString(v)) return cJSON_CreateString(v->valuestring);
    if (cJSON_IsNumber(v)) {
        char num[64];
        snprintf(num, sizeof num, "%.17g", v->valuedouble);
        return cJSON_CreateString(num);
    }
    const cJSON *id = cJSON_IsObject(v) ? cJSON_GetObjectItemCaseSensitive(v, "id") : NULL;
    if (cJSON_IsString(id)) return cJSON_CreateString(id->valuestring);
    return NULL;
}

/* Builds the yente /match request for the reconciliation queries q; false with
 * the reason in err for a malformed one. */
static bool to_match(const ov_model *m, const cJSON *q, cJSON *out, char *err, size_t errlen)
{
    cJSON *queries = cJSON_AddObjectToObject(out, "queries");
    if (!queries) return snprintf(err, errlen, "out of memory"), false;
    int n = 0;
    for (const cJSON *e = q->child; e; e = e->next) {
        if (++n > MAX_QUERIES) return snprintf(err, errlen, "more than %d queries", MAX_QUERIES), false;
        const char *key = e->string ? e->string : "?";
        if (!cJSON_IsObject(e)) return snprintf(err, errlen, "query %.60s: not an object", key), false;
        const cJSON *text = cJSON_GetObjectItemCaseSensitive(e, "query");
        const cJSON *type = cJSON_GetObjectItemCaseSensitive(e, "type");
        const cJSON *limit = cJSON_GetObjectItemCaseSensitive(e, "limit");
        const cJSON *props = cJSON_GetObjectItemCaseSensitive(e, "properties");
        if (cJSON_IsArray(type)) type = type->child;
        const char *schema = cJSON_IsString(type) && *type->valuestring ? type->valuestring : "LegalEntity";
        const ov_schema *s = ov_model_schema(m, schema);
        if (!s) return snprintf(err, errlen, "query %.60s: unknown type \"%.60s\"", key, schema), false;
        if (text && !cJSON_IsString(text))
            return snprintf(err, errlen, "query %.60s: \"query\" must be a string", key), false;
        if (limit && (!cJSON_IsNumber(limit) || limit->valuedouble < 1 || limit->valuedouble > 100))
            return snprintf(err, errlen, "query %.60s: limit must be 1 to 100", key), false;
        if (props && !cJSON_IsArray(props))
            return snprintf(err, errlen, "query %.60s: properties must be an array of {pid, v}", key), false;
        cJSON *mq = cJSON_AddObjectToObject(queries, key);
        cJSON *mp = mq ? cJSON_AddObjectToObject(mq, "properties") : NULL;
        if (!mp || !cJSON_AddStringToObject(mq, "schema", ov_schema_name(s)))
            return snprintf(err, errlen, "out of memory"), false;
        if (limit) cJSON_AddNumberToObject(mq, "limit", (int)limit->valuedouble);
        cJSON *names = cJSON_AddArrayToObject(mp, "name");
        if (!names) return snprintf(err, errlen, "out of memory"), false;
        if (cJSON_IsString(text) && *text->valuestring) cJSON_AddItemToArray(names, cJSON_CreateString(text->valuestring));
        for (const cJSON *p = props ? props->child : NULL; p; p = p->next) {
            const cJSON *pid = cJSON_GetObjectItemCaseSensitive(p, "pid"), *v = cJSON_GetObjectItemCaseSensitive(p, "v");
            if (!cJSON_IsString(pid) || !v)
                return snprintf(err, errlen, "query %.60s: each property needs pid and v", key), false;
            if (!ov_schema_prop(s, pid->valuestring))
                return snprintf(err, errlen, "query %.60s: %.60s has no property \"%.60s\"", key, ov_schema_name(s),
                                pid->valuestring),
                       false;
            cJSON *vals = cJSON_GetObjectItemCaseSensitive(mp, pid->valuestring);
            if (!vals) vals = cJSON_AddArrayToObject(mp, pid->valuestring);
            if (!vals) return snprintf(err, errlen, "out of memory"), false;
            const cJSON *one = cJSON_IsArray(v) ? v->child : v;
            for (; one; one = cJSON_IsArray(v) ? one->next : NULL) {
                cJSON *x = value_of(one);
                if (!x) return snprintf(err, errlen, "query %.60s: a value of %.60s is not text", key, pid->valuestring), false;
                cJSON_AddItemToArray(vals, x);
            }
        }
    }
    return true;
}

/* Writes the reconciliation results from a yente /match response. */
static void results(ov__ctx *c, const cJSON *resp)
{
    const ov_model *m = c->app->m;
    const cJSON *rs = cJSON_GetObjectItemCaseSensitive(resp, "responses");
    ov_buf_addc(B, '{');
    int nq = 0;
    for (const cJSON *q = rs ? rs->child : NULL; q; q = q->next) {
        if (nq++) ov_buf_addc(B, ',');
        ov__json(B, q->string);
        ov_buf_adds(B, ":{\"result\":[");
        const cJSON *list = cJSON_GetObjectItemCaseSensitive(q, "results");
        int n = 0;
        for (const cJSON *r = list ? list->child : NULL; r; r = r->next) {
            const cJSON *id = cJSON_GetObjectItemCaseSensitive(r, "id"), *cap = cJSON_GetObjectItemCaseSensitive(r, "caption");
            const cJSON *sch = cJSON_GetObjectItemCaseSensitive(r, "schema"), *score = cJSON_GetObjectItemCaseSensitive(r, "score");
            const cJSON *match = cJSON_GetObjectItemCaseSensitive(r, "match");
            const cJSON *feats = cJSON_GetObjectItemCaseSensitive(r, "explanations");
            if (!cJSON_IsString(id) || !cJSON_IsString(sch) || !cJSON_IsNumber(score)) continue;
            if (n++) ov_buf_addc(B, ',');
            ov_buf_adds(B, "{\"id\":");
            ov__json(B, id->valuestring);
            ov_buf_adds(B, ",\"name\":");
            ov__json(B, cJSON_IsString(cap) ? cap->valuestring : id->valuestring);
            ov_buf_adds(B, ",\"type\":[");
            const ov_schema *s = ov_model_schema(m, sch->valuestring);
            if (s) type_obj(B, s);
            ov_buf_adds(B, "],\"description\":");
            ov__json(B, sch->valuestring);
            ov_buf_printf(B, ",\"score\":%.2f,\"match\":%s,\"features\":[", score->valuedouble * 100,
                          cJSON_IsTrue(match) ? "true" : "false");
            int nf = 0;
            for (const cJSON *f = feats ? feats->child : NULL; f; f = f->next) {
                const cJSON *fs = cJSON_GetObjectItemCaseSensitive(f, "score");
                if (!cJSON_IsNumber(fs)) continue;
                ov_buf_adds(B, nf++ ? ",{\"id\":" : "{\"id\":");
                ov__json(B, f->string);
                ov_buf_printf(B, ",\"value\":%.4g}", fs->valuedouble);
            }
            ov_buf_adds(B, "]}");
        }
        ov_buf_adds(B, "]}");
    }
    ov_buf_addc(B, '}');
}

int ov__reconcile_match_request(const ov_model *m, const char *text, char **out, char *err, size_t errlen)
{
    *out = NULL;
    cJSON *q = cJSON_Parse(text);
    if (!cJSON_IsObject(q)) {
        cJSON_Delete(q);
        snprintf(err, errlen, "queries must be a JSON object: {\"q0\": {\"query\": \"...\", \"type\": ...}}");
        return OV_EINVAL;
    }
    err[0] = '\0';
    cJSON *req = cJSON_CreateObject();
    bool ok = req && to_match(m, q, req, err, errlen);
    cJSON_Delete(q);
    *out = ok ? cJSON_PrintUnformatted(req) : NULL;
    cJSON_Delete(req);
    if (*out) return OV_OK;
    if (!err[0]) snprintf(err, errlen, "out of memory");
    return ok ? OV_ENOMEM : OV_EINVAL;
}

static void queries(ov__ctx *c, const char *ds, const char *text)
{
    char err[512] = "", *body = NULL;
    int rc = ov__reconcile_match_request(c->app->m, text, &body, err, sizeof err);
    if (rc) {
        ov__error(c->req, c->resp, rc == OV_EINVAL ? 400 : 500, "%s", err);
        return;
    }
    char *out = NULL;
    size_t len = 0;
    rc = ov__yente_run(c, ds, body, strlen(body), &out, &len, err, sizeof err);
    cJSON_free(body);
    if (rc) {
        ov__error(c->req, c->resp, rc == OV_EINVAL ? 400 : rc == OV_EIO ? 503 : ov__status_for(rc), "%s", err);
        return;
    }
    cJSON *resp = cJSON_ParseWithLength(out, len);
    ov_match_text_free(out);
    /* a query the matcher refuses (an empty cell, "Ltd.", a script it cannot read) has
     * no candidates: reconciliation has no per-query errors, and one such cell must not
     * fail the batch of a column */
    if (!resp) {
        ov__error(c->req, c->resp, 500, "the matcher's answer cannot be read");
        return;
    }
    if (begin(c)) {
        results(c, resp);
        end(c);
    }
    cJSON_Delete(resp);
}

/* ---- preview -------------------------------------------------------------------------- */

static void preview(ov__ctx *c)
{
    const char *id = ov__req_param(c->req, "id");
    if (!id || !*id) {
        ov__error(c->req, c->resp, 400, "preview needs id=");
        return;
    }
    ov_entity *e = NULL;
    if (ov_store_get(c->slot->st, id, 0, &e)) {
        ov__error(c->req, c->resp, 404, "No such entity!");
        return;
    }
    c->resp->content_type = "text/html; charset=utf-8";
    c->resp->frameable = true; /* OpenRefine shows it in a frame of its own page */
    ov_buf_adds(B, "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>");
    ov__html(B, e->caption ? e->caption : e->id);
    ov_buf_adds(B, "</title><link rel=\"stylesheet\" href=\"/static/style.css\"></head>\n<body class=\"preview\"><h1>");
    ov__html(B, e->caption ? e->caption : e->id);
    ov_buf_adds(B, "</h1>\n<p class=\"schema\">");
    ov__html(B, e->schema);
    ov_buf_adds(B, "</p>\n<dl>");
    int shown = 0;
    for (size_t i = 0; i < e->n_stmts && shown < 12; i++) {
        const ov_stmt *s = &e->stmts[i];
        if (s->retired_in || s->status == OV_ST_RETRACTED) continue;
        ov_buf_adds(B, "<dt>");
        ov__html(B, s->prop);
        ov_buf_adds(B, "</dt><dd>");
        ov__html(B, s->value);
        ov_buf_adds(B, "</dd>");
        shown++;
    }
    ov_buf_adds(B, "</dl>\n<p><a target=\"_blank\" rel=\"noopener\" href=\"/entity/");
    ov__url(B, e->id);
    ov_buf_adds(B, "\">The dossier, with every citation</a></p>\n</body></html>\n");
    ov_entity_free(e);
}

/* ---- suggest ---------------------------------------------------------------------------- */

static bool prefixed(const char *s, const char *prefix)
{
    if (!s) return false;
    size_t n = strlen(prefix);
    for (const char *p = s; *p; p++)
        if ((p == s || p[-1] == ' ') && !strncasecmp(p, prefix, n)) return true;
    return false;
}

static void suggest(ov__ctx *c, const char *kind)
{
    const char *prefix = ov__req_param(c->req, "prefix");
    const char *cursor = ov__req_param(c->req, "cursor");
    long skip = cursor && *cursor ? strtol(cursor, NULL, 10) : 0;
    if (!prefix || !*prefix || strlen(prefix) > 200) {
        ov__error(c->req, c->resp, 400, "suggest needs prefix= (1 to 200 bytes)");
        return;
    }
    if (skip < 0 || skip > 1000) skip = 0;
    const ov_model *m = c->app->m;
    if (!strcmp(kind, "entity")) {
        /* the entities one reconciles against: matchable ones (companies, people,
         * organisations, brands ...), not the addresses or sanctions that mention the words
         * (FtM counts an Address as matchable) */
        ov_search_query q = {.text = prefix, .limit = SUGGEST_MAX * 5, .offset = (int)skip};
        ov_search_hit *hits = NULL;
        size_t n = 0;
        int rc = ov_store_search(c->slot->st, &q, &hits, &n);
        if (rc) {
            ov__error(c->req, c->resp, rc == OV_EINVAL ? 400 : 500, "%s", ov_store_errmsg(c->slot->st));
            return;
        }
        if (!begin(c)) {
            ov_search_hits_free(hits, n);
            return;
        }
        ov_buf_adds(B, "{\"result\":[");
        int shown = 0;
        for (size_t i = 0; i < n && shown < SUGGEST_MAX; i++) {
            const ov_schema *hs = ov_model_schema(m, hits[i].schema);
            if (!hs || !((ov_schema_matchable(hs) && strcmp(hits[i].schema, "Address")) || !strcmp(hits[i].schema, "Brand")))
                continue;
            ov_buf_adds(B, shown++ ? ",{\"id\":" : "{\"id\":");
            ov__json(B, hits[i].id);
            ov_buf_adds(B, ",\"name\":");
            ov__json(B, hits[i].caption ? hits[i].caption : hits[i].id);
            ov_buf_adds(B, ",\"description\":");
            ov__json(B, hits[i].schema);
            ov_buf_adds(B, ",\"notable\":[");
            type_obj(B, hs);
            ov_buf_adds(B, "]}");
        }
        ov_buf_adds(B, "]}");
        ov_search_hits_free(hits, n);
        end(c);
        return;
    }
    if (!begin(c)) return;
    ov_buf_adds(B, "{\"result\":[");
    int n = 0;
    if (!strcmp(kind, "type")) {
        for (int i = 0; i < ov_model_schema_count(m) && n < SUGGEST_MAX; i++) {
            const ov_schema *s = ov_model_schema_at(m, i);
            if (!ov_schema_matchable(s) || !(prefixed(ov_schema_name(s), prefix) || prefixed(ov_schema_label(s), prefix)))
                continue;
            if (n++) ov_buf_addc(B, ',');
            type_obj(B, s);
        }
    } else {
        /* the properties of the matchable schemata (or of ?type=), each name once */
        const char *type = ov__req_param(c->req, "type");
        const ov_schema *only = type && *type ? ov_model_schema(m, type) : NULL;
        const char *seen[SUGGEST_MAX];
        for (int i = 0; i < ov_model_schema_count(m) && n < SUGGEST_MAX; i++) {
            const ov_schema *s = ov_model_schema_at(m, i);
            if (only ? s != only : !ov_schema_matchable(s)) continue;
            for (int k = 0; k < ov_schema_prop_count(s) && n < SUGGEST_MAX; k++) {
                const ov_prop *p = ov_schema_prop_at(s, k);
                if (!(prefixed(ov_prop_name(p), prefix) || prefixed(ov_prop_label(p), prefix))) continue;
                bool dup = false;
                for (int j = 0; j < n && !dup; j++) dup = !strcmp(seen[j], ov_prop_name(p));
                if (dup) continue;
                seen[n] = ov_prop_name(p);
                if (n++) ov_buf_addc(B, ',');
                ov_buf_adds(B, "{\"id\":");
                ov__json(B, ov_prop_name(p));
                ov_buf_adds(B, ",\"name\":");
                ov__json(B, ov_prop_label(p) ? ov_prop_label(p) : ov_prop_name(p));
                ov_buf_addc(B, '}');
            }
        }
    }
    ov_buf_adds(B, "]}");
    end(c);
}

/* ---- dispatch ------------------------------------------------------------------------------- */

void ov__reconcile(ov__ctx *c)
{
    const char *rest = ov__path_after(c->req->path, "/reconcile/");
    if (!rest) {
        ov__error(c->req, c->resp, 404, "the reconciliation service is at /reconcile/{dataset} (default: the record)");
        return;
    }
    /* {dataset}[/preview | /suggest/{kind}] */
    const char *slash = strchr(rest, '/');
    char *ds = ov_arena_strndup(c->req->arena, rest, slash ? (size_t)(slash - rest) : strlen(rest));
    if (!ds || !ov__yente_dataset_ok(c, ds)) return;
    bool post = !strcmp(c->req->method, "POST");
    if (slash) {
        const char *kind = ov__path_after(slash, "/suggest/");
        if (post) {
            snprintf(c->resp->allow, sizeof c->resp->allow, "GET, HEAD");
            ov__error(c->req, c->resp, 405, "%s accepts GET and HEAD only", c->req->path);
        } else if (!strcmp(slash, "/preview")) preview(c);
        else if (kind && (!strcmp(kind, "entity") || !strcmp(kind, "type") || !strcmp(kind, "property")))
            suggest(c, kind);
        else ov__error(c->req, c->resp, 404, "Not Found");
        return;
    }
    /* queries: in the query string, or a form body (OpenRefine posts
     * application/x-www-form-urlencoded) */
    if (post && c->req->body_len && ov__req_parse_form(c->req, c->req->body, c->req->body_len)) {
        ov__error(c->req, c->resp, 400, "the form body is malformed (bad escape, not UTF-8, or too many fields)");
        return;
    }
    const char *q = ov__req_param(c->req, "queries");
    if (q) queries(c, ds, q);
    else if (post) ov__error(c->req, c->resp, 400, "queries= is missing");
    else manifest(c, ds);
}
