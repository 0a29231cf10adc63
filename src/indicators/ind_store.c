/* ind_store.c - a framework and its assessments from the store.
 *
 * Schemata (data/model/extensions.json): IndicatorFramework; Indicator
 * (indicatorFramework, indicatorCode, categoryCode, categoryLabel,
 * parentIndicator, scoringScope, sourceText); IndicatorElement
 * (elementIndicator, elementCode, question, reversedScoring, elementWeight,
 * excludedLevels); Assessment (assessedEntity, assessedElement, answer,
 * assessmentYear, assessedLevel). An answer keeps the citation of its
 * `answer` statement. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "oversight/indicators.h"
#include "indicators/ind_internal.h"
#include "util/alloc.h"
#include "util/banned.h"

enum { K_FW, K_IND, K_EL, K_AS };
enum { F_ID, F_NAME, F_A, F_B, F_C, F_D, F_E, F_F, F_G, F_SRC, F_LOC, F_NOTE, NF };

/* One entity of interest, its needed values copied. The meaning of F_A..F_G
 * depends on the kind (see collect). */
typedef struct item {
    int kind;
    char *f[NF];
    int status;
} item;

typedef struct coll {
    item *v;
    size_t n, cap;
    int rc;
} coll;

static int fail(char *err, size_t errlen, int rc, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return rc;
}

/* The first current statement of prop, or NULL. */
static const ov_stmt *first(const ov_entity *e, const char *prop)
{
    for (size_t i = 0; i < e->n_stmts; i++)
        if (e->stmts[i].retired_in == 0 && e->stmts[i].status != OV_ST_RETRACTED && strcmp(e->stmts[i].prop, prop) == 0)
            return &e->stmts[i];
    return NULL;
}

static int set(item *it, int f, const char *v)
{
    if (!v) return OV_OK;
    it->f[f] = ov__strdup(v);
    return it->f[f] ? OV_OK : OV_ENOMEM;
}

static int setp(item *it, int f, const ov_entity *e, const char *prop)
{
    const ov_stmt *s = first(e, prop);
    return set(it, f, s ? s->value : NULL);
}

static void item_release(item *it)
{
    for (int f = 0; f < NF; f++) ov__free(it->f[f]);
}

