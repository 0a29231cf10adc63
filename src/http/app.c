/*
 * app.c - the server's shared state and dispatch. A pool of read-only store
 * connections (one per worker at a time: a store handle is single-threaded),
 * the ownership graph, typology and legal rules built once and shared
 * read-only, and a readers-writer lock: requests read under it; an authorised
 * write loads beside them (write_mu: one at a time), builds the graph again
 * and installs it under the write side. A write by
 * another process (`oversight load`) is seen by the store generation: the
 * first request that sees it builds the graph, typology and matcher again
 * outside the lock and installs them under the write side.
 */
#include <stdarg.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>
#include "http_internal.h"
#include "oversight/match.h"
#include "oversight/resolve.h"
#include "../store/store_internal.h"
#include "../util/alloc.h"
#include "../util/banned.h"

static void app_log(ov__app *app, const char *msg, const char *detail)
{
    if (!app->log) return;
    fprintf(app->log, "oversight serve: %s%s%s\n", msg, detail ? ": " : "", detail ? detail : "");
    fflush(app->log);
}

/* ---- the response cache ------------------------------------------------------
 * Entity JSON and dossiers are read far more often than the record changes.
 * A direct-mapped table of responses keyed by path, each tagged with the
 * cache generation it was made in. Every request first asks its connection
 * for the store's data version (ov__store_data_version), which changes when
 * any other connection or process commits; a change (or a connection's first
 * use) bumps the generation, so a cached response is never older than the last commit its request could see.
 * Bounded: CACHE_SLOTS entries of at most CACHE_MAX_ENTRY bytes, CACHE_MAX_BYTES in all. */

#define CACHE_SLOTS 4096
#define CACHE_MAX_ENTRY ((size_t)512 << 10)
#define CACHE_MAX_BYTES ((size_t)128 << 20)

typedef struct ov__cache_ent {
    pthread_mutex_t mu;
    uint64_t gen, hash;
    char *key, *body;  /* owned */
    size_t len;
    const char *type;
} ov__cache_ent;

/* ahead: the entity the request will read with its history, or NULL
 * (ov__store_data_version_ahead). */
static void slot_refresh(ov__app *app, ov__slot *s, const char *ahead)
{
    int64_t v = ov__store_data_version_ahead(s->st, ahead);
    if (!s->dv_seen || v != s->dv || v < 0) {
        __atomic_add_fetch(&app->cache_gen, 1, __ATOMIC_SEQ_CST);
        s->store_gen = ov__store_generation(s->st);
        ov_resolver_free(s->resolver);
        s->resolver = NULL;
    }
    s->dv = v;
    s->dv_seen = true;
}

static bool cacheable(const ov__req *r)
{
    return (!strcmp(r->method, "GET") || !strcmp(r->method, "HEAD")) && r->n_params == 0 &&
           (ov__path_after(r->path, "/api/entities/") || ov__path_after(r->path, "/entity/"));
}

/* Whether the cache holds a response for r's path, of any generation. */
static bool cache_holds(ov__app *app, const ov__req *r)
{
    uint64_t h = XXH3_64bits(r->path, strlen(r->path));
    ov__cache_ent *e = &app->cache[h % CACHE_SLOTS];
    pthread_mutex_lock(&e->mu);
    bool held = e->body && e->hash == h && !strcmp(e->key, r->path);
    pthread_mutex_unlock(&e->mu);
    return held;
}

/* The entity an API entity GET reads first (with its history), when its
 * response will not come from the cache: the store may fetch it with the
 * data version (slot_refresh). NULL otherwise. */
static const char *entity_ahead(ov__app *app, const ov__req *r)
{
    if (strcmp(r->method, "GET") != 0) return NULL;
    const char *id = ov__path_after(r->path, "/api/entities/");
    if (!id || (app->cache && cacheable(r) && cache_holds(app, r))) return NULL;
    return id;
}

static bool cache_get(ov__app *app, const ov__req *r, ov__resp *resp)
{
    uint64_t h = XXH3_64bits(r->path, strlen(r->path)), gen = __atomic_load_n(&app->cache_gen, __ATOMIC_SEQ_CST);
    ov__cache_ent *e = &app->cache[h % CACHE_SLOTS];
    bool hit = false;
    pthread_mutex_lock(&e->mu);
    if (e->body && e->gen == gen && e->hash == h && !strcmp(e->key, r->path)) {
        hit = ov_buf_add(&resp->body, e->body, e->len) == OV_OK;
        resp->content_type = e->type;
        resp->status = 200;
    }
    pthread_mutex_unlock(&e->mu);
    return hit;
}

