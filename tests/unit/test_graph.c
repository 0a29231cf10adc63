/* test_graph.c - share parsing and the graph's lookups. */
#include <math.h>
#include <string.h>
#include "harness.h"
#include "tmpstore.h"
#include "oversight/graph.h"
#include "oversight/io.h"
#include "oversight/own.h"
#include "oversight/render.h"
#include "util/alloc.h"
#include <stdlib.h>
#include <unistd.h>

static void share(const char *text, bool ok, double lo, double hi, bool excl)
{
    ov_share s;
    bool got = ov_share_parse(text, &s);
    if (got != ok) {
        ov_t_fail++;
        fprintf(stderr, "share \"%s\": parsed %d, expected %d\n", text, got, ok);
        return;
    }
    if (!ok) {
        CHECK(!s.has_share);
        return;
    }
    if (fabs(s.min - lo) > 1e-12 || fabs(s.max - hi) > 1e-12 || s.min_exclusive != excl) {
        ov_t_fail++;
        fprintf(stderr, "share \"%s\": %g..%g excl %d, expected %g..%g excl %d\n", text, s.min, s.max,
                s.min_exclusive, lo, hi, excl);
        return;
    }
    ov_t_pass++;
}

static void test_share_parse(void)
{
    share("51%", true, 0.51, 0.51, false);
    share("51", true, 0.51, 0.51, false);
    /* FtM percentage is a percent: a bare decimal is not a fraction (0.68 is 0.68 %) */
    share("0.51", true, 0.0051, 0.0051, false);
    share("0.68", true, 0.0068, 0.0068, false);
    share("51,5 %", true, 0.515, 0.515, false);
    share("100", true, 1.0, 1.0, false);
    share("1", true, 0.01, 0.01, false);
    share("25-50%", true, 0.25, 0.5, false);
    share("25 - 50 %", true, 0.25, 0.5, false);
    share("between 25 and 50 percent", true, 0.25, 0.5, false);
    share("25% to 50%", true, 0.25, 0.5, false);
    share("more than 25 percent", true, 0.25, 1.0, true);
    share(">50%", true, 0.5, 1.0, true);
    share("at least 50%", true, 0.5, 1.0, false);
    share("less than 10%", true, 0.0, 0.1, false);
    share("majority", true, 0.5, 1.0, true);
    share("0.25-0.5", true, 0.0025, 0.005, false);
    share("", false, 0, 0, false);
    share("unknown", false, 0, 0, false);
    share("150%", false, 0, 0, false);
    share("more than 150%", false, 0, 0, false); /* a bound past 100 % states no share (found by fuzz_names) */
    share("over 520", false, 0, 0, false);
    share("more than 100%", false, 0, 0, false);
    share("at least 100%", true, 1.0, 1.0, false);
    share("1,000 shares", false, 0, 0, false); /* a count of shares is not a percentage */
}

static void test_share_format(void)
{
    char buf[48];
    ov_share s = {true, 0.51, 0.51, false};
    ov_share_format(&s, buf, sizeof buf);
    CHECK_EQ_STR(buf, "51%");
    s = (ov_share){true, 0.25, 0.5, false};
    ov_share_format(&s, buf, sizeof buf);
    CHECK_EQ_STR(buf, "25-50%");
    s = (ov_share){true, 0.5, 1.0, true};
    ov_share_format(&s, buf, sizeof buf);
    CHECK_EQ_STR(buf, ">50%");
    s = (ov_share){false, 0, 0, false};
    ov_share_format(&s, buf, sizeof buf);
    CHECK_EQ_STR(buf, "?");
}

/* The hand-made cases of tests/fixtures/own (see its README) through the
 * whole-graph analyses. */
