/* normalize.c - a name into comparable forms (see match.h, docs/internals/names.md).
 *
 * ASCII names take a fast path (no ICU). Other names: NFKC case folding
 * (ICU), the Han characters gathered, converted to simplified (OpenCC t2s),
 * stripped of Chinese legal forms, generic words and place prefixes and
 * romanised to pinyin; the rest transliterated to Latin (ICU Any-Latin;
 * Latin-ASCII). Results of non-ASCII names are cached. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <opencc/opencc.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/unorm2.h>
#include <unicode/utrans.h>
#include <unicode/utf16.h>
#include "names_internal.h"
#include "../util/alloc.h"
#include "../util/hmap.h"
#include "../util/utf8.h"
#include "../util/banned.h"

#define MAX_TOKENS 64
#define CACHE_MAX 16384
#define HAN_LIST_MAX 256
#define FUZZY_LEGAL_MAX 32
#define FUZZY_LEGAL_MIN 7 /* letters of a legal-form word recognised with one typo */

enum { W_LEGAL = 1, W_GENERIC = 2, W_PLACE = 3 };
/* a words entry's value: its class W_* (bits 0-3); W_TAIL: a legal form from
 * rigour's org_types, removed only at the end of a name (or, of three letters
 * or more, as its first word: "OOO Ромашка"), since many are ordinary words
 * too; the legal class number (bits 8-15); for places the offset of the
 * canonical Latin form + 1 in the vocabulary copy (bits 16-) */
#define W_TAIL 0x10u
#define W_CLASS(v) ((int)(((v) >> 8) & 0xFF))
#define W_CANON(v) ((size_t)((v) >> 16))
#define CLASS_MAX 96
#define PENDING_MAX 1024

typedef struct han_list {
    const char *s[HAN_LIST_MAX]; /* borrowed from the vocabulary copy */
    size_t len[HAN_LIST_MAX];
    uint8_t cls[HAN_LIST_MAX];   /* legal forms: the class number, 0 none */
    const char *canon[HAN_LIST_MAX]; /* places: the first Latin form (NUL-terminated in the copy), or NULL */
    int n;
} han_list;

typedef struct py_list {
    char *s[HAN_LIST_MAX]; /* owned */
    size_t len[HAN_LIST_MAX];
    int n;
} py_list;

struct ov__names {
    ov_hmap words;             /* "co ltd" -> W_* | W_TAIL | class << 8 | place canon << 16 */
    ov_hmap numbers;           /* "twenty two", "vii", "sixth" -> the number + 1 (rigour's ordinals) */
    ov_hmap nicks;             /* given name -> its group + 1 (rigour's person_nick: bob, robert) */
    ov_hmap descriptors;       /* descriptor word -> 1 (rigour's org_symbols/org_domains, descriptor_words.txt) */
    ov_hmap legal_words;       /* a word of a legal form of several words -> 1 (sociedade, responsabilidade) */
    char classes[CLASS_MAX][16]; /* legal classes; [0] is "" */
    int n_classes;
    /* legal forms of other scripts (Cyrillic, Greek ...): matched after ICU
     * made them Latin, on the first use of the transliterator */
    const char *pending[PENDING_MAX];
    uint8_t pending_cls[PENDING_MAX];
    int n_pending;
    bool pending_done;
    han_list han_legal, han_generic, han_place;
    /* one-word legal forms of FUZZY_LEGAL_MIN letters or more ("corporation",
     * "limited"): recognised with one typo too, as "Croporation" */
    const char *fuzzy_legal[FUZZY_LEGAL_MAX];
    size_t fuzzy_legal_len[FUZZY_LEGAL_MAX];
    int n_fuzzy_legal;
    char *vocab;               /* owned copy of the vocabulary texts */
    ov_hmap syllables;         /* pinyin syllables (keys borrowed from the compiled-in text) */
    /* the pinyin of the Han legal forms, generic words, places and
     * administrative suffixes, in the order of the Han lists (made on the
     * first Latin name that reads as pinyin; ICU gives the readings) */
    py_list py_legal, py_generic, py_place, py_admin;
    bool py_ready, py_failed;
    opencc_t cc;
    UTransliterator *tr;       /* opened on first use */
    UTransliterator *tr_uk, *tr_be; /* Ukrainian-, Belarusian-Latin/BGN: opened on first use */
    const UNormalizer2 *nfkc;
    ov_hmap cache;             /* name -> ov__name_form * (owned) */
    ov_hmap pinyin;            /* Han character (UTF-8) -> its pinyin (owned string) */
};

static void cache_clear(ov__names *nm)
{
    for (size_t i = 0; i < nm->cache.cap; i++)
        if (nm->cache.slots && nm->cache.slots[i].hash) ov__free((void *)nm->cache.slots[i].value);
    ov_hmap_release(&nm->cache);
    ov_hmap_init(&nm->cache);
}

void ov__names_free(ov__names *nm)
{
    if (!nm) return;
    cache_clear(nm);
    ov_hmap_release(&nm->cache);
    for (size_t i = 0; i < nm->pinyin.cap; i++)
        if (nm->pinyin.slots && nm->pinyin.slots[i].hash) ov__free((void *)nm->pinyin.slots[i].value);
    ov_hmap_release(&nm->pinyin);
    ov_hmap_release(&nm->words);
    ov_hmap_release(&nm->numbers);
    ov_hmap_release(&nm->nicks);
    ov_hmap_release(&nm->descriptors);
    ov_hmap_release(&nm->legal_words);
    ov_hmap_release(&nm->syllables);
    py_list *pl[4] = {&nm->py_legal, &nm->py_generic, &nm->py_place, &nm->py_admin};
    for (int l = 0; l < 4; l++)
        for (int i = 0; i < pl[l]->n; i++) ov__free(pl[l]->s[i]);
    if (nm->cc && nm->cc != (opencc_t)-1) opencc_close(nm->cc);
    if (nm->tr) utrans_close(nm->tr);
    if (nm->tr_uk) utrans_close(nm->tr_uk);
    if (nm->tr_be) utrans_close(nm->tr_be);
    ov__free(nm->vocab);
    ov__free(nm);
}

static void han_add(han_list *l, const char *s, size_t n, int cls, const char *canon)
{
    if (!n) return;
    for (int j = 0; j < l->n; j++)
        if (l->len[j] == n && !memcmp(l->s[j], s, n)) {
            if (!l->cls[j]) l->cls[j] = (uint8_t)cls;
            return;
        }
    if (l->n >= HAN_LIST_MAX) return;
    /* keep longest first so suffix/prefix stripping prefers the longest form */
    int i = l->n++;
    while (i > 0 && l->len[i - 1] < n) {
        l->s[i] = l->s[i - 1];
        l->len[i] = l->len[i - 1];
        l->cls[i] = l->cls[i - 1];
        l->canon[i] = l->canon[i - 1];
        i--;
    }
    l->s[i] = s;
    l->len[i] = n;
    l->cls[i] = (uint8_t)cls;
    l->canon[i] = canon;
}

/* The number of a legal class name ("llc"), added when new; 0 when full. */
static int class_of(ov__names *nm, const char *c, size_t n)
{
    if (!n || n >= sizeof nm->classes[0]) return 0;
    for (int i = 1; i < nm->n_classes; i++)
        if (strlen(nm->classes[i]) == n && !memcmp(nm->classes[i], c, n)) return i;
    if (nm->n_classes >= CLASS_MAX) return 0;
    if (!nm->n_classes) nm->n_classes = 1;
    memcpy(nm->classes[nm->n_classes], c, n);
    nm->classes[nm->n_classes][n] = '\0';
    return nm->n_classes++;
}

/* Adds a Latin legal form with its class: a hand-listed form (tail false)
 * only gains the class; a new one from rigour is W_LEGAL | W_TAIL. */
static int legal_put(ov__names *nm, const char *f, size_t fl, int cls, bool tail)
{
    uintptr_t have;
    if (ov_hmap_get(&nm->words, f, fl, &have)) {
        if ((have & 0xF) != W_LEGAL && !tail) have = W_LEGAL; /* legal wins over generic */
        else if ((have & 0xF) != W_LEGAL) return OV_OK;       /* rigour never overrides our generic words/places */
        if (!W_CLASS(have)) have |= (uintptr_t)cls << 8;
        return ov_hmap_put(&nm->words, f, fl, have) ? OV_ENOMEM : OV_OK;
    }
    uintptr_t v = W_LEGAL | (tail ? W_TAIL : 0) | ((uintptr_t)cls << 8);
    return ov_hmap_put(&nm->words, f, fl, v) ? OV_ENOMEM : OV_OK;
}

static bool ascii_only(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80) return false;
    return true;
}

static bool han_only(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int l = ov_utf8_decode(s + i, &cp);
        if (l <= 0) return false;
        if (!((cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) || cp >= 0x20000)) return false;
        i += (size_t)l;
    }
    return n > 0;
}

/* rigour's org_types (FORM<TAB>CLASS per line, in nm->vocab, modified in place). */
static int org_types_parse(ov__names *nm, char *text)
{
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        if (line[0] == '#') continue;
        char *tab = strchr(line, '\t');
        if (!tab) continue;
        *tab = '\0';
        size_t fl = (size_t)(tab - line);
        int cls = class_of(nm, tab + 1, strlen(tab + 1));
        if (ascii_only(line, fl)) {
            if (legal_put(nm, line, fl, cls, true)) return OV_ENOMEM;
            /* the words of a form of several words (keys borrowed from the text) */
            for (size_t a = 0; memchr(line, ' ', fl) && a < fl;) {
                size_t b = a;
                while (b < fl && line[b] != ' ') b++;
                if (b - a >= 3 && ov_hmap_put(&nm->legal_words, line + a, b - a, 1)) return OV_ENOMEM;
                a = b + 1;
            }
        } else if (han_only(line, fl)) {
            han_add(&nm->han_legal, line, fl, cls, NULL);
        } else if (nm->n_pending < PENDING_MAX) {
            nm->pending_cls[nm->n_pending] = (uint8_t)cls;
            nm->pending[nm->n_pending++] = line;
        }
    }
    return OV_OK;
}

/* rigour's ordinals (N<TAB>FORM per line). Forms that are pinyin syllables
 * ("yi", "er" ...) or common words of names are left out. */
static int ordinals_parse(ov__names *nm, char *text)
{
    static const char *const skip[] = {"premier", "prime", "primer", "nil", "una", "i"};
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        if (line[0] == '#') continue;
        char *tab = strchr(line, '\t');
        if (!tab) continue;
        *tab = '\0';
        const char *f = tab + 1;
        size_t fl = strlen(f);
        uintptr_t v;
        bool skipped = ov_hmap_get(&nm->syllables, f, fl, &v);
        for (size_t k = 0; k < sizeof skip / sizeof skip[0] && !skipped; k++) skipped = !strcmp(skip[k], f);
        if (skipped || !fl) continue;
        if (ov_hmap_put(&nm->numbers, f, fl, (uintptr_t)strtol(line, NULL, 10) + 1)) return OV_ENOMEM;
    }
    return OV_OK;
}

/* Parses one vocabulary text (in nm->vocab, modified in place). */
static int vocab_parse(ov__names *nm, char *text, int kind)
{
    char *line = text;
    while (line && *line) {
        char *next = strchr(line, '\n');
        if (next) *next++ = '\0';
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\r' || line[n - 1] == ' ')) line[--n] = '\0';
        if (n && line[0] != '#') {
            /* fields separated by tabs: places have HAN<TAB>latin...; the others one form */
            char *f = line;
            const char *canon = NULL; /* a place line's first Latin form */
            for (char *c = line; kind == W_PLACE && *c; c++)
                if (*c == '\t') {
                    canon = c + 1;
                    break;
                }
            while (f) {
                char *tab = strchr(f, '\t');
                if (tab) *tab++ = '\0';
                size_t fl = strlen(f);
                if (fl) {
                    if ((unsigned char)f[0] >= 0x80) {
                        han_add(kind == W_LEGAL ? &nm->han_legal : kind == W_GENERIC ? &nm->han_generic
                                                                                     : &nm->han_place,
                                f, fl, 0, canon);
                    } else {
                        uintptr_t have;
                        uintptr_t val = (uintptr_t)kind;
                        if (kind == W_PLACE && canon) val |= (uintptr_t)(canon - nm->vocab + 1) << 16;
                        /* a legal form wins over a generic word of the same spelling */
                        if (!ov_hmap_get(&nm->words, f, fl, &have) || (int)(have & 0xF) > kind)
                            if (ov_hmap_put(&nm->words, f, fl, val)) return OV_ENOMEM;
                        if (kind == W_LEGAL && fl >= FUZZY_LEGAL_MIN && !strchr(f, ' ') &&
                            nm->n_fuzzy_legal < FUZZY_LEGAL_MAX) {
                            nm->fuzzy_legal[nm->n_fuzzy_legal] = f;
                            nm->fuzzy_legal_len[nm->n_fuzzy_legal++] = fl;
                        }
                    }
                }
                f = tab;
            }
        }
        line = next;
    }
    return OV_OK;
}

