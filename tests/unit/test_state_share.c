/* test_state_share.c - how much of a company the state holds through any
 * chain (ov_own_state_chain_share), on hand-computed cases: a state holder
 * counted where the chain first reaches the state (not again through the
 * state body above it), walks stopping at the subject, bands, and a cycle
 * whose shares sum past 100 % (capped at 1). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "tmpstore.h"
#include "oversight/graph.h"
#include "oversight/io.h"
#include "oversight/own.h"
#include "oversight/typology.h"

/* pb-s (PublicBody) holds 100 % of co-soe (gov.soe); co-soe holds 50 % of co-a;
 * co-a holds 60 % of co-x; co-b (private) holds 40 % of co-x; co-x holds 50 % of
 * co-c, which holds 10 % of co-x back. State share of co-x: 0.5 * 0.6 = 0.30
 * (first reached at co-soe; pb-s above it adds nothing; the walk co-x -> co-c
 * -> co-x does not count twice). co-y: held 25-50 % by co-soe: 0.25..0.50.
 * co-z: co-soe holds 50 % of co-p, which holds 100 % of co-z; co-p and co-q
 * hold 80 % of each other (a second, equal claim of co-q's is one holding),
 * co-p holds 100 % of co-r and co-r 50 % of co-p: co-p's two-cycles return
 * 114 %, the walk sums diverge, capped at 1. */
static const char record[] =
    "{\"id\":\"pb-s\",\"schema\":\"PublicBody\",\"properties\":{\"name\":[\"State Assets Commission\"]}}\n"
    "{\"id\":\"co-soe\",\"schema\":\"Company\",\"properties\":{\"name\":[\"SOE Group\"],\"topics\":[\"gov.soe\"]}}\n"
    "{\"id\":\"co-a\",\"schema\":\"Company\",\"properties\":{\"name\":[\"A\"]}}\n"
    "{\"id\":\"co-b\",\"schema\":\"Company\",\"properties\":{\"name\":[\"B\"]}}\n"
    "{\"id\":\"co-c\",\"schema\":\"Company\",\"properties\":{\"name\":[\"C\"]}}\n"
    "{\"id\":\"co-x\",\"schema\":\"Company\",\"properties\":{\"name\":[\"X\"]}}\n"
    "{\"id\":\"co-y\",\"schema\":\"Company\",\"properties\":{\"name\":[\"Y\"]}}\n"
    "{\"id\":\"co-p\",\"schema\":\"Company\",\"properties\":{\"name\":[\"P\"]}}\n"
    "{\"id\":\"co-q\",\"schema\":\"Company\",\"properties\":{\"name\":[\"Q\"]}}\n"
    "{\"id\":\"co-z\",\"schema\":\"Company\",\"properties\":{\"name\":[\"Z\"]}}\n"
    "{\"id\":\"co-r\",\"schema\":\"Company\",\"properties\":{\"name\":[\"R\"]}}\n"
    "{\"id\":\"o1\",\"schema\":\"Ownership\",\"properties\":{\"owner\":[\"pb-s\"],\"asset\":[\"co-soe\"],\"percentage\":[\"100%\"]}}\n"
    "{\"id\":\"o2\",\"schema\":\"Ownership\",\"properties\":{\"owner\":[\"co-soe\"],\"asset\":[\"co-a\"],\"percentage\":[\"50%\"]}}\n"
    "{\"id\":\"o3\",\"schema\":\"Ownership\",\"properties\":{\"owner\":[\"co-a\"],\"asset\":[\"co-x\"],\"percentage\":[\"60%\"]}}\n"
    "{\"id\":\"o4\",\"schema\":\"Ownership\",\"properties\":{\"owner\":[\"co-b\"],\"asset\":[\"co-x\"],\"percentage\":[\"40%\"]}}\n"
    "{\"id\":\"o5\",\"schema\":\"Ownership\",\"properties\":{\"owner\":[\"co-x\"],\"asset\":[\"co-c\"],\"percentage\":[\"50%\"]}}\n"
    "{\"id\":\"o6\",\"schema\":\"Ownership\",\"properties\":{\"owner\":[\"co-c\"],\"asset\":[\"co-x\"],\"percentage\":[\"10%\"]}}\n"
    "{\"id\":\"o7\",\"schema\":\"Ownership\",\"properties\":{\"owner\":[\"co-soe\"],\"asset\":[\"co-y\"],\"percentage\":[\"25-50%\"]}}\n"
    "{\"id\":\"o8\",\"schema\":\"Ownership\",\"properties\":{\"owner\":[\"co-soe\"],\"asset\":[\"co-p\"],\"percentage\":[\"50%\"]}}\n"
    "{\"id\":\"o9\",\"schema\":\"Ownership\",\"properties\":{\"owner\":[\"co-p\"],\"asset\":[\"co-q\"],\"percentage\":[\"80%\"]}}\n"
    "{\"id\":\"o10\",\"schema\":\"Ownership\",\"properties\":{\"owner\":[\"co-q\"],\"asset\":[\"co-p\"],\"percentage\":[\"80%\"]}}\n"
    "{\"id\":\"o11\",\"schema\":\"Ownership\",\"properties\":{\"owner\":[\"co-q\"],\"asset\":[\"co-p\"],\"percentage\":[\"80%\"]}}\n"
    "{\"id\":\"o12\",\"schema\":\"Ownership\",\"properties\":{\"owner\":[\"co-p\"],\"asset\":[\"co-z\"],\"percentage\":[\"100%\"]}}\n"
    "{\"id\":\"o13\",\"schema\":\"Ownership\",\"properties\":{\"owner\":[\"co-p\"],\"asset\":[\"co-r\"],\"percentage\":[\"100%\"]}}\n"
    "{\"id\":\"o14\",\"schema\":\"Ownership\",\"properties\":{\"owner\":[\"co-r\"],\"asset\":[\"co-p\"],\"percentage\":[\"50%\"]}}\n";

