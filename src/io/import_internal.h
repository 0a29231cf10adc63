/*
 * import_internal.h - what the BODS and GLEIF importers share: a builder that
 * turns one source record into one or more entities in a record arena, checks
 * every value against the model, and hands the record's entities to the store
 * only when the whole record was valid (so a rejected record leaves nothing
 * behind, not even half of its interests).
 *
 * Usage per record: imp_record_begin, then imp_entity / imp_add ... for each
 * entity, then imp_record_end. imp_reject marks the record bad and reports it.
 */
#ifndef OV_IMPORT_INTERNAL_H
#define OV_IMPORT_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "oversight/imports.h"
#include "../util/arena.h"
#include "../util/hmap.h"
#include "../util/utf8.h"
#include "stmt_build.h"

#define IMP_MAX_ENTS 128       /* entities one record may produce */
#define IMP_MAX_STMTS 4096     /* statements one entity may carry */

typedef struct imp_ent {
    ov_entity e;
    const ov_schema *schema;
    ov_load_mode mode;
    ov__stmts sb;              /* e's statements (stmt_build.h) */
    uint32_t *seen;            /* (prop, value as read) of e's statements, hashed: slots
                                * hold a statement index + 1, 0 for empty; NULL until
                                * the entity has 16 statements (arena) */
    size_t seen_cap;           /* a power of two, at least twice n_stmts */
} imp_ent;

typedef struct imp {
    const ov_model *m;
    const char *path;
    const ov_ingest_opts *o;
    ov_ingest_stats *stats;
    ov_load *ld;               /* NULL when only validating */
    ov_arena arena;            /* record-scoped: reset by imp_record_begin */
    imp_ent ents[IMP_MAX_ENTS];
    int n_ents;
    imp_ent *cur;              /* the entity imp_add adds to */
    const char *source;        /* citation of every statement */
    const char *locator;       /* the current record's key (arena) */
    char what[160];            /* "statement 3" etc., prefixed to messages */
    long line;                 /* line of the current record */
    bool rec_bad;              /* the current record was rejected */
    bool invalid;              /* some record was rejected */
    int reported;
    bool store_failed;
    int store_rc;
} imp;

static inline void imp_init(imp *im, const ov_model *m, const char *path, const ov_ingest_opts *o,
                            ov_ingest_stats *stats, ov_load *ld)
{
    memset(im, 0, sizeof *im);
    im->m = m;
    im->path = path;
    im->o = o;
    im->stats = stats;
    im->ld = ld;
    im->source = o->source && *o->source ? o->source : path;
    ov_arena_init(&im->arena, 64 * 1024, (size_t)64 << 20);
}

static inline void imp_release(imp *im) { ov_arena_release(&im->arena); }

/* Reports a problem of the current record (or of the file, outside one) and
 * marks the record rejected. Returns OV_EINVAL. */
