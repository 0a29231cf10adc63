/*
 * api.c - the JSON API (data/web/openapi.json documents it): entities with
 * statements, citations and history; search; owners and controllers; the
 * typology; legal exposure; export; and the writes (load, add or retract a
 * statement), which app.c lets through only with a valid token. Every string
 * goes through ov__json.
 */
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "http_internal.h"
#include "oversight/resolve.h"
#include "oversight/explain.h"
#include "oversight/io.h"
#include "oversight/own.h"
#include "oversight/render.h"
#include "../util/alloc.h"
#include "../util/banned.h"

#define B (&c->resp->body)

static void json_begin(ov__ctx *c) { c->resp->content_type = "application/json; charset=utf-8"; }

static void kv(ov_buf *b, const char *key, const char *val, bool comma)
{
    if (comma) ov_buf_addc(b, ',');
    ov__json(b, key);
    ov_buf_addc(b, ':');
    if (val) ov__json(b, val);
    else ov_buf_adds(b, "null");
}

/* A positive integer parameter within [lo, hi], def when absent; -1 when bad. */
static long int_param(const ov__req *r, const char *name, long def, long lo, long hi)
{
    const char *s = ov__req_param(r, name);
    if (!s || !*s) return def;
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || v < lo || v > hi) return -1;
    return v;
}

/* ---- entities ------------------------------------------------------------------- */

static void stmt_json(ov_buf *b, const ov_stmt *s)
{
    ov_buf_addc(b, '{');
    kv(b, "prop", s->prop, false);
    kv(b, "value", s->value, true);
    if (s->schema) kv(b, "schema", s->schema, true);
    if (s->lang) kv(b, "lang", s->lang, true);
    if (s->original_value) kv(b, "original_value", s->original_value, true);
    if (s->dataset) kv(b, "dataset", s->dataset, true);
    kv(b, "status", ov_status_name(s->status), true);
    ov_buf_adds(b, ",\"citation\":");
    if (s->source || s->locator) {
        ov_buf_addc(b, '{');
        kv(b, "source", s->source, false);
        kv(b, "locator", s->locator, true);
        ov_buf_addc(b, '}');
    } else {
        ov_buf_adds(b, "null");
    }
    if (s->first_seen) kv(b, "first_seen", s->first_seen, true);
    if (s->last_seen) kv(b, "last_seen", s->last_seen, true);
    ov_buf_printf(b, ",\"added_in\":%lld", (long long)s->added_in);
    if (s->retired_in) ov_buf_printf(b, ",\"retired_in\":%lld", (long long)s->retired_in);
    ov_buf_addc(b, '}');
}

typedef struct hist_ctx {
    ov_buf *b;
    const ov_entity *e;
    int n;
} hist_ctx;

static int hist_cb(const ov_change *ch, void *ud)
{
    hist_ctx *h = ud;
    ov_buf *b = h->b;
    int added = 0, retired = 0;
    for (size_t i = 0; i < h->e->n_stmts; i++) {
        added += h->e->stmts[i].added_in == ch->id;
        retired += h->e->stmts[i].retired_in == ch->id;
    }
    ov_buf_printf(b, "%s{\"change\":%lld", h->n++ ? "," : "", (long long)ch->id);
    kv(b, "at", ch->at, true);
    kv(b, "kind", ch->kind, true);
    kv(b, "origin", ch->origin, true);
    kv(b, "dataset", ch->dataset, true);
    if (ch->note) kv(b, "note", ch->note, true);
    ov_buf_printf(b, ",\"statements_added\":%d,\"statements_retired\":%d", added, retired);
    if (h->e->retired_in == ch->id) ov_buf_adds(b, ",\"entity_deleted\":true");
    ov_buf_addc(b, '}');
    return 0;
}

/* The entity's cluster (issue 16): ,"resolution":{canonical_id, referents, judgements,
 * properties by referent}, written by the library (ov_resolution_json); nothing when
 * the judgements cannot be read. */