static void test_whole_graph(void)
{
    char err[256], path[] = "/tmp/ov-graph-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    unlink(path);
    ov_model *m;
    CHECK_EQ_INT(ov_model_load_default(&m, err, sizeof err), OV_OK);
    ov_store *st;
    CHECK_EQ_INT(ov_store_open(&st, path, OV_OPEN_CREATE, m), OV_OK);
    char fixture[512];
    snprintf(fixture, sizeof fixture, "%s/own/cases.ijson", getenv("OV_FIXTURES"));
    FILE *in = fopen(fixture, "rb");
    CHECK(in != NULL);
    if (!in) return;
    ov_ingest_opts o = {.dataset = "cases"};
    ov_ingest_stats s;
    CHECK_EQ_INT(ov_ingest(st, m, fixture, in, &o, &s), OV_OK);
    fclose(in);
    ov_graph *g;
    CHECK_EQ_INT(ov_graph_build(st, m, NULL, &g), OV_OK);
    uint32_t n = ov_graph_node_count(g);
    uint32_t x, y, node;
    CHECK(ov_graph_find(g, "x", &x) && ov_graph_find(g, "y", &y));
    CHECK(!ov_graph_find(g, "own-1", &node)); /* interests are edges, not nodes */
    double *lo = calloc(n, sizeof *lo), *hi = calloc(n, sizeof *hi);
    uint32_t seeds[] = {x, y};
    CHECK_EQ_INT(ov_own_holdings(g, seeds, 2, lo, hi), OV_OK);
    struct { const char *id; double lo, hi; } want[] = {
        {"co-a", 0.5, 0.5},      {"co-b", 0.25, 0.25}, {"co-c", 0.5, 0.5},
        {"co-d", 0.45, 0.45},    /* 30% + 50% x 30% */
        {"co-e", 0.25, 0.75},    {"co-f", 0.48, 0.51},
        {"co-g", 0.625, 0.625},  /* 0.4 / (1 - 0.36) through the G-H cycle */
        {"co-h", 0.375, 0.375},  {"co-k", 0, 0}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        CHECK(ov_graph_find(g, want[i].id, &node));
        if (fabs(lo[node] - want[i].lo) > 1e-9 || fabs(hi[node] - want[i].hi) > 1e-9) {
            ov_t_fail++;
            fprintf(stderr, "holdings %s: %g..%g, want %g..%g\n", want[i].id, lo[node], hi[node], want[i].lo, want[i].hi);
        } else {
            ov_t_pass++;
        }
    }
    uint32_t *parent = calloc(n, sizeof *parent);
    uint8_t *cycle = calloc(n, 1);
    CHECK_EQ_INT(ov_own_ultimate_parents(g, parent, cycle), OV_OK);
    uint32_t j, k, b, gn, s_body;
    CHECK(ov_graph_find(g, "co-j", &j) && ov_graph_find(g, "co-k", &k) && ov_graph_find(g, "co-b", &b) &&
          ov_graph_find(g, "co-g", &gn) && ov_graph_find(g, "state-s", &s_body));
    CHECK_EQ_INT(parent[j], x);
    CHECK_EQ_INT(parent[k], s_body);
    CHECK_EQ_INT(parent[b], b); /* 50% is no majority */
    CHECK(cycle[gn]);
    CHECK(!cycle[j]);
    CHECK(ov_graph_node_state(g, s_body) & OV_STATE_PUBLIC_BODY);
    free(lo);
    free(hi);
    free(parent);
    free(cycle);
    ov_graph_free(g);
    ov_store_close(st);
    ov_model_free(m);
    unlink(path);
    char side[600];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}


/* A fresh store with the FtM JSON lines of path loaded; NULL on failure. */
static ov_store *store_of(const char *path, const char *dataset)
{
    ov_store *st = new_store();
    FILE *f = st ? fopen(path, "rb") : NULL;
    CHECK(f != NULL);
    if (!f) {
        ov_store_close(st);
        return NULL;
    }
    ov_ingest_opts o = {.dataset = dataset};
    ov_ingest_stats is;
    CHECK_EQ_INT(ov_ingest(st, M, path, f, &o, &is), OV_OK);
    fclose(f);
    return st;
}

/* A store of a few thousand interests, more than one batch of the builder
 * (references are resolved a batch at a time): edges in scan order with the
 * right ends, references to absent entities dropped, as-of filtering, captions,
 * countries, state flags and lookups. */
