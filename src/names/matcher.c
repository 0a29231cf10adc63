/* matcher.c - the candidate index and the explainable score (see match.h,
 * docs/internals/names.md).
 *
 * Every name of every matchable entity is normalised once (ov__names) and kept
 * in a string pool. Blocking keys - core tokens, character trigrams of the
 * compact core, Soundex codes of the tokens and Han character bigrams - map to
 * postings of name numbers, built by counting sort in ov_matcher_finish. A
 * query adds up the weights of the keys each name shares with it, keeps the
 * best few entities, and scores those in full: several name similarities,
 * identifiers, country and schema. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <xxhash.h>
#include "matcher_internal.h"
#include "../util/alloc.h"
#include "../util/utf8.h"
#include "../util/banned.h"

#define MAX_QUERY_NAMES 16
#define MAX_KEYS 512
#define MAX_CAND 256

static const char *const feature_names[] = {
    "exact", "han", "jaro_winkler", "levenshtein", "tokens", "phonetic", "full", "name", "identifier", "country",
    "legal_form", "number", "qualifier", "place", "industry", "acronym", "person", "short_typo", "chinese",
    "short_name", "abbreviation", "descriptor", "part"};
_Static_assert(sizeof feature_names / sizeof *feature_names == OV_MF__COUNT, "a feature without its name");

const char *ov_match_feature_name(int f)
{
    return f >= 0 && f < OV_MF__COUNT ? feature_names[f] : "?";
}

/* ---- settings ------------------------------------------------------------ */

typedef struct setting {
    const char *key;
    size_t off;
    bool is_int;
} setting;
#define S_D(k) {#k, offsetof(ov_match_settings, k), false}
#define S_I(k) {#k, offsetof(ov_match_settings, k), true}
static const setting settings_table[] = {
    S_D(match_threshold), S_D(cutoff), S_I(limit), S_I(block_candidates), S_I(block_max_posting), S_I(block_budget),
    S_D(w_jaro_winkler), S_D(w_levenshtein), S_D(w_tokens), S_D(w_phonetic), S_D(w_full),
    S_D(identifier_match), S_D(identifier_mismatch), S_D(country_match), S_D(country_mismatch),
    S_D(legal_class_mismatch), S_D(legal_family_mismatch), S_D(legal_one_sided), S_D(number_mismatch_cap), S_D(number_one_sided_cap),
    S_D(qualifier_mismatch_cap), S_D(qualifier_one_sided), S_D(place_mismatch), S_D(industry_mismatch_cap),
    S_D(acronym_match), S_D(short_initialism_cap), S_D(person_mismatch_cap), S_D(short_typo_floor), S_D(han_mismatch_cap),
    S_D(short_name_match), S_D(descriptor_mismatch_cap), S_D(shared_part_cap)};

int ov_match_settings_parse(ov_match_settings *s, const char *text, size_t len, char *err, size_t errlen)
{
    size_t i = 0;
    int line = 0;
    while (i < len) {
        line++;
        size_t e = i;
        while (e < len && text[e] != '\n') e++;
        char buf[256];
        size_t n = e - i < sizeof buf - 1 ? e - i : sizeof buf - 1;
        memcpy(buf, text + i, n);
        buf[n] = '\0';
        i = e + 1;
        char *p = buf;
        while (*p == ' ' || *p == '\t' || *p == '\r') p++;
        if (!*p || *p == '#') continue;
        char *eq = strchr(p, '=');
        if (!eq) {
            snprintf(err, errlen, "line %d: expected key = value", line);
            return OV_EINVAL;
        }
        char *k_end = eq;
        while (k_end > p && (k_end[-1] == ' ' || k_end[-1] == '\t')) k_end--;
        *k_end = '\0';
        const setting *st = NULL;
        for (size_t j = 0; j < sizeof settings_table / sizeof settings_table[0]; j++)
            if (strcmp(settings_table[j].key, p) == 0) st = &settings_table[j];
        if (!st) {
            snprintf(err, errlen, "line %d: unknown setting '%s'", line, p);
            return OV_EINVAL;
        }
        char *v = eq + 1, *end;
        double d = strtod(v, &end);
        while (*end == ' ' || *end == '\t' || *end == '\r') end++;
        if (end == v || *end || d != d || d < -1000 || d > 10000000) {
            snprintf(err, errlen, "line %d: '%s' needs a number", line, p);
            return OV_EINVAL;
        }
        if (st->is_int) *(int *)(void *)((char *)s + st->off) = (int)d;
        else *(double *)(void *)((char *)s + st->off) = d;
    }
    if (s->limit < 1) s->limit = 1;
    if (s->limit > 100) s->limit = 100;
    if (s->block_candidates < 1) s->block_candidates = 1;
    if (s->block_candidates > MAX_CAND) s->block_candidates = MAX_CAND;
    if (s->block_max_posting < 1) s->block_max_posting = 1;
    if (s->block_budget < 1) s->block_budget = 1;
    return OV_OK;
}

void ov_match_settings_default(ov_match_settings *s)
{
    memset(s, 0, sizeof *s);
    char err[128];
    ov_match_settings_parse(s, ov__names_settings, strlen(ov__names_settings), err, sizeof err);
}

/* ---- building ------------------------------------------------------------ */

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return OV_OK;
    size_t nc = *cap ? *cap : 1024;
    while (nc < need) nc *= 2;
    void *np = ov__realloc(*p, nc * elem);
    if (!np) return OV_ENOMEM;
    *p = np;
    *cap = nc;
    return OV_OK;
}

static int pool_add(ov_matcher *mx, const char *s, size_t n, uint32_t *off)
{
    if (!n) {
        *off = 0;
        return OV_OK;
    }
    if (mx->pool_len + n + 1 > UINT32_MAX) return OV_ETOOBIG;
    if (grow((void **)&mx->pool, &mx->pool_cap, mx->pool_len + n + 1, 1)) return OV_ENOMEM;
    memcpy(mx->pool + mx->pool_len, s, n);
    mx->pool[mx->pool_len + n] = '\0';
    *off = (uint32_t)mx->pool_len;
    mx->pool_len += n + 1;
    return OV_OK;
}

static int pool_adds(ov_matcher *mx, const char *s, uint32_t *off)
{
    return pool_add(mx, s, strlen(s), off);
}

#define P(mx, off) ((mx)->pool + (off))

static const ov_schema *ent_schema(const ov_matcher *mx, const mx_entity *e)
{
    return ov_model_schema_at(mx->model, (int)e->schema);
}

int ov_matcher_new(ov_matcher **out, const ov_model *m, const ov_match_settings *s, char *err, size_t errlen)
{
    *out = NULL;
    ov_matcher *mx = ov__calloc(1, sizeof *mx);
    if (!mx) return OV_ENOMEM;
    mx->model = m;
    mx->person_schema = ov_model_schema(m, "Person");
    if (s) mx->set = *s;
    else ov_match_settings_default(&mx->set);
    int rc = ov__names_open(&mx->nm, err, errlen);
    if (!rc) rc = grow((void **)&mx->pool, &mx->pool_cap, 1, 1);
    if (rc) {
        ov_matcher_free(mx);
        return rc;
    }
    mx->pool[0] = '\0';
    mx->pool_len = 1;
    *out = mx;
    return OV_OK;
}

void ov_matcher_free(ov_matcher *mx)
{
    if (!mx) return;
    ov__matcher_join_writer(mx); /* it reads the tables */
    ov__names_free(mx->nm);
    if (!mx->map) { /* else they are in the mapping */
        ov__free(mx->pool);
        ov__free(mx->ents);
        ov__free(mx->names);
        ov__free(mx->khash);
        ov__free(mx->kcount);
        ov__free(mx->kstart);
        ov__free(mx->postings);
    }
    if (mx->unmap) munmap((void *)(uintptr_t)mx->map, mx->map_len);
    ov__free(mx->side_own);
    ov__free(mx->pair_key);
    ov__free(mx->pair_name);
    ov__free(mx->name_hits);
    ov__free(mx->ent_best);
    ov__free(mx->touched);
    ov__free(mx->ent_touched);
    ov__free(mx);
}

const char *ov_matcher_errmsg(const ov_matcher *mx)
{
    return mx->errmsg;
}

const ov_model *ov__matcher_model(const ov_matcher *mx)
{
    return mx->model;
}

const ov_match_settings *ov_matcher_settings(const ov_matcher *mx)
{
    return &mx->set;
}

/* Blocking keys of a normalised form, with their weights. */
typedef struct keyset {
    uint64_t h[MAX_KEYS];
    uint8_t w[MAX_KEYS];
    int n;
} keyset;

static void key_add(keyset *ks, char kind, const char *s, size_t n, uint8_t w)
{
    if (ks->n >= MAX_KEYS || !n) return;
    uint64_t h = XXH3_64bits_withSeed(s, n, (uint64_t)(unsigned char)kind);
    if (!h) h = 1;
    for (int i = 0; i < ks->n; i++)
        if (ks->h[i] == h) return;
    ks->h[ks->n] = h;
    ks->w[ks->n++] = w;
}

/* A Latin compact form folded over the spellings that romanisations of one
 * Cyrillic name differ in: kh = h (TransKomplektKholding, -Holding), ts = c
 * (TsST, CST for ЦСТ), c = ck = k (Aeroskan, Aeroscan), doubled letters
 * once, -ynh = -ing (Ukrainian BGN of -инг: Kholdynh, Holding). Writes "" when s holds anything but a-z and digits. */
static void translit_fold(const char *s, char *out, size_t cap)
{
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; s[i] && o + 1 < cap; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
            out[0] = '\0';
            return;
        }
        if (c == 'y' && s[i + 1] == 'n' && s[i + 2] == 'h') { /* -ynh (Ukrainian -инг) -> -ing */
            if (o + 3 >= cap) break;
            out[o++] = 'i', out[o++] = 'n', out[o++] = 'g';
            i += 2;
            continue;
        }
        if (c == 'k' && s[i + 1] == 'h') continue;          /* kh -> h */
        if (c == 't' && s[i + 1] == 's') c = 'k', i++;      /* ts -> c -> k */
        else if (c == 'c' && s[i + 1] == 'k') c = 'k', i++; /* ck -> k */
        else if (c == 'c' && s[i + 1] != 'h') c = 'k';      /* c -> k, not ch */
        if (o && out[o - 1] == c) continue;
        out[o++] = c;
    }
    out[o] = '\0';
}

/* The core similarity of two Latin names that are one romanisation apart
 * (translit_fold): below an exact match, above most one-letter typos. */
#define TRANSLIT_SIM 0.95

/* Two compact full forms this similar (Levenshtein) are one name written
 * with a typo or words run together, not two names (descriptor rule) */
#define DESCRIPTOR_TYPO_SIM 0.92

