/*
 * typology.c - classifies organisations by ownership and effective control
 * (see typology.h). Criteria are tried in the order of the classes in
 * data/rules/typology.json; the first that holds names the class.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cjson/cJSON.h>
#include "oversight/explain.h"
#include "oversight/typology.h"
#include "../explain/build.h"
#include "own_internal.h"
#include "../util/alloc.h"
#include "../util/banned.h"

extern const char ov__typology_json[];

#define SHARE_EPS 1e-9 /* shares this close to a threshold reach it */

static struct settings {
    double state_owned, foreign_invested, revenue_dependence;
    const cJSON *party_types, *designation_types, *classes;
} cfg;
static cJSON *cfg_root;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static double num(const char *key, double dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(cfg_root, key);
    return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

static void load_settings(void)
{
    cfg_root = cJSON_Parse(ov__typology_json);
    cfg.state_owned = num("state_owned_min_share", 0.5);
    cfg.foreign_invested = num("foreign_invested_min_share", 0.25);
    cfg.revenue_dependence = num("government_revenue_dependence_min", 0.3);
    cfg.party_types = cJSON_GetObjectItemCaseSensitive(cfg_root, "party_control_types");
    cfg.designation_types = cJSON_GetObjectItemCaseSensitive(cfg_root, "state_designation_control_types");
    cfg.classes = cJSON_GetObjectItemCaseSensitive(cfg_root, "classes");
}

const char *ov_typology_class_description(const char *cls)
{
    pthread_once(&once, load_settings);
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(cfg.classes, cls);
    return cJSON_IsString(d) ? d->valuestring : NULL;
}

static bool in_list(const cJSON *list, const char *s)
{
    if (!s) return false;
    const cJSON *it;
    cJSON_ArrayForEach(it, list)
    {
        if (cJSON_IsString(it) && strcasecmp(it->valuestring, s) == 0) return true;
    }
    return false;
}

/* Government revenue shares recorded as Measurements: the largest per subject
 * (the first Measurement in node order among equals), by subject node. There
 * are few: a sorted array, not a table per node. */
typedef struct measure {
    uint32_t subject, by; /* by: the Measurement entity's node */
    double share;
    int status;           /* the weakest of its subject, metric and value statements */
} measure;

typedef struct measures {
    measure *v;
    size_t n, cap;
} measures;

static int by_subject(const void *a, const void *b)
{
    const measure *x = a, *y = b;
    if (x->subject != y->subject) return x->subject < y->subject ? -1 : 1;
    if (x->share != y->share) return x->share > y->share ? -1 : 1; /* the largest first */
    return x->by < y->by ? -1 : x->by > y->by;                      /* then node order */
}

/* The revenue share recorded for node (false when none). */
static bool measure_of(const measures *m, uint32_t node, double *share, uint32_t *by, int *status)
{
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->v[mid].subject < node) lo = mid + 1;
        else hi = mid;
    }
    if (lo == m->n || m->v[lo].subject != node) return false;
    *share = m->v[lo].share;
    *by = m->v[lo].by;
    *status = m->v[lo].status;
    return true;
}

/* The Measurement nodes of the graph, read one by one (a Measurement names
 * its subject, its metric and its value): far fewer than the statements. */
static int read_measures(ov_store *st, const ov_graph *g, measures *m)
{
    uint32_t n = ov_graph_node_count(g);
    for (uint32_t v = 0; v < n; v++) {
        const char *schema = ov_graph_node_schema(g, v);
        if (!schema || strcmp(schema, "Measurement") != 0) continue;
        ov_entity *e;
        int rc = ov_store_get(st, ov_graph_node_id(g, v), 0, &e);
        if (rc == OV_ENOTFOUND) continue;
        if (rc) return rc;
        uint32_t subject = UINT32_MAX;
        bool is_revenue = false;
        double value = -1;
        int status = OV_ST_VERIFIED;
        for (size_t i = 0; i < e->n_stmts; i++) {
            const ov_stmt *x = &e->stmts[i];
            if (x->status == OV_ST_RETRACTED || !x->value) continue;
            ov_share sh;
            if (!strcmp(x->prop, "subject") || !strcmp(x->prop, "metric") || !strcmp(x->prop, "value"))
                status = ov_status_weakest(status, x->status);
            if (!strcmp(x->prop, "subject")) {
                uint32_t node;
                subject = ov_graph_find(g, x->value, &node) ? node : UINT32_MAX;
            } else if (!strcmp(x->prop, "metric")) {
                is_revenue = !strcmp(x->value, "revenue_share_government");
            } else if (!strcmp(x->prop, "value") && ov_share_parse(x->value, &sh)) {
                value = sh.min;
            }
        }
        ov_entity_free(e);
        if (!is_revenue || subject == UINT32_MAX || value < 0) continue;
        if (m->n == m->cap) {
            size_t cap = m->cap ? 2 * m->cap : 64;
            measure *p = ov__realloc(m->v, sizeof *p * cap);
            if (!p) return OV_ENOMEM;
            m->v = p;
            m->cap = cap;
        }
        m->v[m->n++] = (measure){subject, v, value, status};
    }
    if (!m->n) return OV_OK;
    qsort(m->v, m->n, sizeof *m->v, by_subject);
    size_t k = 0; /* the first of each subject: its largest */
    for (size_t i = 0; i < m->n; i++)
        if (!k || m->v[i].subject != m->v[k - 1].subject) m->v[k++] = m->v[i];
    m->n = k;
    return OV_OK;
}

