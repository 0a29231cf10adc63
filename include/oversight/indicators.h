/*
 * indicators.h - indicator frameworks as data, and the scores they give.
 *
 * A framework has categories, indicators (an indicator may be the parent of
 * sub-indicators) and elements (the questions an indicator is made of). An
 * assessment answers one element for one subject (a company) in one year, at
 * one level (the company itself, or one of its services), with a citation:
 *
 *   yes 100, partial 50, no 0, no disclosure found 0, not applicable excluded;
 *   a reversed element scores yes 0 and no 100 (no disclosure found stays 0).
 *
 * Scores (docs/internals/indicators.md):
 *   level score     = weighted mean of the level's element scores (N/A excluded);
 *   indicator score = scope "company": mean of the company levels (group,
 *                     operating company); "services": mean of the services;
 *                     "full": mean of those two means;
 *   parent score    = mean of its sub-indicators' scores;
 *   category score  = mean of the category's top-level indicator scores;
 *   total           = mean of all top-level indicator scores.
 * Nothing is rounded until shown; ov_ind_round rounds half up, as RDR publishes.
 *
 * Frameworks and assessments come from the store (extension schemata
 * IndicatorFramework, Indicator, IndicatorElement and FtM's Assessment) or,
 * for Ranking Digital Rights, from RDR's published CSV files.
 *
 * Thread safety: a framework and its answers are owned by the caller; functions
 * that only read them may run in several threads; building or scoring one does not.
 */
#ifndef OVERSIGHT_INDICATORS_H
#define OVERSIGHT_INDICATORS_H

#include <stdio.h>
#include "oversight/oversight.h"
#include "oversight/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Answers to an element. */
enum { OV_IND_YES, OV_IND_PARTIAL, OV_IND_NO, OV_IND_NO_DISCLOSURE, OV_IND_NA };
/* Scoring scopes of an indicator. */
enum { OV_IND_SCOPE_COMPANY, OV_IND_SCOPE_SERVICES, OV_IND_SCOPE_FULL };
/* Kinds of level an answer is given at. */
enum { OV_IND_LEVEL_COMPANY, OV_IND_LEVEL_SERVICE };

/* Limits on what is read from outside. */
#define OV_IND_MAX_ITEMS 100000   /* categories + indicators + elements of one framework */
#define OV_IND_MAX_ANSWERS 2000000
#define OV_IND_MAX_RECORD 65536   /* bytes of one CSV record */

/* The answer named by s ("yes", "partial", "no", "no disclosure found",
 * "not applicable"; also "no-disclosure-found", "n/a", "na"), or -1. */
OV_API int ov_ind_answer_parse(const char *s);
/* The canonical name of an answer ("no disclosure found" ...); "?" if unknown. */
OV_API const char *ov_ind_answer_name(int answer);
/* The score of an answer: 100, 50, 0, 0, or -1 for not applicable (excluded).
 * Reversed elements score yes 0 and no 100. */
OV_API double ov_ind_answer_score(int answer, int reversed);
/* Rounds a score half up to an integer, as scores are published. */
OV_API long ov_ind_round(double score);
/* The exact score behind a published (rounded) level score of an indicator with
 * at most n_elements elements: the multiple of 50/n that rounds to it, for the
 * largest n <= n_elements that has one. Element answers are 0, 50 or 100, so a
 * level score is always such a multiple; rounding first would shift means. */
OV_API double ov_ind_unround(long published, int n_elements);

/* ---- frameworks ------------------------------------------------------------ */

typedef struct ov_ind_framework ov_ind_framework;

typedef struct ov_ind_category {
    const char *code, *label;
} ov_ind_category;

typedef struct ov_ind_indicator {
    const char *id;          /* store entity id, or NULL */
    const char *code;        /* e.g. "G04a", "H1" */
    const char *category;    /* category code */
    const char *label;
    const char *text;        /* what the indicator asks of a company, or NULL */
    const char *source, *locator; /* where the indicator comes from (e.g. the quoted sentence), or NULL */
    int parent;              /* index of the parent indicator, or -1 */
    int scope;               /* OV_IND_SCOPE_* */
    int is_parent;           /* has sub-indicators: scored as their mean */
} ov_ind_indicator;

typedef struct ov_ind_element {
    const char *id;          /* store entity id, or NULL */
    const char *code;        /* e.g. "G04a.3", "H1.1" */
    const char *text;        /* the question */
    int indicator;           /* index of its indicator */
    int reversed;
    double weight;           /* > 0; 1 unless stated */
    const char *excluded;    /* "|"-separated level classes it does not apply to, or NULL */
} ov_ind_element;

/* A new, empty framework (strings are copied). OV_ENOMEM. */
OV_API int ov_ind_framework_new(const char *id, const char *name, ov_ind_framework **out /* OUT */);
OV_API void ov_ind_framework_free(ov_ind_framework *fw);
OV_API const char *ov_ind_framework_id(const ov_ind_framework *fw);
OV_API const char *ov_ind_framework_name(const ov_ind_framework *fw);
/* Adds a category; OV_EEXIST if the code is taken, OV_EINVAL if empty. */
OV_API int ov_ind_add_category(ov_ind_framework *fw, const char *code, const char *label);
/* Adds an indicator (copied; in->parent is ignored, parent_code names the
 * parent or is NULL). The category must exist, the parent must exist and be
 * top-level, the code must be new: else OV_EINVAL/OV_EEXIST. */
