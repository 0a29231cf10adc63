/*
 * yente_api.c - yente 5's API over the record (docs/internals/yente.md), so
 * that yente's clients (nomenklatura, OpenSanctions' own tools, anything
 * written against api.opensanctions.org) work against Oversight unchanged:
 *
 *   POST /match/{dataset}   query-by-example matching (the matcher of
 *                           src/names through yente.c's request parser)
 *   GET  /search/{dataset}  text search with filters and facets
 *   GET  /entities/{id}     one entity, ?nested=true with its adjacent ones
 *   GET  /catalog, /algorithms, /healthz, /readyz
 *
 * {dataset} is "default" (the whole record) or one of the record's datasets:
 * the datasets its statements carry (the sources) and those of its changes
 * (each loaded file). Every parameter yente defines is honoured, or refused
 * with a 400 that names it; an unknown parameter is refused too. Errors are
 * yente's {"detail": "..."} (respond.c). Results carry yente's envelope
 * (envelope.c).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cjson/cJSON.h>
#include "http_internal.h"
#include "oversight/match.h"
#include "../names/names_internal.h"
#include "../store/store_internal.h"
#include "../util/alloc.h"
#include "../util/banned.h"

#define B (&c->resp->body)
#define ALGORITHM "oversight-names"
#define MAX_CANDS 100       /* candidates of one match query (the matcher's most) */
#define SEARCH_WINDOW 1000  /* search hits filtered and faceted, at most */
#define MAX_ADJACENT 200    /* entities nested under one entity */

bool ov__yente_path(const char *p)
{
    return ov__path_after(p, "/match/") || ov__path_after(p, "/search/") || ov__path_after(p, "/entities/") ||
           !strcmp(p, "/catalog") || !strcmp(p, "/algorithms") || !strcmp(p, "/healthz") || !strcmp(p, "/readyz") ||
           !strcmp(p, "/reconcile") || !strncmp(p, "/reconcile/", 11);
}

bool ov__yente_post(const char *p)
{
    return ov__path_after(p, "/match/") || !strncmp(p, "/reconcile/", 11);
}

static void json_begin(ov__ctx *c) { c->resp->content_type = "application/json; charset=utf-8"; }

/* ---- datasets ------------------------------------------------------------------- */

/* True when name is a dataset of the record ("default" is all of it); else a 404. */
static int dataset_seen(const char *name, int64_t statements, int64_t loads, const char *origin, const char *last_at,
                        void *ud)
{
    (void)statements, (void)loads, (void)origin, (void)last_at;
    const char **want = ud;
    if (strcmp(name, *want) != 0) return 0;
    *want = NULL; /* found */
    return 1;
}

static bool dataset_ok(ov__ctx *c, const char *name)
{
    if (!strcmp(name, "default")) return true;
    const char *want = name;
    int rc = ov__store_datasets(c->slot->st, dataset_seen, &want);
    bool found = (rc == OV_OK || rc == OV_ESTOP) && !want;
    if (!found) ov__error(c->req, c->resp, 404, "No such dataset: %s (see /catalog)", name);
    return found;
}

static bool env_has_dataset(const ov__envelope *env, const char *name)
{
    for (size_t i = 0; i < env->n_datasets; i++)
        if (!strcmp(env->datasets[i], name)) return true;
    return false;
}

/* ---- entities as yente writes them ------------------------------------------------ */

static bool current(const ov_stmt *s) { return !s->retired_in && s->status != OV_ST_RETRACTED; }

static bool has_value(const ov_entity *e, const char *prop, const char *value, bool prefix)
{
    for (size_t i = 0; i < e->n_stmts; i++) {
        const ov_stmt *s = &e->stmts[i];
        if (!current(s) || strcmp(s->prop, prop)) continue;
        if (prefix ? !strncasecmp(s->value, value, strlen(value)) : !strcasecmp(s->value, value)) return true;
    }
    return false;
}

/* yente's "target": an entity a list targets (its envelope says so, or a topic of
 * a listing: sanction, debarment, export control). */
static bool is_target(const ov_entity *e)
{
    return e->target == 1 || has_value(e, "topics", "sanction", true) || has_value(e, "topics", "debarment", false) ||
           has_value(e, "topics", "export.control", true);
}

typedef struct nest {
    ov_store *st;
    const ov_model *m;
    int depth;          /* 0: entity-typed values become nested entities */
} nest;

static void entity_obj(ov_buf *b, nest *n, const ov_entity *e, bool adjacent);

/* A value of an entity-typed property, nested (one level) when asked for and found. */
static void ref_value(ov_buf *b, nest *n, const char *id)
{
    ov_entity *r = NULL;
    if (n && n->depth == 0 && ov_store_get(n->st, id, 0, &r) == OV_OK) {
        nest inner = {n->st, n->m, 1};
        entity_obj(b, &inner, r, false);
        ov_entity_free(r);
        return;
    }
    ov__json(b, id);
}

typedef struct adj {
    char *id, *reverse; /* owned */
} adj;

/* The entities whose entity-typed statements point at id (Sanctions of a company,
 * Ownerships of an owner ...), with the reverse property name they appear under.
 * A scan of the current statements (no index on values): only for ?nested=true. */
typedef struct adj_ctx {
    const ov_model *m;
    adj *out;
    size_t n, cap;
} adj_ctx;

