/*
 * law.h - legal exposure: which obligations of the seed's legal provisions
 * reach an entity, and why. Applicability rules (classes of subject, named
 * policy tests) are data in a small rule language (docs/internals/exposure.md);
 * provisions are LegalProvision entities in the store. Every exposure carries
 * its reason chain: facts -> subject class -> provision -> obligation, with the
 * citations of the facts and of the provision.
 *
 * Answers are explained answers (explain.h): the CLI, the API, the web pages,
 * the screening and the dossier all render the same ov_answer.
 *
 * Memory: ov_rules_parse / ov_rules_load_default give rules freed with
 * ov_rules_free (strings from ov_rules_at live as long as the rules);
 * ov_law_open gives a context freed with ov_law_close; every answer is the
 * caller's, freed with ov_answer_free, and owns its text (no fixed sizes).
 * Thread safety: parsed rules are immutable and any number of threads may
 * share them. An ov_law memoises what it evaluates and reads the store
 * handle it was opened on: one thread at a time (the server keeps one per
 * store connection). A finished answer is plain data any thread may read.
 */
#ifndef OVERSIGHT_LAW_H
#define OVERSIGHT_LAW_H

#include <stdbool.h>
#include <stdio.h>
#include "explain.h"
#include "graph.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ov_rules ov_rules;

/* Parses rules from text (name labels error messages; neither is kept). On a
 * syntax error returns OV_EINVAL with "name:line: reason" in err; OV_ENOMEM.
 * Free *out with ov_rules_free. */
OV_API int ov_rules_parse(ov_rules **out /* OUT */, const char *text, size_t len, const char *name,
                          char *err, size_t errlen);
/* The rules compiled in from data/rules/applicability.rules. */
OV_API int ov_rules_load_default(ov_rules **out /* OUT */, char *err, size_t errlen);
OV_API void ov_rules_free(ov_rules *r);
OV_API int ov_rules_count(const ov_rules *r);
/* Definition i (0 <= i < ov_rules_count): its kind ("class" or "test"), name,
 * label (the name when none) and source (NULL when none); any OUT may be NULL.
 * The strings live as long as r. */
OV_API void ov_rules_at(const ov_rules *r, int i, const char **kind, const char **name, const char **label,
                        const char **source);

typedef struct ov_law ov_law;

/* Prepares an evaluation context over a store and its graph (both borrowed,
 * as are the model and the rules: they must outlive the context); as_of
 * keeps provisions in force on that date (NULL = all; the string is
 * borrowed too). Close with ov_law_close. OV_ENOMEM, or the store's error
 * while the provisions are read. */
OV_API int ov_law_open(ov_law **out /* OUT */, ov_store *st, const ov_model *m, const ov_graph *g,
                       const ov_rules *rules, const char *as_of);
OV_API void ov_law_close(ov_law *l);
/* The last error's message; the string lives until the next call on l. */
OV_API const char *ov_law_errmsg(const ov_law *l);
/* Reads of the store: each call holds one read transaction while it builds
 * its answer (unless the caller holds one), so an answer sees one state of
 * the record. */

/* The obligations reaching entity id, as an explained answer (explain.h):
 * question "exposure", one conclusion per obligation, in the order of the
 * provisions in the record:
 *   - object: the LegalProvision (caption: its name in the record, e.g.
 *     "Cybersecurity Law, Art. 28");
 *   - value: the obligation in words ("support intelligence work");
 *   - rule: the class of subject the provision binds (id and label from the
 *     rules), its authority the provision's own citation (the statute as the
 *     record quotes it, with the date it is in force from);
 *   - evidence: the provision's statements (role "provision": the
 *     obligation; "text"; "in-force"; "minimum-period"), the reading of the
 *     class ("reading": where the rules take it from), then the facts that
 *     put the entity in the class (statements "fact", control edges
 *     "majority" / "control" and the controller's country
 *     "controller-country", "via" links, "subject-to" provisions), each with
 *     every citation of the statements behind it;
 *   - status: the weakest among that evidence. Where a class holds by
 *     either of two conditions ("or"), the stronger evidence is used;
 *     retracted statements never are.
 * The caller frees *out with ov_answer_free; the answer owns all its text and
 * outlives l. Errors: OV_ENOTFOUND (no entity id), OV_ETOOBIG (rules nested
 * too deeply), OV_ENOMEM, the store's errors; the message in ov_law_errmsg. */
OV_API int ov_law_exposure(ov_law *l, const char *id, ov_answer **out /* OUT */);

/* Evaluates the named test (or class) for entity id: an answer whose
 * question is the test's name, with one conclusion: value "holds" or "does
 * not hold", the rule (the test: name, label, the document it rests on) and
 * the facts that made it hold. Freed and failing as ov_law_exposure; also
 * OV_EINVAL when no test or class has that name. */
OV_API int ov_law_test(ov_law *l, const char *name, const char *id, ov_answer **out /* OUT */);

#ifdef __cplusplus
}
#endif
#endif