static void cache_put(ov__app *app, const ov__req *r, const ov__resp *resp, uint64_t gen)
{
    if (resp->status != 200 || resp->file || resp->static_body || !resp->body.len || resp->body.len > CACHE_MAX_ENTRY) return;
    if (__atomic_load_n(&app->cache_bytes, __ATOMIC_SEQ_CST) + resp->body.len > CACHE_MAX_BYTES) return;
    uint64_t h = XXH3_64bits(r->path, strlen(r->path));
    char *key = ov__strdup(r->path), *body = ov__malloc(resp->body.len);
    if (!key || !body) {
        ov__free(key);
        ov__free(body);
        return;
    }
    memcpy(body, resp->body.data, resp->body.len);
    ov__cache_ent *e = &app->cache[h % CACHE_SLOTS];
    pthread_mutex_lock(&e->mu);
    if (e->body) __atomic_sub_fetch(&app->cache_bytes, e->len, __ATOMIC_SEQ_CST);
    ov__free(e->key);
    ov__free(e->body);
    *e = (ov__cache_ent){.mu = e->mu, .gen = gen, .hash = h, .key = key, .body = body, .len = resp->body.len,
                         .type = resp->content_type};
    __atomic_add_fetch(&app->cache_bytes, e->len, __ATOMIC_SEQ_CST);
    pthread_mutex_unlock(&e->mu);
}

/* What is derived from the record, built together: the graph, the
 * typology, the matcher and screeners, and the store generation read before
 * the build (a write during the build leaves the generation above it, so it
 * is built again). */
typedef struct derived {
    ov_graph *g;
    ov_typology *t;
    size_t n;
    struct ov_matcher *mx;
    struct ov_screener *scr[OV__SCREEN_RULES];
    int64_t store_gen;
} derived;

static void derived_free(derived *d)
{
    ov_graph_free(d->g);
    ov_typologies_free(d->t);
    ov_matcher_free(d->mx);
    for (int i = 0; i < OV__SCREEN_RULES; i++) ov_screener_free(d->scr[i]);
    memset(d, 0, sizeof *d);
}

/* Builds d from st (used by this thread alone); no lock needed. */
static int derive(ov__app *app, ov_store *st, derived *d, char *err, size_t errlen)
{
    memset(d, 0, sizeof *d);
    d->store_gen = ov__store_generation(st);
    ov_graph_opts go = {0};
    int rc = ov_graph_build(st, app->m, &go, &d->g);
    if (!rc) rc = ov_typology_classify(st, d->g, &d->t, &d->n);
    if (rc) {
        snprintf(err, errlen, "cannot build the ownership graph: %s", ov_store_errmsg(st));
        derived_free(d);
        return rc;
    }
    char merr[256];
    if (ov__matcher_build(app, st, d->g, &d->mx, d->scr, merr, sizeof merr))
        app_log(app, "name matching is unavailable", merr);
    return OV_OK;
}

/* Makes d current (consumes it). At start, or under the write lock. */
static void install(ov__app *app, derived *d)
{
    /* the slots' law contexts point at the old graph: close them (requests
     * use them under the read lock only; the pool lock because slots are
     * taken, and made, before the read lock) */
    pthread_mutex_lock(&app->pool_lock);
    for (size_t i = 0; i < app->n_slots; i++) {
        ov_law_close(app->all_slots[i]->law);
        app->all_slots[i]->law = NULL;
    }
    pthread_mutex_unlock(&app->pool_lock);
    pthread_mutex_lock(&app->match_lock);
    ov_matcher_free(app->matcher);
    app->matcher = d->mx;
    pthread_mutex_unlock(&app->match_lock);
    /* requests read the screener under the read lock; rebuilds hold the write lock */
    for (int i = 0; i < OV__SCREEN_RULES; i++) {
        ov_screener_free(app->screeners[i]);
        app->screeners[i] = d->scr[i];
    }
    ov_graph_free(app->g);
    ov_typologies_free(app->typ);
    app->g = d->g;
    app->typ = d->t;
    app->n_typ = d->n;
    app->gen++;
    __atomic_store_n(&app->store_gen, d->store_gen, __ATOMIC_SEQ_CST);
    memset(d, 0, sizeof *d);
}

