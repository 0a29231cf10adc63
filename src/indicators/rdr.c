/* rdr.c - Ranking Digital Rights' published CSVs as a framework and answers:
 * indicator and element specs, per-level indicator scores, and the published
 * category, total and year-over-year scores to check against. Every file is
 * read with bounded records; errors say file:line: reason. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "oversight/indicators.h"
#include "indicators/ind_internal.h"
#include "util/alloc.h"
#include "util/csv.h"
#include "util/banned.h"

#define MAX_COLS 32

static int fail(char *err, size_t errlen, int rc, const char *name, long line, const char *fmt, ...)
{
    if (err && errlen) {
        int n = snprintf(err, errlen, "%s:%ld: ", name, line);
        if (n >= 0 && (size_t)n < errlen) {
            va_list ap;
            va_start(ap, fmt);
            vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
            va_end(ap);
        }
    }
    return rc;
}

/* A header: the column index of each wanted name (-1 when absent). */
typedef struct header {
    const char *names[MAX_COLS];
    int idx[MAX_COLS];
    int n;
} header;

static int read_header(ov_csv *c, header *h, const char *name, char *err, size_t errlen)
{
    int rc = ov_csv_next(c);
    if (rc < 0) return fail(err, errlen, rc, name, c->line, "%s", c->err);
    if (rc == 0) return fail(err, errlen, OV_EINVAL, name, 1, "empty file (a header row is expected)");
    for (int k = 0; k < h->n; k++) {
        h->idx[k] = -1;
        for (int i = 0; i < c->nfields; i++)
            if (strcmp(ov_csv_field(c, i), h->names[k]) == 0) h->idx[k] = i;
        if (h->idx[k] < 0) return fail(err, errlen, OV_EINVAL, name, c->line, "missing column \"%s\"", h->names[k]);
    }
    return OV_OK;
}

static const char *col(const ov_csv *c, const header *h, int k) { return ov_csv_field(c, h->idx[k]); }

static bool is_na(const char *s) { return !*s || strcmp(s, "NA") == 0; }

/* TRUE / FALSE / NA (false). -1 for anything else. */
static int parse_bool(const char *s)
{
    if (strcmp(s, "TRUE") == 0) return 1;
    if (strcmp(s, "FALSE") == 0 || is_na(s)) return 0;
    return -1;
}

static bool parse_int(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) return false;
    *out = v;
    return true;
}

/* A line of each record must be a record: fields beyond the header are ignored,
 * fewer are an error. */
static int next_record(ov_csv *c, const header *h, const char *name, char *err, size_t errlen)
{
    int rc = ov_csv_next(c);
    if (rc < 0) return fail(err, errlen, rc, name, c->line, "%s", c->err);
    if (rc == 0) return 0;
    for (int k = 0; k < h->n; k++)
        if (h->idx[k] >= c->nfields)
            return fail(err, errlen, OV_EINVAL, name, c->line, "%d fields, the header has more (no \"%s\")", c->nfields,
                        h->names[k]);
    return 1;
}

static const char *rc_reason(int rc)
{
    return rc == OV_EEXIST ? "defined twice" : rc == OV_ENOMEM ? "out of memory" : rc == OV_ETOOBIG ? "too many" : "invalid";
}

