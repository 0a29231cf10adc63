/*
 * xref.h - cross-referencing: the candidate pairs of entities of the record
 * that may be one, for a person to judge (resolve.h). Every matchable entity's
 * names, countries and strong identifiers are matched (match.h) against the
 * rest of the record; a pair at the threshold or above is proposed unless a
 * judgement of the pair holds, the two are already one cluster, or their
 * clusters hold a pair judged different (then "same" could only be refused;
 * nomenklatura's xref skips these too). Nor are entities whose schemata cannot
 * be one entity (neither descends from the other: a person and a company, an
 * assessment and a company), which ov_resolve would refuse to judge the same.
 * Each candidate carries the matcher's
 * features as its explanation. `oversight xref`, GET /api/xref and the /review
 * page all list these.
 *
 * Thread safety: a finished ov_xref is read-only; ov_xref_run queries the
 * matcher given, which answers one query at a time (the caller serialises).
 */
#ifndef OVERSIGHT_XREF_H
#define OVERSIGHT_XREF_H

#include <stdbool.h>
#include <stddef.h>
#include "match.h"
#include "oversight.h"
#include "resolve.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One candidate pair (strings owned by its ov_xref). */
typedef struct ov_xref_pair {
    const char *a, *b;               /* the entity ids, a < b (with against: a the dataset's) */
    const char *a_schema, *b_schema;
    const char *a_name, *b_name;     /* the names of each that matched */
    double score;                    /* the matcher's, 0..1 */
    double features[OV_MF__COUNT];   /* the matcher's features (ov_match_feature_name) */
    const char *explanation;         /* the non-zero features, "exact 1.00, name 0.98, ..." */
} ov_xref_pair;

typedef struct ov_xref ov_xref;

/* The candidate pairs of st scored by mx, a finished matcher of the same
 * store's entities (ov_matcher_add of each, as `oversight xref` and the server
 * build it), at threshold (0..1] or above, leaving out the pairs r covers and
 * those whose schemata (in m) cannot be one entity; strongest first, then by
 * ids. *out is the caller's (ov_xref_free). OV_EINVAL for a threshold out of
 * range; OV_ENOMEM; store errors. */
OV_API int ov_xref_run(ov_store *st, const ov_model *m, ov_matcher *mx, const ov_resolver *r, double threshold,
                       ov_xref **out /* OUT */);
/* What ov_xref_build compares (zero: the defaults). */
typedef struct ov_xref_opts {
    double threshold;      /* (0, 1]; 0: 0.7 */
    int budget;            /* postings a query walks in the matcher's blocking (fewer: faster, lower recall);
                              0: the settings' block_budget */
    const char *against;   /* a dataset: only pairs of one of its entities (a) with an entity of the rest of
                              the record (b); NULL: every pair of the record, a < b */
} ov_xref_opts;

/* The same from the store alone: reads its judgements, builds the matcher
 * (m: the model) in the one scan that also keeps what each entity's query
 * needs, runs. OV_ENOTFOUND when o->against names a dataset with no entity.
 * Error messages in err. */
OV_API int ov_xref_build(ov_store *st, const ov_model *m, const ov_xref_opts *o, ov_xref **out /* OUT */, char *err,
                         size_t errlen);
OV_API size_t ov_xref_count(const ov_xref *x);
/* The i-th candidate, strongest first; NULL past the end. */
OV_API const ov_xref_pair *ov_xref_at(const ov_xref *x, size_t i);
OV_API void ov_xref_free(ov_xref *x);

/* Whether prop is one of the strong identifiers cross-referencing compares
 * (leiCode, registrationNumber, taxNumber, isinCode, ...). */
OV_API bool ov_xref_identifier(const char *prop);

#ifdef __cplusplus
}
#endif
#endif
