/*
 * token.c - API tokens for writes. A token is "ovt_" and 43 characters of
 * base64url (32 bytes from getrandom); the store keeps only its SHA-256 in the
 * api_token table (made here with CREATE TABLE IF NOT EXISTS), so a copy of the
 * store gives no write access. A presented token is hashed and compared with
 * every current hash in constant time (nettle's memeql_sec), without stopping
 * at the first match. Prepared statements only.
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

static const char *const create_sql =
    "CREATE TABLE IF NOT EXISTS api_token(id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "hash BLOB NOT NULL UNIQUE, created TEXT NOT NULL, revoked TEXT)";

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

static int db_fail(ov_store *st, const char *what) { return ov__store_db_fail(st, what); }

int ov_token_create(ov_store *st, const char *name, char *token, size_t n)
{
    if (!name || !*name || strlen(name) > 200 || n < 64) return ov__store_fail(st, OV_EINVAL, "a token needs a name (at most 200 bytes)");
    sqlite3 *db = ov__store_db(st);
    if (sqlite3_exec(db, create_sql, NULL, NULL, NULL) != SQLITE_OK) return db_fail(st, "creating the token table");
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
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, "INSERT INTO api_token(name, hash, created) VALUES (?,?,?)", -1, &s, NULL) != SQLITE_OK)
        return db_fail(st, "storing the token");
    sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(s, 2, hash, sizeof hash, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, at, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s) == SQLITE_DONE ? OV_OK : db_fail(st, "storing the token");
    sqlite3_finalize(s);
    memset(rnd, 0, sizeof rnd);
    if (rc) token[0] = '\0';
    return rc;
}

int ov_token_revoke(ov_store *st, const char *name)
{
    sqlite3 *db = ov__store_db(st);
    if (sqlite3_exec(db, create_sql, NULL, NULL, NULL) != SQLITE_OK) return db_fail(st, "creating the token table");
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, "UPDATE api_token SET revoked = strftime('%Y-%m-%dT%H:%M:%SZ','now') "
                               "WHERE name = ? AND revoked IS NULL", -1, &s, NULL) != SQLITE_OK)
        return db_fail(st, "revoking the token");
    sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s) == SQLITE_DONE ? OV_OK : db_fail(st, "revoking the token");
    sqlite3_finalize(s);
    if (!rc && sqlite3_changes(db) == 0) rc = ov__store_fail(st, OV_ENOTFOUND, "no current token of that name");
    return rc;
}

int ov_token_list(ov_store *st, ov_token_cb cb, void *ud)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(ov__store_db(st), "SELECT name, created, revoked IS NOT NULL FROM api_token ORDER BY id", -1,
                           &s, NULL) != SQLITE_OK)
        return OV_OK; /* no table: no tokens */
    int rc = OV_OK;
    while (!rc && sqlite3_step(s) == SQLITE_ROW)
        rc = cb((const char *)sqlite3_column_text(s, 0), (const char *)sqlite3_column_text(s, 1),
                sqlite3_column_int(s, 2) != 0, ud) ? OV_ESTOP : OV_OK;
    sqlite3_finalize(s);
    return rc;
}

int ov_token_check(ov_store *st, const char *token, char *name, size_t n)
{
    if (name && n) name[0] = '\0';
    if (!token || strlen(token) > 256) return OV_ENOTFOUND;
    uint8_t want[SHA256_DIGEST_SIZE];
    sha256(token, want);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(ov__store_db(st), "SELECT name, hash FROM api_token WHERE revoked IS NULL", -1, &s, NULL) !=
        SQLITE_OK)
        return OV_ENOTFOUND; /* no table: no tokens */
    int found = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
        const void *h = sqlite3_column_blob(s, 1);
        int hn = sqlite3_column_bytes(s, 1);
        if (!h || hn != SHA256_DIGEST_SIZE) continue;
        int eq = memeql_sec(h, want, SHA256_DIGEST_SIZE);
        if (eq && !found && name && n) snprintf(name, n, "%s", (const char *)sqlite3_column_text(s, 0));
        found |= eq;
    }
    sqlite3_finalize(s);
    return found ? OV_OK : OV_ENOTFOUND;
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
