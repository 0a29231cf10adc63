/*
 * resolve_api.c - entity resolution over HTTP (resolve.h, xref.h):
 * GET /api/xref (the candidate pairs, ranked, each side with its names,
 * identifiers, countries and sources, and the matcher's explanation),
 * GET /api/judgements/{id} (an entity's canonical id, its referents and the
 * judgements behind them), POST /api/judgements (a judgement, token-protected,
 * its author the token's owner), the /review page (the same candidates side by
 * side, each with same / different / unsure buttons posting a form with the
 * token) and the resolution section of every dossier.
 *
 * The candidates come from the server's matcher (app->matcher, under
 * match_lock: the one `oversight xref` builds) and the judgements of the
 * request's store connection. Refusals: 400 for bad input (a missing field, an
 * unknown id, an entity with itself, schemata that cannot be one entity), 409
 * for a contradiction of earlier judgements, with ov_resolve's message naming
 * them; nothing is written then. Every value goes through ov__json, ov__html
 * or ov__url.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cjson/cJSON.h>
#include "http_internal.h"
#include "oversight/resolve.h"
#include "oversight/xref.h"
#include "../util/alloc.h"
#include "../util/banned.h"

#define B (&c->resp->body)
#define XREF_MAX_LIMIT 100     /* candidates a page, at most */
#define REVIEW_ROWS 20         /* candidates on a page of the review queue */
#define SIDE_MAX_VALUES 12     /* names, identifiers, countries or sources shown of one side */
#define MAX_REASON 4000        /* bytes of a judgement's reason */
#define MAX_SOURCE 1000
#define MAX_LOCATOR 400        /* the library keeps the locator with the author and date in 600 bytes */
#define MAX_JUDGEMENT_BODY 65536

/* ---- candidates ----------------------------------------------------------------- */

/* The query of a list of candidates: from the request's parameters. */
typedef struct xq {
    double threshold;
    long limit, offset;
    const char *schema, *entity; /* filters, or NULL */
    const ov_schema *sch;
} xq;

/* Reads threshold, limit, offset, schema and entity; false (and the error
 * answered) when one is bad. */
static bool xq_parse(ov__ctx *c, xq *q, long def_limit)
{
    const ov__req *r = c->req;
    memset(q, 0, sizeof *q);
    q->threshold = 0.7;
    q->limit = def_limit;
    const char *t = ov__req_param(r, "threshold"), *l = ov__req_param(r, "limit"), *o = ov__req_param(r, "offset");
    char *end;
    if (t && *t) {
        q->threshold = strtod(t, &end);
        if (*end || !(q->threshold > 0 && q->threshold <= 1)) goto bad;
    }
    if (l && *l) {
        q->limit = strtol(l, &end, 10);
        if (*end || q->limit < 1 || q->limit > XREF_MAX_LIMIT) goto bad;
    }
    if (o && *o) {
        q->offset = strtol(o, &end, 10);
        if (*end || q->offset < 0 || q->offset > 10000000) goto bad;
    }
    q->schema = ov__req_param(r, "schema");
    q->entity = ov__req_param(r, "entity");
    if (q->schema && !*q->schema) q->schema = NULL;
    if (q->entity && !*q->entity) q->entity = NULL;
    if (q->schema && !(q->sch = ov_model_schema(c->app->m, q->schema))) {
        ov__error(c->req, c->resp, 400, "unknown schema '%.200s'", q->schema);
        return false;
    }
    if (q->entity && strlen(q->entity) > 1000) goto bad;
    return true;
bad:
    ov__error(c->req, c->resp, 400, "threshold must be in (0, 1], limit 1 to %d, offset 0 to 10000000",
              XREF_MAX_LIMIT);
    return false;
}

static bool xq_keeps(const ov__app *app, const xq *q, const ov_xref_pair *p)
{
    if (q->entity && strcmp(q->entity, p->a) && strcmp(q->entity, p->b)) return false;
    if (q->sch) {
        const ov_schema *a = ov_model_schema(app->m, p->a_schema), *b = ov_model_schema(app->m, p->b_schema);
        if (!(a && ov_schema_is_a(a, q->sch)) && !(b && ov_schema_is_a(b, q->sch))) return false;
    }
    return true;
}

/* The last candidate list made, shared by the requests that want the same one:
 * the same threshold, store generation (cache_gen: any write, judgements
 * included) and graph generation (the matcher it was made with). A page of the
 * queue then costs a lookup instead of a pass of the matcher over the store. A
 * list in use by a request is freed by the last to let it go. */
typedef struct memo_ent {
    ov_xref *x;
    double threshold;
    uint64_t store_gen, graph_gen;
    int refs;                 /* requests using it, plus one while it is the memo's */
} memo_ent;

typedef struct ov__xref_memo {
    pthread_mutex_t mu;
    memo_ent *cur;
} ov__xref_memo;

static pthread_mutex_t memo_make_mu = PTHREAD_MUTEX_INITIALIZER;

