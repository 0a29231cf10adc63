/* record_eval.c - the record setting of the name-matching evaluation
 * (tests/fixtures/names/records.tsv; bench/match/record_set.h has the
 * method): prints one line per query,
 *   split, kind, query (pos/neg), outcome, own score, other score, other id, name
 * for bench/match/record_summary.py.
 *   cc -O2 -Iinclude bench/match/record_eval.c build/liboversight.a $(LIBS) -o record_eval
 *   ./record_eval tests/fixtures/names/records.tsv [SPLIT] > records_scored.tsv
 * SPLIT (dev, held, fresh) limits the queries to one part; the index always
 * holds every party. */
#include "record_set.h"

static const char *const OUTCOME[] = {"TP", "FP+FN", "FN", "FP", "TN"};

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: record_eval records.tsv [split]\n");
        return 2;
    }
    ov_model *m;
    char err[256];
    if (ov_model_load_default(&m, err, sizeof err)) {
        fprintf(stderr, "model: %s\n", err);
        return 1;
    }
    rec_set rs;
    if (rec_load(&rs, argv[1], m, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    for (int p = 0; p < rs.n; p++) {
        const rec_party *x = &rs.parties[p];
        if (!strcmp(x->query, "-") || (argc > 2 && strcmp(x->split, argv[2]))) continue;
        for (int i = 0; i < x->n_names; i++) {
            rec_answer a;
            if (rec_ask(&rs, m, x, i, &a)) {
                fprintf(stderr, "%s: query failed\n", x->id);
                return 1;
            }
            printf("%s\t%s\t%s\t%s\t%.3f\t%.3f\t%s\t%s\t%s\n", x->split, x->kind, x->query, OUTCOME[a.outcome], a.own,
                   a.other, a.other_id ? a.other_id : "-", x->id, x->names[i]);
        }
    }
    rec_free(&rs);
    ov_model_free(m);
    return 0;
}
