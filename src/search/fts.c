/* fts.c - text preparation for the full-text index (see fts.h). */
#include <pthread.h>
#include <string.h>
#include <opencc/opencc.h>
#include "oversight/oversight.h"
#include "fts.h"
#include "../util/alloc.h"
#include "../util/utf8.h"
#include "../util/banned.h"

/* ---- traditional -> simplified, one character at a time ---------------------
 * The same conversion as the name matcher's (OpenCC t2s), made once into a
 * table over the Han blocks of the Basic Multilingual Plane, so that the index
 * and the query both hold simplified characters: `search 海康威視` finds
 * 海康威视 as `match` does. Without OpenCC's data the table stays identity. */
#define T2S_FIRST 0x3400u
#define T2S_LAST 0xFAFFu
static uint32_t *t2s_table; /* [T2S_LAST - T2S_FIRST + 1], or NULL */
static pthread_once_t t2s_once = PTHREAD_ONCE_INIT;

static void t2s_build(void)
{
    opencc_t cc = opencc_open("t2s.json");
    if (cc == (opencc_t)-1 || !cc) return;
    size_t n = T2S_LAST - T2S_FIRST + 1;
    char *in = ov__malloc(n * 5 + 1);
    uint32_t *table = ov__malloc(n * sizeof *table);
    if (!in || !table) {
        ov__free(in);
        ov__free(table);
        opencc_close(cc);
        return;
    }
    size_t len = 0;
    for (uint32_t cp = T2S_FIRST; cp <= T2S_LAST; cp++) {
        table[cp - T2S_FIRST] = cp;
        /* the Han blocks only (not Hangul, not surrogates) */
        if (ov_utf8_is_cjk(cp) && (cp < 0xAC00 || cp > 0xD7AF)) {
            len += (size_t)ov_utf8_encode(cp, in + len);
            in[len++] = '\n';
        }
    }
    in[len] = '\0';
    char *out = opencc_convert_utf8(cc, in, len);
    if (out) {
        /* line by line: a character that became exactly one character */
        const char *a = in, *b = out;
        while (*a && *b) {
            uint32_t ca, cb;
            int la = ov_utf8_decode(a, &ca), lb = ov_utf8_decode(b, &cb);
            if (la <= 0 || lb <= 0) break;
            if (a[la] == '\n' && b[lb] == '\n' && ca >= T2S_FIRST && ca <= T2S_LAST) table[ca - T2S_FIRST] = cb;
            const char *na = strchr(a, '\n'), *nb = strchr(b, '\n');
            if (!na || !nb) break;
            a = na + 1, b = nb + 1;
        }
        opencc_convert_utf8_free(out);
        t2s_table = table;
    } else {
        ov__free(table);
    }
    ov__free(in);
    opencc_close(cc);
}

/* The simplified form of a CJK code point (itself when none). */
static uint32_t simplified(uint32_t cp)
{
    pthread_once(&t2s_once, t2s_build);
    if (!t2s_table || cp < T2S_FIRST || cp > T2S_LAST) return cp;
    return t2s_table[cp - T2S_FIRST];
}

/* Appends one CJK character, simplified. */
static int add_cjk(ov_buf *out, uint32_t cp)
{
    char enc[4];
    int n = ov_utf8_encode(simplified(cp), enc);
    return ov_buf_add(out, enc, (size_t)n);
}

/* Full-width letters and digits ("ＺＴＥ", "１２") as ASCII; full-width
 * punctuation stays as it is (it separates words either way). */
static uint32_t narrow(uint32_t cp)
{
    if ((cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A))
        return cp - 0xFEE0;
    return cp;
}

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
            if (!rc) rc = add_cjk(out, cp);
            if (!rc) rc = ov_buf_addc(out, ' ');
            run = p + n;
        } else if (narrow(cp) != cp) {
            rc = add_run(out, run, (size_t)(p - run));
            if (!rc) rc = ov_buf_addc(out, (char)narrow(cp));
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
        if (narrow(cp) != cp) {
            /* a full-width word: as its ASCII letters */
            if (terms++) rc = ov_buf_addc(out, ' ');
            if (!rc) rc = ov_buf_addc(out, '"');
            while (*p && !rc) {
                n = ov_utf8_decode(p, &cp);
                uint32_t c = narrow(cp);
                if (!is_word(c)) break;
                if (c < 0x80) rc = ov_buf_addc(out, (char)c);
                else rc = ov_buf_add(out, p, (size_t)n);
                p += n;
            }
            if (!rc) rc = ov_buf_addc(out, '"');
            last_word_end = out->len;
        } else if (ov_utf8_is_cjk(cp)) {
            /* a run of CJK characters -> "c1 c2 c3" (a phrase) */
            if (terms++) rc = ov_buf_addc(out, ' ');
            if (!rc) rc = ov_buf_addc(out, '"');
            int first = 1;
            while (*p && !rc) {
                n = ov_utf8_decode(p, &cp);
                if (!ov_utf8_is_cjk(cp)) break;
                if (!first) rc = ov_buf_addc(out, ' ');
                if (!rc) rc = add_cjk(out, cp);
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

uint32_t ov__fts_fold_cp(uint32_t cp)
{
    cp = narrow(cp);
    if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    if (ov_utf8_is_cjk(cp)) return simplified(cp);
    /* Latin-1 and Latin Extended-A capitals: the common case folds */
    if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)) return cp + 32;
    return cp;
}