int ov_ind_rdr_read_indicators(ov_ind_framework *fw, FILE *in, const char *name, char *err, size_t errlen)
{
    enum { CAT, IND, NR, SUFFIX, ISPARENT, LABEL, DESC, SCOPE };
    header h = {.names = {"Category", "Indicator", "indicatorNr", "indicatorSuffix", "isParent", "labelLong",
                          "description", "scoringScope"},
                .n = 8};
    ov_csv c;
    ov_csv_init(&c, in, OV_IND_MAX_RECORD);
    int rc = read_header(&c, &h, name, err, errlen);
    static const char *const labels[][2] = {{"G", "Governance"}, {"F", "Freedom of expression and information"},
                                            {"P", "Privacy"}};
    while (!rc && (rc = next_record(&c, &h, name, err, errlen)) == 1) {
        rc = OV_OK;
        const char *cat = col(&c, &h, CAT), *code = col(&c, &h, IND);
        if (ov_ind_find_category(fw, cat) < 0) {
            const char *label = NULL;
            for (size_t i = 0; i < 3; i++)
                if (strcmp(labels[i][0], cat) == 0) label = labels[i][1];
            if (!label) {
                rc = fail(err, errlen, OV_EINVAL, name, c.line, "category \"%s\" is not G, F or P", cat);
                break;
            }
            if ((rc = ov_ind_add_category(fw, cat, label))) {
                rc = fail(err, errlen, rc, name, c.line, "category %s: %s", cat, rc_reason(rc));
                break;
            }
        }
        long nr;
        if (!parse_int(col(&c, &h, NR), 1, 999, &nr)) {
            rc = fail(err, errlen, OV_EINVAL, name, c.line, "indicatorNr \"%s\" is not a number from 1 to 999",
                      col(&c, &h, NR));
            break;
        }
        int isparent = parse_bool(col(&c, &h, ISPARENT));
        if (isparent < 0) {
            rc = fail(err, errlen, OV_EINVAL, name, c.line, "isParent \"%s\" is not TRUE or FALSE", col(&c, &h, ISPARENT));
            break;
        }
        const char *scope_s = col(&c, &h, SCOPE);
        int scope;
        if (strcmp(scope_s, "company") == 0) scope = OV_IND_SCOPE_COMPANY;
        else if (strcmp(scope_s, "services") == 0) scope = OV_IND_SCOPE_SERVICES;
        else if (strcmp(scope_s, "full") == 0 || (isparent && is_na(scope_s))) scope = OV_IND_SCOPE_FULL;
        else {
            rc = fail(err, errlen, OV_EINVAL, name, c.line, "scoringScope \"%s\" is not company, services or full",
                      scope_s);
            break;
        }
        char parent[16] = "";
        if (!is_na(col(&c, &h, SUFFIX))) snprintf(parent, sizeof parent, "%.4s%02ld", cat, nr);
        ov_ind_indicator x = {.code = code, .category = cat, .label = col(&c, &h, LABEL), .scope = scope,
                              .is_parent = isparent};
        const char *desc = col(&c, &h, DESC);
        if (!is_na(desc)) x.text = desc;
        rc = ov_ind_add_indicator(fw, &x, *parent ? parent : NULL);
        if (rc) {
            rc = fail(err, errlen, rc, name, c.line, "indicator \"%s\": %s%s%s", code, rc_reason(rc),
                      *parent ? " (or its parent is not defined before it: " : "", *parent ? parent : "");
            if (*parent && err && strlen(err) + 2 < errlen) {
                size_t l = strlen(err);
                err[l] = ')';
                err[l + 1] = '\0';
            }
            break;
        }
    }
    if (!rc) {
        for (int i = 0; i < ov_ind_n_indicators(fw); i++) {
            const ov_ind_indicator *x = ov_ind_indicator_at(fw, i);
            bool has_child = false;
            for (int k = 0; k < ov_ind_n_indicators(fw) && !has_child; k++)
                has_child = ov_ind_indicator_at(fw, k)->parent == i;
            if (x->is_parent && !has_child) {
                rc = fail(err, errlen, OV_EINVAL, name, c.next_line, "indicator %s is a parent without sub-indicators",
                          x->code);
                break;
            }
        }
    }
    if (!rc && ov_ind_n_indicators(fw) == 0) rc = fail(err, errlen, OV_EINVAL, name, c.next_line, "no indicators");
    ov_csv_release(&c);
    return rc;
}