static void entity_resolution(ov_buf *b, ov__ctx *c, const char *id)
{
    const ov_resolver *r = ov__ctx_resolver(c);
    char *json = NULL;
    if (r && ov_resolution_json(c->slot->st, r, id, OV_RESOLUTION_JUDGEMENTS | OV_RESOLUTION_PROPERTIES, &json) == OV_OK) {
        ov_buf_adds(b, ",\"resolution\":");
        ov_buf_adds(b, json);
    }
    ov_free(json);
}

static void entity(ov__ctx *c, const char *id)
{
    ov_store *st = c->slot->st;
    ov_entity *e;
    int rc = ov_store_get(st, id, OV_GET_HISTORY, &e);
    if (rc) {
        ov__error(c->req, c->resp, ov__status_for(rc), "%s: %s", id, rc == OV_ENOTFOUND ? "no such entity" : ov_store_errmsg(st));
        return;
    }
    if (e->retired_in) {
        ov__error(c->req, c->resp, 404, "%s was deleted in change %lld", id, (long long)e->retired_in);
        ov_entity_free(e);
        return;
    }
    json_begin(c);
    ov_buf_addc(B, '{');
    kv(B, "id", e->id, false);
    kv(B, "schema", e->schema, true);
    kv(B, "caption", e->caption ? e->caption : e->id, true);
    /* properties: current, not retracted values, grouped by property in statement order */
    ov_buf_adds(B, ",\"properties\":{");
    int np = 0;
    for (size_t i = 0; i < e->n_stmts; i++) {
        const ov_stmt *s = &e->stmts[i];
        if (s->retired_in || s->status == OV_ST_RETRACTED) continue;
        bool seen = false;
        for (size_t k = 0; k < i && !seen; k++)
            seen = !e->stmts[k].retired_in && e->stmts[k].status != OV_ST_RETRACTED && !strcmp(e->stmts[k].prop, s->prop);
        if (seen) continue;
        if (np++) ov_buf_addc(B, ',');
        ov__json(B, s->prop);
        ov_buf_adds(B, ":[");
        int nv = 0;
        for (size_t k = i; k < e->n_stmts; k++) {
            const ov_stmt *t = &e->stmts[k];
            if (t->retired_in || t->status == OV_ST_RETRACTED || strcmp(t->prop, s->prop)) continue;
            if (nv++) ov_buf_addc(B, ',');
            ov__json(B, t->value);
        }
        ov_buf_addc(B, ']');
    }
    ov_buf_adds(B, "},\"statements\":[");
    for (size_t i = 0; i < e->n_stmts; i++) {
        if (i) ov_buf_addc(B, ',');
        stmt_json(B, &e->stmts[i]);
    }
    ov_buf_adds(B, "],\"history\":[");
    hist_ctx h = {B, e, 0};
    ov_store_changes(st, e->id, hist_cb, &h);
    ov_buf_adds(B, "]");
    entity_resolution(B, c, e->id);
    ov_buf_adds(B, "}\n");
    ov_entity_free(e);
}

/* ---- search -------------------------------------------------------------------- */

