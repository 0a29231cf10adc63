/* yente.c - the yente /match request and response shapes over ov_matcher
 * (see match.h). The request is untrusted: size, query count, values per
 * property and UTF-8 are checked; unknown properties are ignored as yente's
 * matcher ignores those it does not use. */
#include <string.h>
#include <cjson/cJSON.h>
#include "names_internal.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/utf8.h"
#include "../util/banned.h"

#define MAX_VALUES 32 /* per kind (names, countries, identifiers) of one query */

void ov_match_text_free(char *s)
{
    ov__free(s);
}

static bool valid_str(const cJSON *v)
{
    return cJSON_IsString(v) && v->valuestring && ov_utf8_valid(v->valuestring, strlen(v->valuestring), NULL);
}

typedef struct yq {
    const char *names[MAX_VALUES], *countries[MAX_VALUES], *idents[MAX_VALUES];
    size_t nn, nc, ni;
} yq;

/* Collects one query's values by property type. */
static int collect(const ov_model *m, const ov_schema *s, const cJSON *props, yq *q, char *err, size_t errlen,
                   const char *key)
{
    memset(q, 0, sizeof *q);
    if (!props) return OV_OK;
    if (!cJSON_IsObject(props)) {
        snprintf(err, errlen, "query '%s': properties must be an object", key);
        return OV_EINVAL;
    }
    for (const cJSON *p = props->child; p; p = p->next) {
        const ov_prop *pr = p->string ? ov_schema_prop(s, p->string) : NULL;
        if (!pr) continue;
        ov_type_kind k = ov_prop_type(pr);
        const char **dst;
        size_t *n;
        if (k == OV_T_NAME) dst = q->names, n = &q->nn;
        else if (k == OV_T_COUNTRY) dst = q->countries, n = &q->nc;
        else if (k == OV_T_IDENTIFIER) dst = q->idents, n = &q->ni;
        else continue;
        const cJSON *vals = p;
        const cJSON *one = cJSON_IsArray(p) ? p->child : p;
        for (const cJSON *v = one; v; v = cJSON_IsArray(vals) ? v->next : NULL) {
            if (!valid_str(v)) {
                snprintf(err, errlen, "query '%s': property '%s' needs strings (valid UTF-8)", key, p->string);
                return OV_EINVAL;
            }
            if (*n < MAX_VALUES) dst[(*n)++] = v->valuestring;
        }
    }
    (void)m;
    return OV_OK;
}

static int result_json(ov_buf *b, const ov_match_result *r)
{
    int rc = ov_buf_adds(b, "{\"id\":");
    if (!rc) rc = ov_buf_add_json_str(b, r->id);
    if (!rc) rc = ov_buf_adds(b, ",\"schema\":");
    if (!rc) rc = ov_buf_add_json_str(b, r->schema);
    if (!rc) rc = ov_buf_adds(b, ",\"caption\":");
    if (!rc) rc = ov_buf_add_json_str(b, r->caption);
    if (!rc) rc = ov_buf_printf(b, ",\"score\":%.4f,\"match\":%s,\"features\":{", r->score, r->match ? "true" : "false");
    for (int f = 0; f < OV_MF__COUNT && !rc; f++)
        rc = ov_buf_printf(b, "%s\"%s\":%.4g", f ? "," : "", ov_match_feature_name(f), r->features[f]);
    if (!rc) rc = ov_buf_adds(b, "},\"explanation\":{\"matched_name\":");
    if (!rc) rc = ov_buf_add_json_str(b, r->matched_name);
    if (!rc) rc = ov_buf_adds(b, ",\"query_name\":");
    if (!rc) rc = ov_buf_add_json_str(b, r->query_name);
    if (!rc) rc = ov_buf_adds(b, "}}");
    return rc;
}

