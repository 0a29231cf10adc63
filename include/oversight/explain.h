/*
 * explain.h - one answer to one question, with the rule and the evidence behind it.
 *
 * Every analysis answers through this type: owners, controllers (ultimate
 * parent, the state's share, control without shares), the control rules, the
 * typology, legal exposure, screening. An explanation is
 *   - a conclusion: its value in words, its band when it is a share, and its
 *     status: the weakest status among the evidence it needs (verified >
 *     asserted > unverified > alleged > disputed; retracted evidence is never
 *     used), so no conclusion reads stronger than its weakest fact;
 *   - the rule that produced it: id, label, threshold, and the rule's own
 *     authority (a statute, a regulator's guidance, the submission's
 *     recommendation, or Oversight's documented method), never an internal
 *     reference;
 *   - the evidence: ordered steps (an edge of the graph, a statement, an
 *     assumption), each with the value it contributed and every citation of
 *     the statements behind it (source, locator, status).
 *
 * One JSON writer and one text writer render it (ov_answer_json,
 * ov_answer_text): the CLI's --format json and the HTTP API print the same
 * bytes for the same question.
 *
 * Memory: an ov_answer owns every string, explanation, step and citation it
 * points to; they live until ov_answer_free. No text has a fixed size.
 * Thread safety: building an answer reads the store handle and graph it is
 * given (a store handle serves one thread at a time; a graph any number); a
 * finished answer is plain data that any number of threads may read.
 */
#ifndef OVERSIGHT_EXPLAIN_H
#define OVERSIGHT_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "graph.h"
#include "oversight.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Where a statement used as evidence comes from. */
typedef struct ov_citation {
    const char *source;   /* a Document/Article id or a URL ("" when the statement has none) */
    const char *locator;  /* footnote, page, row or quoted sentence ("" when none) */
    int status;           /* ov_status of the statement */
} ov_citation;

typedef enum ov_step_kind {
    OV_STEP_EDGE = 0,     /* a relation of the graph: from -> to, through an interest entity */
    OV_STEP_STATEMENT = 1,/* a property value of an entity (a topic, a measurement's value) */
    OV_STEP_ASSUMPTION = 2/* what the analysis assumed where the record is silent */
} ov_step_kind;

/* One piece of evidence. Strings are NULL when they do not apply. */
typedef struct ov_step {
    ov_step_kind kind;
    const char *role;            /* its part in the reasoning: "chain", "widens-band", "designation",
                                    "measurement", "holding", "link", ... */
    const char *entity;          /* edge: the interest entity; statement: whose property */
    const char *entity_caption;
    const char *from, *from_caption; /* edge ends */
    const char *to, *to_caption;
    const char *relation;        /* edge: "ownership", "control", ...; statement: the property */
    const char *type;            /* edge: controlType, ownershipType or role */
    const char *value;           /* the value as used: "41.55%", "share unknown", "gov.soe", "0.4" */
    bool has_band;               /* min/max hold the value read as a fraction */
    double min, max;
    const char *start, *end;     /* dates of an edge */
    const char *note;            /* e.g. what the band's ends assume */
    int status;                  /* weakest status among its citations (asserted when none) */
    const ov_citation *cites;
    size_t n_cites;
} ov_step;

/* The rule that produced a conclusion. */
typedef struct ov_rule_ref {
    const char *id;              /* "state-share", "majority-chain", "ofac", "typology", ... */
    const char *label;
    const char *threshold;       /* in words (">= 50%"), or NULL */
    const char *authority;       /* what the rule rests on: a statute, guidance, the submission's
                                    recommendation or Oversight's method, with its locator */
} ov_rule_ref;

/* One conclusion. */
typedef struct ov_explanation {
    const char *question;        /* "state-share", "ultimate-parent", "control-without-shares",
                                    "holder", "controlled", "typology", "exposure", ... */
    const char *object, *object_caption; /* the other party of the answer (a holder, the parent,
                                    a provision), or NULL */
    const char *value;           /* the conclusion in words: "41.55% to 80.43%", "none recorded",
                                    "state-owned", "certainly controlled" */
    bool has_band;               /* min/max hold the conclusion as a fraction band */
    double min, max;
    bool capped;                 /* the band is capped at 100%: the shares around an ownership cycle
                                    on the way sum to 100% or more, so the walk sums diverge */
    int status;                  /* the weakest status among the evidence it needs */
    ov_rule_ref rule;
    const char *note;            /* what the band assumes, caveats */
    const ov_step *steps;
    size_t n_steps;
    size_t n_steps_omitted;      /* evidence left out of the list past its cap (counted, not shown) */
} ov_explanation;

/* The answer to one question about one subject: one or more conclusions. */
typedef struct ov_answer {
    const char *question;        /* "controllers", "owners", "typology", "control", "exposure", ... */
    const char *subject, *subject_caption, *subject_schema; /* NULL for a set (control rules) */
    bool subject_state_designated; /* the record designates the subject a state entity */
    const char *note;            /* about the whole answer (e.g. how many seeds a control rule read) */
    const ov_explanation *items;
    size_t n_items;
    struct ov__answer_mem *mem_; /* private: the memory everything above lives in */
} ov_answer;

OV_API void ov_answer_free(ov_answer *a);

/* The rank of a status from strongest (verified 0) to weakest (disputed 4);
 * retracted ranks past all (5). */
OV_API int ov_status_rank(int status);
/* The weaker of two statuses. */
OV_API int ov_status_weakest(int a, int b);

/* The JSON of an answer, one line ending in "\n"; *out is the caller's (ov_free).
 * OV_ENOMEM. */
OV_API int ov_answer_json(const ov_answer *a, char **out /* OUT */);
/* The answer as text for a terminal or a plain report, every conclusion with
 * its status, rule and evidence. Control characters of the record are shown
 * escaped. OV_EIO when the write fails. */
OV_API int ov_answer_text(const ov_answer *a, FILE *out);

/* ---- the analyses' answers (each caller frees *out with ov_answer_free) ---- */

/* Who holds node, directly or through others (integrated ownership): one
 * conclusion per holder, strongest first. OV_ETOOBIG as ov_own_owners. */
OV_API int ov_explain_owners(ov_store *st, const ov_graph *g, uint32_t node, ov_answer **out /* OUT */);
/* Who controls node: the ultimate parent by the majority chain ("none
 * recorded" when no owner holds a majority), the state's share through
 * ownership chains (a state designation is reported beside it, never read as
 * a share), and control without shares (the links data/rules/relations.json
 * counts as control). */
OV_API int ov_explain_controllers(ov_store *st, const ov_graph *g, uint32_t node, ov_answer **out /* OUT */);
/* Who the seed nodes control under a control rule (ov_own_control): one
 * "controlled" conclusion per entity, certainly or possibly (bands read at their
 * minimum or maximum), with the holdings that made it cross the threshold. */
struct ov_control_rule;
OV_API int ov_explain_control(ov_store *st, const ov_graph *g, const uint32_t *seeds, size_t n_seeds,
                              const struct ov_control_rule *rule, ov_answer **out /* OUT */);
/* The state's share of node alone (the second conclusion of
 * ov_explain_controllers), for screening and dossiers. */
OV_API int ov_explain_state_share(ov_store *st, const ov_graph *g, uint32_t node, ov_answer **out /* OUT */);

#ifdef __cplusplus
}
#endif
#endif
