/* fuzz_yente.c - libFuzzer target for what the yente and reconciliation routes
 * read from clients (src/http/yente_api.c, reconcile.c, src/names/yente.c):
 * the first byte chooses
 *   'r'  a reconciliation request's queries (ov__reconcile_match_request): the
 *        yente request it makes is JSON that the matcher then answers,
 *   else a yente /match request answered with hooks (ov__match_yente_hooked)
 *        that keep every other candidate and add fields, as /match/{dataset}.
 * Checks: an answer is JSON with a "responses" object; a refusal says why. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "http/http_internal.h"
#include "names/names_internal.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool keep_odd(void *ud, const ov_match_result *r)
{
    (void)r;
    return (++*(int *)ud) % 2 == 1;
}

static int fields(void *ud, struct ov_buf *b, const ov_match_result *r)
{
    (void)ud;
    int rc = ov_buf_adds(b, ",\"again\":");
    return rc ? rc : ov_buf_add_json_str(b, r->id);
}

static void answer(ov_matcher *mx, const char *req, size_t len, bool hooks)
{
    char *out = NULL, err[512] = "";
    size_t out_len = 0;
    int n = 0;
    ov__yente_hooks h = {NULL, keep_odd, fields, &n};
    int rc = ov__match_yente_hooked(mx, req, len, NULL, hooks ? &h : NULL, &out, &out_len, err, sizeof err);
    if (rc == OV_OK) {
        cJSON *j = cJSON_ParseWithLength(out, out_len);
        if (!cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(j, "responses"))) abort();
        cJSON_Delete(j);
        ov_match_text_free(out);
    } else if (!err[0]) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ov_model *model;
    static ov_matcher *mx;
    char err[512];
    if (!model) {
        if (ov_model_load_default(&model, err, sizeof err)) abort();
        if (ov_matcher_new(&mx, model, NULL, err, sizeof err)) abort();
        ov_stmt a[2] = {{.prop = "name", .value = "Hangzhou Hikvision Digital Technology Co., Ltd."},
                        {.prop = "alias", .value = "杭州海康威视数字技术股份有限公司"}};
        ov_stmt b[2] = {{.prop = "name", .value = "Zhejiang Dahua Technology"}, {.prop = "country", .value = "cn"}};
        ov_entity e1 = {.id = "co-hik", .schema = "Company", .stmts = a, .n_stmts = 2};
        ov_entity e2 = {.id = "co-dahua", .schema = "Company", .stmts = b, .n_stmts = 2};
        if (ov_matcher_add(mx, &e1, NULL) || ov_matcher_add(mx, &e2, NULL) || ov_matcher_finish(mx)) abort();
    }
    if (size == 0 || size > 65536) return 0;
    char *text = malloc(size);
    if (!text) return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    if (data[0] == 'r') {
        char *req = NULL;
        err[0] = '\0';
        int rc = ov__reconcile_match_request(model, text, &req, err, sizeof err);
        if (rc == OV_OK) {
            answer(mx, req, strlen(req), true);
            cJSON_free(req);
        } else if (!err[0] || req) {
            abort();
        }
    } else {
        answer(mx, text, size - 1, true);
    }
    free(text);
    return 0;
}
