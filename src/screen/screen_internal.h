/* screen_internal.h - the screener's state, shared by screen.c (collecting,
 * the older text answers) and report.c (the screening report's rows), and the
 * verdict rules of data/rules/screening.json (config.c). */
#ifndef OV_SCREEN_INTERNAL_H
#define OV_SCREEN_INTERNAL_H
#include <stddef.h>
#include <stdint.h>
#include "oversight/screen.h"

#define MAX_CHANGES 256

/* One list entry: a Sanction's `entity` statement with its Sanction's values. */
typedef struct sanc {
    char *id, *entity, *program, *start, *end, *listed, *body, *dataset, *source, *locator;
    char *program_id, *url, *reason; /* programId (curated events), sourceUrl, reason; or NULL */
    int status;                      /* the `entity` statement's ov_status */
    size_t seen; /* order of arrival: entries of one entity keep it once sorted by entity */
    char *key;   /* the canonical id of entity's cluster in the screener's graph (entity itself
                  * without one): entries are sorted and found by it, so a list entry of any
                  * referent is the cluster's (docs/internals/resolve.md) */
} sanc;

/* A camera brand and its maker, with the link's own statement. */
typedef struct brand {
    char *id, *maker, *relation; /* relation: brandRelation ("OEM relabel (reported)"), or NULL */
    char *locator, *source;      /* of the upstreamManufacturer statement */
    int status;                  /* its ov_status */
} brand;

/* The verdicts and their rules (data/rules/screening.json), parsed once per screener. */
typedef struct ov__verdict_rule {
    char *id, *label, *means, *authority;
} ov__verdict_rule;

typedef struct ov__list_key {
    char *key;      /* the list's programId, as curated events name it */
    char **datasets; /* datasets of the list's official file */
    size_t n_datasets;
} ov__list_key;

typedef struct ov__screen_config {
    ov__verdict_rule *verdicts; /* in rank order: the strongest first */
    size_t n_verdicts;
    ov__list_key *lists;
    size_t n_lists;
    double state_share_min;     /* the lower end of the state's share band at or above which: state-controlled */
    char *state_authority;
    int firm_status_rank;       /* evidence of this ov_status_rank or stronger is firm */
} ov__screen_config;

struct ov_screener {
    const ov_graph *g;
    const ov_control_rule *rule;
    sanc *sancs;
    size_t n_sancs, cap_sancs;
    brand *brands;
    size_t n_brands, cap_brands;
    int64_t changes[MAX_CHANGES]; /* the loads that added list entries */
    size_t n_changes;
    ov_controlled *ctl;           /* who listed parties control, by node */
    size_t n_ctl;
    ov__screen_config *cfg;
};

/* The first list entry of id's cluster in the sorted entries (n_sancs when none);
 * *end (may be NULL) gets the index after its last. */
size_t ov__screen_first_entry(const ov_screener *s, const char *id, size_t *end /* OUT */);
/* What the rule says listed parties control, for node; NULL when not controlled. */
const ov_controlled *ov__screen_controlled(const ov_screener *s, uint32_t node);

/* The embedded data/rules/screening.json, parsed (OV_ECORRUPT if it does not read). */
int ov__screen_config_load(ov__screen_config **out /* OUT */);
void ov__screen_config_free(ov__screen_config *c);
/* The rule of a verdict id, or NULL. */
const ov__verdict_rule *ov__screen_verdict(const ov__screen_config *c, const char *id);

#endif