static void add_evidence(ov_typology *t, uint32_t edge)
{
    for (int i = 0; i < t->n_evidence; i++)
        if (t->evidence[i] == edge) return;
    if (t->n_evidence < 16) t->evidence[t->n_evidence++] = edge;
}

/* Which criterion named the class (ov_typology.criterion), for the reason. */
enum {
    CR_OWNED_SHARE = 1,  /* the state's integrated share reaches the threshold */
    CR_OWNED_CHAIN,      /* unbounded share: the strongest chain reaches it (figure) */
    CR_OWNED_CONTROL,    /* a Control edge from the state */
    CR_OWNED_SOE,        /* topic gov.soe */
    CR_INVESTED_CHAIN,   /* unbounded share short of control: the strongest chain (figure) */
    CR_INVESTED,         /* a stake short of control */
    CR_PARTY,
    CR_DESIGNATION,
    CR_REVENUE,          /* government revenue share (figure) */
    CR_FOREIGN,          /* a foreign owner's share (figure, country) */
    CR_PRIVATE,
    CR_UNDETERMINED
};

static const char missing_facts[] = "owners (Ownership), controllers (Control), or a state designation; "
                                    "a government revenue share (Measurement revenue_share_government)";

const char *ov_typology_reason(const ov_typology *t, char *buf, size_t n)
{
    pthread_once(&once, load_settings);
    switch (t->criterion) {
    case CR_OWNED_CHAIN:
        snprintf(buf, n,
                 "the state holds at least %.2f%% through its strongest ownership chain (>= %.0f%%); its chains "
                 "run through cycles whose shares sum to 100%% or more, so the integrated share does not converge",
                 100 * t->figure, 100 * cfg.state_owned);
        break;
    case CR_OWNED_SHARE:
        snprintf(buf, n, "the state holds %.2f%% through ownership chains (>= %.0f%%)", 100 * t->state_min,
                 100 * cfg.state_owned);
        break;
    case CR_OWNED_CONTROL: snprintf(buf, n, "a Control edge from the state names it"); break;
    case CR_OWNED_SOE:
        snprintf(buf, n, "the record designates it a state-owned enterprise (topic gov.soe)%s",
                 t->state_max > 0 ? "; the state also holds shares through ownership chains" : "");
        break;
    case CR_INVESTED_CHAIN:
        snprintf(buf, n,
                 "the state holds a stake through ownership chains that run through cycles whose shares sum to "
                 "100%% or more, so the integrated share does not converge; its strongest single chain gives "
                 "%.2f%%, short of control",
                 100 * t->figure);
        break;
    case CR_INVESTED:
        if (t->state_max - t->state_min < 5e-7)
            snprintf(buf, n, "the state holds %.2f%% through ownership chains, short of control", 100 * t->state_min);
        else
            snprintf(buf, n, "the state holds %.2f%% to %.2f%% through ownership chains, short of control",
                     100 * t->state_min, 100 * t->state_max);
        break;
    case CR_PARTY: snprintf(buf, n, "a Party organisation is recorded in the company"); break;
    case CR_DESIGNATION: snprintf(buf, n, "a state body designates or entrusts it"); break;
    case CR_REVENUE:
        snprintf(buf, n, "%.0f%% of its revenue comes from government (>= %.0f%%)", 100 * t->figure,
                 100 * cfg.revenue_dependence);
        break;
    case CR_FOREIGN:
        snprintf(buf, n, "an owner from %s holds %.2f%% (>= %.0f%%)", t->country ? t->country : "?",
                 100 * t->figure, 100 * cfg.foreign_invested);
        break;
    case CR_PRIVATE: snprintf(buf, n, "owners or controllers are recorded and none leads to the state"); break;
    default: snprintf(buf, n, "no ownership, control or state tie is recorded"); break;
    }
    return buf;
}

