/* cmd_indicators.c - indicator frameworks: `oversight assess` (every element's
 * answer with its citation) and `oversight scores` (indicator, category and
 * total scores, a year compared with another; from the store, or from Ranking
 * Digital Rights' published files with --rdr, checked against them with --check).
 * From the store, the answers are resolved (the store's judgements): an answer
 * recorded under any referent of a cluster is the cluster's, shown under its
 * canonical id, and --company takes any referent's id. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "oversight/explain.h"
#include "oversight/indicators.h"
#include "oversight/resolve.h"
#include "cli.h"
#include "util/banned.h"

/* Also declared in cli.h (the command table); repeated so this file stands alone. */
int cmd_assess(cli *c);
int cmd_scores(cli *c);

static int year_opt(const char *s, int *out)
{
    char *end;
    errno = 0;
    long v = s ? strtol(s, &end, 10) : 0;
    if (!s || errno || *end || v < 1900 || v > 2999) return -1;
    *out = (int)v;
    return 0;
}

/* The subjects answered in a year (year 0: any), in first-seen order: each cluster
 * once, under its canonical id (ov_ind_answer_key); only: any referent's id. */
static const char **subjects_of(const ov_ind_answers *a, int year, const char *only, size_t *n)
{
    if (only) only = ov_ind_answers_cluster(a, only);
    size_t cap = 16, k = 0;
    const char **v = malloc(cap * sizeof *v);
    if (!v) return NULL;
    for (size_t i = 0; i < ov_ind_answers_count(a); i++) {
        const ov_ind_answer_rec *r = ov_ind_answers_at(a, i);
        const char *key = ov_ind_answer_key(r);
        if ((year && r->year != year) || (only && strcmp(only, key) != 0)) continue;
        bool seen = false;
        for (size_t j = 0; j < k && !seen; j++) seen = strcmp(v[j], key) == 0;
        if (seen) continue;
        if (k == cap) {
            const char **p = realloc(v, (cap *= 2) * sizeof *v);
            if (!p) {
                free(v);
                return NULL;
            }
            v = p;
        }
        v[k++] = key;
    }
    *n = k;
    return v;
}

/* The latest year with answers. */
static int latest_year(const ov_ind_answers *a)
{
    int y = 0;
    for (size_t i = 0; i < ov_ind_answers_count(a); i++)
        if (ov_ind_answers_at(a, i)->year > y) y = ov_ind_answers_at(a, i)->year;
    return y;
}

/* A company's caption from the store, or its id. */
static const char *caption(ov_store *st, const char *id, char *buf, size_t len)
{
    snprintf(buf, len, "%s", id);
    ov_entity *e;
    if (!st || ov_store_get(st, id, 0, &e)) return buf;
    for (size_t i = 0; i < e->n_stmts; i++)
        if (strcmp(e->stmts[i].prop, "name") == 0) {
            snprintf(buf, len, "%s", e->stmts[i].value);
            break;
        }
    ov_entity_free(e);
    return buf;
}

static int load(cli *c, const char *cmd, const char *framework, const char *rdr, ov_store **st, ov_ind_framework **fw,
                ov_ind_answers **ans)
{
    char err[1024] = "";
    int rc;
    *st = NULL;
    if (rdr) {
        rc = ov_ind_rdr_load(rdr, 2022, fw, ans, err, sizeof err);
    } else {
        if ((rc = cli_open_store(c, OV_OPEN_READONLY, st))) return rc;
        rc = ov_ind_from_store(*st, framework, fw, ans, err, sizeof err);
        /* entities judged the same are one company: their answers are scored together */
        ov_resolver *r = NULL;
        if (!rc && (rc = ov_resolver_load(*st, &r)) != OV_OK)
            snprintf(err, sizeof err, "reading the judgements: %s", ov_strerror(rc));
        if (!rc && (rc = ov_ind_answers_resolve(*ans, NULL, r)) != OV_OK)
            snprintf(err, sizeof err, "resolving the answers: %s", ov_strerror(rc));
        ov_resolver_free(r);
        if (rc) {
            ov_ind_answers_free(*ans);
            ov_ind_framework_free(*fw);
            *ans = NULL;
            *fw = NULL;
        }
    }
    if (rc) {
        fprintf(stderr, "oversight %s: %s\n", cmd, *err ? err : ov_strerror(rc));
        if (*st) ov_store_close(*st);
        *st = NULL;
        return cli_exit_for(rc);
    }
    return 0;
}