/* Builds the graph and the typology from st and makes them current.
 * Called at start and under the write lock. */
static int rebuild(ov__app *app, ov_store *st, char *err, size_t errlen)
{
    derived d;
    int rc = derive(app, st, &d, err, errlen);
    if (!rc) install(app, &d);
    return rc;
}

static int64_t now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec;
}

/* Another process's write: the slot (taken, refreshed, no lock held) sees a
 * store generation above the one the graph was built from. One request at a
 * time builds everything again on its slot, outside the lock, so the others
 * keep answering from the old graph meanwhile; it is installed under the
 * write lock unless a write through the server installed a newer one. A
 * failed build is tried again 5 s later at the earliest. */
static void catch_up(ov__app *app, ov__slot *s)
{
    if (s->store_gen <= __atomic_load_n(&app->store_gen, __ATOMIC_SEQ_CST)) return;
    if (now_seconds() < __atomic_load_n(&app->rebuild_retry_at, __ATOMIC_SEQ_CST)) return;
    if (__atomic_load_n(&app->writing, __ATOMIC_SEQ_CST)) return; /* the write rebuilds after it */
    if (__atomic_exchange_n(&app->rebuilding, 1, __ATOMIC_SEQ_CST)) return;
    derived d;
    char err[512];
    if (derive(app, s->st, &d, err, sizeof err)) {
        app_log(app, "cannot rebuild after another process's write", err);
        __atomic_store_n(&app->rebuild_retry_at, now_seconds() + 5, __ATOMIC_SEQ_CST);
    } else {
        pthread_rwlock_wrlock(&app->lock);
        if (d.store_gen > app->store_gen) {
            install(app, &d);
            app_log(app, "rebuilt the graph after another process's write", NULL);
        }
        pthread_rwlock_unlock(&app->lock);
        derived_free(&d);
    }
    __atomic_store_n(&app->rebuilding, 0, __ATOMIC_SEQ_CST);
}

static ov__slot *slot_new(ov__app *app, char *err, size_t errlen)
{
    ov__slot *s = ov__calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    int rc = ov_store_open(&s->st, app->db_path, OV_OPEN_READONLY, app->m);
    if (rc) {
        snprintf(err, errlen, "%s", ov_store_errmsg(s->st));
        ov_store_close(s->st);
        ov__free(s);
        return NULL;
    }
    if (app->n_slots == app->cap_slots) {
        size_t cap = app->cap_slots ? app->cap_slots * 2 : 8;
        ov__slot **all = ov__realloc(app->all_slots, sizeof *all * cap);
        if (!all) {
            snprintf(err, errlen, "out of memory");
            ov_store_close(s->st);
            ov__free(s);
            return NULL;
        }
        app->all_slots = all;
        app->cap_slots = cap;
    }
    app->all_slots[app->n_slots++] = s;
    return s;
}

static ov__slot *slot_take(ov__app *app)
{
    char err[256];
    pthread_mutex_lock(&app->pool_lock);
    ov__slot *s = app->free_slots;
    if (s) app->free_slots = s->next;
    else s = slot_new(app, err, sizeof err);
    pthread_mutex_unlock(&app->pool_lock);
    if (!s) app_log(app, "cannot open a store connection", err);
    return s;
}

static void slot_give(ov__app *app, ov__slot *s)
{
    pthread_mutex_lock(&app->pool_lock);
    s->next = app->free_slots;
    app->free_slots = s;
    pthread_mutex_unlock(&app->pool_lock);
}

ov_law *ov__ctx_law(ov__ctx *c)
{
    ov__slot *s = c->slot;
    if (s->law && s->law_gen == c->app->gen) return s->law;
    ov_law_close(s->law);
    s->law = NULL;
    if (ov_law_open(&s->law, s->st, c->app->m, c->app->g, c->app->rules, NULL)) {
        ov_law_close(s->law);
        s->law = NULL;
        return NULL;
    }
    s->law_gen = c->app->gen;
    return s->law;
}

const ov_resolver *ov__ctx_resolver(ov__ctx *c)
{
    ov__slot *s = c->slot;
    if (!s->resolver && ov_resolver_load(s->st, &s->resolver)) s->resolver = NULL;
    return s->resolver;
}

