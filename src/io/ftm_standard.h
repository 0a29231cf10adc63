/*
 * ftm_standard.h - maps the record's entities to stock FtM 3.8.4 for the
 * standard export mode (`export --ftm standard`): extension schemata and
 * properties become standard ones where FtM has an equivalent, the rest is
 * left out and counted, and the properties FtM 3.8.4 requires are present on
 * every entity written (docs/internals/io.md has the table).
 */
#ifndef OV_FTM_STANDARD_H
#define OV_FTM_STANDARD_H
#include <stdbool.h>
#include "oversight/io.h"

typedef struct ov__ftm_std ov__ftm_std;

/* A mapper over the full model m reading referenced entities' captions from
 * st (for entity properties that FtM holds as a name). *out (OUT, freed with
 * ov__ftm_std_free). OV_ENOMEM, OV_ECORRUPT (the stock model did not load). */
int ov__ftm_std_new(ov__ftm_std **out, const ov_model *m, ov_store *st);
void ov__ftm_std_free(ov__ftm_std *x);

/*
 * Maps e (its visible statements only: retracted ones are skipped). On OV_OK,
 * *keep (OUT) says whether the entity is written; when it is, *mapped (OUT)
 * points to an entity owned by x, valid until the next call: its schema and
 * properties are stock FtM 3.8.4, its envelope fields e's. OV_ENOMEM.
 */
int ov__ftm_std_map(ov__ftm_std *x, const ov_entity *e, const ov_entity **mapped, bool *keep);

/* Each count of what was mapped, derived or left out, by message, in message
 * order ("LegalProvision entities left out: no FtM 3.8.4 schema", 42). */
void ov__ftm_std_report(const ov__ftm_std *x, ov_export_note_cb cb, void *ud);

/* The same counting for the export's own notes (statuses lost ...): adds n
 * to msg's count in an ordered tally. A tally is an ov__ftm_std-independent
 * helper so export.c counts with the same code. */
typedef struct ov__tally ov__tally;
ov__tally *ov__tally_new(void);
int ov__tally_add(ov__tally *t, const char *msg, int64_t n);
void ov__tally_report(const ov__tally *t, ov_export_note_cb cb, void *ud);
void ov__tally_free(ov__tally *t);
#endif