static int imp_reject(imp *im, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline int imp_reject(imp *im, const char *fmt, ...)
{
    if (im->rec_bad) return OV_EINVAL; /* one report per record */
    im->rec_bad = true;
    im->invalid = true;
    im->stats->rejected++;
    int max = im->o->max_errors > 0 ? im->o->max_errors : 100;
    if (im->reported < max && im->o->on_error) {
        char msg[512];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        char full[700];
        if (im->what[0]) snprintf(full, sizeof full, "%s: %s", im->what, msg);
        else snprintf(full, sizeof full, "%s", msg);
        im->o->on_error(im->path, im->line, full, im->o->ud);
    } else if (im->reported == max && im->o->on_error) {
        im->o->on_error(im->path, im->line, "too many errors; not reporting the rest", im->o->ud);
    }
    im->reported++;
    return OV_EINVAL;
}

/* Starts a record at line; locator (copied) cites it. */
static inline void imp_record_begin(imp *im, long line, const char *locator)
{
    ov_arena_reset(&im->arena);
    im->n_ents = 0;
    im->cur = NULL;
    im->rec_bad = false;
    im->line = line;
    im->what[0] = '\0';
    im->locator = locator ? ov_arena_strdup(&im->arena, locator) : NULL;
    im->stats->records++;
}

/* Starts an entity of the record. id and schema must be valid (built by the
 * importer); OV_EINVAL after a report otherwise. */
static inline int imp_entity(imp *im, const char *schema, const char *id, ov_load_mode mode)
{
    const ov_schema *s = ov_model_schema(im->m, schema);
    if (!s || ov_schema_abstract(s)) return imp_reject(im, "internal: no concrete schema %s", schema);
    if (!ov_model_valid_id(id, strlen(id))) return imp_reject(im, "entity id \"%.80s\" is not valid", id);
    if (im->n_ents == IMP_MAX_ENTS) return imp_reject(im, "the record yields more than %d entities", IMP_MAX_ENTS);
    imp_ent *e = &im->ents[im->n_ents++];
    memset(e, 0, sizeof *e);
    e->e.id = ov_arena_strdup(&im->arena, id);
    if (!e->e.id) return OV_ENOMEM;
    e->e.schema = ov_schema_name(s);
    e->e.target = -1;
    e->schema = s;
    e->mode = mode;
    ov__stmts_begin(&e->sb, &e->e, &im->arena, im->o->status, im->source, im->locator, false);
    im->cur = e;
    return OV_OK;
}

/* The text a statement was read as: what FtM's set of values compares. */
static inline const char *imp_read_as(const ov_stmt *o) { return o->original_value ? o->original_value : o->value; }

static inline size_t imp_slot_of(const char *prop, const char *value, size_t len, size_t mask)
{
    return (size_t)((ov_hmap_hash(value, len) ^ ((uint64_t)(uintptr_t)prop * 0x9E3779B97F4A7C15ull)) & mask);
}

/* Indexes statement i of e in its set (growing the set first when half full:
 * the index is rebuilt from the statements). OV_ENOMEM from the arena. */
static inline int imp_seen_add(imp *im, imp_ent *e, size_t i)
{
    if (!e->seen || (e->e.n_stmts + 1) * 2 > e->seen_cap) {
        size_t cap = e->seen_cap ? e->seen_cap * 2 : 64;
        while (cap < (e->e.n_stmts + 1) * 2) cap *= 2;
        uint32_t *t = ov_arena_alloc(&im->arena, cap * sizeof *t);
        if (!t) return OV_ENOMEM;
        memset(t, 0, cap * sizeof *t);
        e->seen = t;
        e->seen_cap = cap;
        for (size_t k = 0; k < e->e.n_stmts; k++) {
            if (k == i) continue;
            const char *v = imp_read_as(&e->e.stmts[k]);
            size_t at = imp_slot_of(e->e.stmts[k].prop, v, strlen(v), cap - 1);
            while (t[at]) at = (at + 1) & (cap - 1);
            t[at] = (uint32_t)k + 1;
        }
    }
    const char *v = imp_read_as(&e->e.stmts[i]);
    size_t at = imp_slot_of(e->e.stmts[i].prop, v, strlen(v), e->seen_cap - 1);
    while (e->seen[at]) at = (at + 1) & (e->seen_cap - 1);
    e->seen[at] = (uint32_t)i + 1;
    return OV_OK;
}

/* 1 when the current entity already has value (len bytes) as read for prop. */
static inline int imp_seen(const imp_ent *e, const char *prop, const char *value, size_t len)
{
    if (!e->seen) { /* a small entity: look through it */
        for (size_t i = 0; i < e->e.n_stmts; i++) {
            const ov_stmt *o = &e->e.stmts[i];
            const char *ov = imp_read_as(o);
            if (o->prop == prop && strlen(ov) == len && memcmp(ov, value, len) == 0) return 1;
        }
        return 0;
    }
    for (size_t at = imp_slot_of(prop, value, len, e->seen_cap - 1);; at = (at + 1) & (e->seen_cap - 1)) {
        uint32_t k = e->seen[at];
        if (!k) return 0;
        const ov_stmt *o = &e->e.stmts[k - 1];
        const char *ov = imp_read_as(o);
        if (o->prop == prop && strlen(ov) == len && memcmp(ov, value, len) == 0) return 1;
    }
}

/* Adds value (len bytes; NULL or empty is skipped) of prop to the current
 * entity. strict: an invalid value rejects the record; otherwise it is
 * silently left out (for values we derive, such as a country from a
 * subdivision code) as is a property the schema does not have. */
static inline int imp_addn(imp *im, bool strict, const char *prop, const char *value, size_t len)
{
    if (!value || !im->cur) return OV_OK;
    while (len && (value[0] == ' ' || value[0] == '\t' || value[0] == '\n' || value[0] == '\r')) {
        value++;
        len--;
    }
    while (len && (value[len - 1] == ' ' || value[len - 1] == '\t' || value[len - 1] == '\n' ||
                   value[len - 1] == '\r'))
        len--;
    if (len == 0) {
        im->stats->dropped_empty++;
        return OV_OK;
    }
    const ov_prop *p = ov_schema_prop(im->cur->schema, prop);
    if (!p || ov_prop_stub(p)) {
        if (!strict) return OV_OK;
        return imp_reject(im, "internal: no property %s on %s", prop, ov_schema_name(im->cur->schema));
    }
    /* FtM keeps a property's values as a set (hashed past 16 values: issue 20) */
    if (imp_seen(im->cur, ov_prop_name(p), value, len)) return OV_OK;
    if (im->cur->e.n_stmts >= IMP_MAX_STMTS) return imp_reject(im, "too many values for one entity");
    ov__value_fault fault;
    size_t bad = 0;
    const char *why;
    bool cleaned;
    int rc = ov__stmts_add_value(&im->cur->sb, im->m, p, value, len, NULL, &fault, &bad, &why, &cleaned);
    if (rc == OV_EINVAL && !strict) return OV_OK;
    if (rc == OV_EINVAL && fault == OV__VALUE_UTF8)
        return imp_reject(im, "%s: invalid UTF-8 (or a NUL byte) at byte %zu of the value", prop, bad + 1);
    if (rc == OV_EINVAL)
        return imp_reject(im, "%s (%s): %s: \"%.80s%s\"", prop, ov_prop_type_name(p), why ? why : "invalid", value,
                          len > 80 ? "..." : "");
    if (!rc && cleaned) im->stats->cleaned++;
    if (!rc && im->cur->e.n_stmts >= 16) rc = imp_seen_add(im, im->cur, im->cur->e.n_stmts - 1);
    return rc;
}

static inline int imp_add(imp *im, const char *prop, const char *value)
{
    return value ? imp_addn(im, true, prop, value, strlen(value)) : OV_OK;
}

static inline int imp_try(imp *im, const char *prop, const char *value)
{
    return value ? imp_addn(im, false, prop, value, strlen(value)) : OV_OK;
}

static int imp_addf(imp *im, const char *prop, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static inline int imp_addf(imp *im, const char *prop, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0) return OV_OK;
    return imp_addn(im, true, prop, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* Makes the last statement added a retraction (a deleted source record). */
static inline void imp_retract_last(imp *im)
{
    if (im->cur && im->cur->e.n_stmts) im->cur->e.stmts[im->cur->e.n_stmts - 1].status = OV_ST_RETRACTED;
}

/* Ends the record: when it was valid, counts its entities and puts them (unless
 * validating, or an earlier record failed and invalid ones are not skipped). */
static inline int imp_record_end(imp *im)
{
    if (im->rec_bad) return OV_OK;
    for (int i = 0; i < im->n_ents; i++) {
        imp_ent *e = &im->ents[i];
        im->stats->entities++;
        im->stats->statements += (int64_t)e->e.n_stmts;
        if (!im->ld || (im->invalid && !im->o->skip_invalid)) continue;
        int rc = ov_load_put(im->ld, &e->e, e->mode);
        if (rc == OV_EINVAL) {
            im->stats->entities--;
            im->stats->statements -= (int64_t)e->e.n_stmts;
            return imp_reject(im, "%s", ov_store_errmsg_of_load(im->ld));
        }
        if (rc) {
            im->store_failed = true;
            im->store_rc = rc;
            return rc;
        }
    }
    return OV_OK;
}

/* Begins the load (st non-NULL) with kind and the default dataset. */
static inline int imp_load_begin(ov_store *st, const char *kind, const char *path, const ov_ingest_opts *o,
                                 const char *default_dataset, ov_load **ld)
{
    *ld = NULL;
    if (!st) return OV_OK;
    ov_load_opts lo = {.kind = kind, .origin = path,
                       .dataset = o->dataset && *o->dataset ? o->dataset : default_dataset,
                       .note = o->note};
    return ov_store_load_begin(st, &lo, ld);
}

/* Commits or rolls back after the reader returned rc. */
static inline int imp_load_end(imp *im, int rc)
{
    if (im->store_failed) rc = im->store_rc;
    if (!rc && im->invalid && !im->o->skip_invalid) rc = OV_EINVAL;
    if (!im->ld) return rc ? rc : OV_OK;
    if (rc) {
        ov_load_abort(im->ld);
        return rc;
    }
    return ov_load_commit(im->ld, &im->stats->load);
}

/* Skips a UTF-8 byte order mark and white space; returns the first other
 * byte (pushed back) or EOF. */
static inline int imp_sniff(FILE *in)
{
    int c = getc(in);
    if (c == 0xEF) {
        int c2 = getc(in), c3 = getc(in);
        if (c2 != 0xBB || c3 != 0xBF) return 0xEF; /* not a BOM: not text we read */
        c = getc(in);
    }
    while (c == ' ' || c == '\n' || c == '\r' || c == '\t') c = getc(in);
    if (c != EOF) ungetc(c, in);
    return c;
}
#endif
