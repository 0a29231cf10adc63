/* test_resolve_cluster.c - a cluster read as one entity (ov_cluster_read,
 * ov_cluster_get, ov_resolver_get: resolve.h) and legal exposure on it: a
 * fact recorded under a twin counts once the two are judged the same, is
 * cited under the twin and names it; the answer is the same whichever
 * referent is asked; a control chain through the twin reaches the country
 * recorded under the other referent; an undo (a newer "unsure") takes it all
 * back. Allocation failures leave nothing behind. */
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "tmpstore.h"
#include "oversight/explain.h"
#include "oversight/graph.h"
#include "oversight/io.h"
#include "oversight/law.h"
#include "oversight/resolve.h"
#include "util/alloc.h"

/* co-twin-a (a LegalEntity, no country) and co-twin-b (a Company of China, cited to
 * src-b) are one company as two sources name it; co-twin-a holds 60 % of co-sub (gb). */
static const char record[] =
    "{\"id\":\"law-x\",\"schema\":\"Law\",\"properties\":{\"title\":[\"Test Law\"],\"effectiveDate\":[\"2020-01-01\"]}}\n"
    "{\"id\":\"prov-x-7\",\"schema\":\"LegalProvision\",\"properties\":{\"law\":[\"law-x\"],\"article\":[\"7\"],"
    "\"name\":[\"Test Law, Art. 7\"],\"text\":[\"keep the records\"],\"obligation\":[\"keep-records\"],"
    "\"subjectClass\":[\"enterprise\"]}}\n"
    "{\"id\":\"co-twin-a\",\"schema\":\"LegalEntity\",\"properties\":{\"name\":[\"Twin Holdings\"]}}\n"
    "{\"id\":\"co-sub\",\"schema\":\"Company\",\"properties\":{\"name\":[\"Sub Ltd\"],\"country\":[\"gb\"]}}\n"
    "{\"id\":\"own-1\",\"schema\":\"Ownership\",\"properties\":{\"owner\":[\"co-twin-a\"],\"asset\":[\"co-sub\"],"
    "\"percentage\":[\"60%\"]}}\n";
static const char twin_b[] =
    "{\"id\":\"co-twin-b\",\"schema\":\"Company\",\"properties\":{\"name\":[\"Twin Holdings Co.\"],\"country\":[\"cn\"]}}\n";

static const char rules_text[] =
    "class tied source law-x label \"tied to China\" = country cn or controlled-from cn\n"
    "class enterprise source prov-x-7 label \"an enterprise tied to China\" = schema Company and class tied\n";

static ov_store *st;
static ov_rules *rules;

static int load(const char *text, const char *source)
{
    FILE *in = fmemopen((void *)text, strlen(text), "rb");
    ov_ingest_opts o = {.dataset = "cluster-test", .source = source, .locator = "row 1", .status = OV_ST_ASSERTED};
    ov_ingest_stats s;
    int rc = ov_ingest(st, M, "record.jsonl", in, &o, &s);
    fclose(in);
    return rc;
}

static int judge(int verdict)
{
    ov_judgement_in j = {.left = "co-twin-b", .right = "co-twin-a", .verdict = verdict, .reason = "one legal name",
                         .author = "test", .source = "src-j", .locator = "entry 7"};
    char err[512];
    int rc = ov_resolve(st, M, &j, NULL, err, sizeof err);
    if (rc) fprintf(stderr, "ov_resolve: %s\n", err);
    return rc;
}

static void setup(void)
{
    tmpstore_setup("cluster");
    st = new_store();
    if (!st) return;
    CHECK_EQ_INT(load(record, "src-a"), OV_OK);
    CHECK_EQ_INT(load(twin_b, "src-b"), OV_OK);
    char err[256];
    CHECK_EQ_INT(ov_rules_parse(&rules, rules_text, strlen(rules_text), "test.rules", err, sizeof err), OV_OK);
}

static size_t count_referent(const ov_entity *e, const char *ref)
{
    size_t n = 0;
    for (size_t i = 0; i < e->n_stmts; i++) n += !strcmp(ov_stmt_referent(e, &e->stmts[i]), ref);
    return n;
}

static const ov_step *step(const ov_explanation *x, const char *role)
{
    for (size_t i = 0; i < x->n_steps; i++)
        if (x->steps[i].role && !strcmp(x->steps[i].role, role)) return &x->steps[i];
    return NULL;
}

