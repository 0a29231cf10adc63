/*
 * ftm_standard.c - the standard export mode: every entity written is one that
 * stock FtM 3.8.4 (@alephdata/followthemoney, followthemoney 3.8) reads.
 *
 * An entity of a standard schema keeps its schema; an extension schema is
 * written as the standard schema of the table below, or left out. A value of
 * a standard property is kept; an extension property is written as the
 * standard property of the table, or left out. The properties the 3.8.4 model
 * requires are then checked: Document.fileName is derived from the source URL
 * (else the id), Event.name from the caption; an entity still missing one is
 * left out. Every mapping, derivation and omission is counted by message, so
 * that the export can say on stderr what the standard mode did not carry.
 */
#include <stdlib.h>
#include <string.h>
#include "ftm_standard.h"
#include "../model/model_internal.h"
#include "../util/alloc.h"
#include "../util/arena.h"
#include "../util/hmap.h"
#include "../util/banned.h"

/* ---- tallies ---------------------------------------------------------------- */

struct ov__tally {
    ov_hmap counts; /* message -> count */
};

ov__tally *ov__tally_new(void)
{
    ov__tally *t = ov__calloc(1, sizeof *t);
    if (t) ov_hmap_init(&t->counts);
    return t;
}

int ov__tally_add(ov__tally *t, const char *msg, int64_t n)
{
    int added;
    ov_hmap_slot *s = ov_hmap_upsert(&t->counts, msg, strlen(msg), &added);
    if (!s) return OV_ENOMEM;
    s->value += (uintptr_t)n;
    return OV_OK;
}

static int by_key(const void *a, const void *b)
{
    return strcmp((*(const ov_hmap_slot *const *)a)->key, (*(const ov_hmap_slot *const *)b)->key);
}

void ov__tally_report(const ov__tally *t, ov_export_note_cb cb, void *ud)
{
    if (!t || !cb || !t->counts.count) return;
    const ov_hmap_slot **v = ov__malloc(t->counts.count * sizeof *v);
    if (!v) return;
    size_t n = 0;
    for (size_t i = 0; i < t->counts.cap; i++)
        if (t->counts.slots[i].hash) v[n++] = &t->counts.slots[i];
    qsort(v, n, sizeof *v, by_key);
    for (size_t i = 0; i < n; i++) cb(v[i]->key, (int64_t)v[i]->value, ud);
    ov__free(v);
}

void ov__tally_free(ov__tally *t)
{
    if (!t) return;
    ov_hmap_release(&t->counts);
    ov__free(t);
}

/* ---- the table -------------------------------------------------------------- */

/* Extension schemata written as a standard one; the others are left out. */
static const struct {
    const char *from, *to;
} schema_map[] = {
    {"Law", "Document"},         /* a law is a document; its own dates and bodies below */
    {"Deployment", "Event"},     /* a supplier's technology in use somewhere, at a time */
    {"Control", "UnknownLink"},  /* FtM 4's Control; 3.8.4 has only the untyped link */
};

enum { AS_IS, AS_CAPTION };

/* Extension properties written as a standard one. `schema` is the schema that
 * defines the property in the full model; AS_CAPTION writes the caption of the
 * referenced entity where FtM keeps a name, not a reference. */
static const struct {
    const char *schema, *prop, *to;
    int how;
} prop_map[] = {
    {"Law", "promulgationDate", "date", AS_IS},
    {"Law", "promulgatingBody", "publisher", AS_CAPTION},
    {"Deployment", "supplier", "involved", AS_IS},
    {"Deployment", "buyer", "involved", AS_IS},
    {"Deployment", "technology", "keywords", AS_IS},
    {"Deployment", "supplierName", "namesMentioned", AS_IS},
    {"Control", "controller", "subject", AS_IS},
    {"Control", "controlled", "object", AS_IS},
    {"Control", "controlType", "role", AS_IS},
    {"Organization", "abbreviation", "alias", AS_IS},
    {"Sanction", "sanctioningBody", "authority", AS_CAPTION},
};

struct ov__ftm_std {
    const ov_model *m;     /* the full model */
    ov_model *stock;       /* FtM 3.8.4 alone */
    ov_store *st;
    ov__tally *notes;
    ov_hmap captions;      /* entity id -> caption (a pointer into keep, 0 when not found) */
    ov_arena keep;         /* captions, for the whole export */
    ov_arena rec;          /* one entity's derived values: reset per entity */
    ov_entity out;
    ov_stmt *stmts;        /* out's statements; grown */
    size_t cap;
};

