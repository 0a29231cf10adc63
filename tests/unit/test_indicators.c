/* test_indicators.c - scoring rules (answers, reversed elements, N/A, levels,
 * parents, categories, totals), the Ranking Digital Rights 2022 reproduction
 * number for number, and bad RDR files rejected with file, line and reason. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "oversight/indicators.h"

static const char *fixtures(void)
{
    const char *f = getenv("OV_FIXTURES");
    return f ? f : "tests/fixtures";
}

static bool near(double a, double b) { return fabs(a - b) < 1e-9; }

static void test_answers(void)
{
    CHECK_EQ_INT(ov_ind_answer_parse("yes"), OV_IND_YES);
    CHECK_EQ_INT(ov_ind_answer_parse("Partial"), OV_IND_PARTIAL);
    CHECK_EQ_INT(ov_ind_answer_parse("no"), OV_IND_NO);
    CHECK_EQ_INT(ov_ind_answer_parse("no disclosure found"), OV_IND_NO_DISCLOSURE);
    CHECK_EQ_INT(ov_ind_answer_parse("not applicable"), OV_IND_NA);
    CHECK_EQ_INT(ov_ind_answer_parse("N/A"), OV_IND_NA);
    CHECK_EQ_INT(ov_ind_answer_parse("maybe"), -1);
    CHECK_EQ_INT(ov_ind_answer_parse(""), -1);
    CHECK_EQ_STR(ov_ind_answer_name(OV_IND_NO_DISCLOSURE), "no disclosure found");
    CHECK(ov_ind_answer_score(OV_IND_YES, 0) == 100);
    CHECK(ov_ind_answer_score(OV_IND_PARTIAL, 0) == 50);
    CHECK(ov_ind_answer_score(OV_IND_NO, 0) == 0);
    CHECK(ov_ind_answer_score(OV_IND_NO_DISCLOSURE, 0) == 0);
    CHECK(ov_ind_answer_score(OV_IND_NA, 0) < 0);
    /* reversed: yes counts against, no for; no disclosure never earns credit */
    CHECK(ov_ind_answer_score(OV_IND_YES, 1) == 0);
    CHECK(ov_ind_answer_score(OV_IND_PARTIAL, 1) == 50);
    CHECK(ov_ind_answer_score(OV_IND_NO, 1) == 100);
    CHECK(ov_ind_answer_score(OV_IND_NO_DISCLOSURE, 1) == 0);
    CHECK(ov_ind_answer_score(OV_IND_NA, 1) < 0);
    CHECK_EQ_INT(ov_ind_round(8.5), 9);
    CHECK_EQ_INT(ov_ind_round(8.49), 8);
    CHECK_EQ_INT(ov_ind_round(62.5), 63);
    CHECK_EQ_INT(ov_ind_round(0), 0);
    /* published 83 with 6 elements is 5/6 of 100; 13 with 4 elements is 12.5 */
    CHECK(near(ov_ind_unround(83, 6), 500.0 / 6));
    CHECK(near(ov_ind_unround(13, 4), 12.5));
    CHECK(near(ov_ind_unround(100, 3), 100));
    CHECK(near(ov_ind_unround(38, 8), 37.5));
}

static void add(ov_ind_answers *a, const ov_ind_framework *fw, const char *subject, const char *el, int answer,
                const char *level, int kind)
{
    int e = ov_ind_find_element(fw, el);
    ov_ind_answer_rec r = {.subject = subject, .year = 2024, .element = e,
                           .indicator = ov_ind_element_at(fw, e)->indicator, .answer = answer, .level = level,
                           .level_kind = kind, .source = "test", .locator = el};
    CHECK_EQ_INT(ov_ind_answers_add(a, &r), OV_OK);
}

