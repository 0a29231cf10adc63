/* fuzz_load.c - libFuzzer target that loads into a real store (issue 20): the
 * input is read as FtM JSON lines or a statements CSV (by its first byte, as
 * the CLI sniffs) and loaded into a fresh in-memory store, the bulk path; a
 * load that succeeded is loaded again, the incremental path, which must find
 * every statement unchanged (the input has no deltas) - the store's diff and
 * duplicate handling are checked, not only the reader's. The large seeds
 * (fuzz/corpus/load_big) hold entities with tens of thousands of values, so a
 * superlinear path in reading, duplicate detection or diffing takes far
 * longer than the smoke run's timeout for them (scripts/fuzz-smoke.sh); the
 * fuzzing starts from the small ones (fuzz/corpus/load). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "oversight/io.h"
#include "oversight/store.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static ov_model *model;
    if (!model) {
        char err[256];
        if (ov_model_load_default(&model, err, sizeof err)) abort();
    }
    if (size == 0) return 0;
    ov_store *st;
    if (ov_store_open(&st, ":memory:", OV_OPEN_CREATE, model)) {
        ov_store_close(st);
        return 0;
    }
    bool delta = memmem(data, size, "\"op\"", 4) != NULL;
    ov_ingest_opts o = {.format = OV_FMT_AUTO, .dataset = "fuzz", .max_line = 1 << 21,
                        .shares_fraction = size & 1, .skip_invalid = (size & 2) != 0};
    ov_ingest_stats s1, s2;
    FILE *in = fmemopen((void *)data, size, "rb");
    int rc = in ? ov_ingest(st, model, "fuzz", in, &o, &s1) : OV_ENOMEM;
    if (in) fclose(in);
    if (rc == OV_OK && !delta && (in = fmemopen((void *)data, size, "rb"))) {
        rc = ov_ingest(st, model, "fuzz", in, &o, &s2);
        fclose(in);
        /* the same entities again: nothing to add or retire */
        if (rc == OV_OK && (s2.load.added != 0 || s2.load.retired != 0)) {
            fprintf(stderr, "fuzz_load: a second load of the same input added %lld and retired %lld\n",
                    (long long)s2.load.added, (long long)s2.load.retired);
            abort();
        }
    }
    ov_stats stats;
    ov_store_stats(st, &stats, NULL, NULL);
    ov_store_close(st);
    return 0;
}
