/* fuzz_pg_search.c - libFuzzer target for the PostgreSQL backend's search
 * text (src/store/store_pg_read.c): its own tokenizer cuts the index forms
 * and the user's queries into words, and writes them as tsvector and tsquery
 * text that PostgreSQL parses. The first byte chooses
 *   'q'  a user query, valid UTF-8 as the server passes it (route.c checks
 *        every parameter; ov__pg_ts_query): refused, or a tsquery of
 *        parenthesised phrases of quoted lexemes joined by <->, the last with
 *        an optional :*, the phrases joined by &;
 *   else an entity's names and text (split at the first NUL), valid UTF-8 as
 *        the loader passes them, through ov__fts_prepare into the search row
 *        (ov__pg_search_row): one COPY line of four fields, the tsvector's
 *        lexemes quoted, positions ascending within 1..16383.
 * Every lexeme is non-empty valid UTF-8 of at most 2046 bytes (PostgreSQL
 * refuses longer ones and the whole load with them). No PostgreSQL needed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../src/search/fts.h"
#include "../src/store/store_pg_text.h"
#include "../src/util/buf.h"
#include "../src/util/utf8.h"
#include "oversight/store.h"

#define MAX_LEXEME 2046

static void check(int ok, const char *what, const char *text, size_t n)
{
    if (ok) return;
    fprintf(stderr, "fuzz_pg_search: %s in %.*s\n", what, (int)(n > 400 ? 400 : n), text);
    abort();
}

/* A quoted lexeme at *p (within end): 'x', with '' and \\ for ' and \. */
static const char *lexeme(const char *p, const char *end, const char *all, size_t n)
{
    check(p < end && *p == '\'', "a lexeme without its opening quote", all, n);
    char w[4 * MAX_LEXEME];
    size_t len = 0;
    p++;
    for (;;) {
        check(p < end, "an unterminated lexeme", all, n);
        if (*p == '\'' && (p + 1 >= end || p[1] != '\'')) break;
        if (*p == '\'' || *p == '\\') {
            check(p + 1 < end && p[1] == *p, "a lone quote or backslash in a lexeme", all, n);
            p++;
        }
        check(len < sizeof w, "a lexeme too long", all, n);
        w[len++] = *p++;
    }
    check(len > 0 && len <= MAX_LEXEME, "an empty or too long lexeme", all, n);
    check(ov_utf8_valid(w, len, NULL), "a lexeme not valid UTF-8", all, n);
    return p + 1;
}

static void check_query(const char *q, size_t n)
{
    const char *p = q, *end = q + n;
    for (int phrase = 0; p < end; phrase++) {
        if (phrase) {
            check(end - p > 3 && !memcmp(p, " & ", 3), "phrases not joined by &", q, n);
            p += 3;
        }
        check(p < end && *p == '(', "a phrase without (", q, n);
        p++;
        for (int word = 0;; word++) {
            if (word) {
                check(end - p > 5 && !memcmp(p, " <-> ", 5), "words not joined by <->", q, n);
                p += 5;
            }
            p = lexeme(p, end, q, n);
            if (p < end && *p == ' ') continue;
            break;
        }
        if (end - p >= 2 && !memcmp(p, ":*", 2)) p += 2;
        check(p < end && *p == ')', "a phrase without )", q, n);
        p++;
    }
    check(n > 0, "an empty tsquery", q, n);
}

/* COPY's text format: unescapes field into out; false on a bad escape. */
static int unescape(const char *s, size_t n, ov_buf *out)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\\') {
            if (++i >= n) return 0;
            switch (s[i]) {
            case '\\': c = '\\'; break;
            case 't': c = '\t'; break;
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            default: return 0;
            }
        }
        if (ov_buf_addc(out, c)) return 0;
    }
    return 1;
}

static void check_vector(const char *v, size_t n)
{
    const char *p = v, *end = v + n;
    long last = 0;
    while (p < end) {
        if (p != v) {
            check(*p == ' ', "lexemes not separated by a space", v, n);
            p++;
        }
        p = lexeme(p, end, v, n);
        check(p < end && *p == ':', "a lexeme without its position", v, n);
        char *after;
        long pos = strtol(p + 1, &after, 10);
        check(after > p + 1 && pos > last && pos <= 16383, "a position out of order or range", v, n);
        last = pos;
        p = after;
        if (p < end && *p == 'A') p++;
    }
}

static void check_row(const char *row, size_t n)
{
    check(n > 0 && row[n - 1] == '\n', "a row not ending in a newline", row, n);
    const char *f[4];
    size_t len[4];
    int k = 0;
    const char *s = row;
    for (size_t i = 0; i < n - 1; i++) {
        check(row[i] != '\n' && row[i] != '\r', "a raw line break inside a row", row, n);
        if (row[i] == '\t') {
            check(k < 3, "more than four fields", row, n);
            f[k] = s;
            len[k++] = (size_t)(row + i - s);
            s = row + i + 1;
        }
    }
    check(k == 3, "fewer than four fields", row, n);
    f[3] = s;
    len[3] = (size_t)(row + n - 1 - s);
    check(len[0] == 2 && !memcmp(f[0], "42", 2), "the row's eid", row, n);
    ov_buf v;
    ov_buf_init(&v, (size_t)1 << 24);
    for (int i = 1; i < 3; i++) {
        ov_buf_reset(&v);
        check(unescape(f[i], len[i], &v), "a bad escape in names or text", row, n);
    }
    ov_buf_reset(&v);
    check(unescape(f[3], len[3], &v), "a bad escape in the tsvector", row, n);
    check_vector(v.data ? v.data : "", v.len);
    ov_buf_release(&v);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size < 1) return 0;
    char *s = malloc(size);
    if (!s) return 0;
    memcpy(s, data + 1, size - 1);
    s[size - 1] = 0;
    ov_buf out;
    ov_buf_init(&out, (size_t)1 << 24);
    if (data[0] == 'q') {
        if (!ov_utf8_valid(s, strlen(s), NULL)) goto out;
        int rc = ov__pg_ts_query(&out, s);
        check(rc == OV_OK || rc == OV_EINVAL || rc == OV_ETOOBIG, "an unexpected error", s, size - 1);
        if (rc == OV_OK) check_query(out.data, out.len);
    } else if (ov_utf8_valid(s, strlen(s), NULL)) {
        /* names, then text after the first NUL */
        size_t nl = strlen(s);
        const char *text = nl + 1 < size - 1 ? s + nl + 1 : "";
        if (ov_utf8_valid(text, strlen(text), NULL)) {
            ov_buf names, txt;
            ov_buf_init(&names, (size_t)1 << 24);
            ov_buf_init(&txt, (size_t)1 << 24);
            if (!ov__fts_prepare(&names, s) && !ov__fts_prepare(&txt, text) &&
                ov__pg_search_row(&out, 42, &names, &txt) == OV_OK)
                check_row(out.data, out.len);
            ov_buf_release(&names);
            ov_buf_release(&txt);
        }
    }
out:
    ov_buf_release(&out);
    free(s);
    return 0;
}
