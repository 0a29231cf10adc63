/* fuzz_names_index.c - libFuzzer target for the reader of the matcher's
 * index kept beside the store (src/names/kept.c, "<store>.names"): any bytes
 * are either refused or give a matcher whose every entity, name and side
 * entity can be read and which answers queries (Latin, Han, Cyrillic; with
 * countries and identifiers) with scores within 0..1, without a fault.
 * The first byte chooses whether the checksums are verified (odd) or skipped
 * (even: so that mutations reach the checks behind them); the rest is the
 * file, copied to an 8-byte aligned buffer as a mapping would be. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "names/kept.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static ov_model *model;
    static ov_matcher *mx;
    char err[512];
    if (!model && ov_model_load_default(&model, err, sizeof err)) abort();
    if (!mx && ov_matcher_new(&mx, model, NULL, err, sizeof err)) abort();
    if (size < 1) return 0;
    int flags = data[0] & 1 ? 0 : OV__KEPT_NO_CHECKSUM;
    size_t len = size - 1;
    uint64_t *buf = malloc(len / 8 * 8 + 8);
    if (!buf) return 0;
    memcpy(buf, data + 1, len);
    uint32_t ss[16];
    size_t nss;
    int rc = ov__kept_parse(mx, buf, len, NULL, flags, ss, &nss);
    if (rc == OV_OK) {
        uint64_t sum = 0;
        for (size_t i = 0; i < mx->n_ents; i++) {
            const mx_entity *e = &mx->ents[i];
            sum += strlen(mx->pool + e->id) + strlen(mx->pool + e->caption) + strlen(mx->pool + e->countries) +
                   strlen(mx->pool + e->idents);
            if (!ov_model_schema_at(model, (int)e->schema)) abort();
        }
        for (size_t i = 0; i < mx->n_names; i++) {
            const mx_name *n = &mx->names[i];
            if (n->entity >= mx->n_ents) abort();
            sum += strlen(mx->pool + n->raw) + strlen(mx->pool + n->full) + strlen(mx->pool + n->han);
        }
        for (size_t i = 0; i < mx->n_side; i++) sum += strlen(mx->pool + mx->side[i].id) + mx->side[i].schema;
        for (size_t i = 0; i < nss; i++) sum += ss[i];
        static const char *const qs[] = {"Hikvision Digital Technology", "海康威视", "Ростех", "ABC Bank (Asia) Ltd",
                                         "x"};
        for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
            const char *names[1] = {qs[i]}, *cc[1] = {"cn"}, *ids[1] = {"LEI0001"};
            ov_match_query q = {.names = names, .n_names = 1, .countries = cc, .n_countries = i & 1,
                                .identifiers = ids, .n_identifiers = i == 2, .limit = 10, .cutoff = 0,
                                .schema = i == 3 ? "Company" : NULL};
            ov_match_result res[10];
            size_t n = 0;
            if (ov_matcher_query(mx, &q, res, 10, &n) == OV_OK)
                for (size_t k = 0; k < n; k++) {
                    if (!(res[k].score >= 0 && res[k].score <= 1)) abort();
                    sum += strlen(res[k].id) + strlen(res[k].caption) + strlen(res[k].matched_name);
                }
            if (mx->n_ents) {
                ov_match_result r;
                if (ov__matcher_score_entity(mx, &q, mx->pool + mx->ents[0].id, &r) == OV_OK &&
                    !(r.score >= 0 && r.score <= 1))
                    abort();
            }
        }
        size_t ents, nn, bytes;
        ov_matcher_stats(mx, &ents, &nn, &bytes);
        static volatile uint64_t sink;
        sink += sum + ents + nn + bytes; /* keep the reads */
        ov__kept_release(mx);
    } else if (mx->map || mx->finished) {
        abort(); /* a refused file leaves the matcher as it was */
    }
    free(buf);
    return 0;
}
