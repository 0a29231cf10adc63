/* json_check.c - checks JSON text for what cJSON lets through (see json_check.h). */
#include <stdbool.h>
#include <string.h>
#include "json_check.h"
#include "utf8.h"
#include "banned.h"

const char *ov__json_precheck(const char *s, size_t n, int max_depth, const char *too_deep)
{
    if (!ov_utf8_valid(s, n, NULL)) return "invalid UTF-8 (or a NUL byte)";
    int depth = 0;
    bool in_str = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (in_str) {
            if (c == '\\') {
                if (i + 5 < n && s[i + 1] == 'u' && memcmp(s + i + 2, "0000", 4) == 0)
                    return "the JSON contains a \\u0000 (NUL) escape";
                i++;
            } else if (c == '"') {
                in_str = false;
            }
        } else if (c == '"') {
            in_str = true;
        } else if (c == '{' || c == '[') {
            if (++depth > max_depth) return too_deep;
        } else if (c == '}' || c == ']') {
            depth--;
        }
    }
    return NULL;
}
