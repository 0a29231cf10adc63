/* fuzz_gleif.c - libFuzzer target for the GLEIF importer (LEI-CDF, RR-CDF and
 * reporting exceptions as XML or golden-copy CSV), validating only: no store.
 * The first byte picks the kind asked for (auto, lei, rr, repex). */
#include <stdio.h>
#include <stdlib.h>
#include "oversight/imports.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static ov_model *model;
    if (!model) {
        char err[256];
        if (ov_model_load_default(&model, err, sizeof err)) abort();
    }
    if (size < 2) return 0;
    ov_gleif_kind kind = (ov_gleif_kind)(data[0] % 4);
    FILE *in = fmemopen((void *)(data + 1), size - 1, "rb");
    if (!in) return 0;
    ov_ingest_opts o = {.max_line = 1 << 16};
    ov_ingest_stats st;
    ov_import_gleif(NULL, model, "fuzz", in, kind, &o, &st);
    fclose(in);
    return 0;
}