int ov__ftm_std_new(ov__ftm_std **out, const ov_model *m, ov_store *st)
{
    *out = NULL;
    ov__ftm_std *x = ov__calloc(1, sizeof *x);
    if (!x) return OV_ENOMEM;
    x->m = m;
    x->st = st;
    ov_hmap_init(&x->captions);
    ov_arena_init(&x->keep, 16 * 1024, (size_t)1 << 30);
    ov_arena_init(&x->rec, 16 * 1024, (size_t)1 << 30);
    char err[256];
    int rc = ov_model_load_stock(&x->stock, err, sizeof err);
    if (!rc && !(x->notes = ov__tally_new())) rc = OV_ENOMEM;
    if (rc) {
        ov__ftm_std_free(x);
        return rc == OV_ENOMEM ? rc : OV_ECORRUPT;
    }
    *out = x;
    return OV_OK;
}

void ov__ftm_std_free(ov__ftm_std *x)
{
    if (!x) return;
    ov_model_free(x->stock);
    ov__tally_free(x->notes);
    ov_hmap_release(&x->captions);
    ov_arena_release(&x->keep);
    ov_arena_release(&x->rec);
    ov__free(x->stmts);
    ov__free(x);
}

void ov__ftm_std_report(const ov__ftm_std *x, ov_export_note_cb cb, void *ud)
{
    ov__tally_report(x->notes, cb, ud);
}

static int note(ov__ftm_std *x, const char *msg)
{
    return ov__tally_add(x->notes, msg, 1);
}

/* The caption of the entity id names (looked up once), or NULL when the
 * record does not hold it. */
static const char *caption_of(ov__ftm_std *x, const char *id, int *rc)
{
    uintptr_t v;
    if (ov_hmap_get(&x->captions, id, strlen(id), &v)) return (const char *)v;
    ov_entity *e = NULL;
    const char *cap = NULL;
    if (ov_store_get(x->st, id, 0, &e) == OV_OK) {
        cap = e->caption;
        for (size_t i = 0; !cap && i < e->n_stmts; i++)
            if (strcmp(e->stmts[i].prop, "name") == 0) cap = e->stmts[i].value;
        if (cap && !(cap = ov_arena_strdup(&x->keep, cap))) *rc = OV_ENOMEM;
        ov_entity_free(e);
    }
    if (!*rc && ov_hmap_put(&x->captions, id, strlen(id), (uintptr_t)cap)) *rc = OV_ENOMEM;
    return cap;
}

static const ov_schema *target_schema(ov__ftm_std *x, const char *name)
{
    const ov_schema *s = ov_model_schema(x->stock, name);
    if (s) return ov_schema_abstract(s) ? NULL : s;
    for (size_t i = 0; i < sizeof schema_map / sizeof schema_map[0]; i++)
        if (strcmp(schema_map[i].from, name) == 0) return ov_model_schema(x->stock, schema_map[i].to);
    return NULL;
}

static int push(ov__ftm_std *x, const ov_stmt *s, const char *prop, const char *value)
{
    if (x->out.n_stmts == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 32;
        ov_stmt *n = ov__realloc(x->stmts, cap * sizeof *n);
        if (!n) return OV_ENOMEM;
        x->stmts = n;
        x->cap = cap;
    }
    ov_stmt *d = &x->stmts[x->out.n_stmts++];
    *d = *s;
    d->prop = prop;
    d->value = value;
    d->schema = NULL;
    x->out.stmts = x->stmts;
    return OV_OK;
}

static bool has_prop(const ov_entity *e, const char *prop)
{
    for (size_t i = 0; i < e->n_stmts; i++)
        if (strcmp(e->stmts[i].prop, prop) == 0) return true;
    return false;
}

/* A file name from a URL: its last non-empty path segment, without query or
 * fragment, or NULL. Into the record arena. */
static const char *url_file_name(ov__ftm_std *x, const char *url)
{
    const char *p = strstr(url, "://");
    if (!p) return NULL;
    p = strchr(p + 3, '/');
    if (!p) return NULL;
    size_t end = strcspn(p, "?#");
    while (end > 1 && p[end - 1] == '/') end--;
    size_t start = end;
    while (start > 0 && p[start - 1] != '/') start--;
    if (start >= end) return NULL;
    return ov_arena_strndup(&x->rec, p + start, end - start);
}

/* Supplies what the 3.8.4 model requires of schema s when it is missing:
 * Document.fileName and Event.name are derived; anything else leaves the
 * entity out (*keep = false). */
