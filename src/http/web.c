/*
 * web.c - the server-rendered web interface: search with filters, the entity
 * dossier (facts with numbered footnotes, the status of every claim, its
 * history), the ownership picture, the typology table, legal exposure and the
 * screening page. No JavaScript: the Content-Security-Policy forbids scripts
 * altogether. Every value from the record goes through ov__html (text and
 * quoted attributes) or ov__url (links); Graphviz escapes the SVG labels.
 */
#include <stdlib.h>
#include <string.h>
#include "http_internal.h"
#include "oversight/explain.h"
#include "oversight/own.h"
#include "oversight/render.h"
#include "oversight/match.h"
#include "oversight/search.h"
#include "oversight/deploy.h"
#include <cjson/cJSON.h>
#include "../util/alloc.h"
#include "../util/banned.h"

#define B (&c->resp->body)

static void html_begin(ov__ctx *c, const char *title)
{
    c->resp->content_type = "text/html; charset=utf-8";
    ov__page_start(B, title);
}

static void link_entity(ov_buf *b, const char *id, const char *caption)
{
    ov_buf_adds(b, "<a href=\"/entity/");
    ov__url(b, id);
    ov_buf_adds(b, "\">");
    ov__html(b, caption && *caption ? caption : id);
    ov_buf_adds(b, "</a>");
}

/* ---- home, search ---------------------------------------------------------------- */

typedef struct count_ctx {
    ov_buf *b;
    int n;
} count_ctx;

static int schema_cb(const char *group, const char *key, int64_t n, void *ud)
{
    count_ctx *x = ud;
    if (strcmp(group, "schema")) return 0;
    ov_buf_adds(x->b, "<li><a href=\"/search?schema=");
    ov__url(x->b, key);
    ov_buf_adds(x->b, "\">");
    ov__html(x->b, key);
    ov_buf_printf(x->b, "</a> <span class=\"n\">%lld</span></li>", (long long)n);
    x->n++;
    return 0;
}

static const char *const schemata[] = {"Company", "Organization", "PublicBody", "Person", "LegalEntity",
                                       "Ownership", "Control", "Brand", "Deployment", "Law", "LegalProvision",
                                       "Document", "Sanction", "Measurement"};

static void search_form(ov_buf *b, const ov__req *r)
{
    const char *q = ov__req_param(r, "q"), *schema = ov__req_param(r, "schema");
    ov_buf_adds(b, "<form class=\"search\" action=\"/search\" method=\"get\">\n<label>Words <input type=\"search\" "
                   "name=\"q\" value=\"");
    ov__html(b, q);
    ov_buf_adds(b, "\" autofocus></label>\n<label>Schema <select name=\"schema\"><option value=\"\">any</option>");
    for (size_t i = 0; i < sizeof schemata / sizeof schemata[0]; i++) {
        ov_buf_adds(b, "<option");
        if (schema && !strcmp(schema, schemata[i])) ov_buf_adds(b, " selected");
        ov_buf_adds(b, ">");
        ov__html(b, schemata[i]);
        ov_buf_adds(b, "</option>");
    }
    ov_buf_adds(b, "</select></label>\n");
    const char *fields[][2] = {{"country", "Country"}, {"topic", "Topic"}, {"dataset", "Dataset"}};
    for (int i = 0; i < 3; i++) {
        ov_buf_printf(b, "<label>%s <input name=\"%s\" size=\"10\" value=\"", fields[i][1], fields[i][0]);
        ov__html(b, ov__req_param(r, fields[i][0]));
        ov_buf_adds(b, "\"></label>\n");
    }
    ov_buf_adds(b, "<button type=\"submit\">Search</button></form>\n");
}

static void home(ov__ctx *c)
{
    html_begin(c, "Search the record");
    ov_buf_adds(B, "<h1>The surveillance industry, on the record</h1>\n<p>Every fact is a statement with its "
                   "citation and status. Search in any script: Chinese matches by character.</p>\n");
    search_form(B, c->req);
    ov_stats s;
    if (ov_store_stats(c->slot->st, &s, NULL, NULL) == OV_OK)
        ov_buf_printf(B, "<p class=\"stats\">%lld entities, %lld statements, %lld citations, %lld changes.</p>\n",
                      (long long)s.entities, (long long)s.statements_current, (long long)s.citations,
                      (long long)s.changes);
    ov_buf_adds(B, "<h2>Browse by schema</h2>\n<ul class=\"schemata\">");
    count_ctx x = {B, 0};
    ov_store_stats(c->slot->st, &s, schema_cb, &x);
    ov_buf_adds(B, "</ul>\n");
    ov__page_end(B);
}

/* ---- what a search result shows: country, lists, snippet; "did you mean" -------------- */

/* The snippet (search.h: matches between \x01 and \x02) as HTML with <mark>. */
static void snippet_html(ov_buf *b, const char *s)
{
    char one[2] = {0, 0};
    for (; s && *s; s++) {
        if (*s == '\x01') ov_buf_adds(b, "<mark>");
        else if (*s == '\x02') ov_buf_adds(b, "</mark>");
        else {
            one[0] = *s;
            ov__html(b, one);
        }
    }
}

/* Up to max candidates the matcher finds close to query (the server's matcher, under its lock). */
static size_t suggestions(ov__ctx *c, const char *query, ov_match_result *res, char (*ids)[256], char (*caps)[512],
                          char (*kinds)[64], size_t max)
{
    size_t n = 0;
    if (!query || !*query) return 0;
    const char *names[1] = {query};
    ov_match_query q = {.names = names, .n_names = 1, .limit = (int)max, .cutoff = 0.5, .party = ov__party_of,
                        .party_ud = ov__ctx_resolver(c)};
    pthread_mutex_lock(&c->app->match_lock);
    if (c->app->matcher && ov_matcher_query(c->app->matcher, &q, res, max, &n)) n = 0;
    /* the matcher's strings are its own: copied before the lock goes */
    for (size_t i = 0; i < n; i++) {
        snprintf(ids[i], 256, "%s", res[i].id);
        snprintf(caps[i], 512, "%s", res[i].caption ? res[i].caption : res[i].id);
        snprintf(kinds[i], 64, "%s", res[i].schema);
    }
    pthread_mutex_unlock(&c->app->match_lock);
    return n;
}

