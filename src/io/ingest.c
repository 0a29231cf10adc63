/*
 * ingest.c - readers for FtM entity JSON lines (plain and envelope), deltas
 * and the FtM 4 statements CSV. Every record is checked against the model
 * before it reaches the store: well-formed UTF-8 and JSON/CSV, a known and
 * concrete schema, known properties, values valid for their type, bounded
 * sizes. A bad record is reported with file, line and reason; unless the
 * caller asked to skip invalid records, the whole load is rolled back.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cjson/cJSON.h>
#include "oversight/io.h"
#include "../util/alloc.h"
#include "../util/arena.h"
#include "../util/buf.h"
#include "../util/csv.h"
#include "../util/utf8.h"
#include "stmt_build.h"
#include "../util/json_check.h"
#include "../util/banned.h"

#define DEFAULT_MAX_LINE ((size_t)16 << 20)
#define MAX_JSON_DEPTH 8
/* The named limits of one record (docs/internals/io.md): --max-line may not
 * exceed MAX_LINE_CAP; one entity holds at most MAX_ENTITY_VALUES values; its
 * parsed form (statements and their strings) at most RECORD_MEMORY bytes
 * beyond four times the line cap. */
#define MAX_LINE_CAP ((size_t)256 << 20)
#define MAX_ENTITY_VALUES ((size_t)1 << 21)
#define RECORD_MEMORY ((size_t)768 << 20)

typedef struct reader {
    const ov_model *m;
    const char *path;
    FILE *in;
    const ov_ingest_opts *o;
    ov_ingest_stats *stats;
    ov_load *ld;          /* NULL when only validating */
    ov_arena arena;       /* record-scoped */
    ov_entity ent;        /* the entity being built */
    ov__stmts sb;         /* its statements (stmt_build.h) */
    long line;
    int reported;
    bool invalid;         /* some record was rejected */
    bool store_failed;
    int store_rc;
    uint64_t total;
    long last_progress;
} reader;

int ov_format_parse(const char *name)
{
    static const struct { const char *name; ov_format f; } names[] = {
        {"auto", OV_FMT_AUTO}, {"entities", OV_FMT_ENTITIES}, {"ftm", OV_FMT_ENTITIES},
        {"json", OV_FMT_ENTITIES}, {"envelope", OV_FMT_ENTITIES}, {"plain", OV_FMT_PLAIN},
        {"delta", OV_FMT_DELTA}, {"statements", OV_FMT_STATEMENTS}, {"csv", OV_FMT_STATEMENTS}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i].name) == 0) return (int)names[i].f;
    return -1;
}