enum { KW_TOKEN = 3, KW_HAN = 2, KW_GRAM = 1, KW_PHON = 1 };

/* query: the keys a query looks up (initialisms cross over, see below) */
static void form_keys(const ov__name_form *f, keyset *ks, bool query)
{
    /* core tokens and their Soundex codes */
    const char *p = f->core;
    while (*p) {
        while (*p == ' ') p++;
        const char *s = p;
        while (*p && *p != ' ') p++;
        size_t n = (size_t)(p - s);
        if (!n) continue;
        key_add(ks, 't', s, n, KW_TOKEN);
        char sx[5];
        if (n >= 3 && n <= 12 && ov__soundex(s, n, sx)) key_add(ks, 'p', sx, 4, KW_PHON);
    }
    /* trigrams of the compact core (the whole of it when shorter) */
    size_t cl = strlen(f->compact);
    if (cl && cl < 3) key_add(ks, 'g', f->compact, cl, KW_GRAM);
    for (size_t i = 0; i + 3 <= cl; i++) key_add(ks, 'g', f->compact + i, 3, KW_GRAM);
    /* the compact core folded over romanisations (CST and TsST for ЦСТ) */
    char fold[OV_FORM_MAX];
    translit_fold(f->compact, fold, sizeof fold);
    if (strlen(fold) >= 3 && !f->han[0]) key_add(ks, 'f', fold, strlen(fold), KW_TOKEN);
    /* initialisms: a name indexes its acronym under 'A' and its initials
     * under 'I'; a query looks its acronym up under 'I' and its initials
     * under 'A', so "CETC" finds its expansion and back, while two names of
     * several words never meet through their initials */
    if (f->acronym[0]) key_add(ks, query ? 'I' : 'A', f->acronym, strlen(f->acronym), KW_TOKEN);
    for (const char *q = f->initials; *q;) {
        const char *s0 = q;
        while (*q && *q != ' ') q++;
        key_add(ks, query ? 'A' : 'I', s0, (size_t)(q - s0), KW_TOKEN);
        while (*q == ' ') q++;
    }
    /* more initialisms a name is indexed under (CGN, AMEC, CXMT); a query
     * does not look them up, so it costs queries nothing */
    for (const char *q = query ? "" : f->initials_more; *q;) {
        const char *s0 = q;
        while (*q && *q != ' ') q++;
        key_add(ks, 'I', s0, (size_t)(q - s0), KW_TOKEN);
        while (*q == ' ') q++;
    }
    /* Han bigrams (the character itself when alone) */
    const char *h = f->han;
    size_t hl = strlen(h);
    if (hl) {
        uint32_t cp;
        size_t a = (size_t)ov_utf8_decode(h, &cp);
        if (a >= hl) key_add(ks, 'h', h, hl, KW_HAN);
        for (size_t i = 0; i < hl;) {
            size_t l1 = (size_t)ov_utf8_decode(h + i, &cp);
            if (i + l1 >= hl) break;
            size_t l2 = (size_t)ov_utf8_decode(h + i + l1, &cp);
            key_add(ks, 'h', h + i, l1 + l2, KW_HAN);
            i += l1;
        }
    }
}

static int key_slot(ov_matcher *mx, uint64_t h, bool insert, size_t *slot)
{
    if (insert && (mx->kused + 1) * 2 > mx->kcap) {
        size_t nc = mx->kcap ? mx->kcap * 2 : 256;
        uint64_t *nh = ov__calloc(nc, sizeof *nh);
        uint32_t *ncnt = ov__calloc(nc, sizeof *ncnt);
        if (!nh || !ncnt) {
            ov__free(nh);
            ov__free(ncnt);
            return OV_ENOMEM;
        }
        /* pairs refer to slots: remap them */
        uint32_t *remap = ov__malloc(mx->kcap ? mx->kcap * sizeof *remap : 1);
        if (!remap) {
            ov__free(nh);
            ov__free(ncnt);
            return OV_ENOMEM;
        }
        for (size_t i = 0; i < mx->kcap; i++) {
            if (!mx->khash[i]) continue;
            size_t j = (size_t)mx->khash[i] & (nc - 1);
            while (nh[j]) j = (j + 1) & (nc - 1);
            nh[j] = mx->khash[i];
            ncnt[j] = mx->kcount[i];
            remap[i] = (uint32_t)j;
        }
        for (size_t i = 0; i < mx->n_pairs; i++) mx->pair_key[i] = remap[mx->pair_key[i]];
        ov__free(remap);
        ov__free(mx->khash);
        ov__free(mx->kcount);
        mx->khash = nh;
        mx->kcount = ncnt;
        mx->kcap = nc;
    }
    if (!mx->kcap) return OV_ENOTFOUND;
    size_t j = (size_t)h & (mx->kcap - 1);
    while (mx->khash[j] && mx->khash[j] != h) j = (j + 1) & (mx->kcap - 1);
    if (!mx->khash[j]) {
        if (!insert) return OV_ENOTFOUND;
        mx->khash[j] = h;
        mx->kused++;
    }
    *slot = j;
    return OV_OK;
}

static bool is_name_prop(const char *p)
{
    return !strcmp(p, "name") || !strcmp(p, "alias") || !strcmp(p, "previousName") || !strcmp(p, "weakAlias") ||
           !strcmp(p, "abbreviation");
}

/* Upper-case alphanumerics of an identifier, into out (cap bytes). */
static size_t ident_norm(const char *v, char *out, size_t cap)
{
    size_t k = 0;
    for (; *v && k + 1 < cap; v++) {
        char c = *v;
        if (c >= 'a' && c <= 'z') c = (char)(c - 32);
        if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) out[k++] = c;
    }
    out[k] = '\0';
    return k;
}

/* Whether a parenthetical says how the party relates to another rather
 * than giving a name ("(Alibaba subsidiary)", "(Alipay affiliate of
 * Alibaba)", "(a unit of ...)"): its words name the other party, so they are
 * compared neither as an alias nor as part of the name. English relation
 * words; "formerly" and "a.k.a." give names and stay aliases. */
static bool relation_note(const char *inside)
{
    static const char *const rel[] = {"subsidiary", "subsidiaries", "affiliate", "affiliated", "parent",
                                      "owned", "venture"};
    static const char *const of[] = {"unit", "division", "part", "member"};
    char w[32], prev[32] = "";
    for (const char *p = inside; *p;) {
        while (*p && !((*p | 32) >= 'a' && (*p | 32) <= 'z')) p++;
        size_t n = 0;
        for (; ((*p | 32) >= 'a' && (*p | 32) <= 'z'); p++)
            if (n + 1 < sizeof w) w[n++] = (char)(*p | 32);
        w[n] = '\0';
        if (!n) break;
        for (size_t i = 0; i < sizeof rel / sizeof *rel; i++)
            if (!strcmp(w, rel[i])) return true;
        for (size_t i = 0; !strcmp(w, "of") && i < sizeof of / sizeof *of; i++)
            if (!strcmp(prev, of[i])) return true;
        memcpy(prev, w, n + 1);
    }
    return false;
}

enum { PAREN_NONE, PAREN_ALIAS, PAREN_NOTE };

/* "X (Y)" -> outside "X" and inside "Y" (ASCII or full-width brackets), for
 * the first parenthetical that gives another name: one that only qualifies X
 * ("(Beijing)", "(Group)", "(BVI)": a subsidiary's seat) stays in outside, as
 * X alone would name the parent as well. PAREN_ALIAS: Y is another name;
 * PAREN_NOTE: Y relates X to another party (relation_note), X alone is the
 * name; PAREN_NONE when there is neither. */
static int paren_parts(const ov__names *nm, const char *name, char *outside, char *inside, size_t cap)
{
    for (const char *from = name;;) {
        const char *open = strstr(from, "("), *close = NULL;
        size_t ol = 1, cl = 1;
        const char *fw = strstr(from, "\xef\xbc\x88"); /* U+FF08 */
        if (fw && (!open || fw < open)) open = fw, ol = 3;
        if (!open) return PAREN_NONE;
        close = strstr(open, ol == 1 ? ")" : "\xef\xbc\x89");
        if (ol == 3) cl = 3;
        if (!close) return PAREN_NONE;
        size_t a = (size_t)(open - name), b = (size_t)(close - open) - ol;
        if (!a || !b || a >= cap || b >= cap) return PAREN_NONE;
        memcpy(inside, open + ol, b);
        inside[b] = '\0';
        from = close + cl;
        if (ov__names_is_qualifier(nm, inside)) continue;
        size_t rest = strlen(close + cl);
        if (a + rest >= cap) return PAREN_NONE;
        memcpy(outside, name, a);
        memcpy(outside + a, close + cl, rest + 1);
        return relation_note(inside) ? PAREN_NOTE : PAREN_ALIAS;
    }
}

static int add_one_name(ov_matcher *mx, uint32_t ent, const char *raw, keyset *ks)
{
    ov__name_form f;
    int rc = ov__names_normalize(mx->nm, raw, &f);
    if (rc == OV_EINVAL) return OV_OK; /* the store holds valid UTF-8; skip rather than fail */
    if (rc) return rc;
    if (!f.compact[0] && !f.han[0]) return OV_OK;
    mx_entity *e = &mx->ents[ent];
    for (uint32_t i = e->first_name; i < e->first_name + e->n_names; i++)
        if (!strcmp(P(mx, mx->names[i].full), f.full) && !strcmp(P(mx, mx->names[i].han), f.han)) return OV_OK;
    if (mx->n_names >= UINT32_MAX - 1) return OV_ETOOBIG;
    if (grow((void **)&mx->names, &mx->names_cap, mx->n_names + 1, sizeof *mx->names)) return OV_ENOMEM;
    mx_name *n = &mx->names[mx->n_names];
    n->entity = ent;
    if ((rc = pool_adds(mx, raw, &n->raw)) || (rc = pool_adds(mx, f.full, &n->full)) ||
        (rc = pool_adds(mx, f.core, &n->core)) || (rc = pool_adds(mx, f.compact, &n->compact)) ||
        (rc = pool_adds(mx, f.han, &n->han)))
        return rc;
    n->extra = 0;
    if (f.legal[0] || f.nums[0] || f.place[0] || f.qual[0] || f.han_industry[0]) {
        char ex[5 * 64 + 8];
        snprintf(ex, sizeof ex, "%s|%s|%s|%s|%s", f.legal, f.nums, f.place, f.qual, f.han_industry);
        if ((rc = pool_adds(mx, ex, &n->extra))) return rc;
    }
    ks->n = 0;
    form_keys(&f, ks, false);
    if (grow((void **)&mx->pair_key, &mx->pairs_cap, mx->n_pairs + (size_t)ks->n, sizeof *mx->pair_key))
        return OV_ENOMEM;
    if (mx->pair_name_cap != mx->pairs_cap) {
        uint32_t *np = ov__realloc(mx->pair_name, mx->pairs_cap * sizeof *np);
        if (!np) return OV_ENOMEM;
        mx->pair_name = np;
        mx->pair_name_cap = mx->pairs_cap;
    }
    for (int i = 0; i < ks->n; i++) {
        size_t slot;
        if ((rc = key_slot(mx, ks->h[i], true, &slot))) return rc;
        mx->kcount[slot]++;
        mx->pair_key[mx->n_pairs] = (uint32_t)slot;
        mx->pair_name[mx->n_pairs++] = (uint32_t)mx->n_names;
    }
    mx->n_names++;
    e->n_names++;
    return OV_OK;
}