int ov__names_open(ov__names **out, char *err, size_t errlen)
{
    *out = NULL;
    ov__names *nm = ov__calloc(1, sizeof *nm);
    if (!nm) return OV_ENOMEM;
    ov_hmap_init(&nm->words);
    ov_hmap_init(&nm->cache);
    ov_hmap_init(&nm->pinyin);
    ov_hmap_init(&nm->syllables);
    ov_hmap_init(&nm->numbers);
    ov_hmap_init(&nm->nicks);
    ov_hmap_init(&nm->descriptors);
    ov_hmap_init(&nm->legal_words);
    const char *texts[5] = {ov__names_legal_forms, ov__names_generic_words, ov__names_places, ov__names_org_types,
                            ov__names_ordinals};
    size_t lens[5], total = 0;
    for (int i = 0; i < 5; i++) total += (lens[i] = strlen(texts[i])) + 1;
    nm->vocab = ov__malloc(total);
    if (!nm->vocab) {
        ov__names_free(nm);
        return OV_ENOMEM;
    }
    char *p = nm->vocab;
    int rc = OV_OK;
    char *later[2] = {NULL, NULL};
    for (int i = 0; i < 5 && !rc; i++) {
        memcpy(p, texts[i], lens[i] + 1);
        if (i < 3) rc = vocab_parse(nm, p, i + 1);
        else later[i - 3] = p;
        p += lens[i] + 1;
    }
    for (const char *q = ov__names_pinyin_syllables; !rc && *q;) {
        if (*q == '#') {
            while (*q && *q != '\n') q++;
            continue;
        }
        while (*q == ' ' || *q == '\n') q++;
        const char *w = q;
        while (*q >= 'a' && *q <= 'z') q++;
        if (q > w) rc = ov_hmap_put(&nm->syllables, w, (size_t)(q - w), 1);
        else if (*q) q++;
    }
    /* rigour's nickname groups: each group a number */
    {
        const char *q = ov__names_person_nicks, *prev = NULL;
        size_t prev_len = 0;
        uintptr_t group = 0;
        while (!rc && *q) {
            const char *e = strchr(q, '\n');
            size_t ll = e ? (size_t)(e - q) : strlen(q);
            const char *tab = memchr(q, '\t', ll);
            if (q[0] != '#' && tab) {
                size_t gl = (size_t)(tab - q);
                if (!prev || gl != prev_len || memcmp(prev, q, gl)) group++, prev = q, prev_len = gl;
                rc = ov_hmap_put(&nm->nicks, tab + 1, ll - gl - 1, group);
            }
            q += ll + (e ? 1 : 0);
        }
    }
    /* descriptor words: GROUP<TAB>WORD (rigour), or WORD (by hand); keys
     * borrowed from the compiled-in texts */
    const char *dtexts[2] = {ov__names_descriptors, ov__names_descriptor_words};
    for (int d = 0; d < 2; d++)
        for (const char *q = dtexts[d]; !rc && *q;) {
            const char *e = strchr(q, '\n');
            size_t ll = e ? (size_t)(e - q) : strlen(q);
            const char *tab = memchr(q, '\t', ll), *w = tab ? tab + 1 : q;
            size_t wl = ll - (size_t)(w - q);
            if (q[0] != '#' && wl) rc = ov_hmap_put(&nm->descriptors, w, wl, 1);
            q += ll + (e ? 1 : 0);
        }
    if (!rc) rc = org_types_parse(nm, later[0]);
    if (!rc) rc = ordinals_parse(nm, later[1]);
    if (rc) {
        ov__names_free(nm);
        return rc;
    }
    UErrorCode ue = U_ZERO_ERROR;
    nm->nfkc = unorm2_getNFKCCasefoldInstance(&ue);
    if (U_FAILURE(ue)) {
        snprintf(err, errlen, "ICU NFKC_Casefold: %s", u_errorName(ue));
        ov__names_free(nm);
        return OV_EIO;
    }
    nm->cc = opencc_open("t2s.json");
    if (nm->cc == (opencc_t)-1 || !nm->cc) {
        snprintf(err, errlen, "OpenCC t2s.json: %s", opencc_error());
        nm->cc = NULL;
        ov__names_free(nm);
        return OV_EIO;
    }
    *out = nm;
    return OV_OK;
}

/* ---- Latin tokens --------------------------------------------------------- */

typedef struct toks {
    const char *s[MAX_TOKENS];
    size_t n[MAX_TOKENS];
    int count;
    char store[OV_NAME_MAX + 8];
    char digits[MAX_TOKENS][12]; /* numbers written as words, as digits */
} toks;

/* Splits lower-case ASCII words out of text (non-ASCII bytes and punctuation
 * separate words; apostrophes join). */
static void tokenize(toks *t, const char *text)
{
    size_t used = 0;
    t->count = 0;
    const char *p = text;
    while (*p && t->count < MAX_TOKENS) {
        while (*p && !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))) p++;
        if (!*p) break;
        size_t start = used;
        while (*p && used < OV_NAME_MAX) {
            char c = *p;
            if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) t->store[used++] = c;
            else if (c != '\'') break;
            p++;
        }
        if (used == start) continue;
        t->s[t->count] = t->store + start;
        t->n[t->count++] = used - start;
        t->store[used++] = '\0';
    }
}

/* The value of the phrase tokens[i..i+k) in map, or 0. */
static uintptr_t phrase_value(const ov_hmap *map, const toks *t, int i, int k)
{
    char buf[128];
    size_t len = 0;
    for (int j = i; j < i + k; j++) {
        if (len + t->n[j] + 1 >= sizeof buf) return 0;
        if (j > i) buf[len++] = ' ';
        memcpy(buf + len, t->s[j], t->n[j]);
        len += t->n[j];
    }
    uintptr_t v;
    return ov_hmap_get(map, buf, len, &v) ? v : 0;
}

/* The value of a Roman numeral of i, v, x (1..39, canonical forms), or 0. */
static int roman(const char *s, size_t n)
{
    static const char *const units[] = {"", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"};
    size_t tens = 0;
    while (tens < n && tens < 3 && s[tens] == 'x') tens++;
    const char *u = s + tens;
    size_t ul = n - tens;
    for (int k = 0; k < 10; k++)
        if (strlen(units[k]) == ul && !memcmp(units[k], u, ul) && (tens || k)) return (int)tens * 10 + k;
    return 0;
}

/* Numbers written as words, ordinals or Roman numerals become their digits
 * ("Twenty-Two" -> 22, "Second" -> 2, "VIII" -> 8, "2nd" -> 2; rigour's
 * ordinals in ten languages): the phrase's first token is replaced, the
 * others dropped. A Roman numeral or a one-letter form is not read as a
 * number as the first word of a name; pinyin syllables never are. */
static void numbers_apply(const ov__names *nm, toks *t)
{
    int w = 0;
    for (int i = 0; i < t->count;) {
        int took = 0;
        long val = -1;
        for (int k = 3; k >= 1 && !took; k--) {
            if (i + k > t->count) continue;
            uintptr_t v = phrase_value(&nm->numbers, t, i, k);
            if (v) took = k, val = (long)v - 1;
        }
        const char *s = t->s[i];
        size_t n = t->n[i];
        if (!took && n >= 3 && n <= 6 && s[0] >= '0' && s[0] <= '9') {
            /* 1st, 2nd, 3rd, 22nd, 8th */
            size_t d = 0;
            while (d < n && s[d] >= '0' && s[d] <= '9') d++;
            const char *suf = s + d;
            if (n - d == 2 && (!memcmp(suf, "st", 2) || !memcmp(suf, "nd", 2) || !memcmp(suf, "rd", 2) ||
                               !memcmp(suf, "th", 2)))
                took = 1, val = strtol(s, NULL, 10);
        }
        if (!took && i > 0) {
            int r = roman(s, n);
            uintptr_t sy;
            if (r && !ov_hmap_get(&nm->syllables, s, n, &sy)) took = 1, val = r;
        }
        if (took && i == 0 && took == 1 && (n < 2 || roman(s, n))) took = 0; /* "I", "V", "XI" first: a word */
        if (took && (val < 0 || val > 999999999)) took = 0;
        if (took) {
            snprintf(t->digits[w], sizeof t->digits[w], "%d", (int)val);
            t->s[w] = t->digits[w];
            t->n[w] = strlen(t->digits[w]);
            w++;
            i += took;
        } else {
            t->s[w] = t->s[i];
            t->n[w] = t->n[i];
            w++;
            i++;
        }
    }
    t->count = w;
}

/* True when a and b differ by at most one insertion, deletion, substitution
 * or swap of neighbours (optimal string alignment distance <= 1). */
bool ov__within_one_edit(const char *a, size_t na, const char *b, size_t nb)
{
    if (na > nb + 1 || nb > na + 1) return false;
    size_t i = 0;
    while (i < na && i < nb && a[i] == b[i]) i++;
    if (i == na || i == nb) return true; /* equal, or one extra letter at the end */
    if (na == nb) {
        if (!memcmp(a + i + 1, b + i + 1, na - i - 1)) return true;
        return i + 1 < na && a[i] == b[i + 1] && a[i + 1] == b[i] && !memcmp(a + i + 2, b + i + 2, na - i - 2);
    }
    if (na > nb) return !memcmp(a + i + 1, b + i, nb - i);
    return !memcmp(a + i, b + i + 1, na - i);
}

/* A legal-form word with one typo ("Croporation", "Limted"), never the first
 * word of a name (a company may be called something close to "Limited"). */
static bool fuzzy_legal(const ov__names *nm, const toks *t, int i)
{
    if (i == 0 || t->n[i] + 1 < FUZZY_LEGAL_MIN) return false;
    for (int k = 0; k < nm->n_fuzzy_legal; k++)
        if (ov__within_one_edit(t->s[i], t->n[i], nm->fuzzy_legal[k], nm->fuzzy_legal_len[k])) return true;
    return false;
}

/* What mark() found besides the tokens to drop. */
typedef struct marks {
    int legal_class;  /* class number of the last legal form kept as such, 0 none */
    char place[64];   /* canonical forms of the places dropped before any other word */
    char qual[64];    /* ... and of those after one */
} marks;

/* Marks tokens to drop: classes in mask (bit per W_*). Short one-token legal
 * forms ("co", "sa") only at the end (pinyin syllables look like them);
 * rigour's forms (W_TAIL) only in the run of legal forms that ends the name,
 * or first: a phrase, or an abbreviation of two to four letters. */
static int mark(const ov__names *nm, const toks *t, unsigned mask, bool drop[MAX_TOKENS], marks *mk)
{
    int kept = 0;
    int span_i[MAX_TOKENS], span_k[MAX_TOKENS], ns = 0;
    uintptr_t span_v[MAX_TOKENS];
    /* a Chinese (or Japanese) legal form in pinyin at the end, however its
     * syllables are grouped ("You Xian Gong Si", "ZhuShi Hui She") */
    int limit = t->count, py_k = 0;
    uintptr_t py_v = 0;
    for (int k = t->count - 1 < 6 ? t->count - 1 : 6; (mask & (1u << W_LEGAL)) && nm->py_ready && k >= 2 && !py_k;
         k--) {
        char cat[64];
        size_t cl = 0;
        bool fits = true;
        for (int q = t->count - k; q < t->count && fits; q++) {
            fits = cl + t->n[q] < sizeof cat;
            if (fits) memcpy(cat + cl, t->s[q], t->n[q]), cl += t->n[q];
        }
        for (int i = 0; fits && i < nm->py_legal.n && !py_k; i++)
            if (nm->py_legal.len[i] == cl && cl >= 6 && !memcmp(nm->py_legal.s[i], cat, cl))
                py_k = k, py_v = W_LEGAL | ((uintptr_t)nm->han_legal.cls[i] << 8);
    }
    if (py_k) limit = t->count - py_k;
    for (int i = 0; i < limit;) {
        int took = 0;
        uintptr_t tv = 0;
        for (int k = 5; k >= 1 && !took; k--) {
            if (i + k > limit) continue;
            uintptr_t v = phrase_value(&nm->words, t, i, k);
            int cls = (int)(v & 0xF);
            if (!cls || !(mask & (1u << cls))) continue;
            if (cls == W_LEGAL && k == 1 && t->n[i] <= 2 && i + 1 != t->count && !(v & W_TAIL)) continue;
            took = k;
            tv = v;
        }
        if (!took && (mask & (1u << W_LEGAL)) && fuzzy_legal(nm, t, i)) took = 1, tv = W_LEGAL;
        if (took) {
            span_i[ns] = i, span_k[ns] = took, span_v[ns++] = tv;
            i += took;
        } else {
            i++;
        }
    }
    if (py_k) span_i[ns] = limit, span_k[ns] = py_k, span_v[ns++] = py_v;
    /* rigour's forms: only in the final run of legal forms, or first */
    int tail = t->count;
    bool ok[MAX_TOKENS];
    for (int j = ns - 1; j >= 0; j--) {
        bool legal = (span_v[j] & 0xF) == W_LEGAL;
        bool in_tail = legal && span_i[j] + span_k[j] == tail;
        ok[j] = true;
        if (legal && (span_v[j] & W_TAIL) && !in_tail) {
            size_t letters = 0;
            for (int q = span_i[j]; q < span_i[j] + span_k[j]; q++) letters += t->n[q];
            /* first: a phrase ("Общество с ограниченной ответственностью",
             * "Limited Liability Company") or an abbreviation (ТОО, АО, PT);
             * one word could open a name */
            ok[j] = span_i[j] == 0 && span_k[j] < t->count &&
                    (span_k[j] >= 2 || (letters >= 2 && letters <= 4));
        }
        /* a one-word form that is also a pinyin syllable ("ou", "ao") beside a
         * syllable is part of a pinyin name ("Lu Bi Ou", "Ao Bu Lai En") */
        uintptr_t sy;
        int at = span_i[j];
        if (ok[j] && legal && (span_v[j] & W_TAIL) && span_k[j] == 1 &&
            ov_hmap_get(&nm->syllables, t->s[at], t->n[at], &sy) &&
            ((at > 0 && ov_hmap_get(&nm->syllables, t->s[at - 1], t->n[at - 1], &sy)) ||
             (at + 1 < t->count && ov_hmap_get(&nm->syllables, t->s[at + 1], t->n[at + 1], &sy))))
            ok[j] = false;
        if (in_tail && ok[j]) tail = span_i[j];
    }
    for (int j = 0; j < ns; j++) {
        if (!ok[j]) continue;
        for (int q = span_i[j]; q < span_i[j] + span_k[j]; q++) drop[q] = true;
        if (!mk) continue;
        int cls = (int)(span_v[j] & 0xF);
        if (cls == W_LEGAL && W_CLASS(span_v[j])) mk->legal_class = W_CLASS(span_v[j]);
        if (cls == W_PLACE) {
            const char *canon = W_CANON(span_v[j]) ? nm->vocab + W_CANON(span_v[j]) - 1 : NULL;
            char one[64];
            size_t ol = 0;
            if (!canon) {
                for (int q = span_i[j]; q < span_i[j] + span_k[j] && ol + t->n[q] + 1 < sizeof one; q++) {
                    memcpy(one + ol, t->s[q], t->n[q]);
                    ol += t->n[q];
                }
                one[ol] = '\0';
                canon = one;
            }
            /* leading: no distinctive word before it (dropped ones do not count) */
            bool leading = true;
            for (int q = 0; q < span_i[j] && leading; q++) leading = drop[q];
            char *dst = leading ? mk->place : mk->qual;
            size_t pl = strlen(dst), cl = strlen(canon);
            if (pl + cl + 2 < sizeof mk->place) {
                if (pl) dst[pl++] = ' ';
                memcpy(dst + pl, canon, cl + 1);
            }
        }
    }
    for (int i = 0; i < t->count; i++) kept += !drop[i];
    return kept;
}

static void join(const toks *t, const bool *drop, char *out, size_t cap, bool spaces)
{
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < t->count; i++) {
        if (drop && drop[i]) continue;
        size_t need = t->n[i] + (len && spaces ? 1 : 0);
        if (len + need + 1 > cap) break;
        if (len && spaces) out[len++] = ' ';
        memcpy(out + len, t->s[i], t->n[i]);
        len += t->n[i];
        out[len] = '\0';
    }
}