static void test_scoring(void)
{
    ov_ind_framework *fw;
    CHECK_EQ_INT(ov_ind_framework_new("t", "test", &fw), OV_OK);
    CHECK_EQ_INT(ov_ind_add_category(fw, "A", "Alpha"), OV_OK);
    CHECK_EQ_INT(ov_ind_add_category(fw, "B", "Beta"), OV_OK);
    CHECK_EQ_INT(ov_ind_add_category(fw, "A", "again"), OV_EEXIST);
    ov_ind_indicator i1 = {.code = "A1", .category = "A", .scope = OV_IND_SCOPE_COMPANY};
    ov_ind_indicator i2 = {.code = "A2", .category = "A", .scope = OV_IND_SCOPE_COMPANY};
    ov_ind_indicator i2a = {.code = "A2a", .category = "A", .scope = OV_IND_SCOPE_FULL};
    ov_ind_indicator i2b = {.code = "A2b", .category = "A", .scope = OV_IND_SCOPE_SERVICES};
    ov_ind_indicator b1 = {.code = "B1", .category = "B", .scope = OV_IND_SCOPE_COMPANY};
    ov_ind_indicator bad = {.code = "C1", .category = "C", .scope = OV_IND_SCOPE_COMPANY};
    CHECK_EQ_INT(ov_ind_add_indicator(fw, &i1, NULL), OV_OK);
    CHECK_EQ_INT(ov_ind_add_indicator(fw, &i2, NULL), OV_OK);
    CHECK_EQ_INT(ov_ind_add_indicator(fw, &i2a, "A2"), OV_OK);
    CHECK_EQ_INT(ov_ind_add_indicator(fw, &i2b, "A2"), OV_OK);
    CHECK_EQ_INT(ov_ind_add_indicator(fw, &b1, NULL), OV_OK);
    CHECK_EQ_INT(ov_ind_add_indicator(fw, &bad, NULL), OV_EINVAL);
    CHECK_EQ_INT(ov_ind_add_indicator(fw, &i1, NULL), OV_EEXIST);
    CHECK_EQ_INT(ov_ind_add_indicator(fw, &(ov_ind_indicator){.code = "A3", .category = "A"}, "A2a"), OV_EINVAL);
    ov_ind_element e = {.weight = 1};
    const char *codes[] = {"A1.1", "A1.2", "A1.3", "A1.4"};
    for (int i = 0; i < 4; i++) {
        e.code = codes[i];
        e.reversed = i == 3;
        CHECK_EQ_INT(ov_ind_add_element(fw, &e, "A1"), OV_OK);
    }
    e.reversed = 0;
    e.code = "A2a.1";
    CHECK_EQ_INT(ov_ind_add_element(fw, &e, "A2a"), OV_OK);
    e.code = "A2b.1";
    CHECK_EQ_INT(ov_ind_add_element(fw, &e, "A2b"), OV_OK);
    e.code = "A2b.2";
    e.excluded = "search|email";
    CHECK_EQ_INT(ov_ind_add_element(fw, &e, "A2b"), OV_OK);
    e.excluded = NULL;
    e.code = "B1.1";
    e.weight = 3;
    CHECK_EQ_INT(ov_ind_add_element(fw, &e, "B1"), OV_OK);
    e.code = "B1.2";
    e.weight = 1;
    CHECK_EQ_INT(ov_ind_add_element(fw, &e, "B1"), OV_OK);
    e.code = "X";
    CHECK_EQ_INT(ov_ind_add_element(fw, &e, "A2"), OV_EINVAL); /* a parent has no elements of its own */
    e.weight = 0;
    CHECK_EQ_INT(ov_ind_add_element(fw, &e, "A1"), OV_EINVAL);
    CHECK_EQ_INT(ov_ind_count_elements(fw, ov_ind_find_indicator(fw, "A2b"), "search"), 1);
    CHECK_EQ_INT(ov_ind_count_elements(fw, ov_ind_find_indicator(fw, "A2b"), "cloud"), 2);

    ov_ind_answers *a;
    CHECK_EQ_INT(ov_ind_answers_new(&a), OV_OK);
    /* A1: yes 100, partial 50, N/A excluded, reversed yes 0 -> 150/3 = 50 */
    add(a, fw, "co", "A1.1", OV_IND_YES, NULL, OV_IND_LEVEL_COMPANY);
    add(a, fw, "co", "A1.2", OV_IND_PARTIAL, NULL, OV_IND_LEVEL_COMPANY);
    add(a, fw, "co", "A1.3", OV_IND_NA, NULL, OV_IND_LEVEL_COMPANY);
    add(a, fw, "co", "A1.4", OV_IND_YES, NULL, OV_IND_LEVEL_COMPANY);
    /* A2a full: company level 100, services 0 and 100 -> mean(100, 50) = 75 */
    add(a, fw, "co", "A2a.1", OV_IND_YES, "Group", OV_IND_LEVEL_COMPANY);
    add(a, fw, "co", "A2a.1", OV_IND_NO, "svc1", OV_IND_LEVEL_SERVICE);
    add(a, fw, "co", "A2a.1", OV_IND_YES, "svc2", OV_IND_LEVEL_SERVICE);
    /* A2b services: svc1 (50+0)/2 = 25, svc2 no disclosure 0 -> 12.5; the group level is ignored */
    add(a, fw, "co", "A2b.1", OV_IND_PARTIAL, "svc1", OV_IND_LEVEL_SERVICE);
    add(a, fw, "co", "A2b.2", OV_IND_NO, "svc1", OV_IND_LEVEL_SERVICE);
    add(a, fw, "co", "A2b.1", OV_IND_NO_DISCLOSURE, "svc2", OV_IND_LEVEL_SERVICE);
    add(a, fw, "co", "A2b.1", OV_IND_YES, "Group", OV_IND_LEVEL_COMPANY);
    /* B1 weighted: (3*100 + 1*0)/4 = 75 */
    add(a, fw, "co", "B1.1", OV_IND_YES, NULL, OV_IND_LEVEL_COMPANY);
    add(a, fw, "co", "B1.2", OV_IND_NO_DISCLOSURE, NULL, OV_IND_LEVEL_COMPANY);
    /* another company: only N/A -> A1 not applicable, and nothing else */
    add(a, fw, "other", "A1.3", OV_IND_NA, NULL, OV_IND_LEVEL_COMPANY);

    ov_ind_scores s;
    CHECK_EQ_INT(ov_ind_score(fw, a, "co", 2024, &s), OV_OK);
    CHECK(near(s.indicator[ov_ind_find_indicator(fw, "A1")], 50));
    CHECK(near(s.indicator[ov_ind_find_indicator(fw, "A2a")], 75));
    CHECK(near(s.indicator[ov_ind_find_indicator(fw, "A2b")], 12.5));
    CHECK(near(s.indicator[ov_ind_find_indicator(fw, "A2")], (75 + 12.5) / 2));
    CHECK(near(s.indicator[ov_ind_find_indicator(fw, "B1")], 75));
    CHECK(near(s.category[ov_ind_find_category(fw, "A")], (50 + 43.75) / 2));
    CHECK(near(s.category[ov_ind_find_category(fw, "B")], 75));
    CHECK(near(s.total, (50 + 43.75 + 75) / 3));
    CHECK_EQ_INT(s.n_answers, 13);
    ov_ind_scores_release(&s);
    CHECK_EQ_INT(ov_ind_score(fw, a, "other", 2024, &s), OV_OK);
    CHECK(s.indicator[ov_ind_find_indicator(fw, "A1")] < 0);
    CHECK(s.total < 0);
    ov_ind_scores_release(&s);
    CHECK_EQ_INT(ov_ind_score(fw, a, "co", 2023, &s), OV_OK); /* another year: nothing */
    CHECK(s.total < 0);
    ov_ind_scores_release(&s);
    ov_ind_answers_free(a);
    ov_ind_framework_free(fw);
}

