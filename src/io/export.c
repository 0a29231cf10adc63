/*
 * export.c - writes the record as FtM entity JSON lines (envelope or plain),
 * deltas since a change, or the FtM 4 statements CSV with our provenance
 * columns (source, locator, status). Retracted claims are left out of the
 * entity formats and kept, with their status, in the statements CSV.
 */
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include <nettle/sha1.h>
#include "oversight/io.h"
#include "oversight/resolve.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/hmap.h"
#include "../util/csv.h"
#include "../util/banned.h"

typedef struct export_ctx {
    FILE *out;
    const ov_model *m;
    const ov_export_opts *o;
    int64_t count;
    ov_buf buf;
    int rc;
    const ov_resolver *r;       /* the judgements: canonical ids and referents (NULL: none read) */
    ov_buf referents;           /* the current entity's referents, JSON array text */
} export_ctx;

/* ---- entity resolution (docs/internals/resolve.md) ---------------------------------- */

/* The canonical id of e's cluster: e's own id when judged the same as nothing. */
static const char *canonical_of(const export_ctx *x, const ov_entity *e)
{
    return x->r ? ov_resolver_canonical(x->r, e->id) : e->id;
}

/* e with its FtM envelope "referents": the other ids of its cluster, then those the
 * store holds for it (from a loaded file). *copy is e when it is judged with nothing. */
static int with_referents(export_ctx *x, const ov_entity *e, ov_entity *copy)
{
    *copy = *e;
    const char **ids;
    size_t n;
    if (!x->r || ov_resolver_referents(x->r, e->id, &ids, &n)) return x->r ? OV_ENOMEM : OV_OK;
    int rc = OV_OK;
    if (n > 1) {
        ov_buf *b = &x->referents;
        ov_buf_reset(b);
        rc = ov_buf_addc(b, '[');
        int k = 0;
        for (size_t i = 0; !rc && i < n; i++) {
            if (!strcmp(ids[i], e->id)) continue;
            if (k++) rc = ov_buf_addc(b, ',');
            if (!rc) rc = ov_buf_add_json_str(b, ids[i]);
        }
        /* those the store holds (a loaded file's envelope), when not already listed */
        cJSON *own = e->referents_json ? cJSON_Parse(e->referents_json) : NULL, *it;
        cJSON_ArrayForEach(it, own) {
            if (rc || !cJSON_IsString(it) || !strcmp(it->valuestring, e->id)) continue;
            bool listed = false;
            for (size_t i = 0; i < n && !listed; i++) listed = !strcmp(ids[i], it->valuestring);
            if (listed) continue;
            if (k++) rc = ov_buf_addc(b, ',');
            if (!rc) rc = ov_buf_add_json_str(b, it->valuestring);
        }
        cJSON_Delete(own);
        if (!rc) rc = ov_buf_addc(b, ']');
        if (!rc) copy->referents_json = ov_buf_str(b);
    }
    ov_free(ids);
    return rc;
}

static bool visible(const ov_stmt *s) { return s->status != OV_ST_RETRACTED; }

/* Earliest / latest of the statements' dates, for entities without envelope dates. */
static const char *seen(const ov_entity *e, bool first)
{
    const char *best = first ? e->first_seen : e->last_seen;
    if (best) return best;
    for (size_t i = 0; i < e->n_stmts; i++) {
        const char *d = first ? e->stmts[i].first_seen : e->stmts[i].last_seen;
        if (d && (!best || (first ? strcmp(d, best) < 0 : strcmp(d, best) > 0))) best = d;
    }
    return best;
}

/* An entity's values in the order the writers give them, in O(n log n)
 * (issue 20: the pairwise scans this replaces made an entity of a million
 * values unexportable). */
typedef struct vref {
    size_t rank;        /* the key's rank: its property's (or dataset's) first appearance */
    size_t idx;         /* statement index */
    const char *text;   /* the value (or dataset) compared */
} vref;

