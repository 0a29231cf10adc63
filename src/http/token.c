/*
 * token.c - API tokens for writes. A token is "ovt_" and 43 characters of
 * base64url (32 bytes from getrandom); the store keeps only its SHA-256
 * (ov__store_token_add and the rest, store_internal.h: whichever backend), so a
 * copy of the store gives no write access. A presented token is hashed and
 * compared with every current hash in constant time (nettle's memeql_sec),
 * without stopping at the first match.
 */
#include <errno.h>
#include <nettle/memops.h>
#include <nettle/sha2.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include "http_internal.h"
#include "../store/store_internal.h"
#include "../util/banned.h"

static void b64url(const unsigned char *in, size_t n, char *out)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t k = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        acc = (acc << 8) | in[i];
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out[k++] = tab[(acc >> bits) & 63];
        }
    }
    if (bits) out[k++] = tab[(acc << (6 - bits)) & 63];
    out[k] = '\0';
}

static void sha256(const char *s, uint8_t out[SHA256_DIGEST_SIZE])
{
    struct sha256_ctx h;
    sha256_init(&h);
    sha256_update(&h, strlen(s), (const uint8_t *)s);
    sha256_digest(&h, SHA256_DIGEST_SIZE, out);
}

int ov_token_create(ov_store *st, const char *name, char *token, size_t n)
{
    if (!name || !*name || strlen(name) > 200 || n < 64) return ov__store_fail(st, OV_EINVAL, "a token needs a name (at most 200 bytes)");
    unsigned char rnd[32];
    size_t got = 0;
    while (got < sizeof rnd) {
        ssize_t r = getrandom(rnd + got, sizeof rnd - got, 0);
        if (r < 0) {
            if (errno == EINTR) continue;
            return ov__store_fail(st, OV_EIO, "no randomness for a token");
        }
        got += (size_t)r;
    }
    char body[48];
    b64url(rnd, sizeof rnd, body);
    snprintf(token, n, "ovt_%s", body);
    uint8_t hash[SHA256_DIGEST_SIZE];
    sha256(token, hash);
    char at[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
    int rc = ov__store_token_add(st, name, hash, sizeof hash, at);
    memset(rnd, 0, sizeof rnd);
    if (rc) token[0] = '\0';
    return rc;
}

int ov_token_revoke(ov_store *st, const char *name) { return ov__store_token_revoke(st, name); }

int ov_token_list(ov_store *st, ov_token_cb cb, void *ud) { return ov__store_token_list(st, cb, ud); }

/* Compares every current hash with the presented one, all of them, in constant time. */
typedef struct token_match {
    const uint8_t *want;
    char *name;
    size_t n;
    int found;
} token_match;

static void match_cb(const char *name, const uint8_t *hash, size_t hn, void *ud)
{
    token_match *m = ud;
    if (hn != SHA256_DIGEST_SIZE) return;
    int eq = memeql_sec(hash, m->want, SHA256_DIGEST_SIZE);
    if (eq && !m->found && m->name && m->n) snprintf(m->name, m->n, "%s", name);
    m->found |= eq;
}

int ov_token_check(ov_store *st, const char *token, char *name, size_t n)
{
    if (name && n) name[0] = '\0';
    if (!token || strlen(token) > 256) return OV_ENOTFOUND;
    uint8_t want[SHA256_DIGEST_SIZE];
    sha256(token, want);
    token_match m = {want, name, n, 0};
    ov__store_token_hashes(st, match_cb, &m);
    return m.found ? OV_OK : OV_ENOTFOUND;
}

/* ---- failed attempts: rate limit and log (http_internal.h) ----------------- */

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void refill(double *tokens, double *at, double now, double rate, double burst)
{
    *tokens += (now - *at) * rate;
    if (*tokens > burst) *tokens = burst;
    *at = now;
}

/* The address's bucket (made when missing, replacing a full one when the
 * probed slots are taken), under guess_lock; NULL without a table. */
static ov__guess *guess_of(ov__app *app, const char *peer, double now)
{
    if (!app->guesses) return NULL;
    uint64_t h = 1469598103934665603ULL;
    for (const char *p = peer; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    ov__guess *best = NULL;
    for (int i = 0; i < 8; i++) {
        ov__guess *g = &app->guesses[(h + (uint64_t)i) % OV__GUESS_SLOTS];
        if (!strcmp(g->peer, peer)) return g;
        if (!g->peer[0]) {
            if (!best || best->peer[0]) best = g;
            continue;
        }
        refill(&g->tokens, &g->at, now, OV__GUESS_RATE, OV__GUESS_BURST);
        if (!best || (best->peer[0] && g->tokens > best->tokens)) best = g;
    }
    /* every probed slot holds an address: reuse the most rested one */
    memset(best, 0, sizeof *best);
    snprintf(best->peer, sizeof best->peer, "%s", peer);
    best->tokens = OV__GUESS_BURST;
    best->at = now;
    return best;
}

bool ov__token_gate(ov__app *app, const char *peer, double *retry_after)
{
    *retry_after = 0;
    if (!peer) peer = "?";
    double now = mono_now();
    pthread_mutex_lock(&app->guess_lock);
    if (app->guess_global_at == 0) {
        app->guess_global = OV__GUESS_GLOBAL_BURST;
        app->guess_global_at = now;
    }
    refill(&app->guess_global, &app->guess_global_at, now, OV__GUESS_GLOBAL_RATE, OV__GUESS_GLOBAL_BURST);
    ov__guess *g = guess_of(app, peer, now);
    if (g) refill(&g->tokens, &g->at, now, OV__GUESS_RATE, OV__GUESS_BURST);
    bool ok = app->guess_global >= 1.0 && (!g || g->tokens >= 1.0);
    if (!ok) {
        double need = g && g->tokens < 1.0 ? (1.0 - g->tokens) / OV__GUESS_RATE : 0;
        double gneed = app->guess_global < 1.0 ? (1.0 - app->guess_global) / OV__GUESS_GLOBAL_RATE : 0;
        *retry_after = need > gneed ? need : gneed;
    }
    pthread_mutex_unlock(&app->guess_lock);
    return ok;
}

void ov__token_failed(ov__app *app, const char *peer)
{
    if (!peer) peer = "?";
    double now = mono_now();
    bool log = true;
    uint64_t n = 0;
    pthread_mutex_lock(&app->guess_lock);
    app->guess_global -= 1.0;
    ov__guess *g = guess_of(app, peer, now);
    if (g) {
        g->tokens -= 1.0;
        n = ++g->failures;
        /* every failure while the bucket lasts, then a line a second */
        log = g->tokens >= 1.0 || now - g->logged_at >= 1.0;
        if (log) g->logged_at = now;
    }
    pthread_mutex_unlock(&app->guess_lock);
    if (log && app->log) {
        fprintf(app->log, "oversight serve: rejected an API token from %s (%llu failed from there)\n", peer,
                (unsigned long long)n);
        fflush(app->log);
    }
}
