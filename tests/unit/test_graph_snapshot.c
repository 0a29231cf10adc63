/* test_graph_snapshot.c - the graph snapshot (src/graph/snapshot.c): a graph
 * opened from it answers every ov_graph_* call as a fresh build does (the seed
 * record and a generated one, as of several dates); writes through the store,
 * and writes by other programs that the checks can see, make it unused; a
 * damaged file is never used and is rewritten; the store generation counts
 * write transactions. */
#include <fcntl.h>
#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "harness.h"
#include "tmpstore.h"
#include "oversight/graph.h"
#include "oversight/io.h"
#include "oversight/resolve.h"
#include "graph/graph_internal.h"
#include "store/store_internal.h"
#include "util/alloc.h"

/* ---- helpers ----------------------------------------------------------------- */

static bool same_str(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

/* Everything a caller can ask of the two graphs is the same; reports the first difference. */
static bool graphs_equal(const ov_graph *a, const ov_graph *b)
{
    uint32_t n = ov_graph_node_count(a), ne = ov_graph_edge_count(a);
    if (n != ov_graph_node_count(b) || ne != ov_graph_edge_count(b)) {
        fprintf(stderr, "counts differ: %u/%u nodes, %u/%u edges\n", n, ov_graph_node_count(b), ne,
                ov_graph_edge_count(b));
        return false;
    }
    for (uint32_t v = 0; v <= n; v++) { /* n: one past the end answers NULL in both */
        if (!same_str(ov_graph_node_id(a, v), ov_graph_node_id(b, v)) ||
            !same_str(ov_graph_node_caption(a, v), ov_graph_node_caption(b, v)) ||
            !same_str(ov_graph_node_schema(a, v), ov_graph_node_schema(b, v)) ||
            !same_str(ov_graph_node_country(a, v), ov_graph_node_country(b, v)) ||
            ov_graph_node_state(a, v) != ov_graph_node_state(b, v)) {
            fprintf(stderr, "node %u differs\n", v);
            return false;
        }
        uint32_t ka, kb;
        const uint32_t *xa = ov_graph_out(a, v, &ka), *xb = ov_graph_out(b, v, &kb);
        if (ka != kb || (ka && memcmp(xa, xb, sizeof *xa * ka))) {
            fprintf(stderr, "out-edges of node %u differ\n", v);
            return false;
        }
        xa = ov_graph_in(a, v, &ka);
        xb = ov_graph_in(b, v, &kb);
        if (ka != kb || (ka && memcmp(xa, xb, sizeof *xa * ka))) {
            fprintf(stderr, "in-edges of node %u differ\n", v);
            return false;
        }
        const char *id = ov_graph_node_id(a, v);
        uint32_t fa = 0, fb = 0;
        if (id && (ov_graph_find(a, id, &fa) != ov_graph_find(b, id, &fb) || fa != fb)) {
            fprintf(stderr, "find %s differs\n", id);
            return false;
        }
    }
    for (uint32_t i = 0; i <= ne; i++) {
        const ov_edge *x = ov_graph_edge(a, i), *y = ov_graph_edge(b, i);
        if (!x || !y) {
            if (x || y || i != ne) return false;
            continue;
        }
        if (x->from != y->from || x->to != y->to || x->kind != y->kind || x->status != y->status ||
            x->conflicting != y->conflicting || x->share.has_share != y->share.has_share ||
            x->share.min != y->share.min || x->share.max != y->share.max ||
            x->share.min_exclusive != y->share.min_exclusive || !same_str(x->interest_id, y->interest_id) ||
            !same_str(x->type, y->type) || !same_str(x->start, y->start) || !same_str(x->end, y->end)) {
            fprintf(stderr, "edge %u differs (%s)\n", i, x->interest_id);
            return false;
        }
        uint32_t node;
        if (ov_graph_find(a, x->interest_id, &node) || ov_graph_find(b, x->interest_id, &node)) return false;
    }
    uint32_t node;
    if (ov_graph_find(a, "no-such-entity", &node) || ov_graph_find(b, "no-such-entity", &node)) return false;
    return true;
}

/* A build with the snapshot off (the reference); NULL on failure. */
static ov_graph *fresh(ov_store *st, const char *as_of)
{
    setenv("OV_GRAPH_SNAPSHOT", "0", 1);
    ov_graph_opts o = {.as_of = as_of};
    ov_graph *g = NULL;
    CHECK_EQ_INT(ov_graph_build(st, M, &o, &g), OV_OK);
    setenv("OV_GRAPH_SNAPSHOT", "1", 1); /* the tests' stores are small: always */
    return g;
}

/* A build as the library does it; *mapped (OUT) whether it came from the snapshot. */
static ov_graph *build(ov_store *st, const char *as_of, bool *mapped)
{
    ov_graph_opts o = {.as_of = as_of};
    ov_graph *g = NULL;
    CHECK_EQ_INT(ov_graph_build(st, M, &o, &g), OV_OK);
    *mapped = g && g->map != NULL;
    return g;
}

/* The build as the library does it equals the fresh one; returns whether it was from the snapshot. */
static bool check_build(ov_store *st, const char *as_of)
{
    bool mapped;
    ov_graph *g = build(st, as_of, &mapped), *f = fresh(st, as_of);
    CHECK(g && f && graphs_equal(g, f));
    ov_graph_free(g);
    ov_graph_free(f);
    return mapped;
}

static void load_path(ov_store *st, const char *path)
{
    FILE *in = fopen(path, "rb");
    CHECK(in != NULL);
    if (!in) return;
    ov_ingest_opts o = {.dataset = "test"};
    ov_ingest_stats s;
    CHECK_EQ_INT(ov_ingest(st, M, path, in, &o, &s), OV_OK);
    fclose(in);
}

static void load_text(ov_store *st, const char *text)
{
    char path[300];
    snprintf(path, sizeof path, "%s/load.ijson", tmpdir);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f) return;
    fputs(text, f);
    fclose(f);
    load_path(st, path);
    unlink(path);
}

