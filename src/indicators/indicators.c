/* indicators.c - indicator frameworks, answers and scores (see
 * include/oversight/indicators.h and docs/internals/indicators.md). */
#include <math.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "oversight/indicators.h"
#include "oversight/resolve.h"
#include "indicators/ind_internal.h"
#include "util/alloc.h"
#include "util/hmap.h"
#include "util/banned.h"

struct ov_ind_framework {
    char *id, *name;
    ov_ind_category *cats;
    int n_cats, cap_cats;
    ov_ind_indicator *inds;
    int n_inds, cap_inds;
    ov_ind_element *els;
    int n_els, cap_els;
};

struct ov_ind_answers {
    ov_ind_answer_rec *recs;
    size_t n, cap;
    /* ov_ind_answers_resolve: every answered subject and every referent of a cluster
     * with answers, each to its cluster's canonical id in canon (0: judged the same
     * as nothing); canon owns the canonical ids, one per cluster */
    ov_hmap alias;
    char **canon;
    size_t n_canon, cap_canon;
};

/* Frees a string the public structs hold as const. */
static void cfree(const char *p) { ov__free((void *)(uintptr_t)p); }

/* ---- answers and rounding --------------------------------------------------- */

static const char *const answer_names[] = {"yes", "partial", "no", "no disclosure found", "not applicable"};

int ov_ind_answer_parse(const char *s)
{
    if (!s) return -1;
    for (int i = 0; i < 5; i++)
        if (strcasecmp(s, answer_names[i]) == 0) return i;
    if (strcasecmp(s, "no-disclosure-found") == 0 || strcasecmp(s, "no disclosure") == 0) return OV_IND_NO_DISCLOSURE;
    if (strcasecmp(s, "n/a") == 0 || strcasecmp(s, "na") == 0 || strcasecmp(s, "not-applicable") == 0)
        return OV_IND_NA;
    return -1;
}

const char *ov_ind_answer_name(int answer)
{
    return answer >= 0 && answer < 5 ? answer_names[answer] : "?";
}

double ov_ind_answer_score(int answer, int reversed)
{
    switch (answer) {
    case OV_IND_YES: return reversed ? 0 : 100;
    case OV_IND_PARTIAL: return 50;
    case OV_IND_NO: return reversed ? 100 : 0;
    case OV_IND_NO_DISCLOSURE: return 0;
    default: return -1;
    }
}

long ov_ind_round(double score)
{
    /* Scores are means of multiples of 50/n: a tie is exactly .5 in theory but
     * may come out a hair below in floating point, hence the tolerance. */
    return (long)floor(score + 0.5 + 1e-9);
}

double ov_ind_unround(long published, int n_elements)
{
    if (n_elements > 200) n_elements = 200;
    for (int n = n_elements; n >= 1; n--)
        for (int k = 0; k <= 2 * n; k++) {
            double v = 50.0 * k / n;
            if (ov_ind_round(v) == published) return v;
            if (v > published + 1) break;
        }
    return (double)published;
}

/* ---- frameworks ----------------------------------------------------------------- */

static char *dup_or_null(const char *s) { return s ? ov__strdup(s) : NULL; }

/* Grows *arr (of *cap items of size sz) to hold n+1 items. */
static int grow(void **arr, int *cap, int n, size_t sz)
{
    if (n < *cap) return OV_OK;
    if (n >= OV_IND_MAX_ITEMS) return OV_ETOOBIG;
    int nc = *cap ? *cap * 2 : 16;
    void *p = ov__realloc(*arr, (size_t)nc * sz);
    if (!p) return OV_ENOMEM;
    *arr = p;
    *cap = nc;
    return OV_OK;
}

int ov_ind_framework_new(const char *id, const char *name, ov_ind_framework **out)
{
    *out = NULL;
    ov_ind_framework *fw = ov__calloc(1, sizeof *fw);
    if (!fw) return OV_ENOMEM;
    fw->id = ov__strdup(id ? id : "");
    fw->name = ov__strdup(name ? name : (id ? id : ""));
    if (!fw->id || !fw->name) {
        ov_ind_framework_free(fw);
        return OV_ENOMEM;
    }
    *out = fw;
    return OV_OK;
}

