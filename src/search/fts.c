/* fts.c - text preparation for the full-text index (see fts.h). */
#include <string.h>
#include "oversight/oversight.h"
#include "fts.h"
#include "../util/utf8.h"
#include "../util/banned.h"

int ov__fts_prepare(ov_buf *out, const char *text)
{
    int rc = OV_OK;
    const char *p = text;
    while (*p && !rc) {
        uint32_t cp;
        int n = ov_utf8_decode(p, &cp);
        if (ov_utf8_is_cjk(cp)) {
            rc = ov_buf_addc(out, ' ');
            if (!rc) rc = ov_buf_add(out, p, (size_t)n);
            if (!rc) rc = ov_buf_addc(out, ' ');
        } else {
            rc = ov_buf_add(out, p, (size_t)n);
        }
        p += n;
    }
    if (!rc) rc = ov_buf_addc(out, ' ');
    return rc;
}

/* A character that belongs to a word: ASCII letters and digits, and any
 * non-ASCII code point that is not CJK (unicode61 decides the rest). */
static int is_word(uint32_t cp)
{
    if (cp < 0x80) return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
    if (cp >= 0x2000 && cp <= 0x206F) return 0; /* general punctuation */
    if (cp >= 0x3000 && cp <= 0x303F) return 0; /* CJK punctuation */
    if (cp >= 0xFF00 && cp <= 0xFF0F) return 0; /* fullwidth punctuation */
    return !ov_utf8_is_cjk(cp);
}

int ov__fts_query(ov_buf *out, const char *query)
{
    int rc = OV_OK, terms = 0;
    const char *p = query;
    size_t last_word_end = 0; /* offset in out after the last Latin word, for the prefix star */
    while (*p && !rc) {
        uint32_t cp;
        int n = ov_utf8_decode(p, &cp);
        if (ov_utf8_is_cjk(cp)) {
            /* a run of CJK characters -> "c1 c2 c3" (a phrase) */
            if (terms++) rc = ov_buf_addc(out, ' ');
            if (!rc) rc = ov_buf_addc(out, '"');
            int first = 1;
            while (*p && !rc) {
                n = ov_utf8_decode(p, &cp);
                if (!ov_utf8_is_cjk(cp)) break;
                if (!first) rc = ov_buf_addc(out, ' ');
                if (!rc) rc = ov_buf_add(out, p, (size_t)n);
                first = 0;
                p += n;
            }
            if (!rc) rc = ov_buf_addc(out, '"');
            last_word_end = 0;
        } else if (is_word(cp)) {
            if (terms++) rc = ov_buf_addc(out, ' ');
            if (!rc) rc = ov_buf_addc(out, '"');
            while (*p && !rc) {
                n = ov_utf8_decode(p, &cp);
                if (!is_word(cp)) break;
                rc = ov_buf_add(out, p, (size_t)n);
                p += n;
            }
            if (!rc) rc = ov_buf_addc(out, '"');
            last_word_end = out->len;
        } else {
            p += n;
        }
    }
    if (rc) return rc;
    if (!terms) return OV_EINVAL;
    if (last_word_end == out->len) rc = ov_buf_addc(out, '*');
    return rc;
}
