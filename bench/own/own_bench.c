/*
 * own_bench.c - the oversight side of the ownership benchmark (issue 4).
 *
 *   own_bench DB DATADIR [SKIP]
 *
 * Opens the store DB, builds the graph (ov_graph_build) and runs, each timed
 * with CLOCK_MONOTONIC:
 *   ultimate   ov_own_ultimate_parents over every node
 *   holdings   ov_own_holdings from the seeds in DATADIR/seeds.txt
 *   ofac       ov_own_control with the "ofac" rule from the same seeds
 *   owners     ov_own_owners for each company in DATADIR/targets_run.txt
 *              (bench/own/order_targets.py: the targets, small ancestries first)
 * and prints one machine-readable line per analysis:
 *   NAME seconds=S key=value ...
 * with checksums that bench/own/peer_*.py compute the same way (see
 * bench/own/peer_common.py): counts, sums of shares, and order-independent hashes
 * (64-bit FNV-1a of entity ids, added modulo 2^64). The last line gives the
 * peak RSS (getrusage ru_maxrss). SKIP lists analyses to leave out
 * (comma-separated), e.g. "owners".
 *
 * Environment: OWN_BENCH_MAX_ANCESTORS (default -1 = no limit): targets
 * with more ancestors (targets_run.txt's second field) are left out (the
 * Python peers leave out those with more than BENCH_OWN_MAX_ANCESTORS, 1000 by
 * default: the strongly connected core's descendants, which they cannot solve
 * in time; the report compares the common prefix of targets_run.txt);
 * BENCH_OWN_BUDGET (seconds, default 60): no new "who owns X" query starts
 * after that long; OWN_BENCH_QUERIES=FILE: one line per query
 * (index id rc holders direct sum_min sum_max seconds); OWN_BENCH_VERBOSE=1:
 * the same on stderr as it goes; OWN_BENCH_REPEAT=N: the OFAC rule and each
 * "who owns X" query run N times and the fastest run is reported (for a
 * shared, noisy machine). cpu_seconds= on the holdings, ofac and owners
 * lines is this thread's CPU time (time spent waiting for a core left out;
 * owners: the first run of each query, summed).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "oversight/graph.h"
#include "oversight/model.h"
#include "oversight/own.h"
#include "oversight/store.h"
#include "oversight/typology.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static double cpu_now(void) /* this thread's CPU time: not counting time spent waiting for a core */
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static double peak_mib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

static double rss_mib(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
        fclose(f);
    }
    return (double)resident * (double)sysconf(_SC_PAGESIZE) / 1048576.0;
}

static uint64_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

/* Resets the peak RSS (VmHWM) to the current RSS: a build's peak alone. */
static void peak_reset(void)
{
    FILE *f = fopen("/proc/self/clear_refs", "w");
    if (f) {
        fputs("5", f);
        fclose(f);
    }
}

static double hwm_mib(void) /* VmHWM since the last peak_reset */
{
    char line[256];
    double kib = 0;
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmHWM: %lf", &kib) == 1) break;
    fclose(f);
    return kib / 1024.0;
}

static uint64_t mix(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001b3ULL + (h >> 29); }
static uint64_t mixs(uint64_t h, const char *s) { return mix(h, s ? fnv(s) : 0x5bd1e995ULL); }

/* A checksum of everything the graph answers: every node's id, caption, schema,
 * country and state, every edge's fields, the adjacency in both directions. */