static ov__xref_memo *memo_of(ov__app *app)
{
    pthread_mutex_lock(&memo_make_mu);
    if (!app->xref_memo && (app->xref_memo = ov__calloc(1, sizeof *app->xref_memo)))
        pthread_mutex_init(&app->xref_memo->mu, NULL);
    pthread_mutex_unlock(&memo_make_mu);
    return app->xref_memo;
}

static void memo_release(ov__xref_memo *m, memo_ent *e)
{
    if (!e) return;
    if (m) pthread_mutex_lock(&m->mu);
    bool last = --e->refs == 0;
    if (m) pthread_mutex_unlock(&m->mu);
    if (last) {
        ov_xref_free(e->x);
        ov__free(e);
    }
}

void ov__xref_memo_free(ov__app *app)
{
    ov__xref_memo *m = app->xref_memo;
    if (!m) return;
    memo_release(NULL, m->cur);
    pthread_mutex_destroy(&m->mu);
    ov__free(m);
    app->xref_memo = NULL;
}

/* The candidates of the request's store made afresh by the server's matcher
 * (under its lock). *x is the caller's; false (the error answered) on failure. */
static bool candidates(ov__ctx *c, double threshold, ov_xref **x)
{
    *x = NULL;
    ov_resolver *r = NULL;
    int rc = ov_resolver_load(c->slot->st, &r);
    if (rc) {
        ov__error(c->req, c->resp, ov__status_for(rc), "the judgements cannot be read: %s",
                  ov_store_errmsg(c->slot->st));
        return false;
    }
    pthread_mutex_lock(&c->app->match_lock);
    rc = c->app->matcher ? ov_xref_run(c->slot->st, c->app->m, c->app->matcher, r, threshold, x) : OV_EIO;
    pthread_mutex_unlock(&c->app->match_lock);
    ov_resolver_free(r);
    if (rc) {
        ov__error(c->req, c->resp, c->app->matcher ? ov__status_for(rc) : 503, "%s",
                  c->app->matcher ? ov_strerror(rc) : "name matching is unavailable on this server");
        return false;
    }
    return true;
}

/* The candidates of the request's store by the server's matcher, remembered
 * or made. *out is the caller's (memo_release); false (the error answered) on
 * failure. */
static bool candidates_memo(ov__ctx *c, double threshold, memo_ent **out)
{
    *out = NULL;
    ov__xref_memo *m = memo_of(c->app);
    uint64_t sg = __atomic_load_n(&c->app->cache_gen, __ATOMIC_SEQ_CST), gg = c->app->gen; /* under the read lock */
    if (m) {
        pthread_mutex_lock(&m->mu);
        memo_ent *e = m->cur;
        if (e && e->threshold == threshold && e->store_gen == sg && e->graph_gen == gg) {
            e->refs++;
            *out = e;
        }
        pthread_mutex_unlock(&m->mu);
        if (*out) return true;
    }
    memo_ent *e = ov__calloc(1, sizeof *e);
    if (!e) {
        ov__error(c->req, c->resp, 500, "out of memory");
        return false;
    }
    if (!candidates(c, threshold, &e->x)) {
        ov__free(e);
        return false;
    }
    *e = (memo_ent){e->x, threshold, sg, gg, 1};
    if (m) {
        memo_ent *old;
        pthread_mutex_lock(&m->mu);
        old = m->cur;
        m->cur = e;
        e->refs++;
        pthread_mutex_unlock(&m->mu);
        memo_release(m, old);
    }
    *out = e;
    return true;
}

/* What the review shows of one side of a pair: its values, each kind at most
 * SIDE_MAX_VALUES, distinct, borrowed from e. */
typedef struct side {
    const ov_entity *e;
    const char *names[SIDE_MAX_VALUES], *countries[SIDE_MAX_VALUES], *sources[SIDE_MAX_VALUES],
        *datasets[SIDE_MAX_VALUES];
    const ov_stmt *ids[SIDE_MAX_VALUES];
    size_t n_names, n_countries, n_sources, n_datasets, n_ids;
} side;

static void add_distinct(const char **v, size_t *n, const char *s)
{
    if (!s || !*s || *n == SIDE_MAX_VALUES) return;
    for (size_t i = 0; i < *n; i++)
        if (!strcmp(v[i], s)) return;
    v[(*n)++] = s;
}

static void side_of(const ov_entity *e, side *s)
{
    memset(s, 0, sizeof *s);
    s->e = e;
    for (size_t i = 0; i < e->n_stmts; i++) {
        const ov_stmt *t = &e->stmts[i];
        if (t->retired_in || t->status == OV_ST_RETRACTED) continue;
        if (!strcmp(t->prop, "name") || !strcmp(t->prop, "alias") || !strcmp(t->prop, "previousName"))
            add_distinct(s->names, &s->n_names, t->value);
        else if (!strcmp(t->prop, "country") || !strcmp(t->prop, "jurisdiction") || !strcmp(t->prop, "nationality"))
            add_distinct(s->countries, &s->n_countries, t->value);
        else if (ov_xref_identifier(t->prop) && s->n_ids < SIDE_MAX_VALUES)
            s->ids[s->n_ids++] = t;
        add_distinct(s->sources, &s->n_sources, t->source);
        add_distinct(s->datasets, &s->n_datasets, t->dataset);
    }
}