/* Parties that lists and vendor files name: legal entities, vessels,
 * airplanes and brands (not addresses, accounts or securities). */
static bool matchable(const ov_matcher *mx, const ov_schema *s)
{
    const char *n = ov_schema_name(s);
    if (!strcmp(n, "Brand")) return true;
    if (!ov_schema_matchable(s)) return false;
    const ov_schema *le = ov_model_schema(mx->model, "LegalEntity");
    return (le && ov_schema_is_a(s, le)) || !strcmp(n, "Vessel") || !strcmp(n, "Airplane");
}

/* A name, and for "X (Y)" also X and Y (a list's way of giving an alias);
 * for "X (a note relating X to another party)" X only. */
static int add_name(ov_matcher *mx, uint32_t ent, const char *raw, keyset *ks)
{
    char out[OV_NAME_MAX], in[OV_NAME_MAX];
    int parts = paren_parts(mx->nm, raw, out, in, sizeof out);
    if (parts == PAREN_NOTE) return add_one_name(mx, ent, out, ks);
    int rc = add_one_name(mx, ent, raw, ks);
    if (!rc && parts == PAREN_ALIAS) {
        rc = add_one_name(mx, ent, out, ks);
        if (!rc) rc = add_one_name(mx, ent, in, ks);
    }
    return rc;
}

int ov_matcher_add(ov_matcher *mx, const ov_entity *e, bool *added)
{
    if (added) *added = false;
    if (mx->finished) return OV_EINVAL;
    const ov_schema *s = e->schema ? ov_model_schema(mx->model, e->schema) : NULL;
    if (!s || !matchable(mx, s)) return OV_OK;
    bool has_name = false;
    for (size_t i = 0; i < e->n_stmts && !has_name; i++)
        has_name = e->stmts[i].status != OV_ST_RETRACTED && is_name_prop(e->stmts[i].prop);
    if (!has_name) return OV_OK;
    if (mx->n_ents >= UINT32_MAX - 1) return OV_ETOOBIG;
    if (grow((void **)&mx->ents, &mx->ents_cap, mx->n_ents + 1, sizeof *mx->ents)) return OV_ENOMEM;
    uint32_t ent = (uint32_t)mx->n_ents;
    mx_entity *me = &mx->ents[ent];
    memset(me, 0, sizeof *me);
    me->schema = (uint32_t)ov_schema_id(s);
    me->first_name = (uint32_t)mx->n_names;
    int rc = pool_adds(mx, e->id, &me->id);
    char countries[128] = "", idents[512] = "";
    size_t cl = 0, il = 0;
    const char *first_name = NULL;
    keyset *ks = ov__malloc(sizeof *ks);
    if (!ks) return OV_ENOMEM;
    mx->n_ents++;
    for (size_t i = 0; i < e->n_stmts && !rc; i++) {
        const ov_stmt *st = &e->stmts[i];
        if (st->status == OV_ST_RETRACTED || !st->value || !*st->value) continue;
        if (is_name_prop(st->prop)) {
            if (!first_name && !strcmp(st->prop, "name")) first_name = st->value;
            rc = add_name(mx, ent, st->value, ks);
            me = &mx->ents[ent];
            continue;
        }
        const ov_prop *p = ov_schema_prop(s, st->prop);
        if (!p) continue;
        ov_type_kind k = ov_prop_type(p);
        if (k == OV_T_COUNTRY) {
            size_t vl = strlen(st->value);
            if (vl < 16 && cl + vl + 2 < sizeof countries) {
                if (cl) countries[cl++] = ' ';
                for (size_t j = 0; j < vl; j++) {
                    char c = st->value[j];
                    countries[cl++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
                }
                countries[cl] = '\0';
            }
        } else if (k == OV_T_IDENTIFIER) {
            char v[128];
            size_t vl = ident_norm(st->value, v, sizeof v);
            if (vl >= 4 && il + vl + 2 < sizeof idents) {
                if (il) idents[il++] = ' ';
                memcpy(idents + il, v, vl + 1);
                il += vl;
            }
        }
    }
    ov__free(ks);
    if (!rc) rc = pool_adds(mx, countries, &me->countries);
    if (!rc) rc = pool_adds(mx, idents, &me->idents);
    if (!rc) {
        const char *cap = e->caption && *e->caption ? e->caption : first_name;
        if (!cap && me->n_names) cap = P(mx, mx->names[me->first_name].raw);
        rc = pool_adds(mx, cap ? cap : e->id, &me->caption);
    }
    if (rc) return rc;
    if (!me->n_names) {
        mx->n_ents--; /* no usable name after all */
        return OV_OK;
    }
    if (added) *added = true;
    return OV_OK;
}

static int add_cb(const ov_entity *e, void *ud)
{
    ov_matcher *mx = ud;
    int rc = ov_matcher_add(mx, e, NULL);
    if (rc) {
        snprintf(mx->errmsg, sizeof mx->errmsg, "indexing %s: %s", e->id, ov_strerror(rc));
        return 1;
    }
    return 0;
}

int ov_matcher_add_store(ov_matcher *mx, ov_store *st)
{
    int rc = ov_store_scan(st, add_cb, mx);
    if (rc == OV_ESTOP) return OV_ENOMEM;
    if (rc) snprintf(mx->errmsg, sizeof mx->errmsg, "%s", ov_store_errmsg(st));
    return rc;
}

int ov__matcher_add_side(ov_matcher *mx, const ov_entity *e, uint32_t schema)
{
    if (mx->finished) return OV_EINVAL;
    if (mx->n_side >= UINT32_MAX - 1) return OV_ETOOBIG;
    if (grow((void **)&mx->side_own, &mx->side_cap, mx->n_side + 1, sizeof *mx->side_own)) return OV_ENOMEM;
    mx_side *x = &mx->side_own[mx->n_side];
    x->schema = schema;
    int rc = pool_adds(mx, e->id, &x->id);
    if (rc) return rc;
    mx->n_side++;
    mx->side = mx->side_own;
    return OV_OK;
}

int ov__matcher_alloc_scratch(ov_matcher *mx)
{
    mx->name_hits = ov__calloc(mx->n_names ? mx->n_names : 1, sizeof *mx->name_hits);
    mx->ent_best = ov__calloc(mx->n_ents ? mx->n_ents : 1, sizeof *mx->ent_best);
    return mx->name_hits && mx->ent_best ? OV_OK : OV_ENOMEM;
}

int ov_matcher_finish(ov_matcher *mx)
{
    if (mx->finished) return OV_OK;
    size_t kc = mx->kcap;
    if (kc) {
        mx->kstart = ov__malloc(kc * sizeof *mx->kstart);
        mx->postings = ov__malloc((mx->n_pairs ? mx->n_pairs : 1) * sizeof *mx->postings);
        if (!mx->kstart || !mx->postings) return OV_ENOMEM;
        uint32_t off = 0;
        for (size_t i = 0; i < kc; i++) {
            mx->kstart[i] = off;
            off += mx->kcount[i];
        }
        /* counting sort: fill each key's range in name order */
        uint32_t *fill = ov__malloc(kc * sizeof *fill);
        if (!fill) return OV_ENOMEM;
        memcpy(fill, mx->kstart, kc * sizeof *fill);
        for (size_t i = 0; i < mx->n_pairs; i++) mx->postings[fill[mx->pair_key[i]]++] = mx->pair_name[i];
        ov__free(fill);
    }
    ov__free(mx->pair_key);
    ov__free(mx->pair_name);
    mx->pair_key = mx->pair_name = NULL;
    mx->pairs_cap = mx->pair_name_cap = 0;
    if (ov__matcher_alloc_scratch(mx)) return OV_ENOMEM;
    /* shrink the pool to what it holds */
    char *np = ov__realloc(mx->pool, mx->pool_len);
    if (np) {
        mx->pool = np;
        mx->pool_cap = mx->pool_len;
    }
    mx->finished = true;
    return OV_OK;
}

void ov_matcher_stats(const ov_matcher *mx, size_t *entities, size_t *names, size_t *bytes)
{
    if (entities) *entities = mx->n_ents;
    if (names) *names = mx->n_names;
    if (bytes)
        *bytes = sizeof *mx + mx->pool_cap + mx->ents_cap * sizeof *mx->ents + mx->names_cap * sizeof *mx->names +
                 mx->kcap * (sizeof *mx->khash + sizeof *mx->kcount + sizeof *mx->kstart) +
                 mx->n_pairs * sizeof *mx->postings + mx->n_names * sizeof *mx->name_hits +
                 mx->n_ents * sizeof *mx->ent_best + (mx->touched_cap + mx->ent_touched_cap) * sizeof(uint32_t) +
                 mx->pairs_cap * 2 * sizeof(uint32_t);
}

/* ---- scoring ------------------------------------------------------------- */

typedef struct tokv {
    const char *s[64];
    size_t n[64];
    int count;
} tokv;

static void split(const char *p, tokv *t)
{
    t->count = 0;
    while (*p && t->count < 64) {
        while (*p == ' ') p++;
        const char *s = p;
        while (*p && *p != ' ') p++;
        if (p > s) {
            t->s[t->count] = s;
            t->n[t->count++] = (size_t)(p - s);
        }
    }
}

/* Dice of token multisets; soft: a token matches one within Jaro-Winkler 0.9. */
static double token_dice(const tokv *a, const tokv *b, bool soft)
{
    if (!a->count || !b->count) return 0.0;
    bool used[64] = {0};
    int m = 0;
    for (int i = 0; i < a->count; i++) {
        int best = -1;
        for (int j = 0; j < b->count && best < 0; j++)
            if (!used[j] && a->n[i] == b->n[j] && !memcmp(a->s[i], b->s[j], a->n[i])) best = j;
        for (int j = 0; soft && j < b->count && best < 0; j++) {
            if (used[j] || a->n[i] < 4 || b->n[j] < 4) continue;
            size_t longer = a->n[i] > b->n[j] ? a->n[i] : b->n[j];
            double allowed = longer / 5 > 2 ? (double)(longer / 5) : 2.0; /* edits */
            if (ov__jaro_winkler(a->s[i], a->n[i], b->s[j], b->n[j]) >= 0.9 &&
                (1.0 - ov__levenshtein_sim(a->s[i], a->n[i], b->s[j], b->n[j])) * (double)longer <= allowed + 1e-9)
                best = j;
        }
        if (best >= 0) {
            used[best] = true;
            m++;
        }
    }
    return 2.0 * m / (double)(a->count + b->count);
}

static double soundex_dice(const tokv *a, const tokv *b)
{
    char sa[64][5], sb[64][5];
    int na = 0, nb = 0;
    for (int i = 0; i < a->count; i++)
        if (a->n[i] >= 3 && a->n[i] <= 12 && ov__soundex(a->s[i], a->n[i], sa[na])) na++;
    for (int i = 0; i < b->count; i++)
        if (b->n[i] >= 3 && b->n[i] <= 12 && ov__soundex(b->s[i], b->n[i], sb[nb])) nb++;
    if (!na || !nb) return 0.0;
    bool used[64] = {0};
    int m = 0;
    for (int i = 0; i < na; i++)
        for (int j = 0; j < nb; j++)
            if (!used[j] && !memcmp(sa[i], sb[j], 4)) {
                used[j] = true;
                m++;
                break;
            }
    return 2.0 * m / (double)(na + nb);
}

static double han_dice(const char *a, const char *b)
{
    if (!*a || !*b) return 0.0;
    if (!strcmp(a, b)) return 1.0;
    uint32_t ca[OV_FORM_MAX], cb[OV_FORM_MAX];
    int na = 0, nb = 0;
    uint32_t cp;
    for (const char *p = a; *p && na < OV_FORM_MAX;) {
        p += ov_utf8_decode(p, &cp);
        ca[na++] = cp;
    }
    for (const char *p = b; *p && nb < OV_FORM_MAX;) {
        p += ov_utf8_decode(p, &cp);
        cb[nb++] = cp;
    }
    if (na < 2 || nb < 2) return 0.0;
    bool used[OV_FORM_MAX] = {0};
    int m = 0;
    for (int i = 0; i + 1 < na; i++)
        for (int j = 0; j + 1 < nb; j++)
            if (!used[j] && ca[i] == cb[j] && ca[i + 1] == cb[j + 1]) {
                used[j] = true;
                m++;
                break;
            }
    return 2.0 * m / (double)(na - 1 + nb - 1);
}

typedef struct qname {
    const char *raw;
    const char *text; /* the name compared (raw, or a part of "X (Y)") */
    ov__name_form f;
    tokv core, full;
    char fullc[OV_FORM_MAX], sorted[OV_FORM_MAX]; /* full without spaces; core tokens sorted, joined */
} qname;

static int cmp_tok(const void *a, const void *b)
{
    const char *const *x = a, *const *y = b;
    return strcmp(*x, *y);
}

/* Tokens of t sorted and joined without spaces (word order ignored). */
static void sorted_compact(const tokv *t, char *out, size_t cap)
{
    char tmp[64][OV_FORM_MAX / 4];
    const char *ptr[64];
    int n = 0;
    for (int i = 0; i < t->count && n < 64; i++) {
        size_t l = t->n[i] < sizeof tmp[0] - 1 ? t->n[i] : sizeof tmp[0] - 1;
        memcpy(tmp[n], t->s[i], l);
        tmp[n][l] = '\0';
        ptr[n] = tmp[n];
        n++;
    }
    qsort(ptr, (size_t)n, sizeof ptr[0], cmp_tok);
    size_t k = 0;
    for (int i = 0; i < n; i++)
        for (const char *p = ptr[i]; *p && k + 1 < cap; p++) out[k++] = *p;
    out[k] = '\0';
}

static void nospace(const char *in, char *out, size_t cap)
{
    size_t k = 0;
    for (; *in && k + 1 < cap; in++)
        if (*in != ' ') out[k++] = *in;
    out[k] = '\0';
}

static double mix_of(const ov_match_settings *s, const char *a, const char *b, double tok, double phon, double *jw,
                     double *lev)
{
    size_t na = strlen(a), nb = strlen(b);
    *jw = ov__jaro_winkler(a, na, b, nb);
    *lev = na || nb ? ov__levenshtein_sim(a, na, b, nb) : 0.0;
    return s->w_jaro_winkler * *jw + s->w_levenshtein * *lev + s->w_tokens * tok + s->w_phonetic * phon;
}

static bool word_in(const char *list, const char *w, size_t wl)
{
    const char *p = list;
    while (*p) {
        while (*p == ' ') p++;
        const char *s = p;
        while (*p && *p != ' ') p++;
        if ((size_t)(p - s) == wl && !memcmp(s, w, wl)) return true;
    }
    return false;
}

/* The four extra fields of a stored name. */
typedef struct extra {
    char legal[16], nums[64], place[64], qual[64], han_industry[64];
} extra;

static void extra_split(const char *s, extra *x)
{
    char *dst[5] = {x->legal, x->nums, x->place, x->qual, x->han_industry};
    size_t cap[5] = {sizeof x->legal, sizeof x->nums, sizeof x->place, sizeof x->qual, sizeof x->han_industry};
    for (int i = 0; i < 5; i++) {
        size_t k = 0;
        while (*s && *s != '|') {
            if (k + 1 < cap[i]) dst[i][k++] = *s;
            s++;
        }
        dst[i][k] = '\0';
        if (*s == '|') s++;
    }
}

/* The family of a legal class: partnerships, associations, state bodies,
 * companies. */
static char legal_family(const char *c)
{
    if (!strcmp(c, "lp") || !strcmp(c, "gp") || !strcmp(c, "llp")) return 'p';
    if (!strcmp(c, "ngo") || !strcmp(c, "rel") || !strcmp(c, "coop")) return 'n';
    if (!strcmp(c, "soe")) return 's';
    return 'c';
}

/* Whether two space-separated word lists share a word. */
static bool lists_share(const char *a, const char *b)
{
    for (const char *p = a; *p;) {
        while (*p == ' ') p++;
        const char *s0 = p;
        while (*p && *p != ' ') p++;
        if (p > s0 && word_in(b, s0, (size_t)(p - s0))) return true;
    }
    return false;
}

/* Whether a has a word that b lacks. */
static bool list_has_other(const char *a, const char *b)
{
    for (const char *p = a; *p;) {
        while (*p == ' ') p++;
        const char *s0 = p;
        while (*p && *p != ' ') p++;
        if (p > s0 && !word_in(b, s0, (size_t)(p - s0))) return true;
    }
    return false;
}

/* Whether a space-separated list of leading places holds a country (a line
 * of ov__names_countries; rare: asked only when two names' places differ). */
static bool names_a_country(const char *places)
{
    for (const char *line = ov__names_countries; *line;) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        if (n && line[0] != '#' && word_in(places, line, n)) return true;
        line += n + (end ? 1 : 0);
    }
    return false;
}

