/* test_own_algo.c - the ownership algorithms against dense references on
 * random graphs: integrated shares of "who owns X" (the Leontief form with
 * the holder not re-entering itself, solved densely here), diverging cycles,
 * and allocation failures in the owners and control analyses. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "tmpstore.h"
#include "oversight/graph.h"
#include "oversight/io.h"
#include "oversight/own.h"
#include "util/alloc.h"

#define MAXN 48

typedef struct rgraph {
    int n;                     /* companies c0 .. c(n-1) */
    int n_edges;
    int from[MAXN * 8], to[MAXN * 8];
    double lo[MAXN * 8], hi[MAXN * 8]; /* lo < 0: no stated share */
} rgraph;

static uint64_t rng_state;
/* uniform in [0, 1), on a grid of 1e-6 (shares are written with four decimals of a percent) */
static double rnd(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return floor((double)(rng_state >> 11) / 9007199254740992.0 * 1e6) / 1e6;
}

static double grid(double s) { return floor(s * 1e6) / 1e6; }

/* Writes g as FtM JSON lines, loads it into a fresh store and builds the graph. */
static ov_graph *load(const rgraph *rg, ov_store **st_out)
{
    char path[256];
    snprintf(path, sizeof path, "%s/g%d.ijson", tmpdir, store_seq + 1);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f) return NULL;
    for (int i = 0; i < rg->n; i++)
        fprintf(f, "{\"id\": \"c%d\", \"schema\": \"Company\", \"properties\": {\"name\": [\"Company %d\"]}}\n", i, i);
    for (int e = 0; e < rg->n_edges; e++) {
        fprintf(f, "{\"id\": \"o%d\", \"schema\": \"Ownership\", \"properties\": {\"owner\": [\"c%d\"], \"asset\": [\"c%d\"]",
                e, rg->from[e], rg->to[e]);
        if (rg->lo[e] >= 0 && rg->lo[e] == rg->hi[e]) fprintf(f, ", \"percentage\": [\"%.4f%%\"]", rg->lo[e] * 100);
        else if (rg->lo[e] >= 0) fprintf(f, ", \"percentage\": [\"%.4f-%.4f%%\"]", rg->lo[e] * 100, rg->hi[e] * 100);
        fprintf(f, "}}\n");
    }
    fclose(f);
    ov_store *st = new_store();
    if (!st) return NULL;
    f = fopen(path, "rb");
    ov_ingest_opts o = {.dataset = "algo"};
    ov_ingest_stats s;
    CHECK_EQ_INT(ov_ingest(st, M, path, f, &o, &s), OV_OK);
    fclose(f);
    ov_graph *g = NULL;
    CHECK_EQ_INT(ov_graph_build(st, M, NULL, &g), OV_OK);
    *st_out = st;
    return g;
}

/* Inverts I - A (n x n, row-major) in place into z by Gauss-Jordan without
 * pivoting; false when a pivot is not positive (the walk sums diverge). */
static bool inverse(int n, const double *a, double *z)
{
    static double m[MAXN][2 * MAXN];
    for (int i = 0; i < n; i++)
        for (int j = 0; j < 2 * n; j++) m[i][j] = j < n ? (i == j) - a[i * n + j] : (j - n == i);
    for (int p = 0; p < n; p++) {
        if (!(m[p][p] > 1e-12)) return false;
        double d = m[p][p];
        for (int j = 0; j < 2 * n; j++) m[p][j] /= d;
        for (int i = 0; i < n; i++) {
            if (i == p || m[i][p] == 0) continue;
            double f = m[i][p];
            for (int j = 0; j < 2 * n; j++) m[i][j] -= f * m[p][j];
        }
    }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) z[i * n + j] = m[i][n + j];
    return true;
}

/* The holdings of rg at one reading of the bands: parallel claims are one
 * holding spanning the stated shares; none stated: 0..1. has[i][j] says whether
 * i holds j (self-holdings left out). */
