/*
 * render.c - a screening report row (report.c's JSON) as text, CSV or HTML
 * (screen.h, ov_screen_render). All three are written from the same object,
 * so they carry the same content: the verdict and its strongest reason first,
 * then the match, the lists (official entries, then the curated history),
 * the brand's maker with the link's confidence, control and state paths and
 * the obligations in brief. Visible text names parties; ids appear only in
 * links (HTML) and in the CSV's id columns.
 */
#include <stdio.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "oversight/screen.h"
#include "screen_internal.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/csv.h"
#include "../util/banned.h"

#define OUT_LIMIT (1 << 22)

static const char *S(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* As S, "" when absent: for comparisons (a row is outside input: any field may be missing). */
static const char *S0(const cJSON *o, const char *k)
{
    const char *v = S(o, k);
    return v ? v : "";
}

static const cJSON *O(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return v && !cJSON_IsNull(v) ? v : NULL;
}

static void html(ov_buf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': ov_buf_adds(b, "&lt;"); break;
        case '>': ov_buf_adds(b, "&gt;"); break;
        case '&': ov_buf_adds(b, "&amp;"); break;
        case '"': ov_buf_adds(b, "&quot;"); break;
        case '\'': ov_buf_adds(b, "&#39;"); break;
        default: ov_buf_addc(b, *s);
        }
    }
}

/* an id in a URL path: unreserved bytes as they are, others %-encoded */
static void url(ov_buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("-._~", *p))
            ov_buf_addc(b, (char)*p);
        else ov_buf_printf(b, "%%%02X", *p);
    }
}

/* a party {"id","name"}: its name linked to its page (HTML), or its name */
static void party(ov_buf *b, const cJSON *p, bool h)
{
    if (!p) return;
    const char *id = S(p, "id"), *name = S(p, "name");
    if (!h) {
        ov_buf_adds(b, name ? name : id ? id : "");
        return;
    }
    if (id) {
        ov_buf_adds(b, "<a href=\"/entity/");
        url(b, id);
        ov_buf_adds(b, "\">");
    }
    html(b, name ? name : id);
    if (id) ov_buf_adds(b, "</a>");
}

static void text(ov_buf *b, const char *s, bool h)
{
    if (h) html(b, s);
    else ov_buf_adds(b, s ? s : "");
}

/* ---- pieces shared by text and HTML ------------------------------------------------ */

static void entry(ov_buf *b, const cJSON *e, bool h)
{
    const char *date = S(e, "date"), *conf = S(e, "confidence"), *status = S(e, "status");
    const cJSON *src = O(e, "source");
    text(b, date ? date : "undated", h);
    ov_buf_adds(b, " ");
    text(b, S(e, "program"), h);
    if (S(e, "end")) {
        ov_buf_adds(b, ", to ");
        text(b, S(e, "end"), h);
    }
    ov_buf_adds(b, " (");
    if (conf) {
        ov_buf_adds(b, "confidence ");
        text(b, conf, h);
        ov_buf_adds(b, ", ");
    }
    text(b, status, h);
    if (src && (S(src, "name") || S(src, "url"))) {
        ov_buf_adds(b, "; source: ");
        const char *u = S(src, "url");
        if (h && u && (!strncmp(u, "https://", 8) || !strncmp(u, "http://", 7))) {
            ov_buf_adds(b, "<a href=\"");
            html(b, u);
            ov_buf_adds(b, "\" rel=\"noopener noreferrer\">");
            html(b, S(src, "name") ? S(src, "name") : u);
            ov_buf_adds(b, "</a>");
        } else if (h && S(src, "id")) {
            party(b, src, true);
        } else {
            text(b, S(src, "name") ? S(src, "name") : u, h);
        }
        const char *loc = S(src, "locator");
        if (loc) {
            /* the locator without the confidence it carries, shown above */
            const char *cut = strstr(loc, "; confidence:");
            ov_buf_adds(b, ", ");
            if (cut) {
                char tmp[1024];
                snprintf(tmp, sizeof tmp, "%.*s", (int)(cut - loc), loc);
                text(b, tmp, h);
            } else {
                text(b, loc, h);
            }
        }
    }
    ov_buf_adds(b, ")");
    if (h && S(e, "id")) {
        ov_buf_adds(b, " <a class=\"ref\" href=\"/entity/");
        url(b, S(e, "id"));
        ov_buf_adds(b, "\">entry</a>");
    }
}

