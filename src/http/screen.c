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
#include <pthread.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>
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
    ov_yente_params yp = {-1, -1, 0, ov__party_of, ov__ctx_resolver(c)};
    for (int i = 0; i < c->req->n_params; i++) {
        const char *k = c->req->params[i].name, *v = c->req->params[i].value;
        int prc = ov_yente_param(&yp, k, v, err, sizeof err);
        if (prc == OV_EINVAL) {
            ov__error(c->req, c->resp, 400, "%s", err);
            return;
        }
        /* one algorithm (yente's names for it pass); anything else is named, not ignored */
        if (prc == OV_ENOTFOUND && !strcmp(k, "algorithm") && strcmp(v, "oversight-names") && strcmp(v, "best") &&
            strcmp(v, "default")) {
            ov__error(c->req, c->resp, 400, "unknown algorithm \"%.100s\": this server has oversight-names", v);
            return;
        }
        if (prc == OV_ENOTFOUND && strcmp(k, "algorithm")) {
            ov__error(c->req, c->resp, 400, "unknown parameter %.100s (threshold, cutoff, limit, algorithm; the "
                                            "filters of yente are at /match/{dataset})", k);
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
    char *json;      /* the report's row (screen.h, ov_screen_row), or NULL */
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

#define DOWNLOAD_MAX ((size_t)4 << 20) /* an embedded download; larger reports: the kept copy */

/* ---- reports kept for download ----------------------------------------------------------
 * A screening's CSV and JSON are kept for an hour under a random id, so the page can offer
 * them without the file being sent again (a report too large for a data: link included):
 * GET /screen/report/ID.csv and ID.json. At most KEPT_MAX reports and KEPT_BYTES in all,
 * the oldest going first; nothing is written to disk. */
#define KEPT_MAX 16
#define KEPT_SECONDS 3600
#define KEPT_BYTES ((size_t)128 << 20)

typedef struct kept {
    char id[33];     /* 32 hex digits, "" when the slot is free */
    time_t at;
    char *csv, *json;
    size_t csv_len, json_len;
} kept;

static kept kept_reports[KEPT_MAX];
static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;

static void kept_drop(kept *k)
{
    ov__free(k->csv), ov__free(k->json);
    memset(k, 0, sizeof *k);
}

/* Keeps csv and json (consumed: the cache owns them from here) and writes their id into id;
 * false (both freed) when no random id can be made. */
static bool kept_add(char *csv, size_t csv_len, char *json, size_t json_len, char id[33])
{
    unsigned char r[16];
    if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) {
        ov__free(csv), ov__free(json);
        return false;
    }
    for (int i = 0; i < 16; i++) snprintf(id + 2 * i, 3, "%02x", r[i]);
    time_t now = time(NULL);
    pthread_mutex_lock(&kept_lock);
    size_t total = csv_len + json_len;
    for (int i = 0; i < KEPT_MAX; i++) {
        if (kept_reports[i].id[0] && now - kept_reports[i].at > KEPT_SECONDS) kept_drop(&kept_reports[i]);
        total += kept_reports[i].csv_len + kept_reports[i].json_len;
    }
    /* the oldest go while there is no free slot or too many bytes */
    for (;;) {
        int oldest = -1, free_slot = -1;
        for (int i = 0; i < KEPT_MAX; i++) {
            if (!kept_reports[i].id[0]) free_slot = free_slot < 0 ? i : free_slot;
            else if (oldest < 0 || kept_reports[i].at < kept_reports[oldest].at) oldest = i;
        }
        if (free_slot >= 0 && total <= KEPT_BYTES) {
            kept *k = &kept_reports[free_slot];
            snprintf(k->id, sizeof k->id, "%s", id);
            k->at = now, k->csv = csv, k->json = json, k->csv_len = csv_len, k->json_len = json_len;
            break;
        }
        if (oldest < 0) { /* larger than the cache itself */
            ov__free(csv), ov__free(json);
            pthread_mutex_unlock(&kept_lock);
            return false;
        }
        total -= kept_reports[oldest].csv_len + kept_reports[oldest].json_len;
        kept_drop(&kept_reports[oldest]);
    }
    pthread_mutex_unlock(&kept_lock);
    return true;
}

void ov__screen_kept(ov__ctx *c, const char *name)
{
    size_t n = strlen(name);
    bool csv = n == 36 && !strcmp(name + 32, ".csv"), json = n == 37 && !strcmp(name + 32, ".json");
    if (!csv && !json) {
        ov__error(c->req, c->resp, 404, "there is no screening report %s", name);
        return;
    }
    time_t now = time(NULL);
    bool found = false;
    pthread_mutex_lock(&kept_lock);
    for (int i = 0; i < KEPT_MAX && !found; i++) {
        kept *k = &kept_reports[i];
        if (!k->id[0] || strncmp(k->id, name, 32) || now - k->at > KEPT_SECONDS) continue;
        found = true;
        if (csv) {
            c->resp->content_type = "text/csv; charset=utf-8";
            snprintf(c->resp->disposition, sizeof c->resp->disposition, "attachment; filename=\"screening.csv\"");
            ov_buf_add(B, k->csv, k->csv_len);
        } else {
            c->resp->content_type = "application/json; charset=utf-8";
            snprintf(c->resp->disposition, sizeof c->resp->disposition, "attachment; filename=\"screening.json\"");
            ov_buf_add(B, k->json, k->json_len);
        }
    }
    pthread_mutex_unlock(&kept_lock);
    if (!found)
        ov__error(c->req, c->resp, 404, "the screening report %.32s is not kept (reports are kept for an hour): "
                  "screen the file again", name);
}

static void base64(ov_buf *b, const char *p, size_t n)
{
    static const char T[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const unsigned char *u = (const unsigned char *)p;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)u[i] << 16 | (i + 1 < n ? (unsigned)u[i + 1] << 8 : 0) | (i + 2 < n ? u[i + 2] : 0);
        char q[4] = {T[v >> 18 & 63], T[v >> 12 & 63], i + 1 < n ? T[v >> 6 & 63] : '=', i + 2 < n ? T[v & 63] : '='};
        ov_buf_add(b, q, 4);
    }
}

