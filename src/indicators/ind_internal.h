/* ind_internal.h - what the indicator files share inside the library. */
#ifndef OV_IND_INTERNAL_H
#define OV_IND_INTERNAL_H
#include <stdbool.h>
#include "oversight/indicators.h"

/* Whether the "|"-separated list holds cls; false when either is NULL. */
bool ov__ind_in_list(const char *list, const char *cls);

/* The score answer r gives (ov_ind_answer_score of its element, or the score given for
 * the whole indicator); < 0 for not applicable. */
double ov__ind_rec_score(const ov_ind_framework *fw, const ov_ind_answer_rec *r);
/* The score the question of a's answer idx[0] is scored with, given the answers
 * idx[0..n) (those answering another question are skipped): the lowest score among
 * them, not applicable only when no answer scores it. *conflict: two of them differ. */
double ov__ind_used(const ov_ind_framework *fw, const ov_ind_answers *a, const size_t *idx, size_t n,
                    bool *conflict);
#endif