static void share_of(ov_graph *g, const char *id, double want_min, double want_max, int want_path)
{
    uint32_t node;
    CHECK(ov_graph_find(g, id, &node));
    double mn = -1, mx = -1;
    ov_path p;
    CHECK_EQ_INT(ov_own_state_chain_share(g, node, &mn, &mx, &p), OV_OK);
    if (fabs(mn - want_min) > 1e-9 || fabs(mx - want_max) > 1e-9) {
        ov_t_fail++;
        fprintf(stderr, "state share of %s: %g..%g, expected %g..%g\n", id, mn, mx, want_min, want_max);
    } else {
        ov_t_pass++;
    }
    if (want_path >= 0) CHECK_EQ_INT(p.n, want_path);
}

/* The whole-graph pass (ov_own_state_shares) against the per-node answer,
 * for every node of g: the same band (1e-9) and a path of the same strength
 * that runs from a state node down to the node. */
static void whole_agrees(ov_graph *g, const char *what)
{
    ov_state_shares *all = NULL;
    CHECK_EQ_INT(ov_own_state_shares(g, &all), OV_OK);
    if (!all) return;
    int bad = 0;
    for (uint32_t v = 0; v < ov_graph_node_count(g); v++) {
        const char *schema = ov_graph_node_schema(g, v);
        if (!schema || (strcmp(schema, "Company") && strcmp(schema, "PublicBody"))) continue;
        double amin, amax, bmin, bmax;
        ov_path pa, pb;
        ov_own_state_shares_get(all, v, &amin, &amax, &pa, NULL);
        if (ov_own_state_chain_share(g, v, &bmin, &bmax, &pb) != OV_OK) continue;
        bool ok = fabs(amin - bmin) < 1e-9 && fabs(amax - bmax) < 1e-9 && fabs(pa.share - pb.share) < 1e-12;
        /* the path: edges chained from a state node down to v */
        if (ok && pa.n) {
            ok = ov_graph_node_state(g, ov_graph_edge(g, pa.edges[0])->from) != 0 &&
                 (pa.n == OV_OWN_MAX_PATH || ov_graph_edge(g, pa.edges[pa.n - 1])->to == v);
            for (int i = 1; ok && i < pa.n; i++)
                ok = ov_graph_edge(g, pa.edges[i - 1])->to == ov_graph_edge(g, pa.edges[i])->from;
        }
        ok = ok && (pa.n == 0) == (pb.n == 0);
        if (!ok && bad++ < 5)
            fprintf(stderr, "%s: %s: whole %g..%g (path %d, %g), node by node %g..%g (path %d, %g)\n", what,
                    ov_graph_node_id(g, v), amin, amax, pa.n, pa.share, bmin, bmax, pb.n, pb.share);
    }
    if (bad) ov_t_fail++;
    else ov_t_pass++;
    ov_own_state_shares_free(all);
}