static void append_token(char *dst, size_t cap, const char *tok, bool space)
{
    size_t len = strlen(dst), n = strlen(tok);
    if (!n) return;
    if (len && space) {
        if (len + 2 > cap) return;
        dst[len++] = ' ';
        dst[len] = '\0';
    }
    if (len + n + 1 > cap) n = cap - len - 1;
    memcpy(dst + len, tok, n);
    dst[len + n] = '\0';
}

/* ---- initialisms ----------------------------------------------------------- */

static bool stop_word(const char *w, size_t n)
{
    static const char *const stop[] = {"of", "and", "the", "for", "de", "du", "des", "la", "le", "et", "und", "y",
                                       "del", "di", "da", "der", "in", "on", "at"};
    for (size_t i = 0; i < sizeof stop / sizeof stop[0]; i++)
        if (strlen(stop[i]) == n && !memcmp(stop[i], w, n)) return true;
    return false;
}

/* Whether token i may be left out of an initialism: a stop word, a generic
 * word or a legal form. */
static bool skippable(const ov__names *nm, const toks *t, int i)
{
    if (stop_word(t->s[i], t->n[i])) return true;
    uintptr_t v;
    if (!ov_hmap_get(&nm->words, t->s[i], t->n[i], &v)) return false;
    return (v & 0xF) == W_GENERIC || (v & 0xF) == W_LEGAL;
}

bool ov__names_plain_word(const ov__names *nm, const char *w, size_t n)
{
    if (!n || stop_word(w, n)) return true;
    bool digits = true;
    for (size_t i = 0; i < n && digits; i++) digits = w[i] >= '0' && w[i] <= '9';
    if (digits) return true;
    uintptr_t v;
    return ov_hmap_get(&nm->words, w, n, &v) && (v & 0xF) != 0;
}

int ov__names_word_kind(const ov__names *nm, const char *w, size_t n)
{
    if (!n || stop_word(w, n)) return OV__WORD_ASIDE;
    bool digits = true;
    for (size_t i = 0; i < n && digits; i++) digits = w[i] >= '0' && w[i] <= '9';
    if (digits) return OV__WORD_ASIDE;
    uintptr_t v;
    if (ov_hmap_get(&nm->words, w, n, &v) && (v & 0xF) != 0) {
        if ((v & 0xF) != W_GENERIC) return OV__WORD_ASIDE; /* a legal form or a place */
        /* "Group" and "Holding" on one side only are qualifiers (a group beside its member) */
        if ((n == 5 && !memcmp(w, "group", 5)) || (n >= 7 && !memcmp(w, "holding", 7))) return OV__WORD_ASIDE;
        return OV__WORD_DESCRIPTOR;
    }
    if (ov_hmap_get(&nm->numbers, w, n, &v)) return OV__WORD_ASIDE;
    if (ov_hmap_get(&nm->descriptors, w, n, &v)) return OV__WORD_DESCRIPTOR;
    /* a compound that ends in a descriptor of seven letters or more
     * ("counterintelligence", "elektroindustrie") describes too */
    for (size_t k = 4; k + 7 <= n; k++)
        if (ov_hmap_get(&nm->descriptors, w + k, n - k, &v)) return OV__WORD_DESCRIPTOR;
    return OV__WORD_CONTENT;
}

/* The capitalised initialism text is written as ("CETC", "C.E.T.C."), lower
 * case into out[cap], or false. */
static bool acronym_of(const char *text, char *out, size_t cap)
{
    size_t k = 0, letters = 0;
    const char *p = text;
    while (*p == ' ') p++;
    for (; *p; p++) {
        if (*p >= 'A' && *p <= 'Z') {
            if (k + 1 >= cap) return false;
            out[k++] = (char)(*p + 32);
            letters++;
        } else if (*p == '.' || *p == '&' || *p == '-') {
            continue;
        } else if (*p == ' ') {
            while (p[1] == ' ') p++;
            if (p[1]) return false; /* one word */
        } else {
            return false;
        }
    }
    out[k] = '\0';
    return letters >= 2 && letters <= 8;
}

/* text with a hyphen between two letters removed ("Micro-Fabrication" is
 * one word of an initialism) and a space before a capital that follows a
 * lower-case letter ("ChangXin" is two), into out[cap]; false when neither
 * occurs. */
