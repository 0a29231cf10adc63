/*
 * model.c - loads the FtM model and extension schemata from JSON, resolves
 * inheritance and reverse properties, and answers lookups (see model.h).
 * Value validation lives in validate.c.
 */
#include <stdio.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "oversight/model.h"
#include "model_internal.h"
#include "../util/alloc.h"
#include "../util/banned.h"

static const char *const type_names[OV_T__COUNT] = {
    "address", "checksum", "country", "date", "email", "entity", "gender",
    "html", "iban", "identifier", "ip", "json", "language", "mimetype",
    "name", "number", "phone", "string", "text", "topic", "url"};

const char *ov_type_name(ov_type_kind k)
{
    return (unsigned)k < OV_T__COUNT ? type_names[k] : "unknown";
}

static int type_by_name(const char *name)
{
    for (int i = 0; i < OV_T__COUNT; i++)
        if (strcmp(type_names[i], name) == 0) return i;
    return -1;
}

static char *mstr(ov_model *m, const char *s)
{
    return s ? ov_arena_strdup(&m->arena, s) : NULL;
}

static const char *jstr(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool jbool(const cJSON *obj, const char *key, bool dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (cJSON_IsBool(v)) return cJSON_IsTrue(v);
    return dflt;
}

/* Copies a JSON array of strings into the arena; *n OUT. */
static char **jstrlist(ov_model *m, const cJSON *obj, const char *key, int *n)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, key);
    *n = 0;
    if (!cJSON_IsArray(arr)) return NULL;
    int count = cJSON_GetArraySize(arr);
    char **out = ov_arena_alloc(&m->arena, sizeof(char *) * (size_t)(count + 1));
    if (!out) return NULL;
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        if (cJSON_IsString(it)) out[(*n)++] = mstr(m, it->valuestring);
    }
    out[*n] = NULL;
    return out;
}

static ov_schema *schema_get(const ov_model *m, const char *name)
{
    uintptr_t idx;
    if (!ov_hmap_get(&m->by_name, name, strlen(name), &idx)) return NULL;
    return m->schemata[idx];
}

static ov_prop *own_prop(const ov_schema *s, const char *name)
{
    for (int i = 0; i < s->n_own; i++)
        if (strcmp(s->own[i]->name, name) == 0) return s->own[i];
    return NULL;
}

static int add_own_prop(ov_model *m, ov_schema *s, ov_prop *p)
{
    if (s->n_own == s->cap_own) {
        int cap = s->cap_own ? s->cap_own * 2 : 16;
        ov_prop **np = ov_arena_alloc(&m->arena, sizeof *np * (size_t)cap);
        if (!np) return OV_ENOMEM;
        if (s->n_own) memcpy(np, s->own, sizeof *np * (size_t)s->n_own);
        s->own = np;
        s->cap_own = cap;
    }
    s->own[s->n_own++] = p;
    return OV_OK;
}

static int parse_prop(ov_model *m, ov_schema *s, const cJSON *pj, char *err, size_t errlen)
{
    const char *name = pj->string;
    if (!name) return OV_EINVAL;
    const char *tname = jstr(pj, "type");
    if (!tname) tname = "string";
    int t = type_by_name(tname);
    if (t < 0) {
        snprintf(err, errlen, "schema %s property %s: unknown type '%s'", s->name, name, tname);
        return OV_EINVAL;
    }
    ov_prop *p = own_prop(s, name);
    if (!p) {
        p = ov_arena_alloc(&m->arena, sizeof *p);
        if (!p) return OV_ENOMEM;
        memset(p, 0, sizeof *p);
        if (add_own_prop(m, s, p)) return OV_ENOMEM;
    }
    p->name = mstr(m, name);
    p->owner = s;
    char qname[256];
    snprintf(qname, sizeof qname, "%s:%s", s->name, name);
    p->qname = mstr(m, qname);
    const char *label = jstr(pj, "label");
    p->label = mstr(m, label ? label : name);
    p->type = (ov_type_kind)t;
    p->range = mstr(m, jstr(pj, "range"));
    p->reverse = mstr(m, jstr(pj, "reverse"));
    p->reverse_label = mstr(m, jstr(pj, "reverseLabel"));
    p->stub = jbool(pj, "stub", false);
    p->matchable = jbool(pj, "matchable", false);
    const cJSON *ml = cJSON_GetObjectItemCaseSensitive(pj, "maxLength");
    p->max_length = cJSON_IsNumber(ml) ? (int)ml->valuedouble : 0;
    return OV_OK;
}

