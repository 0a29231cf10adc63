/* buf.h - a growable byte buffer with a hard cap (like curl's dynbuf).
 * The contents are always NUL-terminated once anything was added. */
#ifndef OV_BUF_H
#define OV_BUF_H
#include <stdarg.h>
#include <stddef.h>

typedef struct ov_buf {
    char *data;   /* NULL until the first append; owned */
    size_t len;   /* bytes used, excluding the terminating NUL */
    size_t cap;   /* bytes allocated */
    size_t limit; /* appends that would pass this length fail with OV_ETOOBIG */
} ov_buf;

/* Sets up an empty buffer that may grow to limit bytes. */
void ov_buf_init(ov_buf *b, size_t limit);
/* Frees the contents and leaves the buffer empty and reusable. */
void ov_buf_release(ov_buf *b);
/* Empties the buffer, keeping its memory. */
void ov_buf_reset(ov_buf *b);
int ov_buf_add(ov_buf *b, const void *p, size_t n);
int ov_buf_adds(ov_buf *b, const char *s);
int ov_buf_addc(ov_buf *b, char c);
int ov_buf_printf(ov_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as a JSON string literal, quotes included. */
int ov_buf_add_json_str(ov_buf *b, const char *s);
/* Hands the contents to the caller (who frees them with ov__free) and empties b. */
char *ov_buf_detach(ov_buf *b);
/* The contents as a C string ("" when empty). */
const char *ov_buf_str(const ov_buf *b);
#endif
