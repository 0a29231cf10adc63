/*
 * law.h - legal exposure: which obligations of the seed's legal provisions
 * reach an entity, and why. Applicability rules (classes of subject, named
 * policy tests) are data in a small rule language (docs/internals/exposure.md);
 * provisions are LegalProvision entities in the store. Every exposure carries
 * its reason chain: facts -> subject class -> provision -> obligation, with the
 * citations of the facts and of the provision.
 */
#ifndef OVERSIGHT_LAW_H
#define OVERSIGHT_LAW_H

#include <stdbool.h>
#include <stdio.h>
#include "graph.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ov_rules ov_rules;

/* Parses rules from text (name labels error messages). On a syntax error
 * returns OV_EINVAL with "name:line: reason" in err. */
OV_API int ov_rules_parse(ov_rules **out /* OUT */, const char *text, size_t len, const char *name,
                          char *err, size_t errlen);
/* The rules compiled in from data/rules/applicability.rules. */
OV_API int ov_rules_load_default(ov_rules **out /* OUT */, char *err, size_t errlen);
OV_API void ov_rules_free(ov_rules *r);
OV_API int ov_rules_count(const ov_rules *r);
/* Definition i: its kind ("class" or "test"), name, label and source. */
OV_API void ov_rules_at(const ov_rules *r, int i, const char **kind, const char **name, const char **label,
                        const char **source);

/* One fact that made a predicate true. */
typedef struct ov_fact {
    char entity[208];    /* whose fact */
    char prop[64];       /* property, or "graph" for a control path */
    char value[256];
    char source[256];    /* citation: source and locator */
    char locator[512];
    int status;
} ov_fact;

/* An obligation that reaches an entity. */
typedef struct ov_exposure {
    char provision[208]; /* LegalProvision id */
    char law[208];       /* Law id */
    char law_title[256];
    char article[64];
    char obligation[96];
    char subject_class[96];
    char effective[40];
    char minimum_period[64];
    char text[1024];
    char provision_source[256], provision_locator[512];
    ov_fact facts[8];    /* why the entity is in the subject class */
    int n_facts;
} ov_exposure;

typedef struct ov_law ov_law;

/* Prepares an evaluation context over a store and its graph (both borrowed);
 * as_of keeps provisions in force on that date (NULL = all). */
OV_API int ov_law_open(ov_law **out /* OUT */, ov_store *st, const ov_model *m, const ov_graph *g,
                       const ov_rules *rules, const char *as_of);
OV_API void ov_law_close(ov_law *l);
OV_API const char *ov_law_errmsg(const ov_law *l);

/* The obligations reaching entity id; free with ov_exposures_free. */
OV_API int ov_law_exposure(ov_law *l, const char *id, ov_exposure **out /* OUT */, size_t *n /* OUT */);
OV_API void ov_exposures_free(ov_exposure *e);
/* Evaluates a named test or class for entity id: *result OUT, with the facts. */
OV_API int ov_law_test(ov_law *l, const char *name, const char *id, bool *result /* OUT */,
                       ov_fact *facts /* OUT, up to 8 */, int *n_facts /* OUT */);

#ifdef __cplusplus
}
#endif
#endif
