/*
 * route.c - parsing what a client sends: the request target (path and query
 * string), url-encoded forms and multipart uploads. Pure functions over
 * bounded input, request-scoped memory from the arena; fuzzed by
 * fuzz/fuzz_http.c. Everything decoded is checked to be UTF-8 without NUL, so
 * handlers never see a malformed string.
 */
#include <string.h>
#include <strings.h>
#include "http_internal.h"
#include "../util/utf8.h"
#include "../util/banned.h"

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

char *ov__pct_decode(ov_arena *a, const char *s, size_t n, bool plus_space)
{
    char *out = ov_arena_alloc(a, n + 1);
    if (!out) return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '%') {
            if (i + 2 >= n) return NULL;
            int h = hexval(s[i + 1]), l = hexval(s[i + 2]);
            if (h < 0 || l < 0) return NULL;
            c = (char)(h * 16 + l);
            i += 2;
        } else if (c == '+' && plus_space) {
            c = ' ';
        }
        out[k++] = c;
    }
    out[k] = '\0';
    if (!ov_utf8_valid(out, k, NULL)) return NULL;
    return out;
}

static int add_pairs(ov__req *r, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t end = i;
        while (end < n && s[end] != '&' && s[end] != ';') end++;
        if (end > i) {
            size_t eq = i;
            while (eq < end && s[eq] != '=') eq++;
            if (r->n_params == OV__MAX_PARAMS) return OV_EINVAL;
            char *name = ov__pct_decode(r->arena, s + i, eq - i, true);
            char *value = ov__pct_decode(r->arena, eq < end ? s + eq + 1 : "", eq < end ? end - eq - 1 : 0, true);
            if (!name || !value) return OV_EINVAL;
            r->params[r->n_params++] = (ov__param){name, value};
        }
        i = end + 1;
    }
    return OV_OK;
}

int ov__req_parse_target(ov__req *r, const char *target)
{
    size_t n = strlen(target);
    if (n == 0 || n > OV__MAX_TARGET || target[0] != '/') return OV_EINVAL;
    const char *q = memchr(target, '?', n);
    size_t plen = q ? (size_t)(q - target) : n;
    const char *hash = memchr(target, '#', n);
    if (hash && (!q || hash < q)) {
        plen = (size_t)(hash - target);
        q = NULL; /* a '?' after the fragment mark belongs to the fragment */
    }
    r->path = ov__pct_decode(r->arena, target, plen, false);
    if (!r->path) return OV_EINVAL;
    if (q) {
        size_t qlen = n - plen - 1;
        const char *qh = memchr(q + 1, '#', qlen);
        if (qh) qlen = (size_t)(qh - q - 1);
        return add_pairs(r, q + 1, qlen);
    }
    return OV_OK;
}

int ov__req_parse_form(ov__req *r, const char *s, size_t n) { return add_pairs(r, s, n); }

const char *ov__req_param(const ov__req *r, const char *name)
{
    for (int i = 0; i < r->n_params; i++)
        if (strcmp(r->params[i].name, name) == 0) return r->params[i].value;
    return NULL;
}

const char *ov__path_after(const char *path, const char *prefix)
{
    size_t n = strlen(prefix);
    if (strncmp(path, prefix, n) != 0 || !path[n]) return NULL;
    return path + n;
}

/* ---- multipart/form-data ---------------------------------------------------- */

static const char *mem_find(const char *h, size_t hn, const char *needle, size_t nn)
{
    if (nn == 0 || hn < nn) return NULL;
    for (size_t i = 0; i + nn <= hn; i++) {
        const char *p = memchr(h + i, needle[0], hn - nn - i + 1);
        if (!p) return NULL;
        if (memcmp(p, needle, nn) == 0) return p;
        i = (size_t)(p - h);
    }
    return NULL;
}

/* The value of parameter name (e.g. boundary=..., filename="...") in a header
 * value; quotes removed; NULL when absent. */
static char *header_param(ov_arena *a, const char *h, size_t hn, const char *name)
{
    size_t nn = strlen(name);
    for (size_t i = 0; i + nn + 1 <= hn; i++) {
        if ((i == 0 || h[i - 1] == ';' || h[i - 1] == ' ' || h[i - 1] == '\t') &&
            strncasecmp(h + i, name, nn) == 0 && h[i + nn] == '=') {
            size_t v = i + nn + 1, e;
            if (v < hn && h[v] == '"') {
                v++;
                for (e = v; e < hn && h[e] != '"'; e++) {}
                if (e >= hn) return NULL;
            } else {
                for (e = v; e < hn && h[e] != ';' && h[e] != ' ' && h[e] != '\r' && h[e] != '\n'; e++) {}
            }
            char *out = ov_arena_strndup(a, h + v, e - v);
            if (!out || !ov_utf8_valid(out, e - v, NULL)) return NULL;
            return out;
        }
    }
    return NULL;
}

int ov__multipart_file(ov_arena *a, const char *content_type, const char *body, size_t len, const char **data,
                       size_t *data_len, char **filename)
{
    return ov__multipart_part(a, content_type, body, len, NULL, data, data_len, filename);
}

int ov__multipart_part(ov_arena *a, const char *content_type, const char *body, size_t len, const char *name,
                       const char **data, size_t *data_len, char **filename)
{
    *data = NULL;
    *data_len = 0;
    if (filename) *filename = NULL;
    if (!content_type || strncasecmp(content_type, "multipart/form-data", 19) != 0) return OV_EINVAL;
    char *boundary = header_param(a, content_type, strlen(content_type), "boundary");
    if (!boundary || !*boundary || strlen(boundary) > 200) return OV_EINVAL;
    char delim[208];
    int dn = snprintf(delim, sizeof delim, "--%s", boundary);
    if (dn <= 2 || (size_t)dn >= sizeof delim) return OV_EINVAL;
    const char *p = mem_find(body, len, delim, (size_t)dn);
    while (p) {
        const char *part = p + dn;
        size_t left = len - (size_t)(part - body);
        if (left >= 2 && part[0] == '-' && part[1] == '-') return OV_EINVAL; /* closing delimiter */
        if (left < 2 || part[0] != '\r' || part[1] != '\n') return OV_EINVAL;
        part += 2;
        left -= 2;
        const char *hend = mem_find(part, left, "\r\n\r\n", 4);
        if (!hend) return OV_EINVAL;
        size_t hn = (size_t)(hend - part);
        const char *content = hend + 4;
        size_t clen_max = len - (size_t)(content - body);
        /* the part ends at CRLF + delimiter */
        char end_delim[212];
        int en = snprintf(end_delim, sizeof end_delim, "\r\n%s", delim);
        const char *next = mem_find(content, clen_max, end_delim, (size_t)en);
        if (!next) return OV_EINVAL;
        /* the part's Content-Disposition: a file part has filename=, a field name= */
        char *fname = NULL, *pname = NULL;
        for (const char *line = part; line < part + hn;) {
            const char *eol = mem_find(line, (size_t)(part + hn - line), "\r\n", 2);
            size_t ln = eol ? (size_t)(eol - line) : (size_t)(part + hn - line);
            if (ln > 20 && strncasecmp(line, "Content-Disposition:", 20) == 0) {
                fname = header_param(a, line + 20, ln - 20, "filename");
                pname = header_param(a, line + 20, ln - 20, "name");
            }
            line += ln + 2;
        }
        if (name ? (pname && !strcmp(pname, name)) : fname != NULL) {
            *data = content;
            *data_len = (size_t)(next - content);
            if (filename) *filename = fname;
            return OV_OK;
        }
        p = next + 2;
    }
    return OV_EINVAL;
}