void ov__search_result_json(ov__ctx *c, const char *id, const char *query, ov_buf *b)
{
    ov_search_info info;
    if (ov_search_describe(c->slot->st, id, query, &info)) memset(&info, 0, sizeof info);
    ov_buf_adds(b, ",\"country\":");
    if (info.country) ov__json(b, info.country);
    else ov_buf_adds(b, "null");
    ov_buf_adds(b, ",\"country_name\":");
    if (info.country_name) ov__json(b, info.country_name);
    else ov_buf_adds(b, "null");
    ov_buf_adds(b, ",\"lists\":[");
    const char *p = info.lists;
    for (int k = 0; p && *p; k++) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char *one = ov_arena_strndup(c->req->arena, p, len);
        if (k) ov_buf_addc(b, ',');
        ov__json(b, one ? one : "");
        p = e ? e + 1 : NULL;
    }
    ov_buf_adds(b, "],\"matched_property\":");
    if (info.prop) ov__json(b, info.prop);
    else ov_buf_adds(b, "null");
    /* the snippet without its marks, and the marks as byte offsets into it */
    ov_buf_adds(b, ",\"snippet\":");
    if (info.snippet) {
        size_t len = strlen(info.snippet), k = 0;
        char *plain = ov_arena_alloc(c->req->arena, len + 1);
        int spans[32][2], ns = 0;
        for (size_t i = 0; plain && i < len; i++) {
            if (info.snippet[i] == '\x01' && ns < 32) spans[ns][0] = (int)k;
            else if (info.snippet[i] == '\x02' && ns < 32) spans[ns++][1] = (int)k;
            else if (info.snippet[i] != '\x01' && info.snippet[i] != '\x02') plain[k++] = info.snippet[i];
        }
        if (plain) plain[k] = 0;
        ov__json(b, plain ? plain : "");
        ov_buf_adds(b, ",\"highlights\":[");
        for (int i = 0; plain && i < ns; i++) ov_buf_printf(b, "%s[%d,%d]", i ? "," : "", spans[i][0], spans[i][1]);
        ov_buf_adds(b, "]");
    } else {
        ov_buf_adds(b, "null,\"highlights\":[]");
    }
    ov_search_info_release(&info);
}

int ov__search_query_read(ov__req *r, ov_search_query *q)
{
    q->text = ov__req_param(r, "q");
    q->schema = ov__req_param(r, "schema");
    q->country = ov__req_param(r, "country");
    q->topic = ov__req_param(r, "topic");
    q->dataset = ov__req_param(r, "dataset");
    const char **fs[] = {&q->text, &q->schema, &q->country, &q->topic, &q->dataset};
    for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++) {
        if (*fs[i] && !**fs[i]) *fs[i] = NULL;
        if (*fs[i] && strlen(*fs[i]) > 1000) return OV_EINVAL;
    }
    return OV_OK;
}

int ov__check_search_filters(ov__ctx *c, ov_search_query *q, char *err, size_t errlen)
{
    if (q->schema && !ov_model_schema(c->app->m, q->schema)) {
        const char *best = NULL;
        int bd = 99;
        for (int i = 0; i < ov_model_schema_count(c->app->m); i++) {
            const char *n = ov_schema_name(ov_model_schema_at(c->app->m, i));
            int d = ov_edit_distance(n, q->schema);
            if (d < bd) bd = d, best = n;
        }
        snprintf(err, errlen, "schema=%.60s: no such schema%s%s%s", q->schema, bd <= 3 ? " (did you mean " : "",
                 bd <= 3 ? best : "", bd <= 3 ? "?)" : "");
        return OV_EINVAL;
    }
    if (q->country) {
        char code[8], sugg[128];
        if (ov_country_resolve(q->country, code, sizeof code, sugg, sizeof sugg)) {
            snprintf(err, errlen, "country=%.60s: not a country code or name%s%s%s", q->country,
                     *sugg ? " (did you mean " : "", sugg, *sugg ? "?)" : "");
            return OV_EINVAL;
        }
        q->country = ov_arena_strdup(c->req->arena, code);
        if (!q->country) return OV_ENOMEM;
    }
    return OV_OK;
}

void ov__did_you_mean_json(ov__ctx *c, const char *query, ov_buf *b)
{
    ov_match_result res[5];
    char ids[5][256], caps[5][512], kinds[5][64];
    size_t n = suggestions(c, query, res, ids, caps, kinds, 5);
    ov_buf_adds(b, ",\"did_you_mean\":[");
    for (size_t i = 0; i < n; i++) {
        ov_buf_adds(b, i ? ",{\"id\":" : "{\"id\":");
        ov__json(b, ids[i]);
        ov_buf_adds(b, ",\"caption\":");
        ov__json(b, caps[i]);
        ov_buf_adds(b, ",\"schema\":");
        ov__json(b, kinds[i]);
        ov_buf_adds(b, res[i].match ? ",\"match\":true}" : ",\"match\":false}");
    }
    ov_buf_adds(b, "]");
}

static void search(ov__ctx *c)
{
    ov__req *r = c->req;
    ov_search_query q = {0};
    if (ov__search_query_read(r, &q)) {
        ov__error(r, c->resp, 400, "a search field is longer than 1000 bytes");
        return;
    }
    const char *off_s = ov__req_param(r, "offset");
    long offset = off_s ? strtol(off_s, NULL, 10) : 0;
    if (offset < 0 || offset > 100000) offset = 0;
    html_begin(c, q.text ? q.text : "Search");
    ov_buf_adds(B, "<h1>Search</h1>\n");
    search_form(B, r);
    if (!q.text && !q.schema && !q.country && !q.topic && !q.dataset) {
        ov__page_end(B);
        return;
    }
    q.limit = 50;
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
        ov__error(r, c->resp, 400, "%s", ov_store_errmsg(c->slot->st));
        return;
    }
    ov_buf_printf(B, "<p class=\"count\" id=\"count\">%zu result%s%s</p>\n<ol class=\"results\" start=\"%ld\">\n", n,
                  n == 1 ? "" : "s", n == 50 ? " (more on the next page)" : "", offset + 1);
    for (size_t i = 0; i < n; i++) {
        ov_search_info info;
        if (ov_search_describe(c->slot->st, hits[i].id, q.text, &info)) memset(&info, 0, sizeof info);
        ov_buf_adds(B, "<li>");
        link_entity(B, hits[i].id, hits[i].caption);
        ov_buf_adds(B, " <span class=\"schema\">");
        ov__html(B, hits[i].schema);
        if (info.country) {
            ov_buf_adds(B, " · ");
            ov__html(B, info.country_name ? info.country_name : info.country);
        }
        ov_buf_adds(B, "</span>");
        if (info.lists) {
            ov_buf_printf(B, " <span class=\"lists\">on %zu list%s: ", info.n_lists, info.n_lists == 1 ? "" : "s");
            for (char *nl = info.lists; (nl = strchr(nl, '\n'));) *nl = ';'; /* one line */
            ov__html(B, info.lists);
            ov_buf_adds(B, "</span>");
        }
        if (info.snippet) {
            ov_buf_adds(B, "<br><span class=\"snippet\"><span class=\"prop\">");
            ov__html(B, info.prop);
            ov_buf_adds(B, ":</span> ");
            snippet_html(B, info.snippet);
            ov_buf_adds(B, "</span>");
        }
        ov_buf_adds(B, "</li>\n");
        ov_search_info_release(&info);
    }
    ov_buf_adds(B, "</ol>\n");
    if (!n && q.text) {
        ov_match_result res[5];
        char ids[5][256], caps[5][512], kinds[5][64];
        size_t ns = suggestions(c, q.text, res, ids, caps, kinds, 5);
        if (ns) {
            /* a match of the name matcher is the same party under another spelling, script or
             * transliteration (pinyin, traditional characters): said as found, not as a guess */
            ov_buf_adds(B, res[0].match ? "<p id=\"did-you-mean\">Found by the name matcher (another spelling, "
                                          "script or transliteration): "
                                        : "<p id=\"did-you-mean\">Did you mean ");
            for (size_t i = 0; i < ns; i++) {
                ov_buf_adds(B, i ? (i + 1 == ns ? " or " : ", ") : "");
                link_entity(B, ids[i], caps[i]);
                ov_buf_adds(B, " <span class=\"schema\">");
                ov__html(B, kinds[i]);
                ov_buf_adds(B, "</span>");
            }
            ov_buf_adds(B, res[0].match ? "</p>\n" : "?</p>\n");
        }
    }
    if (n == 50) {
        ov_buf_adds(B, "<p><a rel=\"next\" href=\"/search?");
        const char *names[] = {"q", "schema", "country", "topic", "dataset"};
        const char *values[] = {q.text, q.schema, q.country, q.topic, q.dataset};
        for (int i = 0; i < 5; i++) {
            if (!values[i]) continue;
            ov_buf_printf(B, "%s=", names[i]);
            ov__url(B, values[i]);
            ov_buf_adds(B, "&amp;");
        }
        ov_buf_printf(B, "offset=%ld\">Next page</a></p>\n", offset + 50);
    }
    ov_search_hits_free(hits, n);
    ov__page_end(B);
}

