/* test_indicators_resolve.c - indicator scores on resolved entities
 * (ov_ind_answers_resolve, indicators.h; docs/internals/resolve.md): an
 * assessment recorded under a twin counts for the cluster once the two are
 * judged the same, asked by either id, with the same explained answer byte for
 * byte, each answer naming the referent it is recorded under and keeping its
 * citation; without the judgement, or after an undo, the two ids score apart.
 * Two answers to one question: counted once when they agree; when they differ,
 * scored with the lowest and shown disputed. The graph's clusters and the
 * resolver's give the same. Allocation failures leave nothing behind. */
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "tmpstore.h"
#include "oversight/explain.h"
#include "oversight/graph.h"
#include "oversight/indicators.h"
#include "oversight/io.h"
#include "oversight/resolve.h"
#include "util/alloc.h"

/* A framework of one indicator (T1) with two elements; co-twin-a answers T1.1 (yes),
 * its twin co-twin-b answers T1.2 (no); co-twin-c (a third name, judged the same as
 * co-twin-b) answers nothing; co-other (not judged) answers T1.1 (partial). */
static const char record[] =
    "{\"id\":\"ifw-t\",\"schema\":\"IndicatorFramework\",\"properties\":{\"name\":[\"Test framework\"]}}\n"
    "{\"id\":\"ind-t1\",\"schema\":\"Indicator\",\"properties\":{\"name\":[\"T1. Policy\"],"
    "\"indicatorFramework\":[\"ifw-t\"],\"indicatorCode\":[\"T1\"],\"categoryCode\":[\"P\"],\"scoringScope\":[\"company\"]}}\n"
    "{\"id\":\"iel-t1-1\",\"schema\":\"IndicatorElement\",\"properties\":{\"elementIndicator\":[\"ind-t1\"],"
    "\"elementCode\":[\"T1.1\"],\"question\":[\"Does it publish a policy?\"]}}\n"
    "{\"id\":\"iel-t1-2\",\"schema\":\"IndicatorElement\",\"properties\":{\"elementIndicator\":[\"ind-t1\"],"
    "\"elementCode\":[\"T1.2\"],\"question\":[\"Does it report on it?\"]}}\n"
    "{\"id\":\"co-twin-a\",\"schema\":\"Company\",\"properties\":{\"name\":[\"Twin Vision\"]}}\n"
    "{\"id\":\"co-twin-b\",\"schema\":\"Company\",\"properties\":{\"name\":[\"Twin Vision Co., Ltd.\"]}}\n"
    "{\"id\":\"co-twin-c\",\"schema\":\"Company\",\"properties\":{\"name\":[\"Twin Vision Ltd\"]}}\n"
    "{\"id\":\"co-other\",\"schema\":\"Company\",\"properties\":{\"name\":[\"Other Vision\"]}}\n"
    "{\"id\":\"asm-a1\",\"schema\":\"Assessment\",\"properties\":{\"assessedEntity\":[\"co-twin-a\"],"
    "\"assessedElement\":[\"iel-t1-1\"],\"answer\":[\"yes\"],\"assessmentYear\":[\"2024\"]}}\n"
    "{\"id\":\"asm-b2\",\"schema\":\"Assessment\",\"properties\":{\"assessedEntity\":[\"co-twin-b\"],"
    "\"assessedElement\":[\"iel-t1-2\"],\"answer\":[\"no\"],\"assessmentYear\":[\"2024\"]}}\n"
    "{\"id\":\"asm-o1\",\"schema\":\"Assessment\",\"properties\":{\"assessedEntity\":[\"co-other\"],"
    "\"assessedElement\":[\"iel-t1-1\"],\"answer\":[\"partial\"],\"assessmentYear\":[\"2024\"]}}\n";
/* co-twin-b answers T1.1 too: "no", against co-twin-a's "yes" (a conflict) */
static const char conflict[] =
    "{\"id\":\"asm-b1\",\"schema\":\"Assessment\",\"properties\":{\"assessedEntity\":[\"co-twin-b\"],"
    "\"assessedElement\":[\"iel-t1-1\"],\"answer\":[\"no\"],\"assessmentYear\":[\"2024\"]}}\n";