#define N_CO 3000
#define N_OWN 2600
static void test_build_batches(void)
{
    tmpstore_setup("graph");
    char path[256];
    snprintf(path, sizeof path, "%s/batches.ijson", tmpdir);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f) return;
    char longname[400];
    memset(longname, 'L', 300);
    longname[300] = 0;
    for (int i = 0; i < N_CO; i++) {
        fprintf(f, "{\"id\": \"c%d\", \"schema\": \"Company\", \"properties\": {\"name\": [\"%s\"]", i,
                i == 4 ? longname : i % 2 ? "" : "Company");
        if (i % 3 == 0) fprintf(f, ", \"country\": [\"cn\", \"hk\"]");
        if (i % 3 == 1) fprintf(f, ", \"jurisdiction\": [\"us\"]");
        if (i == 7) fprintf(f, ", \"topics\": [\"gov.soe\"]");
        fprintf(f, "}}\n");
    }
    fprintf(f, "{\"id\": \"pb\", \"schema\": \"PublicBody\", \"properties\": {\"name\": [\"Ministry\"]}}\n");
    fprintf(f, "{\"id\": \"ctl\", \"schema\": \"Control\", \"properties\": {\"controller\": [\"pb\"], "
               "\"controlled\": [\"c5\"], \"controlType\": [\"state\"]}}\n");
    int want_all = 0, want_2020 = 0;
    for (int i = 0; i < N_OWN; i++) {
        bool missing = i % 11 == 0, late = i % 7 == 0;
        fprintf(f, "{\"id\": \"o%d\", \"schema\": \"Ownership\", \"properties\": {\"owner\": [\"%s%d\"], "
                   "\"asset\": [\"c%d\"], \"percentage\": [\"60%%\"]%s}}\n",
                i, missing ? "nobody" : "c", i + 1, i, late ? ", \"startDate\": [\"2030-01-01\"]" : "");
        want_all += !missing;
        want_2020 += !missing && !late;
    }
    fclose(f);
    ov_store *st = store_of(path, "batches");
    if (!st) return;
    for (int pass = 0; pass < 2; pass++) {
        ov_graph_opts go = {.as_of = pass ? "2020-01-01" : NULL};
        ov_graph *g = NULL;
        CHECK_EQ_INT(ov_graph_build(st, M, &go, &g), OV_OK);
        if (!g) continue;
        uint32_t n_own = 0, n_ctl = 0;
        int last = -1;
        bool ordered = true, ends = true;
        for (uint32_t e = 0; e < ov_graph_edge_count(g); e++) {
            const ov_edge *ed = ov_graph_edge(g, e);
            if (ed->kind != OV_EDGE_OWNERSHIP) {
                n_ctl++;
                continue;
            }
            n_own++;
            int i = atoi(ed->interest_id + 1);
            char from[32], to[32];
            snprintf(from, sizeof from, "c%d", i + 1);
            snprintf(to, sizeof to, "c%d", i);
            if (i <= last) ordered = false;
            last = i;
            if (strcmp(ov_graph_node_id(g, ed->from), from) || strcmp(ov_graph_node_id(g, ed->to), to) ||
                !ed->share.has_share || fabs(ed->share.min - 0.6) > 1e-12 || i % 11 == 0 || (pass && i % 7 == 0))
                ends = false;
        }
        CHECK_EQ_INT(n_own, pass ? want_2020 : want_all);
        CHECK_EQ_INT(n_ctl, 1);
        CHECK(ordered);
        CHECK(ends);
        uint32_t c0, c1, c2, c4, c5, c7, pb, node;
        CHECK(ov_graph_find(g, "c0", &c0) && ov_graph_find(g, "c1", &c1) && ov_graph_find(g, "c2", &c2) &&
              ov_graph_find(g, "c4", &c4) && ov_graph_find(g, "c5", &c5) && ov_graph_find(g, "c7", &c7) &&
              ov_graph_find(g, "pb", &pb));
        CHECK(!ov_graph_find(g, "o1", &node)); /* an interest */
        CHECK(!ov_graph_find(g, "nobody1", &node));
        CHECK(!ov_graph_find(g, "c", &node));
        CHECK(!ov_graph_find(g, "", &node));
        CHECK_EQ_STR(ov_graph_node_id(g, c2), "c2");
        CHECK_EQ_STR(ov_graph_node_schema(g, c2), "Company");
        CHECK_EQ_STR(ov_graph_node_caption(g, c2), "Company");
        CHECK_EQ_INT(strlen(ov_graph_node_caption(g, c4)), 200);
        CHECK(ov_graph_node_caption(g, c1) != NULL);
        CHECK_EQ_STR(ov_graph_node_country(g, c0), "cn");
        CHECK_EQ_STR(ov_graph_node_country(g, c1), "us");
        CHECK(ov_graph_node_country(g, c2) == NULL);
        CHECK_EQ_INT(ov_graph_node_state(g, pb), OV_STATE_PUBLIC_BODY);
        CHECK_EQ_INT(ov_graph_node_state(g, c5), OV_STATE_CONTROL);
        CHECK_EQ_INT(ov_graph_node_state(g, c7), OV_STATE_SOE_TOPIC);
        CHECK_EQ_INT(ov_graph_node_state(g, c2), 0);
        uint32_t n_in, n_out;
        ov_graph_in(g, c5, &n_in);
        ov_graph_out(g, c5, &n_out);
        CHECK_EQ_INT(n_in, 2); /* the state's control and o5's owner c6 */
        CHECK_EQ_INT(n_out, 1); /* c5 owns c4 */
        CHECK(ov_graph_node_id(g, ov_graph_node_count(g)) == NULL);
        ov_graph_free(g);
    }
    /* every allocation of a build failing in turn: an error, nothing leaked */
    int failed = 0;
    for (int64_t k = 0; k < 400; k += k < 64 ? 1 : 37) {
        ov_graph *g = NULL;
        ov__alloc_fail_after(k);
        int rc = ov_graph_build(st, M, NULL, &g);
        ov__alloc_fail_after(-1);
        if (rc) {
            failed++;
            CHECK(g == NULL);
        }
        ov_graph_free(g);
    }
    CHECK(failed > 10);
    ov_store_close(st);
    tmpstore_teardown();
}

