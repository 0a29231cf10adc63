/* json_check.h - what cJSON lets through, checked before parsing: invalid
 * UTF-8 and NUL bytes, nesting deeper than a limit, and \u0000 escapes
 * (which cJSON would decode into a truncated string). Used by every JSON reader. */
#ifndef OV_JSON_CHECK_H
#define OV_JSON_CHECK_H
#include <stddef.h>
/* NULL when s[0..n) is fit to parse; otherwise a static reason
 * (too_deep is the message for nesting past max_depth). */
const char *ov__json_precheck(const char *s, size_t n, int max_depth, const char *too_deep);

/* The first member name that repeats within one object anywhere in the tree
 * at root (a cJSON *; void here so this header needs no cJSON), or NULL when
 * there is none. cJSON keeps both members and lookups return the first, so a
 * repeated key would otherwise pass silently. *oom (OUT) is set when memory
 * ran out before the check could finish. Linear in the members (hashed for
 * objects with many). */
const char *ov__json_dup_key(const void *root, int *oom);
#endif