static bool initials_text(const char *text, char *out, size_t cap)
{
    size_t o = 0;
    bool changed = false;
    for (size_t i = 0; text[i] && o + 2 < cap; i++) {
        char c = text[i], prev = i ? text[i - 1] : ' ', next = text[i + 1];
        bool lower_prev = prev >= 'a' && prev <= 'z';
        bool alpha_prev = lower_prev || (prev >= 'A' && prev <= 'Z');
        if (c == '-' && alpha_prev && ((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z'))) {
            changed = true;
            continue;
        }
        if (c >= 'A' && c <= 'Z' && lower_prev) out[o++] = ' ', changed = true;
        out[o++] = c;
    }
    out[o] = '\0';
    return changed;
}

static bool initialism_dp(const ov__names *nm, const toks *t, const char *a, size_t na, int i, size_t j,
                          bool spare)
{
    if (j == na) {
        /* the rest may be skipped, and one other word at the end */
        int others = 0;
        for (int q = i; q < t->count; q++) others += !skippable(nm, t, q);
        return others <= (spare ? 1 : 0);
    }
    if (i >= t->count) return false;
    if (t->s[i][0] == a[j] && initialism_dp(nm, t, a, na, i + 1, j + 1, spare)) return true;
    if (skippable(nm, t, i) && initialism_dp(nm, t, a, na, i + 1, j, spare)) return true;
    return false;
}

bool ov__names_initialism(const ov__names *nm, const char *acr, const char *name)
{
    char a[16];
    if (!acronym_of(acr, a, sizeof a)) return false;
    toks *t = ov__malloc(sizeof *t);
    if (!t) return false;
    tokenize(t, name);
    bool ok = t->count >= 2 && t->count <= 12 && initialism_dp(nm, t, a, strlen(a), 0, 0, true);
    /* camel case as two words, a hyphenated word as one (CXMT of ChangXin
     * Memory Technologies, AMEC of Advanced Micro-Fabrication Equipment) */
    char alt[OV_NAME_MAX + 64];
    if (!ok && initials_text(name, alt, sizeof alt)) {
        tokenize(t, alt);
        ok = t->count >= 2 && t->count <= 12 && initialism_dp(nm, t, a, strlen(a), 0, 0, true);
    }
    ov__free(t);
    return ok;
}

/* ---- abbreviations of several letters a word ------------------------------ */

typedef struct abbr_walk {
    const ov__names *nm;
    const toks *a, *b;        /* the short name and the long one */
    bool caps[MAX_TOKENS];    /* a's token i is written in capitals ("SMIC") */
    bool bcaps[MAX_TOKENS];   /* b's token j is an initialism in a name of lower-case words ("HIK") */
    bool strict;              /* b's places may not be left out: the abbreviation reads them */
    int budget;               /* steps left: the walk is bounded on any input */
} abbr_walk;

static bool abbr_place(const abbr_walk *w, const toks *t, int i)
{
    uintptr_t v;
    return ov_hmap_get(&w->nm->words, t->s[i], t->n[i], &v) && (v & 0xF) == W_PLACE;
}

static bool abbr_plain(const abbr_walk *w, const toks *t, int i)
{
    if (w->strict && t == w->b && abbr_place(w, t, i)) return false;
    return ov__names_plain_word(w->nm, t->s[i], t->n[i]);
}

/* Whether a's tokens from i (letter pos of token i) align with b's from j:
 * words consumed by the current token so far, spare: content words of b
 * that may still be left out, abbr: some token was an abbreviation. */
static bool abbr_step(abbr_walk *w, int i, size_t pos, int j, int words, int spare, bool abbr, bool syl)
{
    const toks *a = w->a, *b = w->b;
    if (--w->budget <= 0) return false;
    if (i == a->count) {
        for (int q = j; q < b->count; q++)
            if (!abbr_plain(w, b, q) && (spare-- <= 0 || (w->strict && abbr_place(w, b, q)))) return false;
        return abbr;
    }
    const char *t = a->s[i];
    size_t tl = a->n[i];
    if (pos == 0) {
        /* a place or generic word of the short name is left to the qualifiers */
        if (abbr_plain(w, a, i) && abbr_step(w, i + 1, 0, j, 0, spare, abbr, false)) return true;
        if (j >= b->count) return false;
        if (b->n[j] == tl && !memcmp(b->s[j], t, tl) && abbr_step(w, i + 1, 0, j + 1, 0, spare, abbr, false))
            return true;
        /* a word cut short ("Comm", "Info", "Elec"), in a name of several
         * words: one word alone cut short is another name ("Sure" is no
         * abbreviation of "Surete Globale", nor "Siltec" of SilTech
         * Semiconductor) */
        if (tl >= 3 && tl < b->n[j] && a->count > 1 && !memcmp(b->s[j], t, tl) &&
            abbr_step(w, i + 1, 0, j + 1, 0, spare, true, false))
            return true;
    } else if (j >= b->count) {
        return false;
    }
    /* b's word j left out: a plain word, or the one spare content word once
     * the alignment has begun (the first distinctive word of b is not left
     * out: "AVIC" is not AVI-C of ITOCHU Aviation Co.) */
    if (abbr_plain(w, b, j) ? abbr_step(w, i, pos, j + 1, words, spare, abbr, syl)
                            : spare > 0 && (i > 0 || pos > 0) && !(w->strict && abbr_place(w, b, j)) && !w->bcaps[j] &&
                                  abbr_step(w, i, pos, j + 1, words, spare - 1, abbr, syl))
        return true;
    /* a token that is (the beginning of) b's word j is not also a run from it
     * ("Fuel" is not FUE-l of "Fuel Co Ltd") */
    if (pos == 0 && tl <= b->n[j] && !memcmp(b->s[j], t, tl)) return false;
    /* the first letters of b's word j (up to four: a syllable) continue the token */
    for (size_t k = 1; k <= b->n[j] && k <= 4 && pos + k <= tl && b->s[j][k - 1] == t[pos + k - 1]; k++) {
        /* a run of first letters only is an initialism: written in capitals */
        bool run_syl = syl || k >= 2;
        if (pos + k == tl) {
            if (words + 1 >= 2 && (run_syl || w->caps[i]) && abbr_step(w, i + 1, 0, j + 1, 0, spare, true, false))
                return true;
        } else if (abbr_step(w, i, pos + k, j + 1, words + 1, spare, abbr, run_syl)) {
            return true;
        }
    }
    return false;
}

/* The words of text as tokenize counts them (runs of ASCII letters and digits;
 * an apostrophe joins), without copying. */
static int word_count(const char *p)
{
    int n = 0;
    bool in = false;
    for (; *p; p++) {
        bool al = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9');
        if (al && !in) n++;
        in = al || (in && *p == '\'');
    }
    return n;
}

/* Which of text's tokens (as tokenize splits it, at most n) are written
 * in capitals, into caps. */
static void capital_tokens(const char *text, bool *caps, int n)
{
    int k = 0;
    for (const char *p = text; *p && k < n;) {
        while (*p && !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))) p++;
        if (!*p) break;
        bool lower = false;
        for (; (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '\''; p++)
            lower = lower || (*p >= 'a' && *p <= 'z');
        caps[k++] = !lower;
    }
}

int ov__names_abbreviation(const ov__names *nm, const char *shrt, const char *lng)
{
    /* most pairs of candidates are not of the shape: decided before any copy */
    int ns = word_count(shrt), nl = word_count(lng);
    if (ns < 1 || ns > 4 || nl <= ns || nl > 12) return 0;
    toks *t = ov__malloc(2 * sizeof *t);
    if (!t) return 0;
    tokenize(&t[0], shrt);
    tokenize(&t[1], lng);
    int ok = 0;
    if (t[0].count >= 1 && t[0].count <= 4 && t[1].count > t[0].count && t[1].count <= 12) {
        abbr_walk w = {.nm = nm, .a = &t[0], .b = &t[1], .budget = 20000};
        /* which tokens are capitals: split as tokenize splits */
        capital_tokens(shrt, w.caps, t[0].count);
        /* an initialism inside a long name written in lower case ("China
         * Electronics Technology HIK Group") is its most distinctive word:
         * never the word an abbreviation leaves out (CEC is not China
         * Electronics [Technology HIK Group] Co.) */
        bool has_lower = false;
        for (const char *p = lng; *p && !has_lower; p++) has_lower = *p >= 'a' && *p <= 'z';
        if (has_lower) {
            capital_tokens(lng, w.bcaps, t[1].count);
            for (int j = 0; j < t[1].count; j++) w.bcaps[j] = w.bcaps[j] && t[1].n[j] >= 2;
        }
        /* first reading every place of lng into it ("AVIC": AV-iation I-ndustry
         * [Corporation of] C-hina), then leaving them to the qualifiers */
        w.strict = true;
        if (abbr_step(&w, 0, 0, 0, 0, 1, false, false)) {
            ok = 2;
        } else {
            w.strict = false;
            w.budget = 20000;
            ok = abbr_step(&w, 0, 0, 0, 0, 1, false, false) ? 1 : 0;
        }
    }
    ov__free(t);
    return ok;
}

/* The initialisms of a name of several words into out->initials: first
 * letters of its words, with any of (at most five) stop, generic or legal
 * words left out; up to eight, each 2-8 letters. */
/* Appends to list[cap] (space-separated) the initialisms of t: all words,
 * and leaving out some of its stop, generic and legal words (at most 8);
 * drop_last: the last word that may not be left out is left out too ("CGN"
 * of China General Nuclear [Power] Corporation). Duplicates of what list
 * holds are not added, nor anything that does not fit. */
static void initials_add(const ov__names *nm, const toks *t, char *list, size_t cap, bool drop_last)
{
    if (t->count < 2 || t->count > 12) return;
    int opt[5], no = 0, last = -1;
    for (int i = 0; i < t->count; i++) {
        if (skippable(nm, t, i)) {
            if (no < 5) opt[no++] = i;
        } else {
            last = i;
        }
    }
    if (drop_last && (last < 0 || t->count < 3)) return;
    int made = 0;
    /* most words first: the variants that leave out stop words come early */
    for (unsigned m = 0; m < (1u << no) && made < 8; m++) {
        unsigned mask = ((1u << no) - 1) & ~m;
        char v[16];
        size_t k = 0;
        bool fits = true;
        for (int i = 0; i < t->count && fits; i++) {
            bool left_out = drop_last && i == last;
            for (int o = 0; o < no; o++) left_out = left_out || (opt[o] == i && (mask & (1u << o)));
            if (left_out) continue;
            if (t->s[i][0] < 'a' || t->s[i][0] > 'z') continue;
            fits = k + 1 < 9;
            if (fits) v[k++] = t->s[i][0];
        }
        v[k] = '\0';
        if (!fits || k < 2) continue;
        /* no duplicates */
        bool dup = false;
        for (const char *p = list; *p && !dup;) {
            const char *s0 = p;
            while (*p && *p != ' ') p++;
            dup = (size_t)(p - s0) == k && !memcmp(s0, v, k);
            while (*p == ' ') p++;
        }
        size_t len = strlen(list);
        if (!dup && len + k + 2 <= cap) append_token(list, cap, v, true), made++;
    }
}

static void initials_of(const ov__names *nm, const toks *t, ov__name_form *out)
{
    out->initials[0] = '\0';
    initials_add(nm, t, out->initials, sizeof out->initials, false);
}

/* The initialisms a name is indexed under besides its own (initials_more). */
static void initials_more_of(const ov__names *nm, const char *text, const toks *t, ov__name_form *out)
{
    out->initials_more[0] = '\0';
    initials_add(nm, t, out->initials_more, sizeof out->initials_more, true);
    char alt[OV_NAME_MAX + 64];
    if (!initials_text(text, alt, sizeof alt)) return;
    toks *t2 = ov__malloc(sizeof *t2);
    if (!t2) return;
    tokenize(t2, alt);
    initials_add(nm, t2, out->initials_more, sizeof out->initials_more, false);
    ov__free(t2);
}

static bool word_listed(const char *list, const char *w)
{
    size_t wl = strlen(w);
    for (const char *p = list; *p;) {
        while (*p == ' ') p++;
        const char *s0 = p;
        while (*p && *p != ' ') p++;
        if ((size_t)(p - s0) == wl && !memcmp(s0, w, wl)) return true;
    }
    return false;
}

static int cmp_num(const void *a, const void *b)
{
    const char *const *x = a, *const *y = b;
    size_t lx = strlen(*x), ly = strlen(*y);
    return lx != ly ? (lx < ly ? -1 : 1) : strcmp(*x, *y);
}

/* Appends the numbers among the tokens of full (all digits) to out->nums,
 * sorted (by value). */
static void collect_numbers(const char *full, ov__name_form *out)
{
    const char *nums[32];
    char buf[OV_FORM_MAX];
    int n = 0;
    /* the numbers already there (from Han) first */
    size_t bl = 0;
    for (const char *src = out->nums; *src && bl + 1 < sizeof buf;) buf[bl++] = *src++;
    if (bl) buf[bl++] = ' ';
    for (const char *src = full; *src && bl + 1 < sizeof buf;) buf[bl++] = *src++;
    buf[bl] = '\0';
    for (char *p = buf; *p && n < 32;) {
        while (*p == ' ') p++;
        char *w = p;
        bool digits = *p != '\0';
        while (*p && *p != ' ') {
            if (*p < '0' || *p > '9') digits = false;
            p++;
        }
        if (*p) *p++ = '\0';
        if (digits && *w) {
            while (w[0] == '0' && w[1]) w++; /* 007 = 7 */
            nums[n++] = w;
        }
    }
    qsort(nums, (size_t)n, sizeof nums[0], cmp_num);
    char res[sizeof out->nums];
    res[0] = '\0';
    for (int i = 0; i < n; i++) append_token(res, sizeof res, nums[i], true);
    memcpy(out->nums, res, sizeof res);
}

/* "Holding", "Holdings", or one of them with a typo ("Holdnigs", "Holings"). */
static bool holding_word(const char *w, size_t n)
{
    return n >= 6 && w[0] == 'h' && (ov__within_one_edit(w, n, "holding", 7) || ov__within_one_edit(w, n, "holdings", 8));
}

/* Latin text (ASCII) -> full and core forms; pinyin tokens of the Han parts
 * (may be "") are appended as one token each. Numbers written as words become
 * digits; the legal class, numbers and places found are added to out (which
 * may already hold those of the Han part). */
static void latin_forms(const ov__names *nm, const char *text, const char *py_full, const char *py_core,
                        ov__name_form *out)
{
    toks *t = ov__malloc(sizeof *t);
    out->full[0] = out->core[0] = out->compact[0] = '\0';
    if (!t) return;
    tokenize(t, text);
    if (!*py_full) initials_of(nm, t, out), initials_more_of(nm, text, t, out);
    numbers_apply(nm, t);
    if (!acronym_of(text, out->acronym, sizeof out->acronym)) out->acronym[0] = '\0';
    bool drop_legal[MAX_TOKENS] = {0}, drop_core[MAX_TOKENS] = {0};
    marks mk;
    memset(&mk, 0, sizeof mk);
    int kept = mark(nm, t, 1u << W_LEGAL, drop_legal, &mk);
    if (!kept && !*py_full) { /* a name that is only a legal form */
        memset(drop_legal, 0, sizeof drop_legal);
        mk.legal_class = 0;
        out->only_legal_form = t->count > 0 && !out->han[0];
    }
    if (mk.legal_class && (!out->legal[0] || out->legal[0] == '?'))
        snprintf(out->legal, sizeof out->legal, "%s", nm->classes[mk.legal_class]);
    else if (!out->legal[0] && kept < t->count)
        snprintf(out->legal, sizeof out->legal, "?"); /* a legal form of no known class */
    join(t, drop_legal, out->full, sizeof out->full, true);
    append_token(out->full, sizeof out->full, py_full, true);
    memcpy(drop_core, drop_legal, sizeof drop_core);
    toks *kept_t = t;
    marks mp;
    memset(&mp, 0, sizeof mp);
    int core_kept = mark(nm, kept_t, (1u << W_GENERIC) | (1u << W_PLACE), drop_core, &mp);
    /* mark() counts non-dropped over all tokens: the legal ones stay dropped */
    if (!core_kept && !*py_core) memcpy(drop_core, drop_legal, sizeof drop_core);
    join(t, drop_core, out->core, sizeof out->core, true);
    append_token(out->core, sizeof out->core, py_core, true);
    join(t, drop_core, out->compact, sizeof out->compact, false);
    append_token(out->compact, sizeof out->compact, py_core, false);
    if (mp.place[0]) append_token(out->place, sizeof out->place, mp.place, true);
    if (mp.qual[0]) append_token(out->qual, sizeof out->qual, mp.qual, true);
    /* a group (its parent) is not its member: "China Telecom Group" vs
     * "China Telecom Corporation"; a holding is a group ("MONEYTECH HOLDINGS
     * LIMITED" vs "MONEYTECH LIMITED") */
    for (int i = 0; i < t->count; i++)
        if ((t->n[i] == 5 && !memcmp(t->s[i], "group", 5)) || (t->n[i] == 6 && !memcmp(t->s[i], "jituan", 6)) ||
            holding_word(t->s[i], t->n[i]) ||
            (t->n[i] == 2 && i + 1 < t->count && !memcmp(t->s[i], "ji", 2) && t->n[i + 1] == 4 &&
             !memcmp(t->s[i + 1], "tuan", 4))) {
            if (!word_listed(out->qual, "group")) append_token(out->qual, sizeof out->qual, "group", true);
            break;
        }
    /* a series or class: "Series A", "Class B" */
    for (int i = 0; i + 1 < t->count; i++)
        if ((t->n[i] == 6 && !memcmp(t->s[i], "series", 6)) || (t->n[i] == 5 && !memcmp(t->s[i], "class", 5)) ||
            (t->n[i] == 7 && !memcmp(t->s[i], "tranche", 7))) {
            char q[32];
            snprintf(q, sizeof q, "%.*s", (int)t->n[i + 1], t->s[i + 1]);
            append_token(out->qual, sizeof out->qual, q, true);
        }
    collect_numbers(out->full, out);
    ov__free(t);
}

/* ---- people ----------------------------------------------------------------- */

/* A consonant skeleton of a name word for transliteration variants: x = ks,
 * zh = z, kh = ch = h (Zakharov, Zacharov), ph = f, j = y (Vitalij,
 * Svjatlana), vowels and y dropped (but a word's first letter when it is a
 * consonant), doubled letters once: Aleksey/Alexei, Oleksandr/Aleksandr,
 * Pachodavova/Pokhodova. Belarusian readings fold to the Russian ones: a
 * first "ul" is "vl" (Uladzimir, ў for в), "dz" is d (Uladzimir/Vladimir).
 * ch_as_c reads ch as c instead: in Czech and Polish transliterations c
 * (č) writes what English writes ch (Vjačeslavovič / Vyacheslavovich). */
static size_t skeleton_as(const char *w, size_t n, char *out, size_t cap, bool ch_as_c)
{
    char tmp[64];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 2 < sizeof tmp; i++) {
        char c = w[i];
        if (i == 0 && c == 'u' && n > 2 && w[1] == 'l') {
            tmp[k++] = 'v';
            continue;
        }
        if (c == 'z' && i > 0 && w[i - 1] == 'd') continue;
        if (ch_as_c && c == 'c' && i + 1 < n && w[i + 1] == 'h') {
            tmp[k++] = 'c';
            i++;
            continue;
        }
        if (c == 'x') {
            tmp[k++] = 'k';
            tmp[k++] = 's';
            continue;
        }
        if ((c == 'z' || c == 'k' || c == 'p' || c == 'c') && i + 1 < n && w[i + 1] == 'h') {
            tmp[k++] = c == 'p' ? 'f' : c == 'z' ? 'z' : 'h';
            i++;
            continue;
        }
        tmp[k++] = c == 'j' ? 'y' : c;
    }
    size_t o = 0;
    for (size_t i = 0; i < k && o + 1 < cap; i++) {
        char c = tmp[i];
        if (strchr("aeiouy", c)) continue;
        if (o && out[o - 1] == c) continue;
        out[o++] = c;
    }
    out[o] = '\0';
    return o;
}

