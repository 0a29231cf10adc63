/* fuzz_csl.c - libFuzzer target for the two parsers of name matching: the
 * US Consolidated Screening List CSV (ov_csl_validate) and, for inputs that
 * start with '{', the yente /match request (ov_match_yente over a small
 * index). The model and the index are built once per process. */
#include <stdio.h>
#include <stdlib.h>
#include "oversight/match.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static ov_model *model;
    static ov_matcher *mx;
    char err[512];
    if (!model) {
        if (ov_model_load_default(&model, err, sizeof err)) abort();
        if (ov_matcher_new(&mx, model, NULL, err, sizeof err)) abort();
        ov_stmt st[2] = {{.prop = "name", .value = "Hikvision"}, {.prop = "alias", .value = "海康威视"}};
        ov_entity e = {.id = "co-hik", .schema = "Company", .stmts = st, .n_stmts = 2};
        if (ov_matcher_add(mx, &e, NULL) || ov_matcher_finish(mx)) abort();
    }
    if (size == 0) return 0;
    if (data[0] == '{') {
        char *resp;
        size_t len;
        if (!ov_match_yente(mx, (const char *)data, size, &resp, &len, err, sizeof err)) ov_match_text_free(resp);
        return 0;
    }
    FILE *in = fmemopen((void *)data, size, "rb");
    if (!in) return 0;
    ov_csl_stats s;
    ov_csl_validate(model, in, "fuzz", &s, err, sizeof err);
    fclose(in);
    return 0;
}
