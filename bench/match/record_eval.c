/* record_eval.c - the record setting of the name-matching evaluation
 * (tests/fixtures/names/records.tsv; bench/match/record_set.h has the
 * method): prints one line per query,
 *   split, kind, query (pos/neg), outcome, own score, other score, other id, name
 * for bench/match/record_summary.py.
 *   cc -O2 -Iinclude bench/match/record_eval.c build/liboversight.a $(LIBS) -o record_eval
 *   ./record_eval tests/fixtures/names/records.tsv [SPLIT] > records_scored.tsv
 *   ./record_eval records.tsv fresh4.tsv [...] --split fresh4 > fresh4_scored.tsv
 *   ./record_eval records.tsv fresh5.tsv [fresh5_local.tsv] --split fresh5 --list
 *   ./record_eval records.tsv fresh6.tsv --split fresh6 --list
 * SPLIT (dev, held, fresh, fresh4, fresh5, fresh6) limits the queries to one part; the index
 * always holds every party of every file given (a file is an argument ending
 * in .tsv; the old form's second argument, without .tsv, is the split).
 * --list loads the files and prints the queries without running them
 * (outcome and scores "-"): the check of a held-out set's files and of
 * record_summary.py's groups that does not score the set. */
#include "record_set.h"

static const char *const OUTCOME[] = {"TP", "FP+FN", "FN", "FP", "TN"};

static bool is_file_arg(const char *a)
{
    size_t n = strlen(a);
    return n > 4 && !strcmp(a + n - 4, ".tsv");
}

int main(int argc, char **argv)
{
    const char *files[REC_MAX_FILES], *split = NULL;
    int n_files = 0;
    bool list = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--split") && i + 1 < argc) split = argv[++i];
        else if (!strcmp(argv[i], "--list")) list = true;
        else if (is_file_arg(argv[i]) && n_files < REC_MAX_FILES) files[n_files++] = argv[i];
        else if (!split && n_files == 1 && argv[i][0] != '-') split = argv[i]; /* the old form */
        else n_files = 0, i = argc;                                            /* usage below */
    }
    if (!n_files) {
        fprintf(stderr, "usage: record_eval records.tsv [more.tsv ...] [--split SPLIT] [--list]\n"
                        "       record_eval records.tsv [SPLIT]\n");
        return 2;
    }
    ov_model *m;
    char err[256];
    if (ov_model_load_default(&m, err, sizeof err)) {
        fprintf(stderr, "model: %s\n", err);
        return 1;
    }
    rec_set rs;
    if (rec_load_files(&rs, files, n_files, m, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        rec_free(&rs);
        ov_model_free(m);
        return 1;
    }
    for (int p = 0; p < rs.n; p++) {
        const rec_party *x = &rs.parties[p];
        if (!strcmp(x->query, "-") || (split && strcmp(x->split, split))) continue;
        for (int i = 0; i < x->n_names; i++) {
            if (list) {
                printf("%s\t%s\t%s\t-\t-\t-\t-\t%s\t%s\n", x->split, x->kind, x->query, x->id, x->names[i]);
                continue;
            }
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
