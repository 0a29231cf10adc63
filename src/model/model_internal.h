/* model_internal.h - the model's structures, shared by model.c and validate.c. */
#ifndef OV_MODEL_INTERNAL_H
#define OV_MODEL_INTERNAL_H
#include "oversight/model.h"
#include "../util/arena.h"
#include "../util/hmap.h"

#define OV_MAX_SCHEMATA 256

struct ov_prop {
    const char *name, *qname, *label;
    ov_type_kind type;
    const char *range;         /* schema name for entity props, else NULL */
    const char *reverse;       /* reverse property name on the range, or NULL */
    const char *reverse_label; /* label for a generated reverse stub */
    bool stub;                 /* a reverse property: never stored, derived */
    bool matchable;
    int max_length;            /* 0: the type's limit applies */
    const ov_schema *owner;    /* the schema that defines it */
};

struct ov_schema {
    const char *name, *label;
    int id;                    /* index in ov_model.schemata */
    bool abstract, matchable;
    char **extends;
    int n_extends;
    char **caption;
    int n_caption;
    char **required;           /* the model file's own "required" list (FtM's libraries read it
                                  as is, without inheritance) */
    int n_required;
    const char *edge_source, *edge_target, *edge_label;
    ov_prop **own;             /* properties defined here */
    int n_own, cap_own;
    ov_hmap props;             /* name -> ov_prop*, inherited included */
    ov_prop **prop_list;       /* the same, as an array */
    int n_props;
    uint64_t isa[OV_MAX_SCHEMATA / 64]; /* bit i set: this schema is_a schemata[i] */
};

struct ov_model {
    ov_arena arena;            /* every string and struct of the model */
    ov_schema *schemata[OV_MAX_SCHEMATA];
    int n_schemata;
    ov_hmap by_name;           /* schema name -> index */
    ov_hmap type_values[OV_T__COUNT]; /* allowed values for enumerated types */
    int type_max_length[OV_T__COUNT];
};
#endif