static uint64_t graph_hash(const ov_graph *g)
{
    uint64_t h = 0;
    uint32_t n = ov_graph_node_count(g), ne = ov_graph_edge_count(g);
    for (uint32_t v = 0; v < n; v++) {
        h = mixs(h, ov_graph_node_id(g, v));
        h = mixs(h, ov_graph_node_caption(g, v));
        h = mixs(h, ov_graph_node_schema(g, v));
        h = mixs(h, ov_graph_node_country(g, v));
        h = mix(h, (uint64_t)ov_graph_node_state(g, v));
        uint32_t k;
        const uint32_t *a = ov_graph_out(g, v, &k);
        for (uint32_t i = 0; i < k; i++) h = mix(h, a[i]);
        a = ov_graph_in(g, v, &k);
        for (uint32_t i = 0; i < k; i++) h = mix(h, (uint64_t)a[i] << 1);
    }
    for (uint32_t i = 0; i < ne; i++) {
        const ov_edge *e = ov_graph_edge(g, i);
        uint64_t mn, mx;
        memcpy(&mn, &e->share.min, 8);
        memcpy(&mx, &e->share.max, 8);
        h = mix(h, ((uint64_t)e->from << 32) | e->to);
        h = mix(h, (uint64_t)e->kind | (uint64_t)e->share.has_share << 8 | (uint64_t)e->share.min_exclusive << 9 |
                       (uint64_t)e->conflicting << 10 | (uint64_t)(uint32_t)e->status << 16);
        h = mix(mix(h, mn), mx);
        h = mixs(mixs(mixs(mixs(h, e->interest_id), e->type), e->start), e->end);
    }
    return h;
}

/* Reads ids, one a line, and finds their nodes; ids not in the graph are counted. */
static uint32_t *read_nodes(const ov_graph *g, const char *path, size_t *n, size_t *missing, long max_anc,
                            size_t *skipped_large)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        exit(4);
    }
    size_t cap = 1024, k = 0;
    uint32_t *v = malloc(sizeof *v * cap);
    char line[256];
    *missing = 0;
    if (skipped_large) *skipped_large = 0;
    while (fgets(line, sizeof line, f)) {
        /* "id [ancestors]": targets_run.txt gives the ancestor count */
        char *sp = strchr(line, ' ');
        if (sp && max_anc >= 0 && atol(sp + 1) > max_anc) {
            (*skipped_large)++;
            continue;
        }
        line[strcspn(line, " \r\n")] = 0; /* the first field */
        if (!*line) continue;
        uint32_t node;
        if (!ov_graph_find(g, line, &node)) {
            (*missing)++;
            continue;
        }
        if (k == cap) v = realloc(v, sizeof *v * (cap *= 2));
        v[k++] = node;
    }
    fclose(f);
    *n = k;
    return v;
}

static bool skipped(const char *skip, const char *name)
{
    if (!skip) return false;
    size_t l = strlen(name);
    for (const char *p = skip; (p = strstr(p, name)); p += l)
        if ((p == skip || p[-1] == ',') && (p[l] == ',' || p[l] == 0)) return true;
    return false;
}

/* The typology's classes and how many organisations each has. */
typedef struct class_counts {
    const char *names[8];
    uint64_t counts[8];
    int n;
    size_t total;
} class_counts;

