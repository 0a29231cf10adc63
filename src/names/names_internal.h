/* names_internal.h - what the files of src/names share: the embedded
 * vocabulary and settings, and the string similarities. */
#ifndef OV_NAMES_INTERNAL_H
#define OV_NAMES_INTERNAL_H
#include <stddef.h>
#include "oversight/match.h"

/* ---- normalisation (the matcher's working forms of a name) -------------------- */

typedef struct ov__names ov__names;

/* The normalised forms of one name. All are lower-case ASCII except han. */
typedef struct ov__name_form {
    char full[OV_FORM_MAX];    /* tokens, legal forms removed; Han as one pinyin token */
    char core[OV_FORM_MAX];    /* full without generic words and places (unless nothing would remain) */
    char compact[OV_FORM_MAX]; /* core without spaces */
    char han[OV_FORM_MAX];     /* the simplified Han core (UTF-8), "" when the name has no Han */
    char legal[16];            /* the generic class of its legal form ("llc", "jsc", "lp" ...; rigour's
                                  org_types), "?" for a legal form of no known class, "" for none */
    char nums[64];             /* the numbers it writes (digits, number words, ordinals, Roman
                                  numerals, 第N), as digits, sorted, space-separated */
    char place[64];            /* the places that lead it ("Hangzhou", 北京; canonical Latin form) */
    char qual[64];             /* what qualifies it after its distinctive words: places ("ABC Bank
                                  (Asia)", "Dahua Technology USA") and series or classes ("Series A") */
    char acronym[16];          /* a name written as one capitalised initialism ("CETC", "C.E.T.C."),
                                  lower case; "" otherwise */
    char initials[96];         /* the initialisms a name of several words may have (all words; and
                                  without some of its stop, generic and legal words), space-separated */
    char initials_more[96];    /* more initialisms it is indexed under (not looked up by a query):
                                  the last distinctive word left out ("CGN" of China General Nuclear
                                  Power Corporation), a hyphenated word as one ("AMEC" of Advanced
                                  Micro-Fabrication Equipment), camel case as two ("CXMT" of ChangXin
                                  Memory Technologies) */
    bool only_legal_form;      /* the name is nothing but a legal form ("Ltd.", "有限公司") */
    char han_industry[64];     /* a registered Chinese name (one with a legal form): "=" and its
                                  industry words (科技, 信息产业, 集团 ...) between the trade name
                                  and the legal form; "" otherwise */
} ov__name_form;

/* Opens a normaliser: the vocabulary compiled in from data/names, OpenCC's
 * t2s conversion and (lazily, on the first non-ASCII name) the ICU
 * transliterator. OV_EIO with the reason in err when OpenCC or ICU cannot be
 * opened. One normaliser per thread. */
int ov__names_open(ov__names **out /* OUT */, char *err, size_t errlen);
void ov__names_free(ov__names *nm);
/* Normalises name (UTF-8). OV_EINVAL for invalid UTF-8; OV_EIO when ICU fails.
 * Results of non-ASCII names are cached (bounded). */
int ov__names_normalize(ov__names *nm, const char *name, ov__name_form *out /* OUT */);


/* the files of data/names, embedded by data/names/embed.py (vocab_data.c) */
extern const char ov__names_legal_forms[];
extern const char ov__names_generic_words[];
extern const char ov__names_places[];
extern const char ov__names_settings[];
extern const char ov__names_pinyin_syllables[];
extern const char ov__names_org_types[];  /* rigour's legal forms: FORM<TAB>CLASS */
extern const char ov__names_ordinals[];   /* rigour's number words: N<TAB>FORM */
extern const char ov__names_person_nicks[]; /* rigour's given-name groups: GROUP<TAB>NAME */
extern const char ov__names_descriptors[];   /* rigour's descriptor words: GROUP<TAB>WORD */
extern const char ov__names_descriptor_words[]; /* descriptor words added by hand: WORD */
extern const char ov__names_countries[];        /* leading places that are countries: WORD */

/* True when text is only places, generic words and legal forms ("Beijing",
 * "Group", "BVI Co., Ltd.", "北京"): in "X (Y)" such a Y qualifies X (a
 * subsidiary's seat) instead of giving another name (normalize.c). */
bool ov__names_is_qualifier(const ov__names *nm, const char *text);

/* True when acr (a name written as a capitalised initialism, "CETC") is the
 * initialism of name ("China Electronics Technology Group Corporation"):
 * its letters are the first letters of name's words in order, where stop
 * words (of, and, the ...), generic words and legal forms may be skipped,
 * and one other word at the end ("China General Nuclear [Power]"). */
bool ov__names_initialism(const ov__names *nm, const char *acr, const char *name);

/* True when shrt (a name of one to four words) abbreviates lng word by
 * word, with a word of it formed from the first letters of several words
 * of lng ("Norinco" for China NORth INdustries Group COrporation, "COMAC",
 * "Unicom" for UNIted Network COMmunications) or a word cut short ("Comm",
 * "Info"): the words of shrt, in order, are words of lng, beginnings of
 * them (three letters or more), or such runs of two words or more, at
 * least one not the whole word; places, generic words, stop words and legal
 * forms of lng may be left out, and one other word of it; a place or
 * generic word of shrt may stand anywhere (the qualifiers compare them).
 * Returns 2 when it does so reading every place of lng too (AVIC: AV-iation
 * I-ndustry Corporation of C-hina), 1 when it leaves places of lng out, 0
 * when it is no abbreviation. */
int ov__names_abbreviation(const ov__names *nm, const char *shrt, const char *lng);

/* True when the word w[n] (lower-case ASCII) tells nothing of which party a
 * name names: a stop word (of, and ...), a generic word (group, technology),
 * a place or a legal form, or a number. */