static ov_store *open_store(const char *path, int flags)
{
    ov_store *st = NULL;
    int rc = ov_store_open(&st, path, flags, M);
    CHECK_EQ_INT(rc, OV_OK);
    if (rc) {
        ov_store_close(st);
        return NULL;
    }
    return st;
}

static bool exists(const char *path) { return access(path, F_OK) == 0; }

static int64_t generation(ov_store *st)
{
    ov__store_state s;
    const char *p;
    return ov__store_state_of(st, &s, &p) == OV_OK ? s.generation : -1;
}

/* A generated record: companies in a few countries, people, public bodies and
 * state-owned enterprises; ownerships with shares (exact, bands, several on
 * one interest, none) and dates, controls (some by the state), directorships,
 * memberships, unknown links, references to entities that are not there, and
 * long captions. */
static void write_generated(const char *path, int n)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f) return;
    static const char *const countries[] = {"cn", "us", "gb", "de", "fr", "ru"};
    static const char *const pcts[] = {"51%", "25-50%", "more than 10 percent", "majority", "0.3", ""};
    static const char *const dates[] = {"2001", "2010-06-01", "2015-01", "2019-12-31", "2022-03-04", ""};
    unsigned r = 12345;
#define RND() (r = r * 1103515245u + 12345u, (r >> 8) % 1000003u)
    for (int i = 0; i < n; i++) {
        fprintf(f, "{\"id\": \"c%d\", \"schema\": \"%s\", \"properties\": {\"name\": [\"Company %d", i,
                i % 17 == 0 ? "PublicBody" : "Company", i);
        if (i % 29 == 0)
            for (int k = 0; k < 30; k++) fputs(" with a very long name", f);
        fprintf(f, "\"]");
        if (i % 5) fprintf(f, ", \"country\": [\"%s\"]", countries[RND() % 6]);
        if (i % 13 == 0) fprintf(f, ", \"topics\": [\"gov.soe\"]");
        fprintf(f, "}}\n");
    }
    for (int i = 0; i < n / 2; i++)
        fprintf(f, "{\"id\": \"p%d\", \"schema\": \"Person\", \"properties\": {\"name\": [\"Person %d\"]%s}}\n", i, i,
                i % 3 ? ", \"nationality\": [\"cn\"]" : "");
    for (int i = 0; i < 3 * n; i++) {
        int a = (int)(RND() % (unsigned)n), b = (int)(RND() % (unsigned)n);
        const char *pct = pcts[RND() % 6], *d1 = dates[RND() % 6], *d2 = dates[RND() % 6];
        fprintf(f, "{\"id\": \"o%d\", \"schema\": \"Ownership\", \"properties\": {\"owner\": [\"%s%d\"], "
                   "\"asset\": [\"c%d\"]", i, i % 4 ? "c" : i % 8 ? "p" : "missing", a, b);
        if (*pct) fprintf(f, ", \"percentage\": [\"%s\"%s]", pct, i % 23 == 0 ? ", \"20%\"" : "");
        if (*d1) fprintf(f, ", \"startDate\": [\"%s\"]", d1);
        if (*d2 && strcmp(d2, d1) > 0) fprintf(f, ", \"endDate\": [\"%s\"]", d2);
        if (i % 7 == 0) fprintf(f, ", \"ownershipType\": [\"shares\"]");
        fprintf(f, "}}\n");
    }
    for (int i = 0; i < n / 4; i++) {
        int a = (int)(RND() % (unsigned)n), b = (int)(RND() % (unsigned)n);
        fprintf(f, "{\"id\": \"k%d\", \"schema\": \"Control\", \"properties\": {\"controller\": [\"c%d\"], "
                   "\"controlled\": [\"c%d\"]%s%s}}\n", i, a, b, i % 3 == 0 ? ", \"controlType\": [\"state\"]" : "",
                i % 5 == 0 ? ", \"startDate\": [\"2016\"]" : "");
        fprintf(f, "{\"id\": \"d%d\", \"schema\": \"Directorship\", \"properties\": {\"director\": [\"p%d\"], "
                   "\"organization\": [\"c%d\"], \"role\": [\"director\"]}}\n", i, a / 2, b);
        fprintf(f, "{\"id\": \"m%d\", \"schema\": \"Membership\", \"properties\": {\"member\": [\"p%d\"], "
                   "\"organization\": [\"c%d\"], \"endDate\": [\"2012\"]}}\n", i, b / 2, a);
        fprintf(f, "{\"id\": \"u%d\", \"schema\": \"UnknownLink\", \"properties\": {\"subject\": [\"c%d\"], "
                   "\"object\": [\"p%d\"]}}\n", i, a, b / 2);
    }
