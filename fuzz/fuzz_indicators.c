/* fuzz_indicators.c - the RDR readers (indicator specs, element specs, level
 * scores) on arbitrary bytes. The first byte picks the reader; the rest is
 * the file. Element specs and levels are read against a small fixed framework. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "oversight/indicators.h"

static const char SPECS[] =
    "Category,Indicator,indicatorNr,indicatorSuffix,isParent,labelLong,description,scoringScope\n"
    "G,G01,1,NA,FALSE,Policy,x,company\n"
    "G,G04,4,NA,TRUE,Due diligence,NA,NA\n"
    "G,G04a,4,a,FALSE,Impact,x,full\n"
    "F,F01,1,NA,FALSE,Access,x,services\n";

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size < 1) return 0;
    int which = data[0] % 3;
    ov_ind_framework *fw;
    if (ov_ind_framework_new("fuzz", "fuzz", &fw)) return 0;
    char err[512];
    if (which > 0) {
        FILE *s = fmemopen((void *)SPECS, sizeof SPECS - 1, "rb");
        if (!s || ov_ind_rdr_read_indicators(fw, s, "specs", err, sizeof err)) abort();
        fclose(s);
    }
    FILE *in = size > 1 ? fmemopen((void *)(data + 1), size - 1, "rb") : NULL;
    if (in) {
        if (which == 0) ov_ind_rdr_read_indicators(fw, in, "fuzz", err, sizeof err);
        else if (which == 1) ov_ind_rdr_read_elements(fw, in, "fuzz", err, sizeof err);
        else {
            ov_ind_answers *a;
            if (!ov_ind_answers_new(&a)) {
                if (!ov_ind_rdr_read_levels(fw, a, in, "fuzz", err, sizeof err)) {
                    ov_ind_scores sc;
                    for (size_t i = 0; i < ov_ind_answers_count(a) && i < 4; i++) {
                        const ov_ind_answer_rec *r = ov_ind_answers_at(a, i);
                        if (!ov_ind_score(fw, a, r->subject, r->year, &sc)) ov_ind_scores_release(&sc);
                    }
                }
                ov_ind_answers_free(a);
            }
        }
        fclose(in);
    }
    ov_ind_framework_free(fw);
    return 0;
}
