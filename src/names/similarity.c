/* similarity.c - string similarities for name matching: Jaro-Winkler,
 * normalised Levenshtein and Soundex, on ASCII (normalised) strings. They
 * follow jellyfish/python-Levenshtein so the benchmark peer computes the same
 * values. */
#include <stdint.h>
#include <string.h>
#include "names_internal.h"
#include "../util/banned.h"

/* The Jaro similarity from the matches and transpositions, with Winkler's
 * bonus for a common prefix of up to four characters. */
static double jaro_finish(const char *a, size_t na, const char *b, size_t nb, size_t common, size_t trans)
{
    double m = (double)common;
    double jaro = (m / (double)na + m / (double)nb + (m - (double)(trans / 2)) / m) / 3.0;
    size_t prefix = 0;
    size_t shorter = na < nb ? na : nb;
    while (prefix < 4 && prefix < shorter && a[prefix] == b[prefix]) prefix++;
    if (jaro > 0.7 && prefix && na > 3 && nb > 3) jaro += (double)prefix * 0.1 * (1.0 - jaro);
    return jaro > 1.0 ? 1.0 : jaro;
}

/* Jaro-Winkler, the textbook loops: each character of a takes the first
 * unflagged equal character of b inside the window. The reference for the
 * bit-parallel version below (and for b longer than 64 bytes). */
double ov__jaro_winkler_ref(const char *a, size_t na, const char *b, size_t nb)
{
    if (na > OV_FORM_MAX) na = OV_FORM_MAX;
    if (nb > OV_FORM_MAX) nb = OV_FORM_MAX;
    if (!na || !nb) return 0.0;
    if (na == nb && memcmp(a, b, na) == 0) return 1.0;
    size_t longer = na > nb ? na : nb;
    size_t window = longer / 2;
    window = window ? window - 1 : 0;
    unsigned char fa[OV_FORM_MAX], fb[OV_FORM_MAX];
    memset(fa, 0, na);
    memset(fb, 0, nb);
    size_t common = 0;
    for (size_t i = 0; i < na; i++) {
        size_t lo = i > window ? i - window : 0;
        size_t hi = i + window + 1 < nb ? i + window + 1 : nb;
        for (size_t j = lo; j < hi; j++) {
            if (!fb[j] && a[i] == b[j]) {
                fa[i] = fb[j] = 1;
                common++;
                break;
            }
        }
    }
    if (!common) return 0.0;
    size_t trans = 0, k = 0;
    for (size_t i = 0; i < na; i++) {
        if (!fa[i]) continue;
        while (!fb[k]) k++;
        if (a[i] != b[k]) trans++;
        k++;
    }
    return jaro_finish(a, na, b, nb, common, trans);
}

/* The same result with one machine word per character of b (b up to 64
 * bytes, which is nearly every name): the first unflagged equal character in
 * the window is the lowest set bit of (positions of a[i] in b) & ~flagged &
 * window. Matching is where the query time goes, so this matters. */
double ov__jaro_winkler(const char *a, size_t na, const char *b, size_t nb)
{
    if (na > OV_FORM_MAX) na = OV_FORM_MAX;
    if (nb > OV_FORM_MAX) nb = OV_FORM_MAX;
    if (nb > 64) return ov__jaro_winkler_ref(a, na, b, nb);
    if (!na || !nb) return 0.0;
    if (na == nb && memcmp(a, b, na) == 0) return 1.0;
    size_t longer = na > nb ? na : nb;
    size_t window = longer / 2;
    window = window ? window - 1 : 0;
    uint64_t pos[256]; /* only the entries of a's and b's bytes are set and read */
    for (size_t i = 0; i < na; i++) pos[(unsigned char)a[i]] = 0;
    for (size_t j = 0; j < nb; j++) pos[(unsigned char)b[j]] = 0;
    for (size_t j = 0; j < nb; j++) pos[(unsigned char)b[j]] |= (uint64_t)1 << j;
    uint64_t flagged_b = 0;
    unsigned char fa[OV_FORM_MAX];
    size_t common = 0;
    for (size_t i = 0; i < na; i++) {
        fa[i] = 0;
        size_t lo = i > window ? i - window : 0;
        size_t hi = i + window + 1 < nb ? i + window + 1 : nb;
        if (lo >= hi) continue;
        uint64_t in_window = (hi == 64 ? ~(uint64_t)0 : (((uint64_t)1 << hi) - 1)) & ~(((uint64_t)1 << lo) - 1);
        uint64_t m = pos[(unsigned char)a[i]] & in_window & ~flagged_b;
        if (!m) continue;
        uint64_t bit = m & (~m + 1);
        flagged_b |= bit;
        fa[i] = 1;
        common++;
    }
    if (!common) return 0.0;
    size_t trans = 0;
    uint64_t rest = flagged_b;
    for (size_t i = 0; i < na; i++) {
        if (!fa[i]) continue;
        int k = __builtin_ctzll(rest);
        rest &= rest - 1;
        if (a[i] != b[k]) trans++;
    }
    return jaro_finish(a, na, b, nb, common, trans);
}

