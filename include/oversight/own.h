/*
 * own.h - who owns and who controls: analyses over the ownership graph. Every
 * result names the rule that produced it and the edges (interest entities,
 * whose statements carry the citations) behind it.
 *
 * Thread safety: the analyses only read the graph: any number may run on one
 * graph at once (each keeps its own scratch; the control rules' kept scratch is
 * taken and given back atomically). Results belong to the caller.
 */
#ifndef OVERSIGHT_OWN_H
#define OVERSIGHT_OWN_H

#include <stdbool.h>
#include <stdint.h>
#include "graph.h"
#include "oversight.h"

#ifdef __cplusplus
extern "C" {
#endif

#define OV_OWN_MAX_PATH 16   /* edges in one reported path */
#define OV_OWN_MAX_NODES 200000 /* nodes one analysis may visit */
#define OV_OWN_MAX_WORK 400000000ULL /* multiply-adds one "who owns" query may spend on its cycles */
/* What OV_ETOOBIG from ov_own_owners means, for messages. */
#define OV_OWN_TOOBIG_MSG                                                                                      \
    "its ancestors number more than 200,000 (OV_OWN_MAX_NODES) or their ownership cycles would take more "   \
    "than 4e8 operations to solve (OV_OWN_MAX_WORK)"

/* A chain of edges from a holder down to the subject. */
typedef struct ov_path {
    uint32_t edges[OV_OWN_MAX_PATH];
    int n;
    double share;            /* product of the (minimum) shares along it */
} ov_path;

/* One holder of a subject, direct or through others. */
typedef struct ov_holder {
    uint32_t node;
    bool direct;             /* holds the subject directly */
    ov_share direct_share;   /* the direct holding, parallel edges combined */
    int direct_edges;        /* how many direct edges (several = parallel claims) */
    bool conflicting;        /* parallel edges state different shares */
    double integrated_min, integrated_max; /* all paths, cycles included, holder not re-entering itself */
    ov_path path;            /* the strongest path */
    uint8_t unbounded;       /* the walk sums diverge (shares around a cycle on the way sum to 100 % or
                                more), the integrated share is capped at 1: bit 1 at the bands'
                                minimum, bit 2 at their maximum */
} ov_holder;

/* Everyone who holds a share of node through ownership, strongest first, with
 * the integrated share: the Leontief form T = A (I - A)^-1 over the node's
 * ancestors, with the holder not re-entering itself (T_hX (1 - F_hh), F_hh the
 * holder's first-return share), solved exactly one strongly connected
 * component at a time (docs/internals/graph.md). The caller frees *out
 * with ov_holders_free. Errors: OV_ENOMEM; OV_ETOOBIG when the
 * ancestors number more than OV_OWN_MAX_NODES or their cycles would take more
 * than OV_OWN_MAX_WORK multiply-adds. */
OV_API int ov_own_owners(const ov_graph *g, uint32_t node, ov_holder **out /* OUT */, size_t *n /* OUT */);
/* Frees what ov_own_owners returned (NULL allowed). */
OV_API void ov_holders_free(ov_holder *h);

/* A control rule: who is controlled by a set of seeds. */
typedef struct ov_control_rule {
    const char *name;        /* "ofac", "eu", "uk" */
    const char *label;
    double threshold;        /* fraction */
    bool inclusive;          /* >= rather than > */
    bool aggregate;          /* holdings of different seeds add up */
    const char *source;      /* where the rule's parameters come from */
} ov_control_rule;

/* The built-in rules (data/rules/control_rules.json). */
OV_API const ov_control_rule *ov_control_rule_find(const char *name);
OV_API int ov_control_rule_count(void);
OV_API const ov_control_rule *ov_control_rule_at(int i);

typedef enum ov_control_class {
    OV_CTRL_NOT = 0,
    OV_CTRL_POSSIBLE = 1,    /* only when bands are read at their maximum */
    OV_CTRL_CERTAIN = 2      /* even when bands are read at their minimum */
} ov_control_class;

typedef struct ov_controlled {
    uint32_t node;
    ov_control_class cls;
    double share_min, share_max; /* the aggregated controlled stake */
    uint32_t edges[8];       /* the holdings that made it cross the threshold */
    int n_edges;
} ov_controlled;

/* Applies rule to the seed nodes; the seeds themselves are not listed. The caller
 * frees *out with ov_controlled_free. */
OV_API int ov_own_control(const ov_graph *g, const uint32_t *seeds, size_t n_seeds,
                          const ov_control_rule *rule, ov_controlled **out /* OUT */, size_t *n /* OUT */);
OV_API void ov_controlled_free(ov_controlled *c);

/* The majority chain up from node: each step an owner holding more than half
 * by every claim recorded about the holding. *parent is UINT32_MAX when no
 * owner holds a majority (a company is never its own parent); *cycle is set
 * when the chain returns to a node it passed. */
OV_API int ov_own_ultimate_parent(const ov_graph *g, uint32_t node, ov_path *chain /* OUT */,
                                  uint32_t *parent /* OUT */, bool *cycle /* OUT */);
/* The ownership edge into node whose holder holds a majority by every claim
 * recorded about that holding (parallel claims of 48 % and 51 % make none), or
 * UINT32_MAX. The one majority test of the library: the ultimate parent, the
 * legal-exposure rules and the answers use it. */
OV_API uint32_t ov_own_majority_edge(const ov_graph *g, uint32_t node);

/* How much of node the state holds through ownership chains (integrated, bands
 * as min/max), with the strongest path to a state node. A state designation of
 * node itself (a PublicBody, topic gov.soe) is a classification, not a share:
 * it does not make the share 100 %. */
OV_API int ov_own_state_share(const ov_graph *g, uint32_t node, double *min /* OUT */,
                              double *max /* OUT */, ov_path *path /* OUT */);
/* The same (kept for callers of the earlier interface). */
OV_API int ov_own_state_chain_share(const ov_graph *g, uint32_t node, double *min /* OUT */,
                                    double *max /* OUT */, ov_path *path /* OUT */);

/* Whether an edge that is not ownership counts as control without shares,
 * by the relation semantics of data/rules/analyses.json ("relations"): a FtM 4
 * Control edge, a directorship, a membership or UnknownLink whose role the
 * file lists. Customers, deployments and "uses its technology" never do. */
OV_API bool ov_own_link_is_control(const ov_edge *e);

/* Whole-graph analyses (one pass each, for registry-scale graphs). */

/* For every node, its majority-chain ultimate parent (itself when none) in
 * parent[n_nodes]; in_cycle[n] (may be NULL) is set for nodes whose chain
 * ends in a cycle. */
OV_API int ov_own_ultimate_parents(const ov_graph *g, uint32_t *parent /* OUT */, uint8_t *in_cycle /* OUT */);

/* For every node, the share of it that the seed set holds through any chain
 * (integrated, at the bands' minimum and maximum; seeds hold themselves
 * entirely). Strongly connected components are solved by iteration, the rest
 * in one topological pass. */
OV_API int ov_own_holdings(const ov_graph *g, const uint32_t *seeds, size_t n_seeds, double *min /* OUT */,
                           double *max /* OUT */);

/* The state's share of every node through ownership chains, in one pass over
 * the graph: for each node what ov_own_state_chain_share answers (a state
 * node counted where a chain first reaches it, walks ending at the node the
 * first time they reach it), with the strongest path. Nodes on ownership
 * cycles take the exact first-arrival share (solve.c's elimination, per
 * component); members of small diverging components (up to 64 members) and
 * state nodes on cycles through holders the state reaches are solved within
 * their component one by one. On a larger diverging component, and below any
 * diverging one, the share is capped at 1 (flagged unbounded) wherever the
 * state reaches the divergence with positive shares at that reading; there a
 * member whose own holdings close the diverging cycles may get a finite
 * answer node by node. Used for the typology of every organisation
 * (docs/internals/ownership.md). */
typedef struct ov_state_shares ov_state_shares;
OV_API int ov_own_state_shares(const ov_graph *g, ov_state_shares **out /* OUT */);
/* The answer for one node (0 and no path for nodes out of range);
 * *unbounded (may be NULL) as ov_holder.unbounded: the share is capped at 1
 * because the walk sums diverge (bit 1 at the bands' minimum, 2 at their
 * maximum). */
OV_API void ov_own_state_shares_get(const ov_state_shares *s, uint32_t node, double *min /* OUT */,
                                    double *max /* OUT */, ov_path *path /* OUT */, uint8_t *unbounded /* OUT */);
OV_API void ov_own_state_shares_free(ov_state_shares *s);

#ifdef __cplusplus
}
#endif
#endif