OV_API int ov_ind_add_indicator(ov_ind_framework *fw, const ov_ind_indicator *in, const char *parent_code);
/* Adds an element of an existing indicator (in->indicator is ignored). */
OV_API int ov_ind_add_element(ov_ind_framework *fw, const ov_ind_element *in, const char *indicator_code);
OV_API int ov_ind_n_categories(const ov_ind_framework *fw);
OV_API int ov_ind_n_indicators(const ov_ind_framework *fw);
OV_API int ov_ind_n_elements(const ov_ind_framework *fw);
OV_API const ov_ind_category *ov_ind_category_at(const ov_ind_framework *fw, int i);
OV_API const ov_ind_indicator *ov_ind_indicator_at(const ov_ind_framework *fw, int i);
OV_API const ov_ind_element *ov_ind_element_at(const ov_ind_framework *fw, int i);
/* Index of the indicator/element/category with this code, or -1. */
OV_API int ov_ind_find_indicator(const ov_ind_framework *fw, const char *code);
OV_API int ov_ind_find_element(const ov_ind_framework *fw, const char *code);
OV_API int ov_ind_find_category(const ov_ind_framework *fw, const char *code);
/* Elements of indicator i that apply at a level of class level_class (NULL:
 * any): how many a level score of that indicator averages over. */
OV_API int ov_ind_count_elements(const ov_ind_framework *fw, int indicator, const char *level_class);

/* ---- answers ----------------------------------------------------------------- */

typedef struct ov_ind_answers ov_ind_answers;

typedef struct ov_ind_answer_rec {
    const char *id;          /* the Assessment entity id, or NULL */
    const char *subject;     /* the company (entity id, or name for RDR) */
    int year;
    int element;             /* element index, or -1 for a score given for the whole indicator */
    int indicator;           /* indicator index (the element's when element >= 0) */
    int level_kind;          /* OV_IND_LEVEL_* */
    const char *level;       /* "Group", "OpCom", a service's name; NULL = the company */
    const char *level_class; /* the service's class (RDR "pda", "search" ...), or NULL */
    int answer;              /* OV_IND_* when element >= 0 */
    double score;            /* 0..100 when element < 0; < 0 = not applicable */
    const char *source, *locator; /* the citation */
    int status;              /* ov_status of the citation */
    const char *note;        /* why this answer, or NULL */
    const char *cluster;     /* the canonical id of subject's cluster (ov_ind_answers_resolve), or
                              * NULL: the subject as recorded is the whole entity */
} ov_ind_answer_rec;

OV_API int ov_ind_answers_new(ov_ind_answers **out /* OUT */);
OV_API void ov_ind_answers_free(ov_ind_answers *a);
/* Adds a copy of r. OV_ETOOBIG past OV_IND_MAX_ANSWERS, OV_ENOMEM. */
OV_API int ov_ind_answers_add(ov_ind_answers *a, const ov_ind_answer_rec *r);
OV_API size_t ov_ind_answers_count(const ov_ind_answers *a);
OV_API const ov_ind_answer_rec *ov_ind_answers_at(const ov_ind_answers *a, size_t i);

/* ---- answers on resolved entities (docs/internals/resolve.md) ----------------
 * An answer is recorded under one id (its subject); entities judged the same
 * are one company, so an answer recorded under any referent of a cluster counts
 * for the cluster, and asking with any referent's id gives the cluster's scores.
 * Each answer keeps its subject (the referent it is recorded under) and its
 * citation. Two answers to one element at one level in one year (under one
 * referent or two) are one answer when they agree; when they differ the element
 * is in conflict: the score uses the lowest of them (a scored answer before "not
 * applicable"), and ov_ind_explain shows each, disputed, with its referent. */

struct ov_graph;
struct ov_resolver;
/* Sets each answer's cluster to the canonical id of its subject's cluster, as graph g
 * merged it (the clusters of the analyses on g) or, when g is NULL, as resolver r
 * knows it (both NULL: nothing is resolved), and remembers every referent of the
 * clusters that carry answers, so that ov_ind_answers_cluster maps any of them.
 * Calling it again replaces what an earlier call set. OV_ENOMEM (a has its
 * answers unresolved then). */
OV_API int ov_ind_answers_resolve(ov_ind_answers *a, const struct ov_graph *g, const struct ov_resolver *r);
/* The id the answers of id's cluster are scored under: its canonical id when id is a
 * referent of a cluster that carries answers (ov_ind_answers_resolve), else id. The
 * string is a's or id. */
