/* ind_internal.h - what the indicator files share inside the library. */
#ifndef OV_IND_INTERNAL_H
#define OV_IND_INTERNAL_H
#include <stdbool.h>
#include "oversight/indicators.h"

/* Whether the "|"-separated list holds cls; false when either is NULL. */
bool ov__ind_in_list(const char *list, const char *cls);
#endif
