/* test_screen.c - what applies to a screened match (screen.h): a listed
 * holder's entries reach a company only when listed parties control it under
 * the rule, a brand's maker carries its own and its controllers' entries, and
 * an allocation failure anywhere leaves nothing behind. */
#include <string.h>
#include "harness.h"
#include "tmpstore.h"
#include "oversight/graph.h"
#include "oversight/io.h"
#include "oversight/screen.h"
#include "util/alloc.h"

/* listed: co-a (a Sanction). co-a holds 60 % of co-b and 10 % of co-c; co-a and
 * co-d each hold 30 % of co-e (co-d is listed too, so they hold 60 % together);
 * the brand br-x is made by co-b. */
static const char record[] =
    "{\"id\":\"co-a\",\"schema\":\"Company\",\"properties\":{\"name\":[\"Alpha Holdings\"]}}\n"
    "{\"id\":\"co-b\",\"schema\":\"Company\",\"properties\":{\"name\":[\"Beta Cameras\"]}}\n"
    "{\"id\":\"co-c\",\"schema\":\"Company\",\"properties\":{\"name\":[\"Gamma Optics\"]}}\n"
    "{\"id\":\"co-d\",\"schema\":\"Company\",\"properties\":{\"name\":[\"Delta Group\"]}}\n"
    "{\"id\":\"co-e\",\"schema\":\"Company\",\"properties\":{\"name\":[\"Epsilon Vision\"]}}\n"
    "{\"id\":\"sanc-a\",\"schema\":\"Sanction\",\"properties\":{\"entity\":[\"co-a\"],\"program\":[\"Test List\"],"
    "\"startDate\":[\"2021-06-03\"]}}\n"
    "{\"id\":\"sanc-d\",\"schema\":\"Sanction\",\"properties\":{\"entity\":[\"co-d\"],\"program\":[\"Other List\"]}}\n"
    "{\"id\":\"own-ab\",\"schema\":\"Ownership\",\"properties\":{\"owner\":[\"co-a\"],\"asset\":[\"co-b\"],"
    "\"percentage\":[\"60%\"]}}\n"
    "{\"id\":\"own-ac\",\"schema\":\"Ownership\",\"properties\":{\"owner\":[\"co-a\"],\"asset\":[\"co-c\"],"
    "\"percentage\":[\"10%\"]}}\n"
    "{\"id\":\"own-ae\",\"schema\":\"Ownership\",\"properties\":{\"owner\":[\"co-a\"],\"asset\":[\"co-e\"],"
    "\"percentage\":[\"30%\"]}}\n"
    "{\"id\":\"own-de\",\"schema\":\"Ownership\",\"properties\":{\"owner\":[\"co-d\"],\"asset\":[\"co-e\"],"
    "\"percentage\":[\"30%\"]}}\n"
    "{\"id\":\"br-x\",\"schema\":\"Brand\",\"properties\":{\"name\":[\"X-Cam\"],\"upstreamManufacturer\":[\"co-b\"]}}\n";

static ov_store *st;
static ov_graph *g;

static void setup(void)
{
    tmpstore_setup("screen");
    st = new_store();
    if (!st) return;
    FILE *in = fmemopen((void *)record, sizeof record - 1, "rb");
    ov_ingest_opts o = {.dataset = "screen-test"};
    ov_ingest_stats s;
    CHECK_EQ_INT(ov_ingest(st, M, "record.jsonl", in, &o, &s), OV_OK);
    fclose(in);
    CHECK_EQ_INT(ov_graph_build(st, M, NULL, &g), OV_OK);
}

static ov_screener *screener(const char *rule)
{
    ov_screener *s = NULL;
    CHECK_EQ_INT(ov_screener_new(g, rule, &s), OV_OK);
    if (!s) return NULL;
    CHECK_EQ_INT(ov_screener_add_store(s, st), OV_OK);
    CHECK_EQ_INT(ov_screener_finish(s), OV_OK);
    return s;
}

