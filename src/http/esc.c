/*
 * esc.c - escaping every value that leaves the server: HTML text and quoted
 * attributes, JSON strings (safe even if a browser sniffs them as HTML), and
 * percent-encoding for links. Record values come from untrusted datasets.
 */
#include <string.h>
#include "http_internal.h"
#include "../util/banned.h"

int ov__html(ov_buf *b, const char *s)
{
    int rc = OV_OK;
    const char *run = s ? s : "";
    const char *p = run;
    for (; !rc && *p; p++) {
        const char *rep;
        switch (*p) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        case '`': rep = "&#96;"; break;
        default: continue;
        }
        rc = ov_buf_add(b, run, (size_t)(p - run));
        if (!rc) rc = ov_buf_adds(b, rep);
        run = p + 1;
    }
    if (!rc) rc = ov_buf_add(b, run, (size_t)(p - run));
    return rc;
}

int ov__json(ov_buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    const unsigned char *run = p;
    int rc = ov_buf_addc(b, '"');
    for (; !rc && *p; p++) {
        char esc[8];
        size_t skip = 1;
        if (*p >= 0x20 && *p != '"' && *p != '\\' && *p != '<' && *p != '>' && *p != '&' && *p != 0x7f &&
            !(p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)))
            continue;
        rc = ov_buf_add(b, run, (size_t)(p - run));
        if (rc) break;
        if (*p == '"' || *p == '\\') {
            esc[0] = '\\';
            esc[1] = (char)*p;
            esc[2] = '\0';
        } else if (*p == '\n') {
            memcpy(esc, "\\n", 3);
        } else if (*p == 0xe2) {
            memcpy(esc, p[2] == 0xa8 ? "\\u2028" : "\\u2029", 7);
            skip = 3;
        } else {
            memcpy(esc, "\\u00", 4);
            esc[4] = hex[*p >> 4];
            esc[5] = hex[*p & 15];
            esc[6] = '\0';
        }
        rc = ov_buf_adds(b, esc);
        p += skip - 1;
        run = p + 1;
    }
    if (!rc) rc = ov_buf_add(b, run, (size_t)(p - run));
    if (!rc) rc = ov_buf_addc(b, '"');
    return rc;
}

int ov__url(ov_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    int rc = OV_OK;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); !rc && *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
            *p == '.' || *p == '_' || *p == '~') {
            rc = ov_buf_addc(b, (char)*p);
        } else {
            char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            rc = ov_buf_add(b, e, 3);
        }
    }
    return rc;
}