int ov_ind_rdr_read_elements(ov_ind_framework *fw, FILE *in, const char *name, char *err, size_t errlen)
{
    enum { IND, EL, DESC, DOEX, EXCL, REV };
    header h = {.names = {"Indicator", "Element", "description", "doExcludeServices", "excludedServices",
                          "reversedScoring"},
                .n = 6};
    ov_csv c;
    ov_csv_init(&c, in, OV_IND_MAX_RECORD);
    int rc = read_header(&c, &h, name, err, errlen);
    while (!rc && (rc = next_record(&c, &h, name, err, errlen)) == 1) {
        rc = OV_OK;
        const char *ind = col(&c, &h, IND), *code = col(&c, &h, EL);
        int doex = parse_bool(col(&c, &h, DOEX)), rev = parse_bool(col(&c, &h, REV));
        if (doex < 0 || rev < 0) {
            rc = fail(err, errlen, OV_EINVAL, name, c.line, "%s \"%s\" is not TRUE, FALSE or NA",
                      doex < 0 ? "doExcludeServices" : "reversedScoring",
                      doex < 0 ? col(&c, &h, DOEX) : col(&c, &h, REV));
            break;
        }
        int ii = ov_ind_find_indicator(fw, ind);
        if (ii < 0) {
            rc = fail(err, errlen, OV_EINVAL, name, c.line, "element %s: unknown indicator \"%s\"", code, ind);
            break;
        }
        if (ov_ind_indicator_at(fw, ii)->is_parent) {
            rc = fail(err, errlen, OV_EINVAL, name, c.line, "element %s: indicator %s is a parent (elements belong to its sub-indicators)", code, ind);
            break;
        }
        const char *excl = col(&c, &h, EXCL);
        ov_ind_element x = {.code = code, .text = col(&c, &h, DESC), .reversed = rev, .weight = 1,
                            .excluded = doex && !is_na(excl) ? excl : NULL};
        rc = ov_ind_add_element(fw, &x, ind);
        if (rc) {
            rc = fail(err, errlen, rc, name, c.line, "element \"%s\": %s", code, rc_reason(rc));
            break;
        }
    }
    ov_csv_release(&c);
    return rc;
}

int ov_ind_rdr_read_levels(const ov_ind_framework *fw, ov_ind_answers *ans, FILE *in, const char *name, char *err,
                           size_t errlen)
{
    enum { YEAR, CO, IND, BRANCH, CLASS, SERVICE, SCORE };
    header h = {.names = {"Index", "Company", "Indicator", "Branch", "Class", "Service", "Score"}, .n = 7};
    ov_csv c;
    ov_csv_init(&c, in, OV_IND_MAX_RECORD);
    int rc = read_header(&c, &h, name, err, errlen);
    while (!rc && (rc = next_record(&c, &h, name, err, errlen)) == 1) {
        rc = OV_OK;
        long year;
        if (!parse_int(col(&c, &h, YEAR), 1900, 2999, &year)) {
            rc = fail(err, errlen, OV_EINVAL, name, c.line, "Index \"%s\" is not a year", col(&c, &h, YEAR));
            break;
        }
        const char *ind = col(&c, &h, IND), *branch = col(&c, &h, BRANCH), *score_s = col(&c, &h, SCORE);
        const char *co = col(&c, &h, CO);
        int ii = ov_ind_find_indicator(fw, ind);
        if (ii < 0) {
            rc = fail(err, errlen, OV_EINVAL, name, c.line, "unknown indicator \"%s\"", ind);
            break;
        }
        if (ov_ind_indicator_at(fw, ii)->is_parent) {
            rc = fail(err, errlen, OV_EINVAL, name, c.line, "indicator %s is a parent: its score is its sub-indicators' mean", ind);
            break;
        }
        int kind;
        if (strcmp(branch, "Company") == 0) kind = OV_IND_LEVEL_COMPANY;
        else if (strcmp(branch, "Services") == 0) kind = OV_IND_LEVEL_SERVICE;
        else {
            rc = fail(err, errlen, OV_EINVAL, name, c.line, "Branch \"%s\" is not Company or Services", branch);
            break;
        }
        if (!*co || strlen(co) > 255) {
            rc = fail(err, errlen, OV_EINVAL, name, c.line, "Company \"%.40s\" is empty or longer than 255 bytes", co);
            break;
        }
        if (is_na(score_s)) continue; /* not applicable at this level */
        long published;
        if (!parse_int(score_s, 0, 100, &published)) {
            rc = fail(err, errlen, OV_EINVAL, name, c.line, "Score \"%s\" is not a whole number from 0 to 100 or NA",
                      score_s);
            break;
        }
        const char *cls = col(&c, &h, CLASS);
        int n = ov_ind_count_elements(fw, ii, cls);
        ov_ind_answer_rec r = {.subject = co, .year = (int)year, .element = -1, .indicator = ii, .level_kind = kind,
                               .level = col(&c, &h, SERVICE), .level_class = cls,
                               .score = n ? ov_ind_unround(published, n) : (double)published,
                               .source = name, .status = OV_ST_ASSERTED};
        char loc[64];
        snprintf(loc, sizeof loc, "row at line %ld", c.line);
        r.locator = loc;
        if ((rc = ov_ind_answers_add(ans, &r))) {
            rc = fail(err, errlen, rc, name, c.line, "%s", ov_strerror(rc));
            break;
        }
    }
    ov_csv_release(&c);
    return rc;
}

