/* graph_internal.h - what graph.c (building, lookups) and snapshot.c (the
 * graph's tables in a file beside the store, docs/internals/graph.md) share:
 * the graph's representation and the helpers both use. */
#ifndef OV_GRAPH_INTERNAL_H
#define OV_GRAPH_INTERNAL_H
#include <stddef.h>
#include <stdint.h>
#include "oversight/graph.h"
#include "../store/store_internal.h"
#include "../util/arena.h"

/* in ov_graph.state, beside the public OV_STATE_* flags */
#define NODE_INTEREST 0x80   /* the row is an interest (an edge), not a node */
#define NODE_NO_CAPTION 0x40 /* the entity has no caption: ov_graph_node_caption answers its id */
#define NODE_MERGED 0x20     /* a referent merged into its cluster's node (ov_graph.merged): not a node itself */
#define NODE_PRIVATE (NODE_INTEREST | NODE_NO_CAPTION | NODE_MERGED)

/* Scratch state an analysis leaves with the graph for its next call: memory
 * whose pages are already mapped. (On the benchmark machine a fresh page costs
 * about 1.1 us to fault in; the OFAC rule's 12 MB at 10 M companies cost as
 * much as the rule's own work.) The state begins with this header; release
 * frees it. */
typedef struct ov__scratch {
    void (*release)(struct ov__scratch *s);
} ov__scratch;

enum { OV__SCRATCH_CONTROL, OV__SCRATCH_COUNT }; /* one slot per kind of state */

/* Takes the state kept in slot (NULL when there is none): the caller owns it now.
 * Thread-safe. */
ov__scratch *ov__graph_scratch_take(const ov_graph *g, int slot);
/* Leaves s in slot for a later call (consumes s): when the slot is taken meanwhile
 * by another caller's state, s is released. ov_graph_free releases what is left.
 * Thread-safe. */
void ov__graph_scratch_put(const ov_graph *g, int slot, ov__scratch *s);

/* A graph from a fresh build owns every table. A graph opened from a snapshot
 * reads most of them in the file's mapping (map, map_len): a table inside the
 * mapping is not freed; those outside it (the edges, which hold pointers, the
 * country pointers, and for an as-of graph the state flags and the CSR) are. */
struct ov_graph {
    uint32_t n_nodes;           /* max entity row id + 1 */
    /* by row id: where "id\0caption\0" starts in names, in 4-byte units; 0 when the row is
     * not an entity of the graph (then schema is 0 too) */
    uint32_t *name;
    char *names;                /* the ids and captions, one block per part of the build one after
                                 * another, each beginning with 4 unused bytes */
    size_t names_len;
    uint8_t *schema;            /* by row id: index in schemas, 0 when not an entity of the graph */
    const ov_schema *schemas[256];
    int n_schemas;              /* schemas[1..n_schemas - 1] are used */
    uint32_t *country;          /* by row id: index in countries, 0 = none */
    const char **countries;     /* interned per part of the build, in strings; countries[0] unused */
    uint32_t n_countries;
    uint8_t *state;             /* OV_STATE_* flags and NODE_* bits */
    uint32_t *slots;            /* id hash: row ids (0 = empty), linear probing */
    uint64_t slot_mask;         /* slot count - 1 (a power of two) */
    ov_edge *edges;
    uint32_t n_edges, cap_edges;
    uint32_t *out_off, *out_edges, *in_off, *in_edges;
    uint32_t *hold_off;         /* [n_nodes + 1]: each node's ownership holdings in holdings */
    ov_holding *holdings;       /* [n_holdings], from the out-lists (ov__graph_build_csr) */
    uint32_t n_holdings;
    uint32_t *merged;           /* [2 * n_merged]: (referent row, its cluster's node) pairs by referent row,
                                 * ascending: the rows judged the same as another (docs/internals/resolve.md) */
    uint32_t n_merged;
    uint8_t *holders;           /* a bit per node: it has holdings (3.3 MB at 10 M companies, where
                                 * hold_off is 107 MB: the analyses ask it first); never in the map */
    ov_arena strings[OV__SCAN_MAX_PARTS]; /* edge types and dates, countries: one per part of the build */
    struct snap_job *writer;    /* the snapshot being written in the background, or NULL
                                 * (joined by ov_graph_free: the tables must outlive it) */
    const void *map;            /* the snapshot's mapping or buffer, or NULL */
    size_t map_len;
    bool unmap;                 /* map is this graph's mapping (munmap at free), not a borrowed buffer */
    /* analyses' scratch kept between calls (ov__graph_scratch_take/put): a cache, changed
     * through the analyses' const pointers (graphs are always allocated, never const objects) */
    _Atomic(ov__scratch *) scratch[OV__SCRATCH_COUNT];
};