void ov_ind_framework_free(ov_ind_framework *fw)
{
    if (!fw) return;
    for (int i = 0; i < fw->n_cats; i++) {
        cfree(fw->cats[i].code);
        cfree(fw->cats[i].label);
    }
    for (int i = 0; i < fw->n_inds; i++) {
        ov_ind_indicator *x = &fw->inds[i];
        cfree(x->id);
        cfree(x->code);
        cfree(x->category);
        cfree(x->label);
        cfree(x->text);
        cfree(x->source);
        cfree(x->locator);
    }
    for (int i = 0; i < fw->n_els; i++) {
        ov_ind_element *x = &fw->els[i];
        cfree(x->id);
        cfree(x->code);
        cfree(x->text);
        cfree(x->excluded);
    }
    ov__free(fw->cats);
    ov__free(fw->inds);
    ov__free(fw->els);
    ov__free(fw->id);
    ov__free(fw->name);
    ov__free(fw);
}

const char *ov_ind_framework_id(const ov_ind_framework *fw) { return fw->id; }
const char *ov_ind_framework_name(const ov_ind_framework *fw) { return fw->name; }
int ov_ind_n_categories(const ov_ind_framework *fw) { return fw->n_cats; }
int ov_ind_n_indicators(const ov_ind_framework *fw) { return fw->n_inds; }
int ov_ind_n_elements(const ov_ind_framework *fw) { return fw->n_els; }
const ov_ind_category *ov_ind_category_at(const ov_ind_framework *fw, int i)
{
    return i >= 0 && i < fw->n_cats ? &fw->cats[i] : NULL;
}
const ov_ind_indicator *ov_ind_indicator_at(const ov_ind_framework *fw, int i)
{
    return i >= 0 && i < fw->n_inds ? &fw->inds[i] : NULL;
}
const ov_ind_element *ov_ind_element_at(const ov_ind_framework *fw, int i)
{
    return i >= 0 && i < fw->n_els ? &fw->els[i] : NULL;
}

int ov_ind_find_category(const ov_ind_framework *fw, const char *code)
{
    for (int i = 0; code && i < fw->n_cats; i++)
        if (strcmp(fw->cats[i].code, code) == 0) return i;
    return -1;
}

int ov_ind_find_indicator(const ov_ind_framework *fw, const char *code)
{
    for (int i = 0; code && i < fw->n_inds; i++)
        if (strcmp(fw->inds[i].code, code) == 0) return i;
    return -1;
}

int ov_ind_find_element(const ov_ind_framework *fw, const char *code)
{
    for (int i = 0; code && i < fw->n_els; i++)
        if (strcmp(fw->els[i].code, code) == 0) return i;
    return -1;
}

int ov_ind_add_category(ov_ind_framework *fw, const char *code, const char *label)
{
    if (!code || !*code) return OV_EINVAL;
    if (ov_ind_find_category(fw, code) >= 0) return OV_EEXIST;
    int rc = grow((void **)&fw->cats, &fw->cap_cats, fw->n_cats, sizeof *fw->cats);
    if (rc) return rc;
    ov_ind_category *c = &fw->cats[fw->n_cats];
    c->code = ov__strdup(code);
    c->label = ov__strdup(label && *label ? label : code);
    if (!c->code || !c->label) {
        cfree(c->code);
        cfree(c->label);
        return OV_ENOMEM;
    }
    fw->n_cats++;
    return OV_OK;
}

int ov_ind_add_indicator(ov_ind_framework *fw, const ov_ind_indicator *in, const char *parent_code)
{
    if (!in->code || !*in->code || !in->category) return OV_EINVAL;
    if (ov_ind_find_category(fw, in->category) < 0) return OV_EINVAL;
    if (ov_ind_find_indicator(fw, in->code) >= 0) return OV_EEXIST;
    int parent = -1;
    if (parent_code && *parent_code) {
        parent = ov_ind_find_indicator(fw, parent_code);
        if (parent < 0 || fw->inds[parent].parent >= 0) return OV_EINVAL;
        if (strcmp(fw->inds[parent].category, in->category) != 0) return OV_EINVAL;
    }
    if (in->scope < OV_IND_SCOPE_COMPANY || in->scope > OV_IND_SCOPE_FULL) return OV_EINVAL;
    int rc = grow((void **)&fw->inds, &fw->cap_inds, fw->n_inds, sizeof *fw->inds);
    if (rc) return rc;
    ov_ind_indicator *x = &fw->inds[fw->n_inds];
    memset(x, 0, sizeof *x);
    x->id = dup_or_null(in->id);
    x->code = ov__strdup(in->code);
    x->category = ov__strdup(in->category);
    x->label = ov__strdup(in->label && *in->label ? in->label : in->code);
    x->text = dup_or_null(in->text);
    x->source = dup_or_null(in->source);
    x->locator = dup_or_null(in->locator);
    x->parent = parent;
    x->scope = in->scope;
    x->is_parent = in->is_parent;
    fw->n_inds++;
    if ((in->id && !x->id) || !x->code || !x->category || !x->label || (in->text && !x->text) ||
        (in->source && !x->source) || (in->locator && !x->locator))
        return OV_ENOMEM; /* the half-made indicator is freed with the framework */
    if (parent >= 0) fw->inds[parent].is_parent = 1;
    return OV_OK;
}

