/*
 * deploy.c - deployments as the record holds them (deploy.h): Deployment
 * entities with a supplier (who, where, the buyer where a source names one)
 * and those without (a country's own record: the technologies the source
 * records for the country, e.g. the AIGS index, which does not say which
 * supplier supplied which). A supplier's nationality and the obligations
 * reaching it come from the supplier's own record (its country statement,
 * ov_law_exposure); nothing is attached to a deployment that its source
 * does not say. A supplier is its cluster (docs/internals/resolve.md): a
 * deployment naming any referent counts for the cluster's canonical id, whose
 * record is every referent's (ov_cluster_get).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cjson/cJSON.h>
#include "oversight/deploy.h"
#include "oversight/explain.h"
#include "oversight/resolve.h"
#include "oversight/search.h"
#include "../util/alloc.h"
#include "../util/banned.h"

#define MAX_SUPPLIERS 4096
#define MAX_COUNTRIES 400

static const ov_stmt *first(const ov_entity *e, const char *prop)
{
    for (size_t i = 0; i < e->n_stmts; i++)
        if (e->stmts[i].status != OV_ST_RETRACTED && !strcmp(e->stmts[i].prop, prop)) return &e->stmts[i];
    return NULL;
}

static void jstr(cJSON *o, const char *k, const char *v)
{
    if (v) cJSON_AddStringToObject(o, k, v);
    else cJSON_AddNullToObject(o, k);
}

/* {"source", "locator", "status"} of a statement */
static void cite(cJSON *o, const ov_stmt *s)
{
    jstr(o, "source", s ? s->source : NULL);
    jstr(o, "locator", s ? s->locator : NULL);
    jstr(o, "status", ov_status_name(s ? s->status : OV_ST_ASSERTED));
}

typedef struct supplier {
    char *id;
    cJSON *obj;       /* its entry in "suppliers" */
    cJSON *countries; /* its "countries" array */
    bool nil;
    int n;
} supplier;

typedef struct country {
    char code[8];
    cJSON *obj, *suppliers, *technologies, *notes;
    int n, nil;
} country;

typedef struct ctx {
    ov_store *st;
    const ov_graph *g;
    ov_law *law;
    const char *nil_prefix;
    supplier *sup;
    size_t n_sup;
    country *cty;
    size_t n_cty;
    int rc;
} ctx;

static country *country_of(ctx *x, const char *code)
{
    char lc[8];
    size_t k = 0;
    for (; code[k] && k < sizeof lc - 1; k++) lc[k] = (char)(code[k] >= 'A' && code[k] <= 'Z' ? code[k] + 32 : code[k]);
    lc[k] = 0;
    for (size_t i = 0; i < x->n_cty; i++)
        if (!strcmp(x->cty[i].code, lc)) return &x->cty[i];
    if (x->n_cty == MAX_COUNTRIES) return NULL;
    country *c = &x->cty[x->n_cty++];
    memset(c, 0, sizeof *c);
    snprintf(c->code, sizeof c->code, "%s", lc);
    c->obj = cJSON_CreateObject();
    jstr(c->obj, "code", lc);
    jstr(c->obj, "name", ov_country_name(lc));
    c->technologies = cJSON_AddArrayToObject(c->obj, "technologies");
    c->notes = cJSON_AddArrayToObject(c->obj, "notes");
    c->suppliers = cJSON_AddArrayToObject(c->obj, "suppliers");
    return c;
}

/* The supplier's entry: its name, nationality and obligations, from its own record (once per supplier);
 * id is its cluster's canonical id, whose record is every referent's. */
