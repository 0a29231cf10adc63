/* cmd_match.c - name matching and list screening: `oversight match`,
 * `oversight screen`, `oversight load-csl` (see docs/internals/names.md). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "oversight/graph.h"
#include "oversight/law.h"
#include "oversight/match.h"
#include "oversight/own.h"
#include "oversight/screen.h"
#include "cli.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/banned.h"

static int read_all(const char *path, size_t cap, char **out, size_t *len)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) return -1;
    size_t n = 0, size = 1 << 16;
    char *buf = malloc(size + 1);
    size_t got;
    while (buf && (got = fread(buf + n, 1, size - n, f)) > 0) {
        n += got;
        if (n == size) {
            if (size > cap) break;
            char *nb = realloc(buf, size * 2 + 1);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            size *= 2;
        }
    }
    if (f != stdin) fclose(f);
    if (!buf) return -1;
    if (n > cap) {
        free(buf);
        errno = EFBIG;
        return -1;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}

static int load_settings(const char *path, ov_match_settings *s)
{
    ov_match_settings_default(s);
    if (!path) return 0;
    char *text;
    size_t len;
    if (read_all(path, 1 << 20, &text, &len)) {
        fprintf(stderr, "oversight: cannot read %s: %s\n", path, strerror(errno));
        return EXIT_STORE;
    }
    char err[256];
    int rc = ov_match_settings_parse(s, text, len, err, sizeof err);
    free(text);
    if (rc) {
        fprintf(stderr, "oversight: %s: %s\n", path, err);
        return EXIT_DATA;
    }
    return 0;
}

/* ---- the index, and for a screen the list entries and brands ---------------- */

typedef struct record {
    ov_matcher *mx;
    ov_resolver *judged; /* the judgements: referents of one party are one party (ov_match_query.party) */
} record;

static const char *party_of(const void *ud, const char *id)
{
    return ud ? ov_resolver_canonical(ud, id) : id;
}

/* screen: the list entries and brands, from the same scan or the kept index's list of them */
static int screener_cb(const ov_entity *e, void *ud)
{
    return ov_screener_add(ud, e);
}

static void record_release(record *r)
{
    ov_matcher_free(r->mx);
    r->mx = NULL;
    ov_resolver_free(r->judged);
    r->judged = NULL;
}

/* The schemata a screening reads besides the names (screen.h): the kept index
 * lists them for `match` and `screen` alike, so that either's file serves both. */
static const char *const screen_schemata[] = {"Sanction", "Brand", NULL};

static int build(cli *c, ov_store *st, const ov_match_settings *set, ov_screener *scr, record *r)
{
    memset(r, 0, sizeof *r);
    char err[256] = "";
    int rc = ov_matcher_open_store(&r->mx, st, c->model, set, screen_schemata, scr ? screener_cb : NULL, scr, NULL,
                                   err, sizeof err);
    if (!rc) rc = ov_resolver_load(st, &r->judged);
    if (rc) {
        fprintf(stderr, "oversight: %s\n", err[0] ? err : ov_strerror(rc));
        return cli_exit_for(rc);
    }
    return 0;
}

/* ---- match ------------------------------------------------------------------ */

