/* yente.c - the yente /match request and response shapes over ov_matcher
 * (see match.h). The request is untrusted: size, query count, values per
 * property and UTF-8 are checked; unknown properties are ignored as yente's
 * matcher ignores those it does not use. */
#include <stdlib.h>
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

/* What each feature measures, for yente's "explanations" and /algorithms
 * (the comments of ov_match_feature in match.h). */
static const char *const feature_docs[] = {
    "The cores of the two names agree exactly (Latin or Han).",
    "Han character-bigram overlap of the two names (Dice).",
    "Jaro-Winkler similarity of the compact name cores.",
    "1 - Levenshtein distance / longer length of the compact name cores.",
    "Token overlap of the name cores, in any order, typos tolerated.",
    "Soundex codes of the core tokens in common.",
    "Token overlap of the full names (legal forms removed).",
    "The name score the name features make.",
    "+1 an identifier agrees, -1 they differ.",
    "+1 a country agrees, -1 all countries differ.",
    "Legal forms: +1 same class, -0.5 another class, -1 another family.",
    "Numbers in the names: +1 the same, -1 they differ, -0.5 on one side only.",
    "Qualifiers (place, series): +1 the same, -1 they differ, -0.5 on one side only.",
    "Leading places: +1 shared, -1 different.",
    "-1: two registered names (Chinese, or Latin with a legal form each) whose industry words differ "
    "(technology, systems, electronics): two registrations.",
    "1: one name is the capitalised initialism of the other.",
    "People: the score as people's names (order, initials, nicknames, transliterations), -1 when a name word "
    "has no counterpart.",
    "1: a short name one typo away, offered as possible.",
    "Chinese names compared as written (Han against Han by character, Han against pinyin by syllable, pinyin "
    "against pinyin when a name leads with a place): +1 all agree, -1 one differs in a short distinctive part.",
    "1: the shorter name is the distinctive core of the longer (its words, in order, and one or two "
    "distinctive words added; a longer query adds no content word to it).",
    "One name abbreviates the other by the first letters of several words (Norinco, COMAC, Unicom) or by "
    "words cut short (Comm, Info): 1 reading every place of the other, 0.5 leaving some to the qualifiers.",
    "-1: the names share only descriptor words (ministry, military, intelligence, bank ...) and differ in a "
    "word: two bodies.",
    "1: the query's words are a part of the matched name (its words in order, and more); -1: that part is "
    "also another party's name, or heads it, among the results: a name several parties share points at none "
    "of them.",
};
/* one description per feature: a feature added without one fails the build */
_Static_assert(sizeof feature_docs / sizeof *feature_docs == OV_MF__COUNT, "a feature without its description");

const char *ov__match_feature_doc(int f)
{
    return f >= 0 && f < OV_MF__COUNT ? feature_docs[f] : "";
}

/* The features that compare names say which names they compared. */
static bool names_feature(int f)
{
    return f <= OV_MF_NAME || f == OV_MF_ACRONYM || f == OV_MF_PERSON || f == OV_MF_TYPO || f == OV_MF_CHINESE ||
           f == OV_MF_SHORT_NAME || f == OV_MF_ABBREVIATION || f == OV_MF_DESCRIPTOR || f == OV_MF_PART;
}

static int result_json(ov_buf *b, const ov_match_result *r, const ov__yente_hooks *h)
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
    /* yente 5's explanations: the features that found something, each with
     * what it measures and, for names, the two names it compared */
    if (!rc) rc = ov_buf_adds(b, "},\"explanations\":{");
    int ne = 0;
    for (int f = 0; f < OV_MF__COUNT && !rc; f++) {
        if (r->features[f] == 0) continue;
        rc = ov_buf_printf(b, "%s\"%s\":{\"score\":%.4g,\"detail\":", ne++ ? "," : "", ov_match_feature_name(f),
                           r->features[f]);
        if (!rc) rc = ov_buf_add_json_str(b, feature_docs[f]);
        if (!rc && names_feature(f) && r->query_name && r->matched_name) {
            rc = ov_buf_adds(b, ",\"query\":");
            if (!rc) rc = ov_buf_add_json_str(b, r->query_name);
            if (!rc) rc = ov_buf_adds(b, ",\"candidate\":");
            if (!rc) rc = ov_buf_add_json_str(b, r->matched_name);
        }
        if (!rc) rc = ov_buf_addc(b, '}');
    }
    if (!rc) rc = ov_buf_adds(b, "},\"explanation\":{\"matched_name\":");
    if (!rc) rc = ov_buf_add_json_str(b, r->matched_name);
    if (!rc) rc = ov_buf_adds(b, ",\"query_name\":");
    if (!rc) rc = ov_buf_add_json_str(b, r->query_name);
    if (!rc) rc = ov_buf_addc(b, '}');
    if (!rc && h && h->fields) rc = h->fields(h->ud, b, r);
    if (!rc) rc = ov_buf_addc(b, '}');
    return rc;
}