/* The hash of the id hash table (and of the snapshot's string cache). */
uint64_t ov__graph_hash(const char *s, size_t n);
/* Whether an edge dated start..end (either NULL) is in force on as_of (NULL: always). */
bool ov__graph_in_force(const char *as_of, const char *start, const char *end);
/* Whether node has ownership holdings (node < n_nodes), and a hint that it will be asked. */
static inline bool ov__graph_holds(const ov_graph *g, uint32_t node)
{
    return g->holders[node >> 3] >> (node & 7) & 1;
}

static inline void ov__graph_prefetch_holds(const ov_graph *g, uint32_t node)
{
    __builtin_prefetch(&g->holders[node >> 3]);
}

/* The node a row stands in: its cluster's node for a merged referent, else itself. */
uint32_t ov__graph_rep(const ov_graph *g, uint32_t row);

/* Fills g->holders from g->hold_off (allocated here). */
int ov__graph_fill_holders(ov_graph *g);

/* Asks for node's place in the holdings' offsets ahead of ov_graph_holdings (a hint:
 * analyses that know which nodes they read next overlap the cache misses). */
static inline void ov__graph_prefetch_holdings(const ov_graph *g, uint32_t node)
{
    if (node < g->n_nodes) __builtin_prefetch(&g->hold_off[node]);
}

/* Fills the CSR arrays and the holdings from g->edges (allocated here). */
int ov__graph_build_csr(ov_graph *g);

/* ---- the snapshot (snapshot.c) ---- */

/* Frees the tables g owns (not those inside its mapping) and unmaps its own mapping. */
void ov__graph_release_tables(ov_graph *g);

/* What a snapshot is valid for: the store's state and a fingerprint of what
 * the graph takes from the model. No padding: compared with memcmp. */
typedef struct ov__graph_key {
    ov__store_state store;
    uint64_t model;             /* ov__graph_model_fingerprint */
    uint64_t judgements;        /* ov_resolver_fingerprint of the judgements it merged by */
} ov__graph_key;
uint64_t ov__graph_model_fingerprint(const ov_model *m);

#define OV__SNAP_NO_CHECKSUM 1  /* parse: skip the checksums (the fuzz target, to reach the checks behind them) */
#define OV__SNAP_DROP_EDGES 2   /* parse: data is a private file mapping; the packed edges' pages are
                                 * dropped as they are copied out (the build's peak memory) */
/* Parses a snapshot held in data (len bytes, 8-byte aligned; borrowed: it must
 * outlive the graph) into a graph whose tables point into it. With key, the
 * snapshot must have been written for exactly that key. OV_ECORRUPT when the
 * bytes are not a valid snapshot (every offset and index is checked: any
 * bytes are safe to pass), OV_ENOTFOUND when it is valid for another key,
 * OV_ENOMEM. */
int ov__graph_snapshot_parse(const void *data, size_t len, const ov_model *m, const ov__graph_key *key, int flags,
                             ov_graph **out /* OUT */);
/* Opens the snapshot at path (mapped) if it is valid for key; as parse, and
 * OV_ENOTFOUND when there is no readable file. */
int ov__graph_snapshot_open(const char *path, const ov_model *m, const ov__graph_key *key, ov_graph **out /* OUT */);
/* Writes g (a full graph: no as-of) as the snapshot for key at path: to a
 * temporary file in the same directory, renamed over path when complete.
 * Quiet: a failure leaves no file and only returns its code. */
int ov__graph_snapshot_write(const ov_graph *g, const char *path, const ov__graph_key *key);
/* The same in a thread of its own, so that the build returns without waiting
 * for it; g->writer until ov_graph_free joins it. What it needs is allocated
 * here (OV_ENOMEM, or the thread's failure to start: nothing written). */
int ov__graph_snapshot_write_async(ov_graph *g, const char *path, const ov__graph_key *key);
/* The graph of the edges of full in force on as_of, sharing full's node
 * tables; full passes its mapping to the result and is freed (consumed). */
int ov__graph_filter(ov_graph *full, const char *as_of, ov_graph **out /* OUT */);
#endif