static void merged_holdings(const rgraph *rg, bool use_max, double w[MAXN][MAXN], bool has[MAXN][MAXN])
{
    static bool known[MAXN][MAXN];
    memset(has, 0, sizeof(bool) * MAXN * MAXN);
    memset(known, 0, sizeof known);
    for (int e = 0; e < rg->n_edges; e++) {
        int i = rg->from[e], j = rg->to[e];
        if (i == j) continue;
        if (!has[i][j]) w[i][j] = use_max; /* until a share is stated */
        has[i][j] = true;
        if (rg->lo[e] < 0) continue;
        double v = use_max ? rg->hi[e] : rg->lo[e];
        w[i][j] = !known[i][j] ? v : use_max ? fmax(w[i][j], v) : fmin(w[i][j], v);
        known[i][j] = true;
    }
}

/* The expected integrated shares of every holder of x, by the definition:
 * over x's ancestors, Z = (I - A)^-1 and T_h = Z_hx / Z_hh. */
static bool reference(const rgraph *rg, int x, bool use_max, double *t /* by company, -1 = not a holder */)
{
    bool anc[MAXN] = {false};
    anc[x] = true;
    for (bool grew = true; grew;) {
        grew = false;
        for (int e = 0; e < rg->n_edges; e++)
            if (anc[rg->to[e]] && !anc[rg->from[e]] && rg->from[e] != rg->to[e]) anc[rg->from[e]] = grew = true;
    }
    static double a[MAXN * MAXN], z[MAXN * MAXN];
    int n = rg->n;
    memset(a, 0, sizeof a);
    static double w[MAXN][MAXN];
    static bool has[MAXN][MAXN];
    merged_holdings(rg, use_max, w, has);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            if (has[i][j] && anc[i] && anc[j]) a[i * n + j] = w[i][j];
    if (!inverse(n, a, z)) return false;
    for (int h = 0; h < n; h++) {
        t[h] = -1;
        if (h == x || !anc[h]) continue;
        double v = z[h * n + x] / z[h * n + h];
        t[h] = v > 1 ? 1 : v;
    }
    return true;
}

/* A random graph: a DAG of holdings with cross-holdings back up; each
 * company's holders state at most `room` in total (so cycles converge). */
static void random_graph(rgraph *rg, int n, double cross, double room, bool unknown)
{
    memset(rg, 0, sizeof *rg);
    rg->n = n;
    double held[MAXN] = {0};
    for (int j = 1; j < n; j++) {
        int k = (int)(rnd() * 3);
        for (int t = 0; t < k && rg->n_edges < MAXN * 8 - 4; t++) {
            int i = (int)(rnd() * j);
            double s = grid(rnd() * (room - held[j]) * 0.8);
            int e = rg->n_edges++;
            rg->from[e] = i;
            rg->to[e] = j;
            if (unknown && rnd() < 0.1) {
                rg->lo[e] = rg->hi[e] = -1;
                s = room - held[j]; /* counts fully at the maximum */
            } else if (rnd() < 0.2) {
                rg->lo[e] = grid(s * 0.5);
                rg->hi[e] = s;
            } else {
                rg->lo[e] = rg->hi[e] = s;
            }
            held[j] += s;
            if (rnd() < 0.1) { /* a parallel claim about the same holding */
                int e2 = rg->n_edges++;
                rg->from[e2] = i;
                rg->to[e2] = j;
                rg->lo[e2] = rg->hi[e2] = grid(s * 0.9);
            }
        }
        if (rnd() < cross && j > 1) { /* j holds some of an earlier company */
            int i = (int)(rnd() * j);
            double s = grid(rnd() * (room - held[i]));
            if (s <= 0) continue;
            int e = rg->n_edges++;
            rg->from[e] = j;
            rg->to[e] = i;
            rg->lo[e] = rg->hi[e] = s;
            held[i] += s;
        }
    }
}

