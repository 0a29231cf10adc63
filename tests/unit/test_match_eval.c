/* test_match_eval.c - precision, recall and F1 of `oversight match` on the
 * development evaluation set (tests/fixtures/names: real list names and their
 * variants, look-alike non-matches; docs/MATCHING.md), with minimums asserted.
 * Prints the numbers per kind of variant. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "oversight/match.h"

#define MIN_PRECISION 0.975
#define MIN_RECALL 0.96
#define MIN_F1 0.968

static ov_model *model;
static ov_matcher *mx;

static char *next_field(char **p)
{
    char *s = *p;
    if (!s) return NULL;
    char *t = strchr(s, '\t');
    if (t) {
        *t = '\0';
        *p = t + 1;
    } else {
        *p = NULL;
    }
    return s;
}

static FILE *fixture(const char *name)
{
    const char *dir = getenv("OV_FIXTURES");
    char path[1024];
    snprintf(path, sizeof path, "%s/names/%s", dir ? dir : "tests/fixtures", name);
    return fopen(path, "r");
}

static void build(void)
{
    char err[256];
    CHECK(ov_model_load_default(&model, err, sizeof err) == OV_OK);
    CHECK(ov_matcher_new(&mx, model, NULL, err, sizeof err) == OV_OK);
    FILE *f = fixture("eval_entities.tsv");
    CHECK(f != NULL);
    if (!f) return;
    char line[8192];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#') continue;
        line[strcspn(line, "\n")] = '\0';
        char *p = line;
        char *id = next_field(&p), *schema = next_field(&p), *country = next_field(&p), *names = next_field(&p);
        if (!names) continue;
        ov_stmt st[64];
        size_t k = 0;
        memset(st, 0, sizeof st);
        if (*country) st[k].prop = "country", st[k++].value = country;
        for (char *q = names; q && k < 64;) {
            char *bar = strchr(q, '|');
            if (bar) *bar = '\0';
            st[k].prop = k == 0 || (k == 1 && *country) ? "name" : "alias";
            st[k++].value = q;
            q = bar ? bar + 1 : NULL;
        }
        ov_entity e = {.id = id, .schema = schema, .stmts = st, .n_stmts = k, .target = -1};
        bool added;
        CHECK(ov_matcher_add(mx, &e, &added) == OV_OK);
        n += added;
    }
    fclose(f);
    CHECK(ov_matcher_finish(mx) == OV_OK);
    CHECK(n > 500);
}

typedef struct tally {
    char kind[32];
    int tp, fp, fn, tn, n;
} tally;

static void evaluate(void)
{
    FILE *f = fixture("eval_pairs.tsv");
    CHECK(f != NULL);
    if (!f || !mx) return;
    tally kinds[32], all = {"all", 0, 0, 0, 0, 0};
    int nk = 0;
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#') continue;
        line[strcspn(line, "\n")] = '\0';
        char *p = line;
        char *q = next_field(&p), *want = next_field(&p), *kind = next_field(&p), *schema = next_field(&p);
        if (!kind) continue;
        const char *names[1] = {q};
        ov_match_query mq = {.schema = schema, .names = names, .n_names = 1, .limit = 1, .cutoff = -1};
        ov_match_result r[1];
        size_t n = 0;
        int rc = ov_matcher_query(mx, &mq, r, 1, &n);
        bool matched = !rc && n && r[0].match;
        tally *t = NULL;
        for (int i = 0; i < nk; i++)
            if (!strcmp(kinds[i].kind, kind)) t = &kinds[i];
        if (!t && nk < 32) {
            t = &kinds[nk++];
            memset(t, 0, sizeof *t);
            snprintf(t->kind, sizeof t->kind, "%s", kind);
        }
        tally *ts[2] = {t, &all};
        for (int i = 0; i < 2; i++) {
            if (!ts[i]) continue;
            ts[i]->n++;
            if (*want) {
                if (matched && !strcmp(r[0].id, want)) ts[i]->tp++;
                else {
                    ts[i]->fn++;
                    if (matched) ts[i]->fp++; /* a wrong entity is also a false positive */
                }
            } else if (matched) {
                ts[i]->fp++;
            } else {
                ts[i]->tn++;
            }
        }
        if (getenv("OV_EVAL_VERBOSE") && ((*want && !(matched && !strcmp(r[0].id, want))) || (!*want && matched)))
            fprintf(stderr, "MISS %-16s %-50s want %-8s got %s %.3f\n", kind, q, want, n ? r[0].id : "-",
                    n ? r[0].score : 0);
    }
    fclose(f);
    printf("%-18s %6s %6s %6s %6s %6s %9s %7s %7s\n", "kind", "pairs", "TP", "FP", "FN", "TN", "precision", "recall",
           "F1");
    tally *rows[33];
    int nr = 0;
    for (int i = 0; i < nk; i++) rows[nr++] = &kinds[i];
    rows[nr++] = &all;
    double P = 0, R = 0, F = 0;
    for (int i = 0; i < nr; i++) {
        tally *t = rows[i];
        double prec = t->tp + t->fp ? (double)t->tp / (t->tp + t->fp) : 1.0;
        double rec = t->tp + t->fn ? (double)t->tp / (t->tp + t->fn) : 1.0;
        double f1 = prec + rec > 0 ? 2 * prec * rec / (prec + rec) : 0;
        printf("%-18s %6d %6d %6d %6d %6d %9.4f %7.4f %7.4f\n", t->kind, t->n, t->tp, t->fp, t->fn, t->tn, prec, rec,
               f1);
        if (t == &all) P = prec, R = rec, F = f1;
    }
    CHECK(all.n > 3000);
    CHECK(P >= MIN_PRECISION);
    CHECK(R >= MIN_RECALL);
    CHECK(F >= MIN_F1);
}

static void cleanup(void)
{
    ov_matcher_free(mx);
    ov_model_free(model);
}

TEST_MAIN(build, evaluate, cleanup)
