/*
 * config.c - the screening report's verdict rules (data/rules/screening.json,
 * embedded by screen_rules.S): the verdicts in rank order with what each
 * means and rests on, the state-share threshold, the weakest status that is
 * still firm evidence, and which official files and curated events are one
 * list (screen_internal.h).
 */
#include <string.h>
#include <cjson/cJSON.h>
#include "oversight/explain.h"
#include "screen_internal.h"
#include "../util/alloc.h"
#include "../util/banned.h"

extern const char ov__screening_json[];

static char *str_of(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? ov__strdup(v->valuestring) : NULL;
}

void ov__screen_config_free(ov__screen_config *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->n_verdicts; i++) {
        ov__verdict_rule *v = &c->verdicts[i];
        ov__free(v->id), ov__free(v->label), ov__free(v->means), ov__free(v->authority);
    }
    ov__free(c->verdicts);
    for (size_t i = 0; i < c->n_lists; i++) {
        for (size_t k = 0; k < c->lists[i].n_datasets; k++) ov__free(c->lists[i].datasets[k]);
        ov__free(c->lists[i].datasets);
        ov__free(c->lists[i].key);
    }
    ov__free(c->lists);
    ov__free(c->state_authority);
    ov__free(c);
}

static int status_named(const char *name)
{
    for (int st = 0; st < OV_ST__COUNT; st++)
        if (!strcmp(ov_status_name(st), name)) return st;
    return -1;
}

int ov__screen_config_load(ov__screen_config **out)
{
    *out = NULL;
    cJSON *root = cJSON_Parse(ov__screening_json);
    if (!root) return OV_ECORRUPT;
    int rc = OV_ENOMEM;
    ov__screen_config *c = ov__calloc(1, sizeof *c);
    if (!c) goto done;
    const cJSON *vs = cJSON_GetObjectItemCaseSensitive(root, "verdicts");
    const cJSON *ls = cJSON_GetObjectItemCaseSensitive(root, "lists");
    const cJSON *th = cJSON_GetObjectItemCaseSensitive(root, "state_share_min");
    const cJSON *fs = cJSON_GetObjectItemCaseSensitive(root, "firm_status");
    int firm = cJSON_IsString(fs) ? status_named(fs->valuestring) : -1;
    if (!cJSON_IsArray(vs) || !cJSON_IsArray(ls) || !cJSON_IsNumber(th) || firm < 0) {
        rc = OV_ECORRUPT;
        goto done;
    }
    c->state_share_min = th->valuedouble;
    c->firm_status_rank = ov_status_rank(firm);
    if (!(c->state_authority = str_of(root, "state_authority"))) goto done;
    size_t nv = (size_t)cJSON_GetArraySize(vs), nl = (size_t)cJSON_GetArraySize(ls);
    c->verdicts = ov__calloc(nv ? nv : 1, sizeof *c->verdicts);
    c->lists = ov__calloc(nl ? nl : 1, sizeof *c->lists);
    if (!c->verdicts || !c->lists) goto done;
    const cJSON *v;
    cJSON_ArrayForEach(v, vs)
    {
        ov__verdict_rule *r = &c->verdicts[c->n_verdicts++];
        r->id = str_of(v, "id"), r->label = str_of(v, "label"), r->means = str_of(v, "means");
        r->authority = str_of(v, "authority");
        if (!r->id || !r->label || !r->means || !r->authority) {
            rc = OV_ECORRUPT;
            goto done;
        }
    }
    cJSON_ArrayForEach(v, ls)
    {
        ov__list_key *k = &c->lists[c->n_lists++];
        const cJSON *ds = cJSON_GetObjectItemCaseSensitive(v, "datasets");
        k->key = str_of(v, "key");
        if (!k->key || !cJSON_IsArray(ds)) {
            rc = OV_ECORRUPT;
            goto done;
        }
        k->datasets = ov__calloc((size_t)cJSON_GetArraySize(ds) + 1, sizeof *k->datasets);
        if (!k->datasets) goto done;
        const cJSON *d;
        cJSON_ArrayForEach(d, ds)
        {
            if (!cJSON_IsString(d)) {
                rc = OV_ECORRUPT;
                goto done;
            }
            if (!(k->datasets[k->n_datasets++] = ov__strdup(d->valuestring))) goto done;
        }
    }
    /* the report needs every verdict it can give */
    static const char *const need[] = {"listed", "controlled-by-listed", "made-by-listed-maker", "state-controlled",
                                       "legally-exposed", "clear", "needs-review"};
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
        if (!ov__screen_verdict(c, need[i])) {
            rc = OV_ECORRUPT;
            goto done;
        }
    rc = OV_OK;
done:
    cJSON_Delete(root);
    if (rc) ov__screen_config_free(c);
    else *out = c;
    return rc;
}

const ov__verdict_rule *ov__screen_verdict(const ov__screen_config *c, const char *id)
{
    for (size_t i = 0; i < c->n_verdicts; i++)
        if (!strcmp(c->verdicts[i].id, id)) return &c->verdicts[i];
    return NULL;
}