/* Legal forms, numbers, qualifiers and places lower a name score: they tell
 * apart parties whose names are otherwise the same (docs/internals/names.md). */
static double distinguish(const ov_match_settings *s, const ov__name_form *q, const extra *x, double name,
                          double *feat)
{
    if (q->legal[0] && x->legal[0] && q->legal[0] != '?' && x->legal[0] != '?') {
        if (!strcmp(q->legal, x->legal)) {
            feat[OV_MF_LEGAL] = 1;
        } else if (legal_family(q->legal) == legal_family(x->legal)) {
            feat[OV_MF_LEGAL] = -0.5;
            name -= s->legal_class_mismatch;
        } else {
            feat[OV_MF_LEGAL] = -1;
            name -= s->legal_family_mismatch;
        }
    } else if (!q->legal[0] != !x->legal[0] && feat[OV_MF_EXACT] > 0) {
        name -= s->legal_one_sided; /* ranks the name whose legal form agrees too first */
    }
    /* an initialism carries no numbers, qualifiers or places */
    if (feat[OV_MF_ACRONYM] > 0 || feat[OV_MF_ABBREVIATION] == 1) return name < 0 ? 0 : name;
    if (q->nums[0] || x->nums[0]) {
        if (!strcmp(q->nums, x->nums)) {
            feat[OV_MF_NUMBER] = 1;
        } else if (q->nums[0] && x->nums[0]) {
            feat[OV_MF_NUMBER] = -1;
            if (name > s->number_mismatch_cap) name = s->number_mismatch_cap;
        } else {
            feat[OV_MF_NUMBER] = -0.5;
            if (name > s->number_one_sided_cap) name = s->number_one_sided_cap;
        }
    }
    if (q->qual[0] || x->qual[0]) {
        /* as sets: each side may have a qualifier the other lacks (a place
         * that leads the other name is not lacking: "Hikvision (Hangzhou)") */
        char qo[192], xo[192];
        /* "Group" tells a group from its member only between two full
         * legal names: "SenseTime" is the short name of "SenseTime Group, Inc." */
        bool both_legal = q->legal[0] && x->legal[0];
        snprintf(qo, sizeof qo, "%s %s%s", q->qual, q->place, both_legal ? "" : " group");
        snprintf(xo, sizeof xo, "%s %s%s", x->qual, x->place, both_legal ? "" : " group");
        bool q_more = list_has_other(q->qual, xo) && list_has_other(q->qual, q->place);
        bool x_more = list_has_other(x->qual, qo) && list_has_other(x->qual, x->place);
        if (!q_more && !x_more) {
            feat[OV_MF_QUALIFIER] = 1;
        } else if (q_more && x_more) {
            feat[OV_MF_QUALIFIER] = -1;
            if (name > s->qualifier_mismatch_cap) name = s->qualifier_mismatch_cap;
        } else {
            feat[OV_MF_QUALIFIER] = -0.5;
            name -= s->qualifier_one_sided;
        }
    }
    /* two registered Chinese names with different industry words name two
     * companies (中国电子科技集团 vs 中国电子信息产业集团), however close
     * their trade names */
    if (q->han_industry[0] && x->han_industry[0] && strcmp(q->han_industry, x->han_industry)) {
        feat[OV_MF_INDUSTRY] = -1;
        if (name > s->industry_mismatch_cap) name = s->industry_mismatch_cap;
    }
    if (q->place[0] && x->place[0]) {
        if (lists_share(q->place, x->place)) {
            feat[OV_MF_PLACE] = 1;
        } else {
            feat[OV_MF_PLACE] = -1;
            name -= s->place_mismatch;
            /* two countries: two national companies (data/names/countries.txt) */
            if (names_a_country(q->place) && names_a_country(x->place) && name > s->qualifier_mismatch_cap)
                name = s->qualifier_mismatch_cap;
        }
    }
    return name < 0 ? 0 : name;
}

/* Han written in Latin letters (or full-width ones) beside the characters:
 * such a name is not compared on its characters alone. */