/* Classifies node into t; the state's share from shares (the whole graph's pass), or when
 * shares is NULL computed for node alone. */
static int classify(const ov_graph *g, uint32_t node, const measures *m, const ov_state_shares *shares,
                    ov_typology *t)
{
    memset(t, 0, sizeof *t);
    t->node = node;
    t->status = OV_ST_ASSERTED;
    ov_path state_path;
    if (shares) {
        ov_own_state_shares_get(shares, node, &t->state_min, &t->state_max, &state_path, &t->state_unbounded);
    } else {
        int rc = ov__own_state_chain_share(g, node, &t->state_min, &t->state_max, &state_path, &t->state_unbounded);
        if (rc) return rc;
    }
    for (int i = 0; i < state_path.n; i++) add_evidence(t, state_path.edges[i]);
    int n_chain = t->n_evidence;
    uint32_t n_in;
    const uint32_t *in = ov_graph_in(g, node, &n_in);
    bool any_fact = false, state_control = false, party = false, designation = false;
    uint32_t foreign_edge = UINT32_MAX;
    double foreign_share = 0;
    const char *country = ov_graph_node_country(g, node);
    for (uint32_t k = 0; k < n_in; k++) {
        const ov_edge *e = ov_graph_edge(g, in[k]);
        any_fact = true;
        if (e->kind == OV_EDGE_CONTROL) {
            bool from_state = ov_graph_node_state(g, e->from) != 0;
            if ((e->type && strcasecmp(e->type, "state") == 0) || (from_state && !in_list(cfg.party_types, e->type) &&
                                                                    !in_list(cfg.designation_types, e->type))) {
                state_control = true;
                add_evidence(t, in[k]);
            }
            if (in_list(cfg.party_types, e->type)) {
                party = true;
                add_evidence(t, in[k]);
            }
            if (in_list(cfg.designation_types, e->type) && from_state) {
                designation = true;
                add_evidence(t, in[k]);
            }
        }
        if (e->kind == OV_EDGE_OWNERSHIP && country) {
            const char *oc = ov_graph_node_country(g, e->from);
            double w = e->share.has_share ? e->share.min : 0;
            if (oc && strcmp(oc, country) != 0 && w > foreign_share) {
                foreign_share = w;
                foreign_edge = in[k];
            }
        }
    }
    int flags = ov_graph_node_state(g, node);
    double revenue = -1;
    uint32_t revenue_by = UINT32_MAX;
    int revenue_status = OV_ST_ASSERTED;
    measure_of(m, node, &revenue, &revenue_by, &revenue_status);
    /* Where the state's chains run through cycles whose shares sum to 100 % or
     * more, the integrated share does not converge (it is capped at 1): only
     * the strongest single chain, a lower bound, may decide control. */
    bool unbounded = t->state_unbounded & 1;
    double state_min = unbounded ? state_path.share : t->state_min;
    /* an integrated share is a sum of products: 50 % through two chains can come out as
     * 0.49999999999999994 by one order of summation and 0.5 by another (the whole graph's
     * pass and the solve for one node differ so, test_state_share OV_STRESS=1) */
    bool reaches = state_min >= cfg.state_owned - SHARE_EPS;
    if (reaches || state_control || (flags & (OV_STATE_SOE_TOPIC | OV_STATE_CONTROL))) {
        t->cls = "state-owned";
        t->figure = state_min;
        t->criterion = reaches ? (unbounded ? CR_OWNED_CHAIN : CR_OWNED_SHARE)
                       : (state_control || (flags & OV_STATE_CONTROL)) ? CR_OWNED_CONTROL
                                                                        : CR_OWNED_SOE;
    } else if (t->state_max > 0) {
        t->cls = "state-invested";
        t->figure = state_min;
        t->criterion = unbounded ? CR_INVESTED_CHAIN : CR_INVESTED;
    } else if (party || designation || (revenue >= cfg.revenue_dependence)) {
        t->cls = "party-embedded-private";
        t->criterion = party ? CR_PARTY : designation ? CR_DESIGNATION : CR_REVENUE;
        if (t->criterion == CR_REVENUE) {
            t->figure = revenue;
            t->measurement_id = ov_graph_node_id(g, revenue_by);
            t->status = (uint8_t)ov_status_weakest(t->status, revenue_status);
        }
    } else if (foreign_edge != UINT32_MAX && foreign_share >= cfg.foreign_invested) {
        t->cls = "foreign-invested";
        t->criterion = CR_FOREIGN;
        t->figure = foreign_share;
        t->country = ov_graph_node_country(g, ov_graph_edge(g, foreign_edge)->from);
        add_evidence(t, foreign_edge);
    } else if (any_fact) {
        t->cls = "private";
        t->criterion = CR_PRIVATE;
        for (uint32_t k = 0; k < n_in && t->n_evidence < 16; k++) add_evidence(t, in[k]);
    } else {
        t->cls = "undetermined";
        t->criterion = CR_UNDETERMINED;
        t->missing = missing_facts;
    }
    /* the conclusion is no stronger than the weakest evidence it needs: the state's
     * strongest chain (the first n_chain of the evidence) only when its share decided */
    bool needs_chain = t->criterion == CR_OWNED_SHARE || t->criterion == CR_OWNED_CHAIN ||
                       t->criterion == CR_INVESTED || t->criterion == CR_INVESTED_CHAIN;
    for (int i = needs_chain ? 0 : n_chain; i < t->n_evidence; i++)
        t->status = (uint8_t)ov_status_weakest(t->status, ov_graph_edge(g, t->evidence[i])->status);
    return OV_OK;
}