static void result_text(const ov_match_result *r, int rank)
{
    printf("%2d. %.3f %-8s ", rank, r->score, r->match ? "MATCH" : "possible");
    cli_print_text(stdout, r->id);
    fputs("  ", stdout);
    cli_print_text(stdout, r->schema);
    fputs("  ", stdout);
    cli_print_text(stdout, r->caption);
    fputs("\n    matched name: ", stdout);
    cli_print_text(stdout, r->matched_name);
    fputs(" (query: ", stdout);
    cli_print_text(stdout, r->query_name);
    fputs(")\n    features:", stdout);
    for (int f = 0; f <= OV_MF_NAME; f++)
        printf(" %s %.2f%s", ov_match_feature_name(f), r->features[f], f < OV_MF_NAME ? "," : "");
    /* what agreed or told the two apart, in words (zero: not compared) */
    for (int f = OV_MF_NAME + 1; f < OV_MF__COUNT; f++) {
        double v = r->features[f];
        if (!v) continue;
        const char *what = NULL;
        switch (f) {
        case OV_MF_IDENTIFIER: what = v > 0 ? "identifier agrees" : "identifier differs"; break;
        case OV_MF_COUNTRY: what = v > 0 ? "country agrees" : "country differs"; break;
        case OV_MF_LEGAL:
            what = v > 0 ? "legal form of the same class" : v > -1 ? "legal form of another class"
                                                                  : "legal form of another kind (company, partnership, association, state body)";
            break;
        case OV_MF_NUMBER: what = v > 0 ? "numbers agree" : v > -1 ? "a number on one side only" : "numbers differ"; break;
        case OV_MF_QUALIFIER:
            what = v > 0 ? "qualifiers agree" : v > -1 ? "a qualifier (place, series, group) on one side only"
                                                       : "qualifiers (place, series, group) differ";
            break;
        case OV_MF_PLACE: what = v > 0 ? "leading place agrees" : "leading places differ"; break;
        case OV_MF_INDUSTRY:
            what = "registered names with different industry words (technology, systems ...): two registrations";
            break;
        case OV_MF_ACRONYM: what = "one name is the initialism of the other"; break;
        case OV_MF_PERSON: what = v > 0 ? "compared as people's names" : "a word of the shorter name has no counterpart"; break;
        case OV_MF_TYPO: what = "a short name one typo away: offered, not matched"; break;
        case OV_MF_CHINESE:
            what = v > 0 ? "Chinese names agree character by character (or syllable by syllable)"
                         : "Chinese names differ in a character (or in the syllable of one): two names";
            break;
        case OV_MF_SHORT_NAME: what = "the shorter name is the distinctive core of the longer"; break;
        case OV_MF_ABBREVIATION:
            what = v >= 1 ? "one name abbreviates the other (several letters a word)"
                          : "one name abbreviates the other, leaving places to the qualifiers";
            break;
        case OV_MF_DESCRIPTOR:
            what = "the names share only descriptor words (ministry, military, aerospace ...) and one has a word "
                   "the other lacks: two bodies";
            break;
        case OV_MF_PART:
            what = v > 0 ? "the query's words are a part of the matched name"
                         : "the query's words are a part of this name and of another party's: a name several "
                           "parties share, offered, not matched";
            break;
        default: break;
        }
        if (what) printf("; %s", what);
    }
    printf("\n");
}

static void result_json(const ov_match_result *r)
{
    printf("{\"id\":");
    cli_json_str(stdout, r->id);
    printf(",\"schema\":");
    cli_json_str(stdout, r->schema);
    printf(",\"caption\":");
    cli_json_str(stdout, r->caption);
    printf(",\"score\":%.4f,\"match\":%s,\"matched_name\":", r->score, r->match ? "true" : "false");
    cli_json_str(stdout, r->matched_name);
    printf(",\"query_name\":");
    cli_json_str(stdout, r->query_name);
    printf(",\"features\":{");
    for (int f = 0; f < OV_MF__COUNT; f++) printf("%s\"%s\":%.4g", f ? "," : "", ov_match_feature_name(f), r->features[f]);
    printf("}}");
}

