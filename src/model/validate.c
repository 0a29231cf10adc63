/*
 * validate.c - checks a value against its property's FtM type. Strict where
 * the type is a vocabulary (country, topic, language, gender) or a syntax
 * (date, url, email, entity id); lenient for free text, which is only bounded.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "model_internal.h"
#include "../util/banned.h"

bool ov_model_valid_id(const char *id, size_t len)
{
    if (len == 0 || len > 200) return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)id[i];
        if (!(isalnum(c) || c == '.' || c == '-' || c == '_' || c == ':')) return false;
    }
    return true;
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i])) return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* ISO 8601 prefixes: YYYY, YYYY-MM, YYYY-MM-DD, then THH, THH:MM, THH:MM:SS,
 * optionally fractional seconds and a Z. */
static bool valid_date(const char *s, size_t n)
{
    static const struct { size_t at; char sep; int w, lo, hi; } parts[] = {
        {4, '-', 2, 1, 12}, {7, '-', 2, 1, 31}, {10, 'T', 2, 0, 23},
        {13, ':', 2, 0, 59}, {16, ':', 2, 0, 60}};
    if (n < 4 || digits(s, 4) < 0) return false;
    size_t pos = 4;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0] && pos < n; i++) {
        if (s[pos] != parts[i].sep || n < pos + 1 + (size_t)parts[i].w) return false;
        int v = digits(s + pos + 1, parts[i].w);
        if (v < parts[i].lo || v > parts[i].hi) return false;
        pos += 1 + (size_t)parts[i].w;
    }
    if (pos < n && s[pos] == '.' && pos >= 19) {
        pos++;
        size_t start = pos;
        while (pos < n && isdigit((unsigned char)s[pos])) pos++;
        if (pos == start) return false;
    }
    if (pos < n && s[pos] == 'Z' && pos >= 13) pos++;
    return pos == n;
}

/* A web address: http:// or https:// (any case) and a host; no white space or
 * control bytes. Other schemes (javascript:, data:, file:, ftp: ...) are
 * refused: a record's URLs are shown as links (issue 20). */
static bool valid_url(const char *s, size_t n)
{
    size_t i;
    if (n > 7 && strncasecmp(s, "http://", 7) == 0) i = 4;
    else if (n > 8 && strncasecmp(s, "https://", 8) == 0) i = 5;
    else return false;
    if (i + 3 == n) return false;
    for (size_t k = i + 3; k < n; k++)
        if ((unsigned char)s[k] <= 0x20) return false;
    return true;
}

static bool has_control(const char *s, size_t n, bool allow_newlines)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 && !(allow_newlines && (c == '\n' || c == '\r' || c == '\t'))) return true;
        if (c == 0x7f) return true;
    }
    return false;
}

/* A share stated as a number ("51", "76.5%", "0.68") must be a finite one from
 * 0 to 100; NaN, infinities ("inf", "1e999999") and negatives are refused.
 * Text that is not a bare number ("25-50%", "majority", "> 50") is free.
 * NULL when fine, else why not. */
static const char *bad_percentage(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    if (n && s[n - 1] == '%') n--;
    while (n && s[n - 1] == ' ') n--;
    char buf[64];
    if (n == 0 || n >= sizeof buf) return NULL;
    for (size_t i = 0; i < n; i++)
        if (!strchr("0123456789.eE+-", s[i]) && !isalpha((unsigned char)s[i])) return NULL;
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *end;
    double v = strtod(buf, &end);
    if (end != buf + n) return NULL; /* not a bare number: text */
    if (!isfinite(v)) return "a share must be a finite number (NaN and infinities are refused)";
    if (v < 0) return "a share cannot be negative";
    if (v > 100) return "a share cannot exceed 100 percent";
    return NULL;
}

/* Looks value up in an enumerated type, folding ASCII case; writes the
 * canonical (lower-case) form to clean when it differs. */