static bool is_org(const ov_graph *g, uint32_t node)
{
    const char *s = ov_graph_node_schema(g, node);
    return s && (!strcmp(s, "Company") || !strcmp(s, "Organization"));
}

/* A block of organisations (by node), classified into res[i] for nodes[i], i in [from, to). */
typedef struct part {
    const ov_graph *g;
    const measures *m;
    const ov_state_shares *shares;
    const uint32_t *nodes;
    ov_typology *res;
    size_t from, to;
} part;

static void *classify_part(void *arg)
{
    part *p = arg;
    for (size_t i = p->from; i < p->to; i++) (void)classify(p->g, p->nodes[i], p->m, p->shares, &p->res[i]);
    return NULL;
}

/* organisations classified at a time: the results of a block are all that is held */
#define BLOCK 65536

int ov_typology_each(ov_store *st, const ov_graph *g, ov_typology_fn fn, void *ctx)
{
    pthread_once(&once, load_settings);
    uint32_t n = ov_graph_node_count(g);
    measures m = {0};
    ov_state_shares *shares = NULL;
    uint32_t *nodes = ov__malloc(sizeof *nodes * BLOCK);
    ov_typology *res = ov__malloc(sizeof *res * BLOCK);
    int rc = nodes && res ? read_measures(st, g, &m) : OV_ENOMEM;
    /* the state's share of every node in one pass over the graph */
    if (!rc) rc = ov_own_state_shares(g, &shares);
    for (uint32_t v = 0; !rc && v < n;) {
        size_t k = 0;
        for (; v < n && k < BLOCK; v++)
            if (is_org(g, v)) nodes[k++] = v;
        /* each organisation on its own (everything it reads is shared and read only):
         * the block in two halves, each half's results in its own slots */
        part half[2] = {{g, &m, shares, nodes, res, 0, k / 2}, {g, &m, shares, nodes, res, k / 2, k}};
        pthread_t t;
        bool threaded = n >= 100000 && k >= 1024 && pthread_create(&t, NULL, classify_part, &half[1]) == 0;
        classify_part(&half[0]);
        if (threaded) pthread_join(t, NULL);
        else classify_part(&half[1]);
        for (size_t i = 0; !rc && i < k; i++) rc = fn(&res[i], ctx);
    }
    ov_own_state_shares_free(shares);
    ov__free(m.v);
    ov__free(nodes);
    ov__free(res);
    return rc;
}

typedef struct collect {
    ov_typology *res;
    size_t n, cap;
} collect;

static int collect_one(const ov_typology *t, void *ctx)
{
    collect *c = ctx;
    if (c->n == c->cap) return OV_EINVAL; /* more organisations than counted: cannot happen */
    c->res[c->n++] = *t;
    return OV_OK;
}

int ov_typology_classify(ov_store *st, const ov_graph *g, ov_typology **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    uint32_t n = ov_graph_node_count(g);
    collect c = {0};
    for (uint32_t i = 0; i < n; i++) c.cap += is_org(g, i);
    c.res = ov__malloc(sizeof *c.res * (c.cap ? c.cap : 1));
    if (!c.res) return OV_ENOMEM;
    int rc = ov_typology_each(st, g, collect_one, &c);
    if (rc) {
        ov__free(c.res);
        return rc;
    }
    *out = c.res;
    *n_out = c.n;
    return OV_OK;
}

int ov_typology_of(ov_store *st, const ov_graph *g, uint32_t node, ov_typology *out)
{
    pthread_once(&once, load_settings);
    memset(out, 0, sizeof *out);
    if (node >= ov_graph_node_count(g) || !is_org(g, node)) return OV_ENOTFOUND;
    measures m = {0};
    int rc = read_measures(st, g, &m);
    if (!rc) rc = classify(g, node, &m, NULL, out);
    ov__free(m.v);
    return rc;
}

