/* match_bench.c - the name index at scale: build time, memory, queries per
 * second on one core (bench/match/run.sh). Also writes the normalised forms
 * (after timing) for the Python peer, so both block and score the same. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include "oversight/match.h"
#include "names/names_internal.h" /* the normaliser, timed on its own */
#include "names/kept.h"           /* the index kept in a file: written, opened, queried */

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long rss_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = 0;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "VmRSS:", 6)) v = strtol(line + 6, NULL, 10);
    if (f) fclose(f);
    return v;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: match_bench entities.tsv queries.tsv NQUERIES [forms-out-dir]\n");
        return 2;
    }
    char err[256];
    ov_model *m;
    ov_matcher *mx;
    if (ov_model_load_default(&m, err, sizeof err) || ov_matcher_new(&mx, m, NULL, err, sizeof err)) {
        fprintf(stderr, "setup: %s\n", err);
        return 1;
    }
    long rss0 = rss_kib();
    FILE *f = fopen(argv[1], "r");
    if (!f) return 1;
    static char line[65536];
    double t0 = now();
    long n = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *id = strtok_r(line, "\t", &(char *){0});
        char *save = NULL;
        (void)id;
        char *p = line + strlen(line) + 1;
        char *schema = strtok_r(p, "\t", &save), *cc = strtok_r(NULL, "\t", &save), *names = strtok_r(NULL, "\t", &save);
        if (!names) continue;
        ov_stmt st[8];
        memset(st, 0, sizeof st);
        size_t k = 0;
        st[k].prop = "country", st[k++].value = cc;
        char *s2 = NULL;
        for (char *nm = strtok_r(names, "|", &s2); nm && k < 8; nm = strtok_r(NULL, "|", &s2))
            st[k].prop = k == 1 ? "name" : "alias", st[k++].value = nm;
        ov_entity e = {.id = line, .schema = schema, .stmts = st, .n_stmts = k};
        if (ov_matcher_add(mx, &e, NULL)) return 1;
        n++;
    }
    fclose(f);
    if (ov_matcher_finish(mx)) return 1;
    double build = now() - t0;
    size_t ents, names, bytes;
    ov_matcher_stats(mx, &ents, &names, &bytes);
    long rss1 = rss_kib();
    /* queries */
    long nq = strtol(argv[3], NULL, 10);
    char **qs = calloc((size_t)nq, sizeof *qs), **want = calloc((size_t)nq, sizeof *want);
    f = fopen(argv[2], "r");
    long got = 0;
    while (f && got < nq && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *tab = strchr(line, '\t');
        if (tab) *tab = '\0';
        qs[got] = strdup(line);
        want[got++] = strdup(tab ? tab + 1 : "");
    }
    if (f) fclose(f);
    ov_match_result r[5];
    size_t nr;
    long found = 0, expected = 0, fp = 0;
    t0 = now();
    for (long i = 0; i < got; i++) {
        const char *nm[1] = {qs[i]};
        ov_match_query q = {.names = nm, .n_names = 1, .limit = 5, .cutoff = -1};
        if (ov_matcher_query(mx, &q, r, 5, &nr)) continue;
        if (*want[i]) expected++;
        if (nr && r[0].match) {
            if (*want[i] && !strcmp(r[0].id, want[i])) found++;
            else fp++;
        }
    }
    double qt = now() - t0;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    /* the same index written to a file (as "<store>.names"), opened from it (mapped, every
     * byte checked), and the same queries through it: the answers must be the same */
    double write_s = -1, open_s = -1, kqt = -1;
    long kfound = -1, file_bytes = -1;
    if (argc > 4) {
        char path[1024];
        snprintf(path, sizeof path, "%s/bench.names", argv[4]);
        ov__kept_key key;
        memset(&key, 0, sizeof key);
        t0 = now();
        int wrc = ov__kept_write(mx, path, &key, NULL, 0);
        write_s = now() - t0;
        ov_matcher *kx = NULL;
        uint32_t ss[16];
        size_t nss;
        t0 = now();
        if (!wrc && !ov_matcher_new(&kx, m, NULL, err, sizeof err) && !ov__kept_open(kx, path, &key, ss, &nss)) {
            open_s = now() - t0;
            FILE *kf = fopen(path, "rb");
            if (kf && !fseek(kf, 0, SEEK_END)) file_bytes = ftell(kf);
            if (kf) fclose(kf);
            kfound = 0;
            t0 = now();
            for (long i = 0; i < got; i++) {
                const char *nm[1] = {qs[i]};
                ov_match_query q = {.names = nm, .n_names = 1, .limit = 5, .cutoff = -1};
                if (ov_matcher_query(kx, &q, r, 5, &nr)) continue;
                if (nr && r[0].match && *want[i] && !strcmp(r[0].id, want[i])) kfound++;
            }
            kqt = now() - t0;
        }
        ov_matcher_free(kx);
        unlink(path);
    }
    printf("{\"entities\":%zu,\"names\":%zu,\"build_seconds\":%.3f,\"index_bytes\":%zu,\"rss_index_mib\":%.1f,"
           "\"peak_rss_mib\":%.1f,\"queries\":%ld,\"query_seconds\":%.3f,\"qps\":%.0f,\"found\":%ld,\"expected\":%ld,"
           "\"wrong_or_false\":%ld,\"file_write_seconds\":%.3f,\"file_open_seconds\":%.3f,\"file_bytes\":%ld,"
           "\"file_qps\":%.0f,\"file_found\":%ld}\n",
           ents, names, build, bytes, (rss1 - rss0) / 1024.0, ru.ru_maxrss / 1024.0, got, qt, got / qt, found,
           expected, fp, write_s, open_s, file_bytes, kqt > 0 ? got / kqt : 0.0, kfound);
    /* forms for the peer: entities (entity\tfull\tcore\tcompact\than per name) and queries */
    if (argc > 4) {
        char path[1024];
        ov__names *nz;
        if (ov__names_open(&nz, err, sizeof err)) return 1;
        snprintf(path, sizeof path, "%s/forms.tsv", argv[4]);
        FILE *o = fopen(path, "w");
        f = fopen(argv[1], "r");
        while (o && f && fgets(line, sizeof line, f)) {
            line[strcspn(line, "\n")] = '\0';
            char *save = NULL;
            char *id = strtok_r(line, "\t", &save);
            strtok_r(NULL, "\t", &save);
            strtok_r(NULL, "\t", &save);
            char *names2 = strtok_r(NULL, "\t", &save);
            char *s2 = NULL;
            for (char *nm = names2 ? strtok_r(names2, "|", &s2) : NULL; nm; nm = strtok_r(NULL, "|", &s2)) {
                ov__name_form fm;
                if (ov__names_normalize(nz, nm, &fm)) continue;
                fprintf(o, "%s\t%s\t%s\t%s\t%s\n", id, fm.full, fm.core, fm.compact, fm.han);
            }
        }
        if (f) fclose(f);
        if (o) fclose(o);
        snprintf(path, sizeof path, "%s/qforms.tsv", argv[4]);
        o = fopen(path, "w");
        for (long i = 0; o && i < got; i++) {
            ov__name_form fm;
            if (ov__names_normalize(nz, qs[i], &fm)) continue;
            fprintf(o, "%s\t%s\t%s\t%s\t%s\n", want[i], fm.full, fm.core, fm.compact, fm.han);
        }
        if (o) fclose(o);
        ov__names_free(nz);
    }
    for (long i = 0; i < got; i++) free(qs[i]), free(want[i]);
    free(qs);
    free(want);
    ov_matcher_free(mx);
    ov_model_free(m);
    return 0;
}