/* ---- the dossier ------------------------------------------------------------------- */

typedef struct hist_ctx {
    ov_buf *b;
    const ov_entity *e;
} hist_ctx;

static int hist_cb(const ov_change *ch, void *ud)
{
    hist_ctx *h = ud;
    ov_buf *b = h->b;
    ov_buf_printf(b, "<tr><td>%lld</td><td>", (long long)ch->id);
    ov__html(b, ch->at);
    ov_buf_adds(b, "</td><td>");
    ov__html(b, ch->kind);
    ov_buf_adds(b, "</td><td>");
    ov__html(b, ch->origin);
    ov_buf_adds(b, "</td><td><ul class=\"changes\">");
    for (size_t i = 0; i < h->e->n_stmts; i++) {
        const ov_stmt *s = &h->e->stmts[i];
        if (s->added_in != ch->id && s->retired_in != ch->id) continue;
        if (s->added_in == ch->id) {
            ov_buf_adds(b, "<li class=\"add\">+ ");
            ov__html(b, s->prop);
            ov_buf_adds(b, " = ");
            ov__html(b, s->value);
            ov_buf_printf(b, " <span class=\"status %s\">", ov_status_name(s->status));
            ov__html(b, ov_status_name(s->status));
            ov_buf_adds(b, "</span></li>");
        }
        if (s->retired_in == ch->id) {
            ov_buf_adds(b, "<li class=\"retire\">− ");
            ov__html(b, s->prop);
            ov_buf_adds(b, " = ");
            ov__html(b, s->value);
            ov_buf_adds(b, "</li>");
        }
    }
    if (h->e->retired_in == ch->id) ov_buf_adds(b, "<li>entity deleted</li>");
    ov_buf_adds(b, "</ul></td></tr>\n");
    return 0;
}

/* The report's body: what lies between <body> and </body>. */
static int report_body(ov__ctx *c, const char *id, char **text, size_t *len)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *mem = open_memstream(&buf, &n);
    if (!mem) return OV_ENOMEM;
    int rc = ov_report_write(c->slot->st, c->app->m, c->app->g, c->app->rules, id, true, NULL, mem);
    if (fclose(mem) && !rc) rc = OV_EIO;
    if (rc) {
        free(buf);
        return rc;
    }
    const char *start = strstr(buf, "<body>");
    const char *end = start ? strstr(start, "</body>") : NULL;
    if (!start || !end) {
        free(buf);
        return OV_EIO;
    }
    start += 6;
    *len = (size_t)(end - start);
    *text = buf;
    memmove(buf, start, *len);
    return OV_OK;
}

static void dossier(ov__ctx *c, const char *id)
{
    ov_entity *e;
    int rc = ov_store_get(c->slot->st, id, OV_GET_HISTORY, &e);
    if (rc || e->retired_in) {
        if (!rc) ov_entity_free(e);
        ov__error(c->req, c->resp, rc && rc != OV_ENOTFOUND ? 500 : 404, "there is no entity %s in the record", id);
        return;
    }
    char *body;
    size_t blen;
    rc = report_body(c, id, &body, &blen);
    if (rc) {
        ov_entity_free(e);
        ov__error(c->req, c->resp, ov__status_for(rc), "the dossier of %s cannot be written", id);
        return;
    }
    html_begin(c, e->caption ? e->caption : e->id);
    ov_buf_adds(B, "<nav class=\"entity\"><a href=\"/graph/");
    ov__url(B, id);
    ov_buf_adds(B, "\">Ownership picture</a> · <a href=\"/exposure/");
    ov__url(B, id);
    ov_buf_adds(B, "\">Legal exposure</a> · <a href=\"/api/entities/");
    ov__url(B, id);
    ov_buf_adds(B, "\">JSON</a> · <a href=\"#statements\">Every statement</a> · <a href=\"#history\">History</a>"
                   " · <a href=\"/entity/");
    ov__url(B, id);
    ov_buf_adds(B, "/changes.atom\">Changes (Atom)</a></nav>\n<article class=\"dossier\">\n");
    ov_buf_add(B, body, blen);
    free(body);
    ov_buf_adds(B, "</article>\n");
    ov__resolution_section(c, e->id); /* canonical id, referents, judgements (resolve_api.c) */
    ov_buf_adds(B, "<section id=\"statements\"><h2>Every statement and its status</h2>\n"
                   "<table class=\"statements\"><thead><tr><th>property</th><th>value</th><th>status</th>"
                   "<th>citation</th><th>dataset</th><th>changes</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < e->n_stmts; i++) {
        const ov_stmt *s = &e->stmts[i];
        ov_buf_printf(B, "<tr class=\"%s\"><td>", s->retired_in ? "retired" : "current");
        ov__html(B, s->prop);
        ov_buf_adds(B, "</td><td>");
        const ov_schema *sch = ov_model_schema(c->app->m, e->schema);
        const ov_prop *p = sch ? ov_schema_prop(sch, s->prop) : NULL;
        ov_entity *ref = NULL;
        if (p && ov_prop_type(p) == OV_T_ENTITY && ov_store_get(c->slot->st, s->value, 0, &ref) == OV_OK) {
            /* another entity: by its name, the id in the link */
            link_entity(B, ref->id, ref->caption);
            ov_entity_free(ref);
        } else if (!strncmp(s->value, "https://", 8) || !strncmp(s->value, "http://", 7)) {
            ov_buf_adds(B, "<a href=\"");
            ov__html(B, s->value);
            ov_buf_adds(B, "\" rel=\"noopener noreferrer\">");
            ov__html(B, s->value);
            ov_buf_adds(B, "</a>");
        } else {
            ov__html(B, s->value);
        }
        if (s->lang) {
            ov_buf_adds(B, " <span class=\"lang\">");
            ov__html(B, s->lang);
            ov_buf_adds(B, "</span>");
        }
        ov_buf_printf(B, "</td><td><span class=\"status %s\">%s</span></td><td>", ov_status_name(s->status),
                      ov_status_name(s->status));
        if (s->source) {
            ov_entity *doc;
            if (ov_store_get(c->slot->st, s->source, 0, &doc) == OV_OK) {
                link_entity(B, doc->id, doc->caption);
                ov_entity_free(doc);
            } else {
                ov__html(B, s->source);
            }
        }
        if (s->locator) {
            ov_buf_adds(B, s->source ? " — " : "");
            ov__html(B, s->locator);
        }
        ov_buf_adds(B, "</td><td>");
        ov__html(B, s->dataset);
        ov_buf_printf(B, "</td><td>+%lld", (long long)s->added_in);
        if (s->retired_in) ov_buf_printf(B, " −%lld", (long long)s->retired_in);
        ov_buf_adds(B, "</td></tr>\n");
    }
    ov_buf_adds(B, "</tbody></table></section>\n<section id=\"history\"><h2>History</h2>\n<table class=\"history\">"
                   "<thead><tr><th>change</th><th>at</th><th>kind</th><th>from</th><th>what</th></tr></thead><tbody>\n");
    hist_ctx h = {B, e};
    ov_store_changes(c->slot->st, e->id, hist_cb, &h);
    ov_buf_adds(B, "</tbody></table></section>\n");
    ov_entity_free(e);
    ov__page_end(B);
}