/* ---- the result as an explained answer ------------------------------------------------ */

/* The part an evidence edge plays for criterion cr. */
static const char *evidence_role(const ov_typology *t, const ov_graph *g, uint32_t edge, int i, int n_chain)
{
    const ov_edge *e = ov_graph_edge(g, edge);
    if (i < n_chain) return "strongest-chain";
    if (e->kind == OV_EDGE_CONTROL) return "control";
    if (t->criterion == CR_FOREIGN) return "foreign-owner";
    return e->kind == OV_EDGE_OWNERSHIP ? "owner" : "link";
}

int ov_typology_answer(ov_store *st, const ov_graph *g, const ov_typology *t, ov_answer **out)
{
    pthread_once(&once, load_settings);
    *out = NULL;
    ov_answer *a = ov__answer_new("typology");
    int rc = a ? ov__answer_subject_node(a, g, t->node) : OV_ENOMEM;
    int it = rc ? -1 : ov__answer_add(a, "typology");
    if (!rc && it < 0) rc = OV_ENOMEM;
    if (rc) {
        ov_answer_free(a);
        return rc;
    }
    ov_explanation *x = ov__answer_item(a, it);
    ov__rule_ref(a, "typology", &x->rule);
    x->value = t->cls;
    char why[400];
    ov_typology_reason(t, why, sizeof why);
    x->note = t->missing ? ov__aprintf(a, "%s; missing: %s", why, t->missing) : ov__astr(a, why);
    /* the state's strongest chain comes first among the evidence (classify), from the
     * state holder down to the company */
    int n_chain = 0;
    ov_path chain = {0};
    if (t->state_max > 0) {
        for (int i = 0; i < t->n_evidence && i < OV_OWN_MAX_PATH; i++) {
            const ov_edge *e = ov_graph_edge(g, t->evidence[i]);
            if (e->kind != OV_EDGE_OWNERSHIP || (i && ov_graph_edge(g, t->evidence[i - 1])->to != e->from)) break;
            chain.edges[i] = t->evidence[i];
            if (e->to == t->node) {
                n_chain = i + 1;
                break;
            }
        }
    }
    chain.n = n_chain;
    bool needs_chain = t->criterion == CR_OWNED_SHARE || t->criterion == CR_OWNED_CHAIN ||
                       t->criterion == CR_INVESTED || t->criterion == CR_INVESTED_CHAIN;
    for (int i = 0; i < t->n_evidence; i++) {
        const char *role = evidence_role(t, g, t->evidence[i], i, n_chain);
        if (i < n_chain && !needs_chain) continue; /* shown under the state's share */
        ov__step_edge(a, it, st, g, t->evidence[i], role);
    }
    if (t->measurement_id) {
        ov_step *s = ov__step_new(a, it, OV_STEP_STATEMENT, "measurement");
        if (s) {
            s->entity = ov__astr(a, t->measurement_id);
            uint32_t mn;
            s->entity_caption = ov_graph_find(g, t->measurement_id, &mn) ? ov__astr(a, ov_graph_node_caption(g, mn))
                                                                         : NULL;
            s->relation = "value";
            s->value = ov__aprintf(a, "%.0f%% of revenue from government", 100 * t->figure);
            s->has_band = true;
            s->min = s->max = t->figure;
            ov__step_cite(a, s, st, t->measurement_id, "value", NULL);
        }
    }
    if (t->criterion == CR_OWNED_SOE) ov__designation_steps(a, it, st, g, t->node);
    ov__answer_fold_status(a, it);
    /* the status computed in classify covers what the store was not asked for */
    x = ov__answer_item(a, it);
    x->status = ov_status_weakest(x->status, t->status);
    if (t->criterion == CR_OWNED_SOE)
        x->note = ov__aprintf(a, "%s; a designation is a classification: the state's share is given beside it", why);
    double smin = t->state_min, smax = t->state_max;
    rc = ov__add_state_share(a, st, g, t->node, &smin, &smax, &chain, (t->state_unbounded & 1) != 0);
    return ov__answer_done(a, rc, out);
}

int ov_explain_typology(ov_store *st, const ov_graph *g, uint32_t node, ov_answer **out)
{
    ov_typology t;
    *out = NULL;
    int rc = ov_typology_of(st, g, node, &t);
    return rc ? rc : ov_typology_answer(st, g, &t, out);
}

void ov_typologies_free(ov_typology *t) { ov__free(t); }