int cmd_match(cli *c)
{
    const char *country = cli_take_opt(c, "--country");
    const char *schema = cli_take_opt(c, "--schema");
    const char *json_file = cli_take_opt(c, "--json");
    const char *ident = cli_take_opt(c, "--identifier");
    const char *limit_s = cli_take_opt(c, "--limit");
    const char *settings = cli_take_opt(c, "--settings");
    const char *threshold_s = cli_take_opt(c, "--threshold");
    const char *cutoff_s = cli_take_opt(c, "--cutoff");
    int bad = cli_reject_unknown(c, "match");
    if (bad) return bad;
    if (!json_file && c->argc < 1) {
        fprintf(stderr, "oversight match: which name? (oversight match \"NAME\" [--country CC] [--schema S] [--threshold T] [--cutoff C] | --json FILE)\n");
        return EXIT_USAGE;
    }
    int limit = 0;
    if (limit_s) {
        char *end;
        long l = strtol(limit_s, &end, 10);
        if (*end || l < 1 || l > 100) {
            fprintf(stderr, "oversight match: --limit takes 1..100\n");
            return EXIT_USAGE;
        }
        limit = (int)l;
    }
    /* yente's request parameters, as on its URL */
    ov_yente_params yp = {-1, -1, limit, party_of, NULL};
    {
        char perr[128];
        if ((threshold_s && ov_yente_param(&yp, "threshold", threshold_s, perr, sizeof perr)) ||
            (cutoff_s && ov_yente_param(&yp, "cutoff", cutoff_s, perr, sizeof perr))) {
            fprintf(stderr, "oversight match: --%s\n", perr);
            return EXIT_USAGE;
        }
    }
    ov_match_settings set;
    int code = load_settings(settings, &set);
    if (code) return code;
    char *req = NULL;
    size_t req_len = 0;
    if (json_file && read_all(json_file, OV_YENTE_MAX_BODY, &req, &req_len)) {
        fprintf(stderr, "oversight match: cannot read %s: %s\n", json_file, strerror(errno));
        return errno == EFBIG ? EXIT_DATA : EXIT_STORE;
    }
    ov_store *st;
    int rc = cli_open_store(c, OV_OPEN_READONLY, &st);
    if (rc) {
        free(req);
        return cli_exit_for(rc);
    }
    record r;
    code = build(c, st, &set, NULL, &r);
    ov_store_close(st);
    if (code) {
        free(req);
        record_release(&r);
        return code;
    }
    if (json_file) {
        char *resp, err[256] = "";
        size_t len;
        yp.party_ud = r.judged;
        rc = ov_match_yente_params(r.mx, req, req_len, &yp, &resp, &len, err, sizeof err);
        if (rc) {
            fprintf(stderr, "oversight match: %s: %s\n", json_file, err);
            code = rc == OV_EINVAL || rc == OV_ETOOBIG ? EXIT_DATA : cli_exit_for(rc);
        } else {
            fwrite(resp, 1, len, stdout);
            printf("\n");
            ov_match_text_free(resp);
        }
        free(req);
        record_release(&r);
        return code;
    }
    const char *countries[1] = {country}, *ids[1] = {ident};
    ov_match_query q = {.schema = schema, .names = (const char *const *)c->argv, .n_names = (size_t)c->argc,
                        .countries = countries, .n_countries = country ? 1 : 0, .identifiers = ids,
                        .n_identifiers = ident ? 1 : 0, .limit = limit, .cutoff = yp.cutoff,
                        .threshold = yp.threshold, .party = party_of, .party_ud = r.judged};
    ov_match_result res[100];
    size_t n;
    rc = ov_matcher_query(r.mx, &q, res, 100, &n);
    if (rc) {
        fprintf(stderr, "oversight match: %s\n", rc == OV_EINVAL ? ov_matcher_errmsg(r.mx) : ov_strerror(rc));
        record_release(&r);
        return rc == OV_EINVAL ? EXIT_USAGE : cli_exit_for(rc);
    }
    size_t ents, names;
    ov_matcher_stats(r.mx, &ents, &names, NULL);
    if (c->json) {
        printf("{\"query\":{\"names\":[");
        for (int i = 0; i < c->argc; i++) {
            if (i) printf(",");
            cli_json_str(stdout, c->argv[i]);
        }
        printf("],\"country\":");
        cli_json_str(stdout, country);
        printf(",\"schema\":");
        cli_json_str(stdout, schema);
        printf("},\"threshold\":%.4g,\"indexed\":{\"entities\":%zu,\"names\":%zu},\"results\":[", set.match_threshold,
               ents, names);
        for (size_t i = 0; i < n; i++) {
            if (i) printf(",");
            result_json(&res[i]);
        }
        printf("]}\n");
    } else {
        printf("%zu candidate%s for \"%s\" (%zu entities, %zu names indexed; match at %.2f)\n", n, n == 1 ? "" : "s",
               c->argv[0], ents, names, set.match_threshold);
        for (size_t i = 0; i < n; i++) result_text(&res[i], (int)i + 1);
        if (!n) printf("no candidate above %.2f\n", set.cutoff);
    }
    record_release(&r);
    return EXIT_OK;
}