/* Every organisation's typology from the whole-graph pass (ov_typology_classify)
 * against the one computed for it alone (ov_typology_of, as a dossier does): the
 * same class, criterion, figure and state share. */
static void typology_agrees(ov_store *st, ov_graph *g, const char *what)
{
    ov_typology *t = NULL;
    size_t n = 0;
    CHECK_EQ_INT(ov_typology_classify(st, g, &t, &n), OV_OK);
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        ov_typology one;
        int rc = ov_typology_of(st, g, t[i].node, &one);
        bool ok = rc == OV_OK && !strcmp(one.cls, t[i].cls) && one.criterion == t[i].criterion &&
                  one.state_unbounded == t[i].state_unbounded && fabs(one.figure - t[i].figure) < 1e-9 &&
                  fabs(one.state_min - t[i].state_min) < 1e-9 && fabs(one.state_max - t[i].state_max) < 1e-9;
        if (!ok && bad++ < 5)
            fprintf(stderr, "%s: %s: whole %s (%d, %g), alone %s (%d, %g)\n", what, ov_graph_node_id(g, t[i].node),
                    t[i].cls, t[i].criterion, t[i].figure, rc ? "error" : one.cls, one.criterion, one.figure);
    }
    CHECK(n > 0);
    if (bad) ov_t_fail++;
    else ov_t_pass++;
    free(t);
    uint32_t v;
    ov_typology one;
    if (ov_graph_find(g, "pb0", &v)) CHECK_EQ_INT(ov_typology_of(st, g, v, &one), OV_ENOTFOUND); /* a PublicBody */
    CHECK_EQ_INT(ov_typology_of(st, g, ov_graph_node_count(g), &one), OV_ENOTFOUND);
}

/* Random registries: public bodies, SOEs, companies held by earlier ones with
 * exact shares, bands and unknown shares, parallel claims, and cross-holdings
 * back up the chain (cycles, some through state nodes); with diverge set, a
 * few holdings of 100 % back. */
static void random_graph(ov_store *st, unsigned seed, bool diverge, bool stress)
{
    static const char *const pct[] = {"100%", "51%", "49%", "30%", "25-50%", "50-75%", "10%", "", "60%", "5%"};
    srand(seed);
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    int n = 25 + rand() % 40, n_pb = 1 + rand() % 3, e = 0;
#define EMIT(...) len += (size_t)snprintf(buf + len, cap - len, __VA_ARGS__)
    for (int i = 0; i < n_pb; i++)
        EMIT("{\"id\":\"pb%d\",\"schema\":\"PublicBody\",\"properties\":{\"name\":[\"Body %d\"]}}\n", i, i);
    for (int i = 0; i < n; i++) {
        EMIT("{\"id\":\"c%d\",\"schema\":\"Company\",\"properties\":{\"name\":[\"C %d\"]%s}}\n", i, i,
             rand() % (stress ? 5 : 12) == 0 ? ",\"topics\":[\"gov.soe\"]" : "");
    }
    for (int i = 0; i < n; i++) {
        int owners = rand() % 4;
        for (int k = 0; k < owners; k++) {
            char from[16];
            if (rand() % 6 == 0) snprintf(from, sizeof from, "pb%d", rand() % n_pb);
            else if (i) snprintf(from, sizeof from, "c%d", rand() % i);
            else continue;
            const char *p = pct[rand() % 10];
            int claims = rand() % 25 == 0 ? 2 : 1;
            for (int c = 0; c < claims; c++, e++) {
                if (c) p = pct[rand() % 10];
                EMIT("{\"id\":\"o%d\",\"schema\":\"Ownership\",\"properties\":{\"owner\":[\"%s\"],"
                     "\"asset\":[\"c%d\"]%s%s%s}}\n",
                     e, from, i, *p ? ",\"percentage\":[\"" : "", p, *p ? "\"]" : "");
            }
        }
        /* a stake back in an earlier company: a cycle when that one holds i through others */
        if (i > 2 && rand() % 3 == 0) {
            const char *p = diverge && rand() % 4 == 0 ? "100%" : (rand() % 2 ? "20%" : "5-15%");
            EMIT("{\"id\":\"o%d\",\"schema\":\"Ownership\",\"properties\":{\"owner\":[\"c%d\"],"
                 "\"asset\":[\"c%d\"],\"percentage\":[\"%s\"]}}\n",
                 e++, i, rand() % i, p);
        }
    }
#undef EMIT
    FILE *in = fmemopen(buf, len, "rb");
    ov_ingest_opts o = {.dataset = "random"};
    ov_ingest_stats s;
    CHECK_EQ_INT(ov_ingest(st, M, "random.jsonl", in, &o, &s), OV_OK);
    fclose(in);
    free(buf);
}

