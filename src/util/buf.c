/* buf.c - growable, capped byte buffer (see buf.h). */
#include <stdio.h>
#include <string.h>
#include "oversight/oversight.h"
#include "alloc.h"
#include "buf.h"
#include "banned.h"

void ov_buf_init(ov_buf *b, size_t limit)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->limit = limit;
}

void ov_buf_release(ov_buf *b)
{
    ov__free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void ov_buf_reset(ov_buf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

static int grow(ov_buf *b, size_t extra)
{
    if (extra > b->limit || b->len > b->limit - extra) return OV_ETOOBIG;
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return OV_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) cap *= 2;
    char *p = ov__realloc(b->data, cap);
    if (!p) return OV_ENOMEM;
    b->data = p;
    b->cap = cap;
    return OV_OK;
}

int ov_buf_add(ov_buf *b, const void *p, size_t n)
{
    int rc = grow(b, n);
    if (rc) return rc;
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return OV_OK;
}

int ov_buf_adds(ov_buf *b, const char *s) { return ov_buf_add(b, s, strlen(s)); }
int ov_buf_addc(ov_buf *b, char c) { return ov_buf_add(b, &c, 1); }

int ov_buf_printf(ov_buf *b, const char *fmt, ...)
{
    va_list ap;
    char small[256];
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return OV_EINVAL;
    if ((size_t)n < sizeof small) return ov_buf_add(b, small, (size_t)n);
    int rc = grow(b, (size_t)n);
    if (rc) return rc;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return OV_OK;
}

int ov_buf_add_json_str(ov_buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    int rc = ov_buf_addc(b, '"');
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *run = p;
    for (; !rc && *p; p++) {
        if (*p >= 0x20 && *p != '"' && *p != '\\') continue;
        rc = ov_buf_add(b, run, (size_t)(p - run));
        if (rc) break;
        char esc[7] = {'\\', 0};
        switch (*p) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            memcpy(esc, "\\u00", 4);
            esc[4] = hex[*p >> 4];
            esc[5] = hex[*p & 15];
        }
        rc = ov_buf_add(b, esc, strlen(esc));
        run = p + 1;
    }
    if (!rc) rc = ov_buf_add(b, run, (size_t)(p - run));
    if (!rc) rc = ov_buf_addc(b, '"');
    return rc;
}

char *ov_buf_detach(ov_buf *b)
{
    char *p = b->data;
    if (!p) p = ov__strdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

const char *ov_buf_str(const ov_buf *b) { return b->data ? b->data : ""; }
