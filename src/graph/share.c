/*
 * share.c - reads the share an ownership states, from the free text found in
 * real data, into a fraction or a band of fractions (see graph.h).
 *
 * Rules: every number is a percentage, with or without "%" or "percent": FtM's
 * percentage property is a percent, so "0.68" is 0.68 % (not 68 %) and "1" is
 * 1 %. A source that states fractions is declared so at load (`--shares
 * fraction`, ov_ingest_opts.shares_fraction), which writes its values as
 * percents and keeps the original. Two numbers make a band ("25-50%",
 * "between 25 and 50 percent", "25% to 50%"). Words before one number bound it:
 * "more than" / "over" / "above" (exclusive minimum), "at least" (minimum),
 * "less than" / "under" / "up to" / "at most" (maximum). "majority" is
 * (50 %, 100 %].
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "oversight/graph.h"
#include "../util/banned.h"

typedef struct num {
    double v;
    bool percent;  /* followed by % or "percent" */
    bool decimal;  /* had a decimal separator */
} num;

static bool word_at(const char *s, const char *w)
{
    size_t n = strlen(w);
    if (strncasecmp(s, w, n) != 0) return false;
    return !isalpha((unsigned char)s[n]);
}

/* Reads up to two numbers and notes bounding words. */
static int scan(const char *text, num *nums, int max, int *lower, int *upper, bool *majority)
{
    int n = 0;
    *lower = 0; /* 1 = at least, 2 = more than */
    *upper = 0; /* 1 = at most / less than */
    *majority = false;
    const char *p = text;
    while (*p) {
        if (isalpha((unsigned char)*p)) {
            if (word_at(p, "more than") || word_at(p, "over") || word_at(p, "above") ||
                word_at(p, "greater than") || word_at(p, "exceeding"))
                *lower = 2;
            else if (word_at(p, "at least") || word_at(p, "minimum") || word_at(p, "not less than"))
                *lower = 1;
            else if (word_at(p, "less than") || word_at(p, "under") || word_at(p, "up to") ||
                     word_at(p, "at most") || word_at(p, "below") || word_at(p, "maximum"))
                *upper = 1;
            else if (word_at(p, "majority"))
                *majority = true;
            while (isalpha((unsigned char)*p)) p++;
            continue;
        }
        if (*p == '>') *lower = p[1] == '=' ? 1 : 2;
        if (*p == '<') *upper = 1;
        if (isdigit((unsigned char)*p) || (*p == '.' && isdigit((unsigned char)p[1]))) {
            if (n >= max) return -1;
            char buf[64];
            size_t k = 0;
            bool dec = false;
            while ((isdigit((unsigned char)*p) || *p == '.' || *p == ',') && k < sizeof buf - 1) {
                char c = *p;
                /* "50,5" is a decimal comma; "1,000" a thousands separator */
                if (c == ',') {
                    if (isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) &&
                        isdigit((unsigned char)p[3]) && !isdigit((unsigned char)p[4])) {
                        p++;
                        continue;
                    }
                    if (!isdigit((unsigned char)p[1])) break;
                    c = '.';
                }
                if (c == '.') {
                    if (dec) break;
                    dec = true;
                }
                buf[k++] = c;
                p++;
            }
            buf[k] = '\0';
            nums[n].v = strtod(buf, NULL);
            nums[n].decimal = dec;
            while (*p == ' ') p++;
            nums[n].percent = *p == '%' || word_at(p, "percent") || word_at(p, "per cent") || word_at(p, "pct");
            n++;
            continue;
        }
        p++;
    }
    return n;
}

static double fraction(const num *x) { return x->v / 100.0; }

bool ov_share_parse(const char *text, ov_share *out)
{
    memset(out, 0, sizeof *out);
    if (!text) return false;
    num nums[2];
    int lower, upper;
    bool majority;
    int n = scan(text, nums, 2, &lower, &upper, &majority);
    if (n < 0) return false;
    if (n == 0) {
        if (!majority) return false;
        out->has_share = true;
        out->min = 0.5;
        out->max = 1.0;
        out->min_exclusive = true;
        return true;
    }
    double a = fraction(&nums[0]);
    if (n == 2) {
        double b = fraction(&nums[1]);
        out->min = a < b ? a : b;
        out->max = a < b ? b : a;
        out->min_exclusive = lower == 2;
    } else if (lower) {
        out->min = a;
        out->max = 1.0;
        out->min_exclusive = lower == 2;
    } else if (upper) {
        out->min = 0.0;
        out->max = a;
    } else {
        out->min = out->max = a;
    }
    /* over 100 % ("more than 150%") states nothing a holding can be */
    if (out->min < 0 || out->max > 1.0 + 1e-9 || out->min > out->max || (out->min_exclusive && out->min >= 1.0)) {
        memset(out, 0, sizeof *out);
        return false;
    }
    if (out->max > 1.0) out->max = 1.0;
    out->has_share = true;
    return true;
}