static bool han_only_name(const char *raw)
{
    for (const unsigned char *p = (const unsigned char *)raw; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')) return false;
        /* full-width digits and letters, U+FF10-FF19, U+FF21-FF3A, U+FF41-FF5A (EF BC xx, EF BD xx) */
        if (p[0] == 0xEF && (p[1] == 0xBC || p[1] == 0xBD) && p[2] >= 0x80) {
            unsigned v = (p[1] == 0xBD ? 0x40u : 0u) + (p[2] - 0x80u); /* the low byte of U+FFxx */
            if ((v >= 0x10 && v <= 0x19) || (v >= 0x21 && v <= 0x3A) || (v >= 0x41 && v <= 0x5A)) return false;
        }
    }
    return true;
}

/* Code points of a UTF-8 string (at most cap). */
static int code_points(const char *s, uint32_t *out, int cap)
{
    int n = 0;
    uint32_t cp;
    while (*s && n < cap) {
        s += ov_utf8_decode(s, &cp);
        out[n++] = cp;
    }
    return n;
}

/* Chinese names as they are written (docs/internals/names.md): two Han names
 * on their characters - the similarity of their pinyin is not theirs, 宇视
 * (yushi) and 宇树 (yushu) are two names - and a Han name against a Latin one
 * read as pinyin on its syllables, one per character. Lowers *core_sim to
 * what the characters say (two Han names), sets OV_MF_CHINESE, and returns
 * true when a short distinctive part (four characters at most) differs in a
 * character or syllable: the name is then capped at han_mismatch_cap. */
static bool chinese(const ov_matcher *mx, const qname *q, const mx_name *n, double *core_sim, double *feat)
{
    const char *qh = q->f.han, *eh = P(mx, n->han);
    bool qpure = *qh && han_only_name(q->text), epure = *eh && han_only_name(P(mx, n->raw));
    if (qpure && epure) {
        if (feat[OV_MF_EXACT] > 0 && !strcmp(qh, eh)) {
            feat[OV_MF_CHINESE] = 1;
            return false;
        }
        uint32_t a[64], b[64];
        int na = code_points(qh, a, 64), nb = code_points(eh, b, 64);
        /* character edit distance (one row) */
        int row[65];
        for (int j = 0; j <= nb; j++) row[j] = j;
        for (int i = 1; i <= na; i++) {
            int diag = row[0];
            row[0] = i;
            for (int j = 1; j <= nb; j++) {
                int up = row[j];
                int v = diag + (a[i - 1] != b[j - 1]);
                if (up + 1 < v) v = up + 1;
                if (row[j - 1] + 1 < v) v = row[j - 1] + 1;
                row[j] = v;
                diag = up;
            }
        }
        int longer = na > nb ? na : nb;
        double chars = longer ? 1.0 - (double)row[nb] / longer : 0.0;
        double sim = feat[OV_MF_HAN] > chars ? feat[OV_MF_HAN] : chars;
        if (feat[OV_MF_EXACT] > sim) sim = feat[OV_MF_EXACT];
        if (sim < *core_sim) *core_sim = sim;
        if (na == nb && na <= 4 && row[nb] > 0) {
            feat[OV_MF_CHINESE] = -1;
            return true;
        }
        return false;
    }
    if (qpure == epure || (qpure ? *eh : *qh)) return false; /* Han on both sides (mixed), or none */
    /* Han against Latin: the Latin core read as the Han core's syllables */
    const char *han = qpure ? qh : eh, *latin = qpure ? P(mx, n->compact) : q->f.compact;
    int differ, k = ov__names_han_syllables(mx->nm, han, latin, &differ);
    /* a person's Chinese name written in the Western order, given name
     * first ("Xiuying Wang" for 王秀英): read with its last word first */
    if ((k <= 0 || differ) && ent_schema(mx, &mx->ents[n->entity]) == mx->person_schema) {
        tokv lt;
        split(qpure ? P(mx, n->core) : q->f.core, &lt);
        char turned[OV_FORM_MAX];
        size_t o = 0;
        for (int i = 0; lt.count >= 2 && lt.count <= 3 && i < lt.count; i++) {
            int w = i ? i - 1 : lt.count - 1;
            if (o + lt.n[w] + 1 > sizeof turned) break;
            memcpy(turned + o, lt.s[w], lt.n[w]);
            o += lt.n[w];
        }
        turned[o] = '\0';
        int d2, k2 = o ? ov__names_han_syllables(mx->nm, han, turned, &d2) : 0;
        if (k2 > 0 && !d2) {
            feat[OV_MF_CHINESE] = 1;
            if (*core_sim < 1.0) *core_sim = 1.0;
            return false;
        }
    }
    if (k <= 0) return false;
    if (!differ) {
        feat[OV_MF_CHINESE] = 1;
        return false;
    }
    /* a long name read with its place or legal form cut elsewhere may misalign:
     * only a short distinctive part is judged by its syllables */
    if (k <= 4) {
        feat[OV_MF_CHINESE] = -1;
        return true;
    }
    return false;
}

/* Whether the shorter of two full forms is the distinctive core of the
 * longer ("Yitu" of "Shanghai Yitu Network Technology", "AVIC Shenyang" of
 * "AVIC Shenyang Aircraft"): every word of the shorter is a word of the
 * longer, in order, one of them distinctive (three letters or more, not a
 * plain word: ov__names_plain_word), and the longer adds one or two
 * distinctive words besides any plain ones; the shorter has no legal form
 * (a_legal, b_legal: the classes of a and b). Two names that differ only in
 * plain words are left to the other features; "BGI Group" is not the core of
 * "BGI Genomics" (group is not one of its words). */
static bool short_core(const ov__names *nm, const tokv *a, const char *a_legal, const tokv *b, const char *b_legal)
{
    const tokv *sh = a->count <= b->count ? a : b, *lg = sh == a ? b : a;
    if (!sh->count || lg->count <= sh->count || lg->count > sh->count + 6) return false;
    /* a short name, not a registered one: "IHI Aerospace Co., Ltd." is not
     * the core of IHI Aerospace Engineering, its subsidiary */
    if ((sh == a ? a_legal : b_legal)[0]) return false;
    /* nor a name that already says what kind of company it is: "IHI
     * Aerospace" (a descriptor after its own words, not a generic word) is
     * the parent of IHI Aerospace Engineering, not its short name */
    for (int i = 1; i < sh->count; i++)
        if (!ov__names_plain_word(nm, sh->s[i], sh->n[i]) &&
            ov__names_word_kind(nm, sh->s[i], sh->n[i]) == OV__WORD_DESCRIPTOR)
            return false;
    int j = 0, added = 0;
    bool distinct = false;
    for (int i = 0; i < lg->count; i++) {
        if (j < sh->count && lg->n[i] == sh->n[j] && !memcmp(lg->s[i], sh->s[j], lg->n[i])) {
            if (sh->n[j] >= 3 && !ov__names_plain_word(nm, sh->s[j], sh->n[j])) distinct = true;
            j++;
        } else if (!ov__names_plain_word(nm, lg->s[i], lg->n[i])) {
            added++;
        }
    }
    return j == sh->count && distinct && added >= 1 && added <= 2;
}

/* A short Chinese name that is the distinctive part of a long registered one
 * (中国移动 for 中国移动通信集团有限公司, 中国联通 for 中国联合网络通信集团有限公司):
 * both written in Han only, the shorter without a legal form, the longer
 * with one (x: the stored name's extra fields); the shorter's core (place,
 * generic words and legal form cut; two characters or more) begins with the
 * longer core's first character and takes the rest of its characters from
 * it in order - a prefix (移动 of 移动通信) or the characters Chinese short
 * names keep (联通 of 联合网络通信, 石化 of 石油化工), leaving out two
 * characters or more (博隆 is another trade name than 博隆恒, not its short
 * name). A group (集团) is no short name of a company that is not one. A
 * place that differs is still compared (distinguish). */
static bool han_short(const ov_matcher *mx, const qname *q, const mx_name *n, const extra *x)
{
    const char *qh = q->f.han, *eh = P(mx, n->han);
    if (!*qh || !*eh) return false;
    bool q_short = !q->f.legal[0] && x->legal[0], e_short = q->f.legal[0] && !x->legal[0];
    if ((!q_short && !e_short) || !han_only_name(q->text) || !han_only_name(P(mx, n->raw))) return false;
    uint32_t a[64], b[64];
    int na = code_points(q_short ? qh : eh, a, 64), nb = code_points(q_short ? eh : qh, b, 64);
    if (na < 2 || nb < na + 2 || a[0] != b[0]) return false;
    if (word_in(q_short ? q->f.qual : x->qual, "group", 5) && !word_in(q_short ? x->qual : q->f.qual, "group", 5))
        return false;
    int j = 1;
    for (int i = 1; i < nb && j < na; i++)
        if (b[i] == a[j]) j++;
    return j == na;
}

/* Whether two tokens are one word: equal, or (soft) four letters or more
 * within Jaro-Winkler 0.9 and max(2, len/5) edits, as token_dice reads them,
 * or five letters or more one typo apart ("Mtsubishi"). */
static bool same_token(const char *a, size_t na, const char *b, size_t nb, bool soft)
{
    if (na == nb && !memcmp(a, b, na)) return true;
    if (!soft || na < 4 || nb < 4) return false;
    if (na >= 5 && nb >= 5 && ov__within_one_edit(a, na, b, nb)) return true;
    size_t longer = na > nb ? na : nb;
    double allowed = longer / 5 > 2 ? (double)(longer / 5) : 2.0;
    return ov__jaro_winkler(a, na, b, nb) >= 0.9 &&
           (1.0 - ov__levenshtein_sim(a, na, b, nb)) * (double)longer <= allowed + 1e-9;
}

/* Whether two compact full forms are the same letters but for a typo or
 * two ("AppliedDufairsemdeis" for "Applied Dufairsemdeis", two letters of a
 * long word): then no word differs, whatever the word split says. */
static bool nearly_same(const char *a, const char *b)
{
    return ov__levenshtein_sim(a, strlen(a), b, strlen(b)) >= DESCRIPTOR_TYPO_SIM;
}

/* Names made of descriptor words (feature "descriptor", docs/internals/
 * names.md): true when the words two full forms share say only what kind of
 * body they name (ov__names_word_kind: ministry, military, intelligence,
 * bank, verband ...) and a word of one has no counterpart in the other:
 * "Directorate of Military Intelligence" vs "Directorate of Military
 * Counterintelligence", "General Directorate of ..." vs "Directorate of ...".
 * Nearly all: one shared content word is allowed when each side has a word
 * the other lacks and two descriptors are shared (two regional associations
 * differing in their region: "Verband der Metall- und Elektroindustrie
 * Baden-Württemberg" vs "... Nordrhein-Westfalen"). Words set aside (stop
 * words, legal forms, places, numbers, group, holding) are left to their own
 * features. */