/* one list group: "List — Authority, since DATE [status], via maker X" */
static void group_head(ov_buf *b, const cJSON *g, bool h)
{
    if (h) ov_buf_adds(b, "<strong>");
    text(b, S(g, "list"), h);
    if (h) ov_buf_adds(b, "</strong>");
    ov_buf_adds(b, " — ");
    if (O(g, "authority")) party(b, O(g, "authority"), h);
    else text(b, "authority not recorded", h);
    if (S(g, "since")) {
        ov_buf_adds(b, ", since ");
        text(b, S(g, "since"), h);
    }
    const cJSON *via = O(g, "via");
    if (via) {
        ov_buf_adds(b, ", through its ");
        text(b, S(via, "as"), h);
        ov_buf_adds(b, " ");
        party(b, via, h);
    }
    if (!cJSON_IsTrue(O(g, "firm"))) {
        ov_buf_adds(b, " [");
        text(b, S(g, "status"), h);
        ov_buf_adds(b, "]");
    }
}

static void path(ov_buf *b, const cJSON *p, bool h)
{
    int n = cJSON_GetArraySize(p);
    for (int i = 0; i < n; i++) {
        const cJSON *s = cJSON_GetArrayItem(p, i);
        if (!i) party(b, O(s, "from"), h);
        ov_buf_adds(b, " → ");
        text(b, S(s, "share") ? S(s, "share") : S(s, "kind"), h);
        ov_buf_adds(b, " of ");
        party(b, O(s, "to"), h);
        if (S(s, "status") && strcmp(S(s, "status"), "asserted") && strcmp(S(s, "status"), "verified")) {
            ov_buf_adds(b, " [");
            text(b, S(s, "status"), h);
            ov_buf_adds(b, "]");
        }
    }
}

static void control(ov_buf *b, const cJSON *c, bool h)
{
    const char *kind = S0(c, "kind");
    if (!strcmp(kind, "state")) {
        ov_buf_adds(b, "state share of ");
        party(b, O(c, "entity"), h);
        ov_buf_adds(b, ": ");
        text(b, S(c, "share"), h);
        ov_buf_adds(b, " [");
        text(b, S(c, "status"), h);
        ov_buf_adds(b, "]");
        if (cJSON_GetArraySize(O(c, "path"))) {
            ov_buf_adds(b, ", strongest path: ");
            path(b, O(c, "path"), h);
        }
    } else if (!strcmp(kind, "state-designation")) {
        party(b, O(c, "entity"), h);
        ov_buf_adds(b, ": the record designates it a state entity (a classification, not a share)");
    } else {
        ov_buf_adds(b, "listed holder ");
        party(b, O(c, "holder"), h);
        const cJSON *mn = O(c, "share_min"), *mx = O(c, "share_max");
        if (cJSON_IsNumber(mn)) {
            ov_buf_printf(b, " holds %.4g%%", mn->valuedouble * 100);
            if (cJSON_IsNumber(mx) && mx->valuedouble != mn->valuedouble) ov_buf_printf(b, " to %.4g%%", mx->valuedouble * 100);
        }
        ov_buf_adds(b, " of ");
        party(b, O(c, "entity"), h);
        ov_buf_adds(b, " (");
        text(b, S(c, "rule"), h);
        ov_buf_adds(b, ": ");
        const char *v = S0(c, "controlled");
        text(b, !strcmp(v, "certain")    ? "controlled by listed parties"
                : !strcmp(v, "possible") ? "possibly controlled (share bands)"
                : !strcmp(v, "below")    ? "not controlled: their entries do not extend to it"
                                         : "its own entries apply, it is itself listed",
             h);
        ov_buf_adds(b, "): ");
        path(b, O(c, "path"), h);
    }
}

static void maker(ov_buf *b, const cJSON *m, bool h)
{
    party(b, m, h);
    ov_buf_adds(b, " (brand link: ");
    text(b, S(m, "relation") ? S(m, "relation") : "maker", h);
    ov_buf_adds(b, ", confidence ");
    text(b, S(m, "confidence") ? S(m, "confidence") : "not stated", h);
    ov_buf_adds(b, ", ");
    text(b, S(m, "status"), h);
    ov_buf_adds(b, ")");
}

