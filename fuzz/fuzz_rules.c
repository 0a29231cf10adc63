/* fuzz_rules.c - libFuzzer target for the applicability rule language parser. */
#include <stddef.h>
#include "oversight/law.h"
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    ov_rules *r;
    char err[256];
    if (ov_rules_parse(&r, (const char *)data, size, "fuzz", err, sizeof err) == OV_OK) {
        for (int i = 0; i < ov_rules_count(r); i++) {
            const char *kind, *name, *label, *source;
            ov_rules_at(r, i, &kind, &name, &label, &source);
        }
        ov_rules_free(r);
    }
    return 0;
}
