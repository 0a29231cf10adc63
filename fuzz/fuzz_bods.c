/* fuzz_bods.c - libFuzzer target for the BODS importer (JSON arrays and JSON
 * lines, BODS 0.4 and 0.2), validating only: no store. */
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
    if (size == 0) return 0;
    FILE *in = fmemopen((void *)data, size, "rb");
    if (!in) return 0;
    ov_ingest_opts o = {.max_line = 1 << 16};
    ov_ingest_stats st;
    ov_import_bods(NULL, model, "fuzz", in, &o, &st);
    fclose(in);
    return 0;
}
