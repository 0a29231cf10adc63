/*
 * screen.c - name matching and list screening over HTTP (match.h):
 * POST /api/match answers a yente /match request; POST /api/screen and the
 * /screen page take a CSV of names (a name, vendor, company or supplier
 * column, else the first; an optional country column), match each row against
 * the record and return JSON, CSV (an attachment) or a page with the results
 * and a download button: for a match, what applies to it (screen.h: list
 * entries, control paths, brand maker, exposure). The matcher and the
 * screener are built with the graph; the matcher answers one query at a time
 * under app->match_lock, the screener is read-only between rebuilds.
 */
#include <string.h>
#include <strings.h>
#include "http_internal.h"
#include "oversight/match.h"
#include "../util/alloc.h"
#include "../util/csv.h"
#include "../util/banned.h"

#define B (&c->resp->body)
#define SCREEN_MAX_ROWS 5000

/* the list entries and brands, to every screener (from the scan that builds
 * the matcher, or the kept index's list of them: ov_matcher_open_store) */
static int screeners_cb(const ov_entity *e, void *ud)
{
    ov_screener **scr = ud;
    for (int i = 0; i < OV__SCREEN_RULES; i++)
        if (scr[i]) {
            int rc = ov_screener_add(scr[i], e);
            if (rc) return rc;
        }
    return OV_OK;
}

int ov__matcher_build(ov__app *app, ov_store *st, const ov_graph *g, struct ov_matcher **out,
                      struct ov_screener **scr, char *err, size_t errlen)
{
    *out = NULL;
    ov_screener *b[OV__SCREEN_RULES] = {NULL};
    for (int i = 0; i < OV__SCREEN_RULES; i++) scr[i] = NULL;
    /* one screener per control rule; without them, screening still matches
     * (no lists, paths or exposure) */
    for (int i = 0; i < ov_control_rule_count() && i < OV__SCREEN_RULES; i++)
        if (ov_screener_new(g, ov_control_rule_at(i)->name, &b[i])) b[i] = NULL;
    static const char *const also[] = {"Sanction", "Brand", NULL};
    ov_matcher *mx;
    int rc = ov_matcher_open_store(&mx, st, app->m, NULL, also, screeners_cb, b, NULL, err, errlen);
    if (rc) {
        for (int i = 0; i < OV__SCREEN_RULES; i++) ov_screener_free(b[i]);
        return rc;
    }
    for (int i = 0; i < OV__SCREEN_RULES; i++) {
        if (b[i] && ov_screener_finish(b[i])) {
            ov_screener_free(b[i]);
            b[i] = NULL;
        }
        scr[i] = b[i];
    }
    *out = mx;
    return OV_OK;
}

void ov__api_match(ov__ctx *c)
{
    if (c->req->body_len > OV_YENTE_MAX_BODY) {
        ov__error(c->req, c->resp, 413, "a match request is at most %u bytes", OV_YENTE_MAX_BODY);
        return;
    }
    char *out = NULL, err[512] = "";
    size_t len = 0;
    int rc;
    /* yente's URL parameters (?threshold=&cutoff=&limit=); the body's and each query's override them */
    ov_yente_params yp = {-1, -1, 0};
    static const char *const names[] = {"threshold", "cutoff", "limit"};
    for (size_t i = 0; i < 3; i++) {
        const char *v = ov__req_param(c->req, names[i]);
        if (v && ov_yente_param(&yp, names[i], v, err, sizeof err)) {
            ov__error(c->req, c->resp, 400, "%s", err);
            return;
        }
    }
    pthread_mutex_lock(&c->app->match_lock);
    if (!c->app->matcher) rc = OV_EIO, snprintf(err, sizeof err, "name matching is unavailable on this server");
    else rc = ov_match_yente_params(c->app->matcher, c->req->body ? c->req->body : "", c->req->body_len, &yp, &out,
                                    &len, err, sizeof err);
    pthread_mutex_unlock(&c->app->match_lock);
    if (rc) {
        ov__error(c->req, c->resp, rc == OV_EINVAL ? 400 : ov__status_for(rc), "%s", err);
        return;
    }
    c->resp->content_type = "application/json; charset=utf-8";
    ov_buf_add(B, out, len);
    ov_match_text_free(out);
}

/* ---- screening -------------------------------------------------------------- */

