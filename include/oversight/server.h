/*
 * server.h - the Oversight server: a JSON API and a server-rendered web
 * interface over one store (docs/internals/server.md).
 *
 * Secure by default: it listens on loopback unless told otherwise, reads the
 * store read-only, and anything that writes (a load, a statement added or
 * retracted) needs an API token made by ov_token_create; the store keeps only
 * the token's SHA-256, and tokens are compared in constant time. Connections,
 * request bodies and idle time are capped.
 *
 * The server runs in its own threads (libmicrohttpd's thread pool, one store
 * connection per worker); ov_server_start returns once it is listening, and
 * ov_server_stop finishes the requests in flight and closes everything.
 */
#ifndef OVERSIGHT_SERVER_H
#define OVERSIGHT_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "model.h"
#include "oversight.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ov_server ov_server;

typedef struct ov_server_opts {
    const char *db_path;        /* the store (must exist) */
    const char *listen;         /* "HOST:PORT", "[V6]:PORT" or ":PORT"; NULL = 127.0.0.1:8080; port 0 = any free */
    bool allow_remote;          /* listening on a non-loopback address needs this */
    int threads;                /* worker threads; 0 = the number of CPUs (at least 2) */
    int max_connections;        /* 0 = 4096 */
    int per_ip_connections;     /* connections per client address; 0 = an eighth of max_connections
                                   (at least 16) */
    int timeout_seconds;        /* an idle connection is closed after this; 0 = 30 */
    int header_timeout_seconds; /* a request's headers must arrive within this from the connection's
                                   start or its previous response, however they trickle in; 0 = 15 */
    int body_timeout_seconds;   /* and its body within this from the end of the headers; 0 = 60 */
    int max_expensive;          /* exports, screenings and typology pages answered at once; 0 = half
                                   the threads, at least 1 (others wait briefly, then 503) */
    size_t max_body;            /* bytes of a request body; 0 = 8 MiB */
    int max_graph_nodes;        /* nodes in a picture; 0 = 150 */
    FILE *log;                  /* events (start, stop, failures), or NULL */
    bool log_requests;          /* and one line per request */
    const char *cors;           /* origins that may read the API from a browser: "*" (any), or
                                   "https://a.example,https://b.example"; NULL or "" = none (CORS off) */
} ov_server_opts;

/* Opens the store, builds the ownership graph and the rules, and starts
 * listening. The model is borrowed and must outlive the server. On failure
 * returns a code with the reason in err and *out NULL. */
OV_API int ov_server_start(ov_server **out /* OUT */, const ov_model *m, const ov_server_opts *opts, char *err,
                           size_t errlen);
/* The port the server listens on (useful with port 0). */
OV_API int ov_server_port(const ov_server *s);
/* "http://127.0.0.1:8080/" for the address it listens on. */
OV_API const char *ov_server_url(const ov_server *s);
/* Stops accepting, waits for the requests in flight, frees everything. NULL is a no-op. */
OV_API void ov_server_stop(ov_server *s);

/* ---- API tokens ----------------------------------------------------------- */

#define OV_TOKEN_LEN 48 /* "ovt_" + 43 characters of base64url (32 random bytes) + NUL fits in 49 */

/* Makes a new write token named name, stores its SHA-256 in the store (which
 * must be open read-write) and writes the token itself, shown only this once,
 * into token[n] (n >= 64). */
OV_API int ov_token_create(ov_store *st, const char *name, char *token /* OUT */, size_t n);
/* Revokes the token(s) named name; OV_ENOTFOUND when none. */
OV_API int ov_token_revoke(ov_store *st, const char *name);
/* Calls cb for every token: its name, creation time and whether revoked. */
typedef int (*ov_token_cb)(const char *name, const char *created, bool revoked, void *ud);
OV_API int ov_token_list(ov_store *st, ov_token_cb cb, void *ud);
/* OV_OK when token is a current token of the store (constant-time comparison
 * of hashes), OV_ENOTFOUND otherwise; *name (may be NULL) receives its name. */
OV_API int ov_token_check(ov_store *st, const char *token, char *name /* OUT */, size_t n);

#ifdef __cplusplus
}
#endif
#endif