static size_t skeleton(const char *w, size_t n, char *out, size_t cap)
{
    return skeleton_as(w, n, out, cap, false);
}

/* Whether two words have the same skeleton, ch read as h or as c. */
static bool same_skeleton(const char *s, size_t sn, const char *ks, const char *l, size_t ln)
{
    char kl[64], a[64], b[64];
    skeleton(l, ln, kl, sizeof kl);
    if (!strcmp(ks, kl)) return true;
    skeleton_as(s, sn, a, sizeof a, true);
    skeleton_as(l, ln, b, sizeof b, true);
    return !strcmp(a, b) || !strcmp(a, kl) || !strcmp(ks, b);
}

/* A patronymic (Russian, Ukrainian, Belarusian in their transliterations:
 * -vich, -vych, -vitj, -vic, -vna ...): a variant of it costs no more than
 * its absence (ov__names_person). */
static bool patronymic(const char *w, size_t n)
{
    static const char *const ends[] = {"vich", "vych", "vitch", "vitj", "vic", "vna"};
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
        size_t e = strlen(ends[i]);
        if (n >= e + 3 && !memcmp(w + n - e, ends[i], e)) return true;
    }
    return false;
}

/* A name word with the transliteration systems' spellings of the Cyrillic
 * iotated vowels and й folded to one (out[cap], returns its length): ICAO
 * Doc 9303 (passports: Iurii, Iakov, Mariia, Nataliia), BGN/PCGN (Yuriy,
 * Yakov, Mariya, Natalya, Yevgeniy) and ISO 9 / Czech / German (Jurij,
 * Jakov) write one letter three ways. j is y; ii is i; i, or iy, before a
 * vowel is y; a first "ye" is e (Yevgeny / Evgeny: Е after no consonant);
 * a last iy, yi or i is y; x is ks. Iurii, Yuriy, Jurij, Yuri -> yury. */
static size_t iot_fold(const char *w, size_t n, char *out, size_t cap)
{
    char t[64];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 3 < sizeof t; i++) {
        char c = w[i] == 'j' ? 'y' : w[i];
        if (c == 'x') {
            t[k++] = 'k', t[k++] = 's';
            continue;
        }
        if (c == 'i' && k && t[k - 1] == 'i') continue; /* ii */
        t[k++] = c;
    }
    size_t o = 0;
    for (size_t i = 0; i < k && o + 1 < cap; i++) {
        char c = t[i];
        bool before_vowel = i + 1 < k && strchr("aeou", t[i + 1]);
        if (c == 'i' && i + 2 < k && t[i + 1] == 'y' && strchr("aeou", t[i + 2])) continue; /* iya: ya */
        if (c == 'i' && before_vowel) c = 'y';
        if (o == 0 && c == 'y' && i + 1 < k && t[i + 1] == 'e') continue; /* a first ye: e */
        out[o++] = c;
    }
    if (o >= 2 && ((out[o - 2] == 'i' && out[o - 1] == 'y') || (out[o - 2] == 'y' && out[o - 1] == 'i'))) o--;
    if (o && out[o - 1] == 'i') out[o - 1] = 'y';
    out[o < cap ? o : cap - 1] = '\0';
    return o;
}

/* Whether two name words are one name in two transliteration systems
 * (iot_fold), three letters or more. */
static bool same_iotated(const char *a, size_t an, const char *b, size_t bn)
{
    if (an < 3 || bn < 3) return false;
    char fa[64], fb[64];
    return iot_fold(a, an, fa, sizeof fa) >= 3 && iot_fold(b, bn, fb, sizeof fb) >= 3 && !strcmp(fa, fb);
}

/* An initial stands for a word: its first letter, or i, j and y for one
 * another before a vowel (Iurii, Yuriy, Jurij: Ю). */
static bool initial_of(char ini, const char *w, size_t n)
{
    if (ini == w[0]) return true;
    return strchr("ijy", ini) && strchr("ijy", w[0]) && n > 1 && strchr("aeou", w[1]);
}

static bool no_vowel(const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strchr("aeiouy", w[i])) return false;
    return n > 0;
}

double ov__names_person(const ov__names *nm, const char *a, const char *b, bool *unmatched)
{
    *unmatched = false;
    toks *ta = ov__malloc(sizeof *ta), *tb = ov__malloc(sizeof *tb);
    double res = -1;
    if (!ta || !tb) goto done;
    tokenize(ta, a);
    tokenize(tb, b);
    toks *S = ta->count <= tb->count ? ta : tb, *L = S == ta ? tb : ta;
    if (S->count < 2 || L->count > 8) goto done;
    bool used[MAX_TOKENS] = {0};
    double cost = 0;
    bool anchor = false;
    for (int i = 0; i < S->count; i++) {
        const char *s = S->s[i];
        size_t sn = S->n[i];
        int best = -1, best_kind = 9;
        double best_cost = 1;
        char ks[64], kl[64];
        size_t ksl = skeleton(s, sn, ks, sizeof ks);
        for (int j = 0; j < L->count; j++) {
            if (used[j]) continue;
            const char *l = L->s[j];
            size_t ln = L->n[j];
            int kind = 9;
            double c = 1;
            uintptr_t g1, g2, sy;
            if (sn == ln && !memcmp(s, l, sn)) kind = 0, c = 0;
            else if (ov_hmap_get(&nm->nicks, s, sn, &g1) && ov_hmap_get(&nm->nicks, l, ln, &g2) && g1 == g2)
                kind = 2, c = 0.03;
            else if (skeleton(l, ln, kl, sizeof kl) >= 1 && same_skeleton(s, sn, ks, l, ln) &&
                     ((ksl >= 3 && (s[0] == l[0] || sn >= 6)) || no_vowel(s, sn) || no_vowel(l, ln) ||
                      /* vowels apart only, five letters or more: Sojko / Sojka (Сойко, Сойка) */
                      (ksl == 2 && sn == ln && sn >= 5 && s[0] == l[0])))
                kind = 1, c = s[0] == l[0] ? 0.06 : 0.08; /* Aleksey / Alexei, Yevgeny / Evgeniy, mhmd / Mohammed */
            else if (same_iotated(s, sn, l, ln))
                kind = 1, c = 0.06; /* Iurii / Yuriy / Jurij, Mariia / Mariya, Iakov / Yakov */
            else if (sn >= 4 && ln >= 4 && ov__within_one_edit(s, sn, l, ln))
                kind = 5, c = 0.10; /* a typo */
            else if (ksl >= 5 && skeleton(l, ln, kl, sizeof kl) >= 5 && ov__within_one_edit(ks, ksl, kl, strlen(kl)))
                kind = 5, c = 0.12; /* Kostiantyn / Konstantin, Vladimirovitj / Vladimirovich */
            else if ((sn == 1 && initial_of(s[0], l, ln)) || (ln == 1 && initial_of(l[0], s, sn)))
                kind = 4, c = 0.08;
            else if (sn >= 3 && ln >= 3 && (sn < ln ? !memcmp(s, l, sn) && !ov_hmap_get(&nm->syllables, l + sn, ln - sn, &sy)
                                                    : !memcmp(s, l, ln) && !ov_hmap_get(&nm->syllables, s + ln, sn - ln, &sy)))
                kind = 3, c = 0.05; /* Sam / Samuel, not Yang / Yangzhong */
            if (kind != 9 && c > 0.05 && patronymic(s, sn) && patronymic(l, ln)) c = 0.05;
            if (c < best_cost) best = j, best_kind = kind, best_cost = c;
        }
        if (best < 0 || best_kind == 9) {
            if (sn >= 2) *unmatched = true;
            goto done;
        }
        used[best] = true;
        cost += best_cost;
        /* a surname-like word: the same, or a variant of six letters or more */
        if ((best_kind == 0 && sn >= 3) || (best_kind != 4 && best_kind != 3 && sn >= 6) ||
            (best_kind == 1 && no_vowel(s, sn) && sn >= 3))
            anchor = true;
    }
    if (!anchor) goto done;
    for (int j = 0; j < L->count; j++)
        if (!used[j]) cost += 0.05; /* a middle name, a patronymic */
    res = 1.0 - cost;
    if (res < 0) res = 0;
done:
    ov__free(ta);
    ov__free(tb);
    return res;
}

