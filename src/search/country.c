/* country.c - countries by code or name (search.h): the FtM model's country
 * type lists every code with its English name; parsed once from the model
 * compiled into the library. */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <cjson/cJSON.h>
#include "oversight/search.h"
#include "../util/alloc.h"
#include "../util/banned.h"

extern const char ov__model_base[];

typedef struct country {
    char *code, *name;
} country;

static country *countries;
static size_t n_countries;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
    cJSON *root = cJSON_Parse(ov__model_base);
    const cJSON *types = cJSON_GetObjectItemCaseSensitive(root, "types");
    const cJSON *vals = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(types, "country"), "values");
    size_t n = (size_t)cJSON_GetArraySize(vals);
    country *c = n ? ov__calloc(n, sizeof *c) : NULL;
    const cJSON *v;
    size_t k = 0;
    cJSON_ArrayForEach(v, vals)
    {
        if (!c || !v->string || !cJSON_IsString(v)) continue;
        c[k].code = ov__strdup(v->string);
        c[k].name = ov__strdup(v->valuestring);
        if (c[k].code && c[k].name) k++;
    }
    cJSON_Delete(root);
    countries = c;
    n_countries = k;
}

static int distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 60 || lb > 60) return 99;
    int prev[61], cur[61];
    for (size_t j = 0; j <= lb; j++) prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
            int best = prev[j] + 1;
            if (cur[j - 1] + 1 < best) best = cur[j - 1] + 1;
            if (prev[j - 1] + cost < best) best = prev[j - 1] + cost;
            cur[j] = best;
        }
        memcpy(prev, cur, sizeof(int) * (lb + 1));
    }
    return prev[lb] > 99 ? 99 : prev[lb];
}

int ov_edit_distance(const char *a, const char *b)
{
    return distance(a ? a : "", b ? b : "");
}

int ov_country_resolve(const char *text, char *code, size_t code_len, char *suggestion, size_t sugg_len)
{
    pthread_once(&once, load);
    if (suggestion && sugg_len) suggestion[0] = 0;
    if (!text || !*text) return OV_ENOTFOUND;
    int best = 99;
    const country *near = NULL;
    for (size_t i = 0; i < n_countries; i++) {
        const country *c = &countries[i];
        if (!strcasecmp(c->code, text) || !strcasecmp(c->name, text)) {
            snprintf(code, code_len, "%s", c->code);
            return OV_OK;
        }
        int d = distance(c->name, text);
        if (d < best) best = d, near = c;
    }
    /* a near name: at most a third of its letters wrong */
    if (near && suggestion && sugg_len && best <= (int)strlen(near->name) / 3 + 1)
        snprintf(suggestion, sugg_len, "%s (%s)", near->name, near->code);
    return OV_ENOTFOUND;
}

const char *ov_country_name(const char *code)
{
    pthread_once(&once, load);
    for (size_t i = 0; code && i < n_countries; i++)
        if (!strcasecmp(countries[i].code, code)) return countries[i].name;
    return NULL;
}
