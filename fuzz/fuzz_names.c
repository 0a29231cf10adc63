/* fuzz_names.c - libFuzzer target for the small parsers of name matching and
 * ownership that read user text: the first byte chooses
 *   's'  matching settings ("key = value" lines, ov_match_settings_parse),
 *   '%'  a share as real data writes it ("25-50%", ov_share_parse),
 *   'e'  a vendor file's bytes (ov_text_to_utf8; the next byte picks no
 *        declared encoding, latin1, utf-16le or windows-1252): what comes
 *        out is valid UTF-8, NUL-terminated, of the length said,
 *   'y'  a yente request (ov_match_yente_params with URL parameters),
 *   'f'  search text: the index form and the MATCH expression of a query
 *        (src/search/fts.c: traditional -> simplified, full-width letters),
 *        both valid UTF-8,
 *   else a name: normalised (ICU, OpenCC, vocabularies) and matched against a
 *        small index, which also runs the similarities on what comes out.
 * Checks the invariants a caller relies on: shares within 0..1 with min <=
 * max, scores within 0..1, normalised forms NUL-terminated within bounds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "oversight/graph.h"
#include "oversight/match.h"
#include "../src/names/names_internal.h"
#include "../src/util/utf8.h"
#include "../src/util/buf.h"
#include "../src/search/fts.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static ov_model *model;
    static ov_matcher *mx;
    static ov__names *nm;
    char err[512];
    if (!model) {
        if (ov_model_load_default(&model, err, sizeof err)) abort();
        if (ov_matcher_new(&mx, model, NULL, err, sizeof err)) abort();
        if (ov__names_open(&nm, err, sizeof err)) abort();
        ov_stmt a[2] = {{.prop = "name", .value = "Hangzhou Hikvision Digital Technology Co., Ltd."},
                        {.prop = "alias", .value = "杭州海康威视数字技术股份有限公司"}};
        ov_stmt b[2] = {{.prop = "name", .value = "Zhejiang Dahua Technology"}, {.prop = "country", .value = "cn"}};
        ov_entity e1 = {.id = "co-hik", .schema = "Company", .stmts = a, .n_stmts = 2};
        ov_entity e2 = {.id = "co-dahua", .schema = "Company", .stmts = b, .n_stmts = 2};
        if (ov_matcher_add(mx, &e1, NULL) || ov_matcher_add(mx, &e2, NULL) || ov_matcher_finish(mx)) abort();
    }
    if (size == 0 || size > 4096) return 0;
    char *text = malloc(size);
    if (!text) return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    if (data[0] == 's') {
        ov_match_settings s;
        ov_match_settings_default(&s);
        err[0] = '\0';
        if (ov_match_settings_parse(&s, text, size - 1, err, sizeof err) && !err[0]) abort();
    } else if (data[0] == 'e' && size >= 2) {
        static const char *const enc[] = {NULL, "latin1", "utf-16le", "windows-1252"};
        char *out = NULL;
        size_t out_len = 0;
        if (ov_text_to_utf8((const char *)data + 2, size - 2, enc[data[1] & 3], &out, &out_len, err, sizeof err) ==
            0) {
            if (!out || out[out_len] != '\0' || !ov_utf8_valid(out, out_len, NULL)) abort();
            ov_match_text_free(out);
        } else if (out) {
            abort();
        }
    } else if (data[0] == 'f') {
        if (ov_utf8_valid(text, size - 1, NULL)) {
            ov_buf b;
            ov_buf_init(&b, 1 << 20);
            if (ov__fts_prepare(&b, text) == 0 && !ov_utf8_valid(b.data ? b.data : "", b.len, NULL)) abort();
            ov_buf_release(&b);
            ov_buf_init(&b, 1 << 20);
            if (ov__fts_query(&b, text) == 0 && (!b.len || !ov_utf8_valid(b.data, b.len, NULL))) abort();
            ov_buf_release(&b);
        }
    } else if (data[0] == 'y') {
        ov_yente_params p = {-1, -1, 0};
        char *resp = NULL;
        size_t len = 0;
        if (ov_match_yente_params(mx, text, size - 1, &p, &resp, &len, err, sizeof err) == 0) {
            if (!resp || strlen(resp) != len) abort();
            ov_match_text_free(resp);
        }
    } else if (data[0] == '%') {
        ov_share sh;
        if (ov_share_parse(text, &sh)) {
            if (!sh.has_share || !(sh.min >= 0 && sh.min <= sh.max && sh.max <= 1.0)) abort();
        } else if (sh.has_share) {
            abort();
        }
    } else {
        ov__name_form f;
        if (ov__names_normalize(nm, text, &f) == 0) {
            if (memchr(f.full, 0, sizeof f.full) == NULL || memchr(f.compact, 0, sizeof f.compact) == NULL ||
                memchr(f.han, 0, sizeof f.han) == NULL)
                abort();
        }
        const char *names[1] = {text};
        ov_match_query q = {.names = names, .n_names = 1, .limit = 5, .cutoff = 0};
        ov_match_result r[5];
        size_t n = 0;
        if (ov_matcher_query(mx, &q, r, 5, &n) == 0)
            for (size_t i = 0; i < n; i++)
                if (!(r[i].score >= 0 && r[i].score <= 1)) abort();
    }
    free(text);
    return 0;
}
