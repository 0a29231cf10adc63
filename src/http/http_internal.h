/* http_internal.h - what the server's files share (docs/internals/server.md).
 *
 * server.c is the only file that knows libmicrohttpd: it turns a connection's
 * request into an ov__req and sends the ov__resp the handlers fill. route.c
 * parses request targets, query strings and upload bodies (pure functions,
 * fuzzed by fuzz/fuzz_http.c); esc.c escapes for HTML, JSON and URLs;
 * api.c answers the API paths, web.c the pages, screen.c matching and screening,
 * all through respond.c's shared responses; app.c holds the shared state (store
 * pool, graph, rules) and dispatches. */
#ifndef OV_HTTP_INTERNAL_H
#define OV_HTTP_INTERNAL_H
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "oversight/graph.h"
#include "oversight/law.h"
#include "oversight/screen.h"
#include "oversight/server.h"
#include "oversight/store.h"

#define OV__SCREEN_RULES 4 /* control rules the screening offers, at most */
#include "oversight/typology.h"
#include "../util/arena.h"
#include "../util/buf.h"

#define OV__MAX_PARAMS 32          /* query or form parameters per request */
#define OV__MAX_TARGET 8192        /* bytes of a request target */
#define OV__MAX_RESPONSE ((size_t)256 << 20) /* bytes of a generated response */

/* ---- requests and responses (route.c) ----------------------------------- */

typedef struct ov__param {
    char *name, *value; /* decoded, valid UTF-8 without NUL; arena-owned */
} ov__param;

typedef struct ov__req {
    const char *method;         /* "GET", "HEAD", "POST", ... (borrowed) */
    char *path;                 /* percent-decoded path, valid UTF-8, no NUL; arena-owned */
    ov__param params[OV__MAX_PARAMS];
    int n_params;
    const char *body;           /* request body (borrowed), or NULL */
    size_t body_len;
    const char *content_type;   /* header values (borrowed) or NULL */
    const char *authorization;
    const char *peer;           /* the client's address, for logs (borrowed), or NULL */
    const char *host;           /* the Host header (borrowed), or NULL: for absolute URLs */
    ov_arena *arena;            /* request-scoped memory */
} ov__req;

typedef struct ov__resp {
    int status;
    const char *content_type;   /* static string */
    ov_buf body;                /* generated body (capped at OV__MAX_RESPONSE) */
    const unsigned char *static_body; /* or a static body (assets) */
    size_t static_len;
    FILE *file;                 /* or a file to send (export), owned */
    char disposition[160];      /* Content-Disposition, or "" */
    char allow[32];             /* Allow header for 405, or "" */
    bool cacheable;             /* static asset: may be cached */
    int retry_after;            /* seconds for a Retry-After header (429, 503), or 0 */
    bool frameable;             /* may be shown in another site's frame (reconciliation previews) */
} ov__resp;

/* Decodes %XX escapes of s[0..n) into a NUL-terminated arena copy; '+' means
 * a space when plus_space. NULL when an escape is malformed, the result has a
 * NUL byte or is not UTF-8, or memory runs out. */
char *ov__pct_decode(ov_arena *a, const char *s, size_t n, bool plus_space);
/* Splits a request target ("/path?query") into r->path and r->params.
 * OV_EINVAL for a target that is too long, not absolute, badly escaped, or has
 * too many parameters; OV_ENOMEM. */
int ov__req_parse_target(ov__req *r, const char *target);
/* Adds the parameters of an application/x-www-form-urlencoded text. */
int ov__req_parse_form(ov__req *r, const char *s, size_t n);
/* The first value of a parameter, or NULL. */
const char *ov__req_param(const ov__req *r, const char *name);
/* When path starts with prefix and a non-empty rest follows, the rest. */
const char *ov__path_after(const char *path, const char *prefix);

/* The first file part of a multipart/form-data body: its bytes (borrowed from
 * body) and file name (arena copy, may be ""). OV_EINVAL when the content type
 * has no boundary or the body has no complete file part. */
int ov__multipart_file(ov_arena *a, const char *content_type, const char *body, size_t len,
                       const char **data /* OUT */, size_t *data_len /* OUT */, char **filename /* OUT */);
/* The part named name (Content-Disposition name=), or with name NULL the
 * first file part, as ov__multipart_file; filename may be NULL. */