static void search(ov__ctx *c)
{
    ov__req *r = c->req;
    ov_search_query q = {0};
    if (ov__search_query_read(r, &q)) {
        ov__error(r, c->resp, 400, "a search parameter is longer than 1000 bytes");
        return;
    }
    long limit = int_param(r, "limit", 20, 1, 1000), offset = int_param(r, "offset", 0, 0, 100000);
    if (limit < 0 || offset < 0) {
        ov__error(r, c->resp, 400, "limit must be 1 to 1000 and offset 0 to 100000");
        return;
    }
    if (!q.text && !q.schema && !q.country && !q.topic && !q.dataset) {
        ov__error(r, c->resp, 400, "what to search for? give q= or a filter (schema, country, topic, dataset)");
        return;
    }
    q.limit = (int)limit;
    q.offset = (int)offset;
    char ferr[256];
    if (ov__check_search_filters(c, &q, ferr, sizeof ferr)) {
        ov__error(r, c->resp, 400, "%s", ferr);
        return;
    }
    ov_search_hit *hits;
    size_t n;
    int rc = ov_store_search(c->slot->st, &q, &hits, &n);
    if (rc) {
        ov__error(r, c->resp, ov__status_for(rc) == 422 ? 400 : ov__status_for(rc), "%s", ov_store_errmsg(c->slot->st));
        return;
    }
    json_begin(c);
    ov_buf_addc(B, '{');
    kv(B, "query", q.text, false);
    ov_buf_adds(B, ",\"filters\":{");
    kv(B, "schema", q.schema, false);
    kv(B, "country", q.country, true);
    kv(B, "topic", q.topic, true);
    kv(B, "dataset", q.dataset, true);
    ov_buf_printf(B, "},\"limit\":%ld,\"offset\":%ld,\"results\":[", limit, offset);
    for (size_t i = 0; i < n; i++) {
        ov_buf_adds(B, i ? ",{" : "{");
        kv(B, "id", hits[i].id, false);
        kv(B, "schema", hits[i].schema, true);
        kv(B, "caption", hits[i].caption ? hits[i].caption : hits[i].id, true);
        ov_buf_printf(B, ",\"score\":%.4f", hits[i].score);
        ov__search_result_json(c, hits[i].id, q.text, B);
        ov_buf_addc(B, '}');
    }
    ov_buf_adds(B, "]");
    if (!n && q.text) ov__did_you_mean_json(c, q.text, B);
    ov_buf_adds(B, "}\n");
    ov_search_hits_free(hits, n);
}

/* ---- ownership and control ---------------------------------------------------------- */

static bool find_node(ov__ctx *c, const char *id, uint32_t *node)
{
    if (ov_graph_find(c->app->g, id, node)) return true;
    ov__error(c->req, c->resp, 404, "%s is not an entity of the ownership graph (unknown, deleted, or an interest)", id);
    return false;
}

/* An explained answer about one node of the graph (owners, controllers): the
 * library's one JSON writer, the bytes `oversight ... --format json` prints. */
static void answer(ov__ctx *c, const char *id, int (*explain)(ov_store *, const ov_graph *, uint32_t, ov_answer **))
{
    uint32_t node;
    if (!find_node(c, id, &node)) return;
    ov_answer *a = NULL;
    int rc = explain(c->slot->st, c->app->g, node, &a);
    ov__respond_answer(c->req, c->resp, a, rc);
}

/* The classified organisations in node order, a page at a time (limit, offset; at 10 M
 * companies the whole list is some 600 MB of JSON), optionally of one class; total counts
 * those of the class. */
static void typology(ov__ctx *c)
{
    const ov_graph *g = c->app->g;
    ov_store *st = c->slot->st;
    const char *cls = ov__req_param(c->req, "class");
    long limit = int_param(c->req, "limit", 1000, 1, 10000), offset = int_param(c->req, "offset", 0, 0, 100000000);
    if (limit < 0 || offset < 0) {
        ov__error(c->req, c->resp, 400, "limit must be 1 to 10000 and offset 0 to 100000000");
        return;
    }
    bool any = !cls || !*cls;
    size_t total = 0;
    for (size_t i = 0; i < c->app->n_typ; i++) total += any || !strcmp(cls, c->app->typ[i].cls);
    json_begin(c);
    ov_buf_printf(B, "{\"rule\":\"typology\",\"total\":%zu,\"limit\":%ld,\"offset\":%ld,\"companies\":[", total,
                  limit, offset);
    long k = 0, seen = 0;
    for (size_t i = 0; i < c->app->n_typ && k < limit; i++) {
        const ov_typology *t = &c->app->typ[i];
        if (!any && strcmp(cls, t->cls)) continue;
        if (seen++ < offset) continue;
        ov_answer *a = NULL;
        char *j = NULL;
        int rc = ov_typology_answer(st, g, t, &a);
        if (!rc) rc = ov_answer_json(a, &j);
        ov_answer_free(a);
        if (rc) {
            ov_buf_reset(B);
            ov__error(c->req, c->resp, ov__status_for(rc), "%s", ov_strerror(rc));
            return;
        }
        j[strcspn(j, "\n")] = '\0'; /* the row of `oversight typology --format json` */
        if (k++) ov_buf_addc(B, ',');
        ov_buf_adds(B, j);
        ov_free(j);
    }
    ov_buf_adds(B, "]}\n");
}