static void fmt_score(double s, char *buf, size_t len)
{
    if (s < 0) snprintf(buf, len, "N/A");
    else snprintf(buf, len, "%ld", ov_ind_round(s));
}

static void json_score(double s)
{
    if (s < 0) printf("null");
    else printf("%.4f", s);
}

/* ---- assess ------------------------------------------------------------------ */

int cmd_assess(cli *c)
{
    const char *framework = cli_take_opt(c, "--framework"), *company = cli_take_opt(c, "--company");
    const char *year_s = cli_take_opt(c, "--year");
    int bad = cli_reject_unknown(c, "assess");
    if (bad) return bad;
    int year = 0;
    if (year_s && year_opt(year_s, &year)) {
        fprintf(stderr, "oversight assess: --year must be a year\n");
        return EXIT_USAGE;
    }
    ov_store *st;
    ov_ind_framework *fw;
    ov_ind_answers *a;
    int code = load(c, "assess", framework, NULL, &st, &fw, &a);
    if (code) return code;
    size_t ns = 0;
    const char **subj = subjects_of(a, year, company, &ns);
    if (!subj) code = EXIT_INTERNAL;
    else if (company && !ns) {
        fprintf(stderr, "oversight assess: no assessment of %s under %s\n", company, ov_ind_framework_id(fw));
        code = EXIT_NOTFOUND;
    }
    if (!code && c->json) {
        printf("{\"framework\":");
        cli_json_str(stdout, ov_ind_framework_id(fw));
        printf(",\"name\":");
        cli_json_str(stdout, ov_ind_framework_name(fw));
        printf(",\"assessments\":[");
    } else if (!code) {
        printf("%s (%s)\n", ov_ind_framework_name(fw), ov_ind_framework_id(fw));
    }
    /* each company in each year it was assessed: the library's answer, printed by its
     * one JSON or text writer */
    int first = 1;
    for (size_t s = 0; !code && s < ns; s++) {
        for (int y = 1900; !code && y <= 2999; y++) {
            if (year && y != year) continue;
            bool any = false;
            for (size_t k = 0; k < ov_ind_answers_count(a) && !any; k++) {
                const ov_ind_answer_rec *r = ov_ind_answers_at(a, k);
                any = r->year == y && !strcmp(r->subject, subj[s]);
            }
            if (!any) continue;
            ov_answer *ans = NULL;
            int rc = ov_ind_explain(st, fw, a, subj[s], y, &ans);
            if (rc) {
                fprintf(stderr, "oversight assess: %s\n", ov_strerror(rc));
                code = cli_exit_for(rc);
                break;
            }
            if (c->json) {
                if (cli_print_answer_row(ans, first)) code = EXIT_INTERNAL;
                first = 0;
            } else {
                printf("\n");
                ov_answer_text(ans, stdout);
            }
            ov_answer_free(ans);
        }
    }
    if (!code && c->json) printf("]}\n");
    free((void *)subj);
    ov_ind_answers_free(a);
    ov_ind_framework_free(fw);
    if (st) ov_store_close(st);
    return code;
}

/* ---- scores --------------------------------------------------------------------- */

typedef struct row {
    const char *subject;
    ov_ind_scores s, prev;
    bool has_prev;
} row;

/* The referents the answers of the cluster key in year are recorded under, as JSON
 * strings, first-seen order. */
static void recorded_under(const ov_ind_answers *a, const char *key, int year)
{
    const char *seen[64]; /* a cluster's referents with answers: few; past 64 a name may repeat */
    size_t n = 0;
    for (size_t i = 0; i < ov_ind_answers_count(a); i++) {
        const ov_ind_answer_rec *r = ov_ind_answers_at(a, i);
        if (r->year != year || strcmp(ov_ind_answer_key(r), key) != 0) continue;
        bool dup = false;
        for (size_t j = 0; j < n && !dup; j++) dup = strcmp(seen[j], r->subject) == 0;
        if (dup) continue;
        printf("%s", n ? "," : "");
        cli_json_str(stdout, r->subject);
        if (n < sizeof seen / sizeof *seen) seen[n++] = r->subject;
    }
}