bool ov__names_plain_word(const ov__names *nm, const char *w, size_t n);

/* What a word (lower-case ASCII, a token of a full form) says of the party
 * a name names: OV__WORD_ASIDE for a stop word, a legal form, a place, a
 * number, or "group"/"holding(s)" (compared elsewhere: legal forms, numbers,
 * qualifiers); OV__WORD_DESCRIPTOR for a word that says what kind of body it
 * is (a generic word, or a descriptor of rigour's symbols.yml or
 * descriptor_words.txt: ministry, military, intelligence, bank, verband; a
 * compound ending in one of seven letters or more: counterintelligence);
 * OV__WORD_CONTENT otherwise (a word that says which one). */
enum { OV__WORD_CONTENT = 0, OV__WORD_DESCRIPTOR = 1, OV__WORD_ASIDE = 2 };
int ov__names_word_kind(const ov__names *nm, const char *w, size_t n);

/* Two people's names (full forms: lower-case ASCII words) compared as
 * people are written: in any order ("RUBIO, Marco"), a word against its
 * initial ("M. Rubio"), a nickname or a shortened given name (Bob/Robert,
 * Sam/Samuel; not a pinyin given name), transliteration variants (the same
 * consonant skeleton: Aleksey/Alexei, Navalnyy/Navalny, Yevgeny/Evgeniy),
 * extra middle names or patronymics at a small cost. Returns the score
 * (0..1) when every word of the shorter name has its counterpart and one of
 * them is a surname-like word (not an initial), else -1 with *unmatched set
 * when a word of two letters or more has none. */
double ov__names_person(const ov__names *nm, const char *a, const char *b, bool *unmatched);

/* A Han name against a Latin one read as pinyin, one syllable per character:
 * han is a simplified Han core (UTF-8), latin a compact lower-case ASCII
 * core. Returns the number of characters of han, with *differ the fewest
 * syllables that differ from han's (ICU's reading of each character) over
 * the ways of reading latin as that many pinyin syllables ("yushu" against
 * 宇视 "yu shi": 2, one differs); -1 when latin cannot be read as that many
 * syllables (an English name, a typo) or han holds other characters. */
int ov__names_han_syllables(ov__names *nm, const char *han, const char *latin, int *differ /* OUT */);
/* True when w[n] is a word of one of rigour's legal forms of several words
 * ("sociedade", "responsabilidade" of "empresa individual de responsabilidade
 * limitada"), or a compound holding a one-word form of seven letters or more
 * ("telefonaktiebolaget"): a form rigour lacks is often made of such words. */
bool ov__names_legal_word(const ov__names *nm, const char *w, size_t n);

/* Two Latin words (lower-case, no spaces) read as pinyin, syllable by
 * syllable: the fewest syllables that differ over the readings of both as
 * one to four syllables each ("hailan" and "hailun": 1), with that count of
 * syllables in *syllables; -1 when either is no such reading. */
int ov__names_pinyin_differ(const ov__names *nm, const char *a, const char *b, int *syllables /* OUT */);

/* True when a and b differ by at most one insertion, deletion, substitution
 * or swap of neighbours. */
bool ov__within_one_edit(const char *a, size_t na, const char *b, size_t nb);

/* Similarities of ASCII strings in 0..1 (similarity.c). Inputs longer than
 * OV_FORM_MAX are compared on their first OV_FORM_MAX bytes. */
double ov__jaro_winkler(const char *a, size_t na, const char *b, size_t nb);
double ov__levenshtein_sim(const char *a, size_t na, const char *b, size_t nb);
/* The plain loops the two above must agree with (for tests). */
double ov__jaro_winkler_ref(const char *a, size_t na, const char *b, size_t nb);
double ov__levenshtein_sim_ref(const char *a, size_t na, const char *b, size_t nb);
/* American Soundex of an ASCII word starting with a letter (as jellyfish):
 * writes 4 characters and a NUL to out[5]; returns 0 when word has no letter first. */
int ov__soundex(const char *w, size_t n, char out[5]);
/* The model a matcher was made with. */
const ov_model *ov__matcher_model(const ov_matcher *mx);
/* The full score of the entity with this id for q, without blocking and
 * alone (no other result to share a part with: feature part at most 1; the
 * pairwise evaluation: tests/unit/test_match_eval.c). OV_ENOTFOUND when no
 * such entity; OV_EINVAL when q has no usable name. */
int ov__matcher_score_entity(ov_matcher *mx, const ov_match_query *q, const char *id,
                              ov_match_result *out /* OUT */);
/* ---- yente /match with the caller's filter and fields (yente.c; src/http/yente_api.c) ---- */
struct ov_buf;
typedef struct ov__yente_hooks {
    void (*query_begin)(void *ud);  /* before a query's candidates are kept (NULL: none) */
    /* true to keep a candidate (dataset scope, exclusions, topics ...); NULL keeps all */
    bool (*keep)(void *ud, const ov_match_result *r);
    /* appends more of a result's fields (",\"key\":value ...") after its own; NULL: none */
    int (*fields)(void *ud, struct ov_buf *b, const ov_match_result *r);
    void *ud;
} ov__yente_hooks;
/* ov_match_yente_params with hooks (NULL: none). With hooks, each query asks the
 * matcher for every candidate over its cutoff (at most 100), keeps those h->keep
 * keeps, reports how many as its total and cuts them to its limit. */
int ov__match_yente_hooked(ov_matcher *mx, const char *req, size_t len, const ov_yente_params *params,
                           const ov__yente_hooks *h, char **resp /* OUT */, size_t *resp_len /* OUT */, char *err,
                           size_t errlen);
/* What feature f measures, one sentence ("" for an unknown f). */
const char *ov__match_feature_doc(int f);
#endif
