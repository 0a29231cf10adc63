/*
 * match.h - multilingual name matching and list screening support.
 *
 * Three parts (docs/internals/names.md):
 *  - the normaliser (library-internal): normalisation of a name into comparable forms: NFKC case
 *    folding, traditional -> simplified Chinese (OpenCC), any script -> Latin
 *    (ICU; Han -> pinyin), legal forms, generic words and place prefixes in
 *    English and Chinese removed (vocabulary in data/names/);
 *  - ov_matcher: an in-memory candidate index over the matchable entities of
 *    a store (tokens, character trigrams, Han bigrams, phonetic keys) and an
 *    explainable score (name similarities, identifiers, country, schema);
 *  - readers: the yente /match request (JSON) and the US Consolidated
 *    Screening List CSV.
 *
 * Brand aliases come from the record: an entity matches under every name,
 * alias, previous name and weak alias it carries (海康威视 <-> Hikvision is an
 * alias in the record, not something pinyin could derive).
 *
 * A matcher answers one query at a time (it keeps scratch space); open one per
 * thread, or serialise queries. Nothing here exits the process.
 */
#ifndef OVERSIGHT_MATCH_H
#define OVERSIGHT_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "model.h"
#include "oversight.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

#define OV_NAME_MAX 1024  /* bytes of a name considered; longer input is cut at a character */
#define OV_FORM_MAX 256   /* bytes of each normalised form */

/* ---- normalisation ------------------------------------------------------- */

/* A name's normalised forms (legal form, numbers, qualifiers, Han, initialisms) are
 * the matcher's working data, library-internal (src/names/names_internal.h); the
 * features a match reports (ov_match_features) say what they found. */
/* ---- settings ------------------------------------------------------------ */

typedef struct ov_match_settings {
    double match_threshold, cutoff;
    int limit, block_candidates, block_max_posting, block_budget;
    double w_jaro_winkler, w_levenshtein, w_tokens, w_phonetic, w_full;
    double identifier_match, identifier_mismatch, country_match, country_mismatch;
    double legal_class_mismatch, legal_family_mismatch; /* subtracted when legal forms differ */
    double legal_one_sided;                              /* exact names, a legal form on one side only */
    double number_mismatch_cap, number_one_sided_cap;   /* the most a name scores when numbers differ */
    double qualifier_mismatch_cap, qualifier_one_sided; /* a cap; a subtraction */
    double place_mismatch;                               /* subtracted when leading places differ */
    double industry_mismatch_cap;                        /* registered Chinese names, industry words differ */
    double acronym_match;                                /* the name score of an initialism and its expansion */
    double short_initialism_cap;                         /* the same, of three letters or fewer: offered */
    double person_mismatch_cap;                          /* people: a name word without counterpart */
    double short_typo_floor;                             /* a short name one typo away: offered at this */
    double han_mismatch_cap;                             /* Chinese names differing in a character or syllable */
    double short_name_match;                             /* a short name, the distinctive core of a long one */
    double descriptor_mismatch_cap;                      /* names of descriptor words differing in a word */
    double shared_part_cap;                              /* a part of several parties' names (OV_MF_PART -1) */
} ov_match_settings;

/* The settings compiled in from data/names/settings.txt. */
OV_API void ov_match_settings_default(ov_match_settings *s /* OUT */);
/* Reads "key = value" lines over s (unknown keys and bad values are errors:
 * OV_EINVAL with "line N: reason" in err). */
OV_API int ov_match_settings_parse(ov_match_settings *s /* IN/OUT */, const char *text, size_t len, char *err,
                                   size_t errlen);

/* ---- the index -------------------------------------------------------------- */