#undef RND
    fclose(f);
}

static const char *const as_ofs[] = {"1990", "2005", "2012-01-01", "2016", "2020-06-30", "2030"};

/* ---- tests ------------------------------------------------------------------------- */

/* The seed record: built, written, opened from the snapshot, equal; as of dates too. */
static void test_seed(void)
{
    char path[300], snap[320];
    snprintf(path, sizeof path, "%s/seed.db", tmpdir);
    snprintf(snap, sizeof snap, "%s.graph", path);
    ov_store *st = open_store(path, OV_OPEN_CREATE);
    if (!st) return;
    const char *seed[] = {"01_hric_sources.csv", "02_hric_record.csv", "10_list_sources.csv",
                          "11_us_dod_1260h.csv", "12_us_fcc_covered_list.csv", "13_us_sec889.csv",
                          "14_us_bis_mieu.csv", "15_cn_sasac_central_soes.csv",
                          "20_curated_restricted_list_events.csv", "21_curated_surveillance_ownership.csv",
                          "22_curated_camera_brands.csv", "30_aigs_2022.csv", "40_hric_framework.csv",
                          "41_hric_assessments.csv"};
    for (size_t i = 0; i < sizeof seed / sizeof seed[0]; i++) {
        char file[600];
        snprintf(file, sizeof file, "%s/../../data/seed/%s", getenv("OV_FIXTURES"), seed[i]);
        load_path(st, file);
    }
    ov_store_close(st);
    /* as the CLI opens it: read-only */
    st = open_store(path, OV_OPEN_READONLY);
    if (!st) return;
    CHECK(!exists(snap));
    CHECK(!check_build(st, NULL)); /* scanned, and written */
    CHECK(exists(snap));
    CHECK(check_build(st, NULL)); /* from the snapshot */
    bool mapped;
    ov_graph *g = build(st, NULL, &mapped);
    CHECK(mapped);
    CHECK(g && ov_graph_edge_count(g) > 50);
    uint32_t node;
    CHECK(g && ov_graph_find(g, "co-hikvision", &node));
    ov_graph_free(g);
    for (size_t i = 0; i < sizeof as_ofs / sizeof as_ofs[0]; i++) CHECK(check_build(st, as_ofs[i]));
    ov_store_close(st);
}

