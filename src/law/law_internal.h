/* law_internal.h - the rule language's trees, shared by the parser
 * (rules_lang.c) and the evaluator (exposure.c). */
#ifndef OV_LAW_INTERNAL_H
#define OV_LAW_INTERNAL_H
#include "oversight/law.h"
#include "../util/arena.h"

#define OV_MAX_RULES 256

typedef enum rkind {
    R_OR, R_AND, R_NOT, R_SCHEMA, R_COUNTRY, R_JURISDICTION, R_TOPIC, R_MENTIONS, R_CLASS,
    R_CONTROLLED_FROM, R_SUBJECT_TO, R_VIA
} rkind;

typedef struct rnode {
    rkind k;
    struct rnode *a, *b; /* operands (a for NOT and VIA) */
    const char *arg;     /* the predicate's argument */
    int line;
} rnode;

typedef struct rdef {
    bool is_test;
    const char *name, *label, *source;
    rnode *expr;
    int line;
} rdef;

struct ov_rules {
    ov_arena arena;
    rdef defs[OV_MAX_RULES];
    int n;
};

/* The index of a definition by name, or -1. */
int ov__rules_find(const ov_rules *r, const char *name);
#endif
