/* export_internal.h - the export formats that live in their own files. */
#ifndef OV_EXPORT_INTERNAL_H
#define OV_EXPORT_INTERNAL_H
#include <stdio.h>
#include "oversight/io.h"

/* Writes the record as a BODS 0.4 package (bods_out.c): a JSON array of entity,
 * person and relationship statements. What has no BODS form is counted through
 * on_note (may be NULL). *count (OUT) statements written. OV_ENOMEM, OV_EIO,
 * store errors. */
int ov__export_bods(ov_store *st, const ov_model *m, FILE *out, ov_export_note_cb on_note, void *ud,
                    int64_t *count);
#endif
