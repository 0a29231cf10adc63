/* deploy.h - where suppliers' surveillance technology is deployed, as the
 * record holds it (src/law/deploy.c): per country, the technologies the source
 * records for the country and the suppliers it names there; per supplier, its
 * nationality and the obligations reaching it, both through its own record;
 * buyers where a source names them. And the world map of it (src/render/map.c). */
#ifndef OVERSIGHT_DEPLOY_H
#define OVERSIGHT_DEPLOY_H
#include <stddef.h>
#include "oversight/graph.h"
#include "oversight/law.h"
#include "oversight/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Filters; NULL: all. country is an ISO code (lower or upper case). */
typedef struct ov_deploy_filter {
    const char *country;
    const char *supplier; /* an entity id, or the supplier's name as the source gives it (any case) */
} ov_deploy_filter;

/* The deployments as one JSON object (docs/internals/deployments.md):
 * {"totals", "countries": [{code, name, technologies, notes, suppliers: [...],
 * deployments, nil_deployments}], "suppliers": [{id, name, nationality,
 * obligations, nil, countries}]}. "nil" marks a supplier the National
 * Intelligence Law reaches (its exposure holds an obligation of a provision
 * whose id starts with nil_prefix, "prov-nil-" when NULL). *out is the
 * caller's (ov_free). */
OV_API int ov_deployments_json(ov_store *st, const ov_graph *g, ov_law *law, const ov_deploy_filter *f,
                               const char *nil_prefix, char **out /* OUT */);

/* One country's value on the world map. */
typedef struct ov_map_value {
    const char *cc;  /* ISO alpha-2, lower case */
    int value;       /* shaded by it; 0: not shaded */
    const char *note; /* after the name in the country's title, e.g. "3 deployments" (may be NULL) */
} ov_map_value;

/* An SVG world map (Natural Earth outlines, data/map): countries shaded by
 * value in five steps, each with a <title> (its name and note) and, when it
 * has a value, a link to href_prefix + its code; title and desc describe the
 * map (its accessible name). *out is the caller's (ov_free). */
OV_API int ov_render_world_map(const ov_map_value *v, size_t n, const char *href_prefix, const char *title,
                               const char *desc, char **out /* OUT */);

#ifdef __cplusplus
}
#endif
#endif
