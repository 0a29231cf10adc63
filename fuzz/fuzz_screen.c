/* fuzz_screen.c - libFuzzer target for the readers of issue 18 that take
 * outside text: a screening report row's JSON (ov_screen_render, all three
 * formats) and a country given by name or code (ov_country_resolve). */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "oversight/screen.h"
#include "oversight/search.h"
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s) return 0;
    memcpy(s, data, size);
    s[size] = 0;
    for (int f = 0; f < 3; f++) {
        char *out = NULL;
        if (ov_screen_render(s, (ov_screen_format)f, &out) == OV_OK) ov_free(out);
    }
    char code[8], sugg[128];
    if (size < 200) ov_country_resolve(s, code, sizeof code, sugg, sizeof sugg);
    free(s);
    return 0;
}
