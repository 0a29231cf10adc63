/*
 * model_json.c - writes the full model (FtM 3.8.4 plus our extension
 * schemata) in FtM's own model.json format, the one @alephdata/followthemoney
 * and the other FtM libraries load: {"schemata": {NAME: {label, extends,
 * schemata (ancestors and itself), required, caption, edge, properties:
 * {NAME: {name, qname, label, type, range, reverse, stub ...}}}}, "types":
 * {...}}. The base schemata and types are FtM's file unchanged; the
 * extension file is in the same format minus what FtM generates (qname,
 * name, the ancestor list, the reverse stubs), which is added here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "oversight/model.h"
#include "model_internal.h"
#include "../util/banned.h"

extern const char ov__model_base[], ov__model_base_end[];
extern const char ov__model_ext[], ov__model_ext_end[];

/* A property object as FtM writes it: the extension's keys, plus name, qname,
 * label and type (string when the file leaves it out). */
static cJSON *prop_json(const cJSON *src, const char *schema, const char *name)
{
    cJSON *p = cJSON_Duplicate(src, true);
    if (!p) return NULL;
    char qname[256];
    snprintf(qname, sizeof qname, "%s:%s", schema, name);
    cJSON_DeleteItemFromObjectCaseSensitive(p, "name");
    cJSON_DeleteItemFromObjectCaseSensitive(p, "qname");
    if (!cJSON_AddStringToObject(p, "name", name) || !cJSON_AddStringToObject(p, "qname", qname)) goto fail;
    if (!cJSON_HasObjectItem(p, "label") && !cJSON_AddStringToObject(p, "label", name)) goto fail;
    if (!cJSON_HasObjectItem(p, "type") && !cJSON_AddStringToObject(p, "type", "string")) goto fail;
    return p;
fail:
    cJSON_Delete(p);
    return NULL;
}

/* The reverse stub FtM generates on the range of an entity property. */
static int add_stub(cJSON *schemata, const char *owner, const char *name, const cJSON *pj)
{
    const char *range = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(pj, "range"));
    const char *reverse = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(pj, "reverse"));
    const char *label = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(pj, "reverseLabel"));
    if (!range || !reverse) return OV_OK;
    cJSON *props = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(schemata, range), "properties");
    if (!cJSON_IsObject(props)) return OV_ECORRUPT;
    if (cJSON_HasObjectItem(props, reverse)) return OV_OK;
    char qname[256];
    snprintf(qname, sizeof qname, "%s:%s", range, reverse);
    cJSON *r = cJSON_CreateObject();
    if (!r || !cJSON_AddStringToObject(r, "name", reverse) || !cJSON_AddStringToObject(r, "qname", qname) ||
        !cJSON_AddStringToObject(r, "label", label ? label : reverse) || !cJSON_AddStringToObject(r, "type", "entity") ||
        !cJSON_AddStringToObject(r, "range", owner) || !cJSON_AddStringToObject(r, "reverse", name) ||
        !cJSON_AddBoolToObject(r, "stub", true) || !cJSON_AddItemToObject(props, reverse, r)) {
        cJSON_Delete(r);
        return OV_ENOMEM;
    }
    return OV_OK;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "schemata": s and its ancestors by name, as FtM lists them. */
static int ancestors_json(const ov_model *m, const char *name, cJSON *sj)
{
    const ov_schema *s = ov_model_schema(m, name);
    if (!s) return OV_ECORRUPT;
    const char *names[OV_MAX_SCHEMATA];
    int n = 0;
    for (int i = 0; i < ov_model_schema_count(m); i++) {
        const ov_schema *a = ov_model_schema_at(m, i);
        if (ov_schema_is_a(s, a)) names[n++] = ov_schema_name(a);
    }
    qsort(names, (size_t)n, sizeof *names, by_name);
    cJSON_DeleteItemFromObjectCaseSensitive(sj, "schemata");
    cJSON *arr = cJSON_CreateStringArray(names, n);
    if (!arr || !cJSON_AddItemToObject(sj, "schemata", arr)) {
        cJSON_Delete(arr);
        return OV_ENOMEM;
    }
    return OV_OK;
}

/* Merges one extension schema into the base's schemata. */
static int merge_schema(const ov_model *m, cJSON *schemata, const cJSON *ej)
{
    const char *name = ej->string;
    cJSON *sj = cJSON_GetObjectItemCaseSensitive(schemata, name);
    if (!sj) {
        /* a new schema: its keys as written, properties rebuilt below */
        sj = cJSON_Duplicate(ej, true);
        if (!sj) return OV_ENOMEM;
        cJSON_DeleteItemFromObjectCaseSensitive(sj, "properties");
        if (!cJSON_AddItemToObject(schemata, name, sj)) {
            cJSON_Delete(sj);
            return OV_ENOMEM;
        }
        if (!cJSON_HasObjectItem(sj, "label") && !cJSON_AddStringToObject(sj, "label", name)) return OV_ENOMEM;
        if (!cJSON_HasObjectItem(sj, "extends") && !cJSON_AddArrayToObject(sj, "extends")) return OV_ENOMEM;
        int rc = ancestors_json(m, name, sj);
        if (rc) return rc;
    }
    cJSON *props = cJSON_GetObjectItemCaseSensitive(sj, "properties");
    if (!props && !(props = cJSON_AddObjectToObject(sj, "properties"))) return OV_ENOMEM;
    const cJSON *pj;
    cJSON_ArrayForEach(pj, cJSON_GetObjectItemCaseSensitive(ej, "properties"))
    {
        if (!cJSON_IsObject(pj)) continue;
        cJSON *p = prop_json(pj, name, pj->string);
        if (!p) return OV_ENOMEM;
        cJSON_DeleteItemFromObjectCaseSensitive(props, pj->string);
        if (!cJSON_AddItemToObject(props, pj->string, p)) {
            cJSON_Delete(p);
            return OV_ENOMEM;
        }
    }
    return OV_OK;
}

int ov_model_json(const ov_model *m, char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    cJSON *base = cJSON_ParseWithLength(ov__model_base, (size_t)(ov__model_base_end - ov__model_base));
    cJSON *ext = cJSON_ParseWithLength(ov__model_ext, (size_t)(ov__model_ext_end - ov__model_ext));
    int rc = base && ext ? OV_OK : OV_ECORRUPT;
    cJSON *schemata = cJSON_GetObjectItemCaseSensitive(base, "schemata");
    const cJSON *eschemata = cJSON_GetObjectItemCaseSensitive(ext, "schemata");
    if (!rc && (!cJSON_IsObject(schemata) || !cJSON_IsObject(eschemata))) rc = OV_ECORRUPT;
    const cJSON *ej;
    if (!rc) cJSON_ArrayForEach(ej, eschemata)
    {
        if (rc) break;
        if (cJSON_IsObject(ej)) rc = merge_schema(m, schemata, ej);
    }
    /* stubs once every schema exists (a range may come later in the file) */
    if (!rc) cJSON_ArrayForEach(ej, eschemata)
    {
        const cJSON *pj;
        cJSON_ArrayForEach(pj, cJSON_GetObjectItemCaseSensitive(ej, "properties"))
        {
            const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(pj, "type"));
            if (!rc && type && strcmp(type, "entity") == 0) rc = add_stub(schemata, ej->string, pj->string, pj);
        }
    }
    if (!rc) {
        *out = cJSON_PrintUnformatted(base);
        if (!*out) rc = OV_ENOMEM;
        else *len = strlen(*out);
    }
    cJSON_Delete(base);
    cJSON_Delete(ext);
    return rc;
}