static bool descriptor_differs(const ov__names *nm, const tokv *a, const tokv *b)
{
    bool ua[64] = {0}, ub[64] = {0};
    int desc = 0, content = 0;
    for (int soft = 0; soft < 2; soft++) {
        for (int i = 0; i < a->count; i++)
            for (int j = 0; j < b->count && !ua[i]; j++) {
                if (ub[j] || !same_token(a->s[i], a->n[i], b->s[j], b->n[j], soft)) continue;
                ua[i] = ub[j] = true;
                int k = ov__names_word_kind(nm, a->s[i], a->n[i]);
                if (k == OV__WORD_DESCRIPTOR) desc++;
                else if (k == OV__WORD_CONTENT) content++;
            }
        if (content > 1) return false; /* most names: two content words in common, no typo needed */
    }
    if (!desc) return false;
    bool more_a = false, more_b = false;
    for (int i = 0; i < a->count && !more_a; i++)
        more_a = !ua[i] && ov__names_word_kind(nm, a->s[i], a->n[i]) != OV__WORD_ASIDE;
    for (int j = 0; j < b->count && !more_b; j++)
        more_b = !ub[j] && ov__names_word_kind(nm, b->s[j], b->n[j]) != OV__WORD_ASIDE;
    if (!content) return more_a || more_b;
    return desc >= 2 && more_a && more_b;
}

/* Whether the query's full form is a part of the name's: its words, in
 * order, and at least one more that is not set aside (a legal form, a
 * place, a stop word, "group"): "BAE" of "BAE Systems", "General Dynamics"
 * of "General Dynamics Information Technology" (feature part). */
static bool query_part_of(const ov__names *nm, const tokv *q, const tokv *n)
{
    if (!q->count || q->count >= n->count) return false;
    int j = 0, more = 0;
    for (int i = 0; i < n->count; i++) {
        if (j < q->count && q->n[j] == n->n[i] && !memcmp(q->s[j], n->s[i], n->n[i])) j++;
        else if (ov__names_word_kind(nm, n->s[i], n->n[i]) != OV__WORD_ASIDE) more++;
    }
    return j == q->count && more > 0;
}

/* Whether a name has a word of one letter (an initial: "P. Kokoshkova"). */
static bool has_initial(const tokv *t)
{
    for (int i = 0; i < t->count; i++)
        if (t->n[i] == 1) return true;
    return false;
}

/* Whether the shorter of two compact names (an initialism or abbreviation
 * of the longer) has three letters or fewer: CT, IPL, CSC name hundreds of
 * parties, so such a reading alone is offered, not matched. */
static bool short_initialism(size_t qcl, size_t ecl)
{
    return (qcl < ecl ? qcl : ecl) <= 3;
}

/* The distinctive words of a core, joined (out[OV_FORM_MAX]): without
 * places, generic words, legal forms and descriptors (electronics, optics);
 * empty when they do not fit. */
static void distinctive_part(const ov__names *nm, const tokv *t, char *out)
{
    size_t o = 0;
    for (int i = 0; i < t->count; i++) {
        if (ov__names_plain_word(nm, t->s[i], t->n[i]) ||
            ov__names_word_kind(nm, t->s[i], t->n[i]) == OV__WORD_DESCRIPTOR)
            continue;
        if (o + t->n[i] >= OV_FORM_MAX) {
            o = 0;
            break;
        }
        memcpy(out + o, t->s[i], t->n[i]);
        o += t->n[i];
    }
    out[o] = '\0';
}

/* Two distinctive parts of Latin names (distinctive_part) that read as
 * pinyin syllables, as many on each side (four at most), and differ in one
 * or more ("Hailan" and "Hailun", "Zhongxing" and "Zhongxin"): two Chinese
 * trade names, as 宇视 and 宇树 are two names (chinese). Asked only when a
 * name leads with a place, as registered Chinese names do: English words
 * read as pinyin too ("sun-ri-se"). Sets OV_MF_CHINESE -1 then. */
static bool pinyin_names_differ(const ov__names *nm, const char *da, const char *db, double *feat)
{
    if (!da[0] || !strcmp(da, db)) return false;
    int syllables;
    if (ov__names_pinyin_differ(nm, da, db, &syllables) < 1) return false;
    feat[OV_MF_CHINESE] = -1;
    return true;
}

/* Whether two generic words are one: the same first four letters
 * (technology, technologies; industry, industrial) or the shorter is the
 * longer cut short ("tech", "intl"): its letters in order, the first one
 * first. */
static bool same_generic(const char *a, size_t na, const char *b, size_t nb)
{
    if (na >= 4 && nb >= 4 && !memcmp(a, b, 4)) return true;
    if (na > nb) return same_generic(b, nb, a, na);
    if (!na || a[0] != b[0]) return false;
    size_t i = 0;
    for (size_t j = 0; j < nb && i < na; j++)
        if (a[i] == b[j]) i++;
    return i == na;
}

/* Whether a name is written in Latin letters (up to Latin Extended-B; any
 * punctuation): its words are the name's own, not a transliteration whose
 * sector words are another language's (tekhnologii, technologies). */
static bool latin_written(const char *raw)
{
    for (const char *p = raw; *p;) {
        uint32_t cp;
        p += ov_utf8_decode(p, &cp);
        if (cp > 0x24F && !(cp >= 0x2000 && cp <= 0x206F) && !(cp >= 0x3000 && cp <= 0x303F) &&
            !(cp >= 0xFF00 && cp <= 0xFF0F))
            return false;
    }
    return true;
}

/* Whether a word that says what kind of company a name names (a generic
 * word of generic_words.txt: technology, digital, systems; a descriptor of
 * rigour's symbols.yml: electronics, medical) of one full form has no
 * counterpart among the other's words (same_generic): two registered names
 * that differ in one ("Sunrise Co., Ltd." and "Sunrise Technology Co.,
 * Ltd.", "Kronos Medical GmbH" and "Kronos Medical Systems GmbH") are two
 * registrations, as 中国航空工业集团 and 中国航空集团 are. */
static bool generic_words_differ(const ov__names *nm, const tokv *a, const tokv *b)
{
    const tokv *t[2] = {a, b};
    for (int s = 0; s < 2; s++)
        for (int i = 0; i < t[s]->count; i++) {
            const char *w = t[s]->s[i];
            size_t n = t[s]->n[i];
            if (ov__names_word_kind(nm, w, n) != OV__WORD_DESCRIPTOR) continue;
            bool found = false;
            /* any word of the other: a generic word misspelt is no longer one ("Techologies") */
            for (int j = 0; j < t[!s]->count && !found; j++) {
                const char *o = t[!s]->s[j];
                size_t on = t[!s]->n[j];
                found = same_generic(w, n, o, on) || same_token(w, n, o, on, true);
            }
            if (!found) return true;
        }
    return false;
}

/* Whether lg has a word that says which one (a content word: not set
 * aside, no descriptor, no word of a legal form) that sh lacks. A query that
 * adds such a word to a party's short name names another company whose name
 * holds it ("Huawei Device Co., Ltd." for Huawei, "RGB Spectrum" for RGB):
 * not the party's short name. */
static bool adds_content(const ov__names *nm, const tokv *sh, const tokv *lg)
{
    for (int i = 0; i < lg->count; i++) {
        if (ov__names_word_kind(nm, lg->s[i], lg->n[i]) != OV__WORD_CONTENT ||
            ov__names_legal_word(nm, lg->s[i], lg->n[i]))
            continue;
        bool in = false;
        for (int j = 0; j < sh->count && !in; j++) in = sh->n[j] == lg->n[i] && !memcmp(sh->s[j], lg->s[i], lg->n[i]);
        if (!in) return true;
    }
    return false;
}