static int collect(const ov_entity *e, void *ud)
{
    coll *c = ud;
    int kind = strcmp(e->schema, "IndicatorFramework") == 0 ? K_FW
               : strcmp(e->schema, "Indicator") == 0        ? K_IND
               : strcmp(e->schema, "IndicatorElement") == 0 ? K_EL
               : strcmp(e->schema, "Assessment") == 0       ? K_AS
                                                            : -1;
    if (kind < 0) return 0;
    if (kind == K_AS && !first(e, "assessedElement")) return 0; /* some other assessment */
    if (c->n >= OV_IND_MAX_ANSWERS) {
        c->rc = OV_ETOOBIG;
        return 1;
    }
    if (c->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 64;
        void *p = ov__realloc(c->v, nc * sizeof *c->v);
        if (!p) {
            c->rc = OV_ENOMEM;
            return 1;
        }
        c->v = p;
        c->cap = nc;
    }
    item *it = &c->v[c->n++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    int rc = set(it, F_ID, e->id);
    if (!rc) rc = setp(it, F_NAME, e, "name");
    switch (kind) {
    case K_FW:
        if (!rc) rc = setp(it, F_A, e, "description");
        break;
    case K_IND:
        if (!rc) rc = setp(it, F_A, e, "indicatorFramework");
        if (!rc) rc = setp(it, F_B, e, "indicatorCode");
        if (!rc) rc = setp(it, F_C, e, "categoryCode");
        if (!rc) rc = setp(it, F_D, e, "categoryLabel");
        if (!rc) rc = setp(it, F_E, e, "parentIndicator");
        if (!rc) rc = setp(it, F_F, e, "scoringScope");
        if (!rc) rc = setp(it, F_G, e, "description");
        if (!rc) {
            const ov_stmt *s = first(e, "sourceText");
            if (s) {
                rc = set(it, F_NOTE, s->value);
                if (!rc) rc = set(it, F_SRC, s->source);
                if (!rc) rc = set(it, F_LOC, s->locator);
            }
        }
        break;
    case K_EL:
        if (!rc) rc = setp(it, F_A, e, "elementIndicator");
        if (!rc) rc = setp(it, F_B, e, "elementCode");
        if (!rc) rc = setp(it, F_C, e, "question");
        if (!rc) rc = setp(it, F_D, e, "reversedScoring");
        if (!rc) rc = setp(it, F_E, e, "elementWeight");
        if (!rc) rc = setp(it, F_F, e, "excludedLevels");
        break;
    default: /* K_AS */
        if (!rc) rc = setp(it, F_A, e, "assessedElement");
        if (!rc) rc = setp(it, F_B, e, "assessedEntity");
        if (!rc) rc = setp(it, F_D, e, "assessmentYear");
        if (!rc) rc = setp(it, F_E, e, "assessedLevel");
        if (!rc) rc = setp(it, F_NOTE, e, "summary");
        if (!rc) {
            const ov_stmt *s = first(e, "answer");
            if (s) {
                rc = set(it, F_C, s->value);
                if (!rc) rc = set(it, F_SRC, s->source);
                if (!rc) rc = set(it, F_LOC, s->locator);
                it->status = s->status;
            }
        }
        break;
    }
    if (rc) {
        c->rc = rc;
        return 1;
    }
    return 0;
}

/* Natural order of codes: "H2" before "H10", "G04a" after "G04". */
static int natcmp(const char *a, const char *b)
{
    while (*a && *b) {
        if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
            char *ea, *eb;
            unsigned long x = strtoul(a, &ea, 10), y = strtoul(b, &eb, 10);
            if (x != y) return x < y ? -1 : 1;
            a = ea;
            b = eb;
            continue;
        }
        if (*a != *b) return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
        a++;
        b++;
    }
    return *a ? 1 : *b ? -1 : 0;
}

static int by_code(const void *x, const void *y)
{
    const item *a = *(item *const *)x, *b = *(item *const *)y;
    int ka = a->kind == K_AS ? F_ID : F_B;
    return natcmp(a->f[ka] ? a->f[ka] : "", b->f[ka] ? b->f[ka] : "");
}

static const item *find_id(const coll *c, int kind, const char *id)
{
    for (size_t i = 0; id && i < c->n; i++)
        if (c->v[i].kind == kind && strcmp(c->v[i].f[F_ID], id) == 0) return &c->v[i];
    return NULL;
}