static const char *caption_of(const ov_entity *e, const char *fallback)
{
    if (e && e->caption && *e->caption) return e->caption;
    for (size_t i = 0; e && i < e->n_stmts; i++)
        if (!strcmp(e->stmts[i].prop, "name") && e->stmts[i].status != OV_ST_RETRACTED) return e->stmts[i].value;
    return fallback;
}

static void json_strings(ov_buf *b, const char *key, const char *const *v, size_t n)
{
    ov_buf_addc(b, ',');
    ov__json(b, key);
    ov_buf_adds(b, ":[");
    for (size_t i = 0; i < n; i++) {
        if (i) ov_buf_addc(b, ',');
        ov__json(b, v[i]);
    }
    ov_buf_addc(b, ']');
}

/* One side of a candidate as JSON (the Candidate schema's XrefEntity). */
static void side_json(ov_buf *b, const char *id, const char *schema, const char *matched, const ov_entity *e)
{
    side s;
    if (e) side_of(e, &s);
    ov_buf_adds(b, "{\"id\":");
    ov__json(b, id);
    ov_buf_adds(b, ",\"schema\":");
    ov__json(b, schema);
    ov_buf_adds(b, ",\"caption\":");
    ov__json(b, caption_of(e, id));
    ov_buf_adds(b, ",\"matched_name\":");
    ov__json(b, matched);
    if (!e) {
        ov_buf_adds(b, ",\"names\":[],\"identifiers\":[],\"countries\":[],\"sources\":[],\"datasets\":[]}");
        return;
    }
    json_strings(b, "names", s.names, s.n_names);
    ov_buf_adds(b, ",\"identifiers\":[");
    for (size_t i = 0; i < s.n_ids; i++) {
        ov_buf_adds(b, i ? ",{\"prop\":" : "{\"prop\":");
        ov__json(b, s.ids[i]->prop);
        ov_buf_adds(b, ",\"value\":");
        ov__json(b, s.ids[i]->value);
        ov_buf_addc(b, '}');
    }
    ov_buf_addc(b, ']');
    json_strings(b, "countries", s.countries, s.n_countries);
    json_strings(b, "sources", s.sources, s.n_sources);
    json_strings(b, "datasets", s.datasets, s.n_datasets);
    ov_buf_addc(b, '}');
}

void ov__api_xref(ov__ctx *c)
{
    xq q;
    if (!xq_parse(c, &q, 20)) return;
    memo_ent *me;
    if (!candidates_memo(c, q.threshold, &me)) return;
    const ov_xref *x = me->x;
    c->resp->content_type = "application/json; charset=utf-8";
    size_t total = 0;
    for (size_t i = 0; i < ov_xref_count(x); i++) total += xq_keeps(c->app, &q, ov_xref_at(x, i));
    ov_buf_printf(B, "{\"threshold\":%.2f,\"total\":%zu,\"limit\":%ld,\"offset\":%ld,\"filters\":{\"schema\":",
                  q.threshold, total, q.limit, q.offset);
    if (q.schema) ov__json(B, q.schema);
    else ov_buf_adds(B, "null");
    ov_buf_adds(B, ",\"entity\":");
    if (q.entity) ov__json(B, q.entity);
    else ov_buf_adds(B, "null");
    ov_buf_adds(B, "},\"candidates\":[");
    long seen = 0, shown = 0;
    for (size_t i = 0; i < ov_xref_count(x) && shown < q.limit; i++) {
        const ov_xref_pair *p = ov_xref_at(x, i);
        if (!xq_keeps(c->app, &q, p) || seen++ < q.offset) continue;
        ov_entity *a = NULL, *b = NULL;
        ov_store_get(c->slot->st, p->a, 0, &a);
        ov_store_get(c->slot->st, p->b, 0, &b);
        ov_buf_printf(B, "%s{\"rank\":%ld,\"score\":%.4f,\"explanation\":", shown++ ? "," : "", seen, p->score);
        ov__json(B, p->explanation);
        ov_buf_adds(B, ",\"features\":{");
        int nf = 0;
        for (int f = 0; f < OV_MF__COUNT; f++) {
            if (p->features[f] == 0) continue;
            if (nf++) ov_buf_addc(B, ',');
            ov__json(B, ov_match_feature_name(f));
            ov_buf_printf(B, ":%.4f", p->features[f]);
        }
        ov_buf_adds(B, "},\"left\":");
        side_json(B, p->a, p->a_schema, p->a_name, a);
        ov_buf_adds(B, ",\"right\":");
        side_json(B, p->b, p->b_schema, p->b_name, b);
        ov_buf_addc(B, '}');
        ov_entity_free(a);
        ov_entity_free(b);
    }
    ov_buf_adds(B, "]}\n");
    memo_release(c->app->xref_memo, me);
}

/* ---- judgements of an entity ------------------------------------------------------- */

static bool in_list(const char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v[i], s)) return true;
    return false;
}