/* co-twin-a answers T1.2 as co-twin-b did: "no" (agreement: counted once) */
static const char agree[] =
    "{\"id\":\"asm-a2\",\"schema\":\"Assessment\",\"properties\":{\"assessedEntity\":[\"co-twin-a\"],"
    "\"assessedElement\":[\"iel-t1-2\"],\"answer\":[\"no\"],\"assessmentYear\":[\"2024\"]}}\n";

static ov_store *st;

static int load(const char *text, const char *source)
{
    FILE *in = fmemopen((void *)text, strlen(text), "rb");
    ov_ingest_opts o = {.dataset = "ind-resolve-test", .source = source, .locator = "row 1", .status = OV_ST_ASSERTED};
    ov_ingest_stats s;
    int rc = ov_ingest(st, M, "record.jsonl", in, &o, &s);
    fclose(in);
    return rc;
}

static int judge2(const char *left, const char *right, int verdict)
{
    ov_judgement_in j = {.left = left, .right = right, .verdict = verdict, .reason = "one legal name",
                         .author = "test", .source = "src-j", .locator = "entry 7"};
    char err[512];
    int rc = ov_resolve(st, M, &j, NULL, err, sizeof err);
    if (rc) fprintf(stderr, "ov_resolve: %s\n", err);
    return rc;
}

static int judge(int verdict) { return judge2("co-twin-b", "co-twin-a", verdict); }

/* The framework and the answers of the store, resolved by its judgements (the resolver). */
static int answers(ov_ind_framework **fw, ov_ind_answers **a)
{
    char err[256];
    int rc = ov_ind_from_store(st, NULL, fw, a, err, sizeof err);
    if (rc) {
        fprintf(stderr, "ov_ind_from_store: %s\n", err);
        return rc;
    }
    ov_resolver *r = NULL;
    rc = ov_resolver_load(st, &r);
    if (!rc) rc = ov_ind_answers_resolve(*a, NULL, r);
    ov_resolver_free(r);
    return rc;
}

/* T1's score of id in 2024 (-2 on error), and its answers and conflicts. */
static double t1(const ov_ind_framework *fw, const ov_ind_answers *a, const char *id, int *n_answers, int *n_conflicts)
{
    ov_ind_scores s;
    if (ov_ind_score(fw, a, id, 2024, &s)) return -2;
    double v = s.indicator[ov_ind_find_indicator(fw, "T1")];
    if (n_answers) *n_answers = s.n_answers;
    if (n_conflicts) *n_conflicts = s.n_conflicts;
    ov_ind_scores_release(&s);
    return v;
}

/* The explained answer of id in 2024 as JSON (the caller frees), or NULL. */
static char *explain_json(const ov_ind_framework *fw, const ov_ind_answers *a, const char *id, ov_answer **keep)
{
    ov_answer *x = NULL;
    char *json = NULL;
    if (ov_ind_explain(st, fw, a, id, 2024, &x) == OV_OK) ov_answer_json(x, &json);
    if (keep) *keep = x;
    else ov_answer_free(x);
    return json;
}

static const ov_step *step_of(const ov_answer *x, const char *assessment)
{
    for (size_t i = 0; x && i < x->n_items; i++)
        for (size_t k = 0; k < x->items[i].n_steps; k++)
            if (x->items[i].steps[k].entity && !strcmp(x->items[i].steps[k].entity, assessment)) return &x->items[i].steps[k];
    return NULL;
}

static void test_apart(void)
{
    tmpstore_setup("indres");
    st = new_store();
    if (!st) return;
    CHECK_EQ_INT(load(record, "src-a"), OV_OK);
    ov_ind_framework *fw;
    ov_ind_answers *a;
    CHECK_EQ_INT(answers(&fw, &a), OV_OK);
    /* no judgement: each id scores its own answers */
    int n = 0;
    CHECK(t1(fw, a, "co-twin-a", &n, NULL) == 100);
    CHECK_EQ_INT(n, 1);
    CHECK(t1(fw, a, "co-twin-b", &n, NULL) == 0);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_STR(ov_ind_answers_cluster(a, "co-twin-b"), "co-twin-b");
    for (size_t i = 0; i < ov_ind_answers_count(a); i++) CHECK(ov_ind_answers_at(a, i)->cluster == NULL);
    char *ja = explain_json(fw, a, "co-twin-a", NULL), *jb = explain_json(fw, a, "co-twin-b", NULL);
    CHECK(ja && jb && strcmp(ja, jb) != 0);
    ov_free(ja);
    ov_free(jb);
    ov_ind_answers_free(a);
    ov_ind_framework_free(fw);
}

