/* csv.h - an RFC 4180 CSV reader (quoted fields, doubled quotes, newlines in
 * quotes, CRLF) with bounded record size, and a field writer. */
#ifndef OV_CSV_H
#define OV_CSV_H
#include <stdio.h>
#include "buf.h"

#define OV_CSV_MAX_FIELDS 256

typedef struct ov_csv {
    FILE *in;              /* borrowed */
    ov_buf rec;            /* the current record's field bytes, NUL-separated */
    size_t offsets[OV_CSV_MAX_FIELDS];
    size_t lens[OV_CSV_MAX_FIELDS];
    int nfields;
    long line;             /* line number where the current record starts (1-based) */
    long next_line;        /* line number the next record starts on */
    char err[160];         /* what was wrong, after OV_EINVAL/OV_ETOOBIG */
} ov_csv;

void ov_csv_init(ov_csv *c, FILE *in, size_t max_record);
void ov_csv_release(ov_csv *c);
/* Reads the next record. Returns 1 when a record was read, 0 at end of input,
 * or a negative result code (OV_EINVAL malformed, OV_ETOOBIG record too long,
 * OV_EIO read error) with the reason in c->err. */
int ov_csv_next(ov_csv *c);
/* Field i of the current record (NUL-terminated); "" when i is out of range. */
const char *ov_csv_field(const ov_csv *c, int i);
size_t ov_csv_field_len(const ov_csv *c, int i);
/* Writes s to out as one CSV field, quoted when it needs to be; a field a
 * spreadsheet would take for a formula (ov_csv_formula) is quoted with a
 * leading apostrophe. Every CSV writer uses this rule. */
void ov_csv_write_field(FILE *out, const char *s);
/* The same into b; OV_OK or the buffer's error (its cap reached). */
int ov_csv_append_field(ov_buf *b, const char *s);
/* 1 when s starts (after any apostrophes) with = + - @, a tab or a CR: the
 * writers neutralise it with one more leading apostrophe. */
int ov_csv_formula(const char *s);
/* s without the apostrophe ov_csv_write_field put in front of it (s itself
 * when there is none): what our own CSV readers apply to every field. */
const char *ov_csv_unneutralize(const char *s);
#endif