static double name_features(const ov_matcher *mx, const qname *q, const mx_name *n, double *feat)
{
    const ov_match_settings *s = &mx->set;
    const char *cc = P(mx, n->compact), *ch = P(mx, n->han);
    tokv core, full;
    split(P(mx, n->core), &core);
    split(P(mx, n->full), &full);
    char fullc[OV_FORM_MAX], sorted[OV_FORM_MAX];
    nospace(P(mx, n->full), fullc, sizeof fullc);
    sorted_compact(&core, sorted, sizeof sorted);
    feat[OV_MF_EXACT] = ((q->f.compact[0] && !strcmp(q->f.compact, cc)) || (q->fullc[0] && !strcmp(q->fullc, fullc)) ||
                         (q->f.han[0] && !strcmp(q->f.han, ch)))
                            ? 1.0 : 0.0;
    feat[OV_MF_HAN] = han_dice(q->f.han, ch);
    double tc = token_dice(&q->core, &core, true), tf = token_dice(&q->full, &full, true);
    double pc = soundex_dice(&q->core, &core), pf = soundex_dice(&q->full, &full);
    /* the best reading of three: cores, full forms, cores in any word order */
    double jw, lev, best = -1, mix;
    const char *qa[3] = {q->f.compact, q->fullc, q->sorted}, *ca[3] = {cc, fullc, sorted};
    double toks[3] = {tc, tf, tc}, phs[3] = {pc, pf, pc};
    for (int i = 0; i < 3; i++) {
        /* a reading that compares the same strings as the one before adds nothing */
        if (i && !strcmp(qa[i], qa[i - 1]) && !strcmp(ca[i], ca[i - 1]) && toks[i] == toks[i - 1]) continue;
        if (i == 2 && !strcmp(qa[2], qa[0]) && !strcmp(ca[2], ca[0])) continue;
        mix = mix_of(s, qa[i], ca[i], toks[i], phs[i], &jw, &lev);
        if (mix > best) {
            best = mix;
            feat[OV_MF_JARO_WINKLER] = jw;
            feat[OV_MF_LEVENSHTEIN] = lev;
            feat[OV_MF_TOKENS] = toks[i];
            feat[OV_MF_PHONETIC] = phs[i];
        }
    }
    feat[OV_MF_FULL] = token_dice(&q->full, &full, false);
    double core_sim = feat[OV_MF_EXACT];
    if (feat[OV_MF_HAN] > core_sim) core_sim = feat[OV_MF_HAN];
    if (best > core_sim) core_sim = best;
    if (core_sim < TRANSLIT_SIM && !q->f.han[0] && !*ch) {
        char fa[OV_FORM_MAX], fb[OV_FORM_MAX];
        translit_fold(q->f.compact, fa, sizeof fa);
        translit_fold(cc, fb, sizeof fb);
        if (strlen(fa) >= 3 && !strcmp(fa, fb)) core_sim = TRANSLIT_SIM;
    }
    bool han_differs = chinese(mx, q, n, &core_sim, feat);
    double name = (1.0 - s->w_full) * core_sim + s->w_full * feat[OV_MF_FULL];
    /* people: as people's names are written (order, initials, nicknames,
     * transliterations, middle names); a word of the shorter name with no
     * counterpart ("Kim Jong Un" vs "Kim Jong Il") keeps them apart */
    const ov_schema *es = ent_schema(mx, &mx->ents[n->entity]);
    extra x;
    extra_split(P(mx, n->extra), &x);
    if (es == mx->person_schema && q->f.full[0] && !q->f.han[0]) {
        bool unmatched = false;
        double ps = ov__names_person(mx->nm, q->f.full, P(mx, n->full), &unmatched);
        if (ps > name) name = ps, feat[OV_MF_PERSON] = ps;
        else if (unmatched && name > s->person_mismatch_cap) name = s->person_mismatch_cap, feat[OV_MF_PERSON] = -1;
    }
    /* a short name one typo away is offered as a possible match, not dismissed
     * ("DJl" for DJI, "Leios" for Leidos: one edit is much of a short name) */
    size_t qn = strlen(q->f.compact), en = strlen(cc);
    if (!han_differs && qn >= 3 && en >= 3 && qn <= 8 && en <= 8 && name < s->short_typo_floor &&
        ov__within_one_edit(q->f.compact, qn, cc, en)) {
        name = s->short_typo_floor;
        feat[OV_MF_TYPO] = 1;
    }
    /* an initialism against its expansion */
    size_t qcl = strlen(q->f.compact), ecl = strlen(cc);
    if ((qcl && qcl <= 8) || (ecl && ecl <= 8)) {
        const char *er = P(mx, n->raw);
        if ((qcl <= 8 && ov__names_initialism(mx->nm, q->text, er)) ||
            (ecl <= 8 && ov__names_initialism(mx->nm, er, q->text))) {
            feat[OV_MF_ACRONYM] = 1;
            double floor = short_initialism(qcl, ecl) ? s->short_initialism_cap : s->acronym_match;
            if (name < floor) name = floor;
        }
    }
    /* a short name that is the distinctive core of a long one ("Yitu" for
     * Shanghai Yitu Network Technology): a match; what the long one adds as
     * a qualifier (a place, a series) still costs it below (distinguish) */
    /* an abbreviation of several letters a word ("Norinco", "COMAC", "China
     * Unicom", "China Mobile Comm"): scored as an initialism. The short name
     * has no legal form: "BAE Systems, Inc." abbreviates nothing */
    if (!feat[OV_MF_ACRONYM] && name < s->acronym_match && es != mx->person_schema && !q->f.han[0] && !*ch) {
        const char *er = P(mx, n->raw);
        bool qshort = strlen(q->text) < strlen(er);
        int ab = (qshort ? q->f.legal : x.legal)[0] ? 0
                 : qshort                           ? ov__names_abbreviation(mx->nm, q->text, er)
                                                    : ov__names_abbreviation(mx->nm, er, q->text);
        if (ab) {
            /* 1: it reads every place of the long name (numbers, qualifiers and
             * places are then not compared, as for an initialism); 0.5: some are
             * left to the qualifiers (SMIC Beijing) */
            feat[OV_MF_ABBREVIATION] = ab == 2 ? 1 : 0.5;
            name = short_initialism(qcl, ecl) ? s->short_initialism_cap : s->acronym_match;
        }
    }
    if (name < s->short_name_match && es != mx->person_schema && !q->f.han[0] && !*ch &&
        short_core(mx->nm, &q->full, q->f.legal, &full, x.legal) &&
        (q->full.count < full.count || !adds_content(mx->nm, &full, &q->full))) {
        name = s->short_name_match;
        feat[OV_MF_SHORT_NAME] = 1;
    }
    if (name < s->short_name_match && es != mx->person_schema && han_short(mx, q, n, &x)) {
        name = s->short_name_match;
        feat[OV_MF_SHORT_NAME] = 1;
    }
    /* two Latin names, one leading with a place, whose distinctive parts
     * differ in a pinyin syllable (asked only where the cap can matter) */
    if (!han_differs && name > s->han_mismatch_cap && es != mx->person_schema && !q->f.han[0] && !*ch &&
        !feat[OV_MF_EXACT] && (q->f.place[0] || x.place[0])) {
        char qd[OV_FORM_MAX], nd[OV_FORM_MAX];
        distinctive_part(mx->nm, &q->core, qd);
        distinctive_part(mx->nm, &core, nd);
        han_differs = pinyin_names_differ(mx->nm, qd, nd, feat);
    }
    if (han_differs && name > s->han_mismatch_cap) name = s->han_mismatch_cap;
    if (name > s->descriptor_mismatch_cap && es != mx->person_schema && !q->f.han[0] && !*ch &&
        !feat[OV_MF_ACRONYM] && !feat[OV_MF_ABBREVIATION] && descriptor_differs(mx->nm, &q->full, &full) &&
        !nearly_same(q->fullc, fullc)) {
        name = s->descriptor_mismatch_cap;
        feat[OV_MF_DESCRIPTOR] = -1;
    }
    /* two registered names (a legal form each) written in Latin letters whose
     * industry words differ: capped as two registered Chinese names are
     * (distinguish); a transliteration's sector words are another language's */
    if (name > s->industry_mismatch_cap && es != mx->person_schema && q->f.legal[0] && x.legal[0] &&
        !feat[OV_MF_ACRONYM] && !feat[OV_MF_ABBREVIATION] && latin_written(q->text) &&
        latin_written(P(mx, n->raw)) && generic_words_differ(mx->nm, &q->full, &full)) {
        name = s->industry_mismatch_cap;
        feat[OV_MF_INDUSTRY] = -1;
    }
    name = distinguish(s, &q->f, &x, name, feat);
    /* asked only where it can matter: ov_matcher_query caps a part that
     * another party among the results shares (shared_parts) */
    if (name > s->shared_part_cap && !q->f.han[0] && !*ch &&
        (es != mx->person_schema ? query_part_of(mx->nm, &q->full, &full)
                                 : feat[OV_MF_PERSON] > 0 && has_initial(&q->full) && !has_initial(&full)))
        feat[OV_MF_PART] = 1;
    feat[OV_MF_NAME] = name;
    return name;
}


static int schema_compat(ov_matcher *mx, const ov_schema *want, const ov_schema *have)
{
    if (!want) return 1;
    int id = ov_schema_id(have);
    if (id < 0 || id >= (int)sizeof mx->schema_ok) return ov_model_common_schema(mx->model, want, have) != NULL;
    if (!mx->schema_ok[id]) mx->schema_ok[id] = ov_model_common_schema(mx->model, want, have) ? 1 : -1;
    return mx->schema_ok[id] > 0;
}

static int cmp_result(const void *a, const void *b)
{
    const ov_match_result *x = a, *y = b;
    if (x->score != y->score) return x->score < y->score ? 1 : -1;
    return strcmp(x->id, y->id);
}

static int touch(ov_matcher *mx, uint32_t **arr, size_t *cap, size_t n, uint32_t v)
{
    if (n >= *cap && grow((void **)arr, cap, n + 1, sizeof **arr)) return OV_ENOMEM;
    (*arr)[n] = v;
    return OV_OK;
}

/* A query's names, normalised (each name and the parts of "X (Y)"), and its
 * blocking keys. */
typedef struct variant {
    char out[OV_NAME_MAX], in[OV_NAME_MAX];
} variant;
typedef struct qprep {
    variant *var;
    qname *qn;
    size_t nvalid;
    keyset *ks;
} qprep;

static void prep_release(qprep *p)
{
    ov__free(p->var);
    ov__free(p->qn);
    ov__free(p->ks);
    memset(p, 0, sizeof *p);
}

static int prep_query(ov_matcher *mx, const ov_match_query *q, qprep *p)
{
    memset(p, 0, sizeof *p);
    size_t nq = q->n_names < MAX_QUERY_NAMES ? q->n_names : MAX_QUERY_NAMES;
    p->var = ov__malloc(sizeof *p->var * (nq ? nq : 1));
    p->qn = ov__malloc(sizeof *p->qn * (nq ? nq * 3 : 1));
    p->ks = ov__malloc(sizeof *p->ks);
    if (!p->var || !p->qn || !p->ks) {
        prep_release(p);
        return OV_ENOMEM;
    }
    const char *names[MAX_QUERY_NAMES * 3], *raws[MAX_QUERY_NAMES * 3];
    size_t nn = 0;
    for (size_t i = 0; i < nq; i++) {
        if (!q->names[i]) continue;
        int parts = paren_parts(mx->nm, q->names[i], p->var[i].out, p->var[i].in, OV_NAME_MAX);
        raws[nn] = q->names[i];
        names[nn++] = parts == PAREN_NOTE ? p->var[i].out : q->names[i];
        if (parts == PAREN_ALIAS) {
            names[nn] = p->var[i].out, raws[nn++] = q->names[i];
            names[nn] = p->var[i].in, raws[nn++] = q->names[i];
        }
    }
    p->ks->n = 0;
    for (size_t i = 0; i < nn; i++) {
        qname *x = &p->qn[p->nvalid];
        int r = ov__names_normalize(mx->nm, names[i], &x->f);
        if (r == OV_EINVAL) continue;
        if (r) {
            prep_release(p);
            return r;
        }
        if (!x->f.compact[0] && !x->f.han[0]) continue;
        x->raw = raws[i];
        x->text = names[i];
        split(x->f.core, &x->core);
        split(x->f.full, &x->full);
        nospace(x->f.full, x->fullc, sizeof x->fullc);
        sorted_compact(&x->core, x->sorted, sizeof x->sorted);
        form_keys(&x->f, p->ks, true);
        p->nvalid++;
    }
    if (!p->nvalid) {
        snprintf(mx->errmsg, sizeof mx->errmsg, "no usable name in the query");
        prep_release(p);
        return OV_EINVAL;
    }
    return OV_OK;
}