static int parse_schema(ov_model *m, const cJSON *sj, char *err, size_t errlen)
{
    const char *name = sj->string;
    ov_schema *s = schema_get(m, name);
    bool merging = s != NULL;
    if (!s) {
        if (m->n_schemata >= OV_MAX_SCHEMATA) {
            snprintf(err, errlen, "too many schemata (limit %d)", OV_MAX_SCHEMATA);
            return OV_ETOOBIG;
        }
        s = ov_arena_alloc(&m->arena, sizeof *s);
        if (!s) return OV_ENOMEM;
        memset(s, 0, sizeof *s);
        s->name = mstr(m, name);
        s->id = m->n_schemata;
        m->schemata[m->n_schemata++] = s;
        if (ov_hmap_put(&m->by_name, name, strlen(name), (uintptr_t)s->id)) return OV_ENOMEM;
    }
    if (merging) {
        /* an extension adds properties (and may relabel); the hierarchy stays */
        const char *label = jstr(sj, "label");
        if (label) s->label = mstr(m, label);
    } else {
        const char *label = jstr(sj, "label");
        s->label = mstr(m, label ? label : name);
        s->abstract = jbool(sj, "abstract", false);
        s->matchable = jbool(sj, "matchable", false);
        s->extends = jstrlist(m, sj, "extends", &s->n_extends);
        s->caption = jstrlist(m, sj, "caption", &s->n_caption);
        s->required = jstrlist(m, sj, "required", &s->n_required);
        const cJSON *edge = cJSON_GetObjectItemCaseSensitive(sj, "edge");
        if (cJSON_IsObject(edge)) {
            s->edge_source = mstr(m, jstr(edge, "source"));
            s->edge_target = mstr(m, jstr(edge, "target"));
            s->edge_label = mstr(m, jstr(edge, "label"));
        }
    }
    const cJSON *props = cJSON_GetObjectItemCaseSensitive(sj, "properties");
    const cJSON *pj;
    cJSON_ArrayForEach(pj, props)
    {
        if (!cJSON_IsObject(pj)) continue;
        int rc = parse_prop(m, s, pj, err, errlen);
        if (rc) return rc;
    }
    return OV_OK;
}

static int parse_types(ov_model *m, const cJSON *types)
{
    for (int t = 0; t < OV_T__COUNT; t++) {
        ov_hmap_init(&m->type_values[t]);
        const cJSON *tj = cJSON_GetObjectItemCaseSensitive(types, type_names[t]);
        const cJSON *ml = cJSON_GetObjectItemCaseSensitive(tj, "maxLength");
        m->type_max_length[t] = cJSON_IsNumber(ml) ? (int)ml->valuedouble : 0;
        const cJSON *values = cJSON_GetObjectItemCaseSensitive(tj, "values");
        const cJSON *v;
        cJSON_ArrayForEach(v, values)
        {
            if (v->string && ov_hmap_put(&m->type_values[t], v->string, strlen(v->string), 1))
                return OV_ENOMEM;
        }
    }
    return OV_OK;
}

static int parse_text(ov_model *m, const char *text, size_t len, const char *label, bool base,
                      char *err, size_t errlen)
{
    cJSON *root = cJSON_ParseWithLength(text, len);
    if (!root) {
        snprintf(err, errlen, "%s: not valid JSON", label);
        return OV_EINVAL;
    }
    int rc = OV_OK;
    const cJSON *schemata = cJSON_GetObjectItemCaseSensitive(root, "schemata");
    if (!cJSON_IsObject(schemata)) {
        snprintf(err, errlen, "%s: no \"schemata\" object", label);
        rc = OV_EINVAL;
        goto out;
    }
    if (base) {
        const cJSON *types = cJSON_GetObjectItemCaseSensitive(root, "types");
        if (!cJSON_IsObject(types)) {
            snprintf(err, errlen, "%s: no \"types\" object", label);
            rc = OV_EINVAL;
            goto out;
        }
        if ((rc = parse_types(m, types))) goto out;
    }
    const cJSON *sj;
    cJSON_ArrayForEach(sj, schemata)
    {
        if (!cJSON_IsObject(sj)) continue;
        if ((rc = parse_schema(m, sj, err, errlen))) {
            size_t used = strlen(err);
            if (used + 8 < errlen) snprintf(err + used, errlen - used, " (%s)", label);
            goto out;
        }
    }
out:
    cJSON_Delete(root);
    return rc;
}

/* Marks every ancestor of s (and s) in s->isa; detects cycles via depth. */
static int mark_ancestors(ov_model *m, ov_schema *s, ov_schema *cur, int depth, char *err,
                          size_t errlen)
{
    if (depth > 32) {
        snprintf(err, errlen, "schema %s: inheritance too deep or cyclic", s->name);
        return OV_EINVAL;
    }
    s->isa[cur->id / 64] |= (uint64_t)1 << (cur->id % 64);
    for (int i = 0; i < cur->n_extends; i++) {
        ov_schema *parent = schema_get(m, cur->extends[i]);
        if (!parent) {
            snprintf(err, errlen, "schema %s extends unknown schema %s", cur->name,
                     cur->extends[i]);
            return OV_EINVAL;
        }
        int rc = mark_ancestors(m, s, parent, depth + 1, err, errlen);
        if (rc) return rc;
    }
    return OV_OK;
}