static int build(coll *c, const char *framework_id, ov_ind_framework **fwp, ov_ind_answers **ansp, char *err,
                 size_t errlen)
{
    const item *fwi = NULL;
    int nfw = 0;
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i].kind == K_FW) {
            nfw++;
            if (!framework_id || strcmp(c->v[i].f[F_ID], framework_id) == 0) fwi = fwi ? fwi : &c->v[i];
        }
    if (!fwi) return fail(err, errlen, OV_ENOTFOUND, framework_id ? "no IndicatorFramework %s in the store" : "no IndicatorFramework in the store",
                          framework_id);
    if (!framework_id && nfw > 1)
        return fail(err, errlen, OV_EINVAL, "%d frameworks in the store: name one with --framework", nfw);
    const char *fid = fwi->f[F_ID];

    item **sorted = ov__malloc((c->n ? c->n : 1) * sizeof *sorted);
    if (!sorted) return OV_ENOMEM;
    size_t ns = 0;
    for (size_t i = 0; i < c->n; i++) sorted[ns++] = &c->v[i];
    qsort(sorted, ns, sizeof *sorted, by_code);

    ov_ind_framework *fw = NULL;
    ov_ind_answers *ans = NULL;
    int rc = ov_ind_framework_new(fid, fwi->f[F_NAME] ? fwi->f[F_NAME] : fid, &fw);
    if (!rc) rc = ov_ind_answers_new(&ans);
    /* indicators: top-level ones first, then sub-indicators */
    for (int pass = 0; pass < 2 && !rc; pass++)
        for (size_t i = 0; i < ns && !rc; i++) {
            const item *it = sorted[i];
            if (it->kind != K_IND || !it->f[F_A] || strcmp(it->f[F_A], fid) != 0) continue;
            if ((pass == 0) != (it->f[F_E] == NULL)) continue;
            const char *code = it->f[F_B], *cat = it->f[F_C], *scope_s = it->f[F_F];
            if (!code || !cat) {
                rc = fail(err, errlen, OV_EINVAL, "indicator %s: no %s", it->f[F_ID], code ? "categoryCode" : "indicatorCode");
                break;
            }
            int scope = !scope_s || strcmp(scope_s, "company") == 0 ? OV_IND_SCOPE_COMPANY
                        : strcmp(scope_s, "services") == 0          ? OV_IND_SCOPE_SERVICES
                        : strcmp(scope_s, "full") == 0              ? OV_IND_SCOPE_FULL
                                                                    : -1;
            if (scope < 0) {
                rc = fail(err, errlen, OV_EINVAL, "indicator %s: scoringScope \"%s\" is not company, services or full",
                          it->f[F_ID], scope_s);
                break;
            }
            if (ov_ind_find_category(fw, cat) < 0 && (rc = ov_ind_add_category(fw, cat, it->f[F_D]))) break;
            const char *parent_code = NULL;
            if (it->f[F_E]) {
                const item *p = find_id(c, K_IND, it->f[F_E]);
                if (!p || !p->f[F_A] || strcmp(p->f[F_A], fid) != 0 || !p->f[F_B]) {
                    rc = fail(err, errlen, OV_EINVAL, "indicator %s: parent %s is not an indicator of %s", it->f[F_ID],
                              it->f[F_E], fid);
                    break;
                }
                parent_code = p->f[F_B];
            }
            ov_ind_indicator x = {.id = it->f[F_ID], .code = code, .category = cat, .label = it->f[F_NAME],
                                  .text = it->f[F_G], .source = it->f[F_SRC], .locator = it->f[F_LOC], .scope = scope};
            rc = ov_ind_add_indicator(fw, &x, parent_code);
            if (rc == OV_EEXIST || rc == OV_EINVAL)
                rc = fail(err, errlen, OV_EINVAL, "indicator %s: code %s %s", it->f[F_ID], code,
                          rc == OV_EEXIST ? "used twice" : "does not fit its parent or category");
        }
    for (size_t i = 0; i < ns && !rc; i++) {
        const item *it = sorted[i];
        if (it->kind != K_EL) continue;
        const item *ind = find_id(c, K_IND, it->f[F_A]);
        if (!ind) {
            rc = fail(err, errlen, OV_EINVAL, "element %s: indicator %s is not in the store", it->f[F_ID],
                      it->f[F_A] ? it->f[F_A] : "(none)");
            break;
        }
        if (!ind->f[F_A] || strcmp(ind->f[F_A], fid) != 0) continue; /* another framework's */
        const char *rev = it->f[F_D];
        if (rev && strcmp(rev, "true") != 0 && strcmp(rev, "false") != 0) {
            rc = fail(err, errlen, OV_EINVAL, "element %s: reversedScoring \"%s\" is not true or false", it->f[F_ID], rev);
            break;
        }
        double w = 1;
        if (it->f[F_E]) {
            char *end;
            w = strtod(it->f[F_E], &end);
            if (end == it->f[F_E] || *end || !(w > 0 && w <= 1e6)) {
                rc = fail(err, errlen, OV_EINVAL, "element %s: elementWeight \"%s\" is not a positive number",
                          it->f[F_ID], it->f[F_E]);
                break;
            }
        }
        if (!it->f[F_B]) {
            rc = fail(err, errlen, OV_EINVAL, "element %s: no elementCode", it->f[F_ID]);
            break;
        }
        ov_ind_element x = {.id = it->f[F_ID], .code = it->f[F_B], .text = it->f[F_C],
                            .reversed = rev && strcmp(rev, "true") == 0, .weight = w, .excluded = it->f[F_F]};
        rc = ov_ind_add_element(fw, &x, ind->f[F_B]);
        if (rc == OV_EEXIST || rc == OV_EINVAL)
            rc = fail(err, errlen, OV_EINVAL, "element %s: code %s %s", it->f[F_ID], it->f[F_B],
                      rc == OV_EEXIST ? "used twice" : "belongs to a parent indicator");
    }
    for (size_t i = 0; i < ns && !rc; i++) {
        const item *it = sorted[i];
        if (it->kind != K_AS) continue;
        int el = -1;
        for (int k = 0; k < ov_ind_n_elements(fw) && el < 0; k++) {
            const ov_ind_element *x = ov_ind_element_at(fw, k);
            if (x->id && strcmp(x->id, it->f[F_A]) == 0) el = k;
        }
        if (el < 0) {
            if (!find_id(c, K_EL, it->f[F_A]))
                rc = fail(err, errlen, OV_EINVAL, "assessment %s: element %s is not in the store", it->f[F_ID], it->f[F_A]);
            continue;
        }
        int answer = ov_ind_answer_parse(it->f[F_C]);
        if (answer < 0) {
            rc = fail(err, errlen, OV_EINVAL,
                      "assessment %s: answer \"%s\" is not yes, partial, no, no disclosure found or not applicable",
                      it->f[F_ID], it->f[F_C] ? it->f[F_C] : "(none)");
            break;
        }
        if (!it->f[F_B]) {
            rc = fail(err, errlen, OV_EINVAL, "assessment %s: no assessedEntity", it->f[F_ID]);
            break;
        }
        const char *y = it->f[F_D];
        if (!y || strlen(y) < 4 || !isdigit((unsigned char)y[0]) || !isdigit((unsigned char)y[1]) ||
            !isdigit((unsigned char)y[2]) || !isdigit((unsigned char)y[3])) {
            rc = fail(err, errlen, OV_EINVAL, "assessment %s: assessmentYear \"%s\" is not a year", it->f[F_ID],
                      y ? y : "(none)");
            break;
        }
        ov_ind_answer_rec r = {.id = it->f[F_ID], .subject = it->f[F_B], .year = 0,
                               .element = el, .indicator = ov_ind_element_at(fw, el)->indicator,
                               .level_kind = it->f[F_E] ? OV_IND_LEVEL_SERVICE : OV_IND_LEVEL_COMPANY,
                               .level = it->f[F_E], .answer = answer, .source = it->f[F_SRC], .locator = it->f[F_LOC],
                               .status = it->status, .note = it->f[F_NOTE]};
        char yb[5];
        memcpy(yb, y, 4);
        yb[4] = '\0';
        r.year = (int)strtol(yb, NULL, 10);
        rc = ov_ind_answers_add(ans, &r);
    }
    ov__free(sorted);
    if (rc) {
        ov_ind_framework_free(fw);
        ov_ind_answers_free(ans);
        return rc;
    }
    *fwp = fw;
    *ansp = ans;
    return OV_OK;
}

int ov_ind_from_store(ov_store *st, const char *framework_id, ov_ind_framework **fw, ov_ind_answers **ans, char *err,
                      size_t errlen)
{
    *fw = NULL;
    *ans = NULL;
    if (err && errlen) err[0] = '\0';
    coll c = {0};
    int rc = ov_store_scan(st, collect, &c);
    if (rc == OV_ESTOP && c.rc) rc = c.rc;
    if (rc && err && !err[0]) fail(err, errlen, rc, "reading the store: %s", ov_strerror(rc));
    if (!rc) rc = build(&c, framework_id, fw, ans, err, errlen);
    for (size_t i = 0; i < c.n; i++) item_release(&c.v[i]);
    ov__free(c.v);
    return rc;
}