/* Every published category and total score of RDR 2022 (both index years in
 * the files, 2020 and 2022), and the year-over-year file's year columns for
 * those years, reproduced from the level scores. */
static void test_rdr_reproduction(void)
{
    char dir[4096], err[512] = "";
    snprintf(dir, sizeof dir, "%s/rdr", fixtures());
    ov_ind_framework *fw;
    ov_ind_answers *a;
    int rc = ov_ind_rdr_load(dir, 2022, &fw, &a, err, sizeof err);
    CHECK_EQ_INT(rc, OV_OK);
    if (rc) {
        fprintf(stderr, "%s\n", err);
        return;
    }
    CHECK_EQ_INT(ov_ind_n_categories(fw), 3);
    CHECK_EQ_INT(ov_ind_n_indicators(fw), 70);
    CHECK_EQ_INT(ov_ind_n_elements(fw), 335);
    ov_ind_published *p;
    size_t n;
    CHECK_EQ_INT(ov_ind_rdr_published(dir, 2022, &p, &n, err, sizeof err), OV_OK);
    /* The year-over-year file's 2020 column keeps the 2020 Index as first
     * published; for VK and Samsung it differs from the same file set's
     * categories.csv and totals.csv (re-based 2020 scores, which the level data
     * reproduces). Those cells are checked to be exactly that disagreement. */
    int checked[2] = {0, 0}, matched[2] = {0, 0}, yoy = 0, inconsistent = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i].year != 2020 && p[i].year != 2022) continue; /* earlier years: not in the level data */
        ov_ind_scores s;
        CHECK_EQ_INT(ov_ind_score(fw, a, p[i].subject, p[i].year, &s), OV_OK);
        bool total = strcmp(p[i].what, "total") == 0;
        double got = total ? s.total : s.category[ov_ind_find_category(fw, p[i].what)];
        bool is_yoy = strstr(p[i].file, "year-over-year") != NULL;
        checked[total]++;
        yoy += is_yoy;
        if (ov_ind_round(got) == (long)p[i].score) {
            matched[total]++;
        } else if (is_yoy) {
            /* the same cell in categories.csv / totals.csv must differ from it */
            bool differs = false;
            for (size_t k = 0; k < n; k++)
                if (!strstr(p[k].file, "year-over-year") && p[k].year == p[i].year &&
                    strcmp(p[k].subject, p[i].subject) == 0 && strcmp(p[k].what, p[i].what) == 0)
                    differs = p[k].score != p[i].score;
            CHECK(differs);
            CHECK(p[i].year == 2020 && (strcmp(p[i].subject, "VK") == 0 || strcmp(p[i].subject, "Samsung") == 0));
            inconsistent++;
        } else {
            fprintf(stderr, "RDR %s:%ld %s %d %s: published %g, computed %.4f\n", p[i].file, p[i].line, p[i].subject,
                    p[i].year, p[i].what, p[i].score, got);
        }
        ov_ind_scores_release(&s);
    }
    /* categories.csv 84 + year-over-year 84 category cells; totals.csv 28 + 28 */
    CHECK_EQ_INT(checked[0], 168);
    CHECK_EQ_INT(checked[1], 56);
    CHECK_EQ_INT(yoy, 112);
    CHECK_EQ_INT(inconsistent, 6);
    CHECK_EQ_INT(matched[0] + matched[1] + inconsistent, checked[0] + checked[1]);
    CHECK_EQ_INT(matched[0], 168 - 4);
    CHECK_EQ_INT(matched[1], 56 - 2);
    printf("RDR 2022: categories %d/%d, totals %d/%d reproduced; %d year-over-year 2020 cells disagree with "
           "categories.csv/totals.csv themselves\n",
           matched[0], checked[0], matched[1], checked[1], inconsistent);
    ov_ind_published_free(p, n);

    /* spot checks by hand: Twitter 2022 G = mean(G1..G6) with G4, G6 means of their subs */
    ov_ind_scores s;
    CHECK_EQ_INT(ov_ind_score(fw, a, "Twitter", 2022, &s), OV_OK);
    CHECK_EQ_INT(ov_ind_round(s.indicator[ov_ind_find_indicator(fw, "G04")]), 5);
    CHECK_EQ_INT(ov_ind_round(s.category[ov_ind_find_category(fw, "G")]), 56);
    CHECK_EQ_INT(ov_ind_round(s.total), 56);
    ov_ind_scores_release(&s);
    ov_ind_answers_free(a);
    ov_ind_framework_free(fw);
}

