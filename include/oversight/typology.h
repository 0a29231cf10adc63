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
    const char *cls;           /* a class name of typology.json */
    char reason[320];          /* the criterion that fired, with the numbers */
    double state_min, state_max; /* state share through any chain */
    ov_path state_path;        /* strongest chain to a state node */
    uint8_t state_unbounded;   /* the state share is capped at 1, its walk sums diverging
                                  (bit 1 at the bands' minimum, 2 at their maximum) */
    uint32_t evidence[16];     /* edges used (their interest entities carry the citations) */
    int n_evidence;
    char measurement_id[208];  /* the Measurement entity used, or "" */
    char missing[200];         /* for "undetermined": what would be needed */
} ov_typology;

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