static supplier *supplier_of(ctx *x, const char *id)
{
    for (size_t i = 0; i < x->n_sup; i++)
        if (!strcmp(x->sup[i].id, id)) return &x->sup[i];
    if (x->n_sup == MAX_SUPPLIERS) return NULL;
    supplier *s = &x->sup[x->n_sup];
    memset(s, 0, sizeof *s);
    s->id = ov__strdup(id);
    s->obj = cJSON_CreateObject();
    if (!s->id || !s->obj) {
        ov__free(s->id);
        cJSON_Delete(s->obj);
        x->rc = OV_ENOMEM;
        return NULL;
    }
    x->n_sup++;
    jstr(s->obj, "id", id);
    ov_entity *e = NULL;
    const char *name = id;
    if (!ov_cluster_get(x->st, NULL, x->g, id, &e) /* name and country: no schema needed */) {
        const ov_stmt *n = first(e, "name");
        name = e->caption ? e->caption : n ? n->value : id;
    }
    jstr(s->obj, "name", name);
    /* nationality: the supplier's own country statement, with where it comes from */
    const ov_stmt *c = e ? first(e, "country") : NULL;
    if (!c && e) c = first(e, "jurisdiction");
    if (c) {
        cJSON *nat = cJSON_AddObjectToObject(s->obj, "nationality");
        jstr(nat, "code", c->value);
        jstr(nat, "name", ov_country_name(c->value));
        cite(nat, c);
    } else {
        cJSON_AddNullToObject(s->obj, "nationality");
    }
    ov_entity_free(e);
    /* the ids its cluster joins (its own first), when it joins any */
    uint32_t node;
    size_t nr = x->g && ov_graph_find(x->g, id, &node) ? ov_graph_node_referents(x->g, node, NULL, 0) : 0;
    if (nr > 1) {
        const char **ids = ov__malloc(nr * sizeof *ids);
        cJSON *refs = cJSON_AddArrayToObject(s->obj, "referents");
        if (!ids) x->rc = OV_ENOMEM;
        for (size_t i = 0; ids && i < ov_graph_node_referents(x->g, node, ids, nr); i++)
            cJSON_AddItemToArray(refs, cJSON_CreateString(ids[i]));
        ov__free(ids);
    }
    /* the obligations reaching it, in brief; the whole answer at /api/exposure/ID */
    cJSON *obs = cJSON_AddArrayToObject(s->obj, "obligations");
    ov_answer *a = NULL;
    if (x->law && !ov_law_exposure(x->law, id, &a)) {
        for (size_t i = 0; i < a->n_items; i++) {
            const ov_explanation *it = &a->items[i];
            bool seen = false;
            for (size_t j = 0; j < i && !seen; j++)
                seen = !strcmp(it->value, a->items[j].value) && !strcmp(it->object, a->items[j].object);
            if (seen) continue;
            cJSON *o = cJSON_CreateObject();
            jstr(o, "obligation", it->value);
            jstr(o, "provision_id", it->object);
            jstr(o, "provision", it->object_caption ? it->object_caption : it->object);
            jstr(o, "status", ov_status_name(it->status));
            cJSON_AddItemToArray(obs, o);
            if (it->object && !strncmp(it->object, x->nil_prefix, strlen(x->nil_prefix))) s->nil = true;
        }
        ov_answer_free(a);
    }
    cJSON_AddBoolToObject(s->obj, "nil", s->nil);
    char href[512];
    snprintf(href, sizeof href, "/api/exposure/%s", id);
    jstr(s->obj, "exposure_href", href);
    s->countries = cJSON_AddArrayToObject(s->obj, "countries");
    return s;
}

static void one(ctx *x, const ov_entity *d, const ov_deploy_filter *f)
{
    const ov_stmt *sup = first(d, "supplier"), *where = first(d, "country");
    if (!where) return;
    if (f && f->country && strcasecmp(f->country, where->value)) return;
    if (f && f->supplier) {
        /* the supplier's id (any referent of its cluster), or the name the source gives it */
        const ov_stmt *sn = first(d, "supplierName");
        if (!sup || (strcmp(ov_cluster_id(x->g, f->supplier), ov_cluster_id(x->g, sup->value)) &&
                     (!sn || strcasecmp(f->supplier, sn->value))))
            return;
    }
    country *c = country_of(x, where->value);
    if (!c) return;
    if (!sup) {
        /* the country's own record: the technologies the source records for it */
        for (size_t i = 0; i < d->n_stmts; i++) {
            const ov_stmt *s = &d->stmts[i];
            if (s->status == OV_ST_RETRACTED) continue;
            if (!strcmp(s->prop, "technology")) {
                cJSON *t = cJSON_CreateObject();
                jstr(t, "technology", s->value);
                jstr(t, "record", d->id);
                cite(t, s);
                cJSON_AddItemToArray(c->technologies, t);
            } else if (!strcmp(s->prop, "description") || !strcmp(s->prop, "summary")) {
                cJSON *t = cJSON_CreateObject();
                jstr(t, "note", s->value);
                cite(t, s);
                cJSON_AddItemToArray(c->notes, t);
            }
        }
        return;
    }
    supplier *s = supplier_of(x, ov_cluster_id(x->g, sup->value));
    if (!s) return;
    const ov_stmt *sn = first(d, "supplierName"), *buyer = first(d, "buyer");
    cJSON *row = cJSON_CreateObject();
    jstr(row, "deployment", d->id);
    jstr(row, "supplier", s->id);
    if (strcmp(s->id, sup->value)) jstr(row, "supplier_recorded", sup->value); /* a referent of the cluster */
    jstr(row, "supplier_name", cJSON_GetObjectItemCaseSensitive(s->obj, "name")->valuestring);
    jstr(row, "name_in_source", sn ? sn->value : NULL);
    cJSON_AddItemToObject(row, "nationality", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(s->obj, "nationality"), 1));
    cJSON_AddBoolToObject(row, "nil", s->nil);
    jstr(row, "buyer", buyer ? buyer->value : NULL);
    /* technologies of this supplier only where the source records them for it */
    cJSON *tech = cJSON_AddArrayToObject(row, "technologies");
    for (size_t i = 0; i < d->n_stmts; i++)
        if (d->stmts[i].status != OV_ST_RETRACTED && !strcmp(d->stmts[i].prop, "technology"))
            cJSON_AddItemToArray(tech, cJSON_CreateString(d->stmts[i].value));
    const ov_stmt *date = first(d, "date");
    jstr(row, "date", date ? date->value : NULL);
    cite(row, sup);
    cJSON_AddItemToArray(c->suppliers, row);
    c->n++;
    if (s->nil) c->nil++;
    s->n++;
    cJSON *where_j = cJSON_CreateObject();
    jstr(where_j, "code", c->code);
    jstr(where_j, "name", ov_country_name(c->code));
    jstr(where_j, "deployment", d->id);
    cJSON_AddItemToArray(s->countries, where_j);
}

