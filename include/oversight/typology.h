/*
 * typology.h - the submission's company typology by ownership and effective
 * control (state-owned, state-invested, party-embedded private, foreign-invested,
 * private, undetermined), with thresholds and criteria in data/rules/typology.json.
 * Each result says which rule fired and lists the facts behind it.
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
 * The store supplies the facts that are not edges (measurements). */
OV_API int ov_typology_classify(ov_store *st, const ov_graph *g, ov_typology **out /* OUT */,
                                size_t *n /* OUT */);
/* The description of a class from typology.json, or NULL. */
OV_API const char *ov_typology_class_description(const char *cls);

#ifdef __cplusplus
}
#endif
#endif
