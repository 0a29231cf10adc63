/* search.h - what a search result needs besides its id (describe.c): the
 * party's country, the lists naming it and a snippet of the statement that
 * matched, the match marked; and countries by name or code (country.c), from
 * the FtM model's country type. Used by `oversight search`, the web search
 * and /api/search, and wherever a country is given on the command line. */
#ifndef OVERSIGHT_SEARCH_H
#define OVERSIGHT_SEARCH_H
#include <stddef.h>
#include "oversight/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One result, described. Strings are owned by it (ov_search_info_release). */
typedef struct ov_search_info {
    char *country;      /* its first country code, or NULL */
    char *country_name; /* that country's name (FtM model), or NULL */
    char *lists;        /* the programs of the lists naming it, one a line ("\n"-separated), or NULL */
    size_t n_lists;
    char *prop;         /* the property the snippet comes from, or NULL */
    char *snippet;      /* the value with each matched word between \x01 and \x02, or NULL */
} ov_search_info;

/* Describes entity id for a query (may be NULL or empty: no snippet). A word
 * matches case-insensitively, traditional and simplified Chinese alike.
 * Errors: OV_ENOTFOUND, OV_ENOMEM. */
OV_API int ov_search_describe(ov_store *st, const char *id, const char *query, ov_search_info *out /* OUT */);
OV_API void ov_search_info_release(ov_search_info *info);

/* The ISO code of a country given as a code ("sa", "SA") or a name ("Saudi
 * Arabia", case-insensitive) into code (at least 8 bytes); OV_ENOTFOUND when
 * neither, with the closest name in suggestion (may be NULL) when one is close. */
OV_API int ov_country_resolve(const char *text, char *code, size_t code_len, char *suggestion, size_t sugg_len);
/* The name of a country code, or NULL. */
OV_API const char *ov_country_name(const char *code);

/* The edit distance between two short strings (bytes, case-insensitive,
 * capped at 99), for "did you mean" suggestions. */
OV_API int ov_edit_distance(const char *a, const char *b);

#ifdef __cplusplus
}
#endif
#endif