static char *exposure_json(ov_law *l, const char *id)
{
    ov_answer *a = NULL;
    char *j = NULL;
    if (ov_law_exposure(l, id, &a) == OV_OK) ov_answer_json(a, &j);
    ov_answer_free(a);
    return j;
}

/* Reads before any judgement: each id as recorded. */
static void apart(void)
{
    if (!rules) return;
    ov_graph *g = NULL;
    CHECK_EQ_INT(ov_graph_build(st, M, NULL, &g), OV_OK);
    ov_entity *a = NULL, *b = NULL;
    CHECK_EQ_INT(ov_cluster_get(st, M, g, "co-twin-a", &a), OV_OK);
    CHECK_EQ_INT(ov_cluster_get(st, M, g, "co-twin-b", &b), OV_OK);
    if (a && b) {
        CHECK_EQ_STR(a->id, "co-twin-a");
        CHECK_EQ_STR(a->schema, "LegalEntity");
        CHECK_EQ_INT(count_referent(a, "co-twin-b"), 0);
        CHECK_EQ_INT(count_referent(b, "co-twin-b"), b->n_stmts);
    }
    ov_entity_free(a);
    ov_entity_free(b);
    CHECK_EQ_STR(ov_cluster_id(g, "co-twin-b"), "co-twin-b");
    ov_law *l;
    CHECK_EQ_INT(ov_law_open(&l, st, M, g, rules, NULL), OV_OK);
    ov_answer *x = NULL;
    /* a LegalEntity with no country: no obligation; nor for the company it holds */
    CHECK_EQ_INT(ov_law_exposure(l, "co-twin-a", &x), OV_OK);
    CHECK(x && x->n_items == 0);
    ov_answer_free(x);
    CHECK_EQ_INT(ov_law_exposure(l, "co-sub", &x), OV_OK);
    CHECK(x && x->n_items == 0);
    ov_answer_free(x);
    char *ja = exposure_json(l, "co-twin-a"), *jb = exposure_json(l, "co-twin-b");
    CHECK(ja && jb && strcmp(ja, jb) != 0); /* two entities, two answers */
    free(ja);
    free(jb);
    ov_law_close(l);
    ov_graph_free(g);
}