/* A generated record, as of dates; then writes through the store make the snapshot unused. */
static void test_generated_and_writes(void)
{
    char path[300], snap[320], file[320];
    snprintf(path, sizeof path, "%s/gen.db", tmpdir);
    snprintf(snap, sizeof snap, "%s.graph", path);
    snprintf(file, sizeof file, "%s/gen.ijson", tmpdir);
    write_generated(file, 3000);
    ov_store *st = open_store(path, OV_OPEN_CREATE);
    if (!st) return;
    int64_t g0 = generation(st);
    CHECK(g0 >= 1); /* made by the migration's transaction */
    load_path(st, file);
    unlink(file);
    ov_store_close(st);
    st = open_store(path, 0);
    if (!st) return;
    CHECK_EQ_INT(generation(st), g0 + 1);
    CHECK(!check_build(st, NULL));
    CHECK(exists(snap));
    CHECK(check_build(st, NULL));
    bool mapped;
    ov_graph *g = build(st, NULL, &mapped);
    uint32_t n_edges = g ? ov_graph_edge_count(g) : 0;
    CHECK(n_edges > 3000);
    ov_graph_free(g);
    for (size_t i = 0; i < sizeof as_ofs / sizeof as_ofs[0]; i++) {
        CHECK(check_build(st, as_ofs[i])); /* filtered from the snapshot */
        g = fresh(st, as_ofs[i]);
        CHECK(g && ov_graph_edge_count(g) < n_edges); /* the dates do filter */
        ov_graph_free(g);
    }

    /* a load through the store: a new edge; the old snapshot is not used */
    load_text(st, "{\"id\": \"o-new\", \"schema\": \"Ownership\", \"properties\": {\"owner\": [\"c1\"], "
                  "\"asset\": [\"c2\"], \"percentage\": [\"77%\"]}}\n");
    CHECK_EQ_INT(generation(st), -1); /* the WAL holds the write: the store vouches for nothing */
    CHECK(!check_build(st, NULL));
    g = build(st, NULL, &mapped);
    CHECK(g && ov_graph_edge_count(g) == n_edges + 1);
    ov_graph_free(g);
    ov_store_close(st);
    st = open_store(path, OV_OPEN_READONLY);
    if (!st) return;
    CHECK_EQ_INT(generation(st), g0 + 2);
    CHECK(!check_build(st, NULL)); /* the snapshot is of generation g0 + 1 */
    CHECK(check_build(st, NULL));  /* rewritten */
    ov_store_close(st);

    /* a retraction (a new row with status retracted): the edge goes */
    st = open_store(path, 0);
    if (!st) return;
    ov_load_opts lo = {.kind = "retract"};
    ov_load *ld;
    CHECK_EQ_INT(ov_store_load_begin(st, &lo, &ld), OV_OK);
    ov_stmt s[2] = {{.prop = "owner", .value = "c1", .dataset = "test", .status = OV_ST_RETRACTED},
                    {.prop = "asset", .value = "c2", .dataset = "test"}};
    ov_entity e = {.id = "o-new", .schema = "Ownership", .stmts = s, .n_stmts = 2, .target = -1};
    CHECK_EQ_INT(ov_load_put(ld, &e, OV_LOAD_MERGE), OV_OK);
    CHECK_EQ_INT(ov_load_commit(ld, NULL), OV_OK);
    ov_store_close(st);
    st = open_store(path, OV_OPEN_READONLY);
    if (!st) return;
    CHECK_EQ_INT(generation(st), g0 + 3);
    CHECK(!check_build(st, NULL));
    g = build(st, NULL, &mapped);
    CHECK(mapped && g && ov_graph_edge_count(g) == n_edges);
    ov_graph_free(g);
    ov_store_close(st);

    /* an aborted load changes nothing: the snapshot stays good */
    st = open_store(path, 0);
    if (!st) return;
    CHECK_EQ_INT(ov_store_load_begin(st, &lo, &ld), OV_OK);
    ov_load_abort(ld);
    CHECK_EQ_INT(generation(st), g0 + 3);
    ov_store_close(st);
    st = open_store(path, OV_OPEN_READONLY);
    if (!st) return;
    CHECK(check_build(st, NULL));
    ov_store_close(st);

    /* writes by another program (the benchmark generator, sqlite3): a new statement row */
    sqlite3 *db;
    CHECK_EQ_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_EQ_INT(sqlite3_exec(db, "INSERT INTO statement(eid, schema, prop, value, dataset, added_in)"
                                  " SELECT eid, schema, (SELECT id FROM prop WHERE name = 'percentage'), '99%',"
                                  " 1, 1 FROM entity WHERE id = 'o1'", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    st = open_store(path, OV_OPEN_READONLY);
    if (!st) return;
    CHECK(!check_build(st, NULL)); /* the largest statement row id moved */
    CHECK(check_build(st, NULL));
    ov_store_close(st);
    /* ... and an update in place, which no row id shows: the file's modification time does
     * (file times move in steps of the kernel's clock tick: wait one out) */
    usleep(30000);
    CHECK_EQ_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_EQ_INT(sqlite3_exec(db, "UPDATE entity SET caption = 'Renamed' WHERE id = 'c7'", NULL, NULL, NULL),
                 SQLITE_OK);
    /* while the other program has it open, its write is in the WAL: not used either */
    st = open_store(path, OV_OPEN_READONLY);
    if (st) {
        CHECK(!check_build(st, NULL));
        ov_store_close(st);
    }
    sqlite3_close(db);
    st = open_store(path, OV_OPEN_READONLY);
    if (!st) return;
    CHECK(!check_build(st, NULL));
    g = build(st, NULL, &mapped);
    uint32_t c7;
    CHECK(mapped && g && ov_graph_find(g, "c7", &c7) && strcmp(ov_graph_node_caption(g, c7), "Renamed") == 0);
    ov_graph_free(g);

    /* a snapshot is only for its exact key */
    ov__graph_key key;
    const char *p;
    memset(&key, 0, sizeof key);
    CHECK_EQ_INT(ov__store_state_of(st, &key.store, &p), OV_OK);
    key.model = ov__graph_model_fingerprint(M);
    CHECK_EQ_INT(ov__graph_snapshot_open(snap, M, &key, &g), OV_OK);
    ov_graph_free(g);
    ov__graph_key other = key;
    other.store.generation++;
    CHECK_EQ_INT(ov__graph_snapshot_open(snap, M, &other, &g), OV_ENOTFOUND);
    CHECK(g == NULL);
    other = key;
    other.model ^= 1;
    CHECK_EQ_INT(ov__graph_snapshot_open(snap, M, &other, &g), OV_ENOTFOUND);
    other = key; /* other judgements: other clusters */
    other.judgements ^= 1;
    CHECK_EQ_INT(ov__graph_snapshot_open(snap, M, &other, &g), OV_ENOTFOUND);
    ov_store_close(st);
}

/* Damaged files: never used (the build scans, with the same answers), then rewritten. */
static void test_corrupt(void)
{
    char path[300], snap[320], file[320];
    snprintf(path, sizeof path, "%s/bad.db", tmpdir);
    snprintf(snap, sizeof snap, "%s.graph", path);
    snprintf(file, sizeof file, "%s/bad.ijson", tmpdir);
    write_generated(file, 500);
    ov_store *st = open_store(path, OV_OPEN_CREATE);
    if (!st) return;
    load_path(st, file);
    unlink(file);
    ov_store_close(st);
    st = open_store(path, OV_OPEN_READONLY);
    if (!st) return;
    CHECK(!check_build(st, NULL));
    struct stat sb;
    CHECK_EQ_INT(stat(snap, &sb), 0);
    size_t len = (size_t)sb.st_size;
    char *good = malloc(len);
    FILE *f = fopen(snap, "rb");
    CHECK(f && good && fread(good, 1, len, f) == len);
    if (f) fclose(f);
    if (!good) return;
    int rejected = 0, tried = 0;
    for (int k = 0; k < 48; k++) {
        /* one byte changed at spread positions (the header's first bytes, then across the
         * sections and their padding), then truncations, an extension, emptiness */
        size_t at = k < 16 ? (size_t)k * 31 % 496 : (size_t)((double)(k - 16) / 32 * (double)len);
        size_t n = len;
        char *bytes = malloc(len + 1);
        memcpy(bytes, good, len);
        if (k < 40) bytes[at] ^= 0x20;
        else if (k < 46) n = (size_t)((double)len * (k - 40) / 6); /* 0, 1/6 ... 5/6 */
        else if (k == 46) bytes[n++] = 0;
        else n = len - 1;
        f = fopen(snap, "wb");
        CHECK(f != NULL);
        if (!f) {
            free(bytes);
            break;
        }
        fwrite(bytes, 1, n, f);
        fclose(f);
        free(bytes);
        tried++;
        bool mapped = check_build(st, NULL);
        rejected += !mapped;
        if (mapped) fprintf(stderr, "a damaged snapshot (case %d, byte %zu) was used\n", k, at);
        CHECK(check_build(st, NULL)); /* rewritten */
    }
    CHECK_EQ_INT(rejected, tried);
    CHECK_EQ_INT(tried, 48);
    /* as of a date, with a damaged snapshot */
    f = fopen(snap, "r+b");
    if (f) {
        fseek(f, (long)(len / 2), SEEK_SET);
        fputc(0x55 ^ good[len / 2], f);
        fclose(f);
    }
    CHECK(!check_build(st, "2016"));
    free(good);
    ov_store_close(st);
}

/* OV_GRAPH_SNAPSHOT=0 neither reads nor writes; stores that cannot vouch for their
 * state get none; every allocation failure of a build from, or writing, a snapshot. */
static void test_off_and_failures(void)
{
    char path[300], snap[320], file[320];
    snprintf(path, sizeof path, "%s/off.db", tmpdir);
    snprintf(snap, sizeof snap, "%s.graph", path);
    snprintf(file, sizeof file, "%s/off.ijson", tmpdir);
    write_generated(file, 200);
    ov_store *st = open_store(path, OV_OPEN_CREATE);
    if (!st) return;
    load_path(st, file);
    ov_store_close(st);
    st = open_store(path, OV_OPEN_READONLY);
    if (!st) return;
    setenv("OV_GRAPH_SNAPSHOT", "0", 1);
    bool mapped;
    ov_graph *g = build(st, NULL, &mapped);
    CHECK(!mapped && !exists(snap));
    ov_graph_free(g);
    setenv("OV_GRAPH_SNAPSHOT", "1", 1);
    g = build(st, NULL, &mapped);
    CHECK(!mapped);
    ov_graph_free(g); /* waits for the snapshot being written */
    CHECK(exists(snap));
    setenv("OV_GRAPH_SNAPSHOT", "0", 1);
    g = build(st, NULL, &mapped);
    CHECK(!mapped);
    ov_graph_free(g);
    /* unset: small stores (this one) get none */
    unsetenv("OV_GRAPH_SNAPSHOT");
    g = build(st, NULL, &mapped);
    CHECK(!mapped);
    ov_graph_free(g);
    setenv("OV_GRAPH_SNAPSHOT", "1", 1);

    /* allocation failures opening it (plain and as of a date): an error or a graph, nothing leaked */
    ov_graph *ref = fresh(st, NULL);
    int failed = 0;
    for (int64_t k = 0; k < 40; k++) {
        ov_graph_opts o = {.as_of = k & 1 ? "2016" : NULL};
        g = NULL;
        ov__alloc_fail_after(k);
        int rc = ov_graph_build(st, M, &o, &g);
        ov__alloc_fail_after(-1);
        if (rc) {
            failed++;
            CHECK(g == NULL);
        } else if (!(k & 1)) {
            CHECK(graphs_equal(g, ref));
        }
        ov_graph_free(g);
    }
    CHECK(failed > 0);
    ov_graph_free(ref);
    /* allocation failures while writing it: the build still succeeds, no file is left half-written */
    int written = 0;
    for (int64_t k = 0; k < 400; k += 7) {
        unlink(snap);
        g = NULL;
        ov__alloc_fail_after(k);
        int rc = ov_graph_build(st, M, NULL, &g);
        ov__alloc_fail_after(-1);
        ov_graph_free(g);
        if (rc) continue;
        if (exists(snap)) {
            written++;
            CHECK(check_build(st, NULL)); /* and what was written is whole */
        }
    }
    CHECK(written > 0);
    /* a writer that died mid-way left its temporary file: removed by the next writer once it is
     * 10 minutes old (a live writer's file is always fresh) */
    char stale[400], live[400];
    snprintf(stale, sizeof stale, "%s.ABCDEF", snap);
    snprintf(live, sizeof live, "%s.GHIJKL", snap);
    FILE *t = fopen(stale, "w"), *u = fopen(live, "w");
    if (t) fclose(t);
    if (u) fclose(u);
    struct timespec old[2] = {{.tv_sec = time(NULL) - 3600}, {.tv_sec = time(NULL) - 3600}};
    CHECK_EQ_INT(utimensat(AT_FDCWD, stale, old, 0), 0);
    unlink(snap);
    g = build(st, NULL, &mapped);
    ov_graph_free(g);
    CHECK(exists(snap) && !exists(stale) && exists(live));
    unlink(live);
    ov_store_close(st);
    /* the other temporary files in the directory: none left behind */
    int n_tmp = 0;
    DIR *d = opendir(tmpdir);
    struct dirent *de;
    while (d && (de = readdir(d)))
        if (strstr(de->d_name, ".graph.")) n_tmp++;
    if (d) closedir(d);
    CHECK_EQ_INT(n_tmp, 0);

    /* in memory: nothing to write beside */
    st = open_store(":memory:", OV_OPEN_CREATE);
    if (!st) return;
    load_path(st, file);
    unlink(file);
    CHECK(!check_build(st, NULL));
    CHECK(!check_build(st, NULL));
    CHECK(!exists(":memory:.graph"));
    ov_store_close(st);
}

/* The generation: one per committed write transaction; a store made before it gets the
 * table at its first read-write open; read-only opens of such a store read 0. */
static void test_generation(void)
{
    char path[300];
    snprintf(path, sizeof path, "%s/gen0.db", tmpdir);
    ov_store *st = open_store(path, OV_OPEN_CREATE);
    if (!st) return;
    CHECK_EQ_INT(generation(st), 1);
    /* a write transaction open: no state (a read one is fine) */
    ov_load_opts lo = {.kind = "load"};
    ov_load *ld;
    CHECK_EQ_INT(ov_store_load_begin(st, &lo, &ld), OV_OK);
    CHECK_EQ_INT(generation(st), -1);
    ov_load_abort(ld);
    CHECK_EQ_INT(ov_store_read_begin(st), OV_OK);
    CHECK_EQ_INT(generation(st), 1);
    ov_store_read_end(st);
    load_text(st, "{\"id\": \"a\", \"schema\": \"Company\", \"properties\": {\"name\": [\"A\"]}}\n");
    load_text(st, "{\"id\": \"b\", \"schema\": \"Company\", \"properties\": {\"name\": [\"B\"]}}\n");
    ov_store_close(st);
    st = open_store(path, OV_OPEN_READONLY);
    if (!st) return;
    CHECK_EQ_INT(generation(st), 3);
    ov_store_close(st);
    /* a store from before the counter */
    sqlite3 *db;
    CHECK_EQ_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_EQ_INT(sqlite3_exec(db, "DROP TABLE meta", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    st = open_store(path, OV_OPEN_READONLY);
    if (!st) return;
    CHECK_EQ_INT(generation(st), 0);
    ov_store_close(st);
    st = open_store(path, 0);
    if (!st) return;
    ov_store_close(st);
    st = open_store(path, OV_OPEN_READONLY);
    if (!st) return;
    CHECK_EQ_INT(generation(st), 1);
    ov_store_close(st);
}

/* Judgements merge clusters: the snapshot keeps the merges (a referent's id finds its
 * cluster's node, the node lists its referents), equal to a fresh build; other judgements
 * (an undo) make it unused. */
static void test_clusters(void)
{
    char path[300], snap[320];
    snprintf(path, sizeof path, "%s/clusters.db", tmpdir);
    snprintf(snap, sizeof snap, "%s.graph", path);
    ov_store *st = open_store(path, OV_OPEN_CREATE);
    if (!st) return;
    load_text(st, "{\"id\": \"k-a\", \"schema\": \"Company\", \"properties\": {\"name\": [\"K A\"], \"country\": [\"cn\"]}}\n"
                  "{\"id\": \"k-b\", \"schema\": \"Company\", \"properties\": {\"name\": [\"K A Ltd\"], \"topics\": [\"gov.soe\"]}}\n"
                  "{\"id\": \"k-c\", \"schema\": \"Company\", \"properties\": {\"name\": [\"K C\"]}}\n"
                  "{\"id\": \"k-o1\", \"schema\": \"Ownership\", \"properties\": {\"owner\": [\"k-b\"], \"asset\": [\"k-c\"], "
                  "\"percentage\": [\"60%\"]}}\n"
                  "{\"id\": \"k-o2\", \"schema\": \"Ownership\", \"properties\": {\"owner\": [\"k-a\"], \"asset\": [\"k-b\"], "
                  "\"percentage\": [\"10%\"]}}\n");
    ov_judgement_in j = {.left = "k-a", .right = "k-b", .verdict = OV_SAME, .reason = "test", .author = "test"};
    char err[512];
    CHECK_EQ_INT(ov_resolve(st, M, &j, NULL, err, sizeof err), OV_OK);
    ov_store_close(st);
    st = open_store(path, OV_OPEN_READONLY);
    if (!st) return;
    CHECK(!check_build(st, NULL)); /* scanned, and written */
    CHECK(check_build(st, NULL));  /* from the snapshot, equal */
    bool mapped;
    ov_graph *g = build(st, NULL, &mapped);
    uint32_t a, b, c;
    CHECK(mapped && g && ov_graph_find(g, "k-a", &a) && ov_graph_find(g, "k-b", &b) && ov_graph_find(g, "k-c", &c));
    CHECK(a == b);
    const char *ids[4];
    CHECK(g && ov_graph_node_referents(g, a, ids, 4) == 2 && !strcmp(ids[0], "k-a") && !strcmp(ids[1], "k-b"));
    CHECK(g && (ov_graph_node_state(g, a) & OV_STATE_SOE_TOPIC)); /* the referent's designation */
    uint32_t n;
    const uint32_t *in = g ? ov_graph_in(g, c, &n) : NULL;
    CHECK(in && n == 1 && ov_graph_edge(g, in[0])->from == a); /* the twin's holding is the cluster's */
    CHECK(g && ov_graph_out(g, a, &n) && n == 1);               /* the stake between the two is inside it */
    ov_graph_free(g);
    ov_store_close(st);
    st = open_store(path, 0);
    if (!st) return;
    j.verdict = OV_DIFFERENT;
    CHECK_EQ_INT(ov_resolve(st, M, &j, NULL, err, sizeof err), OV_OK);
    ov_store_close(st);
    st = open_store(path, OV_OPEN_READONLY);
    if (!st) return;
    CHECK(!check_build(st, NULL)); /* other judgements: scanned anew */
    g = build(st, NULL, &mapped);
    CHECK(g && ov_graph_find(g, "k-a", &a) && ov_graph_find(g, "k-b", &b) && a != b);
    ov_graph_free(g);
    ov_store_close(st);
}

static void setup(void)
{
    tmpstore_setup("graph-snapshot");
    setenv("OV_GRAPH_SNAPSHOT", "1", 1);
}

static void teardown(void)
{
    unsetenv("OV_GRAPH_SNAPSHOT");
    tmpstore_teardown();
}

TEST_MAIN(setup, test_generation, test_seed, test_clusters, test_generated_and_writes, test_corrupt, test_off_and_failures,
          teardown)
