/*
 * graph.h - the compact in-memory graph of ownership and control, built from
 * the store's Ownership, Control, Directorship, Membership and UnknownLink
 * entities, and the analyses that read it (see docs/internals/graph.md).
 *
 * Nodes are the store's entities (indexed by their row id), edges the
 * interests between them. A graph is immutable once built; analyses only read
 * it, so one graph may serve many threads.
 */
#ifndef OVERSIGHT_GRAPH_H
#define OVERSIGHT_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "model.h"
#include "oversight.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ov_graph ov_graph;

typedef enum ov_edge_kind {
    OV_EDGE_OWNERSHIP,   /* owner -> asset, with a share */
    OV_EDGE_CONTROL,     /* controller -> controlled (FtM 4 Control), with a control type */
    OV_EDGE_DIRECTORSHIP,/* director -> organization */
    OV_EDGE_MEMBERSHIP,  /* member -> organization */
    OV_EDGE_UNKNOWN      /* subject -> object (UnknownLink) */
} ov_edge_kind;

OV_API const char *ov_edge_kind_name(ov_edge_kind k);

/* A share as stated: exact (min == max), a band (min < max), or unknown (has_share false).
 * Values are fractions, 0..1. min_exclusive marks "more than". */
typedef struct ov_share {
    bool has_share;
    double min, max;
    bool min_exclusive;
} ov_share;

/* Parses the free text of real data: "51%", "0.51", "51,5 %", "25-50%",
 * "between 25 and 50 percent", "more than 25%", "at least 50%", "majority".
 * Returns false (and has_share false) when the text states no share. */
OV_API bool ov_share_parse(const char *text, ov_share *out /* OUT */);

typedef struct ov_edge {
    uint32_t from, to;        /* node indexes */
    ov_edge_kind kind;
    ov_share share;           /* ownership only */
    const char *interest_id;  /* the FtM entity that states the edge (its statements cite sources) */
    const char *type;         /* controlType, ownershipType or role, or NULL */
    const char *start, *end;  /* ISO dates or NULL */
    int status;               /* the weakest ov_status among the edge's statements */
    bool conflicting;         /* the interest entity itself states several different shares */
} ov_edge;

typedef struct ov_graph_opts {
    const char *as_of;        /* keep only edges in force on this date (ISO prefix); NULL = all */
    bool include_retracted;   /* never used by analyses; for completeness */
} ov_graph_opts;

/* Builds the graph from the store's current record. */
OV_API int ov_graph_build(ov_store *st, const ov_model *m, const ov_graph_opts *opts,
                          ov_graph **out /* OUT */);
OV_API void ov_graph_free(ov_graph *g);

OV_API uint32_t ov_graph_node_count(const ov_graph *g);
OV_API uint32_t ov_graph_edge_count(const ov_graph *g);
/* The node of an entity id; false when the id is not a node. */
OV_API bool ov_graph_find(const ov_graph *g, const char *id, uint32_t *node /* OUT */);
OV_API const char *ov_graph_node_id(const ov_graph *g, uint32_t node);
OV_API const char *ov_graph_node_caption(const ov_graph *g, uint32_t node);
OV_API const char *ov_graph_node_schema(const ov_graph *g, uint32_t node);
OV_API const char *ov_graph_node_country(const ov_graph *g, uint32_t node); /* first country or NULL */
/* The referents of a node: the entity ids judged the same (docs/internals/resolve.md)
 * and merged into it, its own (the cluster's canonical id) first. Fills up to max of
 * ids (strings are the graph's) and returns how many there are; 1 for a node that
 * merges nothing, 0 for no node (a referent merged into another: ov_graph_find
 * answers that node). ov_graph_node_schema is NULL for a merged referent's row.
 * Cost: a pass over the graph's merged referents (per call, not per node: do not
 * call it for every node of a large resolved graph). */
OV_API size_t ov_graph_node_referents(const ov_graph *g, uint32_t node, const char **ids, size_t max);

/* Why a node counts as the state (bit flags; 0 = not the state). */
enum {
    OV_STATE_PUBLIC_BODY = 1, /* a PublicBody */
    OV_STATE_SOE_TOPIC = 2,   /* topic gov.soe */
    OV_STATE_CONTROL = 4      /* controlled by a Control edge of controlType state */
};
OV_API int ov_graph_node_state(const ov_graph *g, uint32_t node);

OV_API const ov_edge *ov_graph_edge(const ov_graph *g, uint32_t edge);
/* Edges into / out of a node: *n OUT, returns an array of edge indexes. */
OV_API const uint32_t *ov_graph_in(const ov_graph *g, uint32_t node, uint32_t *n);
OV_API const uint32_t *ov_graph_out(const ov_graph *g, uint32_t node, uint32_t *n);

/* A node's holding of one asset: its ownership edges to that asset taken together.
 * Parallel claims about one pair (the zala sample: 48 %, 50 % and 51 %) stay separate
 * edges in ov_graph_out; here they are one holding whose band spans them: the lowest
 * minimum and the highest maximum stated, or 0..1 when no edge of the pair states a
 * share. edge is the pair's first ownership edge in the node's out-list. */
typedef struct ov_holding {
    uint32_t asset;           /* node */
    uint32_t edge;            /* edge index */
    double min, max;          /* fractions, 0 <= min <= max <= 1 */
} ov_holding;

/* The ownership holdings of node, one per asset, in the order of their first edges in
 * ov_graph_out; *n OUT (0 and NULL for a node out of range). Built with the graph: reading
 * them costs no pass over the node's edges. */
OV_API const ov_holding *ov_graph_holdings(const ov_graph *g, uint32_t node, uint32_t *n);

#ifdef __cplusplus
}
#endif
#endif