/* Judged the same: one entity of both referents' statements, whichever id is asked. */
static void one_cluster(void)
{
    if (!rules) return;
    CHECK_EQ_INT(judge(OV_SAME), OV_OK);
    ov_graph *g = NULL;
    CHECK_EQ_INT(ov_graph_build(st, M, NULL, &g), OV_OK);
    ov_resolver *r = NULL;
    CHECK_EQ_INT(ov_resolver_load(st, &r), OV_OK);
    ov_entity *a = NULL, *b = NULL, *c = NULL, *d = NULL;
    CHECK_EQ_INT(ov_cluster_get(st, M, g, "co-twin-a", &a), OV_OK);
    CHECK_EQ_INT(ov_cluster_get(st, M, g, "co-twin-b", &b), OV_OK);
    CHECK_EQ_INT(ov_resolver_get(st, M, r, "co-twin-b", 0, &c), OV_OK);
    CHECK_EQ_INT(ov_cluster_get(st, M, NULL, "co-twin-b", &d), OV_OK); /* no graph: the judgements */
    ov_entity *one[] = {a, b, c, d};
    size_t n_stmts = a ? a->n_stmts : 0;
    for (int i = 0; i < 4; i++) {
        if (!one[i]) continue;
        CHECK_EQ_STR(one[i]->id, "co-twin-a");   /* the canonical id: the smallest */
        CHECK_EQ_STR(one[i]->schema, "Company"); /* the more specific schema */
        CHECK_EQ_INT(one[i]->n_stmts, n_stmts);
        CHECK(count_referent(one[i], "co-twin-a") > 0);
        CHECK(count_referent(one[i], "co-twin-b") >= 2); /* its name and country, at least */
        bool cn = false;
        for (size_t k = 0; k < one[i]->n_stmts; k++) {
            const ov_stmt *s = &one[i]->stmts[k];
            if (!strcmp(s->prop, "country") && !strcmp(s->value, "cn")) {
                cn = true;
                CHECK_EQ_STR(s->src_id, "co-twin-b");
                CHECK_EQ_STR(s->source, "src-b"); /* its own citation */
            }
        }
        CHECK(cn);
        ov_entity_free(one[i]);
    }
    CHECK_EQ_STR(ov_cluster_id(g, "co-twin-b"), "co-twin-a");
    /* a referent the store no longer holds is left out; none held: not found */
    const char *ids[] = {"co-twin-a", "gone-1"}, *none[] = {"gone-1", "gone-2"};
    ov_entity *e = NULL;
    CHECK_EQ_INT(ov_cluster_read(st, M, ids, 2, 0, &e), OV_OK);
    CHECK(e && count_referent(e, "co-twin-a") == e->n_stmts);
    ov_entity_free(e);
    CHECK_EQ_INT(ov_cluster_read(st, M, none, 2, 0, &e), OV_ENOTFOUND);
    CHECK(e == NULL);

    ov_law *l;
    CHECK_EQ_INT(ov_law_open(&l, st, M, g, rules, NULL), OV_OK);
    ov_answer *x = NULL;
    CHECK_EQ_INT(ov_law_exposure(l, "co-twin-a", &x), OV_OK);
    CHECK(x && x->n_items == 1);
    if (x && x->n_items == 1) {
        CHECK_EQ_STR(x->subject, "co-twin-a");
        const ov_step *f = step(&x->items[0], "fact");
        /* the fact of the twin, cited under the twin, saying so */
        CHECK(f && !strcmp(f->entity, "co-twin-b") && !strcmp(f->relation, "country") && !strcmp(f->value, "cn"));
        CHECK(f && f->n_cites == 1 && !strcmp(f->cites[0].source, "src-b"));
        CHECK(f && f->note && strstr(f->note, "recorded under referent co-twin-b"));
    }
    ov_answer_free(x);
    char *ja = exposure_json(l, "co-twin-a"), *jb = exposure_json(l, "co-twin-b");
    CHECK(ja && jb && !strcmp(ja, jb)); /* one entity, one answer */
    free(ja);
    free(jb);
    /* the holding recorded under co-twin-a reaches the country recorded under co-twin-b */
    CHECK_EQ_INT(ov_law_exposure(l, "co-sub", &x), OV_OK);
    CHECK(x && x->n_items == 1);
    if (x && x->n_items == 1) {
        const ov_step *cc = step(&x->items[0], "controller-country");
        CHECK(cc && !strcmp(cc->entity, "co-twin-b") && cc->n_cites == 1 && !strcmp(cc->cites[0].source, "src-b"));
        CHECK(step(&x->items[0], "majority") != NULL);
    }
    ov_answer_free(x);
    ov_law_close(l);

    /* an allocation failure anywhere in a cluster's read: an error, nothing leaked */
    int failed = 0, done = 0;
    for (int64_t n = 0; n < 2000 && !done; n++) {
        ov__alloc_fail_after(n);
        e = NULL;
        int rc = ov_cluster_get(st, M, g, "co-twin-b", &e);
        ov__alloc_fail_after(-1);
        if (rc) {
            failed++;
            CHECK(e == NULL);
        } else {
            done = 1;
            CHECK(e && !strcmp(e->id, "co-twin-a"));
        }
        ov_entity_free(e);
    }
    CHECK(done && failed > 0);
    ov_resolver_free(r);
    ov_graph_free(g);
}

/* An undo (a newer judgement of the pair, unsure): two entities again. */
static void undone(void)
{
    if (!rules) return;
    CHECK_EQ_INT(judge(OV_UNSURE), OV_OK);
    ov_graph *g = NULL;
    CHECK_EQ_INT(ov_graph_build(st, M, NULL, &g), OV_OK);
    ov_entity *b = NULL;
    CHECK_EQ_INT(ov_cluster_get(st, M, g, "co-twin-b", &b), OV_OK);
    CHECK(b && !strcmp(b->id, "co-twin-b") && count_referent(b, "co-twin-a") == 0);
    ov_entity_free(b);
    ov_law *l;
    CHECK_EQ_INT(ov_law_open(&l, st, M, g, rules, NULL), OV_OK);
    ov_answer *x = NULL;
    CHECK_EQ_INT(ov_law_exposure(l, "co-sub", &x), OV_OK);
    CHECK(x && x->n_items == 0);
    ov_answer_free(x);
    ov_law_close(l);
    ov_graph_free(g);
}

static void teardown(void)
{
    ov_rules_free(rules);
    ov_store_close(st);
    tmpstore_teardown();
}

TEST_MAIN(setup, apart, one_cluster, undone, teardown)