static int adjacent_one(const char *entity_id, const char *schema, const char *prop, void *ud)
{
    adj_ctx *a = ud;
    const ov_schema *sc = ov_model_schema(a->m, schema);
    const ov_prop *p = sc ? ov_schema_prop(sc, prop) : NULL;
    if (!p || ov_prop_type(p) != OV_T_ENTITY || !ov_prop_reverse(p)) return 0;
    for (size_t i = 0; i < a->n; i++) /* once per entity and property */
        if (!strcmp(a->out[i].id, entity_id) && !strcmp(a->out[i].reverse, ov_prop_reverse(p))) return 0;
    adj *x = &a->out[a->n];
    x->id = ov__strdup(entity_id);
    x->reverse = ov__strdup(ov_prop_reverse(p));
    if (!x->id || !x->reverse) {
        ov__free(x->id);
        ov__free(x->reverse);
        return 1;
    }
    return ++a->n == a->cap;
}

static size_t adjacent(nest *n, const char *id, adj *out, size_t cap)
{
    adj_ctx a = {n->m, out, 0, cap};
    if (cap) ov__store_referrers(n->st, id, adjacent_one, &a); /* a failed read: none */
    return a.n;
}

/* ,"properties":{...} of e: current values grouped by property in statement order;
 * with n at depth 0, entity values nested and the adjacent entities added under
 * their reverse property names. */
static void properties(ov_buf *b, nest *n, const ov_entity *e, bool with_adjacent)
{
    const ov_schema *sc = n ? ov_model_schema(n->m, e->schema) : NULL;
    ov_buf_adds(b, ",\"properties\":{");
    int np = 0;
    for (size_t i = 0; i < e->n_stmts; i++) {
        const ov_stmt *s = &e->stmts[i];
        if (!current(s)) continue;
        bool seen = false;
        for (size_t k = 0; k < i && !seen; k++) seen = current(&e->stmts[k]) && !strcmp(e->stmts[k].prop, s->prop);
        if (seen) continue;
        const ov_prop *p = sc ? ov_schema_prop(sc, s->prop) : NULL;
        bool ref = p && ov_prop_type(p) == OV_T_ENTITY;
        if (np++) ov_buf_addc(b, ',');
        ov__json(b, s->prop);
        ov_buf_adds(b, ":[");
        int nv = 0;
        for (size_t k = i; k < e->n_stmts; k++) {
            const ov_stmt *t = &e->stmts[k];
            if (!current(t) || strcmp(t->prop, s->prop)) continue;
            bool dup = false;
            for (size_t j = i; j < k && !dup; j++)
                dup = current(&e->stmts[j]) && !strcmp(e->stmts[j].prop, t->prop) && !strcmp(e->stmts[j].value, t->value);
            if (dup) continue;
            if (nv++) ov_buf_addc(b, ',');
            if (ref) ref_value(b, n, t->value);
            else ov__json(b, t->value);
        }
        ov_buf_addc(b, ']');
    }
    if (with_adjacent && n && n->depth == 0) {
        adj *a = ov__calloc(MAX_ADJACENT, sizeof *a);
        size_t na = a ? adjacent(n, e->id, a, MAX_ADJACENT) : 0;
        nest inner = {n->st, n->m, 1};
        for (size_t i = 0; i < na; i++) {
            bool first = true;
            for (size_t k = 0; k < i && first; k++) first = strcmp(a[k].reverse, a[i].reverse) != 0;
            if (!first) continue;
            if (np++) ov_buf_addc(b, ',');
            ov__json(b, a[i].reverse);
            ov_buf_adds(b, ":[");
            int nv = 0;
            for (size_t k = i; k < na; k++) {
                ov_entity *r = NULL;
                if (strcmp(a[k].reverse, a[i].reverse) || ov_store_get(n->st, a[k].id, 0, &r)) continue;
                if (nv++) ov_buf_addc(b, ',');
                entity_obj(b, &inner, r, false);
                ov_entity_free(r);
            }
            ov_buf_addc(b, ']');
        }
        for (size_t i = 0; i < na; i++) {
            ov__free(a[i].id);
            ov__free(a[i].reverse);
        }
        ov__free(a);
    }
    ov_buf_addc(b, '}');
}

static void opt_str(ov_buf *b, const char *key, const char *v)
{
    ov_buf_printf(b, ",\"%s\":", key);
    if (v && *v) ov__json(b, v);
    else ov_buf_adds(b, "null");
}

/* The envelope fields after properties: datasets, referents, target, the dates. */
static void envelope(ov_buf *b, const ov_entity *e, const ov__envelope *env)
{
    ov_buf_adds(b, ",\"datasets\":[");
    for (size_t i = 0; i < env->n_datasets; i++) {
        if (i) ov_buf_addc(b, ',');
        ov__json(b, env->datasets[i]);
    }
    ov_buf_adds(b, "],\"referents\":");
    /* the referents an FtM envelope gave (a JSON array text the store checked) */
    cJSON *refs = e->referents_json ? cJSON_Parse(e->referents_json) : NULL;
    if (cJSON_IsArray(refs)) {
        ov_buf_addc(b, '[');
        int k = 0;
        for (const cJSON *r = refs->child; r; r = r->next)
            if (cJSON_IsString(r)) {
                if (k++) ov_buf_addc(b, ',');
                ov__json(b, r->valuestring);
            }
        ov_buf_addc(b, ']');
    } else {
        ov_buf_adds(b, "[]");
    }
    cJSON_Delete(refs);
    ov_buf_printf(b, ",\"target\":%s", is_target(e) ? "true" : "false");
    opt_str(b, "first_seen", env->first_seen);
    opt_str(b, "last_seen", env->last_seen);
    opt_str(b, "last_change", env->last_change);
}

/* yente's EntityResponse: id, caption, schema, properties, datasets, referents,
 * target, first_seen, last_seen, last_change. */