int ov_match_yente(ov_matcher *mx, const char *req, size_t len, char **resp, size_t *resp_len, char *err,
                   size_t errlen)
{
    *resp = NULL;
    *resp_len = 0;
    if (len > OV_YENTE_MAX_BODY) {
        snprintf(err, errlen, "request larger than %u bytes", OV_YENTE_MAX_BODY);
        return OV_ETOOBIG;
    }
    cJSON *root = cJSON_ParseWithLength(req, len);
    if (!root) {
        snprintf(err, errlen, "malformed JSON");
        return OV_EINVAL;
    }
    int rc = OV_OK;
    const cJSON *queries = cJSON_GetObjectItemCaseSensitive(root, "queries");
    const cJSON *lim = cJSON_GetObjectItemCaseSensitive(root, "limit");
    int limit = cJSON_IsNumber(lim) && lim->valuedouble >= 1 && lim->valuedouble <= 100 ? (int)lim->valuedouble : 0;
    if (!cJSON_IsObject(queries)) {
        snprintf(err, errlen, "the request needs {\"queries\": {key: {\"schema\", \"properties\"}}}");
        rc = OV_EINVAL;
    } else if (cJSON_GetArraySize(queries) > OV_YENTE_MAX_QUERIES) {
        snprintf(err, errlen, "more than %d queries", OV_YENTE_MAX_QUERIES);
        rc = OV_ETOOBIG;
    }
    /* check every query before answering any */
    const ov_model *m = ov__matcher_model(mx);
    for (const cJSON *q = rc ? NULL : queries->child; q && !rc; q = q->next) {
        const cJSON *sch = cJSON_GetObjectItemCaseSensitive(q, "schema");
        if (!cJSON_IsObject(q) || !q->string || !ov_utf8_valid(q->string, strlen(q->string), NULL)) {
            snprintf(err, errlen, "each query must be an object under a key");
            rc = OV_EINVAL;
        } else if (!valid_str(sch) || !ov_model_schema(m, sch->valuestring)) {
            snprintf(err, errlen, "query '%s': unknown or missing schema", q->string);
            rc = OV_EINVAL;
        } else {
            yq y;
            rc = collect(m, ov_model_schema(m, sch->valuestring), cJSON_GetObjectItemCaseSensitive(q, "properties"),
                         &y, err, errlen, q->string);
            if (!rc && !y.nn) {
                snprintf(err, errlen, "query '%s': no name property", q->string);
                rc = OV_EINVAL;
            }
        }
    }
    ov_buf b;
    ov_buf_init(&b, (size_t)64 << 20);
    if (!rc) rc = ov_buf_adds(&b, "{\"responses\":{");
    ov_match_result res[100];
    for (const cJSON *q = rc ? NULL : queries->child; q && !rc; q = q->next) {
        const cJSON *sch = cJSON_GetObjectItemCaseSensitive(q, "schema");
        yq y;
        rc = collect(m, ov_model_schema(m, sch->valuestring), cJSON_GetObjectItemCaseSensitive(q, "properties"), &y,
                     err, errlen, q->string);
        ov_match_query mq = {.schema = sch->valuestring, .names = y.names, .n_names = y.nn,
                             .countries = y.countries, .n_countries = y.nc, .identifiers = y.idents,
                             .n_identifiers = y.ni, .limit = limit, .cutoff = -1};
        size_t n = 0;
        if (!rc) rc = ov_matcher_query(mx, &mq, res, 100, &n);
        if (rc == OV_EINVAL) snprintf(err, errlen, "query '%s': %s", q->string, ov_matcher_errmsg(mx));
        if (!rc && q != queries->child) rc = ov_buf_addc(&b, ',');
        if (!rc) rc = ov_buf_add_json_str(&b, q->string);
        if (!rc) rc = ov_buf_adds(&b, ":{\"status\":200,\"results\":[");
        for (size_t i = 0; i < n && !rc; i++) {
            if (i) rc = ov_buf_addc(&b, ',');
            if (!rc) rc = result_json(&b, &res[i]);
        }
        if (!rc) rc = ov_buf_printf(&b, "],\"total\":{\"value\":%zu,\"relation\":\"eq\"},\"query\":{\"schema\":", n);
        if (!rc) rc = ov_buf_add_json_str(&b, sch->valuestring);
        if (!rc) rc = ov_buf_adds(&b, ",\"properties\":");
        const cJSON *props = cJSON_GetObjectItemCaseSensitive(q, "properties");
        char *pj = props ? cJSON_PrintUnformatted(props) : NULL;
        if (!rc) rc = ov_buf_adds(&b, pj ? pj : "{}");
        cJSON_free(pj);
        if (!rc) rc = ov_buf_adds(&b, "}}");
    }
    const ov_match_settings *s = ov_matcher_settings(mx);
    if (!rc)
        rc = ov_buf_printf(&b, "},\"matcher\":{\"name\":\"oversight-names\",\"version\":\"%s\",\"threshold\":%.4g,"
                               "\"cutoff\":%.4g},\"limit\":%d}",
                           OV_VERSION, s->match_threshold, s->cutoff, limit ? limit : s->limit);
    cJSON_Delete(root);
    if (rc) {
        if (rc == OV_ENOMEM || rc == OV_ETOOBIG) snprintf(err, errlen, "%s", ov_strerror(rc));
        ov_buf_release(&b);
        return rc;
    }
    *resp_len = b.len;
    *resp = ov_buf_detach(&b);
    return OV_OK;
}