static void judgement_json(ov_buf *b, const ov_judgement *j)
{
    ov_buf_adds(b, "{\"id\":");
    ov__json(b, j->id);
    ov_buf_adds(b, ",\"left\":");
    ov__json(b, j->left);
    ov_buf_adds(b, ",\"right\":");
    ov__json(b, j->right);
    ov_buf_printf(b, ",\"verdict\":\"%s\",\"reason\":", ov_verdict_name(j->verdict));
    ov__json(b, j->reason);
    ov_buf_adds(b, ",\"author\":");
    ov__json(b, j->author);
    ov_buf_adds(b, ",\"date\":");
    ov__json(b, j->date);
    ov_buf_printf(b, ",\"status\":\"%s\",\"citation\":", ov_status_name(j->status));
    if (j->source || j->locator) {
        ov_buf_adds(b, "{\"source\":");
        if (j->source) ov__json(b, j->source);
        else ov_buf_adds(b, "null");
        ov_buf_adds(b, ",\"locator\":");
        if (j->locator) ov__json(b, j->locator);
        else ov_buf_adds(b, "null");
        ov_buf_addc(b, '}');
    } else {
        ov_buf_adds(b, "null");
    }
    ov_buf_addc(b, '}');
}

/* The canonical id, referents and judgements of id in st, as a JSON object into b
 * (a newline after it when nl). OV_ENOTFOUND when id is neither an entity nor judged. */
static int resolution_json(ov_store *st, ov_buf *b, const char *id, bool nl)
{
    ov_resolver *r = NULL;
    int rc = ov_resolver_load(st, &r);
    if (rc) return rc;
    ov_entity *e = NULL;
    bool known = ov_store_get(st, id, 0, &e) == OV_OK && !e->retired_in;
    ov_entity_free(e);
    const char **refs = NULL;
    size_t n = 0;
    rc = ov_resolver_referents(r, id, &refs, &n);
    bool judged = false;
    for (size_t i = 0; !rc && i < ov_resolver_count(r) && !judged; i++)
        judged = !strcmp(ov_resolver_at(r, i)->left, id) || !strcmp(ov_resolver_at(r, i)->right, id);
    if (!rc && !known && !judged) rc = OV_ENOTFOUND;
    if (!rc) {
        ov_buf_adds(b, "{\"id\":");
        ov__json(b, id);
        ov_buf_adds(b, ",\"canonical\":");
        ov__json(b, ov_resolver_canonical(r, id));
        json_strings(b, "referents", refs, n);
        ov_buf_adds(b, ",\"judgements\":[");
        int k = 0;
        for (size_t i = 0; i < ov_resolver_count(r); i++) {
            const ov_judgement *j = ov_resolver_at(r, i);
            if (!in_list(refs, n, j->left) && !in_list(refs, n, j->right)) continue;
            if (k++) ov_buf_addc(b, ',');
            judgement_json(b, j);
        }
        ov_buf_adds(b, nl ? "]}\n" : "]}");
    }
    ov_free(refs);
    ov_resolver_free(r);
    return rc;
}

void ov__api_judgements(ov__ctx *c, const char *id)
{
    c->resp->content_type = "application/json; charset=utf-8";
    int rc = resolution_json(c->slot->st, B, id, true);
    if (rc == OV_ENOTFOUND) ov__error(c->req, c->resp, 404, "%s: no such entity, and no judgement of it", id);
    else if (rc) ov__error(c->req, c->resp, ov__status_for(rc), "%s", ov_store_errmsg(c->slot->st));
}

/* ---- recording a judgement --------------------------------------------------------- */

/* A judgement as posted, JSON or form. */
typedef struct posted {
    const char *left, *right, *verdict, *reason, *source, *locator, *status;
} posted;

/* Whether the refusal of p would be for its input (400) rather than for a
 * contradiction of earlier judgements (409): the checks ov_resolve makes
 * before it compares with the judgements, on the same store. */
static bool input_problem(ov_store *w, const ov_model *m, const posted *p, int verdict)
{
    if (!p->left || !p->right || !p->reason || verdict < 0 || !strcmp(p->left, p->right)) return true;
    ov_entity *a = NULL, *b = NULL;
    bool bad = ov_store_get(w, p->left, 0, &a) != OV_OK || ov_store_get(w, p->right, 0, &b) != OV_OK;
    if (!bad && verdict == OV_SAME) {
        const ov_schema *sa = ov_model_schema(m, a->schema), *sb = ov_model_schema(m, b->schema);
        bad = !sa || !sb || !(ov_schema_is_a(sa, sb) || ov_schema_is_a(sb, sa));
    }
    ov_entity_free(a);
    ov_entity_free(b);
    return bad;
}

/* Checks and writes p with author who. OV_OK with the judgement's id in id;
 * otherwise the HTTP status in *status and the message in err. */