static int read_str(int which, const char *text, char *err, size_t errlen)
{
    ov_ind_framework *fw;
    ov_ind_framework_new("t", "t", &fw);
    FILE *in = fmemopen((void *)text, strlen(text), "rb");
    int rc;
    if (which == 0) rc = ov_ind_rdr_read_indicators(fw, in, "ind.csv", err, errlen);
    else {
        const char *ind = "Category,Indicator,indicatorNr,indicatorSuffix,isParent,labelLong,description,scoringScope\n"
                          "G,G01,1,NA,FALSE,Policy,x,company\n";
        FILE *i2 = fmemopen((void *)ind, strlen(ind), "rb");
        rc = ov_ind_rdr_read_indicators(fw, i2, "ind.csv", err, errlen);
        fclose(i2);
        if (!rc && which == 1) rc = ov_ind_rdr_read_elements(fw, in, "el.csv", err, errlen);
        if (!rc && which == 2) {
            ov_ind_answers *a;
            ov_ind_answers_new(&a);
            rc = ov_ind_rdr_read_levels(fw, a, in, "levels.csv", err, errlen);
            ov_ind_answers_free(a);
        }
    }
    fclose(in);
    ov_ind_framework_free(fw);
    return rc;
}

static void bad(int which, const char *text, const char *want)
{
    char err[512] = "";
    int rc = read_str(which, text, err, sizeof err);
    if (rc != OV_OK && strstr(err, want)) {
        ov_t_pass++;
        return;
    }
    ov_t_fail++;
    fprintf(stderr, "bad file: rc %d, err \"%s\", expected \"%s\"\n", rc, err, want);
}