static FILE *open_in(const char *dir, int year, const char *what, char *path, size_t pathlen)
{
    snprintf(path, pathlen, "%s/%d-%s.csv", dir, year, what);
    return fopen(path, "rb");
}

int ov_ind_rdr_load(const char *dir, int year, ov_ind_framework **fwp, ov_ind_answers **ansp, char *err, size_t errlen)
{
    *fwp = NULL;
    *ansp = NULL;
    char id[32], path[4096];
    snprintf(id, sizeof id, "rdr-%d", year);
    char title[96];
    snprintf(title, sizeof title, "Ranking Digital Rights %d (Big Tech Scorecard)", year);
    ov_ind_framework *fw;
    ov_ind_answers *ans = NULL;
    int rc = ov_ind_framework_new(id, title, &fw);
    if (rc) return rc;
    static const char *const files[] = {"indicator-specs", "element-specs", "levels"};
    for (int f = 0; f < 3 && !rc; f++) {
        FILE *in = open_in(dir, year, files[f], path, sizeof path);
        if (!in) {
            rc = fail(err, errlen, OV_EIO, path, 0, "cannot open: %s", strerror(errno));
            break;
        }
        if (f == 0) rc = ov_ind_rdr_read_indicators(fw, in, path, err, errlen);
        else if (f == 1) rc = ov_ind_rdr_read_elements(fw, in, path, err, errlen);
        else {
            rc = ov_ind_answers_new(&ans);
            if (!rc) rc = ov_ind_rdr_read_levels(fw, ans, in, path, err, errlen);
        }
        fclose(in);
    }
    if (rc) {
        ov_ind_framework_free(fw);
        ov_ind_answers_free(ans);
        return rc;
    }
    *fwp = fw;
    *ansp = ans;
    return OV_OK;
}

/* ---- published scores ---------------------------------------------------------- */

typedef struct pubs {
    ov_ind_published *v;
    size_t n, cap;
} pubs;

static void pub_strings_free(ov_ind_published *o)
{
    ov__free(o->subject);
    ov__free(o->what);
    ov__free(o->file);
}

static int pub_add(pubs *p, const char *subject, int year, const char *what, double score, const char *file, long line)
{
    if (p->n >= 100000) return OV_ETOOBIG;
    if (p->n == p->cap) {
        size_t nc = p->cap ? p->cap * 2 : 64;
        void *x = ov__realloc(p->v, nc * sizeof *p->v);
        if (!x) return OV_ENOMEM;
        p->v = x;
        p->cap = nc;
    }
    ov_ind_published *o = &p->v[p->n];
    memset(o, 0, sizeof *o);
    const char *base = strrchr(file, '/');
    o->subject = ov__strdup(subject);
    o->what = ov__strdup(what);
    o->file = ov__strdup(base ? base + 1 : file);
    o->year = year;
    o->score = score;
    o->line = line;
    if (!o->subject || !o->what || !o->file) {
        pub_strings_free(o);
        return OV_ENOMEM;
    }
    p->n++;
    return OV_OK;
}