static int record(ov__app *app, ov_store *w, const posted *p, const char *who, char *id, int *status, char *err,
                  size_t errlen)
{
    *status = 400;
    int verdict = ov_verdict_parse(p->verdict);
    if (!p->left || !p->right) {
        snprintf(err, errlen, "a judgement needs left and right: the two entity ids");
        return OV_EINVAL;
    }
    if (verdict < 0) {
        snprintf(err, errlen, "verdict must be same, different or unsure");
        return OV_EINVAL;
    }
    if ((p->reason && strlen(p->reason) > MAX_REASON) || (p->source && strlen(p->source) > MAX_SOURCE) ||
        (p->locator && strlen(p->locator) > MAX_LOCATOR) || strlen(p->left) > 1000 || strlen(p->right) > 1000) {
        snprintf(err, errlen, "a reason is at most %d bytes, a source %d, a locator %d and an id 1000", MAX_REASON,
                 MAX_SOURCE, MAX_LOCATOR);
        return OV_EINVAL;
    }
    ov_judgement_in j = {.left = p->left, .right = p->right, .verdict = verdict, .reason = p->reason,
                         .author = who, .source = p->source, .locator = p->locator, .status = OV_ST_ASSERTED};
    if (p->status) {
        j.status = ov_status_parse(p->status);
        if (j.status < 0 || j.status == OV_ST_RETRACTED) {
            snprintf(err, errlen, "status must be asserted, verified, alleged, disputed or unverified");
            return OV_EINVAL;
        }
    }
    int rc = ov_resolve(w, app->m, &j, id, err, errlen);
    if (rc == OV_EINVAL) *status = input_problem(w, app->m, p, verdict) ? 400 : 409;
    else if (rc) *status = ov__status_for(rc);
    return rc;
}

static const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

static void review_result(ov__app *app, ov_store *w, ov__req *r, ov__resp *resp, const posted *p, const char *id,
                          int status, const char *err);

int ov__resolve_write(ov__app *app, ov_store *w, ov__req *r, ov__resp *resp, const char *who)
{
    bool form = !strcmp(r->path, "/review");
    posted p = {0};
    cJSON *root = NULL;
    if (form) {
        /* the fields from the body only: a query string on the form's URL is not the form */
        ov__req body = {.arena = r->arena};
        if (!r->content_type || strncasecmp(r->content_type, "application/x-www-form-urlencoded", 33) ||
            r->body_len > MAX_JUDGEMENT_BODY || ov__req_parse_form(&body, r->body ? r->body : "", r->body_len)) {
            ov__error(r, resp, 400, "the review form was not sent as a form");
            return OV_EINVAL;
        }
        const char **f[] = {&p.left, &p.right, &p.verdict, &p.reason, &p.source, &p.locator};
        const char *names[] = {"left", "right", "verdict", "reason", "source", "locator"};
        for (size_t i = 0; i < 6; i++) {
            *f[i] = ov__req_param(&body, names[i]);
            if (*f[i] && !**f[i]) *f[i] = NULL;
        }
    } else {
        if (r->body_len > MAX_JUDGEMENT_BODY) {
            ov__error(r, resp, 413, "a judgement is at most %d bytes of JSON", MAX_JUDGEMENT_BODY);
            return OV_ETOOBIG;
        }
        root = r->body_len ? cJSON_ParseWithLength(r->body, r->body_len) : NULL;
        if (!cJSON_IsObject(root)) {
            cJSON_Delete(root);
            ov__error(r, resp, 400, "the body must be a JSON object: left, right, verdict, reason (source, locator)");
            return OV_EINVAL;
        }
        p = (posted){jstr(root, "left"),   jstr(root, "right"),   jstr(root, "verdict"), jstr(root, "reason"),
                     jstr(root, "source"), jstr(root, "locator"), jstr(root, "status")};
    }
    char id[64] = "", err[2048] = "";
    int status = 200;
    int rc = record(app, w, &p, who, id, &status, err, sizeof err);
    if (form) {
        review_result(app, w, r, resp, &p, id, rc ? status : 200, err);
    } else if (rc) {
        ov__error(r, resp, status, "%s", err);
    } else {
        resp->status = 200;
        resp->content_type = "application/json; charset=utf-8";
        ov_buf_adds(&resp->body, "{\"judgement\":");
        ov__json(&resp->body, id);
        ov_buf_printf(&resp->body, ",\"verdict\":\"%s\",\"author\":", ov_verdict_name(ov_verdict_parse(p.verdict)));
        ov__json(&resp->body, who);
        /* both entities as they stand now: canonical id, referents, judgements */
        ov_buf_adds(&resp->body, ",\"left\":");
        if (resolution_json(w, &resp->body, p.left, false)) ov_buf_adds(&resp->body, "null");
        ov_buf_adds(&resp->body, ",\"right\":");
        if (resolution_json(w, &resp->body, p.right, false)) ov_buf_adds(&resp->body, "null");
        ov_buf_adds(&resp->body, "}\n");
    }
    cJSON_Delete(root);
    return rc;
}

/* The token of a /review form: its "token" field, from the body only (never
 * from the URL); NULL when absent. */
