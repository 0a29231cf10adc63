/* input.c - a vendor or name list's bytes as UTF-8 (see match.h): the
 * encoding detected from a byte-order mark or declared by the caller (any ICU
 * converter name: latin1, windows-1252, utf-16le, gb18030, big5 ...), never
 * guessed; undeclared bytes that are not UTF-8 are refused with where and
 * what to declare, so a file in the wrong encoding never reads as rows of
 * nothing. */
#include <stdbool.h>
#include <string.h>
#include <strings.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include "names_internal.h"
#include "../util/alloc.h"
#include "../util/utf8.h"
#include "../util/banned.h"

/* The line (1-based) of byte offset off in data. */
static long line_of(const char *data, size_t off)
{
    long line = 1;
    for (size_t i = 0; i < off; i++) line += data[i] == '\n';
    return line;
}

static int convert(const char *from, const char *data, size_t len, char **out, size_t *out_len, char *err,
                   size_t errlen)
{
    UErrorCode ue = U_ZERO_ERROR;
    UConverter *cv = ucnv_open(from, &ue);
    if (U_FAILURE(ue) || !cv) {
        snprintf(err, errlen, "unknown encoding '%s' (for example utf-8, utf-16le, utf-16be, latin1, windows-1252, gb18030)",
                 from);
        return OV_EINVAL;
    }
    ue = U_ZERO_ERROR;
    ucnv_setToUCallBack(cv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &ue);
    /* UTF-8 is at most 3 bytes per UTF-16 unit, and a byte becomes at most one unit */
    size_t cap = len * 3 + 4;
    char *buf = ov__malloc(cap);
    if (!buf) {
        ucnv_close(cv);
        return OV_ENOMEM;
    }
    UConverter *u8 = ucnv_open("UTF-8", &ue);
    if (U_FAILURE(ue)) {
        ov__free(buf);
        ucnv_close(cv);
        return OV_EIO;
    }
    char *target = buf;
    const char *source = data;
    ue = U_ZERO_ERROR;
    ucnv_convertEx(u8, cv, &target, buf + cap - 1, &source, data + len, NULL, NULL, NULL, NULL, true, true, &ue);
    ucnv_close(u8);
    ucnv_close(cv);
    if (U_FAILURE(ue)) {
        size_t at = (size_t)(source - data);
        snprintf(err, errlen, "not %s: bytes that encoding does not have near byte %zu", from, at);
        ov__free(buf);
        return OV_EINVAL;
    }
    *target = '\0';
    /* a NUL character would end the text early for every reader after us */
    const char *nul = memchr(buf, '\0', (size_t)(target - buf));
    if (nul) {
        snprintf(err, errlen, "line %ld holds a NUL character (in %s)", line_of(buf, (size_t)(nul - buf)), from);
        ov__free(buf);
        return OV_EINVAL;
    }
    *out = buf;
    *out_len = (size_t)(target - buf);
    return OV_OK;
}

int ov_text_to_utf8(const char *data, size_t len, const char *encoding, char **out, size_t *out_len, char *err,
                    size_t errlen)
{
    *out = NULL;
    *out_len = 0;
    const unsigned char *u = (const unsigned char *)data;
    const char *bom = NULL;
    size_t skip = 0;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) bom = "utf-8", skip = 3;
    else if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) bom = "utf-16le", skip = 2;
    else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) bom = "utf-16be", skip = 2;
    if (encoding && *encoding) {
        /* a declared encoding must not contradict the byte-order mark */
        if (bom) {
            bool same = !strcasecmp(encoding, bom) || (!strcmp(bom, "utf-8") && !strcasecmp(encoding, "utf8")) ||
                        (strcmp(bom, "utf-8") && (!strcasecmp(encoding, "utf-16") || !strcasecmp(encoding, "utf16")));
            if (!same) {
                snprintf(err, errlen, "declared %s, but the file starts with a %s byte-order mark", encoding, bom);
                return OV_EINVAL;
            }
            encoding = bom;
        }
        return convert(encoding, data + skip, len - skip, out, out_len, err, errlen);
    }
    if (bom && strcmp(bom, "utf-8")) return convert(bom, data + skip, len - skip, out, out_len, err, errlen);
    const char *p = data + skip;
    size_t n = len - skip;
    const char *nul = memchr(p, '\0', n);
    if (nul) {
        snprintf(err, errlen,
                 "line %ld holds NUL bytes: UTF-16 without a byte-order mark? declare it (--encoding utf-16le or utf-16be)",
                 line_of(p, (size_t)(nul - p)));
        return OV_EINVAL;
    }
    size_t bad = 0;
    if (!ov_utf8_valid(p, n, &bad)) {
        snprintf(err, errlen,
                 "line %ld is not UTF-8 (byte %zu): declare the file's encoding (--encoding latin1, windows-1252, gb18030 ...)",
                 line_of(p, bad), bad + skip);
        return OV_EINVAL;
    }
    char *copy = ov__malloc(n + 1);
    if (!copy) return OV_ENOMEM;
    memcpy(copy, p, n);
    copy[n] = '\0';
    *out = copy;
    *out_len = n;
    return OV_OK;
}
