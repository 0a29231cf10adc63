/*
 * model.h - the FollowTheMoney model: schemata with inheritance, properties
 * with types, edges and reverse properties, plus extension schemata loaded from
 * further files of the same JSON format (Control from FtM 4, and ours).
 *
 * A model is immutable once loaded and may be shared between threads.
 */
#ifndef OVERSIGHT_MODEL_H
#define OVERSIGHT_MODEL_H

#include <stdbool.h>
#include "oversight.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ov_model ov_model;
typedef struct ov_schema ov_schema;
typedef struct ov_prop ov_prop;

/* Property type kinds, one per FtM type. */
typedef enum ov_type_kind {
    OV_T_ADDRESS, OV_T_CHECKSUM, OV_T_COUNTRY, OV_T_DATE, OV_T_EMAIL, OV_T_ENTITY,
    OV_T_GENDER, OV_T_HTML, OV_T_IBAN, OV_T_IDENTIFIER, OV_T_IP, OV_T_JSON,
    OV_T_LANGUAGE, OV_T_MIMETYPE, OV_T_NAME, OV_T_NUMBER, OV_T_PHONE, OV_T_STRING,
    OV_T_TEXT, OV_T_TOPIC, OV_T_URL, OV_T__COUNT
} ov_type_kind;

/*
 * Loads the model from JSON text: base is the FtM model.json (schemata and
 * types); each of the n_ext extension texts holds {"schemata": {...}} whose
 * schemata are added, or, when the name exists, whose properties are merged
 * into the existing schema. name_* label the texts in error messages.
 * On failure returns OV_EINVAL/OV_ENOMEM and writes the reason to err.
 */
OV_API int ov_model_load(ov_model **out /* OUT */, const char *base, size_t base_len,
                         const char *base_name, const char *const *ext, const size_t *ext_len,
                         const char *const *ext_name, int n_ext, char *err, size_t errlen);

/* The model compiled into the library: FtM 3.8.4 plus data/model/extensions.json. */
OV_API int ov_model_load_default(ov_model **out /* OUT */, char *err, size_t errlen);
/* FtM 3.8.4 alone, without the extensions: what stock FtM libraries accept. */
OV_API int ov_model_load_stock(ov_model **out /* OUT */, char *err, size_t errlen);
OV_API void ov_model_free(ov_model *m);

OV_API const ov_schema *ov_model_schema(const ov_model *m, const char *name);
OV_API int ov_model_schema_count(const ov_model *m);
OV_API const ov_schema *ov_model_schema_at(const ov_model *m, int i);
/* The most specific schema that is both a and b (FtM's common schema), or NULL. */
OV_API const ov_schema *ov_model_common_schema(const ov_model *m, const ov_schema *a,
                                                const ov_schema *b);

OV_API const char *ov_schema_name(const ov_schema *s);
OV_API const char *ov_schema_label(const ov_schema *s);
OV_API int ov_schema_id(const ov_schema *s);
OV_API bool ov_schema_abstract(const ov_schema *s);
OV_API bool ov_schema_matchable(const ov_schema *s);
/* true when s is parent or inherits from it. */
OV_API bool ov_schema_is_a(const ov_schema *s, const ov_schema *parent);
/* A property of s by name, inherited ones included; NULL when unknown. */
OV_API const ov_prop *ov_schema_prop(const ov_schema *s, const char *name);
OV_API int ov_schema_prop_count(const ov_schema *s);
OV_API const ov_prop *ov_schema_prop_at(const ov_schema *s, int i);
/* Caption properties in order of preference (n OUT). */
OV_API const char *const *ov_schema_caption_props(const ov_schema *s, int *n /* OUT */);
/* The properties the model file marks required for s itself (n OUT); FtM's
 * libraries check exactly these, without inheriting them. */
OV_API const char *const *ov_schema_required(const ov_schema *s, int *n /* OUT */);
/* Edge description for relationship schemata; false for nodes. */
OV_API bool ov_schema_edge(const ov_schema *s, const char **source /* OUT */,
                           const char **target /* OUT */, const char **label /* OUT */);

OV_API const char *ov_prop_name(const ov_prop *p);
OV_API const char *ov_prop_qname(const ov_prop *p);
OV_API const char *ov_prop_label(const ov_prop *p);
OV_API ov_type_kind ov_prop_type(const ov_prop *p);
OV_API const char *ov_prop_type_name(const ov_prop *p);
/* For entity properties: the schema the value must be, and the name of the
 * reverse property on it (both may be NULL). */
OV_API const char *ov_prop_range(const ov_prop *p);
OV_API const char *ov_prop_reverse(const ov_prop *p);
OV_API bool ov_prop_stub(const ov_prop *p);
OV_API const ov_schema *ov_prop_schema(const ov_prop *p);
OV_API const char *ov_type_name(ov_type_kind k);

/*
 * Validates one value for property p. Returns OV_OK and, when the value has a
 * canonical form that differs (a country code in upper case), writes it to
 * clean (capacity cleanlen) and sets *cleaned; otherwise *cleaned = false.
 * Returns OV_EINVAL with a static reason in *why for a bad value.
 */
OV_API int ov_model_validate(const ov_model *m, const ov_prop *p, const char *value,
                             size_t len, char *clean, size_t cleanlen, bool *cleaned /* OUT */,
                             const char **why /* OUT */);

/*
 * The full model (FtM 3.8.4 plus the extensions m was loaded with by
 * ov_model_load_default) in FtM's own model.json format ({"schemata": {...},
 * "types": {...}}; every property with name, qname, label and type, every
 * schema with its ancestors in "schemata", the reverse stubs added), so that
 * FtM's libraries can load it. *out (OUT) is NUL-terminated, freed with
 * ov_free; *len (OUT) its length. OV_ENOMEM, or OV_ECORRUPT when the compiled-in
 * texts do not parse.
 */
OV_API int ov_model_json(const ov_model *m, char **out /* OUT */, size_t *len /* OUT */);
/* True when an entity id has the allowed form (letters, digits, . - _ : ; <= 200 bytes). */
OV_API bool ov_model_valid_id(const char *id, size_t len);

#ifdef __cplusplus
}
#endif
#endif