static int by_name(const void *a, const void *b)
{
    const country *x = a, *y = b;
    const char *nx = ov_country_name(x->code), *ny = ov_country_name(y->code);
    return strcmp(nx ? nx : x->code, ny ? ny : y->code);
}

static int by_count(const void *a, const void *b)
{
    const supplier *x = a, *y = b;
    if (x->n != y->n) return y->n - x->n;
    return strcmp(x->id, y->id);
}

int ov_deployments_json(ov_store *st, const ov_graph *g, ov_law *law, const ov_deploy_filter *f,
                        const char *nil_prefix, char **out)
{
    *out = NULL;
    ctx x = {.st = st, .g = g, .law = law, .nil_prefix = nil_prefix ? nil_prefix : "prov-nil-"};
    x.sup = ov__calloc(MAX_SUPPLIERS, sizeof *x.sup);
    x.cty = ov__calloc(MAX_COUNTRIES, sizeof *x.cty);
    if (!x.sup || !x.cty) {
        ov__free(x.sup);
        ov__free(x.cty);
        return OV_ENOMEM;
    }
    uint32_t n = ov_graph_node_count(g);
    for (uint32_t i = 0; i < n && !x.rc; i++) {
        const char *schema = ov_graph_node_schema(g, i);
        if (!schema || strcmp(schema, "Deployment")) continue;
        ov_entity *d;
        if (ov_store_get(st, ov_graph_node_id(g, i), 0, &d)) continue;
        one(&x, d, f);
        ov_entity_free(d);
    }
    qsort(x.cty, x.n_cty, sizeof *x.cty, by_name);
    qsort(x.sup, x.n_sup, sizeof *x.sup, by_count);
    cJSON *root = cJSON_CreateObject();
    cJSON *tot = cJSON_AddObjectToObject(root, "totals");
    cJSON *ca = cJSON_AddArrayToObject(root, "countries"), *sa = cJSON_AddArrayToObject(root, "suppliers");
    int deployments = 0, nil = 0, with_nat = 0, countries = 0;
    for (size_t i = 0; i < x.n_cty; i++) {
        country *c = &x.cty[i];
        /* a country whose record a filter left without suppliers is not shown, unless asked for */
        if (f && f->supplier && !c->n) {
            cJSON_Delete(c->obj);
            continue;
        }
        cJSON_AddNumberToObject(c->obj, "deployments", c->n);
        cJSON_AddNumberToObject(c->obj, "nil_deployments", c->nil);
        cJSON_AddItemToArray(ca, c->obj);
        deployments += c->n;
        nil += c->nil;
        countries++;
    }
    for (size_t i = 0; i < x.n_sup; i++) {
        supplier *s = &x.sup[i];
        cJSON_AddNumberToObject(s->obj, "deployments", s->n);
        if (!cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(s->obj, "nationality"))) with_nat++;
        cJSON_AddItemToArray(sa, s->obj);
        ov__free(s->id);
    }
    cJSON_AddNumberToObject(tot, "deployments", deployments);
    cJSON_AddNumberToObject(tot, "countries", countries);
    cJSON_AddNumberToObject(tot, "suppliers", (double)x.n_sup);
    cJSON_AddNumberToObject(tot, "suppliers_with_nationality", with_nat);
    cJSON_AddNumberToObject(tot, "nil_deployments", nil);
    ov__free(x.sup);
    ov__free(x.cty);
    int rc = x.rc;
    char *txt = rc ? NULL : cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    if (!rc && !txt) rc = OV_ENOMEM;
    if (!rc) {
        *out = ov__strdup(txt);
        if (!*out) rc = OV_ENOMEM;
    }
    cJSON_free(txt);
    return rc;
}