static void entity_obj(ov_buf *b, nest *n, const ov_entity *e, bool with_adjacent)
{
    ov__envelope env;
    if (ov__envelope_of(n->st, e, &env)) memset(&env, 0, sizeof env);
    ov_buf_adds(b, "{\"id\":");
    ov__json(b, e->id);
    ov_buf_adds(b, ",\"caption\":");
    ov__json(b, e->caption && *e->caption ? e->caption : e->id);
    ov_buf_adds(b, ",\"schema\":");
    ov__json(b, e->schema);
    properties(b, n, e, with_adjacent);
    envelope(b, e, &env);
    ov_buf_addc(b, '}');
}

/* ---- request parameters ------------------------------------------------------------ */

/* yente's booleans. */
static int bool_param(const char *v)
{
    if (!strcasecmp(v, "true") || !strcmp(v, "1") || !strcasecmp(v, "yes") || !strcasecmp(v, "on")) return 1;
    if (!strcasecmp(v, "false") || !strcmp(v, "0") || !strcasecmp(v, "no") || !strcasecmp(v, "off")) return 0;
    return -1;
}

/* yente's changed_since: a date, optionally with hours, minutes, seconds. */
static bool timestamp_ok(const char *v)
{
    static const char *const shape = "dddd-dd-ddTdd:dd:dd";
    size_t n = strlen(v);
    if (n != 10 && n != 13 && n != 16 && n != 19) return false;
    for (size_t i = 0; i < n; i++)
        if (shape[i] == 'd' ? !isdigit((unsigned char)v[i]) : v[i] != shape[i]) return false;
    return true;
}

static bool algorithm_ok(const char *v) { return !strcmp(v, ALGORITHM) || !strcmp(v, "best") || !strcmp(v, "default"); }

/* What filters a match or a search: the dataset scope and yente's parameters. */
typedef struct yfilter {
    ov__ctx *c;
    const char *scope;                        /* a dataset, or NULL for the whole record */
    const char *include_ds[OV__MAX_PARAMS], *exclude_ds[OV__MAX_PARAMS], *topics[OV__MAX_PARAMS];
    const char *exclude_ids[OV__MAX_PARAMS], *countries[OV__MAX_PARAMS], *datasets[OV__MAX_PARAMS];
    const char *filter_prop[OV__MAX_PARAMS], *filter_value[OV__MAX_PARAMS];
    const ov_schema *exclude_schema[OV__MAX_PARAMS];
    int n_include, n_exclude_ds, n_topics, n_exclude_ids, n_countries, n_datasets, n_filters, n_exclude_schema;
    const ov_schema *schema;                  /* search: this schema or a descendant */
    const char *changed_since;
    int target;                               /* search: -1 any, 0 or 1 */
    /* the candidates of the current match query, loaded by keep for fields */
    struct cand {
        ov_entity *e;
        ov__envelope env;
    } cands[MAX_CANDS];
    int n_cands;
} yfilter;

static bool any_of(const char *const *list, int n, const char *v)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(list[i], v)) return true;
    return false;
}

static bool has_country(const ov_model *m, const ov_entity *e, const char *code)
{
    const ov_schema *sc = ov_model_schema(m, e->schema);
    for (size_t i = 0; sc && i < e->n_stmts; i++) {
        const ov_stmt *s = &e->stmts[i];
        const ov_prop *p = current(s) ? ov_schema_prop(sc, s->prop) : NULL;
        if (p && ov_prop_type(p) == OV_T_COUNTRY && !strcasecmp(s->value, code)) return true;
    }
    return false;
}

/* Whether e passes the filters (its envelope computed into env). */
static bool passes(const yfilter *f, const ov_entity *e, const ov__envelope *env)
{
    const ov_model *m = f->c->app->m;
    if (f->scope && !env_has_dataset(env, f->scope)) return false;
    if (any_of(f->exclude_ids, f->n_exclude_ids, e->id)) return false;
    const ov_schema *sc = ov_model_schema(m, e->schema);
    for (int i = 0; i < f->n_exclude_schema; i++)
        if (sc && ov_schema_is_a(sc, f->exclude_schema[i])) return false;
    if (f->schema && (!sc || !ov_schema_is_a(sc, f->schema))) return false;
    bool ok = f->n_include == 0;
    for (int i = 0; i < f->n_include && !ok; i++) ok = env_has_dataset(env, f->include_ds[i]);
    if (!ok) return false;
    for (int i = 0; i < f->n_exclude_ds; i++)
        if (env_has_dataset(env, f->exclude_ds[i])) return false;
    /* topics, countries, datasets: any of the values given */
    ok = f->n_topics == 0;
    for (int i = 0; i < f->n_topics && !ok; i++) ok = has_value(e, "topics", f->topics[i], false);
    if (!ok) return false;
    ok = f->n_countries == 0;
    for (int i = 0; i < f->n_countries && !ok; i++) ok = has_country(m, e, f->countries[i]);
    if (!ok) return false;
    ok = f->n_datasets == 0;
    for (int i = 0; i < f->n_datasets && !ok; i++) ok = env_has_dataset(env, f->datasets[i]);
    if (!ok) return false;
    /* filter=prop:value: every one */
    for (int i = 0; i < f->n_filters; i++)
        if (!has_value(e, f->filter_prop[i], f->filter_value[i], false)) return false;
    if (f->target >= 0 && is_target(e) != (f->target == 1)) return false;
    if (f->changed_since && (!env->last_change[0] || strcmp(env->last_change, f->changed_since) < 0)) return false;
    return true;
}

static void cands_clear(yfilter *f)
{
    for (int i = 0; i < f->n_cands; i++) ov_entity_free(f->cands[i].e);
    f->n_cands = 0;
}