/* One random registry, checked: the whole pass against the per-node answer,
 * and the typology against the one made for each company alone. */
static void random_case(unsigned seed, bool diverge, bool stress)
{
    ov_store *st = new_store();
    if (!st) return;
    random_graph(st, seed, diverge, stress);
    ov_graph *g = NULL;
    CHECK_EQ_INT(ov_graph_build(st, M, NULL, &g), OV_OK);
    char what[48];
    snprintf(what, sizeof what, "random graph %u%s", seed, stress ? " (stress)" : "");
    if (g) whole_agrees(g, what);
    if (g) typology_agrees(st, g, what);
    ov_graph_free(g);
    ov_store_close(st);
}

/* 40 registries; OV_STRESS=1: 1,500 (every other one with 100 % holdings
 * back, one company in five state-owned), from OV_SEED on when set. Always
 * also the stress registries where a state share of exactly 50 % came out
 * a rounding below it by one computation and not the other (the typology's
 * threshold then named different classes). */
static void random_cases(void)
{
    bool stress = getenv("OV_STRESS") != NULL;
    for (unsigned seed = getenv("OV_SEED") ? (unsigned)atoi(getenv("OV_SEED")) : 1; seed <= (stress ? 1500u : 40u); seed++)
        random_case(seed, stress ? seed % 2 == 0 : seed > 30, stress);
    static const unsigned at_half[] = {115, 305, 495, 524, 580};
    for (size_t i = 0; !stress && i < sizeof at_half / sizeof at_half[0]; i++)
        random_case(at_half[i], at_half[i] % 2 == 0, true);
}

/* A large diverging component: 70 companies in a ring, each holding 100 % of
 * the next, the state 10 % of r0, and r5 holding 50 % of co-below. The
 * whole-graph pass caps every ring member the state reaches at 1 and flags it
 * (it does not solve a ring that large member by member); below the ring it
 * agrees with the per-node answer (1: the walk sums diverge). The typology
 * does not call the members state-owned on that ground: their strongest
 * single chain gives 10 %. */
