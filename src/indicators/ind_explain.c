/* ind_explain.c - a company's assessment under an indicator framework as an
 * explained answer (explain.h): one conclusion per indicator (its score, the
 * framework's scoring rule, every element's answer with its citations and
 * why), then the total. The numbers are ov_ind_score's, so `assess` and
 * `scores` cannot disagree. On a resolved cluster (ov_ind_answers_resolve) the
 * answer is the cluster's under its canonical id, whichever referent is asked;
 * an answer recorded under another referent says so, and two answers to one
 * question that differ are each shown, disputed, beside the one the score uses. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "oversight/explain.h"
#include "oversight/indicators.h"
#include "ind_internal.h"
#include "../explain/build.h"
#include "../util/alloc.h"
#include "../util/banned.h"

static const char scoring_rule[] =
    "an element answered yes scores 100, partial 50, no 0, no disclosure found 0 (a reversed element: yes 0, "
    "no 100); not applicable is left out; an indicator is the mean of its elements, a parent indicator of its "
    "sub-indicators, a category of its indicators, the total of its categories";

static const char *score_text(ov_answer *a, double s)
{
    return s < 0 ? "not applicable" : ov__aprintf(a, "%ld", ov_ind_round(s));
}

/* The answer records of the cluster key in year for indicator i. */
static bool is_for(const ov_ind_answer_rec *r, const char *key, int year, int i)
{
    return r->indicator == i && r->year == year && !strcmp(ov_ind_answer_key(r), key);
}

/* What the other answers to r's question (the k-th answer of ans) say: NULL when r
 * answers it alone; else that the same answer is recorded again (counted once), or,
 * when they differ (*conflict), each answer with its referent and the one the score uses. */
static const char *others_note(ov_answer *a, const ov_ind_framework *fw, const ov_ind_answers *ans, size_t k,
                               bool *conflict)
{
    const ov_ind_answer_rec *r = ov_ind_answers_at(ans, k);
    size_t n = ov_ind_answers_count(ans), m = 0, first = SIZE_MAX;
    *conflict = false;
    for (size_t j = 0; j < n; j++)
        if (ov_ind_answers_same_question(ov_ind_answers_at(ans, j), r)) {
            if (first == SIZE_MAX) first = j;
            m++;
        }
    if (m < 2) return NULL; /* the usual case: one answer, nothing to say */
    size_t *idx = ov__malloc(m * sizeof *idx);
    if (!idx) return NULL;
    for (size_t j = first, i = 0; j < n && i < m; j++)
        if (ov_ind_answers_same_question(ov_ind_answers_at(ans, j), r)) idx[i++] = j;
    double used = ov__ind_used(fw, ans, idx, m, conflict);
    ov__free(idx);
    if (!*conflict) {
        if (first == k) return ov__aprintf(a, "answered the same %zu times: counted once", m);
        const ov_ind_answer_rec *f = ov_ind_answers_at(ans, first);
        return ov__aprintf(a, "the same answer as %s (recorded under %s): counted once", f->id ? f->id : "?", f->subject);
    }
    const char *list = "";
    for (size_t j = 0, seen = 0; j < n && seen < m; j++) {
        const ov_ind_answer_rec *x = ov_ind_answers_at(ans, j);
        if (!ov_ind_answers_same_question(x, r)) continue;
        const char *what = x->element >= 0 ? ov_ind_answer_name(x->answer) : score_text(a, x->score);
        list = ov__aprintf(a, "%s%s%s (%s, recorded under %s)", list, seen++ ? "; " : "", what, x->id ? x->id : "?",
                           x->subject);
        if (!list) return NULL;
    }
    return ov__aprintf(a, "in conflict: the answers to this question differ: %s; the score uses the lowest, %s", list,
                       score_text(a, used));
}

/* One element's answer as a statement step with its citations. */
static void element_step(ov_answer *a, int it, ov_store *st, const ov_ind_framework *fw, const ov_ind_answers *ans,
                         size_t k)
{
    const ov_ind_answer_rec *r = ov_ind_answers_at(ans, k);
    const ov_ind_element *el = r->element >= 0 ? ov_ind_element_at(fw, r->element) : NULL;
    ov_step *s = ov__step_new(a, it, OV_STEP_STATEMENT, "element");
    if (!s) return;
    s->entity = ov__astr(a, r->id ? r->id : r->subject);
    s->entity_caption = ov__astr(a, el ? el->code : ov_ind_indicator_at(fw, r->indicator)->code);
    s->relation = "answer";
    if (el) {
        double sc = ov_ind_answer_score(r->answer, el->reversed);
        s->value = ov__aprintf(a, "%s (%s)", ov_ind_answer_name(r->answer), sc < 0 ? "left out" : score_text(a, sc));
    } else {
        s->value = ov__aprintf(a, "score %s", score_text(a, r->score));
    }
    const char *q = el && el->text ? el->text : NULL;
    if (q || r->note || r->level)
        s->note = ov__aprintf(a, "%s%s%s%s%s%s%s", q ? q : "", q && el->reversed ? " (reversed)" : "",
                              r->level ? (q ? "; at " : "at ") : "", r->level ? r->level : "",
                              r->note && (q || r->level) ? "; " : "", r->note ? "why: " : "", r->note ? r->note : "");
    /* the referent it is recorded under, when that is not the cluster's canonical id */
    if (strcmp(r->subject, ov_ind_answer_key(r)) != 0)
        s->note = ov__aprintf(a, "%s%srecorded under referent %s, judged the same as %s", s->note ? s->note : "",
                              s->note ? "; " : "", r->subject, ov_ind_answer_key(r));
    bool conflict;
    const char *others = others_note(a, fw, ans, k, &conflict);
    if (others) s->note = ov__aprintf(a, "%s%s%s", s->note ? s->note : "", s->note ? "; " : "", others);
    s->status = r->status;
    if (st && r->id) ov__step_cite(a, s, st, r->id, "answer", NULL);
    /* answers read from files (RDR) carry their citation on the record */
    if (!s->n_cites && (r->source || r->locator)) ov__step_cite_one(a, s, r->source, r->locator, r->status);
    /* a question answered differently is disputed until one answer is retracted */
    if (conflict) s->status = ov_status_weakest(s->status, OV_ST_DISPUTED);
}