typedef struct row {
    long line;
    const char *input, *country;
    ov_match_result best;
    bool has;
    const char *cls; /* typology class of the match, or NULL */
    ov_screening what; /* lists, control paths, brand maker, exposure of a match (screen.h) */
} row;

static const char *class_of(const ov__app *app, const char *id)
{
    uint32_t node;
    if (!id || !ov_graph_find(app->g, id, &node)) return NULL;
    size_t lo = 0, hi = app->n_typ; /* the typology is in node order */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (app->typ[mid].node < node) lo = mid + 1;
        else hi = mid;
    }
    return lo < app->n_typ && app->typ[lo].node == node ? app->typ[lo].cls : NULL;
}

/* One CSV field: the one rule of every CSV writer (ov_csv_append_field: quoted when
 * needed, a would-be spreadsheet formula neutralised with a leading apostrophe). */
static void csv_field(ov_buf *b, const char *s) { ov_csv_append_field(b, s ? s : ""); }

/* The screener of the control rule named name (NULL: the first, OFAC), or
 * NULL when there is no such rule or it is unavailable; *known says whether
 * the name is a rule. */
static ov_screener *screener_for(const ov__app *app, const char *name, bool *known)
{
    *known = true;
    if (!name || !*name) return app->screeners[0];
    for (int i = 0; i < ov_control_rule_count() && i < OV__SCREEN_RULES; i++)
        if (!strcmp(ov_control_rule_at(i)->name, name)) return app->screeners[i];
    *known = false;
    return NULL;
}

static void upload_form(ov_buf *b, const char *rule)
{
    ov_buf_adds(b, "<form class=\"screen\" action=\"/screen\" method=\"post\" enctype=\"multipart/form-data\">"
                   "<label>Vendor list (CSV with a name, vendor, company or supplier column, and optionally a country "
                   "column) <input type=\"file\" name=\"file\" accept=\".csv,text/csv\" required></label> "
                   "<label>Control rule <select name=\"rule\" id=\"rule\">");
    for (int i = 0; i < ov_control_rule_count() && i < OV__SCREEN_RULES; i++) {
        const ov_control_rule *cr = ov_control_rule_at(i);
        ov_buf_adds(b, "<option value=\"");
        ov__html(b, cr->name);
        ov_buf_adds(b, (rule ? !strcmp(rule, cr->name) : i == 0) ? "\" selected>" : "\">");
        ov__html(b, cr->label);
        ov_buf_adds(b, "</option>");
    }
    ov_buf_adds(b, "</select></label> "
                   "<button type=\"submit\">Screen</button> <button type=\"submit\" formaction=\"/screen?format=csv\" "
                   "id=\"download\">Screen and download CSV</button></form>\n");
}