/* ---- Han ------------------------------------------------------------------ */

/* Strips the longest form of l that ends s; returns its index + 1, or 0. */
static int strip_suffix(const han_list *l, char *s, size_t *n)
{
    for (int i = 0; i < l->n; i++)
        if (l->len[i] < *n && memcmp(s + *n - l->len[i], l->s[i], l->len[i]) == 0) {
            *n -= l->len[i];
            s[*n] = '\0';
            return i + 1;
        }
    return 0;
}

static int strip_prefix(const han_list *l, char *s, size_t *n, bool admin)
{
    static const char *const adm[] = {"特别行政区", "自治区", "省", "市", "区", "县"};
    for (int i = 0; i < l->n; i++) {
        if (l->len[i] >= *n || memcmp(s, l->s[i], l->len[i]) != 0) continue;
        size_t cut = l->len[i];
        for (size_t a = 0; admin && a < sizeof adm / sizeof adm[0]; a++) {
            size_t al = strlen(adm[a]);
            if (cut + al < *n && memcmp(s + cut, adm[a], al) == 0) {
                cut += al;
                break;
            }
        }
        memmove(s, s + cut, *n - cut + 1);
        *n -= cut;
        return i + 1;
    }
    return 0;
}

/* The Han name (simplified) -> its core in core[cap]: legal forms, generic
 * words and place prefixes stripped; the legal class of its outermost legal
 * form and the canonical Latin form of its places go to out. */
static void han_forms(const ov__names *nm, char *han, char *core, size_t cap, ov__name_form *out, bool latin_too)
{
    size_t n = strlen(han);
    int k;
    bool registered = false;
    for (int i = 0; !latin_too && i < nm->han_legal.n; i++)
        if (nm->han_legal.len[i] == n && !memcmp(nm->han_legal.s[i], han, n)) out->only_legal_form = true;
    /* "Exelis有限公司": the Han part is only the legal form of a Latin name */
    for (int i = 0; latin_too && i < nm->han_legal.n; i++)
        if (nm->han_legal.len[i] == n && !memcmp(nm->han_legal.s[i], han, n)) {
            if (nm->han_legal.cls[i])
                snprintf(out->legal, sizeof out->legal, "%s", nm->classes[nm->han_legal.cls[i]]);
            han[0] = core[0] = '\0';
            return;
        }
    while ((k = strip_suffix(&nm->han_legal, han, &n))) {
        registered = true;
        if ((!out->legal[0] || out->legal[0] == '?') && nm->han_legal.cls[k - 1])
            snprintf(out->legal, sizeof out->legal, "%s", nm->classes[nm->han_legal.cls[k - 1]]);
        else if (!out->legal[0])
            snprintf(out->legal, sizeof out->legal, "?");
    }
    size_t m = n < cap - 1 ? n : cap - 1;
    memcpy(core, han, m);
    core[m] = '\0';
    bool changed = true;
    while (changed) {
        changed = strip_suffix(&nm->han_legal, core, &m) || strip_suffix(&nm->han_generic, core, &m);
        if (!changed && (k = strip_prefix(&nm->han_place, core, &m, true))) {
            changed = true;
            if (nm->han_place.canon[k - 1]) append_token(out->place, sizeof out->place, nm->han_place.canon[k - 1], true);
        }
        if (!changed) changed = strip_prefix(&nm->han_generic, core, &m, false);
    }
    /* the industry words of a registered name: what is left of it without
     * its place prefixes, its legal form and its core */
    if (registered && m) {
        char mid[OV_FORM_MAX];
        size_t ml = n < sizeof mid - 1 ? n : sizeof mid - 1;
        memcpy(mid, han, ml);
        mid[ml] = '\0';
        while (strip_prefix(&nm->han_place, mid, &ml, true)) {}
        char *at = strstr(mid, core);
        if (at) {
            memmove(at, at + m, strlen(at + m) + 1);
            /* words of the organisation rather than the industry, which some
             * legal forms include (集团有限公司, 控股有限公司) and others not */
            static const char *const org[] = {"集团", "控股", "股份", "有限", "责任", "总"};
            for (size_t o = 0; o < sizeof org / sizeof org[0]; o++)
                for (char *w; (w = strstr(mid, org[o]));) memmove(w, w + strlen(org[o]), strlen(w + strlen(org[o])) + 1);
            /* "=" marks a registered name, whose industry words may be none */
            size_t il = strlen(mid) < sizeof out->han_industry - 2 ? strlen(mid) : sizeof out->han_industry - 2;
            while (il && ((unsigned char)mid[il] & 0xC0) == 0x80) il--; /* whole characters */
            out->han_industry[0] = '=';
            memcpy(out->han_industry + 1, mid, il);
            out->han_industry[il + 1] = '\0';
        }
    }
}

static int translit(ov__names *nm, const UChar *src, int32_t n, char *out, size_t cap);
static int translit_as(ov__names *nm, const UChar *src, int32_t n, char *out, size_t cap, char lang);

/* rigour's legal forms in other scripts (ООО, Ε.Π.Ε., АКЦИОНЕРНОЕ ОБЩЕСТВО
 * ...), made Latin as names are and added as W_TAIL forms: once, when the
 * transliterator opens. */
static void pending_translit(ov__names *nm)
{
    nm->pending_done = true;
    UChar src[512], folded[512];
    char latin[1024];
    for (int i = 0; i < nm->n_pending; i++) {
        UErrorCode ue = U_ZERO_ERROR;
        int32_t ul = 0;
        u_strFromUTF8(src, 512, &ul, nm->pending[i], -1, &ue);
        if (U_FAILURE(ue)) continue;
        int32_t fl = unorm2_normalize(nm->nfkc, src, ul, folded, 512, &ue);
        if (U_FAILURE(ue)) continue;
        /* read as Russian, Ukrainian and Belarusian: a form alone may not show
         * its language ("Таварыства з абмежаванай адказнасцю" has no і or ў),
         * the name that carries it does. Only phrases: a short form read in
         * the other languages meets other words (ГУ read as Ukrainian is "HU",
         * a Chinese surname) */
        static const char langs[] = {0, 'u', 'b'};
        bool phrase = false;
        for (int32_t k = 0; k < fl && !phrase; k++) phrase = folded[k] == ' ';
        for (int l = 0; l < (phrase ? 3 : 1); l++) {
            if (translit_as(nm, folded, fl, latin, sizeof latin, langs[l])) continue;
            toks *t = ov__malloc(sizeof *t);
            if (!t) return;
            tokenize(t, latin);
            char form[256];
            join(t, NULL, form, sizeof form, true);
            ov__free(t);
            if (form[0]) legal_put(nm, form, strlen(form), nm->pending_cls[i], true);
        }
    }
}

/* Which Cyrillic text is: 'b' Belarusian (ў, or і beside ы, э or ё, which
 * Ukrainian does not write), 'u' Ukrainian (і, ї, є or ґ otherwise), 0 any
 * other (read as Russian). src is case-folded (NFKC_Casefold). */
static char cyrillic_language(const UChar *src, int32_t n)
{
    bool i_dot = false, uk = false, be_vowel = false;
    for (int32_t k = 0; k < n; k++) {
        UChar c = src[k];
        if (c == 0x045E) return 'b';                                  /* ў */
        if (c == 0x0456) i_dot = true;                                /* і */
        if (c == 0x0457 || c == 0x0454 || c == 0x0491) uk = true;     /* ї є ґ */
        if (c == 0x044B || c == 0x044D || c == 0x0451) be_vowel = true; /* ы э ё */
    }
    if (uk) return 'u';
    if (i_dot) return be_vowel ? 'b' : 'u';
    return 0;
}

/* The transliterator of a language ("Ukrainian-Latin/BGN; Any-Latin; ..."),
 * opened into *tr on first use; NULL when ICU cannot open it. */
static UTransliterator *open_translit(UTransliterator **tr, const UChar *id)
{
    if (!*tr) {
        UErrorCode ue = U_ZERO_ERROR;
        *tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &ue);
        if (U_FAILURE(ue)) *tr = NULL;
    }
    return *tr;
}

/* ICU: UTF-8 -> transliterated, ASCII-folded UTF-8 in out (cap bytes).
 * Ukrainian and Belarusian Cyrillic by their own BGN tables (Інтэр is Inter,
 * not Intehr; Холдинг is Kholdynh, as the records write Ukrainian names),
 * chosen by the letters only they write; other Cyrillic as Russian. */
static int translit_as(ov__names *nm, const UChar *src, int32_t n, char *out, size_t cap, char lang)
{
    UErrorCode ue = U_ZERO_ERROR;
    UTransliterator *use = NULL;
    if (lang == 'u') use = open_translit(&nm->tr_uk, u"Ukrainian-Latin/BGN; Any-Latin; Latin-ASCII; Lower");
    if (lang == 'b') use = open_translit(&nm->tr_be, u"Belarusian-Latin/BGN; Any-Latin; Latin-ASCII; Lower");
    if (!nm->tr) {
        static const UChar id[] = u"Russian-Latin/BGN; Any-Latin; Latin-ASCII; Lower";
        nm->tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &ue);
        if (U_FAILURE(ue)) {
            nm->tr = NULL;
            return OV_EIO;
        }
        if (!nm->pending_done) pending_translit(nm);
    }
    enum { UCAP = OV_NAME_MAX * 4 };
    UChar *buf = ov__malloc(sizeof(UChar) * UCAP);
    if (!buf) return OV_ENOMEM;
    if (n > UCAP / 2) n = UCAP / 2;
    memcpy(buf, src, sizeof(UChar) * (size_t)n);
    int32_t len = n, limit = n;
    utrans_transUChars(use ? use : nm->tr, buf, &len, UCAP, 0, &limit, &ue);
    if (ue == U_BUFFER_OVERFLOW_ERROR || U_FAILURE(ue)) {
        ov__free(buf);
        return OV_EIO;
    }
    /* BGN writes a middle dot between letters that would read as one sound
     * (otvet·stvennost'): it is not a word break */
    int32_t w = 0;
    for (int32_t i = 0; i < len; i++)
        if (buf[i] != 0x00B7) buf[w++] = buf[i];
    len = w;
    int32_t olen = 0;
    ue = U_ZERO_ERROR;
    u_strToUTF8(out, (int32_t)cap - 1, &olen, buf, len, &ue);
    ov__free(buf);
    if (U_FAILURE(ue) || ue == U_STRING_NOT_TERMINATED_WARNING) olen = olen < (int32_t)cap ? olen : (int32_t)cap - 1;
    if (olen < 0) olen = 0;
    if ((size_t)olen >= cap) olen = (int32_t)cap - 1;
    out[olen] = '\0';
    return OV_OK;
}