static void exposure(ov_buf *b, const cJSON *x, bool h, bool brief)
{
    const cJSON *obs = O(x, "obligations");
    int n = cJSON_GetArraySize(obs);
    party(b, O(x, "entity"), h);
    ov_buf_printf(b, ": %d obligation%s", n, n == 1 ? "" : "s");
    for (int i = 0; i < n && !(brief && i >= 3); i++) {
        const cJSON *o = cJSON_GetArrayItem(obs, i);
        ov_buf_adds(b, i ? ", " : ": ");
        text(b, S(o, "obligation"), h);
        ov_buf_adds(b, " (");
        text(b, S(o, "provision"), h);
        if (S(o, "status") && strcmp(S(o, "status"), "asserted") && strcmp(S(o, "status"), "verified")) {
            ov_buf_adds(b, ", ");
            text(b, S(o, "status"), h);
        }
        ov_buf_adds(b, ")");
    }
    if (brief && n > 3) ov_buf_printf(b, " and %d more", n - 3);
}

static void candidate(ov_buf *b, const cJSON *m, bool h)
{
    const char *st = S0(m, "status");
    if (!strcmp(st, "no-match")) {
        ov_buf_adds(b, "no match in the record");
        return;
    }
    if (!strcmp(st, "not-screened")) {
        ov_buf_adds(b, "not screened");
        return;
    }
    ov_buf_adds(b, !strcmp(st, "match") ? "match: " : "possible match: ");
    party(b, m, h);
    const cJSON *sc = O(m, "score");
    ov_buf_adds(b, " (");
    text(b, S(m, "schema"), h);
    if (cJSON_IsNumber(sc)) ov_buf_printf(b, ", score %.3f", sc->valuedouble);
    if (S(m, "matched_name")) {
        ov_buf_adds(b, ", as \"");
        text(b, S(m, "matched_name"), h);
        ov_buf_adds(b, "\"");
    }
    if (S(m, "typology")) {
        ov_buf_adds(b, ", ");
        text(b, S(m, "typology"), h);
    }
    ov_buf_adds(b, ")");
}

/* ---- the three formats ---------------------------------------------------------------- */

static void as_text(ov_buf *b, const cJSON *r)
{
    const cJSON *line = O(r, "line");
    ov_buf_printf(b, "\nrow %d: %s -> %s\n", cJSON_IsNumber(line) ? line->valueint : 0, S0(r, "input"), S0(r, "verdict_label"));
    if (S(r, "reason")) ov_buf_printf(b, "  why: %s\n", S(r, "reason"));
    ov_buf_adds(b, "  ");
    candidate(b, O(r, "match"), false);
    ov_buf_adds(b, "\n");
    const cJSON *x;
    int i = 0;
    cJSON_ArrayForEach(x, O(r, "reasons"))
    {
        if (i++ == 0) continue; /* the first is the why above */
        ov_buf_printf(b, "  also %s%s: %s\n", S0(x, "label"), cJSON_IsTrue(O(x, "firm")) ? "" : " (to review)", S0(x, "text"));
    }
    if (O(r, "maker")) {
        ov_buf_adds(b, "  brand made by: ");
        maker(b, O(r, "maker"), false);
        ov_buf_adds(b, "\n");
    }
    cJSON_ArrayForEach(x, O(r, "lists"))
    {
        ov_buf_adds(b, "  list: ");
        group_head(b, x, false);
        ov_buf_adds(b, "\n");
        const cJSON *e;
        cJSON_ArrayForEach(e, O(x, "official"))
        {
            ov_buf_adds(b, "    official entry: ");
            entry(b, e, false);
            ov_buf_adds(b, "\n");
        }
        cJSON_ArrayForEach(e, O(x, "history"))
        {
            ov_buf_adds(b, "    history: ");
            entry(b, e, false);
            ov_buf_adds(b, "\n");
        }
    }
    cJSON_ArrayForEach(x, O(r, "control"))
    {
        ov_buf_adds(b, "  ownership/control: ");
        control(b, x, false);
        ov_buf_adds(b, "\n");
    }
    cJSON_ArrayForEach(x, O(r, "exposure"))
    {
        ov_buf_adds(b, "  legal exposure: ");
        exposure(b, x, false, false);
        ov_buf_adds(b, "\n");
    }
}

