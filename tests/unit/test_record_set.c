/* test_record_set.c - the record setting's reading path
 * (bench/match/record_set.h): several files forming one index, the "ask"
 * parties that are queried but not indexed, `also` across files, and the
 * errors that name the file and line. On a tiny fixture
 * (tests/fixtures/names/record_set/); the evaluation sets themselves are
 * scored in test_match_eval.c and bench/match/eval.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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

/* Moves (*i, *u) to the next queried name at or after party *i's name *u:
 * indexed parties ("-") are not queried. */
static void next_queried(const rec_set *rs, int *i, int *u)
{
    while (*i < rs->n && (!strcmp(rs->parties[*i].query, "-") || *u >= rs->parties[*i].n_names)) ++*i, *u = 0;
}

/* Reads records.tsv and then the held-out set NAME.tsv (fresh5, fresh6) into
 * rs (rec_free it in any case); *first is the index of the
 * set's first party, label (cap bytes) the path of NAME_labels.tsv. False when
 * either file cannot be read. */
static bool read_with_records(rec_set *rs, const char *name, int *first, char *label, size_t cap)
{
    char a[1100], b[1100], err[256];
    const char *f = getenv("OV_FIXTURES");
    snprintf(a, sizeof a, "%s/names/records.tsv", f ? f : "tests/fixtures");
    snprintf(b, sizeof b, "%s/names/%s.tsv", f ? f : "tests/fixtures", name);
    snprintf(label, cap, "%s/names/%s_labels.tsv", f ? f : "tests/fixtures", name);
    memset(rs, 0, sizeof *rs);
    rs->parties = calloc(REC_MAX_PARTIES, sizeof *rs->parties);
    CHECK(rs->parties != NULL);
    if (!rs->parties) return false;
    bool ok = rec_read(rs, a, err, sizeof err) == 0;
    CHECK(ok);
    *first = rs->n;
    ok = ok && rec_read(rs, b, err, sizeof err) == 0;
    CHECK(ok);
    return ok;
}

/* The fifth held-out set's files read together with records.tsv, without
 * building an index or querying anything (fresh5 is scored only by the lead):
 * party ids unique across the files, every `also` names a party of the set,
 * every "ask" party answers to an indexed ("-") person of its own kind, no
 * indexed or negative fresh5 person shares a name with another one (the
 * collisions make_fresh5.py leaves out), and fresh5_labels.tsv labels each
 * queried name once, with the label its party's query calls for. */
static void fresh5_parties(void)
{
    char l[1100];
    rec_set rs;
    int first;
    if (!read_with_records(&rs, "fresh5", &first, l, sizeof l)) {
        rec_free(&rs);
        return;
    }
    CHECK(rs.n - first > 400);
    int n_ask = 0, n_queried = 0;
    for (int i = first; i < rs.n; i++) {
        const rec_party *x = &rs.parties[i];
        CHECK(!strcmp(x->split, "fresh5") && !strncmp(x->kind, "fresh5-", 7));
        char also[4096];
        snprintf(also, sizeof also, "%s", x->also);
        for (char *p = also, *c; p && *p; p = c) {
            c = strchr(p, ',');
            if (c) *c++ = '\0';
            const rec_party *y = party(&rs, p);
            CHECK(y != NULL);
            if (y && !strcmp(x->query, "ask"))
                CHECK(!strcmp(y->query, "-") && !strcmp(y->kind, x->kind) && !strcmp(y->schema, "Person"));
        }
        if (!strcmp(x->query, "ask")) {
            n_ask++;
            CHECK(x->also[0] != '\0');
        }
        if (strcmp(x->query, "-")) n_queried += x->n_names;
        if (strcmp(x->query, "-") && strcmp(x->query, "neg")) continue;
        for (int j = i + 1; j < rs.n; j++) { /* indexed and negative people: one name, one party */
            const rec_party *y = &rs.parties[j];
            if (strcmp(y->query, "-") && strcmp(y->query, "neg")) continue;
            for (int u = 0; u < x->n_names; u++)
                for (int v = 0; v < y->n_names; v++)
                    if (!strcmp(x->names[u], y->names[v])) {
                        fprintf(stderr, "  %s and %s share the name %s\n", x->id, y->id, x->names[u]);
                        CHECK(0);
                    }
        }
    }
    CHECK(n_ask >= 140);

    /* the labels: one line per queried name, in the parties' order */
    FILE *fp = fopen(l, "r");
    CHECK(fp != NULL);
    if (!fp) {
        rec_free(&rs);
        return;
    }
    char line[4096];
    int n_labels = 0, i = first, u = 0;
    while (fgets(line, sizeof line, fp)) {
        if (line[0] == '#') continue;
        line[strcspn(line, "\n")] = '\0';
        char *p = line, *id = rec_field(&p), *name = rec_field(&p), *label = rec_field(&p);
        n_labels++;
        next_queried(&rs, &i, &u);
        CHECK(i < rs.n && label != NULL);
        if (i >= rs.n || !label) break;
        const rec_party *x = &rs.parties[i];
        CHECK(!strcmp(id, x->id) && !strcmp(name, x->names[u]));
        if (!strcmp(x->query, "neg")) CHECK(!strcmp(label, "neg"));
        else CHECK(!strcmp(label, "same") || !strcmp(label, "other"));
        u++;
    }
    fclose(fp);
    CHECK_EQ_INT(n_labels, n_queried);
    rec_free(&rs);
}