const char *ov__review_token(const ov__req *r)
{
    if (!r->body || !r->content_type || strncasecmp(r->content_type, "application/x-www-form-urlencoded", 33) ||
        r->body_len > MAX_JUDGEMENT_BODY)
        return NULL;
    ov__req body = {.arena = r->arena};
    if (ov__req_parse_form(&body, r->body, r->body_len)) return NULL;
    const char *t = ov__req_param(&body, "token");
    return t && *t ? t : NULL;
}

/* ---- the review page ------------------------------------------------------------------ */

static void html_list(ov_buf *b, const char *const *v, size_t n)
{
    if (!n) {
        ov_buf_adds(b, "<span class=\"none\">none</span>");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (i) ov_buf_adds(b, ", ");
        ov__html(b, v[i]);
    }
}

/* The sources cited: a link to the source's dossier when it is an entity of the record. */
static void sources_html(ov_buf *b, ov_store *st, const side *s)
{
    if (!s->n_sources) ov_buf_adds(b, "<span class=\"none\">none</span>");
    for (size_t i = 0; i < s->n_sources; i++) {
        if (i) ov_buf_adds(b, ", ");
        ov_entity *doc = NULL;
        if (ov_store_get(st, s->sources[i], 0, &doc) == OV_OK) {
            ov_buf_adds(b, "<a href=\"/entity/");
            ov__url(b, s->sources[i]);
            ov_buf_adds(b, "\">");
            ov__html(b, caption_of(doc, s->sources[i]));
            ov_buf_adds(b, "</a>");
        } else {
            ov__html(b, s->sources[i]);
        }
        ov_entity_free(doc);
    }
}

/* One side of a candidate, side by side with the other. */
static void side_html(ov_buf *b, ov_store *st, const char *id, const char *schema, const char *matched,
                      const ov_entity *e)
{
    side s;
    if (e) side_of(e, &s);
    else memset(&s, 0, sizeof s);
    ov_buf_adds(b, "<section class=\"side\"><h3><a href=\"/entity/");
    ov__url(b, id);
    ov_buf_adds(b, "\">");
    ov__html(b, caption_of(e, id));
    ov_buf_adds(b, "</a></h3>\n<dl><dt>id</dt><dd><code>");
    ov__html(b, id);
    ov_buf_adds(b, "</code> <span class=\"schema\">");
    ov__html(b, schema);
    ov_buf_adds(b, "</span></dd><dt>matched name</dt><dd>");
    ov__html(b, matched);
    ov_buf_adds(b, "</dd><dt>names</dt><dd>");
    html_list(b, s.names, s.n_names);
    ov_buf_adds(b, "</dd><dt>identifiers</dt><dd>");
    if (!s.n_ids) ov_buf_adds(b, "<span class=\"none\">none</span>");
    for (size_t i = 0; i < s.n_ids; i++) {
        if (i) ov_buf_adds(b, ", ");
        ov__html(b, s.ids[i]->prop);
        ov_buf_adds(b, " <code>");
        ov__html(b, s.ids[i]->value);
        ov_buf_adds(b, "</code>");
    }
    ov_buf_adds(b, "</dd><dt>countries</dt><dd>");
    html_list(b, s.countries, s.n_countries);
    ov_buf_adds(b, "</dd><dt>sources</dt><dd>");
    sources_html(b, st, &s);
    ov_buf_adds(b, "</dd><dt>datasets</dt><dd>");
    html_list(b, s.datasets, s.n_datasets);
    ov_buf_adds(b, "</dd></dl></section>\n");
}

/* The form judging (left, right): reason, citation, token, and the three
 * verdicts as buttons. Values of a refused attempt are kept (never the token). */
static void judge_form(ov_buf *b, const char *left, const char *right, const posted *keep, int n)
{
    ov_buf_adds(b, "<form class=\"judge\" method=\"post\" action=\"/review\">\n<input type=\"hidden\" name=\"left\" "
                   "value=\"");
    ov__html(b, left);
    ov_buf_adds(b, "\"><input type=\"hidden\" name=\"right\" value=\"");
    ov__html(b, right);
    ov_buf_printf(b, "\">\n<label>Reason <input name=\"reason\" id=\"reason-%d\" required maxlength=\"%d\" value=\"",
                  n, MAX_REASON);
    if (keep) ov__html(b, keep->reason);
    ov_buf_printf(b, "\"></label>\n<label>Source <input name=\"source\" maxlength=\"%d\" value=\"", MAX_SOURCE);
    if (keep) ov__html(b, keep->source);
    ov_buf_printf(b, "\"></label>\n<label>Locator <input name=\"locator\" maxlength=\"%d\" value=\"", MAX_LOCATOR);
    if (keep) ov__html(b, keep->locator);
    ov_buf_adds(b, "\"></label>\n<label>API token <input type=\"password\" name=\"token\" required "
                   "autocomplete=\"off\"></label>\n<span class=\"verdicts\">"
                   "<button type=\"submit\" name=\"verdict\" value=\"same\">Same</button> "
                   "<button type=\"submit\" name=\"verdict\" value=\"different\">Different</button> "
                   "<button type=\"submit\" name=\"verdict\" value=\"unsure\">Unsure</button></span>\n</form>\n");
}