static void holders_follow_the_rule(void)
{
    if (!g) return;
    ov_screener *s = screener(NULL);
    if (!s) return;
    CHECK_EQ_STR(ov_screener_rule(s)->name, "ofac");
    ov_screening r;
    /* 60 % held by a listed party: controlled, its entries apply "via" it */
    CHECK_EQ_INT(ov_screen_entity(s, st, NULL, "co-b", &r), OV_OK);
    CHECK(strstr(r.lists, "Test List, from 2021-06-03, via co-a (sanc-a; screen-test)") != NULL);
    CHECK(strstr(r.control_json, "\"entity\":\"co-a\"") && strstr(r.control_json, "\"controlled\":\"certain\""));
    CHECK(r.maker == NULL);
    ov_screening_release(&r);
    /* 10 %: reported, its entries not carried over */
    CHECK_EQ_INT(ov_screen_entity(s, st, NULL, "co-c", &r), OV_OK);
    CHECK_EQ_STR(r.lists, "");
    CHECK(strstr(r.control, "held by listed co-a (10%; ofac rule: listed parties do not control it") != NULL);
    ov_screening_release(&r);
    /* 30 % + 30 % by two listed parties: aggregated under OFAC, both lists apply */
    CHECK_EQ_INT(ov_screen_entity(s, st, NULL, "co-e", &r), OV_OK);
    CHECK(strstr(r.lists, "via co-a") && strstr(r.lists, "via co-d"));
    ov_screening_release(&r);
    /* a listed entity: its own entries, no verdict on its holders */
    CHECK_EQ_INT(ov_screen_entity(s, st, NULL, "co-a", &r), OV_OK);
    CHECK(strstr(r.lists, "Test List, from 2021-06-03 (sanc-a") != NULL);
    ov_screening_release(&r);
    /* a brand: its maker, the maker's controller's entries */
    CHECK_EQ_INT(ov_screen_entity(s, st, NULL, "br-x", &r), OV_OK);
    CHECK_EQ_STR(r.maker, "co-b");
    CHECK_EQ_STR(r.maker_caption, "Beta Cameras");
    CHECK(strstr(r.lists, "via co-a") != NULL);
    ov_screening_release(&r);
    char *ver = NULL;
    CHECK_EQ_INT(ov_screener_versions(s, st, false, &ver), OV_OK);
    CHECK(ver && strstr(ver, "screen-test (change 1, loaded ") != NULL);
    free(ver);
    ov_screener_free(s);

    /* the UK rule does not aggregate: 30 % + 30 % by two listed parties is below */
    s = screener("uk");
    if (!s) return;
    CHECK_EQ_INT(ov_screen_entity(s, st, NULL, "co-e", &r), OV_OK);
    CHECK_EQ_STR(r.lists, "");
    CHECK(strstr(r.control_json, "\"rule\":\"uk\",\"controlled\":\"below\"") != NULL);
    ov_screening_release(&r);
    ov_screener_free(s);
    ov_screener *none = NULL;
    CHECK_EQ_INT(ov_screener_new(g, "nope", &none), OV_EINVAL);
    CHECK(none == NULL);
}

/* Every allocation of a screening may fail: the call says so and keeps nothing. */
static void allocation_failures(void)
{
    if (!g) return;
    ov_screener *s = screener(NULL);
    if (!s) return;
    int failed = 0;
    for (int64_t n = 0; n < 2000; n++) {
        ov_screening r;
        ov__alloc_fail_after(n);
        int rc = ov_screen_entity(s, st, NULL, "br-x", &r);
        ov__alloc_fail_after(-1);
        if (rc == OV_OK) {
            CHECK(strstr(r.lists, "via co-a") != NULL);
            ov_screening_release(&r);
            break;
        }
        failed++;
        CHECK(rc == OV_ENOMEM || rc == OV_EIO);
        CHECK(r.lists == NULL && r.maker == NULL && r.control_json == NULL);
    }
    CHECK(failed > 3);
    ov_screener_free(s);
}

/* The report's rows (ov_screen_row): the verdict with the strongest reason first, names not ids,
 * and the same content as text, CSV and HTML. */