/* ---- the picture ------------------------------------------------------------------------ */

static int picture(ov__ctx *c, uint32_t node, int depth, int breadth, char **svg, size_t *len, int *nn,
                   bool *truncated)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *mem = open_memstream(&buf, &n);
    if (!mem) return OV_ENOMEM;
    int cap = c->app->opts.max_graph_nodes > 0 ? c->app->opts.max_graph_nodes : 150;
    ov_picture_opts o = {.depth = depth, .max_nodes = cap, .breadth = breadth, .format = OV_PIC_SVG,
                         .link_prefix = "/entity/"};
    int rc = ov_render_picture(c->app->g, node, &o, mem, nn, truncated);
    if (fclose(mem) && !rc) rc = OV_EIO;
    if (rc) {
        free(buf);
        return rc;
    }
    *svg = buf;
    *len = n;
    return OV_OK;
}

static void graph(ov__ctx *c, const char *id, bool download)
{
    uint32_t node;
    if (!ov_graph_find(c->app->g, id, &node)) {
        ov__error(c->req, c->resp, 404, "%s is not in the ownership graph", id);
        return;
    }
    const char *d = ov__req_param(c->req, "depth"), *b = ov__req_param(c->req, "breadth");
    int depth = d && d[0] >= '1' && d[0] <= '4' && !d[1] ? d[0] - '0' : 2;
    /* neighbours of one node per direction: 8 by default, "and N more" for the rest; more on request */
    int breadth = b && !strcmp(b, "all") ? 1000 : b && !strcmp(b, "40") ? 40 : OV_PIC_BREADTH;
    char *svg;
    size_t len;
    int nn = 0;
    bool truncated = false;
    int rc = picture(c, node, depth, breadth, &svg, &len, &nn, &truncated);
    if (rc) {
        ov__error(c->req, c->resp, 500, "the picture cannot be drawn");
        return;
    }
    const char *start = strstr(svg, "<svg");
    size_t off = start ? (size_t)(start - svg) : 0;
    if (download) {
        c->resp->content_type = "image/svg+xml";
        snprintf(c->resp->disposition, sizeof c->resp->disposition, "attachment; filename=\"ownership.svg\"");
        ov_buf_adds(B, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        ov_buf_add(B, svg + off, len - off);
        free(svg);
        return;
    }
    const char *caption = ov_graph_node_caption(c->app->g, node);
    html_begin(c, caption);
    ov_buf_adds(B, "<h1>Ownership and control: ");
    ov__html(B, caption);
    ov_buf_adds(B, "</h1>\n<p>");
    link_entity(B, id, "Back to the dossier");
    ov_buf_printf(B, " · depth %d · %d nodes%s · <a href=\"/svg/", depth, nn,
                  truncated ? " (the picture is capped: nearest first)" : "");
    ov__url(B, id);
    const char *bq = breadth == 1000 ? "all" : breadth == 40 ? "40" : "8";
    ov_buf_printf(B, "?depth=%d&amp;breadth=%s\" download>Download SVG</a> · depth ", depth, bq);
    for (int k = 1; k <= 4; k++) {
        ov_buf_adds(B, "<a href=\"/graph/");
        ov__url(B, id);
        ov_buf_printf(B, "?depth=%d&amp;breadth=%s\">%d</a> ", k, bq, k);
    }
    ov_buf_adds(B, "· neighbours of each: ");
    static const char *const widths[] = {"8", "40", "all"};
    for (int k = 0; k < 3; k++) {
        ov_buf_adds(B, "<a href=\"/graph/");
        ov__url(B, id);
        ov_buf_printf(B, "?depth=%d&amp;breadth=%s\">%s</a> ", depth, widths[k], widths[k]);
    }
    ov_buf_adds(B, "</p>\n<p class=\"legend\">Solid arrows: ownership with its share. Dashed: control without "
                   "shares (Control, Directorship, Membership) and other links. Shaded: the state. \"And N more\": the "
                   "neighbours left out (more with the links above). Each box links to its dossier.</p>\n<figure class=\"graph\">\n");
    ov_buf_add(B, svg + off, len - off);
    ov_buf_adds(B, "</figure>\n");
    free(svg);
    ov__page_end(B);
}

/* ---- typology, exposure ---------------------------------------------------------------- */

#define TYPOLOGY_ROWS 500 /* a page of the typology table */

/* A conclusion's status beside it, when it is weaker than asserted. */
static void status_tag(ov_buf *b, int status)
{
    if (ov_status_rank(status) <= ov_status_rank(OV_ST_ASSERTED)) return;
    ov_buf_printf(b, " <span class=\"status %s\">(%s)</span>", ov_status_name(status), ov_status_name(status));
}

static void typology(ov__ctx *c)
{
    const ov_graph *g = c->app->g;
    const char *off_s = ov__req_param(c->req, "offset");
    long offset = off_s ? strtol(off_s, NULL, 10) : 0;
    if (offset < 0 || (size_t)offset >= c->app->n_typ) offset = 0;
    size_t end = (size_t)offset + TYPOLOGY_ROWS < c->app->n_typ ? (size_t)offset + TYPOLOGY_ROWS : c->app->n_typ;
    html_begin(c, "Typology");
    ov_buf_adds(B, "<h1>Company typology</h1>\n<p>By ownership and effective control (criteria in "
                   "<code>data/rules/typology.json</code>). Each row says which rule fired; the evidence links to "
                   "the interests whose statements carry the citations.</p>\n<table class=\"typology\"><thead><tr>"
                   "<th>company</th><th>class</th><th>why</th><th>state share</th><th>evidence</th></tr></thead><tbody>\n");
    for (size_t i = (size_t)offset; i < end; i++) {
        const ov_typology *t = &c->app->typ[i];
        /* the same answer as /api/typology and `oversight typology`: the class with the
         * status of its weakest evidence, the state's share beside it */
        ov_answer *a = NULL;
        if (ov_typology_answer(c->slot->st, g, t, &a)) continue;
        const ov_explanation *x = &a->items[0], *share = &a->items[1];
        ov_buf_adds(B, "<tr><td>");
        link_entity(B, a->subject, a->subject_caption);
        ov_buf_adds(B, "</td><td><span class=\"cls\" title=\"");
        ov__html(B, ov_typology_class_description(t->cls));
        ov_buf_adds(B, "\">");
        ov__html(B, x->value);
        ov_buf_adds(B, "</span>");
        status_tag(B, x->status);
        ov_buf_adds(B, "</td><td>");
        ov__html(B, x->note);
        ov_buf_adds(B, "</td><td>");
        ov__html(B, share->value);
        status_tag(B, share->status);
        ov_buf_adds(B, "</td><td>");
        int shown = 0;
        for (size_t q = 0; q < a->n_items; q++)
            for (size_t k = 0; k < a->items[q].n_steps; k++) {
                const ov_step *s = &a->items[q].steps[k];
                if (!s->entity) continue;
                ov_buf_adds(B, shown++ ? ", " : "");
                link_entity(B, s->entity, s->entity);
            }
        ov_buf_adds(B, "</td></tr>\n");
        ov_answer_free(a);
    }
    ov_buf_printf(B, "</tbody></table>\n<p class=\"count\">%zu organisations classified", c->app->n_typ);
    if (c->app->n_typ > TYPOLOGY_ROWS) ov_buf_printf(B, "; rows %ld to %zu", offset + 1, end);
    ov_buf_adds(B, ".</p>\n");
    if (offset > 0)
        ov_buf_printf(B, "<p><a rel=\"prev\" href=\"/typology?offset=%ld\">Previous page</a></p>\n",
                      offset > TYPOLOGY_ROWS ? offset - TYPOLOGY_ROWS : 0);
    if (end < c->app->n_typ) ov_buf_printf(B, "<p><a rel=\"next\" href=\"/typology?offset=%zu\">Next page</a></p>\n", end);
    ov__page_end(B);
}

/* Every citation of a piece of evidence, whole, with its status. */
static void cite(ov_buf *b, const ov_step *s)
{
    for (size_t i = 0; i < s->n_cites; i++) {
        const ov_citation *ct = &s->cites[i];
        if (!*ct->source && !*ct->locator) continue;
        ov_buf_adds(b, " <span class=\"cite\">[");
        ov__html(b, ct->source);
        if (*ct->source && *ct->locator) ov_buf_adds(b, " — ");
        ov__html(b, ct->locator);
        ov_buf_adds(b, "; ");
        ov__html(b, ov_status_name(ct->status));
        ov_buf_adds(b, "]</span>");
    }
}

/* One piece of evidence of an exposure, as a list item. */
static void exposure_step(ov_buf *b, const ov_step *s)
{
    ov_buf_adds(b, "<li>");
    if (s->role) {
        ov__html(b, s->role);
        ov_buf_adds(b, ": ");
    }
    if (s->kind == OV_STEP_EDGE) {
        link_entity(b, s->from, s->from_caption);
        ov_buf_adds(b, " —");
        ov__html(b, s->relation ? s->relation : "link");
        if (s->value) {
            ov_buf_addc(b, ' ');
            ov__html(b, s->value);
        }
        ov_buf_adds(b, "→ ");
        link_entity(b, s->to, s->to_caption);
        if (s->entity) {
            ov_buf_adds(b, " (");
            link_entity(b, s->entity, s->entity);
            ov_buf_addc(b, ')');
        }
    } else if (s->kind == OV_STEP_STATEMENT) {
        link_entity(b, s->entity, s->entity_caption);
        ov_buf_addc(b, ' ');
        ov__html(b, s->relation);
        ov_buf_adds(b, " = ");
        ov__html(b, s->value);
    } else {
        ov__html(b, s->value);
    }
    status_tag(b, s->status);
    if (s->note) {
        ov_buf_adds(b, " <span class=\"note\">(");
        ov__html(b, s->note);
        ov_buf_adds(b, ")</span>");
    }
    cite(b, s);
    ov_buf_adds(b, "</li>\n");
}

/* The legal exposure page: the same answer as /api/exposure and `oversight
 * exposure`, each obligation with its status, the provision's words and
 * every piece of evidence with every citation. */
static void exposure(ov__ctx *c, const char *id)
{
    ov_law *law = ov__ctx_law(c);
    ov_answer *a = NULL;
    int rc = law ? ov_law_exposure(law, id, &a) : OV_ENOMEM;
    if (rc == OV_ENOTFOUND) {
        ov__error(c->req, c->resp, 404, "there is no entity %s in the record", id);
        return;
    }
    if (rc) {
        ov__error(c->req, c->resp, 500, "the legal exposure cannot be evaluated");
        return;
    }
    html_begin(c, a->subject_caption);
    ov_buf_adds(B, "<h1>Legal exposure: ");
    ov__html(B, a->subject_caption);
    ov_buf_adds(B, "</h1>\n<p>");
    link_entity(B, a->subject, "Back to the dossier");
    ov_buf_printf(B, " · %zu obligation%s reach it. Each with its reason chain: facts → class of subject → "
                     "provision → obligation, and the status of its weakest evidence.</p>\n",
                  a->n_items, a->n_items == 1 ? "" : "s");
    for (size_t i = 0; i < a->n_items; i++) {
        const ov_explanation *x = &a->items[i];
        ov_buf_adds(B, "<section class=\"obligation\"><h2>");
        ov__html(B, x->value);
        status_tag(B, x->status);
        ov_buf_adds(B, "</h2>\n<p>");
        link_entity(B, x->object, x->object_caption);
        ov_buf_adds(B, " — binds <em>");
        ov__html(B, x->rule.label ? x->rule.label : x->rule.id);
        ov_buf_adds(B, "</em> (<code>");
        ov__html(B, x->rule.id);
        ov_buf_adds(B, "</code>)</p>\n");
        if (x->rule.authority) {
            ov_buf_adds(B, "<p class=\"authority\">Authority: ");
            ov__html(B, x->rule.authority);
            ov_buf_adds(B, "</p>\n");
        }
        for (size_t k = 0; k < x->n_steps; k++) {
            const ov_step *s = &x->steps[k];
            if (!s->role || strcmp(s->role, "text") != 0) continue;
            ov_buf_adds(B, "<blockquote>");
            ov__html(B, s->value);
            cite(B, s);
            ov_buf_adds(B, "</blockquote>\n");
        }
        ov_buf_adds(B, "<p>Because:</p><ul>\n");
        for (size_t k = 0; k < x->n_steps; k++)
            if (!x->steps[k].role || strcmp(x->steps[k].role, "text") != 0) exposure_step(B, &x->steps[k]);
        if (x->n_steps_omitted) ov_buf_printf(B, "<li>… and %zu more</li>\n", x->n_steps_omitted);
        ov_buf_adds(B, "</ul></section>\n");
    }
    ov_answer_free(a);
    ov__page_end(B);
}

/* ---- deployments: a world map, per country and per supplier ----------------------------- */

static const char *J(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int N(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valueint : 0;
}

/* The deployments (deploy.h) for the request's filters; NULL after an error response. */
static cJSON *deployments_doc(ov__ctx *c, ov_deploy_filter *f, char **text)
{
    const char *country = ov__req_param(c->req, "country"), *supplier = ov__req_param(c->req, "supplier");
    f->country = NULL;
    f->supplier = supplier && *supplier ? supplier : NULL;
    if (country && *country) {
        char code[8], sugg[128];
        if (ov_country_resolve(country, code, sizeof code, sugg, sizeof sugg)) {
            ov__error(c->req, c->resp, 400, "country=%.60s: not a country code or name%s%s%s", country,
                      *sugg ? " (did you mean " : "", sugg, *sugg ? "?)" : "");
            return NULL;
        }
        f->country = ov_arena_strdup(c->req->arena, code);
    }
    *text = NULL;
    int rc = ov_deployments_json(c->slot->st, c->app->g, ov__ctx_law(c), f, NULL, text);
    cJSON *doc = rc ? NULL : cJSON_Parse(*text);
    if (!doc) {
        ov_free(*text);
        *text = NULL;
        ov__error(c->req, c->resp, ov__status_for(rc ? rc : OV_ENOMEM), "the deployments cannot be read");
    }
    return doc;
}

void ov__api_deployments(ov__ctx *c)
{
    ov_deploy_filter f;
    char *text;
    cJSON *doc = deployments_doc(c, &f, &text);
    if (!doc) return;
    cJSON_Delete(doc);
    c->resp->content_type = "application/json; charset=utf-8";
    ov_buf_adds(B, text);
    ov_buf_addc(B, '\n');
    ov_free(text);
}

static void nationality_html(ov_buf *b, const cJSON *nat)
{
    if (!nat || cJSON_IsNull(nat)) {
        ov_buf_adds(b, "<span class=\"muted\">not recorded</span>");
        return;
    }
    ov__html(b, J(nat, "name") ? J(nat, "name") : J(nat, "code"));
    const char *st = J(nat, "status");
    if (st && strcmp(st, "asserted") && strcmp(st, "verified")) {
        ov_buf_printf(b, " <span class=\"status %s\" title=\"", st);
        ov__html(b, J(nat, "locator"));
        ov_buf_printf(b, "\">%s</span>", st);
    }
}

static void deployments_page(ov__ctx *c)
{
    ov_deploy_filter f;
    char *text;
    cJSON *doc = deployments_doc(c, &f, &text);
    if (!doc) return;
    ov_free(text);
    const cJSON *tot = cJSON_GetObjectItemCaseSensitive(doc, "totals");
    const cJSON *countries = cJSON_GetObjectItemCaseSensitive(doc, "countries");
    const cJSON *suppliers = cJSON_GetObjectItemCaseSensitive(doc, "suppliers");
    html_begin(c, "Deployments");
    ov_buf_adds(B, "<h1>Deployments</h1>\n");
    ov_buf_printf(B, "<p id=\"totals\">%d deployments in %d countries by %d suppliers (%d with a nationality in the "
                     "record); %d by suppliers the National Intelligence Law reaches.",
                  N(tot, "deployments"), N(tot, "countries"), N(tot, "suppliers"), N(tot, "suppliers_with_nationality"),
                  N(tot, "nil_deployments"));
    if (f.country || f.supplier) ov_buf_adds(B, " <a href=\"/deployments\">All deployments</a>");
    ov_buf_adds(B, " <a href=\"/api/deployments\">JSON</a></p>\n");
    /* the map: every country of the whole record, shaded by deployments of NIL-reached suppliers */
    if (!f.country && !f.supplier) {
        size_t n = (size_t)cJSON_GetArraySize(countries), k = 0;
        ov_map_value *mv = ov_arena_alloc(c->req->arena, sizeof *mv * (n ? n : 1));
        const cJSON *x;
        cJSON_ArrayForEach(x, countries)
        {
            if (!mv) break;
            char *note = ov_arena_alloc(c->req->arena, 96);
            if (note)
                snprintf(note, 96, "%d of %d deployments by suppliers the National Intelligence Law reaches",
                         N(x, "nil_deployments"), N(x, "deployments"));
            mv[k++] = (ov_map_value){J(x, "code"), N(x, "nil_deployments"), note};
        }
        char *svg = NULL;
        if (mv && !ov_render_world_map(mv, k, "/deployments?country=",
                                       "Deployments by suppliers subject to the National Intelligence Law",
                                       "Countries shaded by the number of deployments the record holds of suppliers "
                                       "whose obligations include the PRC National Intelligence Law, Art. 14; each "
                                       "shaded country links to its list.",
                                       &svg)) {
            ov_buf_adds(B, "<figure class=\"map\">");
            ov_buf_adds(B, svg);
            ov_buf_adds(B, "<figcaption>Deployments of suppliers the National Intelligence Law reaches (through "
                           "each supplier's own record: its country and the exposure rules), by country. Outlines: "
                           "Natural Earth (public domain).</figcaption></figure>\n");
        }
        ov_free(svg);
    }
    const cJSON *x;
    ov_buf_adds(B, "<h2 id=\"by-country\">By country</h2>\n<table class=\"deployments by-country\"><thead><tr><th scope=\"col\">"
                   "Country</th><th scope=\"col\">Technologies recorded for the country</th><th scope=\"col\">"
                   "Suppliers named there</th></tr></thead><tbody>\n");
    cJSON_ArrayForEach(x, countries)
    {
        ov_buf_adds(B, "<tr id=\"cc-");
        ov__html(B, J(x, "code"));
        ov_buf_adds(B, "\"><th scope=\"row\"><a href=\"/deployments?country=");
        ov__url(B, J(x, "code"));
        ov_buf_adds(B, "\">");
        ov__html(B, J(x, "name") ? J(x, "name") : J(x, "code"));
        ov_buf_printf(B, "</a><br><span class=\"muted\">%d deployment%s, %d by NIL-reached suppliers</span></th><td>",
                      N(x, "deployments"), N(x, "deployments") == 1 ? "" : "s", N(x, "nil_deployments"));
        const cJSON *t;
        int k = 0;
        cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(x, "technologies"))
        {
            ov_buf_adds(B, k++ ? ", " : "");
            ov__html(B, J(t, "technology"));
        }
        ov_buf_adds(B, k ? "<br><span class=\"muted\">per country: the source does not say which supplier supplied "
                           "which</span>" : "<span class=\"muted\">none recorded</span>");
        ov_buf_adds(B, "</td><td><ul class=\"suppliers\">");
        cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(x, "suppliers"))
        {
            ov_buf_adds(B, "<li>");
            link_entity(B, J(t, "supplier"), J(t, "supplier_name"));
            ov_buf_adds(B, " <span class=\"muted\">(");
            nationality_html(B, cJSON_GetObjectItemCaseSensitive(t, "nationality"));
            ov_buf_adds(B, ")</span>");
            if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(t, "nil"))) ov_buf_adds(B, " <span class=\"nil\">NIL</span>");
            if (J(t, "buyer")) {
                ov_buf_adds(B, " · buyer ");
                ov__html(B, J(t, "buyer"));
            }
            ov_buf_adds(B, " <a class=\"ref\" href=\"/entity/");
            ov__url(B, J(t, "deployment"));
            ov_buf_adds(B, "\" title=\"");
            ov__html(B, J(t, "locator"));
            ov_buf_adds(B, "\">source</a></li>");
        }
        ov_buf_adds(B, "</ul></td></tr>\n");
    }
    ov_buf_adds(B, "</tbody></table>\n<p class=\"muted\">Buyers: the AI Global Surveillance Index does not name them; "
                   "a buyer is shown where a source does. NIL: the supplier's record puts it under the PRC National "
                   "Intelligence Law, Art. 14.</p>\n");
    ov_buf_adds(B, "<h2 id=\"by-supplier\">By supplier</h2>\n<table class=\"deployments by-supplier\"><thead><tr><th scope=\"col\">"
                   "Supplier</th><th scope=\"col\">Nationality</th><th scope=\"col\">Obligations reaching it</th>"
                   "<th scope=\"col\">Countries</th></tr></thead><tbody>\n");
    cJSON_ArrayForEach(x, suppliers)
    {
        ov_buf_adds(B, "<tr><th scope=\"row\">");
        link_entity(B, J(x, "id"), J(x, "name"));
        ov_buf_printf(B, "<br><span class=\"muted\">%d countr%s</span></th><td>", N(x, "deployments"),
                      N(x, "deployments") == 1 ? "y" : "ies");
        nationality_html(B, cJSON_GetObjectItemCaseSensitive(x, "nationality"));
        ov_buf_adds(B, "</td><td>");
        const cJSON *o;
        int k = 0;
        cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(x, "obligations"))
        {
            ov_buf_adds(B, k++ ? "; " : "");
            ov__html(B, J(o, "obligation"));
            ov_buf_adds(B, " <span class=\"muted\">(");
            ov__html(B, J(o, "provision"));
            ov_buf_adds(B, ")</span>");
        }
        if (!k) ov_buf_adds(B, "<span class=\"muted\">none recorded</span>");
        else {
            ov_buf_adds(B, " <a href=\"/exposure/");
            ov__url(B, J(x, "id"));
            ov_buf_adds(B, "\">why</a>");
        }
        ov_buf_adds(B, "</td><td>");
        k = 0;
        cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(x, "countries"))
        {
            ov_buf_adds(B, k++ ? ", " : "");
            ov_buf_adds(B, "<a href=\"/deployments?country=");
            ov__url(B, J(o, "code"));
            ov_buf_adds(B, "\">");
            ov__html(B, J(o, "name") ? J(o, "name") : J(o, "code"));
            ov_buf_adds(B, "</a>");
        }
        ov_buf_adds(B, "</td></tr>\n");
    }
    ov_buf_adds(B, "</tbody></table>\n");
    cJSON_Delete(doc);
    ov__page_end(B);
}