void ov_ind_published_free(ov_ind_published *p, size_t n)
{
    if (!p) return;
    for (size_t i = 0; i < n; i++) pub_strings_free(&p[i]);
    ov__free(p);
}

static bool parse_score(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !(v >= -100 && v <= 100)) return false;
    *out = v;
    return true;
}

int ov_ind_rdr_published(const char *dir, int year, ov_ind_published **out, size_t *n, char *err, size_t errlen)
{
    *out = NULL;
    *n = 0;
    pubs p = {0};
    char path[4096];
    int rc = OV_OK;
    for (int f = 0; f < 3 && !rc; f++) {
        static const char *const files[] = {"categories", "totals", "year-over-year"};
        FILE *in = open_in(dir, year, files[f], path, sizeof path);
        if (!in) {
            rc = fail(err, errlen, OV_EIO, path, 0, "cannot open: %s", strerror(errno));
            break;
        }
        ov_csv c;
        ov_csv_init(&c, in, OV_IND_MAX_RECORD);
        header h = {0};
        if (f == 0) h = (header){.names = {"Index", "Company", "Category", "Score"}, .n = 4};
        else if (f == 1) h = (header){.names = {"Index", "Company", "Score"}, .n = 3};
        else h = (header){.names = {"Company", "Scope"}, .n = 2};
        rc = read_header(&c, &h, path, err, errlen);
        /* year-over-year: every column named by a year holds that year's score */
        int ycol[MAX_COLS], yval[MAX_COLS], ny = 0;
        for (int i = 0; !rc && f == 2 && i < c.nfields && ny < MAX_COLS; i++) {
            long y;
            if (parse_int(ov_csv_field(&c, i), 1900, 2999, &y)) {
                ycol[ny] = i;
                yval[ny++] = (int)y;
            }
        }
        while (!rc && (rc = next_record(&c, &h, path, err, errlen)) == 1) {
            rc = OV_OK;
            if (f < 2) {
                long y;
                double s;
                const char *score_s = col(&c, &h, f == 0 ? 3 : 2);
                if (!parse_int(col(&c, &h, 0), 1900, 2999, &y) || !parse_score(score_s, &s)) {
                    rc = fail(err, errlen, OV_EINVAL, path, c.line, "Index \"%s\" or Score \"%s\" is not a number",
                              col(&c, &h, 0), score_s);
                    break;
                }
                rc = pub_add(&p, col(&c, &h, 1), (int)y, f == 0 ? col(&c, &h, 2) : "total", s, path, c.line);
            } else {
                const char *scope = col(&c, &h, 1);
                const char *what = strcmp(scope, "Total") == 0        ? "total"
                                   : strcmp(scope, "Governance") == 0 ? "G"
                                   : strcmp(scope, "Freedom") == 0    ? "F"
                                   : strcmp(scope, "Privacy") == 0    ? "P"
                                                                      : NULL;
                if (!what) {
                    rc = fail(err, errlen, OV_EINVAL, path, c.line, "Scope \"%s\" is not Total, Governance, Freedom or Privacy", scope);
                    break;
                }
                for (int k = 0; k < ny && !rc; k++) {
                    const char *v = ov_csv_field(&c, ycol[k]);
                    double s;
                    if (is_na(v)) continue;
                    if (!parse_score(v, &s)) {
                        rc = fail(err, errlen, OV_EINVAL, path, c.line, "%d score \"%s\" is not a number", yval[k], v);
                        break;
                    }
                    rc = pub_add(&p, col(&c, &h, 0), yval[k], what, s, path, c.line);
                }
            }
            if (rc && rc != OV_EINVAL) rc = fail(err, errlen, rc, path, c.line, "%s", ov_strerror(rc));
        }
        ov_csv_release(&c);
        fclose(in);
    }
    if (rc) {
        ov_ind_published_free(p.v, p.n);
        return rc;
    }
    *out = p.v;
    *n = p.n;
    return OV_OK;
}