static int reject(reader *r, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int reject(reader *r, long line, const char *fmt, ...)
{
    r->invalid = true;
    r->stats->rejected++;
    int max = r->o->max_errors > 0 ? r->o->max_errors : 100;
    if (r->reported < max && r->o->on_error) {
        char msg[512];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        r->o->on_error(r->path, line, msg, r->o->ud);
    } else if (r->reported == max && r->o->on_error) {
        r->o->on_error(r->path, line, "too many errors; not reporting the rest", r->o->ud);
    }
    r->reported++;
    return OV_EINVAL;
}

static void entity_reset(reader *r)
{
    ov_arena_reset(&r->arena);
    memset(&r->ent, 0, sizeof r->ent);
    r->ent.target = -1;
    ov__stmts_begin(&r->sb, &r->ent, &r->arena, r->o->status, r->o->source, r->o->locator, r->o->shares_fraction);
}

/* Checks and adds one value of property `prop` under schema. *out (OUT) gets the
 * statement for further fields; NULL when the value was empty and dropped. */
static int add_value(reader *r, long line, const ov_schema *schema, const char *prop,
                     const char *value, size_t len, ov_stmt **out)
{
    *out = NULL;
    const ov_prop *p = ov_schema_prop(schema, prop);
    if (!p) return reject(r, line, "unknown property '%s' for schema %s", prop, ov_schema_name(schema));
    if (ov_prop_stub(p))
        return reject(r, line, "'%s' is a reverse property of %s: state it on the %s entity instead",
                      prop, ov_schema_name(schema), ov_prop_range(p) ? ov_prop_range(p) : "other");
    if (len == 0) {
        r->stats->dropped_empty++;
        return OV_OK;
    }
    if (r->ent.n_stmts >= MAX_ENTITY_VALUES)
        return reject(r, line, "entity %s: more than %zu values (the limit of one entity)",
                      r->ent.id ? r->ent.id : "?", MAX_ENTITY_VALUES);
    ov__value_fault fault;
    size_t bad = 0;
    const char *why;
    bool cleaned;
    int rc = ov__stmts_add_value(&r->sb, r->m, p, value, len, out, &fault, &bad, &why, &cleaned);
    if (rc == OV_EINVAL && fault == OV__VALUE_UTF8)
        return reject(r, line, "property '%s': invalid UTF-8 (or a NUL byte) at byte %zu of the value", prop, bad);
    if (rc == OV_EINVAL && fault == OV__VALUE_FRACTION)
        return reject(r, line, "property 'percentage': the source states shares as fractions (--shares fraction), "
                               "but \"%.40s\" is not a fraction from 0 to 1", value);
    if (rc == OV_EINVAL)
        return reject(r, line, "property '%s' (%s): %s: \"%.80s%s\"", prop, ov_prop_type_name(p), why, value,
                      len > 80 ? "..." : "");
    if (rc == OV_ENOMEM && r->arena.over_limit)
        return reject(r, line, "entity %s: its values need more than %zu MiB (the memory limit of one record)",
                      r->ent.id ? r->ent.id : "?", r->arena.limit >> 20);
    if (!rc && cleaned) r->stats->cleaned++;
    return rc;
}

/* Hands the built entity to the store (or drops it when validating). */
static int emit(reader *r, ov_load_mode mode)
{
    r->stats->entities++;
    r->stats->statements += (int64_t)r->ent.n_stmts;
    if (!r->ld || (r->invalid && !r->o->skip_invalid)) return OV_OK;
    int rc = ov_load_put(r->ld, &r->ent, mode);
    if (rc == OV_EINVAL) { /* the store refused the entity (e.g. schemata that cannot combine) */
        r->stats->entities--;
        r->stats->statements -= (int64_t)r->ent.n_stmts;
        return reject(r, r->line, "%s", ov_store_errmsg_of_load(r->ld));
    }
    if (rc) {
        r->store_failed = true;
        r->store_rc = rc;
    }
    return rc;
}

static void progress(reader *r)
{
    if (!r->o->on_progress || r->stats->records - r->last_progress < 4096) return;
    r->last_progress = (long)r->stats->records;
    long pos = ftell(r->in);
    r->o->on_progress(pos < 0 ? 0 : (uint64_t)pos, r->total, r->o->ud);
}

/* ---- JSON lines ------------------------------------------------------------ */

static const char *jstr(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int string_list_json(reader *r, long line, const cJSON *arr, const char *key, const char **out)
{
    *out = NULL;
    if (!arr) return OV_OK;
    if (!cJSON_IsArray(arr)) return reject(r, line, "\"%s\" must be an array of strings", key);
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        if (!cJSON_IsString(it)) return reject(r, line, "\"%s\" must be an array of strings", key);
        if (!ov_utf8_valid(it->valuestring, strlen(it->valuestring), NULL))
            return reject(r, line, "\"%s\": invalid UTF-8", key);
    }
    char *text = cJSON_PrintUnformatted(arr);
    if (!text) return OV_ENOMEM;
    *out = ov_arena_strdup(&r->arena, text);
    cJSON_free(text);
    return *out ? OV_OK : OV_ENOMEM;
}

static int parse_entity_json(reader *r, long line, const cJSON *obj, ov_load_mode mode)
{
    if (!cJSON_IsObject(obj)) return reject(r, line, "expected a JSON object for the entity");
    const char *id = jstr(obj, "id");
    if (!id) return reject(r, line, "the entity has no \"id\" string");
    if (!ov_model_valid_id(id, strlen(id)))
        return reject(r, line, "entity id \"%.80s\" is not valid (letters, digits, . - _ : ; at most 200)", id);
    r->ent.id = ov_arena_strdup(&r->arena, id);
    if (mode == OV_LOAD_DELETE) return emit(r, mode);
    const char *sname = jstr(obj, "schema");
    if (!sname) return reject(r, line, "entity %s has no \"schema\" string", id);
    const ov_schema *schema = ov_model_schema(r->m, sname);
    if (!schema) return reject(r, line, "entity %s: unknown schema '%.64s'", id, sname);
    if (ov_schema_abstract(schema))
        return reject(r, line, "entity %s: schema %s is abstract; use a concrete one", id, sname);
    r->ent.schema = ov_schema_name(schema);
    const char *cap = jstr(obj, "caption");
    if (cap && ov_utf8_valid(cap, strlen(cap), NULL)) r->ent.caption = ov_arena_strdup(&r->arena, cap);
    r->ent.first_seen = jstr(obj, "first_seen");
    r->ent.last_seen = jstr(obj, "last_seen");
    r->ent.last_change = jstr(obj, "last_change");
    const char *dates[] = {r->ent.first_seen, r->ent.last_seen, r->ent.last_change};
    const char *dnames[] = {"first_seen", "last_seen", "last_change"};
    for (int i = 0; i < 3; i++)
        if (dates[i] && (strlen(dates[i]) > 40 || !ov_utf8_valid(dates[i], strlen(dates[i]), NULL)))
            return reject(r, line, "entity %s: \"%s\" is not a timestamp", id, dnames[i]);
    r->ent.first_seen = r->ent.first_seen ? ov_arena_strdup(&r->arena, r->ent.first_seen) : NULL;
    r->ent.last_seen = r->ent.last_seen ? ov_arena_strdup(&r->arena, r->ent.last_seen) : NULL;
    r->ent.last_change = r->ent.last_change ? ov_arena_strdup(&r->arena, r->ent.last_change) : NULL;
    const cJSON *target = cJSON_GetObjectItemCaseSensitive(obj, "target");
    if (cJSON_IsBool(target)) r->ent.target = cJSON_IsTrue(target);
    const cJSON *datasets = cJSON_GetObjectItemCaseSensitive(obj, "datasets");
    int rc = string_list_json(r, line, datasets, "datasets", &r->ent.datasets_json);
    if (!rc) rc = string_list_json(r, line, cJSON_GetObjectItemCaseSensitive(obj, "referents"), "referents",
                                   &r->ent.referents_json);
    if (rc) return rc;
    /* an envelope with one dataset names the dataset of its statements */
    const char *dataset = NULL;
    if (!r->o->dataset_explicit && cJSON_IsArray(datasets) && cJSON_GetArraySize(datasets) == 1)
        dataset = ov_arena_strdup(&r->arena, cJSON_GetArrayItem(datasets, 0)->valuestring);

    const cJSON *props = cJSON_GetObjectItemCaseSensitive(obj, "properties");
    if (props && !cJSON_IsObject(props)) return reject(r, line, "entity %s: \"properties\" must be an object", id);
    const cJSON *pj;
    cJSON_ArrayForEach(pj, props)
    {
        if (!pj->string || !ov_utf8_valid(pj->string, strlen(pj->string), NULL))
            return reject(r, line, "entity %s: a property name is not valid UTF-8", id);
        /* FtM: every property holds an array of strings (a bare string is refused,
         * not taken as a one-value array) */
        if (!cJSON_IsArray(pj))
            return reject(r, line, "entity %s: property '%.64s' must be an array of strings", id, pj->string);
        const cJSON *v;
        cJSON_ArrayForEach(v, pj)
        {
            if (!cJSON_IsString(v))
                return reject(r, line, "entity %s: property '%.64s' must hold strings", id, pj->string);
            ov_stmt *s;
            if ((rc = add_value(r, line, schema, pj->string, v->valuestring, strlen(v->valuestring), &s)))
                return rc;
            if (s) s->dataset = dataset;
        }
    }
    return emit(r, mode);
}

static int read_json_line(reader *r, const char *line, size_t len)
{
    /* the pre-check validates UTF-8 first: only a rejected line is scanned
     * again, for the offset of the bad byte */
    const char *why = ov__json_precheck(line, len, MAX_JSON_DEPTH, "JSON nested too deeply for an entity");
    if (why) {
        size_t bad;
        if (!ov_utf8_valid(line, len, &bad))
            return reject(r, r->line, "invalid UTF-8 (or a NUL byte) at byte %zu", bad + 1);
        return reject(r, r->line, "%s", why);
    }
    const char *end = NULL;
    cJSON *obj = cJSON_ParseWithLengthOpts(line, len, &end, 0);
    if (!obj) {
        size_t at = end ? (size_t)(end - line) : 0;
        if (!end && cJSON_GetErrorPtr()) at = (size_t)(cJSON_GetErrorPtr() - line);
        return reject(r, r->line, "malformed JSON near byte %zu", at + 1);
    }
    int oom;
    const char *dup = ov__json_dup_key(obj, &oom);
    if (dup || oom) {
        int rc = oom ? OV_ENOMEM
                     : reject(r, r->line, "the key \"%.64s\" appears twice in one object", dup);
        cJSON_Delete(obj);
        return rc;
    }
    for (; end && (size_t)(end - line) < len; end++)
        if (*end != ' ' && *end != '\t' && *end != '\r') {
            cJSON_Delete(obj);
            return reject(r, r->line, "unexpected text after the JSON object at byte %zu",
                          (size_t)(end - line) + 1);
        }
    int rc;
    const cJSON *op = cJSON_GetObjectItemCaseSensitive(obj, "op");
    if (op) {
        const char *ops = cJSON_IsString(op) ? op->valuestring : "";
        ov_load_mode mode = strcmp(ops, "ADD") == 0   ? OV_LOAD_MERGE
                            : strcmp(ops, "MOD") == 0 ? OV_LOAD_REPLACE
                            : strcmp(ops, "DEL") == 0 ? OV_LOAD_DELETE
                                                      : (ov_load_mode)-1;
        if ((int)mode < 0)
            rc = reject(r, r->line, "delta \"op\" must be ADD, MOD or DEL");
        else
            rc = parse_entity_json(r, r->line, cJSON_GetObjectItemCaseSensitive(obj, "entity"), mode);
    } else if (r->o->format == OV_FMT_DELTA) {
        rc = reject(r, r->line, "a delta line needs \"op\" and \"entity\"");
    } else {
        rc = parse_entity_json(r, r->line, obj, OV_LOAD_MERGE);
    }
    cJSON_Delete(obj);
    return rc;
}

/* A line reader over fread'd blocks: finds newlines with memchr, keeps NUL
 * bytes (so validation sees them), and bounds a line by buf's limit. */
typedef struct line_reader {
    FILE *in;
    char block[256 * 1024];
    size_t pos, end;
} line_reader;

/* Reads one line into buf (without the newline); a line past the buffer's
 * limit is consumed to its end and flagged too long. 1 for a line, 0 at end. */
static int next_line(line_reader *lr, ov_buf *buf, bool *too_long)
{
    ov_buf_reset(buf);
    *too_long = false;
    bool any = false;
    for (;;) {
        if (lr->pos == lr->end) {
            lr->pos = 0;
            lr->end = fread(lr->block, 1, sizeof lr->block, lr->in);
            if (lr->end == 0) return any;
        }
        any = true;
        char *start = lr->block + lr->pos;
        char *nl = memchr(start, '\n', lr->end - lr->pos);
        size_t n = nl ? (size_t)(nl - start) : lr->end - lr->pos;
        if (!*too_long && ov_buf_add(buf, start, n)) *too_long = true;
        lr->pos += n + (nl ? 1 : 0);
        if (nl) return 1;
    }
}

static int read_json_lines(reader *r)
{
    size_t max = r->o->max_line ? r->o->max_line : DEFAULT_MAX_LINE;
    ov_buf line;
    ov_buf_init(&line, max);
    int rc = OV_OK;
    bool too_long;
    r->line = 0;
    line_reader *lr = ov__malloc(sizeof *lr);
    if (!lr) {
        ov_buf_release(&line);
        return OV_ENOMEM;
    }
    lr->in = r->in;
    lr->pos = lr->end = 0;
    while (next_line(lr, &line, &too_long)) {
        r->line++;
        r->stats->records++;
        entity_reset(r);
        if (too_long) {
            rc = reject(r, r->line, "line longer than %zu bytes", max);
        } else {
            size_t n = line.len;
            while (n && (line.data[n - 1] == '\r' || line.data[n - 1] == ' ')) n--;
            if (n == 0) {
                r->stats->records--; /* blank lines are not records */
                rc = OV_OK;
            } else {
                rc = read_json_line(r, line.data, n);
            }
        }
        if (rc == OV_ENOMEM || r->store_failed) break;
        rc = OV_OK;
        progress(r);
    }
    ov__free(lr);
    ov_buf_release(&line);
    if (ferror(r->in)) return OV_EIO;
    return rc;
}

/* ---- statements CSV ------------------------------------------------------- */

enum { C_CANONICAL, C_ENTITY, C_PROP, C_PROP_TYPE, C_SCHEMA, C_VALUE, C_DATASET, C_ORIGIN,
       C_LANG, C_ORIGINAL, C_EXTERNAL, C_FIRST, C_LAST, C_ID, C_SOURCE, C_LOCATOR, C_STATUS, C__N };
static const char *const csv_cols[C__N] = {
    "canonical_id", "entity_id", "prop", "prop_type", "schema", "value", "dataset", "origin",
    "lang", "original_value", "external", "first_seen", "last_seen", "id", "source", "locator", "status"};

typedef struct csv_state {
    int col[C__N]; /* column index per known name, -1 when absent */
    const ov_schema *schema; /* the entity's combined schema so far */
    long first_line;
} csv_state;

/* Column k of the row, without the apostrophe our CSV writer puts before a
 * field a spreadsheet would take for a formula (util/csv.h). */
static const char *field(const ov_csv *c, const csv_state *cs, int k)
{
    return cs->col[k] < 0 ? "" : ov_csv_unneutralize(ov_csv_field(c, cs->col[k]));
}

static const char *opt(reader *r, const char *s)
{
    return *s ? ov_arena_strdup(&r->arena, s) : NULL;
}

static int flush_csv_entity(reader *r, csv_state *cs)
{
    if (!r->ent.id) return OV_OK;
    int rc = OV_OK;
    if (!r->invalid || r->o->skip_invalid) {
        r->ent.schema = ov_schema_name(cs->schema);
        r->line = cs->first_line;
        rc = emit(r, OV_LOAD_MERGE);
    } else {
        r->stats->entities++;
    }
    entity_reset(r);
    return rc;
}

static int csv_row(reader *r, const ov_csv *c, csv_state *cs, bool *row_bad)
{
    long line = c->line;
    *row_bad = true;
    for (int i = 0; i < c->nfields; i++) {
        size_t bad;
        if (!ov_utf8_valid(ov_csv_field(c, i), ov_csv_field_len(c, i), &bad))
            return reject(r, line, "column %d: invalid UTF-8 (or a NUL byte) at byte %zu", i + 1, bad + 1);
    }
    const char *canon = field(c, cs, C_CANONICAL);
    const char *eid = field(c, cs, C_ENTITY);
    const char *id = *canon ? canon : eid;
    if (!*id) return reject(r, line, "no entity_id");
    if (!ov_model_valid_id(id, strlen(id))) return reject(r, line, "entity id \"%.80s\" is not valid", id);
    const char *sname = field(c, cs, C_SCHEMA);
    const ov_schema *schema = ov_model_schema(r->m, sname);
    if (!schema) return reject(r, line, "unknown schema '%.64s'", sname);

    int rc;
    if (!r->ent.id || strcmp(r->ent.id, id) != 0) {
        if ((rc = flush_csv_entity(r, cs))) return rc;
        r->ent.id = ov_arena_strdup(&r->arena, id);
        cs->schema = schema;
        cs->first_line = line;
    } else if (schema != cs->schema) {
        const ov_schema *common = ov_model_common_schema(r->m, cs->schema, schema);
        if (!common)
            return reject(r, line, "entity %s: schema %s does not fit its earlier schema %s", id,
                          sname, ov_schema_name(cs->schema));
        cs->schema = common;
    }
    if (ov_schema_abstract(schema)) return reject(r, line, "schema %s is abstract", sname);
    const char *prop = field(c, cs, C_PROP);
    const char *status_name = field(c, cs, C_STATUS);
    int status = *status_name ? ov_status_parse(status_name) : r->o->status;
    if (status < 0)
        return reject(r, line, "unknown status '%.32s' (asserted, verified, alleged, disputed, retracted, unverified)",
                      status_name);
    const char *ext = field(c, cs, C_EXTERNAL);
    int external = 0;
    if (*ext) {
        if (!strcmp(ext, "t") || !strcmp(ext, "true") || !strcmp(ext, "1")) external = 1;
        else if (strcmp(ext, "f") && strcmp(ext, "false") && strcmp(ext, "0"))
            return reject(r, line, "\"external\" must be t or f");
    }
    const char *dataset = field(c, cs, C_DATASET);
    if (strcmp(prop, "id") == 0) {
        /* the FtM 4 pseudo-statement that carries the entity's own dates */
        const char *fs = field(c, cs, C_FIRST), *ls = field(c, cs, C_LAST);
        if (*fs && (!r->ent.first_seen || strcmp(fs, r->ent.first_seen) < 0))
            r->ent.first_seen = ov_arena_strdup(&r->arena, fs);
        if (*ls && (!r->ent.last_seen || strcmp(ls, r->ent.last_seen) > 0))
            r->ent.last_seen = ov_arena_strdup(&r->arena, ls);
        *row_bad = false;
        return OV_OK;
    }
    ov_stmt *s;
    const char *value = field(c, cs, C_VALUE);
    if ((rc = add_value(r, line, schema, prop, value, strlen(value), &s))) return rc;
    *row_bad = false;
    if (!s) return OV_OK;
    s->schema = ov_schema_name(schema);
    s->dataset = opt(r, dataset);
    s->lang = opt(r, field(c, cs, C_LANG));
    if (!s->original_value) s->original_value = opt(r, field(c, cs, C_ORIGINAL));
    s->origin = opt(r, field(c, cs, C_ORIGIN));
    s->external = external;
    s->first_seen = opt(r, field(c, cs, C_FIRST));
    s->last_seen = opt(r, field(c, cs, C_LAST));
    if (*eid && *canon && strcmp(eid, canon) != 0) s->src_id = opt(r, eid);
    const char *src = field(c, cs, C_SOURCE), *loc = field(c, cs, C_LOCATOR);
    if (*src || *loc) {
        s->source = opt(r, src);
        s->locator = opt(r, loc);
    }
    s->status = status;
    return OV_OK;
}

static int read_statements_csv(reader *r)
{
    size_t max = r->o->max_line ? r->o->max_line : DEFAULT_MAX_LINE;
    ov_csv c;
    ov_csv_init(&c, r->in, max);
    csv_state cs;
    for (int k = 0; k < C__N; k++) cs.col[k] = -1;
    cs.schema = NULL;
    int rc = ov_csv_next(&c);
    if (rc <= 0) {
        /* an empty file is no records, as in every format (nothing loaded, no change) */
        if (rc < 0) rc = rc == OV_EIO ? OV_EIO : reject(r, c.line, "%s", c.err);
        ov_csv_release(&c);
        return rc;
    }
    for (int i = 0; i < c.nfields; i++)
        for (int k = 0; k < C__N; k++)
            if (strcmp(ov_csv_field(&c, i), csv_cols[k]) == 0) cs.col[k] = i;
    if ((cs.col[C_ENTITY] < 0 && cs.col[C_CANONICAL] < 0) || cs.col[C_PROP] < 0 ||
        cs.col[C_SCHEMA] < 0 || cs.col[C_VALUE] < 0) {
        rc = reject(r, 1, "the header needs entity_id (or canonical_id), prop, schema and value columns");
        ov_csv_release(&c);
        return rc;
    }
    entity_reset(r);
    rc = OV_OK;
    for (;;) {
        int got = ov_csv_next(&c);
        if (got == 0) break;
        r->stats->records++;
        if (got < 0) {
            if (got == OV_EIO) {
                rc = OV_EIO;
                break;
            }
            reject(r, c.line, "%s", c.err);
            if (got == OV_EINVAL) break; /* the rest of the file cannot be framed reliably */
            continue;
        }
        if (c.nfields == 1 && ov_csv_field_len(&c, 0) == 0) {
            r->stats->records--;
            continue;
        }
        bool row_bad;
        rc = csv_row(r, &c, &cs, &row_bad);
        if (rc == OV_ENOMEM || r->store_failed) break;
        rc = OV_OK;
        progress(r);
    }
    if (!rc && !r->store_failed && cs.schema) rc = flush_csv_entity(r, &cs);
    ov_csv_release(&c);
    return rc;
}

/* ---- driver ------------------------------------------------------------- */

/* A UTF-8 byte order mark at the start is read as what it is, a mark, and
 * skipped (stats->bom says so, for a warning). 1 when skipped, 0 when there
 * is none, -1 when the file starts with 0xEF that does not begin one (two
 * bytes are gone then; no format we read starts so). */
static int skip_bom(FILE *in)
{
    int c = getc(in);
    if (c != 0xEF) {
        if (c != EOF) ungetc(c, in);
        return 0;
    }
    if (getc(in) != 0xBB || getc(in) != 0xBF) return -1;
    return 1;
}

static ov_format sniff(FILE *in)
{
    int c;
    do c = getc(in);
    while (c == ' ' || c == '\n' || c == '\r' || c == '\t');
    if (c != EOF) ungetc(c, in);
    return c == '{' || c == EOF ? OV_FMT_ENTITIES : OV_FMT_STATEMENTS;
}

static int run(reader *r)
{
    struct stat sb;
    if (fstat(fileno(r->in), &sb) == 0 && S_ISREG(sb.st_mode)) r->total = (uint64_t)sb.st_size;
    if (fstat(fileno(r->in), &sb) == 0 && S_ISDIR(sb.st_mode)) return reject(r, 0, "is a directory, not a file");
    if (r->o->max_line > MAX_LINE_CAP)
        return reject(r, 0, "a line limit of %zu bytes is past the cap of %zu MiB", r->o->max_line,
                      MAX_LINE_CAP >> 20);
    int bom = skip_bom(r->in);
    if (bom < 0) return reject(r, 1, "the file starts with byte 0xEF but not with a UTF-8 byte order mark");
    r->stats->bom = bom > 0;
    /* a record's parsed form is bounded by a multiple of its line, plus room
     * for the statement array of a small record */
    size_t line_cap = r->o->max_line ? r->o->max_line : DEFAULT_MAX_LINE;
    ov_arena_init(&r->arena, 64 * 1024, line_cap * 4 + RECORD_MEMORY);
    entity_reset(r);
    ov_format f = r->o->format == OV_FMT_AUTO ? sniff(r->in) : r->o->format;
    int rc = f == OV_FMT_STATEMENTS ? read_statements_csv(r) : read_json_lines(r);
    ov_arena_release(&r->arena);
    if (r->o->on_progress && r->total) r->o->on_progress(r->total, r->total, r->o->ud);
    return rc;
}

int ov_validate(const ov_model *m, const char *path, FILE *in, const ov_ingest_opts *opts,
                ov_ingest_stats *stats)
{
    memset(stats, 0, sizeof *stats);
    reader r = {.m = m, .path = path, .in = in, .o = opts, .stats = stats};
    int rc = run(&r);
    if (rc) return rc;
    return r.invalid ? OV_EINVAL : OV_OK;
}

void ov_ingest_load_opts(const char *path, const ov_ingest_opts *opts, ov_load_opts *lo)
{
    memset(lo, 0, sizeof *lo);
    lo->kind = opts->format == OV_FMT_DELTA ? "delta" : "load";
    lo->origin = path;
    lo->dataset = opts->dataset;
    lo->note = opts->note;
}

int ov_ingest_into(ov_load *ld, const ov_model *m, const char *path, FILE *in, const ov_ingest_opts *opts,
                   ov_ingest_stats *stats)
{
    memset(stats, 0, sizeof *stats);
    reader r = {.m = m, .path = path, .in = in, .o = opts, .stats = stats, .ld = ld};
    int rc = run(&r);
    if (r.store_failed) rc = r.store_rc;
    if (!rc && r.invalid && !opts->skip_invalid) rc = OV_EINVAL;
    return rc;
}

int ov_ingest(ov_store *st, const ov_model *m, const char *path, FILE *in, const ov_ingest_opts *opts,
              ov_ingest_stats *stats)
{
    memset(stats, 0, sizeof *stats);
    ov_load_opts lo;
    ov_ingest_load_opts(path, opts, &lo);
    ov_load *ld;
    int rc = ov_store_load_begin(st, &lo, &ld);
    if (rc) return rc;
    rc = ov_ingest_into(ld, m, path, in, opts, stats);
    if (rc) {
        ov_load_abort(ld);
        return rc;
    }
    return ov_load_commit(ld, &stats->load);
}