const char *ov__party_of(const void *ud, const char *id)
{
    return ud ? ov_resolver_canonical(ud, id) : id;
}

int ov__app_init(ov__app *app, const ov_model *m, const ov_server_opts *opts, char *err, size_t errlen)
{
    memset(app, 0, sizeof *app);
    app->m = m;
    app->opts = *opts;
    app->log = opts->log;
    app->db_path = ov__strdup(opts->db_path ? opts->db_path : "oversight.db");
    pthread_rwlockattr_t attr;
    pthread_rwlockattr_init(&attr);
    pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    pthread_rwlock_init(&app->lock, &attr);
    pthread_rwlockattr_destroy(&attr);
    pthread_mutex_init(&app->pool_lock, NULL);
    pthread_mutex_init(&app->match_lock, NULL);
    pthread_mutex_init(&app->exp_lock, NULL);
    pthread_mutex_init(&app->write_mu, NULL);
    pthread_cond_init(&app->exp_cv, NULL);
    pthread_mutex_init(&app->guess_lock, NULL);
    app->max_expensive = 1;
    app->cache = ov__calloc(CACHE_SLOTS, sizeof *app->cache);
    app->guesses = ov__calloc(OV__GUESS_SLOTS, sizeof *app->guesses);
    if (!app->db_path || !app->cache || !app->guesses) {
        snprintf(err, errlen, "out of memory");
        return OV_ENOMEM;
    }
    for (size_t i = 0; i < CACHE_SLOTS; i++) pthread_mutex_init(&app->cache[i].mu, NULL);
    ov__slot *s = slot_new(app, err, errlen);
    if (!s) return OV_ENOTFOUND;
    s->next = NULL;
    app->free_slots = s;
    char rerr[512];
    int rc = ov_rules_load_default(&app->rules, rerr, sizeof rerr);
    if (rc) {
        snprintf(err, errlen, "cannot load the applicability rules: %s", rerr);
        return rc;
    }
    return rebuild(app, s->st, err, errlen);
}

void ov__app_release(ov__app *app)
{
    for (size_t i = 0; app->cache && i < CACHE_SLOTS; i++) {
        ov__free(app->cache[i].key);
        ov__free(app->cache[i].body);
        pthread_mutex_destroy(&app->cache[i].mu);
    }
    ov__free(app->cache);
    ov__xref_memo_free(app);
    for (size_t i = 0; i < app->n_slots; i++) {
        ov_law_close(app->all_slots[i]->law);
        ov_resolver_free(app->all_slots[i]->resolver);
        ov_store_close(app->all_slots[i]->st);
        ov__free(app->all_slots[i]);
    }
    ov__free(app->all_slots);
    ov_store_close(app->writer);
    ov_matcher_free(app->matcher);
    for (int i = 0; i < OV__SCREEN_RULES; i++) ov_screener_free(app->screeners[i]);
    pthread_mutex_destroy(&app->match_lock);
    ov_graph_free(app->g);
    ov_typologies_free(app->typ);
    ov_rules_free(app->rules);
    ov__free(app->db_path);
    ov__free(app->guesses);
    pthread_rwlock_destroy(&app->lock);
    pthread_mutex_destroy(&app->pool_lock);
    pthread_mutex_destroy(&app->exp_lock);
    pthread_mutex_destroy(&app->write_mu);
    pthread_cond_destroy(&app->exp_cv);
    pthread_mutex_destroy(&app->guess_lock);
    memset(app, 0, sizeof *app);
}

/* ---- expensive requests ----------------------------------------------------------- */

void ov__app_set_expensive(ov__app *app, int max, int threads)
{
    app->max_expensive = max > 0 ? max : 1;
    /* a waiting request holds its worker: leave at least one worker free of them */
    int waiting = threads - app->max_expensive - 1;
    app->max_waiting = waiting > 0 ? waiting : 0;
}

/* Whole exports, screenings (a list of up to 5,000 rows) and typology
 * pages: each can take seconds and, for exports, a temporary file the size
 * of the record. */
static bool is_expensive(const ov__req *r, bool post)
{
    return !strcmp(r->path, "/api/export") || !strcmp(r->path, "/api/typology") || !strcmp(r->path, "/typology") ||
           (post && (!strcmp(r->path, "/api/screen") || !strcmp(r->path, "/screen"))) ||
           !strcmp(r->path, "/api/xref") || (!post && !strcmp(r->path, "/review")); /* cross-referencing */
}