/* hooks of ov__match_yente_hooked */
static void hook_begin(void *ud) { cands_clear(ud); }

/* Whether anything but the matcher decides which candidates are kept. */
static bool filtering(const yfilter *f)
{
    return f->scope || f->n_include || f->n_exclude_ds || f->n_topics || f->n_exclude_ids || f->n_countries ||
           f->n_datasets || f->n_filters || f->n_exclude_schema || f->schema || f->changed_since || f->target >= 0;
}

/* The candidate's entity and envelope, loaded once per query (NULL when it is
 * gone: deleted since the matcher was built). */
static struct cand *cand_of(yfilter *f, const char *id)
{
    for (int i = 0; i < f->n_cands; i++)
        if (!strcmp(f->cands[i].e->id, id)) return &f->cands[i];
    ov_entity *e = NULL;
    if (f->n_cands == MAX_CANDS || ov_store_get(f->c->slot->st, id, 0, &e)) return NULL;
    struct cand *k = &f->cands[f->n_cands];
    if (ov__envelope_of(f->c->slot->st, e, &k->env)) {
        ov_entity_free(e);
        return NULL;
    }
    k->e = e;
    f->n_cands++;
    return k;
}

static bool hook_keep(void *ud, const ov_match_result *r)
{
    yfilter *f = ud;
    if (!filtering(f)) return true; /* loaded for the results only (hook_fields) */
    struct cand *k = cand_of(f, r->id);
    return k && passes(f, k->e, &k->env);
}

static int hook_fields(void *ud, ov_buf *b, const ov_match_result *r)
{
    yfilter *f = ud;
    struct cand *k = cand_of(f, r->id);
    if (!k) return OV_OK;
    properties(b, NULL, k->e, false);
    envelope(b, k->e, &k->env);
    return b->limit && b->len >= b->limit ? OV_ETOOBIG : OV_OK;
}

/* Reads the parameters common to /match and /search into f; 400 naming the
 * parameter for a bad value. names[] are the other parameters the route
 * accepts (the caller reads them). False when refused. */
static bool read_filters(ov__ctx *c, yfilter *f, const char *const *more, size_t n_more, bool search)
{
    const ov__req *r = c->req;
    const ov_model *m = c->app->m;
    f->target = -1;
    for (int i = 0; i < r->n_params; i++) {
        const char *k = r->params[i].name, *v = r->params[i].value;
        bool known = false;
        for (size_t j = 0; j < n_more && !known; j++) known = !strcmp(k, more[j]);
        if (known) continue;
        if (!strcmp(k, "include_dataset") || !strcmp(k, "exclude_dataset")) {
            if (!*v) continue;
            if (k[0] == 'i') f->include_ds[f->n_include++] = v;
            else f->exclude_ds[f->n_exclude_ds++] = v;
        } else if (!strcmp(k, "exclude_schema")) {
            const ov_schema *s = *v ? ov_model_schema(m, v) : NULL;
            if (!s) {
                ov__error(c->req, c->resp, 400, "exclude_schema: unknown schema \"%.100s\"", v);
                return false;
            }
            f->exclude_schema[f->n_exclude_schema++] = s;
        } else if (!strcmp(k, "exclude_entity_ids")) {
            if (*v) f->exclude_ids[f->n_exclude_ids++] = v;
        } else if (!strcmp(k, "topics")) {
            if (*v) f->topics[f->n_topics++] = v;
        } else if (!strcmp(k, "changed_since")) {
            if (!timestamp_ok(v)) {
                ov__error(c->req, c->resp, 400,
                          "changed_since must be a date or time: YYYY-MM-DD[THH[:MM[:SS]]], not \"%.100s\"", v);
                return false;
            }
            f->changed_since = v;
        } else if (search && !strcmp(k, "countries")) {
            if (*v) f->countries[f->n_countries++] = v;
        } else if (search && !strcmp(k, "datasets")) {
            if (*v) f->datasets[f->n_datasets++] = v;
        } else if (search && !strcmp(k, "filter")) {
            const char *colon = strchr(v, ':');
            if (!colon || colon == v || !colon[1]) {
                ov__error(c->req, c->resp, 400, "filter must be property:value, not \"%.100s\"", v);
                return false;
            }
            f->filter_prop[f->n_filters] = ov_arena_strndup(r->arena, v, (size_t)(colon - v));
            if (!f->filter_prop[f->n_filters]) {
                ov__error(c->req, c->resp, 500, "out of memory");
                return false;
            }
            f->filter_value[f->n_filters++] = colon + 1;
        } else if (search && !strcmp(k, "target")) {
            if ((f->target = bool_param(v)) < 0) {
                ov__error(c->req, c->resp, 400, "target must be true or false, not \"%.100s\"", v);
                return false;
            }
        } else {
            ov__error(c->req, c->resp, 400, "unknown parameter: %.100s", k);
            return false;
        }
    }
    return true;
}

/* ---- POST /match/{dataset} ------------------------------------------------------------ */

static const char *const match_params[] = {"limit", "threshold", "cutoff", "algorithm"};