int ov__multipart_part(ov_arena *a, const char *content_type, const char *body, size_t len, const char *name,
                       const char **data /* OUT */, size_t *data_len /* OUT */, char **filename /* OUT */);

/* ---- escaping (esc.c) ----------------------------------------------------- */

/* Appends s with & < > " ' as entities: safe in element text and in quoted attributes. */
int ov__html(ov_buf *b, const char *s);
/* Appends s as a JSON string literal, quotes included; < > & and U+2028/9 as \u escapes. */
int ov__json(ov_buf *b, const char *s);
/* Appends s percent-encoded (everything but A-Z a-z 0-9 - . _ ~), for URL paths and queries. */
int ov__url(ov_buf *b, const char *s);

/* ---- shared state (app.c) ------------------------------------------------ */

/* One worker's store connection and what is built on it. */
typedef struct ov__slot {
    ov_store *st;               /* read-only connection */
    ov_law *law;                /* legal exposure context on st and the current graph */
    uint64_t law_gen;           /* the graph generation law was made for */
    int64_t dv;                 /* the last ov__store_data_version seen; changes when anyone commits */
    bool dv_seen;
    int64_t store_gen;          /* the store's generation, read again when dv changes */
    struct ov_resolver *resolver; /* the judgements as of dv (ov__ctx_resolver), NULL until asked; dropped
                                   * when dv changes */
    struct ov__slot *next;      /* free list */
} ov__slot;

typedef struct ov__app {
    const ov_model *m;
    char *db_path;
    ov_server_opts opts;
    pthread_rwlock_t lock;      /* readers: requests; writer: loads and graph rebuilds */
    pthread_mutex_t pool_lock;
    ov__slot *free_slots;       /* idle slots */
    ov__slot **all_slots;       /* every slot, for rebuilds and shutdown */
    size_t n_slots, cap_slots;
    ov_store *writer;           /* read-write connection, opened on the first authorised write; used
                                   under write_mu only */
    pthread_mutex_t write_mu;   /* one write through the server at a time */
    int writing;                /* atomic: a write is under way (it rebuilds; catch_up need not) */
    ov_graph *g;                /* immutable between writes */
    uint64_t gen;
    int64_t store_gen;          /* atomic: the store generation g, typ, matcher were built from */
    int rebuilding;             /* atomic: a request is rebuilding after another process's write */
    int64_t rebuild_retry_at;   /* atomic: after a failed rebuild, not before (monotonic seconds) */
    ov_rules *rules;
    ov_typology *typ;           /* typology of every organisation of g */
    size_t n_typ;
    FILE *log;
    struct ov_matcher *matcher; /* names of the record, for match and screen (NULL if unavailable) */
    struct ov_screener *screeners[OV__SCREEN_RULES]; /* list entries and brands on g, for screen, one per
                                     control rule (ov_control_rule_at order; NULL if unavailable);
                                     read-only between rebuilds */
    pthread_mutex_t match_lock; /* a matcher answers one query at a time */
    struct ov__cache_ent *cache; /* responses of cacheable GETs, by path (app.c) */
    struct ov__xref_memo *xref_memo; /* the last candidate list (resolve_api.c), made on first use */
    uint64_t cache_gen;         /* atomic: bumped whenever a slot sees the store change */
    size_t cache_bytes;         /* atomic: bytes held by the cache */
    /* expensive requests (exports, screenings, typology pages): at most
     * max_expensive at once, at most max_waiting more waiting (a waiting
     * request holds a worker thread), up to 10 s; beyond that 503 */
    pthread_mutex_t exp_lock;
    pthread_cond_t exp_cv;
    int max_expensive, max_waiting, n_expensive, n_waiting;
    /* failed token attempts, per client address (token.c: ov__token_gate) */
    pthread_mutex_t guess_lock;
    struct ov__guess *guesses;  /* OV__GUESS_SLOTS buckets */
    double guess_global;        /* the bucket shared by every address */
    double guess_global_at;
} ov__app;

/* Sets the cap on expensive requests (server.c, before the first request):
 * max at once, for a pool of threads workers. */
void ov__app_set_expensive(ov__app *app, int max, int threads);