static void test_bad_files(void)
{
    const char *H = "Category,Indicator,indicatorNr,indicatorSuffix,isParent,labelLong,description,scoringScope\n";
    char buf[1024];
    bad(0, "", "ind.csv:1: empty file");
    bad(0, "Category,Indicator\nG,G01\n", "ind.csv:1: missing column \"indicatorNr\"");
    snprintf(buf, sizeof buf, "%sG,G01,1,NA,FALSE,x,y,company\nX,X01,1,NA,FALSE,x,y,company\n", H);
    bad(0, buf, "ind.csv:3: category \"X\" is not G, F or P");
    snprintf(buf, sizeof buf, "%sG,G01,1,NA,FALSE,x,y,sometimes\n", H);
    bad(0, buf, "ind.csv:2: scoringScope \"sometimes\"");
    snprintf(buf, sizeof buf, "%sG,G01,one,NA,FALSE,x,y,company\n", H);
    bad(0, buf, "ind.csv:2: indicatorNr \"one\"");
    snprintf(buf, sizeof buf, "%sG,G01,1,NA,FALSE,x,y,company\nG,G01,1,NA,FALSE,x,y,company\n", H);
    bad(0, buf, "ind.csv:3: indicator \"G01\": defined twice");
    snprintf(buf, sizeof buf, "%sG,G04a,4,a,FALSE,x,y,full\n", H);
    bad(0, buf, "ind.csv:2: indicator \"G04a\": invalid (or its parent is not defined before it: G04)");
    snprintf(buf, sizeof buf, "%sG,G04,4,NA,TRUE,x,NA,NA\n", H);
    bad(0, buf, "is a parent without sub-indicators");
    snprintf(buf, sizeof buf, "%sG,G01,1,NA,maybe,x,y,company\n", H);
    bad(0, buf, "ind.csv:2: isParent \"maybe\"");
    snprintf(buf, sizeof buf, "%sG,G01,1,NA,FALSE\n", H);
    bad(0, buf, "ind.csv:2: 5 fields");
    snprintf(buf, sizeof buf, "%sG,G01,1,NA,FALSE,\"x,y,company\n", H);
    bad(0, buf, "ind.csv:2:");
    const char *E = "Indicator,Element,description,doExcludeServices,excludedServices,reversedScoring\n";
    snprintf(buf, sizeof buf, "%sG09,G09.1,q,NA,NA,NA\n", E);
    bad(1, buf, "el.csv:2: element G09.1: unknown indicator \"G09\"");
    snprintf(buf, sizeof buf, "%sG01,G01.1,q,NA,NA,yes\n", E);
    bad(1, buf, "el.csv:2: reversedScoring \"yes\"");
    snprintf(buf, sizeof buf, "%sG01,G01.1,q,NA,NA,NA\nG01,G01.1,q,NA,NA,NA\n", E);
    bad(1, buf, "el.csv:3: element \"G01.1\": defined twice");
    const char *L = "Index,Company,Indicator,Branch,Class,Service,Score\n";
    snprintf(buf, sizeof buf, "%s2022,X,G01,Company,Group,Group,101\n", L);
    bad(2, buf, "levels.csv:2: Score \"101\"");
    snprintf(buf, sizeof buf, "%s2022,X,G01,Company,Group,Group,50\n2022,X,G01,Elsewhere,Group,Group,50\n", L);
    bad(2, buf, "levels.csv:3: Branch \"Elsewhere\"");
    snprintf(buf, sizeof buf, "%sthen,X,G01,Company,Group,Group,50\n", L);
    bad(2, buf, "levels.csv:2: Index \"then\" is not a year");
    snprintf(buf, sizeof buf, "%s2022,X,Z99,Company,Group,Group,50\n", L);
    bad(2, buf, "levels.csv:2: unknown indicator \"Z99\"");

    char err[256];
    ov_ind_framework *fw;
    ov_ind_answers *a;
    CHECK_EQ_INT(ov_ind_rdr_load("/nonexistent", 2022, &fw, &a, err, sizeof err), OV_EIO);
    CHECK(strstr(err, "/nonexistent/2022-indicator-specs.csv") != NULL);
}

TEST_MAIN(test_answers, test_scoring, test_rdr_reproduction, test_bad_files)
