/* test_record_set.c - the record setting's reading path
 * (bench/match/record_set.h): several files forming one index, the "ask"
 * parties that are queried but not indexed, `also` across files, and the
 * errors that name the file and line. On a tiny fixture
 * (tests/fixtures/names/record_set/); the evaluation sets themselves are
 * scored in test_match_eval.c and bench/match/eval.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "oversight/match.h"
#include "../../bench/match/record_set.h"

static ov_model *model;
static char dir[1024];

static void setup(void)
{
    const char *f = getenv("OV_FIXTURES");
    snprintf(dir, sizeof dir, "%s/names/record_set", f ? f : "tests/fixtures");
    char err[256];
    CHECK(ov_model_load_default(&model, err, sizeof err) == 0);
}

static void path_of(char *out, size_t len, const char *name)
{
    snprintf(out, len, "%s/%s", dir, name);
}

static const rec_party *party(const rec_set *rs, const char *id)
{
    for (int i = 0; i < rs->n; i++)
        if (!strcmp(rs->parties[i].id, id)) return &rs->parties[i];
    return NULL;
}

/* the old form: one file */
static void one_file(void)
{
    char p[1100], err[256];
    rec_set rs;
    path_of(p, sizeof p, "index.tsv");
    CHECK(rec_load(&rs, p, model, err, sizeof err) == 0);
    CHECK_EQ_INT(rs.n, 2);
    const rec_party *x = party(&rs, "t:crcc");
    CHECK(x != NULL && x->n_names == 2 && !strcmp(x->names[1], "CRCC"));
    rec_free(&rs);
}

static void two_files(void)
{
    char a[1100], b[1100], err[256];
    path_of(a, sizeof a, "index.tsv");
    path_of(b, sizeof b, "extra.tsv");
    const char *files[2] = {a, b};
    rec_set rs;
    CHECK(rec_load_files(&rs, files, 2, model, err, sizeof err) == 0);
    CHECK_EQ_INT(rs.n, 5);
    const rec_party *pos = party(&rs, "x:crcc"), *ask = party(&rs, "x:ask"), *neg = party(&rs, "x:neg");
    CHECK(pos && ask && neg);
    if (!pos || !ask || !neg) {
        rec_free(&rs);
        return;
    }
    CHECK(!rec_indexed(ask) && rec_indexed(pos));

    /* the ask party's name is in no entry of the index: only t:crcc answers it */
    const char *names[1] = {ask->names[0]};
    ov_match_query q = {.schema = "Company", .names = names, .n_names = 1, .limit = 10, .cutoff = 0};
    ov_match_result r[10];
    size_t n = 0;
    CHECK(ov_matcher_query(rs.all, &q, r, 10, &n) == 0);
    bool found_ask = false, found_crcc = false;
    for (size_t k = 0; k < n; k++) {
        found_ask |= !strcmp(r[k].id, "x:ask");
        found_crcc |= !strcmp(r[k].id, "t:crcc");
    }
    CHECK(!found_ask && found_crcc);

    /* a name held exactly by the party its also names, in the other file */
    rec_answer ans;
    CHECK(rec_ask(&rs, model, pos, 0, &ans) == 0);
    CHECK_EQ_INT(ans.outcome, REC_TP);
    CHECK(ans.own > 0.99);
    CHECK(rec_ask(&rs, model, ask, 0, &ans) == 0);
    CHECK_EQ_INT(ans.outcome, REC_TP);
    /* x:crcc counts as right for t:crcc's names too (also, read from either side) */
    CHECK(rec_is_right(&rs, party(&rs, "t:crcc"), "x:crcc"));
    CHECK(!rec_is_right(&rs, party(&rs, "t:soe9"), "x:crcc"));
    /* a negative that nothing resembles */
    CHECK(rec_ask(&rs, model, neg, 0, &ans) == 0);
    CHECK_EQ_INT(ans.outcome, REC_TN);
    rec_free(&rs);
}

static void bad_files(void)
{
    char a[1100], b[1100], err[256];
    rec_set rs;
    path_of(a, sizeof a, "index.tsv");
    const char *files[2] = {a, b};

    path_of(b, sizeof b, "bad_query.tsv");
    CHECK(rec_load_files(&rs, files, 2, model, err, sizeof err) == -1);
    CHECK(strstr(err, "bad_query.tsv:2:") != NULL && strstr(err, "'maybe'") != NULL);
    rec_free(&rs);

    path_of(b, sizeof b, "dup_id.tsv");
    CHECK(rec_load_files(&rs, files, 2, model, err, sizeof err) == -1);
    CHECK(strstr(err, "dup_id.tsv:1:") != NULL && strstr(err, "'t:crcc' given twice") != NULL);
    rec_free(&rs);

    path_of(b, sizeof b, "no_such_file.tsv");
    CHECK(rec_load_files(&rs, files, 2, model, err, sizeof err) == -1);
    CHECK(strstr(err, "no_such_file.tsv: cannot open") != NULL);
    rec_free(&rs);
}

static void cleanup(void)
{
    ov_model_free(model);
}

TEST_MAIN(setup, one_file, two_files, bad_files, cleanup)