/* ---- screen ------------------------------------------------------------------- */

static void html_esc(FILE *o, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", o); break;
        case '>': fputs("&gt;", o); break;
        case '&': fputs("&amp;", o); break;
        case '"': fputs("&quot;", o); break;
        default: fputc(*s, o);
        }
    }
}

/* The standalone page's style: the same look as the server's screening page,
 * fitting a 1280 px window (the evidence wraps, nothing scrolls sideways). */
static const char SCREEN_CSS[] =
    "body{font-family:system-ui,sans-serif;max-width:80rem;margin:1rem auto;padding:0 1rem;line-height:1.4}"
    "table.screening{border-collapse:collapse;width:100%;table-layout:fixed}"
    "table.screening td,table.screening th{border-bottom:1px solid #ccc;padding:.4rem;vertical-align:top;"
    "text-align:left;overflow-wrap:anywhere}"
    "th.line{width:3.5rem}th.vendor{width:14rem}th.verdict{width:11rem}"
    ".verdict{font-weight:600}.v-listed .verdict,span.v-listed{color:#a00}"
    "span.v-controlled-by-listed,span.v-made-by-listed-maker{color:#a30}span.v-state-controlled{color:#850}"
    "span.v-legally-exposed{color:#650}span.v-clear{color:#060}span.v-needs-review{color:#046}"
    ".muted{color:#555}details{margin-top:.3rem}summary{cursor:pointer}h4{margin:.5rem 0 .2rem}";

/* A vendor row: matched, then what applies to it (report.c) as one JSON object. */
static int screen_one(ov_screener *scr, ov_store *st, ov_law *law, const record *r, long line, const char *name,
                      const char *country, char **row_json, bool *matched, bool *nomatch, bool *problem)
{
    const char *names[1] = {name}, *countries[1] = {country};
    ov_match_query q = {.names = names, .n_names = 1, .countries = countries,
                        .n_countries = country && *country ? 1 : 0, .limit = 1, .cutoff = -1,
                        .party = party_of, .party_ud = r->judged};
    ov_match_result best;
    memset(&best, 0, sizeof best);
    size_t n = 0;
    ov_screen_input in = {.line = line, .input = name, .country = country};
    /* an empty name, or one of nothing but a legal form, is reported, not screened */
    in.problem = ov_matcher_name_problem(r->mx, name);
    if (!in.problem && !ov_matcher_query(r->mx, &q, &best, 1, &n) && n) {
        in.has_match = true;
        in.match = best.match;
        in.id = best.id, in.caption = best.caption, in.schema = best.schema;
        in.matched_name = best.matched_name, in.score = best.score;
    }
    *matched = in.has_match && in.match;
    *nomatch = !in.has_match && !in.problem;
    *problem = in.problem != NULL;
    return ov_screen_row(scr, st, law, &in, row_json);
}

