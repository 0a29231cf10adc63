/* termesc.c - escaping of text for a terminal (see termesc.h). */
#include <string.h>
#include <stdbool.h>
#include "termesc.h"
#include "utf8.h"
#include "banned.h"

/* The length of the valid UTF-8 character at p (at most `left` bytes), or 0
 * when p does not start one. */
static size_t char_len(const unsigned char *p, size_t left)
{
    size_t n = p[0] < 0x80 ? 1 : p[0] >= 0xC2 && p[0] <= 0xDF ? 2 : p[0] >= 0xE0 && p[0] <= 0xEF ? 3
                              : p[0] >= 0xF0 && p[0] <= 0xF4 ? 4 : 0;
    if (!n || n > left) return 0;
    return ov_utf8_valid((const char *)p, n, NULL) ? n : 0;
}

/* Calls emit for each piece of s: a run to copy as it is, or one escaped byte. */
typedef void (*piece_fn)(const char *s, size_t n, void *ud);

static void walk(const char *s, piece_fn emit, void *ud)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t left = strlen(s);
    while (left) {
        size_t n = char_len(p, left);
        bool control = n == 0 || (n == 1 && (p[0] < 0x20 || p[0] == 0x7f)) ||
                       (n == 2 && p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F);
        if (!control) {
            emit((const char *)p, n, ud);
            p += n;
            left -= n;
            continue;
        }
        size_t k = n ? n : 1; /* a C1 control's two bytes, else the one byte */
        for (size_t i = 0; i < k; i++) {
            char esc[5];
            snprintf(esc, sizeof esc, "\\x%02x", p[i]);
            emit(esc, 4, ud);
        }
        p += k;
        left -= k;
    }
}

static void to_file(const char *s, size_t n, void *ud) { fwrite(s, 1, n, (FILE *)ud); }

void ov__term_put(FILE *f, const char *s)
{
    if (s) walk(s, to_file, f);
}

typedef struct mem {
    char *out;
    size_t n, len;
    bool full;
} mem;

static void to_mem(const char *s, size_t n, void *ud)
{
    mem *m = ud;
    if (m->full || m->len + n >= m->n) {
        m->full = true;
        return;
    }
    memcpy(m->out + m->len, s, n);
    m->len += n;
}

size_t ov__term_escape(char *out, size_t n, const char *s)
{
    if (!n) return 0;
    mem m = {.out = out, .n = n};
    if (s) walk(s, to_mem, &m);
    out[m.len] = '\0';
    return m.len;
}