int ov_ind_add_element(ov_ind_framework *fw, const ov_ind_element *in, const char *indicator_code)
{
    if (!in->code || !*in->code) return OV_EINVAL;
    int ind = ov_ind_find_indicator(fw, indicator_code);
    if (ind < 0 || fw->inds[ind].is_parent) return OV_EINVAL;
    if (ov_ind_find_element(fw, in->code) >= 0) return OV_EEXIST;
    if (!(in->weight > 0) || in->weight > 1e6) return OV_EINVAL;
    int rc = grow((void **)&fw->els, &fw->cap_els, fw->n_els, sizeof *fw->els);
    if (rc) return rc;
    ov_ind_element *x = &fw->els[fw->n_els];
    memset(x, 0, sizeof *x);
    x->id = dup_or_null(in->id);
    x->code = ov__strdup(in->code);
    x->text = dup_or_null(in->text);
    x->excluded = dup_or_null(in->excluded);
    x->indicator = ind;
    x->reversed = in->reversed ? 1 : 0;
    x->weight = in->weight;
    fw->n_els++;
    if ((in->id && !x->id) || !x->code || (in->text && !x->text) || (in->excluded && !x->excluded)) return OV_ENOMEM;
    return OV_OK;
}

/* Whether "a|b|c" holds cls (spaces around the bars ignored). */
bool ov__ind_in_list(const char *list, const char *cls)
{
    if (!list || !cls) return false;
    size_t n = strlen(cls);
    const char *p = list;
    while (*p) {
        while (*p == ' ' || *p == '|') p++;
        const char *e = p;
        while (*e && *e != '|') e++;
        const char *t = e;
        while (t > p && t[-1] == ' ') t--;
        if ((size_t)(t - p) == n && strncmp(p, cls, n) == 0) return true;
        p = e;
    }
    return false;
}

int ov_ind_count_elements(const ov_ind_framework *fw, int indicator, const char *level_class)
{
    int n = 0;
    for (int i = 0; i < fw->n_els; i++)
        if (fw->els[i].indicator == indicator && !ov__ind_in_list(fw->els[i].excluded, level_class)) n++;
    return n;
}

/* ---- answers ------------------------------------------------------------------- */

int ov_ind_answers_new(ov_ind_answers **out)
{
    *out = ov__calloc(1, sizeof **out);
    if (*out) ov_hmap_init(&(*out)->alias);
    return *out ? OV_OK : OV_ENOMEM;
}

static void rec_release(ov_ind_answer_rec *r)
{
    cfree(r->id);
    cfree(r->subject);
    cfree(r->level);
    cfree(r->level_class);
    cfree(r->source);
    cfree(r->locator);
    cfree(r->note);
    cfree(r->cluster);
}

static void alias_clear(ov_ind_answers *a)
{
    ov_hmap_release(&a->alias);
    ov_hmap_init(&a->alias);
    for (size_t i = 0; i < a->n_canon; i++) ov__free(a->canon[i]);
    ov__free(a->canon);
    a->canon = NULL;
    a->n_canon = a->cap_canon = 0;
}

void ov_ind_answers_free(ov_ind_answers *a)
{
    if (!a) return;
    for (size_t i = 0; i < a->n; i++) rec_release(&a->recs[i]);
    alias_clear(a);
    ov__free(a->recs);
    ov__free(a);
}