static void review_intro(ov_buf *b)
{
    ov_buf_adds(b, "<p>Pairs of entities of the record that may be one, proposed by the matcher (names, identifiers, "
                   "countries), strongest first; pairs already judged, and entities already one, are left out. A "
                   "judgement is kept as record data with its reason, citation, author (the token's owner) and "
                   "date; nothing is overwritten: judge a pair again to undo. Writing needs an API token "
                   "(<code>oversight token create NAME</code>); it is sent with the form, never kept in a URL.</p>\n");
}

void ov__review(ov__ctx *c)
{
    xq q;
    if (!xq_parse(c, &q, REVIEW_ROWS)) return;
    memo_ent *me;
    if (!candidates_memo(c, q.threshold, &me)) return;
    const ov_xref *x = me->x;
    c->resp->content_type = "text/html; charset=utf-8";
    ov__page_start(B, "Review candidates");
    ov_buf_adds(B, "<h1>Review: one entity or two?</h1>\n");
    review_intro(B);
    ov_buf_adds(B, "<form class=\"search\" action=\"/review\" method=\"get\">\n<label>Schema <input name=\"schema\" "
                   "size=\"12\" value=\"");
    ov__html(B, q.schema);
    ov_buf_adds(B, "\"></label>\n<label>Entity id <input name=\"entity\" size=\"24\" value=\"");
    ov__html(B, q.entity);
    ov_buf_printf(B, "\"></label>\n<label>Threshold <input name=\"threshold\" size=\"4\" value=\"%.2f\"></label>\n"
                     "<button type=\"submit\">Filter</button></form>\n",
                  q.threshold);
    size_t total = 0;
    for (size_t i = 0; i < ov_xref_count(x); i++) total += xq_keeps(c->app, &q, ov_xref_at(x, i));
    ov_buf_printf(B, "<p class=\"count\" id=\"count\">%zu candidate pair%s</p>\n<ol class=\"review\" start=\"%ld\">\n",
                  total, total == 1 ? "" : "s", q.offset + 1);
    long seen = 0, shown = 0;
    for (size_t i = 0; i < ov_xref_count(x) && shown < q.limit; i++) {
        const ov_xref_pair *p = ov_xref_at(x, i);
        if (!xq_keeps(c->app, &q, p) || seen++ < q.offset) continue;
        ov_entity *a = NULL, *b = NULL;
        ov_store_get(c->slot->st, p->a, 0, &a);
        ov_store_get(c->slot->st, p->b, 0, &b);
        ov_buf_printf(B, "<li class=\"candidate\" id=\"c%ld\">\n<div class=\"pair\">\n", ++shown);
        side_html(B, c->slot->st, p->a, p->a_schema, p->a_name, a);
        side_html(B, c->slot->st, p->b, p->b_schema, p->b_name, b);
        ov_buf_printf(B, "</div>\n<p class=\"why\">Score <strong>%.3f</strong>: ", p->score);
        ov__html(B, p->explanation);
        ov_buf_adds(B, "</p>\n");
        judge_form(B, p->a, p->b, NULL, (int)shown);
        ov_buf_adds(B, "</li>\n");
        ov_entity_free(a);
        ov_entity_free(b);
    }
    ov_buf_adds(B, "</ol>\n");
    if ((size_t)(q.offset + shown) < total) {
        ov_buf_adds(B, "<p><a rel=\"next\" href=\"/review?");
        if (q.schema) {
            ov_buf_adds(B, "schema=");
            ov__url(B, q.schema);
            ov_buf_adds(B, "&amp;");
        }
        if (q.entity) {
            ov_buf_adds(B, "entity=");
            ov__url(B, q.entity);
            ov_buf_adds(B, "&amp;");
        }
        ov_buf_printf(B, "threshold=%.2f&amp;offset=%ld\">Next page</a></p>\n", q.threshold, q.offset + shown);
    }
    memo_release(c->app->xref_memo, me);
    ov__page_end(B);
}

/* The page after a judgement from the review form: what was recorded, or the
 * refusal with its message and the form again (its values kept, not the token). */
