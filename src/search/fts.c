/* fts.c - text preparation for the full-text index (see fts.h). */
#include <string.h>
#include "oversight/oversight.h"
#include "fts.h"
#include "../util/utf8.h"
#include "../util/banned.h"

/* Appends p[0..n) (whole code points); past the buffer's limit, as many code
 * points as fit, then OV_ETOOBIG (what appending one at a time would leave). */
static int add_run(ov_buf *out, const char *p, size_t n)
{
    int rc = ov_buf_add(out, p, n);
    if (rc != OV_ETOOBIG) return rc;
    rc = OV_OK;
    for (size_t i = 0; i < n && !rc;) {
        uint32_t cp;
        size_t k = (size_t)ov_utf8_decode(p + i, &cp);
        rc = ov_buf_add(out, p + i, k);
        i += k;
    }
    return rc;
}

int ov__fts_prepare(ov_buf *out, const char *text)
{
    int rc = OV_OK;
    const char *p = text, *run = text; /* run: the text not yet copied */
    while (*p && !rc) {
        /* CJK code points start at U+3040, whose lead byte is 0xE3: anything
         * below is copied as it is, byte by byte into the run */
        if ((unsigned char)*p < 0xE3 || !p[1] || !p[2]) {
            p++;
            continue;
        }
        uint32_t cp;
        int n = ov_utf8_decode(p, &cp);
        if (n == 4 && !p[3]) {
            p++;
            continue;
        }
        if (ov_utf8_is_cjk(cp)) {
            rc = add_run(out, run, (size_t)(p - run));
            if (!rc) rc = ov_buf_addc(out, ' ');
            if (!rc) rc = ov_buf_add(out, p, (size_t)n);
            if (!rc) rc = ov_buf_addc(out, ' ');
            run = p + n;
        }
        p += n;
    }
    if (!rc) rc = add_run(out, run, (size_t)(p - run));
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
