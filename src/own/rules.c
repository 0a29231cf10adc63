/* rules.c - the control rules of data/rules/control_rules.json (compiled in),
 * parsed once. */
#include <pthread.h>
#include <string.h>
#include <strings.h>
#include <cjson/cJSON.h>
#include "oversight/own.h"
#include "../explain/build.h"
#include "../util/banned.h"

extern const char ov__control_rules_json[];

#define MAX_RULES 16
static ov_control_rule rules[MAX_RULES];
static int n_rules;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static cJSON *root; /* kept for the process: the rules point into it */

static void parse(void)
{
    root = cJSON_Parse(ov__control_rules_json);
    const cJSON *rs = cJSON_GetObjectItemCaseSensitive(root, "rules");
    const cJSON *r;
    cJSON_ArrayForEach(r, rs)
    {
        if (n_rules >= MAX_RULES) break;
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(r, "threshold");
        const cJSON *label = cJSON_GetObjectItemCaseSensitive(r, "label");
        const cJSON *source = cJSON_GetObjectItemCaseSensitive(r, "source");
        if (!cJSON_IsNumber(t)) continue;
        ov_control_rule *x = &rules[n_rules++];
        x->name = r->string;
        x->label = cJSON_IsString(label) ? label->valuestring : r->string;
        x->source = cJSON_IsString(source) ? source->valuestring : "";
        x->threshold = t->valuedouble;
        x->inclusive = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "inclusive"));
        x->aggregate = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "aggregate"));
    }
}

int ov_control_rule_count(void)
{
    pthread_once(&once, parse);
    return n_rules;
}

const ov_control_rule *ov_control_rule_at(int i)
{
    pthread_once(&once, parse);
    return i >= 0 && i < n_rules ? &rules[i] : NULL;
}

const ov_control_rule *ov_control_rule_find(const char *name)
{
    pthread_once(&once, parse);
    for (int i = 0; i < n_rules; i++)
        if (strcmp(rules[i].name, name) == 0) return &rules[i];
    return NULL;
}

/* ---- relation semantics (data/rules/analyses.json "relations") ---------------- */


bool ov_own_link_is_control(const ov_edge *e)
{
    if (e->kind == OV_EDGE_OWNERSHIP) return false;
    const cJSON *rel = cJSON_GetObjectItemCaseSensitive((const cJSON *)ov__analyses_rules(), "relations");
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(rel, ov_edge_kind_name(e->kind));
    if (cJSON_IsString(v)) return strcmp(v->valuestring, "all") == 0;
    if (!e->type) return false;
    const cJSON *item;
    cJSON_ArrayForEach(item, v)
    {
        if (cJSON_IsString(item) && strcasecmp(item->valuestring, e->type) == 0) return true;
    }
    return false;
}