static int translit(ov__names *nm, const UChar *src, int32_t n, char *out, size_t cap)
{
    return translit_as(nm, src, n, out, cap, cyrillic_language(src, n));
}

/* The pinyin of one Han character (ICU, cached per code point: Han-Latin
 * reads character by character, so the name's pinyin is the concatenation). */
static int pinyin_char(ov__names *nm, const char *ch, size_t n, const char **py)
{
    uintptr_t v;
    if (ov_hmap_get(&nm->pinyin, ch, n, &v)) {
        *py = (const char *)v;
        return OV_OK;
    }
    UChar u[4];
    int32_t ul = 0;
    UErrorCode ue = U_ZERO_ERROR;
    u_strFromUTF8(u, 4, &ul, ch, (int32_t)n, &ue);
    if (U_FAILURE(ue)) return OV_EINVAL;
    char tmp[64];
    int rc = translit(nm, u, ul, tmp, sizeof tmp);
    if (rc) return rc;
    size_t k = 0;
    for (const char *p = tmp; *p && k + 1 < sizeof tmp; p++)
        if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) tmp[k++] = *p;
    tmp[k] = '\0';
    char *copy = ov__strdup(tmp);
    if (!copy) return OV_ENOMEM;
    if (ov_hmap_put(&nm->pinyin, ch, n, (uintptr_t)copy)) {
        ov__free(copy);
        return OV_ENOMEM;
    }
    *py = copy;
    return OV_OK;
}

static int pinyin(ov__names *nm, const char *han, char *out, size_t cap)
{
    size_t k = 0;
    out[0] = '\0';
    for (const char *p = han; *p;) {
        uint32_t cp;
        size_t n = (size_t)ov_utf8_decode(p, &cp);
        const char *py;
        int rc = pinyin_char(nm, p, n, &py);
        if (rc) return rc;
        size_t l = strlen(py);
        if (k + l + 1 > cap) break;
        memcpy(out + k, py, l + 1);
        k += l;
        p += n;
    }
    return OV_OK;
}

/* ---- Latin names written in pinyin ----------------------------------------- */

/* True when s[0..n) is a sequence of pinyin syllables. */
static bool syllables_only(const ov__names *nm, const char *s, size_t n)
{
    enum { LONGEST = 6 }; /* zhuang */
    bool ok[OV_FORM_MAX + 1];
    if (n > OV_FORM_MAX) return false;
    ok[n] = true;
    for (size_t i = n; i-- > 0;) {
        ok[i] = false;
        uintptr_t v;
        for (size_t l = 1; l <= LONGEST && i + l <= n && !ok[i]; l++)
            ok[i] = ok[i + l] && ov_hmap_get(&nm->syllables, s + i, l, &v);
    }
    return n > 0 && ok[0];
}

bool ov__names_legal_word(const ov__names *nm, const char *w, size_t n)
{
    uintptr_t v;
    if (ov_hmap_get(&nm->legal_words, w, n, &v)) return true;
    /* a compound holding a one-word form of seven letters or more
     * ("telefonaktiebolaget": aktiebolag) */
    for (size_t i = 0; i + 7 <= n; i++)
        for (size_t l = 7; i + l <= n; l++)
            if (ov_hmap_get(&nm->words, w + i, l, &v) && (v & 0xF) == W_LEGAL) return true;
    return false;
}

int ov__names_pinyin_differ(const ov__names *nm, const char *a, const char *b, int *syllables)
{
    enum { LONGEST = 6, MAXLEN = 24, MAXK = 4 };
    size_t na = strlen(a), nb = strlen(b);
    *syllables = 0;
    if (!na || !nb || na > MAXLEN || nb > MAXLEN || !syllables_only(nm, a, na) || !syllables_only(nm, b, nb))
        return -1;
    /* cost[k][i][j]: the fewest unlike syllables reading a[0..i) and b[0..j) as k syllables each */
    static const uint8_t NONE = 255;
    uint8_t cost[MAXK + 1][MAXLEN + 1][MAXLEN + 1];
    memset(cost, NONE, sizeof cost);
    cost[0][0][0] = 0;
    for (int k = 0; k < MAXK; k++)
        for (size_t i = 0; i < na; i++)
            for (size_t j = 0; j < nb; j++) {
                if (cost[k][i][j] == NONE) continue;
                uintptr_t v;
                for (size_t la = 1; la <= LONGEST && i + la <= na; la++) {
                    if (!ov_hmap_get(&nm->syllables, a + i, la, &v)) continue;
                    for (size_t lb = 1; lb <= LONGEST && j + lb <= nb; lb++) {
                        if (!ov_hmap_get(&nm->syllables, b + j, lb, &v)) continue;
                        uint8_t c = (uint8_t)(cost[k][i][j] + !(la == lb && !memcmp(a + i, b + j, la)));
                        if (c < cost[k + 1][i + la][j + lb]) cost[k + 1][i + la][j + lb] = c;
                    }
                }
            }
    int best = -1;
    for (int k = 1; k <= MAXK; k++)
        if (cost[k][na][nb] != NONE && (best < 0 || cost[k][na][nb] < best)) best = cost[k][na][nb], *syllables = k;
    return best;
}

int ov__names_han_syllables(ov__names *nm, const char *han, const char *latin, int *differ)
{
    enum { LONGEST = 6, MAXK = 32 };
    *differ = 0;
    const char *py[MAXK];
    size_t pl[MAXK];
    int k = 0;
    for (const char *p = han; *p; k++) {
        uint32_t cp;
        size_t n = (size_t)ov_utf8_decode(p, &cp);
        bool han_cp = (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) || cp >= 0x20000;
        if (k == MAXK || !han_cp || pinyin_char(nm, p, n, &py[k])) return -1;
        pl[k] = strlen(py[k]);
        p += n;
    }
    size_t n = strlen(latin);
    if (!k || !n || n > OV_FORM_MAX) return -1;
    /* cost[i][j]: the fewest syllables unlike han's in latin[0..i) read as j syllables */
    static const uint8_t NONE = 255;
    uint8_t cost[OV_FORM_MAX + 1][MAXK + 1];
    memset(cost, NONE, sizeof cost);
    cost[0][0] = 0;
    for (size_t i = 0; i < n; i++)
        for (int j = 0; j < k; j++) {
            if (cost[i][j] == NONE) continue;
            for (size_t l = 1; l <= LONGEST && i + l <= n; l++) {
                uintptr_t v;
                bool same = l == pl[j] && !memcmp(latin + i, py[j], l);
                if (!same && !ov_hmap_get(&nm->syllables, latin + i, l, &v)) continue;
                uint8_t c = (uint8_t)(cost[i][j] + !same);
                if (c < cost[i + l][j + 1]) cost[i + l][j + 1] = c;
            }
        }
    if (cost[n][k] == NONE) return -1;
    *differ = cost[n][k];
    return k;
}

static int py_list_fill(ov__names *nm, const han_list *from, py_list *to)
{
    char buf[OV_FORM_MAX], han[OV_FORM_MAX];
    for (int i = 0; i < from->n; i++) {
        size_t l = from->len[i] < sizeof han - 1 ? from->len[i] : sizeof han - 1;
        memcpy(han, from->s[i], l);
        han[l] = '\0';
        int rc = pinyin(nm, han, buf, sizeof buf);
        if (rc) return rc;
        if (!(to->s[to->n] = ov__strdup(buf))) return OV_ENOMEM;
        to->len[to->n++] = strlen(buf);
    }
    return OV_OK;
}

/* The pinyin of the Han vocabulary, once (opens ICU). */
static bool pinyin_vocab(ov__names *nm)
{
    if (nm->py_ready || nm->py_failed) return nm->py_ready;
    static const char *const adm[] = {"特别行政区", "自治区", "省", "市", "区", "县"};
    han_list admin = {.n = 0};
    for (size_t a = 0; a < sizeof adm / sizeof adm[0]; a++) {
        admin.s[admin.n] = adm[a];
        admin.len[admin.n++] = strlen(adm[a]);
    }
    if (py_list_fill(nm, &nm->han_legal, &nm->py_legal) || py_list_fill(nm, &nm->han_generic, &nm->py_generic) ||
        py_list_fill(nm, &nm->han_place, &nm->py_place) || py_list_fill(nm, &admin, &nm->py_admin))
        nm->py_failed = true;
    else
        nm->py_ready = true;
    return nm->py_ready;
}

/* As strip_suffix/strip_prefix on the Han name, on its pinyin: a form is cut
 * only where what remains is still whole syllables ("gongsi" from
 * "...jishugongsi", never "an" from "...xian"). */
static bool py_strip_suffix(const ov__names *nm, const py_list *l, char *s, size_t *n)
{
    for (int i = 0; i < l->n; i++)
        if (l->len[i] && l->len[i] < *n && !memcmp(s + *n - l->len[i], l->s[i], l->len[i]) &&
            syllables_only(nm, s, *n - l->len[i])) {
            *n -= l->len[i];
            s[*n] = '\0';
            return true;
        }
    return false;
}

static bool py_strip_prefix(const ov__names *nm, const py_list *l, char *s, size_t *n, bool admin)
{
    for (int i = 0; i < l->n; i++) {
        size_t cut = l->len[i];
        if (!cut || cut >= *n || memcmp(s, l->s[i], cut) || !syllables_only(nm, s + cut, *n - cut)) continue;
        for (int a = 0; admin && a < nm->py_admin.n; a++) {
            size_t al = nm->py_admin.len[a];
            if (cut + al < *n && !memcmp(s + cut, nm->py_admin.s[a], al) &&
                syllables_only(nm, s + cut + al, *n - cut - al)) {
                cut += al;
                break;
            }
        }
        memmove(s, s + cut, *n - cut + 1);
        *n -= cut;
        return true;
    }
    return false;
}

/* A Latin name whose words are all pinyin syllables and which ends in the
 * pinyin of a Chinese legal form ("Gao Duan Hang Kong Ji Shu Gong Si",
 * "Guo Ji Zao Chuan Gu Fen You Xian Gong Si") is read as the Han name it
 * spells: the same forms as that name in characters would get. Syllables
 * spaced one by one defeat the word-level vocabulary, and this is how pinyin
 * renderings of Chinese names are often written. False (nothing written) for
 * any other name. */
static bool pinyin_reading(ov__names *nm, const char *text, ov__name_form *out)
{
    toks *t = ov__malloc(sizeof *t);
    if (!t) return false;
    tokenize(t, text);
    char full[OV_FORM_MAX];
    size_t n = 0;
    bool ok = t->count > 1;
    for (int i = 0; ok && i < t->count; i++) {
        for (size_t k = 0; k < t->n[i] && ok; k++) ok = t->s[i][k] >= 'a' && t->s[i][k] <= 'z';
        ok = ok && n + t->n[i] < sizeof full;
        if (ok) memcpy(full + n, t->s[i], t->n[i]), n += t->n[i];
    }
    full[n] = '\0';
    /* cheap tests first: the ending, then whether every word is syllables */
    bool legal_end = false;
    if (ok && n >= 4 && pinyin_vocab(nm))
        for (int i = 0; i < nm->py_legal.n && !legal_end; i++)
            legal_end = nm->py_legal.len[i] && nm->py_legal.len[i] < n &&
                        !memcmp(full + n - nm->py_legal.len[i], nm->py_legal.s[i], nm->py_legal.len[i]);
    for (int i = 0; legal_end && i < t->count; i++) legal_end = syllables_only(nm, t->s[i], t->n[i]);
    ov__free(t);
    if (!legal_end || !py_strip_suffix(nm, &nm->py_legal, full, &n)) return false;
    while (py_strip_suffix(nm, &nm->py_legal, full, &n)) {}
    char core[OV_FORM_MAX];
    size_t m = n;
    memcpy(core, full, n + 1);
    bool changed = true;
    while (changed)
        changed = py_strip_suffix(nm, &nm->py_legal, core, &m) || py_strip_suffix(nm, &nm->py_generic, core, &m) ||
                  py_strip_prefix(nm, &nm->py_place, core, &m, true) ||
                  py_strip_prefix(nm, &nm->py_generic, core, &m, false);
    latin_forms(nm, "", full, core, out);
    return true;
}