/* Collects the properties of s and its ancestors, nearest definition winning. */
static int collect_props(ov_model *m, ov_schema *s, ov_schema *cur, int depth)
{
    if (depth > 32) return OV_EINVAL;
    for (int i = 0; i < cur->n_own; i++) {
        ov_prop *p = cur->own[i];
        int added = 0;
        ov_hmap_slot *slot = ov_hmap_upsert(&s->props, p->name, strlen(p->name), &added);
        if (!slot) return OV_ENOMEM;
        if (added) slot->value = (uintptr_t)p;
    }
    for (int i = 0; i < cur->n_extends; i++) {
        int rc = collect_props(m, s, schema_get(m, cur->extends[i]), depth + 1);
        if (rc) return rc;
    }
    return OV_OK;
}

/* Adds the stub reverse property that an entity property names on its range
 * schema, when the model file does not define it already. */
static int add_reverse_stubs(ov_model *m, char *err, size_t errlen)
{
    int n = m->n_schemata;
    for (int i = 0; i < n; i++) {
        ov_schema *s = m->schemata[i];
        for (int k = 0; k < s->n_own; k++) {
            ov_prop *p = s->own[k];
            if (p->type != OV_T_ENTITY || !p->reverse || !p->range || p->stub) continue;
            ov_schema *range = schema_get(m, p->range);
            if (!range) {
                snprintf(err, errlen, "property %s has unknown range %s", p->qname, p->range);
                return OV_EINVAL;
            }
            if (own_prop(range, p->reverse)) continue;
            ov_prop *r = ov_arena_alloc(&m->arena, sizeof *r);
            if (!r) return OV_ENOMEM;
            memset(r, 0, sizeof *r);
            char qname[256];
            snprintf(qname, sizeof qname, "%s:%s", range->name, p->reverse);
            r->name = p->reverse;
            r->qname = mstr(m, qname);
            r->label = p->reverse_label ? p->reverse_label : p->reverse;
            r->type = OV_T_ENTITY;
            r->range = s->name;
            r->reverse = p->name;
            r->stub = true;
            r->owner = range;
            if (add_own_prop(m, range, r)) return OV_ENOMEM;
        }
    }
    return OV_OK;
}

static int resolve(ov_model *m, char *err, size_t errlen)
{
    int rc = add_reverse_stubs(m, err, errlen);
    if (rc) return rc;
    for (int i = 0; i < m->n_schemata; i++) {
        ov_schema *s = m->schemata[i];
        if ((rc = mark_ancestors(m, s, s, 0, err, errlen))) return rc;
        ov_hmap_init(&s->props);
        if ((rc = collect_props(m, s, s, 0))) return rc;
        s->n_props = (int)s->props.count;
        s->prop_list = ov_arena_alloc(&m->arena, sizeof(ov_prop *) * (size_t)(s->n_props + 1));
        if (!s->prop_list) return OV_ENOMEM;
        int k = 0;
        for (size_t j = 0; j < s->props.cap; j++)
            if (s->props.slots[j].hash) s->prop_list[k++] = (ov_prop *)s->props.slots[j].value;
    }
    for (int i = 0; i < m->n_schemata; i++) {
        ov_schema *s = m->schemata[i];
        for (int k = 0; k < s->n_props; k++) {
            ov_prop *p = s->prop_list[k];
            if (p->range && !schema_get(m, p->range)) {
                snprintf(err, errlen, "property %s has unknown range %s", p->qname, p->range);
                return OV_EINVAL;
            }
        }
    }
    return OV_OK;
}

int ov_model_load(ov_model **out, const char *base, size_t base_len, const char *base_name,
                  const char *const *ext, const size_t *ext_len, const char *const *ext_name,
                  int n_ext, char *err, size_t errlen)
{
    *out = NULL;
    ov_model *m = ov__calloc(1, sizeof *m);
    if (!m) return OV_ENOMEM;
    ov_arena_init(&m->arena, 64 * 1024, (size_t)1 << 30);
    ov_hmap_init(&m->by_name);
    for (int t = 0; t < OV_T__COUNT; t++) ov_hmap_init(&m->type_values[t]);
    int rc = parse_text(m, base, base_len, base_name, true, err, errlen);
    for (int i = 0; !rc && i < n_ext; i++)
        rc = parse_text(m, ext[i], ext_len[i], ext_name[i], false, err, errlen);
    if (!rc) rc = resolve(m, err, errlen);
    if (rc) {
        if (rc == OV_ENOMEM) snprintf(err, errlen, "out of memory loading the model");
        ov_model_free(m);
        return rc;
    }
    *out = m;
    return OV_OK;
}

