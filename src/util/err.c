/* err.c - result-code strings and the version, generated from OV_RESULTS; ov_free. */
#include <stdlib.h>
#include "oversight/oversight.h"

const char *ov_strerror(int rc)
{
    switch (rc) {
#define OV__CASE(name, value, msg) case value: return msg;
        OV_RESULTS(OV__CASE)
#undef OV__CASE
    }
    return "unknown error";
}

const char *ov_version(void) { return OV_VERSION; }

void ov_free(void *p) { free(p); }