/* The holdings a node's out-list gives, worked out from its edges as the
 * table promises: one per asset, in the order of their first ownership edges,
 * that edge, and the band of every stated share of the pair (0..1 when none is
 * stated). Returns the number of nodes whose table differs. */
static int holdings_differ(const ov_graph *g)
{
    int bad = 0;
    for (uint32_t v = 0; v <= ov_graph_node_count(g); v++) {
        uint32_t n, nh, k = 0;
        const uint32_t *out = ov_graph_out(g, v, &n);
        const ov_holding *h = ov_graph_holdings(g, v, &nh);
        for (uint32_t i = 0; i < n; i++) {
            const ov_edge *e = ov_graph_edge(g, out[i]);
            bool first = e->kind == OV_EDGE_OWNERSHIP, known = false;
            double lo = 0, hi = 1;
            for (uint32_t j = 0; first && j < n; j++) {
                const ov_edge *f = ov_graph_edge(g, out[j]);
                if (f->kind != OV_EDGE_OWNERSHIP || f->to != e->to) continue;
                if (j < i) first = false;
                if (!f->share.has_share) continue;
                lo = known && lo < f->share.min ? lo : f->share.min;
                hi = known && hi > f->share.max ? hi : f->share.max;
                known = true;
            }
            if (!first) continue;
            if (k >= nh || h[k].asset != e->to || h[k].edge != out[i] || h[k].min != lo || h[k].max != hi) bad++;
            k++;
        }
        if (k != nh) bad++;
    }
    return bad;
}

/* Parallel claims (the zala sample's 48 %, 50 % and 51 %), a band, a pair
 * without a stated share, other kinds of edges, an owner of more than 8
 * holdings (sorted, not compared pairwise) and a graph as of a date. */