OV_API const char *ov_ind_answers_cluster(const ov_ind_answers *a, const char *id);
/* The id an answer is scored under: r->cluster, or r->subject when unresolved. */
OV_API const char *ov_ind_answer_key(const ov_ind_answer_rec *r);
/* Whether answers x and y answer the same question: one element (or, for a score
 * given for the whole indicator, one indicator) at one level of one company (the
 * same key) in one year. */
OV_API int ov_ind_answers_same_question(const ov_ind_answer_rec *x, const ov_ind_answer_rec *y);

/* ---- scores ------------------------------------------------------------------ */

typedef struct ov_ind_scores {
    double *indicator;  /* per framework indicator; < 0 = not applicable */
    double *category;   /* per category; < 0 = none */
    double total;       /* < 0 = none */
    int n_answers;      /* answers that went into them */
    int n_conflicts;    /* questions answered differently by two answers (scored with the lowest) */
} ov_ind_scores;

/* The scores of one subject in one year: the answers whose key
 * (ov_ind_answer_key) is ov_ind_answers_cluster(a, subject), so any referent of a
 * resolved cluster gives the cluster's scores. Two answers to one question count
 * once (the lowest when they differ: n_conflicts). out is owned by the caller
 * (ov_ind_scores_release). OV_ENOMEM. */
OV_API int ov_ind_score(const ov_ind_framework *fw, const ov_ind_answers *a, const char *subject, int year,
                        ov_ind_scores *out /* OUT */);
OV_API void ov_ind_scores_release(ov_ind_scores *s);

/* The assessment of subject in year as an explained answer (explain.h): one
 * "indicator" conclusion per indicator answered (its score as ov_ind_score gives
 * it, the framework's scoring rule, each element's answer with its citations and
 * why, the weakest status among them), then the "total". st (may be NULL) gives
 * the company's name and the answers' citations. Asked with any referent of a
 * resolved cluster, the answer is the cluster's, under its canonical id, the same
 * byte for byte; an answer recorded under another referent says so in its note;
 * answers in conflict are each shown, disputed, with the one the score uses. The caller frees *out with
 * ov_answer_free. OV_ENOMEM. */
struct ov_answer;
OV_API int ov_ind_explain(ov_store *st, const ov_ind_framework *fw, const ov_ind_answers *a, const char *subject,
                          int year, struct ov_answer **out /* OUT */);

/* ---- Ranking Digital Rights ----------------------------------------------- */

/* Reads RDR's published CSVs from dir: YEAR-indicator-specs.csv and
 * YEAR-element-specs.csv make the framework ("rdr-YEAR", categories G, F, P),
 * YEAR-levels.csv the answers: each row's published level score, made exact
 * with ov_ind_unround over the elements that apply to the level's class.
 * Errors name the file, line and reason in err. OV_EINVAL, OV_EIO, OV_ETOOBIG,
 * OV_ENOMEM. */
OV_API int ov_ind_rdr_load(const char *dir, int year, ov_ind_framework **fw /* OUT */, ov_ind_answers **ans /* OUT */,
                           char *err, size_t errlen);
/* The same readers over open streams (name is used in messages); fw must be
 * empty for indicator specs, hold the indicators for element specs and levels. */
OV_API int ov_ind_rdr_read_indicators(ov_ind_framework *fw, FILE *in, const char *name, char *err, size_t errlen);
OV_API int ov_ind_rdr_read_elements(ov_ind_framework *fw, FILE *in, const char *name, char *err, size_t errlen);
OV_API int ov_ind_rdr_read_levels(const ov_ind_framework *fw, ov_ind_answers *ans, FILE *in, const char *name,
                                  char *err, size_t errlen);

/* A published score: what is "G", "F", "P" (a category) or "total". */
typedef struct ov_ind_published {
    char *subject;      /* owned by the array (ov_ind_published_free) */
    int year;
    char *what;
    double score;
    char *file;         /* the file's base name */
    long line;
} ov_ind_published;

/* Reads YEAR-categories.csv, YEAR-totals.csv and YEAR-year-over-year.csv (its
 * year columns; "DiffAdjusted" columns are not scores) from dir. *out is
 * freed with ov_ind_published_free. */
OV_API int ov_ind_rdr_published(const char *dir, int year, ov_ind_published **out /* OUT */, size_t *n /* OUT */,
                                char *err, size_t errlen);
/* Frees the n published scores of ov_ind_rdr_published and their strings (NULL allowed). */
OV_API void ov_ind_published_free(ov_ind_published *p, size_t n);

/* ---- the store ---------------------------------------------------------------- */

/* Builds a framework and its assessments from the store: the IndicatorFramework
 * whose id is framework_id (NULL: the only one there is), its Indicators and
 * IndicatorElements, and every Assessment of one of its elements. Each answer
 * keeps the citation of its `answer` statement. A framework that does not hold
 * together (unknown category or parent, element without indicator, an answer
 * that is not one of the five) is OV_EINVAL with the entity id and reason in
 * err; OV_ENOTFOUND when there is no such framework. */
OV_API int ov_ind_from_store(ov_store *st, const char *framework_id, ov_ind_framework **fw /* OUT */,
                             ov_ind_answers **ans /* OUT */, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif
#endif