/* The sixth held-out set (fresh6.tsv, IEEE registrants) read with records.tsv,
 * without building an index or querying anything (fresh6 is scored only by
 * the lead): every `also` names a party; a spelling ("ask", fresh6-spelling)
 * answers to one indexed ("-") registrant of fresh6-index, a listed
 * registrant (fresh6-listed) to records.tsv parties only; every negative is a
 * fresh6-lookalike-KIND party; no two indexed or negative registrants share a
 * name; fresh6_labels.tsv labels each queried name once, in order, with the
 * label its party's query calls for and, in its seventh column, the
 * negative's look-alike kind (its party's kind) or "-" for a positive. */
static void fresh6_parties(void)
{
    char l[1100];
    rec_set rs;
    int first;
    if (!read_with_records(&rs, "fresh6", &first, l, sizeof l)) {
        rec_free(&rs);
        return;
    }
    int n_neg = 0, n_pos_names = 0, n_queried = 0;
    for (int i = first; i < rs.n; i++) {
        const rec_party *x = &rs.parties[i];
        CHECK(!strcmp(x->split, "fresh6") && !strcmp(x->schema, "Company"));
        bool spelling = !strcmp(x->kind, "fresh6-spelling"), listed = !strcmp(x->kind, "fresh6-listed");
        if (!strcmp(x->query, "-")) CHECK(!strcmp(x->kind, "fresh6-index") && x->n_names == 1);
        else if (!strcmp(x->query, "neg")) {
            CHECK(!strncmp(x->kind, "fresh6-lookalike-", 17) && !x->also[0]);
            n_neg++;
        } else {
            CHECK(!strcmp(x->query, "ask") && (spelling || listed) && x->also[0]);
            n_pos_names += x->n_names;
        }
        if (strcmp(x->query, "-")) n_queried += x->n_names;
        char also[4096];
        snprintf(also, sizeof also, "%s", x->also);
        int n_also = 0;
        for (char *p = also, *c; p && *p; p = c, n_also++) {
            c = strchr(p, ',');
            if (c) *c++ = '\0';
            const rec_party *y = party(&rs, p);
            CHECK(y != NULL);
            if (y && spelling) CHECK(!strcmp(y->kind, "fresh6-index"));
            if (y && listed) CHECK(strcmp(y->split, "fresh6") != 0);
        }
        if (spelling) CHECK_EQ_INT(n_also, 1);
        if (strcmp(x->query, "-") && strcmp(x->query, "neg")) continue;
        for (int j = i + 1; j < rs.n; j++) { /* indexed and negative registrants: one name, one party */
            const rec_party *y = &rs.parties[j];
            if (strcmp(y->query, "-") && strcmp(y->query, "neg")) continue;
            if (!strcasecmp(x->names[0], y->names[0])) {
                fprintf(stderr, "  %s and %s share the name %s\n", x->id, y->id, x->names[0]);
                CHECK(0);
            }
        }
    }
    CHECK(n_neg >= 300 && n_pos_names >= 150);

    FILE *fp = fopen(l, "r");
    CHECK(fp != NULL);
    if (!fp) {
        rec_free(&rs);
        return;
    }
    char line[4096];
    int n_labels = 0, i = first, u = 0;
    while (fgets(line, sizeof line, fp)) {
        if (line[0] == '#') continue;
        line[strcspn(line, "\n")] = '\0';
        char *p = line, *id = rec_field(&p), *name = rec_field(&p), *label = rec_field(&p);
        char *exact = rec_field(&p), *variant = rec_field(&p), *script = rec_field(&p), *kind = rec_field(&p);
        n_labels++;
        next_queried(&rs, &i, &u);
        CHECK(i < rs.n && kind != NULL && p == NULL);
        if (i >= rs.n || !kind) break;
        const rec_party *x = &rs.parties[i];
        CHECK(!strcmp(id, x->id) && !strcmp(name, x->names[u]));
        CHECK((!strcmp(exact, "yes") || !strcmp(exact, "no")) && variant[0] && script[0]);
        if (!strcmp(x->query, "neg")) CHECK(!strcmp(label, "neg") && !strcmp(kind, x->kind + 17));
        else CHECK((!strcmp(label, "same") || !strcmp(label, "other")) && !strcmp(kind, "-"));
        u++;
    }
    fclose(fp);
    CHECK_EQ_INT(n_labels, n_queried);
    rec_free(&rs);
}

static void cleanup(void)
{
    ov_model_free(model);
}

TEST_MAIN(setup, one_file, two_files, bad_files, fresh5_parties, fresh6_parties, cleanup)
