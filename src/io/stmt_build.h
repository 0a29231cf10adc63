/* stmt_build.h - the one builder of an entity's statements while a reader
 * reads a record (FtM JSON lines and statements CSV in ingest.c, BODS and
 * GLEIF through import_internal.h, the CSL in src/names/csl.c): growth in the
 * record's arena, the load's defaults on every new statement (status,
 * citation), and a value checked against the model, cleaned with its
 * original kept. Readers word their own rejections from what it reports.
 * Library-internal. */
#ifndef OV_STMT_BUILD_H
#define OV_STMT_BUILD_H
#include <stdbool.h>
#include <stddef.h>
#include "oversight/model.h"
#include "oversight/store.h"
#include "../util/arena.h"

typedef struct ov__stmts {
    ov_entity *e;            /* the entity being built: its stmts and n_stmts grow here */
    size_t cap;              /* capacity of e->stmts */
    ov_arena *arena;         /* record-scoped memory the statements live in */
    int status;              /* defaults of a new statement */
    const char *source, *locator;
    bool shares_fraction;    /* percentages are fractions (ov_ingest_opts.shares_fraction) */
} ov__stmts;

/* Why a value was refused. */
typedef enum ov__value_fault {
    OV__VALUE_OK = 0,
    OV__VALUE_UTF8,          /* invalid UTF-8 or a NUL byte at byte *bad */
    OV__VALUE_TYPE,          /* not a value of the property's type (*why says how) */
    OV__VALUE_FRACTION       /* declared a fraction, but a bare number outside 0..1 */
} ov__value_fault;

/* Starts building e (emptied first) in arena with the load's defaults. */
void ov__stmts_begin(ov__stmts *b, ov_entity *e, ov_arena *arena, int status, const char *source,
                     const char *locator, bool shares_fraction);
/* A new zeroed statement of the entity with the defaults, or NULL when out of memory. */
ov_stmt *ov__stmts_new(ov__stmts *b);
/* Checks value (len bytes, not empty) of property p and adds it as a statement: the
 * model's clean form when it has one (and a fraction declared as such written as a
 * percent), the text as read kept as the original. *out (may be NULL) gets the
 * statement. Returns OV_OK, OV_ENOMEM, or OV_EINVAL with *fault (and *bad or *why)
 * saying what is wrong; nothing is added then. */
int ov__stmts_add_value(ov__stmts *b, const ov_model *m, const ov_prop *p, const char *value, size_t len,
                        ov_stmt **out /* OUT */, ov__value_fault *fault /* OUT */, size_t *bad /* OUT */,
                        const char **why /* OUT */, bool *cleaned /* OUT */);
#endif
