/* csl.c - the US Consolidated Screening List CSV (trade.gov; its 29 columns as
 * the developer portal lists them) as FtM entities and Sanctions with the
 * row as citation (see match.h, docs/internals/names.md).
 *
 * A row becomes:
 *  - csl-<key>: Person (type Individual), Vessel, Airplane or LegalEntity with
 *    name, alias (alt_names), address and country (addresses), nationality,
 *    birthDate, registrationNumber/idNumber (ids), position (title), notes
 *    (remarks), sourceUrl;
 *  - csl-<key>-sanction: Sanction with entity, program (the source list),
 *    programId (programs), authorityId (entity_number), startDate, endDate,
 *    provisions (licence requirement and policy), summary (Federal Register
 *    notices), sourceUrl.
 * <key> is the row's _id when it is a valid id, else a hash of the row.
 * Multi-valued cells are separated by ";". Every value is validated against
 * the model; a row with a bad value is rejected with file:line: reason. */
#include <stdint.h>
#include <string.h>
#include <xxhash.h>
#include "names_internal.h"
#include "../util/alloc.h"
#include "../util/arena.h"
#include "../util/csv.h"
#include "../util/utf8.h"
#include "../io/stmt_build.h"
#include "../util/banned.h"

#define CSL_MAX_RECORD (1u << 20)
#define CSL_MAX_STMTS 512

enum {
    C_ID, C_SOURCE, C_ENTNUM, C_TYPE, C_PROGRAMS, C_NAME, C_TITLE, C_ADDRESSES, C_FRN, C_START, C_END,
    C_LIC_REQ, C_LIC_POL, C_REMARKS, C_LIST_URL, C_ALT, C_CITIZEN, C_DOB, C_NATIONAL, C_POB, C_INFO_URL, C_IDS,
    C_VESSEL_FLAG, C__COUNT
};
static const char *const col_names[C__COUNT] = {
    "_id", "source", "entity_number", "type", "programs", "name", "title", "addresses", "federal_register_notice",
    "start_date", "end_date", "license_requirement", "license_policy", "remarks", "source_list_url", "alt_names",
    "citizenships", "dates_of_birth", "nationalities", "places_of_birth", "source_information_url", "ids",
    "vessel_flag"};

typedef struct row_ctx {
    const ov_model *m;
    ov_arena *a;
    ov_entity ent;       /* the entity being built: its statements (stmt_build.h) */
    ov__stmts sb;
    const ov_schema *schema;
    const char *source, *locator;
    char *why;
    size_t whylen;
} row_ctx;

static char *trim(ov_arena *a, const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) n--;
    return ov_arena_strndup(a, s, n);
}

/* Adds prop = value (validated) to the row's statements. */
static int put(row_ctx *r, const char *prop, const char *value)
{
    if (!value || !*value) return OV_OK;
    const ov_prop *p = ov_schema_prop(r->schema, prop);
    if (!p) {
        snprintf(r->why, r->whylen, "%s has no property %s", ov_schema_name(r->schema), prop);
        return OV_EINVAL;
    }
    if (r->ent.n_stmts >= CSL_MAX_STMTS) {
        snprintf(r->why, r->whylen, "more than %d values", CSL_MAX_STMTS);
        return OV_ETOOBIG;
    }
    ov__value_fault fault;
    size_t bad;
    const char *why = NULL;
    bool cleaned;
    ov_stmt *s;
    int rc = ov__stmts_add_value(&r->sb, r->m, p, value, strlen(value), &s, &fault, &bad, &why, &cleaned);
    if (rc == OV_EINVAL)
        snprintf(r->why, r->whylen, "%s '%.80s': %s", prop, value,
                 fault == OV__VALUE_UTF8 ? "invalid UTF-8" : why ? why : "invalid");
    if (rc) return rc;
    s->schema = ov_schema_name(r->schema);
    return OV_OK;
}

/* Each ";"-separated part of cell, trimmed, to prop. */
static int put_list(row_ctx *r, const char *prop, const char *cell)
{
    int rc = OV_OK;
    const char *p = cell;
    while (p && *p && !rc) {
        const char *e = strchr(p, ';');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char *v = trim(r->a, p, n);
        if (!v) return OV_ENOMEM;
        rc = put(r, prop, v);
        p = e ? e + 1 : NULL;
    }
    return rc;
}

static bool is_date(const char *s)
{
    size_t n = strlen(s);
    if (n != 4 && n != 7 && n != 10) return false;
    for (size_t i = 0; i < n; i++) {
        bool dash = i == 4 || i == 7;
        if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9')) return false;
    }
    return true;
}