/* Failed token attempts: each client address has a bucket of
 * OV__GUESS_BURST attempts refilled at OV__GUESS_RATE a second, and all
 * addresses share one of OV__GUESS_GLOBAL_BURST at OV__GUESS_GLOBAL_RATE.
 * ov__token_gate answers false (then 429, without checking the token) when
 * the address's bucket or the shared one is empty; ov__token_failed takes an
 * attempt from both and logs the address (at most one line a second per
 * address once its bucket is empty). */
#define OV__GUESS_SLOTS 1024
#define OV__GUESS_BURST 10.0
#define OV__GUESS_RATE 1.0
#define OV__GUESS_GLOBAL_BURST 100.0
#define OV__GUESS_GLOBAL_RATE 20.0
typedef struct ov__guess {
    char peer[64];              /* "" = free */
    double tokens, at;          /* the bucket and when it was last filled (monotonic s) */
    double logged_at;
    uint64_t failures;
} ov__guess;
bool ov__token_gate(ov__app *app, const char *peer, double *retry_after /* OUT */);
void ov__token_failed(ov__app *app, const char *peer);

int ov__app_init(ov__app *app, const ov_model *m, const ov_server_opts *opts, char *err, size_t errlen);
void ov__app_release(ov__app *app);
/* Answers one request (any thread). */
void ov__app_handle(ov__app *app, ov__req *r, ov__resp *resp);

/* A read context: the read lock and a slot, for one request. */
typedef struct ov__ctx {
    ov__app *app;
    ov__slot *slot;
    ov__req *req;
    ov__resp *resp;
} ov__ctx;
/* The slot's law context for the current graph (made on first use). */
ov_law *ov__ctx_law(ov__ctx *c);
/* The judgements as the request's connection sees them (ov_resolver_load on
 * first use, kept on the slot until its data version changes: a GET would
 * otherwise read every Judgement entity); borrowed. NULL when they cannot
 * be read (the store's message says why). */
const struct ov_resolver *ov__ctx_resolver(ov__ctx *c);
/* ov_match_query.party over a resolver (ud; NULL: each entity its own party):
 * two referents of one judged party are one party to the matcher. */
const char *ov__party_of(const void *ud, const char *id);

/* ---- shared responses (respond.c) ------------------------------------------ */