extern const char ov__model_base[], ov__model_base_end[];
extern const char ov__model_ext[], ov__model_ext_end[];

int ov_model_load_default(ov_model **out, char *err, size_t errlen)
{
    const char *ext[] = {ov__model_ext};
    size_t ext_len[] = {(size_t)(ov__model_ext_end - ov__model_ext)};
    const char *ext_name[] = {"extensions.json"};
    return ov_model_load(out, ov__model_base, (size_t)(ov__model_base_end - ov__model_base),
                         "ftm-model-3.8.4.json", ext, ext_len, ext_name, 1, err, errlen);
}

int ov_model_load_stock(ov_model **out, char *err, size_t errlen)
{
    return ov_model_load(out, ov__model_base, (size_t)(ov__model_base_end - ov__model_base),
                         "ftm-model-3.8.4.json", NULL, NULL, NULL, 0, err, errlen);
}

void ov_model_free(ov_model *m)
{
    if (!m) return;
    for (int i = 0; i < m->n_schemata; i++) ov_hmap_release(&m->schemata[i]->props);
    for (int t = 0; t < OV_T__COUNT; t++) ov_hmap_release(&m->type_values[t]);
    ov_hmap_release(&m->by_name);
    ov_arena_release(&m->arena);
    ov__free(m);
}

const ov_schema *ov_model_schema(const ov_model *m, const char *name)
{
    return schema_get(m, name);
}

int ov_model_schema_count(const ov_model *m) { return m->n_schemata; }

const ov_schema *ov_model_schema_at(const ov_model *m, int i)
{
    return (i >= 0 && i < m->n_schemata) ? m->schemata[i] : NULL;
}

const ov_schema *ov_model_common_schema(const ov_model *m, const ov_schema *a,
                                        const ov_schema *b)
{
    if (ov_schema_is_a(a, b)) return a;
    if (ov_schema_is_a(b, a)) return b;
    /* the most general schema inheriting from both: the one with fewest ancestors */
    const ov_schema *best = NULL;
    int best_n = -1;
    for (int i = 0; i < m->n_schemata; i++) {
        const ov_schema *c = m->schemata[i];
        if (!ov_schema_is_a(c, a) || !ov_schema_is_a(c, b)) continue;
        int n = 0;
        for (int w = 0; w < OV_MAX_SCHEMATA / 64; w++) n += __builtin_popcountll(c->isa[w]);
        if (best_n < 0 || n < best_n) {
            best = c;
            best_n = n;
        }
    }
    return best;
}

const char *ov_schema_name(const ov_schema *s) { return s->name; }
const char *ov_schema_label(const ov_schema *s) { return s->label; }
int ov_schema_id(const ov_schema *s) { return s->id; }
bool ov_schema_abstract(const ov_schema *s) { return s->abstract; }
bool ov_schema_matchable(const ov_schema *s) { return s->matchable; }

bool ov_schema_is_a(const ov_schema *s, const ov_schema *parent)
{
    return (s->isa[parent->id / 64] >> (parent->id % 64)) & 1;
}

const ov_prop *ov_schema_prop(const ov_schema *s, const char *name)
{
    uintptr_t p;
    if (!ov_hmap_get(&s->props, name, strlen(name), &p)) return NULL;
    return (const ov_prop *)p;
}

int ov_schema_prop_count(const ov_schema *s) { return s->n_props; }

const ov_prop *ov_schema_prop_at(const ov_schema *s, int i)
{
    return (i >= 0 && i < s->n_props) ? s->prop_list[i] : NULL;
}

const char *const *ov_schema_caption_props(const ov_schema *s, int *n)
{
    *n = s->n_caption;
    return (const char *const *)s->caption;
}

const char *const *ov_schema_required(const ov_schema *s, int *n)
{
    *n = s->n_required;
    return (const char *const *)s->required;
}

bool ov_schema_edge(const ov_schema *s, const char **source, const char **target,
                    const char **label)
{
    if (!s->edge_source) return false;
    if (source) *source = s->edge_source;
    if (target) *target = s->edge_target;
    if (label) *label = s->edge_label;
    return true;
}

const char *ov_prop_name(const ov_prop *p) { return p->name; }
const char *ov_prop_qname(const ov_prop *p) { return p->qname; }
const char *ov_prop_label(const ov_prop *p) { return p->label; }
ov_type_kind ov_prop_type(const ov_prop *p) { return p->type; }
const char *ov_prop_type_name(const ov_prop *p) { return type_names[p->type]; }
const char *ov_prop_range(const ov_prop *p) { return p->range; }
const char *ov_prop_reverse(const ov_prop *p) { return p->reverse; }
bool ov_prop_stub(const ov_prop *p) { return p->stub; }
const ov_schema *ov_prop_schema(const ov_prop *p) { return p->owner; }