/* Addresses: "street, city, state, postal_code, CC; ..." -> address + country. */
static int put_addresses(row_ctx *r, const char *cell)
{
    int rc = OV_OK;
    const char *p = cell;
    while (p && *p && !rc) {
        const char *e = strchr(p, ';');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char *v = trim(r->a, p, n);
        if (!v) return OV_ENOMEM;
        if (*v) {
            const char *comma = strrchr(v, ',');
            const char *cc = comma ? comma + 1 : v;
            while (*cc == ' ') cc++;
            if (strlen(cc) == 2 && ov_schema_prop(r->schema, "country")) {
                char *code = ov_arena_strdup(r->a, cc);
                if (!code) return OV_ENOMEM;
                if (code[0] >= 'A' && code[0] <= 'Z') code[0] = (char)(code[0] + 32);
                if (code[1] >= 'A' && code[1] <= 'Z') code[1] = (char)(code[1] + 32);
                const ov_prop *pc = ov_schema_prop(r->schema, "country");
                char clean[16];
                bool cl;
                const char *why;
                if (!ov_model_validate(r->m, pc, code, 2, clean, sizeof clean, &cl, &why)) rc = put(r, "country", code);
            }
            /* an address without its street is still an address */
            bool only_commas = true;
            for (const char *q = v; *q && only_commas; q++) only_commas = *q == ',' || *q == ' ';
            if (!rc && !only_commas) rc = put(r, "address", v);
        }
        p = e ? e + 1 : NULL;
    }
    return rc;
}

/* ids: "type, number, country, issue, expiry; ..." -> the number. */
static int put_ids(row_ctx *r, const char *prop, const char *cell)
{
    int rc = OV_OK;
    const char *p = cell;
    while (p && *p && !rc) {
        const char *e = strchr(p, ';');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        const char *c1 = memchr(p, ',', n);
        const char *num = c1 ? c1 + 1 : p;
        size_t rest = n - (size_t)(num - p);
        const char *c2 = memchr(num, ',', rest);
        char *v = trim(r->a, num, c2 ? (size_t)(c2 - num) : rest);
        if (!v) return OV_ENOMEM;
        rc = put(r, prop, v);
        p = e ? e + 1 : NULL;
    }
    return rc;
}

typedef struct csl_ctx {
    const ov_model *m;
    ov_load *ld; /* NULL when validating */
    ov_csv csv;
    int col[C__COUNT];
    const char *file;
    const char *dataset;
    ov_arena a;
    row_ctx *r;
} csl_ctx;

static const char *cell(const csl_ctx *x, int c)
{
    if (x->col[c] < 0) return "";
    return ov_csv_field(&x->csv, x->col[c]);
}

