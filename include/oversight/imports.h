/*
 * imports.h - importers for ownership data published in other models:
 * Beneficial Ownership Data Standard packages (BODS 0.4, and 0.2/0.3) and the
 * GLEIF Level 1 / Level 2 files (LEI-CDF entities, RR-CDF relationships and
 * reporting exceptions, as XML or golden-copy CSV). Each maps the source
 * records to FtM entities (docs/internals/imports.md has the tables) and loads
 * them in one transaction, with the same error handling as ov_ingest: a bad
 * record is reported through opts->on_error with file, line and reason, and
 * unless opts->skip_invalid the whole load is rolled back.
 *
 * Every statement cites its source record: ov_stmt.source is opts->source or
 * else the path, ov_stmt.locator the BODS statementId or the GLEIF record key.
 *
 * Thread safety: an import writes through the store handle it is given (one thread
 * at a time per handle); separate imports on separate handles may run at once.
 */
#ifndef OVERSIGHT_IMPORTS_H
#define OVERSIGHT_IMPORTS_H

#include <stdio.h>
#include "io.h"
#include "model.h"
#include "oversight.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The kind of a GLEIF file. */
typedef enum ov_gleif_kind {
    OV_GLEIF_AUTO = 0,  /* from the XML root element or the CSV header */
    OV_GLEIF_LEI,       /* LEI-CDF: legal entities */
    OV_GLEIF_RR,        /* RR-CDF: relationships (accounting consolidation, funds) */
    OV_GLEIF_REPEX      /* reporting exceptions */
} ov_gleif_kind;

/* The kind for a name ("auto", "lei", "rr", "repex"), or -1. */
OV_API int ov_gleif_kind_parse(const char *name);

/*
 * Imports a BODS package from in (named path in messages): a JSON array of
 * statements, or JSON lines with one statement each. BODS 0.4 statements
 * (recordType entity|person|relationship) and 0.2/0.3 statements (statementType
 * entityStatement|personStatement|ownershipOrControlStatement) may be mixed.
 * opts->format is ignored; opts->dataset defaults to "bods". st may be NULL:
 * then the input is only checked (validation, fuzzing) and nothing is written.
 * Returns OV_OK when everything was loaded (or, with skip_invalid, the valid
 * part); OV_EINVAL when a statement was invalid and nothing was written;
 * OV_ETOOBIG for a JSON array past 256 MiB (use JSON lines); other codes for
 * store or I/O failures. stats (OUT) counts statements as records.
 */
OV_API int ov_import_bods(ov_store *st, const ov_model *m, const char *path, FILE *in,
                          const ov_ingest_opts *opts, ov_ingest_stats *stats /* OUT */);

/*
 * Imports a GLEIF file from in: XML (LEIData, RelationshipData or
 * ReportingExceptionData, read as a stream; no network, no DTD, no entity
 * expansion) or a golden-copy CSV (header by column name). kind names the
 * file's kind or OV_GLEIF_AUTO to detect it. opts->dataset defaults to
 * "gleif". Results as ov_import_bods; st may be NULL.
 */
OV_API int ov_import_gleif(ov_store *st, const ov_model *m, const char *path, FILE *in,
                           ov_gleif_kind kind, const ov_ingest_opts *opts,
                           ov_ingest_stats *stats /* OUT */);

#ifdef __cplusplus
}
#endif
#endif
