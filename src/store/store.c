/* store.c - the store's entry points: picks the backend for a path. Only
 * SQLite exists today; "postgresql://" paths are reserved for the next one. */
#include <string.h>
#include "oversight/store.h"
#include "store_internal.h"
#include "../util/banned.h"

int ov_store_open(ov_store **out, const char *path, int flags, const ov_model *model)
{
    *out = NULL;
    if (!path || !model) return OV_EINVAL;
    if (strncmp(path, "postgres://", 11) == 0 || strncmp(path, "postgresql://", 13) == 0)
        return OV_EINVAL; /* not yet: see docs/internals/store.md */
    return ov__sqlite_open(out, path, flags, model);
}

void ov_store_close(ov_store *st) { ov__sqlite_close(st); }

int ov_store_load_begin(ov_store *st, const ov_load_opts *opts, ov_load **out)
{
    return ov__sqlite_load_begin(st, opts, out);
}