/* Takes a place among the expensive requests, waiting up to 10 s when a
 * waiting place is free; false when there is none. */
static bool expensive_enter(ov__app *app)
{
    pthread_mutex_lock(&app->exp_lock);
    bool ok = app->n_expensive < app->max_expensive;
    if (!ok && app->n_waiting < app->max_waiting) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 10;
        app->n_waiting++;
        while (app->n_expensive >= app->max_expensive)
            if (pthread_cond_timedwait(&app->exp_cv, &app->exp_lock, &until)) break;
        app->n_waiting--;
        ok = app->n_expensive < app->max_expensive;
    }
    if (ok) app->n_expensive++;
    pthread_mutex_unlock(&app->exp_lock);
    return ok;
}

static void expensive_leave(ov__app *app)
{
    pthread_mutex_lock(&app->exp_lock);
    app->n_expensive--;
    pthread_cond_signal(&app->exp_cv);
    pthread_mutex_unlock(&app->exp_lock);
}

/* ---- dispatch ------------------------------------------------------------------ */

static bool is_write(const char *path)
{
    return !strcmp(path, "/api/load") || !strcmp(path, "/api/statements") || !strcmp(path, "/api/statements/retract") ||
           !strcmp(path, "/api/judgements");
}

/* The review form's POST: a write, its token in the form (GET /review is the page). */
static bool is_form_write(const char *path) { return !strcmp(path, "/review"); }

static bool post_allowed(const char *path)
{
    return is_write(path) || is_form_write(path) || !strcmp(path, "/api/match") || !strcmp(path, "/api/screen") ||
           !strcmp(path, "/screen") || ov__yente_post(path);
}

void ov__app_handle(ov__app *app, ov__req *r, ov__resp *resp)
{
    resp->status = 200;
    bool get = !strcmp(r->method, "GET") || !strcmp(r->method, "HEAD");
    bool post = !strcmp(r->method, "POST");
    if (post && !post_allowed(r->path)) {
        snprintf(resp->allow, sizeof resp->allow, "GET, HEAD");
        ov__error(r, resp, 405, "%s accepts GET and HEAD only", r->path);
        return;
    }
    if (!get && !post) {
        snprintf(resp->allow, sizeof resp->allow, post_allowed(r->path) ? "POST" : "GET, HEAD");
        ov__error(r, resp, 405, "method not allowed");
        return;
    }
    if (get && (is_write(r->path) || !strcmp(r->path, "/api/match") || !strcmp(r->path, "/api/screen"))) {
        snprintf(resp->allow, sizeof resp->allow, "POST");
        ov__error(r, resp, 405, "%s accepts POST only", r->path);
        return;
    }
    /* static assets need no store */
    const char *asset = ov__path_after(r->path, "/static/");
    if (asset || !strcmp(r->path, "/api/openapi.json") || !strcmp(r->path, "/robots.txt")) {
        const ov__asset *a = ov__asset_find(asset ? asset : r->path + (r->path[1] == 'a' ? 5 : 1));
        if (!a) {
            ov__error(r, resp, 404, "no such file");
            return;
        }
        resp->content_type = a->type;
        resp->static_body = a->data;
        resp->static_len = a->len;
        resp->cacheable = asset != NULL;
        return;
    }
    if (post && (is_write(r->path) || is_form_write(r->path))) {
        ov__api_write(app, r, resp);
        return;
    }
    bool expensive = is_expensive(r, post);
    if (expensive && !expensive_enter(app)) {
        resp->retry_after = 5;
        ov__error(r, resp, 503, "the server is answering as many exports, screenings and typology pages as it "
                                "allows (%d at once): try again shortly", app->max_expensive);
        return;
    }
    ov__ctx c = {.app = app, .req = r, .resp = resp};
    /* the slot before the lock: a write by another process is caught up
     * with (catch_up) without holding the read side */
    c.slot = slot_take(app);
    if (c.slot) {
        slot_refresh(app, c.slot, entity_ahead(app, r));
        catch_up(app, c.slot);
    }
    pthread_rwlock_rdlock(&app->lock);
    bool cache = c.slot && app->cache && cacheable(r);
    uint64_t gen = 0;
    bool hit = false;
    if (cache) gen = __atomic_load_n(&app->cache_gen, __ATOMIC_SEQ_CST);
    if (!c.slot) ov__error(r, resp, 503, "the store cannot be opened");
    else if (cache && (hit = cache_get(app, r, resp))) {}
    else if (!strncmp(r->path, "/api/", 5) || !strcmp(r->path, "/api")) ov__api(&c);
    else if (!strcmp(r->path, "/reconcile") || !strncmp(r->path, "/reconcile/", 11)) ov__reconcile(&c);
    else if (ov__yente_path(r->path)) ov__yente(&c);
    else ov__web(&c);
    if (cache && !hit) cache_put(app, r, resp, gen);
    if (c.slot) slot_give(app, c.slot);
    pthread_rwlock_unlock(&app->lock);
    if (expensive) expensive_leave(app);
}

