/*
 * store.h - the sourced record: statements with citations and history, and the
 * entities aggregated from them, behind semantic operations. SQLite is the
 * first backend; callers never see SQL, so a PostgreSQL backend can follow.
 *
 * Writes append. A statement that changes (status, citation, original value,
 * language) gets a new row and the old one is retired, not overwritten; a
 * retraction is a new row with status "retracted". Only first/last-seen dates,
 * which record observation rather than the claim, are updated in place.
 */
#ifndef OVERSIGHT_STORE_H
#define OVERSIGHT_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include "model.h"
#include "oversight.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A store handle is used by one thread at a time; open one per thread. */
typedef struct ov_store ov_store;
typedef struct ov_load ov_load;

/* The status of a claim. Retracted statements stay in the history but do not
 * count towards the entity. */
typedef enum ov_status {
    OV_ST_ASSERTED = 0,
    OV_ST_VERIFIED = 1,
    OV_ST_ALLEGED = 2,
    OV_ST_DISPUTED = 3,
    OV_ST_RETRACTED = 4,
    OV_ST_UNVERIFIED = 5, /* from a source of less than high confidence, not yet checked */
    OV_ST__COUNT
} ov_status;

OV_API const char *ov_status_name(int status);
/* The status for a name ("asserted", ...; "" means asserted), or -1. */
OV_API int ov_status_parse(const char *name);

/* One claim: a value of a property of an entity, with its provenance.
 * Strings are borrowed on input; on output they live as long as the entity. */
typedef struct ov_stmt {
    const char *prop;           /* property name, e.g. "name" */
    const char *value;
    const char *schema;         /* schema the statement was made under; NULL = entity's */
    const char *lang;           /* ISO 639 code or NULL */
    const char *original_value; /* the value before cleaning, or NULL */
    const char *dataset;        /* NULL = the load's dataset */
    const char *source;         /* id of a Document/Article entity, or a URL; NULL = none */
    const char *locator;        /* footnote, page or quoted sentence; NULL = none */
    const char *first_seen, *last_seen; /* NULL = the entity's */
    const char *origin;         /* FtM 4 statement origin, or NULL */
    const char *src_id;         /* the source entity id when it differs from the entity's */
    int status;                 /* ov_status */
    int external;               /* FtM 4 "external" flag */
    /* filled by reads */
    int64_t sid;                /* statement row id, increasing with time */
    int64_t added_in;           /* change that added it */
    int64_t retired_in;         /* change that retired it, 0 if current */
} ov_stmt;

/* An entity: what readers produce and what the store returns. */
typedef struct ov_entity {
    const char *id;
    const char *schema;
    const char *caption;        /* NULL: computed from the caption properties */
    const char *first_seen, *last_seen, *last_change; /* envelope dates or NULL */
    int target;                 /* envelope "target": 1, 0, or -1 when absent */
    const char *datasets_json;  /* envelope "datasets" as a JSON array text, or NULL */
    const char *referents_json; /* envelope "referents" as a JSON array text, or NULL */
    ov_stmt *stmts;
    size_t n_stmts;
    /* filled by reads */
    int64_t added_in, changed_in, retired_in;
} ov_entity;

/* How a loaded entity combines with what the store holds. */
typedef enum ov_load_mode {
    OV_LOAD_MERGE,   /* add new statements, keep the others (plain loads) */
    OV_LOAD_REPLACE, /* the entity's current statements become exactly these (delta MOD) */
    OV_LOAD_DELETE   /* retire the entity and all its statements (delta DEL) */
} ov_load_mode;

typedef struct ov_load_opts {
    const char *kind;      /* change kind recorded in the log: "load", "delta", ... */
    const char *origin;    /* file name or other description, for the log */
    const char *dataset;   /* default dataset for statements without one */
    const char *note;      /* free text for the log, or NULL */
} ov_load_opts;

typedef struct ov_load_stats {
    int64_t change_id;
    int64_t entities;          /* entities put */
    int64_t added, retired, unchanged; /* statements */
    int64_t deleted_entities;
    int64_t dangling;          /* distinct referenced ids not in the store */
    const char *dangling_example[5]; /* a few of them, for the warning; owned by the store, valid
                                        until its next load or its close */
    bool bulk;                 /* the fast path for an empty store was used */
    double index_seconds;      /* commit: building secondary indexes (bulk) */
    double search_seconds;     /* commit: building the full-text index */
} ov_load_stats;

#define OV_OPEN_CREATE 1   /* create the file and the schema if missing */
#define OV_OPEN_READONLY 2

/* Opens (and with OV_OPEN_CREATE creates) a store at path, migrating an older
 * schema forward. The model is borrowed and must outlive the store.
 * On failure *out may hold a store whose ov_store_errmsg says why; close it. */
OV_API int ov_store_open(ov_store **out /* OUT */, const char *path, int flags,
                         const ov_model *model);
OV_API void ov_store_close(ov_store *st);
/* The message of the last failure on this store. */
OV_API const char *ov_store_errmsg(const ov_store *st);
OV_API int ov_store_schema_version(const ov_store *st);

/* Starts a load: one transaction that ov_load_commit makes durable and
 * ov_load_abort (or any failure) undoes. Only one load per store at a time. */