static void test_joined(void)
{
    if (!st) return;
    CHECK_EQ_INT(judge(OV_SAME), OV_OK);
    CHECK_EQ_INT(judge2("co-twin-c", "co-twin-b", OV_SAME), OV_OK); /* a third referent, with no answer */
    ov_ind_framework *fw;
    ov_ind_answers *a;
    CHECK_EQ_INT(answers(&fw, &a), OV_OK);
    CHECK(t1(fw, a, "co-twin-c", NULL, NULL) == 50);
    CHECK_EQ_STR(ov_ind_answers_cluster(a, "co-twin-c"), "co-twin-a");
    /* one company: T1.1 yes (under co-twin-a), T1.2 no (under co-twin-b): 50, by either id */
    int na = 0, nb = 0, nc = -1;
    CHECK(t1(fw, a, "co-twin-a", &na, &nc) == 50);
    CHECK(t1(fw, a, "co-twin-b", &nb, NULL) == 50);
    CHECK_EQ_INT(na, 2);
    CHECK_EQ_INT(nb, 2);
    CHECK_EQ_INT(nc, 0);
    CHECK(t1(fw, a, "co-other", NULL, NULL) == 50); /* untouched: its own partial */
    CHECK_EQ_STR(ov_ind_answers_cluster(a, "co-twin-b"), "co-twin-a");
    CHECK_EQ_STR(ov_ind_answers_cluster(a, "co-other"), "co-other");
    for (size_t i = 0; i < ov_ind_answers_count(a); i++) {
        const ov_ind_answer_rec *r = ov_ind_answers_at(a, i);
        if (!strcmp(r->id, "asm-b2")) {
            CHECK_EQ_STR(r->subject, "co-twin-b"); /* still the referent it is recorded under */
            CHECK_EQ_STR(ov_ind_answer_key(r), "co-twin-a");
        }
        if (!strcmp(r->id, "asm-o1")) CHECK(r->cluster == NULL);
    }
    /* the explained answer: the same bytes by either id, under the canonical id */
    ov_answer *x = NULL;
    char *ja = explain_json(fw, a, "co-twin-a", NULL), *jb = explain_json(fw, a, "co-twin-b", &x);
    CHECK(ja && jb && strcmp(ja, jb) == 0);
    CHECK(x && x->subject && !strcmp(x->subject, "co-twin-a"));
    const ov_step *b2 = step_of(x, "asm-b2"), *a1 = step_of(x, "asm-a1");
    CHECK(b2 && b2->note && strstr(b2->note, "recorded under referent co-twin-b, judged the same as co-twin-a"));
    CHECK(b2 && b2->n_cites == 1 && !strcmp(b2->cites[0].source, "src-a")); /* its own citation */
    CHECK(a1 && (!a1->note || !strstr(a1->note, "recorded under referent")));
    ov_answer_free(x);
    ov_free(ja);
    ov_free(jb);

    /* the graph's clusters give the same as the resolver's */
    ov_graph *g = NULL;
    CHECK_EQ_INT(ov_graph_build(st, M, NULL, &g), OV_OK);
    CHECK_EQ_INT(ov_ind_answers_resolve(a, g, NULL), OV_OK);
    CHECK(t1(fw, a, "co-twin-b", NULL, NULL) == 50);
    CHECK(t1(fw, a, "co-twin-c", NULL, NULL) == 50);
    CHECK_EQ_STR(ov_ind_answers_cluster(a, "co-twin-b"), "co-twin-a");
    /* resolving with nothing takes it back */
    CHECK_EQ_INT(ov_ind_answers_resolve(a, NULL, NULL), OV_OK);
    CHECK(t1(fw, a, "co-twin-b", NULL, NULL) == 0);

    /* an allocation failure anywhere in resolving: an error, the answers unresolved, nothing leaked */
    int failures = 0;
    for (int64_t n = 0; n < 200; n++) {
        ov__alloc_fail_after(n);
        int rc = ov_ind_answers_resolve(a, g, NULL);
        ov__alloc_fail_after(-1);
        if (rc == OV_OK) break;
        failures++;
        CHECK_EQ_INT(rc, OV_ENOMEM);
        CHECK(ov_ind_answers_at(a, 0)->cluster == NULL);
        CHECK_EQ_STR(ov_ind_answers_cluster(a, "co-twin-b"), "co-twin-b");
    }
    CHECK(failures > 0);
    CHECK(t1(fw, a, "co-twin-b", NULL, NULL) == 50);
    ov_graph_free(g);
    ov_ind_answers_free(a);
    ov_ind_framework_free(fw);
}