int ov_yente_param(ov_yente_params *p, const char *name, const char *value, char *err, size_t errlen)
{
    bool lim = !strcmp(name, "limit");
    if (!lim && strcmp(name, "threshold") && strcmp(name, "cutoff")) return OV_ENOTFOUND;
    char *end;
    double v = value && *value ? strtod(value, &end) : 0;
    if (!value || !*value || *end || v != v || (lim ? (v < 1 || v > 100 || v != (int)v) : (v < 0 || v > 1))) {
        snprintf(err, errlen, "%s takes %s", name, lim ? "a whole number 1..100" : "a number 0..1");
        return OV_EINVAL;
    }
    if (lim) p->limit = (int)v;
    else if (!strcmp(name, "threshold")) p->threshold = v;
    else p->cutoff = v;
    return OV_OK;
}

/* threshold, cutoff and limit among the keys of obj (the body or one query)
 * over p. OV_EINVAL with the reason for a bad one. */
static int params_of(const cJSON *obj, ov_yente_params *p, char *err, size_t errlen)
{
    static const char *const keys[] = {"threshold", "cutoff", "limit"};
    for (size_t i = 0; i < 3; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, keys[i]);
        if (!v || cJSON_IsNull(v)) continue;
        char num[64];
        if (cJSON_IsNumber(v)) snprintf(num, sizeof num, "%.17g", v->valuedouble);
        else if (valid_str(v) && strlen(v->valuestring) < sizeof num) snprintf(num, sizeof num, "%s", v->valuestring);
        else num[0] = '\0';
        int rc = ov_yente_param(p, keys[i], num, err, errlen);
        if (rc) return rc;
    }
    return OV_OK;
}

/* One query's answer when it cannot be answered. */
static int query_error(ov_buf *b, int status, const char *msg, const cJSON *q)
{
    int rc = ov_buf_printf(b, ":{\"status\":%d,\"error\":", status);
    if (!rc) rc = ov_buf_add_json_str(b, msg);
    if (!rc) rc = ov_buf_adds(b, ",\"results\":[],\"total\":{\"value\":0,\"relation\":\"eq\"},\"query\":");
    char *qj = cJSON_IsObject(q) ? cJSON_PrintUnformatted(q) : NULL;
    if (!rc) rc = ov_buf_adds(b, qj ? qj : "{}");
    cJSON_free(qj);
    if (!rc) rc = ov_buf_addc(b, '}');
    return rc;
}

int ov_match_yente(ov_matcher *mx, const char *req, size_t len, char **resp, size_t *resp_len, char *err,
                   size_t errlen)
{
    return ov_match_yente_params(mx, req, len, NULL, resp, resp_len, err, errlen);
}

int ov_match_yente_params(ov_matcher *mx, const char *req, size_t len, const ov_yente_params *params, char **resp,
                          size_t *resp_len, char *err, size_t errlen)
{
    return ov__match_yente_hooked(mx, req, len, params, NULL, resp, resp_len, err, errlen);
}

