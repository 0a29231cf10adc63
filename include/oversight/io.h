/*
 * io.h - reading and writing the formats the field uses: FtM entity JSON lines
 * (plain {id, schema, properties} and the OpenSanctions export envelope), the
 * FtM delta format ({"op": ADD|MOD|DEL, "entity": {...}}), and the FtM 4
 * statements CSV (with our optional source, locator and status columns).
 *
 * Thread safety: a load or an export uses the store handle it is given (one thread
 * at a time per handle); the model is shared read-only.
 */
#ifndef OVERSIGHT_IO_H
#define OVERSIGHT_IO_H

#include <stdbool.h>
#include <stdio.h>
#include "model.h"
#include "oversight.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ov_format {
    OV_FMT_AUTO = 0,       /* by content: a CSV header, or JSON lines */
    OV_FMT_ENTITIES,       /* FtM entity JSON lines, plain or envelope */
    OV_FMT_PLAIN,          /* export only: {id, schema, properties} */
    OV_FMT_DELTA,          /* {"op": ..., "entity": ...} lines */
    OV_FMT_STATEMENTS,     /* FtM 4 statements CSV */
    OV_FMT_BODS            /* export only: a BODS 0.4 package (JSON array) */
} ov_format;

/* The format for a name ("entities", "ftm", "plain", "delta", "statements",
 * "csv"), or -1. (OV_FMT_BODS is export only: the export command names it.) */
OV_API int ov_format_parse(const char *name);

/* Called for every rejected record: file, line, message. */
typedef void (*ov_error_cb)(const char *file, long line, const char *msg, void *ud);
/* Called now and then with the bytes read so far and the input size (0 if unknown). */
typedef void (*ov_progress_cb)(uint64_t done, uint64_t total, void *ud);

typedef struct ov_ingest_opts {
    ov_format format;
    const char *dataset;     /* statements without a dataset get this one */
    bool dataset_explicit;   /* false: an envelope's single dataset wins */
    const char *source;      /* citation for statements that carry none */
    const char *locator;
    int status;              /* ov_status for statements that carry none */
    bool skip_invalid;       /* load the valid records and report the others */
    size_t max_line;         /* bytes; 0 = 16 MiB */
    int max_errors;          /* stop reporting after this many; 0 = 100 */
    ov_error_cb on_error;
    ov_progress_cb on_progress;
    void *ud;
    const char *note;        /* for the change log */
    bool shares_fraction;    /* the source states ownership percentages as fractions: a bare number
                                ("0.68") is 68 %, written as "68%" with the original value kept; FtM's
                                percentage is otherwise always a percent ("0.68" is 0.68 %) */
} ov_ingest_opts;

typedef struct ov_ingest_stats {
    int64_t records;         /* lines or CSV rows read */
    int64_t entities;        /* entities accepted */
    int64_t statements;      /* statements accepted */
    int64_t rejected;        /* records rejected */
    int64_t dropped_empty;   /* empty values dropped, as FtM does */
    int64_t cleaned;         /* values put in canonical form (original kept) */
    ov_load_stats load;      /* what the store did (ingest only) */
    bool bom;                /* a UTF-8 byte order mark opened the file and was skipped */
} ov_ingest_stats;

/*
 * Reads in (named path in messages) and loads it into st in one transaction.
 * Returns OV_OK when everything was loaded (or, with skip_invalid, when the
 * valid part was); OV_EINVAL when a record was invalid and nothing was
 * written; other codes for store or I/O failures (nothing written either).
 */
OV_API int ov_ingest(ov_store *st, const ov_model *m, const char *path, FILE *in,
                     const ov_ingest_opts *opts, ov_ingest_stats *stats /* OUT */);

/* The same reading into an open load (ov_store_load_begin, then ov_load_next
 * between files) without committing it: several files in one transaction
 * (`oversight load A B` is all or nothing). Returns as ov_ingest; on failure
 * the caller aborts ld. stats->load is left zero (the store's counts come from
 * ov_load_next and ov_load_commit). */
OV_API int ov_ingest_into(ov_load *ld, const ov_model *m, const char *path, FILE *in,
                          const ov_ingest_opts *opts, ov_ingest_stats *stats /* OUT */);
/* The load options (kind, origin, dataset, note) ov_ingest records for path read with opts. */
OV_API void ov_ingest_load_opts(const char *path, const ov_ingest_opts *opts, ov_load_opts *lo /* OUT */);

/* The same checks without a store: OV_OK when every record is valid. */
OV_API int ov_validate(const ov_model *m, const char *path, FILE *in, const ov_ingest_opts *opts,
                       ov_ingest_stats *stats /* OUT */);

/* Called once per kind of thing a format could not carry, mapped or derived,
 * after the export: "alleged statements written without their status", 50. */
typedef void (*ov_export_note_cb)(const char *msg, int64_t count, void *ud);

typedef struct ov_export_opts {
    ov_format format;        /* OV_FMT_ENTITIES (envelope), OV_FMT_PLAIN, OV_FMT_DELTA, OV_FMT_STATEMENTS,
                                OV_FMT_BODS */
    int64_t since;           /* delta: changes after this change id */
    bool with_provenance;    /* statements CSV: add source, locator, status columns */
    bool ftm_standard;       /* entity formats: only what stock FtM 3.8.4 reads (extension schemata
                                and properties mapped to standard ones or left out, required
                                properties supplied); false: the full model (ov_model_json) */
    bool canonical_clusters; /* statements CSV: canonical_id is the cluster's canonical id (the
                                judgements, resolve.h), for tools that merge by it; loading such a
                                file merges each cluster into one entity. false: the record's
                                entity, so that a round trip is lossless */
    ov_export_note_cb on_note; /* what was lost, mapped or derived, with counts; may be NULL */
    void *ud;
} ov_export_opts;

/* Writes the current record (or, for deltas, what changed since opts->since).
 * Entity envelopes carry first_seen, last_seen and last_change from the change
 * log when the record holds no dates of its own (docs/internals/io.md). */
OV_API int ov_export(ov_store *st, const ov_model *m, FILE *out, const ov_export_opts *opts,
                     int64_t *count /* OUT: entities written */);

/* Writes one entity as a JSON object (envelope form) without a newline. */
OV_API int ov_entity_write_json(FILE *out, const ov_model *m, const ov_entity *e, bool envelope);

#ifdef __cplusplus
}
#endif
#endif