/* Fills resp with an error: JSON for /api/ paths, a page otherwise. */
void ov__error(const ov__req *r, ov__resp *resp, int status, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The HTTP status for a library result code. */
int ov__status_for(int rc);
struct ov_answer;
/* Answers with an explained answer's JSON (consumes a, which may be NULL when rc is
 * not OV_OK; an error response for rc). */
void ov__respond_answer(ov__req *r, ov__resp *resp, struct ov_answer *a, int rc);

/* api.c */
void ov__api(ov__ctx *c);
/* Writes (need a token): load, add and retract a statement. Called without locks held. */
void ov__api_write(ov__app *app, ov__req *r, ov__resp *resp);
/* screen.c: POST /api/match (yente), POST /api/screen and the /screen page */
/* The matcher, and the screeners on g (one per control rule, at most
 * OV__SCREEN_RULES), from one scan of st or the index kept beside it
 * (ov_matcher_open_store). */
int ov__matcher_build(ov__app *app, ov_store *st, const ov_graph *g, struct ov_matcher **out,
                      struct ov_screener **scr /* OUT: OV__SCREEN_RULES */, char *err, size_t errlen);
void ov__api_match(ov__ctx *c);
void ov__screen(ov__ctx *c, bool api);
/* web.c */
void ov__web(ov__ctx *c);
/* resolve_api.c: GET /api/xref, GET /api/judgements/{id}, the /review page and
 * the resolution section of a dossier (appended to c's body) */
void ov__api_xref(ov__ctx *c);
void ov__api_judgements(ov__ctx *c, const char *id);
void ov__review(ov__ctx *c);
void ov__resolution_section(ov__ctx *c, const char *id);
/* POST /api/judgements (JSON) and POST /review (the review form): a judgement
 * by the token's owner who, on the writer w. OV_OK when written. */
int ov__resolve_write(ov__app *app, ov_store *w, ov__req *r, ov__resp *resp, const char *who);
/* The token field of a /review form body (never the URL's), or NULL. */
const char *ov__review_token(const ov__req *r);
/* Frees the remembered candidate list (ov__app_release). */
void ov__xref_memo_free(ov__app *app);
/* respond.c: the frame of every page (header, search box, navigation; footer). */
void ov__page_start(ov_buf *b, const char *title);
void ov__page_end(ov_buf *b);
/* Search results described (web.c): a result's country, lists and snippet as
 * JSON members appended to b; the matcher's "did you mean" as a member. */
void ov__search_result_json(ov__ctx *c, const char *id, const char *query, ov_buf *b);
void ov__did_you_mean_json(ov__ctx *c, const char *query, ov_buf *b);
/* Reads a search's text and filters (q, schema, country, topic, dataset) from the
 * request; an empty one counts as absent. OV_EINVAL when one is longer than
 * 1000 bytes (what makes the error message). */
int ov__search_query_read(ov__req *r, ov_search_query *q);
/* Checks a search's schema and country filters (a country name becomes its code);
 * OV_EINVAL with a message naming the bad value and the closest good one. */
int ov__check_search_filters(ov__ctx *c, ov_search_query *q, char *err, size_t errlen);
/* GET /api/deployments (web.c): the deployments (deploy.h), ?country= (a name or a code), ?supplier=. */
void ov__api_deployments(ov__ctx *c);
/* GET /screen/report/ID.csv|ID.json: a screening report kept for an hour (screen.c). */
void ov__screen_kept(ov__ctx *c, const char *name);
/* ?since= as a change number, or a date read as "after the last change before it" (web.c); 0 when
 * absent, -1 when it is neither. */
int64_t ov__since_param(ov__ctx *c);

/* Embedded assets from data/web (assets.c, generated by data/web/embed.py). */
typedef struct ov__asset {
    const char *name;           /* "style.css" */
    const char *type;           /* content type */
    const unsigned char *data;
    size_t len;
} ov__asset;
const ov__asset *ov__asset_find(const char *name);
/* ---- yente's API and OpenRefine reconciliation (yente_api.c, reconcile.c, envelope.c) ---- */

#define OV__ENVELOPE_DATASETS 32
/* An entity's envelope (envelope.c): first_seen and last_change are the times of
 * the first and last changes of the log that wrote it (or its own FtM envelope's
 * dates when loaded with them), last_seen the later of last_change and its
 * envelope's; datasets those of its current statements, then those of those
 * changes (at most OV__ENVELOPE_DATASETS). "" when unknown. */
typedef struct ov__envelope {
    char first_seen[40], last_seen[40], last_change[40];
    char datasets[OV__ENVELOPE_DATASETS][128];
    size_t n_datasets;
} ov__envelope;
int ov__envelope_of(ov_store *st, const ov_entity *e, ov__envelope *out /* OUT */);

/* True for the paths of yente's API and the reconciliation service: their
 * errors are {"detail": "..."} (respond.c). */
bool ov__yente_path(const char *path);
/* True for those that accept POST (/match/{dataset}, /reconcile/{dataset}). */
bool ov__yente_post(const char *path);
/* yente_api.c: /match/{dataset}, /search/{dataset}, /entities/{id}, /catalog,
 * /algorithms, /healthz, /readyz */
void ov__yente(ov__ctx *c);
/* A yente /match request (JSON) answered within dataset ("default" or NULL: the
 * whole record), results with yente's envelope; as ov_match_yente_params (the
 * response is ov_match_text_free's). */
int ov__yente_run(ov__ctx *c, const char *dataset, const char *req, size_t len, char **out /* OUT */,
                  size_t *out_len /* OUT */, char *err, size_t errlen);
/* True when name is "default" or a dataset of the record; otherwise a 404 in c->resp. */
bool ov__yente_dataset_ok(ov__ctx *c, const char *name);
/* The yente /match request (JSON, *out freed with cJSON_free) for a reconciliation
 * request's queries (JSON text: {key: {"query", "type", "limit", "properties": [{"pid",
 * "v"}]}}). OV_EINVAL with the reason in err (naming the query, its type or property). */
int ov__reconcile_match_request(const ov_model *m, const char *queries, char **out /* OUT */, char *err,
                                size_t errlen);
/* reconcile.c: /reconcile/{dataset}[/preview|/suggest/{entity,type,property}] */
void ov__reconcile(ov__ctx *c);
#endif
