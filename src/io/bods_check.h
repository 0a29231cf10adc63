/* bods_check.h - the BODS 0.4 schema's rules for one statement (bods_check.c). */
#ifndef OV_BODS_CHECK_H
#define OV_BODS_CHECK_H
#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>
#include "oversight/model.h"

/* Checks statement st (v04: in the 0.4 form, with recordType; else only its
 * bodsVersion is checked). Returns the number of problems found and writes
 * the first few, "; "-separated, to why (capacity n, NUL-terminated). */
int ov__bods_check(const ov_model *m, const cJSON *st, bool v04, char *why, size_t n);
#endif