/* The report as CSV: the rows as ov_screen_render writes them. */
static int report_csv(ov_buf *b, const row *rows, size_t n)
{
    int rc = ov_buf_adds(b, ov_screen_csv_header());
    for (size_t i = 0; !rc && i < n; i++) {
        char *t = NULL;
        rc = ov_screen_render(rows[i].json, OV_SCREEN_CSV, &t);
        if (!rc) rc = ov_buf_adds(b, t);
        ov_free(t);
    }
    return rc;
}

/* The report as JSON: the rows, the rule and the verdicts with what they rest on. */
static void report_json(ov_buf *b, const ov_screener *scr, const row *rows, size_t n)
{
    ov_buf_adds(b, "{\"rows\":[");
    for (size_t i = 0; i < n; i++) {
        if (i) ov_buf_addc(b, ',');
        ov_buf_adds(b, rows[i].json ? rows[i].json : "null");
    }
    ov_buf_printf(b, "],\"rule\":\"%s\",\"verdicts\":", ov_screener_rule(scr)->name);
    char *legend = NULL;
    if (!ov_screen_legend(scr, OV_SCREEN_CSV, &legend)) ov_buf_adds(b, legend);
    else ov_buf_adds(b, "[]");
    ov_free(legend);
    ov_buf_adds(b, "}\n");
}

