/* pairs_eval.c - the pairwise evaluation set (tests/fixtures/names/pairs.tsv)
 * through the public query path, one matcher per pair holding only the
 * pair's right-hand name, so that any version of the library can be measured
 * the same way (blocking included): docs/MATCHING.md's before/after table.
 *   cc -O2 -Iinclude bench/match/pairs_eval.c build/liboversight.a $(LIBS) -o pairs_eval
 *   ./pairs_eval tests/fixtures/names/pairs.tsv > scores.tsv
 *   python3 bench/match/pairs_summary.py before.tsv after.tsv
 * Writes split, kind, label, matched (0/1), score per pair, and the
 * same/other-name label of a positive (column 8 of pairs.tsv; "-" if none). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "oversight/match.h"
int main(int argc, char **argv)
{
    ov_model *m; char err[256];
    ov_model_load_default(&m, err, sizeof err);
    FILE *f = fopen(argv[1], "r"); char line[8192];
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#') continue;
        line[strcspn(line, "\n")] = 0;
        char *fl[8]; int n = 0; char *p = line;
        while (n < 8) { fl[n++] = p; char *t = strchr(p, '\t'); if (!t) break; *t = 0; p = t + 1; }
        if (n < 6) continue;
        ov_matcher *mx; ov_matcher_new(&mx, m, NULL, err, sizeof err);
        ov_stmt st = {.prop = "name", .value = fl[1]};
        ov_entity e = {.id = "x", .schema = fl[2], .stmts = &st, .n_stmts = 1, .target = -1};
        ov_matcher_add(mx, &e, NULL); ov_matcher_finish(mx);
        const char *names[1] = {fl[0]};
        ov_match_query q = {.schema = fl[2], .names = names, .n_names = 1, .limit = 1, .cutoff = 0};
        ov_match_result r; size_t k = 0; double sc = 0; int mt = 0;
        if (!ov_matcher_query(mx, &q, &r, 1, &k) && k) sc = r.score, mt = r.match;
        printf("%s\t%s\t%s\t%d\t%.3f\t%s\n", fl[5], fl[4], fl[3], mt, sc, n > 7 ? fl[7] : "-");
        ov_matcher_free(mx);
    }
}