/* ---- the change log: a page and Atom feeds ------------------------------------------------ */

#define CHANGES_MAX 500 /* changes on the page or in a feed, newest first */

typedef struct chg {
    int64_t id, entities, added, retired;
    char at[40], kind[32], origin[512], dataset[128], note[256];
} chg;

typedef struct chg_ctx {
    chg *v;
    size_t n, cap;
    int64_t since;
} chg_ctx;

static int chg_cb(const ov_change *ch, void *ud)
{
    chg_ctx *x = ud;
    if (ch->id <= x->since) return 0;
    /* a ring of the newest: the log comes oldest first */
    chg *d = &x->v[x->n % x->cap];
    memset(d, 0, sizeof *d);
    d->id = ch->id, d->entities = ch->entities, d->added = ch->added, d->retired = ch->retired;
    snprintf(d->at, sizeof d->at, "%s", ch->at ? ch->at : "");
    snprintf(d->kind, sizeof d->kind, "%s", ch->kind ? ch->kind : "");
    snprintf(d->origin, sizeof d->origin, "%s", ch->origin ? ch->origin : "");
    snprintf(d->dataset, sizeof d->dataset, "%s", ch->dataset ? ch->dataset : "");
    snprintf(d->note, sizeof d->note, "%s", ch->note ? ch->note : "");
    x->n++;
    return 0;
}