/* A Chinese numeral at s[*i] (一 ... 九, 十, 百, 千, 两, 零, 〇; "十四" = 14,
 * "一五" = 15): its value in *v and *i past it; false when none. */
static bool chinese_number(const UChar *s, int32_t *i, int32_t n, long *v)
{
    static const UChar digits[] = u"零一二三四五六七八九";
    long total = 0, cur = 0, plain = 0;
    bool units = false;
    int32_t j = *i;
    for (; j < n; j++) {
        UChar c = s[j];
        int d = -1;
        for (int k = 0; k < 10; k++)
            if (digits[k] == c) d = k;
        if (c == 0x3007) d = 0; /* 〇 */
        if (c == 0x4E24) d = 2; /* 两 */
        if (d >= 0) {
            cur = d;
            plain = plain * 10 + d;
            if (plain > 99999999) return false;
        } else if (c == 0x5341 || c == 0x767E || c == 0x5343) { /* 十 百 千 */
            long unit = c == 0x5341 ? 10 : c == 0x767E ? 100 : 1000;
            total += (cur ? cur : 1) * unit;
            cur = 0;
            units = true;
        } else {
            break;
        }
    }
    if (j == *i) return false;
    *v = units ? total + cur : plain;
    *i = j;
    return true;
}

/* Hiragana, katakana (with the phonetic extensions and the prolonged sound
 * mark) and half-width katakana. */
static bool is_kana(UChar32 c)
{
    return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) || (c >= 0xFF66 && c <= 0xFF9F);
}

static bool is_han(UChar32 c)
{
    UErrorCode se = U_ZERO_ERROR;
    return c >= 0x2E80 && uscript_getScript(c, &se) == USCRIPT_HAN;
}

/* The length in bytes of the Han legal form (株式会社, 有限会社 ...) that
 * starts (at_end false) or ends (at_end true) the UTF-8 run s[0..n), or 0. */
static size_t han_legal_edge(const ov__names *nm, const char *s, size_t n, bool at_end)
{
    size_t best = 0;
    for (int i = 0; i < nm->han_legal.n; i++) {
        size_t l = nm->han_legal.len[i];
        if (l <= n && l > best && !memcmp(nm->han_legal.s[i], at_end ? s + n - l : s, l)) best = l;
    }
    return best;
}

/* In a Japanese name (one with kana) a run of kanji is read with the kana, on
 * the Latin path, not as a Chinese name of its own: エーレベル航空システムズ is
 * not the Chinese 航空 (which matched 中国航空工业集团 at 0.88). Only a run
 * that begins or ends with a Han legal form (株式会社, 公開株式会社) goes to
 * the Han path, where the form is cut as the Han legal forms are
 * (株式会社カラシニコフ・コンツェルン). Marks the UTF-16 units of such runs in
 * han_unit[0..fl). */
static void japanese_legal_forms(const ov__names *nm, const UChar *u, int32_t fl, bool *han_unit)
{
    for (int32_t i = 0; i < fl;) {
        UChar32 c;
        int32_t start = i;
        U16_NEXT(u, i, fl, c);
        if (!is_han(c)) continue;
        int32_t end = i;
        while (end < fl) {
            int32_t j = end;
            U16_NEXT(u, j, fl, c);
            if (!is_han(c)) break;
            end = j;
        }
        i = end;
        char run[OV_NAME_MAX]; /* the run in UTF-8 */
        size_t rl = 0;
        for (int32_t k = start; k < end && rl + 4 < sizeof run;) {
            U16_NEXT(u, k, end, c);
            rl += (size_t)ov_utf8_encode((uint32_t)c, run + rl);
        }
        if (han_legal_edge(nm, run, rl, false) || han_legal_edge(nm, run, rl, true))
            for (int32_t k = start; k < end; k++) han_unit[k] = true;
    }
}

/* ASCII digits at s[*i] (full-width ones are ASCII after NFKC). */
static bool ascii_number(const UChar *s, int32_t *i, int32_t n, long *v)
{
    int32_t j = *i;
    long x = 0;
    while (j < n && s[j] >= '0' && s[j] <= '9' && x < 99999999) x = x * 10 + (s[j++] - '0');
    if (j == *i) return false;
    *v = x;
    *i = j;
    return true;
}

static int slow_path(ov__names *nm, const char *name, ov__name_form *out)
{
    int rc = OV_OK;
    enum { UCAP = OV_NAME_MAX * 2 };
    UChar *src = ov__malloc(sizeof(UChar) * UCAP * 2);
    char *latin = ov__malloc(OV_NAME_MAX * 4);
    char *han = ov__malloc(OV_NAME_MAX + 4);
    if (!src || !latin || !han) {
        rc = OV_ENOMEM;
        goto done;
    }
    UChar *folded = src + UCAP;
    UErrorCode ue = U_ZERO_ERROR;
    int32_t ul = 0;
    u_strFromUTF8(src, UCAP, &ul, name, -1, &ue);
    if (U_FAILURE(ue)) {
        rc = OV_EINVAL;
        goto done;
    }
    int32_t fl = unorm2_normalize(nm->nfkc, src, ul, folded, UCAP, &ue);
    if (U_FAILURE(ue)) {
        rc = OV_EIO;
        goto done;
    }
    /* split: Han characters to han (UTF-8), the rest (Han replaced by spaces) kept in src */
    size_t hl = 0;
    int32_t ol = 0;
    bool other_non_ascii = false;
    bool kana = false;
    for (int32_t i = 0; i < fl && !kana;) {
        UChar32 c;
        U16_NEXT(folded, i, fl, c);
        kana = is_kana(c);
    }
    bool *han_unit = NULL; /* Japanese names: the units of Han legal forms */
    if (kana) {
        han_unit = ov__calloc((size_t)fl + 1, sizeof *han_unit);
        if (!han_unit) {
            rc = OV_ENOMEM;
            goto done;
        }
        japanese_legal_forms(nm, folded, fl, han_unit);
    }
    for (int32_t i = 0; i < fl;) {
        UChar32 c;
        int32_t start = i;
        U16_NEXT(folded, i, fl, c);
        UErrorCode se = U_ZERO_ERROR;
        if (c == 0x7B2C /* 第 */ && i < fl) {
            /* 第十四, 第14: an ordinal, written as digits among the Latin words */
            int32_t j = i;
            long v = 0;
            bool any = false;
            if (chinese_number(folded, &j, fl, &v) || ascii_number(folded, &j, fl, &v)) any = true;
            if (any && ol + 16 < UCAP) {
                char d[16];
                int dl = snprintf(d, sizeof d, " %ld ", v);
                for (int q = 0; q < dl; q++) src[ol++] = (UChar)d[q];
                i = j;
                continue;
            }
        }
        if (c >= 0x2E80 && uscript_getScript(c, &se) == USCRIPT_HAN && (!han_unit || han_unit[start])) {
            if (hl + 4 < OV_NAME_MAX) hl += (size_t)ov_utf8_encode((uint32_t)c, han + hl);
            src[ol++] = ' ';
        } else {
            if (c >= 0x80) other_non_ascii = true;
            for (int32_t k = start; k < i; k++) src[ol++] = folded[k];
        }
    }
    ov__free(han_unit);
    han[hl] = '\0';
    latin[0] = '\0';
    if (other_non_ascii) {
        rc = translit(nm, src, ol, latin, OV_NAME_MAX * 4);
        if (rc) goto done;
    } else {
        int32_t k = 0;
        for (int32_t i = 0; i < ol && k < OV_NAME_MAX; i++) latin[k++] = (char)src[i];
        latin[k] = '\0';
    }
    char py_full[OV_FORM_MAX] = "", py_core[OV_FORM_MAX] = "";
    out->han[0] = '\0';
    if (hl) {
        char *simp = opencc_convert_utf8(nm->cc, han, hl);
        if (!simp) {
            rc = OV_EIO;
            goto done;
        }
        size_t sl = strlen(simp);
        if (sl > OV_NAME_MAX) sl = OV_NAME_MAX;
        memcpy(han, simp, sl);
        han[sl] = '\0';
        opencc_convert_utf8_free(simp);
        if (strstr(han, "集团")) append_token(out->qual, sizeof out->qual, "group", true);
        bool latin_too = false;
        for (const char *q = latin; *q && !latin_too; q++) latin_too = (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z');
        han_forms(nm, han, out->han, sizeof out->han, out, latin_too);
        if ((rc = pinyin(nm, han, py_full, sizeof py_full))) goto done;
        if ((rc = pinyin(nm, out->han, py_core, sizeof py_core))) goto done;
    }
    latin_forms(nm, latin, py_full, py_core, out);
done:
    ov__free(src);
    ov__free(latin);
    ov__free(han);
    return rc;
}

bool ov__names_is_qualifier(const ov__names *nm, const char *text)
{
    while (*text == ' ') text++;
    size_t n = strlen(text);
    while (n && text[n - 1] == ' ') n--;
    if (!n || n > OV_NAME_MAX) return false;
    bool ascii = true;
    for (size_t i = 0; i < n && ascii; i++) ascii = (unsigned char)text[i] < 0x80;
    if (!ascii) {
        const han_list *lists[3] = {&nm->han_place, &nm->han_generic, &nm->han_legal};
        for (int l = 0; l < 3; l++)
            for (int i = 0; i < lists[l]->n; i++)
                if (lists[l]->len[i] == n && !memcmp(lists[l]->s[i], text, n)) return true;
        return false;
    }
    toks *t = ov__malloc(sizeof *t);
    if (!t) return false;
    tokenize(t, text);
    bool drop[MAX_TOKENS] = {0};
    bool all = t->count > 0 && mark(nm, t, (1u << W_LEGAL) | (1u << W_GENERIC) | (1u << W_PLACE), drop, NULL) == 0;
    /* a number, a series or a class ("(2)", "(Class I)", "(Series A)") qualifies too */
    if (!all && t->count > 0) {
        all = (t->n[0] == 5 && !memcmp(t->s[0], "class", 5)) || (t->n[0] == 6 && !memcmp(t->s[0], "series", 6));
        bool digits = true;
        for (size_t k = 0; k < t->n[0]; k++) digits = digits && t->s[0][k] >= '0' && t->s[0][k] <= '9';
        if (t->count == 1 && digits) all = true;
    }
    ov__free(t);
    return all;
}

int ov__names_normalize(ov__names *nm, const char *name, ov__name_form *out)
{
    memset(out, 0, sizeof *out);
    size_t n = strnlen(name, OV_NAME_MAX + 1);
    char cut[OV_NAME_MAX + 1];
    if (n > OV_NAME_MAX) {
        n = OV_NAME_MAX;
        while (n && ((unsigned char)name[n] & 0xC0) == 0x80) n--;
        memcpy(cut, name, n);
        cut[n] = '\0';
        name = cut;
    }
    if (!ov_utf8_valid(name, n, NULL)) return OV_EINVAL;
    bool ascii = true;
    for (size_t i = 0; i < n && ascii; i++) ascii = (unsigned char)name[i] < 0x80;
    if (ascii) {
        if (!pinyin_reading(nm, name, out)) latin_forms(nm, name, "", "", out);
        return OV_OK;
    }
    uintptr_t hit;
    if (ov_hmap_get(&nm->cache, name, n, &hit)) {
        memcpy(out, (const void *)hit, sizeof *out);
        return OV_OK;
    }
    int rc = slow_path(nm, name, out);
    if (rc) return rc;
    if (nm->cache.count >= CACHE_MAX) cache_clear(nm);
    ov__name_form *copy = ov__malloc(sizeof *copy);
    if (copy) {
        memcpy(copy, out, sizeof *copy);
        if (ov_hmap_put(&nm->cache, name, n, (uintptr_t)copy)) ov__free(copy);
    }
    return OV_OK;
}