void ov__screen(ov__ctx *c, bool api)
{
    ov__req *r = c->req;
    const char *fmt = ov__req_param(r, "format");
    bool csv_out = fmt && !strcmp(fmt, "csv");
    if (!strcmp(r->method, "GET") || !strcmp(r->method, "HEAD")) {
        c->resp->content_type = "text/html; charset=utf-8";
        ov__page_start(B, "Screening");
        ov_buf_adds(B, "<h1>Screening</h1>\n<p>Upload a list of vendors: each row is matched against the record "
                       "(names and aliases in any script, 海康威视 ↔ Hikvision) and the result shows the best "
                       "candidate, its score and its typology class with a link to its dossier, the list entries "
                       "that apply with their dates, the ownership or control path to a listed or state entity, the "
                       "maker behind a camera brand and the legal obligations reaching it.</p>\n");
        upload_form(B, NULL);
        ov__page_end(B);
        return;
    }
    /* the CSV: the body itself (API) or the file part of a form upload */
    const char *data = r->body;
    size_t len = r->body_len;
    char *fname = NULL;
    if (r->content_type && !strncasecmp(r->content_type, "multipart/form-data", 19) &&
        ov__multipart_file(r->arena, r->content_type, r->body ? r->body : "", r->body_len, &data, &len, &fname)) {
        ov__error(r, c->resp, 400, "the upload has no file part");
        return;
    }
    if (!data || !len) {
        ov__error(r, c->resp, 400, "the CSV is empty");
        return;
    }
    /* the control rule: ?rule= or the form's rule field; OFAC by default */
    const char *rule = ov__req_param(r, "rule");
    if (!rule && r->content_type && !strncasecmp(r->content_type, "multipart/form-data", 19)) {
        const char *v;
        size_t vn;
        if (!ov__multipart_part(r->arena, r->content_type, r->body ? r->body : "", r->body_len, "rule", &v, &vn,
                                NULL))
            rule = ov_arena_strndup(r->arena, v, vn);
    }
    bool known;
    ov_screener *scr = screener_for(c->app, rule, &known);
    if (!known) {
        char names[128] = "";
        for (int i = 0; i < ov_control_rule_count() && i < OV__SCREEN_RULES; i++)
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? ", " : "",
                     ov_control_rule_at(i)->name);
        ov__error(r, c->resp, 400, "unknown control rule \"%.40s\": the rules are %s", rule, names);
        return;
    }
    /* the upload's encoding: a byte-order mark (UTF-16 included) or ?encoding= (any ICU
     * name: latin1, windows-1252, gb18030 ...), as `oversight screen --encoding` reads a file */
    const char *encoding = ov__req_param(r, "encoding");
    if (!encoding && r->content_type && !strncasecmp(r->content_type, "multipart/form-data", 19)) {
        const char *v;
        size_t vn;
        if (!ov__multipart_part(r->arena, r->content_type, r->body ? r->body : "", r->body_len, "encoding", &v, &vn,
                                NULL) &&
            vn)
            encoding = ov_arena_strndup(r->arena, v, vn);
    }
    char *text = NULL;
    size_t text_len = 0;
    char derr[256];
    if (ov_text_to_utf8(data, len, encoding, &text, &text_len, derr, sizeof derr)) {
        ov__error(r, c->resp, 400, "the upload cannot be read: %s", derr);
        return;
    }
    data = text; /* freed with the CSV reader below */
    len = text_len;
    FILE *in = fmemopen((void *)(uintptr_t)data, len ? len : 1, "r");
    if (!in) {
        ov_match_text_free(text);
        ov__error(r, c->resp, 500, "cannot read the upload");
        return;
    }
    ov_csv csv;
    ov_csv_init(&csv, in, 1 << 16);
    int rc = ov_csv_next(&csv), col = -1, cc = -1;
    if (rc == 1) {
        for (int i = 0; i < csv.nfields; i++) {
            const char *h = ov_csv_field(&csv, i);
            if (col < 0 && (!strcasecmp(h, "name") || !strcasecmp(h, "vendor") || !strcasecmp(h, "company") ||
                            !strcasecmp(h, "supplier")))
                col = i;
            if (cc < 0 && !strcasecmp(h, "country")) cc = i;
        }
        if (col < 0) col = 0;
    }
    if (rc != 1) {
        ov__error(r, c->resp, 400, "the CSV cannot be read: %s", rc == 0 ? "empty" : csv.err);
        ov_csv_release(&csv);
        fclose(in);
        ov_match_text_free(text);
        return;
    }
    /* on the heap: 5,000 rows with their results outgrow a request's arena */
    row *rows = ov__calloc(SCREEN_MAX_ROWS, sizeof *rows);
    size_t n = 0;
    if (!rows) rc = OV_ENOMEM;
    pthread_mutex_lock(&c->app->match_lock);
    if (!c->app->matcher) rc = OV_EIO;
    while (rc >= 0 && rows && (rc = ov_csv_next(&csv)) == 1) {
        if (n == SCREEN_MAX_ROWS) {
            rc = OV_ETOOBIG;
            break;
        }
        row *w = &rows[n];
        memset(w, 0, sizeof *w);
        w->line = csv.line;
        w->input = ov_arena_strdup(r->arena, ov_csv_field(&csv, col));
        w->country = cc >= 0 ? ov_arena_strdup(r->arena, ov_csv_field(&csv, cc)) : NULL;
        if (!w->input || (cc >= 0 && !w->country)) {
            rc = OV_ENOMEM;
            break;
        }
        if (!*w->input) continue;
        n++;
        const char *names[1] = {w->input}, *countries[1] = {w->country};
        ov_match_query q = {.names = names, .n_names = 1, .countries = countries,
                            .n_countries = w->country && *w->country ? 1 : 0, .limit = 1};
        size_t got = 0;
        if (ov_matcher_query(c->app->matcher, &q, &w->best, 1, &got) == OV_OK && got) {
            w->has = true;
            /* borrowed strings of the matcher: copy them before the lock goes */
            w->best.id = ov_arena_strdup(r->arena, w->best.id);
            w->best.schema = ov_arena_strdup(r->arena, w->best.schema);
            w->best.caption = ov_arena_strdup(r->arena, w->best.caption ? w->best.caption : "");
            w->best.matched_name = ov_arena_strdup(r->arena, w->best.matched_name ? w->best.matched_name : "");
            w->cls = class_of(c->app, w->best.id);
        }
    }
    pthread_mutex_unlock(&c->app->match_lock);
    ov_csv_release(&csv);
    fclose(in);
    ov_match_text_free(text);
    if (rc < 0) {
        ov__error(r, c->resp, rc == OV_ETOOBIG ? 413 : rc == OV_EIO ? 503 : 400, "%s",
                  rc == OV_ETOOBIG ? "at most 5000 rows per screening"
                  : rc == OV_EIO   ? "name matching is unavailable on this server"
                                   : csv.err[0] ? csv.err : "the CSV cannot be read");
        goto out;
    }
    /* what applies to each match: the screener is read-only between rebuilds (read lock held) */
    ov_law *law = scr ? ov__ctx_law(c) : NULL;
    for (size_t i = 0; scr && i < n; i++)
        if (rows[i].has && rows[i].best.match && ov_screen_entity(scr, c->slot->st, law, rows[i].best.id, &rows[i].what))
            memset(&rows[i].what, 0, sizeof rows[i].what);
    if (csv_out) {
        c->resp->content_type = "text/csv; charset=utf-8";
        snprintf(c->resp->disposition, sizeof c->resp->disposition, "attachment; filename=\"screening.csv\"");
        ov_buf_adds(B, "line,input,country,status,score,id,schema,caption,matched_name,typology,maker,lists,control,"
                       "exposure\r\n");
        for (size_t i = 0; i < n; i++) {
            const row *w = &rows[i];
            ov_buf_printf(B, "%ld,", w->line);
            csv_field(B, w->input);
            ov_buf_addc(B, ',');
            csv_field(B, w->country);
            ov_buf_printf(B, ",%s,%.4f,", !w->has ? "no-match" : w->best.match ? "match" : "possible",
                          w->has ? w->best.score : 0.0);
            csv_field(B, w->has ? w->best.id : "");
            ov_buf_addc(B, ',');
            csv_field(B, w->has ? w->best.schema : "");
            ov_buf_addc(B, ',');
            csv_field(B, w->has ? w->best.caption : "");
            ov_buf_addc(B, ',');
            csv_field(B, w->has ? w->best.matched_name : "");
            ov_buf_addc(B, ',');
            csv_field(B, w->cls);
            const char *more[] = {w->what.maker, w->what.lists, w->what.control, w->what.exposure};
            for (size_t k = 0; k < sizeof more / sizeof more[0]; k++) {
                ov_buf_addc(B, ',');
                csv_field(B, more[k]);
            }
            ov_buf_adds(B, "\r\n");
        }
        goto out;
    }
    if (api) {
        c->resp->content_type = "application/json; charset=utf-8";
        ov_buf_adds(B, "{\"rows\":[");
        for (size_t i = 0; i < n; i++) {
            const row *w = &rows[i];
            ov_buf_printf(B, "%s{\"line\":%ld,\"input\":", i ? "," : "", w->line);
            ov__json(B, w->input);
            ov_buf_adds(B, ",\"country\":");
            if (w->country) ov__json(B, w->country);
            else ov_buf_adds(B, "null");
            ov_buf_printf(B, ",\"status\":\"%s\"", !w->has ? "no-match" : w->best.match ? "match" : "possible");
            if (w->has) {
                ov_buf_printf(B, ",\"best\":{\"score\":%.4f,\"id\":", w->best.score);
                ov__json(B, w->best.id);
                ov_buf_adds(B, ",\"schema\":");
                ov__json(B, w->best.schema);
                ov_buf_adds(B, ",\"caption\":");
                ov__json(B, w->best.caption);
                ov_buf_adds(B, ",\"matched_name\":");
                ov__json(B, w->best.matched_name);
                ov_buf_adds(B, ",\"typology\":");
                if (w->cls) ov__json(B, w->cls);
                else ov_buf_adds(B, "null");
                ov_buf_adds(B, ",\"features\":{");
                for (int f = 0; f < OV_MF__COUNT; f++)
                    ov_buf_printf(B, "%s\"%s\":%.4g", f ? "," : "", ov_match_feature_name(f), w->best.features[f]);
                ov_buf_adds(B, "}}");
            }
            ov_buf_adds(B, ",\"maker\":");
            if (w->what.maker) ov__json(B, w->what.maker);
            else ov_buf_adds(B, "null");
            ov_buf_printf(B, ",\"lists\":[%s],\"control\":[%s],\"exposure\":[%s]}", w->what.lists_json ? w->what.lists_json : "",
                          w->what.control_json ? w->what.control_json : "", w->what.exposure_json ? w->what.exposure_json : "");
        }
        ov_buf_printf(B, "],\"rule\":\"%s\"}\n", scr ? ov_screener_rule(scr)->name : "");
        goto out;
    }
    c->resp->content_type = "text/html; charset=utf-8";
    ov__page_start(B, "Screening results");
    ov_buf_adds(B, "<h1>Screening results</h1>\n<p id=\"screened\">");
    ov_buf_printf(B, "%zu rows screened", n);
    if (fname && *fname) {
        ov_buf_adds(B, " from ");
        ov__html(B, fname);
    }
    ov_buf_adds(B, ". To download the report as CSV, choose the file again and use the download button.</p>\n");
    upload_form(B, scr ? ov_screener_rule(scr)->name : NULL);
    ov_buf_adds(B, "<table class=\"screening\"><thead><tr><th>line</th><th>input</th><th>country</th><th>status</th>"
                   "<th>score</th><th>best candidate</th><th>typology</th><th>brand maker</th><th>lists</th>"
                   "<th>ownership / control</th><th>legal exposure</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < n; i++) {
        const row *w = &rows[i];
        ov_buf_printf(B, "<tr><td>%ld</td><td>", w->line);
        ov__html(B, w->input);
        ov_buf_adds(B, "</td><td>");
        ov__html(B, w->country);
        ov_buf_printf(B, "</td><td><span class=\"status %s\">%s</span></td><td>%.3f</td><td>",
                      !w->has ? "none" : w->best.match ? "verified" : "alleged",
                      !w->has ? "no match" : w->best.match ? "match" : "possible", w->has ? w->best.score : 0.0);
        if (w->has) {
            ov_buf_adds(B, "<a href=\"/entity/");
            ov__url(B, w->best.id);
            ov_buf_adds(B, "\">");
            ov__html(B, w->best.caption && *w->best.caption ? w->best.caption : w->best.id);
            ov_buf_adds(B, "</a> <span class=\"schema\">as ");
            ov__html(B, w->best.matched_name);
            ov_buf_adds(B, "</span>");
        }
        ov_buf_adds(B, "</td><td>");
        ov__html(B, w->cls);
        ov_buf_adds(B, "</td><td>");
        if (w->what.maker) {
            ov_buf_adds(B, "<a href=\"/entity/");
            ov__url(B, w->what.maker);
            ov_buf_adds(B, "\">");
            ov__html(B, w->what.maker_caption ? w->what.maker_caption : w->what.maker);
            ov_buf_adds(B, "</a>");
        }
        const char *cells[] = {w->what.lists, w->what.control, w->what.exposure};
        for (size_t k = 0; k < sizeof cells / sizeof cells[0]; k++) {
            ov_buf_adds(B, "</td><td class=\"detail\">");
            ov__html(B, cells[k]);
        }
        ov_buf_adds(B, "</td></tr>\n");
    }
    ov_buf_adds(B, "</tbody></table>\n");
    if (scr) {
        ov_buf_adds(B, "<p id=\"rule-note\">A listed holder's list entries extend to a company only when listed "
                       "parties control it under the ");
        ov__html(B, ov_screener_rule(scr)->label);
        ov_buf_adds(B, " rule; smaller listed stakes are shown under ownership / control.</p>\n");
    }
    ov__page_end(B);
out:
    for (size_t i = 0; rows && i < n; i++) ov_screening_release(&rows[i].what);
    ov__free(rows);
}