int ov_ind_answers_add(ov_ind_answers *a, const ov_ind_answer_rec *r)
{
    if (!r->subject) return OV_EINVAL;
    if (a->n >= OV_IND_MAX_ANSWERS) return OV_ETOOBIG;
    if (a->n == a->cap) {
        size_t nc = a->cap ? a->cap * 2 : 64;
        void *p = ov__realloc(a->recs, nc * sizeof *a->recs);
        if (!p) return OV_ENOMEM;
        a->recs = p;
        a->cap = nc;
    }
    ov_ind_answer_rec *x = &a->recs[a->n];
    *x = *r;
    x->id = dup_or_null(r->id);
    x->subject = ov__strdup(r->subject);
    x->level = dup_or_null(r->level);
    x->level_class = dup_or_null(r->level_class);
    x->source = dup_or_null(r->source);
    x->locator = dup_or_null(r->locator);
    x->note = dup_or_null(r->note);
    x->cluster = dup_or_null(r->cluster);
    if ((r->id && !x->id) || !x->subject || (r->level && !x->level) || (r->level_class && !x->level_class) ||
        (r->source && !x->source) || (r->locator && !x->locator) || (r->note && !x->note) ||
        (r->cluster && !x->cluster)) {
        rec_release(x);
        return OV_ENOMEM;
    }
    a->n++;
    return OV_OK;
}

size_t ov_ind_answers_count(const ov_ind_answers *a) { return a->n; }
const ov_ind_answer_rec *ov_ind_answers_at(const ov_ind_answers *a, size_t i) { return i < a->n ? &a->recs[i] : NULL; }

/* ---- answers on resolved entities ----------------------------------------------- */

const char *ov_ind_answer_key(const ov_ind_answer_rec *r)
{
    return r->cluster ? r->cluster : r->subject;
}

/* Whether id is known to the alias map; *canonical: its cluster's canonical id, NULL
 * when it is judged the same as nothing. */
static bool alias_get(const ov_ind_answers *a, const char *id, const char **canonical)
{
    uintptr_t v = 0;
    bool known = id && a->alias.count && ov_hmap_get(&a->alias, id, strlen(id), &v);
    *canonical = (const char *)v;
    return known;
}

const char *ov_ind_answers_cluster(const ov_ind_answers *a, const char *id)
{
    const char *c;
    return alias_get(a, id, &c) && c ? c : id;
}

int ov_ind_answers_same_question(const ov_ind_answer_rec *x, const ov_ind_answer_rec *y)
{
    if (x->year != y->year || x->element != y->element || x->indicator != y->indicator) return 0;
    int kx = x->level_kind == OV_IND_LEVEL_SERVICE, ky = y->level_kind == OV_IND_LEVEL_SERVICE;
    if (kx != ky || strcmp(x->level ? x->level : "", y->level ? y->level : "") != 0) return 0;
    return strcmp(ov_ind_answer_key(x), ov_ind_answer_key(y)) == 0;
}

/* Adds a copy of canonical to a->canon (the last entry). */
static int canon_add(ov_ind_answers *a, const char *canonical)
{
    if (a->n_canon == a->cap_canon) {
        size_t nc = a->cap_canon ? a->cap_canon * 2 : 16;
        void *p = ov__realloc(a->canon, nc * sizeof *a->canon);
        if (!p) return OV_ENOMEM;
        a->canon = p;
        a->cap_canon = nc;
    }
    a->canon[a->n_canon] = ov__strdup(canonical);
    if (!a->canon[a->n_canon]) return OV_ENOMEM;
    a->n_canon++;
    return OV_OK;
}

/* The referents of id's cluster (canonical first) into *ids (the caller's, ov__free;
 * strings the graph's or resolver's); 0 when id is judged the same as nothing. */
static int referents_of(const ov_graph *g, const ov_resolver *r, const char *id, const char ***ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    if (g) {
        uint32_t node;
        if (!ov_graph_find(g, id, &node)) return OV_OK;
        size_t k = ov_graph_node_referents(g, node, NULL, 0);
        if (k < 2) return OV_OK;
        *ids = ov__malloc(k * sizeof **ids);
        if (!*ids) return OV_ENOMEM;
        *n = ov_graph_node_referents(g, node, *ids, k);
        return OV_OK;
    }
    const char **v;
    size_t k;
    int rc = ov_resolver_referents(r, id, &v, &k);
    if (rc || k < 2) {
        if (!rc) ov_free((void *)v);
        return rc;
    }
    *ids = ov__malloc(k * sizeof **ids);
    if (*ids) {
        /* the canonical id first, the others in the resolver's (sorted) order */
        const char *canon = ov_resolver_canonical(r, id);
        (*ids)[(*n)++] = canon;
        for (size_t i = 0; i < k; i++)
            if (strcmp(v[i], canon) != 0) (*ids)[(*n)++] = v[i];
    }
    ov_free((void *)v);
    return *ids ? OV_OK : OV_ENOMEM;
}