/* The features of a score, in explanation order. */
typedef enum ov_match_feature {
    OV_MF_EXACT,        /* the cores agree exactly (Latin or Han) */
    OV_MF_HAN,          /* Han character-bigram overlap (Dice) */
    OV_MF_JARO_WINKLER, /* of the compact cores */
    OV_MF_LEVENSHTEIN,  /* 1 - distance / longer length, compact cores */
    OV_MF_TOKENS,       /* token overlap of the cores, any order, typos tolerated */
    OV_MF_PHONETIC,     /* Soundex codes of the core tokens in common */
    OV_MF_FULL,         /* token overlap of the full forms (legal forms removed) */
    OV_MF_NAME,         /* the name score these make */
    OV_MF_IDENTIFIER,   /* +1 an identifier agrees, -1 they differ, 0 none to compare */
    OV_MF_COUNTRY,      /* +1 a country agrees, -1 all differ, 0 unknown */
    OV_MF_LEGAL,        /* legal forms: +1 same class, -0.5 other class, -1 other family, 0 unknown */
    OV_MF_NUMBER,       /* numbers: +1 the same, -1 they differ, -0.5 on one side only, 0 none */
    OV_MF_QUALIFIER,    /* qualifiers (place, series): +1 the same, -1 differ, -0.5 one side, 0 none */
    OV_MF_PLACE,        /* leading places: +1 shared, -1 different, 0 one side or none */
    OV_MF_INDUSTRY,     /* -1: two registered names (Chinese, or Latin with a legal form each) whose industry
                           words differ ("Sunrise Co., Ltd." vs "Sunrise Technology Co., Ltd.") */
    OV_MF_ACRONYM,      /* 1: one name is the capitalised initialism of the other ("CETC") */
    OV_MF_PERSON,       /* people: the score as people's names (order, initials, nicknames,
                           transliterations), -1 when a name word has no counterpart */
    OV_MF_TYPO,         /* 1: a short name (3-8 letters) one typo away, offered as possible */
    OV_MF_CHINESE,      /* Chinese names compared character by character (Han against Han) or
                           syllable by syllable (Han against pinyin, and pinyin against pinyin when a
                           name leads with a place): +1 all agree, -1 one differs in a short
                           distinctive part (宇视 vs 宇树, "Yushu", "Shenzhen Hailan" vs "... Hailun"),
                           0 not compared */
    OV_MF_SHORT_NAME,   /* 1: the shorter name is the distinctive core of the longer ("Yitu" of
                           "Shanghai Yitu Network Technology") */
    OV_MF_ABBREVIATION, /* one name abbreviates the other by several letters a word ("Norinco",
                           "COMAC", "China Unicom") or by words cut short ("China Mobile Comm"):
                           1 reading every place of the other, 0.5 leaving some to the qualifiers */
    OV_MF_DESCRIPTOR,   /* -1: names that share only descriptor words (ministry, military, bank ...)
                           and differ in a word ("Directorate of Military Intelligence" vs "...
                           Counterintelligence"): two bodies */
    OV_MF_PART,         /* the query's words are a part of the matched name (its words in order, and
                           more: "BAE" of "BAE Systems, Inc."): 1; -1 when that part also heads or
                           is another party's name among the results - a name several parties share
                           points at none of them (capped at shared_part_cap) */
    OV_MF__COUNT
} ov_match_feature;
OV_API const char *ov_match_feature_name(int f);

typedef struct ov_matcher ov_matcher;

/* A new, empty matcher (model borrowed; s copied, NULL = defaults). */
OV_API int ov_matcher_new(ov_matcher **out /* OUT */, const ov_model *m, const ov_match_settings *s, char *err,
                          size_t errlen);
OV_API void ov_matcher_free(ov_matcher *mx);
/* The message of the last failure. */
OV_API const char *ov_matcher_errmsg(const ov_matcher *mx);
/* Adds an entity when its schema is matchable (or a Brand) and it has a name:
 * its name, alias, previousName and weakAlias values, countries, identifiers.
 * Retracted statements are ignored. *added (may be NULL) says whether it was. */
OV_API int ov_matcher_add(ov_matcher *mx, const ov_entity *e, bool *added /* OUT */);
/* Adds every current matchable entity of the store (ov_store_scan). */
OV_API int ov_matcher_add_store(ov_matcher *mx, ov_store *st);
/* Called with an entity a store scan passes (ov_matcher_open_store); returns
 * OV_OK, or an error code that stops the scan and is returned. */