static void check_owners(const rgraph *rg, ov_graph *g)
{
    for (int x = 0; x < rg->n; x++) {
        char id[16];
        snprintf(id, sizeof id, "c%d", x);
        uint32_t node;
        if (!ov_graph_find(g, id, &node)) continue;
        double tmin[MAXN], tmax[MAXN];
        bool okmin = reference(rg, x, false, tmin), okmax = reference(rg, x, true, tmax);
        ov_holder *h = NULL;
        size_t nh = 0;
        CHECK_EQ_INT(ov_own_owners(g, node, &h, &nh), OV_OK);
        size_t expect = 0;
        for (int k = 0; k < rg->n; k++) expect += tmin[k] >= 0 || tmax[k] >= 0;
        if (okmin) CHECK_EQ_INT(nh, expect);
        for (size_t i = 0; i < nh; i++) {
            const char *hid = ov_graph_node_id(g, h[i].node);
            int k = atoi(hid + 1);
            if (okmin && fabs(h[i].integrated_min - tmin[k]) > 1e-9) {
                ov_t_fail++;
                fprintf(stderr, "owners of c%d: %s min %.12g, want %.12g\n", x, hid, h[i].integrated_min, tmin[k]);
            } else if (okmax && fabs(h[i].integrated_max - tmax[k]) > 1e-9) {
                ov_t_fail++;
                fprintf(stderr, "owners of c%d: %s max %.12g, want %.12g\n", x, hid, h[i].integrated_max, tmax[k]);
            } else {
                ov_t_pass++;
            }
            if (okmin) CHECK(!(h[i].unbounded & 1));
            if (okmax) CHECK(!(h[i].unbounded & 2));
        }
        free(h);
    }
}

static void test_random_converging(void)
{
    rng_state = 42;
    for (int round = 0; round < 30; round++) {
        rgraph rg;
        random_graph(&rg, 8 + round % 4 * 10, 0.3 + 0.02 * round, 0.95, round % 3 == 0);
        ov_store *st = NULL;
        ov_graph *g = load(&rg, &st);
        if (g) check_owners(&rg, g);
        ov_graph_free(g);
        ov_store_close(st);
    }
}

/* Cycles whose shares sum past 1: the holders reaching the subject through
 * them are capped at 1 and flagged; others are exact. */
static void test_diverging(void)
{
    rgraph rg = {0};
    rg.n = 5;
    /* c0 <-> c1 with unknown shares (0..1 each: diverges at the maximum only);
     * c1 holds 50% of c2; c3 holds 40% of c2; c4 holds 10% of c3 */
    int e = 0;
    rg.from[e] = 0, rg.to[e] = 1, rg.lo[e] = rg.hi[e] = -1, e++;
    rg.from[e] = 1, rg.to[e] = 0, rg.lo[e] = rg.hi[e] = -1, e++;
    rg.from[e] = 1, rg.to[e] = 2, rg.lo[e] = rg.hi[e] = 0.5, e++;
    rg.from[e] = 3, rg.to[e] = 2, rg.lo[e] = rg.hi[e] = 0.4, e++;
    rg.from[e] = 4, rg.to[e] = 3, rg.lo[e] = rg.hi[e] = 0.1, e++;
    rg.n_edges = e;
    ov_store *st = NULL;
    ov_graph *g = load(&rg, &st);
    uint32_t node;
    CHECK(g && ov_graph_find(g, "c2", &node));
    if (g) {
        ov_holder *h = NULL;
        size_t nh = 0;
        CHECK_EQ_INT(ov_own_owners(g, node, &h, &nh), OV_OK);
        CHECK_EQ_INT(nh, 4);
        for (size_t i = 0; i < nh; i++) {
            const char *id = ov_graph_node_id(g, h[i].node);
            if (!strcmp(id, "c1")) {
                CHECK(fabs(h[i].integrated_min - 0.5) < 1e-12);
                CHECK(h[i].integrated_max == 1.0 && h[i].unbounded == 2);
            } else if (!strcmp(id, "c0")) {
                CHECK(h[i].integrated_min == 0.0); /* 0% at the minimum */
                CHECK(h[i].integrated_max == 1.0 && h[i].unbounded == 2);
            } else if (!strcmp(id, "c3")) {
                CHECK(fabs(h[i].integrated_min - 0.4) < 1e-12 && h[i].unbounded == 0);
            } else {
                CHECK(!strcmp(id, "c4") && fabs(h[i].integrated_max - 0.04) < 1e-12 && h[i].unbounded == 0);
            }
        }
        free(h);
    }
    ov_graph_free(g);
    ov_store_close(st);
}