static void test_agree_and_conflict(void)
{
    if (!st) return;
    /* the same answer under both referents: counted once, the score unchanged */
    CHECK_EQ_INT(load(agree, "src-c"), OV_OK);
    ov_ind_framework *fw;
    ov_ind_answers *a;
    CHECK_EQ_INT(answers(&fw, &a), OV_OK);
    int n = 0, nc = -1;
    CHECK(t1(fw, a, "co-twin-b", &n, &nc) == 50); /* counted twice, it would be 33.3 */
    CHECK_EQ_INT(n, 3);
    CHECK_EQ_INT(nc, 0);
    ov_answer *x = NULL;
    ov_free(explain_json(fw, a, "co-twin-a", &x));
    const ov_step *a2 = step_of(x, "asm-a2");
    CHECK(a2 && a2->note && strstr(a2->note, "counted once"));
    CHECK(a2 && a2->status == OV_ST_ASSERTED);
    ov_answer_free(x);
    ov_ind_answers_free(a);
    ov_ind_framework_free(fw);

    /* T1.1 answered yes under co-twin-a and no under co-twin-b: scored with the lowest
     * (no: T1 = 0), each answer shown, disputed, with its referent */
    CHECK_EQ_INT(load(conflict, "src-d"), OV_OK);
    CHECK_EQ_INT(answers(&fw, &a), OV_OK);
    double va = t1(fw, a, "co-twin-a", &n, &nc), vb = t1(fw, a, "co-twin-b", NULL, NULL);
    CHECK(va == 0 && vb == 0);
    CHECK_EQ_INT(n, 4);
    CHECK_EQ_INT(nc, 1);
    char *ja = explain_json(fw, a, "co-twin-a", NULL), *jb = explain_json(fw, a, "co-twin-b", &x);
    CHECK(ja && jb && strcmp(ja, jb) == 0);
    const ov_step *a1 = step_of(x, "asm-a1"), *b1 = step_of(x, "asm-b1");
    CHECK(a1 && a1->status == OV_ST_DISPUTED && b1 && b1->status == OV_ST_DISPUTED);
    CHECK(b1 && b1->note && strstr(b1->note, "in conflict") && strstr(b1->note, "yes (asm-a1, recorded under co-twin-a)") &&
          strstr(b1->note, "no (asm-b1, recorded under co-twin-b)") && strstr(b1->note, "the score uses the lowest, 0"));
    CHECK(b1 && b1->n_cites == 1 && !strcmp(b1->cites[0].source, "src-d"));
    CHECK(x && x->n_items == 2 && x->items[0].status == OV_ST_DISPUTED); /* T1, then the total */
    CHECK(x && x->note && strstr(x->note, "1 questions answered differently"));
    ov_answer_free(x);
    ov_free(ja);
    ov_free(jb);
    ov_ind_answers_free(a);
    ov_ind_framework_free(fw);

    /* undo (a newer "unsure"): apart again, no conflict: co-twin-a yes and no (50), co-twin-b no and no (0),
     * still one company with co-twin-c */
    CHECK_EQ_INT(judge(OV_UNSURE), OV_OK);
    CHECK_EQ_INT(answers(&fw, &a), OV_OK);
    CHECK(t1(fw, a, "co-twin-a", NULL, &nc) == 50);
    CHECK_EQ_INT(nc, 0);
    CHECK(t1(fw, a, "co-twin-b", NULL, NULL) == 0);
    CHECK(t1(fw, a, "co-twin-c", NULL, NULL) == 0);
    CHECK_EQ_STR(ov_ind_answers_cluster(a, "co-twin-c"), "co-twin-b");
    ov_ind_answers_free(a);
    ov_ind_framework_free(fw);
    ov_store_close(st);
    st = NULL;
    tmpstore_teardown();
}

TEST_MAIN(test_apart, test_joined, test_agree_and_conflict)