int ov_ind_explain(ov_store *st, const ov_ind_framework *fw, const ov_ind_answers *ans, const char *subject, int year,
                   ov_answer **out)
{
    *out = NULL;
    ov_ind_scores sc;
    int rc = ov_ind_score(fw, ans, subject, year, &sc);
    if (rc) return rc;
    subject = ov_ind_answers_cluster(ans, subject); /* a cluster's answer is given under its canonical id */
    ov_answer *a = ov__answer_new("assessment");
    if (!a) rc = OV_ENOMEM;
    if (!rc) {
        a->subject = ov__astr(a, subject);
        a->subject_caption = a->subject;
        ov_entity *e;
        if (st && ov_store_get(st, subject, 0, &e) == OV_OK) {
            for (size_t i = 0; i < e->n_stmts; i++)
                if (!strcmp(e->stmts[i].prop, "name")) {
                    a->subject_caption = ov__astr(a, e->stmts[i].value);
                    break;
                }
            a->subject_schema = ov__astr(a, e->schema);
            ov_entity_free(e);
        }
        const char *conflicts = sc.n_conflicts ? ov__aprintf(a, "; %d questions answered differently (in conflict: "
                                                                "scored with the lowest answer)",
                                                             sc.n_conflicts)
                                               : "";
        a->note = ov__aprintf(a, "%s (%s), %d: %d answers%s", ov_ind_framework_name(fw), ov_ind_framework_id(fw), year,
                              sc.n_answers, conflicts ? conflicts : "");
        if (!a->subject || !a->note) rc = OV_ENOMEM;
    }
    int overall = OV_ST_VERIFIED;
    for (int i = 0; !rc && i < ov_ind_n_indicators(fw); i++) {
        const ov_ind_indicator *ind = ov_ind_indicator_at(fw, i);
        bool any = false;
        for (size_t k = 0; k < ov_ind_answers_count(ans) && !any; k++) any = is_for(ov_ind_answers_at(ans, k), subject, year, i);
        if (!any && !ind->is_parent) continue;
        int it = ov__answer_add(a, "indicator");
        if (it < 0) {
            rc = OV_ENOMEM;
            break;
        }
        ov_explanation *x = ov__answer_item(a, it);
        x->object = ov__astr(a, ind->id ? ind->id : ind->code);
        x->object_caption = ov__aprintf(a, "%s %s", ind->code, ind->label ? ind->label : "");
        x->value = score_text(a, sc.indicator[i]);
        x->rule.id = ov_ind_framework_id(fw);
        x->rule.label = ov_ind_framework_name(fw);
        x->rule.threshold = scoring_rule;
        x->rule.authority = ind->source ? ov__aprintf(a, "the indicator: %s%s%s", ind->source, ind->locator ? " — " : "",
                                                      ind->locator ? ind->locator : "")
                                        : "the framework's own document";
        if (ind->is_parent) x->note = "the mean of its sub-indicators";
        for (size_t k = 0; k < ov_ind_answers_count(ans); k++) {
            const ov_ind_answer_rec *r = ov_ind_answers_at(ans, k);
            if (is_for(r, subject, year, i)) element_step(a, it, st, fw, ans, k);
        }
        ov__answer_fold_status(a, it);
        overall = ov_status_weakest(overall, ov__answer_item(a, it)->status);
    }
    if (!rc) {
        int it = ov__answer_add(a, "total");
        if (it < 0) rc = OV_ENOMEM;
        else {
            ov_explanation *x = ov__answer_item(a, it);
            x->value = score_text(a, sc.total);
            x->rule.id = ov_ind_framework_id(fw);
            x->rule.label = ov_ind_framework_name(fw);
            x->rule.threshold = scoring_rule;
            x->rule.authority = "the framework's own document";
            char cats[512] = "";
            size_t len = 0;
            for (int k = 0; k < ov_ind_n_categories(fw) && len < sizeof cats - 64; k++) {
                long v = sc.category[k] < 0 ? -1 : ov_ind_round(sc.category[k]);
                len += (size_t)snprintf(cats + len, sizeof cats - len, "%s%s %s", k ? ", " : "",
                                        ov_ind_category_at(fw, k)->code, v < 0 ? "n/a" : "");
                if (v >= 0 && len < sizeof cats) len += (size_t)snprintf(cats + len, sizeof cats - len, "%ld", v);
            }
            x->note = ov__aprintf(a, "categories: %s", cats);
            /* the total is no stronger than the weakest answer behind it */
            x->status = overall == OV_ST_VERIFIED && !sc.n_answers ? OV_ST_ASSERTED : overall;
        }
    }
    ov_ind_scores_release(&sc);
    return ov__answer_done(a, rc, out);
}
