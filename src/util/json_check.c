/* json_check.c - checks JSON text for what cJSON lets through (see json_check.h). */
#include <stdbool.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "json_check.h"
#include "hmap.h"
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

static const char *dup_in(const cJSON *o, int *oom)
{
    if (!cJSON_IsObject(o) && !cJSON_IsArray(o)) return NULL;
    const cJSON *c;
    if (cJSON_IsObject(o)) {
        size_t n = 0;
        cJSON_ArrayForEach(c, o) n++;
        if (n <= 16) {
            for (c = o->child; c; c = c->next)
                for (const cJSON *d = o->child; d != c; d = d->next)
                    if (c->string && d->string && strcmp(c->string, d->string) == 0) return c->string;
        } else {
            ov_hmap seen;
            ov_hmap_init(&seen);
            const char *dup = NULL;
            cJSON_ArrayForEach(c, o)
            {
                if (!c->string) continue;
                int added;
                if (!ov_hmap_upsert(&seen, c->string, strlen(c->string), &added)) {
                    *oom = 1;
                    break;
                }
                if (!added) {
                    dup = c->string;
                    break;
                }
            }
            ov_hmap_release(&seen);
            if (dup || *oom) return dup;
        }
    }
    cJSON_ArrayForEach(c, o)
    {
        const char *d = dup_in(c, oom); /* depth is bounded by ov__json_precheck */
        if (d || *oom) return d;
    }
    return NULL;
}

const char *ov__json_dup_key(const void *root, int *oom)
{
    *oom = 0;
    return dup_in(root, oom);
}
