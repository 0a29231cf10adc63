/* matcher_internal.h - the matcher's tables, shared by matcher.c (building,
 * queries) and kept.c (the index kept beside the store, "<store>.names").
 *
 * A matcher either owns its tables (built by ov_matcher_add and
 * ov_matcher_finish) or reads them in place from a mapped index file (map !=
 * NULL): then pool, ents, names, khash, kcount, kstart and postings point into
 * the mapping and are never freed or written. */
#ifndef OV_MATCHER_INTERNAL_H
#define OV_MATCHER_INTERNAL_H
#include <stdint.h>
#include "names_internal.h"

/* Stored as they are in the index file: fixed-size fields, no padding, no pointers. */
typedef struct mx_entity {
    uint32_t id, caption;         /* pool offsets */
    uint32_t countries;           /* pool offset of "cn us" or 0 */
    uint32_t idents;              /* pool offset of "LEI1 REG2" (upper-case alnum) or 0 */
    uint32_t first_name, n_names; /* range in names */
    uint32_t schema;              /* ov_schema_id in the matcher's model */
    uint32_t unused;              /* 0 */
} mx_entity;

typedef struct mx_name {
    uint32_t entity;
    uint32_t raw, full, core, compact, han; /* pool offsets */
    uint32_t extra; /* pool offset of "legal|nums|place|qual|industry" (0: all empty) */
} mx_name;

/* An entity the matcher does not index but a caller asked to see again
 * (ov_matcher_open_store's also: list entries, brands): its id and schema. */
typedef struct mx_side {
    uint32_t id;                  /* pool offset */
    uint32_t schema;              /* ov_schema_id */
} mx_side;

struct ov_matcher {
    const ov_model *model;
    const ov_schema *person_schema; /* Person: names compared as people's */
    ov_match_settings set;
    ov__names *nm;
    char errmsg[256];
    /* string pool; offset 0 is "" */
    char *pool;
    size_t pool_len, pool_cap;
    mx_entity *ents;
    size_t n_ents, ents_cap;
    mx_name *names;
    size_t n_names, names_cap;
    /* keys: open addressing on 64-bit hashes (0: empty slot; at least one is) */
    uint64_t *khash;
    uint32_t *kcount, *kstart;
    size_t kcap, kused;
    /* pairs (key, name) collected by adds, turned into postings by finish */
    uint32_t *pair_key, *pair_name;
    size_t n_pairs, pairs_cap, pair_name_cap;
    uint32_t *postings;           /* n_pairs after finish */
    bool finished;
    /* the entities of other schemata seen by a store scan, kept for the index file */
    mx_side *side_own;            /* built: the side entities (side points here) */
    size_t side_cap;
    const mx_side *side;          /* in load order; in the mapping when mapped */
    size_t n_side;
    /* the index file this matcher reads its tables from, or NULL */
    const void *map;
    size_t map_len;
    bool unmap;                   /* map is our own mapping (munmap at free) */
    struct kept_job *writer;      /* the index file being written in the background, or NULL */
    /* query scratch */
    uint16_t *name_hits, *ent_best;
    uint32_t *touched, *ent_touched;
    size_t touched_cap, ent_touched_cap;
    int8_t schema_ok[512];
};

/* The query scratch of a finished matcher (name_hits, ent_best). */
int ov__matcher_alloc_scratch(ov_matcher *mx);
/* Records e (of a schema the caller wants to see again) as a side entity: its id and schema. */
int ov__matcher_add_side(ov_matcher *mx, const ov_entity *e, uint32_t schema);
/* Joins the background writer of mx, if any (kept.c). */
void ov__matcher_join_writer(ov_matcher *mx);
#endif
