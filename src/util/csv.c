/* csv.c - RFC 4180 reader and writer (see csv.h). */
#include <string.h>
#include "oversight/oversight.h"
#include "csv.h"
#include "banned.h"

void ov_csv_init(ov_csv *c, FILE *in, size_t max_record)
{
    memset(c, 0, sizeof *c);
    c->in = in;
    ov_buf_init(&c->rec, max_record);
    c->next_line = 1;
}

void ov_csv_release(ov_csv *c) { ov_buf_release(&c->rec); }

/* Ends the current field. A record past the limit keeps being read to its end
 * (so the next record starts in the right place) and is reported as too long. */
static void end_field(ov_csv *c, size_t start, int *overflow)
{
    if (*overflow) return;
    if (c->nfields >= OV_CSV_MAX_FIELDS || ov_buf_addc(&c->rec, '\0')) {
        *overflow = 1;
        return;
    }
    c->offsets[c->nfields] = start;
    c->lens[c->nfields] = c->rec.len - 1 - start;
    c->nfields++;
}

static int finish(ov_csv *c, int overflow)
{
    if (!overflow) return 1;
    if (c->nfields >= OV_CSV_MAX_FIELDS)
        snprintf(c->err, sizeof c->err, "more than %d fields", OV_CSV_MAX_FIELDS);
    else
        snprintf(c->err, sizeof c->err, "record longer than %zu bytes", c->rec.limit);
    return OV_ETOOBIG;
}

#define ADD(ch)                                                            \
    do {                                                                   \
        if (!overflow && ov_buf_addc(&c->rec, (char)(ch))) overflow = 1;   \
    } while (0)

int ov_csv_next(ov_csv *c)
{
    ov_buf_reset(&c->rec);
    c->nfields = 0;
    c->err[0] = '\0';
    c->line = c->next_line;
    int ch = getc(c->in);
    if (ch == EOF) return ferror(c->in) ? OV_EIO : 0;
    size_t start = 0;
    int quoted = 0, after_quote = 0, overflow = 0;
    for (;; ch = getc(c->in)) {
        if (ch == EOF) {
            if (ferror(c->in)) return OV_EIO;
            if (quoted) {
                snprintf(c->err, sizeof c->err, "quoted field not closed before end of file");
                return OV_EINVAL;
            }
            end_field(c, start, &overflow);
            return finish(c, overflow);
        }
        if (quoted) {
            if (ch == '"') {
                int next = getc(c->in);
                if (next == '"') {
                    ADD('"');
                    continue;
                }
                if (next != EOF) ungetc(next, c->in);
                quoted = 0;
                after_quote = 1;
                continue;
            }
            if (ch == '\n') c->next_line++;
            ADD(ch);
            continue;
        }
        if (ch == ',') {
            end_field(c, start, &overflow);
            start = c->rec.len;
            after_quote = 0;
            continue;
        }
        if (ch == '\r') {
            int next = getc(c->in);
            if (next != '\n') {
                if (next != EOF) ungetc(next, c->in);
                snprintf(c->err, sizeof c->err, "bare carriage return outside quotes");
                return OV_EINVAL;
            }
            ch = '\n';
        }
        if (ch == '\n') {
            c->next_line++;
            end_field(c, start, &overflow);
            return finish(c, overflow);
        }
        if (after_quote) {
            snprintf(c->err, sizeof c->err, "unexpected character after closing quote");
            return OV_EINVAL;
        }
        if (ch == '"') {
            if (c->rec.len != start) {
                snprintf(c->err, sizeof c->err, "quote inside an unquoted field");
                return OV_EINVAL;
            }
            quoted = 1;
            continue;
        }
        ADD(ch);
    }
}

const char *ov_csv_field(const ov_csv *c, int i)
{
    if (i < 0 || i >= c->nfields) return "";
    return c->rec.data + c->offsets[i];
}

size_t ov_csv_field_len(const ov_csv *c, int i)
{
    if (i < 0 || i >= c->nfields) return 0;
    return c->lens[i];
}

/* The one rule of every CSV writer (issue 20; the screening CSV's rule): a
 * field a spreadsheet would read as a formula - one that starts with = + - @,
 * a tab or a carriage return - is written quoted with an apostrophe in front.
 * A field that starts with an apostrophe before such a field gets one more,
 * so that ov_csv_unneutralize can undo the rule exactly. */
int ov_csv_formula(const char *s)
{
    while (*s == '\'') s++;
    return *s && strchr("=+-@\t\r", *s) != NULL;
}

const char *ov_csv_unneutralize(const char *s)
{
    return s[0] == '\'' && ov_csv_formula(s + 1) ? s + 1 : s;
}

void ov_csv_write_field(FILE *out, const char *s)
{
    int formula = ov_csv_formula(s);
    if (!formula && !strpbrk(s, ",\"\r\n")) {
        fputs(s, out);
        return;
    }
    putc('"', out);
    if (formula) putc('\'', out);
    for (; *s; s++) {
        if (*s == '"') putc('"', out);
        putc(*s, out);
    }
    putc('"', out);
}

int ov_csv_append_field(ov_buf *b, const char *s)
{
    int formula = ov_csv_formula(s);
    if (!formula && !strpbrk(s, ",\"\r\n")) return ov_buf_adds(b, s);
    int rc = ov_buf_addc(b, '"');
    if (!rc && formula) rc = ov_buf_addc(b, '\'');
    for (; *s && !rc; s++) {
        if (*s == '"') rc = ov_buf_addc(b, '"');
        if (!rc) rc = ov_buf_addc(b, *s);
    }
    return rc ? rc : ov_buf_addc(b, '"');
}
