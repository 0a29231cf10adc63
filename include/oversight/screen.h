/* screen.h - what applies to an entity a vendor list matched: the list
 * entries (its own; a camera brand's maker's; listed holders' when listed
 * parties control it under a control rule), the state's share and listed
 * holders with their paths, and the obligations reaching it - each as text
 * and as JSON. Used by `oversight screen` and the server's screening. */
#ifndef OVERSIGHT_SCREEN_H
#define OVERSIGHT_SCREEN_H
#include <stdbool.h>
#include "oversight/graph.h"
#include "oversight/law.h"
#include "oversight/own.h"
#include "oversight/store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ov_screener ov_screener;

/* A screener on the graph g (borrowed; NULL: no paths) with the control rule
 * that extends listed holders' entries (NULL = "ofac"); OV_EINVAL for an
 * unknown rule. Feed it every entity (ov_screener_add, or
 * ov_screener_add_store), then ov_screener_finish. A finished screener is
 * only read: threads may share it. */
OV_API int ov_screener_new(const ov_graph *g, const char *rule, ov_screener **out /* OUT */);
OV_API void ov_screener_free(ov_screener *s);
/* Collects the Sanction and Brand entities (others are ignored). */
OV_API int ov_screener_add(ov_screener *s, const ov_entity *e);
OV_API int ov_screener_add_store(ov_screener *s, ov_store *st);
/* Finds who the listed parties control under the rule and indexes the list
 * entries; call before ov_screen_entity. */
OV_API int ov_screener_finish(ov_screener *s);
OV_API const ov_control_rule *ov_screener_rule(const ov_screener *s);
/* The loads of st that brought the list entries ("list versions"): text, or
 * the members of a JSON array. The caller frees *out with ov_free. */
OV_API int ov_screener_versions(const ov_screener *s, ov_store *st, bool json, char **out /* OUT */);

/* What applies to one entity. Strings are owned by the result (released by
 * ov_screening_release); the JSON ones are the members of arrays ("" when
 * none). */
typedef struct ov_screening {
    char *maker, *maker_caption;   /* a brand's maker (id, caption), or NULL */
    char *lists, *lists_json;      /* "program, from START [to END][, via ID] (sanction; dataset)"; ... */
    char *control, *control_json;  /* state share and listed holders, with paths and the rule's verdict */
    char *exposure, *exposure_json; /* "N obligations: obligation (provision[, status]), ..."; the
                                        JSON: the exposure answers (explain.h) of the entity and its maker */
} ov_screening;

/* What applies to entity id; st gives a brand maker's caption, law (may be
 * NULL: no exposure) the obligations. */
OV_API int ov_screen_entity(const ov_screener *s, ov_store *st, ov_law *law, const char *id,
                            ov_screening *out /* OUT */);
OV_API void ov_screening_release(ov_screening *r);

/* ---- the screening report (report.c, render.c) ------------------------------ */

/* One vendor row as read and matched. Strings are borrowed. */
typedef struct ov_screen_input {
    long line;                 /* the CSV line */
    const char *input, *country;
    const char *problem;       /* why it was not screened ("empty name"), or NULL */
    bool has_match;            /* the matcher gave a candidate */
    bool match;                /* ... at or above the match threshold */
    const char *id, *caption, *schema, *matched_name, *typology;
    double score;
} ov_screen_input;

/* One row of the screening report as a JSON object (docs/internals/screening.md):
 * the verdict (data/rules/screening.json) with its strongest reason first, the
 * reasons, the list entries grouped by list (official entries, then curated
 * events as history), a brand's maker with the link's confidence and status,
 * control and state paths by name, and the obligations in brief (the whole
 * answer at its href). *out is the caller's (ov_free). */
OV_API int ov_screen_row(const ov_screener *s, ov_store *st, ov_law *law, const ov_screen_input *in,
                         char **out /* OUT */);

typedef enum ov_screen_format { OV_SCREEN_TEXT = 0, OV_SCREEN_CSV = 1, OV_SCREEN_HTML = 2 } ov_screen_format;

/* A row (ov_screen_row's JSON) as text, one CSV record (CRLF-ended) or one
 * HTML table row with its evidence in a <details> block; the same content in
 * each. Names in visible text, ids only in links (HTML) and id columns (CSV).
 * *out is the caller's (ov_free); OV_EINVAL for JSON that is not a row. */
OV_API int ov_screen_render(const char *row_json, ov_screen_format f, char **out /* OUT */);
/* The CSV header record (CRLF-ended) and the HTML table's opening (up to <tbody>). */
OV_API const char *ov_screen_csv_header(void);
OV_API const char *ov_screen_html_head(void);
OV_API const char *ov_screen_html_foot(void);
/* The verdicts with what each means and rests on, and the control rule, as
 * text, HTML (a <dl>) or a JSON array (format CSV gives JSON). */
OV_API int ov_screen_legend(const ov_screener *s, ov_screen_format f, char **out /* OUT */);
/* A row's verdict id from its JSON into buf ("" when none), for summaries. */
OV_API const char *ov_screen_row_verdict(const char *row_json, char *buf, size_t len);

#ifdef __cplusplus
}
#endif
#endif