static void match(ov__ctx *c, const char *ds)
{
    ov__req *r = c->req;
    if (!dataset_ok(c, ds)) return;
    if (r->body_len > OV_YENTE_MAX_BODY) {
        ov__error(r, c->resp, 413, "a match request is at most %u bytes", OV_YENTE_MAX_BODY);
        return;
    }
    yfilter *f = ov__calloc(1, sizeof *f);
    if (!f) {
        ov__error(r, c->resp, 500, "out of memory");
        return;
    }
    f->c = c;
    f->scope = strcmp(ds, "default") ? ds : NULL;
    char err[512] = "";
    ov_yente_params yp = {-1, -1, 0, ov__party_of, ov__ctx_resolver(c)};
    if (!read_filters(c, f, match_params, 4, false)) goto out;
    for (int i = 0; i < r->n_params; i++) {
        const char *k = r->params[i].name, *v = r->params[i].value;
        if (!strcmp(k, "algorithm")) {
            if (!algorithm_ok(v)) {
                ov__error(r, c->resp, 400, "Invalid algorithm: \"%.100s\" (this server has %s; see /algorithms)", v,
                          ALGORITHM);
                goto out;
            }
        } else if (ov_yente_param(&yp, k, v, err, sizeof err) == OV_EINVAL) {
            ov__error(r, c->resp, 400, "%s", err);
            goto out;
        }
    }
    /* the body's weights and config tune yente's algorithms: this one has neither */
    cJSON *body = r->body_len ? cJSON_ParseWithLength(r->body, r->body_len) : NULL;
    for (int w = 0; w < 2 && body; w++) {
        const cJSON *o = cJSON_GetObjectItemCaseSensitive(body, w ? "config" : "weights");
        if (cJSON_IsObject(o) && o->child) {
            ov__error(r, c->resp, 400, "Invalid %s parameter: %.100s for algorithm %s (it takes none)",
                      w ? "configuration" : "weight", o->child->string ? o->child->string : "?", ALGORITHM);
            cJSON_Delete(body);
            goto out;
        }
    }
    const cJSON *qs = body ? cJSON_GetObjectItemCaseSensitive(body, "queries") : NULL;
    bool empty = cJSON_IsObject(qs) && !qs->child;
    cJSON_Delete(body);
    if (empty) {
        ov__error(r, c->resp, 400, "No queries provided.");
        goto out;
    }
    ov__yente_hooks h = {hook_begin, hook_keep, hook_fields, f};
    char *out = NULL;
    size_t len = 0;
    int rc;
    pthread_mutex_lock(&c->app->match_lock);
    if (!c->app->matcher) rc = OV_EIO, snprintf(err, sizeof err, "name matching is unavailable on this server");
    else rc = ov__match_yente_hooked(c->app->matcher, r->body ? r->body : "", r->body_len, &yp, &h, &out, &len, err,
                                     sizeof err);
    pthread_mutex_unlock(&c->app->match_lock);
    if (rc) {
        ov__error(r, c->resp, rc == OV_EINVAL ? 400 : rc == OV_EIO ? 503 : ov__status_for(rc), "%s", err);
        goto out;
    }
    json_begin(c);
    ov_buf_add(B, out, len);
    ov_buf_addc(B, '\n');
    ov_match_text_free(out);
out:
    cands_clear(f);
    ov__free(f);
}

int ov__yente_run(ov__ctx *c, const char *dataset, const char *req, size_t len, char **out, size_t *out_len, char *err,
                  size_t errlen)
{
    yfilter *f = ov__calloc(1, sizeof *f);
    if (!f) {
        snprintf(err, errlen, "out of memory");
        return OV_ENOMEM;
    }
    f->c = c;
    f->target = -1;
    f->scope = dataset && strcmp(dataset, "default") ? dataset : NULL;
    ov__yente_hooks h = {hook_begin, hook_keep, hook_fields, f};
    ov_yente_params yp = {-1, -1, 0, ov__party_of, ov__ctx_resolver(c)};
    int rc;
    pthread_mutex_lock(&c->app->match_lock);
    if (!c->app->matcher) rc = OV_EIO, snprintf(err, errlen, "name matching is unavailable on this server");
    else rc = ov__match_yente_hooked(c->app->matcher, req, len, &yp, &h, out, out_len, err, errlen);
    pthread_mutex_unlock(&c->app->match_lock);
    cands_clear(f);
    ov__free(f);
    return rc;
}

bool ov__yente_dataset_ok(ov__ctx *c, const char *name) { return dataset_ok(c, name); }

/* ---- GET /search/{dataset} -------------------------------------------------------------- */

static const char *const search_params[] = {"q", "schema", "limit", "offset", "fuzzy", "simple", "facets", "sort",
                                            "algorithm"};

typedef struct facet_count {
    const char *name;
    int count;
} facet_count;

typedef struct facet {
    const char *key, *label;
    facet_count *v;
    int n, cap;
} facet;

static void facet_add(ov_arena *a, facet *f, const char *name)
{
    for (int i = 0; i < f->n; i++)
        if (!strcmp(f->v[i].name, name)) {
            f->v[i].count++;
            return;
        }
    if (f->n == f->cap) {
        int cap = f->cap ? f->cap * 2 : 32;
        facet_count *nv = ov_arena_alloc(a, (size_t)cap * sizeof *nv);
        if (!nv) return;
        if (f->n) memcpy(nv, f->v, (size_t)f->n * sizeof *nv);
        f->v = nv;
        f->cap = cap;
    }
    char *copy = ov_arena_strdup(a, name);
    if (!copy) return;
    f->v[f->n++] = (facet_count){copy, 1};
}

static int facet_cmp(const void *a, const void *b)
{
    const facet_count *x = a, *y = b;
    return x->count != y->count ? y->count - x->count : strcmp(x->name, y->name);
}