typedef struct since_find {
    const char *date;
    int64_t before;
} since_find;

static int before_cb(const ov_change *ch, void *ud)
{
    since_find *f = ud;
    if (ch->at && strcmp(ch->at, f->date) < 0 && ch->id > f->before) f->before = ch->id;
    return 0;
}

/* ?since= a change number or a date (the same as `oversight changes --since`); -1 when bad */
int64_t ov__since_param(ov__ctx *c)
{
    const char *s = ov__req_param(c->req, "since");
    if (!s || !*s) return 0;
    char *end;
    long long n = strtoll(s, &end, 10);
    if (!*end && n >= 0) return n;
    size_t len = strlen(s);
    bool date = len >= 7 && len <= 25;
    for (size_t i = 0; date && i < len; i++) date = (s[i] >= '0' && s[i] <= '9') || strchr("-T:Z", s[i]);
    if (!date) return -1;
    since_find f = {s, 0};
    ov_store_changes(c->slot->st, NULL, before_cb, &f);
    return f.before;
}

/* The newest changes (of entity id, or all), newest first, into *out (the caller frees). */
static int newest_changes(ov__ctx *c, const char *id, int64_t since, chg **out, size_t *n)
{
    chg_ctx x = {.cap = CHANGES_MAX, .since = since};
    x.v = ov__calloc(x.cap, sizeof *x.v);
    if (!x.v) return OV_ENOMEM;
    int rc = ov_store_changes(c->slot->st, id, chg_cb, &x);
    size_t k = x.n < x.cap ? x.n : x.cap;
    chg *v = ov__calloc(k ? k : 1, sizeof *v);
    if (!v) rc = OV_ENOMEM;
    for (size_t i = 0; v && i < k; i++) v[i] = x.v[(x.n - 1 - i) % x.cap];
    ov__free(x.v);
    *out = v;
    *n = k;
    return rc;
}