/* The full score of entity ent for the prepared query (no cutoff applied). */
static void score_entity(ov_matcher *mx, const ov_match_query *q, const qprep *p, uint32_t ent,
                         ov_match_result *r)
{
    const mx_entity *e = &mx->ents[ent];
    char qid[128];
    memset(r, 0, sizeof *r);
    double best = -1, feat[OV_MF__COUNT];
    for (uint32_t ni = e->first_name; ni < e->first_name + e->n_names; ni++)
        for (size_t k = 0; k < p->nvalid; k++) {
            memset(feat, 0, sizeof feat);
            double sc = name_features(mx, &p->qn[k], &mx->names[ni], feat);
            if (sc > best) {
                best = sc;
                memcpy(r->features, feat, sizeof feat);
                r->matched_name = P(mx, mx->names[ni].raw);
                r->query_name = p->qn[k].raw;
            }
        }
    double score = best;
    const char *ids = P(mx, e->idents);
    if (*ids && q->n_identifiers) {
        bool agree = false, comparable = false;
        for (size_t k = 0; k < q->n_identifiers && !agree; k++) {
            if (!q->identifiers[k]) continue;
            size_t l = ident_norm(q->identifiers[k], qid, sizeof qid);
            if (l < 4) continue;
            agree = word_in(ids, qid, l);
            /* comparable when the entity holds an identifier of the same length */
            for (const char *s = ids; *s && !comparable;) {
                while (*s == ' ') s++;
                const char *s0 = s;
                while (*s && *s != ' ') s++;
                comparable = (size_t)(s - s0) == l;
            }
        }
        if (agree) {
            r->features[OV_MF_IDENTIFIER] = 1;
            if (score < mx->set.identifier_match) score = mx->set.identifier_match;
        } else if (comparable) {
            r->features[OV_MF_IDENTIFIER] = -1;
            score += mx->set.identifier_mismatch;
        }
    }
    const char *cs = P(mx, e->countries);
    if (*cs && q->n_countries) {
        bool agree = false;
        for (size_t k = 0; k < q->n_countries && !agree; k++) {
            if (!q->countries[k]) continue;
            char lc[16];
            size_t l = 0;
            for (const char *s = q->countries[k]; *s && l + 1 < sizeof lc; s++)
                lc[l++] = (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
            lc[l] = '\0';
            agree = l && word_in(cs, lc, l);
        }
        r->features[OV_MF_COUNTRY] = agree ? 1 : -1;
        score += agree ? mx->set.country_match : mx->set.country_mismatch;
    }
    if (score > 1.0) score = 1.0;
    if (score < 0.0) score = 0.0;
    r->score = score;
    r->match = score >= (q->threshold > 0 ? q->threshold : mx->set.match_threshold);
    r->id = P(mx, e->id);
    r->schema = ov_schema_name(ent_schema(mx, e));
    r->caption = P(mx, e->caption);
}

const char *ov_matcher_name_problem(ov_matcher *mx, const char *name)
{
    const char *p = name ? name : "";
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
    if (!*p) return "empty name";
    ov__name_form f;
    int rc = ov__names_normalize(mx->nm, name, &f);
    if (rc) return "no usable name";
    if (f.only_legal_form) return "only a legal form";
    if (!f.compact[0] && !f.han[0]) return "no usable name";
    return NULL;
}

int ov__matcher_score_entity(ov_matcher *mx, const ov_match_query *q, const char *id, ov_match_result *out)
{
    if (!mx->finished) {
        int rc = ov_matcher_finish(mx);
        if (rc) return rc;
    }
    uint32_t ent = UINT32_MAX;
    for (size_t i = 0; i < mx->n_ents && ent == UINT32_MAX; i++)
        if (!strcmp(P(mx, mx->ents[i].id), id)) ent = (uint32_t)i;
    if (ent == UINT32_MAX) return OV_ENOTFOUND;
    qprep p;
    int rc = prep_query(mx, q, &p);
    if (rc) return rc;
    score_entity(mx, q, &p, ent, out);
    prep_release(&p);
    return OV_OK;
}

/* The party of a result: its judged cluster (q->party), or the entity. */
static const char *party_of(const ov_match_query *q, const ov_match_result *r)
{
    const char *p = q->party ? q->party(q->party_ud, r->id) : NULL;
    return p ? p : r->id;
}

/* A name several parties share points at none of them: when the query's
 * words are only a part of a party's name (feature part 1) and another party
 * among the results also matches it, at or above the threshold (the query
 * is that party's whole name, or a part of it too: "BAE" against "BAE
 * Systems, Inc." and "BAE Systems Land and Armaments"), each such part is
 * capped at shared_part_cap: offered for review, not matched. Referents of
 * one judged party are one party ("Dawning" against its three list rows). */
static void shared_parts(const ov_matcher *mx, const ov_match_query *q, ov_match_result *res, int nr)
{
    double thr = q->threshold > 0 ? q->threshold : mx->set.match_threshold;
    int above = 0, parts = 0;
    for (int i = 0; i < nr; i++)
        if (res[i].score >= thr) above++, parts += res[i].features[OV_MF_PART] > 0;
    if (above < 2 || !parts) return;
    bool cap[MAX_CAND] = {0};
    const char *party[MAX_CAND]; /* asked once a result: the caller's lookup may cost */
    for (int i = 0; i < nr; i++) party[i] = res[i].score >= thr ? party_of(q, &res[i]) : NULL;
    for (int i = 0; i < nr; i++) {
        if (!party[i] || res[i].features[OV_MF_PART] <= 0) continue;
        for (int k = 0; k < nr && !cap[i]; k++) cap[i] = k != i && party[k] && strcmp(party[i], party[k]) != 0;
    }
    for (int i = 0; i < nr; i++) {
        ov_match_result *r = &res[i];
        if (!cap[i]) continue;
        r->features[OV_MF_PART] = -1;
        if (r->score > mx->set.shared_part_cap) r->score = mx->set.shared_part_cap;
        r->match = r->score >= thr;
    }
}

int ov_matcher_query(ov_matcher *mx, const ov_match_query *q, ov_match_result *out, size_t cap, size_t *n_out)
{
    *n_out = 0;
    if (!mx->finished) {
        int rc = ov_matcher_finish(mx);
        if (rc) return rc;
    }
    const ov_schema *want = NULL;
    if (q->schema && *q->schema) {
        want = ov_model_schema(mx->model, q->schema);
        if (!want) {
            snprintf(mx->errmsg, sizeof mx->errmsg, "unknown schema '%s'", q->schema);
            return OV_EINVAL;
        }
    }
    memset(mx->schema_ok, 0, sizeof mx->schema_ok);
    qprep prep;
    int rc = prep_query(mx, q, &prep);
    if (rc) return rc;
    keyset *ks = prep.ks;
    /* blocking: the rarest keys first, until the posting budget is spent */
    typedef struct qkey {
        uint32_t slot, cnt;
        uint8_t w;
    } qkey;
    qkey qk[MAX_KEYS];
    int nqk = 0;
    for (int k = 0; !rc && k < ks->n; k++) {
        size_t slot;
        if (key_slot(mx, ks->h[k], false, &slot)) continue;
        uint32_t cnt = mx->kcount[slot];
        if (cnt > (uint32_t)mx->set.block_max_posting) continue;
        int j = nqk++;
        while (j > 0 && (qk[j - 1].cnt > cnt || (qk[j - 1].cnt == cnt && qk[j - 1].slot > slot))) {
            qk[j] = qk[j - 1];
            j--;
        }
        qk[j] = (qkey){(uint32_t)slot, cnt, ks->w[k]};
    }
    size_t nt = 0, ne = 0;
    uint64_t walked = 0;
    for (int k = 0; !rc && k < nqk; k++) {
        if (k && walked + qk[k].cnt > (uint64_t)mx->set.block_budget) break;
        walked += qk[k].cnt;
        const uint32_t *pl = mx->postings + mx->kstart[qk[k].slot];
        for (uint32_t i = 0; i < qk[k].cnt && !rc; i++) {
            uint32_t nid = pl[i];
            if (!mx->name_hits[nid]) {
                if ((rc = touch(mx, &mx->touched, &mx->touched_cap, nt, nid))) break;
                nt++;
            }
            uint32_t v = mx->name_hits[nid] + qk[k].w;
            mx->name_hits[nid] = (uint16_t)(v > 65535 ? 65535 : v);
        }
    }
    /* the best names by blocking weight (only these are looked up: the
     * name and entity tables are large and random reads are what costs) */
    enum { TOPN = MAX_CAND };
    uint32_t top[TOPN];
    int ntop = 0, want_top = mx->set.block_candidates * 4 < TOPN ? mx->set.block_candidates * 4 : TOPN;
    for (size_t i = 0; !rc && i < nt; i++) {
        uint32_t nid = mx->touched[i];
        uint16_t w = mx->name_hits[nid];
        if (ntop == want_top && w <= mx->name_hits[top[ntop - 1]]) continue;
        int j = ntop < want_top ? ntop++ : ntop - 1;
        while (j > 0 && mx->name_hits[top[j - 1]] < w) {
            top[j] = top[j - 1];
            j--;
        }
        top[j] = nid;
    }
    for (int i = 0; !rc && i < ntop; i++) {
        uint32_t nid = top[i];
        uint32_t e = mx->names[nid].entity;
        if (want && !schema_compat(mx, want, ent_schema(mx, &mx->ents[e]))) continue;
        if (!mx->ent_best[e]) {
            if ((rc = touch(mx, &mx->ent_touched, &mx->ent_touched_cap, ne, e))) break;
            ne++;
        }
        if (mx->name_hits[nid] > mx->ent_best[e]) mx->ent_best[e] = mx->name_hits[nid];
    }
    /* the best few entities by blocking weight (ties: lower number first) */
    uint32_t cand[MAX_CAND];
    int nc = 0, K = mx->set.block_candidates;
    for (size_t i = 0; !rc && i < ne; i++) {
        uint32_t e = mx->ent_touched[i];
        uint16_t w = mx->ent_best[e];
        if (nc == K && (w < mx->ent_best[cand[nc - 1]] || (w == mx->ent_best[cand[nc - 1]] && e > cand[nc - 1])))
            continue;
        int j = nc < K ? nc++ : nc - 1;
        while (j > 0 && (mx->ent_best[cand[j - 1]] < w || (mx->ent_best[cand[j - 1]] == w && cand[j - 1] > e))) {
            cand[j] = cand[j - 1];
            j--;
        }
        cand[j] = e;
    }
    /* full scores */
    size_t limit = (size_t)(q->limit > 0 ? q->limit : mx->set.limit);
    if (limit > 100) limit = 100;
    if (limit > cap) limit = cap;
    double cutoff = q->cutoff >= 0 ? q->cutoff : mx->set.cutoff;
    ov_match_result res[MAX_CAND];
    int nr = 0;
    for (int c = 0; !rc && c < nc; c++) {
        ov_match_result r;
        score_entity(mx, q, &prep, cand[c], &r);
        if (r.score < cutoff || (q->keep && !q->keep(q->keep_ud, &r))) continue;
        res[nr++] = r;
    }
    shared_parts(mx, q, res, nr);
    qsort(res, (size_t)nr, sizeof res[0], cmp_result);
    for (int i = 0; i < nr && (size_t)i < limit; i++) out[(*n_out)++] = res[i];
    for (size_t i = 0; i < nt; i++) mx->name_hits[mx->touched[i]] = 0;
    for (size_t i = 0; i < ne; i++) mx->ent_best[mx->ent_touched[i]] = 0;
    prep_release(&prep);
    return rc;
}
