/* build.h - how analyses build their answers (include/oversight/explain.h):
 * the answer's memory, conclusions, evidence steps, and the one citation
 * lookup every analysis uses. Library-internal.
 *
 * Building: ov__answer_new, then ov__answer_add for each conclusion (an index)
 * and ov__step_* for its evidence; ov__answer_seal before the answer is
 * handed out. Pointers from ov__answer_item and ov__step_new are valid until
 * the next ov__answer_add / ov__step_new on the same answer; strings from
 * ov__astr and ov__aprintf live as long as the answer. */
#ifndef OV_EXPLAIN_BUILD_H
#define OV_EXPLAIN_BUILD_H
#include <stdarg.h>
#include "oversight/explain.h"

/* The name of id as a reader sees it, written into buf: g's caption (g may be
 * NULL), else the stored entity's caption, name or title (st may be NULL), else
 * id itself; "" for a NULL id. */
const char *ov__name_of(ov_store *st, const ov_graph *g, const char *id, char *buf, size_t len);

/* Evidence listed per conclusion at most (more is counted in n_steps_omitted). */
#define OV__MAX_STEPS 64
/* Citations listed per step at most. */
#define OV__MAX_CITES 32

/* A new, empty answer to question (static string); NULL when out of memory. */
ov_answer *ov__answer_new(const char *question);
/* Copies s (NULL stays NULL) into the answer's memory; NULL when out of memory. */
const char *ov__astr(ov_answer *a, const char *s);
const char *ov__aprintf(ov_answer *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Sets the subject from a graph node. */
int ov__answer_subject_node(ov_answer *a, const ov_graph *g, uint32_t node);
/* Adds a conclusion to question (static string) with status asserted; its index, or -1 when out of
 * memory. */
int ov__answer_add(ov_answer *a, const char *question);
ov_explanation *ov__answer_item(ov_answer *a, int item);
/* The rule of data/rules/analyses.json named id into r (label, threshold, authority);
 * OV_ENOTFOUND when the file does not name it. */
int ov__rule_ref(ov_answer *a, const char *id, ov_rule_ref *r /* OUT */);
/* A new zeroed step of item (status asserted), or NULL when out of memory or past
 * OV__MAX_STEPS (then counted in n_steps_omitted). */
ov_step *ov__step_new(ov_answer *a, int item, ov_step_kind kind, const char *role);
/* Fills step with the citations of entity id's current statements (only those of
 * property prop when prop is set, and of that value when value is set), each
 * (source, locator, status) once, and sets its status to the weakest of them. */
int ov__step_cite(ov_answer *a, ov_step *step, ov_store *st, const char *id, const char *prop,
                  const char *value);
/* Gives step one citation (source, locator copied; NULL read as ""), replacing any
 * it had: for answers read from files, whose citation is on the record. */
int ov__step_cite_one(ov_answer *a, ov_step *step, const char *source, const char *locator, int status);
/* A step for graph edge: its ends, kind, type, share as stated and as a band,
 * dates and every citation of its interest entity. NULL as ov__step_new. */
ov_step *ov__step_edge(ov_answer *a, int item, ov_store *st, const ov_graph *g, uint32_t edge, const char *role);
/* Folds the statuses of item's steps into its status (the weakest). */
void ov__answer_fold_status(ov_answer *a, int item);
/* Makes the answer readable (items and steps in place); call once, at the end. */
void ov__answer_seal(ov_answer *a);
/* The end of an analysis's answer: on rc OV_OK seals a and hands it to *out; otherwise
 * frees a (NULL allowed) and leaves *out NULL. Returns rc. */
int ov__answer_done(ov_answer *a, int rc, ov_answer **out);
/* data/rules/analyses.json, parsed once for the process (a cJSON object). */
const void *ov__analyses_rules(void);
/* A share band as text: "41.55%", "41.55% to 80.43%". */
const char *ov__band_text(ov_answer *a, double min, double max);

#endif