static int do_row(csl_ctx *x, ov_csl_stats *stats, char *why, size_t whylen)
{
    row_ctx *r = x->r;
    ov_arena *a = &x->a;
    r->m = x->m;
    r->a = a;
    r->why = why;
    r->whylen = whylen;
    for (int i = 0; i < x->csv.nfields; i++)
        if (!ov_utf8_valid(ov_csv_field(&x->csv, i), ov_csv_field_len(&x->csv, i), NULL)) {
            snprintf(why, whylen, "invalid UTF-8");
            return OV_EINVAL;
        }
    const char *name = cell(x, C_NAME);
    if (!*name) {
        snprintf(why, whylen, "no name");
        return OV_EINVAL;
    }
    const char *type = cell(x, C_TYPE);
    const char *schema = !strcmp(type, "Individual") ? "Person"
                         : !strcmp(type, "Vessel")   ? "Vessel"
                         : !strcmp(type, "Aircraft") ? "Airplane"
                                                     : "LegalEntity";
    /* the key: _id when usable, else a hash of the whole record */
    char key[160];
    const char *rid = cell(x, C_ID);
    if (*rid && strlen(rid) < 100 && ov_model_valid_id(rid, strlen(rid))) {
        snprintf(key, sizeof key, "csl-%s", rid);
    } else {
        XXH64_hash_t h = XXH3_64bits_withSeed(name, strlen(name), 0);
        for (int i = 0; i < x->csv.nfields; i++)
            h = XXH3_64bits_withSeed(ov_csv_field(&x->csv, i), ov_csv_field_len(&x->csv, i), h);
        snprintf(key, sizeof key, "csl-%016llx", (unsigned long long)h);
    }
    char loc[512];
    snprintf(loc, sizeof loc, "%s row %ld%s%.100s%s", x->file, stats->rows, *rid ? " (_id " : "", rid, *rid ? ")" : "");
    const char *url = *cell(x, C_LIST_URL) ? cell(x, C_LIST_URL) : NULL;
    r->source = url && strlen(url) < 250 ? url : NULL;
    r->locator = ov_arena_strdup(a, loc);
    if (!r->locator) return OV_ENOMEM;
    /* the listed party */
    ov__stmts_begin(&r->sb, &r->ent, a, OV_ST_ASSERTED, r->source, r->locator, false);
    r->schema = ov_model_schema(x->m, schema);
    if (!r->schema) return OV_EINVAL;
    bool person = !strcmp(schema, "Person");
    int rc = put(r, "name", trim(a, name, strlen(name)));
    if (!rc) rc = put_list(r, "alias", cell(x, C_ALT));
    if (!rc) rc = put_addresses(r, cell(x, C_ADDRESSES));
    if (!rc && person) rc = put_list(r, "nationality", cell(x, C_NATIONAL));
    if (!rc && person) rc = put_list(r, "citizenship", cell(x, C_CITIZEN));
    if (!rc && person && *cell(x, C_TITLE)) rc = put(r, "position", cell(x, C_TITLE));
    if (!rc && person) rc = put_list(r, "birthPlace", cell(x, C_POB));
    if (!rc && person) {
        const char *p = cell(x, C_DOB);
        while (p && *p && !rc) {
            const char *e = strchr(p, ';');
            char *v = trim(a, p, e ? (size_t)(e - p) : strlen(p));
            if (!v) return OV_ENOMEM;
            if (*v) rc = is_date(v) ? put(r, "birthDate", v) : put(r, "notes", v);
            p = e ? e + 1 : NULL;
        }
    }
    if (!rc) rc = put_ids(r, person ? "idNumber" : "registrationNumber", cell(x, C_IDS));
    if (!rc && *cell(x, C_REMARKS)) rc = put(r, "notes", cell(x, C_REMARKS));
    if (!rc && url) rc = put(r, "sourceUrl", url);
    if (!rc && *cell(x, C_INFO_URL)) rc = put(r, "sourceUrl", cell(x, C_INFO_URL));
    if (!rc && !strcmp(schema, "Vessel") && *cell(x, C_VESSEL_FLAG)) rc = put(r, "flag", cell(x, C_VESSEL_FLAG));
    if (!rc && x->ld) {
        ov_entity e = {.id = key, .schema = schema, .stmts = r->ent.stmts, .n_stmts = r->ent.n_stmts, .target = -1};
        rc = ov_load_put(x->ld, &e, OV_LOAD_MERGE);
        if (rc) snprintf(why, whylen, "%s", ov_store_errmsg_of_load(x->ld));
    }
    if (rc) return rc;
    stats->entities++;
    /* the list entry */
    ov__stmts_begin(&r->sb, &r->ent, a, OV_ST_ASSERTED, r->source, r->locator, false);
    r->schema = ov_model_schema(x->m, "Sanction");
    if (!r->schema) return OV_EINVAL;
    rc = put(r, "entity", key);
    if (!rc && *cell(x, C_SOURCE)) rc = put(r, "program", cell(x, C_SOURCE));
    if (!rc) rc = put_list(r, "programId", cell(x, C_PROGRAMS));
    if (!rc && *cell(x, C_ENTNUM)) rc = put(r, "authorityId", cell(x, C_ENTNUM));
    const char *dates[2] = {cell(x, C_START), cell(x, C_END)};
    const char *props[2] = {"startDate", "endDate"};
    for (int i = 0; i < 2 && !rc; i++) {
        char *v = trim(a, dates[i], strlen(dates[i]));
        if (!v) return OV_ENOMEM;
        if (*v && !is_date(v)) {
            snprintf(why, whylen, "%s '%.40s' is not a date (YYYY-MM-DD)", col_names[i ? C_END : C_START], v);
            return OV_EINVAL;
        }
        rc = put(r, props[i], v);
    }
    if (!rc && *cell(x, C_LIC_REQ)) rc = put(r, "provisions", cell(x, C_LIC_REQ));
    if (!rc && *cell(x, C_LIC_POL)) rc = put(r, "provisions", cell(x, C_LIC_POL));
    if (!rc) {
        const char *frn = cell(x, C_FRN);
        if (*frn) {
            char *s = ov_arena_strndup(a, "Federal Register: ", 18);
            size_t fl = strlen(frn);
            char *all = s ? ov_arena_alloc(a, fl + 19) : NULL;
            if (!all) return OV_ENOMEM;
            memcpy(all, s, 18);
            memcpy(all + 18, frn, fl + 1);
            rc = put(r, "summary", all);
        }
    }
    if (!rc && url) rc = put(r, "sourceUrl", url);
    if (!rc && x->ld) {
        char sid[200];
        snprintf(sid, sizeof sid, "%s-sanction", key);
        ov_entity e = {.id = sid, .schema = "Sanction", .stmts = r->ent.stmts, .n_stmts = r->ent.n_stmts, .target = -1};
        rc = ov_load_put(x->ld, &e, OV_LOAD_MERGE);
        if (rc) snprintf(why, whylen, "%s", ov_store_errmsg_of_load(x->ld));
    }
    if (!rc) stats->sanctions++;
    return rc;
}