/* a CSV cell assembled in a buffer */
static void cell(ov_buf *b, ov_buf *t)
{
    ov_buf_addc(b, ',');
    ov_csv_append_field(b, t->len ? ov_buf_str(t) : "");
    ov_buf_reset(t);
}

static const char CSV_HEADER[] = "line,input,country,verdict,reason,match_status,match_name,match_schema,score,"
                                 "match_id,typology,maker,maker_link,lists,control,exposure,exposure_href,other_reasons\r\n";

static void as_csv(ov_buf *b, const cJSON *r)
{
    ov_buf t;
    ov_buf_init(&t, OUT_LIMIT);
    const cJSON *line = O(r, "line"), *m = O(r, "match"), *x;
    ov_buf_printf(b, "%d", cJSON_IsNumber(line) ? line->valueint : 0);
    const char *plain[] = {S(r, "input"), S(r, "country"), S(r, "verdict_label"), S(r, "reason"), S(m, "status"),
                           S(m, "name"), S(m, "schema")};
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        ov_buf_adds(&t, plain[i] ? plain[i] : "");
        cell(b, &t);
    }
    if (cJSON_IsNumber(O(m, "score"))) ov_buf_printf(&t, "%.4f", O(m, "score")->valuedouble);
    cell(b, &t);
    ov_buf_adds(&t, S(m, "id") ? S(m, "id") : "");
    cell(b, &t);
    ov_buf_adds(&t, S(m, "typology") ? S(m, "typology") : "");
    cell(b, &t);
    const cJSON *mk = O(r, "maker");
    if (mk) party(&t, mk, false);
    cell(b, &t);
    if (mk) {
        ov_buf_printf(&t, "%s, confidence %s, %s", S(mk, "relation") ? S(mk, "relation") : "maker",
                      S(mk, "confidence") ? S(mk, "confidence") : "not stated", S0(mk, "status"));
    }
    cell(b, &t);
    int i = 0;
    cJSON_ArrayForEach(x, O(r, "lists"))
    {
        if (i++) ov_buf_adds(&t, " | ");
        group_head(&t, x, false);
        const cJSON *e;
        int k = 0;
        cJSON_ArrayForEach(e, O(x, "official"))
        {
            ov_buf_adds(&t, k++ ? "; " : ": official ");
            entry(&t, e, false);
        }
        k = 0;
        cJSON_ArrayForEach(e, O(x, "history"))
        {
            ov_buf_adds(&t, k++ ? "; " : "; history ");
            entry(&t, e, false);
        }
    }
    cell(b, &t);
    i = 0;
    cJSON_ArrayForEach(x, O(r, "control"))
    {
        if (i++) ov_buf_adds(&t, " | ");
        control(&t, x, false);
    }
    cell(b, &t);
    i = 0;
    ov_buf hrefs;
    ov_buf_init(&hrefs, OUT_LIMIT);
    cJSON_ArrayForEach(x, O(r, "exposure"))
    {
        if (i++) ov_buf_adds(&t, " | "), ov_buf_adds(&hrefs, " ");
        exposure(&t, x, false, false);
        ov_buf_adds(&hrefs, S0(x, "href"));
    }
    cell(b, &t);
    cell(b, &hrefs);
    ov_buf_release(&hrefs);
    i = 0;
    cJSON_ArrayForEach(x, O(r, "reasons"))
    {
        if (!i++) continue;
        if (i > 2) ov_buf_adds(&t, " | ");
        ov_buf_printf(&t, "%s%s: %s", S0(x, "label"), cJSON_IsTrue(O(x, "firm")) ? "" : " (to review)", S0(x, "text"));
    }
    cell(b, &t);
    ov_buf_adds(b, "\r\n");
    ov_buf_release(&t);
}