/* The legal exposure of an entity: the library's one JSON writer, the bytes
 * `oversight exposure ID --format json` prints. */
static void exposure(ov__ctx *c, const char *id)
{
    ov_law *law = ov__ctx_law(c);
    if (!law) {
        ov__error(c->req, c->resp, 500, "the legal rules could not be prepared");
        return;
    }
    ov_answer *a = NULL;
    char *j = NULL;
    int rc = ov_law_exposure(law, id, &a);
    if (!rc) rc = ov_answer_json(a, &j);
    ov_answer_free(a);
    if (rc) {
        if (rc == OV_ENOTFOUND) ov__error(c->req, c->resp, 404, "%s: no such entity", id);
        else ov__error(c->req, c->resp, ov__status_for(rc), "%s", ov_law_errmsg(law));
        free(j);
        return;
    }
    json_begin(c);
    ov_buf_adds(B, j);
    free(j);
}

/* ---- export, stats --------------------------------------------------------------- */

static void export(ov__ctx *c)
{
    const char *fmt = ov__req_param(c->req, "format");
    int f = fmt && *fmt ? ov_format_parse(fmt) : OV_FMT_ENTITIES;
    if (f < 0 || f == OV_FMT_AUTO) {
        ov__error(c->req, c->resp, 400, "format must be entities, plain, delta or statements");
        return;
    }
    /* since: a change number or a date, for deltas; the other formats write the whole record */
    const char *sp = ov__req_param(c->req, "since");
    if (sp && *sp && f != OV_FMT_DELTA) {
        ov__error(c->req, c->resp, 400, "since applies to format=delta only; the other formats write the whole record");
        return;
    }
    int64_t since = ov__since_param(c);
    if (since < 0) {
        ov__error(c->req, c->resp, 400, "since must be a change number or a date (YYYY-MM-DD)");
        return;
    }
    FILE *tmp = tmpfile();
    if (!tmp) {
        ov__error(c->req, c->resp, 500, "no temporary file for the export");
        return;
    }
    ov_export_opts o = {.format = (ov_format)f, .since = since, .with_provenance = true};
    int64_t count = 0;
    int rc = ov_export(c->slot->st, c->app->m, tmp, &o, &count);
    if (rc || fflush(tmp)) {
        fclose(tmp);
        ov__error(c->req, c->resp, 500, "export failed: %s", ov_store_errmsg(c->slot->st));
        return;
    }
    c->resp->file = tmp;
    bool csv = f == OV_FMT_STATEMENTS;
    c->resp->content_type = csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
    snprintf(c->resp->disposition, sizeof c->resp->disposition, "attachment; filename=\"oversight-%s.%s\"",
             fmt && *fmt ? (csv ? "statements" : f == OV_FMT_DELTA ? "delta" : f == OV_FMT_PLAIN ? "plain" : "entities")
                         : "entities",
             csv ? "csv" : "ftm.json");
}

typedef struct stats_ctx {
    ov_buf *b;
    const char *group;
} stats_ctx;

