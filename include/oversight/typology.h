/*
 * typology.h - the submission's company typology by ownership and effective
 * control (state-owned, state-invested, party-embedded private, foreign-invested,
 * private, undetermined), with thresholds and criteria in data/rules/typology.json.
 * Each result says which rule fired and lists the facts behind it.
 *
 * Thread safety: as own.h: classification reads the graph and, for measurements,
 * the store handle given (one thread at a time per handle).
 */
#ifndef OVERSIGHT_TYPOLOGY_H
#define OVERSIGHT_TYPOLOGY_H

#include "graph.h"
#include "own.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ov_typology {
    uint32_t node;
    uint8_t criterion;         /* which criterion named the class (ov_typology_reason words it) */
    uint8_t state_unbounded;   /* the state share is capped at 1, its walk sums diverging
                                  (bit 1 at the bands' minimum, 2 at their maximum) */
    uint8_t n_evidence;
    uint8_t status;            /* ov_status: the weakest among the evidence the criterion needs (its
                                  edges, the measurement); a gov.soe designation's statements are
                                  read from the store by ov_typology_answer */
    const char *cls;           /* a class name of typology.json */
    double state_min, state_max; /* state share through any chain */
    double figure;             /* the criterion's number: the strongest state chain's share, the
                                  government revenue share or the foreign owner's share */
    const char *country;       /* foreign-invested: the owner's country (borrowed from the graph) */
    const char *measurement_id; /* the Measurement entity used (borrowed from the graph), or NULL */
    const char *missing;       /* for "undetermined": what would be needed (static), else NULL */
    uint32_t evidence[16];     /* edges used (their interest entities carry the citations): the
                                  strongest chain to a state node first */
} ov_typology;

/* The criterion that fired, with the numbers, in words (into buf; returns buf). */
OV_API const char *ov_typology_reason(const ov_typology *t, char *buf, size_t n);

/* Classifies every organisation (not PublicBody) of the graph; results in node order.
 * The store supplies the facts that are not edges (measurements). Holds every result
 * (128 bytes an organisation): ov_typology_each does not. */
OV_API int ov_typology_classify(ov_store *st, const ov_graph *g, ov_typology **out /* OUT */,
                                size_t *n /* OUT */);
/* Frees what ov_typology_classify returned (NULL allowed). */
OV_API void ov_typologies_free(ov_typology *t);

/* Called with each result in turn (t is valid during the call only); a non-zero
 * return stops the run and is returned by ov_typology_each. */
typedef int (*ov_typology_fn)(const ov_typology *t, void *ctx);
/* The results of ov_typology_classify, in node order, handed to fn as they are
 * made: no more than a block of 65,536 is held at a time. */
OV_API int ov_typology_each(ov_store *st, const ov_graph *g, ov_typology_fn fn, void *ctx);
/* One organisation's result, with the state's share computed for it alone (no pass over
 * the graph; it can differ from the whole graph's pass only where that pass caps a large
 * diverging component, ov_own_state_shares). OV_ENOTFOUND when node is not an organisation. */
OV_API int ov_typology_of(ov_store *st, const ov_graph *g, uint32_t node, ov_typology *out /* OUT */);
/* The result t as an explained answer (explain.h): a "typology" conclusion (the class,
 * the criterion in words, the status of the weakest evidence it needs, the evidence
 * with citations) and the "state-share" conclusion it rests on, worded as
 * ov_explain_controllers words it. The caller frees *out with ov_answer_free. */
struct ov_answer;
OV_API int ov_typology_answer(ov_store *st, const ov_graph *g, const ov_typology *t, struct ov_answer **out /* OUT */);
/* ov_typology_of and ov_typology_answer for one organisation. */
OV_API int ov_explain_typology(ov_store *st, const ov_graph *g, uint32_t node, struct ov_answer **out /* OUT */);
/* The description of a class from typology.json, or NULL. */
OV_API const char *ov_typology_class_description(const char *cls);

#ifdef __cplusplus
}
#endif
#endif