static void as_html(ov_buf *b, const cJSON *r)
{
    const cJSON *line = O(r, "line"), *m = O(r, "match"), *x;
    /* the verdict names CSS classes: only a plain token of letters and hyphens goes in */
    const char *v = S0(r, "verdict");
    if (!*v || strspn(v, "abcdefghijklmnopqrstuvwxyz-") != strlen(v)) v = "unknown";
    ov_buf_printf(b, "<tr class=\"v-%s\" id=\"row-%d\"><td class=\"line\">%d</td><td class=\"vendor\">", v,
                  cJSON_IsNumber(line) ? line->valueint : 0, cJSON_IsNumber(line) ? line->valueint : 0);
    html(b, S(r, "input"));
    if (S(r, "country")) {
        ov_buf_adds(b, " <span class=\"muted\">(");
        html(b, S(r, "country"));
        ov_buf_adds(b, ")</span>");
    }
    ov_buf_printf(b, "</td><td class=\"verdict\"><span class=\"verdict v-%s\">", v);
    html(b, S(r, "verdict_label"));
    ov_buf_adds(b, "</span></td><td class=\"answer\"><p class=\"reason\">");
    html(b, S(r, "reason") ? S(r, "reason") : !strcmp(S0(m, "status"), "no-match") ? "no match in the record: clear of the lists it holds" : "nothing in the record's lists, control paths or obligations");
    ov_buf_adds(b, "</p><p class=\"candidate\">");
    candidate(b, m, true);
    ov_buf_adds(b, "</p>");
    int nl = cJSON_GetArraySize(O(r, "lists")), nc = cJSON_GetArraySize(O(r, "control")),
        nr = cJSON_GetArraySize(O(r, "reasons")), ne = 0;
    cJSON_ArrayForEach(x, O(r, "exposure")) ne += cJSON_GetArraySize(O(x, "obligations"));
    if (nl || nc || ne || nr > 1 || O(r, "maker")) {
        ov_buf_printf(b, "<details><summary>Evidence: %d list%s, %d ownership or control finding%s, %d obligation%s</summary>",
                      nl, nl == 1 ? "" : "s", nc, nc == 1 ? "" : "s", ne, ne == 1 ? "" : "s");
        if (nr > 1) {
            ov_buf_adds(b, "<h4>All reasons, strongest first</h4><ol class=\"reasons\">");
            cJSON_ArrayForEach(x, O(r, "reasons"))
            {
                ov_buf_adds(b, "<li><strong>");
                html(b, S(x, "label"));
                ov_buf_adds(b, cJSON_IsTrue(O(x, "firm")) ? "</strong>: " : "</strong> (to review): ");
                html(b, S(x, "text"));
                ov_buf_adds(b, "</li>");
            }
            ov_buf_adds(b, "</ol>");
        }
        if (O(r, "maker")) {
            ov_buf_adds(b, "<h4>Brand maker</h4><p>");
            maker(b, O(r, "maker"), true);
            ov_buf_adds(b, "</p>");
        }
        if (nl) {
            ov_buf_adds(b, "<h4>Lists</h4><ul class=\"lists\">");
            cJSON_ArrayForEach(x, O(r, "lists"))
            {
                ov_buf_adds(b, "<li>");
                group_head(b, x, true);
                ov_buf_adds(b, "<ul>");
                const cJSON *e;
                cJSON_ArrayForEach(e, O(x, "official"))
                {
                    ov_buf_adds(b, "<li class=\"official\">official entry: ");
                    entry(b, e, true);
                    ov_buf_adds(b, "</li>");
                }
                cJSON_ArrayForEach(e, O(x, "history"))
                {
                    ov_buf_adds(b, "<li class=\"history\">history: ");
                    entry(b, e, true);
                    ov_buf_adds(b, "</li>");
                }
                ov_buf_adds(b, "</ul></li>");
            }
            ov_buf_adds(b, "</ul>");
        }
        if (nc) {
            ov_buf_adds(b, "<h4>Ownership and control</h4><ul>");
            cJSON_ArrayForEach(x, O(r, "control"))
            {
                ov_buf_adds(b, "<li>");
                control(b, x, true);
                ov_buf_adds(b, "</li>");
            }
            ov_buf_adds(b, "</ul>");
        }
        if (ne) {
            ov_buf_adds(b, "<h4>Legal exposure</h4><ul>");
            cJSON_ArrayForEach(x, O(r, "exposure"))
            {
                ov_buf_adds(b, "<li>");
                exposure(b, x, true, false);
                const cJSON *who = O(x, "entity");
                if (who && S(who, "id")) {
                    ov_buf_adds(b, " <a href=\"/exposure/");
                    url(b, S(who, "id"));
                    ov_buf_adds(b, "\">the whole answer with its evidence</a>");
                }
                ov_buf_adds(b, "</li>");
            }
            ov_buf_adds(b, "</ul>");
        }
        ov_buf_adds(b, "</details>");
    }
    ov_buf_adds(b, "</td></tr>\n");
}