static int stats_cb(const char *group, const char *key, int64_t n, void *ud)
{
    stats_ctx *s = ud;
    if (!s->group || strcmp(s->group, group)) {
        ov_buf_adds(s->b, s->group ? "}," : ",");
        ov__json(s->b, group);
        ov_buf_adds(s->b, ":{");
        s->group = group;
    } else {
        ov_buf_addc(s->b, ',');
    }
    ov__json(s->b, key);
    ov_buf_printf(s->b, ":%lld", (long long)n);
    return 0;
}

static void stats(ov__ctx *c)
{
    ov_stats s;
    json_begin(c);
    size_t mark = B->len;
    int rc = ov_store_stats(c->slot->st, &s, NULL, NULL);
    if (rc) {
        ov__error(c->req, c->resp, 500, "%s", ov_store_errmsg(c->slot->st));
        return;
    }
    ov_buf_printf(B, "{\"entities\":%lld,\"retired_entities\":%lld,\"statements\":%lld,\"statements_total\":%lld,"
                     "\"changes\":%lld,\"citations\":%lld,\"schema_version\":%d",
                  (long long)s.entities, (long long)s.retired_entities, (long long)s.statements_current,
                  (long long)s.statements_total, (long long)s.changes, (long long)s.citations, s.schema_version);
    stats_ctx x = {B, NULL};
    (void)mark;
    ov_store_stats(c->slot->st, &s, stats_cb, &x);
    ov_buf_adds(B, x.group ? "}}\n" : "}\n");
}

/* The full model (FtM 3.8.4 and the extensions) in FtM's model.json format:
 * what an FtM library loads to read a full export (ov_model_json). */
static void model(ov__ctx *c)
{
    char *text;
    size_t len;
    int rc = ov_model_json(c->app->m, &text, &len);
    if (rc) {
        ov__error(c->req, c->resp, 500, "the model: %s", ov_strerror(rc));
        return;
    }
    json_begin(c);
    ov_buf_add(B, text, len);
    ov_buf_addc(B, '\n');
    ov_free(text);
}

/* ---- dispatch ----------------------------------------------------------------------- */

void ov__api(ov__ctx *c)
{
    const char *p = c->req->path, *id;
    if ((id = ov__path_after(p, "/api/entities/"))) entity(c, id);
    else if (!strcmp(p, "/api/search")) search(c);
    else if ((id = ov__path_after(p, "/api/owners/"))) answer(c, id, ov_explain_owners);
    else if ((id = ov__path_after(p, "/api/controllers/"))) answer(c, id, ov_explain_controllers);
    else if (!strcmp(p, "/api/typology")) typology(c);
    else if ((id = ov__path_after(p, "/api/exposure/"))) exposure(c, id);
    else if (!strcmp(p, "/api/export")) export(c);
    else if (!strcmp(p, "/api/stats")) stats(c);
    else if (!strcmp(p, "/api/model")) model(c);
    else if (!strcmp(p, "/api/match")) ov__api_match(c);
    else if (!strcmp(p, "/api/screen")) ov__screen(c, true);
    else if (!strcmp(p, "/api/xref")) ov__api_xref(c);
    else if ((id = ov__path_after(p, "/api/judgements/"))) ov__api_judgements(c, id);
    else if (!strcmp(p, "/api/deployments")) ov__api_deployments(c);
    else ov__error(c->req, c->resp, 404, "no such endpoint: %s (see /api/openapi.json)", p);
}

/* ---- writes ------------------------------------------------------------------------- */

typedef struct load_errs {
    ov_buf *b;
    int n;
} load_errs;

static void on_load_error(const char *file, long line, const char *msg, void *ud)
{
    load_errs *e = ud;
    if (e->n >= 50) return;
    ov_buf_adds(e->b, e->n++ ? ",{" : "{");
    ov_buf_printf(e->b, "\"line\":%ld", line);
    kv(e->b, "message", msg, true);
    ov_buf_addc(e->b, '}');
}

