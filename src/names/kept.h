/* kept.h - the matcher's index kept in a file beside the store
 * ("<store>.names"; kept.c, docs/internals/names.md). Library-internal; the
 * public entry is ov_matcher_open_store (match.h). */
#ifndef OV_NAMES_KEPT_H
#define OV_NAMES_KEPT_H
#include "matcher_internal.h"
#include "../store/store_internal.h"

/* What an index file is valid for. No padding: compared with memcmp. */
typedef struct ov__kept_key {
    ov__store_state store;     /* the store's state when its entities were read */
    uint64_t model;            /* ov__kept_model_fingerprint */
    uint64_t norm;             /* ov__kept_norm_fingerprint */
} ov__kept_key;
uint64_t ov__kept_model_fingerprint(const ov_model *m);
/* The vocabulary, the forms of a set of probe names (ICU and OpenCC as
 * installed) and the format version. */
uint64_t ov__kept_norm_fingerprint(ov__names *nm);

#define OV__KEPT_NO_CHECKSUM 1 /* parse: skip the checksums (the fuzz target, to reach the checks behind them) */

/* Makes mx (new from ov_matcher_new: nothing added) read its tables from data
 * (len bytes, 8-byte aligned; borrowed: it must outlive mx). With key, the file
 * must have been written for exactly that key. side_schemas[16] and
 * *n_side_schemas OUT: the schemata whose entities the file lists as side
 * entities. OV_ECORRUPT when the bytes are not a valid index for mx's model
 * (every byte is checked: any bytes are safe to pass; mx is then unchanged),
 * OV_ENOTFOUND when valid for another key, OV_ENOMEM. */
int ov__kept_parse(ov_matcher *mx, const void *data, size_t len, const ov__kept_key *key, int flags,
                   uint32_t side_schemas[16], size_t *n_side_schemas);
/* The same from the file at path (mapped; unmapped by ov_matcher_free);
 * OV_ENOTFOUND when there is no readable file of that key. */
int ov__kept_open(ov_matcher *mx, const char *path, const ov__kept_key *key, uint32_t side_schemas[16],
                  size_t *n_side_schemas);
/* Makes a matcher read from a file (parse or open) empty again, as new from
 * ov_matcher_new but without its pool: only parse may follow (the fuzz target). */
void ov__kept_release(ov_matcher *mx);
/* Writes the finished mx as the index for key at path: to a temporary file in
 * the same directory, renamed over path when complete. Quiet: a failure leaves
 * no file and only returns its code. */
int ov__kept_write(const ov_matcher *mx, const char *path, const ov__kept_key *key, const uint32_t *side_schemas,
                   size_t n_side_schemas);
/* The same in a thread of its own; ov_matcher_free waits for it. */
int ov__kept_write_async(ov_matcher *mx, const char *path, const ov__kept_key *key, const uint32_t *side_schemas,
                         size_t n_side_schemas);
#endif