typedef int (*ov_matcher_entity_cb)(const ov_entity *e, void *ud);
/* The matcher of the store's current matchable entities, as ov_matcher_new,
 * ov_matcher_add_store and ov_matcher_finish make it - mapped from the index
 * kept beside the store ("<store>.names") when that file was written for
 * exactly the store's current state, this model and this normaliser and every
 * byte of it checks; otherwise built by a scan, and the file written anew in
 * the background (ov_matcher_free waits for it) when the store has 100,000
 * entity rows or more (OV_NAMES_INDEX=0: never, =1: always) and its
 * directory is writable. A damaged or stale file is never used.
 * also (may be NULL) is called with every current entity of the schemata
 * named in also_schemata (NULL-terminated, at most 16; may be NULL), in load
 * order, whichever way the matcher is made: a screening's list entries and
 * brands (the file lists their ids, read again from the store). *mapped (may
 * be NULL) says whether the file was used. s copied, NULL = defaults. Errors
 * as ov_matcher_new and ov_store_scan, with the reason in err; the error of
 * also (which may then have seen some of the entities: the caller discards
 * what it collected). */
OV_API int ov_matcher_open_store(ov_matcher **out /* OUT */, ov_store *st, const ov_model *m,
                                 const ov_match_settings *s, const char *const *also_schemata,
                                 ov_matcher_entity_cb also, void *ud, bool *mapped /* OUT */, char *err,
                                 size_t errlen);
/* Builds the postings; call once after the adds, before queries. */
OV_API int ov_matcher_finish(ov_matcher *mx);
/* Entities, names and bytes held. */
OV_API void ov_matcher_stats(const ov_matcher *mx, size_t *entities, size_t *names, size_t *bytes);

struct ov_match_result; /* below */

typedef struct ov_match_query {
    const char *schema;                 /* NULL: any */
    const char *const *names;           /* at least one */
    size_t n_names;
    const char *const *countries;       /* ISO codes, any case */
    size_t n_countries;
    const char *const *identifiers;     /* LEI, USCC, registration numbers ... (any identifier) */
    size_t n_identifiers;
    int limit;                          /* <= 0: the settings' limit; at most 100 */
    double cutoff;                      /* < 0: the settings' cutoff */
    double threshold;                   /* <= 0: the settings' match threshold */
    /* The party an entity id belongs to (its judged cluster's canonical id:
     * ov_resolver_canonical), so that two referents of one party are not
     * taken for two parties sharing a name (feature part); NULL: each entity
     * is its own party. */
    const char *(*party)(const void *ud, const char *id);
    const void *party_ud;
    /* The candidates the caller keeps (dataset scope, exclusions), asked before
     * any is compared with another (feature part), so that one left out
     * changes nothing; NULL keeps all. */
    bool (*keep)(void *ud, const struct ov_match_result *r);
    void *keep_ud;
} ov_match_query;

/* One candidate. Strings are borrowed from the matcher. */
typedef struct ov_match_result {
    const char *id, *schema, *caption;
    const char *matched_name;  /* the entity's name that scored best */
    const char *query_name;    /* the query name it was compared with */
    double score;
    bool match;                /* score >= match_threshold */
    double features[OV_MF__COUNT];
} ov_match_result;

/* Ranks candidates for q, best first, into out[cap]; *n OUT. OV_EINVAL when q
 * has no usable name or an unknown schema. */
OV_API int ov_matcher_query(ov_matcher *mx, const ov_match_query *q, ov_match_result *out /* OUT */, size_t cap,
                            size_t *n /* OUT */);
OV_API const ov_match_settings *ov_matcher_settings(const ov_matcher *mx);

/* ---- yente /match ----------------------------------------------------------- */

#define OV_YENTE_MAX_BODY (4u << 20)  /* request bytes */
#define OV_YENTE_MAX_QUERIES 1000

/* The request parameters of yente's /match (its URL query: ?threshold=&cutoff=&limit=).
 * Unset: threshold and cutoff < 0, limit <= 0. */
typedef struct ov_yente_params {
    double threshold, cutoff;
    int limit;
    const char *(*party)(const void *ud, const char *id); /* as ov_match_query's (NULL: none) */
    const void *party_ud;
} ov_yente_params;