static int by_rank_text_idx(const void *pa, const void *pb)
{
    const vref *a = pa, *b = pb;
    if (a->rank != b->rank) return a->rank < b->rank ? -1 : 1;
    int c = strcmp(a->text, b->text);
    if (c) return c;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static int by_rank_idx(const void *pa, const void *pb)
{
    const vref *a = pa, *b = pb;
    if (a->rank != b->rank) return a->rank < b->rank ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* The visible statements of e, each (key, text) once - the first - grouped by
 * key in order of the key's first appearance, in statement order within a key.
 * by_dataset: the key is the dataset and the text too (distinct datasets);
 * otherwise the key is the property and the text the value (the same value
 * from two datasets is one value of the entity). *out (OUT, ov__free) and *n;
 * OV_ENOMEM. A property or dataset's rank is found among the distinct ones
 * seen so far: properties are the model's, so few; datasets are hashed. */
static int ordered_values(const ov_entity *e, bool by_dataset, vref **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!e->n_stmts) return OV_OK;
    vref *v = ov__malloc(e->n_stmts * sizeof *v);
    if (!v) return OV_ENOMEM;
    const char **keys = NULL;
    size_t n_keys = 0, cap_keys = 0, k = 0;
    ov_hmap ranks;
    ov_hmap_init(&ranks);
    int rc = OV_OK;
    for (size_t i = 0; !rc && i < e->n_stmts; i++) {
        const ov_stmt *s = &e->stmts[i];
        if (!visible(s) || (by_dataset && !s->dataset)) continue;
        const char *key = by_dataset ? s->dataset : s->prop;
        size_t rank = n_keys;
        if (by_dataset) {
            int added;
            ov_hmap_slot *slot = ov_hmap_upsert(&ranks, key, strlen(key), &added);
            if (!slot) {
                rc = OV_ENOMEM;
                break;
            }
            if (added) slot->value = n_keys++;
            rank = slot->value;
        } else {
            for (size_t j = 0; j < n_keys; j++)
                if (keys[j] == key || strcmp(keys[j], key) == 0) {
                    rank = j;
                    break;
                }
            if (rank == n_keys) {
                if (n_keys == cap_keys) {
                    cap_keys = cap_keys ? cap_keys * 2 : 16;
                    const char **nk = ov__realloc(keys, cap_keys * sizeof *nk);
                    if (!nk) {
                        rc = OV_ENOMEM;
                        break;
                    }
                    keys = nk;
                }
                keys[n_keys++] = key;
            }
        }
        v[k].rank = rank;
        v[k].idx = i;
        v[k].text = by_dataset ? s->dataset : s->value;
        k++;
    }
    ov__free(keys);
    ov_hmap_release(&ranks);
    if (rc) {
        ov__free(v);
        return rc;
    }
    qsort(v, k, sizeof *v, by_rank_text_idx);
    size_t kept = 0;
    for (size_t i = 0; i < k; i++)
        if (!kept || v[kept - 1].rank != v[i].rank || strcmp(v[kept - 1].text, v[i].text) != 0) v[kept++] = v[i];
    qsort(v, kept, sizeof *v, by_rank_idx);
    *out = v;
    *n = kept;
    return OV_OK;
}

static int write_entity(ov_buf *b, const ov_entity *e, bool envelope)
{
    int rc = ov_buf_adds(b, "{\"id\":");
    if (!rc) rc = ov_buf_add_json_str(b, e->id);
    if (!rc && envelope) {
        rc = ov_buf_adds(b, ",\"caption\":");
        if (!rc) rc = ov_buf_add_json_str(b, e->caption ? e->caption : e->id);
    }
    if (!rc) rc = ov_buf_adds(b, ",\"schema\":");
    if (!rc) rc = ov_buf_add_json_str(b, e->schema);
    if (!rc) rc = ov_buf_adds(b, ",\"properties\":{");
    /* properties in order of first appearance, values in statement order */
    vref *v = NULL;
    size_t n = 0;
    if (!rc) rc = ordered_values(e, false, &v, &n);
    if (rc) return rc;
    for (size_t i = 0; !rc && i < n; i++) {
        bool first_of_prop = i == 0 || v[i].rank != v[i - 1].rank;
        if (first_of_prop) {
            if (i) rc = ov_buf_adds(b, "],");
            if (!rc) rc = ov_buf_add_json_str(b, e->stmts[v[i].idx].prop);
            if (!rc) rc = ov_buf_adds(b, ":[");
        } else {
            rc = ov_buf_addc(b, ',');
        }
        if (!rc) rc = ov_buf_add_json_str(b, v[i].text);
    }
    if (!rc && n) rc = ov_buf_addc(b, ']');
    ov__free(v);
    if (!rc) rc = ov_buf_addc(b, '}');
    if (!rc && envelope) {
        rc = ov_buf_adds(b, ",\"referents\":");
        if (!rc) rc = ov_buf_adds(b, e->referents_json ? e->referents_json : "[]");
        if (!rc) rc = ov_buf_adds(b, ",\"datasets\":");
        if (!rc && e->datasets_json) {
            rc = ov_buf_adds(b, e->datasets_json);
        } else if (!rc) {
            rc = ov_buf_addc(b, '[');
            vref *d = NULL;
            size_t nd = 0;
            if (!rc) rc = ordered_values(e, true, &d, &nd);
            for (size_t i = 0; !rc && i < nd; i++) {
                if (i) rc = ov_buf_addc(b, ',');
                if (!rc) rc = ov_buf_add_json_str(b, d[i].text);
            }
            ov__free(d);
            if (!rc) rc = ov_buf_addc(b, ']');
        }
        const char *fs = seen(e, true), *ls = seen(e, false);
        if (!rc && fs) {
            rc = ov_buf_adds(b, ",\"first_seen\":");
            if (!rc) rc = ov_buf_add_json_str(b, fs);
        }
        if (!rc && ls) {
            rc = ov_buf_adds(b, ",\"last_seen\":");
            if (!rc) rc = ov_buf_add_json_str(b, ls);
        }
        if (!rc && e->last_change) {
            rc = ov_buf_adds(b, ",\"last_change\":");
            if (!rc) rc = ov_buf_add_json_str(b, e->last_change);
        }
        if (!rc && e->target >= 0) rc = ov_buf_adds(b, e->target ? ",\"target\":true" : ",\"target\":false");
    }
    if (!rc) rc = ov_buf_addc(b, '}');
    return rc;
}

int ov_entity_write_json(FILE *out, const ov_model *m, const ov_entity *e, bool envelope)
{
    (void)m;
    ov_buf b;
    ov_buf_init(&b, (size_t)1 << 30);
    int rc = write_entity(&b, e, envelope);
    if (!rc && fwrite(b.data, 1, b.len, out) != b.len) rc = OV_EIO;
    ov_buf_release(&b);
    return rc;
}

static int json_cb(const ov_entity *e, void *ud)
{
    export_ctx *x = ud;
    ov_buf_reset(&x->buf);
    if (x->o->format == OV_FMT_DELTA) {
        const char *op = e->retired_in ? "DEL" : e->added_in > x->o->since ? "ADD" : "MOD";
        x->rc = ov_buf_printf(&x->buf, "{\"op\":\"%s\",\"entity\":", op);
        if (!x->rc && e->retired_in) {
            x->rc = ov_buf_adds(&x->buf, "{\"id\":");
            if (!x->rc) x->rc = ov_buf_add_json_str(&x->buf, e->id);
            if (!x->rc) x->rc = ov_buf_addc(&x->buf, '}');
        } else if (!x->rc) {
            ov_entity r;
            x->rc = with_referents(x, e, &r);
            if (!x->rc) x->rc = write_entity(&x->buf, &r, true);
        }
        if (!x->rc) x->rc = ov_buf_addc(&x->buf, '}');
    } else {
        ov_entity r;
        x->rc = with_referents(x, e, &r);
        if (!x->rc) x->rc = write_entity(&x->buf, &r, x->o->format != OV_FMT_PLAIN);
    }
    if (!x->rc) x->rc = ov_buf_addc(&x->buf, '\n');
    if (!x->rc && fwrite(x->buf.data, 1, x->buf.len, x->out) != x->buf.len) x->rc = OV_EIO;
    x->count++;
    return x->rc;
}

static void statement_id(const char *dataset, const char *entity, const char *prop, const char *value,
                         char hex[41])
{
    struct sha1_ctx c;
    uint8_t d[SHA1_DIGEST_SIZE];
    sha1_init(&c);
    sha1_update(&c, strlen(dataset), (const uint8_t *)dataset);
    sha1_update(&c, 1, (const uint8_t *)".");
    sha1_update(&c, strlen(entity), (const uint8_t *)entity);
    sha1_update(&c, 1, (const uint8_t *)".");
    sha1_update(&c, strlen(prop), (const uint8_t *)prop);
    sha1_update(&c, 1, (const uint8_t *)".");
    sha1_update(&c, strlen(value), (const uint8_t *)value);
    sha1_digest(&c, sizeof d, d);
    static const char xd[] = "0123456789abcdef";
    for (int i = 0; i < SHA1_DIGEST_SIZE; i++) {
        hex[2 * i] = xd[d[i] >> 4];
        hex[2 * i + 1] = xd[d[i] & 15];
    }
    hex[40] = '\0';
}

static void csv_row(FILE *out, const char *const *f, int n)
{
    for (int i = 0; i < n; i++) {
        if (i) putc(',', out);
        ov_csv_write_field(out, f[i] ? f[i] : "");
    }
    putc('\n', out);
}

static int statements_cb(const ov_entity *e, void *ud)
{
    export_ctx *x = ud;
    const ov_schema *schema = ov_model_schema(x->m, e->schema);
    char hex[41];
    const char *fs = seen(e, true), *ls = seen(e, false); /* once: O(n) each */
    const char *canon = canonical_of(x, e);
    /* one "id" pseudo-statement per dataset, as FtM 4 writes them (retracted
     * statements included: the statements CSV keeps them) */
    ov_hmap dss;
    ov_hmap_init(&dss);
    for (size_t i = 0; i < e->n_stmts; i++) {
        const char *ds = e->stmts[i].dataset;
        int added;
        if (!ov_hmap_upsert(&dss, ds, strlen(ds), &added)) {
            ov_hmap_release(&dss);
            return x->rc = OV_ENOMEM;
        }
        if (!added) continue;
        statement_id(ds, e->id, "id", e->id, hex);
        const char *row[] = {canon, e->id, "id", "id", e->schema, e->id, ds, "", "", "", "f",
                             fs, ls, hex, "", "", ""};
        csv_row(x->out, row, 17);
    }
    ov_hmap_release(&dss);
    for (size_t i = 0; i < e->n_stmts; i++) {
        const ov_stmt *s = &e->stmts[i];
        const char *src = s->src_id ? s->src_id : e->id;
        statement_id(s->dataset, src, s->prop, s->value, hex);
        const ov_schema *ss = s->schema ? ov_model_schema(x->m, s->schema) : schema;
        const ov_prop *p = ss ? ov_schema_prop(ss, s->prop) : NULL;
        const char *row[] = {canon,
                             src,
                             s->prop,
                             p ? ov_prop_type_name(p) : "string",
                             s->schema ? s->schema : e->schema,
                             s->value,
                             s->dataset,
                             s->origin,
                             s->lang,
                             s->original_value,
                             s->external ? "t" : "f",
                             s->first_seen ? s->first_seen : fs,
                             s->last_seen ? s->last_seen : ls,
                             hex,
                             s->source,
                             s->locator,
                             ov_status_name(s->status)};
        csv_row(x->out, row, 17);
    }
    x->count++;
    return ferror(x->out) ? (x->rc = OV_EIO) : 0;
}

int ov_export(ov_store *st, const ov_model *m, FILE *out, const ov_export_opts *opts, int64_t *count)
{
    export_ctx x = {.out = out, .m = m, .o = opts};
    ov_buf_init(&x.buf, (size_t)1 << 30);
    ov_buf_init(&x.referents, (size_t)1 << 30);
    ov_resolver *res = NULL;
    int rc = ov_resolver_load(st, &res); /* one indexed read of the judgements */
    if (rc) return rc;
    x.r = res;
    if (opts->format == OV_FMT_STATEMENTS) {
        fputs("canonical_id,entity_id,prop,prop_type,schema,value,dataset,origin,lang,original_value,"
              "external,first_seen,last_seen,id,source,locator,status\n",
              out);
        rc = ov_store_scan(st, statements_cb, &x);
    } else if (opts->format == OV_FMT_DELTA) {
        rc = ov_store_scan_changed(st, opts->since, json_cb, &x);
    } else {
        rc = ov_store_scan(st, json_cb, &x);
    }
    ov_buf_release(&x.buf);
    ov_buf_release(&x.referents);
    ov_resolver_free(res);
    if (rc == OV_ESTOP) rc = x.rc;
    if (!rc && fflush(out) != 0) rc = OV_EIO;
    if (count) *count = x.count;
    return rc;
}