/* Normalised Levenshtein, the dynamic programme over one row: the reference
 * for the bit-parallel version below (and for strings over 64 bytes). */
double ov__levenshtein_sim_ref(const char *a, size_t na, const char *b, size_t nb)
{
    if (na > OV_FORM_MAX) na = OV_FORM_MAX;
    if (nb > OV_FORM_MAX) nb = OV_FORM_MAX;
    size_t longer = na > nb ? na : nb;
    if (!longer) return 1.0;
    uint16_t row[OV_FORM_MAX + 1];
    for (size_t j = 0; j <= nb; j++) row[j] = (uint16_t)j;
    for (size_t i = 1; i <= na; i++) {
        uint16_t diag = row[0];
        row[0] = (uint16_t)i;
        for (size_t j = 1; j <= nb; j++) {
            uint16_t up = row[j];
            uint16_t best = (uint16_t)(diag + (a[i - 1] != b[j - 1]));
            if (up + 1 < best) best = (uint16_t)(up + 1);
            if (row[j - 1] + 1 < best) best = (uint16_t)(row[j - 1] + 1);
            row[j] = best;
            diag = up;
        }
    }
    return 1.0 - (double)row[nb] / (double)longer;
}

/* Myers' bit-vector edit distance (in Hyyro's formulation for the global
 * distance): one column of the table is two words of vertical deltas, so a
 * pattern of up to 64 bytes costs a few word operations per text byte. */
double ov__levenshtein_sim(const char *a, size_t na, const char *b, size_t nb)
{
    if (na > OV_FORM_MAX) na = OV_FORM_MAX;
    if (nb > OV_FORM_MAX) nb = OV_FORM_MAX;
    if (na > nb) { /* the distance is symmetric: the shorter one is the pattern */
        const char *t = a;
        a = b, b = t;
        size_t tn = na;
        na = nb, nb = tn;
    }
    if (na > 64) return ov__levenshtein_sim_ref(a, na, b, nb);
    if (!nb) return 1.0;
    if (!na) return 0.0;
    uint64_t peq[256];
    for (size_t i = 0; i < nb; i++) peq[(unsigned char)b[i]] = 0;
    for (size_t i = 0; i < na; i++) peq[(unsigned char)a[i]] = 0;
    for (size_t i = 0; i < na; i++) peq[(unsigned char)a[i]] |= (uint64_t)1 << i;
    uint64_t pv = na == 64 ? ~(uint64_t)0 : (((uint64_t)1 << na) - 1), mv = 0;
    uint64_t last = (uint64_t)1 << (na - 1);
    size_t dist = na;
    for (size_t j = 0; j < nb; j++) {
        uint64_t eq = peq[(unsigned char)b[j]];
        uint64_t xv = eq | mv;
        uint64_t xh = (((eq & pv) + pv) ^ pv) | eq;
        uint64_t ph = mv | ~(xh | pv);
        uint64_t mh = pv & xh;
        if (ph & last) dist++;
        if (mh & last) dist--;
        ph = (ph << 1) | 1;
        mh <<= 1;
        pv = mh | ~(xv | ph);
        mv = ph & xv;
    }
    return 1.0 - (double)dist / (double)nb;
}

static char sx_code(char c)
{
    switch (c) {
    case 'B': case 'F': case 'P': case 'V': return '1';
    case 'C': case 'G': case 'J': case 'K': case 'Q': case 'S': case 'X': case 'Z': return '2';
    case 'D': case 'T': return '3';
    case 'L': return '4';
    case 'M': case 'N': return '5';
    case 'R': return '6';
    default: return 0;
    }
}

int ov__soundex(const char *w, size_t n, char out[5])
{
    if (!n) return 0;
    char first = w[0];
    if (first >= 'a' && first <= 'z') first = (char)(first - 32);
    if (first < 'A' || first > 'Z') return 0;
    int count = 1;
    out[0] = first;
    char last = sx_code(first);
    for (size_t i = 1; i < n && count < 4; i++) {
        char c = w[i];
        if (c >= 'a' && c <= 'z') c = (char)(c - 32);
        char code = sx_code(c);
        if (code) {
            if (code != last) out[count++] = code;
            last = code;
        } else if (c != 'H' && c != 'W') {
            last = 0;
        }
    }
    while (count < 4) out[count++] = '0';
    out[4] = '\0';
    return 1;
}