static int run(const ov_model *m, ov_load *ld, FILE *in, const char *file, bool skip, ov_csl_stats *stats, char *err,
               size_t errlen)
{
    csl_ctx *x = ov__calloc(1, sizeof *x);
    row_ctx *r = ov__malloc(sizeof *r);
    if (!x || !r) {
        ov__free(x);
        ov__free(r);
        return OV_ENOMEM;
    }
    x->m = m;
    x->ld = ld;
    x->file = file;
    x->r = r;
    ov_arena_init(&x->a, 1 << 16, (size_t)16 << 20);
    ov_csv_init(&x->csv, in, CSL_MAX_RECORD);
    int rc = ov_csv_next(&x->csv);
    if (rc != 1) {
        snprintf(err, errlen, "%s:%ld: %s", file, x->csv.line, rc == 0 ? "empty file" : x->csv.err);
        rc = rc == 0 ? OV_EINVAL : rc;
        goto done;
    }
    for (int c = 0; c < C__COUNT; c++) {
        x->col[c] = -1;
        for (int i = 0; i < x->csv.nfields; i++)
            if (!strcmp(ov_csv_field(&x->csv, i), col_names[c])) x->col[c] = i;
    }
    if (x->col[C_NAME] < 0) {
        snprintf(err, errlen, "%s:1: no 'name' column (is this a Consolidated Screening List CSV?)", file);
        rc = OV_EINVAL;
        goto done;
    }
    rc = OV_OK;
    int n;
    while ((n = ov_csv_next(&x->csv)) == 1) {
        stats->rows++;
        char why[320] = "";
        ov_arena_reset(&x->a);
        int r1 = do_row(x, stats, why, sizeof why);
        if (r1 == OV_ENOMEM || (r1 && !skip) || (r1 && x->ld && r1 != OV_EINVAL && r1 != OV_ETOOBIG)) {
            snprintf(err, errlen, "%s:%ld: %s", file, x->csv.line, why[0] ? why : ov_strerror(r1));
            rc = r1;
            goto done;
        }
        if (r1) {
            stats->rejected++;
            if (!err[0]) snprintf(err, errlen, "%s:%ld: %s (rejected)", file, x->csv.line, why);
        }
    }
    if (n < 0) {
        snprintf(err, errlen, "%s:%ld: %s", file, x->csv.line, x->csv.err);
        rc = n;
    }
done:
    ov_csv_release(&x->csv);
    ov_arena_release(&x->a);
    ov__free(r);
    ov__free(x);
    return rc;
}

int ov_csl_validate(const ov_model *m, FILE *in, const char *file_name, ov_csl_stats *stats, char *err, size_t errlen)
{
    memset(stats, 0, sizeof *stats);
    if (errlen) err[0] = '\0';
    return run(m, NULL, in, file_name ? file_name : "csl", false, stats, err, errlen);
}

int ov_csl_load(ov_store *st, const ov_model *m, FILE *in, const char *file_name, const char *dataset,
                bool skip_invalid, ov_csl_stats *stats, char *err, size_t errlen)
{
    memset(stats, 0, sizeof *stats);
    if (errlen) err[0] = '\0';
    const char *file = file_name ? file_name : "csl";
    const char *base = strrchr(file, '/');
    ov_load_opts o = {.kind = "csl", .origin = file, .dataset = dataset ? dataset : "us_csl",
                      .note = "US Consolidated Screening List"};
    ov_load *ld;
    int rc = ov_store_load_begin(st, &o, &ld);
    if (rc) {
        snprintf(err, errlen, "%s", ov_store_errmsg(st));
        return rc;
    }
    rc = run(m, ld, in, base ? base + 1 : file, skip_invalid, stats, err, errlen);
    if (rc) {
        ov_load_abort(ld);
        return rc;
    }
    ov_load_stats ls;
    rc = ov_load_commit(ld, &ls);
    if (rc) snprintf(err, errlen, "%s", ov_store_errmsg(st));
    return rc;
}