/* Who a rule controls from seeds on rg, as a plain fixed point over the
 * holdings (parallel claims merged into one band; no stated share: 0..1), one
 * per seed when the rule does not aggregate: cls[x] per company (0 for seeds). */
static void reference_control(const rgraph *rg, const int *seeds, int n_seeds, const ov_control_rule *r, int *cls)
{
    int n = rg->n;
    static double w[2][MAXN][MAXN];
    static bool has[MAXN][MAXN];
    merged_holdings(rg, false, w[0], has);
    merged_holdings(rg, true, w[1], has);
    bool seed[MAXN] = {0};
    for (int k = 0; k < n_seeds; k++) seed[seeds[k]] = true;
    for (int x = 0; x < n; x++) cls[x] = OV_CTRL_NOT;
    int groups = r->aggregate ? 1 : n_seeds;
    for (int use_max = 0; use_max < 2; use_max++)
        for (int gi = 0; gi < groups; gi++) {
            bool in[MAXN] = {0};
            for (int k = 0; k < n_seeds; k++)
                if (r->aggregate || k == gi) in[seeds[k]] = true;
            for (bool changed = true; changed;) {
                changed = false;
                for (int v = 0; v < n; v++) {
                    if (in[v]) continue;
                    double sum = 0;
                    for (int i = 0; i < n; i++)
                        if (in[i] && has[i][v]) sum += w[use_max][i][v];
                    if (r->inclusive ? sum >= r->threshold - 1e-12 : sum > r->threshold + 1e-12) in[v] = changed = true;
                }
            }
            for (int v = 0; v < n; v++) {
                int c = use_max ? OV_CTRL_POSSIBLE : OV_CTRL_CERTAIN;
                if (in[v] && !seed[v] && c > cls[v]) cls[v] = c;
            }
        }
}

static bool same_control(const ov_controlled *a, size_t na, const ov_controlled *b, size_t nb)
{
    if (na != nb) return false;
    for (size_t i = 0; i < na; i++)
        if (a[i].node != b[i].node || a[i].cls != b[i].cls || a[i].share_min != b[i].share_min ||
            a[i].share_max != b[i].share_max || a[i].n_edges != b[i].n_edges ||
            memcmp(a[i].edges, b[i].edges, sizeof a[i].edges[0] * (size_t)a[i].n_edges))
            return false;
    return true;
}

/* The three rules on random registries: the classes the reference gives, the
 * edges listed are holdings into the node from controlled holders, and a
 * second call on the same graph (which reuses the scratch the first left)
 * answers exactly as the first, after a call from other seeds in between. */