int cmd_screen(cli *c)
{
    const char *column = cli_take_opt(c, "--column");
    const char *ccol = cli_take_opt(c, "--country-column");
    const char *settings = cli_take_opt(c, "--settings");
    const char *rule_name = cli_take_opt(c, "--rule");
    const char *encoding = cli_take_opt(c, "--encoding");
    int bad = cli_reject_unknown(c, "screen");
    if (bad) return bad;
    const ov_control_rule *rule = ov_control_rule_find(rule_name ? rule_name : "ofac");
    if (!rule) {
        fprintf(stderr, "oversight screen: unknown rule '%s' (ofac, eu or uk)\n", rule_name);
        return EXIT_USAGE;
    }
    if (c->argc != 1) {
        fprintf(stderr, "oversight screen: which file? (oversight screen vendors.csv [--column NAME] [--encoding latin1|utf-16le|...] [--format csv|json|html])\n");
        return EXIT_USAGE;
    }
    const char *fmt = c->format;
    ov_match_settings set;
    int code = load_settings(settings, &set);
    if (code) return code;
    /* the file as UTF-8: a byte-order mark or --encoding says how it is
     * written; undeclared bytes that are not UTF-8 are refused, never read as
     * empty rows */
    FILE *raw = strcmp(c->argv[0], "-") ? fopen(c->argv[0], "rb") : stdin;
    if (!raw) {
        fprintf(stderr, "oversight screen: cannot read %s: %s\n", c->argv[0], strerror(errno));
        return EXIT_STORE;
    }
    ov_buf bytes;
    ov_buf_init(&bytes, (size_t)64 << 20); /* a vendor list; decoding may triple it */
    char chunk[65536];
    size_t got;
    int brc = OV_OK;
    while (!brc && (got = fread(chunk, 1, sizeof chunk, raw)) > 0) brc = ov_buf_add(&bytes, chunk, got);
    bool read_err = ferror(raw);
    if (raw != stdin) fclose(raw);
    char *text = NULL, derr[256];
    size_t text_len = 0;
    if (brc || read_err) {
        fprintf(stderr, "oversight screen: %s: %s\n", c->argv[0], brc == OV_ETOOBIG ? "larger than 64 MiB" : "cannot read");
        ov_buf_release(&bytes);
        return EXIT_DATA;
    }
    brc = ov_text_to_utf8(bytes.data ? bytes.data : "", bytes.len, encoding, &text, &text_len, derr, sizeof derr);
    ov_buf_release(&bytes);
    if (brc) {
        fprintf(stderr, "oversight screen: %s: %s\n", c->argv[0], brc == OV_EINVAL ? derr : ov_strerror(brc));
        return brc == OV_EINVAL ? EXIT_DATA : EXIT_INTERNAL;
    }
    if (!text_len) {
        ov_match_text_free(text);
        fprintf(stderr, "oversight screen: %s: empty file\n", c->argv[0]);
        return EXIT_DATA;
    }
    FILE *in = fmemopen(text, text_len, "rb");
    if (!in) {
        ov_match_text_free(text);
        fprintf(stderr, "oversight screen: %s\n", strerror(errno));
        return EXIT_INTERNAL;
    }
    ov_csv csv;
    ov_csv_init(&csv, in, 1 << 20);
    int rc = ov_csv_next(&csv);
    int col = -1, cc = -1;
    if (rc == 1) {
        for (int i = 0; i < csv.nfields; i++) {
            const char *h = ov_csv_field(&csv, i);
            if (column ? !strcmp(h, column) : (col < 0 && (!strcasecmp(h, "name") || !strcasecmp(h, "vendor") ||
                                                           !strcasecmp(h, "company") || !strcasecmp(h, "supplier"))))
                col = i;
            if (ccol ? !strcmp(h, ccol) : (cc < 0 && !strcasecmp(h, "country"))) cc = i;
        }
        if (col < 0 && !column) col = 0;
    }
    if (rc != 1 || col < 0 || (ccol && cc < 0)) {
        fprintf(stderr, "oversight screen: %s: %s\n", c->argv[0],
                rc < 0 ? csv.err : rc == 0 ? "empty file" : "no such column");
        ov_csv_release(&csv);
        fclose(in);
        ov_match_text_free(text);
        return rc < 0 ? EXIT_DATA : EXIT_USAGE;
    }
    ov_store *st = NULL;
    record r;
    memset(&r, 0, sizeof r);
    ov_graph *g = NULL;
    ov_rules *rules = NULL;
    ov_law *law = NULL;
    ov_screener *scr = NULL;
    char *ver = NULL;
    if ((rc = cli_open_store(c, OV_OPEN_READONLY, &st))) {
        code = cli_exit_for(rc);
        goto done;
    }
    char err[256];
    /* without a graph (or rules) the screening still matches and lists, without paths (or exposure) */
    if (ov_graph_build(st, c->model, NULL, &g)) g = NULL;
    if (!ov_rules_load_default(&rules, err, sizeof err) && g) ov_law_open(&law, st, c->model, g, rules, NULL);
    if ((rc = ov_screener_new(g, rule->name, &scr))) {
        code = cli_exit_for(rc);
        goto done;
    }
    if ((code = build(c, st, &set, scr, &r))) goto done;
    /* which list versions */
    if ((rc = ov_screener_finish(scr)) || (rc = ov_screener_versions(scr, st, c->json, &ver))) {
        fprintf(stderr, "oversight screen: %s\n", ov_strerror(rc));
        code = cli_exit_for(rc);
        goto done;
    }
    bool html = !strcmp(fmt, "html"), csv_fmt = !strcmp(fmt, "csv");
    char *legend = NULL;
    if ((rc = ov_screen_legend(scr, html ? OV_SCREEN_HTML : c->json ? OV_SCREEN_CSV : OV_SCREEN_TEXT, &legend))) {
        code = cli_exit_for(rc);
        goto done;
    }
    if (csv_fmt) {
        printf("# lists used: %s\n", *ver ? ver : "none loaded");
        fputs(ov_screen_csv_header(), stdout);
    } else if (c->json) {
        printf("{\"file\":");
        cli_json_str(stdout, c->argv[0]);
        printf(",\"lists_used\":[%s],\"threshold\":%.4g,\"rule\":\"%s\",\"verdicts\":%s,\"rows\":[", ver,
               set.match_threshold, rule->name, legend);
    } else if (html) {
        printf("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
               "content=\"width=device-width\"><title>Screening of ");
        html_esc(stdout, c->argv[0]);
        printf("</title><style>%s</style></head><body><h1>Screening of ", SCREEN_CSS);
        html_esc(stdout, c->argv[0]);
        printf("</h1><p>Lists used: ");
        html_esc(stdout, *ver ? ver : "none loaded");
        printf(". Match threshold %.2f. Listed holders' entries extend by the ", set.match_threshold);
        html_esc(stdout, rule->label);
        printf(".</p>\n%s", ov_screen_html_head());
    } else {
        printf("Screening %s; lists used: %s; match threshold %.2f; listed holders' entries extend by the %s rule\n",
               c->argv[0], *ver ? ver : "none loaded", set.match_threshold, rule->name);
    }
    int idx = 0, matched = 0, none = 0, unscreened = 0;
    while ((rc = ov_csv_next(&csv)) == 1) {
        const char *name = ov_csv_field(&csv, col);
        const char *country = cc >= 0 ? ov_csv_field(&csv, cc) : NULL;
        char *row = NULL, *shown = NULL;
        bool m = false, nm = false, pb = false;
        int err_rc = screen_one(scr, st, law, &r, csv.line, name ? name : "", country, &row, &m, &nm, &pb);
        if (!err_rc && !c->json) err_rc = ov_screen_render(row, csv_fmt ? OV_SCREEN_CSV : html ? OV_SCREEN_HTML : OV_SCREEN_TEXT, &shown);
        if (err_rc) {
            fprintf(stderr, "oversight screen: %s:%ld: %s\n", c->argv[0], csv.line, ov_strerror(err_rc));
            ov_free(row);
            code = cli_exit_for(err_rc);
            rc = 0; /* not a CSV error */
            break;
        }
        matched += m, none += nm, unscreened += pb;
        if (c->json) printf("%s%s", idx ? "," : "", row);
        else fputs(shown, stdout);
        idx++;
        ov_free(row);
        ov_free(shown);
    }
    if (rc < 0) {
        fprintf(stderr, "oversight screen: %s:%ld: %s\n", c->argv[0], csv.line, csv.err);
        code = EXIT_DATA;
    }
    if (c->json)
        printf("],\"summary\":{\"rows\":%d,\"matched\":%d,\"no_match\":%d,\"not_screened\":%d}}\n", idx, matched,
               none, unscreened);
    else if (html)
        printf("%s<p>%d rows, %d matched, %d with no match, %d not screened.</p><h2>How the verdicts are decided</h2>%s"
               "</body></html>\n", ov_screen_html_foot(), idx, matched, none, unscreened, legend);
    else if (!csv_fmt) {
        printf("\n%d rows: %d matched, %d possible, %d with no match", idx, matched, idx - matched - none - unscreened,
               none);
        if (unscreened) printf(", %d not screened (empty or only a legal form)", unscreened);
        printf("\n\nHow the verdicts are decided:\n%s", legend);
    }
    free(legend);
done:
    free(ver);
    ov_screener_free(scr);
    ov_law_close(law);
    ov_rules_free(rules);
    ov_graph_free(g);
    record_release(&r);
    ov_store_close(st);
    ov_csv_release(&csv);
    fclose(in);
    ov_match_text_free(text);
    return code;
}