static int vocab(const ov_model *m, ov_type_kind t, const char *value, size_t len, char *clean,
                 size_t cleanlen, bool *cleaned)
{
    if (ov_hmap_get(&m->type_values[t], value, len, NULL)) return OV_OK;
    if (len >= cleanlen) return OV_EINVAL;
    for (size_t i = 0; i < len; i++) clean[i] = (char)tolower((unsigned char)value[i]);
    clean[len] = '\0';
    if (!ov_hmap_get(&m->type_values[t], clean, len, NULL)) return OV_EINVAL;
    *cleaned = true;
    return OV_OK;
}

int ov_model_validate(const ov_model *m, const ov_prop *p, const char *value, size_t len,
                      char *clean, size_t cleanlen, bool *cleaned, const char **why)
{
    *cleaned = false;
    *why = NULL;
    int limit = p->max_length ? p->max_length : m->type_max_length[p->type];
    /* FtM's maxLength is an indexing hint; real data exceeds it. We reject only
     * values far beyond it, which are almost always a parsing accident. */
    if (limit > 0 && len > (size_t)limit * 4 && len > 1024) {
        *why = "value is far longer than its type allows";
        return OV_EINVAL;
    }
    if (p->name && strcmp(p->name, "percentage") == 0 && (*why = bad_percentage(value, len)))
        return OV_EINVAL;
    switch (p->type) {
    case OV_T_COUNTRY:
        if (vocab(m, p->type, value, len, clean, cleanlen, cleaned)) {
            *why = "not a known country code";
            return OV_EINVAL;
        }
        return OV_OK;
    case OV_T_TOPIC:
        if (vocab(m, p->type, value, len, clean, cleanlen, cleaned)) {
            *why = "not a known topic";
            return OV_EINVAL;
        }
        return OV_OK;
    case OV_T_LANGUAGE:
        if (vocab(m, p->type, value, len, clean, cleanlen, cleaned)) {
            *why = "not a known language code";
            return OV_EINVAL;
        }
        return OV_OK;
    case OV_T_GENDER:
        if (vocab(m, p->type, value, len, clean, cleanlen, cleaned)) {
            *why = "not a known gender (male, female, other)";
            return OV_EINVAL;
        }
        return OV_OK;
    case OV_T_DATE:
        if (!valid_date(value, len)) {
            *why = "not an ISO 8601 date or date prefix";
            return OV_EINVAL;
        }
        return OV_OK;
    case OV_T_ENTITY:
        if (!ov_model_valid_id(value, len)) {
            *why = "not a valid entity id";
            return OV_EINVAL;
        }
        return OV_OK;
    case OV_T_URL:
        if (!valid_url(value, len)) {
            *why = "not a web address (http:// or https:// and a host)";
            return OV_EINVAL;
        }
        return OV_OK;
    case OV_T_EMAIL: {
        const char *at = memchr(value, '@', len);
        if (!at || at == value || at == value + len - 1 || has_control(value, len, false)) {
            *why = "not an e-mail address";
            return OV_EINVAL;
        }
        return OV_OK;
    }
    case OV_T_NUMBER: {
        bool digit = false;
        for (size_t i = 0; i < len; i++) digit |= isdigit((unsigned char)value[i]) != 0;
        if (!digit) {
            *why = "not a number";
            return OV_EINVAL;
        }
        return OV_OK;
    }
    case OV_T_IDENTIFIER:
    case OV_T_CHECKSUM:
    case OV_T_IBAN:
    case OV_T_IP:
    case OV_T_PHONE:
    case OV_T_MIMETYPE:
    case OV_T_NAME:
        if (has_control(value, len, false)) {
            *why = "control characters are not allowed in this type";
            return OV_EINVAL;
        }
        return OV_OK;
    default:
        if (has_control(value, len, true)) {
            *why = "control characters are not allowed";
            return OV_EINVAL;
        }
        return OV_OK;
    }
}