static void change_summary(ov_buf *b, const chg *d)
{
    ov_buf_printf(b, "%lld entit%s, %lld statement%s added, %lld retired", (long long)d->entities,
                  d->entities == 1 ? "y" : "ies", (long long)d->added, d->added == 1 ? "" : "s", (long long)d->retired);
}

static void changes_page(ov__ctx *c)
{
    int64_t since = ov__since_param(c);
    if (since < 0) {
        ov__error(c->req, c->resp, 400, "since= takes a change number or a date (YYYY-MM-DD)");
        return;
    }
    chg *v;
    size_t n;
    int rc = newest_changes(c, NULL, since, &v, &n);
    if (rc) {
        ov__free(v);
        ov__error(c->req, c->resp, ov__status_for(rc), "the change log cannot be read");
        return;
    }
    html_begin(c, "Changes to the record");
    ov_buf_adds(B, "<h1>Changes to the record</h1>\n<p>Every load, addition and retraction, newest first: when, "
                   "from which file or token, and what it changed. Each entity's own changes are in its "
                   "dossier's history. <a href=\"/changes.atom\">Atom feed</a> · "
                   "<a href=\"/api/export?format=delta\">the changes as a delta export</a></p>\n"
                   "<form class=\"search\" action=\"/changes\" method=\"get\"><label>Since (a date or a change "
                   "number) <input name=\"since\" value=\"");
    const char *sp = ov__req_param(c->req, "since");
    ov__html(B, sp ? sp : "");
    ov_buf_adds(B, "\"></label> <button type=\"submit\">Show</button></form>\n");
    ov_buf_printf(B, "<p id=\"count\">%zu change%s%s</p>\n", n, n == 1 ? "" : "s",
                  n == CHANGES_MAX ? " (the newest; use since= for older ones)" : "");
    ov_buf_adds(B, "<table class=\"changes\"><thead><tr><th scope=\"col\">Change</th><th scope=\"col\">When</th>"
                   "<th scope=\"col\">Kind</th><th scope=\"col\">From</th><th scope=\"col\">What changed</th>"
                   "</tr></thead><tbody>\n");
    for (size_t i = 0; i < n; i++) {
        const chg *d = &v[i];
        ov_buf_printf(B, "<tr id=\"change-%lld\"><td>%lld</td><td>", (long long)d->id, (long long)d->id);
        ov__html(B, d->at);
        ov_buf_adds(B, "</td><td>");
        ov__html(B, d->kind);
        ov_buf_adds(B, "</td><td class=\"origin\">");
        ov__html(B, *d->origin ? d->origin : "not recorded");
        if (*d->dataset) {
            ov_buf_adds(B, " <span class=\"schema\">dataset ");
            ov__html(B, d->dataset);
            ov_buf_adds(B, "</span>");
        }
        ov_buf_adds(B, "</td><td>");
        change_summary(B, d);
        if (*d->note) {
            ov_buf_adds(B, "; ");
            ov__html(B, d->note);
        }
        ov_buf_adds(B, "</td></tr>\n");
    }
    ov_buf_adds(B, "</tbody></table>\n");
    ov__free(v);
    ov__page_end(B);
}