static char *row_for(ov_screener *s, const char *id, bool match, const char *problem)
{
    ov_screen_input in = {.line = 2, .input = "vendor", .problem = problem, .has_match = id != NULL, .match = match,
                          .id = id, .caption = id, .schema = "Company", .matched_name = id, .score = match ? 1.0 : 0.6};
    char *j = NULL;
    CHECK_EQ_INT(ov_screen_row(s, st, NULL, &in, &j), OV_OK);
    return j;
}

static void report_rows(void)
{
    if (!g) return;
    ov_screener *s = screener(NULL);
    if (!s) return;
    char v[64], *j = row_for(s, "co-a", true, NULL);
    CHECK_EQ_STR(ov_screen_row_verdict(j, v, sizeof v), "listed");
    CHECK(j && strstr(j, "\"reason\":\"on 1 list: Test List (authority not recorded, since 2021-06-03)\""));
    ov_free(j);
    /* controlled by a listed party: the holder by name */
    j = row_for(s, "co-b", true, NULL);
    CHECK_EQ_STR(ov_screen_row_verdict(j, v, sizeof v), "controlled-by-listed");
    CHECK(j && strstr(j, "controlled by listed Alpha Holdings (60%"));
    char *t = NULL, *c = NULL, *h = NULL;
    CHECK_EQ_INT(ov_screen_render(j, OV_SCREEN_TEXT, &t), OV_OK);
    CHECK_EQ_INT(ov_screen_render(j, OV_SCREEN_CSV, &c), OV_OK);
    CHECK_EQ_INT(ov_screen_render(j, OV_SCREEN_HTML, &h), OV_OK);
    CHECK(t && strstr(t, "-> controlled by a listed party") && strstr(t, "through its controlling holder Alpha Holdings"));
    CHECK(c && strstr(c, ",controlled by a listed party,") && strstr(c, "Alpha Holdings"));
    CHECK(h && strstr(h, "<details>") && strstr(h, "<a href=\"/entity/co-a\">Alpha Holdings</a>"));
    /* names in the text, ids only in links and the CSV's id column */
    CHECK(t && !strstr(t, "co-a"));
    ov_free(t), ov_free(c), ov_free(h), ov_free(j);
    /* 10 % held: nothing applies */
    j = row_for(s, "co-c", true, NULL);
    CHECK_EQ_STR(ov_screen_row_verdict(j, v, sizeof v), "clear");
    ov_free(j);
    /* a possible match, a row not screened: to review, whatever the candidate's evidence */
    j = row_for(s, "co-a", false, NULL);
    CHECK_EQ_STR(ov_screen_row_verdict(j, v, sizeof v), "needs-review");
    CHECK(j && strstr(j, "\"reason\":\"possible match only: co-a (score 0.600"));
    ov_free(j);
    j = row_for(s, NULL, false, "empty name");
    CHECK_EQ_STR(ov_screen_row_verdict(j, v, sizeof v), "needs-review");
    ov_free(j);
    /* no match: clear */
    j = row_for(s, NULL, false, NULL);
    CHECK_EQ_STR(ov_screen_row_verdict(j, v, sizeof v), "clear");
    ov_free(j);
    /* what is not a row is refused */
    CHECK_EQ_INT(ov_screen_render("{\"line\":1}", OV_SCREEN_CSV, &t), OV_EINVAL);
    CHECK_EQ_INT(ov_screen_render("not json", OV_SCREEN_HTML, &t), OV_EINVAL);
    /* the legend: every verdict with what it rests on, the rule's source for control */
    CHECK_EQ_INT(ov_screen_legend(s, OV_SCREEN_TEXT, &t), OV_OK);
    CHECK(t && strstr(t, "needs review") && strstr(t, "OFAC FAQ 401"));
    ov_free(t);
    ov_screener_free(s);
}

static void teardown(void)
{
    ov_graph_free(g);
    ov_store_close(st);
    tmpstore_teardown();
}

TEST_MAIN(setup, holders_follow_the_rule, allocation_failures, report_rows, teardown)