static void review_result(ov__app *app, ov_store *w, ov__req *r, ov__resp *resp, const posted *p, const char *id,
                          int status, const char *err)
{
    (void)app;
    ov_buf *b = &resp->body;
    ov_buf_reset(b);
    resp->status = status;
    resp->content_type = "text/html; charset=utf-8";
    ov__page_start(b, status == 200 ? "Judgement recorded" : "Judgement refused");
    if (status == 200) {
        ov_buf_adds(b, "<h1>Judgement recorded</h1>\n<p class=\"done\" id=\"recorded\"><code class=\"judgement\">");
        ov__html(b, id);
        ov_buf_adds(b, "</code>: ");
    } else {
        ov_buf_printf(b, "<h1>Judgement refused</h1>\n<p class=\"error\" id=\"refused\" role=\"alert\">%d: ", status);
        ov__html(b, err);
        ov_buf_adds(b, "</p>\n<p>");
    }
    for (int k = 0; k < 2; k++) {
        const char *eid = k ? p->right : p->left;
        if (k) {
            ov_buf_adds(b, " ");
            ov__html(b, p->verdict ? p->verdict : "?");
            ov_buf_adds(b, " ");
        }
        ov_entity *e = NULL;
        if (eid && ov_store_get(w, eid, 0, &e) == OV_OK) {
            ov_buf_adds(b, "<a href=\"/entity/");
            ov__url(b, eid);
            ov_buf_adds(b, "\">");
            ov__html(b, caption_of(e, eid));
            ov_buf_adds(b, "</a> (<code>");
            ov__html(b, eid);
            ov_buf_adds(b, "</code>)");
        } else {
            ov__html(b, eid ? eid : "?");
        }
        ov_entity_free(e);
    }
    if (status == 200) {
        ov_buf_adds(b, ". Reason: ");
        ov__html(b, p->reason);
    }
    ov_buf_adds(b, "</p>\n");
    if (status != 200 && p->left && p->right) judge_form(b, p->left, p->right, p, 1);
    ov_buf_adds(b, "<p><a href=\"/review\" id=\"back\">Back to the review queue</a></p>\n");
    ov__page_end(b);
}

/* ---- the resolution section of a dossier ---------------------------------------------- */

static void link_id(ov_buf *b, ov_store *st, const char *id)
{
    ov_entity *e = NULL;
    bool ok = ov_store_get(st, id, 0, &e) == OV_OK;
    ov_buf_adds(b, "<a href=\"/entity/");
    ov__url(b, id);
    ov_buf_adds(b, "\">");
    ov__html(b, ok ? caption_of(e, id) : id);
    ov_buf_adds(b, "</a> <code>");
    ov__html(b, id);
    ov_buf_adds(b, "</code>");
    ov_entity_free(e);
}

void ov__resolution_section(ov__ctx *c, const char *id)
{
    ov_store *st = c->slot->st;
    const ov_resolver *r = ov__ctx_resolver(c);
    if (!r) return; /* the dossier stands without it */
    const char **refs = NULL;
    size_t n = 0;
    if (ov_resolver_referents(r, id, &refs, &n)) return;
    ov_buf_adds(B, "<section id=\"resolution\"><h2>Resolution: canonical id and referents</h2>\n<p>Canonical id: "
                   "<code class=\"canonical\">");
    ov__html(B, ov_resolver_canonical(r, id));
    ov_buf_adds(B, "</code>. ");
    if (n > 1) {
        ov_buf_printf(B, "Judged one entity with %zu referent%s:</p>\n<ul class=\"referents\">", n - 1,
                      n == 2 ? "" : "s");
        for (size_t i = 0; i < n; i++) {
            if (!strcmp(refs[i], id)) continue;
            ov_buf_adds(B, "<li>");
            link_id(B, st, refs[i]);
            ov_buf_adds(B, "</li>");
        }
        ov_buf_adds(B, "</ul>\n");
    } else {
        ov_buf_adds(B, "No other entity is judged the same as this one.</p>\n");
    }
    int k = 0;
    for (size_t i = 0; i < ov_resolver_count(r); i++) {
        const ov_judgement *j = ov_resolver_at(r, i);
        if (!in_list(refs, n, j->left) && !in_list(refs, n, j->right)) continue;
        if (!k++)
            ov_buf_adds(B, "<table class=\"judgements\"><thead><tr><th>judgement</th><th>pair</th><th>verdict</th>"
                           "<th>reason</th><th>citation</th><th>by, on</th></tr></thead><tbody>\n");
        ov_buf_adds(B, "<tr><td><code>");
        ov__html(B, j->id);
        ov_buf_adds(B, "</code></td><td>");
        link_id(B, st, j->left);
        ov_buf_adds(B, " — ");
        link_id(B, st, j->right);
        ov_buf_printf(B, "</td><td><span class=\"verdict %s\">%s</span> <span class=\"status %s\">%s</span></td><td>",
                      ov_verdict_name(j->verdict), ov_verdict_name(j->verdict), ov_status_name(j->status),
                      ov_status_name(j->status));
        ov__html(B, j->reason);
        ov_buf_adds(B, "</td><td>");
        if (j->source) {
            ov_entity *doc = NULL;
            if (ov_store_get(st, j->source, 0, &doc) == OV_OK) link_id(B, st, j->source);
            else ov__html(B, j->source);
            ov_entity_free(doc);
            if (j->locator) ov_buf_adds(B, " — ");
        }
        ov__html(B, j->locator);
        ov_buf_adds(B, "</td><td>");
        ov__html(B, j->author);
        ov_buf_adds(B, ", ");
        ov__html(B, j->date);
        ov_buf_adds(B, "</td></tr>\n");
    }
    if (k) ov_buf_adds(B, "</tbody></table>\n");
    ov_buf_adds(B, "<p><a href=\"/review?entity=");
    ov__url(B, id);
    ov_buf_adds(B, "\">Candidates for this entity in the review queue</a> · <a href=\"/api/judgements/");
    ov__url(B, id);
    ov_buf_adds(B, "\">JSON</a></p></section>\n");
    ov_free(refs);
}