/* Atom (RFC 4287): the whole record's changes, or one entity's with its statements. */
static void changes_atom(ov__ctx *c, const char *id)
{
    int64_t since = ov__since_param(c);
    if (since < 0) since = 0;
    ov_entity *e = NULL;
    if (id && ov_store_get(c->slot->st, id, OV_GET_HISTORY, &e)) {
        ov__error(c->req, c->resp, 404, "there is no entity %s in the record", id);
        return;
    }
    chg *v;
    size_t n;
    int rc = newest_changes(c, id, since, &v, &n);
    if (rc) {
        ov__free(v);
        ov_entity_free(e);
        ov__error(c->req, c->resp, ov__status_for(rc), "the change log cannot be read");
        return;
    }
    c->resp->content_type = "application/atom+xml; charset=utf-8";
    ov_buf_adds(B, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>");
    if (e) {
        ov_buf_adds(B, "Oversight: changes to ");
        ov__html(B, e->caption ? e->caption : e->id);
    } else {
        ov_buf_adds(B, "Oversight: changes to the record");
    }
    ov_buf_adds(B, "</title>\n<id>urn:oversight:changes");
    if (e) {
        ov_buf_adds(B, ":entity:");
        ov__url(B, e->id);
    }
    ov_buf_adds(B, "</id>\n<updated>");
    ov__html(B, n ? v[0].at : "1970-01-01T00:00:00Z");
    ov_buf_adds(B, "</updated>\n<author><name>Oversight</name></author>\n<link rel=\"self\" href=\"");
    if (e) {
        ov_buf_adds(B, "/entity/");
        ov__url(B, e->id);
        ov_buf_adds(B, "/changes.atom\"/>\n<link rel=\"alternate\" href=\"/entity/");
        ov__url(B, e->id);
        ov_buf_adds(B, "#history\"/>\n");
    } else {
        ov_buf_adds(B, "/changes.atom\"/>\n<link rel=\"alternate\" href=\"/changes\"/>\n");
    }
    for (size_t i = 0; i < n; i++) {
        const chg *d = &v[i];
        ov_buf_printf(B, "<entry><title>Change %lld: ", (long long)d->id);
        ov__html(B, d->kind);
        ov_buf_adds(B, " from ");
        ov__html(B, *d->origin ? d->origin : "origin not recorded");
        ov_buf_printf(B, "</title><id>urn:oversight:change:%lld", (long long)d->id);
        if (e) {
            ov_buf_adds(B, ":entity:");
            ov__url(B, e->id);
        }
        ov_buf_adds(B, "</id><updated>");
        ov__html(B, d->at);
        ov_buf_printf(B, "</updated><link href=\"/changes?since=%lld#change-%lld\"/><summary type=\"text\">",
                      (long long)(d->id - 1), (long long)d->id);
        if (e) {
            /* the entity's own statements */
            int k = 0;
            for (size_t s = 0; s < e->n_stmts; s++) {
                const ov_stmt *st = &e->stmts[s];
                char sign = st->added_in == d->id ? '+' : st->retired_in == d->id ? '-' : 0;
                if (!sign) continue;
                if (k++ == 20) {
                    ov_buf_adds(B, "; ...");
                    break;
                }
                ov_buf_printf(B, "%s%c ", k > 1 ? "; " : "", sign);
                ov__html(B, st->prop);
                ov_buf_adds(B, " = ");
                ov__html(B, st->value);
                if (st->status != OV_ST_ASSERTED) ov_buf_printf(B, " (%s)", ov_status_name(st->status));
            }
        } else {
            ov_buf_adds(B, "");
            change_summary(B, d);
            if (*d->dataset) {
                ov_buf_adds(B, " (dataset ");
                ov__html(B, d->dataset);
                ov_buf_adds(B, ")");
            }
        }
        ov_buf_adds(B, "</summary></entry>\n");
    }
    ov_buf_adds(B, "</feed>\n");
    ov__free(v);
    ov_entity_free(e);
}

void ov__web(ov__ctx *c)
{
    const char *p = c->req->path, *id;
    if (!strcmp(p, "/")) home(c);
    else if (!strcmp(p, "/search")) search(c);
    else if (!strcmp(p, "/changes")) changes_page(c);
    else if (!strcmp(p, "/deployments")) deployments_page(c);
    else if (!strcmp(p, "/changes.atom")) changes_atom(c, NULL);
    else if ((id = ov__path_after(p, "/entity/")) && strlen(id) > 13 && !strcmp(id + strlen(id) - 13, "/changes.atom")) {
        char *eid = ov_arena_strndup(c->req->arena, id, strlen(id) - 13);
        if (eid) changes_atom(c, eid);
        else ov__error(c->req, c->resp, 500, "out of memory");
    }
    else if ((id = ov__path_after(p, "/entity/"))) dossier(c, id);
    else if ((id = ov__path_after(p, "/graph/"))) graph(c, id, false);
    else if ((id = ov__path_after(p, "/svg/"))) graph(c, id, true);
    else if (!strcmp(p, "/typology")) typology(c);
    else if ((id = ov__path_after(p, "/exposure/"))) exposure(c, id);
    else if (!strcmp(p, "/screen")) ov__screen(c, false);
    else if (!strcmp(p, "/review")) ov__review(c);
    else if ((id = ov__path_after(p, "/screen/report/"))) ov__screen_kept(c, id);
    else ov__error(c->req, c->resp, 404, "there is no page %s", p);
}