int cmd_scores(cli *c)
{
    const char *framework = cli_take_opt(c, "--framework"), *company = cli_take_opt(c, "--company");
    const char *year_s = cli_take_opt(c, "--year"), *cmp_s = cli_take_opt(c, "--compare");
    const char *rdr = cli_take_opt(c, "--rdr");
    bool check = cli_take_flag(c, "--check");
    int bad = cli_reject_unknown(c, "scores");
    if (bad) return bad;
    int year = 0, cmp = 0;
    if ((year_s && year_opt(year_s, &year)) || (cmp_s && year_opt(cmp_s, &cmp))) {
        fprintf(stderr, "oversight scores: --year and --compare take a year\n");
        return EXIT_USAGE;
    }
    if (check && !rdr) {
        fprintf(stderr, "oversight scores: --check compares with RDR's published scores and needs --rdr DIR\n");
        return EXIT_USAGE;
    }
    bool md = strcmp(c->format, "md") == 0;
    ov_store *st;
    ov_ind_framework *fw;
    ov_ind_answers *a;
    int code = load(c, "scores", framework, rdr, &st, &fw, &a);
    if (code) return code;
    if (!year) year = latest_year(a);
    size_t ns = 0;
    const char **subj = subjects_of(a, year, company, &ns);
    row *rows = subj ? calloc(ns ? ns : 1, sizeof *rows) : NULL;
    if (!rows) code = EXIT_INTERNAL;
    else if (!ns) {
        fprintf(stderr, "oversight scores: no answers%s%s in %d under %s\n", company ? " for " : "", company ? company : "",
                year, ov_ind_framework_id(fw));
        code = EXIT_NOTFOUND;
    }
    for (size_t s = 0; !code && s < ns; s++) {
        rows[s].subject = subj[s];
        if (ov_ind_score(fw, a, subj[s], year, &rows[s].s)) code = EXIT_INTERNAL;
        if (!code && cmp) {
            if (ov_ind_score(fw, a, subj[s], cmp, &rows[s].prev)) code = EXIT_INTERNAL;
            rows[s].has_prev = !code && rows[s].prev.n_answers > 0;
        }
    }
    int nc = ov_ind_n_categories(fw), ni = ov_ind_n_indicators(fw);
    char cap[256], sc[16];
    if (!code && c->json) {
        printf("{\"framework\":");
        cli_json_str(stdout, ov_ind_framework_id(fw));
        printf(",\"year\":%d", year);
        if (cmp) printf(",\"compare\":%d", cmp);
        printf(",\"rounding\":\"half up to integers when shown; values here are exact\",\"companies\":[");
        for (size_t s = 0; s < ns; s++) {
            printf("%s{\"subject\":", s ? "," : "");
            cli_json_str(stdout, rows[s].subject);
            printf(",\"name\":");
            cli_json_str(stdout, caption(st, rows[s].subject, cap, sizeof cap));
            printf(",\"answers\":%d,\"conflicts\":%d,\"recorded_under\":[", rows[s].s.n_answers, rows[s].s.n_conflicts);
            recorded_under(a, rows[s].subject, year);
            printf("],\"total\":");
            json_score(rows[s].s.total);
            printf(",\"categories\":{");
            for (int k = 0; k < nc; k++) {
                printf("%s\"%s\":", k ? "," : "", ov_ind_category_at(fw, k)->code);
                json_score(rows[s].s.category[k]);
            }
            printf("},\"indicators\":{");
            for (int i = 0; i < ni; i++) {
                printf("%s", i ? "," : "");
                cli_json_str(stdout, ov_ind_indicator_at(fw, i)->code);
                printf(":");
                json_score(rows[s].s.indicator[i]);
            }
            printf("}");
            if (rows[s].has_prev) {
                printf(",\"previous\":{\"total\":");
                json_score(rows[s].prev.total);
                printf(",\"categories\":{");
                for (int k = 0; k < nc; k++) {
                    printf("%s\"%s\":", k ? "," : "", ov_ind_category_at(fw, k)->code);
                    json_score(rows[s].prev.category[k]);
                }
                printf("}}");
            }
            printf("}");
        }
        printf("]}\n");
    } else if (!code) {
        printf("%s%s (%s), %d%s%s\n", md ? "### " : "", ov_ind_framework_name(fw), ov_ind_framework_id(fw), year,
               cmp ? " compared with " : "", cmp ? cmp_s : "");
        if (md) printf("\n");
        /* header: company, total, categories, then each top-level indicator */
        printf(md ? "| company | total |" : "%-28s %5s", md ? "" : "company", md ? "" : "total");
        for (int k = 0; k < nc; k++) printf(md ? " %s |" : " %5s", ov_ind_category_at(fw, k)->code);
        for (int i = 0; i < ni; i++)
            if (ov_ind_indicator_at(fw, i)->parent < 0) printf(md ? " %s |" : " %5s", ov_ind_indicator_at(fw, i)->code);
        printf("\n");
        if (md) {
            printf("|---|---:|");
            for (int k = 0; k < nc; k++) printf("---:|");
            for (int i = 0; i < ni; i++)
                if (ov_ind_indicator_at(fw, i)->parent < 0) printf("---:|");
            printf("\n");
        }
        for (size_t s = 0; s < ns; s++) {
            const row *r = &rows[s];
            caption(st, r->subject, cap, sizeof cap);
            char tot[48];
            fmt_score(r->s.total, tot, sizeof tot);
            if (r->has_prev && r->s.total >= 0 && r->prev.total >= 0) {
                size_t l = strlen(tot);
                snprintf(tot + l, sizeof tot - l, " (%+ld)", ov_ind_round(r->s.total) - ov_ind_round(r->prev.total));
            }
            if (md) printf("| %s | %s |", cap, tot);
            else printf("%-28.28s %5s", cap, tot);
            for (int k = 0; k < nc; k++) {
                char cs[48];
                fmt_score(r->s.category[k], cs, sizeof cs);
                if (r->has_prev && r->s.category[k] >= 0 && r->prev.category[k] >= 0) {
                    size_t l = strlen(cs);
                    snprintf(cs + l, sizeof cs - l, " (%+ld)", ov_ind_round(r->s.category[k]) - ov_ind_round(r->prev.category[k]));
                }
                printf(md ? " %s |" : " %5s", cs);
            }
            for (int i = 0; i < ni; i++)
                if (ov_ind_indicator_at(fw, i)->parent < 0) {
                    fmt_score(r->s.indicator[i], sc, sizeof sc);
                    printf(md ? " %s |" : " %5s", sc);
                }
            printf("\n");
        }
        if (md) printf("\n");
        /* questions a cluster's assessments answer differently (ov_ind_score: scored with the lowest) */
        for (size_t s = 0, n = 0; s < ns; s++)
            if (rows[s].s.n_conflicts)
                printf("%sconflict: %s: %d questions answered differently by two assessments of the same company "
                       "(scored with the lowest; `assess --company %s` shows each)\n",
                       md || n++ ? "" : "\n", rows[s].subject, rows[s].s.n_conflicts, rows[s].subject);
        printf("%scategories:", md ? "" : "\n");
        for (int k = 0; k < nc; k++) printf(" %s %s%s", ov_ind_category_at(fw, k)->code, ov_ind_category_at(fw, k)->label, k + 1 < nc ? ";" : "");
        printf("\nscores: element answers yes 100, partial 50, no 0, no disclosure found 0, not applicable excluded "
               "(reversed: yes 0, no 100); indicator = mean of its elements (parent: of its sub-indicators); category "
               "and total = means of top-level indicators; shown rounded half up%s\n",
               cmp ? "; (+/-) is the change in the rounded score since the compared year" : "");
    }
    if (!code && check) {
        char err[1024] = "";
        ov_ind_published *p;
        size_t np;
        int rc = ov_ind_rdr_published(rdr, 2022, &p, &np, err, sizeof err);
        if (rc) {
            fprintf(stderr, "oversight scores: %s\n", err);
            code = cli_exit_for(rc);
        } else {
            int checked = 0, matched = 0;
            for (size_t i = 0; i < np; i++) {
                if (strstr(p[i].file, "year-over-year")) continue; /* its 2020 column predates the re-based scores */
                if (company && strcmp(company, p[i].subject) != 0) continue;
                ov_ind_scores s;
                if (ov_ind_score(fw, a, p[i].subject, p[i].year, &s)) continue;
                bool total = strcmp(p[i].what, "total") == 0;
                int k = ov_ind_find_category(fw, p[i].what);
                double got = total ? s.total : k >= 0 ? s.category[k] : -1;
                checked++;
                if (got >= 0 && ov_ind_round(got) == (long)p[i].score) matched++;
                else
                    printf("MISMATCH %s:%ld %s %d %s: published %g, computed %.4f\n", p[i].file, p[i].line,
                           p[i].subject, p[i].year, p[i].what, p[i].score, got);
                ov_ind_scores_release(&s);
            }
            printf("check: %d of %d published category and total scores reproduced\n", matched, checked);
            if (matched != checked) code = EXIT_DATA;
            ov_ind_published_free(p, np);
        }
    }
    for (size_t s = 0; rows && s < ns; s++) {
        ov_ind_scores_release(&rows[s].s);
        ov_ind_scores_release(&rows[s].prev);
    }
    free(rows);
    free((void *)subj);
    ov_ind_answers_free(a);
    ov_ind_framework_free(fw);
    if (st) ov_store_close(st);
    return code;
}