static void diverging_ring(void)
{
    ov_store *st = new_store();
    if (!st) return;
    enum { RING = 70 };
    size_t cap = 1 << 15, len = 0;
    char *buf = malloc(cap);
#define EMIT(...) len += (size_t)snprintf(buf + len, cap - len, __VA_ARGS__)
    EMIT("{\"id\":\"pb\",\"schema\":\"PublicBody\",\"properties\":{\"name\":[\"Body\"]}}\n");
    EMIT("{\"id\":\"co-below\",\"schema\":\"Company\",\"properties\":{\"name\":[\"Below\"]}}\n");
    for (int i = 0; i < RING; i++)
        EMIT("{\"id\":\"r%d\",\"schema\":\"Company\",\"properties\":{\"name\":[\"R %d\"]}}\n", i, i);
    for (int i = 0; i < RING; i++)
        EMIT("{\"id\":\"o%d\",\"schema\":\"Ownership\",\"properties\":{\"owner\":[\"r%d\"],"
             "\"asset\":[\"r%d\"],\"percentage\":[\"100%%\"]}}\n",
             i, i, (i + 1) % RING);
    EMIT("{\"id\":\"os\",\"schema\":\"Ownership\",\"properties\":{\"owner\":[\"pb\"],\"asset\":[\"r0\"],"
         "\"percentage\":[\"10%%\"]}}\n");
    EMIT("{\"id\":\"ob\",\"schema\":\"Ownership\",\"properties\":{\"owner\":[\"r5\"],"
         "\"asset\":[\"co-below\"],\"percentage\":[\"50%%\"]}}\n");
#undef EMIT
    FILE *in = fmemopen(buf, len, "rb");
    ov_ingest_opts o = {.dataset = "ring"};
    ov_ingest_stats stats;
    CHECK_EQ_INT(ov_ingest(st, M, "ring.jsonl", in, &o, &stats), OV_OK);
    fclose(in);
    free(buf);
    ov_graph *g = NULL;
    ov_state_shares *all = NULL;
    CHECK_EQ_INT(ov_graph_build(st, M, NULL, &g), OV_OK);
    if (g) CHECK_EQ_INT(ov_own_state_shares(g, &all), OV_OK);
    if (g && all) {
        uint32_t v;
        double mn, mx, pmn, pmx;
        ov_path p, pp;
        uint8_t unb = 0;
        CHECK(ov_graph_find(g, "r3", &v));
        ov_own_state_shares_get(all, v, &mn, &mx, &p, &unb);
        CHECK(mn == 1.0 && mx == 1.0);
        CHECK_EQ_INT(unb, 3);
        CHECK_EQ_INT(p.n, 4); /* pb -> r0 -> r1 -> r2 -> r3 */
        CHECK(fabs(p.share - 0.10) < 1e-12);
        CHECK(ov_graph_find(g, "co-below", &v));
        ov_own_state_shares_get(all, v, &mn, &mx, &p, &unb);
        CHECK_EQ_INT(ov_own_state_chain_share(g, v, &pmn, &pmx, &pp), OV_OK);
        CHECK(mn == 1.0 && mx == 1.0 && pmn == 1.0 && pmx == 1.0);
        CHECK_EQ_INT(unb, 3);
        ov_typology *t = NULL;
        size_t n = 0;
        CHECK_EQ_INT(ov_typology_classify(st, g, &t, &n), OV_OK);
        for (size_t i = 0; i < n; i++) {
            if (strcmp(ov_graph_node_id(g, t[i].node), "r3")) continue;
            CHECK_EQ_STR(t[i].cls, "state-invested");
            char why[400];
            ov_typology_reason(&t[i], why, sizeof why);
            CHECK(strstr(why, "does not converge") != NULL);
            CHECK(strstr(why, "10.00%") != NULL);
        }
        free(t);
    }
    ov_own_state_shares_free(all);
    ov_graph_free(g);
    ov_store_close(st);
}

static void cases(void)
{
    tmpstore_setup("state-share");
    ov_store *st = new_store();
    if (!st) return;
    FILE *in = fmemopen((void *)record, sizeof record - 1, "rb");
    ov_ingest_opts o = {.dataset = "state"};
    ov_ingest_stats s;
    CHECK_EQ_INT(ov_ingest(st, M, "state.jsonl", in, &o, &s), OV_OK);
    fclose(in);
    ov_graph *g = NULL;
    CHECK_EQ_INT(ov_graph_build(st, M, NULL, &g), OV_OK);
    if (g) {
        share_of(g, "co-x", 0.30, 0.30, 2);   /* co-soe -> co-a -> co-x */
        share_of(g, "co-a", 0.50, 0.50, 1);
        share_of(g, "co-c", 0.15, 0.15, 3);   /* 0.30 * 0.5: through co-x once */
        share_of(g, "co-y", 0.25, 0.50, 1);
        share_of(g, "co-b", 0.0, 0.0, 0);     /* no state above it */
        share_of(g, "co-soe", 1.0, 1.0, 1);   /* held by the PublicBody, whatever it is itself */
        share_of(g, "co-z", 1.0, 1.0, -1);    /* co-p's cycles return 114 %: capped */
        whole_agrees(g, "hand-made cases");
        typology_agrees(st, g, "hand-made cases");
    }
    ov_graph_free(g);
    ov_store_close(st);
    random_cases();
    diverging_ring();
    tmpstore_teardown();
}

TEST_MAIN(cases)