/* "N listed, N needs review, ..." in the verdicts' order */
static void summary(ov_buf *b, const row *rows, size_t n)
{
    static const char *const order[] = {"listed", "controlled-by-listed", "made-by-listed-maker", "state-controlled",
                                        "legally-exposed", "needs-review", "clear"};
    static const char *const label[] = {"listed", "controlled by a listed party", "made by a listed maker",
                                        "state-controlled", "legally exposed", "needs review", "clear"};
    ov_buf_adds(b, "<ul class=\"summary\">");
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
        size_t count = 0;
        for (size_t i = 0; i < n; i++) {
            char v[64];
            if (!strcmp(ov_screen_row_verdict(rows[i].json ? rows[i].json : "{}", v, sizeof v), order[k])) count++;
        }
        if (count) ov_buf_printf(b, "<li><span class=\"verdict v-%s\">%s</span>: %zu</li>", order[k], label[k], count);
    }
    ov_buf_adds(b, "</ul>\n");
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
                       "(names and aliases in any script, 海康威视 ↔ Hikvision) and the report gives one row per "
                       "vendor with a verdict (listed, controlled by a listed party, made by a listed maker, "
                       "state-controlled, legally exposed, clear or needs review) and its strongest reason first; "
                       "the evidence (list entries by list with their history, the brand's maker with the link's "
                       "confidence, ownership paths, obligations) opens under each row, and the report downloads "
                       "as CSV or JSON from the same page.</p>\n");
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
    const void *judged = ov__ctx_resolver(c); /* read before the matcher's lock: it may read the store */
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
                            .n_countries = w->country && *w->country ? 1 : 0, .limit = 1, .cutoff = -1,
                            .party = ov__party_of, .party_ud = judged};
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
    /* the report's rows: the screener is read-only between rebuilds (read lock held) */
    ov_law *law = scr ? ov__ctx_law(c) : NULL;
    for (size_t i = 0; scr && i < n; i++) {
        const row *w = &rows[i];
        ov_screen_input si = {.line = w->line, .input = w->input, .country = w->country, .has_match = w->has,
                              .match = w->has && w->best.match};
        if (w->has) {
            si.id = w->best.id, si.caption = w->best.caption, si.schema = w->best.schema;
            si.matched_name = w->best.matched_name, si.typology = w->cls, si.score = w->best.score;
        }
        if ((rc = ov_screen_row(scr, c->slot->st, law, &si, &rows[i].json))) {
            ov__error(r, c->resp, ov__status_for(rc), "the screening report cannot be made: %s", ov_strerror(rc));
            goto out;
        }
    }
    if (!scr) {
        ov__error(r, c->resp, 503, "screening is unavailable on this server (the record's graph or rules did not load)");
        goto out;
    }
    if (csv_out) {
        c->resp->content_type = "text/csv; charset=utf-8";
        snprintf(c->resp->disposition, sizeof c->resp->disposition, "attachment; filename=\"screening.csv\"");
        if ((rc = report_csv(B, rows, n))) ov__error(r, c->resp, ov__status_for(rc), "%s", ov_strerror(rc));
        goto out;
    }
    if (api) {
        c->resp->content_type = "application/json; charset=utf-8";
        report_json(B, scr, rows, n);
        goto out;
    }
    c->resp->content_type = "text/html; charset=utf-8";
    ov__page_start(B, "Screening report");
    ov_buf_adds(B, "<h1>Screening report</h1>\n<p id=\"screened\">");
    ov_buf_printf(B, "%zu rows screened", n);
    if (fname && *fname) {
        ov_buf_adds(B, " from ");
        ov__html(B, fname);
    }
    ov_buf_adds(B, ".</p>\n<p id=\"rule-note\">Under the ");
    ov__html(B, ov_screener_rule(scr)->label);
    ov_buf_adds(B, " rule (a listed holder's entries extend to a company only when listed parties control it).</p>\n");
    summary(B, rows, n);
    /* the same report to download, without sending the file again: CSV and JSON in data: links
     * when small enough, and kept on the server for an hour under a random id */
    ov_buf csvb, jsonb;
    ov_buf_init(&csvb, (size_t)64 << 20);
    ov_buf_init(&jsonb, (size_t)64 << 20);
    int crc = report_csv(&csvb, rows, n);
    report_json(&jsonb, scr, rows, n);
    ov_buf_adds(B, "<p class=\"downloads\">Download this report: ");
    if (!crc && csvb.len <= DOWNLOAD_MAX) {
        ov_buf_adds(B, "<a id=\"download-csv\" download=\"screening.csv\" href=\"data:text/csv;charset=utf-8;base64,");
        base64(B, csvb.data, csvb.len);
        ov_buf_adds(B, "\">CSV</a>");
        if (jsonb.len <= DOWNLOAD_MAX) {
            ov_buf_adds(B, " · <a id=\"download-json\" download=\"screening.json\" href=\"data:application/json;base64,");
            base64(B, jsonb.data, jsonb.len);
            ov_buf_adds(B, "\">JSON</a>");
        }
    }
    size_t clen = csvb.len, jlen = jsonb.len;
    char id[33] = "";
    if (!crc && kept_add(ov_buf_detach(&csvb), clen, ov_buf_detach(&jsonb), jlen, id)) {
        ov_buf_printf(B, "%s<a id=\"kept-csv\" href=\"/screen/report/%s.csv\">CSV</a> · <a id=\"kept-json\" "
                         "href=\"/screen/report/%s.json\">JSON</a> <span class=\"muted\">(kept on this server for an "
                         "hour)</span>", clen <= DOWNLOAD_MAX ? " · or from the server: " : "", id, id);
    } else if (clen > DOWNLOAD_MAX) {
        ov_buf_adds(B, "(too large to keep: POST the file to /api/screen?format=csv)");
    }
    ov_buf_release(&csvb);
    ov_buf_release(&jsonb);
    ov_buf_adds(B, "</p>\n");
    ov_buf_adds(B, ov_screen_html_head());
    for (size_t i = 0; i < n; i++) {
        char *h = NULL;
        if (!ov_screen_render(rows[i].json, OV_SCREEN_HTML, &h)) ov_buf_adds(B, h);
        ov_free(h);
    }
    ov_buf_adds(B, ov_screen_html_foot());
    char *legend = NULL;
    if (!ov_screen_legend(scr, OV_SCREEN_HTML, &legend)) {
        ov_buf_adds(B, "<h2>How the verdicts are decided</h2>\n");
        ov_buf_adds(B, legend);
    }
    ov_free(legend);
    ov_buf_adds(B, "<h2>Screen another list</h2>\n");
    upload_form(B, ov_screener_rule(scr)->name);
    ov__page_end(B);
out:
    for (size_t i = 0; rows && i < n; i++) ov_free(rows[i].json);
    ov__free(rows);
}