static void search(ov__ctx *c, const char *ds)
{
    ov__req *r = c->req;
    if (!dataset_ok(c, ds)) return;
    yfilter *f = ov__calloc(1, sizeof *f);
    ov_search_hit *hits = NULL;
    size_t nh = 0;
    char **ids = NULL;
    if (!f) {
        ov__error(r, c->resp, 500, "out of memory");
        return;
    }
    f->c = c;
    f->scope = strcmp(ds, "default") ? ds : NULL;
    if (!read_filters(c, f, search_params, sizeof search_params / sizeof search_params[0], true)) goto out;
    const char *q = ov__req_param(r, "q"), *schema = ov__req_param(r, "schema");
    long limit = 10, offset = 0;
    bool fuzzy = false;
    bool want[3] = {true, true, true}; /* countries, topics, datasets */
    bool facets_given = false;
    for (int i = 0; i < r->n_params; i++) {
        const char *k = r->params[i].name, *v = r->params[i].value;
        char *end;
        if (!strcmp(k, "limit") || !strcmp(k, "offset")) {
            long x = strtol(v, &end, 10);
            bool lim = k[0] == 'l';
            if (!*v || *end || x < 0 || x > (lim ? 500 : SEARCH_WINDOW - 1)) {
                ov__error(r, c->resp, 400, "%s must be a whole number from 0 to %d", k, lim ? 500 : SEARCH_WINDOW - 1);
                goto out;
            }
            if (lim) limit = x;
            else offset = x;
        } else if (!strcmp(k, "fuzzy") || !strcmp(k, "simple")) {
            int b = bool_param(v);
            if (b < 0) {
                ov__error(r, c->resp, 400, "%s must be true or false, not \"%.100s\"", k, v);
                goto out;
            }
            if (k[0] == 'f') fuzzy = b;
        } else if (!strcmp(k, "facets")) {
            if (!facets_given) want[0] = want[1] = want[2] = false;
            facets_given = true;
            if (!strcmp(v, "countries")) want[0] = true;
            else if (!strcmp(v, "topics")) want[1] = true;
            else if (!strcmp(v, "datasets")) want[2] = true;
            else {
                ov__error(r, c->resp, 400, "facets: unknown facet \"%.100s\" (countries, topics, datasets)", v);
                goto out;
            }
        } else if (!strcmp(k, "sort")) {
            if (*v) {
                ov__error(r, c->resp, 400, "sort is not supported: results come by relevance");
                goto out;
            }
        } else if (!strcmp(k, "algorithm")) {
            if (!algorithm_ok(v)) {
                ov__error(r, c->resp, 400, "Invalid algorithm: \"%.100s\" (this server has %s)", v, ALGORITHM);
                goto out;
            }
        }
    }
    f->schema = ov_model_schema(c->app->m, schema && *schema ? schema : "Thing");
    if (!f->schema) {
        ov__error(r, c->resp, 400, "Invalid schema: \"%.100s\"", schema);
        goto out;
    }
    if (offset + limit > SEARCH_WINDOW) {
        ov__error(r, c->resp, 400, "offset + limit must be at most %d", SEARCH_WINDOW);
        goto out;
    }
    if (q && strlen(q) > 1000) {
        ov__error(r, c->resp, 400, "q is longer than 1000 bytes");
        goto out;
    }
    /* the candidates: full-text hits (all entities of the schema without q); with
     * fuzzy, the name matcher's too (typos, transliterations) */
    ov_search_query sq = {.text = q && *q ? q : NULL, .schema = ov_schema_name(f->schema), .limit = SEARCH_WINDOW};
    int rc = ov_store_search(c->slot->st, &sq, &hits, &nh);
    if (rc) {
        ov__error(r, c->resp, rc == OV_EINVAL ? 400 : 500, "%s", ov_store_errmsg(c->slot->st));
        goto out;
    }
    ids = ov__calloc(SEARCH_WINDOW + MAX_CANDS, sizeof *ids);
    if (!ids) {
        ov__error(r, c->resp, 500, "out of memory");
        goto out;
    }
    size_t nid = 0;
    for (size_t i = 0; i < nh; i++) ids[nid++] = hits[i].id;
    if (fuzzy && q && *q) {
        const char *names[1] = {q};
        ov_match_query mq = {.schema = NULL, .names = names, .n_names = 1, .limit = MAX_CANDS,
                             .party = ov__party_of, .party_ud = ov__ctx_resolver(c)};
        ov_match_result *res = ov__calloc(MAX_CANDS, sizeof *res);
        size_t nm = 0;
        pthread_mutex_lock(&c->app->match_lock);
        if (res && c->app->matcher && ov_matcher_query(c->app->matcher, &mq, res, MAX_CANDS, &nm) == OV_OK) {
            for (size_t i = 0; i < nm; i++) {
                bool dup = false;
                for (size_t k = 0; k < nid && !dup; k++) dup = !strcmp(ids[k], res[i].id);
                if (!dup) ids[nid++] = ov_arena_strdup(r->arena, res[i].id);
                if (!ids[nid - 1]) nid--;
            }
        }
        pthread_mutex_unlock(&c->app->match_lock);
        ov__free(res);
    }
    /* filter, count and facet the candidates; write the page */
    facet fc[3] = {{"countries", "Countries", NULL, 0, 0}, {"topics", "Topics", NULL, 0, 0},
                   {"datasets", "Data sources", NULL, 0, 0}};
    ov_buf page;
    ov_buf_init(&page, OV__MAX_RESPONSE);
    long total = 0;
    nest n = {c->slot->st, c->app->m, 1};
    const ov_model *m = c->app->m;
    for (size_t i = 0; i < nid; i++) {
        ov_entity *e = NULL;
        ov__envelope env;
        if (ov_store_get(c->slot->st, ids[i], 0, &e)) continue;
        if (ov__envelope_of(c->slot->st, e, &env) || !passes(f, e, &env)) {
            ov_entity_free(e);
            continue;
        }
        if (total >= offset && total < offset + limit) {
            if (page.len) ov_buf_addc(&page, ',');
            entity_obj(&page, &n, e, false);
        }
        total++;
        const ov_schema *sc = ov_model_schema(m, e->schema);
        for (size_t k = 0; k < e->n_stmts; k++) {
            const ov_stmt *s = &e->stmts[k];
            const ov_prop *p = current(s) && sc ? ov_schema_prop(sc, s->prop) : NULL;
            if (p && ov_prop_type(p) == OV_T_COUNTRY) facet_add(r->arena, &fc[0], s->value);
            else if (p && ov_prop_type(p) == OV_T_TOPIC) facet_add(r->arena, &fc[1], s->value);
        }
        for (size_t k = 0; k < env.n_datasets; k++) facet_add(r->arena, &fc[2], env.datasets[k]);
        ov_entity_free(e);
    }
    json_begin(c);
    ov_buf_printf(B, "{\"results\":[%s],\"facets\":{", ov_buf_str(&page));
    ov_buf_release(&page);
    int nf = 0;
    for (int k = 0; k < 3; k++) {
        if (!want[k]) continue;
        if (fc[k].n) qsort(fc[k].v, (size_t)fc[k].n, sizeof *fc[k].v, facet_cmp);
        ov_buf_printf(B, "%s\"%s\":{\"label\":\"%s\",\"values\":[", nf++ ? "," : "", fc[k].key, fc[k].label);
        for (int i = 0; i < fc[k].n && i < 100; i++) {
            ov_buf_adds(B, i ? ",{\"name\":" : "{\"name\":");
            ov__json(B, fc[k].v[i].name);
            ov_buf_adds(B, ",\"label\":");
            ov__json(B, fc[k].v[i].name);
            ov_buf_printf(B, ",\"count\":%d}", fc[k].v[i].count);
        }
        ov_buf_adds(B, "]}");
    }
    /* the window of candidates is bounded: a full one means there may be more */
    ov_buf_printf(B, "},\"total\":{\"value\":%ld,\"relation\":\"%s\"},\"limit\":%ld,\"offset\":%ld}\n", total,
                  nh >= SEARCH_WINDOW ? "gte" : "eq", limit, offset);
out:
    ov__free(ids);
    ov_search_hits_free(hits, nh);
    ov__free(f);
}