/* ---- load-csl ------------------------------------------------------------------ */

int cmd_load_csl(cli *c)
{
    const char *dataset = cli_take_opt(c, "--dataset");
    bool skip = cli_take_flag(c, "--skip-invalid");
    bool validate = cli_take_flag(c, "--validate");
    int bad = cli_reject_unknown(c, "load-csl");
    if (bad) return bad;
    if (c->argc < 1) {
        fprintf(stderr, "oversight load-csl: which file? (oversight load-csl consolidated.csv [--dataset D])\n");
        return EXIT_USAGE;
    }
    ov_store *st = NULL;
    int rc;
    if (!validate && (rc = cli_open_store(c, OV_OPEN_CREATE, &st))) return cli_exit_for(rc);
    int code = EXIT_OK;
    for (int i = 0; i < c->argc && !code; i++) {
        FILE *in = fopen(c->argv[i], "rb");
        if (!in) {
            fprintf(stderr, "oversight load-csl: cannot read %s: %s\n", c->argv[i], strerror(errno));
            code = EXIT_STORE;
            break;
        }
        char err[512] = "";
        ov_csl_stats s;
        rc = validate ? ov_csl_validate(c->model, in, c->argv[i], &s, err, sizeof err)
                      : ov_csl_load(st, c->model, in, c->argv[i], dataset, skip, &s, err, sizeof err);
        fclose(in);
        if (rc) {
            fprintf(stderr, "%s\n", err[0] ? err : ov_strerror(rc));
            code = rc == OV_EINVAL || rc == OV_ETOOBIG ? EXIT_DATA : cli_exit_for(rc);
        } else if (c->json) {
            printf("{\"file\":");
            cli_json_str(stdout, c->argv[i]);
            printf(",\"rows\":%ld,\"entities\":%ld,\"sanctions\":%ld,\"rejected\":%ld}\n", s.rows, s.entities,
                   s.sanctions, s.rejected);
        } else {
            printf("%s: %ld rows, %ld entities, %ld list entries%s", c->argv[i], s.rows, s.entities, s.sanctions,
                   validate ? " (validated, nothing loaded)" : "");
            if (s.rejected) printf(", %ld rows rejected", s.rejected);
            printf("\n");
        }
    }
    ov_store_close(st);
    return code;
}