static void test_holdings(void)
{
    tmpstore_setup("holdings");
    char path[256];
    snprintf(path, sizeof path, "%s/holdings.ijson", tmpdir);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f) return;
    static const char *const co[] = {"a", "b", "c", "d", "e", "p"};
    for (size_t i = 0; i < sizeof co / sizeof co[0]; i++)
        fprintf(f, "{\"id\": \"%s\", \"schema\": \"Company\", \"properties\": {\"name\": [\"%s\"]}}\n", co[i], co[i]);
    for (int i = 0; i < 12; i++)
        fprintf(f, "{\"id\": \"t%d\", \"schema\": \"Company\", \"properties\": {\"name\": [\"T%d\"]}}\n", i, i);
    static const char *const own[][4] = {
        /* id, owner, asset, percentage ("" none); endDate below for o3 */
        {"o1", "a", "b", "48%"}, {"o2", "a", "c", "25-50%"}, {"o3", "a", "b", "51%"},
        {"o4", "a", "d", ""},    {"o5", "a", "b", "50%"},    {"o6", "a", "e", "30%"},
        {"o7", "a", "e", ""},
    };
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++) {
        fprintf(f, "{\"id\": \"%s\", \"schema\": \"Ownership\", \"properties\": {\"owner\": [\"%s\"], \"asset\": [\"%s\"]",
                own[i][0], own[i][1], own[i][2]);
        if (own[i][3][0]) fprintf(f, ", \"percentage\": [\"%s\"]", own[i][3]);
        if (!strcmp(own[i][0], "o3")) fprintf(f, ", \"endDate\": [\"2010-12-31\"]");
        fprintf(f, "}}\n");
    }
    fprintf(f, "{\"id\": \"k1\", \"schema\": \"Control\", \"properties\": {\"controller\": [\"a\"], \"controlled\": [\"p\"]}}\n");
    fprintf(f, "{\"id\": \"k2\", \"schema\": \"Directorship\", \"properties\": {\"director\": [\"a\"], "
               "\"organization\": [\"c\"]}}\n");
    /* p holds t0..t11, t3 twice (10% and 20%), t7 three times (one without a share) */
    for (int i = 0, e = 0; i < 12; i++) {
        int claims = i == 3 ? 2 : i == 7 ? 3 : 1;
        for (int c = 0; c < claims; c++, e++) {
            fprintf(f, "{\"id\": \"q%d\", \"schema\": \"Ownership\", \"properties\": {\"owner\": [\"p\"], "
                       "\"asset\": [\"t%d\"]", e, i);
            if (!(i == 7 && c == 1)) fprintf(f, ", \"percentage\": [\"%d%%\"]", 10 * (c + 1));
            fprintf(f, "}}\n");
        }
    }
    fclose(f);
    ov_store *st = store_of(path, "holdings");
    if (!st) return;
    for (int pass = 0; pass < 2; pass++) {
        ov_graph_opts go = {.as_of = pass ? "2020-01-01" : NULL};
        ov_graph *g = NULL;
        CHECK_EQ_INT(ov_graph_build(st, M, &go, &g), OV_OK);
        if (!g) continue;
        CHECK_EQ_INT(holdings_differ(g), 0);
        uint32_t a, b, c, d, e, p, t3, t7, n;
        CHECK(ov_graph_find(g, "a", &a) && ov_graph_find(g, "b", &b) && ov_graph_find(g, "c", &c) &&
              ov_graph_find(g, "d", &d) && ov_graph_find(g, "e", &e) && ov_graph_find(g, "p", &p) &&
              ov_graph_find(g, "t3", &t3) && ov_graph_find(g, "t7", &t7));
        const ov_holding *h = ov_graph_holdings(g, a, &n);
        CHECK_EQ_INT(n, 4); /* b, c, d, e: not the Control or the Directorship */
        if (n == 4) {
            CHECK(h[0].asset == b && h[1].asset == c && h[2].asset == d && h[3].asset == e);
            CHECK_EQ_STR(ov_graph_edge(g, h[0].edge)->interest_id, "o1");
            CHECK(h[0].min == 0.48 && h[0].max == (pass ? 0.5 : 0.51)); /* o3 ended in 2010 */
            CHECK(h[1].min == 0.25 && h[1].max == 0.5);
            CHECK(h[2].min == 0 && h[2].max == 1);       /* no share stated */
            CHECK(h[3].min == 0.3 && h[3].max == 0.3);   /* a claim without a share does not widen it */
            CHECK_EQ_STR(ov_graph_edge(g, h[3].edge)->interest_id, "o6");
        }
        h = ov_graph_holdings(g, p, &n);
        CHECK_EQ_INT(n, 12);
        for (uint32_t i = 0; i < n; i++) {
            if (h[i].asset == t3) CHECK(h[i].min == 0.1 && h[i].max == 0.2);
            if (h[i].asset == t7) CHECK(h[i].min == 0.1 && h[i].max == 0.3);
        }
        CHECK(ov_graph_holdings(g, b, &n) != NULL && n == 0);
        CHECK(ov_graph_holdings(g, ov_graph_node_count(g), &n) == NULL && n == 0);
        ov_graph_free(g);
    }
    ov_store_close(st);
    tmpstore_teardown();
}

TEST_MAIN(test_share_parse, test_share_format, test_whole_graph, test_build_batches, test_holdings)