static int count_class(const ov_typology *t, void *ctx)
{
    class_counts *c = ctx;
    int k = 0;
    while (k < c->n && strcmp(c->names[k], t->cls)) k++;
    if (k == c->n && c->n < 8) c->names[c->n++] = t->cls;
    if (k < c->n) c->counts[k]++;
    c->total++;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: own_bench DB DATADIR [SKIP]\n");
        return 2;
    }
    const char *skip = argc > 3 ? argv[3] : NULL;
    bool verbose = getenv("OWN_BENCH_VERBOSE") != NULL;
    const char *rp = getenv("OWN_BENCH_REPEAT");
    int repeat = rp && atoi(rp) > 1 ? atoi(rp) : 1;
    char err[256], path[4096];
    ov_model *m;
    if (ov_model_load_default(&m, err, sizeof err)) {
        fprintf(stderr, "own_bench: model: %s\n", err);
        return 5;
    }
    ov_store *st = NULL;
    if (ov_store_open(&st, argv[1], OV_OPEN_READONLY, m)) {
        fprintf(stderr, "own_bench: %s: %s\n", argv[1], st ? ov_store_errmsg(st) : "cannot open");
        return 4;
    }
    printf("start rss_mib=%.1f\n", rss_mib());

    /* the builds before the one the analyses use (OWN_BENCH_BUILDS, default "cold,first"):
     *   cold   from the SQLite tables, the snapshot neither read nor written (OV_GRAPH_SNAPSHOT=0)
     *   first  the snapshot removed first: from the tables, then the snapshot written (in
 *          the background: free_seconds is the wait for it when the graph is freed)
     * then the analyses' build, with the snapshot as the library finds it (after "first":
     * from the snapshot). Each line gives the peak RSS of that build alone (VmHWM, reset
     * before it), and with OWN_BENCH_VERIFY=1 a checksum of the whole graph. */
    const char *builds = getenv("OWN_BENCH_BUILDS");
    if (!builds) builds = "cold,first";
    bool verify = getenv("OWN_BENCH_VERIFY") != NULL;
    const char *env0 = getenv("OV_GRAPH_SNAPSHOT");
    char *env_saved = env0 ? strdup(env0) : NULL;
    snprintf(path, sizeof path, "%s.graph", argv[1]);
    ov_graph *g;
    double t0, t1;
    int rc;
    for (int phase = 0; phase < 3; phase++) {
        static const char *const names[] = {"cold", "first", "main"};
        if (phase < 2 && !skipped(builds, names[phase])) continue;
        if (phase == 0) setenv("OV_GRAPH_SNAPSHOT", "0", 1);
        if (phase == 1) unlink(path);
        peak_reset();
        t0 = now();
        rc = ov_graph_build(st, m, NULL, &g);
        t1 = now();
        if (env_saved) setenv("OV_GRAPH_SNAPSHOT", env_saved, 1);
        else unsetenv("OV_GRAPH_SNAPSHOT");
        if (rc) {
            fprintf(stderr, "own_bench: graph: %s\n", ov_store_errmsg(st));
            return 4;
        }
        printf("%s seconds=%.3f nodes=%u edges=%u rss_mib=%.1f peak_mib=%.1f",
               phase == 0 ? "build_cold" : phase == 1 ? "build_first" : "build", t1 - t0, ov_graph_node_count(g),
               ov_graph_edge_count(g), rss_mib(), hwm_mib());
        if (verify) printf(" graph_hash=%016llx", (unsigned long long)graph_hash(g));
        if (phase < 2) {
            /* the snapshot is written in the background: freeing the graph waits for it */
            double f0 = now();
            ov_graph_free(g);
            printf(" free_seconds=%.3f peak_with_write_mib=%.1f", now() - f0, hwm_mib());
        }
        struct stat sb;
        printf(" snapshot_mib=%.1f\n", stat(path, &sb) == 0 ? (double)sb.st_size / 1048576.0 : 0);
        fflush(stdout);
    }
    free(env_saved);
    uint32_t n = ov_graph_node_count(g);
    /* the store is no longer needed by the analyses; keep it open (the CLI does) */

    snprintf(path, sizeof path, "%s/seeds.txt", argv[2]);
    size_t n_seeds, miss_seeds;
    uint32_t *seeds = read_nodes(g, path, &n_seeds, &miss_seeds, -1, NULL);
    snprintf(path, sizeof path, "%s/targets_run.txt", argv[2]);
    size_t n_targets, miss_targets;
    const char *ma = getenv("OWN_BENCH_MAX_ANCESTORS");
    long max_anc = ma ? atol(ma) : -1;
    size_t large = 0;
    uint32_t *targets = read_nodes(g, path, &n_targets, &miss_targets, max_anc, &large);

    if (!skipped(skip, "ultimate")) {
        uint32_t *parent = malloc(sizeof *parent * n);
        uint8_t *cyc = malloc(n);
        t0 = now();
        rc = ov_own_ultimate_parents(g, parent, cyc);
        t1 = now();
        if (rc) return 5;
        uint64_t n_parent = 0, n_cycle = 0, hash = 0, roots = 0;
        uint8_t *is_root = calloc(n, 1);
        for (uint32_t v = 0; v < n; v++) {
            if (cyc[v]) n_cycle++;
            if (parent[v] == v) continue;
            n_parent++;
            if (!is_root[parent[v]]) {
                is_root[parent[v]] = 1;
                roots++;
            }
            if (!cyc[v]) hash += fnv(ov_graph_node_id(g, v)) * 1000003ULL + fnv(ov_graph_node_id(g, parent[v]));
        }
        printf("ultimate seconds=%.3f with_parent=%llu in_cycle=%llu roots=%llu hash=%016llx peak_mib=%.1f\n",
               t1 - t0, (unsigned long long)n_parent, (unsigned long long)n_cycle, (unsigned long long)roots,
               (unsigned long long)hash, peak_mib());
        fflush(stdout);
        free(is_root);
        free(parent);
        free(cyc);
    }

    if (!skipped(skip, "holdings")) {
        double *mn = malloc(sizeof *mn * n), *mx = malloc(sizeof *mx * n);
        double c0 = cpu_now();
        t0 = now();
        rc = ov_own_holdings(g, seeds, n_seeds, mn, mx);
        t1 = now();
        double cpu = cpu_now() - c0;
        if (rc) return 5;
        double smin = 0, smax = 0;
        uint64_t nzmin = 0, nzmax = 0;
        for (uint32_t v = 0; v < n; v++) {
            smin += mn[v];
            smax += mx[v];
            nzmin += mn[v] > 0;
            nzmax += mx[v] > 0;
        }
        printf("holdings seconds=%.3f cpu_seconds=%.3f seeds=%zu missing=%zu sum_min=%.9f sum_max=%.9f nonzero_min=%llu "
               "nonzero_max=%llu peak_mib=%.1f\n",
               t1 - t0, cpu, n_seeds, miss_seeds, smin, smax, (unsigned long long)nzmin, (unsigned long long)nzmax,
               peak_mib());
        fflush(stdout);
        free(mn);
        free(mx);
    }

    if (!skipped(skip, "ofac")) {
        const ov_control_rule *rule = ov_control_rule_find("ofac");
        if (!rule) {
            fprintf(stderr, "own_bench: no ofac rule\n");
            return 5;
        }
        ov_controlled *res = NULL;
        size_t nres;
        double best = -1, best_cpu = -1;
        for (int rep = 0; rep < repeat; rep++) { /* the fastest of OWN_BENCH_REPEAT runs */
            free(res);
            double c0 = cpu_now();
            t0 = now();
            rc = ov_own_control(g, seeds, n_seeds, rule, &res, &nres);
            t1 = now();
            double c1 = cpu_now();
            if (rc) return 5;
            if (best < 0 || t1 - t0 < best) best = t1 - t0;
            if (best_cpu < 0 || c1 - c0 < best_cpu) best_cpu = c1 - c0;
        }
        t0 = 0;
        t1 = best;
        uint64_t certain = 0, possible = 0, hash = 0, hash_certain = 0;
        for (size_t i = 0; i < nres; i++) {
            uint64_t h = fnv(ov_graph_node_id(g, res[i].node));
            hash += h;
            if (res[i].cls == OV_CTRL_CERTAIN) {
                certain++;
                hash_certain += h;
            } else {
                possible++;
            }
        }
        printf("ofac seconds=%.4f cpu_seconds=%.4f seeds=%zu controlled=%zu certain=%llu possible=%llu hash=%016llx "
               "hash_certain=%016llx peak_mib=%.1f\n",
               t1 - t0, best_cpu, n_seeds, nres, (unsigned long long)certain, (unsigned long long)possible,
               (unsigned long long)hash, (unsigned long long)hash_certain, peak_mib());
        fflush(stdout);
        free(res);
    }

    if (!skipped(skip, "owners")) {
        /* Stops starting queries once the budget (seconds) is spent; per-query
         * results go to OWN_BENCH_QUERIES (for the report's comparison). */
        const char *b = getenv("BENCH_OWN_BUDGET");
        double budget = b ? atof(b) : 60.0;
        const char *qpath = getenv("OWN_BENCH_QUERIES");
        FILE *qf = qpath ? fopen(qpath, "w") : NULL;
        uint64_t holders = 0, direct = 0, toobig = 0, failed = 0;
        double smin = 0, smax = 0, worst = 0, qsum = 0, cpu = 0;
        size_t done = 0;
        t0 = now();
        for (size_t i = 0; i < n_targets && now() - t0 < budget; i++) {
            ov_holder *h = NULL;
            size_t nh = 0;
            double q = -1;
            for (int rep = 0; rep < repeat; rep++) {
                free(h);
                h = NULL;
                double q0 = now(), c0 = cpu_now();
                rc = ov_own_owners(g, targets[i], &h, &nh);
                double q1 = now() - q0;
                if (q < 0 || q1 < q) q = q1;
                if (rep == 0) cpu += cpu_now() - c0;
            }
            done++;
            qsum += q;
            if (q > worst) worst = q;
            uint64_t qd = 0;
            double qmin = 0, qmax = 0;
            if (rc == OV_ETOOBIG) toobig++;
            else if (rc) failed++;
            else {
                holders += nh;
                for (size_t k = 0; k < nh; k++) {
                    qd += h[k].direct;
                    qmin += h[k].integrated_min;
                    qmax += h[k].integrated_max;
                }
                direct += qd;
                smin += qmin;
                smax += qmax;
            }
            free(h);
            if (qf)
                fprintf(qf, "%zu %s %d %zu %llu %.9f %.9f %.6f\n", i, ov_graph_node_id(g, targets[i]), rc,
                        rc ? (size_t)0 : nh, (unsigned long long)qd, qmin, qmax, q);
            if (qf) fflush(qf);
            if (verbose)
                fprintf(stderr, "owners %zu %s rc=%d holders=%zu %.3f s\n", i, ov_graph_node_id(g, targets[i]), rc,
                        rc ? (size_t)0 : nh, q);
        }
        t1 = now();
        if (qf) fclose(qf);
        printf("owners seconds=%.3f cpu_seconds=%.3f queries=%zu skipped_large=%zu done=%zu budget=%.0f missing=%zu holders=%llu direct=%llu "
               "sum_min=%.9f sum_max=%.9f toobig=%llu failed=%llu worst_ms=%.3f peak_mib=%.1f\n",
               qsum, cpu, n_targets, large, done, budget, miss_targets, (unsigned long long)holders,
               (unsigned long long)direct, smin, smax, (unsigned long long)toobig, (unsigned long long)failed,
               worst * 1e3, peak_mib());
        fflush(stdout);
    }

    /* the peak of the analyses the peers also run, before the typology holds
     * a result for every company */
    printf("core peak_mib=%.1f\n", peak_mib());
    fflush(stdout);
    /* the state's share of every node (one pass) and the typology of every
     * organisation built on it: oversight only, no peer computes them */
    if (!skipped(skip, "state")) {
        ov_state_shares *sh = NULL;
        t0 = now();
        rc = ov_own_state_shares(g, &sh);
        t1 = now();
        if (rc) return 5;
        double smin = 0, smax = 0;
        uint64_t nz = 0, unb = 0;
        for (uint32_t v = 0; v < n; v++) {
            double a, b;
            ov_path p;
            uint8_t u;
            ov_own_state_shares_get(sh, v, &a, &b, &p, &u);
            smin += a;
            smax += b;
            nz += b > 0;
            unb += u != 0;
        }
        printf("state seconds=%.3f sum_min=%.9f sum_max=%.9f nonzero_max=%llu unbounded=%llu peak_mib=%.1f\n", t1 - t0,
               smin, smax, (unsigned long long)nz, (unsigned long long)unb, peak_mib());
        fflush(stdout);
        ov_own_state_shares_free(sh);
    }
    if (!skipped(skip, "typology")) {
        /* every organisation's class, streamed (ov_typology_each): counted, not held */
        class_counts cc = {0};
        t0 = now();
        rc = ov_typology_each(st, g, count_class, &cc);
        t1 = now();
        if (rc) return 5;
        printf("typology seconds=%.3f organisations=%zu", t1 - t0, cc.total);
        for (int k = 0; k < cc.n; k++) printf(" %s=%llu", cc.names[k], (unsigned long long)cc.counts[k]);
        printf(" peak_mib=%.1f\n", peak_mib());
        fflush(stdout);
    }

    printf("end peak_mib=%.1f\n", peak_mib());
    free(seeds);
    free(targets);
    ov_graph_free(g);
    ov_store_close(st);
    ov_model_free(m);
    return 0;
}