/* ---- "did you mean" for a search that found nothing ------------------------------ */

int cli_did_you_mean(cli *c, ov_store *st, const char *query, char (*out)[512], int max)
{
    record r;
    int n_out = 0;
    /* a suggestion is a courtesy: when the index cannot be built, none */
    if (build(c, st, NULL, NULL, &r)) {
        record_release(&r);
        return 0;
    }
    if (max > 8) max = 8;
    const char *names[1] = {query};
    ov_match_query q = {.names = names, .n_names = 1, .limit = max, .cutoff = 0.5, .party = party_of,
                        .party_ud = r.judged};
    ov_match_result res[8];
    size_t n = 0;
    if (!ov_matcher_query(r.mx, &q, res, (size_t)max, &n))
        for (size_t i = 0; i < n; i++) {
            bool dup = false;
            for (int k = 0; k < n_out && !dup; k++) dup = strstr(out[k], res[i].id) != NULL;
            if (dup) continue;
            /* the last field: 1 when the matcher calls it a match (another spelling, script
             * or transliteration of the name: pinyin, traditional characters, ...) */
            snprintf(out[n_out++], 512, "%s\t%s\t%s\t%d", res[i].caption ? res[i].caption : res[i].id,
                     res[i].schema, res[i].id, res[i].match ? 1 : 0);
        }
    record_release(&r);
    return n_out;
}