OV_API int ov_store_load_begin(ov_store *st, const ov_load_opts *opts, ov_load **out /* OUT */);
/* Puts one entity. Strings are copied; e may be reused afterwards. */
OV_API int ov_load_put(ov_load *ld, const ov_entity *e, ov_load_mode mode);
/* The message of the last failure of a load (as ov_store_errmsg). */
OV_API const char *ov_store_errmsg_of_load(const ov_load *ld);
/* Finishes indexes and the search index, checks references, commits.
 * Frees ld whatever the result; on failure nothing is written. */
OV_API int ov_load_commit(ov_load *ld, ov_load_stats *stats /* OUT */);
/* Ends the current change of ld, with its counts in *stats (may be NULL), and
 * starts another, described by opts, in the same transaction: several files
 * loaded all or nothing, each its own change. A change that nothing was put
 * into is not recorded (its change_id is 0); when no change of the load is,
 * ov_load_commit rolls back and the store is exactly as it was. On failure
 * the caller aborts ld. */
OV_API int ov_load_next(ov_load *ld, const ov_load_opts *opts, ov_load_stats *stats /* OUT */);
/* Rolls everything back and frees ld. */
OV_API void ov_load_abort(ov_load *ld);

#define OV_GET_HISTORY 1   /* include retired statements (and a retired entity) */

/* Reads one entity by id; OV_ENOTFOUND when absent (or retired, without
 * OV_GET_HISTORY). Free the result with ov_entity_free. */
OV_API int ov_store_get(ov_store *st, const char *id, int flags, ov_entity **out /* OUT */);
OV_API void ov_entity_free(ov_entity *e);

/* Calls cb for every current entity, in load order. cb returns non-zero to stop
 * (ov_store_scan then returns OV_ESTOP). The entity is valid during the call. */
typedef int (*ov_entity_cb)(const ov_entity *e, void *ud);
OV_API int ov_store_scan(ov_store *st, ov_entity_cb cb, void *ud);

/* Calls cb for every current entity of exactly the named schema (not its
 * descendants), in load order, through an index on the schema: cost by the
 * entities of that schema, not the store's size (rare schemata such as
 * Judgement). cb may read the store. OV_ESTOP as ov_store_scan. */
OV_API int ov_store_scan_schema(ov_store *st, const char *schema, ov_entity_cb cb, void *ud);

/* Calls cb for every entity changed after change since (DEL for retired ones is
 * signalled by e->retired_in != 0), for delta exports. */
OV_API int ov_store_scan_changed(ov_store *st, int64_t since, ov_entity_cb cb, void *ud);

/* One entry of the change log. */
typedef struct ov_change {
    int64_t id;
    const char *at, *kind, *origin, *dataset, *note;
    int64_t entities, added, retired;
} ov_change;
/* The change log entries that touched entity id (all, when id is NULL). */
typedef int (*ov_change_cb)(const ov_change *c, void *ud);
OV_API int ov_store_changes(ov_store *st, const char *id, ov_change_cb cb, void *ud);

typedef struct ov_stats {
    int64_t entities, statements_current, statements_total, retired_entities;
    int64_t changes, citations;
    int schema_version;
} ov_stats;
/* Per-group counts are delivered through cb: group is "schema" or "dataset". */
typedef int (*ov_count_cb)(const char *group, const char *key, int64_t n, void *ud);
OV_API int ov_store_stats(ov_store *st, ov_stats *out /* OUT */, ov_count_cb cb, void *ud);

/* Full-text search. Queries are words in any script; Chinese, Japanese and
 * Korean text matches by character sequence, so one- and two-character
 * queries work. Filters are ANDed; NULL means none. */
typedef struct ov_search_query {
    const char *text;
    const char *schema;   /* this schema or any descendant */
    const char *country;  /* a value of any country-typed property */
    const char *topic;
    const char *dataset;
    int limit;            /* <= 0: 20; capped at 1000 */
    int offset;
} ov_search_query;

typedef struct ov_search_hit {
    char *id, *schema, *caption;
    double score;         /* higher is better */
} ov_search_hit;

OV_API int ov_store_search(ov_store *st, const ov_search_query *q,
                           ov_search_hit **hits /* OUT */, size_t *n /* OUT */);
OV_API void ov_search_hits_free(ov_search_hit *hits, size_t n);

/* Holds one read transaction open until ov_store_read_end, for a command
 * that reads many entities: the reads in between see one state of the store
 * and do not each take and release the file's lock. Not while loading. */
OV_API int ov_store_read_begin(ov_store *st);
OV_API void ov_store_read_end(ov_store *st);

/* What ov_store_copy copied: rows per table. */
typedef struct ov_copy_stats {
    int64_t changes, datasets, props, schemata, citations, entities, statements, tokens;
} ov_copy_stats;

/* Copies the whole record of src into dst, whichever their backends: the
 * change log, the dictionaries, citations, entities and statements with their
 * row ids and history (judgements are entities), the API tokens' hashes and
 * the generation; dst's search index is built from the copied statements.
 * dst must hold no entity and no change (OV_EINVAL otherwise). One
 * transaction of dst: on any failure dst is as it was. src is read in one
 * read transaction. stats may be NULL. */
OV_API int ov_store_copy(ov_store *src, ov_store *dst, ov_copy_stats *stats /* OUT */);

#ifdef __cplusplus
}
#endif
#endif