int ov_screen_render(const char *row_json, ov_screen_format f, char **out)
{
    *out = NULL;
    cJSON *r = cJSON_Parse(row_json);
    if (!r || !cJSON_IsObject(r) || !S(r, "verdict") || !O(r, "match") || !S(O(r, "match"), "status")) {
        cJSON_Delete(r);
        return OV_EINVAL;
    }
    ov_buf b;
    ov_buf_init(&b, OUT_LIMIT);
    if (f == OV_SCREEN_CSV) as_csv(&b, r);
    else if (f == OV_SCREEN_HTML) as_html(&b, r);
    else as_text(&b, r);
    cJSON_Delete(r);
    *out = ov_buf_detach(&b);
    return *out ? OV_OK : OV_ENOMEM;
}

const char *ov_screen_csv_header(void)
{
    return CSV_HEADER;
}

const char *ov_screen_html_head(void)
{
    return "<table class=\"screening\"><caption>One row per vendor: the verdict, the strongest reason, and the evidence "
           "one click away</caption><thead><tr><th scope=\"col\" class=\"line\">Line</th><th scope=\"col\" "
           "class=\"vendor\">Vendor</th><th scope=\"col\" class=\"verdict\">Verdict</th><th scope=\"col\">Why, and the "
           "evidence</th></tr></thead><tbody>\n";
}

const char *ov_screen_html_foot(void)
{
    return "</tbody></table>\n";
}

const char *ov_screen_row_verdict(const char *row_json, char *buf, size_t len)
{
    buf[0] = 0;
    cJSON *r = cJSON_Parse(row_json);
    if (r && S(r, "verdict")) snprintf(buf, len, "%s", S(r, "verdict"));
    cJSON_Delete(r);
    return buf;
}

int ov_screen_legend(const ov_screener *s, ov_screen_format f, char **out)
{
    ov_buf b;
    ov_buf_init(&b, OUT_LIMIT);
    const ov__screen_config *c = s->cfg;
    if (f == OV_SCREEN_HTML) ov_buf_adds(&b, "<dl class=\"verdicts\">");
    else if (f == OV_SCREEN_CSV) ov_buf_adds(&b, "[");
    for (size_t i = 0; i < c->n_verdicts; i++) {
        const ov__verdict_rule *v = &c->verdicts[i];
        const char *auth = !strcmp(v->id, "state-controlled") ? c->state_authority : v->authority;
        if (f == OV_SCREEN_HTML) {
            ov_buf_printf(&b, "<dt><span class=\"verdict v-%s\">", v->id);
            html(&b, v->label);
            ov_buf_adds(&b, "</span></dt><dd>");
            html(&b, v->means);
            ov_buf_adds(&b, ". <span class=\"muted\">Rests on: ");
            html(&b, !strcmp(v->id, "controlled-by-listed") ? s->rule->source : auth);
            ov_buf_adds(&b, "</span></dd>");
        } else if (f == OV_SCREEN_CSV) {
            ov_buf_adds(&b, i ? ",{\"id\":" : "{\"id\":");
            ov_buf_add_json_str(&b, v->id);
            ov_buf_adds(&b, ",\"label\":");
            ov_buf_add_json_str(&b, v->label);
            ov_buf_adds(&b, ",\"means\":");
            ov_buf_add_json_str(&b, v->means);
            ov_buf_adds(&b, ",\"authority\":");
            ov_buf_add_json_str(&b, !strcmp(v->id, "controlled-by-listed") ? s->rule->source : auth);
            ov_buf_adds(&b, "}");
        } else {
            ov_buf_printf(&b, "  %-28s %s (rests on: %s)\n", v->label, v->means,
                          !strcmp(v->id, "controlled-by-listed") ? s->rule->source : auth);
        }
    }
    if (f == OV_SCREEN_HTML) ov_buf_adds(&b, "</dl>\n");
    else if (f == OV_SCREEN_CSV) ov_buf_adds(&b, "]");
    *out = ov_buf_detach(&b);
    return *out ? OV_OK : OV_ENOMEM;
}