static void test_control_random(void)
{
    rng_state = 99;
    for (int round = 0; round < 24; round++) {
        rgraph rg;
        random_graph(&rg, 12 + round % 4 * 10, 0.3, 0.95 + 0.03 * (round % 3), round % 2 == 0);
        /* majorities, so that control spreads */
        for (int e = 0; e < rg.n_edges; e++)
            if (rg.lo[e] >= 0 && rnd() < 0.4) rg.lo[e] = rg.hi[e] = grid(0.3 + rnd() * 0.4);
        ov_store *st = NULL;
        ov_graph *g = load(&rg, &st);
        if (!g) continue;
        int seeds[4], n_seeds = 1 + round % 4;
        uint32_t sn[4];
        for (int k = 0; k < n_seeds; k++) {
            seeds[k] = (int)(rnd() * (rg.n / 3));
            char id[16];
            snprintf(id, sizeof id, "c%d", seeds[k]);
            CHECK(ov_graph_find(g, id, &sn[k]));
        }
        for (int ri = 0; ri < ov_control_rule_count(); ri++) {
            const ov_control_rule *r = ov_control_rule_at(ri);
            int want[MAXN];
            reference_control(&rg, seeds, n_seeds, r, want);
            ov_controlled *c = NULL, *again = NULL, *other = NULL;
            size_t nc = 0, na = 0, no = 0;
            CHECK_EQ_INT(ov_own_control(g, sn, (size_t)n_seeds, r, &c, &nc), OV_OK);
            int got[MAXN] = {0};
            bool edges_ok = true;
            for (size_t i = 0; i < nc; i++) {
                int x = atoi(ov_graph_node_id(g, c[i].node) + 1);
                got[x] = c[i].cls;
                edges_ok &= c[i].n_edges >= 1 && c[i].n_edges <= 8;
                for (int k = 0; k < c[i].n_edges; k++) {
                    const ov_edge *e = ov_graph_edge(g, c[i].edges[k]);
                    edges_ok &= e && e->kind == OV_EDGE_OWNERSHIP && e->to == c[i].node;
                }
                if (i) edges_ok &= c[i - 1].node < c[i].node; /* node order */
            }
            CHECK(edges_ok);
            for (int x = 0; x < rg.n; x++) {
                if (got[x] == want[x]) {
                    ov_t_pass++;
                    continue;
                }
                ov_t_fail++;
                fprintf(stderr, "round %d rule %s: c%d is %d, want %d\n", round, r->name, x, got[x], want[x]);
            }
            uint32_t all[MAXN];
            for (int x = 0; x < rg.n; x++) {
                char id[16];
                snprintf(id, sizeof id, "c%d", x);
                CHECK(ov_graph_find(g, id, &all[x]));
            }
            CHECK_EQ_INT(ov_own_control(g, all, (size_t)rg.n / 2, r, &other, &no), OV_OK);
            CHECK_EQ_INT(ov_own_control(g, sn, (size_t)n_seeds, r, &again, &na), OV_OK);
            CHECK(same_control(c, nc, again, na));
            free(c);
            free(again);
            free(other);
        }
        ov_graph_free(g);
        ov_store_close(st);
    }
}

/* Every allocation of owners and control may fail: OV_ENOMEM, nothing leaked. */
static void test_alloc_failures(void)
{
    rng_state = 7;
    rgraph rg;
    random_graph(&rg, 40, 0.5, 0.95, true);
    ov_store *st = NULL;
    ov_graph *g = load(&rg, &st);
    if (!g) return;
    uint32_t node, seeds[2];
    CHECK(ov_graph_find(g, "c39", &node) && ov_graph_find(g, "c0", &seeds[0]) && ov_graph_find(g, "c1", &seeds[1]));
    bool owners_ok = false, control_ok = false;
    for (int64_t k = 0; k < 5000 && !(owners_ok && control_ok); k++) {
        ov_holder *h = NULL;
        size_t nh = 0;
        ov__alloc_fail_after(k);
        int rc = owners_ok ? OV_OK : ov_own_owners(g, node, &h, &nh);
        ov__alloc_fail_after(-1);
        CHECK(rc == OV_OK || rc == OV_ENOMEM);
        if (rc == OV_OK && !owners_ok) owners_ok = true;
        free(h);
        ov_controlled *c = NULL;
        size_t nc = 0;
        for (int r = 0; r < 2 && !control_ok; r++) {
            ov__alloc_fail_after(k);
            rc = ov_own_control(g, seeds, 2, ov_control_rule_find(r ? "uk" : "ofac"), &c, &nc);
            ov__alloc_fail_after(-1);
            CHECK(rc == OV_OK || rc == OV_ENOMEM);
            if (rc == OV_OK && r == 1) control_ok = true;
            free(c);
            c = NULL;
        }
    }
    CHECK(owners_ok && control_ok);
    ov_graph_free(g);
    ov_store_close(st);
}

static void setup(void) { tmpstore_setup("own-algo"); }
static void teardown(void) { tmpstore_teardown(); }

TEST_MAIN(setup, test_random_converging, test_diverging, test_control_random, test_alloc_failures, teardown)