static int complete(ov__ftm_std *x, const ov_entity *e, const ov_schema *s, bool *keep)
{
    int n;
    const char *const *req = ov_schema_required(s, &n);
    for (int i = 0; i < n && *keep; i++) {
        if (has_prop(&x->out, req[i])) continue;
        const char *value = NULL, *how = NULL;
        if (strcmp(req[i], "fileName") == 0) {
            for (size_t k = 0; !value && k < x->out.n_stmts; k++)
                if (strcmp(x->out.stmts[k].prop, "sourceUrl") == 0)
                    value = url_file_name(x, x->out.stmts[k].value);
            how = value ? "the last part of its sourceUrl" : "its id";
            if (!value) value = e->id;
        } else if (strcmp(req[i], "name") == 0) {
            value = e->caption;
            for (size_t k = 0; !value && k < e->n_stmts; k++)
                if (strcmp(e->stmts[k].prop, "name") == 0 || strcmp(e->stmts[k].prop, "title") == 0)
                    value = e->stmts[k].value;
            how = "its caption";
        }
        int rc;
        char msg[256];
        if (!value) {
            *keep = false;
            snprintf(msg, sizeof msg, "%s entities left out: no %s, which FtM 3.8.4 requires", e->schema, req[i]);
            rc = note(x, msg);
        } else {
            ov_stmt base = {.dataset = e->n_stmts ? e->stmts[0].dataset : NULL, .status = OV_ST_ASSERTED};
            rc = push(x, &base, req[i], value);
            snprintf(msg, sizeof msg, "%s.%s values derived from %s (FtM 3.8.4 requires it)", ov_schema_name(s),
                     req[i], how);
            if (!rc) rc = note(x, msg);
        }
        if (rc) return rc;
    }
    return OV_OK;
}

int ov__ftm_std_map(ov__ftm_std *x, const ov_entity *e, const ov_entity **mapped, bool *keep)
{
    *mapped = NULL;
    *keep = false;
    ov_arena_reset(&x->rec);
    char msg[320];
    const ov_schema *to = target_schema(x, e->schema);
    if (!to) {
        snprintf(msg, sizeof msg, "%s entities left out: no FtM 3.8.4 schema", e->schema);
        return note(x, msg);
    }
    const ov_schema *from = ov_model_schema(x->m, e->schema);
    x->out = *e;
    x->out.schema = ov_schema_name(to);
    x->out.stmts = x->stmts;
    x->out.n_stmts = 0;
    int rc = OV_OK;
    if (strcmp(e->schema, x->out.schema) != 0) {
        snprintf(msg, sizeof msg, "%s entities written as %s", e->schema, x->out.schema);
        rc = note(x, msg);
    }
    for (size_t i = 0; !rc && i < e->n_stmts; i++) {
        const ov_stmt *s = &e->stmts[i];
        if (s->status == OV_ST_RETRACTED) continue;
        const ov_prop *fp = from ? ov_schema_prop(from, s->prop) : NULL;
        const char *owner = fp ? ov_schema_name(ov_prop_schema(fp)) : e->schema;
        /* a property the target has in 3.8.4 is kept (an extension schema's
         * property of the same name, Deployment.country, means the same) */
        const ov_prop *sp = ov_schema_prop(to, s->prop);
        if (sp && !ov_prop_stub(sp)) {
            rc = push(x, s, s->prop, s->value);
            continue;
        }
        size_t k = 0, nmap = sizeof prop_map / sizeof prop_map[0];
        while (k < nmap && !(strcmp(prop_map[k].schema, owner) == 0 && strcmp(prop_map[k].prop, s->prop) == 0)) k++;
        if (k == nmap) {
            snprintf(msg, sizeof msg, "%s.%s values left out: no FtM 3.8.4 property", e->schema, s->prop);
            rc = note(x, msg);
            continue;
        }
        const char *value = s->value;
        if (prop_map[k].how == AS_CAPTION) value = caption_of(x, s->value, &rc);
        if (rc) break;
        if (!value) {
            snprintf(msg, sizeof msg, "%s.%s values left out: the entity it names is not in the record", e->schema,
                     s->prop);
            rc = note(x, msg);
            continue;
        }
        rc = push(x, s, prop_map[k].to, value);
        snprintf(msg, sizeof msg, "%s.%s values written as %s.%s%s", e->schema, s->prop, x->out.schema,
                 prop_map[k].to, prop_map[k].how == AS_CAPTION ? " (the caption of the entity it names)" : "");
        if (!rc) rc = note(x, msg);
    }
    if (rc) return rc;
    *keep = true;
    rc = complete(x, e, to, keep);
    if (rc || !*keep) return rc;
    *mapped = &x->out;
    return OV_OK;
}