/* ---- writes: token, write lock, rebuild ------------------------------------------ */

/* The token of "Authorization: Bearer TOKEN", or NULL. */
static const char *bearer(const char *h)
{
    if (!h || strncasecmp(h, "Bearer ", 7) != 0) return NULL;
    h += 7;
    while (*h == ' ') h++;
    return *h ? h : NULL;
}

/* Checks the token with a read connection. */
static int authorise(ov__app *app, const ov__req *r, char *name, size_t n)
{
    const char *tok = bearer(r->authorization);
    if (!tok && is_form_write(r->path)) tok = ov__review_token(r);
    if (!tok) return OV_EINVAL;
    pthread_rwlock_rdlock(&app->lock);
    ov__slot *s = slot_take(app);
    int rc = s ? ov_token_check(s->st, tok, name, n) : OV_EIO;
    if (s) slot_give(app, s);
    pthread_rwlock_unlock(&app->lock);
    if (rc && rc != OV_EIO) ov__token_failed(app, r->peer);
    return rc;
}

int ov__api_do_write(ov__app *app, ov_store *w, ov__req *r, ov__resp *resp, const char *who);

void ov__api_write(ov__app *app, ov__req *r, ov__resp *resp)
{
    char who[208];
    double wait;
    if ((r->authorization || is_form_write(r->path)) && !ov__token_gate(app, r->peer, &wait)) {
        resp->retry_after = (int)wait + 1;
        ov__error(r, resp, 429, "too many failed API tokens from this address: try again in %d s", resp->retry_after);
        return;
    }
    int rc = authorise(app, r, who, sizeof who);
    if (rc) {
        resp->status = 401;
        ov__error(r, resp, 401, "%s",
                  rc != OV_EINVAL ? "the API token is not valid"
                  : is_form_write(r->path) ? "writes need an API token: give it in the form's token field (oversight "
                                             "token create)"
                                           : "writes need an API token: Authorization: Bearer TOKEN (oversight token "
                                             "create)");
        return;
    }
    /* The server's writes, one at a time on its read-write connection, run
     * beside the requests (WAL: they read the last commit meanwhile), so a
     * write that waits for another process's load (the busy timeout) blocks
     * no reader. The graph and the rest are built after the commit, also
     * beside the requests, and installed under the write side, before the
     * answer: the writer's next request sees its write in the analyses. */
    pthread_mutex_lock(&app->write_mu);
    __atomic_store_n(&app->writing, 1, __ATOMIC_SEQ_CST);
    if (!app->writer) {
        rc = ov_store_open(&app->writer, app->db_path, 0, app->m);
        if (rc) {
            ov__error(r, resp, 503, "the store cannot be opened for writing: %s", ov_store_errmsg(app->writer));
            ov_store_close(app->writer);
            app->writer = NULL;
            __atomic_store_n(&app->writing, 0, __ATOMIC_SEQ_CST);
            pthread_mutex_unlock(&app->write_mu);
            return;
        }
    }
    rc = ov__api_do_write(app, app->writer, r, resp, who);
    if (!rc) {
        char err[512];
        derived d;
        if (derive(app, app->writer, &d, err, sizeof err)) app_log(app, "after a write", err);
        else {
            pthread_rwlock_wrlock(&app->lock);
            if (d.store_gen >= app->store_gen) install(app, &d);
            pthread_rwlock_unlock(&app->lock);
            derived_free(&d);
        }
        app_log(app, "write by token", who);
    }
    __atomic_store_n(&app->writing, 0, __ATOMIC_SEQ_CST);
    pthread_mutex_unlock(&app->write_mu);
}