/* Reads one parameter's text into p ("threshold" and "cutoff" 0..1, "limit"
 * 1..100). OV_EINVAL with the reason in err for a bad value; unknown names
 * are OV_ENOTFOUND (the caller decides whether to ignore them). */
OV_API int ov_yente_param(ov_yente_params *p /* IN/OUT */, const char *name, const char *value, char *err,
                          size_t errlen);

/* Answers a yente /match request {"queries": {key: {"schema", "properties"}}}
 * with {"responses": {key: {"status", "results": [{id, schema, caption, score,
 * match, features, ...}], "total"}}, "limit"}. threshold, cutoff and limit
 * are taken per query (keys of the query object), else from the request body
 * (top-level keys), else from params (may be NULL), else from the settings.
 * A query that cannot be answered (unknown schema, no name, no usable name:
 * a script ICU cannot make Latin) gets its own status (400 or 422) and
 * "error", and the others are answered. The response is allocated; free it
 * with ov_match_text_free. OV_EINVAL with the reason in err for a malformed
 * request (not JSON, no queries object, a bad top-level parameter). */
OV_API int ov_match_yente_params(ov_matcher *mx, const char *req, size_t len, const ov_yente_params *params,
                                 char **resp /* OUT */, size_t *resp_len /* OUT */, char *err, size_t errlen);
/* ov_match_yente_params without URL parameters. */
OV_API int ov_match_yente(ov_matcher *mx, const char *req, size_t len, char **resp /* OUT */,
                          size_t *resp_len /* OUT */, char *err, size_t errlen);
OV_API void ov_match_text_free(char *s);

/* ---- vendor and name lists ------------------------------------------------- */

/* The bytes of a vendor or name list as UTF-8 (NUL-terminated, allocated:
 * free with ov_match_text_free). The encoding comes from a byte-order mark
 * (UTF-8, UTF-16LE/BE) or from encoding (an ICU converter name: "latin1",
 * "windows-1252", "utf-16le", "gb18030" ...; NULL: UTF-8 unless a mark says
 * otherwise). OV_EINVAL with the line and what to declare in err when the
 * bytes are not in that encoding (NUL bytes without a mark suggest UTF-16),
 * when a declared encoding contradicts the mark, or for an unknown one. */
OV_API int ov_text_to_utf8(const char *data, size_t len, const char *encoding, char **out /* OUT */,
                           size_t *out_len /* OUT */, char *err, size_t errlen);

/* What is wrong with a name for screening, or NULL when it can be matched:
 * "empty name", "only a legal form" ("Ltd.", "有限公司"), "no usable name"
 * (nothing ICU can make Latin, or invalid UTF-8). */
OV_API const char *ov_matcher_name_problem(ov_matcher *mx, const char *name);

/* ---- US Consolidated Screening List ---------------------------------------- */

typedef struct ov_csl_stats {
    long rows, entities, sanctions, rejected;
} ov_csl_stats;

/* Reads a CSL CSV (columns of ../shared/data/lists/csl_fields.csv, any order,
 * unknown ones ignored) and loads each row as an entity (Company, Person,
 * Vessel, Airplane or LegalEntity; names, aliases, addresses, countries,
 * identifiers) and a Sanction (program, source list, start/end dates, Federal
 * Register notices, source URLs) with the row as citation. One transaction
 * (ov_store_load_begin): any malformed row and nothing is written, with
 * "file:line: reason" in err, unless skip_invalid. dataset NULL = "us_csl". */
OV_API int ov_csl_load(ov_store *st, const ov_model *m, FILE *in, const char *file_name, const char *dataset,
                       bool skip_invalid, ov_csl_stats *stats /* OUT */, char *err, size_t errlen);
/* The same checks without a store (for validation and fuzzing). */
OV_API int ov_csl_validate(const ov_model *m, FILE *in, const char *file_name, ov_csl_stats *stats /* OUT */,
                           char *err, size_t errlen);

#ifdef __cplusplus
}
#endif
#endif