/* Runs one ingest of text into w; fills resp (200 with stats, or 422 with the errors). */
static int ingest(ov__app *app, ov_store *w, ov__req *r, ov__resp *resp, const char *what, const char *text, size_t len,
                  ov_ingest_opts *o)
{
    FILE *in = fmemopen((void *)(uintptr_t)text, len, "r");
    if (!in) {
        ov__error(r, resp, 500, "cannot read the request body");
        return OV_EIO;
    }
    ov_buf errs;
    ov_buf_init(&errs, 1 << 20);
    load_errs le = {&errs, 0};
    o->on_error = on_load_error;
    o->ud = &le;
    ov_ingest_stats s;
    memset(&s, 0, sizeof s);
    int rc = ov_ingest(w, app->m, what, in, o, &s);
    fclose(in);
    if (rc == OV_EINVAL || (rc == OV_OK && le.n && !o->skip_invalid)) {
        resp->status = 422;
        resp->content_type = "application/json; charset=utf-8";
        ov_buf_printf(&resp->body, "{\"error\":{\"status\":422,\"reason\":\"Unprocessable Content\",\"message\":"
                                   "\"invalid records: nothing was written\",\"records\":[%s]}}\n",
                      ov_buf_str(&errs));
        ov_buf_release(&errs);
        return OV_EINVAL;
    }
    if (rc) {
        ov__error(r, resp, ov__status_for(rc), "%s", ov_store_errmsg(w));
        ov_buf_release(&errs);
        return rc;
    }
    resp->status = 200;
    resp->content_type = "application/json; charset=utf-8";
    ov_buf_printf(&resp->body,
                  "{\"change\":%lld,\"records\":%lld,\"entities\":%lld,\"statements\":%lld,\"rejected\":%lld,"
                  "\"added\":%lld,\"retired\":%lld,\"unchanged\":%lld,\"dangling\":%lld,\"errors\":[%s]}\n",
                  (long long)s.load.change_id, (long long)s.records, (long long)s.entities, (long long)s.statements,
                  (long long)s.rejected, (long long)s.load.added, (long long)s.load.retired,
                  (long long)s.load.unchanged, (long long)s.load.dangling, ov_buf_str(&errs));
    ov_buf_release(&errs);
    return OV_OK;
}

static const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

int ov__api_do_write(ov__app *app, ov_store *w, ov__req *r, ov__resp *resp, const char *who);

