/*
 * resolve.h - entity resolution: judgements that two entities of the record
 * are the same, different, or cannot yet be told, kept as record data
 * (Judgement entities: each statement cited, nothing overwritten: undoing a
 * judgement is a newer judgement of the same pair), the clusters they make,
 * and the refusal of a judgement that contradicts earlier ones.
 *
 * The newest judgement of a pair holds. Entities judged the same, directly or
 * through a chain, form a cluster; its canonical id is the smallest member id
 * (stable while the cluster's members stay). A "same" that would join two
 * clusters holding a pair judged different, or a "different" inside one
 * cluster, is refused with the conflicting judgements named.
 *
 * Thread safety: a resolver is read-only once loaded: any number of threads
 * may read it. Building one and recording a judgement use the store handle
 * given (one thread at a time per handle).
 */
#ifndef OVERSIGHT_RESOLVE_H
#define OVERSIGHT_RESOLVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "graph.h"
#include "model.h"
#include "oversight.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ov_verdict { OV_SAME = 0, OV_DIFFERENT = 1, OV_UNSURE = 2 } ov_verdict;

/* "same", "different", "unsure"; -1 for anything else. */
OV_API int ov_verdict_parse(const char *s);
OV_API const char *ov_verdict_name(int v);

/* A judgement of the record (strings owned by the resolver). */
typedef struct ov_judgement {
    const char *id;            /* the Judgement entity */
    const char *left, *right;  /* the two entities, as judged */
    int verdict;               /* ov_verdict */
    const char *reason, *author, *date;
    const char *source, *locator; /* the citation of its verdict, or NULL */
    int status;                /* ov_status of its verdict */
} ov_judgement;

typedef struct ov_resolver ov_resolver;

/* Reads the current judgements of the store: the Judgement entities only, through
 * the store's schema index (ov_store_scan_schema), not a pass over the record.
 * OV_ENOMEM, store errors. */
OV_API int ov_resolver_load(ov_store *st, ov_resolver **out /* OUT */);
OV_API void ov_resolver_free(ov_resolver *r);
/* The judgements that hold (the newest of each pair), oldest first. */
OV_API size_t ov_resolver_count(const ov_resolver *r);
OV_API const ov_judgement *ov_resolver_at(const ov_resolver *r, size_t i);
/* The canonical id of id's cluster (id itself when it is judged the same as nothing). */
OV_API const char *ov_resolver_canonical(const ov_resolver *r, const char *id);
/* The members of id's cluster, id included, sorted; *ids is the caller's (ov_free; the
 * strings are the resolver's). */
OV_API int ov_resolver_referents(const ov_resolver *r, const char *id, const char ***ids /* OUT */,
                                 size_t *n /* OUT */);

/* The judgement of the pair (a, b) that holds, either order, or NULL: a table
 * lookup, not a pass over the judgements. */
OV_API const ov_judgement *ov_resolver_pair(const ov_resolver *r, const char *a, const char *b);
/* A fingerprint of the judgements that hold (their ids and verdicts): equal
 * fingerprints, equal clusters. 0 for a NULL resolver. */
OV_API uint64_t ov_resolver_fingerprint(const ov_resolver *r);
/* The ids that judgements name, in first-judged order, each with its canonical
 * id (*canonical, may be NULL): i < ov_resolver_id_count. Strings are the resolver's. */
OV_API size_t ov_resolver_id_count(const ov_resolver *r);
OV_API const char *ov_resolver_id_at(const ov_resolver *r, size_t i, const char **canonical /* OUT */);

/* What ov_resolution_json writes beside the canonical id and the referents. */
#define OV_RESOLUTION_JUDGEMENTS 1 /* "judgements": those naming a referent, with reason, author, citation */
#define OV_RESOLUTION_PROPERTIES 2 /* "properties": each value with the referent, dataset, source and
                                    * locator that said it (reads every referent's statements) */
/* The resolution of entity id as one JSON object text:
 *   {"canonical_id": ID, "referents": [ID...], "judgements": [...], "properties": {PROP: [
 *    {"value", "referent", "dataset", "source", "locator", "status"}...]}}
 * (judgements and properties as flags ask). The one writer of this shape: the CLI's
 * get and search and the API's entity responses call it. *json is the caller's
 * (ov_free). OV_ENOMEM, OV_ETOOBIG (over 64 MB), store errors. */
OV_API int ov_resolution_json(ov_store *st, const ov_resolver *r, const char *id, int flags, char **json /* OUT */);

/* ---- a cluster as one entity, for the analyses ------------------------------------
 * Every analysis that reads an entity's statements (legal exposure, deployments,
 * screening, the dossier) reads its cluster through these, so a fact recorded under
 * any referent counts, and each statement still names the referent it is recorded
 * under (ov_stmt_referent): its citations are looked up there. */

/* Reads the referents ids[0..n) of one cluster (ids[0]: its canonical id) as one entity:
 * id ids[0]; schema the most specific of the referents' (the one descending from the
 * others, as the graph merges them; m NULL: the first's); caption the first referent's
 * that has one; envelope dates of the first referent held; the statements of every
 * referent in the order of ids, each with src_id naming the referent it is recorded
 * under (NULL for ids[0]'s own: a statement's src_id as loaded is replaced). A referent
 * the store does not hold is left out; OV_ENOTFOUND when none is; OV_ETOOBIG past 4,096
 * referents. One referent: ov_store_get's entity, src_id cleared. flags as ov_store_get.
 * Free *out with ov_entity_free. */
OV_API int ov_cluster_read(ov_store *st, const ov_model *m, const char *const *ids, size_t n, int flags,
                           ov_entity **out /* OUT */);
/* id's cluster as the resolver r knows it (r NULL: id as recorded), as ov_cluster_read. */
OV_API int ov_resolver_get(ov_store *st, const ov_model *m, const ov_resolver *r, const char *id, int flags,
                           ov_entity **out /* OUT */);
/* id's cluster as graph g merged it (the judgements g was built with: the same clusters
 * as the analyses on g), as ov_cluster_read; an id that is not a node of g is read as
 * recorded; g NULL: the store's judgements are read (ov_resolver_load). */
OV_API int ov_cluster_get(ov_store *st, const ov_model *m, const ov_graph *g, const char *id,
                          ov_entity **out /* OUT */);
/* The canonical id of id's cluster in g (g's string), or id itself when g is NULL or
 * does not hold it. */
OV_API const char *ov_cluster_id(const ov_graph *g, const char *id);
/* The referent statement s of e (an entity from ov_cluster_read, or any entity) is
 * recorded under: s->src_id when set, else e->id. */
OV_API const char *ov_stmt_referent(const ov_entity *e, const ov_stmt *s);

/* A judgement to record. */
typedef struct ov_judgement_in {
    const char *left, *right;
    int verdict;
    const char *reason;        /* required */
    const char *author;        /* required: a name, or an API token's owner */
    const char *source, *locator; /* what it rests on (NULL: none beyond the reason) */
    int status;                /* ov_status of the judgement (asserted by default: 0) */
} ov_judgement_in;

/* Checks j against the record and its judgements and writes it as a Judgement
 * entity in one load (its id into id_out, 64 bytes, may be NULL). OV_EINVAL
 * with the reason in err: an unknown id, an entity judged with itself, schemata
 * that cannot be one entity (a Person and a Company), no reason or author, or a
 * contradiction of earlier judgements (named); nothing is written then. */
OV_API int ov_resolve(ov_store *st, const ov_model *m, const ov_judgement_in *j, char *id_out, char *err,
                      size_t errlen);

#ifdef __cplusplus
}
#endif
#endif