/* ---- GET /entities/{id} ------------------------------------------------------------------- */

static void entity(ov__ctx *c, const char *id)
{
    bool nested = true;
    for (int i = 0; i < c->req->n_params; i++) {
        const char *k = c->req->params[i].name, *v = c->req->params[i].value;
        int b = bool_param(v);
        if (strcmp(k, "nested")) {
            ov__error(c->req, c->resp, 400, "unknown parameter: %.100s", k);
            return;
        }
        if (b < 0) {
            ov__error(c->req, c->resp, 400, "nested must be true or false, not \"%.100s\"", v);
            return;
        }
        nested = b;
    }
    ov_entity *e = NULL;
    int rc = ov_store_get(c->slot->st, id, 0, &e);
    if (rc) {
        ov__error(c->req, c->resp, rc == OV_ENOTFOUND ? 404 : 500, "%s",
                  rc == OV_ENOTFOUND ? "No such entity!" : ov_store_errmsg(c->slot->st));
        return;
    }
    nest n = {c->slot->st, c->app->m, nested ? 0 : 1};
    json_begin(c);
    entity_obj(B, &n, e, nested);
    ov_buf_addc(B, '\n');
    ov_entity_free(e);
}

/* ---- GET /catalog ---------------------------------------------------------------------------- */

typedef struct catalog_ctx {
    ov__ctx *c;
    ov_buf names;          /* the datasets' names as JSON strings, comma-separated */
    char latest[40];       /* the latest change time of any dataset */
    int n;
} catalog_ctx;

static int catalog_one(const char *name, int64_t statements, int64_t loads, const char *origin, const char *at,
                       void *ud)
{
    catalog_ctx *k = ud;
    ov__ctx *c = k->c;
    long long stmts = statements, nloads = loads;
    /* yente's versions are the time of the data: YYYYMMDDhhmmss */
    char version[24] = "static";
    if (at && strlen(at) >= 19)
        snprintf(version, sizeof version, "%.4s%.2s%.2s%.2s%.2s%.2s", at, at + 5, at + 8, at + 11, at + 14, at + 17);
    if (at && strcmp(at, k->latest) > 0) snprintf(k->latest, sizeof k->latest, "%s", at);
    char summary[512];
    if (nloads && origin)
        snprintf(summary, sizeof summary, "%lld current statements; loaded in %lld change%s from %s", stmts, nloads,
                 nloads == 1 ? "" : "s", origin);
    else snprintf(summary, sizeof summary, "%lld current statements", stmts);
    ov_buf_adds(B, k->n++ ? ",{\"name\":" : "{\"name\":");
    ov__json(B, name);
    ov_buf_adds(B, ",\"title\":");
    ov__json(B, name);
    ov_buf_adds(B, ",\"summary\":");
    ov__json(B, summary);
    ov_buf_printf(B, ",\"load\":true,\"version\":\"%s\",\"index_version\":\"%s\",\"index_current\":true,"
                     "\"children\":[]}",
                  version, version);
    if (k->names.len) ov_buf_addc(&k->names, ',');
    ov__json(&k->names, name);
    return 0;
}

