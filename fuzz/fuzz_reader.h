/* fuzz_reader.h - the body shared by the reader fuzz targets: feed the input
 * to ov_validate (the full reader and model checks, no store) as the given
 * format. The model is loaded once per process. */
#ifndef OV_FUZZ_READER_H
#define OV_FUZZ_READER_H
#include <stdio.h>
#include <stdlib.h>
#include "oversight/io.h"

static int fuzz_reader(const unsigned char *data, size_t size, ov_format format)
{
    static ov_model *model;
    if (!model) {
        char err[256];
        if (ov_model_load_default(&model, err, sizeof err)) abort();
    }
    if (size == 0) return 0;
    FILE *in = fmemopen((void *)data, size, "rb");
    if (!in) return 0;
    /* shares declared as fractions on inputs of odd length: both readings of
     * percentages (stmt_build.c) are fuzzed */
    ov_ingest_opts o = {.format = format, .dataset = "fuzz", .max_line = 1 << 16, .shares_fraction = size & 1};
    ov_ingest_stats st;
    ov_validate(model, "fuzz", in, &o, &st);
    fclose(in);
    return 0;
}
#endif