int ov_ind_answers_resolve(ov_ind_answers *a, const ov_graph *g, const ov_resolver *r)
{
    for (size_t i = 0; i < a->n; i++) {
        cfree(a->recs[i].cluster);
        a->recs[i].cluster = NULL;
    }
    alias_clear(a);
    if (!g && !r) return OV_OK;
    int rc = OV_OK;
    for (size_t i = 0; i < a->n && !rc; i++) {
        ov_ind_answer_rec *x = &a->recs[i];
        const char *canon;
        if (!alias_get(a, x->subject, &canon)) { /* a subject not seen yet: its cluster, once */
            const char **ids;
            size_t n;
            rc = referents_of(g, r, x->subject, &ids, &n);
            if (!rc && !n) rc = ov_hmap_put(&a->alias, x->subject, strlen(x->subject), 0);
            if (!rc && n) rc = canon_add(a, ids[0]);
            for (size_t k = 0; k < n && !rc; k++)
                rc = ov_hmap_put(&a->alias, ids[k], strlen(ids[k]), (uintptr_t)a->canon[a->n_canon - 1]);
            ov__free(ids);
            if (rc) break;
            alias_get(a, x->subject, &canon);
        }
        if (!canon) continue; /* judged the same as nothing: scored as recorded */
        x->cluster = ov__strdup(canon);
        if (!x->cluster) rc = OV_ENOMEM;
    }
    if (rc) ov_ind_answers_resolve(a, NULL, NULL);
    return rc;
}

/* ---- scores --------------------------------------------------------------------- */

typedef struct level_acc {
    int kind;
    const char *name;   /* "" for the company itself */
    double sum, wsum;
    double direct;      /* a score given for the whole indicator at this level, or -1 */
} level_acc;

static double level_score(const level_acc *l)
{
    if (l->direct >= 0) return l->direct;
    return l->wsum > 0 ? l->sum / l->wsum : -1;
}

static double mean_of(const double *v, int n)
{
    double s = 0;
    int k = 0;
    for (int i = 0; i < n; i++)
        if (v[i] >= 0) {
            s += v[i];
            k++;
        }
    return k ? s / k : -1;
}

double ov__ind_rec_score(const ov_ind_framework *fw, const ov_ind_answer_rec *r)
{
    if (r->element < 0) return r->score;
    const ov_ind_element *el = ov_ind_element_at(fw, r->element);
    return el ? ov_ind_answer_score(r->answer, el->reversed) : -1;
}

/* Orders scores for the choice among differing answers: the lowest first, "not
 * applicable" (< 0) last, so the element stays in the mean when any answer scores it. */
static double rank(double s) { return s < 0 ? 1e9 : s; }

double ov__ind_used(const ov_ind_framework *fw, const ov_ind_answers *a, const size_t *idx, size_t n,
                    bool *conflict)
{
    *conflict = false;
    if (!n) return -1;
    const ov_ind_answer_rec *first = &a->recs[idx[0]];
    double best = ov__ind_rec_score(fw, first);
    for (size_t k = 1; k < n; k++) {
        const ov_ind_answer_rec *r = &a->recs[idx[k]];
        if (!ov_ind_answers_same_question(first, r)) continue;
        double sc = ov__ind_rec_score(fw, r);
        if (r->element >= 0 ? r->answer != first->answer : sc != ov__ind_rec_score(fw, first)) *conflict = true;
        if (rank(sc) < rank(best)) best = sc;
    }
    return best;
}

void ov_ind_scores_release(ov_ind_scores *s)
{
    if (!s) return;
    ov__free(s->indicator);
    ov__free(s->category);
    s->indicator = s->category = NULL;
}