int ov__api_do_write(ov__app *app, ov_store *w, ov__req *r, ov__resp *resp, const char *who)
{
    if (!strcmp(r->path, "/api/judgements") || !strcmp(r->path, "/review"))
        return ov__resolve_write(app, w, r, resp, who); /* resolve_api.c */
    char note[256];
    snprintf(note, sizeof note, "via the API, token %s", who);
    if (!strcmp(r->path, "/api/load")) {
        ov_ingest_opts o = {0};
        const char *fmt = ov__req_param(r, "format");
        int f = fmt && *fmt ? ov_format_parse(fmt) : OV_FMT_AUTO;
        if (f < 0 || f == OV_FMT_PLAIN) {
            ov__error(r, resp, 400, "format must be entities, delta or statements");
            return OV_EINVAL;
        }
        const char *status = ov__req_param(r, "status");
        o.format = (ov_format)f;
        o.dataset = ov__req_param(r, "dataset");
        if (!o.dataset || !*o.dataset) o.dataset = "api";
        o.dataset_explicit = ov__req_param(r, "dataset") != NULL;
        o.source = ov__req_param(r, "source");
        o.locator = ov__req_param(r, "locator");
        o.status = status && *status ? ov_status_parse(status) : OV_ST_ASSERTED;
        o.skip_invalid = ov__req_param(r, "skip_invalid") && !strcmp(ov__req_param(r, "skip_invalid"), "true");
        o.note = note;
        if (o.status < 0) {
            ov__error(r, resp, 400, "unknown status");
            return OV_EINVAL;
        }
        if (!r->body_len) {
            ov__error(r, resp, 400, "the request body (the file to load) is empty");
            return OV_EINVAL;
        }
        return ingest(app, w, r, resp, "upload", r->body, r->body_len, &o);
    }
    /* add or retract one statement: a JSON object */
    cJSON *root = r->body_len ? cJSON_ParseWithLength(r->body, r->body_len) : NULL;
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        ov__error(r, resp, 400, "the body must be a JSON object");
        return OV_EINVAL;
    }
    bool retract = !strcmp(r->path, "/api/statements/retract");
    const char *id = jstr(root, "entity"), *prop = jstr(root, "prop"), *value = jstr(root, "value");
    const char *schema = jstr(root, "schema"), *dataset = jstr(root, "dataset");
    const char *source = jstr(root, "source"), *locator = jstr(root, "locator"), *status = jstr(root, "status");
    int rc = OV_OK;
    ov_entity *e = NULL;
    if (!id || !prop || !value) {
        ov__error(r, resp, 400, "entity, prop and value are required");
        rc = OV_EINVAL;
        goto out;
    }
    if (ov_store_get(w, id, 0, &e) == OV_OK && !schema) schema = e->schema;
    if (!schema) {
        ov__error(r, resp, retract ? 404 : 400, retract ? "%s: no such entity" : "%s is new: give its schema", id);
        rc = OV_EINVAL;
        goto out;
    }
    ov_ingest_opts o = {.format = OV_FMT_ENTITIES, .dataset = dataset ? dataset : "api", .dataset_explicit = true,
                        .source = source, .locator = locator, .status = OV_ST_ASSERTED, .note = note};
    if (retract) {
        const ov_stmt *hit = NULL;
        for (size_t i = 0; e && i < e->n_stmts && !hit; i++) {
            const ov_stmt *s = &e->stmts[i];
            if (!strcmp(s->prop, prop) && !strcmp(s->value, value) && s->status != OV_ST_RETRACTED &&
                (!dataset || (s->dataset && !strcmp(s->dataset, dataset))))
                hit = s;
        }
        if (!hit) {
            ov__error(r, resp, 404, "%s has no current statement %s = %s", id, prop, value);
            rc = OV_ENOTFOUND;
            goto out;
        }
        o.dataset = hit->dataset ? hit->dataset : "api";
        o.source = hit->source;
        o.locator = hit->locator;
        o.status = OV_ST_RETRACTED;
        if (hit->schema) schema = hit->schema;
    } else if (status) {
        o.status = ov_status_parse(status);
        if (o.status < 0 || o.status == OV_ST_RETRACTED) {
            ov__error(r, resp, 400, "status must be asserted, verified, alleged, disputed or unverified");
            rc = OV_EINVAL;
            goto out;
        }
    }
    /* one FtM entity line with the one value */
    cJSON *line = cJSON_CreateObject(), *props = cJSON_CreateObject(), *vals = cJSON_CreateArray();
    if (line && props && vals) {
        cJSON_AddStringToObject(line, "id", id);
        cJSON_AddStringToObject(line, "schema", schema);
        cJSON_AddItemToArray(vals, cJSON_CreateString(value));
        cJSON_AddItemToObject(props, prop, vals);
        cJSON_AddItemToObject(line, "properties", props);
        props = vals = NULL;
    }
    char *text = line ? cJSON_PrintUnformatted(line) : NULL;
    cJSON_Delete(line);
    cJSON_Delete(props);
    cJSON_Delete(vals);
    if (!text) {
        ov__error(r, resp, 500, "out of memory");
        rc = OV_ENOMEM;
        goto out;
    }
    rc = ingest(app, w, r, resp, retract ? "retraction" : "statement", text, strlen(text), &o);
    cJSON_free(text);
out:
    ov_entity_free(e);
    cJSON_Delete(root);
    return rc;
}