static void catalog(ov__ctx *c)
{
    catalog_ctx k = {.c = c};
    ov_buf_init(&k.names, OV__MAX_RESPONSE);
    json_begin(c);
    ov_buf_adds(B, "{\"datasets\":[");
    /* each dataset: its current statements, and the last change that wrote it (as
     * its statements' dataset, or as the dataset of a load) */
    int rc = ov__store_datasets(c->slot->st, catalog_one, &k);
    if (rc) {
        ov_buf_release(&k.names);
        ov__error(c->req, c->resp, 500, "the catalog cannot be read: %s", ov_store_errmsg(c->slot->st));
        return;
    }
    ov_buf names = k.names;
    int n = k.n;
    const char *latest = k.latest;
    char version[24] = "static";
    if (strlen(latest) >= 19)
        snprintf(version, sizeof version, "%.4s%.2s%.2s%.2s%.2s%.2s", latest, latest + 5, latest + 8, latest + 11,
                 latest + 14, latest + 17);
    ov_buf_printf(B, "%s{\"name\":\"default\",\"title\":\"The Oversight record\",\"summary\":\"Every dataset of the "
                     "record\",\"load\":false,\"version\":\"%s\",\"index_version\":\"%s\",\"index_current\":true,"
                     "\"children\":[%s]}],\"current\":[%s%s\"default\"],\"outdated\":[],\"index_stale\":false}\n",
                  n ? "," : "", version, version, ov_buf_str(&names), ov_buf_str(&names), names.len ? "," : "");
    ov_buf_release(&names);
}

/* ---- GET /algorithms --------------------------------------------------------------------------- */

static void algorithms(ov__ctx *c)
{
    const ov_match_settings *s = c->app->matcher ? ov_matcher_settings(c->app->matcher) : NULL;
    ov_match_settings def;
    if (!s) {
        ov_match_settings_default(&def);
        s = &def;
    }
    /* how each feature enters the score (data/names/settings.txt) */
    double coef[OV_MF__COUNT] = {0};
    coef[OV_MF_JARO_WINKLER] = s->w_jaro_winkler;
    coef[OV_MF_LEVENSHTEIN] = s->w_levenshtein;
    coef[OV_MF_TOKENS] = s->w_tokens;
    coef[OV_MF_PHONETIC] = s->w_phonetic;
    coef[OV_MF_FULL] = s->w_full;
    coef[OV_MF_NAME] = 1;
    coef[OV_MF_EXACT] = coef[OV_MF_HAN] = 1;
    coef[OV_MF_IDENTIFIER] = s->identifier_match;
    coef[OV_MF_COUNTRY] = s->country_match;
    ov_buf feats;
    ov_buf_init(&feats, 1 << 20);
    for (int f = 0; f < OV_MF__COUNT; f++) {
        ov_buf_printf(&feats, "%s\"%s\":{\"description\":", f ? "," : "", ov_match_feature_name(f));
        ov__json(&feats, ov__match_feature_doc(f));
        ov_buf_printf(&feats, ",\"coefficient\":%.4g,\"url\":null}", coef[f]);
    }
    const char *desc = "Oversight's multilingual name matcher (docs/internals/names.md): names in any script made "
                       "comparable (NFKC, traditional to simplified Chinese, transliteration, legal forms and "
                       "generic words removed), blocked on tokens, trigrams, Han bigrams and phonetic keys, scored "
                       "by name similarities with identifier, country, legal form, number and qualifier evidence.";
    json_begin(c);
    ov_buf_adds(B, "{\"algorithms\":[{\"name\":\"" ALGORITHM "\",\"description\":");
    ov__json(B, desc);
    ov_buf_printf(B, ",\"features\":{%s},\"docs\":{\"name\":\"" ALGORITHM "\",\"description\":", ov_buf_str(&feats));
    ov__json(B, desc);
    ov_buf_printf(B, ",\"config\":{},\"features\":{%s}}}],\"default\":\"" ALGORITHM "\",\"best\":\"" ALGORITHM
                     "\"}\n",
                  ov_buf_str(&feats));
    ov_buf_release(&feats);
}

/* ---- dispatch ------------------------------------------------------------------------------------ */

void ov__yente(ov__ctx *c)
{
    const char *p = c->req->path, *rest;
    bool post = !strcmp(c->req->method, "POST");
    if ((rest = ov__path_after(p, "/match/"))) {
        if (!post) {
            snprintf(c->resp->allow, sizeof c->resp->allow, "POST");
            ov__error(c->req, c->resp, 405, "/match/{dataset} accepts POST only");
            return;
        }
        match(c, rest);
        return;
    }
    if (post) {
        snprintf(c->resp->allow, sizeof c->resp->allow, "GET, HEAD");
        ov__error(c->req, c->resp, 405, "%s accepts GET and HEAD only", p);
        return;
    }
    bool bare = c->req->n_params == 0;
    if ((rest = ov__path_after(p, "/search/"))) search(c, rest);
    else if ((rest = ov__path_after(p, "/entities/"))) entity(c, rest);
    else if (!bare && (!strcmp(p, "/catalog") || !strcmp(p, "/algorithms") || !strcmp(p, "/healthz") ||
                       !strcmp(p, "/readyz")))
        ov__error(c->req, c->resp, 400, "unknown parameter: %.100s", c->req->params[0].name);
    else if (!strcmp(p, "/catalog")) catalog(c);
    else if (!strcmp(p, "/algorithms")) algorithms(c);
    else if (!strcmp(p, "/healthz")) {
        json_begin(c);
        ov_buf_adds(B, "{\"status\":\"ok\"}\n");
    } else if (!strcmp(p, "/readyz")) {
        /* ready when the matcher (yente's index) is built */
        if (!c->app->matcher) {
            ov__error(c->req, c->resp, 503, "Index not ready.");
            return;
        }
        json_begin(c);
        ov_buf_adds(B, "{\"status\":\"ok\"}\n");
    } else ov__error(c->req, c->resp, 404, "Not Found");
}