int ov_ind_score(const ov_ind_framework *fw, const ov_ind_answers *a, const char *subject, int year,
                 ov_ind_scores *out)
{
    memset(out, 0, sizeof *out);
    out->total = -1;
    int ni = fw->n_inds;
    out->indicator = ov__malloc((size_t)(ni ? ni : 1) * sizeof(double));
    out->category = ov__malloc((size_t)(fw->n_cats ? fw->n_cats : 1) * sizeof(double));
    size_t *mine = ov__malloc((a->n ? a->n : 1) * sizeof(size_t));
    level_acc *lv = NULL;
    double *vals = ov__malloc((size_t)(ni ? ni : 1) * sizeof(double));
    if (!out->indicator || !out->category || !mine || !vals) goto oom;
    /* the answers of subject's cluster (any referent) in that year */
    const char *key = ov_ind_answers_cluster(a, subject);
    size_t nm = 0;
    for (size_t i = 0; i < a->n; i++) {
        const ov_ind_answer_rec *r = &a->recs[i];
        if (r->year == year && strcmp(ov_ind_answer_key(r), key) == 0 && r->indicator >= 0 && r->indicator < ni)
            mine[nm++] = i;
    }
    out->n_answers = (int)nm;
    lv = ov__malloc((nm ? nm : 1) * sizeof *lv);
    if (!lv) goto oom;

    for (int i = 0; i < ni; i++) {
        out->indicator[i] = -1;
        const ov_ind_indicator *ind = &fw->inds[i];
        if (ind->is_parent) continue;
        int nl = 0;
        for (size_t k = 0; k < nm; k++) {
            const ov_ind_answer_rec *r = &a->recs[mine[k]];
            if (r->indicator != i) continue;
            /* one question, one answer: a later answer to a question already
             * answered was taken into account with the first (ov__ind_used) */
            bool again = false;
            for (size_t j = 0; j < k && !again; j++)
                again = ov_ind_answers_same_question(&a->recs[mine[j]], r);
            if (again) continue;
            bool conflict = false;
            double sc = ov__ind_used(fw, a, mine + k, nm - k, &conflict);
            out->n_conflicts += conflict;
            const char *name = r->level ? r->level : "";
            int kind = r->level_kind == OV_IND_LEVEL_SERVICE ? OV_IND_LEVEL_SERVICE : OV_IND_LEVEL_COMPANY;
            int l = 0;
            while (l < nl && !(lv[l].kind == kind && strcmp(lv[l].name, name) == 0)) l++;
            if (l == nl) {
                lv[nl++] = (level_acc){.kind = kind, .name = name, .direct = -1};
            }
            if (r->element >= 0 && r->element < fw->n_els) {
                const ov_ind_element *el = &fw->els[r->element];
                if (ov__ind_in_list(el->excluded, r->level_class)) continue;
                if (sc < 0) continue;
                lv[l].sum += sc * el->weight;
                lv[l].wsum += el->weight;
            } else if (r->element < 0 && sc >= 0) {
                lv[l].direct = sc;
            }
        }
        double ca = 0, sa = 0;
        int cn = 0, sn = 0;
        for (int l = 0; l < nl; l++) {
            double s = level_score(&lv[l]);
            if (s < 0) continue;
            if (lv[l].kind == OV_IND_LEVEL_COMPANY) {
                ca += s;
                cn++;
            } else {
                sa += s;
                sn++;
            }
        }
        double A = cn ? ca / cn : -1, B = sn ? sa / sn : -1;
        if (ind->scope == OV_IND_SCOPE_COMPANY) out->indicator[i] = A;
        else if (ind->scope == OV_IND_SCOPE_SERVICES) out->indicator[i] = B;
        else {
            double ab[2] = {A, B};
            out->indicator[i] = mean_of(ab, 2);
        }
    }
    /* parents: the mean of their sub-indicators */
    for (int i = 0; i < ni; i++) {
        if (!fw->inds[i].is_parent) continue;
        int n = 0;
        for (int k = 0; k < ni; k++)
            if (fw->inds[k].parent == i) vals[n++] = out->indicator[k];
        out->indicator[i] = mean_of(vals, n);
    }
    for (int c = 0; c < fw->n_cats; c++) {
        int n = 0;
        for (int i = 0; i < ni; i++)
            if (fw->inds[i].parent < 0 && strcmp(fw->inds[i].category, fw->cats[c].code) == 0)
                vals[n++] = out->indicator[i];
        out->category[c] = mean_of(vals, n);
    }
    int n = 0;
    for (int i = 0; i < ni; i++)
        if (fw->inds[i].parent < 0) vals[n++] = out->indicator[i];
    out->total = mean_of(vals, n);
    ov__free(mine);
    ov__free(lv);
    ov__free(vals);
    return OV_OK;
oom:
    ov__free(mine);
    ov__free(lv);
    ov__free(vals);
    ov_ind_scores_release(out);
    return OV_ENOMEM;
}