int ov__match_yente_hooked(ov_matcher *mx, const char *req, size_t len, const ov_yente_params *params,
                           const ov__yente_hooks *h, char **resp, size_t *resp_len, char *err, size_t errlen)
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
    const ov_match_settings *s = ov_matcher_settings(mx);
    /* the request's parameters: the URL's, then the body's top-level keys */
    ov_yente_params top = {-1, -1, 0, NULL, NULL};
    if (params) top = *params;
    const cJSON *queries = cJSON_GetObjectItemCaseSensitive(root, "queries");
    if (!cJSON_IsObject(queries)) {
        snprintf(err, errlen, "the request needs {\"queries\": {key: {\"schema\", \"properties\"}}}");
        rc = OV_EINVAL;
    } else if (cJSON_GetArraySize(queries) > OV_YENTE_MAX_QUERIES) {
        snprintf(err, errlen, "more than %d queries", OV_YENTE_MAX_QUERIES);
        rc = OV_ETOOBIG;
    } else {
        rc = params_of(root, &top, err, errlen);
    }
    for (const cJSON *q = rc ? NULL : queries->child; q && !rc; q = q->next)
        if (!q->string || !ov_utf8_valid(q->string, strlen(q->string), NULL)) {
            snprintf(err, errlen, "each query must be under a key (valid UTF-8)");
            rc = OV_EINVAL;
        }
    const ov_model *m = ov__matcher_model(mx);
    ov_buf b;
    ov_buf_init(&b, (size_t)64 << 20);
    if (!rc) rc = ov_buf_adds(&b, "{\"responses\":{");
    ov_match_result res[100];
    int answered = 0, refused = 0;
    for (const cJSON *q = rc ? NULL : queries->child; q && !rc; q = q->next) {
        if (q != queries->child) rc = ov_buf_addc(&b, ',');
        if (!rc) rc = ov_buf_add_json_str(&b, q->string);
        if (rc) break;
        /* what is wrong with one query is answered for that query */
        char qerr[512] = "";
        int status = 0;
        const cJSON *sch = cJSON_GetObjectItemCaseSensitive(q, "schema");
        const ov_schema *schema = valid_str(sch) ? ov_model_schema(m, sch->valuestring) : NULL;
        yq y;
        ov_yente_params qp = top;
        if (!cJSON_IsObject(q)) status = 400, snprintf(qerr, sizeof qerr, "a query must be an object");
        else if (!schema) status = 400, snprintf(qerr, sizeof qerr, "unknown or missing schema");
        else if (collect(m, schema, cJSON_GetObjectItemCaseSensitive(q, "properties"), &y, qerr, sizeof qerr,
                         q->string))
            status = 400;
        else if (!y.nn) status = 400, snprintf(qerr, sizeof qerr, "no name property");
        else if (params_of(q, &qp, qerr, sizeof qerr)) status = 400;
        size_t n = 0, total = 0;
        if (!status) {
            ov_match_query mq = {.schema = sch->valuestring, .names = y.names, .n_names = y.nn,
                                 .countries = y.countries, .n_countries = y.nc, .identifiers = y.idents,
                                 .n_identifiers = y.ni, .limit = qp.limit, .cutoff = qp.cutoff,
                                 .threshold = qp.threshold, .party = qp.party, .party_ud = qp.party_ud,
                                 .keep = h ? h->keep : NULL, .keep_ud = h ? h->ud : NULL};
            /* with hooks, every candidate over the cutoff the caller keeps (asked in the
             * query, before candidates are compared), cut to the limit */
            if (h) mq.limit = 100;
            if (h && h->query_begin) h->query_begin(h->ud);
            int qrc = ov_matcher_query(mx, &mq, res, 100, &n);
            if (qrc == OV_EINVAL) status = 422, snprintf(qerr, sizeof qerr, "%s", ov_matcher_errmsg(mx));
            else if (qrc) rc = qrc;
            if (!rc && !status && h) {
                total = n;
                int lim = qp.limit > 0 ? qp.limit : s->limit;
                if (n > (size_t)lim) n = (size_t)lim;
            }
        }
        if (rc) break;
        if (status) {
            refused++;
            rc = query_error(&b, status, qerr, q);
            continue;
        }
        answered++;
        rc = ov_buf_adds(&b, ":{\"status\":200,\"results\":[");
        for (size_t i = 0; i < n && !rc; i++) {
            if (i) rc = ov_buf_addc(&b, ',');
            if (!rc) rc = result_json(&b, &res[i], h);
        }
        if (!rc)
            rc = ov_buf_printf(&b, "],\"total\":{\"value\":%zu,\"relation\":\"eq\"},\"threshold\":%.4g,\"cutoff\":%.4g,"
                                   "\"limit\":%d,\"query\":{\"schema\":",
                               h ? total : n, qp.threshold > 0 ? qp.threshold : s->match_threshold,
                               qp.cutoff >= 0 ? qp.cutoff : s->cutoff, qp.limit > 0 ? qp.limit : s->limit);
        if (!rc) rc = ov_buf_add_json_str(&b, sch->valuestring);
        if (!rc) rc = ov_buf_adds(&b, ",\"properties\":");
        const cJSON *props = cJSON_GetObjectItemCaseSensitive(q, "properties");
        char *pj = props ? cJSON_PrintUnformatted(props) : NULL;
        if (!rc) rc = ov_buf_adds(&b, pj ? pj : "{}");
        cJSON_free(pj);
        if (!rc) rc = ov_buf_adds(&b, "}}");
    }
    if (!rc)
        rc = ov_buf_printf(&b, "},\"matcher\":{\"name\":\"oversight-names\",\"version\":\"%s\",\"threshold\":%.4g,"
                               "\"cutoff\":%.4g},\"limit\":%d,\"answered\":%d,\"refused\":%d}",
                           OV_VERSION, top.threshold > 0 ? top.threshold : s->match_threshold,
                           top.cutoff >= 0 ? top.cutoff : s->cutoff, top.limit > 0 ? top.limit : s->limit, answered,
                           refused);
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
